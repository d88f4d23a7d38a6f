"""BatchingEncoder (a pure unit: the wrapped encoder is a small deterministic function of each text)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from vocabulary.batching import BatchingEncoder


class _Recording:
    """Encodes each text as [length, vowels]; the first call waits until released, so others queue up meanwhile."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.release = threading.Event()

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        if len(self.calls) == 1:
            self.release.wait(5)
        if "boom" in texts:
            raise ValueError("cannot encode boom")
        return np.asarray([[len(t), sum(c in "aeiou" for c in t)] for t in texts], dtype=np.float32)


def test_each_caller_gets_its_own_rows_and_waiting_callers_share_one_pass() -> None:
    inner = _Recording()
    encoder = BatchingEncoder(inner, max_batch=8)
    texts = [f"question number {'a' * i}" for i in range(7)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(encoder.encode, ["first question"])
        time.sleep(0.2)  # the first pass is running: the rest queue up behind it
        rest = [pool.submit(encoder.encode, [text]) for text in texts]
        time.sleep(0.3)
        inner.release.set()
        rows = [future.result(5) for future in rest]
    assert first.result(5).tolist() == [[14.0, 5.0]]
    for text, row in zip(texts, rows):
        assert row.tolist() == inner.encode([text]).tolist()
    assert len(inner.calls) == 1 + 1 + len(texts)  # one pass for the first, one for the seven waiting, our checks
    assert sorted(inner.calls[1]) == sorted(texts)


def test_a_failed_pass_raises_in_its_callers_and_the_encoder_goes_on() -> None:
    inner = _Recording()
    inner.release.set()
    encoder = BatchingEncoder(inner)
    with pytest.raises(ValueError, match="boom"):
        encoder.encode(["boom"])
    assert encoder.encode(["fine"]).tolist() == [[4.0, 2.0]]
