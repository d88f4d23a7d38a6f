"""Public consumer-question sets with question types and focus, mapped to medkg intents (issue #19).

Reads ``../shared/data`` (MedQuAD, TREC 2017 LiveQA-Med, MeQSum / MEDIQA 2021 QS, GARD question types) into
:class:`LabelledQuestion` rows whose ``labels`` are the medkg intents their types map to (``query/intent_types.tsv``).
MedQuAD is split by focus (a focus is in exactly one of train/dev/test, by a stable hash), so a classifier never
sees the test foci. Licences: MedQuAD and MeQSum/MEDIQA are CC BY 4.0; LiveQA and GARD state none and are used for
development and evaluation only (never for the shipped weights).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TYPES_FILE = Path(__file__).with_name("intent_types.tsv")
OUT_OF_SCOPE = "out_of_scope"
MAX_CHARS = 500  # what QueryEngine accepts


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    set: str  # medquad-train / medquad-dev / medquad-test / liveqa-train / liveqa-test / gard / chq-…
    text: str
    labels: frozenset[str]  # mapped medkg labels of its types (a question may have several)
    types: tuple[str, ...]
    focus: tuple[str, ...] = ()
    focus_category: tuple[str, ...] = ()
    focus_cui: tuple[str, ...] = field(default_factory=tuple)


def type_map(path: Path = TYPES_FILE) -> dict[tuple[str, str], str]:
    """(source, question type) → label."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {(row["source"], row["question_type"]): row["label"]
            for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)}


def split_of(focus: str) -> str:
    """train 70 % / dev 15 % / test 15 % by a stable hash of the case-folded focus."""
    bucket = int(hashlib.sha1(focus.strip().lower().encode()).hexdigest(), 16) % 100
    return "train" if bucket < 70 else ("dev" if bucket < 85 else "test")


def _labels(source: str, types: list[str], mapping: dict[tuple[str, str], str]) -> frozenset[str]:
    unknown = [t for t in types if (source, t) not in mapping]
    if unknown:
        raise KeyError(f"question types {unknown} of {source} are not in {TYPES_FILE.name}")
    return frozenset(mapping[(source, t)] for t in types)


def medquad(data_dir: Path) -> Iterator[LabelledQuestion]:
    mapping = type_map()
    seen: set[tuple[str, str]] = set()
    with gzip.open(data_dir / "medquad" / "medquad.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            focus = (row["focus"] or "").strip()
            key = (row["question"].strip().lower(), row["question_type"])
            if not focus or key in seen:  # 14 CDC rows have no focus; ADAM repeats templates
                continue
            seen.add(key)
            yield LabelledQuestion(
                row["id"], f"medquad-{split_of(focus)}", row["question"].strip(),
                _labels("medquad", [row["question_type"]], mapping), (row["question_type"],), (focus,),
                (row["focus_category"] or "",), tuple(row["focus_cui"] or ()))


def liveqa(data_dir: Path, split: str, summary: bool = False) -> Iterator[LabelledQuestion]:
    """``split`` train or test; ``summary``: the NLM one-line summary (test only) instead of the message."""
    mapping = type_map()
    name = "liveqa-train-questions.jsonl" if split == "train" else "liveqa-test.jsonl"
    for row in _jsonl(data_dir / "liveqa-med-2017" / name):
        text = row["nlm_summary"] if summary else row["question"]
        if not text:
            continue
        yield LabelledQuestion(row["id"], f"liveqa-{split}{'-summary' if summary else ''}", text.strip()[:MAX_CHARS],
                               _labels("liveqa", row["question_type"], mapping), tuple(row["question_type"]),
                               tuple(row["focus"] or ()), tuple(row["focus_category"] or ()))


def chq(data_dir: Path, summary: bool) -> Iterator[LabelledQuestion]:
    """Typed CHQ rows not seen during development: MEDIQA 2021 QS validation (the authors' labels) and the MeQSum
    rows whose LiveQA match is a LiveQA *test* question (rows matching LiveQA train are dev data, left out)."""
    mapping = type_map()
    folder = data_dir / "chq-summarization"
    for row in _jsonl(folder / "mediqa2021-qs.jsonl"):
        if row["set"].endswith("validation") and row["question_type"]:
            yield _chq_row(row, "mediqa", row["question_type"], row["question_focus"] or [], summary, mapping)
    yield from _meqsum_of_liveqa(data_dir, "liveqa-test-", summary, mapping)


def chq_dev(data_dir: Path) -> Iterator[LabelledQuestion]:
    """Development rows: MeQSum's expert summaries of LiveQA *training* questions, with that question's types and
    focus (the held-out rows are ``chq``'s)."""
    yield from _meqsum_of_liveqa(data_dir, "liveqa-train", True, type_map())


def _meqsum_of_liveqa(data_dir: Path, liveqa_prefix: str, summary: bool,
                      mapping: dict[tuple[str, str], str]) -> Iterator[LabelledQuestion]:
    """MeQSum rows whose LiveQA match's id starts with ``liveqa_prefix``, typed by that LiveQA question."""
    for row in _jsonl(data_dir / "chq-summarization" / "meqsum.jsonl"):
        match = row.get("liveqa_match")
        if match and match["id"].startswith(liveqa_prefix):
            yield _chq_row(row, "liveqa", match["question_type"], match["focus"] or [], summary, mapping)


def _chq_row(row: dict, source: str, types: list[str], focus: list[str], summary: bool,
             mapping: dict[tuple[str, str], str]) -> LabelledQuestion:
    text = row["summary"] if summary else row["chq"]
    return LabelledQuestion(row["id"], f"chq{'-summary' if summary else ''}", text.strip()[:MAX_CHARS],
                            _labels(source, types, mapping), tuple(types), tuple(focus))


def gard(data_dir: Path) -> Iterator[LabelledQuestion]:
    mapping = type_map()
    with (data_dir / "gard-question-types" / "gard-question-types.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield LabelledQuestion(row["id"], "gard", row["question"].strip(),
                                   _labels("gard", [row["question_type"]], mapping), (row["question_type"],))


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def sample_per_type(rows: list[LabelledQuestion], per_type: int, seed: int = 0) -> list[LabelledQuestion]:
    """At most ``per_type`` rows of each question type (MedQuAD repeats each template thousands of times)."""
    import random

    by_type: dict[tuple[str, ...], list[LabelledQuestion]] = {}
    for row in rows:
        by_type.setdefault(row.types, []).append(row)
    rng = random.Random(seed)
    picked: list[LabelledQuestion] = []
    for key in sorted(by_type):
        group = by_type[key]
        picked.extend(rng.sample(group, per_type) if len(group) > per_type else group)
    return picked


class CachedEmbedder:
    """Wraps a ``TextEmbedder``: embeddings of texts seen before come from an ``.npz`` file (evaluation speed-up)."""

    def __init__(self, embedder: object, path: Path) -> None:
        import numpy as np

        self.embedder = embedder
        self.path = path
        self._cache: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self._cache = dict(zip(data["texts"].tolist(), data["vectors"]))

    def encode(self, texts: list[str]):  # noqa: ANN201 - numpy array, as TextEmbedder.encode
        import numpy as np

        missing = sorted({t for t in texts if t not in self._cache}, key=len)
        if missing:
            for text, vector in zip(missing, self.embedder.encode(missing)):
                self._cache[text] = vector
        return np.stack([self._cache[t] for t in texts]) if texts else self.embedder.encode([])

    def save(self) -> None:
        import numpy as np

        self.path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._cache)
        np.savez(self.path, texts=np.asarray(texts), vectors=np.stack([self._cache[t] for t in texts]))
