"""Browsing endpoints over a real Neo4j: autocomplete, entity pages, treatments, dosage texts, statistics."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.graph_data import (
    AMLODIPINE, ENTITIES, HYPERTENSION, LISINOPRIL, METFORMIN, METFORMIN_DOSAGE, METFORMIN_LABEL, RELATIONS,
)


def test_autocomplete_finds_entities_by_prefix(client: TestClient) -> None:
    response = client.get("/api/v1/entities", params={"q": "hyperten"})
    assert response.status_code == 200
    suggestions = response.json()
    assert suggestions[0]["id"] == HYPERTENSION and suggestions[0]["type"] == "Disease"
    by_synonym = client.get("/api/v1/entities", params={"q": "high blood"}).json()
    assert HYPERTENSION in [s["id"] for s in by_synonym]
    assert len(client.get("/api/v1/entities", params={"q": "a", "limit": 2}).json()) <= 2


def test_autocomplete_rejects_bad_parameters_and_survives_lucene_syntax(client: TestClient) -> None:
    assert client.get("/api/v1/entities").status_code == 422
    assert client.get("/api/v1/entities", params={"q": ""}).status_code == 422
    assert client.get("/api/v1/entities", params={"q": "x", "limit": 0}).status_code == 422
    for nasty in ('"', "AND OR NOT", "(((", "*:*", "\\", "a~~^2", "]["):
        response = client.get("/api/v1/entities", params={"q": nasty})
        assert response.status_code == 200, (nasty, response.text)


def test_entity_page_has_neighbours_and_evidence_counts(client: TestClient) -> None:
    response = client.get(f"/api/v1/entities/{HYPERTENSION}")
    assert response.status_code == 200
    entity = response.json()
    assert entity["name"] == "Hypertension" and entity["type"] == "Disease"
    expected = {r.head for r in RELATIONS if r.tail == HYPERTENSION}
    assert {n["id"] for n in entity["neighbours"]} == expected
    assert all(n["direction"] == "in" and n["evidence_count"] >= 1 for n in entity["neighbours"])
    counts = {c["relation"]: c for c in entity["evidence_counts"]}
    assert counts["TREATS"]["relationships"] == len(expected)
    assert counts["TREATS"]["evidence"] == sum(len(r.evidence) for r in RELATIONS if r.tail == HYPERTENSION)


def test_unknown_or_malformed_ids_are_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/entities/MESH:D000000").status_code == 404
    assert client.get("/api/v1/entities/not-an-id").status_code == 422
    assert client.get("/api/v1/diseases/MESH:D000000/treatments").status_code == 404
    assert client.get("/api/v1/drugs/MESH:D000000/dosage").status_code == 404
    assert client.get("/api/v1/drugs/%20:x/dosage").status_code == 422


def test_treatments_of_a_disease_are_ranked_with_evidence(client: TestClient) -> None:
    response = client.get(f"/api/v1/diseases/{HYPERTENSION}/treatments", params={"limit": 10})
    assert response.status_code == 200
    body = response.json()
    assert body["disease"]["id"] == HYPERTENSION
    ids = [t["id"] for t in body["treatments"]]
    assert {LISINOPRIL, AMLODIPINE} <= set(ids)
    assert ids.index(LISINOPRIL) < ids.index(AMLODIPINE)  # curated + literature outranks literature alone
    assert all(t["evidence"] for t in body["treatments"])


def test_dosage_of_a_drug_is_the_verbatim_label_text(client: TestClient) -> None:
    body = client.get(f"/api/v1/drugs/{METFORMIN}/dosage").json()
    assert body["drug"]["id"] == METFORMIN
    assert [d["text"] for d in body["dosage"]] == [METFORMIN_DOSAGE]
    assert body["dosage"][0]["document_id"] == METFORMIN_LABEL
    none = client.get(f"/api/v1/drugs/{LISINOPRIL}/dosage").json()
    assert none["dosage"] == [] and none["message"]


def test_stats_count_what_the_graph_holds(client: TestClient) -> None:
    stats = client.get("/api/v1/stats").json()
    assert stats["labels"]["Entity"] == len(ENTITIES)
    assert stats["labels"]["Drug"] == sum(1 for e in ENTITIES if e.label.value == "Drug")
    assert stats["relationships"]["TREATS"] == sum(1 for r in RELATIONS if r.type.value == "TREATS")
    assert stats["sources"]["pubmed"] == sum(1 for r in RELATIONS for e in r.evidence if e.source == "pubmed")
    assert "last_ingest_run" in stats
