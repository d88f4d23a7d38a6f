"""Ranking answers by their evidence, with the score explained.

Each answer gets points from five kinds of support, each capped, summed to a score in [0, 1]:

- ``curated``: curated sources (PharmacotherapyDB, DrugCentral, Hetionet, SIDER, …) state it; one source gives
  half the weight, each further independent source a quarter more;
- ``label``: an FDA drug label states it (an ``INDICATED_FOR`` relation, or evidence from a label document);
- ``literature``: the number and confidence of literature statements (saturating: 1 − e^(−n/3), times confidence);
- ``confidence``: the best evidence confidence over the answer's relations;
- ``recency``: how recent the newest dated evidence is (published year, linear over 20 years).

Symptomatic relations (``PALLIATES``) count 0.8 of disease-modifying ones. An answer without evidence is dropped:
it is never shown as a fact. Link predictions enter as hypotheses with their own, lower, scale.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from query.models import AnswerItem, Badge, EvidenceRef

WEIGHTS = {"curated": 0.40, "label": 0.25, "literature": 0.20, "confidence": 0.10, "recency": 0.05}
HYPOTHESIS_SCALE = 0.25  # a hypothesis never outranks an evidenced fact
RELATION_FACTOR = {"PALLIATES": 0.8}
LABEL_SOURCES = {"dailymed", "openfda", "spl", "labeledin", "fda-adr-labels", "fda_labels", "drug-label"}
LITERATURE_SOURCES = {"pubmed", "medline", "bc5cdr", "biored", "ade-corpus-v2", "ade", "ddi2013", "ncbi-disease",
                      "literature"}


def evidence_kind(evidence: dict[str, Any]) -> Badge:
    """Curated, label or literature, judged by the document id first (PMID/SETID), then the source name."""
    document = (evidence.get("document_id") or "").upper()
    source = (evidence.get("source") or "").lower()
    if document.startswith("SETID:") or source in LABEL_SOURCES:
        return Badge.LABEL
    if document.startswith("PMID:") or source in LITERATURE_SOURCES:
        return Badge.LITERATURE
    if (evidence.get("extractor") or "curated") != "curated":
        return Badge.LITERATURE
    return Badge.CURATED


def rank(rows: Iterable[dict[str, Any]], limit: int, today: date | None = None) -> list[AnswerItem]:
    """Group template rows by answer entity, score each, drop the unevidenced, best first."""
    by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_target[row["id"]].append(row)
    items = [item for group in by_target.values() if (item := _score_group(group, today or date.today()))]
    counts = {key: sum(int(row.get("evidence_count") or 0) for row in rows) for key, rows in by_target.items()}
    items.sort(key=lambda item: (-item.score, -counts[item.id], item.name.lower()))
    return items[:limit]


def _score_group(group: Sequence[dict[str, Any]], today: date) -> AnswerItem | None:
    evidence = [e for row in group for e in row.get("evidence") or [] if e]
    if not evidence or sum(int(row.get("evidence_count") or 0) for row in group) == 0:
        return None
    parts = dict.fromkeys(WEIGHTS, 0.0)
    curated_sources: set[str] = set()
    for row in group:
        factor = RELATION_FACTOR.get(row.get("relation") or "", 1.0)
        row_evidence = [e for e in row.get("evidence") or [] if e]
        kinds = {evidence_kind(e) for e in row_evidence} | {evidence_kind({"source": s}) for s in row.get("sources") or []}
        if Badge.CURATED in kinds:
            names = {s for s in row.get("sources") or [] if evidence_kind({"source": s}) is Badge.CURATED}
            curated_sources |= names or {e.get("source") or "?" for e in row_evidence}
            parts["curated"] = max(parts["curated"], WEIGHTS["curated"] * factor)
        if Badge.LABEL in kinds or row.get("relation") == "INDICATED_FOR":
            parts["label"] = max(parts["label"], WEIGHTS["label"] * factor)
        if Badge.LITERATURE in kinds:
            literature = [e for e in row_evidence if evidence_kind(e) is Badge.LITERATURE]
            n = max(len(literature), int(row.get("evidence_count") or 0) - (len(row_evidence) - len(literature)))
            confidence = max(float(e.get("confidence") or 0.5) for e in literature) if literature else 0.5
            parts["literature"] = max(parts["literature"],
                                      WEIGHTS["literature"] * (1 - math.exp(-n / 3)) * confidence * factor)
        parts["confidence"] = max(parts["confidence"], WEIGHTS["confidence"] * float(row.get("best_confidence") or 0))
    parts["curated"] *= min(1.0, 0.5 + 0.25 * (len(curated_sources) - 1)) if curated_sources else 0.0
    parts["recency"] = WEIGHTS["recency"] * _recency(evidence, today)
    first = group[0]
    badges = [badge for badge in (Badge.CURATED, Badge.LABEL, Badge.LITERATURE) if parts[badge.value] > 0]
    ordered = sorted(evidence, key=lambda e: -(float(e.get("confidence") or 0)))
    return AnswerItem(
        id=first["id"], name=first["name"] or first["id"], type=first["type"] or "Entity",
        score=round(min(1.0, sum(parts.values())), 4), hypothesis=False, xrefs=list(first.get("xrefs") or []),
        synonyms=list(first.get("synonyms") or [])[:10], evidence=[_evidence_ref(e) for e in ordered[:5]],
        relation=",".join(sorted({row["relation"] for row in group if row.get("relation")})),
        badges=badges, explanation={k: round(v, 4) for k, v in parts.items()},
    )


def _recency(evidence: Sequence[dict[str, Any]], today: date) -> float:
    years = [int(m.group(0)) for e in evidence if (m := re.search(r"(19|20)\d\d", str(e.get("published") or "")))]
    if not years:
        return 0.0
    return max(0.0, 1.0 - (today.year - max(years)) / 20)


def _evidence_ref(evidence: dict[str, Any]) -> EvidenceRef:
    confidence = evidence.get("confidence")
    return EvidenceRef(
        source=evidence.get("source") or "unknown", document_id=evidence.get("document_id"),
        text=evidence.get("text"), url=evidence.get("url"),
        confidence=float(confidence) if confidence is not None else None,
        section=evidence.get("section"), published=_as_text(evidence.get("published")),
    )


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def hypotheses(predictions: Iterable[Any], entities: dict[str, dict[str, Any]], known: set[str],
               limit: int) -> list[AnswerItem]:
    """Link predictions not already known as facts, as clearly marked hypotheses (no evidence, lower scale)."""
    items: list[AnswerItem] = []
    for prediction in predictions:
        row = entities.get(prediction.id)
        if row is None or prediction.id in known:
            continue
        score = HYPOTHESIS_SCALE * _squash(float(prediction.score))
        items.append(AnswerItem(
            id=row["id"], name=row["name"] or row["id"], type=row["type"] or "Entity", score=round(score, 4),
            hypothesis=True, xrefs=list(row.get("xrefs") or []), synonyms=list(row.get("synonyms") or [])[:10],
            relation=str(getattr(prediction, "relation", "")), badges=[Badge.HYPOTHESIS],
            explanation={"kge": round(score, 4)},
        ))
        if len(items) >= limit:
            break
    return items


def _squash(score: float) -> float:
    """Any model score (probability, logit, negative distance) into (0, 1)."""
    if 0.0 <= score <= 1.0:
        return score
    return 1 / (1 + math.exp(-score))
