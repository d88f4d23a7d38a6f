"""Cypher of the ingest pipeline: the run ledger, the quarantine and re-extraction (dosage texts and label-version
supersession are the writer's: ``graph.cypher``).

Ledger and quarantine nodes (``IngestRun``, ``IngestFile``, ``Quarantine``) are never ``Entity`` nodes, so no
query over the knowledge graph sees them. All data travels as parameters.
"""

from __future__ import annotations

RUN = "IngestRun"
FILE = "IngestFile"
QUARANTINE = "Quarantine"


def schema_statements() -> list[str]:
    return [
        f"CREATE CONSTRAINT ingest_run_id IF NOT EXISTS FOR (n:{RUN}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT ingest_file_id IF NOT EXISTS FOR (n:{FILE}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT quarantine_id IF NOT EXISTS FOR (n:{QUARANTINE}) REQUIRE n.id IS UNIQUE",
    ]


# Ledger ------------------------------------------------------------------------------------------------------
def start_run() -> str:
    return (f"MERGE (r:{RUN} {{id: $id}}) SET r.started_at = datetime(), r.status = 'running', "
            f"r.executor = $executor, r.pid = $pid, r.host = $host, r.sources = $sources")


def finish_run() -> str:
    return (f"MATCH (r:{RUN} {{id: $id}}) SET r.finished_at = datetime(), r.status = $status, "
            f"r.exit_code = $exit_code, r.report = $report")


def mark_dead_runs() -> str:
    """Runs of this host still 'running' whose process is gone were killed: say so."""
    return (f"MATCH (r:{RUN} {{status: 'running', host: $host}}) WHERE NOT r.pid IN $live_pids "
            f"SET r.status = 'interrupted'")


def list_runs() -> str:
    return (f"MATCH (r:{RUN}) RETURN r {{.id, .status, .executor, .sources, .exit_code, .report, "
            f"started_at: toString(r.started_at), finished_at: toString(r.finished_at)}} AS run "
            f"ORDER BY r.started_at DESC LIMIT $limit")


def file_entries() -> str:
    """Ledger state of the given checksums: status, the extractor that processed the file (null on entries written
    before extractors were recorded) and the extractors whose evidence a re-extraction still has to retract."""
    return (f"UNWIND $ids AS id MATCH (f:{FILE} {{id: id}}) "
            f"RETURN f.id AS id, f.status AS status, f.extractor AS extractor, "
            f"f.extractor_version AS extractor_version, coalesce(f.replaced_extractors, []) AS replaced")


def start_file() -> str:
    """A file is ``running`` under the current extractor; ``$replaced`` (identities ``name@version``, or ``*``
    for "any other") is added to the file's pending retractions, cleared only by :func:`finish_file`, so a
    killed re-extraction is finished by the next run."""
    return (f"MERGE (f:{FILE} {{id: $id}}) "
            f"SET f.path = $path, f.source = $source, f.status = 'running', f.started_at = datetime(), "
            f"f.size = $size, f.checksum = $id, f.finished_at = null, f.extractor = $extractor, "
            f"f.extractor_version = $extractor_version, f.extractor_kind = $extractor_kind, "
            f"f.replaced_extractors = coalesce(f.replaced_extractors, []) + "
            f"[x IN $replaced WHERE NOT x IN coalesce(f.replaced_extractors, [])] "
            f"WITH f MATCH (r:{RUN} {{id: $run_id}}) MERGE (r)-[:PROCESSED]->(f)")


def finish_file() -> str:
    return (f"MATCH (f:{FILE} {{id: $id}}) SET f.status = $status, f.finished_at = datetime(), "
            f"f.documents = $documents, f.facts = $facts, f.evidence = $evidence, f.quarantined = $quarantined, "
            f"f.retracted = $retracted, f.seconds = $seconds, f.extractor = coalesce($extractor, f.extractor), "
            f"f.extractor_version = coalesce($extractor_version, f.extractor_version), "
            f"f.evidence_superseded = $evidence_superseded, f.replaced_extractors = []")


def mark_files_stale() -> str:
    """Finished files that must be applied again (they follow a re-extracted file of an ordered source): any
    later run processes a ``stale`` file, so a kill between the two cannot leave an older record on top."""
    return (f"UNWIND $ids AS id MATCH (f:{FILE} {{id: id}}) WHERE f.status IN ['done', 'partial'] "
            f"SET f.status = 'stale'")


# Re-extraction -----------------------------------------------------------------------------------------------
REEXTRACTED = "re-extracted by"  # retracted_reason prefix of evidence an extractor's re-extraction replaced


def reattribute_evidence() -> str:
    """Evidence the current extractor states again (same relation, document, offsets and text: the same content
    id) is now the current extractor's: name, version and confidence; if an earlier re-extraction had retracted
    it, it is active again (other retractions — deleted citations, superseded labels — stay). Returns the
    relations whose summaries may have changed."""
    again = f"e.retracted_reason STARTS WITH '{REEXTRACTED}'"
    return ("UNWIND $rows AS row MATCH (e:Evidence {id: row.id}) "
            "WHERE e.extractor <> row.extractor OR e.extractor_version <> row.extractor_version "
            f"OR e.confidence <> row.confidence OR e.kind IS NULL OR e.kind <> row.kind OR {again} "
            f"SET e.retracted_at = CASE WHEN {again} THEN null ELSE e.retracted_at END, "
            f"e.retracted_reason = CASE WHEN {again} THEN null ELSE e.retracted_reason END, "
            "e.extractor = row.extractor, e.extractor_version = row.extractor_version, "
            "e.confidence = row.confidence, e.kind = row.kind "
            "RETURN DISTINCT e.rel_type AS type, e.head AS head, e.tail AS tail, e.rel_key AS key")


def retract_replaced_evidence() -> str:
    """Retract the active evidence that a replaced extractor (``$replaced``: ``name@version`` identities, ``*``
    for any extractor but ``$current``) took from these documents of this source and that the current extractor
    did not state again. Evidence of other sources and other extractors is untouched. Returns the touched
    relations with how many evidence nodes each lost."""
    return ("UNWIND $documents AS doc "
            "MATCH (e:Evidence {document_id: doc.document_id}) "
            "WHERE e.retracted_at IS NULL AND e.source = doc.source AND NOT e.id IN doc.stated "
            "WITH e, coalesce(e.extractor, '') + '@' + coalesce(e.extractor_version, '') AS identity "
            "WHERE identity <> $current AND (identity IN $replaced OR '*' IN $replaced) "
            "SET e.retracted_at = datetime(), e.retracted_reason = $reason "
            "RETURN e.rel_type AS type, e.head AS head, e.tail AS tail, e.rel_key AS key, count(e) AS evidence")


# Quarantine --------------------------------------------------------------------------------------------------
def merge_quarantine() -> str:
    return (f"UNWIND $rows AS row MERGE (q:{QUARANTINE} {{id: row.id}}) "
            f"ON CREATE SET q.first_seen = datetime() "
            f"SET q.file = row.file, q.record = row.record, q.reason = row.reason, q.source = row.source, "
            f"q.checksum = row.checksum, q.last_run = row.run_id")


def list_quarantine() -> str:
    return (f"MATCH (q:{QUARANTINE}) RETURN q {{.file, .record, .reason, .source}} AS entry "
            f"ORDER BY q.file, q.record LIMIT $limit")


# Documents ---------------------------------------------------------------------------------------------------
def mark_documents_deleted() -> str:
    return ("UNWIND $document_ids AS doc_id MATCH (d:Document {id: doc_id}) "
            "SET d.deleted = true, d.current = false")


def refresh_document_evidence() -> str:
    """A (re)ingested publication's evidence is exactly what its current record states: evidence of this
    document and source found again is active (a PMID re-added after a ``DeleteCitation``), evidence the new
    record no longer states is retracted as replaced (a revised record in an update file); the document is no
    longer deleted. Returns the touched relations so their summaries can be refreshed.
    """
    return (
        "UNWIND $rows AS row "
        "MATCH (d:Document {id: row.document_id}) REMOVE d.deleted, d.current "
        "WITH row MATCH (e:Evidence {document_id: row.document_id}) WHERE e.source = row.source "
        "WITH row, e, e.id IN row.evidence_ids AS stated "
        "WHERE stated = (e.retracted_at IS NOT NULL) "
        "SET e.retracted_at = CASE WHEN stated THEN null ELSE datetime() END, "
        "e.retracted_reason = CASE WHEN stated THEN null ELSE $reason END "
        "RETURN DISTINCT e.rel_type AS type, e.head AS head, e.tail AS tail, e.rel_key AS key, "
        "NOT stated AS retracted"
    )
