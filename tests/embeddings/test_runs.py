"""Training from a small real graph, the run registry, write-back and hypotheses (a few epochs each)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

import embeddings
from embeddings.precision import METRIC
from embeddings.predict import Prediction, UnknownEntityOrRelation
from embeddings.registry import MODEL_FILE, list_runs, load_split, read_run, resolve_run
from embeddings.rotate import FastRotatE
from embeddings.triples import export_triples
from core.settings import Settings
from tests.embeddings.conftest import write_small_graph


SCORED = 4  # the RotatE run scores a sample of its held-out triples


@pytest.fixture(scope="module")
def trained(session_driver, neo4j_settings: Settings, small_graph, tmp_path_factory):
    """One TransE and one RotatE run over the small graph, in a fresh registry."""
    database = neo4j_settings.neo4j_database
    settings = neo4j_settings.model_copy(update={"home": tmp_path_factory.mktemp("kge-home")})
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    write_small_graph(session_driver, database, small_graph)
    transe = embeddings.train(session_driver, settings, "TransE", epochs=4, device="cpu", use_tqdm=False,
                              stopper_frequency=2, stopper_patience=1)
    rotate = embeddings.train(session_driver, settings, "RotatE", epochs=3, device="cpu", use_tqdm=False,
                              embedding_dim=16, max_evaluation_triples=SCORED)
    return settings, transe, rotate


def test_runs_are_registered_and_read_back(trained):
    settings, transe, rotate = trained
    assert [run.name for run in list_runs(settings)] == [transe.name, rotate.name]
    assert resolve_run(settings).name == rotate.name
    again = read_run(transe.path)
    assert again == transe
    assert transe.model == "TransE" and transe.config["epochs"] == 4 and len(transe.data_hash) == 64
    assert transe.data_hash == rotate.data_hash
    for key in ("mrr", "hits_at_1", "hits_at_3", "hits_at_10"):
        assert 0.0 < transe.metrics["test"][key] <= 1.0
    assert transe.metrics["test_by_relation"]["TREATS"]["triples"] > 0
    treats = transe.metrics[METRIC]["TREATS"]  # every new run measures its hypotheses' held-out precision
    assert treats["tails"]["queries"] > 0 and len(treats["tails"].get("precision_at_rank", [0.0] * 10)) == 10
    assert transe.counts["train"] + transe.counts["validation"] + transe.counts["test"] == transe.counts["triples"]


def test_stored_split_has_no_leakage(trained):
    _, transe, _ = trained
    split = load_split(transe.path)
    train = {tuple(t) for t in split.train.tolist()}
    for head, relation, tail in split.test.tolist():
        assert (head, relation, tail) not in train and (tail, relation, head) not in train


def test_predictions_are_new_typed_hypotheses(trained, session_driver):
    settings, transe, _ = trained
    predictor = embeddings.load_predictor(settings, transe.name)
    assert predictor is embeddings.load_predictor(settings, transe.name)  # cached in memory
    treats = predictor.relation_ids["TREATS"]
    split = load_split(transe.path)
    known = np.concatenate([split.train, split.validation, split.test])
    drug = predictor.entities[int(known[known[:, 1] == treats][0, 0])]
    tails = predictor.predict_tails(drug, "TREATS", k=5)
    known_tails = {predictor.entities[t] for h, r, t in known.tolist()
                   if h == predictor.entity_ids[drug] and r == treats}
    assert len(tails) == 5 and all(isinstance(p, Prediction) and p.hypothesis for p in tails)
    assert not {p.id for p in tails} & known_tails
    assert [p.score for p in tails] == sorted((p.score for p in tails), reverse=True)
    labels = dict(zip(predictor.entities, predictor.labels))
    assert {labels[p.id] for p in tails} == {"Disease"}
    disease = tails[0].id
    heads = embeddings.predict(settings, disease, "TREATS", k=3, run=transe.name, reverse=True)
    known_heads = {predictor.entities[h] for h, r, t in known.tolist()
                   if t == predictor.entity_ids[disease] and r == treats}
    assert len(heads) == 3 and not {p.id for p in heads} & known_heads
    assert {labels[p.id] for p in heads} == {"Drug"}
    with pytest.raises(UnknownEntityOrRelation):
        predictor.predict_tails("MESH:nothing", "TREATS")


def test_rotate_trains_fast_and_runs_with_pykeens_rotate_still_predict(trained):
    """RotatE runs are trained as FastRotatE; a run saved with PyKEEN's own RotatE (older runs) predicts the same."""
    import torch
    from pykeen.models import RotatE
    from pykeen.triples import CoreTriplesFactory

    settings, _, rotate = trained
    fast = embeddings.load_predictor(settings, rotate.name)
    assert type(fast.model) is FastRotatE and rotate.model == "RotatE"
    factory = CoreTriplesFactory.create(mapped_triples=torch.as_tensor(load_split(rotate.path).train),
                                        num_entities=len(fast.entities), num_relations=len(fast.relations))
    stock = RotatE(triples_factory=factory, embedding_dim=16)
    stock.load_state_dict(fast.model.state_dict())
    old_path = rotate.path.parent / f"{rotate.name}-pykeen-rotate"
    shutil.copytree(rotate.path, old_path)
    try:
        torch.save(stock, old_path / MODEL_FILE)
        old = embeddings.load_predictor(settings, old_path.name)
        assert type(old.model) is RotatE
        drug = next(entity for entity, label in zip(fast.entities, fast.labels) if label == "Drug")
        expected, actual = old.predict_tails(drug, "TREATS", k=10), fast.predict_tails(drug, "TREATS", k=10)
    finally:
        shutil.rmtree(old_path)
    assert [p.id for p in actual] == [p.id for p in expected]
    assert np.allclose([p.score for p in actual], [p.score for p in expected], rtol=1e-5, atol=1e-5)


def test_no_run_means_no_predictor(kge_settings):
    assert embeddings.load_predictor(kge_settings) is None
    with pytest.raises(embeddings.RunNotFound):
        embeddings.predict(kge_settings, "DOID:1", "TREATS")


def test_write_back_stores_vectors_and_index(trained, driver, database, small_graph):
    _, transe, rotate = trained
    write_small_graph(driver, database, small_graph)
    summary = embeddings.write_back(driver, database, rotate)
    assert summary.dimensions == 32  # 16 complex numbers → 16 real + 16 imaginary
    graph = export_triples(driver, database)
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity) WHERE n.kge_embedding IS NOT NULL RETURN n.id AS id, size(n.kge_embedding) AS dim, "
        "n.kge_run AS run", database_=database)
    assert {r["id"] for r in records} == set(graph.entities)
    assert {r["dim"] for r in records} == {32} and {r["run"] for r in records} == {rotate.name}
    embeddings.write_back(driver, database, transe)  # another size: the index is remade for it
    index, _, _ = driver.execute_query(
        "SHOW VECTOR INDEXES YIELD name, options WHERE name = 'entity_kge_embeddings' "
        "RETURN options.indexConfig['vector.dimensions'] AS dim", database_=database)
    assert index[0]["dim"] == transe.config["embedding_dim"]
    hits, _, _ = driver.execute_query(
        "MATCH (n:Entity {id: $id}) CALL db.index.vector.queryNodes('entity_kge_embeddings', 3, n.kge_embedding) "
        "YIELD node RETURN node.id AS id", id=graph.entities[0], database_=database)
    assert graph.entities[0] in {r["id"] for r in hits}


def test_a_sample_of_held_out_triples_is_scored_with_every_filter(trained):
    _, transe, rotate = trained
    held_out = rotate.counts["test"]
    assert held_out > SCORED  # the small graph holds out more than the sample
    assert rotate.metrics["test"]["triples"] == SCORED and rotate.metrics["test"]["held_out"] == held_out
    assert 0.0 < rotate.metrics["test"]["mrr"] <= 1.0
    assert transe.metrics["test"]["triples"] == transe.counts["test"]  # under the default limit: all scored


def test_scored_sample_is_a_fixed_subset():
    import numpy as np

    from embeddings.triples import scored_sample

    triples = np.arange(300).reshape(100, 3)
    sample = scored_sample(triples, 10, seed=7)
    assert len(sample) == 10 and np.array_equal(sample, scored_sample(triples, 10, seed=7))
    assert {tuple(row) for row in sample.tolist()} <= {tuple(row) for row in triples.tolist()}
    assert scored_sample(triples, None, 7) is triples and scored_sample(triples, 500, 7) is triples
