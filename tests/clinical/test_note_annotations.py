"""The hand-annotated note set (tests/data/notes) matches the notes it annotates, and its checker catches errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = REPO_ROOT / "tests" / "data" / "notes" / "annotated.jsonl"
DATA_DIR = REPO_ROOT.parent / "shared" / "data"


def _checker():
    spec = importlib.util.spec_from_file_location("check_note_annotations",
                                                  REPO_ROOT / "scripts" / "check_note_annotations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records() -> list[dict]:
    return [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_span_matches_the_note_it_annotates():
    check = _checker()
    frames: dict = {}
    errors = [e for r in _records() for e in check.check_record(r, check.load_note(DATA_DIR, r, frames))]
    assert errors == []


def test_both_splits_hold_enough_mentions_of_each_status():
    counts = _checker().counts(_records())
    for split in ("dev", "test"):
        c = counts[split]
        assert c["problems"] >= 300 and c["negated"] >= 50 and c["medications"] >= 50, (split, c)
        assert c["uncertain"] >= 10 and c["temporality:historical"] >= 10 and c["experiencer:other"] >= 10, (split, c)


def test_checker_reports_a_shifted_span_and_a_wrong_sha1():
    check = _checker()
    record = _records()[0]
    note = check.load_note(DATA_DIR, record, {})
    shifted = json.loads(json.dumps(record))
    shifted["problems"][0]["start"] += 1
    assert any("problem 0" in e for e in check.check_record(shifted, note))
    assert any("sha1" in e for e in check.check_record(record, note + " "))
