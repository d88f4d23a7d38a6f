"""Pure unit: a link prediction is shown only at a rank where its run's held-out precision for that relation and side
was measured and reaches the bar, and it says what it rests on."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from core.settings import Settings
from embeddings.precision import METRIC
from query import plans, templates
from query.answer import QueryEngine, _precise_ranks
from query.models import Badge, EntityMatch, Intent

TREATS_HEADS = [0.30, 0.05, 0.12] + [0.0] * 7  # measured for (?, TREATS, disease): ranks 1 and 3 reach 0.10


class FakePredictor:
    """Predicts D1…Dk as heads of any tail; its run measured TREATS heads (and too few TREATS tails)."""

    def __init__(self, table: dict | None = None) -> None:
        metrics = {} if table is None else {METRIC: table}
        self.run = SimpleNamespace(name="run-x", metrics=metrics)
        self.asked: list[int] = []

    def predict_heads(self, tail_id: str, relation: str, k: int) -> list[SimpleNamespace]:
        self.asked.append(k)
        return [SimpleNamespace(id=f"D{i}", relation=relation, score=1.0 - i / 10) for i in range(1, k + 1)]

    predict_tails = predict_heads


class FakeRunner:
    """No evidence against anything; every asked id is an entity."""

    def run(self, statement: str, parameters: dict) -> list[dict]:
        if statement == templates.evidence_against():
            return []
        return [{"id": i, "name": i, "type": "Drug"} for i in parameters["ids"]]


MEASURED = {"TREATS": {"heads": {"queries": 65, "sampled": 65, "precision_at_rank": TREATS_HEADS},
                       "tails": {"queries": 12}}}


def _settings(tmp_path: Path, bar: float = 0.1) -> Settings:
    return Settings(home=tmp_path, kge_min_hypothesis_precision=bar)


def _hypotheses(predictor: FakePredictor, settings: Settings, intent: Intent = Intent.TREATMENT,
                known: frozenset[str] = frozenset()) -> list:
    entity = EntityMatch(id="MESH:D1", name="a disease", type="Disease", score=1.0)
    engine = SimpleNamespace(predictor=predictor, settings=settings)
    return QueryEngine._hypotheses(engine, FakeRunner(), plans.plan_for(intent, "Disease"), entity, set(known))


def test_only_ranks_whose_measured_precision_reaches_the_bar(tmp_path: Path) -> None:
    assert _precise_ranks(FakePredictor(MEASURED), "TREATS", "heads", _settings(tmp_path)) == {1: 0.30, 3: 0.12}
    assert _precise_ranks(FakePredictor(MEASURED), "TREATS", "heads", _settings(tmp_path, 0.5)) == {}
    assert _precise_ranks(FakePredictor(MEASURED), "TREATS", "heads", _settings(tmp_path, 0.0)) == dict(
        enumerate(TREATS_HEADS, 1))


@pytest.mark.parametrize(("table", "relation", "side"), [
    (None, "TREATS", "heads"),  # a run older than the measurement
    (MEASURED, "TREATS", "tails"),  # too few held-out queries: measured nothing
    (MEASURED, "CAUSES", "heads"),  # a relation the run did not measure
])
def test_unmeasured_is_never_shown(tmp_path: Path, table: dict | None, relation: str, side: str) -> None:
    assert _precise_ranks(FakePredictor(table), relation, side, _settings(tmp_path, 0.0)) == {}


def test_shown_hypotheses_say_their_rank_and_held_out_precision(tmp_path: Path) -> None:
    predictor = FakePredictor(MEASURED)
    items = _hypotheses(predictor, _settings(tmp_path))
    assert predictor.asked == [3]  # nothing beyond the last rank that may be shown
    assert [item.id for item in items] == ["D1", "D3"]  # D2 is at rank 2, measured at 0.05
    assert all(item.hypothesis and item.badges == [Badge.HYPOTHESIS] and not item.evidence for item in items)
    assert [(item.explanation["kge_rank"], item.explanation["held_out_precision"]) for item in items] == [
        (1, 0.30), (3, 0.12)]


def test_a_known_answer_keeps_its_rank_for_the_others(tmp_path: Path) -> None:
    items = _hypotheses(FakePredictor(MEASURED), _settings(tmp_path), known=frozenset({"D1"}))
    assert [(item.id, item.explanation["kge_rank"]) for item in items] == [("D3", 3)]


def test_no_measurement_asks_no_prediction(tmp_path: Path) -> None:
    predictor = FakePredictor(None)
    assert _hypotheses(predictor, _settings(tmp_path, 0.0)) == [] and predictor.asked == []
    assert _hypotheses(FakePredictor(MEASURED), _settings(tmp_path), Intent.SIDE_EFFECTS) == []  # CAUSES heads
