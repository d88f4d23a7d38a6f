"""``medkg note analyze FILE|-``: a clinical note's problems, medications, summary and alerts, as text or JSON.

The note is read and analysed in memory; nothing it contains is stored or logged. medkg supports a clinician and
does not replace one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from api.cli.common import connected, settings_of

app = typer.Typer(help="Analyse clinical notes (nothing is stored).", no_args_is_help=True)
console = Console()


@app.command("analyze")
def analyze(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="a text file with the note, or - to read it from standard input"),
    as_json: bool = typer.Option(False, "--json", help="Print the full analysis as JSON."),
    alerts: bool = typer.Option(True, "--alerts/--no-alerts", help="Check the note against the graph."),
    suggestions: bool = typer.Option(True, "--suggestions/--no-suggestions",
                                     help="Suggest treatments for problems no listed drug treats."),
) -> None:
    """Sections, problems (negated, uncertain, historical, family), medications with dose and status, an extractive
    summary and alerts with their evidence. Exit 1 when the note cannot be read."""
    from clinical.engine import ClinicalEngine
    from clinical.notes import NoteError, check_note
    from query.safety import ReadOnlyRunner
    from vocabulary import Vocabulary

    name = "standard input" if source == "-" else source
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        text = check_note(raw, name)
    except OSError as error:
        console.print(f"[red]error:[/] cannot read {escape(name)}: {escape(error.strerror or str(error))}")
        raise typer.Exit(1) from None
    except NoteError as error:
        console.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(1) from None
    settings = settings_of(ctx)
    with connected(settings) as driver:
        with console.status("loading the graph's names …", spinner="dots"):
            engine = ClinicalEngine(None, lambda: ReadOnlyRunner.from_settings(driver, settings),
                                    vocabulary=Vocabulary.load_or_build(settings))
            analyzer = engine.notes
        result = analyzer.analyze(text, alerts=alerts, suggestions=suggestions)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    _print(result)


def _print(result) -> None:  # noqa: ANN001 - clinical.notes.models.NoteAnalysis, imported lazily
    console.print(f"[bold]Sections[/]: " + ", ".join(s.heading or s.kind.value for s in result.sections))
    heading = None
    for line in result.summary:
        if line.heading != heading:
            console.print(f"\n[bold]{escape(line.heading)}[/]")
            heading = line.heading
        where = ", ".join(f"{s.start}-{s.end}" for s in line.spans[:3])
        console.print(f"  • {escape(line.text)} [dim](chars {where})[/]")
    if result.alerts:
        console.print("\n[bold]Alerts[/]")
    for alert in result.alerts:
        colour = "red" if alert.severity == "warning" else "yellow"
        console.print(f"  [{colour}]{alert.kind.value}[/] {escape(alert.message)}")
        for evidence in alert.evidence[:2]:
            console.print(f"      [dim]{escape(evidence.source)}: {escape((evidence.text or '')[:160])}[/]")
        for option in alert.suggestions:
            console.print(f"      [dim]→ {escape(option['name'])} ({option['score']:.2f})[/]")
            for evidence in option.get("evidence", [])[:1]:
                console.print(f"        [dim]{escape(evidence.get('source') or '')}: "
                              f"{escape((evidence.get('text') or '')[:160])}[/]")
    console.print(f"\n[dim]{escape(result.disclaimer)} Rests on: {escape(result.rests_on)}.[/]")
