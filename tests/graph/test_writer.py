"""The batched writer against real Neo4j: idempotence, evidence read-back, retraction, untrusted text."""

from __future__ import annotations

from neo4j import Driver

from graph import cypher
from graph.inspect import counts
from graph.models import (
    Document, DocumentLabel, DosageText, Entity, Evidence, EvidenceKind, LabelSupersession, NodeLabel, Relation,
    RelType,
)
from graph.writer import GraphWriter, create_schema, ensure_schema, missing_schema

ATORVASTATIN = Entity(id="MESH:D000069059", label=NodeLabel.DRUG, name="Atorvastatin", synonyms=("Lipitor",),
                      xrefs=("DRUGBANK:DB01076",), sources=("test",))
HYPERLIPIDEMIA = Entity(id="MESH:D006949", label=NodeLabel.DISEASE, name="Hyperlipidemias", sources=("test",))
MYOPATHY = Entity(id="MESH:D009135", label=NodeLabel.DISEASE, name="Muscular Diseases", sources=("test",))
LABEL = Document(id="SETID:c6e131fe@v5", label=DocumentLabel.DRUG_LABEL, title="LIPITOR", source="dailymed",
                 version="5")


def _facts() -> list[Relation]:
    sentence = "LIPITOR is indicated to reduce the risk of MI in adults with hyperlipidemia."
    return [
        Relation(type=RelType.INDICATED_FOR, head=ATORVASTATIN.id, tail=HYPERLIPIDEMIA.id, evidence=(
            Evidence(source="dailymed", document_id=LABEL.id, text=sentence, start=60, end=74,
                     extractor="label-ner", extractor_version="0.1", confidence=0.9, kind=EvidenceKind.LABEL_STATEMENT),
            Evidence(source="pubmed", document_id="PMID:1", text="Atorvastatin lowers LDL.", confidence=0.7,
                     kind=EvidenceKind.LITERATURE_EXTRACTION),
        )),
        Relation(type=RelType.CAUSES, head=ATORVASTATIN.id, tail=MYOPATHY.id, evidence=(
            Evidence(source="pubmed", document_id="PMID:2", text="Statin myopathy was seen.", confidence=0.6,
                     kind=EvidenceKind.LITERATURE_EXTRACTION),
        )),
    ]


def _write(driver: Driver, database: str) -> None:
    writer = GraphWriter(driver, database, batch_size=1)
    writer.write(entities=[ATORVASTATIN, HYPERLIPIDEMIA, MYOPATHY], documents=[LABEL], relations=_facts())


def _snapshot(driver: Driver, database: str) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n.id AS n, type(r) AS r, m.id AS m, "
        "properties(r) AS p ORDER BY n, r, m", database_=database)
    rows = []
    for record in records:
        props = dict(record["p"] or {})
        props.pop("created_at", None)
        rows.append((record["n"], record["r"], record["m"], tuple(sorted((k, str(v)) for k, v in props.items()))))
    return {"counts": counts(driver, database), "rows": rows}


def test_writing_the_same_batch_twice_changes_nothing(driver: Driver, database: str) -> None:
    _write(driver, database)
    first = _snapshot(driver, database)
    _write(driver, database)
    assert _snapshot(driver, database) == first
    assert first["counts"]["labels"]["Entity"] == 3
    assert first["counts"]["labels"]["Evidence"] == 3
    assert first["counts"]["relationships"] == {"INDICATED_FOR": 1, "CAUSES": 1, "FROM_DOCUMENT": 1}


def test_relation_reads_back_with_its_evidence_and_summary(driver: Driver, database: str) -> None:
    _write(driver, database)
    relation = _facts()[0]
    records, _, _ = driver.execute_query(
        cypher.relation_with_evidence(relation.type), head=relation.head, tail=relation.tail, key=relation.key,
        database_=database)
    record = records[0]
    assert record["relation"]["evidence_count"] == 2
    assert record["relation"]["best_confidence"] == 0.9
    assert sorted(record["relation"]["sources"]) == ["dailymed", "pubmed"]
    best = record["evidence"][0]
    assert best["text"].startswith("LIPITOR is indicated")
    assert (best["start"], best["end"], best["document_id"]) == (60, 74, LABEL.id)
    assert best["extractor"] == "label-ner" and best["ingested_at"] is not None


def test_entity_properties_merge_as_unions(driver: Driver, database: str) -> None:
    writer = GraphWriter(driver, database)
    writer.write_entities([ATORVASTATIN])
    writer.write_entities([ATORVASTATIN.model_copy(update={"synonyms": ("Atorvastatin calcium",),
                                                            "sources": ("drugcentral",)})])
    records, _, _ = driver.execute_query(cypher.entity_by_id(), id=ATORVASTATIN.id, database_=database)
    entity = records[0]["entity"]
    assert sorted(entity["synonyms"]) == ["Atorvastatin calcium", "Lipitor"]
    assert sorted(entity["sources"]) == ["drugcentral", "test"]
    assert set(entity["labels"]) == {"Entity", "Drug"}


def test_retracting_a_document_stops_its_facts_counting(driver: Driver, database: str) -> None:
    _write(driver, database)
    writer = GraphWriter(driver, database)
    assert writer.retract_documents(["PMID:2"], reason="DeleteCitation") == 1
    records, _, _ = driver.execute_query(
        "MATCH ()-[r:CAUSES]->() RETURN r.evidence_count AS n, r.active AS active", database_=database)
    assert (records[0]["n"], records[0]["active"]) == (0, False)
    records, _, _ = driver.execute_query(
        "MATCH ()-[r:INDICATED_FOR]->() RETURN r.evidence_count AS n, r.active AS active", database_=database)
    assert (records[0]["n"], records[0]["active"]) == (2, True)


def test_relations_to_unknown_entities_are_counted_not_invented(driver: Driver, database: str) -> None:
    writer = GraphWriter(driver, database)
    summary = writer.write(entities=[ATORVASTATIN], relations=_facts()[:1])
    assert (summary.relations, summary.relations_missing_ends) == (0, 1)
    assert counts(driver, database)["relationships"] == {}


def test_untrusted_text_is_stored_verbatim_never_run(driver: Driver, database: str) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    evil = Entity(id="MESH:D000001", label=NodeLabel.DISEASE, name=hostile, synonyms=('"; DROP',))
    writer = GraphWriter(driver, database)
    writer.write(entities=[ATORVASTATIN, evil], relations=[Relation(
        type=RelType.TREATS, head=ATORVASTATIN.id, tail=evil.id,
        evidence=(Evidence(source="pubmed", document_id="PMID:3", text=hostile,
                           kind=EvidenceKind.LITERATURE_EXTRACTION),))])
    records, _, _ = driver.execute_query(cypher.entity_by_id(), id=evil.id, database_=database)
    assert records[0]["entity"]["name"] == hostile
    assert counts(driver, database)["labels"]["Entity"] == 2


def test_schema_creation_is_idempotent(driver: Driver, database: str) -> None:
    create_schema(driver, database, 384)
    create_schema(driver, database, 384)
    records, _, _ = driver.execute_query(cypher.show_schema(), database_=database)
    names = {r["name"]: r for r in records}
    assert {"entity_id", "evidence_id", cypher.FULLTEXT_INDEX, cypher.VECTOR_INDEX} <= set(names)
    assert all(r["state"] == "ONLINE" for r in records)


def test_a_store_missing_part_of_the_schema_gets_it_before_writing(driver: Driver, database: str) -> None:
    """A new store has no id constraints, and every MERGE would then scan all nodes (a first import crawled)."""
    assert missing_schema(driver, database, 384) == []
    assert ensure_schema(driver, database, 384) is False
    driver.execute_query("DROP CONSTRAINT entity_id", database_=database)
    try:
        assert missing_schema(driver, database, 384) == ["entity_id"]
        assert ensure_schema(driver, database, 384) is True
        assert missing_schema(driver, database, 384) == []
    finally:
        create_schema(driver, database, 384)


def test_full_text_index_finds_synonyms(driver: Driver, database: str) -> None:
    GraphWriter(driver, database).write_entities([ATORVASTATIN])
    driver.execute_query(cypher.await_indexes(), database_=database)
    records, _, _ = driver.execute_query(
        f"CALL db.index.fulltext.queryNodes('{cypher.FULLTEXT_INDEX}', $q) YIELD node RETURN node.id AS id",
        q="lipitor", database_=database)
    assert [r["id"] for r in records] == [ATORVASTATIN.id]


def _relation_summary(driver: Driver, database: str, rel_type: RelType) -> dict:
    records, _, _ = driver.execute_query(
        f"MATCH ()-[r:{rel_type.value}]->() RETURN r.evidence_count AS n, r.best_confidence AS best, "
        f"r.sources AS sources, r.active AS active", database_=database)
    return records[0].data()


def test_new_evidence_for_a_known_relation_updates_its_summary_like_a_recount(driver: Driver, database: str) -> None:
    _write(driver, database)
    more = Relation(type=RelType.INDICATED_FOR, head=ATORVASTATIN.id, tail=HYPERLIPIDEMIA.id, evidence=(
        Evidence(source="clinicaltrials", document_id="NCT:1", text="Trial of atorvastatin.", confidence=0.95,
                 kind=EvidenceKind.CURATED_RECORD),
        Evidence(source="aaa", document_id="PMID:9", text="Another mention.", confidence=0.1,
                 kind=EvidenceKind.LITERATURE_EXTRACTION),
    ))
    summary = GraphWriter(driver, database).write_relations([more, *_facts()])
    assert (summary.relations, summary.relations_missing_ends) == (2, 0)
    incremental = _relation_summary(driver, database, RelType.INDICATED_FOR)
    assert incremental == {"n": 4, "best": 0.95, "sources": ["aaa", "clinicaltrials", "dailymed", "pubmed"],
                           "active": True}
    relation = _facts()[0]
    driver.execute_query(cypher.refresh_relation_summaries(relation.type), database_=database,
                         rows=[{"key": relation.key, "head": relation.head, "tail": relation.tail}])
    assert _relation_summary(driver, database, RelType.INDICATED_FOR) == incremental


def test_new_evidence_reactivates_a_relation_whose_evidence_was_retracted(driver: Driver, database: str) -> None:
    _write(driver, database)
    writer = GraphWriter(driver, database)
    writer.retract_documents(["PMID:2"], reason="DeleteCitation")
    writer.write_relations([Relation(type=RelType.CAUSES, head=ATORVASTATIN.id, tail=MYOPATHY.id, evidence=(
        Evidence(source="sider", document_id="SIDER:1", text="myopathy", confidence=0.5,
                 kind=EvidenceKind.CURATED_RECORD),))])
    assert _relation_summary(driver, database, RelType.CAUSES) == {
        "n": 1, "best": 0.5, "sources": ["sider"], "active": True}
    records, _, _ = driver.execute_query(
        "MATCH (e:Evidence {rel_key: $key}) RETURN count(e) AS n, count(e.retracted_at) AS retracted",
        key=_facts()[1].key, database_=database)
    assert (records[0]["n"], records[0]["retracted"]) == (2, 1)


def test_a_batch_is_checked_again_when_a_concurrent_writer_created_its_evidence_first() -> None:
    from neo4j.exceptions import ConstraintError

    from graph.writer import _write_with_retry

    class RacingSession:
        calls = 0

        def execute_write(self, work, *args):
            self.calls += 1
            if self.calls == 1:
                raise ConstraintError("Node already exists with label `Evidence` and property `id`")
            return 7

    session = RacingSession()
    assert _write_with_retry(session, RelType.TREATS, []) == 7  # type: ignore[arg-type]
    assert session.calls == 2


def test_every_evidence_node_stores_its_kind(driver: Driver, database: str) -> None:
    _write(driver, database)
    records, _, _ = driver.execute_query("MATCH (e:Evidence) RETURN e.source AS source, e.kind AS kind",
                                         database_=database)
    assert sorted((r["source"], r["kind"]) for r in records) == [
        ("dailymed", "label-statement"), ("pubmed", "literature-extraction"), ("pubmed", "literature-extraction")]


def test_schema_derives_the_kind_of_evidence_written_before_kinds(driver: Driver, database: str) -> None:
    """The migration in ``medkg db init``: kinds from source and extractor, nodes with a kind left as they are."""
    legacy = [("hetionet", "hetionet@1.0", None), ("mesh", "mesh@2015", "ontology"), ("rdf", "rdf@rdf", "rdf-import"),
              ("pubmed", "PMID:1", "dictionary-fallback"), ("dailymed-indications", "DAILYMED-TEXT:1", "re-model"),
              ("dailymed", "SETID:a@v1", "re-model"), ("bioc", "BIOC:7", "re-model"), ("pubmed", "PMID:2", "re-model")]
    driver.execute_query("UNWIND range(0, size($rows) - 1) AS i CREATE (:Evidence {id: toString(i), "
                         "source: $rows[i][0], document_id: $rows[i][1], extractor: $rows[i][2]})",
                         rows=legacy, database_=database)
    driver.execute_query("CREATE (:Evidence {id: 'kept', source: 'pubmed', extractor: 're-model', kind: 'hypothesis'})",
                         database_=database)
    create_schema(driver, database, 384)
    create_schema(driver, database, 384)
    records, _, _ = driver.execute_query("MATCH (e:Evidence) RETURN e.id AS id, e.kind AS kind", database_=database)
    kinds = {r["id"]: r["kind"] for r in records}
    assert [kinds[str(i)] for i in range(len(legacy))] == [
        "curated-record", "curated-record", "user-import", "dictionary-fallback", "label-extraction",
        "label-statement", "literature-extraction", "literature-extraction"]
    assert kinds["kept"] == "hypothesis"


def test_dosage_texts_are_linked_to_label_drug_and_indication(driver: Driver, database: str) -> None:
    text = DosageText(id=f"{LABEL.id}#dosage-3", document_id=LABEL.id, text="10 mg to 80 mg once daily.",
                      title="2.1 Hyperlipidemias", section="Dosage and Administration", position=3,
                      set_id="c6e131fe", version="5", drug_id=ATORVASTATIN.id, disease_id=HYPERLIPIDEMIA.id)
    writer = GraphWriter(driver, database)
    _write(driver, database)
    assert writer.write_dosage_texts([text]) == 1
    first = _snapshot(driver, database)
    writer.write_dosage_texts([text])
    assert _snapshot(driver, database) == first
    records, _, _ = driver.execute_query(
        "MATCH (d:DrugLabel)-[:HAS_DOSAGE]->(x:DosageText)-[:DOSAGE_OF]->(drug:Drug)-[:HAS_LABEL]->(d) "
        "MATCH (x)-[:FOR_INDICATION]->(disease:Disease) "
        "RETURN d.id AS label, x.text AS text, x.position AS position, drug.id AS drug, disease.id AS disease",
        database_=database)
    assert [r.data() for r in records] == [{"label": LABEL.id, "text": text.text, "position": 3,
                                            "drug": ATORVASTATIN.id, "disease": HYPERLIPIDEMIA.id}]


def test_a_new_label_version_supersedes_the_old_and_retracts_its_evidence(driver: Driver, database: str) -> None:
    versions = [Document(id=f"SETID:s1@v{n}", label=DocumentLabel.DRUG_LABEL, source="dailymed", version=str(n),
                         properties={"set_id": "s1", "version_number": n, "effective_time": f"2020010{n}"})
                for n in (1, 2)]
    old = Relation(type=RelType.CAUSES, head=ATORVASTATIN.id, tail=MYOPATHY.id, evidence=(
        Evidence(source="dailymed", document_id=versions[0].id, text="Myopathy.", kind=EvidenceKind.LABEL_STATEMENT),))
    writer = GraphWriter(driver, database)
    writer.write(entities=[ATORVASTATIN, MYOPATHY], documents=versions, relations=[old])
    assert writer.supersede_label_versions(["s1", "s1"]) == [
        LabelSupersession(set_id="s1", old_id=versions[0].id, new_id=versions[1].id, relations_retracted=1)]
    records, _, _ = driver.execute_query(
        "MATCH (d:DrugLabel) RETURN d.id AS id, d.current AS current, d.superseded_by AS by ORDER BY id",
        database_=database)
    assert [tuple(r.values()) for r in records] == [(versions[0].id, False, versions[1].id), (versions[1].id, True, None)]
    assert _relation_summary(driver, database, RelType.CAUSES)["active"] is False
    assert writer.supersede_label_versions([]) == []


def test_a_label_rewritten_for_another_drug_leaves_nothing_on_the_old_one(driver: Driver, database: str) -> None:
    # a re-extraction under new rules names the combination, not its first ingredient, as a label's drug: the texts
    # and the label move to the new subject (MERGE alone had left the old DOSAGE_OF and HAS_LABEL links)
    combination = Entity(id="MESH:D019980", label=NodeLabel.DRUG, name="Amoxicillin-Potassium Clavulanate Combination",
                         sources=("test",))
    writer = GraphWriter(driver, database)
    _write(driver, database)
    writer.write(entities=[combination])
    text = DosageText(id=f"{LABEL.id}#dosage-1", document_id=LABEL.id, text="25 mg/kg/day in divided doses.",
                      section="Dosage and Administration", position=1, drug_id=ATORVASTATIN.id)
    writer.write_dosage_texts([text])
    writer.write_dosage_texts([text.model_copy(update={"drug_id": combination.id})])
    records, _, _ = driver.execute_query(
        "MATCH (drug:Drug)-[r:DOSAGE_OF|HAS_LABEL]-() RETURN drug.id AS drug, type(r) AS link ORDER BY link",
        database_=database)
    assert [(r["drug"], r["link"]) for r in records] == [(combination.id, "DOSAGE_OF"), (combination.id, "HAS_LABEL")]
