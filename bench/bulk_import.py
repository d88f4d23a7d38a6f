"""Bulk import (``medkg db import``'s path) vs the batched writer vs one transaction per fact, side by side.

Usage: python bench/bulk_import.py [--bulk 100000 1000000] [--facts 50000] [--per-fact 1000] [--warmup 5000]

A "fact" is one relation with one piece of evidence between two entities (``bench/graph_write.py``'s synthetic
facts, the same generator); entities are written first and not counted. Transactional ways (``graph_write``'s
warm-up and timer): medkg's own Neo4j in a temporary home. Bulk way, per size: the facts go through
``graph.bulk.BulkGraph`` (the writer's typed methods, CSV out), then Neo4j's import tool builds a new store in
another temporary home; then Neo4j starts on it and the schema of ``medkg db init`` is built (timed apart: an
index build the transactional ways pay while writing). The figures compare facts/s; generating the facts (pydantic
objects) is not timed on any way. The store's size on disk (data and transaction
logs, after the schema) is printed per bulk size. Each way also reports its CPU seconds (transactional: server + client; bulk:
this process + the import tool's JVM): on a shared machine facts per CPU second is the comparable figure. NEO4J_URI
is ignored: the bulk way needs a store of its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_write import Timer, synthetic  # noqa: E402

from core.settings import Settings  # noqa: E402
from graph.bulk import BulkGraph, prepare_loaded_store, run_import_tool  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from graph.launcher import (  # noqa: E402
    free_port, read_pid, server_paths, start_server, stop_server, store_size_bytes,
)
from graph.writer import GraphWriter, create_schema  # noqa: E402

CHUNK = 100_000  # facts generated and handed to the bulk collector at a time (bounded memory)


def children_cpu() -> float:
    """CPU seconds of finished child processes (the import tool's JVM, waited for by ``subprocess.run``)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(fn: Callable[[], object], cpu: dict[str, float] | None = None, stage: str = "",
          children: bool = False) -> float:
    """Wall seconds of ``fn``; its CPU seconds added to ``cpu[stage]``: this process's, or with ``children`` its
    finished children's (a server stopped earlier may be reaped late and would count in this process's stage)."""
    clock = children_cpu if children else time.process_time
    started, cpu0 = time.perf_counter(), clock()
    fn()
    if cpu is not None:
        cpu[stage] = cpu.get(stage, 0.0) + clock() - cpu0
    return time.perf_counter() - started


def stop_and_reap(settings: Settings) -> None:
    """Stop the server and wait until its process is gone (reaped), so its CPU is counted before the next stage."""
    pid = read_pid(server_paths(settings))
    stop_server(settings)
    deadline = time.monotonic() + 60
    while pid is not None and os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)


def transactional(args: argparse.Namespace, home: Path) -> dict[str, tuple[int, float, float]]:
    """One transaction per fact and the batched writer on one warmed-up server (as bench/graph_write.py)."""
    settings = Settings(home=home, bolt_port=free_port())
    print(f"starting Neo4j in {home} …", flush=True)
    start_server(settings)
    try:
        with open_driver(settings) as driver:
            db = settings.neo4j_database
            create_schema(driver, db, settings.embedding_dim)
            entities, batched_facts = synthetic(args.facts, args.entities, seed=1)
            _, single_facts = synthetic(args.per_fact, args.entities, seed=2, offset=10_000_000)
            timer = Timer(read_pid(server_paths(settings)))
            writer, single = GraphWriter(driver, db, batch_size=5000), GraphWriter(driver, db, batch_size=1)
            writer.write_entities(entities)
            if args.warmup:
                _, warm = synthetic(args.warmup, args.entities, seed=3, offset=20_000_000)
                timer("warm-up, batched (not counted)", lambda: writer.write_relations(warm))
                timer("warm-up, per fact (not counted)", lambda: [single.write_relations([f]) for f in
                                                                   warm[: args.warmup // 20]])
            per_fact = timer("one transaction per fact", lambda: [single.write_relations([f]) for f in single_facts])
            batched = timer("batched UNWIND … MERGE", lambda: writer.write_relations(batched_facts))
    finally:
        stop_and_reap(settings)
    cpu = {label: server + client for label, (_, server, client) in timer.results.items()}
    return {"one transaction per fact": (args.per_fact, per_fact, cpu["one transaction per fact"]),
            "batched writer (5000 rows)": (args.facts, batched, cpu["batched UNWIND … MERGE"])}


def bulk(n_facts: int, args: argparse.Namespace, home: Path, csv: Path) -> tuple[dict[str, float], float]:
    """Collect ``n_facts`` as CSV through the writer's typed methods, import them, build the schema; returns the
    wall seconds per stage and the CPU seconds of CSV + import tool (this process and the tool's JVM)."""
    settings = Settings(home=home, bolt_port=free_port())
    graph = BulkGraph(csv)
    entities, _ = synthetic(0, args.entities, seed=1)
    cpu: dict[str, float] = {}
    seconds = {"csv": timed(lambda: graph.write_entities(entities), cpu, "csv")}
    for offset in range(0, n_facts, CHUNK):
        _, facts = synthetic(min(CHUNK, n_facts - offset), args.entities, seed=5 + offset, offset=offset)
        seconds["csv"] += timed(lambda: graph.write_relations(facts), cpu, "csv")
    files = []
    seconds["csv"] += timed(lambda: files.append(graph.close()), cpu, "csv")
    print(f"  {n_facts} facts: CSV {seconds['csv']:.1f} s, CPU {cpu['csv']:.1f} s ({files[0].nodes} nodes, "
          f"{files[0].relationships} relationships)", flush=True)
    output: list[str] = []
    seconds["import tool"] = timed(lambda: output.append(run_import_tool(
        files[0], server_paths(settings).data, settings.neo4j_database, True, "1g")), cpu, "import tool", True)
    done = next((line for line in output[0].splitlines() if "IMPORT DONE" in line), "").strip()
    print(f"  import tool {seconds['import tool']:.1f} s, CPU {cpu['import tool']:.1f} s (the tool: {done})",
          flush=True)
    start_server(settings)
    try:
        with open_driver(settings) as driver:
            seconds["schema after load"] = timed(lambda: prepare_loaded_store(driver, settings.neo4j_database,
                                                                              settings.embedding_dim))
            records, _, _ = driver.execute_query("MATCH (e:Evidence) RETURN count(e) AS n")
            assert records[0]["n"] == n_facts, f"evidence {records[0]['n']} != {n_facts}"
    finally:
        stop_and_reap(settings)
    size = store_size_bytes(settings)
    print(f"  schema after load {seconds['schema after load']:.1f} s; store {size / 1e6:,.0f} MB with its indexes "
          f"({size / n_facts:,.0f} bytes a fact)", flush=True)
    return seconds, cpu["csv"] + cpu["import tool"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bulk", type=int, nargs="+", default=[100_000, 1_000_000], help="facts per bulk import")
    parser.add_argument("--facts", type=int, default=50_000, help="facts for the batched writer")
    parser.add_argument("--per-fact", type=int, default=1_000, help="facts for one transaction per fact")
    parser.add_argument("--entities", type=int, default=5_000, help="drugs and as many diseases")
    parser.add_argument("--warmup", type=int, default=5_000, help="uncounted facts written first (0: cold)")
    args = parser.parse_args()
    os.environ.pop("NEO4J_URI", None)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (facts, seconds, cpu) in transactional(args, Path(tmp) / "transactional").items():
            rows.append((name, facts, seconds, cpu, {}))
        for n_facts in args.bulk:
            print(f"bulk import, {n_facts} facts:", flush=True)
            stages, cpu = bulk(n_facts, args, Path(tmp) / "bulk", Path(tmp) / f"csv-{n_facts}")
            rows.append(("bulk: CSV + import tool", n_facts, stages["csv"] + stages["import tool"], cpu, stages))
    report(rows)


def report(rows: list[tuple[str, int, float, float, dict[str, float]]]) -> None:
    """Facts/s (wall) and facts per CPU second (server + client; CSV + the tool's JVM), each as a ratio to one
    transaction per fact: on a shared machine the CPU figure is the one that says what a way costs."""
    per_fact_rate, per_fact_cpu_rate = rows[0][1] / rows[0][2], rows[0][1] / rows[0][3]
    print()
    print(f"{'way':<28}{'facts':>9}{'seconds':>9}{'facts/s':>9}{'ratio':>7}{'CPU s':>8}{'facts/CPU s':>12}"
          f"{'ratio':>7}  stages (wall s)")
    for name, facts, seconds, cpu, stages in rows:
        rate, cpu_rate = facts / seconds, facts / cpu
        detail = ", ".join(f"{stage} {value:.1f}" for stage, value in stages.items())
        print(f"{name:<28}{facts:>9}{seconds:>9.1f}{rate:>9,.0f}{rate / per_fact_rate:>6.0f}x{cpu:>8.1f}"
              f"{cpu_rate:>12,.0f}{cpu_rate / per_fact_cpu_rate:>6.0f}x  {detail}")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
