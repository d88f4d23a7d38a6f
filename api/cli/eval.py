"""``medkg eval``: quality measurements (``linker``: normalisation accuracy on BC5CDR with gold mention spans)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import settings_of

app = typer.Typer(help="Measure quality: the linker on BC5CDR (more evaluations join this group).",
                  no_args_is_help=True)
console = Console()
SPLIT_FILES = {"dev": "CDR_DevelopmentSet.PubTator.txt", "test": "CDR_TestSet.PubTator.txt"}


@app.command("linker")
def linker(
    ctx: typer.Context,
    split: str = typer.Option("test", "--split", help="BC5CDR split: dev (for tuning) or test (for reporting)."),
    path: Path | None = typer.Option(None, "--path", help="Another PubTator file with gold mentions and MeSH ids."),
    embeddings: bool = typer.Option(False, "--embeddings/--no-embeddings",
                                    help="Add MiniLM embedding candidates (slow on CPU: encodes ~30k names once)."),
    threshold: float | None = typer.Option(None, "--threshold", help="Override the linker's score threshold."),
    limit: int | None = typer.Option(None, "--limit", help="Only the first N mentions (quick looks)."),
) -> None:
    """Normalisation accuracy per entity type with gold spans (the linker alone)."""
    from core.errors import BadInput
    from vocabulary import Linker, Vocabulary
    from vocabulary.embedder import TextEmbedder
    from vocabulary.evaluation import evaluate

    settings = settings_of(ctx)
    if split not in SPLIT_FILES and path is None:
        raise BadInput(f"unknown split {split!r}; choose dev or test")
    corpus = path or settings.data_dir / "bc5cdr" / SPLIT_FILES[split]
    if not corpus.exists():
        raise BadInput(f"{corpus} does not exist")
    with console.status("loading the vocabulary and indexes …"):
        # dev is for tuning: link it with the vocabulary that never read a dev annotation
        tuning = split == "dev" and path is None
        vocabulary = Vocabulary.load_or_build(settings, include_dev=False if tuning else None)
        embedder = TextEmbedder.from_settings(settings) if embeddings else None
        model = Linker(vocabulary, embedder, cache_dir=settings.home / "vocabulary")
        if threshold is not None:
            model.threshold = threshold
    with console.status(f"linking the gold mentions of {corpus.name} …"):
        scores = evaluate(model, corpus, limit=limit)
    table = Table(title=f"linker on {corpus.name} (gold spans; threshold {model.threshold})")
    for column in ("type", "mentions", "accuracy", "unlinked", "without id (left out)", "composite (correct)"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for kind, score in scores.items():
        table.add_row(kind, str(score.mentions), f"{score.accuracy:.4f}", str(score.unlinked),
                      str(score.without_id), f"{score.composite} ({score.composite_correct})")
    console.print(table)


@app.command("questions")
def questions(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="JSON lines: question, intent, expected ids, expected_names, source, style."),
    limit: int = typer.Option(10, "--limit", min=1, max=100, help="Answers per question."),
    no_models: bool = typer.Option(False, "--no-models", help="Full-text linking only (no vocabulary linker)."),
    details: Path | None = typer.Option(None, "--details", help="Write per-question results (JSON) here."),
    clinical: bool = typer.Option(False, "--clinical", help="Ask through the clinical engine, as `medkg ask` and the "
                                                            "API do (the patient read from the question text, "
                                                            "diagnosis questions), not the query engine alone."),
) -> None:
    """Question answering: Hits@1/10, MRR and precision@10 against expected answers, per source and style."""
    import json

    from rich.progress import track

    from api.cli.common import connected
    from clinical.engine import ClinicalEngine
    from core.errors import BadInput
    from query.answer import QueryEngine
    from query.evaluation import evaluate, load_questions
    from query.safety import ReadOnlyRunner

    if not path.exists():
        raise BadInput(f"{path} does not exist")
    settings = settings_of(ctx)
    with connected(settings) as driver:
        with console.status("loading models …"):
            engine = QueryEngine(driver, settings, load_models=not no_models)
            asker = ClinicalEngine(engine, lambda: ReadOnlyRunner.from_settings(driver, settings)) if clinical \
                else engine
        report = evaluate(lambda q: asker.answer(q, limit), load_questions(path),
                          progress=lambda items: track(items, description="asking …", console=console))
    table = Table(title=f"questions in {path.name} (precision@10 = relevant / shown in the top 10)")
    for column in ("group", "n", "Hits@1", "Hits@10", "MRR", "P@10", "intent ok", "answered", "mean ms"):
        table.add_column(column, justify="left" if column == "group" else "right")
    for name, group in report["groups"].items():
        table.add_row(name, str(group["n"]), *(f"{group[k]:.3f}" for k in
                      ("hits@1", "hits@10", "mrr", "precision@10", "intent_ok", "answered")), f"{group['ms']:.1f}")
    console.print(table)
    if details is not None:
        details.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


@app.command("diagnosis")
def diagnosis(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="JSON lines of cases: {id, disease, disease_ids, findings, language} "
                                          "(scripts/build_diagnosis_cases.py builds them from the Columbia KB)."),
    min_findings: int = typer.Option(3, "--min-findings", min=1, help="Only cases that state at least this many."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Top-1/5/10 accuracy of the differential on finding lists with a known disease, against the configured graph."""
    import json

    from api.cli.common import connected
    from clinical.evaluation import evaluate_diagnosis, read_cases
    from clinical.knowledge import DiagnosisKnowledge
    from query.safety import ReadOnlyRunner

    settings = settings_of(ctx)
    cases = read_cases(path)
    with connected(settings) as driver:
        knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, settings))
    figures = {"file": str(path), **knowledge.size, **evaluate_diagnosis(knowledge, cases, min_findings).as_dict()}
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    table = Table(title=f"diagnosis on {path.name}")
    for key in figures:
        table.add_column(key)
    table.add_row(*(str(value) for value in figures.values()))
    console.print(table)
