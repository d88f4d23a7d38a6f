"""Disease Ontology (2015 OBO) and MeSH 2015 descriptors: the disease and chemical hierarchies (``IS_A``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.models import NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary import concepts
from vocabulary.readers import ReadReport
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec


def read_disease_ontology(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """Every live DO term as a Disease (merged into MeSH where the identity rules say so) and its is_a links."""
    resolver = SourceIdResolver(vocabulary, DISEASE_ONTOLOGY.name, report)
    path = folder / "HumanDO.obo.gz"
    terms = list(concepts.disease_ontology(folder, report))
    entities = {t.id: resolver.entity(t.id, NodeLabel.DISEASE, t.name, path) for t in terms}
    yield from entities.values()
    for term in terms:
        child = entities[term.id]
        for parent_id in term.parents:
            parent = entities.get(parent_id)
            if parent is None:
                report.problem(path, 0, "is_a to an unknown or obsolete term", f"{term.id} is_a {parent_id}")
                continue
            relation = resolver.relation(RelType.IS_A, child, parent, DISEASE_ONTOLOGY.evidence(
                f"{term.name} is_a {parent.name}", url=f"http://purl.obolibrary.org/obo/{term.id.replace(':', '_')}"))
            if relation is not None:
                yield relation


def read_mesh(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """MeSH descriptors of the kinds we model and ``IS_A`` from each tree number to its parent tree number."""
    resolver = SourceIdResolver(vocabulary, MESH.name, report)
    path = folder / "descriptor-names.tsv"
    descriptors = list(concepts.mesh(folder, report))
    entities = {d.id: resolver.entity(d.id, d.label, d.name, path) for d in descriptors}
    yield from entities.values()
    by_tree = {tree: d.id for d in descriptors for tree in d.parents}
    for descriptor in descriptors:
        parents = {by_tree.get(tree.rpartition(".")[0]) for tree in descriptor.parents if "." in tree}
        for parent_id in sorted(p for p in parents if p and p != descriptor.id):
            child, parent = entities[descriptor.id], entities[parent_id]
            if child.label is not parent.label:
                continue
            relation = resolver.relation(RelType.IS_A, child, parent, MESH.evidence(
                f"{descriptor.name} is_a {parent.name} (MeSH tree)",
                url=f"https://meshb.nlm.nih.gov/record/ui?ui={descriptor.id.removeprefix('MESH:')}"))
            if relation is not None:
                yield relation


DISEASE_ONTOLOGY = SourceSpec(
    name="disease-ontology", title="Human Disease Ontology (2015-05-14 release)", version="2015-05-14",
    license="CC BY 3.0", url="https://disease-ontology.org", folder="disease-ontology",
    reader=read_disease_ontology,
)
MESH = SourceSpec(
    name="mesh", title="Medical Subject Headings 2015 (descriptors and tree numbers)", version="2015",
    license="NLM terms (free)", url="https://www.nlm.nih.gov/mesh/", folder="mesh-2015",
    reader=read_mesh,
)
