"""Score the note analyser on the hand-annotated notes (tests/data/notes/annotated.jsonl), next to negspacy's NegEx.

    python scripts/eval_notes.py --split dev        # develop on dev
    python scripts/eval_notes.py --split test       # report once
    python scripts/eval_notes.py --set cehrner --split dev   # Chinese EMR fragments: recognition and linking only

Needs a running Neo4j with the demo graph (``medkg demo``) and the vocabulary; prints JSON figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinical.engine import ClinicalEngine  # noqa: E402
from clinical.notes.evaluation import load_annotated, load_cehrner, score, score_recognition  # noqa: E402
from core.settings import Settings  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from query.safety import ReadOnlyRunner  # noqa: E402
from vocabulary import Vocabulary  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("annotated", "cehrner"), default="annotated",
                        help="annotated: the hand-annotated English notes; cehrner: cEHRNER's Chinese EMR records "
                             "(diseases and symptoms as problems, drugs as medications; recognition only)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--annotations", type=Path, default=ROOT / "tests/data/notes/annotated.jsonl")
    parser.add_argument("--errors", action="store_true", help="print each status error (dev only)")
    args = parser.parse_args()
    settings = Settings()
    if args.set == "cehrner":
        splits = ("dev", "test") if args.split == "all" else (args.split,)
        notes = [note for split in splits
                 for note in load_cehrner(settings.data_dir / "zh-emr-cehrner" / f"{split}.json", split)]
    else:
        notes = load_annotated(args.annotations, settings.data_dir, None if args.split == "all" else args.split)
    driver = open_driver(settings)
    engine = ClinicalEngine(None, lambda: ReadOnlyRunner.from_settings(driver, settings),
                            vocabulary=Vocabulary.load_or_build(settings))
    analyzer = engine.notes
    started = time.perf_counter()
    analyses = [analyzer.analyze(note.text, alerts=False) for note in notes]
    seconds = time.perf_counter() - started
    scores = score_recognition(notes, analyses) if args.set == "cehrner" else score(notes, analyses)
    report = {"set": args.set, "split": args.split, "notes": len(notes),
              "seconds per note (no alerts)": round(seconds / len(notes), 3),
              **scores.report()}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.errors and args.split == "dev":
        (_recognition_errors if args.set == "cehrner" else _errors)(notes, analyses)
    driver.close()
    return 0


def _errors(notes, analyses) -> None:  # noqa: ANN001
    for note, analysis in zip(notes, analyses):
        gold = {(g["start"], g["end"]): g for g in note.problems}
        for p in analysis.problems:
            g = next((g for (s, e), g in gold.items() if p.span.start < e and s < p.span.end), None)
            if g is None:
                print("FP", note.id, repr(p.span.text), p.section.value)
                continue
            for name, mine, theirs in (("neg", p.negated, g["negated"]), ("unc", p.uncertain, g["uncertain"]),
                                       ("tmp", p.temporality.value, g["temporality"]),
                                       ("exp", p.experiencer.value, g["experiencer"])):
                if mine != theirs:
                    s = max(0, p.span.start - 80)
                    print(f"{name} {note.id} ours={mine} gold={theirs} {p.cues} …{note.text[s:p.span.end + 30]!r}")
        found = [(p.span.start, p.span.end) for p in analysis.problems]
        for (s, e), g in gold.items():
            if not any(a < e and s < b for a, b in found):
                print("FN", note.id, repr(g["text"]))


def _recognition_errors(notes, analyses) -> None:  # noqa: ANN001
    for note, analysis in zip(notes, analyses):
        gold = [*note.problems, *note.medications]
        for item in (*analysis.problems, *analysis.medications):
            if not any(item.span.start < g["end"] and g["start"] < item.span.end for g in gold):
                link = f"{item.link.name} [{item.link.method}]" if item.link else "unlinked"
                print("FP", note.id, repr(item.span.text), link)
        found = [(i.span.start, i.span.end) for i in (*analysis.problems, *analysis.medications)]
        for g in gold:
            if not any(a < g["end"] and g["start"] < b for a, b in found):
                print("FN", note.id, g["class"], repr(g["text"]))


if __name__ == "__main__":
    raise SystemExit(main())
