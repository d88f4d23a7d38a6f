"""Held-out precision of link predictions, per relation, side and rank: what a shown hypothesis rests on (#19).

For each relation and side (``tails``: ``predict_tails(head, r)``, ``heads``: ``predict_heads(tail, r)``) the
queries are the distinct (entity, relation) with at least one held-out test triple on that side; a fixed sample of
at most ``max_queries`` of them is asked, and ``precision_at_rank[i]`` is the share of those queries whose
``i + 1``-th prediction is a held-out test triple. Predictions are made as ``Predictor.top`` makes them for an
answer — candidates of the kinds seen at that end of the relation, the query entity excluded — except that only
train and validation triples are excluded as known (the test triples are what is being found). A (relation, side)
with fewer than ``min_queries`` queries records its count and no precision: it is not measured.

The figures are a lower bound under the open-world assumption: a true link that the graph does not hold counts as
wrong. Nothing here needs the database; ``measure_run`` stores the table in an existing run's ``run.json``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.predict import Known, Predictor, known_ends
from embeddings.registry import RunRecord, load_split, store_metrics
from embeddings.triples import Split, scored_sample

METRIC = "hypothesis_precision"  # the key of the table in a run's metrics
MAX_RANK = 10
MAX_QUERIES = 500
MIN_QUERIES = 20
SIDES = {"tails": False, "heads": True}  # side → reverse (predict heads)


def hypothesis_precision(predictor: Predictor, split: Split | None = None, *, max_queries: int = MAX_QUERIES,
                         min_queries: int = MIN_QUERIES, seed: int = 42,
                         batch_size: int = 16) -> dict[str, dict[str, dict[str, Any]]]:
    """``{relation: {"tails" | "heads": {"queries": n, "sampled": m, "precision_at_rank": [p1 … p10]}}}`` for
    the predictor's run (its stored split unless ``split`` is given); unmeasured sides carry only ``queries``."""
    split = split if split is not None else load_split(predictor.path)
    seen = known_ends(np.concatenate([split.train, split.validation]))
    held_out = known_ends(split.test)
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for (side, reverse), seen_side, truth in zip(SIDES.items(), seen, held_out):
        for relation, entities in sorted(_query_entities(truth).items()):
            entry: dict[str, Any] = {"queries": len(entities)}
            if len(entities) >= min_queries:
                sample = scored_sample(np.array(entities), max_queries, seed)
                entry["sampled"] = len(sample)
                entry["precision_at_rank"] = _precision_at_rank(
                    predictor, relation, sample, reverse, seen_side, truth, batch_size)
            table.setdefault(predictor.relations[relation], {})[side] = entry
    return table


def measure_run(path: Path, **options: Any) -> RunRecord:
    """Measure ``hypothesis_precision`` for the run in ``path`` and store it in its ``run.json`` (older runs)."""
    return store_metrics(path, {METRIC: hypothesis_precision(Predictor(path), **options)})


def _query_entities(truth: Known) -> dict[int, list[int]]:
    """The query entities of each relation, sorted (a fixed order for the fixed sample)."""
    entities: dict[int, list[int]] = defaultdict(list)
    for entity, relation in sorted(truth):
        entities[relation].append(entity)
    return entities


def _precision_at_rank(predictor: Predictor, relation: int, entities: np.ndarray, reverse: bool, seen: Known,
                       truth: Known, batch_size: int) -> list[float]:
    hits = np.zeros(MAX_RANK)
    for start in range(0, len(entities), batch_size):
        batch = entities[start:start + batch_size].tolist()
        for entity, scores in zip(batch, predictor.batch_scores(batch, relation, reverse)):
            top = predictor.top(entity, relation, scores, MAX_RANK, reverse, known=seen)
            hits[:len(top)] += np.isin(top, list(truth[(entity, relation)]))
    return [round(float(share), 4) for share in hits / len(entities)]
