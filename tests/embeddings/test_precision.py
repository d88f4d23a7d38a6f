"""Held-out precision per relation, side and rank, on a tiny registered run whose model is a hand-made score table:
which prediction lands at which rank is known by construction, so the precision is known exactly."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.settings import Settings
from embeddings.precision import METRIC, hypothesis_precision, measure_run
from embeddings.predict import Predictor
from embeddings.registry import read_run, save_run
from embeddings.triples import Split, from_labeled

DRUGS = [f"D{i}" for i in range(5)]
DISEASES = [f"X{i}" for i in range(5)]
TRAIN = [("D0", "X0"), ("D1", "X1"), ("D2", "X2"), ("D3", "X3"), ("D4", "X4")]
VALIDATION = [("D0", "X2")]
TEST = [("D0", "X1"), ("D1", "X2"), ("D2", "X3")]
# Scores above the base -(h + t) / 100 (which prefers lower ids at either end).
BOOSTS = {
    ("D0", "X0"): 10, ("D0", "X2"): 9, ("D0", "X1"): 8,  # D0's best two are known (train, validation): X1 is 1st
    ("D1", "X4"): 10, ("D1", "X2"): 9,  # D1: X4 (wrong) 1st, X2 (held out) 2nd
    ("D2", "D3"): 100,  # a drug is never a TREATS tail; D2: X0, X1 (wrong), then X3 (held out) 3rd
}


class TableModel(torch.nn.Module):
    """A fixed score for every (head, relation, tail): ``score_t`` / ``score_h`` as PyKEEN models give them."""

    def __init__(self, table: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("table", table)

    def score_t(self, hr_batch: torch.Tensor) -> torch.Tensor:
        return self.table[hr_batch[:, 0], hr_batch[:, 1], :]

    def score_h(self, rt_batch: torch.Tensor) -> torch.Tensor:
        return self.table[:, rt_batch[:, 0], rt_batch[:, 1]].T


@pytest.fixture
def run_path(tmp_path):
    rows = [(h, "TREATS", t) for h, t in TRAIN + VALIDATION + TEST]
    graph = from_labeled(rows, {**dict.fromkeys(DRUGS, "Drug"), **dict.fromkeys(DISEASES, "Disease")})
    ids = graph.entity_to_id

    def part(pairs: list[tuple[str, str]]) -> np.ndarray:
        return np.array([(ids[h], 0, ids[t]) for h, t in pairs], dtype=np.int64)

    n = len(graph.entities)
    table = -(torch.arange(n)[:, None, None] + torch.arange(n)[None, None, :]).float().expand(n, 1, n) / 100
    table = table.clone()
    for (head, tail), score in BOOSTS.items():
        table[ids[head], 0, ids[tail]] = score
    record = save_run(Settings(home=tmp_path), model_name="Table", trained_model=TableModel(table), graph=graph,
                      split=Split(part(TRAIN), part(VALIDATION), part(TEST)), config={}, metrics={}, timings={})
    return record.path


def test_precision_at_each_rank_is_the_share_of_queries_whose_prediction_there_is_held_out(run_path):
    table = hypothesis_precision(Predictor(run_path), min_queries=1)
    tails, heads = table["TREATS"]["tails"], table["TREATS"]["heads"]
    assert tails["queries"] == tails["sampled"] == 3  # D0, D1, D2
    assert tails["precision_at_rank"] == pytest.approx([1 / 3, 1 / 3, 1 / 3] + [0.0] * 7, abs=1e-4)
    # X1: D0 (boosted) 1st, held out; X2: D1 (boosted) 1st; X3: D0, D1 before the held-out D2 (D3 is in training)
    assert heads["queries"] == 3
    assert heads["precision_at_rank"] == pytest.approx([2 / 3, 0.0, 1 / 3] + [0.0] * 7, abs=1e-4)


def test_too_few_queries_is_not_measured_and_many_are_sampled(run_path):
    predictor = Predictor(run_path)
    assert hypothesis_precision(predictor, min_queries=4)["TREATS"]["tails"] == {"queries": 3}
    sampled = hypothesis_precision(predictor, min_queries=1, max_queries=2)["TREATS"]["tails"]
    assert sampled["queries"] == 3 and sampled["sampled"] == 2 and len(sampled["precision_at_rank"]) == 10


def test_measured_precision_is_stored_with_the_run_and_answers_still_exclude_held_out_edges(run_path):
    record = measure_run(run_path, min_queries=1)
    assert read_run(run_path) == record and record.metrics[METRIC]["TREATS"]["tails"]["queries"] == 3
    predictor = Predictor(run_path)  # an answer's predictions: the held-out X1 is a known edge of D0 there
    assert [p.id for p in predictor.predict_tails("D0", "TREATS", k=3)] == ["X3", "X4"]
