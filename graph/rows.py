"""What a node, a relationship and an evidence node look like as property rows: the one mapping from the typed
hand-off models to graph properties, shared by the transactional writer (``graph.writer``, rows sent as
``UNWIND $rows`` parameters) and the bulk import (``graph.bulk``, rows written as CSV for ``neo4j-admin``).

Grouping is part of the mapping: entities are written per label and relations per type, in the order first
seen, so both paths apply repeated writes of one node in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graph.models import Document, DocumentLabel, Entity, NodeLabel, Relation, RelType, evidence_row


def entity_rows_by_label(entities: Iterable[Entity]) -> dict[NodeLabel, list[dict[str, Any]]]:
    """Entity rows per label: ``id``, ``label``, ``name``, de-duplicated ``synonyms`` in the order the source gives
    them (a source lists a preferred name first: zh-names gives 高血压 before the everyday 血压高, and a page shows the
    first Chinese synonym), and sorted, de-duplicated ``xrefs`` and ``sources``."""
    by_label: dict[NodeLabel, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        row = entity.model_dump(mode="json")
        row["synonyms"], row["xrefs"], row["sources"] = (
            list(dict.fromkeys(row["synonyms"])), sorted(set(row["xrefs"])), sorted(set(row["sources"])),
        )
        by_label[entity.label].append(row)
    return by_label


def synonyms_text(synonyms: Iterable[str]) -> str:
    """The full-text index's one string of an entity's synonyms (``cypher.merge_entities`` builds the same)."""
    return "".join(f"{synonym} | " for synonym in synonyms)


def document_rows_by_label(documents: Iterable[Document]) -> dict[DocumentLabel, list[dict[str, Any]]]:
    """Document rows per label: the document's fields, and its free ``properties`` as one map."""
    by_label: dict[DocumentLabel, list[dict[str, Any]]] = defaultdict(list)
    for document in documents:
        by_label[document.label].append(document.model_dump(mode="json"))
    return by_label


def relation_rows_by_type(relations: Iterable[Relation]) -> dict[RelType, list[dict[str, Any]]]:
    """One row per distinct relation key and type: ``key``, ``type``, ``head``, ``tail`` and its evidence rows
    (``graph.models.evidence_row`` without null values), one per evidence id (the last one given wins)."""
    by_type: dict[RelType, dict[str, dict[str, Any]]] = defaultdict(dict)
    for relation in relations:
        rows = by_type[relation.type]
        key = relation.key
        row = rows.get(key)
        if row is None:
            row = rows[key] = {"key": key, "type": relation.type.value, "head": relation.head, "tail": relation.tail,
                               "evidence": {}}
        for evidence in relation.evidence:
            ev = {k: v for k, v in evidence_row(relation, evidence).items() if v is not None}
            row["evidence"][ev["id"]] = ev
    return {rel_type: [{**row, "evidence": list(row["evidence"].values())} for row in keyed.values()]
            for rel_type, keyed in by_type.items()}


def with_new_evidence(row: dict[str, Any], existing: set[str]) -> dict[str, Any] | None:
    """The relation row with only the evidence not in ``existing`` (evidence is never rewritten) and that
    evidence's summary (``evidence_count``, ``best_confidence``, sorted ``sources``); ``None`` when all of it is
    known, i.e. the relation is in the graph already."""
    evidence = [ev for ev in row["evidence"] if ev["id"] not in existing]
    if not evidence:
        return None
    return {**row, "evidence": evidence, "evidence_count": len(evidence),
            "best_confidence": max(ev["confidence"] for ev in evidence),
            "sources": sorted({ev["source"] for ev in evidence})}
