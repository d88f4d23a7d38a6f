"""``GET /api/v1/drugs/{id}/dosage``: the verbatim Dosage and Administration text of the drug's labels."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import RunnerDep, found_or_404
from api.schemas import LOOKUP_ERRORS, EntityIdPath, Dosage
from query import browse

router = APIRouter(prefix="/drugs", tags=["drugs"])


@router.get("/{drug_id}/dosage", response_model=Dosage, responses=LOOKUP_ERRORS)
def drug_dosage(
    runner: RunnerDep,
    drug_id: EntityIdPath,
) -> Any:
    """Label text quoted verbatim with its citation (medkg never computes a dose)."""
    result = browse.dosage_for(runner, drug_id)
    return found_or_404(result, "drug", drug_id)
