"""Read-only Cypher for exports and views (RDF, networkx, GraphML, TSV): subgraphs by entity, hops and type.

Every value (ids, relationship types, keys) travels as a parameter; nothing from data is placed into the text.
"""

from __future__ import annotations

from graph.cypher import DOCUMENT, ENTITY, EVIDENCE, is_active

# Properties an export carries; timestamps and embeddings are left out (they are not part of a fact's shape).
ENTITY_FIELDS = "id: n.id, labels: labels(n), name: n.name, synonyms: n.synonyms, xrefs: n.xrefs, sources: n.sources"
RELATION_FIELDS = (
    "type: type(r), head: h.id, tail: t.id, evidence_count: r.evidence_count, "
    "best_confidence: r.best_confidence, sources: r.sources, active: r.active"
)
_OF_TYPES = f"type(r) IN $types AND ($inactive OR {is_active('r')})"  # inactive relationships only when asked


def all_entity_ids() -> str:
    return f"MATCH (n:{ENTITY}) RETURN n.id AS id ORDER BY id"


def neighbour_ids() -> str:
    """Entities one step from any of ``$ids`` over relationships whose type is in ``$types`` (either direction)."""
    return (
        f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}})-[r]-(m:{ENTITY}) "
        f"WHERE {_OF_TYPES} AND NOT m.id IN $seen "
        f"RETURN m.id AS id, count(r) AS links ORDER BY links DESC, id"
    )


def entities_by_ids() -> str:
    return f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) RETURN n {{{ENTITY_FIELDS}}} AS entity ORDER BY n.id"


def relations_among() -> str:
    """Relationships of the given types with both ends in ``$ids``; inactive ones only when ``$inactive``."""
    return _relations(f"UNWIND $ids AS id MATCH (h:{ENTITY} {{id: id}})-[r]->(t:{ENTITY})", "t.id IN $ids")


def all_relations() -> str:
    return _relations(f"MATCH (h:{ENTITY})-[r]->(t:{ENTITY})")


def _relations(match: str, condition: str = "true") -> str:
    """The relationships ``r`` from ``h`` to ``t`` that ``match`` finds, of the asked types, as export rows."""
    return (
        f"{match} WHERE {condition} AND {_OF_TYPES} "
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
        f"WHERE type(r) IN $types AND {is_active('r')} AND ($label IS NULL OR $label IN labels(n)) "
        f"RETURN n.id AS id, n.name AS name, count(r) AS degree ORDER BY degree DESC, id LIMIT $limit"
    )
