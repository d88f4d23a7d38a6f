"""Treatment answers re-ranked for a patient, on a real Neo4j: a graph written through the GraphWriter with real label
sentences (lisinopril's boxed warning, Inderal's contraindications, the lithium label's drug interactions), asked
through the real query and clinical engines (no models: the full-text index links)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from clinical.engine import ClinicalEngine
from clinical.patient import PatientContext
from core.settings import Settings
from graph.models import (
    Document, DocumentLabel, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation, RelType,
    WarningKind,
)
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.models import Intent
from query.safety import ReadOnlyRunner

HYPERTENSION, ASTHMA = "MESH:D006973", "MESH:D001249"
LISINOPRIL, AMLODIPINE, PROPRANOLOL, HCTZ = "MESH:D017706", "MESH:D017311", "MESH:D011433", "MESH:D006852"
LITHIUM, METRONIDAZOLE, DIURETICS = "MESH:D016651", "MESH:D008795", "MESH:D004232"
RELEASE = "pharmacotherapydb@1.0"
LABELS = {LISINOPRIL: "SETID:lisinopril@v30", PROPRANOLOL: "SETID:inderal-xl@v12", LITHIUM: "SETID:lithium@v13",
          AMLODIPINE: "SETID:amlodipine@v20"}
BOXED = ("WARNING: FETAL TOXICITY When pregnancy is detected, discontinue lisinopril as soon as possible. Drugs that act "
         "directly on the renin-angiotensin system can cause injury and death to the developing fetus.")
INDERAL = ("INDERAL XL is contraindicated in patients with: Cardiogenic shock or decompensated heart failure; Sinus "
           "bradycardia, sick sinus syndrome, and greater than first degree block unless a permanent pacemaker is in "
           "place; Bronchial asthma.")
LITHIUM_DDI = ("7 DRUG INTERACTIONS • Diuretics, NSAID, renin-angiotensin system antagonists, or metronidazole may "
               "increase lithium serum concentrations.")
LISINOPRIL_DDI = ("Lithium toxicity has been reported in patients receiving lithium concomitantly with drugs which "
                  "cause elimination of sodium, including ACE inhibitors.")
AMLODIPINE_PREGNANCY = ("8.1 Pregnancy Risk Summary The limited available data based on post-marketing reports with "
                        "amlodipine use in pregnant women are not sufficient to inform a drug-associated risk for major "
                        "birth defects and miscarriage.")


def _label_evidence(drug: str, text: str, section: str) -> Evidence:
    return Evidence(source="openfda", document_id=LABELS[drug], text=text, section=section, extractor="dictionary",
                    kind=EvidenceKind.LABEL_STATEMENT)


def _write_graph(driver: Driver, database: str) -> None:
    entities = [Entity(id=HYPERTENSION, label=NodeLabel.DISEASE, name="Hypertension"),
                Entity(id=ASTHMA, label=NodeLabel.DISEASE, name="Asthma"),
                Entity(id=LISINOPRIL, label=NodeLabel.DRUG, name="Lisinopril"),
                Entity(id=AMLODIPINE, label=NodeLabel.DRUG, name="Amlodipine"),
                Entity(id=PROPRANOLOL, label=NodeLabel.DRUG, name="Propranolol"),
                Entity(id=HCTZ, label=NodeLabel.DRUG, name="Hydrochlorothiazide"),
                Entity(id=LITHIUM, label=NodeLabel.DRUG, name="Lithium Carbonate"),
                Entity(id=METRONIDAZOLE, label=NodeLabel.DRUG, name="Metronidazole"),
                Entity(id=DIURETICS, label=NodeLabel.DRUG_CLASS, name="Diuretics")]
    documents = [Document(id=RELEASE, label=DocumentLabel.SOURCE_RELEASE, source="pharmacotherapydb", version="1.0")]
    documents += [Document(id=doc, label=DocumentLabel.DRUG_LABEL, source="openfda", title=doc,
                           url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={doc}") for doc in LABELS.values()]
    curated = Evidence(source="pharmacotherapydb", document_id=RELEASE, text="disease modifying",
                       kind=EvidenceKind.CURATED_RECORD)
    relations = [Relation(type=RelType.TREATS, head=drug, tail=HYPERTENSION, evidence=(curated,))
                 for drug in (LISINOPRIL, AMLODIPINE, PROPRANOLOL, HCTZ)]
    relations += [
        Relation(type=RelType.CONTRAINDICATED_FOR, head=PROPRANOLOL, tail=ASTHMA,
                 evidence=(_label_evidence(PROPRANOLOL, INDERAL, "Contraindications"),)),
        Relation(type=RelType.INTERACTS_WITH, head=LITHIUM, tail=METRONIDAZOLE,
                 evidence=(_label_evidence(LITHIUM, LITHIUM_DDI, "Drug Interactions"),)),
        Relation(type=RelType.INTERACTS_WITH, head=LISINOPRIL, tail=LITHIUM,
                 evidence=(_label_evidence(LISINOPRIL, LISINOPRIL_DDI, "Drug Interactions"),)),
        Relation(type=RelType.HAS_CLASS, head=HCTZ, tail=DIURETICS, evidence=(curated,)),
    ]
    warnings = [
        LabelWarning(id="w1", population=Population.PREGNANCY, kind=WarningKind.BOXED_WARNING, section="Boxed Warning",
                     text=BOXED, document_id=LABELS[LISINOPRIL], drug_id=LISINOPRIL),
        LabelWarning(id="w2", population=Population.PREGNANCY, kind=WarningKind.POPULATION_SECTION,
                     section="8.1 Pregnancy", text=AMLODIPINE_PREGNANCY, document_id=LABELS[AMLODIPINE],
                     drug_id=AMLODIPINE),
        LabelWarning(id="w3", population=Population.ALL, kind=WarningKind.CONTRAINDICATION, section="Contraindications",
                     text="Known hypersensitivity to lithium.", document_id=LABELS[LITHIUM], drug_id=LITHIUM),
    ]
    writer = GraphWriter(driver, database)
    writer.write(entities=entities, documents=documents, relations=relations)
    writer.write_label_warnings(warnings)


@pytest.fixture
def engine(driver: Driver, database: str, neo4j_settings: Settings) -> ClinicalEngine:
    _write_graph(driver, database)
    return ClinicalEngine(QueryEngine(driver, neo4j_settings), lambda: ReadOnlyRunner.from_settings(driver, neo4j_settings))


def _actions(answer) -> dict[str, str]:  # noqa: ANN001 - query.models.Answer
    return {c["name"]: c["action"] for c in answer.patient["candidates"]}


def test_patient_blind_ranking_has_every_candidate(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for hypertension")
    assert answer.intent is Intent.TREATMENT and answer.patient is None
    assert {a.name for a in answer.answers} == {"Lisinopril", "Amlodipine", "Propranolol", "Hydrochlorothiazide"}


def test_pregnant_woman_with_asthma_taking_lithium(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for hypertension in a pregnant woman with asthma taking lithium")
    assert answer.intent is Intent.TREATMENT
    assert [a.name for a in answer.answers] == ["Amlodipine", "Hydrochlorothiazide"]  # excluded gone, demoted last
    actions = _actions(answer)
    assert actions == {"Lisinopril": "excluded", "Propranolol": "excluded", "Hydrochlorothiazide": "demoted",
                       "Amlodipine": "caution"}
    flags = {c["name"]: c["flags"] for c in answer.patient["candidates"]}
    lisinopril = {f["rule"]: f for f in flags["Lisinopril"]}
    assert lisinopril["label-warning"]["evidence"][0]["text"].startswith("WARNING: FETAL TOXICITY")
    assert lisinopril["label-warning"]["evidence"][0]["document_id"] == LABELS[LISINOPRIL]
    assert LISINOPRIL_DDI in lisinopril["interaction"]["evidence"][0]["text"]
    assert flags["Propranolol"][0]["rule"] == "contraindicated-condition"
    assert "Bronchial asthma" in flags["Propranolol"][0]["evidence"][0]["text"]
    hctz = flags["Hydrochlorothiazide"][0]
    assert hctz["rule"] == "interaction" and "Diuretics" in hctz["reason"] and hctz["evidence"][0]["text"] == LITHIUM_DDI
    assert "pregnant" in answer.understood_as and answer.patient["linked"]["conditions"] == ["Asthma"]
    assert answer.patient["sources"], "the review says which sources its rules read"


def test_a_given_patient_and_an_allergy_by_class(engine: ClinicalEngine) -> None:
    patient = PatientContext(allergies=("diuretics",))
    answer = engine.answer("best treatment for hypertension", patient=patient)
    assert "Hydrochlorothiazide" not in [a.name for a in answer.answers]
    flag = next(c for c in answer.patient["candidates"] if c["name"] == "Hydrochlorothiazide")["flags"][0]
    assert flag["rule"] == "allergy" and "Diuretics" in flag["reason"]
    assert _actions(answer)["Amlodipine"] == "kept"


def test_a_patient_without_a_matching_rule_changes_nothing(engine: ClinicalEngine) -> None:
    blind = engine.answer("best treatment for hypertension")
    answer = engine.answer("best treatment for hypertension", patient=PatientContext(age_years=40, weight_kg=70))
    assert [a.id for a in answer.answers] == [a.id for a in blind.answers]
    assert set(_actions(answer).values()) == {"kept"}


@pytest.mark.parametrize("template", [
    "contraindications_for_conditions", "interactions_with_medications", "label_warnings_of", "drug_classes_of",
    "interaction_statements_of", "class_siblings", "labelled_drugs", "class_statement_warnings",
])
def test_review_templates_plan_as_reads(driver: Driver, database: str, template: str) -> None:
    from clinical import templates

    summary = driver.session(database=database).run(f"EXPLAIN {getattr(templates, template)()}").consume()
    assert summary.query_type == "r"


@pytest.mark.parametrize(("text", "action"), [
    ("8.1 Pregnancy Risk Summary In humans, prenatal exposure to phenytoin may increase the risks for congenital "
     "malformations and other adverse developmental outcomes.", "demoted"),
    ("Epidemiological studies reporting on pregnancies exposed to meclizine have not identified an association between "
     "the use of meclizine during pregnancy and an increased risk of major birth defects.", "caution"),
    ("Although early studies reported an increased risk of congenital malformations with diazepam and "
     "chlordiazepoxide, there was no consistent pattern noted.", "caution"),
    ("Administration to pregnant rats resulted in an increased incidence of fetal malformations.", "caution"),
])
def test_a_pregnancy_section_stating_human_malformation_risk_demotes(text: str, action: str) -> None:
    from clinical.treatment import _warning_flag

    row = {"text": text, "population": "pregnancy", "kind": WarningKind.POPULATION_SECTION.value,
           "section": "8.1 Pregnancy", "source": "openfda", "document_id": "SETID:x@v1", "url": None}
    assert _warning_flag(row, PatientContext(pregnant=True)).action.value == action


def test_a_pair_without_a_recorded_interaction_gets_what_the_labels_say(engine: ClinicalEngine) -> None:
    answer = engine.answer("can I take hydrochlorothiazide with lithium carbonate")
    assert answer.intent is Intent.INTERACTIONS and answer.answers
    assert "recorded as a pair" in answer.message
    [item] = answer.answers
    assert item.text.startswith("Hydrochlorothiazide: ") and "Diuretics" in item.text
    assert item.evidence[0].text == LITHIUM_DDI and item.evidence[0].document_id == LABELS[LITHIUM]
    recorded = engine.answer("can I take lisinopril with lithium carbonate")  # the pair itself is recorded: the usual answer
    assert recorded.answers and "recorded as a pair" not in (recorded.message or "")
    silent = engine.answer("can I take amlodipine with lithium carbonate")  # nothing in any label: said so
    assert silent.answers == [] and "absence of a record is not proof of safety" in silent.message


def test_one_drug_asked_about_for_a_patient_gets_its_verdict_with_the_reasons(engine: ClinicalEngine) -> None:
    pregnant = engine.answer("can a pregnant woman take lisinopril")
    assert pregnant.intent is Intent.CONTRAINDICATIONS and [e.name for e in pregnant.entities] == ["Lisinopril"]
    [item] = pregnant.answers
    assert item.name == "Lisinopril" and item.text.startswith("excluded: Boxed Warning on pregnancy")
    assert item.evidence[0].text.startswith("WARNING: FETAL TOXICITY")
    assert item.evidence[0].document_id == LABELS[LISINOPRIL]
    assert pregnant.message.startswith("For this patient, Lisinopril is not advised")
    assert pregnant.patient["candidates"][0]["action"] == "excluded"
    # consumer wording: "safe to take" is an interaction cue, but one drug and a patient ask about its use
    worded = engine.answer("is it safe to take lisinopril while pregnant")
    assert worded.intent is Intent.CONTRAINDICATIONS and worded.answers[0].text.startswith("excluded")

    asthma = engine.answer("can a patient with asthma take propranolol")
    assert asthma.answers[0].text.startswith("excluded") and "Bronchial asthma" in asthma.answers[0].evidence[0].text
    assert asthma.patient["linked"]["conditions"] == ["Asthma"]

    # nothing speaks against it, and medkg holds no label of it: said so, not "safe"
    unchecked = engine.answer("can a 40 year old man take hydrochlorothiazide")
    assert unchecked.answers[0].text.startswith("not checked against a label")
    assert unchecked.message.startswith("medkg holds no label of Hydrochlorothiazide")
    assert unchecked.patient["candidates"][0]["labelled"] is False
    chinese = engine.answer("孕妇能用赖诺普利吗")
    assert chinese.language == "zh" and chinese.answers[0].text.startswith("excluded")
    assert chinese.message.startswith("对该患者不建议使用")
    # "使用X的注意事项": the drug the patient "uses" is the one asked about, not a co-medication of itself
    precautions = engine.answer("孕妇使用赖诺普利的注意事项")
    assert [e.name for e in precautions.entities] == ["Lisinopril"] and precautions.answers[0].text.startswith("excluded")
    assert precautions.patient["patient"].get("medications") in (None, []), precautions.patient["patient"]
    assert "taking" not in precautions.understood_as
    # a treatment question with a patient stays a ranking
    assert engine.answer("best treatment for hypertension in a pregnant woman").intent is Intent.TREATMENT


def test_a_dose_question_with_a_patient_asks_about_the_drug_not_the_patients_condition(engine: ClinicalEngine) -> None:
    answer = engine.answer("哮喘患者加巴喷丁剂量")  # gabapentin has no Chinese name here: say so, not asthma's drugs
    assert answer.intent is Intent.DOSAGE and answer.answers == []
    assert "Asthma" not in [e.name for e in answer.entities]
    assert answer.patient["patient"]["conditions"] == ["asthma"]


def test_a_chinese_patients_condition_is_the_question_when_nothing_else_is(engine: ClinicalEngine) -> None:
    """"服用锂盐的高血压患者用什么药" (a hypertensive patient taking lithium: which drug?) read 高血压患者 as the patient
    and left "用什么药" without a disease: the condition is what is asked about, and lithium still re-ranks."""
    answer = engine.answer("服用锂盐的高血压患者用什么药")
    assert answer.intent is Intent.TREATMENT and [e.name for e in answer.entities] == ["Hypertension"]
    assert answer.understood_as.startswith("高血压用什么药 — patient:")
    assert _actions(answer)["Lisinopril"] == "demoted"  # lithium's label names renin-angiotensin system antagonists
    assert "conditions" not in answer.patient["patient"]  # hypertension is the question, not a condition to check


def test_the_written_condition_is_kept_with_the_patient() -> None:
    from clinical.patient_text import parse_patient

    parsed = parse_patient("服用华法林的类风湿关节炎患者用什么药")
    assert parsed.conditions_as_written[-1][1] == "类风湿关节炎" and parsed.patient.medications
