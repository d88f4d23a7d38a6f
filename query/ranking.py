"""Ranking answers by their evidence, with the score explained.

Each answer gets points from five kinds of support, each capped, summed to a score in [0, 1]. What counts where
is the evidence's own ``kind`` (``graph.models.EvidenceKind``, set by whoever produced the evidence):

- ``curated``: curated records (PharmacotherapyDB, DrugCentral, Hetionet, SIDER, …) and a user's own imports
  state it; one source gives half the weight, each further independent source a quarter more;
- ``label``: a drug label states it (full weight; so does an ``INDICATED_FOR`` relation backed by a curated record or
  a label statement), or a model extracted it from a label's free text (weight times the best such confidence);
- ``literature``: the number and confidence of statements a model (or the dictionary fallback) extracted from
  articles and free text (saturating: 1 − e^(−n/3), times the best such confidence);
- ``confidence``: the best evidence confidence over the answer's relations;
- ``recency``: how recent the newest dated evidence is (published year, linear over 20 years);
- ``trials``: for drug–disease answers, how many ClinicalTrials.gov trials studied the drug for the disease
  (log scale, full at 100 trials) — independent clinical investment, not proof of benefit.

Ties (equal scores) are broken by a stated rule: more evidence statements first, then more trials, then the name.

Symptomatic relations (``PALLIATES``) count 0.8 of disease-modifying ones. An answer without evidence is dropped:
it is never shown as a fact. Link predictions enter as hypotheses with their own, lower, scale, and say the
held-out precision measured at their rank (``embeddings.precision``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from graph.models import EvidenceKind
from query.models import AnswerItem, Badge, EvidenceRef

WEIGHTS = {"curated": 0.40, "label": 0.25, "literature": 0.20, "confidence": 0.10, "recency": 0.05, "trials": 0.10}
FULL_TRIALS = 100
HYPOTHESIS_SCALE = 0.25  # a hypothesis never outranks an evidenced fact
RELATION_FACTOR = {"PALLIATES": 0.8}
BADGE_OF_KIND = {
    EvidenceKind.CURATED_RECORD: Badge.CURATED, EvidenceKind.LABEL_STATEMENT: Badge.LABEL,
    EvidenceKind.LABEL_EXTRACTION: Badge.LABEL, EvidenceKind.LITERATURE_EXTRACTION: Badge.LITERATURE,
    EvidenceKind.DICTIONARY_FALLBACK: Badge.DICTIONARY, EvidenceKind.USER_IMPORT: Badge.IMPORTED,
    EvidenceKind.HYPOTHESIS: Badge.HYPOTHESIS,
}
CURATED_KINDS = {EvidenceKind.CURATED_RECORD, EvidenceKind.USER_IMPORT}
EXTRACTED_KINDS = {EvidenceKind.LITERATURE_EXTRACTION, EvidenceKind.DICTIONARY_FALLBACK}


def kind_of(evidence: dict[str, Any]) -> EvidenceKind | None:
    """The evidence's stated kind (``None`` for a node written before kinds, until ``medkg db init`` migrates it)."""
    value = evidence.get("kind")
    return EvidenceKind(value) if value in EvidenceKind._value2member_map_ else None


def badge_of(evidence: dict[str, Any]) -> Badge | None:
    kind = kind_of(evidence)
    return BADGE_OF_KIND[kind] if kind is not None else None


def rank(rows: Iterable[dict[str, Any]], limit: int, today: date | None = None,
         trials: dict[str, int] | None = None) -> list[AnswerItem]:
    """Group template rows by answer entity, score each, drop the unevidenced, best first; ``trials`` gives the
    number of trials per candidate of a drug–disease answer."""
    trials = trials or {}
    by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_target[row["id"]].append(row)
    items = [item for key, group in by_target.items()
             if (item := _score_group(group, today or date.today(), trials.get(key, 0)))]
    counts = {key: sum(int(row.get("evidence_count") or 0) for row in rows) for key, rows in by_target.items()}
    items.sort(key=lambda item: (-item.score, -counts[item.id], -trials.get(item.id, 0), item.name.lower()))
    return items[:limit]


def trials_part(n_trials: int) -> float:
    return WEIGHTS["trials"] * min(1.0, math.log1p(max(0, n_trials)) / math.log1p(FULL_TRIALS))


def _score_group(group: Sequence[dict[str, Any]], today: date, n_trials: int = 0) -> AnswerItem | None:
    evidence = [e for row in group for e in row.get("evidence") or [] if e]
    if not evidence or sum(int(row.get("evidence_count") or 0) for row in group) == 0:
        return None
    parts = dict.fromkeys(WEIGHTS, 0.0)
    curated_sources: set[str] = set()
    kinds: set[EvidenceKind] = set()
    for row in group:
        row_kinds = _row_kinds(row)
        kinds |= set(row_kinds)
        curated_sources |= {pair["source"] or "?" for pair in row.get("kind_sources") or []
                            if pair and pair.get("kind") in {k.value for k in CURATED_KINDS}}
        _score_row(row, row_kinds, parts)
    if kinds & CURATED_KINDS and not curated_sources:
        curated_sources = {e.get("source") or "?" for e in evidence if kind_of(e) in CURATED_KINDS}
    parts["curated"] *= min(1.0, 0.5 + 0.25 * (len(curated_sources) - 1)) if curated_sources else 0.0
    parts["recency"] = WEIGHTS["recency"] * _recency(evidence, today)
    parts["trials"] = trials_part(n_trials)
    first = group[0]
    ordered = sorted(evidence, key=lambda e: -(float(e.get("confidence") or 0)))
    return AnswerItem(
        id=first["id"], name=first["name"] or first["id"], type=first["type"] or "Entity",
        score=round(min(1.0, sum(parts.values())), 4), hypothesis=False, xrefs=list(first.get("xrefs") or []),
        synonyms=list(first.get("synonyms") or [])[:10], evidence=[_evidence_ref(e) for e in ordered[:5]],
        relation=",".join(sorted({row["relation"] for row in group if row.get("relation")})),
        badges=_badges(kinds, parts),
        explanation={**{k: round(v, 4) for k, v in parts.items()}, **({"trials_n": n_trials} if n_trials else {})},
    )


def _row_kinds(row: dict[str, Any]) -> list[EvidenceKind]:
    """The kind of every active evidence of the row's relation (one per node; the template's ``kinds``), else of
    the evidence the row carries."""
    stated = row.get("kinds")
    values = stated if stated is not None else [e.get("kind") for e in row.get("evidence") or [] if e]
    return [EvidenceKind(v) for v in values if v in EvidenceKind._value2member_map_]


def _score_row(row: dict[str, Any], kinds: list[EvidenceKind], parts: dict[str, float]) -> None:
    """Raise each part to what this relation alone earns (the answer keeps the best relation per part)."""
    factor = RELATION_FACTOR.get(row.get("relation") or "", 1.0)
    row_evidence = [e for e in row.get("evidence") or [] if e]
    present = set(kinds)
    if present & CURATED_KINDS:
        parts["curated"] = max(parts["curated"], WEIGHTS["curated"] * factor)
    stated_on_label = EvidenceKind.LABEL_STATEMENT in present or (
        row.get("relation") == "INDICATED_FOR" and EvidenceKind.CURATED_RECORD in present)
    if stated_on_label:
        parts["label"] = max(parts["label"], WEIGHTS["label"] * factor)
    elif EvidenceKind.LABEL_EXTRACTION in present:
        confidence = _best_confidence(row_evidence, {EvidenceKind.LABEL_EXTRACTION})
        parts["label"] = max(parts["label"], WEIGHTS["label"] * confidence * factor)
    extracted = sum(1 for kind in kinds if kind in EXTRACTED_KINDS)
    if extracted:
        confidence = _best_confidence(row_evidence, EXTRACTED_KINDS)
        parts["literature"] = max(parts["literature"],
                                  WEIGHTS["literature"] * (1 - math.exp(-extracted / 3)) * confidence * factor)
    parts["confidence"] = max(parts["confidence"], WEIGHTS["confidence"] * float(row.get("best_confidence") or 0))


def _best_confidence(evidence: Sequence[dict[str, Any]], kinds: set[EvidenceKind]) -> float:
    """The best confidence among the returned evidence of these kinds (0.5 when none of them was returned)."""
    values = [float(e.get("confidence") or 0.5) for e in evidence if kind_of(e) in kinds]
    return max(values) if values else 0.5


def _badges(kinds: set[EvidenceKind], parts: dict[str, float]) -> list[Badge]:
    shown = {BADGE_OF_KIND[kind] for kind in kinds} | ({Badge.LABEL} if parts["label"] > 0 else set())
    return [badge for badge in Badge if badge in shown]


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
        section=evidence.get("section"), published=_as_text(evidence.get("published")), kind=kind_of(evidence),
        extractor=evidence.get("extractor"), extractor_version=_as_text(evidence.get("extractor_version")),
        sentence_offsets=tuple(evidence["sentence_offsets"]) if evidence.get("sentence_offsets") else None,
    )


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def hypotheses(predictions: Iterable[Any], entities: dict[str, dict[str, Any]], known: set[str], limit: int,
               precision: Mapping[str, tuple[int, float]]) -> list[AnswerItem]:
    """Link predictions not already known as facts, as clearly marked hypotheses (no evidence, lower scale); each
    explains what it rests on: its rank and the held-out precision measured at that rank (``precision``, by id)."""
    items: list[AnswerItem] = []
    for prediction in predictions:
        row = entities.get(prediction.id)
        if row is None or prediction.id in known:
            continue
        score = HYPOTHESIS_SCALE * _squash(float(prediction.score))
        rank, share = precision[prediction.id]
        items.append(AnswerItem(
            id=row["id"], name=row["name"] or row["id"], type=row["type"] or "Entity", score=round(score, 4),
            hypothesis=True, xrefs=list(row.get("xrefs") or []), synonyms=list(row.get("synonyms") or [])[:10],
            relation=str(getattr(prediction, "relation", "")), badges=[Badge.HYPOTHESIS],
            explanation={"kge": round(score, 4), "kge_rank": rank, "held_out_precision": share},
        ))
        if len(items) >= limit:
            break
    return items


def _squash(score: float) -> float:
    """Any model score (probability, logit, negative distance) into (0, 1)."""
    if 0.0 <= score <= 1.0:
        return score
    return 1 / (1 + math.exp(-score))
