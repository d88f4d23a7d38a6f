"""Typed dependencies: handlers ask for ``SettingsDep``, ``DriverDep``, ``RunnerDep``, ``EngineDep`` and stay short.

Everything here comes from ``app.state``, filled once by the lifespan in ``api.main``; nothing is created at
import time.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from neo4j import Driver

from core.settings import Settings
from query.models import Answer
from query.safety import ReadOnlyRunner

T = TypeVar("T")


class AnswersQuestions(Protocol):
    """What the API needs from the query engine."""

    def answer(self, question: str, limit: int = 10, conversation_id: str | None = None) -> Answer: ...


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_driver(request: Request) -> Driver:
    return request.app.state.driver


def get_runner(request: Request) -> ReadOnlyRunner:
    """A fresh read-only runner per request (it records the statements it ran), limits from the settings."""
    return ReadOnlyRunner.from_settings(request.app.state.driver, request.app.state.settings)


def get_engine(request: Request) -> AnswersQuestions:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        reason = getattr(request.app.state, "engine_error", None) or "it is starting"
        raise HTTPException(503, f"the query engine is not available: {reason}")
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
DriverDep = Annotated[Driver, Depends(get_driver)]
RunnerDep = Annotated[ReadOnlyRunner, Depends(get_runner)]
EngineDep = Annotated[AnswersQuestions, Depends(get_engine)]

_bearer = HTTPBearer(auto_error=False, description="The admin token (Settings.api_admin_token).")


def require_admin(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Admin endpoints: disabled (403) without a configured token; 401 without a bearer token, 403 if wrong."""
    expected = settings.api_admin_token
    if not expected:
        raise HTTPException(403, "admin endpoints are disabled: set MEDKG_API_ADMIN_TOKEN to enable them")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "admin endpoints need 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(403, "the admin token is not valid")


AdminDep = Depends(require_admin)


def found_or_404(result: T | None, kind: str, identifier: str) -> T:
    """The domain function's result, or 404 when it says the thing does not exist (``None``)."""
    if result is None:
        raise HTTPException(404, f"no {kind} with id {identifier!r}")
    return result
