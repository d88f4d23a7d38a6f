"""Question-answering quality: Hits@1/10, MRR and precision@10 against expected answers, per source and style.

A question file is JSON lines: ``{"question", "intent", "expected": [ids in any vocabulary], "expected_names": [...],
"source", "style"}``. An answer is relevant when its id or one of its xrefs is expected, or its name or a synonym
equals an expected name (case-folded). Hypotheses count where they rank, since they are shown.

``build_question_set(data_dir)`` writes the bundled set (tests/data/questions.jsonl) from the data: see
docs/evaluation.md for what each part measures.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from query.models import Answer, AnswerItem

K = 10


def load_questions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'s", "s")).strip()


def is_relevant(item: AnswerItem, question: dict[str, Any]) -> bool:
    ids = {i.upper() for i in question.get("expected", [])}
    names = {_fold(n) for n in question.get("expected_names", [])}
    if item.id.upper() in ids or any(x.upper() in ids for x in item.xrefs):
        return True
    return bool(names & {_fold(n) for n in [item.name, *item.synonyms]})


def score_answer(answer: Answer, question: dict[str, Any]) -> dict[str, float]:
    relevant = [is_relevant(item, question) for item in answer.answers[:K]]
    first = next((rank for rank, hit in enumerate(relevant, 1) if hit), None)
    return {
        "hits@1": float(bool(relevant[:1] and relevant[0])), "hits@10": float(first is not None),
        "mrr": 1.0 / first if first else 0.0,
        "precision@10": sum(relevant) / len(relevant) if relevant else 0.0,
        "intent_ok": float(answer.intent.value == question.get("intent", answer.intent.value)),
        "answered": float(bool(answer.answers)),
        "ms": answer.timings_ms.get("total", 0.0),
    }


def agreement_at_k(first: Answer, second: Answer, k: int = 5) -> float | None:
    """Overlap of two answers' top-k answer ids, over k or over the longer list when both have fewer than k
    (1.0: the same top answers); None when neither has an answer."""
    a, b = ({item.id for item in answer.answers[:k]} for answer in (first, second))
    size = min(k, max(len(a), len(b)))
    return len(a & b) / size if size else None


def evaluate(ask: Callable[[str], Answer], questions: Iterable[dict[str, Any]],
             progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda x: x) -> dict[str, Any]:
    """Mean metrics overall and per ``source`` and ``style``, plus per-question rows."""
    rows = []
    for question in progress(list(questions)):
        answer = ask(question["question"])
        rows.append({**score_answer(answer, question), "question": question["question"],
                     "source": question.get("source", "?"), "style": question.get("style", "plain"),
                     "top": [item.name for item in answer.answers[:3]]})
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[f"source={row['source']}"].append(row)
        groups[f"style={row['style']}"].append(row)
    return {"groups": {name: _mean(members) for name, members in groups.items()}, "questions": rows}


def _mean(rows: list[dict[str, Any]]) -> dict[str, float]:
    keys = ("hits@1", "hits@10", "mrr", "precision@10", "intent_ok", "answered", "ms")
    summary = {key: round(sum(row[key] for row in rows) / len(rows), 4) for key in keys}
    return {"n": len(rows), **summary}


# -- the bundled question set ---------------------------------------------------------------------------------------
TREATMENT_PHRASES = ("what is the best treatment for {}", "which drugs treat {}", "first-line therapy for {}",
                     "what can I prescribe for {}", "medications for {}")
VARIANTS = [  # (question, disease name in PharmacotherapyDB, style)
    ("best treatment for HTN", "hypertension", "abbreviation"),
    ("which drugs treat T2DM", "type 2 diabetes mellitus", "abbreviation"),
    ("what can I prescribe for COPD", "chronic obstructive pulmonary disease", "abbreviation"),
    ("medications for RA", "rheumatoid arthritis", "abbreviation"),
    ("treatment for ADHD", "attention deficit hyperactivity disorder", "abbreviation"),
    ("what is the best treatment for hypertention", "hypertension", "misspelling"),
    ("drugs for astma", "asthma", "misspelling"),
    ("which drugs treat schizofrenia", "schizophrenia", "misspelling"),
    ("treatment of alzheimers disease", "Alzheimer's disease", "misspelling"),
    ("what can I prescribe for parkinsons", "Parkinson's disease", "misspelling"),
    ("medication for high blood pressure", "hypertension", "everyday"),
    ("what helps with migraine headaches", "migraine", "everyday"),
    ("高血压的最佳治疗是什么", "hypertension", "zh"),
    ("2型糖尿病用什么药", "type 2 diabetes mellitus", "zh"),
    ("哮喘怎么治", "asthma", "zh"),
    ("类风湿关节炎的治疗药物", "rheumatoid arthritis", "zh"),
    ("癫痫吃什么药", "epilepsy syndrome", "zh"),
    ("帕金森病的一线治疗", "Parkinson's disease", "zh"),
]
ZH_SIDE_EFFECTS = {"阿托伐他汀的副作用": "atorvastatin", "二甲双胍有什么不良反应": "metformin"}


def build_question_set(data_dir: Path, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    questions = _pharmacotherapydb_questions(data_dir / "pharmacotherapydb", rng)
    questions += _drugcentral_questions(data_dir / "drugcentral-2016", rng)
    questions += _adr_label_questions(data_dir / "fda-adr-labels", rng)
    return questions


def _pharmacotherapydb_questions(folder: Path, rng: random.Random) -> list[dict[str, Any]]:
    by_disease: dict[str, list[dict[str, str]]] = defaultdict(list)
    by_drug: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (folder / "indications.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["category"] in ("DM", "SYM"):
                by_disease[row["disease"]].append(row)
                by_drug[row["drug"]].append(row)
    out = []
    for index, disease in enumerate(sorted(rng.sample(sorted(by_disease), 40))):
        rows = by_disease[disease]
        out.append(_question(TREATMENT_PHRASES[index % len(TREATMENT_PHRASES)].format(disease), "treatment",
                             [f"DRUGBANK:{r['drugbank_id']}" for r in rows], [r["drug"] for r in rows],
                             "pharmacotherapydb", "plain"))
    for question, disease, style in VARIANTS:
        rows = by_disease[disease]
        out.append(_question(question, "treatment", [f"DRUGBANK:{r['drugbank_id']}" for r in rows],
                             [r["drug"] for r in rows], "pharmacotherapydb", style))
    for drug in sorted(rng.sample(sorted(by_drug), 20)):
        rows = by_drug[drug]
        out.append(_question(f"what is {drug} indicated for", "indications", [r["doid_id"] for r in rows],
                             [r["disease"] for r in rows], "pharmacotherapydb", "plain"))
    return out


def _drugcentral_questions(folder: Path, rng: random.Random) -> list[dict[str, Any]]:
    by_indication: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (folder / "drug_indication.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["DOID"]:
                by_indication[row["INDICATION_FDB"]].append(row)
    usable = sorted(name for name, rows in by_indication.items() if 2 <= len(rows) <= 25)
    return [_question(f"which drugs treat {name.lower()}", "treatment", [],
                      [r["DRUG_NAME"] for r in by_indication[name]], "drugcentral", "plain")
            for name in sorted(rng.sample(usable, 30))]


def _adr_label_questions(folder: Path, rng: random.Random) -> list[dict[str, Any]]:
    files = sorted((folder / "Gold").glob("*_adverse_reactions.offsets"))
    out = []
    for path in sorted(rng.sample(files, 20)):
        drug = path.name.split("_adverse_reactions")[0].lower()
        cuis, names = set(), set()
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("|")
            if len(parts) >= 3:
                cuis.add(f"UMLS:{parts[1]}")
                names.add(parts[2])
        out.append(_question(f"side effects of {drug}", "side_effects", sorted(cuis), sorted(names),
                             "fda-adr-labels", "plain"))
    for question, drug in ZH_SIDE_EFFECTS.items():
        path = folder / "Gold" / f"{drug.upper()}_adverse_reactions.offsets"
        if path.exists():
            lines = [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()]
            out.append(_question(question, "side_effects", sorted({f"UMLS:{p[1]}" for p in lines if len(p) >= 3}),
                                 sorted({p[2] for p in lines if len(p) >= 3}), "fda-adr-labels", "zh"))
    return out


def _question(text: str, intent: str, expected: list[str], names: list[str], source: str,
              style: str) -> dict[str, Any]:
    return {"question": text, "intent": intent, "expected": sorted(set(expected)),
            "expected_names": sorted(set(names)), "source": source, "style": style}


def write_question_set(data_dir: Path, out: Path) -> int:
    questions = build_question_set(data_dir)
    with out.open("w", encoding="utf-8") as handle:
        for question in questions:
            handle.write(json.dumps(question, ensure_ascii=False) + "\n")
    return len(questions)


if __name__ == "__main__":  # python -m query.evaluation OUT.jsonl [DATA_DIR]
    import sys

    from core.settings import Settings

    data = Path(sys.argv[2]) if len(sys.argv) > 2 else Settings().data_dir
    print(write_question_set(data, Path(sys.argv[1])), "questions")
