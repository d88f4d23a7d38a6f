"""The bulk import's collector on its own (pure units): CSV cells and headers, and that repeated writes are
applied as the writer's MERGE statements apply them. ``tests/ingest/test_bulk_load.py`` compares whole graphs
built both ways on a real Neo4j."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from graph.bulk import ARRAY_DELIMITER, EVIDENCE_FIELDS, BulkGraph, csv_cell
from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _evidence(text: str, confidence: float = 0.5, source: str = "s", document: str = "DOC:1") -> Evidence:
    return Evidence(source=source, document_id=document, text=text, confidence=confidence,
                    kind=EvidenceKind.CURATED_RECORD)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_cells_quote_text_and_leave_null_empty() -> None:
    assert csv_cell(None) == ""
    assert csv_cell("") == '""'  # an empty string, not a missing property
    assert csv_cell('say "a, b"') == '"say ""a, b"""'
    assert csv_cell(True) == "true" and csv_cell(3) == "3" and csv_cell(0.1) == "0.1"
    assert csv_cell(["x;y", "z"]) == f'"x;y{ARRAY_DELIMITER}z"'  # ";" (the tool's default delimiter) stays inside
    assert csv_cell(NOW) == "2026-01-02T03:04:05+00:00"


def test_evidence_columns_follow_the_model() -> None:
    assert EVIDENCE_FIELDS["confidence"] == "double" and EVIDENCE_FIELDS["start"] == "long"
    assert EVIDENCE_FIELDS["kind"] == "string" and EVIDENCE_FIELDS["ingested_at"] == "datetime"
    assert set(Evidence.model_fields) < set(EVIDENCE_FIELDS)


def test_repeated_writes_merge_as_the_writer_does(tmp_path: Path) -> None:
    graph = BulkGraph(tmp_path, now=NOW)
    graph.write_documents([Document(id="DOC:1", label=DocumentLabel.SOURCE_RELEASE, source="s", title="old",
                                    properties={"license": "CC0", "n": 1})])
    graph.write_documents([Document(id="DOC:1", label=DocumentLabel.SOURCE_RELEASE, source="s", title="new",
                                    properties={"n": None})])
    graph.write_entities([Entity(id="X:1", label=NodeLabel.DRUG, name="first", synonyms=("b", "a")),
                          Entity(id="X:2", label=NodeLabel.DISEASE, name="d")])
    graph.write_entities([Entity(id="X:1", label=NodeLabel.DRUG_CLASS, name="second", synonyms=("c", "a"))])
    missing = graph.write_relations([Relation(type=RelType.TREATS, head="X:1", tail="X:9",
                                              evidence=(_evidence("later"),))])
    assert (missing.relations, missing.relations_missing_ends) == (0, 1)
    relation = Relation(type=RelType.TREATS, head="X:1", tail="X:2", evidence=(_evidence("one", 0.4),))
    graph.write_relations([relation])
    graph.write_relations([relation])  # the same evidence again: nothing new
    graph.write_relations([Relation(type=RelType.TREATS, head="X:1", tail="X:2", evidence=(
        _evidence("two", 0.9, source="a", document="DOC:none"),))])
    files = graph.close()

    # 2 entities, 1 document, 2 evidence; 1 relation and 1 evidence link (DOC:none is not in the graph)
    assert (files.nodes, files.relationships) == (5, 2)
    entities = _lines(tmp_path / "entities.csv")
    assert entities[0] == "id:ID(Entity),:LABEL,name:string,synonyms:string[],xrefs:string[],sources:string[]," \
                          "synonyms_text:string"
    d = ARRAY_DELIMITER
    # synonyms in the order the sources gave them (the first Chinese one is the name a page shows)
    assert entities[1] == f'"X:1","Entity{d}Drug{d}DrugClass","first","b{d}a{d}c",,,"b | a | c | "'
    assert entities[2] == '"X:2","Entity{0}Disease","d",,,,""'.format(d)
    documents = _lines(tmp_path / "documents-0.csv")
    assert documents[0] == "id:ID(Document),:LABEL,license:string,source:string,title:string"
    assert documents[1] == f'"DOC:1","Document{d}SourceRelease","CC0","s","new"'
    relations = _lines(tmp_path / "relations.csv")
    assert relations[1] == f'X:1,X:2,TREATS,{NOW.isoformat()},2,0.9,a{d}s,true'  # the csv module quotes what needs it
    assert len(_lines(tmp_path / "evidence.csv")) == 3
    assert _lines(tmp_path / "evidence-documents.csv")[1:] == [f'"{relation.evidence[0].key(relation.key)}","DOC:1"']
    arguments = files.import_arguments("neo4j", overwrite=True)
    assert arguments[:3] == ["database", "import", "full"] and arguments[-1] == "neo4j"
    assert f"--nodes=Evidence={tmp_path / 'evidence.csv'}" in arguments and "--overwrite-destination=true" in arguments
    assert "--multiline-fields=true" not in arguments


def test_values_over_several_lines_ask_for_multiline_parsing(tmp_path: Path) -> None:
    graph = BulkGraph(tmp_path, now=NOW)
    graph.write_entities([Entity(id="X:1", label=NodeLabel.DRUG, name="a"),
                          Entity(id="X:2", label=NodeLabel.DISEASE, name="b")])
    graph.write_relations([Relation(type=RelType.TREATS, head="X:1", tail="X:2", evidence=(_evidence("two\nlines"),))])
    assert "--multiline-fields=true" in graph.close().import_arguments("neo4j")


def test_no_document_link_file_without_documents(tmp_path: Path) -> None:
    graph = BulkGraph(tmp_path, now=NOW)  # the tool refuses a file whose id space (Document) has no nodes
    graph.write_entities([Entity(id="X:1", label=NodeLabel.DRUG, name="a"),
                          Entity(id="X:2", label=NodeLabel.DISEASE, name="b")])
    graph.write_relations([Relation(type=RelType.TREATS, head="X:1", tail="X:2", evidence=(_evidence("t"),))])
    assert [f.path.name for f in graph.close().files] == ["entities.csv", "relations.csv", "evidence.csv"]


def test_a_statement_across_sentences_keeps_each_sentence_as_a_list_of_longs(tmp_path: Path) -> None:
    graph = BulkGraph(tmp_path, now=NOW)
    graph.write_entities([Entity(id="X:1", label=NodeLabel.DRUG, name="d"),
                          Entity(id="X:2", label=NodeLabel.DISEASE, name="e")])
    across = Evidence(source="pubmed", document_id="PMID:1", text="A … B", start=0, end=12, confidence=0.5,
                      kind=EvidenceKind.LITERATURE_EXTRACTION, sentence_offsets=(0, 5, 7, 12))
    graph.write_relations([Relation(type=RelType.CAUSES, head="X:1", tail="X:2", evidence=(across,))])
    graph.close()
    header, row = _lines(tmp_path / "evidence.csv")[:2]
    assert "sentence_offsets:long[]" in header.split(",")
    assert f"0{ARRAY_DELIMITER}5{ARRAY_DELIMITER}7{ARRAY_DELIMITER}12" in row


def test_relationship_lines_read_back_to_their_values_when_ids_hold_commas_and_quotes(tmp_path: Path) -> None:
    import csv

    graph = BulkGraph(tmp_path, now=NOW)
    odd = 'X:1,"a"'
    graph.write_entities([Entity(id=odd, label=NodeLabel.DRUG, name="odd"),
                          Entity(id="X:2", label=NodeLabel.DISEASE, name="d")])
    graph.write_relations([Relation(type=RelType.TREATS, head=odd, tail="X:2", evidence=(_evidence("one", 0.25),))])
    graph.close()
    with (tmp_path / "relations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == [odd, "X:2", "TREATS", NOW.isoformat(), "1", "0.25", "s", "true"]
