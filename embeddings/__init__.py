"""Knowledge-graph embeddings (PyKEEN TransE / RotatE) over the graph; link predictions as hypotheses.

Public API (torch and PyKEEN are imported only when a function needs them):

- ``train(driver, settings, model="RotatE", epochs=None, device=None, **overrides) -> RunRecord``: export the
  typed triples, split them without leakage, train through ``pykeen.pipeline``, evaluate, register the run.
- ``list_runs(settings)``, ``resolve_run(settings, run="latest")``: the registry under ``settings.home/embeddings``.
- ``write_back(driver, database, run)``: entity vectors → ``kge_embedding`` (+ vector index), in batches.
- ``load_predictor(settings, run="latest") -> Predictor | None`` with ``predict_tails`` / ``predict_heads``;
  ``predict(settings, entity_id, relation, k=10, reverse=False)``: ``Prediction(id, relation, score,
  hypothesis=True)``, known edges excluded.
- ``embeddings.precision``: ``hypothesis_precision(predictor)`` — held-out precision at ranks 1–10 per relation and
  side, measured by ``train`` into ``run.metrics["hypothesis_precision"]``; ``measure_run(path)`` for older runs.
- ``evaluate_repurposing(driver, settings, ...)``: held-out treatment edges, AUROC / Hits@10 vs a degree prior.
"""

from __future__ import annotations

from typing import Any

from embeddings.predict import Prediction, Predictor, load_predictor, predict
from embeddings.registry import RunNotFound, RunRecord, list_runs, resolve_run

__all__ = [
    "Prediction", "Predictor", "RunNotFound", "RunRecord", "evaluate_repurposing", "list_runs", "load_predictor",
    "predict", "resolve_run", "train", "write_back",
]


def train(*args: Any, **kwargs: Any) -> RunRecord:
    from embeddings.training import train as _train

    return _train(*args, **kwargs)


def write_back(*args: Any, **kwargs: Any) -> Any:
    from embeddings.writeback import write_back as _write_back

    return _write_back(*args, **kwargs)


def evaluate_repurposing(*args: Any, **kwargs: Any) -> Any:
    from embeddings.repurposing import evaluate_repurposing as _evaluate

    return _evaluate(*args, **kwargs)
