"""``GET /api/v1/diseases/{id}/treatments``: drugs that treat, palliate or are indicated for a disease."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import RunnerDep, found_or_404
from api.schemas import LOOKUP_ERRORS, EntityIdPath, Treatments
from query import browse

router = APIRouter(prefix="/diseases", tags=["diseases"])


@router.get("/{disease_id}/treatments", response_model=Treatments, responses=LOOKUP_ERRORS)
def disease_treatments(
    runner: RunnerDep,
    disease_id: EntityIdPath,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Any:
    """Ranked treatments of the disease, each with its evidence."""
    result = browse.treatments_for(runner, disease_id, limit)
    return found_or_404(result, "disease", disease_id)
