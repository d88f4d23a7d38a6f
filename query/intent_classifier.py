"""A learned question-intent classifier: logistic regression over the MiniLM sentence embedding and cue features.

Features: the question's unit-length MiniLM embedding (``vocabulary.embedder.TextEmbedder``), which cue patterns of
``query.intents`` match (and which one matches first), and whether ``query.scope`` declines it. Labels: the
``query.models.Intent`` values medkg answers, ``unknown`` (a real question of a kind the graph cannot answer) and
``out_of_scope`` (storage, cost, missed doses, brand lists, who/where …). The weights are a small JSON file next to
this module, written by ``scripts/train_intent_classifier.py`` from MedQuAD (CC BY 4.0) alone; nothing is fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from query import intents, scope

WEIGHTS_FILE = Path(__file__).with_name("intent_classifier.json")
N_CUES = len(intents.CUE_INTENTS)
MIN_EXAMPLES = 50  # training questions a label needs before the classifier may overrule that label's cue


def cue_features(text: str) -> np.ndarray:
    """[every cue that matches (multi-hot), the first cue that matches (one-hot), declined by query.scope]."""
    hits = [bool(pattern.search(text)) for _, pattern in intents.CUE_PATTERNS]
    first = np.zeros(N_CUES, dtype=np.float32)
    if any(hits):
        first[hits.index(True)] = 1.0
    declined = 1.0 if scope.out_of_scope(text) else 0.0
    return np.concatenate([np.asarray(hits, dtype=np.float32), first, [declined]]).astype(np.float32)


def features(embedder: Any, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
    vectors = embedder.encode(list(texts)) if embeddings is None else embeddings
    cues = np.stack([cue_features(text) for text in texts]) if texts else np.zeros((0, 2 * N_CUES + 1))
    return np.hstack([vectors, cues]).astype(np.float32)


@dataclass(frozen=True)
class Prediction:
    label: str  # an Intent value, "unknown" or "out_of_scope"
    probability: float


class IntentClassifier:
    """``IntentClassifier.load(embedder).classify("can xanax be taken with lexapro")`` → Prediction."""

    def __init__(self, embedder: Any, labels: Sequence[str], coef: np.ndarray, intercept: np.ndarray,
                 meta: dict[str, Any] | None = None) -> None:
        self.embedder = embedder
        self.labels = list(labels)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.meta = meta or {}

    @classmethod
    def load(cls, embedder: Any, path: Path = WEIGHTS_FILE) -> "IntentClassifier":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(embedder, data["labels"], np.asarray(data["coef"]), np.asarray(data["intercept"]), data["meta"])

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        data = {"labels": self.labels, "meta": self.meta,
                "coef": np.round(self.coef, 5).tolist(), "intercept": np.round(self.intercept, 5).tolist()}
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")

    def probabilities(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        logits = features(self.embedder, texts, embeddings) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[Prediction]:
        probs = self.probabilities(texts, embeddings)
        return [Prediction(self.labels[int(row.argmax())], float(row.max())) for row in probs]

    def classify(self, text: str) -> Prediction:
        return self.predict([text])[0]

    @property
    def kept_cues(self) -> frozenset[str]:
        """Intents with fewer than MIN_EXAMPLES training questions: their cue patterns are not overruled."""
        counts = self.meta.get("label_counts", {})
        return frozenset(intent for intent in (i.value for i in intents.CUE_INTENTS)
                         if counts.get(intent, 0) < MIN_EXAMPLES)

    def label(self, text: str) -> str:
        """The decided label of one English question, as chosen on dev (``meta``: mode, threshold)."""
        return decide(text, self.classify(text), self.meta.get("mode", "fallback"),
                      float(self.meta.get("threshold", 0.0)), self.kept_cues)


# Words that say the kind of question outright: their cue is never overruled. The MiniLM embedding carries the
# drug's name too, and a name seen in training under another kind ("what is comparable to atorvastatin") or MedQuAD's
# "What is (are) X?" pulled "what is atorvastatin used for" to similar and "… indicated for" to unknown. Chosen on
# dev (scripts/train_intent_classifier.py's four sets): MedQuAD, LiveQA and GARD unchanged, medkg's own 0.992 → 1.000.
EXPLICIT_CUES = re.compile(r"\bused\s+(?:for|to\s+treat)\b|\bindicat(?:ed|ions?)\b|\bside[- ]effects?\b|"
                           r"\bcontra-?indicat|\binteract(?:s|ions?)?\b|\bdos(?:e|age|ing)\s+of\b", re.IGNORECASE)
# … unless the question asks for drugs ("what medications are used for migraine", "drugs indicated for asthma": a
# treatment question in indication words), which the classifier tells apart
ASKS_FOR_DRUGS = re.compile(r"\b(?:drugs?|medications?|medicines?|meds|treatments?|therap(?:y|ies)|pills|"
                            r"antibiotics?|remed(?:y|ies))\b", re.IGNORECASE)


def first_cue(text: str) -> str | None:
    """The intent of the first cue pattern that matches (what ``query.intents.parse`` picks), or None."""
    return next((intent.value for intent, pattern in intents.CUE_PATTERNS if pattern.search(text)), None)


def decide(text: str, prediction: Prediction | None, mode: str, threshold: float,
           kept: frozenset[str] = frozenset()) -> str:
    """The label of one English question: declined topics first (query.scope); then ``mode`` "fallback" (the first
    cue pattern, else the classifier) or "decide" (the classifier when its probability ≥ ``threshold`` or no cue
    matches, else the cue). A cue whose intent is in ``kept`` (the classifier saw too few examples of it to judge it:
    ``IntentClassifier.kept_cues``) is never overruled, nor a cue the question states outright (``EXPLICIT_CUES``).
    Without a prediction: the cue, else "unknown" (today)."""
    if scope.out_of_scope(text):
        return "out_of_scope"
    cue = first_cue(text)
    if prediction is None:
        return cue or "unknown"
    if cue is not None and EXPLICIT_CUES.search(text) and not ASKS_FOR_DRUGS.search(text):
        return cue  # "what is methylphenidate indicated for" is no "What is (are) X?" question, whatever the name
    if cue is None or (mode == "decide" and prediction.probability >= threshold and cue not in kept):
        return prediction.label
    return cue


OUT_OF_SCOPE = "out_of_scope"
OUT_OF_SCOPE_TOPICS = "this kind (storage, missed doses, overdoses, diet, brand lists, ingredients, whom to ask)"
