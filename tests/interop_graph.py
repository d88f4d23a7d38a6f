"""A small real graph for the interop (RDF, networkx) and notebook tests, read from the bundled data sets.

PharmacotherapyDB indications for three diseases (TREATS / PALLIATES, evidence from the source release), Hetionet
compound–binds–gene rows for those drugs (TARGETS, evidence citing a PubMed article) and disease–gene associations
(ASSOCIATED_WITH), Disease Ontology MeSH cross-references, and one retracted literature statement.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.inspect import counts
from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter, WriteSummary, clear_database

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DISEASES = ("DOID:10763", "DOID:9352", "DOID:2841")  # hypertension, type 2 diabetes mellitus, asthma
TARGETS_PER_DRUG = 2
GENES_PER_DISEASE = 4
PHARMACOTHERAPY = Document(id="pharmacotherapydb@1.0", label=DocumentLabel.SOURCE_RELEASE,
                           title="PharmacotherapyDB v1.0", source="pharmacotherapydb", version="1.0",
                           url="https://doi.org/10.6084/m9.figshare.3103054")
HETIONET = Document(id="hetionet@1.0", label=DocumentLabel.SOURCE_RELEASE, title="Hetionet v1.0", source="hetionet",
                    version="1.0")
RETRACTED_DOCUMENT = "PMID:99999999"


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _indications() -> tuple[list[Entity], list[Relation]]:
    mesh, synonyms = {}, {}
    for row in _tsv(DATA_DIR / "disease-ontology" / "xrefs.tsv.gz"):
        if row["doid_code"] in DISEASES and row["resource"] == "MSH":
            mesh[row["doid_code"]] = f"MESH:{row['resource_id']}"
    for row in _tsv(DATA_DIR / "disease-ontology" / "term-names.tsv.gz"):
        if row["doid"] in DISEASES and row["type"] == "exact-synonym":
            synonyms.setdefault(row["doid"], []).append(row["name"])
    entities, relations = {}, []
    for row in _tsv(DATA_DIR / "pharmacotherapydb" / "indications.tsv"):
        if row["doid_id"] not in DISEASES or row["category"] not in {"DM", "SYM"}:
            continue
        drug = f"DRUGBANK:{row['drugbank_id']}"
        entities[drug] = Entity(id=drug, label=NodeLabel.DRUG, name=row["drug"], sources=("pharmacotherapydb",))
        entities[row["doid_id"]] = Entity(
            id=row["doid_id"], label=NodeLabel.DISEASE, name=row["disease"], sources=("pharmacotherapydb",),
            synonyms=tuple(synonyms.get(row["doid_id"], ())),
            xrefs=(mesh[row["doid_id"]],) if row["doid_id"] in mesh else ())
        relations.append(Relation(
            type=RelType.TREATS if row["category"] == "DM" else RelType.PALLIATES, head=drug, tail=row["doid_id"],
            evidence=(Evidence(source="pharmacotherapydb", source_version="1.0", document_id=PHARMACOTHERAPY.id,
                               text=f"{row['drug']} – {row['disease']}: {row['category']}",
                               confidence=min(1.0, 0.8 + 0.1 * int(row["n_curators"])), url=PHARMACOTHERAPY.url,
                               kind=EvidenceKind.CURATED_RECORD),),
        ))
    return list(entities.values()), relations


def _gene_names(gene_ids: set[str]) -> dict[str, str]:
    wanted = {f"Gene::{gene}" for gene in gene_ids}
    return {row["id"].split("::")[1]: row["name"] for row in _tsv(DATA_DIR / "hetionet" / "hetionet-v1.0-nodes.tsv")
            if row["id"] in wanted}


def _gene_links(drug_ids: set[str]) -> tuple[list[tuple[RelType, str, str, Evidence]], list[Document]]:
    links, documents, per_drug, per_disease = [], {}, {}, {}
    for row in _tsv(DATA_DIR / "hetionet" / "CbG-binding.tsv"):
        drug = f"DRUGBANK:{row['drugbank_id']}"
        if drug in drug_ids and per_drug.setdefault(drug, 0) < TARGETS_PER_DRUG and row["pubmed_ids"]:
            per_drug[drug] += 1
            pmid = f"PMID:{row['pubmed_ids'].split('|')[0]}"
            documents[pmid] = Document(id=pmid, label=DocumentLabel.PUBLICATION, source="pubmed",
                                       url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid[5:]}/",
                                       properties={"license": row["license"], "actions": row["actions"]})
            links.append((RelType.TARGETS, drug, row["entrez_gene_id"], Evidence(
                source="hetionet", source_version="1.0", document_id=pmid, extractor="curated",
                text=f"{row['sources']}: {row['actions'] or 'binds'}", confidence=0.9,
                kind=EvidenceKind.CURATED_RECORD)))
    for row in _tsv(DATA_DIR / "hetionet" / "DaG-association.tsv"):
        if row["doid_id"] in DISEASES and per_disease.setdefault(row["doid_id"], 0) < GENES_PER_DISEASE:
            per_disease[row["doid_id"]] += 1
            links.append((RelType.ASSOCIATED_WITH, row["doid_id"], row["entrez_gene_id"], Evidence(
                source="hetionet", source_version="1.0", document_id=HETIONET.id, text=row["sources"],
                confidence=0.8, kind=EvidenceKind.CURATED_RECORD)))
    return links, list(documents.values())


def interop_facts() -> tuple[list[Entity], list[Relation], list[Document]]:
    """Entities, relations (with evidence) and documents of the test graph."""
    entities, relations = _indications()
    links, documents = _gene_links({e.id for e in entities if e.label is NodeLabel.DRUG})
    names = _gene_names({gene for _, _, gene, _ in links})
    entities += [Entity(id=f"NCBIGENE:{gene}", label=NodeLabel.GENE, name=names.get(gene, gene), sources=("hetionet",))
                 for gene in sorted({gene for _, _, gene, _ in links})]
    relations += [Relation(type=t, head=h, tail=f"NCBIGENE:{g}", evidence=(ev,)) for t, h, g, ev in links]
    return entities, relations, [PHARMACOTHERAPY, HETIONET, *documents]


def retracted_statement(head: str, tail: str) -> Relation:
    """A literature CAUSES statement whose only evidence is later retracted (so it is inactive)."""
    return Relation(type=RelType.CAUSES, head=head, tail=tail, evidence=(Evidence(
        source="pubmed", document_id=RETRACTED_DOCUMENT, text="A retracted claim.", start=0, end=18,
        extractor="re-model", extractor_version="0.1", confidence=0.55, kind=EvidenceKind.LITERATURE_EXTRACTION),))


def build_interop_graph(driver: Driver, database: str) -> WriteSummary:
    """Write the test graph through ``GraphWriter``; includes one retracted (inactive) relation."""
    entities, relations, documents = interop_facts()
    drugs = [e.id for e in entities if e.label is NodeLabel.DRUG]
    writer = GraphWriter(driver, database)
    summary = writer.write(entities=entities, relations=[*relations, retracted_statement(drugs[0], DISEASES[0])],
                           documents=documents)
    writer.retract_documents([RETRACTED_DOCUMENT], reason="test retraction")
    return summary


_built_counts: dict[str, dict] = {}


def ensure_interop_graph(driver: Driver, database: str) -> None:
    """Build the test graph unless the database already holds exactly it (read-only tests share one build)."""
    if _built_counts and counts(driver, database) == _built_counts:
        return
    clear_database(driver, database)
    build_interop_graph(driver, database)
    _built_counts.update(counts(driver, database))


@pytest.fixture
def interop_driver(session_driver: Driver, database: str) -> Driver:
    """A driver to the small real graph; built once and shared by tests that only read (import this fixture)."""
    ensure_interop_graph(session_driver, database)
    return session_driver
