"""``medkg demo``: the main job. Builds the whole graph from the bundled data, then serves the query page."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of

console = Console()


def demo(
    ctx: typer.Context,
    fast: bool = typer.Option(False, "--fast", help="Smaller models and fewer documents, for quick looks and CI."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Redo every step instead of reusing what was built."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the API and the query page at the end."),
    port: int = typer.Option(None, "--port", help="Port for the page (default: settings api_port, 8000)."),
    common_labels: bool = typer.Option(False, "--common-labels", help="Import only the 18 whole FDA labels of 14 "
                                       "commonly asked-about drugs (about 2 minutes quicker on 2 cores) instead of "
                                       "all 308."),
    all_labels: bool = typer.Option(False, "--all-labels", hidden=True,
                                    help="All 308 whole labels: the default now (kept so older scripts still run)."),
) -> None:
    """Start Neo4j, create the schema, import curated sources, train (or reuse) NER/RE, ingest the bundled
    abstracts and drug labels, train knowledge-graph embeddings, then serve the query page."""
    from api.demo import Demo, DemoPlan
    from graph.inspect import counts
    from graph.launcher import start_server
    from graph.writer import create_schema

    settings = settings_of(ctx)
    if all_labels and common_labels:
        raise typer.BadParameter("--all-labels and --common-labels contradict each other; give one")
    demo_run = Demo(settings, DemoPlan.for_mode(fast, rebuild, common_labels), console)
    started = time.perf_counter()
    if not settings.uses_external_neo4j:
        demo_run.step("neo4j", lambda: {"pid": start_server(settings)}, reusable=False)
    with connected(settings) as driver:
        demo_run.step("schema", lambda: {"statements": len(
            create_schema(driver, settings.neo4j_database, settings.embedding_dim))}, reusable=False)
        demo_run.step("curated sources", lambda: demo_run.curated_sources(driver))
        demo_run.step("NER/RE models", demo_run.models)
        demo_run.step("abstracts and drug labels", lambda: demo_run.documents(driver))
        demo_run.step("knowledge-graph embeddings", lambda: demo_run.embeddings(driver))
        graph_counts = counts(driver, settings.neo4j_database)
        examples = demo_run.ask_examples(driver)
    _print_summary(demo_run, graph_counts, examples, time.perf_counter() - started)
    if serve:
        from api.main import serve as run_server

        port = port or settings.api_port
        console.print(f"\n[bold green]Open http://{settings.api_host}:{port}/[/] (API docs at /docs). Ctrl-C stops.")
        run_server(settings, settings.api_host, port)


def _print_summary(demo_run, graph_counts: dict, examples: list[dict], total_s: float) -> None:
    table = Table(title="medkg demo: the graph")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, n in graph_counts["labels"].items():
        table.add_row(f"nodes: {label}", f"{n:,}")
    for rel_type, n in graph_counts["relationships"].items():
        table.add_row(f"relationships: {rel_type}", f"{n:,}")
    console.print(table)
    models = demo_run.summary.get("NER/RE models", {})
    kge = demo_run.summary.get("knowledge-graph embeddings", {})
    console.print(f"models: {models}")
    console.print(f"embeddings: {kge}")
    console.print("timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in demo_run.timings.items())
                  + f"; total {total_s:.1f}")
    for example in examples:
        console.print(f"\n[bold]Q: {example['question']}[/]")
        if not example["answers"]:
            console.print("   (no evidenced answer)")
        for name, score, n_evidence, hypothesis in example["answers"]:
            kind = "[magenta]hypothesis (embedding prediction)[/]" if hypothesis else f"{n_evidence} evidence"
            console.print(f"   {name}  score {score}  ({kind})")
