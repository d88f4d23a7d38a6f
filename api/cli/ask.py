"""``medkg ask "…"``: answer one clinician question from the graph, with evidence (``--json``: the API's JSON)."""

from __future__ import annotations

from contextlib import nullcontext

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of

console = Console()


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="e.g. \"best treatment for hypertension\", \"what could cause headache, "
                                             "fever and stiff neck\" or 阿托伐他汀的副作用"),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON (the API's answer contract)."),
    limit: int = typer.Option(10, "--limit", min=1, max=100, help="How many answers at most."),
    no_models: bool = typer.Option(False, "--no-models",
                                   help="Skip the vocabulary linker, text embedder and link predictor (faster)."),
) -> None:
    """Answer a question: intent, linked entities, ranked answers with evidence, and the Cypher that ran."""
    from clinical.engine import ClinicalEngine
    from query.answer import QueryEngine
    from query.safety import ReadOnlyRunner

    settings = settings_of(ctx)
    with connected(settings) as driver:
        with console.status("loading models …", spinner="dots") if not as_json else nullcontext():
            engine = ClinicalEngine(QueryEngine(driver, settings, load_models=not no_models),
                                    lambda: ReadOnlyRunner.from_settings(driver, settings))
        answer = engine.answer(question, limit)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    _print(answer)


def _print(answer) -> None:  # noqa: ANN001 - query.models.Answer, imported lazily
    entities = ", ".join(f"{e.name} ({e.id}, {e.type}, {e.score:.2f})" for e in answer.entities) or "none"
    console.print(f"[bold]intent[/] {answer.intent.value}   [bold]entities[/] {entities}")
    if answer.message:
        console.print(f"[yellow]{answer.message}[/]")
    table = Table(show_lines=True)
    for column in ("#", "answer", "score", "why", "evidence"):
        table.add_column(column)
    for rank, item in enumerate(answer.answers, 1):
        why = ", ".join(b.value for b in item.badges)
        if item.text:
            evidence = item.text
        else:
            evidence = "\n".join(f"[{e.source}] {e.document_id or ''}: {(e.text or '')[:160]}" for e in item.evidence[:3])
        name = f"{item.name}\n[dim]{item.id}[/]" + ("\n[magenta]hypothesis[/]" if item.hypothesis else "")
        table.add_row(str(rank), name, f"{item.score:.2f}", why, evidence)
    if answer.answers:
        console.print(table)
    timings = ", ".join(f"{k} {v:.1f} ms" for k, v in answer.timings_ms.items())
    console.print(f"[dim]{timings}[/]")
