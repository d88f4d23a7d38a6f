"""How an ingest run is made: one frozen set of options with one set of defaults, for the CLI, the admin API and
code alike. :func:`ingest.pipeline.run.build_ingest_job` turns them into an ``IngestJob``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import BadInput
from ingest.pipeline.executors import EXECUTORS

EXTRACTORS = ("auto", "model", "dictionary")
DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True)
class IngestOptions:
    """``executor``: where extraction runs (``process``: parallel local processes; ``serial``; ``ray``).
    ``workers``: parallel extraction workers (``None``: CPU count, at most 4). ``terms``: a terms TSV (id, label,
    name, synonyms) to link and extract with instead of the full vocabulary. ``extractor``: ``auto`` (the trained
    NER/RE model when one is registered, else the dictionary fallback), ``model`` (an error if none) or
    ``dictionary``. ``batch_size``: documents per extraction batch. ``progress``: progress bars on stderr.
    ``reextract``: re-extract files done by another extractor version (its evidence of those documents is
    retracted). ``reextract_unknown``: also files ledgered before extractors were recorded. ``reextract_rules``: also
    files the same model did under other fact rules (``ingest.pipeline.rules``)."""

    executor: str = "process"
    workers: int | None = None
    terms: Path | None = None
    extractor: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE
    progress: bool = True
    reextract: bool = True
    reextract_unknown: bool = False
    reextract_rules: bool = False

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise BadInput(f"unknown --extractor {self.extractor!r}; use {', '.join(EXTRACTORS)}")
        if self.executor not in EXECUTORS:
            raise BadInput(f"unknown --executor {self.executor!r}; use {', '.join(EXECUTORS)}")
