"""Request and response schemas of the service that are not the query layer's own models."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path

from pydantic import BaseModel, ConfigDict, Field

from clinical.patient import PatientContext
from query.models import AnswerItem


class QueryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=500, description="A clinical question in plain words.")
    limit: int = Field(default=10, ge=1, le=100, description="How many ranked answers at most.")
    conversation_id: str | None = Field(default=None, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                        description="The id an earlier answer returned, for follow-ups ('side effects "
                                                    "of it?'); kept in server memory only, expires.")
    patient: PatientContext | None = Field(
        default=None, description="The patient the question is about (age or age group, sex, pregnancy, lactation, "
                                  "weight, eGFR/CrCl, hepatic impairment, conditions, current medications, allergies): "
                                  "treatment answers are re-ranked for them, each change with its reason and evidence "
                                  "(answer.patient). Values stated in the question fill the gaps; never stored.")


class Health(BaseModel):
    status: str
    neo4j: str
    detail: str | None = None


class ErrorBody(BaseModel):
    error: str
    detail: str


LOOKUP_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 422: {"model": ErrorBody}}


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paths: list[str] = Field(min_length=1, max_length=100,
                             description="Files or folders of the data folder (MEDKG_DATA_DIR), relative to it.")
    source: str = Field(default="pubmed", max_length=32, description="pubmed, labels, pubtator or bioc.")


class IngestAccepted(BaseModel):
    job_id: str = Field(description="This server's job; its ledger run id appears in GET /api/v1/runs.")
    status: str
    source: str
    paths: list[str]


class RunList(BaseModel):
    runs: list[dict[str, Any]] = Field(description="Ingest runs from the ledger in the graph, newest first.")
    jobs: list[dict[str, Any]] = Field(description="Ingest jobs started by this server, newest first.")


# A canonical id: PREFIX:LOCAL with no spaces or control characters (e.g. MESH:D006973, SETID:...@v3).
ENTITY_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s\x00-\x1f]+$"
EntityIdPath = Annotated[str, Path(pattern=ENTITY_ID_PATTERN, max_length=200,
                                   description="A canonical id PREFIX:LOCAL, e.g. MESH:D006973")]


# Browsing responses (the dicts of query.browse, typed for the OpenAPI spec) -------------------------------------
_OPEN = ConfigDict(extra="allow")


class EntityRef(BaseModel):
    model_config = _OPEN

    id: str
    name: str | None = None
    type: str | None = None


class EntitySuggestion(EntityRef):
    synonyms: list[str] = Field(default_factory=list)
    score: float


class Neighbour(EntityRef):
    relation: str
    direction: str
    evidence_count: int
    best_confidence: float | None = None
    sources: list[str] = Field(default_factory=list)


class EvidenceCount(BaseModel):
    relation: str
    relationships: int
    evidence: int


class EntityDetails(EntityRef):
    labels: list[str] = Field(default_factory=list)
    synonyms: list[str] | None = None
    xrefs: list[str] | None = None
    sources: list[str] | None = None
    neighbours: list[Neighbour]
    evidence_counts: list[EvidenceCount]


class Treatments(BaseModel):
    disease: EntityRef
    treatments: list[AnswerItem]


class DosageText(BaseModel):
    model_config = _OPEN

    id: str
    text: str
    document_id: str | None = None
    source: str | None = None
    url: str | None = None
    section: str | None = None
    published: str | None = None


class Dosage(BaseModel):
    drug: EntityRef
    dosage: list[DosageText]
    message: str | None = None


class GraphStats(BaseModel):
    labels: dict[str, int]
    relationships: dict[str, int]
    sources: dict[str, int]
    last_ingest_run: dict[str, Any] | None = None
