"""``medkg ask "…"``: answer one clinician question from the graph, with evidence (``--json``: the API's JSON)."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of
from vocabulary.chinese import shown_name

console = Console()


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="e.g. \"best treatment for hypertension\", \"what could cause headache, "
                                             "fever and stiff neck\" or 阿托伐他汀的副作用"),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON (the API's answer contract)."),
    limit: int = typer.Option(10, "--limit", min=1, max=100, help="How many answers at most."),
    no_models: bool = typer.Option(False, "--no-models",
                                   help="Skip the vocabulary linker, text embedder and link predictor (faster)."),
    patient_file: Path | None = typer.Option(None, "--patient", help="A patient as JSON (the API's `patient` object: "
                                             "age_years, sex, pregnant, weight_kg, egfr, medications, …).",
                                             exists=True, dir_okay=False, readable=True),
    age: float | None = typer.Option(None, "--age", min=0, max=130, help="Patient age in years."),
    weight: float | None = typer.Option(None, "--weight", min=0.1, max=500, help="Patient weight in kg."),
    sex: str | None = typer.Option(None, "--sex", help="female or male."),
    pregnant: bool = typer.Option(False, "--pregnant", help="The patient is pregnant."),
    lactating: bool = typer.Option(False, "--lactating", help="The patient is breastfeeding."),
    egfr: float | None = typer.Option(None, "--egfr", min=0, max=200, help="eGFR, mL/min/1.73 m²."),
    crcl: float | None = typer.Option(None, "--crcl", min=0, max=250, help="Creatinine clearance, mL/min."),
    creatinine: float | None = typer.Option(None, "--creatinine", min=0.01, max=30,
                                            help="Serum creatinine, mg/dL: with --age, --weight and --sex, CrCl is "
                                                 "estimated by Cockcroft–Gault when --crcl is not given."),
    hepatic: str | None = typer.Option(None, "--hepatic", help="Hepatic impairment: none, mild, moderate, severe."),
    conditions: list[str] = typer.Option([], "--condition", help="A patient condition (repeatable)."),
    medications: list[str] = typer.Option([], "--medication", help="A current medication (repeatable)."),
    allergies: list[str] = typer.Option([], "--allergy", help="An allergy (repeatable)."),
) -> None:
    """Answer a question: intent, linked entities, ranked answers with evidence, and the Cypher that ran. With a
    patient (--patient FILE or the flags, or stated in the question), treatment answers are re-ranked for them.

    Exit codes: 0 answered; 2 bad input (an unreadable or invalid patient)."""
    from clinical.engine import ClinicalEngine
    from query.answer import QueryEngine
    from query.safety import ReadOnlyRunner

    flags = {"age_years": age, "weight_kg": weight, "sex": sex, "pregnant": pregnant or None,
             "lactating": lactating or None, "egfr": egfr, "creatinine_clearance": crcl, "serum_creatinine": creatinine,
             "hepatic_impairment": hepatic,
             "conditions": tuple(conditions), "medications": tuple(medications), "allergies": tuple(allergies)}
    patient = read_patient(patient_file, flags)
    settings = settings_of(ctx)
    with connected(settings) as driver:
        with console.status("loading models …", spinner="dots") if not as_json else nullcontext():
            engine = ClinicalEngine(QueryEngine(driver, settings, load_models=not no_models),
                                    lambda: ReadOnlyRunner.from_settings(driver, settings))
        answer = engine.answer(question, limit, patient=patient)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    _print(answer)
    if answer.patient:
        _print_patient(answer.patient)
    if answer.dosing:
        _print_dosing(answer.dosing)


def read_patient(path: Path | None, flags: dict[str, Any]):  # noqa: ANN201 - clinical.patient.PatientContext | None
    """The patient from a JSON file with the flags on top (flags win); None when neither gives anything. A bad file
    or value is a usage error (exit code 2) naming the problem."""
    from pydantic import ValidationError

    from clinical.patient import PatientContext

    given: dict[str, Any] = {}
    if path is not None:
        try:
            given = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise typer.BadParameter(f"{path}: not a readable JSON file ({error})", param_hint="--patient") from error
        if not isinstance(given, dict):
            raise typer.BadParameter(f"{path}: a patient must be a JSON object", param_hint="--patient")
    given.update({key: value for key, value in flags.items() if value not in (None, ())})
    try:
        patient = PatientContext(**given)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise typer.BadParameter(f"invalid patient: {problems}", param_hint="--patient") from error
    return None if patient.empty else patient


def _print_patient(review: dict[str, Any]) -> None:
    """What the answer was adjusted for, and each cautioned, moved-down or excluded candidate with its reasons."""
    said = ", ".join(f"{k}={v}" for k, v in review.get("patient", {}).items())
    console.print(f"[bold]patient[/] {said}")
    if review.get("understood"):
        console.print(f"[bold]read from the question[/] {', '.join(review['understood'])}")
    if review.get("unlinked"):
        console.print(f"[yellow]not in the graph[/] {', '.join(review['unlinked'])}")
    for candidate in review.get("candidates", []):
        if candidate["action"] == "kept":
            continue
        console.print(f"[bold]{candidate['name']}[/] — {candidate['action']} (was #{candidate['blind_rank']})")
        for flag in candidate["flags"]:
            console.print(f"  • {flag['reason']}", markup=False, highlight=False)
            for evidence in flag["evidence"][:1]:
                console.print(f"    [{evidence.get('source')}] {evidence.get('document_id') or ''}, "
                              f"{evidence.get('section') or ''}: {(evidence.get('text') or '')[:300]}",
                              markup=False, highlight=False)


def _print_dosing(dosing: dict[str, Any]) -> None:
    """Each computed dose with its arithmetic (or why there is none) and the label sentence and citation it rests on."""
    console.print("[bold]dose for this patient[/] (from the label text; check it against the sentence shown)")
    if dosing.get("message"):
        console.print(f"[yellow]{dosing['message']}[/]")
    for dose in dosing.get("doses", []):
        style = {"computed": "green", "not-recommended": "red"}.get(dose["status"], "yellow")
        starting = " (starting dose)" if dose["status"] == "computed" and dose.get("kind") == "starting" else ""
        console.print(f"[{style}]{dose['status']}{starting}[/] ", end="")
        about = f" (for {dose['indication']})" if dose.get("indication") else ""
        console.print(dose["summary"] + about, markup=False, highlight=False)
        for caution in dose.get("cautions", []):
            console.print(f"  • {caution}", markup=False, highlight=False)
        cited = dose["citation"]
        if cited.get("sentence"):
            console.print(f'  label: "{cited["sentence"]}"', markup=False, highlight=False)
        console.print(f"  [dim]{cited['document_id']} version {cited.get('version') or '?'}, effective "
                      f"{cited.get('published') or '?'}[/]")


def _print(answer) -> None:  # noqa: ANN001 - query.models.Answer, imported lazily
    entities = ", ".join(f"{shown_name(e.name, e.name_zh, answer.language)} ({e.id}, {e.type}, {e.score:.2f})"
                         for e in answer.entities) or "none"
    console.print(f"[bold]intent[/] {answer.intent.value}   [bold]entities[/] {entities}")
    if answer.message:
        console.print(f"[yellow]{answer.message}[/]")
    table = Table(show_lines=True)
    for column in ("#", "answer", "score", "why", "evidence"):
        table.add_column(column)
    for rank, item in enumerate(answer.answers, 1):
        why = ", ".join(b.value for b in item.badges)
        if "held_out_precision" in item.explanation:
            why += (f"\nrank {item.explanation['kge_rank']:.0f}: held-out precision "
                    f"{item.explanation['held_out_precision']:.2f}")
        if item.text:
            evidence = item.text
        else:
            evidence = "\n".join(f"[{e.source}] {e.document_id or ''}: {(e.text or '')[:160]}" for e in item.evidence[:3])
        name = f"{shown_name(item.name, item.name_zh, answer.language)}\n[dim]{item.id}[/]" + \
            ("\n[magenta]hypothesis[/]" if item.hypothesis else "")
        table.add_row(str(rank), name, f"{item.score:.2f}", why, evidence)
    if answer.answers:
        console.print(table)
    timings = ", ".join(f"{k} {v:.1f} ms" for k, v in answer.timings_ms.items())
    console.print(f"[dim]{timings}[/]")
