"""``medkg demo``: the main job. Starts Neo4j, creates the schema and loads the bundled data."""

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
) -> None:
    """Build the demo graph from the bundled data and print a summary."""
    from graph.inspect import counts
    from graph.server import start_server
    from graph.writer import GraphWriter, create_schema
    from ingest.sources import pharmacotherapydb

    settings = settings_of(ctx)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if not settings.uses_external_neo4j:
        with console.status("starting Neo4j …"):
            start_server(settings)
    timings["neo4j"] = time.perf_counter() - started
    with connected(settings) as driver:
        step = time.perf_counter()
        create_schema(driver, settings.neo4j_database, settings.embedding_dim)
        timings["schema"] = time.perf_counter() - step
        step = time.perf_counter()
        writer = GraphWriter(driver, settings.neo4j_database, settings.write_batch_size)
        items = list(pharmacotherapydb.read_indications(settings.data_dir / "pharmacotherapydb"))
        writer.write_documents([pharmacotherapydb.release_document()])
        summary = writer.write(
            entities=[i for i in items if not hasattr(i, "evidence")],
            relations=[i for i in items if hasattr(i, "evidence")],
        )
        timings["curated sources"] = time.perf_counter() - step
        graph_counts = counts(driver, settings.neo4j_database)
    table = Table(title="medkg demo")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, n in graph_counts["labels"].items():
        table.add_row(f"nodes: {label}", str(n))
    for rel_type, n in graph_counts["relationships"].items():
        table.add_row(f"relationships: {rel_type}", str(n))
    console.print(table)
    console.print(f"written: {summary.relations} relations with {summary.evidence} pieces of evidence")
    console.print("timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    console.print(f"Neo4j: {settings.bolt_uri}")
