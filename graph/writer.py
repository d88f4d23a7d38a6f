"""The one batched writer: typed hand-off models in, ``UNWIND $rows … MERGE`` batches out.

Writing the same batch twice changes nothing (entities, documents and relationships are MERGEd on stable ids;
list properties are unions; evidence ids are content hashes, and evidence already in the graph is not written
again). Transient errors (deadlocks, leader switches) and a Neo4j that restarts or is unreachable for a while are
retried by the driver's managed transactions, with exponential backoff, for ``retry_s`` seconds (the ingest job
passes ``Settings.neo4j_write_retry_s``); a batch that was committed but not acknowledged is found again by the
retry, so nothing is written twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Any, Protocol, TypeVar

from neo4j import Driver, ManagedTransaction, Session
from neo4j.exceptions import ConstraintError, IncompleteCommit

from core.settings import Settings
from graph import cypher
from graph.models import DosageText, DoseRule, Document, Entity, LabelSupersession, LabelWarning, Relation, RelType
from graph.rows import document_rows_by_label, entity_rows_by_label, relation_rows_by_type, with_new_evidence

T = TypeVar("T")
INCOMPLETE_COMMIT_RETRIES = 3  # Neo4j stopped during a commit (each further outage is waited out by the driver)


@dataclass
class WriteSummary:
    entities: int = 0
    documents: int = 0
    relations: int = 0
    evidence: int = 0
    relations_missing_ends: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, other: "WriteSummary") -> None:
        self.entities += other.entities
        self.documents += other.documents
        self.relations += other.relations
        self.evidence += other.evidence
        self.relations_missing_ends += other.relations_missing_ends


class FactWriter(Protocol):
    """What producers of facts write through: the transactional ``GraphWriter`` or the bulk import's
    ``graph.bulk.BulkGraph`` (the same typed methods, the same resulting graph)."""

    def write_entities(self, entities: Iterable[Entity]) -> int: ...

    def write_documents(self, documents: Iterable[Document]) -> int: ...

    def write_relations(self, relations: Iterable[Relation]) -> WriteSummary: ...

    def replace_source_evidence(self, source: str, stated: set[str], reason: str) -> int: ...


def retrying_session(driver: Driver, database: str, retry_s: float | None = None) -> Session:
    """A session whose managed transactions retry retryable errors (Neo4j restarting or unreachable, transient
    errors) with exponential backoff for ``retry_s`` seconds (``None``: the driver's setting)."""
    if retry_s is None:
        return driver.session(database=database)
    return driver.session(database=database, max_transaction_retry_time=retry_s)


def write_idempotent(session: Session, work: Callable[..., T], *args: Any) -> T:
    """``session.execute_write`` for idempotent work (every write of this module and of the ingest ledger): also
    run again when the connection died during the commit. The driver then raises ``IncompleteCommit`` (committed or
    not, it cannot tell) and does not retry; running idempotent work again is safe, and finds what was committed."""
    for _ in range(INCOMPLETE_COMMIT_RETRIES):
        try:
            return session.execute_write(work, *args)
        except IncompleteCommit:
            continue
    return session.execute_write(work, *args)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def create_schema(driver: Driver, database: str, embedding_dim: int) -> list[str]:
    """Create constraints and indexes (idempotent) and wait for them, then give Evidence nodes written before
    evidence carried its kind one (``cypher.derive_evidence_kinds``); returns the schema statements run."""
    statements = cypher.schema_statements(embedding_dim)
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run(cypher.await_indexes()).consume()
        session.execute_write(lambda tx: tx.run(cypher.derive_evidence_kinds()).consume())
    return statements


def missing_schema(driver: Driver, database: str, embedding_dim: int) -> list[str]:
    """Names of medkg's constraints and indexes the database lacks (all of them on a new, empty store)."""
    with driver.session(database=database) as session:
        record = session.run(cypher.existing_index_names()).single()
    existing = set(record["names"]) if record else set()
    return [name for name in cypher.schema_names(embedding_dim) if name not in existing]


def ensure_schema(driver: Driver, database: str, embedding_dim: int) -> bool:
    """Create the schema where any of it is missing, before anything is written: without the id constraints every
    ``MERGE`` scans all nodes, and a first import into a new store crawls (hours instead of minutes). Returns
    whether it had to be created."""
    if not missing_schema(driver, database, embedding_dim):
        return False
    create_schema(driver, database, embedding_dim)
    return True


def clear_database(driver: Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(cypher.clear_database()).consume()


def _write_relation_batch(tx: ManagedTransaction, rel_type: RelType, rows: list[dict[str, Any]]) -> int:
    """One transaction per batch: find which evidence exists, then merge relations with only the new evidence.

    The writer never rewrites evidence (its id is a content hash; retraction and re-attribution have their own
    statements), so a known evidence id needs no write at all, and a row whose evidence is all known is a
    relation already in the graph. Returns how many rows found both ends. All rows share one timestamp.
    """
    ids = [ev["id"] for row in rows for ev in row["evidence"]]
    record = tx.run(cypher.existing_evidence(), ids=ids).single()
    existing = set(record["existing"]) if record else set()
    new_rows = [new for row in rows if (new := with_new_evidence(row, existing)) is not None]
    known = len(rows) - len(new_rows)
    if not new_rows:
        return known
    record = tx.run(cypher.merge_relations(rel_type), rows=new_rows, now=datetime.now(timezone.utc)).single()
    return known + (int(record["written"]) if record else 0)


def _write_with_retry(session: Session, rel_type: RelType, batch: list[dict[str, Any]], attempts: int = 3) -> int:
    """Write one batch; if a concurrent writer created some of its evidence first (the unique constraint says
    so), check again and write the rest."""
    for _ in range(attempts - 1):
        try:
            return write_idempotent(session, _write_relation_batch, rel_type, batch)
        except ConstraintError:
            continue
    return write_idempotent(session, _write_relation_batch, rel_type, batch)


REPLACED = "not in the re-import of"  # retracted_reason prefix of curated evidence a re-import no longer states


class GraphWriter:
    """Writes entities, documents and relations with evidence in batches of ``batch_size`` rows."""

    def __init__(self, driver: Driver, database: str = "neo4j", batch_size: int = 5000,
                 retry_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._batch_size = batch_size
        self._retry_s = retry_s  # None: the driver's max_transaction_retry_time

    @classmethod
    def for_settings(cls, driver: Driver, settings: Settings) -> "GraphWriter":
        """The writer of long jobs: the configured database, batch size and retry time."""
        return cls(driver, settings.neo4j_database, settings.write_batch_size, settings.neo4j_write_retry_s)

    def _session(self) -> Session:
        return retrying_session(self._driver, self._database, self._retry_s)

    def write(
        self,
        entities: Iterable[Entity] = (),
        relations: Iterable[Relation] = (),
        documents: Iterable[Document] = (),
    ) -> WriteSummary:
        """Write everything given, entities and documents before the relations that point at them."""
        summary = WriteSummary()
        summary.entities = self.write_entities(entities)
        summary.documents = self.write_documents(documents)
        summary.add(self.write_relations(relations))
        return summary

    def write_entities(self, entities: Iterable[Entity]) -> int:
        by_label = entity_rows_by_label(entities)
        for label, rows in by_label.items():
            self._run_batches(cypher.merge_entities(label), rows)
        return sum(len(rows) for rows in by_label.values())

    def write_documents(self, documents: Iterable[Document]) -> int:
        by_label = document_rows_by_label(documents)
        for label, rows in by_label.items():
            self._run_batches(cypher.merge_documents(label), rows)
        return sum(len(rows) for rows in by_label.values())

    def write_relations(self, relations: Iterable[Relation]) -> WriteSummary:
        summary = WriteSummary()
        for rel_type, rows in relation_rows_by_type(relations).items():
            with self._session() as session:
                for batch in batched(rows, self._batch_size):
                    written = _write_with_retry(session, rel_type, batch)
                    summary.relations += written
                    summary.relations_missing_ends += len(batch) - written
            summary.evidence += sum(len(row["evidence"]) for row in rows)
        return summary

    def write_dosage_texts(self, texts: Iterable[DosageText]) -> int:
        """Write verbatim dosage texts with their links to label, drug and indication (see
        ``cypher.merge_dosage_texts``); the label document and entities are written first. Returns how many."""
        rows = [text.model_dump(mode="json") for text in texts]
        self._run_batches(cypher.merge_dosage_texts(), rows)
        return len(rows)

    def write_label_warnings(self, warnings: Iterable[LabelWarning]) -> int:
        """Write verbatim label warnings with their links to label and drug (see ``cypher.merge_label_warnings``);
        the label document and entities are written first. Returns how many."""
        rows = [warning.model_dump(mode="json") for warning in warnings]
        self._run_batches(cypher.merge_label_warnings(), rows)
        return len(rows)

    def write_dose_rules(self, rules: Iterable[DoseRule], text_ids: Iterable[str] = ()) -> int:
        """Write dose rules beside their DosageText (``cypher.merge_dose_rules``; the texts are written first).
        Rules of ``text_ids`` (the texts that were parsed, with or without rules) that are no longer stated are
        removed first, so a re-parse replaces a text's rules. Returns how many rules were given."""
        rows = [rule.to_row() for rule in rules]
        parsed = sorted({*text_ids, *(row["dosage_text_id"] for row in rows)})
        if parsed:
            with self._session() as session:  # a managed transaction: retried while Neo4j restarts
                write_idempotent(session, lambda tx: tx.run(cypher.drop_stale_dose_rules(), text_ids=parsed,
                                                          rule_ids=[row["id"] for row in rows]).consume())
        self._run_batches(cypher.merge_dose_rules(), rows)
        return len(rows)

    def supersede_label_versions(self, set_ids: Iterable[str]) -> list[LabelSupersession]:
        """Make the newest version of each drug label (by set id) current and retract the evidence of the older
        versions it replaces, with the reason ``superseded by <new id>``."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher.supersede_label_versions(), set_ids=ids)]

        ids = sorted(set(set_ids))
        if not ids:
            return []
        with self._session() as session:
            superseded = write_idempotent(session, work)
        return [LabelSupersession(**row, relations_retracted=self.retract_documents(
            [row["old_id"]], f"superseded by {row['new_id']}")) for row in superseded]

    def retract_documents(self, document_ids: Sequence[str], reason: str) -> int:
        """Retract all evidence taken from these documents; relations left without evidence stop counting."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(cypher.retract_document_evidence(), document_ids=list(document_ids), reason=reason)
            return [record.data() for record in result]

        with self._session() as session:
            touched = write_idempotent(session, work)
        self.refresh_summaries(touched)
        return len(touched)

    def replace_source_evidence(self, source: str, stated: set[str], reason: str) -> int:
        """Make a curated source's active evidence exactly ``stated`` (evidence ids of the import just written):
        what its releases stated before and this import does not is retracted with ``reason`` (kept as history);
        what an earlier replacement retracted and this import states again is active again. Returns how many
        relations were touched; their summaries follow. (The same idea as ``ingest.cypher.refresh_document_evidence``
        for one PubMed record, done here in Python: a release states ~10^5 evidence nodes, and a Cypher list
        membership test per node would be quadratic.)"""
        with self._session() as session:
            rows = session.run(cypher.source_release_evidence(), source=source).data()
        gone = [row["id"] for row in rows if row["active"] and row["id"] not in stated]
        back = [row["id"] for row in rows if not row["active"] and row["id"] in stated
                and str(row["reason"] or "").startswith(REPLACED)]
        def work(tx: ManagedTransaction, batch: list[str], why: str | None) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher.set_evidence_retraction(), ids=batch, reason=why)]

        touched: list[dict[str, Any]] = []
        for ids, why in ((gone, f"{REPLACED} {reason}"), (back, None)):
            for batch in batched(ids, self._batch_size):
                with self._session() as session:
                    touched += write_idempotent(session, work, batch, why)
        self.refresh_summaries(touched)
        return len({row["key"] for row in touched})

    def refresh_summaries(self, relations: Iterable[dict[str, Any]]) -> None:
        """Recount evidence count, best confidence, sources and ``active`` of relations whose evidence changed
        (rows with ``type``, ``head``, ``tail`` and ``key``, as the retraction statements return them)."""
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in relations:
            by_type[row["type"]].append(row)
        for type_name, rows in by_type.items():
            self._run_batches(cypher.refresh_relation_summaries(RelType(type_name)), rows)

    def _run_batches(self, query: str, rows: Sequence[dict[str, Any]], returned: str | None = None) -> list[int]:
        results: list[int] = []

        def work(tx: ManagedTransaction, batch: list[dict[str, Any]]) -> int:
            result = tx.run(query, rows=batch)
            if returned is None:
                result.consume()
                return 0
            record = result.single()
            return int(record[returned]) if record else 0

        with self._session() as session:
            for batch in batched(rows, self._batch_size):
                results.append(write_idempotent(session, work, batch))
        return results
