"""Admin ingest jobs of this server: one at a time, run in the background, their ledger run id once known.

Jobs are built as the CLI builds them (``ingest.pipeline.run.build_ingest_job``); the pipeline keeps the durable
record, the run ledger in the graph; this registry only remembers what this process started, so an admin can
follow a job it just submitted.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import BadInput

if TYPE_CHECKING:
    from neo4j import Driver

    from core.settings import Settings
    from ingest.pipeline.options import IngestOptions
    from ingest.pipeline.report import RunReport

log = logging.getLogger("medkg.api")
MAX_REMEMBERED = 50


def resolve_data_paths(data_dir: Path, relative: Sequence[str]) -> list[Path]:
    """Paths given relative to the data folder, each required to exist and to stay inside it."""
    root = data_dir.resolve()
    resolved = []
    for raw in relative:
        if not raw or "\x00" in raw or Path(raw).is_absolute():
            raise BadInput(f"path {raw!r}: give a path relative to the data folder")
        path = (root / raw).resolve()
        if path != root and root not in path.parents:
            raise BadInput(f"path {raw!r} leaves the data folder")
        if not path.exists():
            raise BadInput(f"path {raw!r} does not exist in the data folder")
        resolved.append(path)
    return resolved


@dataclass
class IngestJobRecord:
    job_id: str
    source: str
    paths: list[str]
    status: str = "queued"  # queued → running → done | partial | failed
    submitted_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())
    finished_at: str | None = None
    run_id: str | None = None
    error: str | None = None

    def public(self) -> dict[str, Any]:
        return asdict(self)


class IngestJobs:
    """Start one ingest at a time in the background and remember the last few."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, IngestJobRecord] = {}

    def submit(self, source: str, paths: list[str]) -> IngestJobRecord:
        with self._lock:
            if any(job.status in ("queued", "running") for job in self._jobs.values()):
                raise JobRunning("an ingest job is already running; wait for it to finish")
            job = IngestJobRecord(job_id=uuid.uuid4().hex, source=source, paths=paths)
            self._jobs[job.job_id] = job
            while len(self._jobs) > MAX_REMEMBERED:
                self._jobs.pop(next(iter(self._jobs)))
            return job

    def run(self, job: IngestJobRecord, work: Callable[[], Any]) -> None:
        """Run ``work`` (returns a run report with ``run_id`` and ``status``) and record how it ended."""
        job.status = "running"
        try:
            report = work()
            job.run_id = getattr(report, "run_id", None)
            job.status = str(getattr(report, "status", "done"))
        except Exception as error:  # noqa: BLE001 - a failed job is recorded, never raised into the server
            log.exception("ingest job %s failed", job.job_id)
            job.status, job.error = "failed", f"{type(error).__name__}: {error}"
        finally:
            job.finished_at = datetime.now(timezone.utc).isoformat()

    def recent(self) -> list[dict[str, Any]]:
        with self._lock:
            return [job.public() for job in reversed(self._jobs.values())]


def run_ingest(settings: Settings, driver: Driver, options: IngestOptions, paths: Sequence[Path],
               source: str) -> RunReport:
    """One source's paths through the job ``medkg ingest`` runs (``ingest.pipeline.run.build_ingest_job``)."""
    from ingest.pipeline.run import build_ingest_job

    with build_ingest_job(settings, driver, options, sources=[source]) as job:
        job.ingest(paths, source)
    return job.report


class JobRunning(Exception):
    """A second ingest was asked for while one runs."""
