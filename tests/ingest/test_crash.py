"""Crash safety: SIGKILL a real `medkg ingest` process at random moments, resume, and compare the graph with the
graph of an uninterrupted run (no lost and no duplicated nodes, relationships or evidence)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest
from _ingest_support import DATA, cli_environment, count_documents, pubmed_ingest_command, snapshot

from graph.writer import clear_database

KILLS = 3
MAX_ROUNDS = 5


def _kill_repeatedly(driver, database, command, env, rng, full_seconds: float, total: int) -> list[tuple[float, int]]:
    """Start the ingest KILLS times, each killed with SIGKILL after a random part of the uninterrupted run's time;
    returns (seconds, documents in the graph) per kill.

    The kills must prove something on a loaded machine whose timing varies: a run that finishes before its kill
    leaves the next runs nothing to do, so start over from an empty graph with earlier kills; a round whose kills
    all hit the start-up (no document written yet, or all of them) starts over with later kills.
    """
    scale = 1.0
    for _ in range(MAX_ROUNDS):
        clear_database(driver, database)
        kills: list[tuple[float, int]] = []
        while len(kills) < KILLS:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            delay = rng.uniform(0.2, 0.7) * full_seconds * scale
            try:
                process.wait(timeout=delay)
                scale /= 2  # finished before its kill
                break
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                kills.append((round(delay, 1), count_documents(driver, database)))
        else:
            if any(0 < documents < total for _, documents in kills):
                return kills
            scale = min(1.0, scale * 1.5)
    raise AssertionError(f"no round of {KILLS} kills hit a half-done ingest in {MAX_ROUNDS} tries")


@pytest.mark.slow
def test_kill_and_resume_gives_the_uninterrupted_graph(driver, database, neo4j_settings, tmp_path):
    inputs = [DATA / "pubmed-xml-samples" / n for n in
              ("medline16n0902.xml.gz", "pubmed-29768149.xml", "test_current_medline.xml.gz")]
    env = cli_environment(neo4j_settings, tmp_path)
    started = time.monotonic()
    done = subprocess.run(pubmed_ingest_command(inputs), env=env, capture_output=True, text=True, timeout=600)
    full_seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    expected = snapshot(driver, database)
    total = count_documents(driver, database)
    assert len(expected[0]) > 600 and any(r[0] == "CAUSES" or r[0] == "TREATS" for r in expected[1])

    rng = random.Random(int(os.environ.get("MEDKG_CRASH_SEED", "5")))
    killed_after = _kill_repeatedly(driver, database, pubmed_ingest_command(inputs), env, rng, full_seconds, total)
    resumed = subprocess.run(pubmed_ingest_command(inputs), env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert snapshot(driver, database) == expected, f"graph differs after kills at (s, documents) {killed_after}"
    with driver.session(database=database) as session:
        statuses = session.run("MATCH (r:IngestRun) RETURN r.status AS s").value()
    # a run killed after it started its ledger entry is marked interrupted by the next one (one killed during
    # start-up leaves no entry at all)
    assert "running" not in statuses and statuses.count("interrupted") <= len(killed_after)
