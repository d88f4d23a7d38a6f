"""Kill a real nightly-style ingest at many random points, resume it, and compare the graph with an uninterrupted run.

Usage: python bench/crash_points.py [--kills 20] [--seed 5]

Starts a scratch Neo4j of its own (medkg's launcher, a temporary home and a free port; never the demo graph), runs
``medkg ingest pubmed`` over three PubMed fixture files once uninterrupted (the expected graph), then in rounds:
empty the graph, start the same command, SIGKILL it after a random delay (seeded; uniform over 10–90 % of the
latest whole run's time, measured again whenever a start from an empty graph finishes before its kill: the load
varies), start it again (it resumes from the ledger), kill again … (``--per-round`` kills at most), until a start
finishes; that round's final graph is compared with the expected one. Rounds go on until ``--kills`` kills were
made. Compared: node, relationship and Evidence counts and a SHA-256 over the sorted export of every node and
relationship with its properties (ledger nodes left out, times as '<time>'). Exit code 0 when every round's graph
equals the uninterrupted one, 1 otherwise. The slow test tests/ingest/test_crash.py does the same with 3 kills.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neo4j import Driver  # noqa: E402

from core.settings import Settings  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from graph.launcher import free_port, start_server, stop_server  # noqa: E402
from graph.writer import clear_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "data" / "ingest"
INPUTS = [DATA / "pubmed-xml-samples" / name for name in
          ("medline16n0902.xml.gz", "pubmed-29768149.xml", "test_current_medline.xml.gz")]
LEDGER_LABELS = {"IngestRun", "IngestFile", "Quarantine"}


@dataclass(frozen=True)
class GraphState:
    nodes: int
    relationships: int
    evidence: int
    export_sha256: str

    def __str__(self) -> str:
        return (f"{self.nodes:,} nodes, {self.relationships:,} relationships, {self.evidence:,} evidence, "
                f"export {self.export_sha256[:16]}")


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else "<time>"


def graph_state(driver: Driver, database: str) -> GraphState:
    """Counts and a hash of the sorted export of the knowledge graph (ledger nodes left out, times as '<time>')."""
    with driver.session(database=database) as session:
        nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p").data()
        rels = session.run("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, labels(a) AS la, "
                           "properties(r) AS p").data()
    node_rows = sorted(json.dumps([sorted(r["labels"]), {k: _plain(v) for k, v in r["p"].items()}],
                                  sort_keys=True) for r in nodes if not LEDGER_LABELS & set(r["labels"]))
    rel_rows = sorted(json.dumps([r["type"], r["a"], r["b"], {k: _plain(v) for k, v in r["p"].items()}], sort_keys=True)
                      for r in rels if not LEDGER_LABELS & set(r["la"]))
    digest = hashlib.sha256("\n".join(node_rows + ["--"] + rel_rows).encode()).hexdigest()
    evidence = sum(1 for r in nodes if "Evidence" in r["labels"])
    return GraphState(len(node_rows), len(rel_rows), evidence, digest)


def documents(driver: Driver, database: str) -> int:
    with driver.session(database=database) as session:
        return session.run("MATCH (d:Document) RETURN count(d) AS n").single()["n"]


def ingest_command() -> list[str]:
    return [sys.executable, "-m", "api", "ingest", "pubmed", *map(str, INPUTS), "--terms", str(FIXTURES / "terms.tsv"),
            "--executor", "serial", "--batch-size", "16", "--quiet"]


def environment(settings: Settings, home: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password, "NEO4J_DATABASE": settings.neo4j_database,
            "MEDKG_HOME": str(home), "MEDKG_DATA_DIR": str(DATA)}


def run_to_end(env: dict[str, str]) -> float:
    started = time.monotonic()
    done = subprocess.run(ingest_command(), env=env, capture_output=True, text=True, timeout=1800, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return time.monotonic() - started


def kill_rounds(driver: Driver, database: str, env: dict[str, str], rng: random.Random, full_s: float, kills: int,
                expected: GraphState, per_round: int) -> list[dict[str, object]]:
    """Rounds of kill → resume until ``kills`` kills; each round (at most ``per_round`` kills) ends with a run that
    finishes, then a compare."""
    rounds: list[dict[str, object]] = []
    made = 0
    while made < kills:
        clear_database(driver, database)
        points: list[tuple[float, int]] = []
        while True:
            delay = rng.uniform(0.1, 0.9) * full_s
            process = subprocess.Popen(ingest_command(), env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)
            started = time.monotonic()
            try:
                process.wait(timeout=delay if made < kills and len(points) < per_round else None)
                if not points:  # a whole run from an empty graph: the machine's pace now (its load varies)
                    full_s = time.monotonic() - started
                break  # finished before its kill (or no kills left): the round's graph is complete
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                made += 1
                points.append((round(delay, 1), documents(driver, database)))
                print(f"kill {made}/{kills} after {delay:.1f} s: {points[-1][1]} documents in the graph", flush=True)
        if process.returncode != 0:
            raise SystemExit(f"resumed ingest failed (exit {process.returncode}): "
                             f"{process.stderr.read().decode()[-2000:] if process.stderr else ''}")
        state = graph_state(driver, database)
        rounds.append({"kills": points, "state": state, "equal": state == expected})
        print(f"round {len(rounds)}: {len(points)} kills at (s, documents) {points}; {state}; "
              f"{'EQUAL' if state == expected else 'DIFFERENT'}", flush=True)
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=1,
                        help="kills before a round's run may finish (1: every kill lands in a run from an empty graph, "
                             "spread over its whole time; more: kills of resumed runs too, mostly in their start-up)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="medkg-crash-") as folder:
        home = Path(folder)
        settings = Settings(home=home, bolt_port=free_port(), neo4j_heap="768m", neo4j_pagecache="256m")
        start_server(settings)
        try:
            driver = open_driver(settings)
            env = environment(settings, home)
            database = settings.neo4j_database
            clear_database(driver, database)
            full_s = run_to_end(env)
            expected = graph_state(driver, database)
            print(f"uninterrupted: {full_s:.1f} s, {documents(driver, database)} documents; {expected}", flush=True)
            rounds = kill_rounds(driver, database, env, random.Random(args.seed), full_s, args.kills, expected,
                                 args.per_round)
            driver.close()
        finally:
            stop_server(settings)
    equal = all(r["equal"] for r in rounds)
    kills = sum(len(r["kills"]) for r in rounds)
    mid_write = sum(1 for r in rounds for _, docs in r["kills"] if docs > 0)
    print(f"{kills} kills in {len(rounds)} rounds ({mid_write} after documents were written), "
          f"{'every round equal to the uninterrupted graph' if equal else 'SOME ROUNDS DIFFER'}; "
          f"{time.monotonic() - started:.0f} s in all")
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()
