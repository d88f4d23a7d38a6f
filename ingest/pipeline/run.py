"""The front door: ``ingest_paths(driver, settings, paths, source=...)`` reads, extracts, links and writes, with a
ledger, a quarantine and a run report. ``IngestJob`` lets the nightly job put several sources into one run.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from neo4j import Driver
from neo4j.exceptions import DriverError, IncompleteCommit, Neo4jError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.models import DocumentLabel
from core.errors import DiskFull, Neo4jUnavailable
from core.settings import Settings
from graph.writer import GraphWriter, batched, retrying_session, write_idempotent
from ingest import cypher
from nlp.dose_tables import parse_label_dosage
from nlp.types import Extractor
from ingest.pipeline.executors import ExtractorSource, default_workers, make_executor
from ingest.pipeline.facts import FactBatch, FactBuilder
from ingest.pipeline.mention_links import LinkerLike
from ingest.pipeline.ledger import ExtractorIdentity, FilePlan, Ledger, file_checksum, plan_file
from ingest.pipeline.model_extractor import NoTrainedModel, TrainedExtractorFactory, trained_extractor
from ingest.pipeline.options import IngestOptions
from ingest.pipeline import pubtator3
from ingest.pipeline.report import RunReport, SourceReport
from ingest.pipeline.rules import versioned
from ingest.pipeline.sources import expand_paths, reader_for
from ingest.pipeline.termlinker import TermLinker
from ingest.readers.types import Deletion, ReaderItem, Rejected, Skipped, SourceDocument

DEFAULTS = IngestOptions()  # the one set of defaults, for these keyword arguments too
# Sources whose files are an ordered stream of updates (a later PubMed file replaces or deletes earlier records):
# re-extracting one file re-applies every later file of the stream, so the newest record stays on top.
ORDERED_SOURCES = frozenset({"pubmed"})


def ingest_paths(
    driver: Driver, settings: Settings, paths: Sequence[Path | str], source: str = "pubmed", *,
    extractor: ExtractorSource | None = None, linker: LinkerLike | None = None, executor: str = DEFAULTS.executor,
    workers: int | None = DEFAULTS.workers, progress: bool = DEFAULTS.progress, batch_size: int = DEFAULTS.batch_size,
    reextract: bool = DEFAULTS.reextract, reextract_unknown: bool = DEFAULTS.reextract_unknown,
    reextract_rules: bool = DEFAULTS.reextract_rules,
) -> RunReport:
    """Ingest files (or folders) of one source into the graph and return the run report.

    ``source``: ``pubmed`` (PubMed/MEDLINE XML), ``labels`` (SPL XML, openFDA JSON/JSONL, DailyMed
    indications-text JSONL), ``pubtator`` or ``bioc``. ``extractor``: any ``nlp.types.Extractor`` (or a
    zero-argument factory); default the trained model if one is registered, else the dictionary fallback.
    ``linker``: default ``vocabulary.Linker`` over ``Vocabulary.load_or_build(settings)``. ``executor``:
    ``process`` (parallel local processes), ``serial`` or ``ray``. Files already in the ledger are skipped when
    the same extractor did them; done by another extractor version they are re-extracted (``reextract``, default
    on; ``reextract_unknown``: also files ledgered before extractors were recorded; ``reextract_rules``: also files
    the same model did under other fact rules), see
    :func:`ingest.pipeline.ledger.plan_file`. ``report.exit_code`` is 3 ("partial") when something went to the
    quarantine.
    """
    with IngestJob(driver, settings, extractor=extractor, linker=linker, executor=executor, workers=workers,
                   progress=progress, batch_size=batch_size, sources=[source], reextract=reextract,
                   reextract_unknown=reextract_unknown, reextract_rules=reextract_rules) as job:
        job.ingest(paths, source)
    return job.report


def build_ingest_job(settings: Settings, driver: Driver, options: IngestOptions = DEFAULTS,
                     sources: Sequence[str] = ()) -> "IngestJob":
    """The job the CLI and the admin API run (enter it, then ``job.ingest(paths, source)`` per source): the linker
    is the terms TSV's when ``options.terms`` is set, else the vocabulary's; the extractor is the one
    ``options.extractor`` names (``auto``: chosen by the job, the trained model when one is registered)."""
    linker: LinkerLike | None = None
    if options.terms is not None:
        linker = TermLinker.from_tsv(options.terms)
    extractor: ExtractorSource | None = None
    if options.extractor == "dictionary":
        linker = linker or default_linker(settings)
        extractor = dictionary_extractor(linker)
    elif options.extractor == "model":
        extractor = trained_extractor(settings)
    return IngestJob(driver, settings, extractor=extractor, linker=linker, executor=options.executor,
                     workers=options.workers, progress=options.progress, batch_size=options.batch_size,
                     sources=sources, reextract=options.reextract, reextract_unknown=options.reextract_unknown,
                     reextract_rules=options.reextract_rules)


def default_linker(settings: Settings) -> LinkerLike:
    from vocabulary.linker import Linker
    from vocabulary.vocabulary import Vocabulary

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


def extractor_identity(extractor: ExtractorSource) -> ExtractorIdentity | None:
    """Name, version (the model's plus the fact rules', ``ingest.pipeline.rules``) and kind of an extractor (or of a
    trained-model factory) before it runs; ``None`` for a plain factory that only says who it is once built."""
    from ingest.pipeline.dictionary_extractor import DictionaryExtractor

    name, version = getattr(extractor, "name", None), getattr(extractor, "version", None)
    if not isinstance(name, str) or version is None:
        return None
    model = isinstance(extractor, TrainedExtractorFactory) or type(extractor).__module__ == "nlp.extractor"
    kind = "model" if model else "dictionary" if isinstance(extractor, DictionaryExtractor) else "other"
    return ExtractorIdentity(name, versioned(version), kind)


class IngestJob:
    def __init__(
        self, driver: Driver, settings: Settings, *, extractor: ExtractorSource | None = None,
        linker: LinkerLike | None = None, executor: str = DEFAULTS.executor, workers: int | None = DEFAULTS.workers,
        progress: bool = DEFAULTS.progress, batch_size: int = DEFAULTS.batch_size, sources: Sequence[str] = (),
        reextract: bool = DEFAULTS.reextract, reextract_unknown: bool = DEFAULTS.reextract_unknown,
        reextract_rules: bool = DEFAULTS.reextract_rules,
    ) -> None:
        self.settings = settings
        self.console = Console(stderr=True, quiet=not progress)
        self.ledger = Ledger(driver, settings.neo4j_database, settings.neo4j_write_retry_s)
        self.writer = GraphWriter.for_settings(driver, settings)
        self._driver = driver
        self.linker = linker if linker is not None else default_linker(settings)
        chosen = extractor if extractor is not None else default_extractor(settings, self.linker, self.console)
        self.identity = extractor_identity(chosen)
        self.reextract, self.reextract_unknown, self.reextract_rules = reextract, reextract_unknown, reextract_rules
        self._replaced: tuple[str, ...] = ()  # extractors whose evidence the file being processed replaces
        self._current = ExtractorIdentity("", "")  # the extractor the last batch reported
        if isinstance(chosen, TrainedExtractorFactory) and executor == "process":  # share the cores between workers
            chosen = replace(chosen, threads=max(1, (os.cpu_count() or 2) // (workers or default_workers())))
        self.executor = make_executor(executor, chosen, workers, linker=self._relation_gate(chosen))
        self.facts = FactBuilder(self.linker)
        self.batch_size = batch_size
        self.progress = progress
        run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        self.report = RunReport(run_id=run_id, executor=self.executor.name)
        self._sources = list(sources)
        self._pubtator3: pubtator3.Pubtator3Loader | None = None

    def _relation_gate(self, extractor: ExtractorSource) -> LinkerLike | None:
        """NER → linker → RE: the linker with which the workers let a trained RE model score only pairs of
        mentions that link as facts need; ``None`` (every pair) for extractors without RE or without the hook."""
        scores_relations = (extractor.re_path is not None if isinstance(extractor, TrainedExtractorFactory)
                            else getattr(extractor, "runner", None) is not None)
        if not scores_relations:
            return None
        getattr(self.linker, "tfidf", None)  # build the linker's lazy fuzzy index once, here, not in every worker
        return self.linker

    def __enter__(self) -> "IngestJob":
        self.ledger.ensure_schema()
        self.ledger.start_run(self.report.run_id, self.executor.name, self._sources)
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        self.executor.close()
        if neo4j_unavailable(error):
            self._stop_unfinished(error)
        status = "failed" if error is not None else self.report.status
        try:
            self.ledger.finish_run(self.report.run_id, status, 1 if error else self.report.exit_code,
                                   self.report.as_dict())
        except (OSError, DriverError, Neo4jError):
            if not isinstance(error, DiskFull):
                raise
            # the disk (ours or Neo4j's) is still full: the next run marks this one interrupted

    # one source --------------------------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path | str], source: str, patterns: Sequence[str] | None = None) -> SourceReport:
        report = self.report.source(source)
        files = expand_paths(paths, source, patterns)
        started = time.perf_counter()
        progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[docs]} docs"), TimeElapsedColumn(), console=self.console,
                            disable=not self.progress)
        with progress if self.progress else nullcontext():
            checksums, plans = self._plan(files, source, progress)
            task = progress.add_task(f"{source}", total=len(files), docs=0)
            done_here: set[str] = set()
            for path, checksum, plan in zip(files, checksums, plans, strict=True):
                report.files_seen += 1
                if not plan.process or checksum in done_here:
                    report.files_skipped += 1
                else:
                    report.files_reextracted += plan.reextract
                    with stop_when_disk_full(path):
                        if source == pubtator3.SOURCE_NAME:
                            self._ingest_facts_file(path, checksum, report, progress, task)
                        else:
                            self._ingest_file(path, checksum, source, plan, report, progress, task)
                    done_here.add(checksum)
                progress.update(task, advance=1, docs=report.documents_read)
        report.seconds += time.perf_counter() - started
        return report

    def _plan(self, files: Sequence[Path], source: str, progress: Progress) -> tuple[list[str], list[FilePlan]]:
        """Checksums and ledger decisions for every file. In an ordered source, every file after the first
        re-extracted one is applied again, and marked ``stale`` first so a killed run still re-applies it."""
        task = progress.add_task(f"{source}: ledger", total=len(files), docs=0)
        checksums = []
        for path in files:
            checksums.append(file_checksum(path))
            progress.update(task, advance=1)
        entries = self.ledger.entries(checksums)
        identity = pubtator3.IDENTITY if source == pubtator3.SOURCE_NAME else self.identity
        plans = [plan_file(entries.get(checksum), identity, reextract=self.reextract,
                           reextract_unknown=self.reextract_unknown, reextract_rules=self.reextract_rules)
                 for checksum in checksums]
        first = next((i for i, plan in enumerate(plans) if plan.reextract), None)
        if source in ORDERED_SOURCES and first is not None:
            again = [i for i in range(first + 1, len(plans)) if not plans[i].process]
            self.ledger.mark_stale([checksums[i] for i in again])
            for i in again:
                plans[i] = FilePlan(True)
        progress.remove_task(task)
        return checksums, plans

    def _ingest_file(self, path: Path, checksum: str, source: str, plan: FilePlan, report: SourceReport,
                     progress: Progress, task: Any) -> None:
        started = time.perf_counter()
        before = dict(vars(report))
        self.ledger.start_file(self.report.run_id, checksum, path, source, self.identity, plan.replaced)
        self._replaced, observed = plan.replaced, None
        reader = reader_for(source, path, self.settings)
        items = _timed(reader(path), report)
        batches = ((batch, [i for i in batch if isinstance(i, SourceDocument)])
                   for batch in batched(items, self.batch_size))
        for batch, nlp in self.executor.map(batches):
            report.stage_seconds["nlp"] += nlp.seconds
            self.report.extractor = f"{nlp.extractor} {nlp.extractor_version}"
            observed = self._current = self._observed_identity(nlp)
            self._handle_batch(batch, nlp, path, checksum, source, report)
            progress.update(task, docs=report.documents_read)
        counts = {key: getattr(report, key) - before[key] for key in (
            "documents_read", "facts_written", "evidence_written", "quarantined", "retracted", "evidence_superseded")}
        status = "partial" if counts["quarantined"] else "done"
        self.ledger.finish_file(checksum, status, {
            "documents": counts["documents_read"], "facts": counts["facts_written"],
            "evidence": counts["evidence_written"], "quarantined": counts["quarantined"],
            "retracted": counts["retracted"], "evidence_superseded": counts["evidence_superseded"],
            "seconds": round(time.perf_counter() - started, 3)}, observed or self.identity)
        self._replaced = ()
        report.files_processed += 1

    def _ingest_facts_file(self, path: Path, checksum: str, report: SourceReport, progress: Progress,
                           task: Any) -> None:
        """A PubTator3 bulk file: facts already extracted, read, mapped and written without the NLP stage."""
        started = time.perf_counter()
        self.ledger.start_file(self.report.run_id, checksum, path, pubtator3.SOURCE_NAME, pubtator3.IDENTITY)
        if self._pubtator3 is None:
            from vocabulary.vocabulary import Vocabulary

            vocabulary = getattr(self.linker, "vocabulary", None) or Vocabulary.load_or_build(self.settings)
            self._pubtator3 = pubtator3.Pubtator3Loader(self.writer, vocabulary)
        lines = progress.add_task(f"  {path.name}", total=path.stat().st_size, docs=0)

        def quarantine(rejected: list[Rejected]) -> None:
            self._quarantine(rejected, pubtator3.SOURCE_NAME, checksum, report)

        result = self._pubtator3.load(path, quarantine, lambda done, total, n: progress.update(
            lines, completed=done, docs=n))
        progress.remove_task(lines)
        seconds = time.perf_counter() - started
        report.documents_read += result.counts.lines
        report.facts_written += result.written.relations
        report.evidence_written += result.written.evidence
        report.stage_seconds["write"] += result.write_seconds
        report.stage_seconds["parse"] += seconds - result.write_seconds
        report.details[str(path)] = result.counts.as_dict()
        self.ledger.finish_file(checksum, "partial" if result.rejected else "done", {
            "documents": result.counts.lines, "facts": result.written.relations,
            "evidence": result.written.evidence, "quarantined": result.rejected, "retracted": 0,
            "evidence_superseded": 0, "seconds": round(seconds, 3)}, pubtator3.IDENTITY)
        report.files_processed += 1

    def _observed_identity(self, nlp: Any) -> ExtractorIdentity:
        """The extractor a batch says ran (the kind from the one chosen, when it is that one)."""
        same = self.identity is not None and self.identity.key == f"{nlp.extractor}@{nlp.extractor_version}"
        return self.identity if same else ExtractorIdentity(nlp.extractor, str(nlp.extractor_version))

    def _handle_batch(self, batch: list[ReaderItem], nlp: Any, path: Path, checksum: str, source: str,
                      report: SourceReport) -> None:
        rejected = [i for i in batch if isinstance(i, Rejected)]
        report.documents_skipped += sum(isinstance(i, Skipped) for i in batch)
        if rejected:
            self._quarantine(rejected, source, checksum, report)
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

    def _quarantine(self, rejected: list[Rejected], source: str, checksum: str, report: SourceReport) -> None:
        for item in rejected:
            self.console.print(f"[red]quarantined[/] {item.file} [{item.record}]: {item.reason}")
        self.ledger.quarantine(self.report.run_id, source, checksum, rejected)
        report.quarantined += len(rejected)
        self.report.quarantine.extend({"file": r.file, "record": r.record, "reason": r.reason} for r in rejected)

    def _write(self, facts: FactBatch, report: SourceReport) -> None:
        self.writer.write_documents(facts.documents)
        self.writer.write_entities(facts.entities.values())
        summary = self.writer.write_relations(facts.relations)
        report.facts_written += summary.relations
        report.evidence_written += summary.evidence
        report.documents_without_subject += len(facts.unlinked_subjects)
        if self._replaced:
            self._supersede_replaced_evidence(facts, report)
        report.retracted += self._refresh_publications(facts)
        report.dosage_texts += self.writer.write_dosage_texts(facts.dosage)
        report.dose_rules += self.writer.write_dose_rules(
            parse_label_dosage(facts.dosage), [text.id for text in facts.dosage])
        report.label_warnings += self.writer.write_label_warnings(facts.warnings)
        set_ids = {str(d.properties["set_id"]) for d in facts.documents if d.properties.get("set_id")}
        report.retracted += sum(s.relations_retracted for s in self.writer.supersede_label_versions(set_ids))

    def _supersede_replaced_evidence(self, facts: FactBatch, report: SourceReport) -> None:
        """Re-extraction of this batch's documents: evidence the new extractor states again becomes its own;
        the replaced extractors' other evidence of these documents is retracted; relation summaries follow."""
        current = self._current
        stated: dict[str, list[str]] = {d.id: [] for d in facts.documents}
        rows = []
        for relation in facts.relations:
            for evidence in relation.evidence:
                evidence_id = evidence.key(relation.key)
                stated.setdefault(evidence.document_id, []).append(evidence_id)
                rows.append({"id": evidence_id, "extractor": evidence.extractor, "kind": evidence.kind.value,
                             "extractor_version": evidence.extractor_version, "confidence": evidence.confidence})
        touched = self._run(cypher.reattribute_evidence(), rows=rows) if rows else []
        sources = {d.id: d.source for d in facts.documents}
        documents = [{"document_id": doc_id, "source": sources.get(doc_id), "stated": ids}
                     for doc_id, ids in stated.items() if doc_id in sources]
        retracted = self._run(cypher.retract_replaced_evidence(), documents=documents, current=current.key,
                              replaced=list(self._replaced),
                              reason=f"{cypher.REEXTRACTED} {current.name} {current.version}")
        report.evidence_superseded += sum(row["evidence"] for row in retracted)
        report.retracted += len(retracted)
        self.writer.refresh_summaries(touched + retracted)

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
        self.writer.refresh_summaries(touched)
        return sum(1 for row in touched if row.get("retracted"))

    def _stop_unfinished(self, error: Exception) -> None:
        """Neo4j did not come back within the retry time: record the run as failed if it answers now (else the
        next run marks it interrupted) and stop with what to do next."""
        try:
            Ledger(self._driver, self.settings.neo4j_database, retry_s=0).finish_run(
                self.report.run_id, "failed", 1, self.report.as_dict())
        except (DriverError, Neo4jError):
            pass
        raise Neo4jUnavailable(
            f"Neo4j at {self.settings.bolt_uri} stopped answering and was still unreachable after "
            f"{self.settings.neo4j_write_retry_s:.0f} s of retries ({error}). Ingest run {self.report.run_id} "
            f"stopped: the files it finished are in the ledger; run the same command again to resume (finished "
            f"files are skipped, the file it was on is redone; every write is an idempotent MERGE). To wait longer, "
            f"set MEDKG_NEO4J_WRITE_RETRY_S.") from error

    def _run(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        settings = self.settings
        with retrying_session(self._driver, settings.neo4j_database, settings.neo4j_write_retry_s) as session:
            return write_idempotent(session, lambda tx: [r.data() for r in tx.run(query, **parameters)])


@contextmanager
def stop_when_disk_full(path: Path) -> Iterator[None]:
    """A full disk while ``path`` is ingested (a local write, or Neo4j's store) stops the run with a clear error;
    the file's ledger entry stays unfinished, so the next run redoes it."""
    try:
        yield
    except (OSError, Neo4jError) as error:
        if not disk_full(error):
            raise
        target = getattr(error, "filename", None) or ("Neo4j's store" if isinstance(error, Neo4jError) else None)
        raise DiskFull(
            f"no space left on the device while ingesting {path}: could not write {target or 'output'} ({error}). "
            f"The file is not marked done in the ingest ledger; free some space and run the same command again "
            f"(finished files are skipped, this one is redone).") from error


def disk_full(error: BaseException) -> bool:
    """An ``ENOSPC`` from a local write, or Neo4j reporting that its disk is full."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return "no space left on device" in str(error).lower()


def neo4j_unavailable(error: BaseException | None) -> bool:
    """Neo4j restarting or unreachable (what the retries wait out), as opposed to a bad statement or input."""
    if isinstance(error, IncompleteCommit):  # the connection died during a commit
        return True
    return isinstance(error, (DriverError, Neo4jError)) and error.is_retryable()


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
