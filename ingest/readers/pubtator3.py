"""PubTator3's bulk files, read as a stream: one line at a time from the gzip, constant memory.

Two layouts, both headerless and tab-separated (docs/pubtator3.md cites the sources):

* ``bioconcepts2pubtator3.gz`` (and its per-type subsets ``chemical2pubtator3.gz`` …): ``PMID, Type, Concept ID,
  Mentions, Resource``. Several concept ids are joined by ``;`` (``6900;1491938``), except for mutations, whose
  one tmVar id contains ``;``; ``-`` is a mention PubTator3 could not normalise. Mentions and resources are
  joined by ``|``; the mentions column is empty where only a curated resource asserts the concept.
* ``relation2pubtator3.gz``: ``PMID, Type, Role 1, Role 2``, each role ``EntityType|ids``
  (``Chemical|MESH:D009828``, ``Gene|5289``, ``ProteinMutation|RS#:1800562;CorrespondingGene:3077``). Relations
  are BioREx's, per document; the order of the roles is not the direction of the relation.

A line that does not follow its layout becomes a :class:`~ingest.readers.types.Rejected` naming the file and
line; reading goes on with the next line.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, NamedTuple

from ingest.readers.types import Rejected
from vocabulary.pubtator import NO_ID_MARKERS

CONCEPT_COLUMNS = 5
RELATION_COLUMNS = 4
ID_SEPARATOR = ";"
LIST_SEPARATOR = "|"
UNSPLIT_ID_TYPES = frozenset({"Mutation", "DNAMutation", "ProteinMutation", "SNP", "Variant"})
FileKind = Literal["concepts", "relations"]


class ConceptLine(NamedTuple):
    """One line of a concepts file: a concept PubTator3 found in (or a curated resource gives) one article.
    (Lines are named tuples: immutable, and the cheapest record to build, once per line of a billion.)"""

    pmid: str
    type: str
    ids: tuple[str, ...]  # () for "-": recognised, not normalised
    mentions: tuple[str, ...]
    resources: tuple[str, ...]
    line: int


class Role(NamedTuple):
    """One end of a relation line: its PubTator3 entity type and its ids as written (split when asked: most lines
    of the real file are of pairs that are not mapped, whose ids are never needed)."""

    type: str
    text: str

    @property
    def ids(self) -> tuple[str, ...]:
        return concept_ids(self.text, self.type)

    def __str__(self) -> str:
        return f"{self.type}|{self.text}"


class RelationLine(NamedTuple):
    pmid: str
    type: str  # as the file writes it ("treat", "associate", or BioRED's "Positive_Correlation" …)
    first: Role
    second: Role
    line: int


def file_kind(path: Path) -> FileKind:
    """``relations`` for ``relation2pubtator3*``, else ``concepts`` (``bioconcepts2pubtator3``, ``gene2pubtator3``
    …)."""
    return "relations" if Path(path).name.lower().startswith("relation") else "concepts"


def concept_ids(column: str, entity_type: str) -> tuple[str, ...]:
    """The ids of a Concept ID column (or a role): ``;``-split except for mutations; no-id markers dropped."""
    parts = (column,) if entity_type in UNSPLIT_ID_TYPES else column.split(ID_SEPARATOR)
    return tuple(part.strip() for part in parts if part.strip() not in NO_ID_MARKERS)


class Pubtator3Reader:
    """Lines of one bulk file with their numbers; ``position`` is how far into the (compressed) file it is."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._raw: IO[bytes] | None = None

    @property
    def position(self) -> int:
        return self._raw.tell() if self._raw is not None and not self._raw.closed else self.size

    def lines(self) -> Iterator[tuple[int, bytes]]:
        with open(self.path, "rb") as raw:
            self._raw = raw
            handle: IO[bytes] = gzip.GzipFile(fileobj=raw) if _is_gzip(raw) else raw
            for number, line in enumerate(handle, start=1):
                yield number, line

    def records(self) -> Iterator[ConceptLine | RelationLine | Rejected]:
        parse = parse_relation if file_kind(self.path) == "relations" else parse_concept
        try:
            for number, raw in self.lines():
                try:
                    text = raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as error:
                    yield self._rejected(number, f"not UTF-8 text ({error})")
                    continue
                if not text.strip():
                    continue
                parsed = parse(text, number)
                yield parsed if not isinstance(parsed, str) else self._rejected(number, parsed)
        except (OSError, EOFError) as error:  # a truncated or corrupt gzip: the rest of the file is unreadable
            yield Rejected(str(self.path), "rest of file", f"unreadable gzip ({error})")

    def _rejected(self, number: int, reason: str) -> Rejected:
        return Rejected(str(self.path), f"line {number}", reason)


def _is_gzip(raw: IO[bytes]) -> bool:
    magic = raw.read(2)
    raw.seek(0)
    return magic == b"\x1f\x8b"


def parse_concept(text: str, number: int) -> ConceptLine | str:
    """A concepts line, or the reason it is not one."""
    fields = text.split("\t")
    if len(fields) != CONCEPT_COLUMNS:
        return f"expected {CONCEPT_COLUMNS} tab-separated columns (PMID, Type, Concept ID, Mentions, Resource), " \
               f"found {len(fields)}"
    pmid, entity_type, ids, mentions, resources = fields
    if not pmid.isdigit():
        return f"PMID {pmid[:20]!r} is not a number"
    if not entity_type or not ids:
        return "empty Type or Concept ID column"
    return ConceptLine(pmid, entity_type, concept_ids(ids, entity_type), _split_list(mentions),
                       _split_list(resources), number)


def parse_relation(text: str, number: int) -> RelationLine | str:
    """A relations line, or the reason it is not one."""
    fields = text.split("\t")
    if len(fields) != RELATION_COLUMNS:
        return f"expected {RELATION_COLUMNS} tab-separated columns (PMID, Type, Role 1, Role 2), found {len(fields)}"
    pmid, relation_type, first, second = fields
    if not pmid.isdigit():
        return f"PMID {pmid[:20]!r} is not a number"
    if not relation_type:
        return "empty relation type"
    first_role, second_role = parse_role(first), parse_role(second)
    if first_role is None or second_role is None:
        return f"a role is not EntityType|id ({first[:40]!r}, {second[:40]!r})"
    return RelationLine(pmid, relation_type, first_role, second_role, number)


def parse_role(field: str) -> Role | None:
    entity_type, separator, ids = field.partition(LIST_SEPARATOR)
    if not separator or not entity_type or not ids:
        return None
    return Role(entity_type, ids)


def _split_list(column: str) -> tuple[str, ...]:
    return tuple(part for part in column.split(LIST_SEPARATOR) if part)
