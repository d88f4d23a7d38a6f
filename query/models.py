"""The answer contract: what ``medkg ask --json`` and the API both return (frozen pydantic models).

Field names follow issue 7; extra fields (``badges``, ``explanation``, ``relation``, ``message``, ``language``)
are additions that readers may ignore.
"""

from __future__ import annotations

from typing import Any

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from graph.models import EvidenceKind

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Intent(str, Enum):
    TREATMENT = "treatment"
    INDICATIONS = "indications"
    SIDE_EFFECTS = "side_effects"
    CONTRAINDICATIONS = "contraindications"
    INTERACTIONS = "interactions"
    DOSAGE = "dosage"
    MECHANISM = "mechanism"
    DISEASE_GENES = "disease_genes"
    SIMILAR = "similar"
    SYMPTOMS = "symptoms"  # the findings a disease presents with (PRESENTS)
    DIAGNOSIS = "diagnosis"  # answered by the clinical layer (clinical.engine)
    UNKNOWN = "unknown"


class Badge(str, Enum):
    """Why an answer is shown: which kind of evidence backs it."""

    CURATED = "curated"
    LABEL = "label"
    LITERATURE = "literature"
    DICTIONARY = "dictionary"  # found by the dictionary fallback (no trained model)
    IMPORTED = "imported"  # a user's own import that did not say what kind of evidence it is
    HYPOTHESIS = "hypothesis"


class EntityMatch(BaseModel):
    """An entity recognised and linked in the question."""

    model_config = _FROZEN

    id: str
    name: str
    type: str
    xrefs: list[str] = Field(default_factory=list)
    score: float
    mention: str | None = None
    name_zh: str | None = Field(default=None, description="its Chinese name, for a Chinese question (English in name)")
    method: str | None = None


class EvidenceRef(BaseModel):
    """One citable statement behind an answer."""

    model_config = _FROZEN

    source: str
    document_id: str | None = None
    text: str | None = None
    url: str | None = None
    confidence: float | None = None
    section: str | None = None
    published: str | None = None
    kind: EvidenceKind | None = Field(default=None, description="what kind of statement it is (graph.models)")
    extractor: str | None = Field(default=None, description="the model or reader that produced it")
    extractor_version: str | None = None
    sentence_offsets: tuple[int, ...] | None = Field(
        default=None, description="a statement across sentences: start and end of each sentence it rests on, "
                                  "flattened (its text quotes each, joined by ' … ')")


class AnswerItem(BaseModel):
    """One ranked answer. ``hypothesis`` items come from link prediction and are never facts."""

    model_config = _FROZEN

    id: str
    name: str
    type: str
    score: float
    name_zh: str | None = Field(default=None, description="its Chinese name, for a Chinese question (English in name)")
    hypothesis: bool = False
    xrefs: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    text: str | None = None
    evidence: list[EvidenceRef] = Field(default_factory=list)
    relation: str | None = None
    badges: list[Badge] = Field(default_factory=list)
    explanation: dict[str, float] = Field(default_factory=dict)


class Answer(BaseModel):
    """The whole reply to one question."""

    model_config = _FROZEN

    question: str
    intent: Intent
    entities: list[EntityMatch] = Field(default_factory=list)
    answers: list[AnswerItem] = Field(default_factory=list)
    cypher: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    message: str | None = None
    language: str = "en"
    conversation_id: str | None = Field(default=None, description="send it back with a follow-up question")
    understood_as: str | None = Field(default=None, description="the follow-up as medkg read it ('side effects of it' "
                                                                 "→ 'side effects of atorvastatin')")
    differential: dict[str, Any] | None = Field(
        default=None, description="for intent diagnosis: the clinical layer's explained differential "
                                  "(clinical.models.Differential as JSON)")
    patient: dict[str, Any] | None = Field(
        default=None, description="when a patient was given or stated in the question: the clinical layer's patient "
                                  "review (clinical.models.PatientReview as JSON): what was understood, and each "
                                  "treatment candidate's action (kept, caution, demoted, excluded) with reasons and "
                                  "evidence")
    dosing: dict[str, Any] | None = Field(
        default=None, description="for intent dosage with a patient: the doses computed from the label's dose rules "
                                  "(clinical.dosing.DoseAnswer as JSON) — each with its arithmetic, the verbatim "
                                  "label sentence and citation, or the reason no number is given")

    @property
    def understood(self) -> bool:
        return self.intent is not Intent.UNKNOWN and bool(self.entities)
