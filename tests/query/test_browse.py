"""The API's browsing functions against the populated test graph."""

from __future__ import annotations

from query import browse
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner
from tests.query.conftest import LIPITOR, LIPITOR_DOSAGE


def test_autocomplete_prefix(runner: ReadOnlyRunner) -> None:
    found = browse.autocomplete(runner, "atorv", 5)
    assert found[0]["id"] == "MESH:D000069059"
    assert browse.autocomplete(runner, "hyperten", 5)[0]["name"] == "Hypertension"
    assert browse.autocomplete(runner, "')}) //", 5) == []


def test_entity_details(runner: ReadOnlyRunner) -> None:
    details = browse.entity_details(runner, "MESH:D000069059")
    assert details["name"] == "Atorvastatin" and details["type"] == "Drug"
    relations = {(n["relation"], n["id"], n["direction"]) for n in details["neighbours"]}
    assert ("TARGETS", "NCBIGENE:3156", "out") in relations
    assert {row["relation"] for row in details["evidence_counts"]} >= {"CAUSES", "TARGETS", "TREATS"}
    assert browse.entity_details(runner, "MESH:NOPE") is None


def test_treatments_for(runner: ReadOnlyRunner) -> None:
    result = browse.treatments_for(runner, "MESH:D006973", 10)
    assert [t["name"] for t in result["treatments"]][0] == "Amlodipine"
    assert all(t["evidence"] for t in result["treatments"])
    assert browse.treatments_for(runner, "MESH:NOPE", 10) is None


def test_treatments_page_and_question_rank_alike(runner: ReadOnlyRunner, engine: QueryEngine) -> None:
    page = browse.treatments_for(runner, "MESH:D006973", 10)
    answer = engine.answer("best treatment for hypertension", 10)
    assert [t["id"] for t in page["treatments"]] == [item.id for item in answer.answers]
    assert [t["score"] for t in page["treatments"]] == [item.score for item in answer.answers]


def test_dosage_for(runner: ReadOnlyRunner) -> None:
    result = browse.dosage_for(runner, "MESH:D000069059")
    assert result["dosage"][0]["text"] == LIPITOR_DOSAGE and result["dosage"][0]["document_id"] == LIPITOR
    assert browse.dosage_for(runner, "MESH:D014859")["dosage"] == []


def test_graph_stats(runner: ReadOnlyRunner) -> None:
    stats = browse.graph_stats(runner)
    assert stats["labels"]["Drug"] == 8 and stats["relationships"]["TREATS"] == 6
    assert stats["sources"]["pharmacotherapydb"] == 5
    assert stats["last_ingest_run"] is None
