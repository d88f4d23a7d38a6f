"""openFDA drug-label JSON, plain or gzipped (one record per line, a bulk ``{"results": [...]}`` file, or a single record) and the
DailyMed indications-text JSONL (``{"text": ...}`` per line, no set id: the subject drug is found in the text).

Section fields are matched to LOINC codes through their names (``indications_and_usage`` ↔ "Indications &
Usage"), so the fact rules treat openFDA and SPL labels alike.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ingest.readers.safexml import tidy
from ingest.readers.spl import KNOWN_SECTIONS
from ingest.readers.types import (
    DOSAGE_AND_ADMINISTRATION, INDICATIONS, LabelProduct, ReaderItem, Rejected, Section, SourceDocument,
)
from nlp.dose_tables import TABLE_SECTION, table_text

SOURCE = "openfda"
INDICATIONS_TEXT_SOURCE = "dailymed-indications"
DEFAULT_MAX_RECORD_CHARS = 2_000_000
MAX_FILE_BYTES = 2 * 1024**3


def field_name(section_name: str) -> str:
    """openFDA's field for a LOINC section name: "Indications & Usage" → ``indications_and_usage``."""
    return section_name.lower().replace(" & ", "_and_").replace(" and ", "_and_").replace(" ", "_")


def read_openfda(
    path: Path, loinc_sections: Mapping[str, str] | None = None, max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
) -> Iterator[ReaderItem]:
    """Label documents from an openFDA JSON or JSONL file."""
    path = Path(path)
    fields = {field_name(name): code for code, name in (loinc_sections or KNOWN_SECTIONS).items()}
    for record, raw in _json_records(path):
        if isinstance(raw, Rejected):
            yield raw
            continue
        yield _label(path, record, raw, fields, max_record_chars)


def read_indications_text(path: Path, max_record_chars: int = DEFAULT_MAX_RECORD_CHARS) -> Iterator[ReaderItem]:
    """One label document per line of the DailyMed indications-text JSONL (``{"text": ...}``)."""
    path = Path(path)
    for record, raw in _json_records(path):
        if isinstance(raw, Rejected):
            yield raw
            continue
        text = tidy(str(raw.get("text") or "")) if isinstance(raw, dict) else ""
        if not text:
            yield Rejected(str(path), record, "no text")
        elif len(text) > max_record_chars:
            yield Rejected(str(path), record, f"record too large: {len(text)} characters (limit {max_record_chars})")
        else:
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
            yield SourceDocument(
                id=f"DAILYMED-TEXT:{digest}", kind="label", source=INDICATIONS_TEXT_SOURCE, record=record,
                sections=(Section(code=INDICATIONS, name="Indications & Usage", text=text),),
                product=LabelProduct(), properties={"subject_from_text": True},
            )


def _json_records(path: Path) -> Iterator[tuple[str, Any]]:
    """(record locator, parsed object or Rejected) for a JSONL file, a bulk file or a single JSON object."""
    if path.stat().st_size > MAX_FILE_BYTES:
        yield "file", Rejected(str(path), "file", f"larger than {MAX_FILE_BYTES} bytes")
        return
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            yield "file", Rejected(str(path), "file", f"not a readable gzip file ({error})")
            return
    if path.name.lower().removesuffix(".gz").endswith(".jsonl"):
        for number, line in enumerate(data.splitlines(), start=1):
            if line.strip():
                yield f"line {number}", _decode(path, f"line {number}", line)
        return
    parsed = _decode(path, "file", data)
    if isinstance(parsed, dict) and isinstance(parsed.get("results"), list):
        for index, item in enumerate(parsed["results"]):
            yield f"results[{index}]", item
    elif isinstance(parsed, list):
        for index, item in enumerate(parsed):
            yield f"[{index}]", item
    else:
        yield "record", parsed


def _decode(path: Path, record: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Rejected(str(path), record, f"not UTF-8 text ({error})")
    except json.JSONDecodeError as error:
        return Rejected(str(path), record, f"malformed JSON ({error})")


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [tidy(str(v)) for v in values if v is not None and tidy(str(v))]


def _dosage_tables(value: Any) -> list[Section]:
    """Dosage and Administration tables (openFDA keeps their XHTML beside the flattened text) as their own
    sections of pipe-separated rows (``nlp.dose_tables``), after every other section."""
    markups = value if isinstance(value, list) else [value] if value else []
    texts = (table_text(str(markup)) for markup in markups if markup)
    return [Section(code=DOSAGE_AND_ADMINISTRATION, name=TABLE_SECTION, text=text) for text in texts if text]


def _label(path: Path, record: str, raw: Any, fields: Mapping[str, str], max_chars: int) -> ReaderItem:
    if not isinstance(raw, dict):
        return Rejected(str(path), record, f"a label record must be a JSON object, not {type(raw).__name__}")
    meta = raw.get("openfda") if isinstance(raw.get("openfda"), dict) else {}
    set_id = (raw.get("set_id") or next(iter(_texts(meta.get("spl_set_id"))), None) or raw.get("id"))
    names = [*_texts(meta.get("brand_name")), *_texts(meta.get("generic_name")), *_texts(meta.get("substance_name"))]
    if not set_id:
        return Rejected(str(path), record, "label without set_id/id")
    record = f"{record} (set id {set_id})"
    if not names:
        return Rejected(str(path), record, "label with no product name (openfda.brand_name/generic_name missing)")
    sections = [Section(code=code, name=name, text=text)
                for name, code in fields.items() for text in _texts(raw.get(name))]
    sections += _dosage_tables(raw.get("dosage_and_administration_table"))
    size = sum(len(s.text) for s in sections)
    if size > max_chars:
        return Rejected(str(path), record, f"record too large: {size} characters (limit {max_chars})")
    version = str(raw.get("version") or "1")
    effective = str(raw.get("effective_time") or "") or None
    effective_iso = f"{effective[:4]}-{effective[4:6]}-{effective[6:8]}" if effective and len(effective) >= 8 else None
    return SourceDocument(
        id=f"SETID:{set_id}@v{version}", kind="label", source=SOURCE, record=record, sections=tuple(sections),
        version=version, title=names[0], published=effective_iso,
        url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}",
        product=LabelProduct(names=tuple(dict.fromkeys(names)), unii=tuple(_texts(meta.get("unii"))),
                             rxcui=tuple(_texts(meta.get("rxcui")))),
        properties={"set_id": set_id, "version_number": int(version) if version.isdigit() else None,
                    "effective_time": effective_iso},
    )
