"""``medkg consult "fever and headache"``: the symptom interview in the terminal (yes / no / don't know)."""

from __future__ import annotations

import typer
from rich.console import Console

from api.cli.common import connected, settings_of
from clinical.patient import Sex  # an enum: the CLI's choices

console = Console()
ANSWERS = {"y": "yes", "yes": "yes", "是": "yes", "有": "yes", "n": "no", "no": "no", "否": "no", "没有": "no",
           "无": "no", "?": "unknown", "u": "unknown", "unknown": "unknown", "dk": "unknown", "不知道": "unknown"}


def consult(
    ctx: typer.Context,
    complaint: str = typer.Argument(..., help="the first complaint, e.g. \"fever and headache\" or 发热、头痛"),
    max_turns: int = typer.Option(10, "--max-turns", min=1, max=30, help="Stop after this many questions."),
    language: str = typer.Option("", "--language", help="en or zh (default: the complaint's language)."),
    sex: Sex | None = typer.Option(None, "--sex", help="The patient's sex, where known: rules out the other sex's "
                                   "diseases (else they count half); the complaint may state it."),
) -> None:
    """Interview: each turn shows the differential and asks the most informative next question. Nothing is stored.
    medkg supports a clinician and does not replace one."""
    from clinical.consultation import ConsultationService
    from clinical.knowledge import DiagnosisKnowledge
    from clinical.models import Answer
    from clinical.statements import CJK
    from query.safety import ReadOnlyRunner

    settings = settings_of(ctx)
    with connected(settings) as driver:
        runner = ReadOnlyRunner.from_settings(driver, settings)
        with console.status("loading the disease–finding knowledge …", spinner="dots"):
            knowledge = DiagnosisKnowledge.load(runner)
        if not knowledge.expected:
            console.print("[red]The graph has no disease–finding links: run `medkg ingest source medquad-symptoms` "
                          "(or `medkg demo`) first.[/]")
            raise typer.Exit(1)
        service = ConsultationService(knowledge, runner, max_turns=max_turns)
        turn = service.start(complaint, language or ("zh" if CJK.search(complaint) else "en"), sex)
        while True:
            _show(turn)
            if turn.finished or turn.question is None:
                break
            reply = typer.prompt(f"{turn.question.text} [yes/no/?]").strip().lower()
            while reply not in ANSWERS:
                reply = typer.prompt("please answer yes, no or ? (don't know)").strip().lower()
            turn = service.answer(turn.session_id, Answer(ANSWERS[reply]))
        service.end(turn.session_id)


def _show(turn) -> None:  # noqa: ANN001 - clinical.models.ConsultTurn, imported lazily
    diff = turn.differential
    stated = ", ".join(f"{f.name or f.text} ({f.status.value})" for f in turn.asked) or "none linked"
    console.print(f"\n[bold]turn {turn.turn}[/]  findings: {stated}")
    for rank, c in enumerate(diff.candidates[:5], 1):
        name = c.name_zh or c.name if diff.language == "zh" else c.name
        console.print(f"  {rank}. {name} [dim]{c.id}[/]  {c.probability:.0%}  [dim]{c.explanation[:240]}[/]")
    for flag in turn.red_flags:
        console.print(f"  [red]red flag[/] {flag.finding}: {flag.advice}")
    if turn.finished:
        console.print(f"[bold]summary[/] ({turn.reason}). {diff.disclaimer}")
