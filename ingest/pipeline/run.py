"""The front door: ``ingest_paths(driver, settings, paths, source=...)`` reads, extracts, links and writes, with a
ledger, a quarantine and a run report. ``IngestJob`` lets the nightly job put several sources into one run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from neo4j import Driver
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph import cypher as graph_cypher
from graph.models import DocumentLabel, RelType
from graph.settings import Settings
from graph.writer import GraphWriter, batched
from ingest import cypher
from ingest.nlp.types import Extractor
from ingest.pipeline.executors import ExtractorSource, default_workers, make_executor
from ingest.pipeline.facts import FactBatch, FactBuilder, LinkerLike
from ingest.pipeline.ledger import Ledger, file_checksum
from ingest.pipeline.model_extractor import NoTrainedModel, TrainedExtractorFactory, trained_extractor
from ingest.pipeline.report import RunReport, SourceReport
from ingest.pipeline.sources import expand_paths, reader_for
from ingest.readers.types import Deletion, ReaderItem, Rejected, Skipped, SourceDocument

DEFAULT_BATCH_SIZE = 32


def ingest_paths(
    driver: Driver, settings: Settings, paths: Sequence[Path | str], source: str = "pubmed", *,
    extractor: ExtractorSource | None = None, linker: LinkerLike | None = None, executor: str = "process",
    workers: int | None = None, progress: bool = True, batch_size: int = DEFAULT_BATCH_SIZE,
) -> RunReport:
    """Ingest files (or folders) of one source into the graph and return the run report.

    ``source``: ``pubmed`` (PubMed/MEDLINE XML), ``labels`` (SPL XML, openFDA JSON/JSONL, DailyMed
    indications-text JSONL), ``pubtator`` or ``bioc``. ``extractor``: any ``ingest.nlp.types.Extractor`` (or a
    zero-argument factory); default the trained model if one is registered, else the dictionary fallback.
    ``linker``: default ``graph.vocabulary.Linker`` over ``Vocabulary.load_or_build(settings)``. ``executor``:
    ``process`` (parallel local processes), ``serial`` or ``ray``. Files already in the ledger are skipped;
    ``report.exit_code`` is 3 ("partial") when something went to the quarantine.
    """
    with IngestJob(driver, settings, extractor=extractor, linker=linker, executor=executor, workers=workers,
                   progress=progress, batch_size=batch_size, sources=[source]) as job:
        job.ingest(paths, source)
    return job.report


def default_linker(settings: Settings) -> LinkerLike:
    from graph.vocabulary.linker import Linker
    from graph.vocabulary.vocabulary import Vocabulary

    return Linker(Vocabulary.load_or_build(settings))


def default_extractor(settings: Settings, linker: Any, console: Console | None = None) -> ExtractorSource:
    """The trained NER/RE model when one is registered (as a factory each worker loads), else the dictionary
    fallback over the linker's names."""
    try:
        factory = trained_extractor(settings)
    except NoTrainedModel as error:
        if console is not None:
            console.print(f"[yellow]no trained extractor ({error}); using the dictionary fallback[/]")
        return dictionary_extractor(linker)
    if console is not None:
        console.print(f"extractor: trained model {factory.name} {factory.version}")
    return factory


def dictionary_extractor(linker: Any) -> Extractor:
    from ingest.pipeline.dictionary_extractor import DictionaryExtractor

    if hasattr(linker, "extractor"):
        return linker.extractor()
    return DictionaryExtractor.from_vocabulary(linker.vocabulary)


class IngestJob:
    def __init__(
        self, driver: Driver, settings: Settings, *, extractor: ExtractorSource | None = None,
        linker: LinkerLike | None = None, executor: str = "process", workers: int | None = None,
        progress: bool = True, batch_size: int = DEFAULT_BATCH_SIZE, sources: Sequence[str] = (),
    ) -> None:
        self.settings = settings
        self.console = Console(stderr=True, quiet=not progress)
        self.ledger = Ledger(driver, settings.neo4j_database)
        self.writer = GraphWriter(driver, settings.neo4j_database, settings.write_batch_size)
        self._driver = driver
        self.linker = linker if linker is not None else default_linker(settings)
        chosen = extractor if extractor is not None else default_extractor(settings, self.linker, self.console)
        if isinstance(chosen, TrainedExtractorFactory) and executor == "process":  # share the cores between workers
            chosen = replace(chosen, threads=max(1, (os.cpu_count() or 2) // (workers or default_workers())))
        self.executor = make_executor(executor, chosen, workers)
        self.facts = FactBuilder(self.linker)
        self.batch_size = batch_size
        self.progress = progress
        run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        self.report = RunReport(run_id=run_id, executor=self.executor.name)
        self._sources = list(sources)

    def __enter__(self) -> "IngestJob":
        self.ledger.ensure_schema()
        self.ledger.start_run(self.report.run_id, self.executor.name, self._sources)
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        self.executor.close()
        status = "failed" if error is not None else self.report.status
        self.ledger.finish_run(self.report.run_id, status, 1 if error else self.report.exit_code,
                               self.report.as_dict())

    # one source --------------------------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path | str], source: str, patterns: Sequence[str] | None = None) -> SourceReport:
        report = self.report.source(source)
        files = expand_paths(paths, source, patterns)
        started = time.perf_counter()
        progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[docs]} docs"), TimeElapsedColumn(), console=self.console,
                            disable=not self.progress)
        with progress if self.progress else nullcontext():
            task = progress.add_task(f"{source}", total=len(files), docs=0)
            for path in files:
                report.files_seen += 1
                checksum = file_checksum(path)
                if self.ledger.is_finished(checksum):
                    report.files_skipped += 1
                else:
                    self._ingest_file(path, checksum, source, report, progress, task)
                progress.update(task, advance=1, docs=report.documents_read)
        report.seconds += time.perf_counter() - started
        return report

    def _ingest_file(self, path: Path, checksum: str, source: str, report: SourceReport,
                     progress: Progress, task: Any) -> None:
        started = time.perf_counter()
        before = dict(vars(report))
        self.ledger.start_file(self.report.run_id, checksum, path, source)
        reader = reader_for(source, path, self.settings)
        items = _timed(reader(path), report)
        batches = ((batch, [i for i in batch if isinstance(i, SourceDocument)])
                   for batch in batched(items, self.batch_size))
        for batch, nlp in self.executor.map(batches):
            report.stage_seconds["nlp"] += nlp.seconds
            self.report.extractor = f"{nlp.extractor} {nlp.extractor_version}"
            self._handle_batch(batch, nlp, path, checksum, source, report)
            progress.update(task, docs=report.documents_read)
        counts = {key: getattr(report, key) - before[key]
                  for key in ("documents_read", "facts_written", "evidence_written", "quarantined", "retracted")}
        status = "partial" if counts["quarantined"] else "done"
        self.ledger.finish_file(checksum, status, {
            "documents": counts["documents_read"], "facts": counts["facts_written"],
            "evidence": counts["evidence_written"], "quarantined": counts["quarantined"],
            "retracted": counts["retracted"], "seconds": round(time.perf_counter() - started, 3)})
        report.files_processed += 1

    def _handle_batch(self, batch: list[ReaderItem], nlp: Any, path: Path, checksum: str, source: str,
                      report: SourceReport) -> None:
        rejected = [i for i in batch if isinstance(i, Rejected)]
        report.documents_skipped += sum(isinstance(i, Skipped) for i in batch)
        if rejected:
            for item in rejected:
                self.console.print(f"[red]quarantined[/] {item.file} [{item.record}]: {item.reason}")
            self.ledger.quarantine(self.report.run_id, source, checksum, rejected)
            report.quarantined += len(rejected)
            self.report.quarantine.extend({"file": r.file, "record": r.record, "reason": r.reason} for r in rejected)
        step = time.perf_counter()
        facts = self.facts.build(nlp)
        report.stage_seconds["link"] += time.perf_counter() - step
        step = time.perf_counter()
        self._write(facts, report)
        deletions = [i for i in batch if isinstance(i, Deletion)]
        for deletion in deletions:
            report.retracted += self.writer.retract_documents(deletion.document_ids, deletion.reason)
            self._run(cypher.mark_documents_deleted(), document_ids=list(deletion.document_ids))
        report.stage_seconds["write"] += time.perf_counter() - step
        report.documents_read += len(nlp.documents)

    def _write(self, facts: FactBatch, report: SourceReport) -> None:
        self.writer.write_documents(facts.documents)
        self.writer.write_entities(facts.entities.values())
        summary = self.writer.write_relations(facts.relations)
        report.facts_written += summary.relations
        report.evidence_written += summary.evidence
        report.documents_without_subject += len(facts.unlinked_subjects)
        report.retracted += self._refresh_publications(facts)
        if facts.dosage:
            self._run(cypher.merge_dosage_texts(), rows=facts.dosage)
            report.dosage_texts += len(facts.dosage)
        set_ids = sorted({d.properties["set_id"] for d in facts.documents if d.properties.get("set_id")})
        if set_ids:
            superseded = self._run(cypher.supersede_label_versions(), set_ids=set_ids)
            for row in superseded:
                report.retracted += self.writer.retract_documents([row["old_id"]], f"superseded by {row['new_id']}")

    def _refresh_publications(self, facts: FactBatch) -> int:
        """Make each publication's evidence exactly what this record states (see
        ``ingest.cypher.refresh_document_evidence``); returns how many relations lost evidence."""
        stated: dict[str, list[str]] = {d.id: [] for d in facts.documents if d.label is DocumentLabel.PUBLICATION}
        for relation in facts.relations:
            for evidence in relation.evidence:
                if evidence.document_id in stated:
                    stated[evidence.document_id].append(evidence.key(relation.key))
        if not stated:
            return 0
        sources = {d.id: d.source for d in facts.documents}
        rows = [{"document_id": doc_id, "source": sources[doc_id], "evidence_ids": ids}
                for doc_id, ids in stated.items()]
        touched = self._run(cypher.refresh_document_evidence(), rows=rows, reason="replaced by a newer record")
        by_type: dict[str, list[dict[str, Any]]] = {}
        for row in touched:
            by_type.setdefault(row["type"], []).append(row)
        for type_name, ends in by_type.items():
            self._run(graph_cypher.refresh_relation_summaries(RelType(type_name)), rows=ends)
        return sum(1 for row in touched if row.get("retracted"))

    def _run(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        with self._driver.session(database=self.settings.neo4j_database) as session:
            return session.execute_write(lambda tx: [r.data() for r in tx.run(query, **parameters)])


def _timed(items: Iterator[ReaderItem], report: SourceReport) -> Iterator[ReaderItem]:
    """The reader's items, adding the time spent producing them to the parse stage."""
    while True:
        started = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            report.stage_seconds["parse"] += time.perf_counter() - started
            return
        report.stage_seconds["parse"] += time.perf_counter() - started
        yield item
