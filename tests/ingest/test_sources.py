"""Curated source adapters on small fixtures copied from the shared data (tests/data/curated), the vocabulary
built from the full shared data; imports go into the session's real Neo4j."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j import Driver

from core.errors import BadInput
from graph.models import Entity, Relation
from core.settings import Settings
from vocabulary import Vocabulary
from graph.writer import GraphWriter
from ingest.sources.drugcentral import indication_by_name, read_drugcentral
from vocabulary.findings import FindingIndex
from vocabulary.readers import ReadReport
from tests.conftest import DATA_DIR
from ingest.sources.registry import SOURCES, get_source, import_defaults, import_source, read_facts

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"
NAMES_ONLY = {"zh-names", "zh-names-opt-in"}  # sources that add names to existing nodes and state no relations
CJK = re.compile(r"[\u4e00-\u9fff]")


def _counts(driver: Driver, database: str) -> dict[str, int]:
    queries = {
        "nodes": "MATCH (n) RETURN count(n) AS n",
        "entities": "MATCH (n:Entity) RETURN count(n) AS n",
        "relationships": "MATCH ()-[r]->() RETURN count(r) AS n",
        "evidence": "MATCH (e:Evidence) RETURN count(e) AS n",
        "releases": "MATCH (d:SourceRelease) RETURN count(d) AS n",
    }
    with driver.session(database=database) as session:
        return {name: session.run(query).single()["n"] for name, query in queries.items()}


def test_registry_names_licences_and_defaults() -> None:
    assert set(SOURCES) == {"mesh", "disease-ontology", "drugcentral", "hetionet", "pharmacotherapydb",
                            "clinicaltrials", "sider", "do-symptoms", "medquad-symptoms", "columbia-symptoms",
                            "cmekg-symptoms", "zh-names", "zh-names-opt-in"}
    assert all(spec.license and spec.version for spec in SOURCES.values())
    assert not get_source("sider").default and "NC" in get_source("sider").license
    assert get_source("pharmacotherapydb").default
    assert get_source("do-symptoms").default and get_source("do-symptoms").license == "CC BY 3.0"
    assert get_source("medquad-symptoms").default and get_source("medquad-symptoms").license == "CC BY 4.0"
    assert get_source("zh-names").default and "HPO" in get_source("zh-names").license
    columbia = get_source("columbia-symptoms")
    assert not columbia.default and "none stated" in columbia.license  # no licence: opt-in only
    assert not get_source("cmekg-symptoms").default  # CMeKG's upstream terms are unclear: opt-in only
    assert not get_source("zh-names-opt-in").default  # CMeKG and SIDER-derived Chinese names


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_adapter_yields_canonical_facts_with_provenance(name: str, vocabulary: Vocabulary) -> None:
    spec = get_source(name)
    entities, relations, report = read_facts(spec, CURATED / spec.folder, vocabulary)
    assert entities and report.rows > 0
    assert all(isinstance(e, Entity) for e in entities) and all(isinstance(r, Relation) for r in relations)
    if name in NAMES_ONLY:  # Chinese synonyms on the vocabulary's own nodes, no relations
        assert not relations
        assert all(vocabulary.canonical_id(e.id) == e.id and any(CJK.search(s) for s in e.synonyms)
                   for e in entities)
    else:
        assert relations
    for relation in relations:
        assert relation.head != relation.tail
        assert all(ev.source == name and ev.source_version == spec.version for ev in relation.evidence)
        assert all(ev.document_id == spec.release_id for ev in relation.evidence)
    ids = {e.id for e in entities}
    assert not {"DOID:10763", "DOID:9352", "DRUGBANK:DB00331"} & ids  # merged into MeSH ids


def test_bad_rows_are_reported_per_file_with_line_numbers(vocabulary: Vocabulary) -> None:
    _, relations, report = read_facts(get_source("pharmacotherapydb"), CURATED / "pharmacotherapydb", vocabulary)
    problems = report.files[str(CURATED / "pharmacotherapydb" / "indications.tsv")]
    assert dict(problems.problems) == {"wrong column count": 1, "unknown id prefix": 1}
    assert [line for line, _ in problems.examples] == [8, 9]
    assert len(relations) == 4  # DM rows only; NOT rows are not facts
    _, _, report = read_facts(get_source("disease-ontology"), CURATED / "disease-ontology", vocabulary)
    obo = report.files[str(CURATED / "disease-ontology" / "HumanDO.obo.gz")]
    assert obo.problems["malformed OBO stanza"] == 1 and obo.rows >= 9
    _, _, report = read_facts(get_source("hetionet"), CURATED / "hetionet", vocabulary)
    sif = report.files[str(CURATED / "hetionet" / "hetionet-v1.0-edges-5k.sif.gz")]
    assert sif.problems["wrong column count"] == 1


def test_nothing_readable_is_an_error(tmp_path: Path, vocabulary: Vocabulary) -> None:
    (tmp_path / "indications.tsv").write_text("doid_id\tdrugbank_id\n")
    with pytest.raises(BadInput, match="nothing could be read"):
        read_facts(get_source("pharmacotherapydb"), tmp_path, vocabulary)
    with pytest.raises(BadInput, match="does not exist"):
        read_facts(get_source("mesh"), tmp_path / "missing", vocabulary)


def test_default_sources_make_one_node_per_entity_and_rerunning_changes_nothing(
    driver: Driver, database: str, vocabulary: Vocabulary,
) -> None:
    settings = Settings(data_dir=CURATED)
    writer = GraphWriter(driver, database)
    results = import_defaults(settings, vocabulary, writer)
    assert {r.source for r in results} == {s.name for s in SOURCES.values() if s.default}
    first = _counts(driver, database)
    assert first["releases"] == len(results)
    with driver.session(database=database) as session:
        rows = session.run(
            "MATCH (n:Entity) WHERE n.id = 'DOID:10763' OR 'DOID:10763' IN n.xrefs "
            "RETURN n.id AS id, n.xrefs AS xrefs, n.sources AS sources, labels(n) AS labels").data()
        assert len(rows) == 1, rows
        hypertension = rows[0]
        assert hypertension["id"] == "MESH:D006973" and "DOID:10763" in hypertension["xrefs"]
        assert {"mesh", "disease-ontology", "hetionet"} <= set(hypertension["sources"])
        assert set(hypertension["labels"]) == {"Entity", "Disease"}
        duplicates = session.run(
            "MATCH (n:Entity) WITH toLower(n.name) AS name, labels(n) AS labels, collect(n.id) AS ids "
            "WHERE size(ids) > 1 RETURN name, ids").data()
        assert duplicates == []
        treats = session.run(
            "MATCH (:Entity {id: 'MESH:D008687'})-[r:TREATS]->(:Entity {id: 'MESH:D003924'}) "
            "RETURN r.sources AS sources, r.evidence_count AS n").single()
        assert set(treats["sources"]) == {"hetionet", "pharmacotherapydb"} and treats["n"] == 2
        versions = session.run("MATCH (e:Evidence) RETURN DISTINCT e.source AS s, e.source_version AS v").data()
        assert all(row["v"] == get_source(row["s"]).version for row in versions)
    import_defaults(settings, vocabulary, writer)
    assert _counts(driver, database) == first


def test_noncommercial_source_imports_when_asked(driver: Driver, database: str, vocabulary: Vocabulary) -> None:
    writer = GraphWriter(driver, database)
    result = import_source(get_source("sider"), CURATED / "sider4", vocabulary, writer)
    assert result.relations > 0 and result.entities > 0
    with driver.session(database=database) as session:
        release = session.run("MATCH (d:SourceRelease {id: 'sider@4.1'}) RETURN d.license AS l, "
                              "d.default_import AS default").single()
    assert "NC" in release["l"] and release["default"] is False


def test_a_drugcentral_indication_without_known_ids_links_by_its_name(vocabulary: Vocabulary) -> None:
    names = FindingIndex.build(vocabulary, None, ReadReport())
    assert names.disease("Tuberculosis").id == "MESH:D014376"  # its own name, not a synonym listed under Tuberculoma
    assert indication_by_name("Hypercholesterolemia", names) == "MESH:D006937"
    assert indication_by_name("Acute Decompensated Heart Failure", names) == "MESH:D006333"
    assert indication_by_name("Prevention of Dental Caries", names) == "MESH:D003731"
    assert indication_by_name("Peripheral Edema due to Chronic Heart Failure", names) is None  # not guessed


def test_a_drugcentral_indication_for_a_symptom_is_kept(vocabulary: Vocabulary) -> None:
    """DrugCentral's symptomatic indications (Pain, Cough, Insomnia, Angina Pectoris …) name symptoms and signs, not
    diseases; they had been dropped, so "what can I take for pain" found no drug."""
    facts = list(read_drugcentral(DATA_DIR / "drugcentral-2016", vocabulary, ReadReport()))
    indicated = {(f.head, f.tail) for f in facts if isinstance(f, Relation) and f.type.value == "INDICATED_FOR"}
    ibuprofen = vocabulary.canonical_id("DRUGBANK:DB01050")
    assert (ibuprofen, "MESH:D010146") in indicated  # Pain
    assert any(tail == "MESH:D000787" for _, tail in indicated)  # Angina Pectoris


def test_a_reimport_retracts_what_the_source_no_longer_states(driver: Driver, database: str, vocabulary: Vocabulary,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph built with an older reader (or release) kept its links after a re-import: the fifteenth session's
    medquad fixes and this session's abbreviation fix left wrong links in every graph built before. The source's
    evidence is now what the latest import states; the rest is retracted, kept as history, and comes back if a later
    import states it again."""
    from ingest.sources import registry
    from graph.writer import REPLACED

    spec = get_source("pharmacotherapydb")
    writer = GraphWriter(driver, database)
    entities, relations, report = read_facts(spec, CURATED / spec.folder, vocabulary)
    dropped = relations[0]
    import_source(spec, CURATED / spec.folder, vocabulary, writer)
    with monkeypatch.context() as newer:  # a newer reader that no longer states the first relation
        newer.setattr(registry, "read_facts", lambda *args: (entities, relations[1:], report))
        result = import_source(spec, CURATED / spec.folder, vocabulary, writer)
    assert result.retracted == 1

    def state() -> dict[str, tuple]:
        with driver.session(database=database) as session:
            rows = session.run("MATCH ()-[r]->() WHERE r.sources IS NOT NULL MATCH (h)-[r]->(t) "
                               "RETURN type(r) + '|' + h.id + '|' + t.id AS key, r.active AS active, "
                               "r.evidence_count AS n").data()
        return {row["key"]: (row["active"], row["n"]) for row in rows}

    after = state()
    assert after[dropped.key] == (False, 0)
    assert all(after[r.key][0] for r in relations[1:] if r.key in after)
    with driver.session(database=database) as session:
        why = session.run("MATCH (e:Evidence {rel_key: $key}) RETURN e.retracted_reason AS why",
                          key=dropped.key).value()
    assert why and all(reason.startswith(REPLACED) for reason in why)
    again = import_source(spec, CURATED / spec.folder, vocabulary, writer)  # the full release again: it is back
    assert again.retracted == 1 and state()[dropped.key][0] is True
    assert import_source(spec, CURATED / spec.folder, vocabulary, writer).retracted == 0
