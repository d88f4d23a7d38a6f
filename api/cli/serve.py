"""``medkg serve [--host 127.0.0.1] [--port 8000]``: the API and the clinician's query page, with uvicorn."""

from __future__ import annotations

import typer

from api.cli.common import settings_of

app = typer.Typer(help="Serve the API and the query page (http://HOST:PORT/, docs at /docs).")


@app.callback(invoke_without_command=True)
def serve(
    ctx: typer.Context,
    host: str = typer.Option(None, "--host", help="Interface to listen on (default: settings api_host, 127.0.0.1)."),
    port: int = typer.Option(None, "--port", min=1, max=65535, help="Port (default: settings api_port, 8000)."),
    models: bool = typer.Option(True, "--models/--no-models",
                                help="Load the vocabulary linker, text embedder and link predictor when present."),
) -> None:
    """Serve the API and the query page until interrupted (Ctrl-C)."""
    from api.main import serve as run_server

    settings = settings_of(ctx)
    run_server(settings, host, port, load_models=models)
