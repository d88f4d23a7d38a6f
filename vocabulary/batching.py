"""Encoding the texts of concurrent callers together: ``BatchingEncoder(embedder).encode([text])``.

A server answering many questions at once embeds one short sentence per question. One forward pass over the
sentences that are waiting costs far less than one pass each (measured in docs/benchmarks.md), so callers hand
their texts to one worker thread, which encodes whatever has queued up in one batch and hands each caller its rows.
A caller alone is encoded at once (no waiting window). Rows are the same as the wrapped embedder's: padding is
masked out of attention and pooling, so only float rounding can differ.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

import numpy as np


class BatchingEncoder:
    """Wraps anything with ``encode(texts) -> array``; thread-safe; ``max_batch`` texts per forward pass at most."""

    def __init__(self, embedder: Any, max_batch: int = 32) -> None:
        self.embedder = embedder
        self.max_batch = max_batch
        self.batches = 0  # forward passes run (for tests and the benchmark)
        self._waiting: list[tuple[list[str], Future[np.ndarray]]] = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None

    def __getattr__(self, name: str) -> Any:  # dimension, model_path … of the wrapped embedder
        return getattr(self.embedder, name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if len(texts) >= self.max_batch:  # a batch already: no reason to queue
            return self.embedder.encode(texts)
        done: Future[np.ndarray] = Future()
        with self._lock:
            self._waiting.append((texts, done))
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="batching-encoder", daemon=True)
                self._worker.start()
            self._wake.notify()
        return done.result()

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._waiting:
                    self._wake.wait()
                batch = self._take()
            self._encode(batch)

    def _take(self) -> list[tuple[list[str], Future[np.ndarray]]]:
        """The oldest waiting requests, up to ``max_batch`` texts (at least one request)."""
        taken, size = [], 0
        while self._waiting and (not taken or size + len(self._waiting[0][0]) <= self.max_batch):
            request = self._waiting.pop(0)
            taken.append(request)
            size += len(request[0])
        return taken

    def _encode(self, batch: list[tuple[list[str], Future[np.ndarray]]]) -> None:
        self.batches += 1
        try:
            rows = self.embedder.encode([text for texts, _ in batch for text in texts])
        except BaseException as error:  # noqa: BLE001 - every caller of the batch gets the error
            for _, done in batch:
                done.set_exception(error)
            return
        start = 0
        for texts, done in batch:
            done.set_result(rows[start:start + len(texts)])
            start += len(texts)
