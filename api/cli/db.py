"""``medkg db start|stop|status|init|import``: medkg's own Neo4j, or the external one named by NEO4J_URI."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, print_figures, settings_of

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


@app.command("import")
def import_(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(None, help="Curated sources to load, NAME or NAME=FOLDER (default: every "
                                        "default source from its folder under MEDKG_DATA_DIR; see `medkg ingest "
                                        "sources`)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing store of medkg's own Neo4j (everything in "
                               "it is lost)."),
    csv_dir: Path | None = typer.Option(None, "--csv-dir", help="Write the CSV files here and keep them (default: a "
                                        "folder under MEDKG_HOME, removed after the import)."),
    include_noncommercial: bool = typer.Option(False, "--include-noncommercial", help="Also rows/sources under "
                                               "non-commercial licences. Research use only."),
) -> None:
    """Build a NEW store in one offline pass with Neo4j's import tool (neo4j-admin database import full): the
    first load, many times faster than `medkg ingest source`, giving the same graph. Then starts Neo4j, creates
    constraints and indexes, and leaves it running; `medkg ingest …` and the nightly job continue on it. With
    NEO4J_URI set it writes the CSV files and prints the neo4j-admin command to run on that server."""
    from graph.bulk import check_own_store
    from ingest.bulk_load import bulk_load
    from ingest.sources.registry import SOURCES, default_folder, get_source, with_noncommercial
    from vocabulary import Vocabulary

    settings = settings_of(ctx)
    if not settings.uses_external_neo4j:
        check_own_store(settings, force)  # before the vocabulary's minute
    chosen = []
    for item in sources or [s.name for s in SOURCES.values() if s.default or include_noncommercial]:
        name, _, folder = item.partition("=")
        spec = get_source(name)
        spec = with_noncommercial(spec) if include_noncommercial else spec
        chosen.append((spec, Path(folder) if folder else default_folder(spec, settings)))
    with console.status("loading the vocabulary …") as status:
        vocabulary = Vocabulary.load_or_build(settings)
        result = bulk_load(settings, chosen, vocabulary, force=force, csv_dir=csv_dir,
                           progress=lambda message: status.update(message))
    files = result.files
    print_figures(console, "bulk import", ("source", "entities", "relations", "evidence", "missing ends",
                                           "problems"),
                  [(f"{r.source}@{r.version}", r.entities, r.relations, r.evidence, r.relations_missing_ends,
                    r.problems) for r in result.sources])
    console.print(f"{files.nodes} nodes, {files.relationships} relationships; read and written as CSV in "
                  f"{result.read_seconds:.1f} s", highlight=False)
    if result.command is not None:
        console.print(f"NEO4J_URI is set: the CSV files are in {files.folder}. On that server, with the database "
                      f"stopped (or not yet created), run:", highlight=False)
        console.print(result.command, markup=False, highlight=False, soft_wrap=True)
        console.print("then start (or CREATE DATABASE) it and run `medkg db init`.", highlight=False)
        return
    console.print(f"imported by Neo4j's import tool in {result.import_seconds:.1f} s; Neo4j is running on "
                  f"{settings.bolt_uri} with constraints and indexes.", highlight=False)


def parse_missing_dose_rules(driver, database: str) -> tuple[int, int]:  # noqa: ANN001 - a neo4j Driver
    """Parse the dose rules of dosage texts that have none yet (graphs ingested before ``DoseRule`` existed) and
    write them beside their text; returns (texts parsed, rules written). Texts with no rule stay as they are."""
    from graph import cypher
    from graph.models import DosageText
    from graph.writer import GraphWriter
    from nlp.dose_tables import parse_label_dosage

    records, _, _ = driver.execute_query(cypher.dosage_texts_without_rules(), database_=database)
    texts = [DosageText(**{k: v for k, v in r["text"].items() if k in DosageText.model_fields}) for r in records]
    rules = parse_label_dosage(texts)
    return len(texts), GraphWriter(driver, database).write_dose_rules(rules)
