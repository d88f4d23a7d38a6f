"""Helpers shared by CLI commands."""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator

import typer
from neo4j import Driver

from core.settings import Settings


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
