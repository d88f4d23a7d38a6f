"""Measuring diagnosis and the interview: top-k accuracy on finding lists, and simulated patients.

A case is one JSON line: ``{"id", "disease", "disease_ids": [...], "findings": [...], "patient_findings": [...],
"language"}``: ``findings`` are what the user states (for ``medkg eval diagnosis``), ``patient_findings`` every finding
the simulated patient has (it answers yes to those and no to anything else). A case counts as right at rank k when any
of ``disease_ids`` is among the first k candidates. Interview strategies are compared in one run: ``information``
(the consultation's own choice), ``random`` (a random finding linked to the current candidates) and ``frequent``
(the finding most diseases present).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clinical.consultation import next_question, open_questions
from clinical.diagnosis import rank
from clinical.knowledge import DiagnosisKnowledge
from clinical.models import Finding, FindingStatus
from clinical.statements import parse_findings
from core.errors import BadInput

KS = (1, 5, 10)


@dataclass(frozen=True)
class Case:
    id: str
    disease: str
    disease_ids: tuple[str, ...]
    findings: tuple[str, ...]
    patient_findings: tuple[str, ...] = ()
    language: str = "en"


def read_cases(path: Path) -> list[Case]:
    cases = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                cases.append(Case(str(row["id"]), row["disease"], tuple(row["disease_ids"]), tuple(row["findings"]),
                                  tuple(row.get("patient_findings") or row["findings"]), row.get("language", "en")))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise BadInput(f"{path}:{number}: not a diagnosis case ({error})") from error
    if not cases:
        raise BadInput(f"{path}: no cases")
    return cases


def position(ranked: Sequence[str], expected: Iterable[str]) -> int | None:
    wanted = set(expected)
    return next((i + 1 for i, disease in enumerate(ranked) if disease in wanted), None)


@dataclass
class Accuracy:
    cases: int = 0
    hits: dict[int, int] = field(default_factory=lambda: {k: 0 for k in KS})
    unlinked_findings: int = 0
    stated_findings: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, found_at: int | None) -> None:
        self.cases += 1
        for k in KS:
            self.hits[k] += int(found_at is not None and found_at <= k)

    def as_dict(self) -> dict[str, float]:
        result = {f"top{k}": round(self.hits[k] / max(1, self.cases), 4) for k in KS}
        result["cases"] = self.cases
        result["finding_link_rate"] = round(1 - self.unlinked_findings / max(1, self.stated_findings), 4)
        if self.seconds:
            result["p95_ms"] = round(1000 * sorted(self.seconds)[int(0.95 * (len(self.seconds) - 1))], 2)
        return result


def evaluate_diagnosis(knowledge: DiagnosisKnowledge, cases: Sequence[Case], min_findings: int = 1) -> Accuracy:
    """Top-k accuracy of the differential for each case's stated findings (joined as a user would write them)."""
    accuracy = Accuracy()
    joiner = {"zh": "、"}
    for case in cases:
        if len(case.findings) < min_findings:
            continue
        started = time.perf_counter()
        findings = parse_findings(joiner.get(case.language, ", ").join(case.findings), knowledge.index)
        ranked = [disease for disease, _, _ in rank(knowledge, findings)]
        accuracy.seconds.append(time.perf_counter() - started)
        accuracy.stated_findings += len(case.findings)
        accuracy.unlinked_findings += sum(1 for f in findings if f.id is None)
        accuracy.add(position(ranked, case.disease_ids))
    return accuracy


# simulated patients ---------------------------------------------------------------------------------------------
Strategy = Callable[[DiagnosisKnowledge, list[Finding], set[str], random.Random], str | None]


def ask_informative(knowledge: DiagnosisKnowledge, findings: list[Finding], asked: set[str],
                    rng: random.Random) -> str | None:
    question = next_question(knowledge, findings, asked)
    return question.finding_id if question else None


def ask_random(knowledge: DiagnosisKnowledge, findings: list[Finding], asked: set[str],
               rng: random.Random) -> str | None:
    options = sorted(open_questions(knowledge, findings, asked)[1])
    return rng.choice(options) if options else None


def ask_frequent(knowledge: DiagnosisKnowledge, findings: list[Finding], asked: set[str],
                 rng: random.Random) -> str | None:
    stated = {f.id for f in findings}
    options = [f for f in knowledge.presented_by if f not in asked and f not in stated]
    return max(options, key=lambda f: (len(knowledge.presented_by[f]), f)) if options else None


STRATEGIES: dict[str, Strategy] = {"information": ask_informative, "random": ask_random, "frequent": ask_frequent}


@dataclass
class InterviewResult:
    strategy: str
    cases: int = 0
    top1_at: dict[int, int] = field(default_factory=dict)
    top5_at: dict[int, int] = field(default_factory=dict)
    questions: list[int] = field(default_factory=list)
    turn_seconds: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        n = max(1, self.cases)
        result: dict[str, float] = {"cases": self.cases}
        for budget in sorted(self.top1_at):
            result[f"top1@{budget}q"] = round(self.top1_at[budget] / n, 4)
            result[f"top5@{budget}q"] = round(self.top5_at[budget] / n, 4)
        result["mean_questions"] = round(statistics.fmean(self.questions), 2) if self.questions else 0.0
        if self.turn_seconds:
            ordered = sorted(self.turn_seconds)
            result["turn_p50_ms"] = round(1000 * ordered[len(ordered) // 2], 2)
            result["turn_p95_ms"] = round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2)
        return result


def simulate(knowledge: DiagnosisKnowledge, cases: Sequence[Case], strategy: str, budgets: Sequence[int] = (5, 10),
             lead: float = 0.8, seed: int = 0) -> InterviewResult:
    """Each simulated patient states their first finding and answers from their own list; the interview stops when
    one candidate holds ``lead`` of the probability or after the largest budget."""
    ask = STRATEGIES[strategy]
    rng = random.Random(seed)
    result = InterviewResult(strategy, top1_at={b: 0 for b in budgets}, top5_at={b: 0 for b in budgets})
    for case in cases:
        has = {f.id for f in parse_findings(", ".join(case.patient_findings), knowledge.index) if f.id}
        findings = [f for f in parse_findings(case.findings[0], knowledge.index) if f.id][:1] if case.findings else []
        if not findings or not has:
            continue
        result.cases += 1
        asked: set[str] = set()
        ranked = rank(knowledge, findings)
        scored: set[int] = set()
        while not (ranked and ranked[0][2] >= lead) and len(asked) < max(budgets):
            started = time.perf_counter()
            finding = ask(knowledge, findings, asked, rng)
            result.turn_seconds.append(time.perf_counter() - started)
            if finding is None:
                break
            asked.add(finding)
            status = FindingStatus.PRESENT if finding in has else FindingStatus.ABSENT
            findings.append(Finding(text=finding, status=status, id=finding))
            ranked = rank(knowledge, findings)
            if len(asked) in budgets:
                _score(result, len(asked), ranked, case)
                scored.add(len(asked))
        for budget in set(budgets) - scored:  # stopped early: the final ranking stands for the larger budgets
            _score(result, budget, ranked, case)
        result.questions.append(len(asked))
    return result


def _score(result: InterviewResult, budget: int, ranked: list[tuple[str, float, float]], case: Case) -> None:
    found_at = position([d for d, _, _ in ranked], case.disease_ids)
    result.top1_at[budget] += int(found_at == 1)
    result.top5_at[budget] += int(found_at is not None and found_at <= 5)
