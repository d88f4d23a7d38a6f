"""The one way the query layer follows a plan: from an entity, run each hop's read-only template and collect the rows.

``query.answer`` (questions) and ``query.browse`` (the API's treatments page) both retrieve through here, so the
two answer the same question with the same statements, parameters and limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from query import templates
from query.models import Intent
from query.plans import Plan, plan_for
from query.safety import ReadOnlyRunner

EVIDENCE_PER_RELATION = 5


# Intents whose answers are drug–disease pairs, and which side of the pair the asked entity is.
TRIAL_PAIRS = {Intent.TREATMENT: "disease", Intent.INDICATIONS: "drug"}
TRIALS_SENTENCE = re.compile(r"\bin (\d+) ClinicalTrials\.gov trials?\b")  # ingest/sources/clinicaltrials.py


@dataclass(frozen=True)
class Retrieved:
    """The plan chosen for the entity (its intent may be a rerouted sibling), the rows its hops returned and, for
    drug–disease answers, how many ClinicalTrials.gov trials studied each candidate for it."""

    plan: Plan
    rows: tuple[dict[str, Any], ...]
    trials: dict[str, int] = field(default_factory=dict)


def retrieve(runner: ReadOnlyRunner, intent: Intent, entity_id: str, entity_type: str,
             limit: int) -> Retrieved | None:
    """Rows answering ``intent`` about one entity, enough candidates for ``limit`` answers; ``None`` without a plan."""
    plan = plan_for(intent, entity_type)
    if plan is None:
        return None
    parameters = {"id": entity_id, "candidate_limit": max(50, 5 * limit), "evidence_limit": EVIDENCE_PER_RELATION}
    rows = [row for hop in plan.hops for row in runner.run(templates.related(hop), parameters)]
    return Retrieved(plan, tuple(rows), trial_counts(runner, plan.intent, entity_id, rows))


def trial_counts(runner: ReadOnlyRunner, intent: Intent, entity_id: str,
                 rows: list[dict[str, Any]]) -> dict[str, int]:
    """Candidate id → the number of trials the ClinicalTrials source states for the drug–disease pair."""
    side = TRIAL_PAIRS.get(intent)
    candidates = sorted({row["id"] for row in rows})
    if side is None or not candidates:
        return {}
    pairs = [[c, entity_id] if side == "disease" else [entity_id, c] for c in candidates]
    found: dict[str, int] = {}
    for row in runner.run(templates.trial_statements(), {"pairs": pairs}):
        counts = [int(m.group(1)) for text in row["texts"] if (m := TRIALS_SENTENCE.search(text or ""))]
        candidate = row["drug"] if side == "disease" else row["disease"]
        if counts:
            found[candidate] = max(counts)
    return found
