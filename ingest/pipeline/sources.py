"""Which reader reads which file, per source name, and how folders expand into files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from core.errors import MedkgError
from core.settings import Settings
from ingest.readers.bioc import read_bioc
from ingest.readers.fda_ars import SECTION_FILES, is_fda_ars_file, read_fda_ars
from ingest.readers.openfda import read_indications_text, read_openfda
from ingest.readers.pubmed import read_pubmed
from ingest.readers.pubtator import read_pubtator
from ingest.readers.spl import load_loinc_sections, read_spl
from ingest.readers.types import ReaderItem
from ingest.pipeline import pubtator3

Reader = Callable[[Path], Iterator[ReaderItem]]
PATTERNS = {
    "pubmed": ("*.xml", "*.xml.gz"),
    "labels": ("*.xml", "*.json", "*.jsonl", "*.json.gz", "*.jsonl.gz", *SECTION_FILES),
    "pubtator": ("*.txt", "*.PubTator", "*.pubtator"),
    "bioc": ("*.xml", "*.xml.gz", "*.XML.gz", "*.XML"),
    pubtator3.SOURCE_NAME: pubtator3.PATTERNS,  # already-extracted facts: no reader here (ingest.pipeline.pubtator3)
}
SOURCES = tuple(PATTERNS)


def expand_paths(paths: Sequence[Path | str], source: str, patterns: Sequence[str] | None = None) -> list[Path]:
    """Files as given, and every file matching the source's patterns inside given folders; sorted, unique."""
    if source not in PATTERNS:
        raise MedkgError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for pattern in patterns or PATTERNS[source]:
                found.extend(p for p in path.rglob(pattern) if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise MedkgError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(p.resolve() for p in found))


def reader_for(source: str, path: Path, settings: Settings) -> Reader:
    if source == "pubmed":
        return read_pubmed
    if source == "pubtator":
        return read_pubtator
    if source == "bioc":
        return read_bioc
    if source != "labels":
        raise MedkgError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    if is_fda_ars_file(path):
        return read_fda_ars
    sections = load_loinc_sections(settings.data_dir / "openfda" / "spl-loinc-sections.csv")
    if path.suffix.lower() == ".xml":
        return partial(read_spl, loinc_sections=sections)
    if path.name.lower().endswith(".jsonl") and _is_indications_text(path):
        return read_indications_text
    return partial(read_openfda, loinc_sections=sections)


def _is_indications_text(path: Path) -> bool:
    """A JSONL whose first record is ``{"text": ...}`` only (the DailyMed indications-text layout)."""
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except (ValueError, UnicodeDecodeError):
                    return False
                return isinstance(first, dict) and set(first) == {"text"}
    return False
