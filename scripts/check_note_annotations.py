"""Check tests/data/notes/annotated.jsonl against the source notes and print its counts.

Every span must equal note[start:end] of the note as pandas reads it with default settings, the note's
sha1 must match, and every field must hold an allowed value. Exit status 1 names each problem found.

    .venv/bin/python scripts/check_note_annotations.py [--data ../shared/data] [--file tests/data/notes/annotated.jsonl]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "tests" / "data" / "notes" / "annotated.jsonl"
DEFAULT_DATA = ROOT.parent / "shared" / "data"

SOURCES = {"aci-bench", "mtsamples"}
SPLITS = {"dev", "test"}
SECTIONS = {"chief_complaint", "hpi", "past_history", "medications", "allergies", "family_history",
            "social_history", "review_of_systems", "examination", "results", "assessment_plan", "other"}
PROBLEM_FIELDS = {"start": int, "end": int, "text": str, "type": str, "negated": bool, "uncertain": bool,
                  "temporality": str, "experiencer": str, "section": str}
PROBLEM_VALUES = {"type": {"disease", "finding"}, "temporality": {"recent", "historical", "hypothetical"},
                  "experiencer": {"patient", "other"}, "section": SECTIONS}
MED_STATUS = {"current", "discontinued", "allergy", "planned"}
MED_OPTIONAL = ("dose", "unit", "route", "frequency")


def load_note(data: Path, record: dict, frames: dict) -> str:
    """The note text exactly as pandas reads the record's file and column with default settings."""
    rel = record["file"]
    if rel not in frames:
        frames[rel] = pd.read_csv(data / rel)
    return frames[rel][record["column"]].iloc[record["row"]]


def check_span(note: str, span: dict, where: str) -> list[str]:
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(note)):
        return [f"{where}: bad offsets {start}..{end}"]
    if note[start:end] != span.get("text"):
        return [f"{where}: text {span.get('text')!r} != note[{start}:{end}] {note[start:end]!r}"]
    return []


def check_problem(note: str, p: dict, where: str) -> list[str]:
    errors = check_span(note, p, where)
    for name, kind in PROBLEM_FIELDS.items():
        if not isinstance(p.get(name), kind):
            errors.append(f"{where}: field {name} missing or not {kind.__name__}")
    for name, allowed in PROBLEM_VALUES.items():
        if p.get(name) not in allowed:
            errors.append(f"{where}: {name}={p.get(name)!r} not in {sorted(allowed)}")
    extra = set(p) - set(PROBLEM_FIELDS)
    if extra:
        errors.append(f"{where}: unknown fields {sorted(extra)}")
    return errors


def check_medication(note: str, m: dict, where: str) -> list[str]:
    errors = check_span(note, m, where)
    for name in MED_OPTIONAL:
        if m.get(name) is not None and not (isinstance(m[name], str) and m[name].strip()):
            errors.append(f"{where}: {name} must be a non-empty string or null")
    if m.get("status") not in MED_STATUS:
        errors.append(f"{where}: status={m.get('status')!r} not in {sorted(MED_STATUS)}")
    return errors


def check_overlaps(items: list[dict], where: str) -> list[str]:
    ordered = sorted(items, key=lambda s: (s["start"], s["end"]))
    return [f"{where}: overlapping spans {a['text']!r}@{a['start']} and {b['text']!r}@{b['start']}"
            for a, b in zip(ordered, ordered[1:]) if b["start"] < a["end"]]


def check_record(record: dict, note: str) -> list[str]:
    rid = record.get("id", "?")
    errors = []
    if record.get("source") not in SOURCES:
        errors.append(f"{rid}: source {record.get('source')!r}")
    if record.get("split") not in SPLITS:
        errors.append(f"{rid}: split {record.get('split')!r}")
    if hashlib.sha1(note.encode("utf-8")).hexdigest() != record.get("sha1"):
        errors.append(f"{rid}: sha1 does not match the note read from {record['file']} row {record['row']}")
        return errors
    for i, p in enumerate(record.get("problems", [])):
        errors += check_problem(note, p, f"{rid} problem {i}")
    for i, m in enumerate(record.get("medications", [])):
        errors += check_medication(note, m, f"{rid} medication {i}")
    errors += check_overlaps(record.get("problems", []), f"{rid} problems")
    errors += check_overlaps(record.get("medications", []), f"{rid} medications")
    for span in record.get("annotated_spans", []):
        if not (len(span) == 2 and 0 <= span[0] < span[1] <= len(note)):
            errors.append(f"{rid}: bad annotated span {span}")
    return errors


def counts(records: list[dict]) -> dict[str, Counter]:
    table: dict[str, Counter] = {}
    for r in records:
        c = table.setdefault(r["split"], Counter())
        c["notes"] += 1
        c[f"source:{r['source']}"] += 1
        for p in r["problems"]:
            c["problems"] += 1
            c[f"type:{p['type']}"] += 1
            c["negated"] += p["negated"]
            c["uncertain"] += p["uncertain"]
            c[f"temporality:{p['temporality']}"] += 1
            c[f"experiencer:{p['experiencer']}"] += 1
            c[f"section:{p['section']}"] += 1
        for m in r["medications"]:
            c["medications"] += 1
            c[f"med_status:{m['status']}"] += 1
            for name in MED_OPTIONAL:
                c[f"med_with_{name}"] += m[name] is not None
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="annotation JSONL file")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding aci-bench/ and mtsamples/")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"error: no annotation file at {args.file}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    frames: dict = {}
    errors = []
    ids = Counter(r.get("id") for r in records)
    errors += [f"{rid}: duplicate id" for rid, n in ids.items() if n > 1]
    for record in records:
        errors += check_record(record, load_note(args.data, record, frames))
    table = counts(records)
    keys = sorted(set().union(*table.values()))
    print(f"{'':32}" + "".join(f"{s:>8}" for s in sorted(table)) + f"{'all':>8}")
    for k in keys:
        vals = [table[s][k] for s in sorted(table)]
        print(f"{k:32}" + "".join(f"{v:>8}" for v in vals) + f"{sum(vals):>8}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(f"{len(records)} notes checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
