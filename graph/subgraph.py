"""A read-only slice of the graph (entities, relationships, evidence, documents) for exports and views.

``read_subgraph`` takes the whole graph, or the neighbourhood of one entity (``hops`` steps over the chosen
relationship types); RDF, networkx/GraphML and TSV exports all start from the same ``Subgraph``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph import export_cypher
from core.errors import BadInput
from graph.models import DocumentLabel, NodeLabel, RelType

MAX_HOPS = 5
LIST_SEPARATOR = "|"


@dataclass
class Subgraph:
    """Plain rows read from Neo4j: what every export is written from."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    @property
    def entity_ids(self) -> list[str]:
        return [entity["id"] for entity in self.entities]


def relation_type_names(rel_types: Iterable[RelType | str] | None) -> list[str]:
    """Validated relationship type names (all of ``RelType`` when none are given)."""
    if not rel_types:
        return [member.value for member in RelType]
    names = []
    for rel_type in rel_types:
        try:
            names.append(RelType(rel_type).value if isinstance(rel_type, str) else rel_type.value)
        except ValueError as error:
            known = ", ".join(member.value for member in RelType)
            raise BadInput(f"unknown relationship type {rel_type!r}; known: {known}") from error
    return names


def entity_kind(labels: Sequence[str]) -> str | None:
    """The one ``NodeLabel`` among a node's labels (``Drug``, ``Disease``, …)."""
    kinds = {member.value for member in NodeLabel}
    return next((label for label in sorted(labels) if label in kinds), None)


def document_kind(labels: Sequence[str]) -> str | None:
    kinds = {member.value for member in DocumentLabel}
    return next((label for label in sorted(labels) if label in kinds), None)


def _rows(driver: Driver, database: str, query: str, column: str, **params: Any) -> list[Any]:
    """One column of a read query; notifications are off (a graph with nothing retracted yet would warn about
    the unknown ``retracted_at`` key on every export)."""

    def work(tx: ManagedTransaction) -> list[Any]:
        return [record[column] for record in tx.run(query, params)]

    with driver.session(database=database, notifications_min_severity="OFF") as session:
        return session.execute_read(work)


def neighbourhood_ids(
    driver: Driver, database: str, entity_id: str, hops: int, types: list[str], max_nodes: int | None = None,
    inactive: bool = False,
) -> list[str]:
    """Breadth-first: the entity and everything within ``hops`` steps, best-linked first when capped."""
    if not 0 <= hops <= MAX_HOPS:
        raise BadInput(f"hops must be between 0 and {MAX_HOPS}, got {hops}")
    if not _rows(driver, database, export_cypher.entities_by_ids(), "entity", ids=[entity_id]):
        raise BadInput(f"no entity with id {entity_id!r} in the graph")
    seen, frontier = [entity_id], [entity_id]
    for _ in range(hops):
        found = _rows(driver, database, export_cypher.neighbour_ids(), "id", ids=frontier, types=types, seen=seen,
                      inactive=inactive)
        found = list(dict.fromkeys(found))
        if max_nodes is not None:
            found = found[: max(0, max_nodes - len(seen))]
        if not found:
            break
        seen.extend(found)
        frontier = found
    return seen


def read_subgraph(
    driver: Driver,
    database: str,
    entity_id: str | None = None,
    hops: int = 1,
    rel_types: Iterable[RelType | str] | None = None,
    max_nodes: int | None = None,
    include_retracted: bool = False,
    with_evidence: bool = True,
) -> Subgraph:
    """The whole graph (``entity_id=None``) or one entity's neighbourhood, with evidence and documents if asked."""
    types = relation_type_names(rel_types)
    if entity_id is None:
        ids = _rows(driver, database, export_cypher.all_entity_ids(), "id")
        relations = _rows(driver, database, export_cypher.all_relations(), "relation", types=types,
                          inactive=include_retracted)
    else:
        ids = neighbourhood_ids(driver, database, entity_id, hops, types, max_nodes, include_retracted)
        relations = _rows(driver, database, export_cypher.relations_among(), "relation", ids=ids, types=types,
                          inactive=include_retracted)
    entities = [_drop_nulls(e) for e in _rows(driver, database, export_cypher.entities_by_ids(), "entity", ids=ids)]
    relations = [_drop_nulls(r) for r in relations]
    if not with_evidence:
        return Subgraph(entities=entities, relations=relations)
    keys = [f"{r['type']}|{r['head']}|{r['tail']}" for r in relations]
    evidence = [_drop_nulls(row) for row in _rows(
        driver, database, export_cypher.evidence_for_keys(), "evidence", keys=keys, retracted=include_retracted)]
    document_ids = sorted({row["document_id"] for row in evidence if row.get("document_id")})
    documents = [_drop_nulls(row) for row in _rows(
        driver, database, export_cypher.documents_by_ids(), "document", ids=document_ids)]
    return Subgraph(entities=entities, relations=relations, evidence=evidence, documents=documents)


def top_entities(driver: Driver, database: str, limit: int = 10, rel_types: Iterable[RelType | str] | None = None,
                 label: NodeLabel | str | None = None) -> list[dict[str, Any]]:
    """The best-connected entities (of one kind, if given), ``[{id, name, degree}, …]``: where to start exploring."""
    kind = NodeLabel(label).value if label is not None else None
    records, _, _ = driver.execute_query(
        export_cypher.entities_by_degree(), types=relation_type_names(rel_types), limit=int(limit), label=kind,
        database_=database, routing_="r")
    return [record.data() for record in records]


def entity_names(driver: Driver, database: str, ids: Iterable[str]) -> dict[str, str]:
    """``{id: name}`` for the given entity ids (ids not in the graph are left out)."""
    rows = _rows(driver, database, export_cypher.entities_by_ids(), "entity", ids=list(ids))
    return {row["id"]: row["name"] for row in rows}


def _drop_nulls(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if value is not None}


def flat_value(value: Any) -> Any:
    """A list becomes one ``|``-joined string (GraphML and TSV hold no lists); other values pass through."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def write_tsv(subgraph: Subgraph, folder: Path) -> dict[str, int]:
    """``nodes.tsv``, ``edges.tsv``, ``evidence.tsv`` and ``documents.tsv`` in ``folder``; returns row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes = [{**entity, "kind": entity_kind(entity.get("labels", []))} for entity in subgraph.entities]
    tables = {
        "nodes.tsv": (nodes, ["id", "kind", "name", "synonyms", "xrefs", "sources"]),
        "edges.tsv": (subgraph.relations,
                      ["head", "type", "tail", "evidence_count", "best_confidence", "sources", "active"]),
        "evidence.tsv": (subgraph.evidence, [
            "id", "rel_type", "head", "tail", "source", "source_version", "document_id", "text", "start", "end",
            "section", "extractor", "extractor_version", "confidence", "url", "kind"]),
        "documents.tsv": (subgraph.documents, ["id", "labels", "title", "source", "version", "url", "published"]),
    }
    for name, (rows, columns) in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t", extrasaction="ignore",
                                    lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({key: flat_value(row.get(key)) for key in columns})
    return {name: len(rows) for name, (rows, _) in tables.items()}
