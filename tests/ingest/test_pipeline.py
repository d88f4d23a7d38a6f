"""The pipeline end to end against the real Neo4j: facts with evidence, idempotence, updates, bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from _ingest_support import DATA, FIXTURES, pubmed_file, snapshot, term_linker

from core.settings import Settings
from graph.writer import clear_database
from ingest.pipeline import PARTIAL_EXIT_CODE, IngestJob, ingest_paths
from ingest.pipeline.executors import SerialExecutor
from ingest.pipeline.facts import FactBuilder
from ingest.pipeline.termlinker import TermLinker
from ingest.readers.types import Section, SourceDocument

VIAGRA = DATA / "spl-xml-samples" / "viagra-64f8040f-938d-4236-8e22-c838c9b5f8da.xml"


def _linker_with(tmp_path: Path, *extra: str) -> TermLinker:
    """The fixture terms plus ``extra`` rows (id, label, name, synonyms; tab-separated)."""
    terms = tmp_path / "terms.tsv"
    terms.write_text((FIXTURES / "terms.tsv").read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(extra)
                     + "\n", encoding="utf-8")
    return TermLinker.from_tsv(terms)


def _ingest(driver, settings: Settings, paths, source: str, **kwargs):
    linker = term_linker()
    return ingest_paths(driver, settings, paths, source, linker=linker, extractor=linker.extractor(),
                        executor=kwargs.pop("executor", "serial"), progress=False, **kwargs)


def _one(driver, database: str, query: str, **params):
    with driver.session(database=database) as session:
        return session.run(query, **params).data()


def test_labels_and_abstracts_fill_graph_and_rerun_changes_nothing(driver, database, neo4j_settings, tmp_path):
    labels = [DATA / "spl-xml-samples" / n for n in ("lipitor-orig.xml", "cough-otc.xml")] + [VIAGRA]
    report = _ingest(driver, neo4j_settings, labels, "labels")
    assert report.exit_code == 0 and report.sources["labels"].documents_read == 3
    assert report.sources["labels"].documents_without_subject == 1  # the cough syrup's drugs are not in terms.tsv
    rows = _one(driver, database, "MATCH (d:Drug {id: 'DRUGBANK:DB00203'})-[r:INDICATED_FOR]->(x {id: 'MESH:D007172'}) "
                                  "MATCH (e:Evidence {rel_key: 'INDICATED_FOR|DRUGBANK:DB00203|MESH:D007172'})"
                                  "-[:FROM_DOCUMENT]->(doc:DrugLabel) RETURN r.evidence_count AS n, e, doc.id AS doc")
    assert rows and rows[0]["n"] >= 1
    evidence = rows[0]["e"]
    assert "erectile dysfunction" in evidence["text"] and rows[0]["doc"].endswith("@v20")
    assert evidence["extractor"] == "dictionary-fallback" and evidence["source_version"] == "20"
    assert evidence["kind"] == "label-statement"  # the label's own section says it of the label's own drug
    assert evidence["end"] > evidence["start"] >= 0
    dosage = _one(driver, database, "MATCH (:Drug {id: 'DRUGBANK:DB01076'})<-[:DOSAGE_OF]-(x:DosageText)"
                                    "<-[:HAS_DOSAGE]-(d:DrugLabel) RETURN x.text AS text, x.title AS title, d.id AS doc")
    assert any("10 or 20 mg once daily" in row["text"] for row in dosage)
    rules = _one(driver, database, "MATCH (:Drug {id: 'DRUGBANK:DB01076'})<-[:DOSAGE_OF]-(x:DosageText)"
                                   "-[:STATES_RULE]->(r:DoseRule) RETURN r.sentence AS sentence, x.text AS text, "
                                   "r.amount__unit AS unit")
    assert rules and all(row["sentence"] in row["text"] and row["unit"] for row in rules)
    assert report.sources["labels"].dose_rules >= len(rules)
    pubmed = _ingest(driver, neo4j_settings, [DATA / "pubmed-xml-samples" / "pubmed-29768149.xml"], "pubmed")
    assert pubmed.sources["pubmed"].facts_written > 0
    assert {row["kind"] for row in _one(driver, database, "MATCH (e:Evidence {source: 'pubmed'}) "
                                                          "RETURN DISTINCT e.kind AS kind")} == {"dictionary-fallback"}
    assert _one(driver, database, "MATCH (:Drug {id: 'MESH:D019819'})-[r:TREATS]->(:Disease {id: 'MESH:D001249'}) "
                                  "RETURN r.active AS active")[0]["active"] is True
    before = snapshot(driver, database)
    again = _ingest(driver, neo4j_settings, labels, "labels")
    assert again.sources["labels"].files_skipped == 3 and again.sources["labels"].documents_read == 0
    copies = tmp_path / "copies"
    copies.mkdir()
    for path in labels:  # a forced re-read of the same content (a new path) writes nothing new either
        shutil.copy(path, copies / path.name)
    _one(driver, database, "MATCH (f:IngestFile) DETACH DELETE f")
    _ingest(driver, neo4j_settings, [copies], "labels")
    assert snapshot(driver, database) == before
    runs = _one(driver, database, "MATCH (r:IngestRun) RETURN r.status AS status, r.report AS report")
    assert len(runs) == 4 and all(r["status"] == "done" and '"documents_per_second"' in r["report"] for r in runs)
    assert not _one(driver, database, "MATCH (n:Entity) WHERE n:IngestRun OR n:IngestFile OR n:Quarantine RETURN n")


def test_negated_and_limited_statements_are_not_indications():
    linker = term_linker()
    document = SourceDocument(
        id="SETID:test@v1", kind="label", source="dailymed", record="test",
        sections=(Section("34067-9", "Indications & Usage", "Atorvastatin is indicated for hyperlipidemia.\n"
                          "Atorvastatin is not indicated for hypertension."),
                  Section("34067-9", "Indications & Usage", "It has been used in asthma.", "1.3 Limitations of Use"),
                  Section("34067-9", "Indications & Usage", "Limitations of Use\nIt was tried in stroke."),
                  Section("34067-9", "Indications & Usage", "In adults without psoriasis but with risk factors such "
                          "as asthma or a history of colchicine use, Atorvastatin is indicated for hypercholesterolemia.")),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(names=("Lipitor",)),
    )
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    facts = FactBuilder(linker).build(nlp)
    indicated = {r.tail for r in facts.relations if r.type.value == "INDICATED_FOR"}
    # not hypertension (negated), stroke (limitations of use), psoriasis (without) or asthma (a risk factor)
    assert indicated == {"MESH:D006949", "MESH:D006937"}


def test_the_antihypertensive_class_paragraph_indicates_no_diabetes():
    """FDA's class paragraph of every antihypertensive's Indications names diabetes and hyperlipidemia as what
    cardiovascular risk management includes and as examples of higher risk, and a trial population: no indications."""
    linker = term_linker()
    document = SourceDocument(
        id="SETID:test-class-paragraph@v1", kind="label", source="dailymed", record="test",
        sections=(Section("34067-9", "Indications & Usage",
                          "Atorvastatin is indicated for the treatment of hypertension. Control of high blood pressure "
                          "should be part of comprehensive cardiovascular risk management, including, as appropriate, "
                          "lipid control, diabetes management, antithrombotic therapy, smoking cessation, exercise, and "
                          "limited sodium intake. Relative risk reduction from blood pressure reduction is similar across "
                          "populations with varying absolute risk, so the absolute benefit is greater in patients who are "
                          "at higher risk independent of their blood pressure (for example, patients with diabetes or "
                          "hyperlipidemia). The efficacy was established in a population with type 2 diabetes mellitus."),),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(names=("Lipitor",)),
    )
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    indicated = {r.tail for r in FactBuilder(linker).build(nlp).relations if r.type.value == "INDICATED_FOR"}
    assert indicated == {"MESH:D006973"}  # hypertension; not diabetes (type 2) or hyperlipidemias


def test_a_labels_own_indication_is_no_adverse_reaction(tmp_path):
    """An Adverse Reactions section names the disease its trials enrolled: that is the label's indication, not a
    reaction to the drug; the reactions it lists stay."""
    linker = TermLinker.from_tsv(FIXTURES / "terms.tsv")
    document = SourceDocument(
        id="SETID:test-own-indication@v1", kind="label", source="dailymed", record="test",
        sections=(Section("34067-9", "Indications & Usage", "Atorvastatin is indicated for plaque psoriasis."),
                  Section("34084-4", "Adverse Reactions",
                          "In psoriasis clinical studies, nausea and headache were the most common adverse reactions."
                          "\nDiarrhea occurred in patients with Crohn's disease.")),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(names=("Lipitor",)),
    )
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    caused = {r.tail for r in FactBuilder(linker).build(nlp).relations if r.type.value == "CAUSES"}
    # nausea, headache, diarrhea; Crohn's disease is not indicated here, so it stays (no rule reads populations)
    assert caused == {"MESH:D009325", "MESH:D006261", "MESH:D003967", "MESH:D003424"}


def test_a_text_only_labels_drug_is_no_word_of_a_class_phrase(tmp_path):
    """A DailyMed indications text names its drug by a brand medkg may not know; the first drug mention is then the
    subject, but not "serotonin" of "selective serotonin reuptake inhibitor"."""
    linker = _linker_with(tmp_path, "MESH:D012701\tDrug\tSerotonin\t",
                          "MESH:D017374\tDrug\tParoxetine\tparoxetine mesylate")
    document = SourceDocument(
        id="DAILYMED-TEXT:test", kind="label", source="dailymed-indications", record="line 1",
        sections=(Section("34067-9", "Indications & Usage",
                          "PEXEVA is a selective serotonin reuptake inhibitor (SSRI) indicated for the treatment of "
                          "schizophrenia. PEXEVA contains paroxetine mesylate."),),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(),
        properties={"subject_from_text": True})
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    indicated = {(r.head, r.tail) for r in FactBuilder(linker).build(nlp).relations if r.type.value == "INDICATED_FOR"}
    assert indicated == {("MESH:D017374", "MESH:D012559")}  # paroxetine for schizophrenia (as the text says)


def test_a_flattened_interaction_table_is_not_negated_by_the_sentence_run_into_it(tmp_path):
    """Warfarin's Table 3 ("Drugs that Can Increase the Risk of Bleeding") has no full stops, so the sentence after it
    ("… studies have not shown consistent effects …") ran into it and negated every drug of the table; in a long
    sentence a cue now counts before the mention back to a full stop (a negated list) and just after it. Class words
    ("Serotonin Reuptake Inhibitors") are no interacting drugs."""
    linker = _linker_with(tmp_path, "MESH:D001241\tDrug\tAspirin\t", "MESH:D000077144\tDrug\tclopidogrel\t",
                          "MESH:D020280\tDrug\tSertraline\t", "MESH:D012701\tDrug\tSerotonin\t",
                          "MESH:D015725\tDrug\tFluconazole\t", "MESH:D014859\tDrug\tWarfarin\tCoumadin")
    table = ("Table 3: Drugs that Can Increase the Risk of Bleeding Drug Class Specific Drugs Anticoagulants argatroban, "
             "dabigatran, bivalirudin, desirudin, heparin, lepirudin Antiplatelet Agents aspirin, cilostazol, "
             "clopidogrel, dipyridamole, prasugrel, ticlopidine Serotonin Reuptake Inhibitors citalopram, sertraline, "
             "venlafaxine, vilazodone 7.4 Antibiotics and Antifungals There have been reports of changes in INR in "
             "patients taking warfarin and antibiotics or antifungals, but clinical pharmacokinetic studies have not "
             "shown consistent effects of these agents on plasma concentrations of warfarin.")
    negated = ("No dosage adjustment is recommended when warfarin is given with the following drugs [see Clinical "
               "Pharmacology (12.3)]: aluminum/magnesium hydroxide antacids, azithromycin, cetirizine, famotidine, "
               "lorazepam, nelfinavir, nucleoside reverse transcriptase inhibitors (abacavir, emtricitabine, "
               "lamivudine, stavudine, zidovudine), paroxetine, raltegravir, and fluconazole.")
    document = SourceDocument(
        id="SETID:test-table@v1", kind="label", source="dailymed", record="test",
        sections=(Section("34073-7", "Drug Interactions", table + "\n" + negated),),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(names=("Coumadin",)))
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    partners = {r.tail for r in FactBuilder(linker).build(nlp).relations if r.type.value == "INTERACTS_WITH"}
    assert partners == {"MESH:D001241", "MESH:D000077144", "MESH:D020280"}  # aspirin, clopidogrel, sertraline


def _label_version(source: Path, target: Path, version: int, indication: str) -> Path:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r'<versionNumber value="\d+"', f'<versionNumber value="{version}"', text, count=1)
    text = text.replace("indicated for the treatment of erectile dysfunction", f"indicated for the treatment of {indication}")
    target.write_text(text, encoding="utf-8")
    return target


def test_new_label_version_supersedes_old_facts(driver, database, neo4j_settings, tmp_path):
    v20 = _label_version(VIAGRA, tmp_path / "v20.xml", 20, "erectile dysfunction")
    v21 = _label_version(VIAGRA, tmp_path / "v21.xml", 21, "hypertension")
    _ingest(driver, neo4j_settings, [v20], "labels")
    key = "INDICATED_FOR|DRUGBANK:DB00203|MESH:D007172"
    assert _one(driver, database, "MATCH ()-[r:INDICATED_FOR]->({id: 'MESH:D007172'}) RETURN r.active AS a")[0]["a"]
    report = _ingest(driver, neo4j_settings, [v21], "labels")
    assert report.sources["labels"].retracted > 0
    old = _one(driver, database, "MATCH (e:Evidence {rel_key: $key}) RETURN e.retracted_at IS NOT NULL AS gone, "
                                 "e.retracted_reason AS why, e.document_id AS doc", key=key)
    assert old and all(row["gone"] and "superseded by" in row["why"] and row["doc"].endswith("@v20") for row in old)
    assert _one(driver, database, "MATCH ()-[r:INDICATED_FOR]->({id: 'MESH:D007172'}) RETURN r.active AS a")[0]["a"] is False
    assert _one(driver, database, "MATCH ()-[r:INDICATED_FOR]->({id: 'MESH:D006973'}) RETURN r.active AS a")[0]["a"]
    labels = {r["id"]: r for r in _one(driver, database, "MATCH (d:DrugLabel) RETURN d.id AS id, d.current AS current, "
                                                         "d.superseded_by AS by")}
    assert labels[next(i for i in labels if i.endswith("@v20"))]["current"] is False
    assert labels[next(i for i in labels if i.endswith("@v21"))]["current"] is True


def test_delete_citation_retracts_the_article(driver, database, neo4j_settings, tmp_path):
    first = pubmed_file(tmp_path / "a1.xml", [("111", "Aspirin for headache.", "Aspirin is effective treatment of headache.")])
    _ingest(driver, neo4j_settings, [first], "pubmed")
    key = "TREATS|MESH:D001241|MESH:D006261"
    assert _one(driver, database, "MATCH ()-[r:TREATS]->() RETURN r.active AS a")[0]["a"] is True
    update = pubmed_file(tmp_path / "a2.xml", [], deletes=["111"])
    report = _ingest(driver, neo4j_settings, [update], "pubmed")
    assert report.sources["pubmed"].retracted >= 1
    rows = _one(driver, database, "MATCH (e:Evidence {rel_key: $key}) RETURN e.retracted_reason AS why", key=key)
    assert rows and all(r["why"] == "DeleteCitation" for r in rows)
    assert _one(driver, database, "MATCH ()-[r:TREATS]->() RETURN r.active AS a, r.evidence_count AS n")[0] == \
        {"a": False, "n": 0}
    # PubMed semantics: a later PubmedArticle with the PMID restores it; a revised record replaces its statements
    readded = pubmed_file(tmp_path / "a3.xml", [("110", "Other.", "Nothing."),
                                                ("111", "Aspirin for headache.", "Aspirin is effective treatment of headache.")])
    _ingest(driver, neo4j_settings, [readded], "pubmed")
    assert _one(driver, database, "MATCH ()-[r:TREATS]->() RETURN r.active AS a, r.evidence_count AS n")[0] == \
        {"a": True, "n": 1}
    assert _one(driver, database, "MATCH (d:Publication {id: 'PMID:111'}) RETURN d.deleted AS deleted")[0] == \
        {"deleted": None}
    revised = pubmed_file(tmp_path / "a4.xml", [("111", "Aspirin and nausea.", "Aspirin caused nausea in one patient.")])
    report = _ingest(driver, neo4j_settings, [revised], "pubmed")
    assert report.sources["pubmed"].retracted == 1
    rows = _one(driver, database, "MATCH (e:Evidence) RETURN e.rel_type AS type, e.retracted_reason AS why")
    assert sorted((r["type"], r["why"]) for r in rows) == [("CAUSES", None), ("TREATS", "replaced by a newer record")]
    assert _one(driver, database, "MATCH ()-[r:CAUSES]->({id: 'MESH:D009325'}) RETURN r.active AS a")[0]["a"] is True


def test_bad_input_is_quarantined_and_the_rest_proceeds(driver, database, neo4j_settings, tmp_path):
    good = pubmed_file(tmp_path / "a_good.xml", [("1", "Aspirin for headache.", "Aspirin is effective treatment of headache.")])
    truncated = pubmed_file(tmp_path / "b_trunc.xml", [("2", "Warfarin and stroke.", "Warfarin treatment of stroke."),
                                                       ("3", "x", "y")])
    truncated.write_text(truncated.read_text()[:-100])
    bomb = tmp_path / "c_bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]><PubmedArticleSet/>')
    empty = pubmed_file(tmp_path / "d_empty.xml", [("4", "Empty.", ""), ("5", "Metformin and diabetes.",
                                                   "Metformin is effective therapy in type 2 diabetes.")])
    report = _ingest(driver, neo4j_settings, [tmp_path], "pubmed")
    assert report.exit_code == PARTIAL_EXIT_CODE and report.sources["pubmed"].quarantined == 3
    entries = _one(driver, database, "MATCH (q:Quarantine) RETURN q.file AS file, q.record AS record, q.reason AS reason")
    assert {Path(e["file"]).name for e in entries} == {"b_trunc.xml", "c_bomb.xml", "d_empty.xml"}
    assert any(e["record"] == "PMID 4" and "empty abstract" in e["reason"] for e in entries)
    docs = {r["id"] for r in _one(driver, database, "MATCH (d:Publication) RETURN d.id AS id")}
    assert {"PMID:1", "PMID:2", "PMID:5"} <= docs
    assert _one(driver, database, "MATCH ()-[r:TREATS]->({id: 'MESH:D003924'}) RETURN count(r) AS n")[0]["n"] == 1
    statuses = {r["path"]: r["status"] for r in _one(driver, database, "MATCH (f:IngestFile) RETURN f.path AS path, "
                                                                        "f.status AS status")}
    assert statuses[str(good.resolve())] == "done" and statuses[str(empty.resolve())] == "partial"


def test_process_pool_gives_the_same_graph_as_serial(driver, database, neo4j_settings):
    """One job per executor with both sources, so the pool (2 spawned workers) starts once."""
    pubmed = [DATA / "pubmed-xml-samples" / n for n in ("test_current_medline.xml.gz", "pubmed-29768149.xml")]
    graphs = []
    for executor in ("serial", "process"):
        clear_database(driver, database)
        linker = term_linker()
        with IngestJob(driver, neo4j_settings, linker=linker, extractor=linker.extractor(), executor=executor,
                       workers=2, batch_size=1, progress=False) as job:
            job.ingest(pubmed, "pubmed")
            job.ingest([VIAGRA], "labels")
        assert job.report.executor == executor and job.report.sources["labels"].facts_written > 0
        graphs.append(snapshot(driver, database))
    assert graphs[0] == graphs[1]


@pytest.mark.slow
def test_ray_executor_runs_locally(driver, database, neo4j_settings):
    pytest.importorskip("ray")
    report = _ingest(driver, neo4j_settings, [VIAGRA], "labels", executor="ray", workers=1)
    assert report.executor == "ray" and report.sources["labels"].facts_written > 0


def test_contraindications_keep_the_hypersensitivity_not_its_manifestations_and_interactions_only_drugs(tmp_path):
    linker = _linker_with(
        tmp_path, "MESH:D013262\tDisease\tStevens-Johnson Syndrome\t",
        "MESH:D004892\tDisease\tErythema Multiforme\t",
        "MESH:D000799\tDisease\tAngioedema\t",
        "MESH:D009157\tDisease\tMyasthenia Gravis\t",
        "MESH:D051544\tDrug\tCytochrome P-450 CYP3A\tCYP3A4",
        "MESH:D002220\tDrug\tCarbamazepine\t")
    document = SourceDocument(
        id="SETID:test-ci@v1", kind="label", source="dailymed", record="test",
        sections=(Section("34070-3", "Contraindications",
                          "Patients with previously demonstrated hypersensitivity (eg, Stevens-Johnson syndrome, "
                          "erythema multiforme) to atorvastatin.\nReactions have included angioedema.\n"
                          "Atorvastatin is contraindicated in patients with myasthenia gravis."),
                  Section("34073-7", "Drug Interactions",
                          "Inducers of CYP3A4 such as carbamazepine may decrease atorvastatin exposure.")),
        product=__import__("ingest.readers.types", fromlist=["LabelProduct"]).LabelProduct(names=("Lipitor",)),
    )
    (_, nlp), = SerialExecutor(linker.extractor()).map([(None, [document])])
    facts = FactBuilder(linker).build(nlp)
    by_type = {}
    for relation in facts.relations:
        by_type.setdefault(relation.type.value, set()).add(relation.tail)
    assert by_type["CONTRAINDICATED_FOR"] == {"MESH:D006967", "MESH:D009157"}  # hypersensitivity, not SJS, EM …
    assert by_type["INTERACTS_WITH"] == {"MESH:D002220"}  # carbamazepine, not the enzyme


def test_a_labels_dosing_tables_and_impairment_subsections_become_rules(driver, database, neo4j_settings,
                                                                       tmp_path):
    """A whole openFDA label (fesoterodine, from fda-labels-full): its Dosage and Administration tables are stored
    as verbatim table texts with rules per row, and its renal/hepatic impairment subsections of Use in Specific
    Populations as texts whose conditioned rules the calculator reads."""
    import gzip
    import json

    from nlp.dose_tables import IMPAIRMENT_SECTION, TABLE_SECTION

    with gzip.open(DATA / "fda-labels-full" / "fda_labels_dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        record = next(json.loads(line) for line in handle if '"4f01dced-195a-4712-a614-d68012bc29df"' in line)
    path = tmp_path / "toviaz.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert _ingest(driver, neo4j_settings, [path], "labels").exit_code == 0
    rows = _one(driver, database, "MATCH (d:DrugLabel)-[:HAS_DOSAGE]->(x:DosageText) "
                                  "WHERE d.id STARTS WITH 'SETID:4f01dced' OPTIONAL MATCH (x)-[:STATES_RULE]->(r:DoseRule) "
                                  "RETURN x.section AS section, x.text AS text, r.sentence AS sentence, "
                                  "r.amount__low AS amount, r.renal__low AS low, r.renal__high AS high, r.kind AS kind, "
                                  "r.hepatic AS hepatic")
    table = [r for r in rows if r["section"] == TABLE_SECTION and r["sentence"]]
    assert {(r["amount"], r["low"], r["high"]) for r in table} >= {(8.0, 30.0, 89.0), (4.0, 15.0, 29.0)}
    assert all(r["sentence"] in r["text"] and r["text"].count("| --- |") == 1 for r in table)
    impairment = [r for r in rows if r["section"] == IMPAIRMENT_SECTION]
    assert impairment and all(r["text"].startswith("8.") for r in impairment)
    assert all(r["kind"] is None or r["low"] is not None or r["high"] is not None or r["hepatic"] for r in impairment)
