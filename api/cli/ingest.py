"""``medkg ingest``: one command group. Curated sources live here (``sources``, ``source NAME [PATH]``); the
literature and drug-label commands (``pubmed``, ``labels``, ``nightly``, ``runs`` …) are in ``ingest_docs``
and share the same Typer app.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from api.cli.common import print_figures, settings_of, writable
from api.cli.ingest_docs import app

console = Console()


@app.command("sources")
def sources() -> None:
    """List the curated sources with version, licence, default folder and whether the demo imports them."""
    from ingest.sources.registry import SOURCES

    print_figures(console, "curated sources (medkg ingest source NAME [PATH])",
                  ("name", "version", "licence", "default", "notes"),
                  [(spec.name, spec.version, spec.license, "yes" if spec.default else "no", spec.notes)
                   for spec in SOURCES.values()])


@app.command("source")
def source(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A source from `medkg ingest sources`, or `all` for every default one."),
    path: Path | None = typer.Argument(None, help="The source's folder (default: its folder under MEDKG_DATA_DIR)."),
    include_noncommercial: bool = typer.Option(
        False, "--include-noncommercial", help="Also rows/sources under non-commercial licences (SIDER, "
        "DrugBank-derived Hetionet rows). Research use only."),
) -> None:
    """Import a curated source (re-runnable: a second run changes no counts). Bad rows are reported with line
    numbers and skipped; the command fails only when nothing could be read."""
    from vocabulary import Vocabulary
    from graph.writer import GraphWriter
    from ingest.sources.registry import SOURCES, default_folder, get_source, import_source, with_noncommercial

    settings = settings_of(ctx)
    if name == "all":
        if path is not None:
            raise typer.BadParameter("`all` imports every default source from its own folder; give no PATH")
        specs = [s for s in SOURCES.values() if s.default or include_noncommercial]
    else:
        specs = [get_source(name)]
    with console.status("loading the vocabulary …"):
        vocabulary = Vocabulary.load_or_build(settings)
    with writable(settings, console) as driver:
        writer = GraphWriter.for_settings(driver, settings)
        results = []
        for spec in specs:
            chosen = with_noncommercial(spec) if include_noncommercial else spec
            with console.status(f"importing {spec.name} ({len(results) + 1} of {len(specs)}) …"):
                result = import_source(chosen, path or default_folder(spec, settings), vocabulary, writer)
            results.append(result)
            console.print(f"{result.source}: {result.entities} entities, {result.relations} relations, "
                          f"{result.problems} problems ({result.read_seconds + result.write_seconds:.0f} s)",
                          highlight=False)
    _print_results(results)


def _print_results(results: list) -> None:  # list[ImportResult]
    print_figures(console, "curated import",
                  ("source", "entities", "relations", "evidence", "missing ends", "retracted", "problems", "read s",
                   "write s"),
                  [(f"{r.source}@{r.version}", r.entities, r.relations, r.evidence, r.relations_missing_ends,
                    r.retracted, r.problems, f"{r.read_seconds:.1f}", f"{r.write_seconds:.1f}") for r in results])
    for r in results:
        if r.report is not None and r.problems:
            console.print(f"[bold]{r.source}[/]: problems by file (first line numbers; those rows were skipped)")
            for line in r.report.summary_lines():
                console.print(f"  {line}", markup=False, highlight=False)
