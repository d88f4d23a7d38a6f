"""``/api/v1/diagnose`` and ``/api/v1/consult``: the clinical layer's differential and symptom interview.

Consultations live in server memory with an id and expire; nothing the user says is logged or stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import get_engine
from api.schemas import ErrorBody
from clinical.consultation import SessionNotFound
from clinical.models import Answer, ConsultTurn, Differential
from clinical.patient import Sex

router = APIRouter(tags=["clinical"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 404, 413, 422, 503)}


class DiagnoseRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2000, description="findings, e.g. 'headache, fever, no rash' or 头痛、发热")
    language: str | None = Field(default=None, pattern="^(en|zh)$", description="answer language; default: the text's")
    limit: int = Field(default=10, ge=1, le=50)
    sex: Sex | None = Field(default=None, description="the patient's sex, where known: rules out the other sex's "
                                                      "diseases (else they count half); the text may state it too")


class ConsultStart(BaseModel):
    complaint: str = Field(min_length=1, max_length=2000, description="the first complaint, e.g. 'fever and headache'")
    language: str | None = Field(default=None, pattern="^(en|zh)$")
    sex: Sex | None = Field(default=None, description="the patient's sex, where known (the complaint may state it)")


class ConsultReply(BaseModel):
    answer: Answer


def _clinical(engine: Annotated[Any, Depends(get_engine)]) -> Any:
    if not hasattr(engine, "consultations"):
        raise HTTPException(503, "the clinical layer is not available")
    return engine


ClinicalDep = Annotated[Any, Depends(_clinical)]


def _language(text: str, language: str | None) -> str:
    from clinical.statements import CJK

    return language or ("zh" if CJK.search(text) else "en")


@router.post("/diagnose", response_model=Differential, responses=_ERRORS)
async def diagnose(body: DiagnoseRequest, engine: ClinicalDep) -> Differential:
    """A ranked, explained differential for the stated findings, with the evidence of each disease–finding link."""
    text = body.text.strip()
    if not text:
        raise HTTPException(422, "invalid request: text is empty")
    return await run_in_threadpool(engine.diagnose, text, body.limit, _language(text, body.language), body.sex)


@router.post("/consult", response_model=ConsultTurn, responses=_ERRORS)
async def consult_start(body: ConsultStart, engine: ClinicalDep) -> ConsultTurn:
    """Start a consultation with the first complaint: the differential and the most informative next question."""
    complaint = body.complaint.strip()
    if not complaint:
        raise HTTPException(422, "invalid request: complaint is empty")
    service = await run_in_threadpool(lambda: engine.consultations)
    return await run_in_threadpool(service.start, complaint, _language(complaint, body.language), body.sex)


@router.post("/consult/{session_id}", response_model=ConsultTurn, responses=_ERRORS)
async def consult_answer(session_id: str, body: ConsultReply, engine: ClinicalDep) -> ConsultTurn:
    """Answer the pending question (yes / no / unknown) and get the next turn."""
    try:
        return await run_in_threadpool(engine.consultations.answer, session_id, body.answer)
    except SessionNotFound as error:
        raise HTTPException(404, str(error)) from error


@router.get("/consult/{session_id}", response_model=ConsultTurn, responses=_ERRORS)
async def consult_get(session_id: str, engine: ClinicalDep) -> ConsultTurn:
    """The consultation's current state and summary, without asking anything new."""
    try:
        return await run_in_threadpool(engine.consultations.get, session_id)
    except SessionNotFound as error:
        raise HTTPException(404, str(error)) from error


@router.delete("/consult/{session_id}", status_code=204, responses=_ERRORS)
async def consult_end(session_id: str, engine: ClinicalDep) -> None:
    """End a consultation now and forget it."""
    engine.consultations.end(session_id)
