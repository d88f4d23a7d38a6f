"""The one way the query layer follows a plan: from an entity, run each hop's read-only template and collect the rows.

``query.answer`` (questions) and ``query.browse`` (the API's treatments page) both retrieve through here, so the
two answer the same question with the same statements, parameters and limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from query import templates
from query.models import Intent
from query.plans import Plan, plan_for
from query.safety import ReadOnlyRunner

EVIDENCE_PER_RELATION = 5


@dataclass(frozen=True)
class Retrieved:
    """The plan chosen for the entity (its intent may be a rerouted sibling) and the rows its hops returned."""

    plan: Plan
    rows: tuple[dict[str, Any], ...]


def retrieve(runner: ReadOnlyRunner, intent: Intent, entity_id: str, entity_type: str,
             limit: int) -> Retrieved | None:
    """Rows answering ``intent`` about one entity, enough candidates for ``limit`` answers; ``None`` without a plan."""
    plan = plan_for(intent, entity_type)
    if plan is None:
        return None
    parameters = {"id": entity_id, "candidate_limit": max(50, 5 * limit), "evidence_limit": EVIDENCE_PER_RELATION}
    rows = [row for hop in plan.hops for row in runner.run(templates.related(hop), parameters)]
    return Retrieved(plan, tuple(rows))
