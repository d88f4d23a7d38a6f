"""The nightly job's configuration: ``sources.toml`` names watched folders or file lists per source.

    [pubmed]                      # any of: pubmed, labels, pubtator, bioc, pubtator3 (docs/pubtator3.md)
    paths = ["/data/pubmed/baseline", "/data/pubmed/updatefiles"]
    patterns = ["*.xml.gz"]       # optional; default per source

    [labels]
    paths = ["/data/dailymed/spl", "/data/openfda/drug-label.jsonl"]

Relative paths are relative to the file. Sources run in file order; PubMed files in name order, so baseline
and update files apply in sequence. Unchanged files are skipped by the ledger.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from core.errors import BadInput
from ingest.pipeline.sources import SOURCES


def read_sources_config(path: Path) -> list[tuple[str, list[Path], list[str] | None]]:
    """``[(source, paths, patterns or None), ...]`` from a sources.toml."""
    try:
        config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise BadInput(f"{path}: cannot read the sources config ({error})") from error
    jobs = []
    for source, table in config.items():
        if source not in SOURCES:
            raise BadInput(f"{path}: unknown source [{source}]; use {', '.join(SOURCES)}")
        if not isinstance(table, dict) or not isinstance(table.get("paths"), list) or not table["paths"]:
            raise BadInput(f"{path}: [{source}] needs paths = [...]")
        base = Path(path).resolve().parent
        paths = [p if p.is_absolute() else base / p for p in (Path(str(x)).expanduser() for x in table["paths"])]
        patterns = table.get("patterns")
        jobs.append((source, paths, [str(p) for p in patterns] if patterns else None))
    return jobs
