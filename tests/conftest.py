"""Shared fixtures: one real Neo4j per test session (medkg's own on a free port, or NEO4J_URI), emptied per test;
the real vocabulary built from all shared data, once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.driver import open_driver
from graph.launcher import free_port, start_server, stop_server
from core.settings import Settings
from graph.writer import clear_database, create_schema
from vocabulary import Linker, Vocabulary

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at a running Neo4j: NEO4J_URI when set, else medkg's own started in a temporary home."""
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    home = tmp_path_factory.mktemp("medkg-home")
    settings = Settings(home=home, bolt_port=free_port(), neo4j_heap="768m", neo4j_pagecache="256m")
    start_server(settings)
    try:
        yield settings
    finally:
        stop_server(settings)


@pytest.fixture(scope="session")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    """The vocabulary of the full shared data, built (or loaded) in the session's temporary home."""
    return Vocabulary.load_or_build(Settings(home=vocabulary_home(tmp_path_factory), data_dir=DATA_DIR))


@pytest.fixture(scope="session")
def linker(vocabulary: Vocabulary) -> Linker:
    """The linker over the session's vocabulary, built once: each build takes 10–15 s on this machine."""
    return Linker(vocabulary)


def vocabulary_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The home the session's vocabulary is built in (a CLI run in a test can point MEDKG_HOME at it)."""
    return tmp_path_factory.getbasetemp() / "vocabulary-home"


@pytest.fixture(scope="session")
def session_driver(neo4j_settings: Settings) -> Iterator[Driver]:
    driver = open_driver(neo4j_settings)
    create_schema(driver, neo4j_settings.neo4j_database, neo4j_settings.embedding_dim)
    yield driver
    driver.close()


@pytest.fixture
def driver(session_driver: Driver, neo4j_settings: Settings) -> Driver:
    """A driver to an empty database with the schema in place."""
    clear_database(session_driver, neo4j_settings.neo4j_database)
    return session_driver


@pytest.fixture
def database(neo4j_settings: Settings) -> str:
    return neo4j_settings.neo4j_database


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use a Neo4j fixture carry the ``neo4j`` marker, so ``-m 'not neo4j'`` runs the pure units."""
    for item in items:
        if {"driver", "session_driver", "neo4j_settings"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
