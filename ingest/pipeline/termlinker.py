"""A small exact-name linker over a terms table, for when the full vocabulary is not wanted (tests, quick
looks at a few files). Same ``link`` signature and result fields as ``vocabulary.Linker``.

Terms file: TSV with a header ``id  label  name  synonyms`` (synonyms ``|``-separated, label a NodeLabel value).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import BadInput
from graph.models import NodeLabel
from ingest.pipeline.dictionary_extractor import ENTITY_TYPE_OF_LABEL, DictionaryExtractor


@dataclass(frozen=True)
class TermEntry:
    id: str
    label: NodeLabel
    name: str
    synonyms: tuple[str, ...] = ()

    def is_kind(self, label: NodeLabel) -> bool:
        """A terms-table entry is of its one label (no second kinds, unlike a vocabulary entry)."""
        return self.label is label


@dataclass(frozen=True)
class TermMatch:
    id: str
    name: str
    label: NodeLabel
    score: float
    method: str = "exact-term"
    runner_up_id: str | None = None
    runner_up_score: float | None = None


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class TermLinker:
    def __init__(self, entries: Iterable[TermEntry]) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self._by_name: dict[str, list[TermEntry]] = {}
        for entry in self.entries.values():
            for name in (entry.name, *entry.synonyms):
                bucket = self._by_name.setdefault(_fold(name), [])
                if entry not in bucket:
                    bucket.append(entry)

    @classmethod
    def from_tsv(cls, path: Path) -> "TermLinker":
        try:
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle, delimiter="\t"))
            return cls(TermEntry(row["id"], NodeLabel(row["label"]), row["name"],
                                 tuple(s for s in (row.get("synonyms") or "").split("|") if s)) for row in rows)
        except (KeyError, ValueError, OSError) as error:
            raise BadInput(f"{path}: not a terms table (id, label, name, synonyms): {error}") from error

    def link(self, mention: str, labels: Collection[NodeLabel] | None = None,
             context: str | None = None) -> TermMatch | None:
        for entry in self._by_name.get(_fold(mention), []):
            if not labels or any(entry.is_kind(label) for label in labels):
                return TermMatch(entry.id, entry.name, entry.label, 1.0)
        return None

    def extractor(self) -> DictionaryExtractor:
        """The fallback dictionary extractor over the same terms."""
        return DictionaryExtractor.from_terms(
            (name, ENTITY_TYPE_OF_LABEL[entry.label.value])
            for entry in self.entries.values() if entry.label.value in ENTITY_TYPE_OF_LABEL
            for name in (entry.name, *entry.synonyms))
