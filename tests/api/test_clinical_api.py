"""The clinical routes over a real Neo4j: /diagnose (English and Chinese), /consult start, answer, get and end, and
diagnosis questions through /query; the disease → finding links are the test graph's MedQuAD-worded PRESENTS links."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clinical.models import ConsultTurn, Differential
from tests.api.graph_data import FEVER, HEADACHE, INFLUENZA, MENINGITIS, STIFF_NECK


def test_diagnose_ranks_meningitis_first_with_its_evidence(client: TestClient) -> None:
    response = client.post("/api/v1/diagnose", json={"text": "headache, fever and stiff neck"})
    assert response.status_code == 200, response.text
    result = Differential.model_validate(response.json())
    assert result.language == "en"
    assert {f.id for f in result.findings} == {HEADACHE, FEVER, STIFF_NECK}
    assert all(f.status.value == "present" for f in result.findings)
    top = result.candidates[0]
    assert top.id == MENINGITIS
    assert top.probability > max(c.probability for c in result.candidates[1:])
    assert sum(c.probability for c in result.candidates) <= 1.0 + 1e-6
    assert {c.finding_id for c in top.supporting} == {HEADACHE, FEVER, STIFF_NECK}
    stiff_neck = next(c for c in top.supporting if c.finding_id == STIFF_NECK)
    assert stiff_neck.evidence[0].source == "medquad-symptoms"
    assert stiff_neck.evidence[0].url == "https://medlineplus.gov/meningitis.html"
    assert "stiff neck" in (stiff_neck.evidence[0].text or "")
    flu = next(c for c in result.candidates if c.id == INFLUENZA)
    assert STIFF_NECK in {c.finding_id for c in flu.against}
    assert "does not replace" in result.disclaimer


def test_diagnose_in_chinese_names_candidates_in_chinese(client: TestClient) -> None:
    response = client.post("/api/v1/diagnose", json={"text": "头痛、发热"})
    assert response.status_code == 200, response.text
    result = Differential.model_validate(response.json())
    assert result.language == "zh"
    assert {f.id for f in result.findings} == {HEADACHE, FEVER}
    names = {c.id: c.name_zh for c in result.candidates}
    assert names[MENINGITIS] == "脑膜炎"
    assert "不能替代" in result.disclaimer


def test_diagnose_rejects_empty_text(client: TestClient) -> None:
    assert client.post("/api/v1/diagnose", json={"text": ""}).status_code == 422
    assert client.post("/api/v1/diagnose", json={"text": "   "}).status_code == 422
    assert client.post("/api/v1/diagnose", json={}).status_code == 422
    assert client.post("/api/v1/consult", json={"complaint": ""}).status_code == 422
    assert client.post("/api/v1/diagnose", json={"text": "fever", "language": "fr"}).status_code == 422
    assert client.post("/api/v1/diagnose", json={"text": "fever", "sex": "unknown"}).status_code == 422


def test_diagnose_and_consult_take_the_patient_s_sex_given_or_stated(client: TestClient) -> None:
    given = Differential.model_validate(client.post("/api/v1/diagnose", json={"text": "fever", "sex": "male"}).json())
    assert given.sex is not None and given.sex.value == "male"
    stated = Differential.model_validate(client.post("/api/v1/diagnose", json={"text": "fever in a woman"}).json())
    assert stated.sex is not None and stated.sex.value == "female"
    assert Differential.model_validate(client.post("/api/v1/diagnose", json={"text": "fever"}).json()).sex is None
    turn = ConsultTurn.model_validate(client.post("/api/v1/consult", json={"complaint": "fever", "sex": "female"}).json())
    assert turn.differential.sex is not None and turn.differential.sex.value == "female"


def test_consultation_start_answer_get_and_end(client: TestClient) -> None:
    started = client.post("/api/v1/consult", json={"complaint": "fever"})
    assert started.status_code == 200, started.text
    first = ConsultTurn.model_validate(started.json())
    assert first.turn == 0 and not first.finished
    assert {c.id for c in first.differential.candidates} == {MENINGITIS, INFLUENZA}
    assert first.question is not None and first.question.information_gain > 0
    asked = first.question.finding_id

    answered = client.post(f"/api/v1/consult/{first.session_id}", json={"answer": "yes"})
    assert answered.status_code == 200, answered.text
    second = ConsultTurn.model_validate(answered.json())
    assert second.session_id == first.session_id and second.turn == 1
    assert {f.id for f in second.asked} == {FEVER, asked}
    assert second.finished or second.question is not None
    assert second.question is None or second.question.finding_id != asked

    state = client.get(f"/api/v1/consult/{first.session_id}")
    assert state.status_code == 200
    assert ConsultTurn.model_validate(state.json()).turn == 1
    assert client.post(f"/api/v1/consult/{first.session_id}", json={"answer": "maybe"}).status_code == 422

    assert client.delete(f"/api/v1/consult/{first.session_id}").status_code == 204
    assert client.get(f"/api/v1/consult/{first.session_id}").status_code == 404
    assert client.post(f"/api/v1/consult/{first.session_id}", json={"answer": "no"}).status_code == 404


def test_stiff_neck_in_a_consultation_raises_a_red_flag(client: TestClient) -> None:
    turn = ConsultTurn.model_validate(client.post("/api/v1/consult", json={"complaint": "fever, stiff neck"}).json())
    assert [flag.finding_id for flag in turn.red_flags] == [STIFF_NECK]
    assert "meningitis" in turn.red_flags[0].advice
    client.delete(f"/api/v1/consult/{turn.session_id}")


def test_query_answers_a_finding_list_with_a_differential(client: TestClient) -> None:
    response = client.post("/api/v1/query", json={"question": "what could cause headache, fever and stiff neck"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["intent"] == "diagnosis"
    assert body["answers"][0]["id"] == MENINGITIS
    assert Differential.model_validate(body["differential"]).candidates[0].id == MENINGITIS


def test_a_follow_up_question_is_read_in_the_light_of_the_last_answer(client: TestClient) -> None:
    first = client.post("/api/v1/query", json={"question": "what is lisinopril indicated for"}).json()
    assert first["conversation_id"] and first["understood_as"] is None
    follow_up = client.post("/api/v1/query", json={"question": "side effects of it?",
                                                   "conversation_id": first["conversation_id"]}).json()
    assert follow_up["understood_as"].lower() == "side effects of lisinopril?"
    assert follow_up["intent"] == "side_effects" and follow_up["entities"][0]["id"] == "MESH:D017706"
    alone = client.post("/api/v1/query", json={"question": "side effects of it?"}).json()
    assert alone["understood_as"] is None  # no conversation: nothing to refer to
    bad = client.post("/api/v1/query", json={"question": "x", "conversation_id": "not valid!"})
    assert bad.status_code == 422


def test_a_follow_up_about_a_drug_after_an_answer_about_a_disease_asks_which_drug(client: TestClient) -> None:
    first = client.post("/api/v1/query", json={"question": "what drugs treat hypertension"}).json()
    listed = [item["name"] for item in first["answers"]]
    follow_up = client.post("/api/v1/query", json={"question": "side effects of it?",
                                                   "conversation_id": first["conversation_id"]}).json()
    assert follow_up["intent"] == "unknown" and not follow_up["answers"]
    assert follow_up["message"].startswith("Which drug do you mean?") and listed[0] in follow_up["message"]
    assert f'"side effects of {listed[0]}?"' in follow_up["message"]
    assert follow_up["conversation_id"] == first["conversation_id"]


NOTE = ("HISTORY OF PRESENT ILLNESS: A 60-year-old woman with high blood pressure and a cough. She denies fever.\n"
        "MEDICATIONS: Lisinopril 20 mg p.o. daily.\nALLERGIES: NKDA.\n")


def test_a_note_is_analysed_and_nothing_is_written(client: TestClient) -> None:
    before = client.get("/api/v1/stats").json()
    response = client.post("/api/v1/notes/analyze", json={"text": NOTE})
    assert response.status_code == 200, response.text
    result = response.json()
    problems = {p["span"]["text"]: p for p in result["problems"]}
    assert problems["high blood pressure"]["link"]["id"] == "MESH:D006973"
    assert problems["fever"]["negated"] and not problems["cough"]["negated"]
    [lisinopril] = result["medications"]
    assert (lisinopril["dose"], lisinopril["unit"], lisinopril["frequency"]) == ("20", "mg", "daily")
    assert result["no_known_allergies"] and "does not replace" in result["disclaimer"]
    assert client.get("/api/v1/stats").json() == before


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"text": "   "}, 422, "empty"), ({"text": "a\x00b"}, 422, "binary"), ({}, 422, "text"),
])
def test_a_bad_note_gets_a_clear_error(client: TestClient, body: dict, status: int, words: str) -> None:
    response = client.post("/api/v1/notes/analyze", json=body)
    assert response.status_code == status
    assert words in response.text


def test_a_note_over_the_size_limit_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/notes/analyze", json={"text": "fever " * 2000})
    assert response.status_code == 413


def test_the_service_warms_the_clinical_layer_up_in_the_background(api_graph, api_settings) -> None:  # noqa: ANN001
    import time

    from api.main import create_app

    app = create_app(api_settings.model_copy(update={"api_warm_up": True}), load_models=False)
    with TestClient(app):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (app.state.engine._notes is None or app.state.engine._knowledge is None):
            time.sleep(0.2)
        assert app.state.engine._notes is not None and app.state.engine._knowledge is not None
