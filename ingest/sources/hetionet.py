"""Hetionet v1.0 subset: nodes of the kinds we model and the edges between them.

Edges come from the bundled 5k-per-type sample (complete for CtD, CpD, DrD, DpS, DlA, PCiC) and, for
Compound–binds–Gene and Disease–associates–Gene, from the full source tables. Rows whose own licence is
non-commercial (DrugBank-derived CbG rows, SIDER-derived CcSE edges) are skipped unless
``include_noncommercial`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.models import Entity, NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary.concepts import hetionet_id
from vocabulary.readers import ReadReport, read_tsv, read_tsv_dicts
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec

# metaedge → (relationship type, reversed?, licence is non-commercial)
METAEDGES = {
    "CtD": (RelType.TREATS, False, False), "CpD": (RelType.PALLIATES, False, False),
    "CrC": (RelType.RESEMBLES, False, False), "DrD": (RelType.RESEMBLES, False, False),
    "PCiC": (RelType.HAS_CLASS, True, False), "DpS": (RelType.PRESENTS, False, False),
    "DlA": (RelType.LOCALIZES_TO, False, False), "GpPW": (RelType.PARTICIPATES_IN, False, False),
    "CcSE": (RelType.CAUSES, False, True),
}
METAEDGE_NAMES = {
    "CtD": "treats", "CpD": "palliates", "CrC": "resembles", "DrD": "resembles", "PCiC": "includes",
    "DpS": "presents", "DlA": "localizes", "GpPW": "participates", "CcSE": "causes",
}


def read_hetionet(
    folder: Path, vocabulary: Vocabulary, report: ReadReport, include_noncommercial: bool = False,
) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, HETIONET.name, report)
    nodes = _nodes(folder / "hetionet-v1.0-nodes.tsv", resolver)
    yield from nodes.values()
    yield from _sample_edges(folder / "hetionet-v1.0-edges-5k.sif.gz", resolver, nodes, include_noncommercial)
    yield from _table_edges(folder, resolver, nodes, include_noncommercial)


def _nodes(path: Path, resolver: SourceIdResolver) -> dict[str, Entity]:
    nodes: dict[str, Entity] = {}
    for line, row in read_tsv_dicts(path, resolver.report):
        parsed = hetionet_id(row["id"])
        if parsed is None:
            continue
        label, node_id = parsed
        nodes[row["id"]] = resolver.entity(node_id, label, row["name"], path, line)
    return nodes


def _sample_edges(
    path: Path, resolver: SourceIdResolver, nodes: dict[str, Entity], include_noncommercial: bool,
) -> Iterator[Fact]:
    for line, (source, metaedge, target) in read_tsv(path, resolver.report, columns=3):
        kind = METAEDGES.get(metaedge)
        if kind is None or (kind[2] and not include_noncommercial):
            continue
        rel_type, reverse, _ = kind
        head, tail = nodes.get(source), nodes.get(target)
        if head is None or tail is None:
            resolver.report.problem(path, line, "edge end not a node of a modelled kind", f"{source} {target}")
            continue
        text = f"{head.name} {METAEDGE_NAMES[metaedge]} {tail.name} (Hetionet {metaedge})"
        if reverse:
            head, tail = tail, head
        relation = resolver.relation(rel_type, head, tail, HETIONET.evidence(text))
        if relation is not None:
            yield relation


def _table_edges(
    folder: Path, resolver: SourceIdResolver, nodes: dict[str, Entity], include_noncommercial: bool,
) -> Iterator[Fact]:
    path = folder / "DaG-association.tsv"
    for line, row in read_tsv_dicts(path, resolver.report):
        disease, gene = nodes.get(f"Disease::{row['doid_id']}"), nodes.get(f"Gene::{row['entrez_gene_id']}")
        if disease is None or gene is None:
            resolver.report.problem(path, line, "edge end not a Hetionet node", row["doid_id"])
            continue
        relation = resolver.relation(RelType.ASSOCIATED_WITH, disease, gene, HETIONET.evidence(
            f"{disease.name} associates {gene.name} (Hetionet DaG; {row['sources']})"))
        if relation is not None:
            yield relation
    path = folder / "CbG-binding.tsv"
    for line, row in read_tsv_dicts(path, resolver.report):
        if "NC" in row["license"] and not include_noncommercial:
            continue
        drug, gene = nodes.get(f"Compound::{row['drugbank_id']}"), nodes.get(f"Gene::{row['entrez_gene_id']}")
        if drug is None or gene is None:
            resolver.report.problem(path, line, "edge end not a Hetionet node", row["drugbank_id"])
            continue
        action = f" ({row['actions']})" if row["actions"] else ""
        relation = resolver.relation(RelType.TARGETS, drug, gene, HETIONET.evidence(
            f"{drug.name} binds {gene.name}{action} (Hetionet CbG; {row['sources']})"))
        if relation is not None:
            yield relation


HETIONET = SourceSpec(
    name="hetionet", title="Hetionet v1.0 (bundled subset)", version="1.0",
    license="CC0 1.0 (mixed sources)", notes="rows under non-commercial licences skipped by default",
    url="https://het.io", folder="hetionet", reader=read_hetionet,
)
