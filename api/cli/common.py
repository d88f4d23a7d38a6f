"""Helpers shared by CLI commands."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from collections.abc import Iterable, Iterator, Sequence

import typer
from neo4j import Driver
from rich.console import Console
from rich.table import Table

from core.settings import Settings


# Libraries whose own logs stay off the console below this level (medkg's progress is rich console output, not logging).
# PyKEEN sets its logger to INFO when imported, then calls ``logging.debug`` (which adds a root handler if none is
# there): its evaluator, stopper and checkpoint lines reached the console. torch_max_mem warns on every CPU evaluation.
LIBRARY_LOG_LEVELS = {"pykeen": logging.WARNING, "torch_max_mem": logging.ERROR}


class _LibraryLevels(logging.Filter):
    """Drops records of ``LIBRARY_LOG_LEVELS`` libraries below their level, whatever level their logger has."""

    def filter(self, record: logging.LogRecord) -> bool:
        library = record.name.split(".", 1)[0]
        return record.levelno >= LIBRARY_LOG_LEVELS.get(library, logging.NOTSET)


def configure_console_logging() -> None:
    """The command line's logging, set once at start-up: one stderr handler for warnings and errors (a library
    then finds the root configured and adds none of its own), with the library levels above."""
    root = logging.getLogger()
    if any(isinstance(f, _LibraryLevels) for handler in root.handlers for f in handler.filters):
        return
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_LibraryLevels())
    root.addHandler(handler)


def settings_of(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


@contextmanager
def connected(settings: Settings) -> Iterator[Driver]:
    """A verified driver to the configured Neo4j, closed afterwards."""
    from graph.driver import open_driver

    driver = open_driver(settings)
    try:
        yield driver
    finally:
        driver.close()


@contextmanager
def writable(settings: Settings, console: Console) -> Iterator[Driver]:
    """``connected``, for commands that write: a store without medkg's schema (a new one, never `medkg db init`-ed)
    gets it first, and the console says so."""
    from graph.writer import ensure_schema

    with connected(settings) as driver:
        if ensure_schema(driver, settings.neo4j_database, settings.embedding_dim):
            console.print("[dim]created the graph schema (constraints and indexes) in this new store[/]")
        yield driver


WIDE_CONSOLE = 100  # columns a figures table needs; narrower consoles and non-terminals get "name: value" lines


def print_figures(console: Console, title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Rows of figures: a table on a terminal at least ``WIDE_CONSOLE`` columns wide; elsewhere (a cron log, a pipe,
    a narrow window) the title, then per row ``first column: value`` and one indented ``column: value`` line for
    each other figure, so no header or value is cut. The first column names the row."""
    rows = [[str(value) for value in row] for row in rows]
    if console.is_terminal and console.width >= WIDE_CONSOLE:
        table = Table(title=title)
        for position, column in enumerate(columns):
            numbers = position > 0 and all(_is_number(row[position]) for row in rows)
            table.add_column(column, justify="right" if numbers else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    lines = [title]
    for row in rows:
        lines.append(f"{columns[0]}: {row[0]}")
        lines.extend(f"  {column}: {value}".rstrip() for column, value in zip(columns[1:], row[1:], strict=True))
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True
