"""PubMed/MEDLINE XML (``.xml``/``.xml.gz``): baseline and update files, efetch output, older MedlineCitationSet.

Yields one :class:`SourceDocument` per ``PubmedArticle`` (or bare ``MedlineCitation``) with the title and the
abstract (one section per structured part), a :class:`Deletion` per ``DeleteCitation`` and a :class:`Rejected`
per record that cannot be used (no PMID, an ``<Abstract>`` with no text, a record over ``max_record_chars``,
or the point where the file turns out malformed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from core.errors import BadInput
from ingest.readers.safexml import DEFAULT_MAX_FILE_BYTES, block_text, iter_records, local_name, tidy
from ingest.readers.types import Deletion, ReaderItem, Rejected, Section, SourceDocument

SOURCE = "pubmed"
DEFAULT_MAX_RECORD_CHARS = 1_000_000
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}


def read_pubmed(
    path: Path, max_record_chars: int = DEFAULT_MAX_RECORD_CHARS, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[ReaderItem]:
    """Documents, deletions and rejections from one PubMed XML file, in file order."""
    path = Path(path)
    position, last = 0, "start of file"
    try:
        for element in iter_records(path, {"PubmedArticle", "MedlineCitation", "DeleteCitation"}, max_file_bytes):
            position += 1
            if local_name(element) == "DeleteCitation":
                pmids = tuple(f"PMID:{tidy(p.text or '')}" for p in element.iter("PMID") if (p.text or "").strip())
                last = f"DeleteCitation #{position}"
                yield Deletion(document_ids=pmids, record=last)
                continue
            item = _article(path, element, position, max_record_chars)
            last = item.record
            yield item
    except BadInput as error:
        yield Rejected(file=str(path), record=f"after {last}", reason=str(error))


def _article(path: Path, element: etree._Element, position: int, max_chars: int) -> SourceDocument | Rejected:
    citation = element if local_name(element) == "MedlineCitation" else element.find("MedlineCitation")
    pmid_element = citation.find("PMID") if citation is not None else None
    if pmid_element is None or not (pmid_element.text or "").strip():
        return Rejected(str(path), f"record #{position}", "article without a PMID")
    pmid = pmid_element.text.strip()
    record = f"PMID {pmid}"
    article = citation.find("Article")
    if article is None:
        return Rejected(str(path), record, "no <Article> element")
    title = block_text(article.find("ArticleTitle")) if article.find("ArticleTitle") is not None else ""
    sections = [Section(code="title", name="title", text=title)] if title else []
    abstract = article.find("Abstract")
    if abstract is not None:
        parts = _abstract_sections(abstract)
        if not parts:
            return Rejected(str(path), record, "empty abstract: <Abstract> present but holds no text")
        sections.extend(parts)
    if not sections:
        return Rejected(str(path), record, "no title and no abstract")
    size = sum(len(s.text) for s in sections)
    if size > max_chars:
        return Rejected(str(path), record, f"record too large: {size} characters (limit {max_chars})")
    return SourceDocument(
        id=f"PMID:{pmid}", kind="publication", source=SOURCE, record=record, sections=tuple(sections),
        version=pmid_element.get("Version", "1"), title=title or None,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", published=_published(article),
        properties=_properties(citation, article),
    )


def _abstract_sections(abstract: etree._Element) -> list[Section]:
    sections = []
    for part in abstract.findall("AbstractText"):
        text = block_text(part)
        if not text:
            continue
        label = part.get("Label") or part.get("NlmCategory") or "abstract"
        sections.append(Section(code=label, name="abstract", text=text, title=part.get("Label")))
    return sections


def _published(article: etree._Element) -> str | None:
    date = article.find("Journal/JournalIssue/PubDate")
    if date is None:
        return None
    year = (date.findtext("Year") or "").strip()
    if not year:
        medline = (date.findtext("MedlineDate") or "").strip()
        return medline[:4] if medline[:4].isdigit() else None
    month = (date.findtext("Month") or "").strip()
    month = _MONTHS.get(month[:3].title(), month.zfill(2) if month.isdigit() else "")
    day = (date.findtext("Day") or "").strip()
    return "-".join(p for p in (year, month, day.zfill(2) if month and day else "") if p)


def _properties(citation: etree._Element, article: etree._Element) -> dict[str, str | int | float | bool | None]:
    mesh = [d for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")]
    chemicals = [c for c in citation.iterfind("ChemicalList/Chemical/NameOfSubstance")]
    return {
        "pmid": citation.findtext("PMID"),
        "journal": tidy(article.findtext("Journal/Title") or "") or None,
        "mesh_ids": ";".join(f"MESH:{d.get('UI')}" for d in mesh if d.get("UI")) or None,
        "mesh_terms": ";".join(tidy(d.text or "") for d in mesh) or None,
        "chemical_ids": ";".join(f"MESH:{c.get('UI')}" for c in chemicals if c.get("UI")) or None,
    }
