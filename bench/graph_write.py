"""Write N synthetic facts with evidence: one transaction per fact vs the batched writer, side by side.

Usage: python bench/graph_write.py [--facts 50000] [--per-fact 1000] [--batch-size 5000] [--warmup 10000]

Starts medkg's own Neo4j in a temporary home (or uses NEO4J_URI, whose database it EMPTIES: point it at a
scratch database). A "fact" is one relation with one piece of evidence between two entities; entities are
written first and not counted. Before timing, ``--warmup`` other facts go through the batched writer and 1/20
as many through one transaction each (not counted), so both ways run on a JIT-compiled server with cached query
plans, as a long-running server does; ``--warmup 0`` measures a cold server. Prints facts/s for both ways, their
ratio, and the server's CPU seconds per way.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.driver import open_driver  # noqa: E402
from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType  # noqa: E402
from graph.launcher import free_port, read_pid, server_paths, start_server, stop_server  # noqa: E402
from core.settings import Settings  # noqa: E402
from graph.writer import GraphWriter, clear_database, create_schema  # noqa: E402

TYPES = [RelType.TREATS, RelType.CAUSES, RelType.INDICATED_FOR, RelType.TARGETS]


def synthetic(n_facts: int, n_entities: int, seed: int, offset: int = 0) -> tuple[list[Entity], list[Relation]]:
    rng = random.Random(seed)
    drugs = [Entity(id=f"SYN:drug{i}", label=NodeLabel.DRUG, name=f"drug {i}") for i in range(n_entities)]
    diseases = [Entity(id=f"SYN:dis{i}", label=NodeLabel.DISEASE, name=f"disease {i}") for i in range(n_entities)]
    relations = []
    for i in range(offset, offset + n_facts):
        head, tail = rng.choice(drugs), rng.choice(diseases)
        relations.append(Relation(type=TYPES[i % len(TYPES)], head=head.id, tail=tail.id, evidence=(
            Evidence(source="bench", document_id=f"PMID:{i}", text=f"{head.name} and {tail.name}, sentence {i}.",
                     start=0, end=20, extractor="bench", confidence=rng.random(),
                     kind=EvidenceKind.LITERATURE_EXTRACTION),)))
    return drugs + diseases, relations


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process (the Neo4j server), 0 when unknown (an external server)."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Timer:
    """Wall seconds plus the CPU seconds the server and this client spent: under a shared, loaded machine the
    CPU seconds show the work each way costs, which the wall time alone hides."""

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid
        self.results: dict[str, tuple[float, float, float]] = {}

    def __call__(self, label: str, fn) -> float:
        server0, client0, started = process_cpu_seconds(self.server_pid), time.process_time(), time.perf_counter()
        fn()
        seconds = time.perf_counter() - started
        server = process_cpu_seconds(self.server_pid) - server0
        client = time.process_time() - client0
        self.results[label] = (seconds, server, client)
        print(f"  {label}: {seconds:.2f} s (server CPU {server:.2f} s, client CPU {client:.2f} s)", flush=True)
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=50_000, help="facts for the batched writer")
    parser.add_argument("--per-fact", type=int, default=1_000, help="facts for one-transaction-per-fact")
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--warmup", type=int, default=10_000, help="uncounted facts written first (0: cold)")
    args = parser.parse_args()

    external = bool(os.environ.get("NEO4J_URI"))
    with tempfile.TemporaryDirectory() as home:
        settings = Settings() if external else Settings(home=Path(home), bolt_port=free_port())
        if not external:
            print(f"starting Neo4j in {home} …", flush=True)
            start_server(settings)
        try:
            run(settings, args)
        finally:
            if not external:
                stop_server(settings)


def run(settings: Settings, args: argparse.Namespace) -> None:
    db = settings.neo4j_database
    with open_driver(settings) as driver:
        clear_database(driver, db)
        create_schema(driver, db, settings.embedding_dim)
        entities, batched_facts = synthetic(args.facts, args.entities, seed=1)
        _, single_facts = synthetic(args.per_fact, args.entities, seed=2, offset=10_000_000)
        timed = Timer(None if settings.uses_external_neo4j else read_pid(server_paths(settings)))
        writer = GraphWriter(driver, db, batch_size=args.batch_size)
        writer.write_entities(entities)
        single_writer = GraphWriter(driver, db, batch_size=1)
        if args.warmup:
            _, warmup_facts = synthetic(args.warmup, args.entities, seed=3, offset=20_000_000)
            timed(f"warm-up, {args.warmup} facts (not counted)", lambda: writer.write_relations(warmup_facts))
            # The one-fact path runs other server code, which the JIT compiles during its first few hundred
            # transactions; without this the per-fact figure (and so the ratio) would partly measure compilation.
            _, singles = synthetic(args.warmup // 20, args.entities, seed=4, offset=30_000_000)
            timed(f"warm-up, {len(singles)} single-fact transactions (not counted)",
                  lambda: [single_writer.write_relations([f]) for f in singles])

        print(f"one transaction per fact ({args.per_fact} facts):", flush=True)
        per_fact_s = timed("write, per fact", lambda: [single_writer.write_relations([f]) for f in single_facts])
        print(f"batched, {args.batch_size} rows per transaction ({args.facts} facts):", flush=True)
        batched_s = timed("write, batched", lambda: writer.write_relations(batched_facts))
        rewrite_s = timed("same batch again (idempotent MERGE)", lambda: writer.write_relations(batched_facts))

        records, _, _ = driver.execute_query("MATCH (e:Evidence) RETURN count(e) AS n", database_=db)
        expected = args.facts + args.per_fact + args.warmup + args.warmup // 20
        assert records[0]["n"] == expected, f"evidence count {records[0]['n']} != {expected}"

    report(timed.results, args, per_fact_s, batched_s, rewrite_s)


def report(results: dict, args: argparse.Namespace, per_fact_s: float, batched_s: float, rewrite_s: float) -> None:
    per_fact_rate = args.per_fact / per_fact_s
    batched_rate = args.facts / batched_s
    print()
    print(f"{'way':<34}{'facts':>8}{'seconds':>9}{'facts/s':>10}{'server CPU s':>14}{'facts/server CPU s':>20}")
    ways = [("one transaction per fact", args.per_fact, "write, per fact"),
            ("batched UNWIND … MERGE", args.facts, "write, batched"),
            ("batched, rewrite (no change)", args.facts, "same batch again (idempotent MERGE)")]
    for name, facts, label in ways:
        seconds, server, _ = results[label]
        per_cpu = f"{facts / server:,.0f}" if server else "-"
        print(f"{name:<34}{facts:>8}{seconds:>9.2f}{facts / seconds:>10,.0f}{server:>14.2f}{per_cpu:>20}")
    print(f"ratio batched / per-fact: {batched_rate / per_fact_rate:.0f}x")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
