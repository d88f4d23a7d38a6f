"""Cypher of the embeddings package: reading the typed triples out, clearing old vectors before a write-back.

Writing vectors uses ``graph.cypher.set_embeddings("kge_embedding")`` and the index builder in graph/cypher.py.
"""

from __future__ import annotations

from graph.cypher import ENTITY, is_active, kind_of


def export_entities() -> str:
    """Every entity with its kind (the label beside ``Entity``); Evidence and Document nodes are not entities."""
    return (
        f"MATCH (n:{ENTITY}) "
        f"RETURN n.id AS id, {kind_of('n')} AS label ORDER BY id"
    )


def export_triples() -> str:
    """Every active relationship between two entities (``active`` missing counts as active)."""
    return (
        f"MATCH (h:{ENTITY})-[r]->(t:{ENTITY}) WHERE {is_active('r')} "
        f"RETURN h.id AS head, type(r) AS relation, t.id AS tail"
    )


def clear_kge_embeddings() -> str:
    """Remove the vectors of an earlier run, so entities that left the graph's triples keep no stale vector."""
    return (
        f"MATCH (n:{ENTITY}) WHERE n.kge_embedding IS NOT NULL "
        f"CALL (n) {{ REMOVE n.kge_embedding, n.kge_run }} IN TRANSACTIONS OF 10000 ROWS"
    )


def set_kge_run() -> str:
    return f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) SET n.kge_run = $run"
