"""Scoring the note analyser against hand-annotated notes (``tests/data/notes/annotated.jsonl``, see its README).

A predicted problem or medication matches a gold one when their character spans overlap (inside the parts of the
note that were annotated). On matched problems: negation (the negated class: P/R/F1), uncertainty (F1), temporality
and experiencer (accuracy); on matched medications: each attribute's accuracy where the gold states it. negspacy's
NegEx on the same matched gold spans is scored beside ours, as the anchor the issue names.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinical.notes.models import NoteAnalysis
from nlp.negation import negated_spans

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class AnnotatedNote:
    id: str
    split: str
    specialty: str
    text: str
    problems: tuple[dict[str, Any], ...]
    medications: tuple[dict[str, Any], ...]
    annotated: tuple[tuple[int, int], ...]


def load_annotated(path: Path, data_dir: Path, split: str | None = None) -> list[AnnotatedNote]:
    """The annotated notes, their texts read from the shared data and checked against the recorded SHA-1."""
    notes = []
    tables: dict[str, list[dict[str, str]]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if split and record["split"] != split:
            continue
        if record["file"] not in tables:
            tables[record["file"]] = _rows(data_dir / record["file"])
        text = tables[record["file"]][record["row"]][record["column"]]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != record["sha1"]:
            raise ValueError(f"{record['id']}: the note text in {record['file']} differs from the annotated one")
        spans = tuple(tuple(s) for s in record.get("annotated_spans") or [(0, len(text))])
        notes.append(AnnotatedNote(record["id"], record["split"], record.get("specialty", ""), text,
                                   tuple(record["problems"]), tuple(record["medications"]), spans))
    return notes


def _rows(path: Path) -> list[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    def scores(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def accuracy(self) -> dict[str, float]:
        return {"accuracy": round(self.right / self.total, 3) if self.total else 0.0, "n": self.total}


@dataclass
class NoteScores:
    problems: Counts = field(default_factory=Counts)
    medications: Counts = field(default_factory=Counts)
    negation: Counts = field(default_factory=Counts)
    negation_negex: Counts = field(default_factory=Counts)
    uncertainty: Counts = field(default_factory=Counts)
    temporality: Tally = field(default_factory=Tally)
    experiencer: Tally = field(default_factory=Tally)
    medication_fields: dict[str, Tally] = field(default_factory=dict)
    linked: Tally = field(default_factory=Tally)
    problem_types: dict[str, Counts] = field(default_factory=dict)  # disease / finding: the span and its type agree

    def report(self) -> dict[str, Any]:
        return {
            "problems": self.problems.scores(),
            **{f"problems: {kind}": counts.scores() for kind, counts in sorted(self.problem_types.items())},
            "medications": self.medications.scores(),
            "negation (ours)": self.negation.scores(), "negation (negspacy NegEx)": self.negation_negex.scores(),
            "uncertainty": self.uncertainty.scores(), "temporality": self.temporality.accuracy(),
            "experiencer": self.experiencer.accuracy(), "problems linked to the graph": self.linked.accuracy(),
            **{f"medication {name}": tally.accuracy() for name, tally in sorted(self.medication_fields.items())},
        }


def score(notes: Iterable[AnnotatedNote], analyses: Iterable[NoteAnalysis]) -> NoteScores:
    scores = NoteScores()
    for note, analysis in zip(notes, analyses):
        _score_problems(note, analysis, scores)
        _score_medications(note, analysis, scores)
    return scores


def _inside(note: AnnotatedNote, start: int) -> bool:
    return any(a <= start < b for a, b in note.annotated)


def _match(predicted: list[Any], gold: list[dict[str, Any]]) -> list[tuple[Any, dict[str, Any]]]:
    """Pairs of overlapping spans, each side used once (greedy in order of offset)."""
    pairs, used = [], set()
    for item in predicted:
        for position, g in enumerate(gold):
            if position not in used and item.span.start < g["end"] and g["start"] < item.span.end:
                pairs.append((item, g))
                used.add(position)
                break
    return pairs


def _matched(note: AnnotatedNote, items: tuple[Any, ...], gold: tuple[dict[str, Any], ...],
             counts: Counts) -> list[tuple[Any, dict[str, Any]]]:
    """The predicted items inside the annotated parts matched to the gold ones, counted as TP/FP/FN."""
    predicted = [item for item in items if _inside(note, item.span.start)]
    pairs = _match(predicted, list(gold))
    counts.tp += len(pairs)
    counts.fp += len(predicted) - len(pairs)
    counts.fn += len(gold) - len(pairs)
    return pairs


def _score_problems(note: AnnotatedNote, analysis: NoteAnalysis, scores: NoteScores) -> None:
    pairs = _matched(note, analysis.problems, note.problems, scores.problems)
    for kind in ("disease", "finding"):
        _matched(note, tuple(p for p in analysis.problems if p.type == kind),
                 tuple(g for g in note.problems if g.get("type") == kind),
                 scores.problem_types.setdefault(kind, Counts()))
    negex = negated_spans(note.text, [(g["start"], g["end"]) for _, g in pairs])
    for (item, g), negex_flag in zip(pairs, negex):
        scores.negation.add(item.negated, g["negated"])
        scores.negation_negex.add(negex_flag, g["negated"])
        scores.uncertainty.add(item.uncertain, g["uncertain"])
        scores.temporality.add(item.temporality.value == g["temporality"])
        scores.experiencer.add(item.experiencer.value == g["experiencer"])
        scores.linked.add(item.link is not None)


def _score_medications(note: AnnotatedNote, analysis: NoteAnalysis, scores: NoteScores) -> None:
    pairs = _matched(note, analysis.medications, note.medications, scores.medications)
    for item, g in pairs:
        scores.medication_fields.setdefault("status", Tally()).add(item.status.value == g.get("status"))
        for name in ("dose", "unit", "route", "frequency"):
            if g.get(name):
                value = getattr(item, name)
                same = value is not None and _same(name, value, g[name])
                scores.medication_fields.setdefault(name, Tally()).add(same)


def _same(name: str, predicted: str, gold: str) -> bool:
    fold = lambda s: "".join(ch for ch in s.lower() if ch.isalnum())  # noqa: E731
    if name == "unit":
        return fold(predicted).startswith(fold(gold)) or fold(gold).startswith(fold(predicted))
    return fold(predicted) == fold(gold) or fold(gold) in fold(predicted)


# cEHRNER (``zh-emr-cehrner``): Chinese EMR fragments with entity mentions. A note's problems are its diseases and
# symptoms, its medications its drugs; negation and the other attributes are not annotated there, so only
# recognition (overlapping spans) and linking are scored. "叒" marks a removed line break: read as one.
CEHRNER_PROBLEMS = frozenset({"疾病和诊断", "症状"})
CEHRNER_DRUGS = frozenset({"药物"})
CEHRNER_BREAK = "叒"


def load_cehrner(path: Path, split: str) -> list[AnnotatedNote]:
    """cEHRNER's records as notes whose gold problems and medications carry only their spans and class."""
    notes = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record = json.loads(line)
        text = record["text"].replace(CEHRNER_BREAK, "\n")
        mentions = [{"start": int(m["offset"]), "end": int(m["offset"]) + len(m["mention"]),
                     "text": m["mention"], "class": m["label"]} for m in record["mention_data"]]
        notes.append(AnnotatedNote(
            f"cehrner-{split}-{number}", split, "", text,
            tuple(m for m in mentions if m["class"] in CEHRNER_PROBLEMS),
            tuple(m for m in mentions if m["class"] in CEHRNER_DRUGS), ((0, len(text)),)))
    return notes


@dataclass
class RecognitionScores:
    problems: Counts = field(default_factory=Counts)
    medications: Counts = field(default_factory=Counts)
    problems_linked: Tally = field(default_factory=Tally)
    medications_linked: Tally = field(default_factory=Tally)
    by_class: dict[str, Tally] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {"problems": self.problems.scores(), "medications": self.medications.scores(),
                "matched problems linked to the graph": self.problems_linked.accuracy(),
                "matched medications linked to the graph": self.medications_linked.accuracy(),
                **{f"recall, {name}": tally.accuracy() for name, tally in sorted(self.by_class.items())}}


def score_recognition(notes: Iterable[AnnotatedNote], analyses: Iterable[NoteAnalysis]) -> RecognitionScores:
    """Recognition only: spans found (overlap, each side once) and whether the matched ones link to the graph."""
    scores = RecognitionScores()
    for note, analysis in zip(notes, analyses):
        pairs = _matched(note, analysis.problems, note.problems, scores.problems)
        for item, _ in pairs:
            scores.problems_linked.add(item.link is not None)
        pairs += (drugs := _matched(note, analysis.medications, note.medications, scores.medications))
        for item, _ in drugs:
            scores.medications_linked.add(item.link is not None)
        found = {id(g) for _, g in pairs}
        for g in (*note.problems, *note.medications):
            scores.by_class.setdefault(g["class"], Tally()).add(id(g) in found)
    return scores
