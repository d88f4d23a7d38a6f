"""``GET /api/v1/stats``: counts per label, relationship type and evidence source, and the last ingest run."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import DriverDep, SettingsDep
from api.schemas import GraphStats
from query import browse

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=GraphStats)
def graph_stats(driver: DriverDep, settings: SettingsDep) -> Any:
    """What the graph holds, and when it was last fed."""
    return browse.graph_stats(driver, settings.neo4j_database)
