"""Typed hand-off models of the clinical layer: findings, the differential, consultation turns."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from clinical.patient import Sex
from query.messages import say
from query.models import EvidenceRef  # one evidence reference for every answer, clinical or not

_FROZEN = ConfigDict(frozen=True)
DISCLAIMER = say("diagnosis_disclaimer", "en")
DISCLAIMER_ZH = say("diagnosis_disclaimer", "zh")


class FindingStatus(str, Enum):
    PRESENT = "present"
    ABSENT = "absent"
    UNCERTAIN = "uncertain"


class Finding(BaseModel):
    """One finding a user stated: the words, what they link to (or not), and whether it is present."""

    model_config = _FROZEN
    text: str
    status: FindingStatus
    id: str | None = None
    name: str | None = None
    name_zh: str | None = None


class Contribution(BaseModel):
    """How one finding moved one disease: its log-likelihood ratio and the link it rests on."""

    model_config = _FROZEN
    finding_id: str
    finding: str
    status: FindingStatus
    expected: float = Field(description="P(finding | disease) the graph states (or the leak when not linked)")
    background: float = Field(description="share of diseases in the graph that present the finding")
    weight: float = Field(description="log-likelihood ratio added to the disease's score")
    linked: bool
    sources: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()


class Candidate(BaseModel):
    model_config = _FROZEN
    id: str
    name: str
    name_zh: str | None = None
    probability: float = Field(description="share among the candidates considered; not a calibrated probability")
    score: float
    prior: float
    supporting: tuple[Contribution, ...] = ()
    against: tuple[Contribution, ...] = ()
    explanation: str


class Differential(BaseModel):
    model_config = _FROZEN
    language: str
    findings: tuple[Finding, ...]
    candidates: tuple[Candidate, ...]
    message: str | None = None
    method: str
    disclaimer: str
    elapsed_ms: float = 0.0
    sex: Sex | None = Field(default=None, description="the patient's sex the ranking used; none given: a disease of "
                                                       "one sex counts half")


class Answer(str, Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Question(BaseModel):
    model_config = _FROZEN
    finding_id: str
    finding: str
    finding_zh: str | None = None
    text: str
    information_gain: float


class RedFlag(BaseModel):
    model_config = _FROZEN
    finding_id: str
    finding: str
    advice: str
    source: str


class ConsultTurn(BaseModel):
    model_config = _FROZEN
    session_id: str
    turn: int
    differential: Differential
    question: Question | None = None
    finished: bool = False
    reason: str | None = None
    red_flags: tuple[RedFlag, ...] = ()
    asked: tuple[Finding, ...] = ()


class PatientAction(str, Enum):
    """What the patient review did to a treatment candidate."""

    KEPT = "kept"  # nothing found for this patient
    CAUTION = "caution"  # kept in place; a label statement to read first
    DEMOTED = "demoted"  # moved below every candidate without a demotion or exclusion
    EXCLUDED = "excluded"  # taken out of the ranking, listed with the reason


class PatientFlag(BaseModel):
    """One reason a candidate is cautioned, demoted or excluded for the patient, with what it rests on."""

    model_config = _FROZEN
    rule: str  # contraindicated-condition | allergy | interaction | label-warning | class-<one of those> (inferred)
    action: PatientAction
    reason: str
    about: str  # the patient's condition, allergy, medication or group the flag is about
    evidence: list[EvidenceRef] = Field(default_factory=list)


class ReviewedCandidate(BaseModel):
    model_config = _FROZEN
    id: str
    name: str
    action: PatientAction
    flags: list[PatientFlag] = Field(default_factory=list)
    blind_rank: int  # its place in the patient-blind ranking (1 = first)
    labelled: bool | None = Field(default=None, description="whether medkg holds a current label of this drug (set "
                                                           "by a one-drug check; its label rules could run only then)")


class PatientReview(BaseModel):
    """The patient a treatment ranking was adjusted for, what of it linked to the graph, and every candidate's
    outcome (``Answer.patient`` carries it as JSON)."""

    model_config = _FROZEN
    patient: dict = Field(description="clinical.patient.PatientContext as JSON (only what was given)")
    understood: list[str] = Field(default_factory=list, description="patient phrases read from the question")
    linked: dict[str, list[str]] = Field(default_factory=dict, description="patient terms → graph names")
    unlinked: list[str] = Field(default_factory=list, description="patient terms the graph does not know")
    populations: list[str] = Field(default_factory=list, description="label warning groups that apply")
    candidates: list[ReviewedCandidate] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="what the rules read")
