"""TREATS document-level figures of a registered RE model, against the gold as scored before 2026-12-04 (every
BioRED Negative_Correlation pair, both orders) and the fixed gold (chemical → disease pairs only,
``nlp.evaluation.gold_pairs``), at the model's stored document threshold, at one re-chosen on BioRED dev
(held out from training) with the fixed gold, and at the ingest cut (the lowest whose dev precision reaches
``nlp.training.TREATS_INGEST_PRECISION``). Never tunes on test.

    MEDKG_HOME=… .venv/bin/python scripts/treats_rescore.py re-minilm        # ~3 min on 2 cores
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import Settings  # noqa: E402
from nlp import corpora, evaluation, registry, relations  # noqa: E402
from nlp.engine import limit_cpu_threads  # noqa: E402
from nlp.metrics import pair_scores  # noqa: E402
from nlp.training import TREATS_INGEST_PRECISION  # noqa: E402

TYPE = "Negative_Correlation"


def old_gold(docs: list) -> set:
    gold = {(d.doc_id, a, b) for d in docs for kind, a, b in d.relations if kind == TYPE}
    return gold | {(doc, b, a) for doc, a, b in gold}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="registered RE model: NAME, NAME/vN or latest")
    args = parser.parse_args()
    limit_cpu_threads()
    settings = Settings()
    entry = registry.resolve(settings.models_dir, args.model)
    model, tokenizer, thresholds = relations.load(entry.path)
    first = relations.uses_first_sentence_pairs(entry.path)
    dev = corpora.without_test_documents(corpora.biored(settings.data_dir, "dev", ("Chemical", "Disease")),
                                         settings.data_dir)
    test = corpora.biored(settings.data_dir, "test", ("Chemical", "Disease"))
    scored = {name: evaluation.scored_pairs(model, tokenizer, docs, "TREATS", TYPE, "cpu", True, first)
              for name, docs in (("dev", dev), ("test", test))}
    examples, scores, gold = scored["test"]
    stored = thresholds.get("TREATS-document", thresholds["TREATS"])
    chosen, on_dev = evaluation.best_document_threshold(*scored["dev"])
    rows = [("old gold, stored threshold", old_gold(test), stored), ("fixed gold, stored threshold", gold, stored),
            (f"fixed gold, threshold chosen on dev (dev F1 {on_dev['f1']:.3f})", gold, chosen)]
    target = TREATS_INGEST_PRECISION
    precise = evaluation.precision_threshold(*scored["dev"], target)
    if precise is not None:
        rows.append((f"ingest cut: dev precision >= {target} (dev P {precise[1]['precision']:.3f})", gold, precise[0]))
    print(f"{entry.ref}: TREATS, BioRED test ({len(test)} documents)")
    for name, target, threshold in rows:
        figures = pair_scores(target, evaluation.predicted_pairs(examples, scores, threshold))
        print(f"  {name:<52} threshold {threshold:.2f}: P {figures['precision']:.3f} R {figures['recall']:.3f} "
              f"F1 {figures['f1']:.3f} (gold {figures['gold']}, predicted {figures['predicted']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
