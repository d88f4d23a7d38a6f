"""``medkg export rdf|graphml|tsv`` and ``medkg import rdf|ontology``: the graph in and out of standard formats.

Exports take the whole graph, or one entity's neighbourhood (``--entity ID --hops N``), over chosen relationship
types (``--types TREATS,TARGETS``). Imports go through the one writer, so re-importing a file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api.cli.common import connected, settings_of, writable
from core.errors import BadInput

app = typer.Typer(help="Export the graph (or a subgraph) to RDF, GraphML or TSV.", no_args_is_help=True)
import_app = typer.Typer(help="Import RDF in medkg's shape, or an OWL/RDFS ontology as a source.",
                         no_args_is_help=True)
console = Console()

EntityOption = Annotated[str | None, typer.Option("--entity", help="Centre entity id, e.g. DOID:10763.")]
HopsOption = Annotated[int, typer.Option("--hops", min=0, max=5, help="Steps from --entity.")]
TypesOption = Annotated[str | None, typer.Option("--types", help="Comma-separated relationship types.")]


def _types(types: str | None) -> list[str] | None:
    return [name.strip().upper() for name in types.split(",") if name.strip()] if types else None


def _read(ctx: typer.Context, entity: str | None, hops: int, types: str | None, **kwargs: Any) -> Any:
    from graph.subgraph import read_subgraph

    settings = settings_of(ctx)
    with connected(settings) as driver, console.status("reading the graph …"):
        return read_subgraph(driver, settings.neo4j_database, entity_id=entity, hops=hops, rel_types=_types(types),
                             **kwargs)


@app.command("rdf")
def export_rdf(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Output file (.ttl, .nt or .rdf).")],
    rdf_format: Annotated[str, typer.Option("--format", help="turtle, nt or xml.")] = "turtle",
    entity: EntityOption = None,
    hops: HopsOption = 1,
    types: TypesOption = None,
    include_retracted: Annotated[bool, typer.Option(help="Also export retracted evidence (flagged).")] = False,
) -> None:
    """Write the graph as RDF with identifiers.org IRIs; evidence and documents included."""
    from graph.rdf import RDF_FORMATS, subgraph_to_rdf, write_rdf

    if rdf_format not in RDF_FORMATS:
        raise BadInput(f"unknown RDF format {rdf_format!r}; use one of {', '.join(RDF_FORMATS)}")
    subgraph = _read(ctx, entity, hops, types, include_retracted=include_retracted)
    triples = write_rdf(subgraph_to_rdf(subgraph), out, rdf_format)
    console.print(f"wrote {triples} triples ({len(subgraph.entities)} entities, {len(subgraph.relations)} "
                  f"relationships, {len(subgraph.evidence)} evidence) to [bold]{out}[/]")


@app.command("graphml")
def export_graphml(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Output .graphml file.")],
    entity: EntityOption = None,
    hops: HopsOption = 1,
    types: TypesOption = None,
    max_nodes: Annotated[int | None, typer.Option(help="Cap on entities in a neighbourhood.")] = None,
) -> None:
    """Write the graph as GraphML (list properties joined with '|'), e.g. for Gephi or Cytoscape."""
    from graph.nxview import subgraph_to_networkx, write_graphml

    subgraph = _read(ctx, entity, hops, types, max_nodes=max_nodes)
    nodes, edges = write_graphml(subgraph_to_networkx(subgraph), out)
    console.print(f"wrote {nodes} nodes and {edges} edges to [bold]{out}[/]")


@app.command("tsv")
def export_tsv(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Output folder for nodes/edges/evidence/documents.tsv.")],
    entity: EntityOption = None,
    hops: HopsOption = 1,
    types: TypesOption = None,
) -> None:
    """Write nodes.tsv, edges.tsv, evidence.tsv and documents.tsv (lists joined with '|')."""
    from graph.subgraph import write_tsv

    written = write_tsv(_read(ctx, entity, hops, types), out)
    console.print(", ".join(f"{name}: {rows} rows" for name, rows in written.items()) + f" in [bold]{out}[/]")


def _write_facts(ctx: typer.Context, facts: Any) -> None:
    from graph.rdf import facts_summary
    from graph.writer import GraphWriter

    settings = settings_of(ctx)
    with writable(settings, console) as driver, console.status("writing …"):
        summary = GraphWriter(driver, settings.neo4j_database, settings.write_batch_size).write(
            entities=facts.entities, documents=facts.documents, relations=facts.relations)
    console.print(f"read {facts_summary(facts)}; wrote {summary.entities} entities, {summary.documents} documents, "
                  f"{summary.relations} relationships ({summary.relations_missing_ends} missing an end)")


def _load(path: Path, rdf_format: str | None) -> Any:
    from graph.rdf import load_rdf

    if not path.is_file():
        raise BadInput(f"no such file: {path}")
    try:
        return load_rdf(path, rdf_format)
    except Exception as error:  # rdflib raises many parser-specific types
        raise BadInput(f"{path} is not readable RDF ({type(error).__name__}: {error})") from error


@import_app.command("rdf")
def import_rdf(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An RDF file in medkg's shape (e.g. from `medkg export rdf`).")],
    rdf_format: Annotated[str | None, typer.Option("--format", help="turtle, nt, xml; default: from suffix.")] = None,
    source: Annotated[str, typer.Option(help="Source name for bare relationship triples without evidence.")] = "rdf",
) -> None:
    """Import entities, documents and relationships with their evidence from RDF."""
    from graph.rdf import rdf_to_facts

    _write_facts(ctx, rdf_to_facts(_load(file, rdf_format), default_source=source))


@import_app.command("ontology")
def import_ontology(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An OWL or RDFS ontology (RDF/XML, Turtle, …).")],
    label: Annotated[str, typer.Option(help="Entity kind of its classes, e.g. Disease.")],
    source: Annotated[str, typer.Option(help="Source name, e.g. disease-ontology.")],
    version: Annotated[str, typer.Option(help="Release version.")] = "unknown",
    rdf_format: Annotated[str | None, typer.Option("--format", help="Parser format; default: from suffix.")] = None,
) -> None:
    """Import an ontology's named classes as entities and rdfs:subClassOf as IS_A relationships."""
    from graph.models import NodeLabel
    from graph.rdf import ontology_to_facts

    try:
        kind = NodeLabel(label)
    except ValueError as error:
        raise BadInput(f"unknown label {label!r}; use one of {', '.join(m.value for m in NodeLabel)}") from error
    _write_facts(ctx, ontology_to_facts(_load(file, rdf_format), kind, source=source, version=version))
