"""BioC XML collections (``collection/document/passage`` with annotations), hardened like every XML reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from core.errors import BadInput
from ingest.readers.safexml import iter_records
from ingest.readers.types import GoldAnnotation, ReaderItem, Rejected, Section, SourceDocument

SOURCE = "bioc"


def read_bioc(path: Path) -> Iterator[ReaderItem]:
    path = Path(path)
    last = "start of file"
    try:
        for element in iter_records(path, {"document"}):
            item = _document(path, element)
            last = item.record
            yield item
    except BadInput as error:
        yield Rejected(str(path), f"after {last}", str(error))


def _infons(element: etree._Element) -> dict[str, str]:
    return {i.get("key", ""): (i.text or "") for i in element.findall("infon")}


def _document(path: Path, element: etree._Element) -> ReaderItem:
    doc_id = (element.findtext("id") or "").strip()
    if not doc_id:
        return Rejected(str(path), "document without <id>", "BioC document has no id")
    sections, annotations = [], []
    position = 0
    for passage in element.findall("passage"):
        kind = _infons(passage).get("type", "passage")
        text = passage.findtext("text") or ""
        offset = int(passage.findtext("offset") or position)
        shift = sum(len(s.text) + 2 for s in sections) - offset  # offsets into our "\n\n"-joined text
        if text:
            sections.append(Section(code=kind, name=kind, text=text))
        for annotation in passage.findall("annotation"):
            location = annotation.find("location")
            if location is None:
                continue
            start = int(location.get("offset", "0")) + shift
            infons = _infons(annotation)
            ids = tuple(v for k, v in infons.items() if k not in {"type"} and v and v != "-")
            annotations.append(GoldAnnotation(start, start + int(location.get("length", "0")),
                                              annotation.findtext("text") or "", infons.get("type", ""), ids))
        position = offset + len(text) + 1
    if not sections:
        return Rejected(str(path), f"document {doc_id}", "BioC document without passage text")
    document_id = f"PMID:{doc_id}" if doc_id.isdigit() else f"BIOC:{doc_id}"
    return SourceDocument(id=document_id, kind="publication", source=SOURCE, record=f"document {doc_id}",
                          sections=tuple(sections), title=sections[0].text, annotations=tuple(annotations))
