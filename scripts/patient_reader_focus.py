"""How often the patient reader cuts a question's subject out: for the questions of MedQuAD and TREC LiveQA that
carry an annotated focus, the share whose focus words (those the question holds) no longer all appear in what the
query layer is asked after ``clinical.patient_text.parse_patient`` took the patient phrases out — the product path
(`medkg ask`, the API, the page). A text measure, not an answer score; no Neo4j.

    .venv/bin/python scripts/patient_reader_focus.py            # counts per set
    .venv/bin/python scripts/patient_reader_focus.py --show 20  # and 20 questions whose focus was cut
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinical.patient_text import parse_patient  # noqa: E402
from core.settings import Settings  # noqa: E402


def medquad(data: Path) -> Iterator[tuple[str, str]]:
    with gzip.open(data / "medquad" / "medquad.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("focus"):
                yield row["question"], row["focus"]


def liveqa(data: Path) -> Iterator[tuple[str, str]]:
    for name in ("liveqa-train-questions.jsonl", "liveqa-test.jsonl"):
        for line in (data / "liveqa-med-2017" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            focus = row.get("focus")
            focus = focus[0] if isinstance(focus, list) and focus else focus
            question = " ".join(x for x in (row.get("subject"), row.get("message")) if isinstance(x, str))
            if isinstance(focus, str) and question:
                yield question, focus


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def focus_cut(question: str, focus: str) -> bool:
    """Whether a focus word the question holds is missing from the question the query layer is asked."""
    held = _words(focus) & _words(question)
    return bool(held - _words(parse_patient(question).rest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: MEDKG_DATA_DIR)")
    parser.add_argument("--show", type=int, default=0, help="print this many questions whose focus was cut")
    args = parser.parse_args()
    data = args.data or Settings().data_dir
    if not (data / "medquad").is_dir():
        print(f"no medquad folder under {data}; pass --data", file=sys.stderr)
        return 2
    shown = 0
    for name, rows in (("MedQuAD", medquad(data)), ("LiveQA", liveqa(data))):
        pairs = list(dict.fromkeys(rows))
        cut = [(q, f) for q, f in pairs if focus_cut(q, f)]
        print(f"{name}: {len(pairs)} questions with a focus; focus words cut out in {len(cut)}")
        for question, focus in cut[:max(0, args.show - shown)]:
            print(f"  [{focus}] {question[:160]} → {parse_patient(question).rest[:160]}")
        shown += min(len(cut), max(0, args.show - shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
