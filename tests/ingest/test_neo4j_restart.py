"""Neo4j restarted in the middle of a nightly run. Its own Neo4j (a temporary home on a free port, so the session's
server is left alone) is stopped once the run has written its first documents and started again a few seconds
later: the run waits (the driver retries with exponential backoff) and completes with the graph of an
uninterrupted run. When Neo4j stays away longer than the retry time, the run stops with a clear message, and the
next run resumes to the same graph: nothing lost, nothing duplicated (nodes, relationships, evidence, ids)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _ingest_support import DATA, cli_environment, count_documents, pubmed_ingest_command, snapshot
from neo4j.exceptions import (
    ConstraintError, CypherSyntaxError, IncompleteCommit, ServiceUnavailable, SessionExpired, TransientError,
)

from api.cli.common import connected  # a fresh driver each time: one opened before a restart holds dead connections
from core.settings import Settings
from graph.launcher import free_port, start_server, stop_server
from graph.writer import clear_database, create_schema, write_idempotent
from ingest.pipeline.run import neo4j_unavailable

INPUTS = [DATA / "pubmed-xml-samples" / name for name in
          ("medline16n0902.xml.gz", "pubmed-29768149.xml", "test_current_medline.xml.gz")]
AWAY_S = 5  # how long Neo4j stays stopped before it is started again
SHORT_RETRY_S = "3"  # the retry time of the run that gives up


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[Settings]:
    settings = Settings(home=tmp_path / "own-neo4j", bolt_port=free_port(), neo4j_heap="512m",
                        neo4j_pagecache="128m")
    start_server(settings)
    try:
        with connected(settings) as driver:
            create_schema(driver, settings.neo4j_database, settings.embedding_dim)
        yield settings
    finally:
        stop_server(settings)


def _stop_after_first_documents(settings: Settings, process: subprocess.Popen) -> int:
    """Wait until the run has written documents, then stop Neo4j; returns the documents written by then."""
    with connected(settings) as driver:
        while process.poll() is None:
            written = count_documents(driver, settings.neo4j_database)
            if written:
                stop_server(settings)
                return written
            time.sleep(0.2)
    raise AssertionError("the run ended before it wrote a document")


def _graph_and_runs(settings: Settings) -> tuple[tuple[frozenset, frozenset], list[str]]:
    with connected(settings) as driver:
        with driver.session(database=settings.neo4j_database) as session:
            statuses = session.run("MATCH (r:IngestRun) RETURN r.status AS s ORDER BY r.started_at").value()
        return snapshot(driver, settings.neo4j_database), statuses


def _ingest(env: dict[str, str], **popen: object) -> subprocess.Popen:
    return subprocess.Popen(pubmed_ingest_command(INPUTS), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **popen)


@pytest.mark.slow
def test_neo4j_restart_mid_run_loses_and_duplicates_nothing(driver, database, neo4j_settings, own_neo4j, tmp_path):
    uninterrupted = subprocess.run(pubmed_ingest_command(INPUTS), env=cli_environment(neo4j_settings, tmp_path / "a"),
                                   capture_output=True, text=True, timeout=600)
    assert uninterrupted.returncode == 0, uninterrupted.stderr[-2000:]
    expected = snapshot(driver, database)
    total = count_documents(driver, database)
    assert total > 600 and any("Evidence" in labels for labels, _ in expected[0]) and expected[1]

    # Neo4j away for a few seconds: the run waits for it and completes.
    env = cli_environment(own_neo4j, tmp_path / "b")
    process = _ingest(env)
    written_at_stop = _stop_after_first_documents(own_neo4j, process)
    time.sleep(AWAY_S)
    start_server(own_neo4j)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    assert 0 < written_at_stop < total and "will be retried" in err, err[-3000:]  # the backoff, in the log
    graph, statuses = _graph_and_runs(own_neo4j)
    assert graph == expected, f"nodes {len(graph[0])} vs {len(expected[0])}, rels {len(graph[1])} vs {len(expected[1])}"
    assert statuses == ["done"]

    # Neo4j away longer than the retry time: the run stops with a clear message; the next one resumes.
    with connected(own_neo4j) as own:
        clear_database(own, own_neo4j.neo4j_database)
    process = _ingest({**env, "MEDKG_NEO4J_WRITE_RETRY_S": SHORT_RETRY_S})
    written_at_stop = _stop_after_first_documents(own_neo4j, process)
    out, err = process.communicate(timeout=600)
    start_server(own_neo4j)
    assert process.returncode == 1, err[-3000:]
    assert f"still unreachable after {SHORT_RETRY_S} s of retries" in err and "run the same command again" in err, err
    assert "Traceback" not in err
    resumed = subprocess.run(pubmed_ingest_command(INPUTS), env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    graph, statuses = _graph_and_runs(own_neo4j)
    assert graph == expected and 0 < written_at_stop < total
    assert statuses in (["interrupted", "done"], ["failed", "done"])  # recorded when the give-up found Neo4j back


class _LosesFirstCommit:
    """A session whose first commit dies with the connection (pure unit: the driver cannot produce this on cue)."""

    def __init__(self) -> None:
        self.attempts = 0

    def execute_write(self, work, *args):
        self.attempts += 1
        if self.attempts == 1:
            raise IncompleteCommit("connection lost during commit")
        return work(*args)


def test_a_commit_lost_with_the_connection_is_run_again():
    session = _LosesFirstCommit()
    assert write_idempotent(session, lambda n: n * 2, 21) == 42 and session.attempts == 2


def test_only_an_unavailable_neo4j_stops_a_run_as_unavailable():
    waited_out = [ServiceUnavailable("refused"), SessionExpired("gone"), IncompleteCommit("lost"),
                  TransientError("starting")]
    not_waited = [ConstraintError("duplicate"), CypherSyntaxError("typo"), ValueError("bad input"), None]
    assert all(map(neo4j_unavailable, waited_out)) and not any(map(neo4j_unavailable, not_waited))
