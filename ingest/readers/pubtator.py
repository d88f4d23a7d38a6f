"""PubTator text (``PMID|t|title``, ``PMID|a|abstract``, tab-separated mentions and relations), as the annotated
corpora (BC5CDR, BioRED, NCBI Disease) ship it, parsed by ``vocabulary.pubtator`` (its id rule: no-id markers
``-1``/``-``/empty give no id). Gold mentions come along as :class:`GoldAnnotation` records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.readers.types import GoldAnnotation, ReaderItem, Rejected, Section, SourceDocument
from vocabulary.pubtator import PubtatorDocument, pubtator_documents

SOURCE = "pubtator"


def read_pubtator(path: Path) -> Iterator[ReaderItem]:
    path = Path(path)
    undecodable: list[Rejected] = []

    def lines() -> Iterator[tuple[int, str]]:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as error:
                    undecodable.append(Rejected(str(path), f"line {number}", f"not UTF-8 text ({error})"))

    for block in pubtator_documents(lines()):
        yield from undecodable
        undecodable.clear()
        yield _document(path, block)
    yield from undecodable


def _document(path: Path, block: PubtatorDocument) -> ReaderItem:
    pmid = block.pmid
    if block.unreadable:
        number, line = block.unreadable[0]
        return Rejected(str(path), f"PMID {pmid} (line {number})", f"unreadable PubTator line {line[:80]!r}")
    if not pmid.isdigit() or block.title is None:
        return Rejected(str(path), f"line {block.first_line}", "PubTator block without a PMID|t| title line")
    sections = [Section(code="title", name="title", text=block.title)]
    if block.abstract:
        sections.append(Section(code="abstract", name="abstract", text=block.abstract))
    annotations = tuple(GoldAnnotation(m.start, m.end, m.text, m.type, m.ids) for m in block.mentions)
    return SourceDocument(
        id=f"PMID:{pmid}", kind="publication", source=SOURCE, record=f"PMID {pmid}", sections=tuple(sections),
        title=block.title, url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", annotations=annotations,
    )
