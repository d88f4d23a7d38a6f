"""Where the NLP stage runs: in this process, in a pool of local processes (the default), or on Ray.

Every executor holds the extractor (and, when given, the linker of the relation gate, see ``stages``) in its
workers, takes ``(payload, documents)`` pairs and yields ``(payload, NlpBatchResult)`` in input order,
keeping at most ``2 × workers`` batches in flight so a huge input never sits in memory at once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from core.errors import MedkgError
from nlp.types import Extractor
from ingest.pipeline import stages
from ingest.pipeline.mention_links import LinkerLike
from ingest.readers.types import SourceDocument

P = TypeVar("P")
EXECUTORS = ("process", "serial", "ray")
ExtractorSource = Extractor | Callable[[], Extractor]


class NlpExecutor(Protocol):
    name: str

    def map(self, batches: Iterable[tuple[P, Sequence[SourceDocument]]]) -> Iterator[tuple[P, Any]]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 2)))


class SerialExecutor:
    name = "serial"

    def __init__(self, extractor: ExtractorSource, linker: LinkerLike | None = None) -> None:
        stages.init_worker(extractor, linker)

    def map(self, batches: Iterable[tuple[P, Sequence[SourceDocument]]]) -> Iterator[tuple[P, Any]]:
        for payload, documents in batches:
            yield payload, stages.nlp_batch(documents)

    def close(self) -> None:
        return None


class ProcessExecutor:
    """A pool of spawned processes, each holding one extractor (sent once, through the pool initializer)."""

    name = "process"

    def __init__(self, extractor: ExtractorSource, workers: int | None = None,
                 linker: LinkerLike | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=stages.init_worker, initargs=(extractor, linker),
        )

    def map(self, batches: Iterable[tuple[P, Sequence[SourceDocument]]]) -> Iterator[tuple[P, Any]]:
        window: deque[tuple[P, Any]] = deque()
        for payload, documents in batches:
            window.append((payload, self._pool.submit(stages.nlp_batch, list(documents))))
            if len(window) >= 2 * self.workers:
                done_payload, future = window.popleft()
                yield done_payload, future.result()
        while window:
            done_payload, future = window.popleft()
            yield done_payload, future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class RayExecutor:
    """Ray tasks over the same stage function; starts a local Ray unless one is already initialised."""

    name = "ray"

    def __init__(self, extractor: ExtractorSource, workers: int | None = None, address: str | None = None,
                 linker: LinkerLike | None = None) -> None:
        try:
            import ray
        except ImportError as error:  # pragma: no cover - ray is a dependency, but may be stripped
            raise MedkgError("--executor ray needs the `ray` package (pip install ray)") from error
        self._ray = ray
        self.workers = workers or default_workers()
        self._started_here = not ray.is_initialized()
        if self._started_here:
            ray.init(address=address, num_cpus=None if address else self.workers, include_dashboard=False,
                     log_to_driver=False, ignore_reinit_error=True, configure_logging=False)
        built = extractor if hasattr(extractor, "extract") else extractor()  # type: ignore[operator]
        self._extractor_ref = ray.put(built)
        self._linker_ref = ray.put(linker) if linker is not None else None
        self._task = ray.remote(stages.ray_nlp_batch)

    def map(self, batches: Iterable[tuple[P, Sequence[SourceDocument]]]) -> Iterator[tuple[P, Any]]:
        window: deque[tuple[P, Any]] = deque()
        for payload, documents in batches:
            window.append((payload, self._task.remote(self._extractor_ref, list(documents), self._linker_ref)))
            if len(window) >= 2 * self.workers:
                done_payload, ref = window.popleft()
                yield done_payload, self._ray.get(ref)
        while window:
            done_payload, ref = window.popleft()
            yield done_payload, self._ray.get(ref)

    def close(self) -> None:
        if self._started_here:
            self._ray.shutdown()


def make_executor(name: str, extractor: ExtractorSource, workers: int | None = None,
                  linker: LinkerLike | None = None) -> NlpExecutor:
    """``linker``: the relation gate's (see ``stages``); ``None`` scores every candidate pair."""
    if name == "serial" or (name == "process" and workers == 1):
        return SerialExecutor(extractor, linker)
    if name == "process":
        return ProcessExecutor(extractor, workers, linker)
    if name == "ray":
        return RayExecutor(extractor, workers, linker=linker)
    raise MedkgError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
