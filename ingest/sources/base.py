"""What every curated source adapter shares: its description, its release document, evidence, id lookups.

Adapters are plain generators (BioCypher style): ``read(folder, vocabulary, report)`` yields
``graph.models.Entity`` and ``Relation`` objects and knows nothing of Neo4j. Ids from the files are turned into
canonical ids through the vocabulary (``vocabulary.entity``), so the same disease from DO, MeSH and Hetionet is
written as one node; an id the vocabulary does not know keeps its own id and is counted in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport

Fact = Entity | Relation
Reader = Callable[[Path, Vocabulary, ReadReport], Iterator[Fact]]


@dataclass(frozen=True)
class SourceSpec:
    """One curated source: who made it, under which licence, where its files are, how to read them."""

    name: str
    title: str
    version: str
    license: str
    url: str
    folder: str  # default folder under Settings.data_dir
    reader: Reader
    default: bool = True  # part of the default demo import (False for non-commercial licences)
    notes: str = ""
    options: dict[str, bool] = field(default_factory=dict)

    @property
    def release_id(self) -> str:
        return f"{self.name}@{self.version}"

    def release_document(self) -> Document:
        return Document(
            id=self.release_id, label=DocumentLabel.SOURCE_RELEASE, title=self.title, source=self.name,
            version=self.version, url=self.url,
            properties={"license": self.license, "default_import": self.default},
        )

    def evidence(self, text: str, confidence: float = 1.0, url: str | None = None) -> Evidence:
        """A record of this curated source (every adapter's evidence, so every one is a curated record)."""
        return Evidence(source=self.name, source_version=self.version, document_id=self.release_id, text=text,
                        confidence=confidence, url=url or self.url, kind=EvidenceKind.CURATED_RECORD)


class SourceIdResolver:
    """Source ids → graph entities through the vocabulary, remembering what it did not know."""

    def __init__(self, vocabulary: Vocabulary, source: str, report: ReadReport) -> None:
        self.vocabulary = vocabulary
        self.source = source
        self.report = report

    def entity(
        self, source_id: str, label: NodeLabel, name: str, path: Path | None = None, line: int = 0,
    ) -> Entity:
        """The canonical entity for ``source_id``; unknown to the vocabulary → an entity under its own id."""
        found = self.vocabulary.entity(source_id, self.source, label)
        if found is None and source_id in self.vocabulary.entries:  # the id is an entry of another kind
            found = self.vocabulary.entity(source_id, self.source)
        if found is not None:
            return found
        if path is not None:
            self.report.problem(path, line, "id not in vocabulary (kept as is)", source_id)
        return Entity(id=source_id, label=label, name=name or source_id, sources=(self.source,))

    def relation(self, rel_type: RelType, head: Entity, tail: Entity, evidence: Evidence) -> Relation | None:
        """A relation between two resolved entities; ``None`` for a self-loop made by merged identities."""
        if head.id == tail.id:
            return None
        return Relation(type=rel_type, head=head.id, tail=tail.id, evidence=(evidence,))
