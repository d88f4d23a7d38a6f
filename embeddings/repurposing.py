"""Drug repurposing check: hide 20% of the drug–disease treatment edges, train on the rest, rank drugs for each
disease that lost an edge, and compare with a node-degree prior (Himmelstein et al. 2017, Rephetio: a degree
prior alone reaches 97.9% AUROC on known treatments, so beating it is what counts).

Treatment edges are TREATS and, when present, INDICATED_FOR; a (drug, disease) pair is held out as a whole (both
relations), so it cannot leak through the other one. Candidates for a held-out disease are all drugs without a
training treatment edge to it. Reported: AUROC pooled over all candidate pairs and averaged per disease, and
Hits@10 (share of held-out edges whose drug ranks in the disease's top 10), for the embedding and the prior.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from neo4j import Driver

from embeddings.config import TrainConfig
from embeddings.triples import GraphTriples, NotEnoughTriples, Split, export_triples
from core.settings import Settings

TREATMENT_RELATIONS = ("TREATS", "INDICATED_FOR")


@dataclass(frozen=True)
class RankingScores:
    auroc_pooled: float
    auroc_per_disease: float
    hits_at_10: float


@dataclass(frozen=True)
class RepurposingReport:
    model: str
    held_out_edges: int
    held_out_diseases: int
    candidate_drugs: int
    embedding: RankingScores
    degree_prior: RankingScores
    train_seconds: float


def hold_out_treatments(graph: GraphTriples, fraction: float = 0.2, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """(training triples, held-out (drug, disease) pairs): a random ``fraction`` of the treated pairs is removed."""
    relation_ids = [graph.relation_to_id[r] for r in TREATMENT_RELATIONS if r in graph.relation_to_id]
    if not relation_ids:
        raise NotEnoughTriples("the graph has no TREATS / INDICATED_FOR edges to hold out")
    is_treatment = np.isin(graph.triples[:, 1], relation_ids)
    pairs = np.unique(graph.triples[is_treatment][:, [0, 2]], axis=0)
    order = np.random.default_rng(seed).permutation(len(pairs))
    held = pairs[np.sort(order[: int(round(fraction * len(pairs)))])]
    held_keys = set(map(tuple, held.tolist()))
    keep = np.array([not (treat and (h, t) in held_keys)
                     for (h, _, t), treat in zip(graph.triples.tolist(), is_treatment)], dtype=bool)
    train = graph.triples[keep]
    seen = set(train[:, 0].tolist()) | set(train[:, 2].tolist())
    held = np.array([p for p in held.tolist() if p[0] in seen and p[1] in seen], dtype=np.int64).reshape(-1, 2)
    return train, held


def evaluate_repurposing(
    driver: Driver, settings: Settings, model: str = "TransE", *, epochs: int | None = None,
    fraction: float = 0.2, seed: int = 42, device: str | None = None, use_tqdm: bool = True, **overrides: Any,
) -> RepurposingReport:
    """Train on the graph minus held-out treatments and score drug rankings against them."""
    from embeddings.training import fit

    graph = export_triples(driver, settings.neo4j_database)
    train, held = hold_out_treatments(graph, fraction, seed)
    if len(held) == 0:
        raise NotEnoughTriples("no held-out treatment edge has both ends in the training graph")
    config = TrainConfig.for_model(model, epochs=epochs, device=device or settings.device, seed=seed, **overrides)
    config = replace(config, early_stopping=False)
    treats = graph.relation_to_id.get("TREATS", graph.relation_to_id.get("INDICATED_FOR"))
    test = np.stack([held[:, 0], np.full(len(held), treats), held[:, 1]], axis=1)
    fitted = fit(graph, Split(train=train, validation=train[:0], test=test), config, use_tqdm=use_tqdm)
    return score_rankings(graph, train, held, fitted.model, treats, config.model, fitted.train_seconds)


def score_rankings(
    graph: GraphTriples, train: np.ndarray, held: np.ndarray, model: Any, treats: int, model_name: str,
    train_seconds: float,
) -> RepurposingReport:
    import torch

    drugs = np.array([i for i, label in enumerate(graph.labels) if label == "Drug"], dtype=np.int64)
    treatment_ids = [graph.relation_to_id[r] for r in TREATMENT_RELATIONS if r in graph.relation_to_id]
    train_pairs = train[np.isin(train[:, 1], treatment_ids)][:, [0, 2]]
    known = defaultdict(set)
    for drug, disease in train_pairs.tolist():
        known[disease].add(drug)
    drug_degree = np.bincount(train_pairs[:, 0], minlength=len(graph.entities)).astype(float)
    disease_degree = np.bincount(train_pairs[:, 1], minlength=len(graph.entities)).astype(float)
    positives = defaultdict(set)
    for drug, disease in held.tolist():
        positives[disease].add(drug)
    kge, prior, labels, groups = [], [], [], []
    for disease, drugs_held in sorted(positives.items()):
        candidates = np.array([d for d in drugs if d not in known[disease]], dtype=np.int64)
        with torch.inference_mode():
            scores = model.score_h(torch.tensor([[treats, disease]], dtype=torch.long))[0].float().cpu().numpy()
        kge.append(scores[candidates])
        prior.append(drug_degree[candidates] * (1.0 + disease_degree[disease]))
        labels.append(np.isin(candidates, list(drugs_held)))
        groups.append(disease)
    return RepurposingReport(
        model=model_name, held_out_edges=len(held), held_out_diseases=len(positives), candidate_drugs=len(drugs),
        embedding=_ranking_scores(kge, labels), degree_prior=_ranking_scores(prior, labels),
        train_seconds=train_seconds,
    )


def _ranking_scores(scores: list[np.ndarray], labels: list[np.ndarray]) -> RankingScores:
    """Pooled AUROC, mean per-disease AUROC (diseases with positives and negatives) and Hits@10."""
    from sklearn.metrics import roc_auc_score

    pooled = roc_auc_score(np.concatenate(labels), np.concatenate(scores))
    per_disease = [roc_auc_score(y, s) for s, y in zip(scores, labels) if 0 < y.sum() < len(y)]
    hits, total = 0, 0
    for s, y in zip(scores, labels):
        # Ties at the 10th place count against us: rank = 1 + number of candidates scoring strictly higher
        # + number of other candidates with an equal score (pessimistic), so a constant prior earns nothing.
        for positive_score in s[y]:
            rank = 1 + int((s > positive_score).sum()) + int((s == positive_score).sum()) - 1
            hits += rank <= 10
            total += 1
    return RankingScores(auroc_pooled=float(pooled), auroc_per_disease=float(np.mean(per_disease)),
                         hits_at_10=hits / max(total, 1))
