"""``medkg ingest pubmed|labels|nightly|runs|quarantine``: literature and drug-label ingest, the nightly job.

Exit codes: 0 done; 1 error (nothing or only part was processed, message printed); 3 partial: the run
finished but some records or files went to the quarantine (``medkg ingest quarantine`` lists them).
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from api.cli.common import connected, print_figures, settings_of, writable

if TYPE_CHECKING:
    from ingest.pipeline.options import IngestOptions

app = typer.Typer(help="Ingest literature and drug labels (PubMed XML, SPL XML, openFDA JSON), nightly or by hand.",
                  no_args_is_help=True)
console = Console()

PATHS = typer.Argument(..., help="Files or folders (folders: every matching file inside, recursively).")


def _option(flag: str, help_text: str) -> typer.models.OptionInfo:
    return typer.Option(*flag.split(), help=help_text)


# The flags every ingest command takes: (parameter, type, flag(s), help). Defaults come from IngestOptions; --quiet
# is the CLI's spelling of ``progress=False``.
OPTION_FLAGS = (
    ("executor", str, "--executor", "Where extraction runs: process (parallel), serial, ray."),
    ("workers", int | None, "--workers", "Parallel extraction workers (default: CPU count, at most 4)."),
    ("terms", Path | None, "--terms", "A terms TSV (id, label, name, synonyms): link and extract with these names "
     "only, instead of the full vocabulary."),
    ("extractor", str, "--extractor", "auto (the trained NER/RE model if one is registered, else the dictionary "
     "fallback), model (the trained model; an error if none) or dictionary."),
    ("batch_size", int, "--batch-size", "Documents per extraction batch."),
    ("quiet", bool, "--quiet", "No progress bars."),
    ("reextract", bool, "--reextract/--no-reextract", "Re-extract files done by another extractor version (its "
     "evidence of those documents is retracted); --no-reextract keeps them as they are."),
    ("reextract_unknown", bool, "--reextract-unknown", "Also re-extract files ledgered before extractors were "
     "recorded (any other extractor's evidence of their documents is retracted)."),
    ("reextract_rules", bool, "--reextract-rules", "Also re-extract files the same model did under older fact rules "
     "(after upgrading medkg): what the old rules stated and today's do not is retracted."),
)


def with_ingest_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared ingest flags (``OPTION_FLAGS``); it receives them as one ``options:
    IngestOptions`` keyword argument."""
    from ingest.pipeline.options import IngestOptions

    defaults = IngestOptions()
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, _option(flag, text)],
                                default=not defaults.progress if name == "quiet" else getattr(defaults, name))
              for name, kind, flag, text in OPTION_FLAGS]
    own = [p for name, p in inspect.signature(command).parameters.items() if name != "options"]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name, *_ in OPTION_FLAGS}
        options = IngestOptions(progress=not values.pop("quiet"), **values)
        command(*args, options=options, **kwargs)

    run.__signature__ = inspect.Signature(own + shared)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in own + shared}
    return run


def _run_sources(ctx: typer.Context, jobs: list[tuple[str, list[Path], list[str] | None]],
                 options: IngestOptions) -> None:
    from ingest.pipeline.run import build_ingest_job

    settings = settings_of(ctx)
    with writable(settings, console) as driver:
        with build_ingest_job(settings, driver, options, sources=[job[0] for job in jobs]) as job:
            for source, paths, patterns in jobs:
                job.ingest(paths, source, patterns)
    print_run_report(job.report.as_dict(), console)
    raise typer.Exit(job.report.exit_code)


REPORT_COLUMNS = ("source", "files", "skipped files", "re-extracted files", "documents", "no subject", "facts",
                  "evidence", "superseded evidence", "dosage texts", "label warnings", "retracted", "quarantined",
                  "seconds", "docs/s", "parse/nlp/link/write s")


def print_run_report(report: dict, out: Console) -> None:
    """A run report (``RunReport.as_dict()``): one row of figures per source (see ``print_figures``)."""
    title = (f"ingest run {report['run_id']} ({report['status']}, executor {report['executor']}, "
             f"extractor {report.get('extractor') or '-'})")
    rows = []
    for name, s in report["sources"].items():
        stages = "/".join(f"{s['stage_seconds'][k]:.1f}" for k in ("parse", "nlp", "link", "write"))
        rows.append((name, s["files_seen"], s["files_skipped"], s.get("files_reextracted", 0), s["documents_read"],
                     s.get("documents_without_subject", 0), s["facts_written"], s["evidence_written"],
                     s.get("evidence_superseded", 0), s["dosage_texts"], s.get("label_warnings", 0), s["retracted"],
                     s["quarantined"], f"{s['seconds']:.1f}", f"{s['documents_per_second']:.1f}", stages))
    print_figures(out, title, REPORT_COLUMNS, rows)
    for name, s in report["sources"].items():
        for file, details in (s.get("details") or {}).items():
            out.print(f"{name} {file}: {details['lines']} lines, {details['concepts_mapped']} concepts mapped, "
                      f"relations mapped {details['relations_mapped'] or 0}", markup=False, highlight=False)
            for reason, count in list(details["skipped"].items())[:12]:
                out.print(f"  skipped {count}: {reason}", markup=False, highlight=False)
    if report["quarantine"]:
        out.print(f"[yellow]{len(report['quarantine'])} record(s) quarantined[/] (see `medkg ingest quarantine`)")


@app.command("pubmed")
@with_ingest_options
def pubmed(ctx: typer.Context, paths: list[Path] = PATHS, *, options: IngestOptions) -> None:
    """Ingest PubMed/MEDLINE XML (.xml, .xml.gz): articles, structured abstracts, DeleteCitation."""
    _run_sources(ctx, [("pubmed", paths, None)], options)


@app.command("labels")
@with_ingest_options
def labels(ctx: typer.Context, paths: list[Path] = PATHS, *, options: IngestOptions) -> None:
    """Ingest drug labels: DailyMed SPL XML, openFDA label JSON/JSONL, DailyMed indications-text JSONL, and the
    FDA–NLM adverse-reaction pilot's section files (<DRUG>_boxed_warnings.txt: their Boxed Warnings, as warnings
    only)."""
    _run_sources(ctx, [("labels", paths, None)], options)


@app.command("pubtator3")
@with_ingest_options
def pubtator3(ctx: typer.Context, paths: list[Path] = PATHS, *, options: IngestOptions) -> None:
    """Ingest PubTator3's bulk files (relation2pubtator3.gz: BioREx relations; bioconcepts2pubtator3.gz and the
    per-type files: concepts), streamed, mapped through the vocabulary; unmapped ids are counted, bad lines
    quarantined. A file already done is skipped (docs/pubtator3.md)."""
    _run_sources(ctx, [("pubtator3", paths, None)], options)


@app.command("nightly")
@with_ingest_options
def nightly(ctx: typer.Context, config: Path = typer.Option(..., "--config", help="sources.toml"), *,
            options: IngestOptions) -> None:
    """Run every source of a sources.toml (watched folders or file lists); files already done by the same
    extractor are skipped, files done by another extractor version are re-extracted (see --no-reextract)."""
    from ingest.pipeline.nightly import read_sources_config

    _run_sources(ctx, read_sources_config(config), options)


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
    table = []
    for row in rows:
        per = (row.get("report") or {"sources": {}})["sources"].values()
        table.append((row["id"], row["status"], (row["started_at"] or "")[:19], (row["finished_at"] or "")[:19],
                      ",".join(row.get("sources") or []), (row.get("report") or {}).get("extractor") or "-",
                      sum(s["documents_read"] for s in per), sum(s["facts_written"] for s in per),
                      sum(s.get("files_reextracted", 0) for s in per), sum(s.get("evidence_superseded", 0) for s in per),
                      sum(s["quarantined"] for s in per), ", ".join(f"{s['documents_per_second']:.1f}" for s in per)))
    print_figures(console, "ingest runs", ("run", "status", "started", "finished", "sources", "extractor",
                                           "documents", "facts", "re-extracted files", "superseded evidence",
                                           "quarantined", "docs/s"), table)


@app.command("quarantine")
def quarantine(ctx: typer.Context, limit: int = typer.Option(100, "--limit")) -> None:
    """List quarantined records: file, record and the reason."""
    from ingest.pipeline.ledger import Ledger

    settings = settings_of(ctx)
    with connected(settings) as driver:
        rows = Ledger(driver, settings.neo4j_database).quarantined(limit)
    print_figures(console, "quarantine", ("file", "record", "reason"),
                  [(row["file"], row["record"], row["reason"]) for row in rows])
