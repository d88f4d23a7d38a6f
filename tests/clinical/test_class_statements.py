"""One label that states a warning of a whole class speaks for the class (``clinical.class_statements``), on a real
Neo4j: azilsartan's Boxed Warning, as the FDA–NLM pilot files hold it ("Drugs that act directly on the
renin-angiotensin system can cause injury and death to the developing fetus"), demotes the angiotensin receptor
blockers and ACE inhibitors medkg holds no label of for a pregnant patient, citing that sentence; not for a patient
who is not pregnant, not a drug of another class, and not a drug whose own label decides."""

from __future__ import annotations

import pytest
from neo4j import Driver

from clinical.class_statements import class_statements, covered_classes
from clinical.engine import ClinicalEngine
from core.settings import Settings
from graph.models import (
    Document, DocumentLabel, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation, RelType,
    WarningKind,
)
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner
from tests.conftest import DATA_DIR

HYPERTENSION = "MESH:D006973"
ARB, ACE, CCB = "MESH:D047228", "MESH:D000806", "MESH:D002121"
AZILSARTAN, TELMISARTAN, RAMIPRIL, AMLODIPINE, OLMESARTAN = (
    "DRUGBANK:DB08822", "MESH:D000077333", "MESH:D017257", "MESH:D017311", "MESH:C437965")
AZILSARTAN_LABEL, OLMESARTAN_LABEL = "FDA-ARS:AZILSARTAN:boxed_warnings", "SETID:benicar@v1"
RELEASE = "drugcentral@2016"
LITHIUM, METRONIDAZOLE, LITHIUM_LABEL = "MESH:D016651", "MESH:D008795", "SETID:lithium@v1"
LITHIUM_INTERACTIONS = ("7 DRUG INTERACTIONS • Diuretics, NSAID, renin-angiotensin system antagonists, or metronidazole "
                        "may increase lithium serum concentrations.")
FDA_ARS_TXT = DATA_DIR / "fda-adr-labels" / "Txt"


def _boxed_text() -> str:
    return " ".join((FDA_ARS_TXT / "AZILSARTAN_boxed_warnings.txt").read_text(encoding="utf-8").split())


def _write_graph(driver: Driver, database: str) -> None:
    drugs = {AZILSARTAN: "azilsartan medoxomil", TELMISARTAN: "telmisartan", RAMIPRIL: "Ramipril",
             AMLODIPINE: "Amlodipine", OLMESARTAN: "olmesartan medoxomil"}
    entities = [Entity(id=HYPERTENSION, label=NodeLabel.DISEASE, name="Hypertension"),
                Entity(id=ARB, label=NodeLabel.DRUG_CLASS, name="Angiotensin II Type 1 Receptor Blockers"),
                Entity(id=ACE, label=NodeLabel.DRUG_CLASS, name="Angiotensin-Converting Enzyme Inhibitors"),
                Entity(id=CCB, label=NodeLabel.DRUG_CLASS, name="Calcium Channel Blockers")]
    entities += [Entity(id=i, label=NodeLabel.DRUG, name=n) for i, n in drugs.items()]
    documents = [Document(id=RELEASE, label=DocumentLabel.SOURCE_RELEASE, source="drugcentral", version="2016"),
                 Document(id=AZILSARTAN_LABEL, label=DocumentLabel.DRUG_LABEL, source="fda-ars", title="Edarbi",
                          properties={"complete": False}),
                 Document(id=OLMESARTAN_LABEL, label=DocumentLabel.DRUG_LABEL, source="openfda", title="Benicar")]
    curated = Evidence(source="drugcentral", document_id=RELEASE, text="curated", kind=EvidenceKind.CURATED_RECORD)
    relations = [Relation(type=RelType.TREATS, head=drug, tail=HYPERTENSION, evidence=(curated,)) for drug in drugs]
    relations += [Relation(type=RelType.HAS_CLASS, head=drug, tail=ARB, evidence=(curated,))
                  for drug in (AZILSARTAN, TELMISARTAN, OLMESARTAN)]
    relations += [Relation(type=RelType.HAS_CLASS, head=RAMIPRIL, tail=ACE, evidence=(curated,)),
                  Relation(type=RelType.HAS_CLASS, head=AMLODIPINE, tail=CCB, evidence=(curated,))]
    boxed = LabelWarning(id="boxed-azilsartan", population=Population.PREGNANCY, kind=WarningKind.BOXED_WARNING,
                         section="Boxed Warning", text=_boxed_text(), document_id=AZILSARTAN_LABEL, drug_id=AZILSARTAN)
    # olmesartan's own (whole) label decides for it: here a pregnancy section that only asks to read it
    own = LabelWarning(id="preg-olmesartan", population=Population.PREGNANCY, kind=WarningKind.POPULATION_SECTION,
                       section="8.1 Pregnancy", text="8.1 Pregnancy Read the Boxed Warning.",
                       document_id=OLMESARTAN_LABEL, drug_id=OLMESARTAN)
    # lithium's whole label names the class in its Drug Interactions, by FDA's phrase
    entities += [Entity(id=LITHIUM, label=NodeLabel.DRUG, name="Lithium Carbonate"),
                 Entity(id=METRONIDAZOLE, label=NodeLabel.DRUG, name="Metronidazole")]
    documents.append(Document(id=LITHIUM_LABEL, label=DocumentLabel.DRUG_LABEL, source="openfda", title="Lithium"))
    statement = Evidence(source="openfda", document_id=LITHIUM_LABEL, text=LITHIUM_INTERACTIONS,
                         section="7 DRUG INTERACTIONS", kind=EvidenceKind.LABEL_STATEMENT)
    relations.append(Relation(type=RelType.INTERACTS_WITH, head=LITHIUM, tail=METRONIDAZOLE, evidence=(statement,)))
    writer = GraphWriter(driver, database)
    writer.write(entities=entities, documents=documents, relations=relations)
    lithium = LabelWarning(id="preg-lithium", population=Population.PREGNANCY, kind=WarningKind.POPULATION_SECTION,
                           section="8.1 Pregnancy", text="8.1 Pregnancy Lithium may cause fetal harm.",
                           document_id=LITHIUM_LABEL, drug_id=LITHIUM)  # (a label's warnings link it to its drug)
    writer.write_label_warnings([boxed, own, lithium])


@pytest.fixture
def engine(driver: Driver, database: str, neo4j_settings: Settings) -> ClinicalEngine:
    _write_graph(driver, database)
    return ClinicalEngine(QueryEngine(driver, neo4j_settings), lambda: ReadOnlyRunner.from_settings(driver, neo4j_settings))


def _first_flags_of_the_class(candidates: dict) -> list[dict]:
    """The first flag of the unlabelled ARB and ACE inhibitor, each of which must be demoted."""
    for name in ("telmisartan", "Ramipril"):
        assert candidates[name]["action"] == "demoted", name
    return [candidates[name]["flags"][0] for name in ("telmisartan", "Ramipril")]


def test_the_renin_angiotensin_statement_covers_arbs_and_ace_inhibitors_only() -> None:
    phrase, covered = covered_classes(_boxed_text())
    assert phrase.lower() == "drugs that act directly on the renin-angiotensin system"
    assert {"angiotensin-converting enzyme inhibitors", "angiotensin ii type 1 receptor blockers"} <= covered
    assert "calcium channel blockers" not in covered
    assert covered_classes("Amlodipine can cause fetal harm.") == ("", frozenset())
    phrase, covered = covered_classes("Diuretics, NSAID, renin-angiotensin system antagonists, or metronidazole may "
                                      "increase lithium serum concentrations.")
    assert phrase == "renin-angiotensin system antagonists" and "angiotensin 2 receptor blocker" in covered
    assert all(statement.where for statement in class_statements())


def test_one_class_statement_demotes_the_unlabelled_members_for_a_pregnant_patient(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for hypertension in a pregnant woman")
    candidates = {c["name"]: c for c in answer.patient["candidates"]}
    for flag in _first_flags_of_the_class(candidates):
        assert flag["rule"] == "class-label-warning" and flag["about"] == "pregnancy"
        assert "azilsartan medoxomil" in flag["reason"] and "renin-angiotensin" in flag["reason"]
        assert flag["evidence"][0]["document_id"] == AZILSARTAN_LABEL
        assert "developing fetus" in flag["evidence"][0]["text"]
    assert candidates["Amlodipine"]["action"] == "kept"
    assert candidates["azilsartan medoxomil"]["action"] == "excluded"  # its own boxed warning
    assert all(f["rule"] != "class-label-warning" for f in candidates["olmesartan medoxomil"]["flags"])
    names = [a.name for a in answer.answers]
    assert names.index("Amlodipine") < names.index("telmisartan")


def test_no_class_statement_flag_when_not_pregnant(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for hypertension in a 40 year old man")
    assert {c["name"]: c["action"] for c in answer.patient["candidates"]}["telmisartan"] == "kept"


def test_a_partial_label_is_not_a_checked_label(engine: ClinicalEngine) -> None:
    answer = engine.answer("can a pregnant woman take azilsartan medoxomil?")
    verdict = answer.patient["candidates"][0]
    assert verdict["action"] == "excluded" and verdict["labelled"] is False


def test_an_interaction_statement_naming_the_class_by_fdas_phrase_names_its_members(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for hypertension in a patient taking lithium")
    candidates = {c["name"]: c for c in answer.patient["candidates"]}
    for flag in _first_flags_of_the_class(candidates):
        assert flag["rule"] == "interaction" and "renin-angiotensin system antagonists" in flag["reason"]
        assert flag["evidence"][0]["document_id"] == LITHIUM_LABEL
    assert candidates["Amlodipine"]["action"] == "kept"


NSAID, IBUPROFEN, MELOXICAM, MOBIC = "NDFRT:N0000175721", "MESH:D007052", "MESH:C065757", "SETID:mobic@v1"
MESH_NSAID, ACETAMINOPHEN = "MESH:D000894", "MESH:D000082"


def test_a_firm_pregnancy_sentence_naming_nsaids_speaks_for_an_unlabelled_nsaid(driver: Driver, database: str,
                                                                             neo4j_settings: Settings) -> None:
    # meloxicam's 8.1 Pregnancy (fda-labels-full) writes FDA's class statement; ibuprofen has no label in the graph
    curated = Evidence(source="drugcentral", document_id=RELEASE, text="curated", kind=EvidenceKind.CURATED_RECORD)
    writer = GraphWriter(driver, database)
    # FDA's class (DrugCentral's EPC, as NDF-RT); MeSH's broader "non-steroidal anti-inflammatory" action also holds
    # acetaminophen (ChEBI's role), which no NSAID class statement is about
    writer.write(entities=[Entity(id=NSAID, label=NodeLabel.DRUG_CLASS, name="Nonsteroidal Anti-inflammatory Compounds"),
                           Entity(id=MESH_NSAID, label=NodeLabel.DRUG_CLASS,
                                  name="Anti-Inflammatory Agents, Non-Steroidal"),
                           Entity(id=IBUPROFEN, label=NodeLabel.DRUG, name="Ibuprofen"),
                           Entity(id=ACETAMINOPHEN, label=NodeLabel.DRUG, name="Acetaminophen"),
                           Entity(id=MELOXICAM, label=NodeLabel.DRUG, name="meloxicam")],
                 documents=[Document(id=RELEASE, label=DocumentLabel.SOURCE_RELEASE, source="drugcentral"),
                            Document(id=MOBIC, label=DocumentLabel.DRUG_LABEL, source="openfda", title="Mobic")],
                 relations=[Relation(type=RelType.HAS_CLASS, head=drug, tail=NSAID, evidence=(curated,))
                            for drug in (IBUPROFEN, MELOXICAM)]
                 + [Relation(type=RelType.HAS_CLASS, head=drug, tail=MESH_NSAID, evidence=(curated,))
                    for drug in (IBUPROFEN, MELOXICAM, ACETAMINOPHEN)])
    weak = "8.1 Pregnancy Data regarding embryofetal risks of NSAID use in the first trimester are inconclusive."
    firm = weak + (" Avoid use of NSAIDs, including MOBIC, in pregnant women at about 30 weeks gestation and later "
                   "(see Warnings and Precautions).")
    engine = ClinicalEngine(QueryEngine(driver, neo4j_settings),
                            lambda: ReadOnlyRunner.from_settings(driver, neo4j_settings))

    def pregnancy_section(text: str) -> None:
        writer.write_label_warnings([LabelWarning(
            id="preg-meloxicam", population=Population.PREGNANCY, kind=WarningKind.POPULATION_SECTION,
            section="8.1 Pregnancy", text=text, document_id=MOBIC, drug_id=MELOXICAM)])

    pregnancy_section(weak)  # names the class, says nothing firm: no flag for ibuprofen
    [candidate] = engine.answer("is ibuprofen safe in pregnancy").patient["candidates"]
    assert all(flag["rule"] != "class-label-warning" for flag in candidate["flags"])
    pregnancy_section(firm)
    [candidate] = engine.answer("is ibuprofen safe in pregnancy").patient["candidates"]
    assert candidate["action"] == "demoted"
    [flag] = [f for f in candidate["flags"] if f["rule"] == "class-label-warning"]
    assert "the 8.1 Pregnancy section of meloxicam" in flag["reason"] and '"NSAIDs"' in flag["reason"]
    assert flag["evidence"][0]["text"].startswith("Avoid use of NSAIDs, including MOBIC, in pregnant women")
    [candidate] = engine.answer("is acetaminophen safe in pregnancy").patient["candidates"]
    assert all(flag["rule"] != "class-label-warning" for flag in candidate["flags"]), candidate["flags"]
