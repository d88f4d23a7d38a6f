"""How many CPU threads a torch job should use on this machine right now.

torch's intra-op threads wait for each other at every operation: on a 2-core machine with other work running, two
threads are many times slower than one (RotatE on UMLS: 103 s with 2 threads against 4.5 s with 1 at load ~10;
NER training: ~9 s against ~2.5 s a batch). Training and inference (embeddings/, nlp/) ask here once at
start. Busy cores are sampled from ``/proc/stat`` over a short interval (the load average lags a minute behind:
right after a Neo4j import it still reads ~1.5 on an idle machine); where that file is missing, the load average.
"""

from __future__ import annotations

import os
import time


def cpu_threads(limit: int = 2) -> int:
    """Up to ``limit`` threads on idle cores, 1 when other work keeps the cores busy."""
    cores = os.cpu_count() or 1
    idle_cores = int(cores - busy_cores() + 0.5)
    return max(1, min(limit, idle_cores))


def busy_cores(interval: float = 0.5) -> float:
    """Cores' worth of CPU other processes are using now (``/proc/stat`` sampled over ``interval``)."""
    first = _cpu_times()
    if first is None:
        try:
            return os.getloadavg()[0]
        except OSError:  # no load average on this platform
            return 0.0
    time.sleep(interval)
    second = _cpu_times()
    total = sum(second) - sum(first)
    idle = (second[3] + second[4]) - (first[3] + first[4])  # idle + iowait
    return (os.cpu_count() or 1) * (1.0 - idle / total) if total > 0 else 0.0


def _cpu_times() -> list[int] | None:
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    return [int(value) for value in fields[1:8]] if fields and fields[0] == "cpu" else None
