"""PubTator3's bulk files as a source of the ingest job (``medkg ingest pubtator3``, ``[pubtator3]`` in the
nightly ``sources.toml``): read as a stream, mapped through the vocabulary, written in batches by the one writer.

Facts already extracted (by PubTator3's NER and BioREx) need no NLP stage: a file goes reader → mapper → writer,
under the same ledger (a file is known by its checksum; the same file twice is skipped, a new monthly dump is
read again and MERGEs onto what is there) and the same quarantine (a bad line is set aside with its file and line
number; the rest of the file goes on). Memory does not grow with the file: one batch of lines at a time, the
resolved-id cache is bounded, and each entity is written once per run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.memory import fewer_collections
from graph.models import Relation
from graph.writer import GraphWriter, WriteSummary, batched
from ingest.pipeline.ledger import ExtractorIdentity
from ingest.pipeline.pubtator3_map import (EXTRACTOR, EXTRACTOR_VERSION, MappingCounts, Pubtator3Mapper,
                                           VocabularyLike, unwritten)
from ingest.readers.pubtator3 import ConceptLine, Pubtator3Reader, RelationLine
from ingest.readers.types import Rejected

SOURCE_NAME = "pubtator3"
PATTERNS = ("*2pubtator3.gz", "*2pubtator3", "*2pubtator3.tsv", "*2pubtator3.tsv.gz")
IDENTITY = ExtractorIdentity(EXTRACTOR, EXTRACTOR_VERSION, "other")
BATCH_LINES = 20_000


@dataclass
class FileResult:
    """One file's figures: the mapping counts and what the writer wrote."""

    counts: MappingCounts
    written: WriteSummary = field(default_factory=WriteSummary)
    rejected: int = 0
    write_seconds: float = 0.0  # of the file's time, what the writer took (the rest: read, parse, map)


class Pubtator3Loader:
    """Loads bulk files through ``writer``; entities are written once per loader (one run)."""

    def __init__(self, writer: GraphWriter, vocabulary: VocabularyLike, batch_lines: int = BATCH_LINES) -> None:
        self.writer = writer
        self.vocabulary = vocabulary
        self.batch_lines = batch_lines
        self._written_entities: set[str] = set()

    def load(self, path: Path, on_rejected: Callable[[list[Rejected]], None] = lambda rejected: None,
             on_progress: Callable[[int, int, int], None] = lambda done, total, lines: None) -> FileResult:
        """Read, map and write one file; ``on_rejected`` gets each batch's bad lines, ``on_progress`` the bytes
        read, the file size and the lines read so far."""
        reader = Pubtator3Reader(path)
        mapper = Pubtator3Mapper(self.vocabulary)
        result = FileResult(mapper.counts)
        for batch in fact_batches(reader, mapper, self.batch_lines):
            if batch.rejected:
                result.rejected += len(batch.rejected)
                on_rejected(batch.rejected)
            started = time.perf_counter()
            entities = [mapper.entity(canonical) for canonical in unwritten(batch.entity_ids, self._written_entities)]
            result.written.entities += self.writer.write_entities(entities)
            result.written.add(self.writer.write_relations(batch.relations))
            result.write_seconds += time.perf_counter() - started
            on_progress(reader.position, reader.size, mapper.counts.lines)
        return result


@dataclass(frozen=True)
class FactBatch:
    """One batch of lines as typed facts (what the writer or a bulk import takes: relations, and the canonical ids
    of their ends and of the concepts, ``Pubtator3Mapper.entity`` gives the entity) and the lines set aside."""

    entity_ids: list[str]
    relations: list[Relation]
    rejected: list[Rejected]


def fact_batches(reader: Pubtator3Reader, mapper: Pubtator3Mapper, batch_lines: int = BATCH_LINES
                 ) -> Iterator[FactBatch]:
    """The file's facts, ``batch_lines`` lines at a time; ``mapper.counts`` says what was mapped or skipped.
    Millions of short-lived records: the collector runs less often meanwhile (``core.memory``)."""
    with fewer_collections():
        yield from _fact_batches(reader, mapper, batch_lines)


def _fact_batches(reader: Pubtator3Reader, mapper: Pubtator3Mapper, batch_lines: int) -> Iterator[FactBatch]:
    for batch in batched(reader.records(), batch_lines):
        entity_ids: list[str] = []
        relations: list[Relation] = []
        rejected: list[Rejected] = []
        for record in batch:
            if isinstance(record, ConceptLine):
                entity_ids.extend(mapper.concept_ids(record))
            elif isinstance(record, RelationLine):
                relation = mapper.relation(record)
                if relation is not None:
                    relations.append(relation)
                    entity_ids.extend((relation.head, relation.tail))
            else:
                rejected.append(record)
        yield FactBatch(entity_ids, relations, rejected)
