"""The one module of read-only Cypher templates the query layer runs.

Only closed enum values (labels, relationship types from ``graph.models``) and names from ``graph.cypher`` are placed
into the text; every value that comes from a question (ids, names, the full-text query, limits) is a parameter.
Every statement here is a read: ``test_every_template_plans_as_a_read`` (``tests/query/test_safety.py``) asks Neo4j to
``EXPLAIN`` each one and checks that the plan's query type is ``r``.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.cypher import (
    DOCUMENT, DOSAGE_TEXT, ENTITY, EVIDENCE, FULLTEXT_INDEX, VECTOR_INDEX, entity_columns, is_active, kind_of,
)
from graph.models import LinkType, NodeLabel, RelType

_ENTITY_COLUMNS = entity_columns("t")


@dataclass(frozen=True)
class Hop:
    """One relationship pattern from the asked-about entity to the answers."""

    types: tuple[RelType, ...]
    direction: str  # "out": (asked)-[r]->(answer); "in": (asked)<-[r]-(answer); "both": either way
    target_labels: tuple[NodeLabel, ...]

    def pattern(self) -> str:
        types = "|".join(t.value for t in self.types)
        left, right = {"out": ("-", "->"), "in": ("<-", "-"), "both": ("-", "-")}[self.direction]
        return f"(s:{ENTITY} {{id: $id}}){left}[r:{types}]{right}(t:{ENTITY})"

    def label_filter(self) -> str:
        return " OR ".join(f"t:{label.value}" for label in self.target_labels)


def _evidence_block() -> str:
    """Top evidence of each relationship ``r`` (looked up by ``rel_key``) with its kind, extractor and document's
    date; and of all its active evidence the kinds (one per evidence node) and the distinct (kind, source) pairs."""
    return (
        f"OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: type(r) + '|' + startNode(r).id + '|' + endNode(r).id}}) "
        f"WHERE e.retracted_at IS NULL "
        f"OPTIONAL MATCH (e)-[:FROM_DOCUMENT]->(doc:{DOCUMENT}) "
        f"WITH t, r, e, doc ORDER BY e.confidence DESC "
        f"WITH t, r, collect(e.kind) AS kinds, "
        f"collect(DISTINCT CASE WHEN e IS NULL THEN NULL ELSE {{kind: e.kind, source: e.source}} END) AS kind_sources, "
        f"collect(CASE WHEN e IS NULL THEN NULL ELSE e {{.source, .document_id, .text, .url, "
        f".confidence, .section, .kind, .extractor, .extractor_version, .sentence_offsets, "
        f"published: toString(doc.published)}} END)"
        f"[..$evidence_limit] AS evidence "
    )


def _answer_return() -> str:
    return (
        f"RETURN {_ENTITY_COLUMNS}, type(r) AS relation, coalesce(r.evidence_count, 0) AS evidence_count, "
        f"r.best_confidence AS best_confidence, coalesce(r.sources, []) AS sources, evidence, kinds, kind_sources"
    )


def related(hop: Hop) -> str:
    """Answers one hop away from ``$id``: the ``$candidate_limit`` targets with the most relationship types and evidence,
    every relationship of each, with up to ``$evidence_limit`` evidence per relationship."""
    return (
        f"MATCH {hop.pattern()} "
        f"WHERE ({hop.label_filter()}) AND t.id <> $id AND {is_active('r')} "
        f"WITH t, collect(r) AS rels, sum(coalesce(r.evidence_count, 0)) AS total "
        f"ORDER BY size(rels) DESC, total DESC LIMIT $candidate_limit "
        f"UNWIND rels AS r "
        f"{_evidence_block()}"
        f"{_answer_return()}"
    )


def relation_between(types: tuple[RelType, ...]) -> str:
    """The relationship(s) of the given types between ``$id`` and ``$other`` (either direction), with evidence."""
    joined = "|".join(t.value for t in types)
    return (
        f"MATCH (s:{ENTITY} {{id: $id}})-[r:{joined}]-(t:{ENTITY} {{id: $other}}) "
        f"WHERE {is_active('r')} "
        f"{_evidence_block()}"
        f"{_answer_return()}"
    )


def dosage_texts() -> str:
    """Verbatim Dosage and Administration texts of drug ``$id`` from current (not superseded) labels, newest first
    (written by ``GraphWriter.write_dosage_texts``: one per section, or per indication heading in it)."""
    link = LinkType
    return (
        f"MATCH (x:{DOSAGE_TEXT}) WHERE x.drug_id = $id "
        f"OR EXISTS {{ (x)-[:{link.DOSAGE_OF.value}]->(:{ENTITY} {{id: $id}}) }} "
        f"OPTIONAL MATCH (d:{DOCUMENT})-[:{link.HAS_DOSAGE.value}]->(x) "
        f"WITH x, d WHERE d IS NULL OR (coalesce(d.current, true) AND NOT coalesce(d.deleted, false)) "
        f"OPTIONAL MATCH (x)-[:{link.FOR_INDICATION.value}]->(disease:{ENTITY}) "
        f"RETURN x.id AS id, x.text AS text, x.title AS heading, x.section AS section, "
        f"coalesce(d.id, x.document_id) AS document_id, d.title AS title, coalesce(d.source, 'dailymed') AS source, "
        f"d.url AS url, toString(d.published) AS published, coalesce(d.version, x.version) AS version, "
        f"disease.id AS disease_id, disease.name AS disease_name "
        f"ORDER BY published DESC, document_id, x.position LIMIT $limit"
    )


def fulltext_candidates() -> str:
    """Entities whose name or synonyms match the Lucene query ``$lucene`` (already escaped), of ``$labels``."""
    return _candidates(f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $lucene, {{limit: $k}})")


def vector_candidates() -> str:
    """Entities nearest to the text embedding ``$vector`` in the vector index, of ``$labels``."""
    return _candidates(f"CALL db.index.vector.queryNodes('{VECTOR_INDEX}', $k, $vector)")


def _candidates(index_call: str) -> str:
    """The nodes an index call yields, of ``$labels`` (any when empty), best score first."""
    return (
        f"{index_call} YIELD node, score "
        f"WITH node AS t, score WHERE size($labels) = 0 OR any(l IN labels(t) WHERE l IN $labels) "
        f"RETURN {_ENTITY_COLUMNS}, score ORDER BY score DESC"
    )


def any_text_embedding() -> str:
    """One entity that carries a text embedding (is vector search worth trying?)."""
    return f"MATCH (t:{ENTITY}) WHERE t.embedding IS NOT NULL RETURN t.id AS id LIMIT 1"


def version_probe() -> str:
    """The cheapest read there is: its transaction's bookmark names the graph's last committed write
    (``query.cache.GraphVersion``)."""
    return "RETURN 1 AS alive"


def entities_by_ids() -> str:
    """Entities (id, name, type, xrefs, synonyms) for the ids in ``$ids``."""
    return (
        f"UNWIND $ids AS wanted MATCH (t:{ENTITY} {{id: wanted}}) RETURN {_ENTITY_COLUMNS}"
    )


def entities_by_xref() -> str:
    """Entities that list one of ``$ids`` among their xrefs (a vocabulary id that is not the graph's canonical id)."""
    return (
        f"MATCH (t:{ENTITY}) WHERE any(x IN $ids WHERE x IN t.xrefs) RETURN {_ENTITY_COLUMNS} LIMIT $k"
    )


def class_members() -> str:
    """Which of the drugs ``$ids`` belong to the drug class ``$class_id`` (directly, or through a narrower class of
    it: MeSH's "Penicillins" under "Anti-Bacterial Agents")."""
    return (
        f"UNWIND $ids AS wanted MATCH (d:{ENTITY} {{id: wanted}})-[:{RelType.HAS_CLASS.value}]->(c:{ENTITY}) "
        f"WHERE c.id = $class_id OR EXISTS {{ MATCH (c)-[:{RelType.IS_A.value}*1..3]->(:{ENTITY} {{id: $class_id}}) }} "
        "RETURN DISTINCT d.id AS id"
    )


# Browsing (the API's other endpoints) -----------------------------------------------------------------------------
def entity_neighbours() -> str:
    """One entity, its neighbours (up to ``$limit``) with relationship type, direction and evidence count."""
    return (
        f"MATCH (s:{ENTITY} {{id: $id}}) "
        f"OPTIONAL MATCH (s)-[r]-(t:{ENTITY}) WHERE {is_active('r')} "
        f"WITH s, r, t ORDER BY coalesce(r.evidence_count, 0) DESC LIMIT $limit "
        f"RETURN s {{.id, .name, .synonyms, .xrefs, .sources, labels: labels(s)}} AS entity, "
        f"collect(CASE WHEN t IS NULL THEN NULL ELSE {{id: t.id, name: t.name, type: {kind_of('t')}, "
        f"relation: type(r), direction: CASE WHEN startNode(r) = s THEN 'out' ELSE 'in' END, "
        f"evidence_count: coalesce(r.evidence_count, 0), best_confidence: r.best_confidence, "
        f"sources: coalesce(r.sources, [])}} END) AS neighbours"
    )


def evidence_counts_of() -> str:
    """How many active evidence nodes name ``$id`` as head or tail, per relationship type."""
    return (
        f"MATCH (s:{ENTITY} {{id: $id}})-[r]-(:{ENTITY}) WHERE {is_active('r')} "
        f"RETURN type(r) AS relation, count(r) AS relationships, sum(coalesce(r.evidence_count, 0)) AS evidence "
        f"ORDER BY relation"
    )


def counts_by_source() -> str:
    """Evidence nodes per source."""
    return f"MATCH (e:{EVIDENCE}) RETURN e.source AS source, count(*) AS n ORDER BY n DESC"


INGEST_RUN = "IngestRun"  # the ingest pipeline's ledger (ingest/cypher.py); never an Entity


def last_ingest_run() -> str:
    """The most recent ingest run recorded in the graph's ledger, if any."""
    return (
        f"MATCH (n:{INGEST_RUN}) RETURN n {{.id, .status, .executor, .sources, .exit_code, "
        f"started_at: toString(n.started_at), finished_at: toString(n.finished_at)}} AS run "
        f"ORDER BY n.started_at DESC LIMIT 1"
    )


def evidence_against() -> str:
    """Which of ``$ids`` the graph says harms ``$id`` or is harmed by it: an active ``CAUSES`` or
    ``CONTRAINDICATED_FOR`` between them, either way — a link prediction must never contradict that."""
    return (
        f"MATCH (s:{ENTITY} {{id: $id}})-[r:{RelType.CAUSES.value}|{RelType.CONTRAINDICATED_FOR.value}]-(t:{ENTITY}) "
        f"WHERE t.id IN $ids AND {is_active('r')} RETURN DISTINCT t.id AS id, type(r) AS type"
    )


def trial_statements() -> str:
    """For each ``[drug, disease]`` in ``$pairs``: the active ``STUDIED_FOR`` evidence sentences (the ClinicalTrials
    source states the number of trials in them)."""
    return (
        f"UNWIND $pairs AS pair "
        f"MATCH (e:{EVIDENCE} {{rel_key: '{RelType.STUDIED_FOR.value}|' + pair[0] + '|' + pair[1]}}) "
        f"WHERE e.retracted_at IS NULL "
        f"RETURN pair[0] AS drug, pair[1] AS disease, collect(e.text) AS texts"
    )
