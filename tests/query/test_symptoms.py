"""Intent ``symptoms``: the findings a disease presents with (``PRESENTS``), each with its evidence, asked in English
and Chinese, on the API's small test graph (meningitis, influenza and migraine with MedlinePlus-style sentences)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from core.settings import Settings
from query import intents
from query.answer import QueryEngine
from query.models import Intent
from tests.api.graph_data import FEVER, HEADACHE, MENINGITIS, MENINGITIS_SYMPTOMS, STIFF_NECK, write_test_graph


@pytest.mark.parametrize(("question", "intent", "mentions"), [
    ("what are the symptoms of meningitis", Intent.SYMPTOMS, ("meningitis",)),
    ("signs of a heart attack", Intent.SYMPTOMS, ("heart attack",)),
    ("how does lupus present", Intent.SYMPTOMS, ("lupus",)),
    ("what drugs treat the symptoms of menopause", Intent.TREATMENT, ("symptoms menopause",)),  # a treatment question
    ("side effects of metformin", Intent.SIDE_EFFECTS, ("metformin",)),
    ("糖尿病的症状有哪些", Intent.SYMPTOMS, ("diabetes mellitus",)),
    ("感冒症状吃什么药", Intent.TREATMENT, ("common cold",)),  # "what to take for cold symptoms"
    # how consumers ask in Chinese: times a day, which drugs cause X
    ("二甲双胍一天吃几次", Intent.DOSAGE, ("metformin",)),
    ("哪些药会引起咳嗽", Intent.SIDE_EFFECTS, ("cough",)),
])
def test_symptom_questions_are_understood(question: str, intent: Intent, mentions: tuple[str, ...]) -> None:
    parsed = intents.parse(question)
    assert (parsed.intent, parsed.mentions) == (intent, mentions)


@pytest.fixture
def engine(driver: Driver, database: str, neo4j_settings: Settings) -> QueryEngine:
    write_test_graph(driver, database)
    return QueryEngine(driver, neo4j_settings)


def test_the_findings_of_a_disease_come_with_their_evidence(engine: QueryEngine) -> None:
    answer = engine.answer("what are the symptoms of meningitis")
    assert answer.intent is Intent.SYMPTOMS and answer.entities[0].id == MENINGITIS
    assert [item.id for item in answer.answers][:1] == [HEADACHE]  # the most frequent first (0.9)
    assert {item.id for item in answer.answers} == {HEADACHE, FEVER, STIFF_NECK}
    for item in answer.answers:
        assert item.evidence and item.evidence[0].text == MENINGITIS_SYMPTOMS
    assert engine.answer("symptoms of metformin").intent is Intent.SIDE_EFFECTS  # a drug's "symptoms" it causes


def test_missed_doses_are_declined_not_read_as_dose_questions() -> None:
    from query.scope import out_of_scope

    assert out_of_scope("what should I do if I miss a dose of my warfarin") == ("missed doses", "漏服")
    assert out_of_scope("漏服了一次怎么办") == ("missed doses", "漏服")
    assert out_of_scope("dose of metformin for a child") is None


def test_stopping_a_medicine_is_declined_not_read_as_treatment(engine: QueryEngine) -> None:
    from query.scope import out_of_scope

    assert out_of_scope("how to stop taking effexor")[0] == "stopping or tapering a medicine"
    assert out_of_scope("tapering off prednisone")[0] == "stopping or tapering a medicine"
    assert out_of_scope("how to stop a nosebleed") is None  # a treatment question
    declined = engine.answer("how do I stop taking metformin")
    assert declined.answers == [] and "stopping or tapering" in (declined.message or "")
    assert [e.name for e in declined.entities] == ["Metformin"]  # what medkg recognised is shown


def test_an_allergy_stated_without_dui_is_read() -> None:
    from clinical.patient_text import parse_patient

    assert parse_patient("青霉素过敏能用阿莫西林吗").patient.allergies == ("penicillin",)
    assert parse_patient("过敏性鼻炎吃什么药").patient.allergies == ()  # a disease named "allergic …", no allergy
