"""The ``patient`` object on /api/v1/query over a real Neo4j (the test graph: lisinopril, whose label's boxed warning
names pregnancy, treats hypertension): validated, applied, explained; and read from the question text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.graph_data import LISINOPRIL, LISINOPRIL_LABEL


def _ask(client: TestClient, **body: object) -> dict:
    response = client.post("/api/v1/query", json={"question": "best treatment for hypertension", **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_pregnant_patient_excludes_lisinopril_with_its_boxed_warning(client: TestClient) -> None:
    blind = _ask(client)
    assert LISINOPRIL in [a["id"] for a in blind["answers"]] and blind["patient"] is None
    answer = _ask(client, patient={"pregnant": True, "age_years": 31})
    assert LISINOPRIL not in [a["id"] for a in answer["answers"]]
    assert len(answer["answers"]) == len(blind["answers"]) - 1
    review = answer["patient"]
    assert review["patient"] == {"age_years": 31.0, "age_group": "adult", "pregnant": True}
    assert review["populations"] == ["pregnancy"]
    lisinopril = next(c for c in review["candidates"] if c["id"] == LISINOPRIL)
    assert lisinopril["action"] == "excluded"
    evidence = lisinopril["flags"][0]["evidence"][0]
    assert evidence["document_id"] == LISINOPRIL_LABEL and "FETAL TOXICITY" in evidence["text"]
    assert "Lisinopril" in answer["message"]


def test_the_patient_can_be_stated_in_the_question(client: TestClient) -> None:
    answer = _ask(client, question="best treatment for hypertension in a pregnant woman")
    assert LISINOPRIL not in [a["id"] for a in answer["answers"]]
    assert answer["patient"]["understood"] == ["pregnant", "female"]
    assert answer["understood_as"].startswith("best treatment for hypertension — patient: pregnant")


@pytest.mark.parametrize("patient", [
    {"egfr": -5}, {"weight_kg": "heavy"}, {"age_years": 200}, {"sex": "unknown"}, {"pregnant": "maybe"},
    {"hepatic_impairment": "bad"}, {"height": 170}, {"medications": "lithium"},
])
def test_bad_patient_values_are_422_naming_the_field(client: TestClient, patient: dict) -> None:
    response = client.post("/api/v1/query", json={"question": "best treatment for hypertension", "patient": patient})
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload["error"] == "invalid_request" and "patient" in payload["detail"]
