"""Read-only Cypher templates of the clinical layer (closed labels and types only; every value is a parameter)."""

from __future__ import annotations

from graph.cypher import ENTITY, EVIDENCE, is_active
from graph.models import NodeLabel, RelType

_PRESENTS = RelType.PRESENTS.value
_DISEASE = NodeLabel.DISEASE.value


def presents_links() -> str:
    """Every active disease → finding link with its sources and the frequencies stated by the sources in
    ``$frequency_sources`` (whose evidence confidence is a share of patients, not a belief in the fact)."""
    return (
        f"MATCH (d:{ENTITY}:{_DISEASE})-[r:{_PRESENTS}]->(f:{ENTITY}) WHERE {is_active('r')} "
        f"RETURN d.id AS disease_id, d.name AS disease, coalesce(d.synonyms, []) AS disease_synonyms, "
        f"f.id AS finding_id, f.name AS finding, coalesce(f.synonyms, []) AS finding_synonyms, "
        f"coalesce(r.sources, []) AS sources, COLLECT {{ MATCH (e:{EVIDENCE} {{rel_key: '{_PRESENTS}|' + d.id + '|' "
        f"+ f.id}}) WHERE e.retracted_at IS NULL AND e.source IN $frequency_sources RETURN e.confidence }} AS stated"
    )


def treatment_counts() -> str:
    """How many drugs the graph says treat or are indicated for each disease that presents any finding."""
    return (
        f"MATCH (d:{ENTITY}:{_DISEASE}) WHERE (d)-[:{_PRESENTS}]->() "
        f"RETURN d.id AS disease_id, COUNT {{ (d)<-[:{RelType.TREATS.value}|{RelType.INDICATED_FOR.value}|"
        f"{RelType.PALLIATES.value}]-() }} AS treatments"
    )


def link_evidence() -> str:
    """Up to ``$limit`` evidence of each disease → finding pair in ``$pairs`` (``[disease_id, finding_id]``)."""
    return (
        f"UNWIND $pairs AS pair "
        f"OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: '{_PRESENTS}|' + pair[0] + '|' + pair[1]}}) "
        f"WHERE e.retracted_at IS NULL "
        f"WITH pair, e ORDER BY e.confidence DESC "
        f"RETURN pair[0] AS disease_id, pair[1] AS finding_id, collect(e {{.source, .document_id, .text, .url, "
        f".confidence, .kind, .extractor, .extractor_version}})[..$limit] AS evidence"
    )
