"""The symptom interview (智能问诊): each turn updates the differential and asks the most informative next question.

The next question is the finding, among those linked to the leading candidates and not yet asked, whose answer is
expected to reduce the entropy of the candidates' distribution the most (expected information gain, answers
yes/no weighted by their predicted probability). The interview stops when one candidate holds ``LEAD`` of the
probability mass or after ``max_turns`` questions, and ends with a summary. Sessions live in server memory with an
id and expire after ``ttl_s`` of inactivity; nothing a patient says is logged or written anywhere.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from clinical.diagnosis import differential, evidence_weights, expected_share, score_diseases, softmax
from clinical.knowledge import DiagnosisKnowledge
from clinical.models import Answer, ConsultTurn, Finding, FindingStatus, Question, RedFlag
from clinical.patient import Sex
from clinical.patient_text import parse_patient
from clinical.statements import parse_findings
from core.errors import MedkgError
from query.messages import say
from query.safety import ReadOnlyRunner
from vocabulary.findings import everyday_names
from vocabulary.normalize import fold, uninverted
from vocabulary.readers import ReadReport, read_tsv_dicts

LEAD = 0.8
TOP_K = 25
RED_FLAGS = Path(__file__).with_name("red_flags.tsv")
RED_FLAG_SOURCE = ("medkg red-flag list (clinical/red_flags.tsv), compiled from MedlinePlus 'when to contact a "
                   "medical professional' guidance; not a triage protocol")


class SessionNotFound(MedkgError):
    """No consultation with that id (never started, finished long ago, or expired)."""


# HPO's grouping terms ("Abnormality of temperature regulation", "Abnormal heart morphology") name a branch of
# findings, not one a patient can say yes or no to
UNASKABLE = re.compile(r"^(?:abnormality|abnormal|anomaly|morphological abnormality)\b", re.IGNORECASE)


def entropy(probabilities: list[float]) -> float:
    return -sum(p * math.log(p) for p in probabilities if p > 0)


def open_questions(knowledge: DiagnosisKnowledge, findings: list[Finding], asked: set[str],
                   sex: Sex | None = None) -> tuple[dict[str, float], set[str]]:
    """The ``TOP_K`` leading candidates with their shares, and the findings linked to them not yet stated or asked —
    not a candidate itself: "Have you been told you have pneumonia?" of a cough and fever asks the patient for the
    diagnosis being weighed, which one not yet diagnosed cannot give (a condition outside the candidates, such as
    diabetes behind a neuropathy, is still asked as history)."""
    present, absent = evidence_weights(findings)
    scores = score_diseases(knowledge, present, absent, sex=sex)
    top = sorted(scores, key=lambda disease: (-scores[disease], disease))[:TOP_K]  # ties: by id, in every process
    shares = softmax({d: scores[d] for d in top})
    options = ({f for d in top for f in knowledge.expected.get(d, {})} - asked - set(present) - set(absent)
               - set(top))
    return shares, {f for f in options if not UNASKABLE.search(knowledge.finding_names.get(f, ""))}


def next_question(knowledge: DiagnosisKnowledge, findings: list[Finding], asked: set[str],
                  language: str = "en", sex: Sex | None = None) -> Question | None:
    """The finding with the largest expected information gain over the top candidates, or ``None``."""
    shares, options = open_questions(knowledge, findings, asked, sex)
    if not shares:
        return None
    current = entropy(list(shares.values()))
    best: tuple[float, str] | None = None
    for finding in options:
        gain = current - _expected_entropy(knowledge, shares, finding)
        if best is None or gain > best[0] or (gain == best[0] and finding < best[1]):
            best = (gain, finding)
    if best is None:
        return None
    return _question(knowledge, best[1], best[0], language)


def _expected_entropy(knowledge: DiagnosisKnowledge, shares: dict[str, float], finding: str) -> float:
    likelihood = {}
    for disease in shares:
        links = knowledge.expected.get(disease, {})
        likelihood[disease] = expected_share(links, finding, disease)
    p_yes = sum(shares[d] * likelihood[d] for d in shares)
    yes = [shares[d] * likelihood[d] / p_yes for d in shares] if p_yes > 0 else []
    no = [shares[d] * (1 - likelihood[d]) / (1 - p_yes) for d in shares] if p_yes < 1 else []
    return p_yes * entropy(yes) + (1 - p_yes) * entropy(no)


def _question(knowledge: DiagnosisKnowledge, finding: str, gain: float, language: str) -> Question:
    name = knowledge.finding_names.get(finding, finding)
    zh = knowledge.finding_zh.get(finding) or knowledge.disease_zh.get(finding)
    written = zh or name if language == "zh" else uninverted(name).lower()
    key = "consult_question"
    if finding in knowledge.expected or finding in knowledge.named_diseases:  # a finding that is itself a disease
        # is asked in everyday words where the synonym table gives some ("sore throat" for Pharyngitis), else as a
        # known diagnosis — not "Do you have meningitis?", which asks the patient for the diagnosis
        english, chinese = _everyday_names().get(fold(name), (None, None))
        everyday = chinese if language == "zh" else english
        written, key = (everyday, key) if everyday else (written, "consult_question_condition")
    return Question(finding_id=finding, finding=name, finding_zh=zh, text=say(key, language, finding=written),
                    information_gain=round(gain, 4))


_everyday_names = cache(everyday_names)  # read once per process


def load_red_flags(knowledge: DiagnosisKnowledge) -> dict[str, tuple[str, str]]:
    """Finding id → (advice, advice in Chinese) for the red-flag findings the graph knows."""
    flags: dict[str, tuple[str, str]] = {}
    for _, row in read_tsv_dicts(RED_FLAGS, ReadReport()):
        match = knowledge.index.lookup(row["finding"])
        if match is not None:
            flags[match.id] = (row["advice"], row["advice_zh"])
    return flags


@dataclass
class Consultation:
    id: str
    language: str
    findings: list[Finding]
    sex: Sex | None = None  # the patient's, where the complaint or the caller states it
    asked: set[str] = field(default_factory=set)
    pending: Question | None = None
    turn: int = 0
    touched: float = field(default_factory=time.monotonic)


class ConsultationService:
    """Server-side consultations over one knowledge snapshot; thread-safe; sessions expire after ``ttl_s``."""

    def __init__(self, knowledge: DiagnosisKnowledge, runner: ReadOnlyRunner | None = None, *, max_turns: int = 10,
                 ttl_s: float = 1800.0, max_sessions: int = 10_000) -> None:
        self.knowledge = knowledge
        self.runner = runner
        self.max_turns = max_turns
        self.ttl_s = ttl_s
        self.max_sessions = max_sessions
        self.red_flags = load_red_flags(knowledge)
        self._sessions: dict[str, Consultation] = {}
        self._lock = threading.Lock()

    def start(self, complaint: str, language: str = "en", sex: Sex | None = None) -> ConsultTurn:
        """A new consultation; the patient's sex is the caller's or the complaint's ("a 30-year-old woman with …")."""
        findings = parse_findings(complaint, self.knowledge.index)
        session = Consultation(secrets.token_urlsafe(16), language, findings, sex or parse_patient(complaint).patient.sex)
        with self._lock:
            self._expire()
            if len(self._sessions) >= self.max_sessions:
                oldest = min(self._sessions.values(), key=lambda s: s.touched)
                del self._sessions[oldest.id]
            self._sessions[session.id] = session
        return self._turn(session)

    def answer(self, session_id: str, answer: Answer) -> ConsultTurn:
        session = self._get(session_id)
        question = session.pending
        if question is not None:
            session.asked.add(question.finding_id)
            if answer is not Answer.UNKNOWN:
                status = FindingStatus.PRESENT if answer is Answer.YES else FindingStatus.ABSENT
                session.findings.append(Finding(text=question.finding, status=status, id=question.finding_id,
                                                name=question.finding))
            session.turn += 1
        return self._turn(session)

    def get(self, session_id: str) -> ConsultTurn:
        return self._turn(self._get(session_id), ask=False)

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _get(self, session_id: str) -> Consultation:
        with self._lock:
            self._expire()
            session = self._sessions.get(session_id)
            if session is None:
                raise SessionNotFound(f"no consultation {session_id!r} (expired after {self.ttl_s:.0f} s or unknown)")
            session.touched = time.monotonic()
            return session

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, s in self._sessions.items() if now - s.touched > self.ttl_s]:
            del self._sessions[key]

    def _turn(self, session: Consultation, ask: bool = True) -> ConsultTurn:
        current = differential(self.knowledge, session.findings, runner=self.runner, language=session.language,
                               sex=session.sex)
        leader = current.candidates[0].probability if current.candidates else 0.0
        reason = None
        if leader >= LEAD:
            reason = say("consult_leader", session.language)
        elif session.turn >= self.max_turns:
            reason = say("consult_turn_limit", session.language)
        question = None
        if reason is None and ask:
            question = next_question(self.knowledge, session.findings, session.asked, session.language, session.sex)
            if question is None:
                reason = say("consult_no_question", session.language)
        session.pending = question
        return ConsultTurn(session_id=session.id, turn=session.turn, differential=current, question=question,
                           finished=reason is not None, reason=reason, red_flags=self._flags(session),
                           asked=tuple(session.findings))

    def _flags(self, session: Consultation) -> tuple[RedFlag, ...]:
        flags = []
        for finding in session.findings:
            if finding.status is FindingStatus.PRESENT and finding.id in self.red_flags:
                advice, advice_zh = self.red_flags[finding.id]
                flags.append(RedFlag(finding_id=finding.id, finding=self.knowledge.name(finding.id, session.language),
                                     advice=advice_zh if session.language == "zh" else advice,
                                     source=RED_FLAG_SOURCE))
        return tuple(flags)



