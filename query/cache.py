"""Caching the query layer's per-entity work, invalidated when the graph changes.

What a question reads from the graph (the entities its mentions link to, the rows a plan retrieves for an entity)
depends only on the graph's content, so it is kept in an LRU keyed by the **graph version**: the database's last
committed transaction, as the Bolt bookmark of a read transaction reports it. Every committed write — through
``GraphWriter``, an ingest run in another process, ``cypher-shell`` — moves the bookmark; a read never does. So a
cached value is served only while no write has been committed since it was read, with no time-to-live to tune.

:class:`GraphVersion` asks for the version once per question; questions that arrive while a probe runs share the next
one, never one that started before they arrived (so a write committed before a question arrives is always seen).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, wait
from typing import Any, Generic, TypeVar

from cachetools import LRUCache
from neo4j import READ_ACCESS, Driver, Query
from neo4j.exceptions import Neo4jError

from query import templates
from query.safety import QueryFailed, ReadOnlyRunner

T = TypeVar("T")


class GraphVersion:
    """``GraphVersion(driver, database).current()`` → an opaque token that changes whenever a write is committed."""

    def __init__(self, driver: Driver, database: str, timeout_s: float = 5.0) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.probes = 0  # how many probes ran (for tests and the benchmark)
        self._lock = threading.Lock()
        self._running: Future[str] | None = None
        self._next: Future[str] | None = None

    def current(self) -> str:
        """The version as of a moment after this call began: a caller that finds no probe running runs one; callers
        that arrive while one runs share the next probe, which starts when that one has finished."""
        with self._lock:
            if self._running is None:
                probe = self._running = Future()
                role, running_before = "run", None
            elif self._next is None:
                probe = self._next = Future()
                role, running_before = "next", self._running
            else:
                probe, role, running_before = self._next, "wait", None
        if role == "next":
            _finished(running_before)
            with self._lock:
                self._running, self._next = probe, None
        if role != "wait":
            self._run(probe)
        return probe.result()

    def _run(self, probe: Future[str]) -> None:
        try:
            probe.set_result(self._read())
        except BaseException as error:  # noqa: BLE001 - handed to every waiter, each raises it
            probe.set_exception(error)
        finally:
            with self._lock:
                if self._running is probe:
                    self._running = None

    def _read(self) -> str:
        self.probes += 1
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                     notifications_min_severity="OFF") as session:
                session.run(Query(templates.version_probe(), timeout=self.timeout_s)).consume()  # type: ignore[arg-type]
                return "|".join(sorted(session.last_bookmarks().raw_values))
        except Neo4jError as error:
            raise QueryFailed(f"graph version probe failed: {error.code}: {error.message}") from error


def _finished(probe: Future[str] | None) -> None:
    """Wait until ``probe`` has finished, whatever its outcome."""
    if probe is not None:
        wait([probe])


class VersionedCache(Generic[T]):
    """A thread-safe LRU of values computed against one graph version; seeing a new version empties it."""

    def __init__(self, maxsize: int) -> None:
        self._items: LRUCache[Hashable, T] = LRUCache(maxsize=maxsize)
        self._version: str | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, version: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key`` at ``version``, else ``compute()`` (run outside the lock) stored under it."""
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            found = self._items.get(key, _MISSING)
            if found is not _MISSING:
                self.hits += 1
                return found  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        with self._lock:
            if version == self._version:  # a newer version seen meanwhile: the value is not kept
                self._items[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._version = None


_MISSING = object()


def cached(cache: VersionedCache[Any] | None, version: str, key: Hashable, runner: ReadOnlyRunner,
           compute: Callable[[], T]) -> T:
    """``compute()``'s result (it reads through ``runner``), reused while the graph is at ``version``; a reused result
    still lists the statements that produced it in ``runner``, so the answer is the one computed now would be."""
    if cache is None:
        return compute()

    def computed() -> tuple[T, list[str]]:
        before = len(runner.statements)
        value = compute()
        return value, runner.statements[before:]

    ran_before = len(runner.statements)
    value, statements = cache.get_or_compute(version, key, computed)
    if len(runner.statements) == ran_before:  # reused: record what produced it
        runner.statements.extend(statements)
    return value
