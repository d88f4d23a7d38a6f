"""``medkg embeddings train|list|predict|precision|eval-repurposing``: knowledge-graph embeddings over the graph."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, print_figures, settings_of

app = typer.Typer(help="Knowledge-graph embeddings (PyKEEN TransE / RotatE); link predictions as hypotheses.",
                  no_args_is_help=True)
console = Console()


def _metrics_row(metrics: dict) -> list[str]:
    return [f"{metrics.get(key, float('nan')):.3f}" for key in ("mrr", "hits_at_1", "hits_at_3", "hits_at_10")]


@app.command()
def train(
    ctx: typer.Context,
    model: str = typer.Option("RotatE", "--model", help="Any PyKEEN model name, e.g. TransE or RotatE."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    epochs: int = typer.Option(None, "--epochs", help="Maximum epochs (early stopping on validation MRR)."),
    batch_size: int = typer.Option(None, "--batch-size", help="Training batch size (default 512)."),
    dim: int = typer.Option(None, "--dim", help="Embedding dimension (default per model)."),
    write_back: bool = typer.Option(True, "--write-back/--no-write-back", help="Store kge_embedding on nodes."),
) -> None:
    """Export the graph's triples, train, evaluate (filtered MRR, Hits@k), register the run, write vectors back."""
    from embeddings import train as train_embeddings
    from embeddings import write_back as store_vectors

    settings = settings_of(ctx)
    with connected(settings) as driver:
        run = train_embeddings(driver, settings, model, epochs=epochs, device=device, batch_size=batch_size,
                               embedding_dim=dim)
        summary = store_vectors(driver, settings.neo4j_database, run) if write_back else None
    table = Table(title=f"run {run.name}: {run.model}, {run.counts['triples']} triples")
    for column in ("test set", "triples", "MRR", "Hits@1", "Hits@3", "Hits@10"):
        table.add_column(column)
    table.add_row("all", str(run.metrics["test"]["triples"]), *_metrics_row(run.metrics["test"]))
    for relation, metrics in run.metrics["test_by_relation"].items():
        table.add_row(relation, str(metrics["triples"]), *_metrics_row(metrics))
    console.print(table)
    console.print(f"{run.metrics['epochs_run']} epochs, {run.timings['train_s']:.1f} s training "
                  f"({run.timings['train_triples_per_s']:,.0f} triples/s); saved in {run.path}")
    if summary is not None:
        console.print(f"wrote {summary.entities} vectors of {summary.dimensions} floats to kge_embedding")


@app.command("list")
def list_runs(ctx: typer.Context) -> None:
    """The registered training runs, oldest first."""
    from embeddings import list_runs as registered_runs

    runs = registered_runs(settings_of(ctx))
    if not runs:
        console.print("no embedding runs yet; train one with `medkg embeddings train`")
        return
    table = Table()
    table.add_column("run", no_wrap=True)
    for column in ("model", "triples", "epochs", "test MRR", "Hits@10", "TREATS MRR", "data hash"):
        table.add_column(column)
    for run in runs:
        treats = run.metrics.get("test_by_relation", {}).get("TREATS", {})
        table.add_row(run.name, run.model, str(run.counts["triples"]), str(run.metrics.get("epochs_run")),
                      f"{run.metrics['test']['mrr']:.3f}", f"{run.metrics['test']['hits_at_10']:.3f}",
                      f"{treats['mrr']:.3f}" if "mrr" in treats else "-", run.data_hash[:12])
    console.print(table)


@app.command()
def predict(
    ctx: typer.Context,
    entity_id: str = typer.Argument(..., help="Canonical entity id, e.g. DRUGBANK:DB00331."),
    relation: str = typer.Argument(..., help="Relationship type, e.g. TREATS."),
    k: int = typer.Option(10, "--k", help="How many hypotheses."),
    reverse: bool = typer.Option(False, "--reverse", help="Predict heads for a tail: (?, RELATION, ID)."),
    run: str = typer.Option("latest", "--run", help="Run name from `medkg embeddings list`."),
) -> None:
    """Top-k link predictions, known edges excluded. These are hypotheses, not facts of the graph."""
    from embeddings import predict as predict_links

    predictions = predict_links(settings_of(ctx), entity_id, relation.upper(), k=k, run=run, reverse=reverse)
    query = f"(?, {relation.upper()}, {entity_id})" if reverse else f"({entity_id}, {relation.upper()}, ?)"
    table = Table(title=f"hypotheses for {query}")
    table.add_column("#")
    table.add_column("id")
    table.add_column("score", justify="right")
    for rank, prediction in enumerate(predictions, start=1):
        table.add_row(str(rank), prediction.id, f"{prediction.score:.4f}")
    console.print(table)
    console.print("[yellow]hypotheses from the embedding, not evidenced facts[/]")


@app.command()
def precision(
    ctx: typer.Context,
    run: str = typer.Argument("latest", help="Run name from `medkg embeddings list`."),
    max_queries: int = typer.Option(500, "--max-queries", help="Queries sampled per relation and side."),
    seed: int = typer.Option(42, "--seed", help="Seed of the query sample."),
) -> None:
    """Measure the held-out precision at ranks 1-10 of a run's link predictions per relation and side, and store it
    in its run.json (what the hypothesis bar, MEDKG_KGE_MIN_HYPOTHESIS_PRECISION, reads). Runs trained since #19
    carry it already."""
    from embeddings.precision import METRIC, MAX_RANK, measure_run
    from embeddings.registry import resolve_run

    record = measure_run(resolve_run(settings_of(ctx), run).path, max_queries=max_queries, seed=seed)
    columns = ("relation", "side", "queries", *(f"P@{rank}" for rank in range(1, MAX_RANK + 1)))
    rows = [(relation, side, entry["queries"],
             *(entry.get("precision_at_rank") and [f"{share:.3f}" for share in entry["precision_at_rank"]]
               or ["not measured"] * MAX_RANK))
            for relation, sides in record.metrics[METRIC].items() for side, entry in sides.items()]
    print_figures(console, f"held-out precision of run {record.name}'s predictions, by rank", columns, rows)
    console.print("[dim]a lower bound: a true link the graph does not hold counts as wrong; stored in "
                  f"{record.path / 'run.json'}[/]")


@app.command("eval-repurposing")
def eval_repurposing(
    ctx: typer.Context,
    model: str = typer.Option("TransE", "--model"),
    epochs: int = typer.Option(None, "--epochs"),
    fraction: float = typer.Option(0.2, "--fraction", help="Share of treatment edges held out."),
    seed: int = typer.Option(42, "--seed"),
    device: str = typer.Option("auto", "--device"),
) -> None:
    """Hold out treatment edges, rank drugs per disease: AUROC and Hits@10 vs a node-degree prior."""
    from embeddings import evaluate_repurposing

    settings = settings_of(ctx)
    with connected(settings) as driver:
        report = evaluate_repurposing(driver, settings, model, epochs=epochs, fraction=fraction, seed=seed,
                                      device=device)
    table = Table(title=f"repurposing: {report.held_out_edges} held-out edges, {report.held_out_diseases} "
                        f"diseases, {report.candidate_drugs} drugs")
    for column in ("ranker", "AUROC (pooled)", "AUROC (per disease)", "Hits@10"):
        table.add_column(column)
    for name, scores in ((report.model, report.embedding), ("degree prior", report.degree_prior)):
        table.add_row(name, f"{scores.auroc_pooled:.3f}", f"{scores.auroc_per_disease:.3f}",
                      f"{scores.hits_at_10:.3f}")
    console.print(table)
