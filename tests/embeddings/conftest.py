"""A small real graph for the embedding tests: Hetionet's complete drug–disease edges (CtD treats, CpD palliates),
disease resemblance (DrD) and drug classes (PCiC), written through the GraphWriter with evidence and a release
document, so Evidence and Document nodes are present and must stay out of the exported triples."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from neo4j import Driver

from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from core.settings import Settings
from graph.writer import GraphWriter

HETIONET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hetionet"
KINDS = {  # Hetionet kind → (label, id prefix)
    "Compound": (NodeLabel.DRUG, "DRUGBANK"), "Disease": (NodeLabel.DISEASE, ""),
    "Pharmacologic Class": (NodeLabel.DRUG_CLASS, "NDFRT"),
}
METAEDGES = {"CtD": RelType.TREATS, "CpD": RelType.PALLIATES, "DrD": RelType.RESEMBLES, "PCiC": RelType.HAS_CLASS}
RELEASE = Document(id="hetionet-test@1.0", label=DocumentLabel.SOURCE_RELEASE, title="Hetionet", source="hetionet")


def _entity_id(hetionet_id: str) -> str:
    kind, _, local = hetionet_id.partition("::")
    prefix = KINDS[kind][1]
    return f"{prefix}:{local}" if prefix else local


def read_small_graph() -> tuple[list[Entity], list[Relation]]:
    names: dict[str, tuple[str, str]] = {}
    with (HETIONET / "hetionet-v1.0-nodes.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["kind"] in KINDS:
                names[row["id"]] = (row["name"], row["kind"])
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    with gzip.open(HETIONET / "hetionet-v1.0-edges-5k.sif.gz", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rel_type = METAEDGES.get(row["metaedge"])
            if rel_type is None:
                continue
            ends = [row["source"], row["target"]]
            if row["metaedge"] == "PCiC":  # class includes compound → compound HAS_CLASS class
                ends.reverse()
            for end in ends:
                name, kind = names[end]
                entities.setdefault(end, Entity(id=_entity_id(end), label=KINDS[kind][0], name=name))
            evidence = Evidence(source="hetionet", document_id=RELEASE.id, text=f"{ends[0]} {row['metaedge']}",
                                kind=EvidenceKind.CURATED_RECORD)
            relations.append(Relation(type=rel_type, head=_entity_id(ends[0]), tail=_entity_id(ends[1]),
                                      evidence=(evidence,)))
    return list(entities.values()), relations


@pytest.fixture(scope="session")
def small_graph() -> tuple[list[Entity], list[Relation]]:
    return read_small_graph()


def write_small_graph(driver: Driver, database: str, graph: tuple[list[Entity], list[Relation]]) -> None:
    entities, relations = graph
    GraphWriter(driver, database).write(entities=entities, relations=relations, documents=[RELEASE])


@pytest.fixture
def kge_settings(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The test Neo4j, with a fresh home (so a fresh embeddings registry)."""
    return neo4j_settings.model_copy(update={"home": tmp_path / "home"})
