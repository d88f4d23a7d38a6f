"""``GET /api/v1/entities?q=`` (autocomplete) and ``GET /api/v1/entities/{id}`` (neighbours, evidence counts)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import RunnerDep, found_or_404
from api.schemas import LOOKUP_ERRORS, EntityIdPath, EntityDetails, EntitySuggestion, ErrorBody
from query import browse

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("", response_model=list[EntitySuggestion], responses={422: {"model": ErrorBody}})
def search_entities(
    runner: RunnerDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Part of a name or synonym.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Any:
    """Entities whose name or synonyms match ``q`` (for the query box's autocomplete), best first."""
    return browse.autocomplete(runner, q, limit)


@router.get("/{entity_id}", response_model=EntityDetails, responses=LOOKUP_ERRORS)
def get_entity(
    runner: RunnerDep,
    entity_id: EntityIdPath,
) -> Any:
    """One entity with its neighbours (relationship, direction, evidence count) and evidence counts per type."""
    details = browse.entity_details(runner, entity_id)
    return found_or_404(details, "entity", entity_id)
