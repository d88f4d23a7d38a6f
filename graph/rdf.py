"""RDF views of the graph: export to Turtle / N-Triples with stable IRIs, import of the same shape, OWL sources.

IRIs
  Entities and documents get identifiers.org IRIs where the prefix is known (``MESH:D006973`` →
  ``https://identifiers.org/mesh:D006973``, ``DOID:9352`` → ``https://identifiers.org/DOID:9352``), else one in
  the medkg id namespace (``https://w3id.org/medkg/id/…``); both directions are exact, so ids survive a round trip.

Shape (vocabulary ``medkg:`` = ``https://w3id.org/medkg/vocab/``)
  ``<drug> a medkg:Entity, medkg:Drug ; medkg:id "…" ; rdfs:label "…" ; skos:altLabel "…" ;
  skos:exactMatch <xref> ; medkg:source "…"``.
  A relationship is a direct triple ``<drug> medkg:TREATS <disease>`` and a reified ``rdf:Statement`` (IRI from
  its key) holding ``medkg:evidenceCount``, ``medkg:bestConfidence``, ``medkg:source``, ``medkg:active``.
  Each evidence node is ``<evidence/…> a medkg:Evidence ; medkg:supports <statement> ; medkg:document <doc> ;
  medkg:text … ; medkg:confidence …``; documents are ``medkg:Document`` plus their kind, with ``dcterms:title``.

Import turns such a graph back into ``Entity``/``Document``/``Relation`` models for ``GraphWriter``: evidence ids
are content hashes, so export → import → export gives the same triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.subgraph import Subgraph, document_kind, entity_kind

MEDKG = Namespace("https://w3id.org/medkg/vocab/")
MEDKG_ID = Namespace("https://w3id.org/medkg/id/")
MEDKG_EVIDENCE = Namespace("https://w3id.org/medkg/evidence/")
MEDKG_RELATION = Namespace("https://w3id.org/medkg/relation/")
MEDKG_PROPERTY = Namespace("https://w3id.org/medkg/property/")
IDENTIFIERS = "https://identifiers.org/"
OBO = "http://purl.obolibrary.org/obo/"

# medkg id prefix → identifiers.org compact-id prefix (the "embedded" ones keep the upper-case prefix).
IDENTIFIERS_ORG_PREFIXES = {
    "MESH": "mesh", "DOID": "DOID", "DRUGBANK": "drugbank", "RXNORM": "rxnorm", "UMLS": "umls",
    "NCBIGENE": "ncbigene", "PMID": "pubmed", "UBERON": "UBERON", "GO": "GO", "CHEBI": "CHEBI", "HP": "HP",
    "OMIM": "mim", "MEDDRA": "meddra", "UNII": "unii", "CHEMBL": "chembl.compound", "KEGG": "kegg",
    "REACTOME": "reactome", "NCT": "clinicaltrials",
}
_NAMESPACE_TO_PREFIX = {f"{IDENTIFIERS}{ns}:": prefix for prefix, ns in IDENTIFIERS_ORG_PREFIXES.items()}
RDF_FORMATS = {"turtle": "ttl", "nt": "nt", "xml": "rdf"}

# Evidence fields and their predicates; the order is the order of the Evidence model.
EVIDENCE_PREDICATES = {
    "source": MEDKG.source, "source_version": MEDKG.sourceVersion, "text": MEDKG.text, "start": MEDKG.start,
    "end": MEDKG.end, "section": MEDKG.section, "extractor": MEDKG.extractor,
    "extractor_version": MEDKG.extractorVersion, "confidence": MEDKG.confidence, "url": MEDKG.url,
    "kind": MEDKG.evidenceKind,
}
DOCUMENT_PREDICATES = {
    "title": DCTERMS.title, "source": MEDKG.source, "version": MEDKG.version, "url": MEDKG.url,
    "published": DCTERMS.issued,
}


# IRIs ------------------------------------------------------------------------------------------------------------
def iri_for_id(identifier: str) -> URIRef:
    """The stable IRI of a medkg id (entity, document or cross-reference)."""
    if identifier.startswith(("http://", "https://")):
        return URIRef(identifier)
    prefix, sep, local = identifier.partition(":")
    if sep and local and prefix in IDENTIFIERS_ORG_PREFIXES:
        return URIRef(f"{IDENTIFIERS}{IDENTIFIERS_ORG_PREFIXES[prefix]}:{quote(local, safe='')}")
    return MEDKG_ID[quote(identifier, safe=":")]


def id_for_iri(iri: str) -> str:
    """The medkg id an IRI stands for (the inverse of ``iri_for_id``; OBO PURLs become ``PREFIX:LOCAL``)."""
    for namespace, prefix in _NAMESPACE_TO_PREFIX.items():
        if iri.startswith(namespace):
            return f"{prefix}:{unquote(iri[len(namespace):])}"
    if iri.startswith(str(MEDKG_ID)):
        return unquote(iri[len(str(MEDKG_ID)):])
    if iri.startswith(OBO) and "_" in iri[len(OBO):]:
        prefix, _, local = iri[len(OBO):].partition("_")
        return f"{prefix}:{local}"
    return iri


def relation_iri(rel_type: str, head: str, tail: str) -> URIRef:
    return MEDKG_RELATION[quote(f"{rel_type}|{head}|{tail}", safe=":")]


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("medkg", MEDKG)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("medkgid", MEDKG_ID)
    graph.bind("evidence", MEDKG_EVIDENCE)
    graph.bind("relation", MEDKG_RELATION)
    graph.bind("property", MEDKG_PROPERTY)
    for prefix, namespace in IDENTIFIERS_ORG_PREFIXES.items():
        graph.bind(prefix.lower(), Namespace(f"{IDENTIFIERS}{namespace}:"))
    return graph


# Export ----------------------------------------------------------------------------------------------------------
def _literal(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(str(value))


def _add_typed_node(graph: Graph, identifier: str, base_class: URIRef, kind: str | None) -> URIRef:
    """``<iri> a <base>, <kind> ; medkg:id "…"``; returns the node's IRI."""
    node = iri_for_id(identifier)
    graph.add((node, RDF.type, base_class))
    if kind:
        graph.add((node, RDF.type, MEDKG[kind]))
    graph.add((node, MEDKG.id, Literal(identifier)))
    return node


def _add_entity(graph: Graph, entity: dict[str, Any]) -> None:
    node = _add_typed_node(graph, entity["id"], MEDKG.Entity, entity_kind(entity.get("labels", [])))
    if entity.get("name") is not None:
        graph.add((node, RDFS.label, Literal(entity["name"])))
    for synonym in entity.get("synonyms", []):
        graph.add((node, SKOS.altLabel, Literal(synonym)))
    for xref in entity.get("xrefs", []):
        graph.add((node, SKOS.exactMatch, iri_for_id(xref)))
    for source in entity.get("sources", []):
        graph.add((node, MEDKG.source, Literal(source)))


def _add_relation(graph: Graph, relation: dict[str, Any]) -> None:
    head, tail, predicate = iri_for_id(relation["head"]), iri_for_id(relation["tail"]), MEDKG[relation["type"]]
    graph.add((head, predicate, tail))
    statement = relation_iri(relation["type"], relation["head"], relation["tail"])
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, head))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, tail))
    for key, predicate_name in (("evidence_count", MEDKG.evidenceCount), ("best_confidence", MEDKG.bestConfidence),
                                ("active", MEDKG.active)):
        if relation.get(key) is not None:
            graph.add((statement, predicate_name, _literal(relation[key])))
    for source in relation.get("sources", []):
        graph.add((statement, MEDKG.source, Literal(source)))


def _add_evidence(graph: Graph, evidence: dict[str, Any]) -> None:
    node = MEDKG_EVIDENCE[evidence["id"]]
    graph.add((node, RDF.type, MEDKG.Evidence))
    graph.add((node, MEDKG.supports, relation_iri(evidence["rel_type"], evidence["head"], evidence["tail"])))
    graph.add((node, MEDKG.document, iri_for_id(evidence["document_id"])))
    for key, predicate in EVIDENCE_PREDICATES.items():
        if evidence.get(key) is not None:
            graph.add((node, predicate, _literal(evidence[key])))
    if evidence.get("retracted_at"):
        graph.add((node, MEDKG.retractedAt, Literal(evidence["retracted_at"], datatype=XSD.dateTime)))
        graph.add((node, MEDKG.retractedReason, Literal(evidence.get("retracted_reason", ""))))


def _add_document(graph: Graph, document: dict[str, Any]) -> None:
    node = _add_typed_node(graph, document["id"], MEDKG.Document, document_kind(document.get("labels", [])))
    for key, predicate in DOCUMENT_PREDICATES.items():
        if document.get(key) is not None:
            graph.add((node, predicate, _literal(document[key])))
    for key, value in document.items():
        if key not in DOCUMENT_PREDICATES and key not in {"id", "labels"} and value is not None:
            graph.add((node, MEDKG_PROPERTY[quote(key, safe="")], _literal(value)))


def subgraph_to_rdf(subgraph: Subgraph, graph: Graph | None = None) -> Graph:
    """An rdflib ``Graph`` of the subgraph's entities, relationships, evidence and documents."""
    graph = graph if graph is not None else new_graph()
    for entity in subgraph.entities:
        _add_entity(graph, entity)
    for relation in subgraph.relations:
        _add_relation(graph, relation)
    for evidence in subgraph.evidence:
        _add_evidence(graph, evidence)
    for document in subgraph.documents:
        _add_document(graph, document)
    return graph


def write_rdf(graph: Graph, path: Path, rdf_format: str = "turtle") -> int:
    """Serialise to ``turtle``, ``nt`` (N-Triples, sorted so files diff cleanly) or ``xml``; returns triples."""
    if rdf_format == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        graph.serialize(destination=path, format=rdf_format)
    return len(graph)


# Import ----------------------------------------------------------------------------------------------------------
@dataclass
class RdfFacts:
    """What an RDF file holds, as the writer's models."""

    entities: list[Entity] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _value(graph: Graph, node: Any, predicate: URIRef) -> Any:
    value = graph.value(node, predicate)
    return value.toPython() if isinstance(value, Literal) else value


def _strings(graph: Graph, node: Any, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(value) for value in graph.objects(node, predicate)))


def _kind(graph: Graph, node: Any, enum: type[NodeLabel] | type[DocumentLabel]) -> Any:
    kinds = {MEDKG[member.value]: member for member in enum}
    return next((kinds[t] for t in sorted(graph.objects(node, RDF.type)) if t in kinds), None)


def _node_id(graph: Graph, node: Any) -> str:
    return str(graph.value(node, MEDKG.id) or id_for_iri(str(node)))


def read_entities(graph: Graph) -> Iterator[Entity]:
    for node in sorted(set(graph.subjects(RDF.type, MEDKG.Entity))):
        kind = _kind(graph, node, NodeLabel)
        if kind is None:
            continue
        yield Entity(
            id=_node_id(graph, node), label=kind, name=str(graph.value(node, RDFS.label) or _node_id(graph, node)),
            synonyms=_strings(graph, node, SKOS.altLabel), sources=_strings(graph, node, MEDKG.source),
            xrefs=tuple(sorted(id_for_iri(str(x)) for x in graph.objects(node, SKOS.exactMatch))),
        )


def read_documents(graph: Graph) -> Iterator[Document]:
    for node in sorted(set(graph.subjects(RDF.type, MEDKG.Document))):
        kind = _kind(graph, node, DocumentLabel)
        if kind is None:
            continue
        fields = {key: _value(graph, node, predicate) for key, predicate in DOCUMENT_PREDICATES.items()}
        fields = {key: str(value) for key, value in fields.items() if value is not None}
        extra = {
            unquote(str(p)[len(str(MEDKG_PROPERTY)):]): o.toPython()
            for p, o in graph.predicate_objects(node) if str(p).startswith(str(MEDKG_PROPERTY))
        }
        yield Document(id=_node_id(graph, node), label=kind, properties=extra,
                       **{"source": "rdf", **fields})


def _evidence(graph: Graph, node: Any) -> Evidence:
    fields = {key: _value(graph, node, predicate) for key, predicate in EVIDENCE_PREDICATES.items()}
    document = graph.value(node, MEDKG.document)
    fields["document_id"] = id_for_iri(str(document)) if document is not None else str(node)
    fields["kind"] = fields.get("kind") or EvidenceKind.USER_IMPORT  # an import that does not say is the user's
    return Evidence(**{key: value for key, value in fields.items() if value is not None})


def read_relations(graph: Graph, default_source: str = "rdf") -> tuple[list[Relation], list[str]]:
    """Relations from evidence (``medkg:supports``), plus bare ``medkg:TYPE`` triples with one default evidence."""
    known_types = {MEDKG[member.value]: member for member in RelType}
    evidence_by_statement: dict[Any, list[Evidence]] = defaultdict(list)
    skipped: list[str] = []
    for node in sorted(set(graph.subjects(RDF.type, MEDKG.Evidence))):
        if graph.value(node, MEDKG.retractedAt) is not None:
            skipped.append(f"{node} (retracted)")
            continue
        statement = graph.value(node, MEDKG.supports)
        evidence_by_statement[statement].append(_evidence(graph, node))
    relations = []
    typed = ((rel_type, head, tail) for predicate, rel_type in known_types.items()
             for head, tail in sorted(graph.subject_objects(predicate)))
    for rel_type, head, tail in typed:
        if isinstance(head, BNode) or isinstance(tail, BNode):
            continue
        head_id, tail_id = _node_id(graph, head), _node_id(graph, tail)
        evidence = evidence_by_statement.get(relation_iri(rel_type.value, head_id, tail_id)) or [
            Evidence(source=default_source, document_id=f"{default_source}@rdf", extractor="rdf-import",
                     kind=EvidenceKind.USER_IMPORT)]
        relations.append(Relation(type=rel_type, head=head_id, tail=tail_id, evidence=tuple(evidence)))
    return relations, skipped


def rdf_to_facts(graph: Graph, default_source: str = "rdf") -> RdfFacts:
    """Entities, documents and relations (with evidence) of a graph in medkg's RDF shape."""
    relations, skipped = read_relations(graph, default_source)
    return RdfFacts(entities=list(read_entities(graph)), documents=list(read_documents(graph)),
                    relations=relations, skipped=skipped)


def load_rdf(path: Path, rdf_format: str | None = None) -> Graph:
    """Parse an RDF file; the format is guessed from the suffix when not given."""
    graph = Graph()
    graph.parse(path, format=rdf_format)
    return graph


def triples_of(graph: Graph) -> set[tuple[str, str, str]]:
    """The graph as comparable (subject, predicate, object) strings in N-Triples form."""
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in graph}


def facts_summary(facts: RdfFacts) -> dict[str, int]:
    return {"entities": len(facts.entities), "documents": len(facts.documents), "relations": len(facts.relations),
            "evidence": sum(len(r.evidence) for r in facts.relations), "skipped": len(facts.skipped)}


# OWL / RDFS ontologies as a source --------------------------------------------------------------------------------
OBO_IN_OWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
OWL_CLASS = URIRef("http://www.w3.org/2002/07/owl#Class")
OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")
SYNONYM_PREDICATES = (SKOS.altLabel, OBO_IN_OWL.hasExactSynonym, OBO_IN_OWL.hasRelatedSynonym)
XREF_PREDICATES = (OBO_IN_OWL.hasDbXref, SKOS.exactMatch)
XREF_PREFIX_ALIASES = {"MSH": "MESH", "UMLS_CUI": "UMLS", "NCBIGENE": "NCBIGENE", "ENTREZ": "NCBIGENE"}


def _ontology_classes(graph: Graph) -> list[URIRef]:
    classes = set(graph.subjects(RDF.type, OWL_CLASS)) | set(graph.subjects(RDF.type, RDFS.Class))
    return sorted(node for node in classes if isinstance(node, URIRef)
                  and graph.value(node, RDFS.label) is not None
                  and not (graph.value(node, OWL_DEPRECATED) or Literal(False)).toPython())


def _xref_ids(graph: Graph, node: URIRef) -> tuple[str, ...]:
    xrefs = set()
    for predicate in XREF_PREDICATES:
        for value in graph.objects(node, predicate):
            xref = str(value) if isinstance(value, Literal) else id_for_iri(str(value))
            prefix, sep, local = xref.partition(":")
            prefix = XREF_PREFIX_ALIASES.get(prefix.upper(), prefix.upper())
            xrefs.add(f"{prefix}:{local}" if sep and prefix in IDENTIFIERS_ORG_PREFIXES else xref)
    return tuple(sorted(xrefs))


def ontology_to_facts(graph: Graph, label: NodeLabel, source: str, version: str = "unknown",
                      url: str | None = None) -> RdfFacts:
    """Named, non-deprecated ``owl:Class``/``rdfs:Class`` terms as entities; ``rdfs:subClassOf`` as ``IS_A``."""
    release = Document(id=f"{source}@{version}", label=DocumentLabel.SOURCE_RELEASE, title=f"{source} {version}",
                       source=source, version=version, url=url)
    classes = _ontology_classes(graph)
    ids = {node: id_for_iri(str(node)) for node in classes}
    entities = [
        Entity(id=ids[node], label=label, name=str(graph.value(node, RDFS.label)), sources=(source,),
               synonyms=tuple(sorted({str(s) for p in SYNONYM_PREDICATES for s in graph.objects(node, p)})),
               xrefs=_xref_ids(graph, node))
        for node in classes
    ]
    relations = [
        Relation(type=RelType.IS_A, head=ids[node], tail=ids[parent], evidence=(Evidence(
            source=source, source_version=version, document_id=release.id, extractor="ontology", url=url,
            kind=EvidenceKind.CURATED_RECORD,
            text=f"{graph.value(node, RDFS.label)} is a {graph.value(parent, RDFS.label)}"),))
        for node in classes for parent in sorted(graph.objects(node, RDFS.subClassOf)) if parent in ids
    ]
    return RdfFacts(entities=entities, documents=[release], relations=relations)


# SPARQL ------------------------------------------------------------------------------------------------------------
SPARQL_PREFIXES = (
    "PREFIX medkg: <https://w3id.org/medkg/vocab/>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
)
# Drugs that treat or palliate a disease (bind ?disease), best-supported first.
SPARQL_TREATMENTS = SPARQL_PREFIXES + """
SELECT ?drug ?drugName ?relation ?evidenceCount ?bestConfidence WHERE {
  ?drug ?relation ?disease ; a medkg:Drug ; rdfs:label ?drugName .
  VALUES ?relation { medkg:TREATS medkg:PALLIATES }
  ?statement rdf:subject ?drug ; rdf:predicate ?relation ; rdf:object ?disease ;
             medkg:evidenceCount ?evidenceCount ; medkg:bestConfidence ?bestConfidence .
} ORDER BY DESC(?evidenceCount) DESC(?bestConfidence) ?drugName
"""
# Every piece of evidence for a relationship type, with its document (bind ?relation, e.g. medkg:TARGETS).
SPARQL_EVIDENCE = SPARQL_PREFIXES + """
SELECT ?headName ?tailName ?source ?document ?text ?confidence WHERE {
  ?evidence a medkg:Evidence ; medkg:supports ?statement ; medkg:source ?source ; medkg:document ?document ;
            medkg:confidence ?confidence .
  OPTIONAL { ?evidence medkg:text ?text }
  ?statement rdf:predicate ?relation ; rdf:subject ?head ; rdf:object ?tail .
  ?head rdfs:label ?headName . ?tail rdfs:label ?tailName .
} ORDER BY DESC(?confidence) ?headName ?tailName
"""
# Counts of entities per kind.
SPARQL_KIND_COUNTS = SPARQL_PREFIXES + """
SELECT ?kind (COUNT(?entity) AS ?entities) WHERE {
  ?entity a medkg:Entity, ?kind . FILTER(?kind != medkg:Entity)
} GROUP BY ?kind ORDER BY DESC(?entities)
"""


def sparql_rows(graph: Graph, query: str, **bindings: str) -> list[dict[str, Any]]:
    """Run a SPARQL SELECT; ``bindings`` name variables bound to medkg ids or ``medkg:`` terms (``TREATS``)."""
    init = {}
    for name, value in bindings.items():
        init[name] = MEDKG[value] if value in {member.value for member in RelType} else iri_for_id(value)
    result = graph.query(query, initBindings=init)
    names = [str(variable) for variable in result.vars]
    return [{name: (row[i].toPython() if isinstance(row[i], Literal) else row[i]) for i, name in enumerate(names)}
            for row in result]
