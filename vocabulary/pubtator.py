"""The one parser of the PubTator format, as BC5CDR, NCBI-disease and BioRED ship it; the vocabulary, the NLP
corpora and the ingest reader all read through it.

A file is blocks separated by blank lines. A block holds ``PMID|t|title``, ``PMID|a|abstract``, mention lines
``PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids[<TAB>…]]`` and relation lines ``PMID<TAB>type<TAB>id1<TAB>id2
[<TAB>…]`` (BC5CDR's CID lines, BioRED's relations with a novelty column).

The id rule (:func:`concept_ids`), the same for every reader: the ids column is split on ``|`` (BC5CDR's composite
mentions, ``D1|D2``) and ``+`` (NCBI-disease's, ``D1+D2``); each part is stripped, and the markers of "no id",
``-1`` (BC5CDR), ``-`` (BioRED) and the empty string, are dropped. A mention without a concept therefore has
``ids == ()``, however its corpus wrote that, and so has a mention line without an ids column. BioRED's
comma lists (``3172,3651``) stay one id, as the corpus writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vocabulary.readers import ReadReport, open_text

NO_ID_MARKERS = frozenset({"", "-", "-1"})
ID_SEPARATORS = ("|", "+")


def concept_ids(column: str) -> tuple[str, ...]:
    """The concept ids of a mention's ids column under the module's rule: split on ``|`` and ``+``, stripped,
    no-id markers (``-1``, ``-``, empty) dropped."""
    for separator in ID_SEPARATORS[1:]:
        column = column.replace(separator, ID_SEPARATORS[0])
    return tuple(part.strip() for part in column.split(ID_SEPARATORS[0]) if part.strip() not in NO_ID_MARKERS)


@dataclass(frozen=True)
class PubtatorMention:
    document: str
    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...]  # concept_ids of the ids column; () when the mention has no concept
    line: int = 0


@dataclass(frozen=True)
class PubtatorDocument:
    """One block. ``pmid`` comes from the title line (the first line when there is none); ``title`` is ``None``
    without a ``|t|`` line, ``abstract`` without an ``|a|`` line. ``unreadable``: (line number, line) of lines that
    are none of the four kinds."""

    pmid: str
    title: str | None
    abstract: str | None
    mentions: tuple[PubtatorMention, ...]
    relations: tuple[tuple[str, str, str], ...]  # (type, head id, tail id)
    first_line: int
    unreadable: tuple[tuple[int, str], ...] = ()

    def text(self) -> str:
        """Title and abstract joined by one space: the text the mention offsets count in."""
        return f"{self.title or ''} {self.abstract or ''}"


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line without its end) of a UTF-8 text file, gunzipping ``.gz``."""
    with open_text(path) as handle:
        for number, raw in enumerate(handle, start=1):
            yield number, raw.rstrip("\r\n")


def read_pubtator_documents(path: Path) -> Iterator[PubtatorDocument]:
    """Every block of a PubTator file, in file order."""
    return pubtator_documents(numbered_lines(path))


def pubtator_documents(lines: Iterable[tuple[int, str]]) -> Iterator[PubtatorDocument]:
    """Blocks of numbered lines (blank or whitespace-only lines separate them) as documents."""
    block: list[tuple[int, str]] = []
    for number, line in lines:
        if line.strip():
            block.append((number, line))
        elif block:
            yield parse_block(block)
            block = []
    if block:
        yield parse_block(block)


def parse_block(block: list[tuple[int, str]]) -> PubtatorDocument:
    """One block of numbered, non-blank lines."""
    pmid = block[0][1].split("|", 1)[0].split("\t", 1)[0]
    title = abstract = None
    mentions: list[PubtatorMention] = []
    relations: list[tuple[str, str, str]] = []
    unreadable: list[tuple[int, str]] = []
    for number, line in block:
        if "|t|" in line[:20]:
            pmid, title = line.split("|t|", 1)
        elif "|a|" in line[:20]:
            abstract = line.split("|a|", 1)[1]
        else:
            fields = line.split("\t")
            if len(fields) >= 5 and fields[1].isdigit() and fields[2].isdigit():
                ids = concept_ids(fields[5]) if len(fields) > 5 else ()
                mentions.append(PubtatorMention(fields[0], int(fields[1]), int(fields[2]), fields[3], fields[4], ids,
                                                number))
            elif len(fields) >= 4:
                relations.append((fields[1], fields[2], fields[3]))
            else:
                unreadable.append((number, line))
    return PubtatorDocument(pmid, title, abstract, tuple(mentions), tuple(relations), block[0][0],
                            tuple(unreadable))


def read_pubtator_mentions(path: Path, report: ReadReport) -> Iterator[PubtatorMention]:
    """The mentions of a PubTator file, each counted as a row of ``report``; unreadable lines are reported."""
    for document in read_pubtator_documents(path):
        for number, line in document.unreadable:
            report.problem(path, number, "unreadable PubTator line", line[:60])
        for mention in document.mentions:
            report.row(path)
            yield mention
