"""The bulk first load (``medkg db import``) against real Neo4j: the curated fixture sources written through the
transactional writer into the session's Neo4j, and through the import tool into a new store served by a second
Neo4j, give the same graph; a literature ingest then continues on the bulk-loaded store as on any other."""

from __future__ import annotations

from pathlib import Path

import pytest
from _ingest_support import DATA, snapshot, term_linker

from core.settings import Settings
from graph.bulk import StoreExists
from graph.driver import open_driver
from graph.launcher import free_port, stop_server
from graph.subgraph import read_subgraph
from graph.writer import GraphWriter
from ingest.bulk_load import bulk_load
from ingest.pipeline import ingest_paths
from ingest.sources.registry import SOURCES, import_source
from vocabulary import Vocabulary

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"
ARTICLE = DATA / "pubmed-xml-samples" / "pubmed-29768149.xml"


def _sources() -> list:
    """Every curated source with a fixture folder, in the registry's import order."""
    return [(spec, CURATED / spec.folder) for spec in SOURCES.values() if (CURATED / spec.folder).is_dir()]


def _ingest_article(driver, settings: Settings):
    linker = term_linker()
    return ingest_paths(driver, settings, [ARTICLE], "pubmed", linker=linker, extractor=linker.extractor(),
                        executor="serial", progress=False)


def _export(driver, database: str) -> tuple:
    """Every node and relationship (``snapshot``) and the export every format starts from (``read_subgraph``;
    a node's labels sorted: Neo4j lists them in the order the store first met each label, not a graph fact)."""
    subgraph = read_subgraph(driver, database, include_retracted=True)
    nodes = [[{**row, "labels": sorted(row["labels"])} for row in rows] for rows in (subgraph.entities,
                                                                                     subgraph.documents)]
    return snapshot(driver, database), (nodes[0], subgraph.relations, subgraph.evidence, nodes[1])


def test_bulk_import_gives_the_transactional_graph_and_ingest_continues_on_it(
        driver, database, neo4j_settings, vocabulary: Vocabulary, tmp_path: Path) -> None:
    sources = _sources()
    assert len(sources) >= 8
    writer = GraphWriter(driver, database)
    for spec, folder in sources:
        import_source(spec, folder, vocabulary, writer)
    transactional = _export(driver, database)
    _ingest_article(driver, neo4j_settings)
    transactional_then_ingest = _export(driver, database)

    settings = Settings(home=tmp_path / "bulk-home", bolt_port=free_port(), neo4j_heap="512m",
                        neo4j_pagecache="128m")
    try:
        result = bulk_load(settings, sources, vocabulary, csv_dir=tmp_path / "csv")
        assert result.command is None and result.files is not None
        assert {f.path.name for f in result.files.files} >= {"entities.csv", "relations.csv", "evidence.csv"}
        with open_driver(settings) as bulk_driver:
            bulk = _export(bulk_driver, settings.neo4j_database)
            assert bulk[0][0] == transactional[0][0]  # nodes, labels and properties
            assert bulk[0][1] == transactional[0][1]  # relationships (evidence links included) and summaries
            assert bulk == transactional
            indexes, _, _ = bulk_driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
            assert {"entity_id", "evidence_id", "document_id", "ingest_file_id"} <= set(indexes[0]["names"])

            report = _ingest_article(bulk_driver, settings)  # the nightly path, incrementally on the loaded store
            assert report.exit_code == 0 and report.sources["pubmed"].facts_written > 0
            assert _export(bulk_driver, settings.neo4j_database) == transactional_then_ingest
            again = _ingest_article(bulk_driver, settings)
            assert again.sources["pubmed"].files_skipped == 1  # the ledger has it
            writer = GraphWriter(bulk_driver, settings.neo4j_database)
            for spec, folder in sources[:2]:  # a curated source imported again changes nothing
                import_source(spec, folder, vocabulary, writer)
            assert _export(bulk_driver, settings.neo4j_database) == transactional_then_ingest
        stop_server(settings)
        with pytest.raises(StoreExists, match="--force"):
            bulk_load(settings, sources[:1], vocabulary)
    finally:
        stop_server(settings)


def test_external_neo4j_gets_the_files_and_the_admin_command(vocabulary: Vocabulary, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", neo4j_uri="neo4j://db.example:7687", neo4j_database="kg")
    result = bulk_load(settings, _sources()[:2], vocabulary, csv_dir=tmp_path / "csv")
    assert result.command is not None and result.command.startswith("neo4j-admin database import full ")
    assert result.command.endswith(" kg") and "--array-delimiter=U+001F" in result.command
    for csv_file in result.files.files:
        assert csv_file.path.is_file() and str(csv_file.path) in result.command
    assert result.files.nodes > 0 and not (tmp_path / "home" / "neo4j").exists()  # nothing started or written


def test_cli_refuses_an_existing_store_without_force(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    store = tmp_path / "neo4j" / "data" / "data" / "databases" / "neo4j"
    store.mkdir(parents=True)
    (store / "neostore").write_text("x")
    result = CliRunner().invoke(app, ["db", "import", "mesh"], env={"MEDKG_HOME": str(tmp_path), "NEO4J_URI": ""})
    assert result.exit_code == 1 and isinstance(result.exception, StoreExists)
    assert "--force" in str(result.exception)
