"""``POST /api/v1/notes/analyze``: a clinical note in, its sections, problems, medications, summary and alerts out.

The note is analysed in memory; nothing it contains is written to the graph or logged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import get_engine
from api.schemas import ErrorBody
from clinical.notes import MAX_NOTE_CHARS, NoteError, check_note
from clinical.notes.models import NoteAnalysis

router = APIRouter(tags=["clinical"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 413, 422, 503)}


class NoteRequest(BaseModel):
    text: str = Field(description=f"the note as plain text, at most {MAX_NOTE_CHARS:,} characters")
    alerts: bool = Field(default=True, description="check the medications and problems against the graph")
    suggestions: bool = Field(default=True, description="suggest treatments for problems no listed drug treats")


def _notes(engine: Annotated[Any, Depends(get_engine)]) -> Any:
    if not hasattr(engine, "notes"):
        raise HTTPException(503, "the clinical layer is not available")
    return engine


@router.post("/notes/analyze", response_model=NoteAnalysis, responses=_ERRORS)
async def analyze_note(body: NoteRequest, engine: Annotated[Any, Depends(_notes)]) -> NoteAnalysis:
    """Sections, problems (negated, uncertain, historical, family), medications with dose and status, an extractive
    summary whose lines point at the note, and alerts from the graph with their evidence."""
    try:
        text = check_note(body.text)
    except NoteError as error:
        status = 413 if len(body.text) > MAX_NOTE_CHARS else 422
        raise HTTPException(status, str(error)) from error
    analyzer = await run_in_threadpool(lambda: engine.notes)
    return await run_in_threadpool(lambda: analyzer.analyze(text, alerts=body.alerts, suggestions=body.suggestions))
