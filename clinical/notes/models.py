"""Typed results of a note analysis: sections, problems with their context, medications, a traceable summary and
alerts from the graph. Every item carries character offsets into the note so the page can highlight it."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from clinical.patient import PatientContext
from query.messages import say
from query.models import EvidenceRef

_FROZEN = ConfigDict(frozen=True)
NOTE_DISCLAIMER = say("note_disclaimer", "en")
NOTE_DISCLAIMER_ZH = say("note_disclaimer", "zh")


class SectionKind(str, Enum):
    CHIEF_COMPLAINT = "chief_complaint"
    HPI = "hpi"
    PAST_HISTORY = "past_history"
    MEDICATIONS = "medications"
    ALLERGIES = "allergies"
    FAMILY_HISTORY = "family_history"
    SOCIAL_HISTORY = "social_history"
    REVIEW_OF_SYSTEMS = "review_of_systems"
    EXAMINATION = "examination"
    RESULTS = "results"
    ASSESSMENT_PLAN = "assessment_plan"
    OTHER = "other"


class Temporality(str, Enum):
    RECENT = "recent"
    HISTORICAL = "historical"
    HYPOTHETICAL = "hypothetical"


class Experiencer(str, Enum):
    PATIENT = "patient"
    OTHER = "other"


class MedicationStatus(str, Enum):
    CURRENT = "current"
    DISCONTINUED = "discontinued"
    ALLERGY = "allergy"
    PLANNED = "planned"


class Span(BaseModel):
    model_config = _FROZEN
    start: int
    end: int
    text: str


class NoteSection(BaseModel):
    model_config = _FROZEN
    kind: SectionKind
    heading: str | None = Field(description="the heading as written; None for text before the first heading")
    start: int
    end: int


class GraphLink(BaseModel):
    """The graph entity an item links to, with how much evidence the graph holds about it."""

    model_config = _FROZEN
    id: str
    name: str
    type: str
    name_zh: str | None = None
    evidence_count: int = Field(description="active evidence statements on the entity's relationships")
    method: str = Field(description="how the words were linked: name, synonym, abbreviation, lay term; in Chinese "
                                    "text also zh-exact, zh-normalised, zh-variant, zh-fuzzy")


class NoteProblem(BaseModel):
    model_config = _FROZEN
    span: Span
    type: str = Field(description="disease or finding")
    section: SectionKind
    negated: bool = False
    uncertain: bool = False
    temporality: Temporality = Temporality.RECENT
    experiencer: Experiencer = Experiencer.PATIENT
    cues: tuple[str, ...] = Field(default=(), description="the context cues that set the status, as written")
    link: GraphLink | None = None

    @property
    def active(self) -> bool:
        """A problem the patient has now, stated as fact — not a reaction an Allergies section records ("Penicillin
        (rash)")."""
        return (not self.negated and not self.uncertain and self.temporality is Temporality.RECENT
                and self.experiencer is Experiencer.PATIENT and self.section is not SectionKind.ALLERGIES)


class NoteMedication(BaseModel):
    model_config = _FROZEN
    span: Span
    section: SectionKind
    status: MedicationStatus
    dose: str | None = None
    unit: str | None = None
    route: str | None = None
    frequency: str | None = None
    duration: str | None = None
    attributes_span: Span | None = Field(default=None, description="the words the attributes were read from")
    link: GraphLink | None = None


class SummaryLine(BaseModel):
    """One line of the extractive summary; every line points at the spans it comes from."""

    model_config = _FROZEN
    heading: str
    text: str
    spans: tuple[Span, ...]


class AlertKind(str, Enum):
    INTERACTION = "interaction"
    CONTRAINDICATION = "contraindication"
    ALLERGY = "allergy"
    DUPLICATE_THERAPY = "duplicate_therapy"
    UNTREATED_PROBLEM = "untreated_problem"
    PATIENT_LABEL_WARNING = "patient_label_warning"
    POSSIBLE_ADVERSE_EFFECT = "possible_adverse_effect"


class NoteAlert(BaseModel):
    model_config = _FROZEN
    kind: AlertKind
    severity: str = Field(description="warning, or suggestion for an untreated problem")
    message: str
    entities: tuple[str, ...] = Field(description="graph ids the alert is about")
    spans: tuple[Span, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    suggestions: tuple[dict, ...] = Field(default=(), description="ranked treatments for an untreated problem")


class NoteAnalysis(BaseModel):
    model_config = _FROZEN
    language: str
    characters: int
    sections: tuple[NoteSection, ...]
    problems: tuple[NoteProblem, ...]
    medications: tuple[NoteMedication, ...]
    allergies: tuple[Span, ...] = Field(description="allergens as written (drugs or others); empty with NKDA")
    no_known_allergies: bool = False
    summary: tuple[SummaryLine, ...]
    alerts: tuple[NoteAlert, ...]
    patient: PatientContext = Field(description="the patient the note describes, for treatment and dosing questions")
    disclaimer: str
    rests_on: str = Field(description="what the analysis rests on, in words")
    timings_ms: dict[str, float] = Field(default_factory=dict)
