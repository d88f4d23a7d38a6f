"""``medkg db start|stop|status|init``: medkg's own Neo4j, or the external one named by NEO4J_URI."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of

app = typer.Typer(help="Run and inspect the Neo4j database.", no_args_is_help=True)
console = Console()


@app.command()
def start(ctx: typer.Context) -> None:
    """Start medkg's own Neo4j in the background (builds the launcher with Maven on first use)."""
    from graph.launcher import start_server

    settings = settings_of(ctx)
    with console.status(f"starting Neo4j on {settings.bolt_uri} …"):
        pid = start_server(settings)
    console.print(f"Neo4j is running on [bold]{settings.bolt_uri}[/] (pid {pid}, home {settings.neo4j_home})")


@app.command()
def stop(ctx: typer.Context) -> None:
    """Stop medkg's own Neo4j."""
    from graph.launcher import stop_server

    settings = settings_of(ctx)
    if settings.uses_external_neo4j:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}); medkg started nothing to stop.")
        return
    if stop_server(settings):
        console.print("Neo4j stopped.")
    else:
        console.print("Neo4j was not running.")


@app.command()
def status(ctx: typer.Context) -> None:
    """Print version, address, store size and node/relationship counts; exit 1 when Neo4j is not answering."""
    from graph.inspect import database_status

    settings = settings_of(ctx)
    with connected(settings) as driver:
        info = database_status(driver, settings)
    table = Table(show_header=False)
    for key, value in info.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create constraints, the full-text index and the vector index (idempotent)."""
    from graph.writer import create_schema

    settings = settings_of(ctx)
    with connected(settings) as driver:
        statements = create_schema(driver, settings.neo4j_database, settings.embedding_dim)
        texts, rules = parse_missing_dose_rules(driver, settings.neo4j_database)
    console.print(f"schema ready ({len(statements)} constraints and indexes).")
    if texts:
        console.print(f"dose rules parsed from {texts} dosage texts written before them: {rules} rules.")


def parse_missing_dose_rules(driver, database: str) -> tuple[int, int]:  # noqa: ANN001 - a neo4j Driver
    """Parse the dose rules of dosage texts that have none yet (graphs ingested before ``DoseRule`` existed) and
    write them beside their text; returns (texts parsed, rules written). Texts with no rule stay as they are."""
    from graph import cypher
    from graph.models import DosageText
    from graph.writer import GraphWriter
    from nlp.dose_rules import parse_dosage_text

    records, _, _ = driver.execute_query(cypher.dosage_texts_without_rules(), database_=database)
    texts = [DosageText(**{k: v for k, v in r["text"].items() if k in DosageText.model_fields}) for r in records]
    rules = [rule for text in texts for rule in parse_dosage_text(text)]
    return len(texts), GraphWriter(driver, database).write_dose_rules(rules)
