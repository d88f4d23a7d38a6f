"""Every producer of evidence states its kind, and the answer's badge and weights follow that kind alone.

One case per source: each curated source adapter, drug labels (SPL XML, openFDA), DailyMed indication texts,
PubMed and BioC articles, the dictionary fallback, a user's RDF import and link-prediction hypotheses. The documents
come from the real readers over the shared sample data, the evidence from the producers' own code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.models import Evidence, EvidenceKind, RelType
from graph.rdf import MEDKG, iri_for_id, read_relations
from ingest.pipeline.dictionary_extractor import NAME as DICTIONARY
from ingest.pipeline.facts import evidence_kind
from ingest.readers.bioc import read_bioc
from ingest.readers.openfda import read_indications_text, read_openfda
from ingest.readers.pubmed import read_pubmed
from ingest.readers.spl import read_spl
from ingest.readers.types import SourceDocument
from ingest.sources.registry import SOURCES
from query import ranking
from query.models import Badge

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
MODEL = "biobert-ner-re"  # any trained model's name: not the dictionary fallback
BIOC = """<?xml version="1.0"?><collection><source>test</source><document><id>BC-7</id>
<passage><infon key="type">title</infon><offset>0</offset><text>Lithium-induced nephrogenic diabetes insipidus.</text>
</passage></document></collection>"""


def _first(items) -> SourceDocument:
    return next(item for item in items if isinstance(item, SourceDocument))


def _indications_text(tmp: Path) -> SourceDocument:
    path = tmp / "indications.jsonl"
    path.write_text(json.dumps({"text": "ZELAPAR is indicated as an adjunct in Parkinson's disease."}) + "\n")
    return _first(read_indications_text(path))


def _openfda(tmp: Path) -> SourceDocument:
    path = tmp / "labels.jsonl"
    path.write_text(json.dumps({"set_id": "abc", "version": "3", "openfda": {"generic_name": ["ATORVASTATIN"]},
                                "indications_and_usage": ["Atorvastatin is indicated for hyperlipidemia."]}) + "\n")
    return _first(read_openfda(path))


def _bioc(tmp: Path) -> SourceDocument:
    path = tmp / "collection.xml"
    path.write_text(BIOC)
    return _first(read_bioc(path))


@dataclass(frozen=True)
class Case:
    document: Callable[[Path], SourceDocument]
    extractor: str
    kind: EvidenceKind
    badge: Badge


EXTRACTED = {
    "spl-label": Case(lambda _: _first(read_spl(DATA / "spl-xml-samples" / "lipitor-orig.xml")), MODEL,
                      EvidenceKind.LABEL_STATEMENT, Badge.LABEL),
    "spl-label-dictionary": Case(lambda _: _first(read_spl(DATA / "spl-xml-samples" / "lipitor-orig.xml")),
                                 DICTIONARY, EvidenceKind.LABEL_STATEMENT, Badge.LABEL),
    "openfda-label": Case(_openfda, MODEL, EvidenceKind.LABEL_STATEMENT, Badge.LABEL),
    "dailymed-indications": Case(_indications_text, MODEL, EvidenceKind.LABEL_EXTRACTION, Badge.LABEL),
    "dailymed-indications-dictionary": Case(_indications_text, DICTIONARY, EvidenceKind.DICTIONARY_FALLBACK,
                                            Badge.DICTIONARY),
    "pubmed": Case(lambda _: _first(read_pubmed(DATA / "pubmed-xml-samples" / "pubmed-29768149.xml")), MODEL,
                   EvidenceKind.LITERATURE_EXTRACTION, Badge.LITERATURE),
    "bioc": Case(_bioc, MODEL, EvidenceKind.LITERATURE_EXTRACTION, Badge.LITERATURE),
    "pubmed-dictionary": Case(lambda _: _first(read_pubmed(DATA / "pubmed-xml-samples" / "pubmed-29768149.xml")),
                              DICTIONARY, EvidenceKind.DICTIONARY_FALLBACK, Badge.DICTIONARY),
}


def _row(evidence: Evidence, relation: RelType = RelType.TREATS) -> dict:
    """One template row (``query.templates.related``) for a relation with this one evidence."""
    return {"id": "MESH:D1", "name": "an answer", "type": "Disease", "xrefs": [], "synonyms": [],
            "relation": relation.value, "evidence_count": 1, "best_confidence": evidence.confidence,
            "sources": [evidence.source], "evidence": [evidence.model_dump(mode="json")],
            "kinds": [evidence.kind.value], "kind_sources": [{"kind": evidence.kind.value, "source": evidence.source}]}


def _ranked(evidence: Evidence, relation: RelType = RelType.TREATS):
    [item] = ranking.rank([_row(evidence, relation)], 5)
    return item


@pytest.mark.parametrize("name", sorted(EXTRACTED))
def test_extracted_evidence_states_its_kind_and_gets_its_badge(name: str, tmp_path: Path) -> None:
    case = EXTRACTED[name]
    document = case.document(tmp_path)
    kind = evidence_kind(document, case.extractor)
    assert kind is case.kind
    evidence = Evidence(source=document.source, document_id=document.id, text="…", extractor=case.extractor,
                        extractor_version="2", confidence=0.8, kind=kind)
    item = _ranked(evidence)
    assert item.badges == [case.badge]
    assert item.explanation["curated"] == 0.0  # no extraction is ever weighed as a curated record
    assert item.evidence[0].kind is kind and item.evidence[0].extractor == case.extractor
    assert item.evidence[0].extractor_version == "2"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_curated_source_gives_curated_records(name: str) -> None:
    evidence = SOURCES[name].evidence("a record")
    assert evidence.kind is EvidenceKind.CURATED_RECORD
    item = _ranked(evidence)
    assert item.badges == [Badge.CURATED] and item.explanation["curated"] == pytest.approx(0.2)


def test_weights_follow_the_kind_not_the_source_name() -> None:
    """A label statement earns the whole label weight; a model's extraction from label text earns it times its
    confidence; literature saturates with the number of statements."""
    label = Evidence(source="dailymed", document_id="SETID:x@v1", kind=EvidenceKind.LABEL_STATEMENT, confidence=0.8)
    extracted = label.model_copy(update={"source": "dailymed-indications", "document_id": "DAILYMED-TEXT:1",
                                         "kind": EvidenceKind.LABEL_EXTRACTION})
    assert _ranked(label).explanation["label"] == pytest.approx(ranking.WEIGHTS["label"])
    assert _ranked(extracted).explanation["label"] == pytest.approx(ranking.WEIGHTS["label"] * 0.8)
    curated_indication = SOURCES["drugcentral"].evidence("indication")
    assert _ranked(curated_indication, RelType.INDICATED_FOR).badges == [Badge.CURATED, Badge.LABEL]
    assert _ranked(extracted, RelType.INDICATED_FOR).explanation["label"] == pytest.approx(0.2)


def test_a_bare_rdf_triple_is_a_user_import() -> None:
    graph = Graph()
    graph.add((URIRef(iri_for_id("MESH:D1")), MEDKG[RelType.TREATS.value], URIRef(iri_for_id("MESH:D2"))))
    [relation], _ = read_relations(graph)
    [evidence] = relation.evidence
    assert evidence.kind is EvidenceKind.USER_IMPORT
    assert _ranked(evidence).badges == [Badge.IMPORTED]


def test_link_predictions_are_hypotheses() -> None:
    @dataclass
    class Prediction:
        id: str
        score: float
        relation: str = "TREATS"

    entities = {"MESH:D2": {"id": "MESH:D2", "name": "b", "type": "Disease"}}
    [item] = ranking.hypotheses([Prediction("MESH:D2", 0.9)], entities, set(), 5, {"MESH:D2": (1, 0.2)})
    assert item.badges == [Badge.HYPOTHESIS] and item.hypothesis and not item.evidence
    assert item.explanation["kge_rank"] == 1 and item.explanation["held_out_precision"] == 0.2
    assert ranking.BADGE_OF_KIND[EvidenceKind.HYPOTHESIS] is Badge.HYPOTHESIS
