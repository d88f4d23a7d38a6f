"""The API's browsing functions against the populated test graph."""

from __future__ import annotations

from neo4j import Driver

from query import browse
from tests.query.conftest import LIPITOR, LIPITOR_DOSAGE


def test_autocomplete_prefix(populated: Driver, database: str) -> None:
    found = browse.autocomplete(populated, database, "atorv", 5)
    assert found[0]["id"] == "MESH:D000069059"
    assert browse.autocomplete(populated, database, "hyperten", 5)[0]["name"] == "Hypertension"
    assert browse.autocomplete(populated, database, "')}) //", 5) == []


def test_entity_details(populated: Driver, database: str) -> None:
    details = browse.entity_details(populated, database, "MESH:D000069059")
    assert details["name"] == "Atorvastatin" and details["type"] == "Drug"
    relations = {(n["relation"], n["id"], n["direction"]) for n in details["neighbours"]}
    assert ("TARGETS", "NCBIGENE:3156", "out") in relations
    assert {row["relation"] for row in details["evidence_counts"]} >= {"CAUSES", "TARGETS", "TREATS"}
    assert browse.entity_details(populated, database, "MESH:NOPE") is None


def test_treatments_for(populated: Driver, database: str) -> None:
    result = browse.treatments_for(populated, database, "MESH:D006973", 10)
    assert [t["name"] for t in result["treatments"]][0] == "Amlodipine"
    assert all(t["evidence"] for t in result["treatments"])
    assert browse.treatments_for(populated, database, "MESH:NOPE", 10) is None


def test_dosage_for(populated: Driver, database: str) -> None:
    result = browse.dosage_for(populated, database, "MESH:D000069059")
    assert result["dosage"][0]["text"] == LIPITOR_DOSAGE and result["dosage"][0]["document_id"] == LIPITOR
    assert browse.dosage_for(populated, database, "MESH:D014859")["dosage"] == []


def test_graph_stats(populated: Driver, database: str) -> None:
    stats = browse.graph_stats(populated, database)
    assert stats["labels"]["Drug"] == 8 and stats["relationships"]["TREATS"] == 6
    assert stats["sources"]["pharmacotherapydb"] == 5
    assert stats["last_ingest_run"] is None
