"""Crash safety: SIGKILL a real `medkg ingest` process at random moments, resume, and compare the graph with the
graph of an uninterrupted run (no lost and no duplicated nodes, relationships or evidence)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _ingest_support import DATA, FIXTURES, snapshot

from graph.writer import clear_database

KILLS = 3


def _command(inputs: list[Path]) -> list[str]:
    return [sys.executable, "-m", "api", "ingest", "pubmed", *map(str, inputs), "--terms", str(FIXTURES / "terms.tsv"),
            "--executor", "serial", "--batch-size", "16", "--quiet"]


def _environment(settings, home: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password, "NEO4J_DATABASE": settings.neo4j_database,
            "MEDKG_HOME": str(home), "MEDKG_DATA_DIR": str(DATA)}


@pytest.mark.slow
def test_kill_and_resume_gives_the_uninterrupted_graph(driver, database, neo4j_settings, tmp_path):
    inputs = [DATA / "pubmed-xml-samples" / n for n in
              ("medline16n0902.xml.gz", "pubmed-29768149.xml", "test_current_medline.xml.gz")]
    env = _environment(neo4j_settings, tmp_path)
    started = time.monotonic()
    done = subprocess.run(_command(inputs), env=env, capture_output=True, text=True, timeout=600)
    full_seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    expected = snapshot(driver, database)
    assert len(expected[0]) > 600 and any(r[0] == "CAUSES" or r[0] == "TREATS" for r in expected[1])

    clear_database(driver, database)
    rng = random.Random(int(os.environ.get("MEDKG_CRASH_SEED", "5")))
    killed_after = []
    for _ in range(KILLS):
        process = subprocess.Popen(_command(inputs), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.3, 0.95) * full_seconds
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            killed_after.append(round(delay, 1))
    assert killed_after, "every run finished before its kill; the test proved nothing"
    resumed = subprocess.run(_command(inputs), env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert snapshot(driver, database) == expected, f"graph differs after kills at {killed_after} s"
    with driver.session(database=database) as session:
        statuses = session.run("MATCH (r:IngestRun) RETURN r.status AS s").value()
    # a run killed after it started its ledger entry is marked interrupted by the next one (one killed during
    # start-up leaves no entry at all)
    assert "running" not in statuses and statuses.count("interrupted") <= len(killed_after)
