"""Read-only Cypher for exports and views (RDF, networkx, GraphML, TSV): subgraphs by entity, hops and type.

Every value (ids, relationship types, keys) travels as a parameter; nothing from data is placed into the text.
"""

from __future__ import annotations

from graph.cypher import DOCUMENT, ENTITY, EVIDENCE

# Properties an export carries; timestamps and embeddings are left out (they are not part of a fact's shape).
ENTITY_FIELDS = "id: n.id, labels: labels(n), name: n.name, synonyms: n.synonyms, xrefs: n.xrefs, sources: n.sources"
RELATION_FIELDS = (
    "type: type(r), head: h.id, tail: t.id, evidence_count: r.evidence_count, "
    "best_confidence: r.best_confidence, sources: r.sources, active: r.active"
)


def all_entity_ids() -> str:
    return f"MATCH (n:{ENTITY}) RETURN n.id AS id ORDER BY id"


def neighbour_ids() -> str:
    """Entities one step from any of ``$ids`` over relationships whose type is in ``$types`` (either direction)."""
    return (
        f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}})-[r]-(m:{ENTITY}) "
        f"WHERE type(r) IN $types AND NOT m.id IN $seen AND ($inactive OR coalesce(r.active, true)) "
        f"RETURN m.id AS id, count(r) AS links ORDER BY links DESC, id"
    )


def entities_by_ids() -> str:
    return f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) RETURN n {{{ENTITY_FIELDS}}} AS entity ORDER BY n.id"


def relations_among() -> str:
    """Relationships of the given types with both ends in ``$ids``; inactive ones only when ``$inactive``."""
    return (
        f"UNWIND $ids AS id MATCH (h:{ENTITY} {{id: id}})-[r]->(t:{ENTITY}) "
        f"WHERE type(r) IN $types AND t.id IN $ids AND ($inactive OR coalesce(r.active, true)) "
        f"RETURN {{{RELATION_FIELDS}}} AS relation ORDER BY relation.type, relation.head, relation.tail"
    )


def all_relations() -> str:
    return (
        f"MATCH (h:{ENTITY})-[r]->(t:{ENTITY}) "
        f"WHERE type(r) IN $types AND ($inactive OR coalesce(r.active, true)) "
        f"RETURN {{{RELATION_FIELDS}}} AS relation ORDER BY relation.type, relation.head, relation.tail"
    )


def evidence_for_keys() -> str:
    """Evidence nodes of the given relation keys, without write timestamps; retracted ones only when asked."""
    return (
        f"UNWIND $keys AS key MATCH (e:{EVIDENCE} {{rel_key: key}}) "
        f"WHERE $retracted OR e.retracted_at IS NULL "
        f"RETURN e {{.*, ingested_at: null, retracted_at: toString(e.retracted_at)}} AS evidence ORDER BY e.id"
    )


def documents_by_ids() -> str:
    return (
        f"UNWIND $ids AS id MATCH (d:{DOCUMENT} {{id: id}}) "
        f"RETURN d {{.*, labels: labels(d)}} AS document ORDER BY d.id"
    )


def entities_by_degree() -> str:
    """The best-connected entities (over active relationships of the given types), for picking an example."""
    return (
        f"MATCH (n:{ENTITY})-[r]-(:{ENTITY}) "
        f"WHERE type(r) IN $types AND coalesce(r.active, true) AND ($label IS NULL OR $label IN labels(n)) "
        f"RETURN n.id AS id, n.name AS name, count(r) AS degree ORDER BY degree DESC, id LIMIT $limit"
    )
