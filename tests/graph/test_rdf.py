"""RDF export/import against real Neo4j: stable IRIs, round trip, subgraphs, SPARQL, OWL ontologies as a source."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from graph import rdf
from graph.inspect import counts
from graph.models import NodeLabel
from graph.subgraph import read_subgraph
from graph.writer import GraphWriter, clear_database
from interop_graph import DISEASES, RETRACTED_DOCUMENT, build_interop_graph, interop_driver, interop_facts

HYPERTENSION = DISEASES[0]
__all__ = ["interop_driver"]  # the shared, read-only graph fixture


@pytest.mark.parametrize(("identifier", "iri"), [
    ("MESH:D006973", "https://identifiers.org/mesh:D006973"),
    ("DOID:10763", "https://identifiers.org/DOID:10763"),
    ("DRUGBANK:DB00381", "https://identifiers.org/drugbank:DB00381"),
    ("NCBIGENE:759", "https://identifiers.org/ncbigene:759"),
    ("UMLS:C0020538", "https://identifiers.org/umls:C0020538"),
    ("RXNORM:17767", "https://identifiers.org/rxnorm:17767"),
    ("PMID:11061585", "https://identifiers.org/pubmed:11061585"),
    ("hetionet@1.0", "https://w3id.org/medkg/id/hetionet%401.0"),
    ("SETID:c6e131fe@v5", "https://w3id.org/medkg/id/SETID:c6e131fe%40v5"),
    ("MESH:odd id/with#chars", "https://identifiers.org/mesh:odd%20id%2Fwith%23chars"),
])
def test_ids_map_to_stable_iris_and_back(identifier: str, iri: str) -> None:
    assert str(rdf.iri_for_id(identifier)) == iri
    assert rdf.id_for_iri(iri) == identifier


def test_obo_purls_become_prefixed_ids() -> None:
    assert rdf.id_for_iri("http://purl.obolibrary.org/obo/DOID_10763") == "DOID:10763"


def _export(driver: Driver, database: str, path: Path, rdf_format: str = "turtle", **kwargs) -> Graph:
    graph = rdf.subgraph_to_rdf(read_subgraph(driver, database, **kwargs))
    rdf.write_rdf(graph, path, rdf_format)
    return rdf.load_rdf(path, rdf_format)


def test_round_trip_through_an_empty_graph_gives_the_same_triples(
    driver: Driver, database: str, tmp_path: Path,
) -> None:
    build_interop_graph(driver, database)
    before_counts = counts(driver, database)
    first = _export(driver, database, tmp_path / "first.ttl")

    clear_database(driver, database)
    assert counts(driver, database)["labels"] == {}
    facts = rdf.rdf_to_facts(rdf.load_rdf(tmp_path / "first.ttl"))
    GraphWriter(driver, database).write(entities=facts.entities, documents=facts.documents,
                                        relations=facts.relations)
    second = _export(driver, database, tmp_path / "second.ttl")

    assert rdf.triples_of(first) == rdf.triples_of(second)
    assert len(first) > 2000
    after_counts = counts(driver, database)
    # The retracted (inactive) relation and its evidence are not exported, so they are the only difference.
    assert before_counts["relationships"].get("CAUSES") == 1 and "CAUSES" not in after_counts["relationships"]
    assert before_counts["labels"]["Evidence"] - 1 == after_counts["labels"]["Evidence"]
    assert before_counts["labels"]["Entity"] == after_counts["labels"]["Entity"]


def test_export_carries_entities_evidence_and_documents(
    interop_driver: Driver, database: str, tmp_path: Path,
) -> None:
    driver = interop_driver
    graph = _export(driver, database, tmp_path / "graph.nt", rdf_format="nt")
    hypertension = rdf.iri_for_id(HYPERTENSION)
    assert (hypertension, RDF.type, rdf.MEDKG.Disease) in graph
    assert (hypertension, RDFS.label, Literal("hypertension")) in graph
    assert (hypertension, rdf.SKOS.exactMatch, URIRef("https://identifiers.org/mesh:D006973")) in graph
    assert (hypertension, rdf.SKOS.altLabel, Literal("HTN")) in graph
    amlodipine = rdf.iri_for_id("DRUGBANK:DB00381")
    assert (amlodipine, rdf.MEDKG.TREATS, hypertension) in graph
    statement = rdf.relation_iri("TREATS", "DRUGBANK:DB00381", HYPERTENSION)
    evidence = list(graph.subjects(rdf.MEDKG.supports, statement))
    assert len(evidence) == 1
    assert graph.value(evidence[0], rdf.MEDKG.document) == rdf.iri_for_id("pharmacotherapydb@1.0")
    assert graph.value(evidence[0], rdf.MEDKG.confidence).toPython() == pytest.approx(1.0)
    publications = set(graph.subjects(RDF.type, rdf.MEDKG.Publication))
    assert publications and all(str(p).startswith("https://identifiers.org/pubmed:") for p in publications)
    expected_licences = {rdf.iri_for_id(d.id): d.properties["license"] for d in interop_facts()[2] if d.properties}
    assert {p: str(graph.value(p, rdf.MEDKG_PROPERTY["license"])) for p in publications} == expected_licences
    assert rdf.iri_for_id(RETRACTED_DOCUMENT) not in set(graph.objects(None, rdf.MEDKG.document))
    lines = (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_retracted_evidence_is_exported_only_when_asked_and_never_imported(
    interop_driver: Driver, database: str,
) -> None:
    driver = interop_driver
    graph = rdf.subgraph_to_rdf(read_subgraph(driver, database, include_retracted=True))
    retracted = list(graph.subjects(rdf.MEDKG.retractedReason, Literal("test retraction")))
    assert len(retracted) == 1
    facts = rdf.rdf_to_facts(graph)
    assert facts.skipped == [f"{retracted[0]} (retracted)"]
    causes = [r for r in facts.relations if r.type.value == "CAUSES"]
    assert len(causes) == 1 and causes[0].evidence[0].source == "rdf"


def test_subgraph_export_by_entity_hops_and_types(interop_driver: Driver, database: str) -> None:
    driver = interop_driver
    one_hop = rdf.subgraph_to_rdf(read_subgraph(driver, database, entity_id=HYPERTENSION, hops=1,
                                                rel_types=["TREATS"]))
    hypertension = rdf.iri_for_id(HYPERTENSION)
    treats = list(one_hop.triples((None, rdf.MEDKG.TREATS, None)))
    assert treats and all(tail == hypertension for _, _, tail in treats)
    assert not list(one_hop.triples((None, rdf.MEDKG.TARGETS, None)))
    two_hops = read_subgraph(driver, database, entity_id=HYPERTENSION, hops=2, rel_types=["TREATS", "TARGETS"])
    kinds = {label for entity in two_hops.entities for label in entity["labels"]}
    assert {"Drug", "Disease", "Gene"} <= kinds
    assert {r["type"] for r in two_hops.relations} == {"TREATS", "TARGETS"}


def test_sparql_queries_over_an_exported_subgraph(interop_driver: Driver, database: str) -> None:
    driver = interop_driver
    graph = rdf.subgraph_to_rdf(read_subgraph(driver, database, entity_id=HYPERTENSION, hops=1))
    treatments = rdf.sparql_rows(graph, rdf.SPARQL_TREATMENTS, disease=HYPERTENSION)
    expected = {r["head"] for r in read_subgraph(driver, database, entity_id=HYPERTENSION, hops=1,
                                                 rel_types=["TREATS", "PALLIATES"]).relations}
    assert {rdf.id_for_iri(str(row["drug"])) for row in treatments} == expected
    assert "Amlodipine" in {row["drugName"] for row in treatments}
    evidence = rdf.sparql_rows(graph, rdf.SPARQL_EVIDENCE, relation="ASSOCIATED_WITH")
    assert evidence and {row["source"] for row in evidence} == {"hetionet"}
    kinds = {str(row["kind"]): row["entities"] for row in rdf.sparql_rows(graph, rdf.SPARQL_KIND_COUNTS)}
    assert kinds[str(rdf.MEDKG.Disease)] == 1


MINI_DOID_OWL = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
         xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:oboInOwl="http://www.geneontology.org/formats/oboInOwl#">
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/DOID_1287">
    <rdfs:label>cardiovascular system disease</rdfs:label>
    <oboInOwl:hasDbXref>MSH:D002318</oboInOwl:hasDbXref>
  </owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/DOID_0050828">
    <rdfs:label>artery disease</rdfs:label>
    <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/DOID_1287"/>
  </owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/DOID_10763">
    <rdfs:label>hypertension</rdfs:label>
    <oboInOwl:hasExactSynonym>HTN</oboInOwl:hasExactSynonym>
    <oboInOwl:hasDbXref>MSH:D006973</oboInOwl:hasDbXref>
    <oboInOwl:hasDbXref>UMLS_CUI:C0020538</oboInOwl:hasDbXref>
    <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/DOID_0050828"/>
  </owl:Class>
  <owl:Class rdf:about="http://purl.obolibrary.org/obo/DOID_73">
    <rdfs:label>obsolete cardiovascular system disease</rdfs:label>
    <owl:deprecated rdf:datatype="http://www.w3.org/2001/XMLSchema#boolean">true</owl:deprecated>
  </owl:Class>
</rdf:RDF>
"""


def test_owl_ontology_imports_as_a_source(driver: Driver, database: str, tmp_path: Path) -> None:
    path = tmp_path / "doid-mini.owl"
    path.write_text(MINI_DOID_OWL, encoding="utf-8")
    facts = rdf.ontology_to_facts(rdf.load_rdf(path), NodeLabel.DISEASE, source="disease-ontology",
                                  version="2015")
    by_id = {entity.id: entity for entity in facts.entities}
    assert set(by_id) == {"DOID:1287", "DOID:0050828", "DOID:10763"}
    assert by_id["DOID:10763"].xrefs == ("MESH:D006973", "UMLS:C0020538")
    assert by_id["DOID:10763"].synonyms == ("HTN",)
    GraphWriter(driver, database).write(entities=facts.entities, documents=facts.documents,
                                        relations=facts.relations)
    records, _, _ = driver.execute_query(
        "MATCH p = (:Disease {id: 'DOID:10763'})-[:IS_A*]->(top) WHERE NOT (top)-[:IS_A]->() "
        "RETURN [n IN nodes(p) | n.id] AS path, [e IN relationships(p) | e.evidence_count] AS evidence",
        database_=database)
    assert [record["path"] for record in records] == [["DOID:10763", "DOID:0050828", "DOID:1287"]]
    assert records[0]["evidence"] == [1, 1]
    assert counts(driver, database)["labels"]["SourceRelease"] == 1
