"""``medkg export rdf|graphml|tsv`` and ``medkg import rdf|ontology`` through the real CLI against the test Neo4j."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver
from typer.testing import CliRunner

from api.cli import app
from graph import rdf
from core.errors import MedkgError
from graph.inspect import counts
from core.settings import Settings
from graph.writer import clear_database
from interop_graph import DISEASES, ensure_interop_graph

runner = CliRunner()


@pytest.fixture
def cli_env(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads its settings from the environment: point it at the test Neo4j."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.neo4j_password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.neo4j_database)


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_export_then_import_rdf_restores_the_graph(
    cli_env: None, session_driver: Driver, database: str, tmp_path: Path,
) -> None:
    ensure_interop_graph(session_driver, database)
    first, second = tmp_path / "first.nt", tmp_path / "second.nt"
    assert "triples" in _invoke("export", "rdf", "--format", "nt", str(first))
    clear_database(session_driver, database)
    _invoke("import", "rdf", str(first))
    _invoke("export", "rdf", "--format", "nt", str(second))
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert counts(session_driver, database)["labels"]["Evidence"] > 300


def test_neighbourhood_exports_to_graphml_and_tsv(
    cli_env: None, session_driver: Driver, database: str, tmp_path: Path,
) -> None:
    ensure_interop_graph(session_driver, database)
    graphml = tmp_path / "htn.graphml"
    _invoke("export", "graphml", "--entity", DISEASES[0], "--hops", "1", "--types", "treats,palliates", str(graphml))
    graph = nx.read_graphml(graphml, force_multigraph=True)
    assert DISEASES[0] in graph and graph.number_of_edges() == graph.number_of_nodes() - 1
    _invoke("export", "tsv", "--entity", DISEASES[0], str(tmp_path / "tsv"))
    assert (tmp_path / "tsv" / "edges.tsv").read_text(encoding="utf-8").startswith("head\ttype\ttail")
    turtle = tmp_path / "htn.ttl"
    _invoke("export", "rdf", "--entity", DISEASES[0], "--hops", "0", str(turtle))
    assert (rdf.iri_for_id(DISEASES[0]), rdf.RDFS.label, rdf.Literal("hypertension")) in rdf.load_rdf(turtle)


def test_bad_input_raises_medkg_errors(cli_env: None, session_driver: Driver, database: str, tmp_path: Path) -> None:
    ensure_interop_graph(session_driver, database)
    for args in (["export", "rdf", "--format", "json", str(tmp_path / "x")],
                 ["export", "rdf", "--entity", "DOID:0", str(tmp_path / "x.ttl")],
                 ["export", "graphml", "--types", "CURES", str(tmp_path / "x.graphml")],
                 ["import", "rdf", str(tmp_path / "missing.ttl")]):
        result = runner.invoke(app, args)
        assert result.exit_code != 0 and isinstance(result.exception, MedkgError), (args, result.exception)


MINI_ONTOLOGY_TTL = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
obo:DOID_9352 a owl:Class ; rdfs:label "type 2 diabetes mellitus" ; rdfs:subClassOf obo:DOID_9351 ;
    oboInOwl:hasDbXref "MSH:D003924" .
obo:DOID_9351 a owl:Class ; rdfs:label "diabetes mellitus" .
"""


def test_import_ontology_adds_is_a_to_existing_entities(
    cli_env: None, session_driver: Driver, database: str, tmp_path: Path,
) -> None:
    ensure_interop_graph(session_driver, database)
    path = tmp_path / "mini.ttl"
    path.write_text(MINI_ONTOLOGY_TTL, encoding="utf-8")
    _invoke("import", "ontology", str(path), "--label", "Disease", "--source", "disease-ontology", "--version", "x")
    records, _, _ = session_driver.execute_query(
        "MATCH (d:Disease {id: 'DOID:9352'})-[:IS_A]->(p) RETURN d.name AS name, d.xrefs AS xrefs, p.id AS parent, "
        "COUNT { (d)-[:TREATS|PALLIATES]-() } AS treatments", database_=database)
    assert [(r["name"], r["parent"]) for r in records] == [("type 2 diabetes mellitus", "DOID:9351")]
    assert "MESH:D003924" in records[0]["xrefs"] and records[0]["treatments"] > 0
    result = runner.invoke(app, ["import", "ontology", str(path), "--label", "Illness", "--source", "x"])
    assert result.exit_code != 0 and isinstance(result.exception, MedkgError)
