"""PubTator text (``PMID|t|title``, ``PMID|a|abstract``, tab-separated mentions and relations), as the annotated
corpora (BC5CDR, BioRED, NCBI Disease) ship it. Gold mentions come along as :class:`Annotation` records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.readers.types import Annotation, ReaderItem, Rejected, Section, SourceDocument

SOURCE = "pubtator"


def read_pubtator(path: Path) -> Iterator[ReaderItem]:
    path = Path(path)
    block: list[tuple[int, str]] = []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                yield Rejected(str(path), f"line {number}", f"not UTF-8 text ({error})")
                continue
            if line.strip():
                block.append((number, line))
            elif block:
                yield _document(path, block)
                block = []
    if block:
        yield _document(path, block)


def _document(path: Path, block: list[tuple[int, str]]) -> ReaderItem:
    first_line = block[0][0]
    title = abstract = None
    annotations: list[Annotation] = []
    pmid = block[0][1].split("|", 1)[0].split("\t", 1)[0]
    for number, line in block:
        if "|t|" in line[:20]:
            title = line.split("|t|", 1)[1]
        elif "|a|" in line[:20]:
            abstract = line.split("|a|", 1)[1]
        else:
            fields = line.split("\t")
            if len(fields) >= 5 and fields[1].isdigit() and fields[2].isdigit():
                ids = tuple(i for i in (fields[5].split("|") if len(fields) > 5 else []) if i and i != "-")
                annotations.append(Annotation(int(fields[1]), int(fields[2]), fields[3], fields[4], ids))
            elif len(fields) < 4:
                return Rejected(str(path), f"PMID {pmid} (line {number})", f"unreadable PubTator line {line[:80]!r}")
    if not pmid.isdigit() or title is None:
        return Rejected(str(path), f"line {first_line}", "PubTator block without a PMID|t| title line")
    sections = [Section(code="title", name="title", text=title)]
    if abstract:
        sections.append(Section(code="abstract", name="abstract", text=abstract))
    return SourceDocument(
        id=f"PMID:{pmid}", kind="publication", source=SOURCE, record=f"PMID {pmid}", sections=tuple(sections),
        title=title, url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", annotations=tuple(annotations),
    )
