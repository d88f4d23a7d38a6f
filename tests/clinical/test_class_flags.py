"""A drug medkg holds no label of is judged by its class's labels (``clinical.treatment``, rule ``class-…``), on a real
Neo4j: two of three labelled Serotonin Uptake Inhibitors carry the pediatric Boxed Warning, so an unlabelled member
is demoted for a child, citing them; one labelled member does not make a class effect, nor do members of a class by
use ("Antidepressive Agents", a kind of MeSH's Therapeutic Uses); a drug with its own label is judged by that label
only."""

from __future__ import annotations

import pytest
from neo4j import Driver

from clinical.engine import ClinicalEngine
from clinical.treatment import _class_phrase, _words
from core.settings import Settings
from graph.models import (
    Document, DocumentLabel, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation, RelType,
    WarningKind,
)
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner

DEPRESSION = "MESH:D003866"
SSRI, MELATONIN = "MESH:D017367", "MESH:D000068980"
ANTIDEPRESSIVE, THERAPEUTIC_USES = "MESH:D000928", "MESH:D045506"
PAROXETINE, CITALOPRAM, SERTRALINE = "MESH:D017374", "MESH:D015283", "MESH:D020280"
LEVOMILNACIPRAN, AGOMELATINE, RAMELTEON = "MESH:C000591216", "MESH:C099108", "MESH:C422208"
LABELLED = {PAROXETINE: "SETID:paxil@v1", CITALOPRAM: "SETID:celexa@v1", SERTRALINE: "SETID:zoloft@v1",
            RAMELTEON: "SETID:rozerem@v1"}
BOXED = ("WARNING: SUICIDAL THOUGHTS AND BEHAVIORS Antidepressants increased the risk of suicidal thoughts and behaviors "
         "in pediatric and young adult patients in short-term studies.")
SERTRALINE_PEDIATRIC = "8.4 Pediatric Use The safety and efficacy of sertraline have been established in OCD."
RELEASE = "pharmacotherapydb@1.0"


def _write_graph(driver: Driver, database: str) -> None:
    drugs = {PAROXETINE: "Paroxetine", CITALOPRAM: "Citalopram", SERTRALINE: "Sertraline",
             LEVOMILNACIPRAN: "Levomilnacipran", AGOMELATINE: "Agomelatine", RAMELTEON: "Ramelteon"}
    entities = [Entity(id=DEPRESSION, label=NodeLabel.DISEASE, name="Depressive Disorder"),
                Entity(id=SSRI, label=NodeLabel.DRUG_CLASS, name="Serotonin Uptake Inhibitors"),
                Entity(id=MELATONIN, label=NodeLabel.DRUG_CLASS, name="Melatonin Receptor Agonists"),
                Entity(id=ANTIDEPRESSIVE, label=NodeLabel.DRUG_CLASS, name="Antidepressive Agents"),
                Entity(id=THERAPEUTIC_USES, label=NodeLabel.DRUG_CLASS, name="Therapeutic Uses")]
    entities += [Entity(id=i, label=NodeLabel.DRUG, name=n) for i, n in drugs.items()]
    documents = [Document(id=RELEASE, label=DocumentLabel.SOURCE_RELEASE, source="pharmacotherapydb", version="1.0")]
    documents += [Document(id=d, label=DocumentLabel.DRUG_LABEL, source="openfda", title=d) for d in LABELLED.values()]
    curated = Evidence(source="pharmacotherapydb", document_id=RELEASE, text="curated", kind=EvidenceKind.CURATED_RECORD)
    relations = [Relation(type=RelType.TREATS, head=drug, tail=DEPRESSION, evidence=(curated,)) for drug in drugs]
    relations += [Relation(type=RelType.HAS_CLASS, head=drug, tail=SSRI, evidence=(curated,))
                  for drug in (PAROXETINE, CITALOPRAM, SERTRALINE, LEVOMILNACIPRAN)]
    relations += [Relation(type=RelType.HAS_CLASS, head=drug, tail=MELATONIN, evidence=(curated,))
                  for drug in (AGOMELATINE, RAMELTEON)]
    # a class by use, not by mechanism: its labelled members' warnings do not speak for agomelatine
    relations += [Relation(type=RelType.HAS_CLASS, head=drug, tail=ANTIDEPRESSIVE, evidence=(curated,))
                  for drug in (AGOMELATINE, PAROXETINE, CITALOPRAM)]
    relations.append(Relation(type=RelType.IS_A, head=ANTIDEPRESSIVE, tail=THERAPEUTIC_USES, evidence=(curated,)))
    boxed = [LabelWarning(id=f"boxed-{drug}", population=Population.PEDIATRIC, kind=WarningKind.BOXED_WARNING,
                          section="Boxed Warning", text=BOXED, document_id=LABELLED[drug], drug_id=drug)
             for drug in (PAROXETINE, CITALOPRAM, RAMELTEON)]
    sertraline = LabelWarning(id="ped-sertraline", population=Population.PEDIATRIC,
                              kind=WarningKind.POPULATION_SECTION, section="8.4 Pediatric Use",
                              text=SERTRALINE_PEDIATRIC, document_id=LABELLED[SERTRALINE], drug_id=SERTRALINE)
    writer = GraphWriter(driver, database)
    writer.write(entities=entities, documents=documents, relations=relations)
    writer.write_label_warnings([*boxed, sertraline])


@pytest.fixture
def engine(driver: Driver, database: str, neo4j_settings: Settings) -> ClinicalEngine:
    _write_graph(driver, database)
    return ClinicalEngine(QueryEngine(driver, neo4j_settings), lambda: ReadOnlyRunner.from_settings(driver, neo4j_settings))


def test_an_unlabelled_drug_is_demoted_by_its_class_labels(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for depression in a 10 year old child")
    candidates = {c["name"]: c for c in answer.patient["candidates"]}
    levomilnacipran = candidates["Levomilnacipran"]
    assert levomilnacipran["action"] == "demoted"
    flag = levomilnacipran["flags"][0]
    assert flag["rule"] == "class-label-warning" and flag["about"] == "pediatric"
    assert "2 of 3 labelled drugs of its class Serotonin Uptake Inhibitors" in flag["reason"]
    assert {e["document_id"] for e in flag["evidence"]} == {LABELLED[PAROXETINE], LABELLED[CITALOPRAM]}
    assert all(e["text"] == BOXED for e in flag["evidence"])
    # its own label decides for sertraline; one labelled member, or a class by use, does not make a class effect
    assert candidates["Sertraline"]["action"] in ("kept", "caution")
    assert candidates["Agomelatine"]["action"] == "kept"
    assert candidates["Paroxetine"]["action"] == "demoted" and candidates["Paroxetine"]["flags"][0]["rule"] == "label-warning"
    names = [a.name for a in answer.answers]
    assert names.index("Sertraline") < names.index("Levomilnacipran")


def test_no_class_flag_for_an_adult(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for depression in a 40 year old man")
    assert {c["name"]: c["action"] for c in answer.patient["candidates"]}["Levomilnacipran"] == "kept"


def test_class_abbreviations_meet_class_names() -> None:
    assert _words("Monoamine Oxidase Inhibitors").strip() in _words("taking MAOIs with Lexapro")
    assert _words("monoamine oxidase inhibitor").strip() in _words("stopping an MAOI intended to treat")
    assert _class_phrase("Anti-Inflammatory Agents, Non-Steroidal") in _words("NSAIDs may increase lithium")
    assert _class_phrase("Enzyme Inhibitors") is None  # too broad to name an interaction
