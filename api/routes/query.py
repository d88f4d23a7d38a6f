"""``POST /api/v1/query``: a clinical question in, ranked and evidenced answers out (the query layer's contract)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, SettingsDep
from api.schemas import ErrorBody, QueryRequest
from query.models import Answer

router = APIRouter(tags=["query"])


@router.post(
    "/query", response_model=Answer,
    responses={code: {"model": ErrorBody} for code in (400, 413, 422, 503, 504)},
)
async def ask(body: QueryRequest, engine: EngineDep, settings: SettingsDep) -> Answer:
    """Answer a question such as "best treatment for hypertension" or "dose of metformin", optionally for a patient
    (``patient``; or stated in the question: "… in a pregnant woman taking lithium")."""
    question = body.question.strip()
    if not question:
        raise HTTPException(422, "invalid request: question is empty")
    try:
        return await asyncio.wait_for(
            run_in_threadpool(engine.answer, question, body.limit, body.conversation_id, body.patient),
            timeout=settings.query_timeout_s,
        )
    except TimeoutError as error:
        raise HTTPException(504, f"the question took longer than {settings.query_timeout_s:g} s") from error
