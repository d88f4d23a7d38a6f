"""Python's garbage collector around large read-only data and long streams of short-lived objects.

A full collection walks every tracked container object. With the vocabulary loaded (hundreds of thousands of
entries, names, synonyms) that walk dominated a streaming parse: PubTator3's parse + map spent about a third of its
CPU time collecting (bench/pubtator3_parse.py, docs/benchmarks.md). Two standard remedies, both here:

* ``freeze_long_lived()`` after loading data kept for the whole process: ``gc.freeze`` moves every object now
  tracked to a permanent generation that collections skip (garbage is collected first, so none is kept);
* ``fewer_collections()`` around a stream that builds millions of acyclic records (named tuples, pydantic models),
  which reference counting frees: the youngest generation is collected every ``YOUNG_THRESHOLD`` allocations
  instead of every 700, so batches of live records are not walked again and again. Cycles are still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000
OLDER_THRESHOLD = 20


def freeze_long_lived() -> None:
    """Collect garbage, then exempt every object alive now from later collections (call after a large load)."""
    gc.collect()
    gc.freeze()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect less often inside the block (the previous thresholds are restored after it)."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], YOUNG_THRESHOLD), max(previous[1], OLDER_THRESHOLD),
                     max(previous[2], OLDER_THRESHOLD))
    try:
        yield
    finally:
        gc.set_threshold(*previous)
