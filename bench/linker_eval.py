"""Linker normalisation accuracy on BC5CDR with gold mention spans: ours next to an exact-match baseline.

    .venv/bin/python bench/linker_eval.py --split test        # report
    .venv/bin/python bench/linker_eval.py --split dev         # tune (never tune on test)

The dev split is linked with the tuning vocabulary (training annotations only: dev answers never seen); the test
split with the shipped one (training + dev annotations), next to the tuning one so the effect of the dev annotations
shows. Baseline: exact match on folded curated names and synonyms only (no training annotations, no TF-IDF, no context
abbreviations beyond the lay-term file). Reference (different task, NER + normalisation F1): TaggerOne 89.5
chemicals (BC5CDR), 83.7 diseases (NCBI-disease).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import Settings  # noqa: E402
from vocabulary import Linker, Vocabulary  # noqa: E402
from vocabulary.evaluation import evaluate  # noqa: E402

SPLITS = {"dev": "CDR_DevelopmentSet.PubTator.txt", "test": "CDR_TestSet.PubTator.txt"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--embeddings", action="store_true",
                        help="also run the linker with MiniLM embedding candidates (encodes ~28k names once: "
                             "minutes on CPU, cached under $MEDKG_HOME/vocabulary)")
    args = parser.parse_args()
    settings = Settings()
    corpus = settings.data_dir / "bc5cdr" / SPLITS[args.split]
    tuning = Vocabulary.load_or_build(settings, include_dev=False)
    vocabulary = tuning if args.split == "dev" else Vocabulary.load_or_build(settings, include_dev=True)
    cache = settings.home / "vocabulary"
    systems = {
        "exact-match baseline": Linker(vocabulary, use_annotations=False, use_fuzzy=False),
        "medkg linker": Linker(vocabulary, cache_dir=cache),
        "medkg linker, forced choice": Linker(vocabulary, threshold=0.0, cache_dir=cache),
    }
    if args.split != "dev":
        systems["medkg linker, train-only vocabulary"] = Linker(tuning, cache_dir=cache)
    if args.embeddings:
        from vocabulary.embedder import TextEmbedder

        embedded = Linker(vocabulary, TextEmbedder.from_settings(settings), cache_dir=cache)
        started = time.perf_counter()
        size = len(embedded.embeddings.texts)  # encodes the names once, or loads the cached vectors
        print(f"MiniLM index: {size} names ready in {time.perf_counter() - started:.0f} s")
        systems["medkg linker + MiniLM candidates"] = embedded
    print(f"BC5CDR {args.split} ({corpus.name}), gold spans, accuracy = correct / mentions with a gold id")
    print(f"{'system':34} {'type':9} {'mentions':>8} {'accuracy':>9} {'unlinked':>9} {'seconds':>8} {'ms/mention':>10}")
    for name, linker in systems.items():
        started = time.perf_counter()
        scores = evaluate(linker, corpus)
        seconds = time.perf_counter() - started
        per_mention = 1000 * seconds / max(1, sum(s.mentions + s.without_id for s in scores.values()))
        for kind, score in scores.items():
            print(f"{name:34} {kind:9} {score.mentions:>8} {score.accuracy:>9.4f} {score.unlinked:>9} "
                  f"{seconds:>8.0f} {per_mention:>10.1f}")
    for kind, score in scores.items():
        print(f"{kind}: {score.without_id} mentions without id (-1) left out; {score.composite} composite mentions, "
              f"{score.composite_correct} correct; by method {dict(score.by_method)}")


if __name__ == "__main__":
    main()
