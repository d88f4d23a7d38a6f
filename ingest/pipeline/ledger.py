"""The ledger of processed inputs and the quarantine, kept in the graph beside the facts they produced.

A file is known by the SHA-256 of its bytes: a file already ``done`` (or ``partial``: read to the end, some
records quarantined) is skipped, so the same file twice changes nothing, and a changed file is new. A file left
``running`` by a killed process is simply processed again: every write is an idempotent MERGE.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path
from typing import Any

from neo4j import Driver

from ingest import cypher
from ingest.readers.types import Rejected

FINISHED = ("done", "partial")


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _live_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()] if os.path.isdir("/proc") else []


class Ledger:
    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def _run(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        with self._driver.session(database=self._database) as session:
            return session.execute_write(lambda tx: [r.data() for r in tx.run(query, **parameters)])

    def _read(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        with self._driver.session(database=self._database) as session:
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

    def is_finished(self, checksum: str) -> bool:
        rows = self._read(cypher.file_status(), id=checksum)
        return bool(rows) and rows[0]["status"] in FINISHED

    def start_file(self, run_id: str, checksum: str, path: Path, source: str) -> None:
        self._run(cypher.start_file(), id=checksum, path=str(path), source=source, size=path.stat().st_size,
                  run_id=run_id)

    def finish_file(self, checksum: str, status: str, counts: dict[str, Any]) -> None:
        self._run(cypher.finish_file(), id=checksum, status=status, **counts)

    def quarantine(self, run_id: str, source: str, checksum: str, rejected: list[Rejected]) -> None:
        rows = [{"id": hashlib.sha1(f"{checksum}|{r.record}".encode()).hexdigest(), "file": r.file,
                 "record": r.record, "reason": r.reason, "source": source, "checksum": checksum, "run_id": run_id}
                for r in rejected]
        if rows:
            self._run(cypher.merge_quarantine(), rows=rows)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        return [row["run"] for row in self._read(cypher.list_runs(), limit=limit)]

    def quarantined(self, limit: int = 100) -> list[dict[str, Any]]:
        return [row["entry"] for row in self._read(cypher.list_quarantine(), limit=limit)]
