"""PubTator3's bulk files as a source: the exact file layouts, the mapping table, the real Neo4j, a bad line and
re-runs."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from _ingest_support import snapshot, term_linker

from ingest.pipeline import ingest_paths
from ingest.pipeline.pubtator3_map import RELATION_RULES, relation_name
from ingest.readers.pubtator3 import ConceptLine, Pubtator3Reader, RelationLine, parse_concept, parse_relation
from ingest.readers.types import Rejected

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "pubtator3"
BAD_LINE = "not-a-pmid\ttreat\tChemical|MESH:D008687"


def _gzipped(folder: Path, name: str, extra: list[str] = (), after: int = 0) -> Path:
    """A fixture as its gzipped bulk file, with ``extra`` lines inserted after line ``after``."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    lines[after:after] = list(extra)
    path = folder / f"{name}.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


# pure units: the layouts ------------------------------------------------------------------------------------------
def test_concept_line_splits_ids_except_mutations_and_keeps_no_id_as_empty():
    gene = parse_concept("100\tGene\t6900;1491938\tTax\tPubTator3|gene2pubmed", 1)
    assert isinstance(gene, ConceptLine) and gene.ids == ("6900", "1491938")
    assert gene.resources == ("PubTator3", "gene2pubmed")
    mutation = parse_concept("200\tMutation\ttmVar:c|SUB|A|2063|G;HGVS:c.2063A>G;VariantGroup:0\tA2063G\tPubTator3", 2)
    assert isinstance(mutation, ConceptLine) and len(mutation.ids) == 1
    unnormalised = parse_concept("100\tChemical\t-\tBE9|GCAL-9 bioactive extract\tPubTator3", 3)
    assert isinstance(unnormalised, ConceptLine) and unnormalised.ids == ()
    assert unnormalised.mentions == ("BE9", "GCAL-9 bioactive extract")
    curated_only = parse_concept("200\tMutation\trs121434568\t\tClinVar|dbSNP", 4)
    assert isinstance(curated_only, ConceptLine) and curated_only.mentions == ()


def test_relation_line_roles_and_bad_lines_say_why():
    line = parse_relation(
        "20817350\tcause\tDisease|MESH:D000544\tProteinMutation|RS#:1800562;CorrespondingGene:3077", 7)
    assert isinstance(line, RelationLine) and line.first.type == "Disease" and line.second.type == "ProteinMutation"
    assert line.second.ids == ("RS#:1800562;CorrespondingGene:3077",)
    assert "4 tab-separated columns" in parse_relation(BAD_LINE, 1)
    assert "not a number" in parse_relation("x1\ttreat\tChemical|MESH:D1\tDisease|MESH:D2", 1)
    assert "EntityType|id" in parse_relation("1\ttreat\tMESH:D1\tDisease|MESH:D2", 1)


def test_reader_streams_gzip_and_sets_aside_undecodable_and_truncated(tmp_path):
    path = _gzipped(tmp_path, "relation2pubtator3")
    records = list(Pubtator3Reader(path).records())
    assert len(records) == 21 and all(isinstance(r, RelationLine) for r in records)
    broken = tmp_path / "relation2pubtator3_truncated.gz"
    broken.write_bytes(path.read_bytes()[:-20])
    tail = list(Pubtator3Reader(broken).records())[-1]
    assert isinstance(tail, Rejected) and tail.record == "rest of file" and "gzip" in tail.reason
    latin = tmp_path / "relation2pubtator3_latin1"
    latin.write_bytes(b"1\ttreat\tChemical|MESH:D1\tDisease|caf\xe9\n2\ttreat\tChemical|MESH:D1\tDisease|MESH:D2\n")
    first, second = Pubtator3Reader(latin).records()
    assert isinstance(first, Rejected) and first.record == "line 1" and "UTF-8" in first.reason
    assert isinstance(second, RelationLine) and second.line == 2


def test_biored_names_map_like_the_bulk_names():
    assert relation_name("Positive_Correlation") == "positive_correlate"
    assert relation_name("Drug_Interaction") == "drug_interact"
    assert relation_name("Bind") == "interact" and relation_name("treat") == "treat"
    heads = {rule[1] for rule in RELATION_RULES.values()}
    assert heads <= {"Chemical", "Disease"}  # a drug or a disease is always the head, whatever the file's order


# the real Neo4j ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def vocabulary_linker(linker):
    return linker


def _ingest(driver, settings, paths, linker):
    return ingest_paths(driver, settings, paths, "pubtator3", linker=linker, extractor=term_linker().extractor(),
                        executor="serial", progress=False)


def _rows(driver, database: str, query: str, **params):
    with driver.session(database=database) as session:
        return session.run(query, **params).data()


def test_bulk_files_become_facts_with_document_level_evidence(driver, database, neo4j_settings, tmp_path,
                                                              vocabulary_linker):
    relations = _gzipped(tmp_path, "relation2pubtator3", [BAD_LINE], after=5)
    concepts = _gzipped(tmp_path, "bioconcepts2pubtator3")
    report = _ingest(driver, neo4j_settings, [tmp_path], vocabulary_linker)
    source = report.sources["pubtator3"]
    assert source.files_processed == 2 and source.quarantined == 1 and report.exit_code == 3
    assert source.facts_written == 11 and source.evidence_written == 12
    rel = source.details[str(relations.resolve())]
    assert rel["lines"] == 21 and sum(rel["relations_mapped"].values()) == 12
    assert rel["skipped"]["Chemical id not in vocabulary"] == 1
    assert rel["skipped"]["Chemical not normalised by PubTator3 (-)"] == 1
    assert rel["skipped"]["not mapped: Chemical–Gene inhibit"] == 1
    assert rel["skipped"]["not mapped: Chemical–Disease associate"] == 1
    assert rel["skipped"]["not mapped: Chemical–Disease prevent"] == 1
    assert sum(rel["skipped"].values()) == 9
    con = source.details[str(concepts.resolve())]
    assert con["concepts_mapped"] == 5 and con["skipped"]["Gene id not in vocabulary"] == 1
    assert con["skipped"]["concept type not modelled: Mutation"] == 2

    treats = _rows(driver, database, "MATCH (:Drug {id: 'MESH:D008687'})-[r:TREATS]->(:Disease {id: 'MESH:D003924'}) "
                                     "MATCH (e:Evidence {rel_key: 'TREATS|MESH:D008687|MESH:D003924'}) "
                                     "RETURN r.evidence_count AS n, e "
                                     "ORDER BY e.document_id")
    assert [row["e"]["document_id"] for row in treats] == ["PMID:30000017", "PMID:33846804"]
    assert treats[0]["n"] == 2
    assert treats[0]["e"]["text"] == treats[1]["e"]["text"]  # PMID 30000017 has the roles the other way round
    evidence = treats[1]["e"]
    assert evidence["kind"] == "literature-extraction" and evidence["extractor"] == "PubTator3 (BioREx)"
    assert evidence["source"] == "pubtator3" and evidence["section"] == "document" and evidence.get("start") is None
    assert evidence["text"] == ("PubTator3 (BioREx), whole article: Chemical|MESH:D008687 treat "
                                "Disease|MESH:D003924")
    facts = {(row["t"], row["h"], row["x"]) for row in _rows(
        driver, database,
        "MATCH (h)-[r]->(x) WHERE r.evidence_count IS NOT NULL RETURN type(r) AS t, h.id AS h, x.id AS x")}
    assert ("CAUSES", "MESH:D001241", "MESH:D012202") in facts  # the file put the disease first
    assert ("INTERACTS_WITH", "MESH:D001241", "MESH:D014859") in facts
    assert ("ASSOCIATED_WITH", "MESH:D001943", "NCBIGENE:672") in facts
    assert ("TARGETS", "MESH:D000068877", "NCBIGENE:25") in facts
    assert ("TREATS", "MESH:D001241", "MESH:D006261") in facts  # PubTator3 Disease, our Phenotype
    assert not {f for f in facts if f[1] == "MESH:D019821" or "MESH:D006333" in f}  # inhibit, prevent: skipped
    assert len(facts) == 11
    quarantined = _rows(driver, database, "MATCH (q:Quarantine) RETURN q.file AS file, q.record AS record")
    assert quarantined == [{"file": str(relations.resolve()), "record": "line 6"}]


def test_rerun_and_a_new_dump_duplicate_nothing(driver, database, neo4j_settings, tmp_path, vocabulary_linker):
    first = tmp_path / "first"
    first.mkdir()
    _gzipped(first, "relation2pubtator3")
    _ingest(driver, neo4j_settings, [first], vocabulary_linker)
    before = snapshot(driver, database)
    again = _ingest(driver, neo4j_settings, [first], vocabulary_linker)
    assert again.sources["pubtator3"].files_skipped == 1 and snapshot(driver, database) == before
    newer = tmp_path / "newer"  # next month's dump: the same lines and one more, a new checksum, read again
    newer.mkdir()
    _gzipped(newer, "relation2pubtator3", ["30000018\ttreat\tChemical|MESH:D002216\tDisease|MESH:D006333"], after=21)
    dump = _ingest(driver, neo4j_settings, [newer], vocabulary_linker)
    assert dump.sources["pubtator3"].files_processed == 1
    nodes, relations = snapshot(driver, database)
    assert len(nodes) == len(before[0]) + 2  # Heart Failure and one evidence node; the 12 known are not rewritten
    assert len(relations) == len(before[1]) + 1  # the new TREATS; every known relation is as it was
    assert before[1] <= relations
    evidence = _rows(driver, database, "MATCH (e:Evidence) RETURN count(e) AS n")[0]["n"]
    assert evidence == 13


def test_nightly_config_runs_pubtator3(tmp_path):
    from ingest.pipeline.nightly import read_sources_config

    config = tmp_path / "sources.toml"
    config.write_text('[pubtator3]\npaths = ["dumps"]\n', encoding="utf-8")
    assert read_sources_config(config) == [("pubtator3", [tmp_path / "dumps"], None)]
