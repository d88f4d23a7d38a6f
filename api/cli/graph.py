"""``medkg graph``: reports about the graph's contents (``duplicates``)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import connected, settings_of

app = typer.Typer(help="Reports about the graph's contents.", no_args_is_help=True)
console = Console()


@app.command("duplicates")
def duplicates(
    ctx: typer.Context,
    across_kinds: bool = typer.Option(False, "--across-kinds", help="Also group a disease with a side effect "
                                      "of the same name (different kinds are separate nodes by design)."),
    limit: int = typer.Option(50, "--limit", help="Show at most this many groups."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List suspected duplicates: entities whose names fold to the same text but whose ids differ."""
    from vocabulary.duplicates import find_duplicates

    settings = settings_of(ctx)
    with connected(settings) as driver:
        groups = find_duplicates(driver, settings.neo4j_database, across_kinds=across_kinds)
    if as_json:
        console.print_json(json.dumps([group.__dict__ for group in groups[:limit]]))
        return
    table = Table(title=f"suspected duplicates: {len(groups)} groups (same folded name, different ids)")
    for column in ("name", "kind", "ids", "sources"):
        table.add_column(column)
    for group in groups[:limit]:
        table.add_row(group.name, group.label, ", ".join(group.ids), ", ".join(group.sources))
    console.print(table)
