"""Dosage questions with a patient through /api/v1/query over a real Neo4j: the dose computed from the label's
rules with its arithmetic and citation beside the verbatim text, and no number without what it needs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.graph_data import CLOPIDOGREL, METFORMIN, METFORMIN_DOSAGE, METFORMIN_LABEL


def _ask(client: TestClient, question: str, patient: dict | None) -> dict:
    response = client.post("/api/v1/query", json={"question": question, "patient": patient})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_dosage_answer_for_an_adult_carries_the_computed_doses(client: TestClient) -> None:
    answer = _ask(client, "dose of metformin", {"age_years": 54, "egfr": 80})
    assert answer["intent"] == "dosage" and answer["answers"][0]["text"] == METFORMIN_DOSAGE
    dosing = answer["dosing"]
    assert dosing["drug_id"] == METFORMIN
    summaries = [d["summary"] for d in dosing["doses"] if d["status"] == "computed"]
    assert summaries == ["500 mg per dose twice a day = 1000 mg/day; max 2550 mg/day; oral",
                         "850 mg per dose once a day; max 2550 mg/day; oral"]
    citation = dosing["doses"][0]["citation"]
    assert (citation["document_id"], citation["version"], citation["published"]) == (METFORMIN_LABEL, "12",
                                                                                      "2023-05-10")
    assert citation["sentence"] in METFORMIN_DOSAGE


def test_no_number_for_a_child_when_the_label_gives_adult_doses_only(client: TestClient) -> None:
    dosing = _ask(client, "dose of metformin", {"age_years": 8, "weight_kg": 25})["dosing"]
    assert [d["status"] for d in dosing["doses"]] == ["refused"]
    assert "no dose for child" in dosing["doses"][0]["summary"] and dosing["message"]


def test_without_a_patient_there_is_no_computation(client: TestClient) -> None:
    answer = _ask(client, "dose of metformin", None)
    assert answer["dosing"] is None and answer["answers"][0]["text"] == METFORMIN_DOSAGE


def test_the_patients_condition_chooses_the_dose_of_its_indication(client: TestClient) -> None:
    every = _ask(client, "dose of clopidogrel", {"age_years": 80})["dosing"]
    assert every["drug_id"] == CLOPIDOGREL
    assert sorted(d["per_dose_low"] for d in every["doses"] if d["status"] == "computed") == [75, 75, 300]
    stroke = _ask(client, "dose of clopidogrel", {"age_years": 80, "conditions": ["stroke"]})["dosing"]
    [dose] = [d for d in stroke["doses"] if d["status"] == "computed"]
    assert dose["per_dose_low"] == 75 and "Stroke" in dose["indication"]
    assert "names the condition asked about" in " ".join(dose["cautions"])
    assert "Recent Stroke" in dose["citation"]["sentence"]
    # the question names it in its own word, which MeSH's heading ("Cerebrovascular Accident") does not share
    asked = _ask(client, "dose of clopidogrel for stroke", {"age_years": 80})
    assert any(e["name"] == "Cerebrovascular Accident" and e["mention"] == "stroke" for e in asked["entities"])
    [dose] = [d for d in asked["dosing"]["doses"] if d["status"] == "computed"]
    assert dose["per_dose_low"] == 75 and "Stroke" in dose["indication"]
