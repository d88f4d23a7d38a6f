"""Note analysis: sections, ConText statuses and medication attributes as pure units; the whole analysis (linking,
summary, every alert kind with its evidence) over a small graph written to the real Neo4j through the GraphWriter;
the API and CLI refusing bad notes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from neo4j import Driver

from clinical.notes import NoteAnalyzer, NoteError, NoteLexicon, check_note
from clinical.notes.context import carry_current, classify
from clinical.notes.lexicon import NoteLexicon as Lexicon
from clinical.notes.medications import is_dosage_form, read_attributes, status_of, unit_of
from clinical.notes.models import AlertKind, Experiencer, MedicationStatus, SectionKind, Temporality
from clinical.notes.sections import split_sections
from graph.models import Document, DocumentLabel, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from query.safety import ReadOnlyRunner

NOTE = """CHIEF COMPLAINT: Shortness of breath.

HISTORY OF PRESENT ILLNESS: A 67-year-old man with heart failure and high blood pressure presents with cough.
He denies fever, chest pain or hemoptysis. Possible pneumonia. He had asthma as a child.

MEDICATIONS: Lisinopril 20 mg p.o. daily, enalapril 10 mg daily, warfarin 5 mg PO daily, aspirin 81 mg daily,
propranolol 40 mg b.i.d. Metoprolol was discontinued last month.

ALLERGIES: Penicillin (rash).

FAMILY HISTORY: Mother had breast cancer.

ASSESSMENT AND PLAN: Heart failure exacerbation. Start amoxicillin 500 mg three times a day for 7 days.
Return if fever.
"""


def _spans(text: str, *words: str) -> list[tuple[int, int]]:
    return [next((m.start(), m.end()) for m in re.finditer(re.escape(w), text)) for w in words]


def test_sections_are_found_and_normalised() -> None:
    kinds = [(s.kind, s.heading) for s in split_sections(NOTE)]
    assert kinds == [
        (SectionKind.CHIEF_COMPLAINT, "CHIEF COMPLAINT"), (SectionKind.HPI, "HISTORY OF PRESENT ILLNESS"),
        (SectionKind.MEDICATIONS, "MEDICATIONS"), (SectionKind.ALLERGIES, "ALLERGIES"),
        (SectionKind.FAMILY_HISTORY, "FAMILY HISTORY"), (SectionKind.ASSESSMENT_PLAN, "ASSESSMENT AND PLAN")]
    chinese = split_sections("主诉：发热3天。\n现病史：患者3天前出现发热。\n既往史：高血压10年。\n")
    assert [s.kind for s in chinese] == [SectionKind.CHIEF_COMPLAINT, SectionKind.HPI, SectionKind.PAST_HISTORY]


@pytest.mark.parametrize(("sentence", "word", "negated", "uncertain", "temporality", "experiencer"), [
    ("He denies fever, chills, night sweats or weight loss.", "weight loss", True, False, "recent", "patient"),
    ("No evidence of pneumonia on the film.", "pneumonia", True, False, "recent", "patient"),
    ("Pulmonary embolism was ruled out.", "embolism", True, False, "recent", "patient"),
    ("Cannot rule out pneumonia.", "pneumonia", False, True, "recent", "patient"),
    ("Chest x-ray concerning for pneumonia.", "pneumonia", False, True, "recent", "patient"),
    ("Assessment: choledocholithiasis, ? cholecystitis.", "cholecystitis", False, True, "recent", "patient"),
    ("考虑肺炎。", "肺炎", False, True, "recent", "patient"),
    ("No fever but reports a cough.", "cough", False, False, "recent", "patient"),
    ("He had asthma as a child.", "asthma", False, False, "historical", "patient"),
    ("Return to the clinic if fever develops.", "fever", False, False, "hypothetical", "patient"),
    ("Mother had breast cancer at 50.", "breast cancer", False, False, "recent", "other"),
    ("Brought in by his parents because of cough.", "cough", False, False, "recent", "patient"),
    ("患者无发热，有咳嗽。", "发热", True, False, "recent", "patient"),
    ("患者无发热，有咳嗽。", "咳嗽", False, False, "recent", "patient"),
    ("She also has a 9-year-old brother who is diagnosed with autism.", "autism", False, False, "recent", "other"),
    ("DIFFERENTIAL DIAGNOSES:  Arteriovenous malformation, stroke, traumatic injury.", "stroke", False, True,
     "recent", "patient"),
    ("He had a history of gastroesophageal reflux disease, otherwise a healthy child.", "reflux", False, False,
     "historical", "patient"),
    ("Preoperative diagnosis: appendicitis.", "appendicitis", False, False, "recent", "patient"),
    ("Patient presents with symptoms similar to a tension headache.", "headache", False, True, "recent", "patient"),
    ("I assured her that it does not look like she has a stroke.", "stroke", True, False, "recent", "patient"),
    ("This appears to be caused by uncontrolled hypertension.", "hypertension", False, False, "recent", "patient"),
    ("Borderline hypertension.", "hypertension", False, False, "recent", "patient"),
])
def test_context_rules(sentence: str, word: str, negated: bool, uncertain: bool, temporality: str,
                       experiencer: str) -> None:
    [context] = classify(sentence, _spans(sentence, word), [SectionKind.HPI])
    assert (context.negated, context.uncertain, context.temporality.value, context.experiencer.value) == (
        negated, uncertain, temporality, experiencer), context.cues


def test_a_chinese_denial_stays_in_its_clause_and_no_evident_cause_denies_nothing() -> None:
    # "无明显诱因出现上腹部隐痛，进食后加重，2天前出现黑便": 无明显诱因 (no evident cause) denies nothing, and a 无 of
    # one clause never reached the melena of a later one (it had been listed as present and as a key negative)
    text = "3月前无明显诱因出现上腹部隐痛，进食后加重，2天前出现黑便，伴头晕，无呕血、发热。"
    contexts = classify(text, _spans(text, "隐痛", "黑便", "头晕", "呕血", "发热"), [SectionKind.HPI] * 5)
    assert [c.negated for c in contexts] == [False, False, False, True, True]


def test_section_rules_past_history_and_family_history() -> None:
    text = "Hypertension. Diabetes, currently uncontrolled."
    past = classify(text, _spans(text, "Hypertension", "Diabetes"), [SectionKind.PAST_HISTORY] * 2)
    assert [c.temporality for c in past] == [Temporality.HISTORICAL, Temporality.RECENT]
    [family] = classify("Diabetes.", [(0, 8)], [SectionKind.FAMILY_HISTORY])
    assert family.experiencer is Experiencer.OTHER


def test_a_past_history_problem_the_note_treats_as_current_is_recent() -> None:
    text = "Hypertension. Appendicitis. Hypertension, stable on lisinopril."
    spans = [(0, 12), (14, 26), (28, 40)]
    sections = [SectionKind.PAST_HISTORY, SectionKind.PAST_HISTORY, SectionKind.ASSESSMENT_PLAN]
    contexts = classify(text, spans, sections)
    carry_current(contexts, ["htn", "appendicitis", "htn"], sections)
    assert [c.temporality for c in contexts] == [Temporality.RECENT, Temporality.HISTORICAL, Temporality.RECENT]
    assert contexts[0].cues == ["current elsewhere in the note"]


@pytest.mark.parametrize(("words", "expected"), [
    (" 40 mg p.o. b.i.d. for 5 days", {"dose": "40", "unit": "mg", "route": "oral", "frequency": "b.i.d",
                                       "duration": "for 5 days"}),
    (" 2 puffs q.4h. p.r.n.", {"dose": "2", "unit": "puffs", "route": None, "frequency": "q.4h"}),
    (" 500 mcg IV daily", {"dose": "500", "unit": "mcg", "route": "intravenous", "frequency": "daily"}),
    (" 10 units subcutaneously at bedtime", {"dose": "10", "unit": "units", "route": "subcutaneous",
                                            "frequency": "at bedtime"}),
    # Chinese prescriptions: the route before the drug, units touching the next character, Chinese units
    ("5mg每日一次。", {"dose": "5", "unit": "mg", "route": "oral", "frequency": "每日一次"}),
    ("2g 静脉滴注 每日一次", {"dose": "2", "unit": "g", "route": "intravenous", "frequency": "每日一次"}),
    ("0.5克 每8小时一次", {"dose": "0.5", "unit": "g", "route": None, "frequency": "每8小时一次"}),
    (" 1 gram 4 times daily for 1 month", {"dose": "1", "unit": "g", "frequency": "4 times daily"}),
    (" as-needed for pain", {"dose": None, "frequency": "as-needed"}),
    (" for right otitis externa eardrops twice daily", {"route": "otic", "frequency": "twice daily"}),
    (" 1000 U daily", {"dose": None, "unit": None}),  # Chinese units and "U" are read in Chinese notes only
    ("80万单位 肌注 每日两次", {"dose": "800000", "unit": "units", "route": "intramuscular", "frequency": "每日两次"}),
])
def test_medication_attributes(words: str, expected: dict[str, str | None]) -> None:
    found = read_attributes(words, "长期口服" if words.startswith("5mg") else "")
    assert {key: found[key] for key in expected} == expected


@pytest.mark.parametrize(("before", "after", "route"), [
    ("He has diuresed with IV ", ".", "intravenous"),  # a route right before the drug, none after it
    ("started on subcutaneous ", " 5000 units", "subcutaneous"),
    ("IV fluids and ", " 40 mg daily", None),  # a route before the word before does not count
    ("given IV ", " 20 mg p.o. daily", "oral"),  # the route after the drug wins
    ("长期口服", "5mg 每日一次", "oral"),  # a Chinese prescription's route before the drug
    ("奥美拉唑静脉滴注，拟加用", "止痛", None),  # the route of the clause before is omeprazole's, not this drug's
])
def test_a_route_right_before_the_drug_is_read_when_none_follows(before: str, after: str, route: str | None) -> None:
    assert read_attributes(after, before)["route"] == route


@pytest.mark.parametrize(("words", "form"), [
    ("nasal spray", True), ("Ophthalmic Solutions", True), ("tablets", True), ("eye drops", True),
    ("Flonase", False), ("nitroglycerin", False), ("lidocaine patch", False),
])
def test_a_dosage_form_is_not_a_drug(words: str, form: bool) -> None:
    assert is_dosage_form(words) is form


@pytest.mark.parametrize(("text", "drug", "previous", "expected"), [
    ("MEDICATIONS: Plavix 75 mg q.d-discontinued, enalapril 10 mg b.i.d.", "Plavix", None, "discontinued"),
    ("MEDICATIONS: Plavix 75 mg q.d-discontinued, enalapril 10 mg b.i.d.", "enalapril", "Plavix", "current"),
    ("She was treated with antibiotics and prednisone.", "prednisone", "antibiotics", "discontinued"),
    ("She stopped aspirin and started metoprolol.", "metoprolol", "aspirin", "current"),
    ("I do not think he needs to be on the Plavix any more.", "Plavix", None, "discontinued"),
    ("既往服用阿司匹林，现已停用。", "阿司匹林", None, "discontinued"),
    ("3个月前停用华法林，现服用利伐沙班。", "华法林", None, "discontinued"),
    ("3个月前停用华法林，现服用利伐沙班。", "利伐沙班", "华法林", "current"),
    ("对青霉素过敏。", "青霉素", None, "allergy"),
    ("对头孢类药物过敏。", "头孢类", None, "allergy"),
    ("Consider amoxicillin if pneumonia on chest x-ray.", "amoxicillin", None, "planned"),
    ("阿司匹林100mg每日一次，停用氯吡格雷。", "阿司匹林", None, "current"),
    ("阿司匹林100mg每日一次，停用氯吡格雷。", "氯吡格雷", "阿司匹林", "discontinued"),
])
def test_medication_status_reads_its_own_list_entry(text: str, drug: str, previous: str | None,
                                                    expected: str) -> None:
    start = text.index(drug)
    previous_end = text.index(previous) + len(previous) if previous else 0
    status = status_of(text, start, start + len(drug), previous_end, SectionKind.MEDICATIONS, 0)
    assert status.value == expected


def test_a_chinese_plan_gives_planned_medications() -> None:
    text = "诊疗计划：予头孢曲松2g 静脉滴注。"
    start = text.index("头孢曲松")
    assert status_of(text, start, start + 4, 0, SectionKind.ASSESSMENT_PLAN, 0).value == "planned"
    assert status_of(text, start, start + 4, 0, SectionKind.MEDICATIONS, 0).value == "current"


def test_a_drug_named_by_its_family_is_a_medication_only_for_a_large_family() -> None:
    def row(node_id: str, name: str, therapeutic: bool) -> dict:
        return {"id": node_id, "labels": ["Entity", "Drug"], "name": name, "synonyms": [],
                "therapeutic": therapeutic}
    products = [row(f"X:{i}", f"insulin {kind}", True)
                for i, kind in enumerate(("glargine", "detemir", "lispro", "aspart", "human"))]
    lexicon = Lexicon.from_rows([row("X:insulin", "Insulin", False), *products, row("X:zorbicin", "Zorbicin", False),
                                 row("X:zs", "zorbicin sodium", True)])
    found = {term.name: term.therapeutic for _, _, term in lexicon.tag("insulin pump; zorbicin")}
    assert found == {"Insulin": True, "Zorbicin": False}


def test_units_are_named_by_the_one_dose_unit_registry() -> None:
    assert unit_of("µg") == "mcg" and unit_of("mcg") == "mcg"
    assert unit_of("MEQ") == "mEq" and unit_of("mg/kg") == "mg/kg"
    assert unit_of("tablets") == "tablets"  # a form, not a unit


@pytest.mark.parametrize(("raw", "problem"), [
    ("", "empty"), ("   \n", "empty"), (b"\x00\x01binary", "binary"), (b"caf\xe9", "not UTF-8"),
    ("x" * 100_001, "more than the limit"),
])
def test_bad_notes_are_refused_with_the_reason(raw: str | bytes, problem: str) -> None:
    with pytest.raises(NoteError, match=problem):
        check_note(raw, "note.txt")


# --- the whole analysis over a real graph -------------------------------------------------------------------
IDS = {
    "hf": ("MESH:D006333", NodeLabel.DISEASE, "Heart Failure", ()),
    "htn": ("MESH:D006973", NodeLabel.DISEASE, "Hypertension", ("high blood pressure",)),
    "asthma": ("MESH:D001249", NodeLabel.DISEASE, "Asthma", ()),
    "pneumonia": ("MESH:D011014", NodeLabel.DISEASE, "Pneumonia", ()),
    "breast": ("MESH:D001943", NodeLabel.DISEASE, "Breast Neoplasms", ("breast cancer",)),
    "fever": ("MESH:D005334", NodeLabel.PHENOTYPE, "Fever", ()),
    "chest": ("MESH:D002637", NodeLabel.PHENOTYPE, "Chest Pain", ()),
    "cough": ("MESH:D003371", NodeLabel.PHENOTYPE, "Cough", ()),
    "dyspnea": ("MESH:D004417", NodeLabel.PHENOTYPE, "Dyspnea", ("shortness of breath",)),
    "lisinopril": ("MESH:D017706", NodeLabel.DRUG, "Lisinopril", ()),
    "enalapril": ("MESH:D004656", NodeLabel.DRUG, "Enalapril", ()),
    "warfarin": ("MESH:D014859", NodeLabel.DRUG, "Warfarin", ()),
    "aspirin": ("MESH:D001241", NodeLabel.DRUG, "Aspirin", ()),
    "propranolol": ("MESH:D011433", NodeLabel.DRUG, "Propranolol", ()),
    "metoprolol": ("MESH:D008790", NodeLabel.DRUG, "Metoprolol", ()),
    "amoxicillin": ("MESH:D000658", NodeLabel.DRUG, "Amoxicillin", ()),
    "furosemide": ("MESH:D005665", NodeLabel.DRUG, "Furosemide", ()),
    "ace": ("MESH:D000806", NodeLabel.DRUG_CLASS, "Angiotensin-Converting Enzyme Inhibitors", ()),
    "penicillins": ("MESH:D010406", NodeLabel.DRUG_CLASS, "Penicillins", ("penicillin",)),
}
LABEL = "SETID:test-warfarin@v1"


def _id(key: str) -> str:
    return IDS[key][0]


def _statement(text: str) -> Evidence:
    return Evidence(source="openfda", document_id=LABEL, text=text, section="Drug Interactions",
                    extractor="spl-sections", confidence=1.0, kind=EvidenceKind.LABEL_STATEMENT)


def _curated(text: str) -> Evidence:
    return Evidence(source="drugcentral", source_version="2016", document_id="drugcentral@2016", text=text,
                    kind=EvidenceKind.CURATED_RECORD)


def _write_graph(driver: Driver, database: str) -> None:
    entities = [Entity(id=i, label=label, name=name, synonyms=syn, sources=("test",))
                for i, label, name, syn in IDS.values()]
    relations = [
        Relation(type=RelType.INTERACTS_WITH, head=_id("warfarin"), tail=_id("aspirin"), evidence=(_statement(
            "Coadministration of warfarin with aspirin increases the risk of bleeding."),)),
        Relation(type=RelType.CONTRAINDICATED_FOR, head=_id("propranolol"), tail=_id("asthma"), evidence=(
            _statement("Propranolol is contraindicated in bronchial asthma."),)),
        Relation(type=RelType.CONTRAINDICATED_FOR, head=_id("propranolol"), tail=_id("hf"), evidence=(
            _statement("Propranolol is contraindicated in overt heart failure."),)),
        Relation(type=RelType.HAS_CLASS, head=_id("lisinopril"), tail=_id("ace"), evidence=(_curated(
            "lisinopril EPC Angiotensin Converting Enzyme Inhibitor (FDA)"),)),
        Relation(type=RelType.HAS_CLASS, head=_id("enalapril"), tail=_id("ace"), evidence=(_curated(
            "enalapril EPC Angiotensin Converting Enzyme Inhibitor (FDA)"),)),
        Relation(type=RelType.HAS_CLASS, head=_id("warfarin"), tail=_id("ace"), evidence=(_curated(
            "warfarin PA Angiotensin-Converting Enzyme Inhibitors (MeSH)"),)),  # not an EPC: no duplicate alert
        Relation(type=RelType.HAS_CLASS, head=_id("amoxicillin"), tail=_id("penicillins"),
                 evidence=(_curated("penicillin class"),)),
        Relation(type=RelType.TREATS, head=_id("lisinopril"), tail=_id("htn"), evidence=(_curated("first line"),)),
        Relation(type=RelType.TREATS, head=_id("furosemide"), tail=_id("hf"), evidence=(_curated("loop diuretic"),)),
        Relation(type=RelType.TREATS, head=_id("amoxicillin"), tail=_id("pneumonia"), evidence=(_curated("abx"),)),
    ]
    label = Document(id=LABEL, label=DocumentLabel.DRUG_LABEL, source="openfda", version="1", title="Warfarin label")
    GraphWriter(driver, database).write(entities=entities, documents=[label], relations=relations)


@pytest.fixture
def analyzer(driver: Driver, database: str) -> NoteAnalyzer:
    _write_graph(driver, database)
    runner = ReadOnlyRunner(driver, database)
    return NoteAnalyzer(NoteLexicon.load(runner), lambda: ReadOnlyRunner(driver, database))


def test_a_note_is_analysed_linked_summarised_and_checked_against_the_graph(analyzer: NoteAnalyzer) -> None:
    result = analyzer.analyze(NOTE)
    problems = {(p.span.text.lower(), p.section.value): p for p in result.problems}
    assert problems[("heart failure", "hpi")].active and problems[("heart failure", "hpi")].link.id == _id("hf")
    assert problems[("high blood pressure", "hpi")].link.id == _id("htn")
    assert problems[("fever", "hpi")].negated and problems[("chest pain", "hpi")].negated
    assert problems[("pneumonia", "hpi")].uncertain
    assert problems[("asthma", "hpi")].temporality is Temporality.HISTORICAL
    assert problems[("breast cancer", "family_history")].experiencer is Experiencer.OTHER
    assert problems[("fever", "assessment_plan")].temporality is Temporality.HYPOTHETICAL
    assert problems[("shortness of breath", "chief_complaint")].link.evidence_count == 0
    for item in (*result.problems, *result.medications):  # offsets point at the words
        assert NOTE[item.span.start:item.span.end] == item.span.text

    medications = {m.span.text.lower(): m for m in result.medications}
    lisinopril = medications["lisinopril"]
    assert (lisinopril.dose, lisinopril.unit, lisinopril.route, lisinopril.frequency) == ("20", "mg", "oral", "daily")
    assert lisinopril.status is MedicationStatus.CURRENT and lisinopril.link.evidence_count == 2
    assert medications["metoprolol"].status is MedicationStatus.DISCONTINUED
    assert medications["penicillin"].status is MedicationStatus.ALLERGY
    amoxicillin = medications["amoxicillin"]
    assert amoxicillin.status is MedicationStatus.PLANNED and amoxicillin.duration == "for 7 days"
    assert [a.text for a in result.allergies] == ["Penicillin"]

    alerts = {(a.kind, frozenset(a.entities)): a for a in result.alerts}
    interaction = alerts[(AlertKind.INTERACTION, frozenset({_id("warfarin"), _id("aspirin")}))]
    assert "bleeding" in interaction.evidence[0].text and interaction.evidence[0].document_id == LABEL
    assert (AlertKind.CONTRAINDICATION, frozenset({_id("propranolol"), _id("hf")})) in alerts
    assert (AlertKind.CONTRAINDICATION, frozenset({_id("propranolol"), _id("asthma")})) not in alerts  # childhood
    duplicate = alerts[(AlertKind.DUPLICATE_THERAPY, frozenset({_id("lisinopril"), _id("enalapril")}))]
    assert sorted(e.text for e in duplicate.evidence) == [  # the class statements it rests on, both drugs
        "enalapril EPC Angiotensin Converting Enzyme Inhibitor (FDA)",
        "lisinopril EPC Angiotensin Converting Enzyme Inhibitor (FDA)"]
    allergy = alerts[(AlertKind.ALLERGY, frozenset({_id("amoxicillin"), _id("penicillins")}))]
    assert "Penicillins" in allergy.message
    untreated = alerts[(AlertKind.UNTREATED_PROBLEM, frozenset({_id("hf")}))]
    assert untreated.severity == "suggestion" and untreated.suggestions[0]["name"] == "Furosemide"
    assert (AlertKind.UNTREATED_PROBLEM, frozenset({_id("htn")})) not in alerts  # lisinopril treats it
    assert len(result.alerts) == 5

    lines = {(line.heading, line.text) for line in result.summary}
    assert ("Problems", "Heart Failure") in lines and ("Key negatives", "Fever") in lines
    assert ("Stopped", "Metoprolol") in lines and ("Allergies", "Penicillin") in lines
    for line in result.summary:
        assert line.spans and all(NOTE[s.start:s.end] == s.text for s in line.spans)
    assert "does not replace" in result.disclaimer
    patient = result.patient  # the note as the patient of a treatment or dosing question
    assert (patient.age_years, patient.sex.value) == (67, "male")
    assert set(patient.conditions) == {"Heart Failure", "Hypertension"}  # not the possible pneumonia, past asthma
    assert "Lisinopril" in patient.medications and "Metoprolol" not in patient.medications
    assert patient.allergies == ("Penicillin",)


def test_a_chinese_note_gives_what_the_names_allow(analyzer: NoteAnalyzer, driver: Driver, database: str) -> None:
    GraphWriter(driver, database).write(entities=[Entity(id=_id("fever"), label=NodeLabel.PHENOTYPE, name="Fever",
                                                         synonyms=("发热",), sources=("zh-names",))])
    fresh = NoteAnalyzer(NoteLexicon.load(ReadOnlyRunner(driver, database)), lambda: ReadOnlyRunner(driver, database))
    result = fresh.analyze("主诉：咳嗽3天。\n现病史：患者无发热。直肠中分化腺癌术后，予奥沙利铂 130mg 静脉滴注。\n")
    assert result.language == "zh"
    [fever] = [p for p in result.problems if p.link and p.link.id == _id("fever")]
    assert fever.negated and fever.span.text == "发热"
    # names the graph lacks in Chinese are still read, by their form, and kept unlinked (clinical.notes.chinese)
    [cancer] = [p for p in result.problems if p.span.text == "直肠中分化腺癌"]
    assert cancer.link is None and cancer.type == "disease" and not cancer.negated
    [oxaliplatin] = [m for m in result.medications if m.span.text == "奥沙利铂"]
    assert oxaliplatin.link is None and (oxaliplatin.dose, oxaliplatin.unit) == ("130", "mg")
    assert oxaliplatin.route == "intravenous"


def test_a_chinese_allergy_to_a_class_is_an_allergen_not_a_problem(analyzer: NoteAnalyzer, driver: Driver,
                                                                    database: str) -> None:
    # "对青霉素类药物过敏": the class the patient reacts to, then the allergy word; a planned penicillin is an alert
    GraphWriter(driver, database).write(entities=[
        Entity(id=_id("penicillins"), label=NodeLabel.DRUG_CLASS, name="Penicillins", synonyms=("青霉素",),
               sources=("zh-names",)),
        Entity(id=_id("amoxicillin"), label=NodeLabel.DRUG, name="Amoxicillin", synonyms=("阿莫西林",),
               sources=("zh-names",))])
    fresh = NoteAnalyzer(NoteLexicon.load(ReadOnlyRunner(driver, database)), lambda: ReadOnlyRunner(driver, database))
    result = fresh.analyze("现病史：患者咳嗽3天。既往史：对青霉素类药物过敏。\n处理：予阿莫西林0.5g每日三次。\n")
    [allergen] = [m for m in result.medications if m.status is MedicationStatus.ALLERGY]
    assert allergen.link.id == _id("penicillins") and [a.text for a in result.allergies] == ["青霉素"]
    assert not any(p.span.text == "过敏" for p in result.problems)  # the allergy word names no problem of its own
    assert any(a.kind is AlertKind.ALLERGY and _id("amoxicillin") in a.entities for a in result.alerts)


def test_a_combination_product_without_a_dose_is_a_medication_and_meets_an_allergy_to_its_class(
        analyzer: NoteAnalyzer, driver: Driver, database: str) -> None:
    # "Consider trimethoprim-sulfamethoxazole" with a sulfa allergy: the combination node treats nothing itself (its
    # ingredient does), so without a dose it was not read as a medication, and no allergy alert came
    curated = Evidence(source="mesh", document_id="mesh", text="MeSH tree", confidence=1.0,
                       kind=EvidenceKind.CURATED_RECORD)
    GraphWriter(driver, database).write(
        entities=[Entity(id="MESH:D013449", label=NodeLabel.DRUG, name="Sulfonamides", sources=("mesh",)),
                  Entity(id="MESH:D013420", label=NodeLabel.DRUG, name="Sulfamethoxazole", sources=("mesh",)),
                  Entity(id="MESH:D015662", label=NodeLabel.DRUG, name="Trimethoprim-Sulfamethoxazole Combination",
                         synonyms=("Trimethoprim-Sulfamethoxazole",), sources=("mesh",)),
                  Entity(id="MESH:D014552", label=NodeLabel.DISEASE, name="Urinary Tract Infections",
                         sources=("mesh",))],
        relations=[Relation(type=RelType.IS_A, head="MESH:D013420", tail="MESH:D013449", evidence=[curated]),
                   Relation(type=RelType.IS_A, head="MESH:D015662", tail="MESH:D013420", evidence=[curated]),
                   Relation(type=RelType.TREATS, head="MESH:D013420", tail="MESH:D014552", evidence=[curated])])
    fresh = NoteAnalyzer(NoteLexicon.load(ReadOnlyRunner(driver, database)), lambda: ReadOnlyRunner(driver, database))
    result = fresh.analyze("ALLERGIES: Sulfonamides (rash).\n\nPLAN: Consider trimethoprim-sulfamethoxazole.\n")
    [planned] = [m for m in result.medications if m.status is MedicationStatus.PLANNED]
    assert planned.link.id == "MESH:D015662"
    assert any(a.kind is AlertKind.ALLERGY and "MESH:D015662" in a.entities for a in result.alerts)


def test_a_drug_that_can_cause_a_serious_problem_the_note_lists_is_an_alert(driver: Driver, database: str) -> None:
    # clopidogrel with melena: the label's gastrointestinal hemorrhage, of which melena is a kind; a label's
    # "coronary artery disease" of metoprolol beside a patient's coronary disease is no alert (not a serious effect
    # of the list), nor is an effect of a drug that treats the problem
    curated = Evidence(source="openfda", document_id="SETID:x@v1", text="gastrointestinal hemorrhage occurred at 2%",
                       confidence=0.9, kind=EvidenceKind.LABEL_EXTRACTION)
    ids = {"gi": "MESH:D006471", "melena": "MESH:D008551", "cad": "MESH:D003324", "clop": "MESH:D000077144",
           "meto": "MESH:D008790", "ulcer": "MESH:D010437", "ppi": "MESH:D064098"}
    GraphWriter(driver, database).write(
        entities=[Entity(id=ids["gi"], label=NodeLabel.DISEASE, name="Gastrointestinal Hemorrhage", sources=("t",)),
                  Entity(id=ids["melena"], label=NodeLabel.PHENOTYPE, name="Melena", sources=("t",)),
                  Entity(id=ids["cad"], label=NodeLabel.DISEASE, name="Coronary Artery Disease", sources=("t",)),
                  Entity(id=ids["ulcer"], label=NodeLabel.DISEASE, name="Peptic Ulcer", sources=("t",)),
                  Entity(id=ids["clop"], label=NodeLabel.DRUG, name="clopidogrel", sources=("t",)),
                  Entity(id=ids["meto"], label=NodeLabel.DRUG, name="Metoprolol", sources=("t",)),
                  Entity(id=ids["ppi"], label=NodeLabel.DRUG, name="esomeprazole", sources=("t",))],
        relations=[Relation(type=RelType.IS_A, head=ids["melena"], tail=ids["gi"], evidence=[curated]),
                   Relation(type=RelType.CAUSES, head=ids["clop"], tail=ids["gi"], evidence=[curated]),
                   Relation(type=RelType.CAUSES, head=ids["meto"], tail=ids["cad"], evidence=[curated]),
                   Relation(type=RelType.CAUSES, head=ids["ppi"], tail=ids["ulcer"], evidence=[curated]),
                   Relation(type=RelType.TREATS, head=ids["ppi"], tail=ids["ulcer"], evidence=[curated])])
    fresh = NoteAnalyzer(NoteLexicon.load(ReadOnlyRunner(driver, database)), lambda: ReadOnlyRunner(driver, database))
    result = fresh.analyze("HPI: Melena for two days. History of coronary artery disease and peptic ulcer.\n\n"
                           "MEDICATIONS: Clopidogrel 75 mg daily, metoprolol 50 mg daily, esomeprazole 40 mg daily.\n")
    effects = [a for a in result.alerts if a.kind is AlertKind.POSSIBLE_ADVERSE_EFFECT]
    assert [a.entities for a in effects] == [(ids["clop"], ids["melena"])]
    assert "Melena is a kind of it" in effects[0].message and effects[0].evidence


def test_the_cli_refuses_an_unreadable_note_with_the_reason(tmp_path) -> None:  # noqa: ANN001
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF\x00\x01\x02")
    result = subprocess.run([sys.executable, "-m", "api", "note", "analyze", str(binary)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "binary data" in result.stdout + result.stderr and "scan.pdf" in result.stdout + result.stderr


def test_a_listed_medication_the_graph_does_not_know_is_kept_unlinked() -> None:
    from clinical.notes.analyzer import _unlinked_medications

    text = "MEDICATIONS: Lisinopril 20 mg daily, Plavix 75 mg q.d., Lorcet 10/650 mg p.r.n.\nPLAN: Zorbex 5 mg daily."
    lisinopril = (13, 23, None)  # a name the tagger linked: not repeated as unlinked
    found = _unlinked_medications(text, split_sections(text), [lisinopril])
    assert [(m.span.text, m.link, m.dose, m.unit) for m in found] == [
        ("Plavix", None, "75", "mg"), ("Lorcet", None, "10/650", "mg")]  # not the plan's entry: lists only


def test_an_organ_and_a_word_for_trouble_name_the_organs_diseases() -> None:
    from clinical.notes.lexicon import Term, _organ_phrasings

    kidney = Term("MESH:D007674", "Disease", "Kidney Diseases", None, "name")
    cattle = Term("MESH:D002418", "Disease", "Cattle Diseases", None, "name")
    heart_valve = Term("MESH:D006349", "Disease", "Heart Valve Diseases", None, "name")
    found = dict(_organ_phrasings([("Kidney Diseases", kidney), ("Cattle Diseases", cattle),
                                   ("Heart Valve Diseases", heart_valve)]))
    assert found["kidney problems"].id == kidney.id and found["kidney abnormalities"].method == "lay term"
    assert not any(phrase.startswith(("cattle", "heart")) for phrase in found)
    assert found["renal lesions"].id == kidney.id and found["kidney damage"].id == kidney.id  # adjective, noun
    colon = Term("MESH:D003108", "Disease", "Colonic Diseases", None, "name")
    assert dict(_organ_phrasings([("Colonic Diseases", colon)]))["colon abnormalities"].id == colon.id


def test_a_measurement_said_to_be_high_or_low_names_its_finding() -> None:
    def row(node_id: str, name: str, label: str) -> dict:
        return {"id": node_id, "labels": ["Entity", label], "name": name, "synonyms": [], "therapeutic": True}
    lexicon = Lexicon.from_rows([row("MESH:D006943", "Hyperglycemia", "Disease"),
                                 row("MESH:D006973", "Hypertension", "Disease"),
                                 row("MESH:D007008", "Hypokalemia", "Disease"),
                                 row("MESH:D005947", "Glucose", "Drug")])
    text = ("Glucose was elevated at 180. She has had elevations in her blood pressure. Low potassium of 2.9. "
            "Standing up blood pressure was 160/80. Continue a low sodium diet. Glucose 5 mg IV.")
    found = [(text[s:e], term.name, term.method) for s, e, term in lexicon.tag(text)]
    assert ("Glucose was elevated", "Hyperglycemia", "measure") in found
    assert ("elevations in her blood pressure", "Hypertension", "measure") in found
    assert ("Low potassium", "Hypokalemia", "measure") in found
    assert [name for _, name, _ in found].count("Hypertension") == 1  # not "up blood pressure"
    assert ("Glucose", "Glucose", "name") in found  # the drug with a dose stays a drug


def test_a_value_beyond_its_limit_names_its_finding() -> None:
    # "Potassium 5.9" beside lisinopril, spironolactone and a planned potassium supplement was no problem at all;
    # the limits are vocabulary/lab_limits.tsv (CTCAE v5.0 grade 2 or worse, ADA for glucose)
    from clinical.notes.measures import MeasureFindings

    values = MeasureFindings.build(lambda name: name)

    def read(text: str) -> list[tuple[str, str]]:
        return [(text[start:end], term) for start, end, term in values.spans(text)]

    assert read("Potassium 5.9. Na 128, K+ 2.8 mmol/L.") == [
        ("Potassium 5.9", "Hyperkalemia"), ("Na 128", "Hyponatremia"), ("K+ 2.8 mmol/L", "Hypokalemia")]
    assert read("血钾5.9mmol/L，血红蛋白 85g/L，体温38.5℃") == [
        ("血钾5.9mmol/L", "Hyperkalemia"), ("血红蛋白 85g/L", "Anemia"), ("体温38.5℃", "Fever")]
    assert read("BG 45 mg/dL, glucose 22 mmol/L, platelets 45") == [
        ("BG 45 mg/dL", "Hypoglycemia"), ("glucose 22 mmol/L", "Hyperglycemia"), ("platelets 45", "Thrombocytopenia")]
    # within limits, a dose, a range, a vitamin, a value in no plausible unit: nothing
    for text in ("Potassium 4.2, sodium 134", "Potassium 20 mEq PO daily", "potassium chloride 20 mEq", "K 3.5-5.0",
                 "vitamin K 10 mg daily", "Hb 22", "Creatinine 2.1 mg/dL"):
        assert read(text) == [], text
    # and a concentration is no dose: "Creatinine 2.1 mg/dL" in a plan's sentence had made creatinine a medication
    from clinical.notes.medications import read_attributes
    assert read_attributes(" 2.1 mg/dL. Plan: start")["dose"] is None
    assert read_attributes(" 500 mg twice daily")["dose"] == "500"


def test_no_known_allergies_is_a_summary_line_that_points_at_its_words() -> None:
    from clinical.notes.analyzer import _allergies
    from clinical.notes.summary import summarise

    text = "HISTORY OF PRESENT ILLNESS: Cough.\nALLERGIES: No known drug allergies.\n"
    allergies, no_known = _allergies(text, split_sections(text), ())
    assert allergies == () and no_known is not None
    [line] = summarise((), (), allergies, no_known)
    assert line.text == "No known allergies" and [s.text for s in line.spans] == ["No known drug allergies"]
    assert all(text[s.start:s.end] == s.text for s in line.spans)
