"""DailyMed Structured Product Labeling (SPL) XML, one label version per file.

Yields one :class:`SourceDocument` per label: id ``SETID:<set id>@v<version>``, the effective time, the product
(product, generic and active-ingredient names with UNIIs) and one :class:`Section` per top-level LOINC-coded
section and per subsection (with its heading, e.g. "2.1 Hyperlipidemia"). Highlights (``<excerpt>``) are left
out: they repeat the full text. Non-label SPL documents (indexing files) are :class:`Skipped`; a label with no
product name or no set id is :class:`Rejected`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from lxml import etree

from core.errors import BadInput
from ingest.readers import types as t
from ingest.readers.safexml import block_text, local_name, parse_tree, tidy
from ingest.readers.types import LabelProduct, ReaderItem, Rejected, Section, Skipped, SourceDocument
from nlp.dose_tables import TABLE_SECTION, table_text

SOURCE = "dailymed"
NS = {"v3": "urn:hl7-org:v3"}
MAX_LABEL_BYTES = 64 * 1024**2
UNII_SYSTEM = "2.16.840.1.113883.4.9"
ACTIVE_CLASSES = {"ACTIB", "ACTIM", "ACTIR"}
SUBSECTION_CODES = {"42229-5"}  # "SPL unclassified section": a subsection, named by its title
KNOWN_SECTIONS = {
    t.BOXED_WARNING: "Boxed Warning", t.INDICATIONS: "Indications & Usage",
    t.DOSAGE_AND_ADMINISTRATION: "Dosage & Administration", t.CONTRAINDICATIONS: "Contraindications",
    t.DRUG_INTERACTIONS: "Drug Interactions", t.ADVERSE_REACTIONS: "Adverse Reactions",
    t.WARNINGS_AND_PRECAUTIONS: "Warnings and Precautions", t.PREGNANCY: "Pregnancy",
    t.NURSING_MOTHERS: "Nursing Mothers", t.PEDIATRIC_USE: "Pediatric Use", t.GERIATRIC_USE: "Geriatric Use",
    t.SPECIFIC_POPULATIONS: "Use in Specific Populations",
}


def load_loinc_sections(path: Path | None) -> dict[str, str]:
    """LOINC code → section name from openFDA's ``spl-loinc-sections.csv`` (the built-in few when absent)."""
    if path is None or not Path(path).exists():
        return dict(KNOWN_SECTIONS)
    with open(path, newline="", encoding="utf-8") as handle:
        return {row[0].strip(): row[1].strip() for row in csv.reader(handle) if len(row) >= 2 and row[0].strip()}


def read_spl(path: Path, loinc_sections: Mapping[str, str] | None = None) -> Iterator[ReaderItem]:
    """The label in one SPL XML file (a generator, like every reader)."""
    path = Path(path)
    sections_by_code = loinc_sections or KNOWN_SECTIONS
    try:
        root = parse_tree(path, MAX_LABEL_BYTES)
    except BadInput as error:
        yield Rejected(str(path), "document", str(error))
        return
    yield _label(path, root, sections_by_code)


def _label(path: Path, root: etree._Element, sections_by_code: Mapping[str, str]) -> ReaderItem:
    kind = (root.find("v3:code", NS).get("displayName", "") if root.find("v3:code", NS) is not None else "")
    set_id = _attr(root, "v3:setId", "root")
    version = _attr(root, "v3:versionNumber", "value") or "1"
    record = f"set id {set_id or '?'} version {version}"
    if local_name(root) != "document":
        return Rejected(str(path), record, f"not an SPL document (root element <{local_name(root)}>)")
    if "LABEL" not in kind.upper():
        return Skipped(str(path), record, f"not a drug label: {kind or 'no document type'}")
    if not set_id:
        return Rejected(str(path), record, "label without a set id")
    product = _product(root)
    if not product.names:
        return Rejected(str(path), record, "label with no product name (no product, generic or ingredient name)")
    effective = _attr(root, "v3:effectiveTime", "value")
    title_element = root.find("v3:title", NS)
    return SourceDocument(
        id=f"SETID:{set_id}@v{version}", kind="label", source=SOURCE, record=record,
        sections=(*_sections(root, sections_by_code), *_dosage_tables(root, sections_by_code)), version=version,
        title=(block_text(title_element).replace("\n", " ") if title_element is not None else None) or None,
        url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}",
        published=_iso_date(effective), product=product,
        properties={"set_id": set_id, "version_number": int(version) if version.isdigit() else None,
                    "effective_time": _iso_date(effective), "spl_id": _attr(root, "v3:id", "root"),
                    "document_type": kind},
    )


def _attr(root: etree._Element, path: str, attribute: str) -> str | None:
    element = root.find(path, NS)
    value = element.get(attribute) if element is not None else None
    return value.strip() if value else None


def _iso_date(value: str | None) -> str | None:
    if not value or len(value) < 8 or not value[:8].isdigit():
        return value
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def _product(root: etree._Element) -> LabelProduct:
    names: list[str] = []
    unii: list[str] = []
    for product in root.iterfind(".//v3:manufacturedProduct/v3:manufacturedProduct", NS):
        for name_path in ("v3:name", "v3:asEntityWithGeneric/v3:genericMedicine/v3:name"):
            element = product.find(name_path, NS)
            if element is not None and tidy("".join(element.itertext())):
                names.append(tidy(" ".join(element.itertext())))
        for ingredient in product.iterfind("v3:ingredient", NS):
            if ingredient.get("classCode") not in ACTIVE_CLASSES:
                continue
            substance = ingredient.find("v3:ingredientSubstance", NS)
            if substance is None:
                continue
            for moiety in [substance, *substance.iterfind("v3:activeMoiety/v3:activeMoiety", NS)]:
                code, name = moiety.find("v3:code", NS), moiety.findtext("v3:name", namespaces=NS)
                if name and tidy(name):
                    names.append(tidy(name))
                if code is not None and code.get("codeSystem") == UNII_SYSTEM and code.get("code"):
                    unii.append(code.get("code"))
    return LabelProduct(names=tuple(dict.fromkeys(names)), unii=tuple(dict.fromkeys(unii)))


def _sections(root: etree._Element, sections_by_code: Mapping[str, str]) -> Iterator[Section]:
    """Top-level coded sections, each as its own text plus one section per direct subsection."""
    body = root.find("v3:component/v3:structuredBody", NS)
    if body is None:
        return
    for element in body.iter("{urn:hl7-org:v3}section"):
        code = _attr(element, "v3:code", "code")
        if code not in sections_by_code or code in SUBSECTION_CODES or _has_coded_ancestor(element, sections_by_code):
            continue
        name = sections_by_code[code]
        own = _section_text(element, with_subsections=False)
        if own:
            yield Section(code=code, name=name, text=own, title=_title(element))
        for child in element.iterfind("v3:component/v3:section", NS):
            text = _section_text(child, with_subsections=True)
            if text:
                yield Section(code=code, name=name, text=text, title=_title(child))


def _dosage_tables(root: etree._Element, sections_by_code: Mapping[str, str]) -> Iterator[Section]:
    """The tables of Dosage and Administration (subsections included) as pipe-separated text
    (``nlp.dose_tables``), after every other section."""
    body = root.find("v3:component/v3:structuredBody", NS)
    if body is None:
        return
    for element in body.iter("{urn:hl7-org:v3}section"):
        if _attr(element, "v3:code", "code") != t.DOSAGE_AND_ADMINISTRATION \
                or _has_coded_ancestor(element, sections_by_code):
            continue
        for table in element.iter("{urn:hl7-org:v3}table"):
            text = table_text(etree.tostring(table, encoding="unicode"))
            if text:
                yield Section(code=t.DOSAGE_AND_ADMINISTRATION, name=TABLE_SECTION, text=text)


def _has_coded_ancestor(element: etree._Element, sections_by_code: Mapping[str, str]) -> bool:
    for ancestor in element.iterancestors("{urn:hl7-org:v3}section"):
        code = _attr(ancestor, "v3:code", "code")
        if code in sections_by_code and code not in SUBSECTION_CODES:
            return True
    return False


def _title(element: etree._Element) -> str | None:
    title = element.find("v3:title", NS)
    return (tidy(" ".join(title.itertext())) or None) if title is not None else None


def _section_text(element: etree._Element, with_subsections: bool) -> str:
    """The section's text without its heading and highlights; with or without the nested subsections."""
    parts = []
    for child in element:
        name = local_name(child)
        if name == "text":
            parts.append(block_text(child))
        elif name == "component" and with_subsections:
            for nested in child.iterfind("v3:section", NS):
                heading = _title(nested)
                body = _section_text(nested, with_subsections=True)
                parts.append("\n".join(p for p in (heading, body) if p))
    return "\n".join(p for p in parts if p)
