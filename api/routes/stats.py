"""``GET /api/v1/stats``: counts per label, relationship type and evidence source, and the last ingest run."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import RunnerDep
from api.schemas import GraphStats
from query import browse

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=GraphStats)
def graph_stats(runner: RunnerDep) -> Any:
    """What the graph holds, and when it was last fed."""
    return browse.graph_stats(runner)
