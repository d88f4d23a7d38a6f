"""``GET /healthz``: 200 when Neo4j answers, else 503."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from api.deps import DriverDep, SettingsDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
def healthz(driver: DriverDep, settings: SettingsDep) -> JSONResponse:
    """Is the graph database reachable?"""
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, Neo4jError, OSError) as error:
        body = Health(status="unavailable", neo4j="unreachable", detail=f"Neo4j at {settings.bolt_uri}: {error}")
        return JSONResponse(body.model_dump(), status_code=503)
    return JSONResponse(Health(status="ok", neo4j="reachable").model_dump())
