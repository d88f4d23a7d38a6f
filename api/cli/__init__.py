"""The ``medkg`` command line. Settings are read here, once, and passed down; heavy imports stay inside commands."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from api.cli import ask, consult, db, demo
from api.cli import note as note_cli
from api.cli import model as model_cli
from api.cli import serve as serve_cli
from api.cli import eval as eval_cli
from api.cli import export as export_cli
from api.cli import graph as graph_cli
from api.cli import embeddings as embeddings_cli
from api.cli.common import configure_console_logging
from api.cli import ingest  # one `ingest` group: curated sources (ingest.py) + documents (ingest_docs.py)
from core.errors import MedkgError
from core.settings import Settings

app = typer.Typer(
    name="medkg", help="medkg: a medical knowledge graph with evidence for every fact.", no_args_is_help=True,
    pretty_exceptions_enable=False, add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(model_cli.app, name="model")
app.add_typer(serve_cli.app, name="serve")
app.add_typer(ingest.app, name="ingest")
app.add_typer(graph_cli.app, name="graph")
app.add_typer(eval_cli.app, name="eval")
app.add_typer(export_cli.app, name="export")
app.add_typer(export_cli.import_app, name="import")
app.add_typer(embeddings_cli.app, name="embeddings")
app.add_typer(note_cli.app, name="note")
app.command("demo")(demo.demo)
app.command("ask")(ask.ask)
app.command("consult")(consult.consult)

err_console = Console(stderr=True)


@app.callback()
def _load_settings(ctx: typer.Context) -> None:
    """Read the settings (MEDKG_* environment variables, NEO4J_*, optional medkg.toml) once; set up logging."""
    configure_console_logging()
    ctx.obj = Settings()


def main() -> None:
    try:
        app()
    except MedkgError as error:
        # the message as it is: not read as markup, not wrapped at 80 columns in a log
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]")
        sys.exit(130)
