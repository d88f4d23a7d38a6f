"""Strict entity-level and pair-level precision / recall / F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": true_positive, "predicted": predicted, "gold": gold}


def entity_scores(gold: Sequence[Iterable[tuple[int, int, str]]],
                  predicted: Sequence[Iterable[tuple[int, int, str]]]) -> dict[str, dict[str, float]]:
    """Strict match (same start, end and type) per type and combined ("all"); one item per document."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for gold_doc, pred_doc in zip(gold, predicted):
        gold_set, pred_set = set(gold_doc), set(pred_doc)
        for kind in {m[2] for m in gold_set | pred_set}:
            g = {m for m in gold_set if m[2] == kind}
            p = {m for m in pred_set if m[2] == kind}
            tp[kind] += len(g & p)
            n_pred[kind] += len(p)
            n_gold[kind] += len(g)
    scores = {kind: prf(tp[kind], n_pred[kind], n_gold[kind]) for kind in sorted(n_gold | n_pred)}
    scores["all"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return scores


def pair_scores(gold: set, predicted: set) -> dict[str, float]:
    return prf(len(gold & predicted), len(predicted), len(gold))
