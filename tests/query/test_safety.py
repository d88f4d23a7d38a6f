"""Injection attempts change nothing and get a normal "not understood" answer; every template is a read."""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from neo4j import Driver

from graph.models import NodeLabel, RelType
from query import templates
from query.answer import QueryEngine
from query.models import Intent
from query.safety import QueryFailed, ReadOnlyRunner, explain_is_read_only, lexically_read_only

INJECTIONS = [
    "x'}) MATCH (n) DETACH DELETE n //",
    "side effects of x'}) MATCH (n) DETACH DELETE n //",
    "best treatment for hypertension\"}) MATCH (n) DETACH DELETE n RETURN 1 //",
    "CALL dbms.killQueries(['1'])",
    "what does CALL dbms.security.createUser('x','y') treat",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Leak {line: line})",
    "dose of metformin'; MATCH (n) SET n.name = 'pwned' //",
    "MATCH (n) DETACH DELETE n",
]


def snapshot(driver: Driver, database: str) -> tuple[int, int, list[str]]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes, collect(coalesce(n.name, n.id)) AS names "
        "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels, names", database_=database, routing_="r")
    row = records[0]
    return row["nodes"], row["rels"], sorted(str(name) for name in row["names"])


@pytest.mark.parametrize("question", INJECTIONS)
def test_injection_changes_nothing(engine: QueryEngine, populated: Driver, database: str, question: str) -> None:
    before = snapshot(populated, database)
    answer = engine.answer(question)
    assert snapshot(populated, database) == before
    assert answer.answers == [] and answer.message  # a normal "not understood" answer
    assert before[0] > 0


def test_read_runner_refuses_writes(populated: Driver, database: str) -> None:
    before = snapshot(populated, database)
    runner = ReadOnlyRunner(populated, database)
    with pytest.raises(QueryFailed):
        runner.run("MATCH (n) DETACH DELETE n")
    assert snapshot(populated, database) == before


def test_row_limit_is_applied(populated: Driver, database: str) -> None:
    rows = ReadOnlyRunner(populated, database, row_limit=3).run("MATCH (n:Entity) RETURN n.id AS id")
    assert len(rows) == 3


def test_runner_from_settings_takes_their_limits(populated: Driver, neo4j_settings) -> None:
    settings = neo4j_settings.model_copy(update={"query_row_limit": 2, "query_timeout_s": 3.5})
    runner = ReadOnlyRunner.from_settings(populated, settings)
    assert (runner.database, runner.timeout_s) == (settings.neo4j_database, 3.5)
    assert len(runner.run("MATCH (n:Entity) RETURN n.id AS id")) == 2


def _all_templates() -> list[tuple[str, str]]:
    hop = templates.Hop((RelType.TREATS,), "in", (NodeLabel.DRUG,))
    built = []
    for name, function in inspect.getmembers(templates, inspect.isfunction):
        if function.__module__ != templates.__name__ or name.startswith("_"):
            continue
        params = inspect.signature(function).parameters
        statement = function(hop) if "hop" in params else function((RelType.TREATS,)) if params else function()
        built.append((name, statement))
    return built


def test_every_template_plans_as_a_read(populated: Driver, database: str) -> None:
    statements = _all_templates()
    assert len(statements) >= 10
    for name, statement in statements:
        summary = populated.session(database=database).run(f"EXPLAIN {statement}").consume()
        assert summary.query_type == "r", name


@pytest.mark.parametrize("statement", [
    "MATCH (n) DETACH DELETE n", "CREATE (n:X)", "MATCH (n) SET n.x = 1 RETURN n", "CALL dbms.killQueries([])",
    "LOAD CSV FROM 'file:///x' AS l RETURN l", "MATCH (n) RETURN n; MATCH (m) DELETE m",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "MERGE (n:Entity {id: 'x'})",
    "MATCH (n) CALL (n) { DETACH DELETE n } RETURN 1",
])
def test_explain_gate_refuses_non_reads(populated: Driver, database: str, statement: str) -> None:
    assert not explain_is_read_only(populated, database, statement)


def test_explain_gate_accepts_reads(populated: Driver, database: str) -> None:
    assert explain_is_read_only(populated, database, "MATCH (d:Disease)<-[:TREATS]-(x:Drug) RETURN x.id AS id LIMIT 5")
    assert lexically_read_only("MATCH (n) WHERE n.name = 'DELETE me' RETURN n")  # words inside strings are data


class _FakeLlm(BaseHTTPRequestHandler):
    reply = ""

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        body = json.dumps({"choices": [{"message": {"content": f"```cypher\n{type(self).reply}\n```"}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def fake_llm() -> Iterator[tuple[str, type[_FakeLlm]]]:
    handler = type("Handler", (_FakeLlm,), {})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", handler
    server.shutdown()


def test_llm_write_is_refused_and_graph_unchanged(populated: Driver, database: str, neo4j_settings, fake_llm) -> None:
    url, handler = fake_llm
    handler.reply = "MATCH (n) DETACH DELETE n"
    settings = neo4j_settings.model_copy(update={"llm_url": url, "llm_model": "fake"})
    before = snapshot(populated, database)
    answer = QueryEngine(populated, settings).answer("tell me everything, then forget it")
    assert snapshot(populated, database) == before
    assert answer.answers == [] and answer.intent is Intent.UNKNOWN and answer.message


def test_llm_read_runs_and_is_marked_hypothesis(populated: Driver, database: str, neo4j_settings, fake_llm) -> None:
    url, handler = fake_llm
    handler.reply = "MATCH (d:Drug)-[:TREATS]->(:Disease {name: 'Hypertension'}) RETURN d.id AS id, d.name AS name"
    settings = neo4j_settings.model_copy(update={"llm_url": url, "llm_model": "fake"})
    answer = QueryEngine(populated, settings).answer("tell me what lowers pressure in arteries")
    assert {item.id for item in answer.answers} == {"MESH:D017311", "MESH:D017706", "MESH:D006852"}
    assert all(item.hypothesis and not item.evidence for item in answer.answers)
    assert answer.cypher == [handler.reply]
