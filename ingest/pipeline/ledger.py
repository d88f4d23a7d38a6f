"""The ledger of processed inputs and the quarantine, kept in the graph beside the facts they produced.

A file is known by the SHA-256 of its bytes and remembers the extractor (name, version, kind) that processed it.
A file already ``done`` (or ``partial``: read to the end, some records quarantined) by the same extractor is
skipped, so the same file twice changes nothing, and a changed file is new. A file done by another extractor
version is re-extracted (unless re-extraction is off): :func:`plan_file` decides. A file left ``running`` (or
``stale``) is simply processed again, with the retractions a killed re-extraction still owed: every write is an
idempotent MERGE.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.writer import retrying_session, write_idempotent
from ingest import cypher
from ingest.readers.types import Rejected

FINISHED = ("done", "partial")
RULES_MARK = "+rules."  # see ingest.pipeline.rules.versioned
ANY_OTHER_EXTRACTOR = "*"  # a replaced extractor we do not know (a file ledgered before extractors were recorded)


@dataclass(frozen=True)
class ExtractorIdentity:
    """Who extracted the facts: the evidence's ``extractor`` and ``extractor_version``, and the kind of extractor
    (``model``: a registered NER/RE model, ``dictionary``: the fallback, ``other``: anything passed in code)."""

    name: str
    version: str
    kind: str = "other"

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class FileEntry:
    """A file's ledger state; ``extractor`` is ``None`` on entries written before extractors were recorded."""

    status: str
    extractor: str | None = None
    extractor_version: str | None = None
    replaced: tuple[str, ...] = ()

    @property
    def extractor_key(self) -> str | None:
        return None if self.extractor is None else f"{self.extractor}@{self.extractor_version}"


@dataclass(frozen=True)
class FilePlan:
    """``process`` or not; ``replaced``: extractor identities (or ``*``) whose evidence of the file's documents the
    current extractor replaces. A processed file with ``replaced`` is a re-extraction."""

    process: bool
    replaced: tuple[str, ...] = ()

    @property
    def reextract(self) -> bool:
        return self.process and bool(self.replaced)


def plan_file(entry: FileEntry | None, current: ExtractorIdentity | None, *, reextract: bool = True,
              reextract_unknown: bool = False, reextract_rules: bool = False) -> FilePlan:
    """What to do with one file, given its ledger entry and the extractor of this run (``None``: not known before
    the first batch, so finished files are skipped as they always were).

    New files are processed. Unfinished ones (killed, or ``stale``) are processed, also retracting what their
    earlier extractor wrote and any retraction still pending. Finished ones: skipped when done by the current
    extractor; re-extracted when done by another one and ``reextract``; entries without an extractor (from before
    extractors were recorded) only with ``reextract_unknown``, replacing any other extractor's evidence. A file done
    by the same model under other fact rules (``ingest.pipeline.rules``) is re-extracted only with
    ``reextract_rules``: an upgrade of medkg must not start an unplanned re-extraction of the whole history.
    """
    if entry is None:
        return FilePlan(True)
    current_key = current.key if current is not None else None
    earlier = entry.extractor_key
    if entry.status not in FINISHED:
        owed = entry.replaced + ((earlier,) if earlier and current_key and earlier != current_key else ())
        return FilePlan(True, tuple(dict.fromkeys(owed)))
    if current_key is None or earlier == current_key:
        return FilePlan(False)
    if earlier is None:
        return FilePlan(True, (ANY_OTHER_EXTRACTOR,)) if reextract and reextract_unknown else FilePlan(False)
    if _model_of(earlier) == _model_of(current_key):
        return FilePlan(True, (earlier,)) if reextract and reextract_rules else FilePlan(False)
    return FilePlan(True, (earlier,)) if reextract else FilePlan(False)


def _model_of(identity: str) -> str:
    """``name@version`` of the model alone: "re-minilm@v2" of "re-minilm@v2+rules.7" (and of "re-minilm@v2",
    recorded before the rules had a version)."""
    return identity.split(RULES_MARK)[0]


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _live_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()] if os.path.isdir("/proc") else []


class Ledger:
    """``retry_s``: how long its transactions retry while Neo4j restarts (see ``graph.writer.retrying_session``)."""

    def __init__(self, driver: Driver, database: str, retry_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._retry_s = retry_s

    def _run(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        with retrying_session(self._driver, self._database, self._retry_s) as session:
            return write_idempotent(session, lambda tx: [r.data() for r in tx.run(query, **parameters)])

    def _read(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        with retrying_session(self._driver, self._database, self._retry_s) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(query, **parameters)])

    def ensure_schema(self) -> None:
        with self._driver.session(database=self._database) as session:
            for statement in cypher.schema_statements():
                session.run(statement).consume()

    def start_run(self, run_id: str, executor: str, sources: list[str]) -> None:
        self._run(cypher.mark_dead_runs(), host=socket.gethostname(), live_pids=_live_pids())
        self._run(cypher.start_run(), id=run_id, executor=executor, pid=os.getpid(), host=socket.gethostname(),
                  sources=sources)

    def finish_run(self, run_id: str, status: str, exit_code: int, report: dict[str, Any]) -> None:
        self._run(cypher.finish_run(), id=run_id, status=status, exit_code=exit_code, report=json.dumps(report))

    def entries(self, checksums: Sequence[str]) -> dict[str, FileEntry]:
        """The ledger entries of these checksums (files never seen are absent)."""
        rows = self._read(cypher.file_entries(), ids=list(dict.fromkeys(checksums)))
        return {row["id"]: FileEntry(row["status"], row["extractor"], row["extractor_version"],
                                     tuple(row["replaced"])) for row in rows}

    def start_file(self, run_id: str, checksum: str, path: Path, source: str,
                   extractor: ExtractorIdentity | None = None, replaced: Sequence[str] = ()) -> None:
        self._run(cypher.start_file(), id=checksum, path=str(path), source=source, size=path.stat().st_size,
                  run_id=run_id, extractor=extractor.name if extractor else None,
                  extractor_version=extractor.version if extractor else None,
                  extractor_kind=extractor.kind if extractor else None, replaced=list(replaced))

    def finish_file(self, checksum: str, status: str, counts: dict[str, Any],
                    extractor: ExtractorIdentity | None = None) -> None:
        """Mark the file finished by ``extractor`` (the one its batches reported) and drop pending retractions."""
        self._run(cypher.finish_file(), id=checksum, status=status, **counts,
                  extractor=extractor.name if extractor else None,
                  extractor_version=extractor.version if extractor else None)

    def mark_stale(self, checksums: Sequence[str]) -> None:
        if checksums:
            self._run(cypher.mark_files_stale(), ids=list(checksums))

    def quarantine(self, run_id: str, source: str, checksum: str, rejected: list[Rejected]) -> None:
        rows = [{"id": hashlib.sha1(f"{checksum}|{r.record}".encode()).hexdigest(), "file": r.file,
                 "record": r.record, "reason": r.reason, "source": source, "checksum": checksum, "run_id": run_id}
                for r in rejected]
        if rows:
            self._run(cypher.merge_quarantine(), rows=rows)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest runs, each with its ``report`` as an object (stored as a JSON string: a node property cannot
        hold a map); ``None`` for a run that never finished."""
        runs = [row["run"] for row in self._read(cypher.list_runs(), limit=limit)]
        return [{**run, "report": json.loads(run["report"]) if run.get("report") else None} for run in runs]

    def quarantined(self, limit: int = 100) -> list[dict[str, Any]]:
        return [row["entry"] for row in self._read(cypher.list_quarantine(), limit=limit)]
