"""What the API serves besides answers: autocomplete, entity pages, treatments, dosage texts and graph statistics.

Every function takes a ``ReadOnlyRunner`` (``ReadOnlyRunner.from_settings``: the settings' timeout and row limit),
runs read-only templates through it and returns plain JSON-ready dicts; ``None`` means "no such entity" (the API
answers 404).
"""

from __future__ import annotations

import re
from typing import Any

from graph import cypher
from graph.models import NodeLabel
from query import ranking, templates
from query.entities import name_similarity
from query.models import Intent
from query.retrieval import retrieve
from query.safety import ReadOnlyRunner

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def autocomplete(runner: ReadOnlyRunner, q: str, limit: int = 10) -> list[dict[str, Any]]:
    """Entities whose name or synonym starts like ``q`` (each word a prefix), best match first."""
    words = [w.lower() for w in _WORD.findall(q or "")][:8]
    if not words:
        return []
    lucene = " AND ".join([*words[:-1], f"{words[-1]}*"])
    rows = runner.run(templates.fulltext_candidates(), {"lucene": lucene, "k": max(limit * 3, 20), "labels": []})
    for row in rows:
        row["match"] = round(name_similarity(q, [row["name"] or "", *row["synonyms"]]), 4)
    rows.sort(key=lambda row: (-row["match"], -row["score"], len(row["name"] or "")))
    return [{"id": r["id"], "name": r["name"], "type": r["type"], "synonyms": r["synonyms"][:5],
             "score": r["match"]} for r in rows[:limit]]


def entity_details(runner: ReadOnlyRunner, id: str, limit: int = 100) -> dict[str, Any] | None:
    """One entity with its neighbours (relation, direction, evidence count) and evidence counts per relation type."""
    rows = runner.run(templates.entity_neighbours(), {"id": id, "limit": limit})
    if not rows:
        return None
    entity = rows[0]["entity"]
    labels = [label for label in entity.pop("labels", []) if label != "Entity"]
    counts = runner.run(templates.evidence_counts_of(), {"id": id})
    return {**entity, "type": labels[0] if labels else "Entity", "labels": labels,
            "neighbours": rows[0]["neighbours"], "evidence_counts": counts}


def treatments_for(runner: ReadOnlyRunner, disease_id: str, limit: int = 20) -> dict[str, Any] | None:
    """Ranked drugs that treat, palliate or are indicated for the disease, with evidence and score explanation."""
    disease = _entity(runner, disease_id)
    if disease is None:
        return None
    retrieved = retrieve(runner, Intent.TREATMENT, disease_id, disease["type"] or NodeLabel.DISEASE.value, limit)
    items = ranking.rank(retrieved.rows if retrieved else (), limit, trials=retrieved.trials if retrieved else None)
    return {"disease": disease, "treatments": [item.model_dump(mode="json") for item in items]}


def dosage_for(runner: ReadOnlyRunner, drug_id: str, limit: int = 20) -> dict[str, Any] | None:
    """The drug's Dosage and Administration texts, verbatim, each with its label citation. Never a computed dose."""
    drug = _entity(runner, drug_id)
    if drug is None:
        return None
    texts = runner.run(templates.dosage_texts(), {"id": drug_id, "limit": limit})
    message = None if texts else "No drug label with Dosage and Administration text for this drug is in the graph."
    return {"drug": drug, "dosage": texts, "message": message}


def graph_stats(runner: ReadOnlyRunner) -> dict[str, Any]:
    """Counts per label, relationship type and evidence source, and the last ingest run if one is recorded."""
    labels = runner.run(cypher.counts_by_label())
    types = runner.run(cypher.counts_by_type())
    sources = runner.run(templates.counts_by_source())
    runs = runner.run(templates.last_ingest_run())
    return {
        "labels": {row["label"]: row["n"] for row in labels},
        "relationships": {row["type"]: row["n"] for row in types},
        "sources": {row["source"] or "unknown": row["n"] for row in sources},
        "last_ingest_run": runs[0]["run"] if runs else None,
    }


def _entity(runner: ReadOnlyRunner, id: str) -> dict[str, Any] | None:
    found = runner.run(templates.entities_by_ids(), {"ids": [id]})
    return found[0] if found else None
