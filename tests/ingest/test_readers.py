"""Readers on the bundled real files and on bad input (no Neo4j)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _ingest_support import DATA, pubmed_file

from ingest.readers.bioc import read_bioc
from ingest.readers.openfda import read_indications_text, read_openfda
from ingest.readers.pubmed import read_pubmed
from ingest.readers.pubtator import read_pubtator
from ingest.readers.spl import load_loinc_sections, read_spl
from ingest.readers.types import Deletion, Rejected, Skipped, SourceDocument
from nlp.dose_tables import TABLE_SECTION

LOINC = load_loinc_sections(DATA / "openfda" / "spl-loinc-sections.csv")


def test_pubmed_structured_abstract_fields():
    (doc,) = list(read_pubmed(DATA / "pubmed-xml-samples" / "pubmed-29768149.xml"))
    assert doc.id == "PMID:29768149" and doc.version == "1" and doc.published == "2018-05-17"
    assert doc.properties["journal"] == "The New England journal of medicine"
    assert "MESH:D001249" in doc.properties["mesh_ids"].split(";")  # Asthma
    assert [s.code for s in doc.sections][:3] == ["title", "BACKGROUND", "METHODS"]
    text = doc.text()
    for section, offset in zip(doc.sections, doc.section_offsets()):
        assert text[offset:offset + len(section.text)] == section.text


def test_pubmed_gz_baseline_with_delete_citation():
    items = list(read_pubmed(DATA / "pubmed-xml-samples" / "medline16n0902.xml.gz"))
    assert sum(isinstance(i, SourceDocument) for i in items) == 604
    deletions = [i for i in items if isinstance(i, Deletion)]
    assert deletions and all(d.startswith("PMID:") for d in deletions[0].document_ids)


def test_spl_label_product_sections_and_subsections():
    (doc,) = list(read_spl(DATA / "spl-xml-samples" / "lipitor-orig.xml", LOINC))
    assert doc.id == "SETID:c6e131fe-e7df-4876-83f7-9156fc4e8228@v11" and doc.published == "2014-01-13"
    assert "Lipitor" in doc.product.names and "A0JWA85V8F" in doc.product.unii
    titles = [s.title for s in doc.sections if s.code == "34067-9"]
    assert "1.3 Limitations of Use" in titles
    dosage = [s for s in doc.sections if s.code == "34068-7"]
    assert any("10 or 20 mg once daily" in s.text for s in dosage)
    assert not any("These highlights" in s.text for s in doc.sections)


def test_spl_indexing_document_is_skipped():
    (item,) = list(read_spl(DATA / "spl-xml-samples" / "METHOXSALEN-pharmclass-indexing.xml", LOINC))
    assert isinstance(item, Skipped) and "not a drug label" in item.reason


def test_openfda_bulk_and_jsonl(tmp_path: Path):
    record = {"set_id": "abc", "version": "3", "effective_time": "20200102",
              "openfda": {"generic_name": ["ATORVASTATIN"], "rxcui": ["83367"], "unii": ["A0JWA85V8F"]},
              "indications_and_usage": ["Atorvastatin is indicated for hyperlipidemia."],
              "dosage_and_administration": ["10 mg once daily."]}
    bulk = tmp_path / "bulk.json"
    bulk.write_text(json.dumps({"results": [record, {"set_id": "x", "indications_and_usage": ["y"]}]}))
    doc, rejected = list(read_openfda(bulk, LOINC))
    assert doc.id == "SETID:abc@v3" and doc.product.rxcui == ("83367",) and doc.published == "2020-01-02"
    assert {s.code for s in doc.sections} == {"34067-9", "34068-7"}
    assert isinstance(rejected, Rejected) and "no product name" in rejected.reason and "results[1]" in rejected.record
    lines = tmp_path / "labels.jsonl"
    lines.write_text(json.dumps(record) + "\n{not json\n")
    good, bad = list(read_openfda(lines, LOINC))
    assert good.id == doc.id and isinstance(bad, Rejected) and bad.record == "line 2"


def test_openfda_dosage_tables_become_their_own_sections(tmp_path: Path):
    """openFDA keeps Dosage and Administration tables as XHTML beside the flattened text: each becomes a
    section of pipe-separated rows after every other section (offsets of the earlier sections unchanged)."""
    table = ("<table><caption>Table 1: Dose in Renal Impairment (Administered Orally Once Daily)</caption><thead><tr>"
             "<th>Estimated Creatinine Clearance</th><th>Recommended Dose</th></tr></thead><tbody><tr>"
             "<td>CLcr 15 to 29 mL/min</td><td>4 mg</td></tr></tbody></table>")
    record = {"set_id": "t1", "openfda": {"generic_name": ["FESOTERODINE"]},
              "dosage_and_administration": ["8 mg once daily."], "dosage_and_administration_table": [table, "<p/>"]}
    path = tmp_path / "label.json"
    path.write_text(json.dumps(record))
    (doc,) = list(read_openfda(path, LOINC))
    *_, last = doc.sections
    assert last.name == TABLE_SECTION and last.code == "34068-7"
    assert last.text.split("\n")[-1] == "| CLcr 15 to 29 mL/min | 4 mg |"
    assert sum(s.name == TABLE_SECTION for s in doc.sections) == 1  # markup without a table gives none


def test_spl_dosage_tables_become_their_own_sections():
    (doc,) = list(read_spl(DATA / "spl-xml-samples" / "humira.xml", LOINC))
    tables = [s for s in doc.sections if s.name == TABLE_SECTION]
    assert tables and all(s.code == "34068-7" for s in tables)
    assert any("| 15 kg (33 lbs) to <30 kg (66 lbs) | 20 mg every other week" in s.text for s in tables)


def test_openfda_record_without_set_id_is_rejected_with_file_and_record():
    path = DATA / "openfda" / "label-humira-2c9fb32d.text.json"
    (item,) = list(read_openfda(path, LOINC))
    assert isinstance(item, Rejected) and item.file == str(path) and "set_id" in item.reason


def test_indications_text_jsonl():
    items = list(read_indications_text(DATA / "dailymed-indications-text" / "curation.jsonl"))
    assert len(items) == 2973 and all(isinstance(i, SourceDocument) for i in items)
    assert items[0].properties["subject_from_text"] and "acute myeloid leukemia" in items[0].text()


def test_pubtator_and_bioc_offsets_match_text():
    pubtator = next(read_pubtator(DATA / "bc5cdr" / "CDR_TestSet.PubTator.txt"))
    bioc = next(read_bioc(DATA / "bc5cdr" / "CDR_TestSet.BioC.xml.gz"))
    for doc in (pubtator, bioc):
        assert doc.id == "PMID:8701013"
        text = doc.text().replace("\n\n", " ")  # PubTator offsets count one separator character
        for annotation in doc.annotations[:10]:
            assert doc.text()[annotation.start:annotation.end] == annotation.text or \
                text[annotation.start:annotation.end] == annotation.text


# Bad input -----------------------------------------------------------------------------------------------------
def test_truncated_xml_keeps_earlier_records(tmp_path: Path):
    path = pubmed_file(tmp_path / "t.xml", [("1", "Aspirin and headache.", "Aspirin relieves headache."),
                                             ("2", "Second.", "Text.")])
    path.write_text(path.read_text()[:-120])
    items = list(read_pubmed(path))
    assert isinstance(items[0], SourceDocument) and items[0].id == "PMID:1"
    assert isinstance(items[-1], Rejected) and items[-1].file == str(path) and "malformed XML" in items[-1].reason
    assert "PMID 1" in items[-1].record


def test_xml_bomb_is_refused(tmp_path: Path):
    path = tmp_path / "bomb.xml"
    entities = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 10))
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY l0 "lol">{entities}]>'
                    f"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&l9;"
                    f"</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    (item,) = list(read_pubmed(path))
    assert isinstance(item, Rejected) and "XML bomb" in item.reason and str(path) in item.reason


def test_wrong_encoding(tmp_path: Path):
    path = pubmed_file(tmp_path / "enc.xml", [("1", "Fine.", "Fine."), ("2", "Caf\u00e9 latte.", "Text.")])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))  # declared UTF-8, written Latin-1
    items = list(read_pubmed(path))
    assert items[0].id == "PMID:1" and isinstance(items[-1], Rejected)
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_bytes('{"text": "ok"}\n'.encode() + '{"text": "Caf\u00e9"}\n'.encode("latin-1"))
    good, bad = list(read_indications_text(jsonl))
    assert isinstance(bad, Rejected) and bad.record == "line 2" and "UTF-8" in bad.reason


def test_empty_abstract_and_huge_record(tmp_path: Path):
    big = "<AbstractText>" + "x " * 500_000 + "</AbstractText>"
    path = pubmed_file(tmp_path / "e.xml", [("1", "Empty.", ""), ("2", "Big.", "y"), ("3", "Fine.", "Fine text.")])
    text = path.read_text().replace("<AbstractText>y</AbstractText>", big * 10)  # a 10 MB abstract
    path.write_text(text)
    assert path.stat().st_size > 10_000_000
    items = list(read_pubmed(path))
    assert [type(i).__name__ for i in items] == ["Rejected", "Rejected", "SourceDocument"]
    assert items[0].record == "PMID 1" and "empty abstract" in items[0].reason
    assert items[1].record == "PMID 2" and "too large" in items[1].reason


def test_label_with_no_product_name(tmp_path: Path):
    source = (DATA / "spl-xml-samples" / "viagra-64f8040f-938d-4236-8e22-c838c9b5f8da.xml").read_text()
    import re

    stripped = re.sub(r"<manufacturedProduct>.*</manufacturedProduct>", "", source, flags=re.S)
    path = tmp_path / "noname.xml"
    path.write_text(stripped)
    (item,) = list(read_spl(path, LOINC))
    assert isinstance(item, Rejected) and "no product name" in item.reason and "0b0be196" in item.record


@pytest.mark.parametrize("name", ["humira.xml", "Adcetris.xml", "no-title.xml", "cough-otc.xml"])
def test_every_bundled_label_reads(name: str):
    (doc,) = list(read_spl(DATA / "spl-xml-samples" / name, LOINC))
    assert isinstance(doc, SourceDocument) and doc.product.names and doc.sections
