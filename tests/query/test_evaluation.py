"""Question-answering metrics and the bundled question set (pure units)."""

from __future__ import annotations

import json
from pathlib import Path

from query.evaluation import is_relevant, score_answer
from query.models import Answer, AnswerItem, Intent

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions.jsonl"


def _answer(*items: tuple[str, str, tuple[str, ...]]) -> Answer:
    return Answer(question="q", intent=Intent.TREATMENT, answers=[
        AnswerItem(id=i, name=n, type="Drug", score=0.5, xrefs=list(x)) for i, n, x in items])


def test_relevance_by_id_xref_or_name() -> None:
    question = {"expected": ["DRUGBANK:DB00381"], "expected_names": ["Lisinopril"]}
    assert is_relevant(AnswerItem(id="MESH:D017311", name="Amlodipine", type="Drug", score=1,
                                  xrefs=["DRUGBANK:DB00381"]), question)
    assert is_relevant(AnswerItem(id="X:1", name="lisinopril", type="Drug", score=1), question)
    assert not is_relevant(AnswerItem(id="X:2", name="Aspirin", type="Drug", score=1), question)


def test_metrics() -> None:
    question = {"intent": "treatment", "expected": ["A:1", "A:3"]}
    scores = score_answer(_answer(("A:0", "zero", ()), ("A:1", "one", ()), ("A:2", "two", ()), ("A:3", "three", ())),
                          question)
    assert scores["hits@1"] == 0.0 and scores["hits@10"] == 1.0 and scores["mrr"] == 0.5
    assert scores["precision@10"] == 0.5 and scores["intent_ok"] == 1.0
    empty = score_answer(_answer(), question)
    assert empty["hits@10"] == 0.0 and empty["mrr"] == 0.0 and empty["precision@10"] == 0.0


def test_bundled_question_set_is_well_formed() -> None:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100
    assert {row["source"] for row in rows} == {"pharmacotherapydb", "drugcentral", "fda-adr-labels"}
    assert {"zh", "abbreviation", "misspelling"} <= {row["style"] for row in rows}
    assert all(row["expected"] or row["expected_names"] for row in rows)
