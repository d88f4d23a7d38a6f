"""A tiny NER and RE model (the real MiniLM weights, cut to one layer) trained here on toy documents.

They must learn (loss falls, F1 on their own data well above chance), save, reload with identical predictions,
and survive awkward inputs; the extractor works with an NER model alone and with both models.
"""

from __future__ import annotations

import random

import pytest

from core.settings import Settings
from nlp import corpora, registry, relations
from nlp.corpora import RelationExample
from nlp.extractor import load_extractor
from nlp.ner import NerModel
from nlp.training import train_ner
from nlp.types import Extractor, TextExtraction

CHEMICALS = ["cisplatin", "aspirin", "warfarin", "lithium", "haloperidol", "cocaine"]
DISEASES = ["renal failure", "asthma", "bleeding", "tremor", "catalepsy", "myocardial infarction"]
TEMPLATES = [
    "Treatment with {c} induced {d} in several patients.",
    "We report {d} after {c} was given.",
    "The rats received {c} and developed {d} within a week.",
    "{c} is a known cause of {d}.",
]
FILLER = "The study was approved by the committee. Data were collected in two centres."


def _toy_documents(count: int, seed: int) -> list[tuple[str, str, list[tuple[int, int, str, str]]]]:
    rng = random.Random(seed)
    documents = []
    for number in range(count):
        sentences, mentions, text = [], [], ""
        for _ in range(2):
            chemical, disease = rng.choice(CHEMICALS), rng.choice(DISEASES)
            sentence = rng.choice(TEMPLATES).format(c=chemical, d=disease)
            offset = len(text) + (1 if text else 0)
            for surface, label in ((chemical, "Chemical"), (disease, "Disease")):
                start = offset + sentence.index(surface)
                mentions.append((start, start + len(surface), surface, label))
            text = f"{text} {sentence}" if text else sentence
        documents.append((str(900000 + seed * 100 + number), f"{text} {FILLER}", mentions))
    return documents


def _write_pubtator(path, documents) -> None:
    blocks = []
    for pmid, text, mentions in documents:
        title, _, abstract = text.partition(" ")
        lines = [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
        lines += [f"{pmid}\t{s}\t{e}\t{surface}\t{label}\tD000{i}" for i, (s, e, surface, label) in enumerate(mentions)]
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n\n")


@pytest.fixture(scope="module")
def toy_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("nlp")
    (root / "data" / "bc5cdr").mkdir(parents=True)
    _write_pubtator(root / "data" / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", _toy_documents(14, seed=1))
    _write_pubtator(root / "data" / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt", _toy_documents(6, seed=2))
    return Settings(home=root / "home", data_dir=root / "data", device="cpu")


@pytest.fixture(scope="module")
def trained_ner(toy_settings):
    path = train_ner(toy_settings, epochs=20, num_layers=1, device="cpu", name="toy-ner")
    return path, registry.resolve(toy_settings.models_dir, "toy-ner", "ner").metrics()


def test_tiny_ner_model_learns_and_is_registered(trained_ner, toy_settings):
    path, metrics = trained_ner
    losses = [epoch["loss"] for epoch in metrics["training"]["history"]]
    assert losses[-1] < losses[0] * 0.5
    own_data = corpora.bc5cdr(toy_settings.data_dir, "train") + corpora.bc5cdr(toy_settings.data_dir, "dev")
    own_f1 = NerModel.load(path, device="cpu").evaluate(own_data)["all"]["f1"]
    assert own_f1 > 0.6  # chance: near 0 (strict spans)
    card = registry.resolve(toy_settings.models_dir, "latest", "ner").card
    assert card["kind"] == "ner" and card["training_data_hash"] and card["num_layers"] == 1
    assert {"config.json", "tokenizer.json", "ner_config.json", "metrics.json", "medkg_model.json"} <= {
        p.name for p in path.iterdir()}


def test_reloaded_ner_model_predicts_identically(trained_ner):
    path, _ = trained_ner
    texts = [text for _, text, _ in _toy_documents(4, seed=3)]
    first = NerModel.load(path, device="cpu")
    second = NerModel.load(path, device="cpu")
    assert first.predict(texts) == second.predict(texts)
    assert any(spans for spans in first.predict(texts))


def test_awkward_inputs(trained_ner):
    model = NerModel.load(trained_ner[0], device="cpu")
    long_text = " ".join(["Treatment with cisplatin induced renal failure."] * 1430)  # about 10,000 words
    empty, long, non_ascii, nothing = model.predict(["", long_text, "Ärzte gaben Cisplatin — 腎不全 🙂 façade.",
                                                     "The committee met on Tuesday."])
    assert empty == []
    assert len(long) >= 1000 and all(0 <= s < e <= len(long_text) for s, e, _, _ in long)
    assert all(0 <= s < e <= len("Ärzte gaben Cisplatin — 腎不全 🙂 façade.") for s, e, _, _ in non_ascii)
    assert nothing == []


def _toy_relations(count: int, seed: int) -> list[RelationExample]:
    rng = random.Random(seed)
    examples = []
    for _ in range(count):
        chemical, disease = rng.choice(CHEMICALS), rng.choice(DISEASES)
        positive = rng.random() < 0.5
        text = f"{chemical} induced {disease}." if positive else f"{chemical} was given; {disease} was absent."
        head = (0, len(chemical))
        start = text.index(disease)
        examples.append(RelationExample(text, head, (start, start + len(disease)), "CID" if positive else "NONE",
                                        meta={"task": "CID"}))
    return examples


@pytest.fixture(scope="module")
def trained_re(toy_settings):
    """A one-layer RE model fitted on toy CID pairs and registered as ``toy-re`` (with first-sentence pairs)."""
    import torch

    torch.manual_seed(0)  # the new head's initialisation must not depend on which tests ran before
    model, tokenizer = relations.build_model(toy_settings.resolved_base_model(), "cpu", num_layers=1)
    heldout = _toy_relations(32, seed=2)
    result = relations.fit(model, tokenizer, _toy_relations(64, seed=1), epochs=8, device="cpu", select_on=heldout,
                           progress=lambda _: None)
    _, path = registry.new_version_dir(toy_settings.models_dir, "toy-re")
    relations.save(model, tokenizer, path, result["thresholds"], first_sentence_pairs=True)
    registry.write_card(path, {"kind": "re"})
    return path, result, relations.predict_scores(model, tokenizer, heldout)


def test_tiny_relation_model_learns_and_reloads(trained_re):
    path, result, before = trained_re
    assert result["history"][-1]["loss"] < result["history"][0]["loss"]
    assert result["heldout"]["CID"]["f1"] > 0.8
    reloaded, reloaded_tokenizer, thresholds = relations.load(path)
    assert thresholds == result["thresholds"] and relations.uses_first_sentence_pairs(path)
    heldout = _toy_relations(32, seed=2)
    assert (abs(relations.predict_scores(reloaded, reloaded_tokenizer, heldout) - before) < 1e-5).all()


def test_extractor_with_ner_only_and_with_relations(toy_settings, trained_ner, trained_re):
    texts = ["", "Treatment with cisplatin induced renal failure in several patients."]
    ner_only = load_extractor(toy_settings, ner="toy-ner", re=None)
    assert all(hasattr(ner_only, attribute) for attribute in ("name", "version", "extract"))
    _typed: Extractor = ner_only  # the protocol the ingest pipeline expects
    results = ner_only.extract(texts)
    assert results[0] == TextExtraction(mentions=())
    assert {m.text for m in results[1].mentions} >= {"cisplatin"} and results[1].relations == ()
    both = load_extractor(toy_settings, ner="toy-ner", re="toy-re")
    assert both.runner.first_sentence_pairs == relations.uses_first_sentence_pairs(
        registry.resolve(toy_settings.models_dir, "toy-re", kind="re").path)  # inference makes the trained candidates
    extraction = both.extract(texts)[1]
    for relation in extraction.relations:
        assert relation.type in ("CID", "TREATS", "ADE", "DDI")
        assert 0 <= relation.head < len(extraction.mentions) and 0 <= relation.tail < len(extraction.mentions)


def test_calibration_registers_the_same_weights_with_a_held_out_decoding_choice(trained_ner, toy_settings):
    from nlp.ner import MIN_SCORE_CHOICES
    from nlp.training import calibrate_ner

    path, _ = trained_ner
    calibrated = calibrate_ner(toy_settings, "toy-ner/v1", progress=lambda _: None)
    assert calibrated != path and calibrated.parent == path.parent
    card = registry.resolve(toy_settings.models_dir, str(calibrated), "ner").card
    assert card["calibrated_from"] == "toy-ner/v1" and card["training_data_hash"]
    original, recalibrated = NerModel.load(path, device="cpu"), NerModel.load(calibrated, device="cpu")
    assert recalibrated.config.min_score in MIN_SCORE_CHOICES
    original.config.min_score = recalibrated.config.min_score = 0.0
    texts = [text for _, text, _ in _toy_documents(4, seed=5)]
    assert original.predict(texts, postprocess=False) == recalibrated.predict(texts, postprocess=False)
    assert "f1_by_decoding" in registry.resolve(toy_settings.models_dir, str(calibrated), "ner").metrics()["heldout"]


def test_model_eval_names_the_splits_a_model_can_be_scored_on(toy_settings, trained_ner, trained_re, monkeypatch):
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("MEDKG_HOME", str(toy_settings.home))
    monkeypatch.setenv("MEDKG_DATA_DIR", str(toy_settings.data_dir))
    runner = CliRunner()
    dev = runner.invoke(app, ["model", "eval", "toy-re", "--split", "dev"])
    assert dev.exit_code != 0 and "train+dev" in str(dev.exception)
    heldout_ade = runner.invoke(app, ["model", "eval", "toy-re", "--split", "heldout", "--tasks", "ade"])
    assert heldout_ade.exit_code != 0 and "CID only" in str(heldout_ade.exception)
    ner_heldout = runner.invoke(app, ["model", "eval", "toy-ner", "--split", "heldout"])
    assert ner_heldout.exit_code != 0 and "held-out figures" in str(ner_heldout.exception)
    scored = runner.invoke(app, ["model", "eval", "toy-re", "--split", "heldout", "--tasks", "cid-gold"])
    assert scored.exit_code == 0, scored.output
    ablation = runner.invoke(app, ["model", "eval", "toy-re", "--split", "heldout", "--tasks", "cid-gold",
                                   "--adjacent-only"])
    assert ablation.exit_code == 0, ablation.output
    metrics = registry.resolve(toy_settings.models_dir, "toy-re", "re").metrics()
    # the toy model was saved with first-sentence pairs: its own figures, and the ablation beside them
    assert metrics["heldout"]["first_sentence_pairs"] is True and "cid_gold_entities" in metrics["heldout"]
    assert metrics["heldout:adjacent-only"]["first_sentence_pairs"] is False
