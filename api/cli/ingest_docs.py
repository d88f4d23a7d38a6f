"""``medkg ingest pubmed|labels|nightly|runs|quarantine``: literature and drug-label ingest, the nightly job.

Exit codes: 0 done; 1 error (nothing or only part was processed, message printed); 3 partial: the run
finished but some records or files went to the quarantine (``medkg ingest quarantine`` lists them).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of
from core.errors import BadInput

app = typer.Typer(help="Ingest literature and drug labels (PubMed XML, SPL XML, openFDA JSON), nightly or by hand.",
                  no_args_is_help=True)
console = Console()

PATHS = typer.Argument(..., help="Files or folders (folders: every matching file inside, recursively).")
EXECUTOR = typer.Option("process", "--executor", help="Where extraction runs: process (parallel), serial, ray.")
WORKERS = typer.Option(None, "--workers", help="Parallel extraction workers (default: CPU count, at most 4).")
TERMS = typer.Option(None, "--terms", help="A terms TSV (id, label, name, synonyms): link and extract with these "
                     "names only, instead of the full vocabulary.")
EXTRACTOR = typer.Option("auto", "--extractor", help="auto (the trained NER/RE model if one is registered, else the "
                         "dictionary fallback), model (the trained model; an error if none) or dictionary.")
BATCH = typer.Option(32, "--batch-size", help="Documents per extraction batch.")
QUIET = typer.Option(False, "--quiet", help="No progress bars.")
REEXTRACT = typer.Option(True, "--reextract/--no-reextract", help="Re-extract files done by another extractor "
                         "version (its evidence of those documents is retracted); --no-reextract keeps them as they "
                         "are.")
REEXTRACT_UNKNOWN = typer.Option(False, "--reextract-unknown", help="Also re-extract files ledgered before extractors "
                                 "were recorded (any other extractor's evidence of their documents is retracted).")


def _run_sources(ctx: typer.Context, jobs: list[tuple[str, list[Path], list[str] | None]], executor: str,
                 workers: int | None, terms: Path | None, extractor: str, batch_size: int, quiet: bool,
                 reextract: bool = True, reextract_unknown: bool = False) -> None:
    from ingest.pipeline.run import IngestJob

    settings = settings_of(ctx)
    linker, chosen = None, None
    if terms is not None:
        from ingest.pipeline.termlinker import TermLinker

        linker = TermLinker.from_tsv(terms)
    if extractor == "dictionary":
        from ingest.pipeline.run import default_linker, dictionary_extractor

        linker = linker or default_linker(settings)
        chosen = dictionary_extractor(linker)
    elif extractor == "model":
        from ingest.pipeline.model_extractor import trained_extractor

        chosen = trained_extractor(settings)
    elif extractor != "auto":
        raise BadInput(f"unknown --extractor {extractor!r}; use auto, model or dictionary")
    with connected(settings) as driver:
        with IngestJob(driver, settings, extractor=chosen, linker=linker, executor=executor, workers=workers,
                       progress=not quiet, batch_size=batch_size, sources=[job[0] for job in jobs],
                       reextract=reextract, reextract_unknown=reextract_unknown) as job:
            for source, paths, patterns in jobs:
                job.ingest(paths, source, patterns)
    _print_report(job.report.as_dict())
    raise typer.Exit(job.report.exit_code)


def _print_report(report: dict) -> None:
    table = Table(title=f"ingest run {report['run_id']} ({report['status']}, executor {report['executor']}, "
                        f"extractor {report.get('extractor') or '-'})")
    for column in ("source", "files", "skipped files", "re-extracted files", "documents", "no subject", "facts",
                   "evidence", "superseded evidence", "dosage texts", "retracted", "quarantined", "seconds", "docs/s",
                   "parse/nlp/link/write s"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for name, s in report["sources"].items():
        stages = "/".join(f"{s['stage_seconds'][k]:.1f}" for k in ("parse", "nlp", "link", "write"))
        table.add_row(name, str(s["files_seen"]), str(s["files_skipped"]), str(s.get("files_reextracted", 0)),
                      str(s["documents_read"]), str(s.get("documents_without_subject", 0)), str(s["facts_written"]),
                      str(s["evidence_written"]), str(s.get("evidence_superseded", 0)), str(s["dosage_texts"]),
                      str(s["retracted"]), str(s["quarantined"]), f"{s['seconds']:.1f}",
                      f"{s['documents_per_second']:.1f}", stages)
    console.print(table)
    if report["quarantine"]:
        console.print(f"[yellow]{len(report['quarantine'])} record(s) quarantined[/] (see `medkg ingest quarantine`)")


@app.command("pubmed")
def pubmed(ctx: typer.Context, paths: list[Path] = PATHS, executor: str = EXECUTOR, workers: int = WORKERS,
           terms: Path = TERMS, extractor: str = EXTRACTOR, batch_size: int = BATCH, quiet: bool = QUIET,
           reextract: bool = REEXTRACT, reextract_unknown: bool = REEXTRACT_UNKNOWN) -> None:
    """Ingest PubMed/MEDLINE XML (.xml, .xml.gz): articles, structured abstracts, DeleteCitation."""
    _run_sources(ctx, [("pubmed", paths, None)], executor, workers, terms, extractor, batch_size, quiet,
                 reextract, reextract_unknown)


@app.command("labels")
def labels(ctx: typer.Context, paths: list[Path] = PATHS, executor: str = EXECUTOR, workers: int = WORKERS,
           terms: Path = TERMS, extractor: str = EXTRACTOR, batch_size: int = BATCH, quiet: bool = QUIET,
           reextract: bool = REEXTRACT, reextract_unknown: bool = REEXTRACT_UNKNOWN) -> None:
    """Ingest drug labels: DailyMed SPL XML, openFDA label JSON/JSONL, DailyMed indications-text JSONL."""
    _run_sources(ctx, [("labels", paths, None)], executor, workers, terms, extractor, batch_size, quiet,
                 reextract, reextract_unknown)


@app.command("nightly")
def nightly(ctx: typer.Context, config: Path = typer.Option(..., "--config", help="sources.toml"),
            executor: str = EXECUTOR, workers: int = WORKERS, terms: Path = TERMS, extractor: str = EXTRACTOR,
            batch_size: int = BATCH, quiet: bool = QUIET, reextract: bool = REEXTRACT,
            reextract_unknown: bool = REEXTRACT_UNKNOWN) -> None:
    """Run every source of a sources.toml (watched folders or file lists); files already done by the same
    extractor are skipped, files done by another extractor version are re-extracted (see --no-reextract)."""
    from ingest.pipeline.nightly import read_sources_config

    jobs = read_sources_config(config)
    _run_sources(ctx, jobs, executor, workers, terms, extractor, batch_size, quiet, reextract, reextract_unknown)


@app.command("runs")
def runs(ctx: typer.Context, limit: int = typer.Option(20, "--limit"),
         as_json: bool = typer.Option(False, "--json", help="Print the stored reports as JSON.")) -> None:
    """List past ingest runs with their per-source reports."""
    from ingest.pipeline.ledger import Ledger

    settings = settings_of(ctx)
    with connected(settings) as driver:
        rows = Ledger(driver, settings.neo4j_database).runs(limit)
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table(title="ingest runs")
    for column in ("run", "status", "started", "finished", "sources", "extractor", "documents", "facts",
                   "re-extracted files", "superseded evidence", "quarantined", "docs/s"):
        table.add_column(column)
    for row in rows:
        report = json.loads(row["report"]) if row.get("report") else {"sources": {}}
        per = report["sources"].values()
        table.add_row(row["id"], row["status"], (row["started_at"] or "")[:19], (row["finished_at"] or "")[:19],
                      ",".join(row.get("sources") or []), report.get("extractor") or "-",
                      str(sum(s["documents_read"] for s in per)), str(sum(s["facts_written"] for s in per)),
                      str(sum(s.get("files_reextracted", 0) for s in per)),
                      str(sum(s.get("evidence_superseded", 0) for s in per)), str(sum(s["quarantined"] for s in per)),
                      ", ".join(f"{s['documents_per_second']:.1f}" for s in per))
    console.print(table)


@app.command("quarantine")
def quarantine(ctx: typer.Context, limit: int = typer.Option(100, "--limit")) -> None:
    """List quarantined records: file, record and the reason."""
    from ingest.pipeline.ledger import Ledger

    settings = settings_of(ctx)
    with connected(settings) as driver:
        rows = Ledger(driver, settings.neo4j_database).quarantined(limit)
    table = Table(title="quarantine")
    for column in ("file", "record", "reason"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["file"], row["record"], row["reason"])
    console.print(table)
