"""The registry of curated sources and the one function that imports a source through the GraphWriter.

``import_source(spec, folder, vocabulary, writer)`` reads the adapter's facts, reports bad input per file with
line numbers, and writes entities, the source's release document and relations with their evidence. It fails
(``BadInput``) only when nothing at all could be read; re-running it changes no counts (every write is a MERGE on
a canonical id or a content-hashed evidence id).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from core.errors import BadInput, MedkgError
from graph.models import Entity, Relation
from core.settings import Settings
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport
from graph.writer import FactWriter, GraphWriter
from ingest.sources.base import SourceSpec
from ingest.sources.clinicaltrials import CLINICALTRIALS
from ingest.sources.drugcentral import DRUGCENTRAL
from ingest.sources.findings import (CMEKG_SYMPTOMS, COLUMBIA_SYMPTOMS, DO_SYMPTOMS, MEDQUAD_SYMPTOMS, ZH_NAMES,
                                     ZH_NAMES_OPT_IN)
from ingest.sources.hetionet import HETIONET, read_hetionet
from ingest.sources.ontologies import DISEASE_ONTOLOGY, MESH
from ingest.sources.pharmacotherapydb import PHARMACOTHERAPYDB
from ingest.sources.sider import SIDER

# Import order matters only for speed and readability: hierarchies first, then the sources that link them.
SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (MESH, DISEASE_ONTOLOGY, DRUGCENTRAL, HETIONET, PHARMACOTHERAPYDB, CLINICALTRIALS, SIDER,
                 DO_SYMPTOMS, MEDQUAD_SYMPTOMS, COLUMBIA_SYMPTOMS, CMEKG_SYMPTOMS, ZH_NAMES,
                 ZH_NAMES_OPT_IN)
}


class UnknownSource(MedkgError):
    """No curated source has that name."""


@dataclass
class ImportResult:
    source: str
    version: str
    path: str
    entities: int = 0
    relations: int = 0
    evidence: int = 0
    relations_missing_ends: int = 0
    retracted: int = 0  # relations whose evidence of this source the re-import no longer states
    read_seconds: float = 0.0
    write_seconds: float = 0.0
    report: ReadReport | None = None

    @property
    def problems(self) -> int:
        return self.report.problem_count if self.report else 0


def get_source(name: str) -> SourceSpec:
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownSource(f"unknown source {name!r}; choose one of {', '.join(SOURCES)}") from None


def default_folder(spec: SourceSpec, settings: Settings) -> Path:
    return settings.data_dir / spec.folder


def with_noncommercial(spec: SourceSpec) -> SourceSpec:
    """The Hetionet reader that also keeps rows under non-commercial licences; other sources are unchanged."""
    if spec.name != HETIONET.name:
        return spec
    return replace(spec, reader=partial(read_hetionet, include_noncommercial=True))


def read_facts(spec: SourceSpec, folder: Path, vocabulary: Vocabulary) -> tuple[list[Entity], list[Relation],
                                                                                  ReadReport]:
    """All facts of one source, entities de-duplicated by canonical id; raises ``BadInput`` if nothing was read."""
    if not folder.exists():
        raise BadInput(f"{spec.name}: {folder} does not exist")
    report = ReadReport()
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    try:
        for fact in spec.reader(folder, vocabulary, report):
            if isinstance(fact, Relation):
                relations.append(fact)
            else:
                entities.setdefault(fact.id, fact)
    except FileNotFoundError as error:
        report.problem(error.filename or folder, 0, "missing file", str(error))
    if report.rows == 0:
        details = "\n".join(report.summary_lines())
        raise BadInput(f"{spec.name}: nothing could be read from {folder}\n{details}")
    return list(entities.values()), relations, report


def import_source(spec: SourceSpec, folder: Path, vocabulary: Vocabulary, writer: FactWriter) -> ImportResult:
    """Read one source and write it: release document, entities, then relations with evidence (through the
    transactional ``GraphWriter``, or the bulk import's ``graph.bulk.BulkGraph``); then the source's evidence is
    what this import states: a re-import (a new release, or reading rules since fixed) retracts what it no longer
    states."""
    started = time.perf_counter()
    entities, relations, report = read_facts(spec, folder, vocabulary)
    result = ImportResult(spec.name, spec.version, str(folder), report=report)
    result.read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    writer.write_documents([spec.release_document()])
    result.entities = writer.write_entities(entities)
    summary = writer.write_relations(relations)
    stated = {evidence.key(relation.key) for relation in relations for evidence in relation.evidence}
    result.retracted = writer.replace_source_evidence(spec.name, stated, spec.release_id)
    result.write_seconds = time.perf_counter() - started
    result.relations, result.evidence = summary.relations, summary.evidence
    result.relations_missing_ends = summary.relations_missing_ends
    return result


def import_defaults(
    settings: Settings, vocabulary: Vocabulary, writer: GraphWriter, include_noncommercial: bool = False,
) -> list[ImportResult]:
    """Every source marked default (plus the non-commercial ones when asked), from ``settings.data_dir``."""
    results = []
    for spec in SOURCES.values():
        if spec.default or include_noncommercial:
            chosen = with_noncommercial(spec) if include_noncommercial else spec
            results.append(import_source(chosen, default_folder(spec, settings), vocabulary, writer))
    return results
