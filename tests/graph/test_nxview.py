"""networkx views and GraphML/TSV export against a small real graph in Neo4j."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver

from graph import nxview
from core.errors import BadInput
from graph.subgraph import read_subgraph, top_entities, write_tsv
from interop_graph import DISEASES, interop_driver, interop_facts

HYPERTENSION = DISEASES[0]


__all__ = ["interop_driver"]  # the shared, read-only graph fixture


def test_neighbourhood_is_a_multidigraph_with_properties(interop_driver: Driver, database: str) -> None:
    graph = nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, hops=1, with_evidence=True)
    assert isinstance(graph, nx.MultiDiGraph)
    entities, relations, _ = interop_facts()
    expected_neighbours = {r.head for r in relations if r.tail == HYPERTENSION} | {
        r.tail for r in relations if r.head == HYPERTENSION}
    assert set(graph.nodes) == expected_neighbours | {HYPERTENSION}
    node = graph.nodes[HYPERTENSION]
    assert node["kind"] == "Disease" and node["name"] == "hypertension" and "HTN" in node["synonyms"]
    assert node["xrefs"] == ["MESH:D006973"]
    edge = graph.edges["DRUGBANK:DB00381", HYPERTENSION, "TREATS"]
    assert edge["evidence_count"] == 1 and edge["active"] is True and edge["sources"] == ["pharmacotherapydb"]
    assert edge["evidence"][0]["document_id"] == "pharmacotherapydb@1.0"
    # The retracted CAUSES statement is inactive and left out of views.
    assert not [key for _, _, key in graph.edges(keys=True) if key == "CAUSES"]


def test_hops_types_and_caps_shape_the_view(interop_driver: Driver, database: str) -> None:
    treats_only = nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, hops=2, rel_types=["TREATS"])
    assert {key for _, _, key in treats_only.edges(keys=True)} == {"TREATS"}
    assert {treats_only.nodes[n]["kind"] for n in treats_only} == {"Drug", "Disease"}
    two_hops = nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, hops=2,
                                          rel_types=["TREATS", "TARGETS"])
    genes = [n for n in two_hops if two_hops.nodes[n]["kind"] == "Gene"]
    assert genes and all(nx.has_path(two_hops.to_undirected(), HYPERTENSION, gene) for gene in genes)
    capped = nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, hops=2, max_nodes=10)
    assert capped.number_of_nodes() == 10 and HYPERTENSION in capped
    with pytest.raises(BadInput, match="unknown relationship type"):
        nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, rel_types=["CURES"])
    with pytest.raises(BadInput, match="no entity"):
        nxview.neighbourhood_graph(interop_driver, database, "DOID:0")


def test_whole_graph_and_degree_helpers(interop_driver: Driver, database: str) -> None:
    graph = nxview.whole_graph(interop_driver, database)
    entities, relations, _ = interop_facts()
    assert graph.number_of_nodes() == len(entities)
    assert graph.number_of_edges() == len({r.key for r in relations})
    distribution = nxview.degree_distribution(graph)
    assert sum(distribution.values()) == len(entities)
    assert sum(degree * n for degree, n in distribution.items()) == 2 * graph.number_of_edges()
    top = top_entities(interop_driver, database, limit=3)
    assert top[0]["degree"] == max(d for _, d in graph.degree()) and top[0]["id"] == HYPERTENSION


def test_graphml_round_trips_with_lists_joined(interop_driver: Driver, database: str, tmp_path: Path) -> None:
    graph = nxview.neighbourhood_graph(interop_driver, database, HYPERTENSION, hops=1, with_evidence=True)
    path = tmp_path / "hypertension.graphml"
    assert nxview.write_graphml(graph, path) == (graph.number_of_nodes(), graph.number_of_edges())
    loaded = nx.read_graphml(path, force_multigraph=True)
    assert set(loaded.nodes) == set(graph.nodes)
    assert loaded.number_of_edges() == graph.number_of_edges()
    synonyms = loaded.nodes[HYPERTENSION]["synonyms"].split("|")
    assert synonyms == graph.nodes[HYPERTENSION]["synonyms"]
    evidence_ids = [e["id"] for e in graph.edges["DRUGBANK:DB00381", HYPERTENSION, "TREATS"]["evidence"]]
    assert loaded.edges["DRUGBANK:DB00381", HYPERTENSION, "TREATS"]["evidence"] == "|".join(evidence_ids)


def test_tsv_export_writes_one_row_per_item(interop_driver: Driver, database: str, tmp_path: Path) -> None:
    subgraph = read_subgraph(interop_driver, database)
    written = write_tsv(subgraph, tmp_path)
    with (tmp_path / "edges.tsv").open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle, delimiter="\t"))
    assert len(edges) == written["edges.tsv"] == len(subgraph.relations)
    amlodipine = next(e for e in edges if e["head"] == "DRUGBANK:DB00381" and e["tail"] == HYPERTENSION)
    assert amlodipine["type"] == "TREATS" and amlodipine["sources"] == "pharmacotherapydb"
    with (tmp_path / "nodes.tsv").open(encoding="utf-8") as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    assert nodes[HYPERTENSION]["kind"] == "Disease" and "HTN" in nodes[HYPERTENSION]["synonyms"].split("|")
