"""Every Cypher statement of the graph layer, built by small functions.

Only closed enum values (labels, relationship types) and settings-controlled numbers are placed into the text;
everything that comes from data travels as a parameter.
"""

from __future__ import annotations

import re

from graph.models import DocumentLabel, Evidence, EvidenceKind, LinkType, NodeLabel, RelType

ENTITY = "Entity"
EVIDENCE = "Evidence"
DOCUMENT = "Document"
DOSAGE_TEXT = "DosageText"
DOSE_RULE = "DoseRule"
LABEL_WARNING = "LabelWarning"
FULLTEXT_INDEX = "entity_names"
VECTOR_INDEX = "entity_embeddings"


# Fragments: expressions every package's builders share ---------------------------------------------------------
def kinds_of(node: str) -> str:
    """The labels of an entity node beside ``Entity`` (its kind, as a list)."""
    return f"[x IN labels({node}) WHERE x <> '{ENTITY}']"


def kind_of(node: str) -> str:
    """The entity's kind: its first label beside ``Entity``."""
    return f"{kinds_of(node)}[0]"


def is_active(rel: str) -> str:
    """Whether a relationship counts for current answers (one whose ``active`` is missing counts as active)."""
    return f"coalesce({rel}.active, true)"


def entity_columns(node: str) -> str:
    """Return columns ``id, name, type, xrefs, synonyms`` of an entity node (lists never null)."""
    return (
        f"{node}.id AS id, {node}.name AS name, {kind_of(node)} AS type, coalesce({node}.xrefs, []) AS xrefs, "
        f"coalesce({node}.synonyms, []) AS synonyms"
    )


# Schema ----------------------------------------------------------------------------------------------------------
def schema_statements(embedding_dim: int) -> list[str]:
    """Idempotent constraints and indexes (``IF NOT EXISTS``)."""
    dim = int(embedding_dim)
    return [
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:{EVIDENCE}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:{DOCUMENT}) REQUIRE n.id IS UNIQUE",
        f"CREATE INDEX evidence_rel_key IF NOT EXISTS FOR (n:{EVIDENCE}) ON (n.rel_key)",
        f"CREATE INDEX evidence_document IF NOT EXISTS FOR (n:{EVIDENCE}) ON (n.document_id)",
        f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{ENTITY}) ON (n.name)",
        f"CREATE CONSTRAINT dosage_text_id IF NOT EXISTS FOR (n:{DOSAGE_TEXT}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT dose_rule_id IF NOT EXISTS FOR (n:{DOSE_RULE}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT label_warning_id IF NOT EXISTS FOR (n:{LABEL_WARNING}) REQUIRE n.id IS UNIQUE",
        f"CREATE INDEX label_warning_drug IF NOT EXISTS FOR (n:{LABEL_WARNING}) ON (n.drug_id)",
        f"CREATE INDEX druglabel_set_id IF NOT EXISTS FOR (n:{DocumentLabel.DRUG_LABEL.value}) ON (n.set_id)",
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{ENTITY}) ON EACH [n.name, n.synonyms_text]",
        vector_index(VECTOR_INDEX, "embedding", dim),
    ]


def schema_names(embedding_dim: int) -> list[str]:
    """The names of the constraints and indexes ``schema_statements`` creates."""
    return [re.search(r"(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS", statement).group(1)
            for statement in schema_statements(embedding_dim)]


def existing_index_names() -> str:
    """Every index's name (a uniqueness constraint's backing index carries the constraint's name)."""
    return "SHOW INDEXES YIELD name RETURN collect(name) AS names"


def vector_index(name: str, property_name: str, dimensions: int) -> str:
    """A cosine vector index on ``Entity.<property_name>`` (name and property are ours, never user text)."""
    return (
        f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{ENTITY}) ON (n.{property_name}) "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimensions)}, `vector.similarity_function`: 'cosine'}}}}"
    )


def derive_evidence_kinds() -> str:
    """Migration for stores written before evidence carried its ``kind``: derive it for Evidence nodes that lack
    one, from what they do carry (idempotent: nodes with a kind are not touched; ``medkg db init`` runs it).

    ``extractor`` missing, ``curated`` or ``ontology`` → curated record; ``rdf-import`` → user import; the
    dictionary fallback → dictionary fallback; source ``dailymed-indications`` (free label text whose drug a model
    found) → label extraction; other evidence from a label (``SETID:`` documents, sources ``dailymed``, ``openfda``)
    → label statement; the rest (a model's extraction from an article) → literature extraction.
    """
    kind = EvidenceKind
    return (
        f"MATCH (e:{EVIDENCE}) WHERE e.kind IS NULL "
        f"WITH e, coalesce(e.extractor, 'curated') AS extractor "
        f"SET e.kind = CASE "
        f"WHEN extractor IN ['curated', 'ontology'] THEN '{kind.CURATED_RECORD.value}' "
        f"WHEN extractor = 'rdf-import' THEN '{kind.USER_IMPORT.value}' "
        f"WHEN extractor = 'dictionary-fallback' THEN '{kind.DICTIONARY_FALLBACK.value}' "
        f"WHEN e.source = 'dailymed-indications' THEN '{kind.LABEL_EXTRACTION.value}' "
        f"WHEN e.document_id STARTS WITH 'SETID:' OR e.source IN ['dailymed', 'openfda'] "
        f"THEN '{kind.LABEL_STATEMENT.value}' "
        f"ELSE '{kind.LITERATURE_EXTRACTION.value}' END "
        f"RETURN count(e) AS derived"
    )


def fill_empty_entity_lists() -> str:
    """Entities written by the bulk import whose synonyms, xrefs or sources were empty have no such property (the
    import tool cannot write an empty list); give them the empty list the writer gives (idempotent)."""
    lists = ("synonyms", "xrefs", "sources")
    missing = " OR ".join(f"n.{name} IS NULL" for name in lists)
    filled = ", ".join(f"n.{name} = coalesce(n.{name}, [])" for name in lists)
    return f"MATCH (n:{ENTITY}) WHERE {missing} SET {filled} RETURN count(n) AS filled"


def await_indexes() -> str:
    return "CALL db.awaitIndexes(300)"


def show_schema() -> str:
    return "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, state ORDER BY name"


# Writes ----------------------------------------------------------------------------------------------------------
def merge_entities(label: NodeLabel) -> str:
    """Merge entities of one label; synonyms, xrefs and sources are unions, so writing twice changes nothing."""
    return (
        f"UNWIND $rows AS row "
        f"MERGE (n:{ENTITY} {{id: row.id}}) "
        f"SET n:{label.value}, n.name = coalesce(n.name, row.name), "
        f"n.synonyms = {_union('n.synonyms', 'row.synonyms')}, "
        f"n.xrefs = {_union('n.xrefs', 'row.xrefs')}, "
        f"n.sources = {_union('n.sources', 'row.sources')} "
        f"SET n.synonyms_text = reduce(s = '', x IN n.synonyms | s + x + ' | ')"
    )


def _union(existing: str, new: str) -> str:
    """The existing list followed by the new items it lacks, in plain Cypher (no APOC on a bare Neo4j)."""
    return (
        f"[x IN coalesce({existing}, []) | x] + "
        f"[x IN {new} WHERE NOT x IN coalesce({existing}, [])]"
    )


def merge_documents(label: DocumentLabel) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MERGE (d:{DOCUMENT} {{id: row.id}}) "
        f"SET d:{label.value}, d.title = row.title, d.source = row.source, d.version = row.version, "
        f"d.url = row.url, d.published = row.published, d += row.properties"
    )


def existing_evidence() -> str:
    """Which of ``$ids`` are evidence nodes already; the writer sends only the others to ``merge_relations``."""
    return f"UNWIND $ids AS id MATCH (e:{EVIDENCE} {{id: id}}) RETURN collect(id) AS existing"


def merge_relations(rel_type: RelType) -> str:
    """Merge relationships, create their NEW evidence nodes and link them to their documents, in one statement.

    Parameters: ``$rows`` (distinct relation keys with ``head``, ``tail``, ``type``, the evidence that is not in
    the graph yet — the writer asks ``existing_evidence`` first, in the same transaction — and that evidence's
    ``evidence_count``, ``best_confidence`` and sorted ``sources``) and ``$now`` (one timestamp per batch).
    A new relationship gets that summary; an existing one adds it to its own (count + n, max confidence,
    sorted union of sources), which equals a recount because all new evidence is active. Returns how many rows
    found both ends.

    Why this shape: evidence is created with its properties inline (not ``SET e.x = …`` and not ``MERGE``): a
    ``SET`` of a property that an earlier ``{id: row.head}`` lookup reads makes the planner add an Eager
    barrier, and ``MERGE`` checks the unique index twice. Relationships have no uniqueness constraint, so they
    stay a (node-locking) ``MERGE``; nothing per row needs a second statement.
    """
    evidence_props = ", ".join(f"{name}: ev.{name}" for name in ["id", *Evidence.model_fields])
    return (
        f"UNWIND $rows AS row "
        f"MATCH (h:{ENTITY} {{id: row.head}}) MATCH (t:{ENTITY} {{id: row.tail}}) "
        f"MERGE (h)-[r:{rel_type.value}]->(t) "
        f"ON CREATE SET r.created_at = $now, r.evidence_count = row.evidence_count, "
        f"r.best_confidence = row.best_confidence, r.sources = row.sources, r.active = true "
        f"ON MATCH SET r.evidence_count = coalesce(r.evidence_count, 0) + row.evidence_count, "
        f"r.best_confidence = CASE WHEN r.best_confidence >= row.best_confidence THEN r.best_confidence "
        f"ELSE row.best_confidence END, "
        f"r.sources = {_sorted_insert('coalesce(r.sources, [])', 'row.sources')}, r.active = true "
        f"WITH row UNWIND row.evidence AS ev "
        f"CREATE (e:{EVIDENCE} {{{evidence_props}, rel_key: row.key, rel_type: row.type, head: row.head, "
        f"tail: row.tail, ingested_at: $now}}) "
        f"WITH row, e, ev OPTIONAL MATCH (d:{DOCUMENT} {{id: ev.document_id}}) "
        f"FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | CREATE (e)-[:FROM_DOCUMENT]->(d)) "
        f"RETURN count(DISTINCT row.key) AS written"
    )


def merge_dosage_texts() -> str:
    """Dosage texts, verbatim, each linked to its label document, the label's drug (which then has the label) and
    the disease its heading names, when those nodes exist. Writing twice changes nothing."""
    link = LinkType
    return (
        f"UNWIND $rows AS row MERGE (x:{DOSAGE_TEXT} {{id: row.id}}) "
        f"SET x.text = row.text, x.title = row.title, x.section = row.section, x.position = row.position, "
        f"x.document_id = row.document_id, x.set_id = row.set_id, x.version = row.version, "
        f"x.drug_id = row.drug_id, x.disease_id = row.disease_id, x.indicated_population = row.indicated_population, "
        f"x.product_names = row.product_names "
        f"WITH x, row MATCH (d:{DOCUMENT} {{id: row.document_id}}) MERGE (d)-[:{link.HAS_DOSAGE.value}]->(x) "
        f"{_unlink_other_subjects('x', link.DOSAGE_OF.value)}"
        f"WITH x, row, d OPTIONAL MATCH (drug:{ENTITY} {{id: row.drug_id}}) "
        f"FOREACH (_ IN CASE WHEN drug IS NULL THEN [] ELSE [1] END | "
        f"MERGE (x)-[:{link.DOSAGE_OF.value}]->(drug) MERGE (drug)-[:{link.HAS_LABEL.value}]->(d)) "
        f"WITH x, row OPTIONAL MATCH (disease:{ENTITY} {{id: row.disease_id}}) "
        f"FOREACH (_ IN CASE WHEN disease IS NULL THEN [] ELSE [1] END | "
        f"MERGE (x)-[:{link.FOR_INDICATION.value}]->(disease))"
    )


def _unlink_other_subjects(node: str, of: str) -> str:
    """Clauses (after ``WITH {node}, row, d``) that remove the text's link to a drug other than the row's, and that
    drug's HAS_LABEL to the document: a re-extraction whose rules name another subject for the label (a combination
    product, not its first ingredient) leaves no text or label on the old one."""
    has_label = LinkType.HAS_LABEL.value
    return (
        f"WITH {node}, row, d CALL {{ WITH {node}, row MATCH ({node})-[old:{of}]->(other:{ENTITY}) "
        f"WHERE other.id <> coalesce(row.drug_id, '') DELETE old }} "
        f"CALL {{ WITH row, d MATCH (other:{ENTITY})-[old:{has_label}]->(d) "
        f"WHERE other.id <> coalesce(row.drug_id, '') DELETE old }} "
    )


def merge_label_warnings() -> str:
    """Label warnings (population sections, population contraindications, boxed warnings), verbatim, each linked
    to its label document and the label's drug (which then has the label) when those exist. Writing twice changes
    nothing."""
    link = LinkType
    return (
        f"UNWIND $rows AS row MERGE (w:{LABEL_WARNING} {{id: row.id}}) "
        f"SET w.population = row.population, w.kind = row.kind, w.section = row.section, w.text = row.text, "
        f"w.document_id = row.document_id, w.set_id = row.set_id, w.version = row.version, w.drug_id = row.drug_id "
        f"WITH w, row MATCH (d:{DOCUMENT} {{id: row.document_id}}) MERGE (d)-[:{link.HAS_WARNING.value}]->(w) "
        f"{_unlink_other_subjects('w', link.WARNING_OF.value)}"
        f"WITH w, row, d OPTIONAL MATCH (drug:{ENTITY} {{id: row.drug_id}}) "
        f"FOREACH (_ IN CASE WHEN drug IS NULL THEN [] ELSE [1] END | "
        f"MERGE (w)-[:{link.WARNING_OF.value}]->(drug) MERGE (drug)-[:{link.HAS_LABEL.value}]->(d))"
    )


def drop_stale_dose_rules() -> str:
    """Rules of ``$text_ids`` that a new parse no longer states (ids not in ``$rule_ids``) are removed."""
    return (
        f"MATCH (x:{DOSAGE_TEXT})-[:{LinkType.STATES_RULE.value}]->(r:{DOSE_RULE}) "
        f"WHERE x.id IN $text_ids AND NOT r.id IN $rule_ids DETACH DELETE r"
    )


def dosage_texts_without_rules() -> str:
    """Every DosageText no rule has been parsed from yet (written before dose rules existed), as node properties."""
    return (f"MATCH (x:{DOSAGE_TEXT}) WHERE NOT (x)-[:{LinkType.STATES_RULE.value}]->() "
            f"RETURN properties(x) AS text ORDER BY x.id")


def merge_dose_rules() -> str:
    """Typed dose rules (flat properties, ``graph.models.DoseRule.to_row``) beside the verbatim text they were
    parsed from: ``(DosageText)-[:STATES_RULE]->(DoseRule)``. Properties are replaced, so writing twice changes
    nothing; a rule whose DosageText is not in the graph is not written."""
    return (
        f"UNWIND $rows AS row MATCH (x:{DOSAGE_TEXT} {{id: row.dosage_text_id}}) "
        f"MERGE (r:{DOSE_RULE} {{id: row.id}}) SET r = row "
        f"MERGE (x)-[:{LinkType.STATES_RULE.value}]->(r)"
    )


def supersede_label_versions() -> str:
    """For each of ``$set_ids``: the highest version is current; older versions get valid_to and superseded_by.

    Returns set id, old and new document id of each superseded version, whose evidence the writer retracts.
    """
    label = DocumentLabel.DRUG_LABEL.value
    return (
        f"UNWIND $set_ids AS sid "
        f"MATCH (d:{label} {{set_id: sid}}) "
        f"WITH sid, max(d.version_number) AS latest "
        f"MATCH (new:{label} {{set_id: sid, version_number: latest}}) "
        f"SET new.current = true, new.valid_from = new.effective_time "
        f"WITH sid, latest, new "
        f"MATCH (old:{label} {{set_id: sid}}) WHERE old.version_number < latest "
        f"SET old.current = false, old.valid_to = coalesce(old.valid_to, new.effective_time), "
        f"old.valid_from = old.effective_time, old.superseded_by = new.id "
        f"RETURN sid AS set_id, old.id AS old_id, new.id AS new_id"
    )


def _sorted_insert(sorted_list: str, new: str) -> str:
    """Insert each of ``new`` into the sorted list ``sorted_list`` unless present (plain Cypher, no APOC)."""
    return (
        f"reduce(acc = {sorted_list}, s IN {new} | CASE WHEN s IN acc THEN acc "
        f"ELSE [x IN acc WHERE x < s] + s + [x IN acc WHERE x > s] END)"
    )


def refresh_relation_summaries(rel_type: RelType) -> str:
    """Recompute evidence_count / best_confidence / sources from the active evidence of each given relation.

    A relation whose evidence has all been retracted keeps existing as history but counts zero and is marked
    inactive, so current answers skip it.
    """
    return (
        f"UNWIND $rows AS row "
        f"MATCH (h:{ENTITY} {{id: row.head}})-[r:{rel_type.value}]->(t:{ENTITY} {{id: row.tail}}) "
        f"OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: row.key}}) WHERE e.retracted_at IS NULL "
        f"WITH r, e ORDER BY e.source "  # sorted, so rewriting the same facts gives the same list
        f"WITH r, count(e) AS n, max(e.confidence) AS best, collect(DISTINCT e.source) AS sources "
        f"SET r.evidence_count = n, r.best_confidence = best, r.sources = sources, r.active = n > 0"
    )


# what a retraction statement returns for ``GraphWriter.refresh_summaries``: the relations whose evidence changed
_TOUCHED_RELATIONS = "e.rel_type AS type, e.head AS head, e.tail AS tail, e.rel_key AS key"


def retract_document_evidence() -> str:
    """Mark every active evidence node of the given documents as retracted; returns the touched relations."""
    return (
        f"UNWIND $document_ids AS doc_id "
        f"MATCH (e:{EVIDENCE} {{document_id: doc_id}}) WHERE e.retracted_at IS NULL "
        f"SET e.retracted_at = datetime(), e.retracted_reason = $reason "
        f"RETURN DISTINCT {_TOUCHED_RELATIONS}"
    )


def source_release_evidence() -> str:
    """Every evidence node of a curated source's releases (``$source``): id, whether active, why retracted."""
    return (
        f"MATCH (d:{DOCUMENT}:{DocumentLabel.SOURCE_RELEASE.value}) WHERE d.source = $source "
        f"MATCH (e:{EVIDENCE} {{document_id: d.id}}) "
        f"RETURN e.id AS id, e.retracted_at IS NULL AS active, e.retracted_reason AS reason"
    )


def set_evidence_retraction() -> str:
    """Retract (``$reason``) or, with a null ``$reason``, restore the evidence nodes ``$ids``; returns the touched
    relations."""
    return (
        f"UNWIND $ids AS id MATCH (e:{EVIDENCE} {{id: id}}) "
        f"SET e.retracted_at = CASE WHEN $reason IS NULL THEN null ELSE datetime() END, "
        f"e.retracted_reason = $reason "
        f"RETURN DISTINCT {_TOUCHED_RELATIONS}"
    )


def set_embeddings(property_name: str = "embedding") -> str:
    if property_name not in {"embedding", "kge_embedding"}:
        raise ValueError(f"unknown embedding property {property_name!r}")
    return f"UNWIND $rows AS row MATCH (n:{ENTITY} {{id: row.id}}) SET n.{property_name} = row.vector"


KGE_VECTOR_INDEX = "entity_kge_embeddings"


def kge_vector_index(dimensions: int) -> str:
    """Vector index on ``kge_embedding``; its size depends on the trained model, so it is made at write-back."""
    return vector_index(KGE_VECTOR_INDEX, "kge_embedding", dimensions)


def kge_vector_index_dimensions() -> str:
    return (
        f"SHOW VECTOR INDEXES YIELD name, options WHERE name = '{KGE_VECTOR_INDEX}' "
        f"RETURN options.indexConfig['vector.dimensions'] AS dimensions"
    )


def drop_kge_vector_index() -> str:
    return f"DROP INDEX {KGE_VECTOR_INDEX} IF EXISTS"


def clear_database() -> str:
    return "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


# Reads -----------------------------------------------------------------------------------------------------------
def count_nodes() -> str:
    return "MATCH (n) RETURN count(n) AS n"


def count_relationships() -> str:
    return "MATCH ()-[r]->() RETURN count(r) AS n"


def counts_by_label() -> str:
    return "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"


def counts_by_type() -> str:
    return "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


def dbms_version() -> str:
    return "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


def entity_names() -> str:
    """Every entity's id, name, sources and kinds (for finding suspected duplicates)."""
    return (
        f"MATCH (n:{ENTITY}) RETURN n.id AS id, n.name AS name, coalesce(n.sources, []) AS sources, "
        f"{kinds_of('n')} AS labels"
    )


def entity_by_id() -> str:
    return f"MATCH (n:{ENTITY} {{id: $id}}) RETURN n {{.*, labels: labels(n), embedding: null}} AS entity"


def relation_with_evidence(rel_type: RelType) -> str:
    return (
        f"MATCH (h:{ENTITY} {{id: $head}})-[r:{rel_type.value}]->(t:{ENTITY} {{id: $tail}}) "
        f"OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: $key}}) "
        f"WITH r, e ORDER BY e.confidence DESC "
        f"RETURN r {{.*}} AS relation, [x IN collect(e) | x {{.*}}] AS evidence"
    )
