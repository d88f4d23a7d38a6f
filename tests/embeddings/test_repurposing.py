"""The repurposing check: held-out treatment pairs never reach training; scores are computed for both rankers."""

from __future__ import annotations

import numpy as np

import embeddings
from embeddings.repurposing import hold_out_treatments
from embeddings.triples import from_labeled
from tests.embeddings.conftest import write_small_graph


def test_held_out_pairs_leave_training_in_every_treatment_relation():
    rows = [(f"D:{d}", rel, f"X:{x}") for d in range(12) for x in range(4) if (d + x) % 3 == 0
            for rel in ("TREATS", "INDICATED_FOR")]
    rows += [(f"D:{d}", "TARGETS", f"G:{d % 5}") for d in range(12)] + [(f"X:{x}", "IS_A", "X:9") for x in range(4)]
    graph = from_labeled(rows)
    train, held = hold_out_treatments(graph, 0.25, seed=3)
    assert len(held) > 0
    train_pairs = {(h, t) for h, r, t in train.tolist()}
    assert not {tuple(p) for p in held.tolist()} & train_pairs
    assert len(train) == len(graph.triples) - 2 * len(held)  # both relations of a held pair are removed


def test_repurposing_reports_embedding_and_degree_prior(driver, database, kge_settings, small_graph):
    write_small_graph(driver, database, small_graph)
    report = embeddings.evaluate_repurposing(driver, kge_settings, "TransE", epochs=3, device="cpu",
                                             use_tqdm=False)
    treats = sum(1 for r in small_graph[1] if r.type.value == "TREATS")
    assert 0.15 * treats <= report.held_out_edges <= 0.2 * treats + 1
    for scores in (report.embedding, report.degree_prior):
        assert 0.0 <= scores.hits_at_10 <= 1.0
        assert 0.0 < scores.auroc_pooled < 1.0 and 0.0 < scores.auroc_per_disease < 1.0
    assert report.degree_prior.auroc_pooled > 0.6  # the prior is strong on Hetionet, as Rephetio found
    assert np.isfinite(report.train_seconds)
