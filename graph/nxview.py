"""networkx views of the graph: a neighbourhood or the whole graph as a ``MultiDiGraph`` with properties.

Nodes are keyed by entity id (attributes ``name``, ``kind``, ``synonyms``, ``xrefs``, ``sources``); edges are keyed
by relationship type (attributes ``type``, ``evidence_count``, ``best_confidence``, ``sources``, ``active`` and,
when asked, ``evidence``: the evidence rows). GraphML holds no lists, so ``write_graphml`` joins them with ``|``.
Drawing helpers import matplotlib lazily, for notebooks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from neo4j import Driver

from graph.models import RelType
from graph.subgraph import Subgraph, entity_kind, flat_value, read_subgraph

KIND_COLOURS = {
    "Drug": "#4e79a7", "Disease": "#e15759", "Gene": "#59a14f", "AdverseEvent": "#f28e2b", "Phenotype": "#b07aa1",
    "Pathway": "#76b7b2", "Anatomy": "#edc948", "DrugClass": "#9c755f",
}


def subgraph_to_networkx(subgraph: Subgraph, with_evidence: bool = False) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of the subgraph's entities and relationships (evidence rows on edges if asked)."""
    graph = nx.MultiDiGraph()
    for entity in subgraph.entities:
        attributes = {key: value for key, value in entity.items() if key not in {"id", "labels"}}
        graph.add_node(entity["id"], kind=entity_kind(entity.get("labels", [])), **attributes)
    evidence_by_key: dict[str, list[dict[str, Any]]] = {}
    if with_evidence:
        for row in subgraph.evidence:
            evidence_by_key.setdefault(row["rel_key"], []).append(row)
    for relation in subgraph.relations:
        attributes = {key: value for key, value in relation.items() if key not in {"head", "tail"}}
        if with_evidence:
            key = f"{relation['type']}|{relation['head']}|{relation['tail']}"
            attributes["evidence"] = evidence_by_key.get(key, [])
        graph.add_edge(relation["head"], relation["tail"], key=relation["type"], **attributes)
    return graph


def neighbourhood_graph(
    driver: Driver,
    database: str,
    entity_id: str,
    hops: int = 1,
    rel_types: Iterable[RelType | str] | None = None,
    max_nodes: int | None = None,
    with_evidence: bool = False,
) -> nx.MultiDiGraph:
    """The entity and everything within ``hops`` steps over ``rel_types`` (all types by default)."""
    subgraph = read_subgraph(driver, database, entity_id=entity_id, hops=hops, rel_types=rel_types,
                             max_nodes=max_nodes, with_evidence=with_evidence)
    graph = subgraph_to_networkx(subgraph, with_evidence=with_evidence)
    graph.graph["center"] = entity_id
    return graph


def whole_graph(driver: Driver, database: str, rel_types: Iterable[RelType | str] | None = None,
                with_evidence: bool = False) -> nx.MultiDiGraph:
    """Every entity and active relationship (fine for the small graphs notebooks and tests use)."""
    subgraph = read_subgraph(driver, database, rel_types=rel_types, with_evidence=with_evidence)
    return subgraph_to_networkx(subgraph, with_evidence=with_evidence)


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GraphML can hold: lists ``|``-joined, ``None`` dropped, evidence rows reduced to their ids."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: flat_value(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_flat_attributes(data))
    for head, tail, key, data in graph.edges(keys=True, data=True):
        data = dict(data)
        if "evidence" in data:
            data["evidence"] = [row["id"] for row in data["evidence"]]
        flat.add_edge(head, tail, key=key, **_flat_attributes(data))
    return flat


def _flat_attributes(data: dict[str, Any]) -> dict[str, Any]:
    return {key: flat_value(value) for key, value in data.items() if value is not None}


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> tuple[int, int]:
    """Write GraphML (lists as ``|``-joined strings); returns (nodes, edges)."""
    nx.write_graphml(graphml_ready(graph), path)
    return graph.number_of_nodes(), graph.number_of_edges()


def degree_distribution(graph: nx.MultiDiGraph) -> dict[int, int]:
    """How many nodes have each degree (in + out, every relationship counted)."""
    return dict(sorted(Counter(degree for _, degree in graph.degree()).items()))


def degree_by_kind(graph: nx.MultiDiGraph) -> dict[str, list[int]]:
    """Degrees grouped by entity kind, for box plots and summaries."""
    by_kind: dict[str, list[int]] = {}
    for node, degree in graph.degree():
        by_kind.setdefault(graph.nodes[node].get("kind") or "?", []).append(degree)
    return {kind: sorted(values) for kind, values in sorted(by_kind.items())}


def plot_degree_distribution(graph: nx.MultiDiGraph, ax: Any = None) -> Any:
    """A log–log scatter of the degree distribution; returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 4))[1]
    distribution = degree_distribution(graph)
    positive = {degree: count for degree, count in distribution.items() if degree > 0}
    ax.scatter(list(positive), list(positive.values()), s=18)
    if positive:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("degree")
    ax.set_ylabel("entities")
    ax.set_title(f"degree distribution ({graph.number_of_nodes()} entities)")
    return ax


def draw_neighbourhood(graph: nx.MultiDiGraph, ax: Any = None, seed: int = 7, label_limit: int = 40) -> Any:
    """Draw entities coloured by kind; names shown up to ``label_limit`` nodes, edge types up to half as many."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    ax = ax or plt.subplots(figsize=(9, 7))[1]
    simple = nx.DiGraph(graph)
    positions = nx.spring_layout(simple, seed=seed)
    center = graph.graph.get("center")
    colours = [KIND_COLOURS.get(graph.nodes[n].get("kind"), "#bab0ac") for n in simple]
    sizes = [600 if n == center else 250 for n in simple]
    nx.draw_networkx_nodes(simple, positions, node_color=colours, node_size=sizes, ax=ax)
    nx.draw_networkx_edges(simple, positions, ax=ax, alpha=0.4, arrows=True, arrowsize=8)
    if simple.number_of_nodes() <= label_limit:
        names = {n: graph.nodes[n].get("name", n) for n in simple}
        nx.draw_networkx_labels(simple, positions, labels=names, font_size=7, ax=ax)
    if simple.number_of_edges() <= label_limit // 2:
        edge_labels = {(h, t): "/".join(sorted(graph[h][t])) for h, t in simple.edges()}
        nx.draw_networkx_edge_labels(simple, positions, edge_labels=edge_labels, font_size=6, ax=ax)
    kinds = sorted({graph.nodes[n].get("kind") for n in simple} - {None})
    ax.legend(handles=[Patch(color=KIND_COLOURS.get(k, "#bab0ac"), label=k) for k in kinds], loc="best",
              fontsize=7)
    ax.set_axis_off()
    ax.set_title(f"neighbourhood of {graph.nodes[center].get('name', center)}" if center in graph else "graph")
    return ax
