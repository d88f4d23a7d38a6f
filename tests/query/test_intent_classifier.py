"""The learned intent classifier (#19): the committed weights load and decide phrasings no training set holds; the
question-type mapping is sane and covers the public sets' types."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from query import question_sets
from query.intent_classifier import WEIGHTS_FILE, IntentClassifier, decide
from query.models import Intent

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LABELS = {intent.value for intent in Intent} | {"unknown", "out_of_scope"}


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    from vocabulary.embedder import TextEmbedder

    embedder = TextEmbedder(Settings().resolved_base_model(), device="cpu")
    return IntentClassifier.load(embedder)


def _label(classifier: IntentClassifier, text: str) -> str:
    return classifier.label(text)


# Written for this test (not in MedQuAD, LiveQA, MeQSum or GARD): everyday wording of each kind.
@pytest.mark.parametrize(("question", "label"), [
    ("what are the treatments for sarcoidosis", "treatment"),
    ("what are the possible side effects of lamotrigine", "side_effects"),
    ("who should not take isotretinoin", "contraindications"),
    ("what should I do if I miss a dose of my warfarin", "out_of_scope"),
    ("how should I store my insulin pens", "out_of_scope"),
    ("what causes kidney stones", "unknown"),  # the cue "causes" alone would say side effects
    ("what are the symptoms of lyme disease", "symptoms"),
    ("can I take ibuprofen with lisinopril", "interactions"),
    ("what is metformin indicated for", "indications"),
    ("what drugs are similar to atorvastatin", "similar"),  # too few training examples: the cue is kept
])
def test_held_out_phrasings(classifier: IntentClassifier, question: str, label: str) -> None:
    assert _label(classifier, question) == label


def test_weights_small_and_labels_known(classifier: IntentClassifier) -> None:
    assert WEIGHTS_FILE.stat().st_size < 1_000_000
    assert set(classifier.labels) <= LABELS and "out_of_scope" in classifier.labels
    assert classifier.coef.shape == (len(classifier.labels), 384 + 2 * 10 + 1)
    assert classifier.meta["mode"] in {"fallback", "decide"} and "LiveQA" not in classifier.meta["trained_on"]
    assert "similar" in classifier.kept_cues and "treatment" not in classifier.kept_cues


def test_decide_rules() -> None:
    from query.intent_classifier import Prediction

    assert decide("how should I store insulin", Prediction("treatment", 0.99), "decide", 0.5) == "out_of_scope"
    assert decide("side effects of atorvastatin", None, "decide", 0.5) == "side_effects"
    assert decide("side effects of atorvastatin", Prediction("unknown", 0.4), "decide", 0.5) == "side_effects"
    assert decide("treatment for hypertension", Prediction("unknown", 0.6), "decide", 0.5) == "unknown"
    assert decide("treatment for hypertension", Prediction("unknown", 0.6), "fallback", 0.5) == "treatment"
    # words that say the kind outright are never overruled, whatever the drug's name pulls the embedding to
    assert decide("side effects of atorvastatin", Prediction("unknown", 0.6), "decide", 0.5) == "side_effects"
    assert decide("what is methylphenidate indicated for", Prediction("unknown", 0.99), "decide", 0.5) == "indications"
    assert decide("what is atorvastatin used for", Prediction("similar", 0.99), "decide", 0.5) == "indications"
    # … but a question that asks for drugs in indication words is the classifier's to tell apart
    assert decide("what medications are used for migraine", Prediction("treatment", 0.9), "decide", 0.5) == "treatment"
    assert decide("drugs similar to atorvastatin", Prediction("unknown", 0.9), "decide", 0.5,
                  frozenset({"similar"})) == "similar"


def test_mapping_sane() -> None:
    mapping = question_sets.type_map()
    assert set(mapping.values()) <= LABELS
    rows = [line.split("\t") for line in question_sets.TYPES_FILE.read_text().splitlines()
            if line and not line.startswith("#")][1:]
    assert all(len(row) == 4 and row[3].strip() for row in rows), "every mapping row gives its reasoning"
    assert len(rows) == len(mapping), "a (source, type) pair is mapped once"
    assert mapping[("medquad", "storage and disposal")] == "out_of_scope"
    assert mapping[("medquad", "treatment")] == "treatment"


@pytest.mark.skipif(not (DATA / "medquad").is_dir(), reason="shared public data not present")
def test_mapping_covers_every_type_and_split_is_by_focus() -> None:
    rows = list(question_sets.liveqa(DATA, "test")) + list(question_sets.gard(DATA)) + \
        list(question_sets.chq(DATA, summary=True))  # raises KeyError on an unmapped type
    assert rows
    medquad = list(question_sets.medquad(DATA))
    foci = {split: {row.focus[0].lower() for row in medquad if row.set == split}
            for split in ("medquad-train", "medquad-dev", "medquad-test")}
    assert not foci["medquad-train"] & foci["medquad-test"] and not foci["medquad-dev"] & foci["medquad-test"]
    assert len(foci["medquad-test"]) > 500
