"""Export from a real Neo4j, stable id maps, and a leakage-free deterministic split."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.triples import NotEnoughTriples, export_triples, from_labeled, split_triples
from tests.embeddings.conftest import write_small_graph


def test_export_reads_entity_triples_only_with_sorted_stable_maps(driver, database, small_graph):
    write_small_graph(driver, database, small_graph)
    with driver.session(database=database) as session:  # one retracted fact must not be exported
        session.run("MATCH (:Drug)-[r:TREATS]->(:Disease) WITH r LIMIT 1 SET r.active = false").consume()
        n_evidence = session.run("MATCH (e:Evidence) RETURN count(e) AS n").single()["n"]
    first, second = export_triples(driver, database), export_triples(driver, database)
    entities, relations = small_graph
    assert n_evidence > 0
    assert set(first.relations) == {"HAS_CLASS", "PALLIATES", "RESEMBLES", "TREATS"}  # no FROM_DOCUMENT
    assert len(first.triples) == len({r.key for r in relations}) - 1
    assert list(first.entities) == sorted(first.entities) and list(first.relations) == sorted(first.relations)
    assert set(first.entities) <= {e.id for e in entities}
    assert first.entities == second.entities and first.relations == second.relations
    assert np.array_equal(first.triples, second.triples) and first.data_hash() == second.data_hash()
    labels = dict(zip(first.entities, first.labels))
    treats = first.relation_to_id["TREATS"]
    heads = {first.entities[h] for h in first.triples[first.triples[:, 1] == treats, 0]}
    assert {labels[h] for h in heads} == {"Drug"}


def test_data_hash_changes_with_content():
    rows = [("A:1", "R", "B:1"), ("B:1", "R", "C:1")]
    assert from_labeled(rows).data_hash() == from_labeled(list(reversed(rows))).data_hash()
    assert from_labeled(rows).data_hash() != from_labeled(rows[:1]).data_hash()


def _symmetric_graph(n: int = 300, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, 60, size=(n, 2)) if a != b}
    triples = {(a, 0, b) for a, b in pairs} | {(b, 0, a) for a, b in pairs}  # relation 0 is symmetric
    triples |= {(a, 1, b) for a, b in list(pairs)[: n // 2]}
    return np.array(sorted(triples), dtype=np.int64)


def test_split_keeps_inverse_and_reverse_direction_out_of_training():
    triples = _symmetric_graph()
    split = split_triples(triples, (0.1, 0.2), seed=7)
    train = {tuple(t) for t in split.train.tolist()}
    held_out = split.test.tolist() + split.validation.tolist()
    assert len(split.test) > 0 and len(split.validation) > 0
    for head, relation, tail in held_out:
        assert (head, relation, tail) not in train
        assert (tail, relation, head) not in train
    assert len(split.train) + len(split.validation) + len(split.test) == len(triples)
    seen = set(split.train[:, 0].tolist()) | set(split.train[:, 2].tolist())
    assert set(split.test[:, [0, 2]].ravel().tolist()) <= seen


def test_split_is_deterministic_per_seed():
    triples = _symmetric_graph()
    a, b, c = (split_triples(triples, seed=s) for s in (1, 1, 2))
    assert np.array_equal(a.test, b.test) and np.array_equal(a.train, b.train)
    assert not np.array_equal(a.test, c.test)


def test_split_refuses_tiny_graphs():
    with pytest.raises(NotEnoughTriples):
        split_triples(np.array([[0, 0, 1]]))
