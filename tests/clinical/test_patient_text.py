"""The patient read from question text (pure units): English and Chinese cues, numbers with units, what was
understood, and the question left for the query layer."""

from __future__ import annotations

import pytest

from clinical.patient import AgeGroup, HepaticImpairment, PatientContext, Sex
from clinical.patient_text import HEPATIC_CONDITION, RENAL_CONDITION, parse_patient


def test_pregnant_woman_with_asthma_taking_lithium() -> None:
    parsed = parse_patient("best treatment for hypertension in a pregnant woman with asthma taking lithium")
    assert parsed.patient.pregnant is True and parsed.patient.sex is Sex.FEMALE
    assert parsed.patient.conditions == ("asthma",)
    assert parsed.patient.medications == ("lithium",)
    assert parsed.rest == "best treatment for hypertension"
    assert {"pregnant", "with asthma", "taking lithium"} <= set(parsed.understood)


@pytest.mark.parametrize(("question", "field", "value"), [
    ("amoxicillin dose for a 14 kg child", "weight_kg", 14.0),
    ("amoxicillin dose for a 30 lb child", "weight_kg", 13.61),  # pint: 30 lb = 13.6078 kg
    ("dose for a 4 year old", "age_years", 4.0),
    ("dose for an 18-month-old", "age_years", 1.5),
    ("metformin eGFR 25", "egfr", 25.0),
    ("gentamicin dose with CrCl 40", "creatinine_clearance", 40.0),
    ("what to give a woman aged 70", "age_years", 70.0),
    ("apixaban dose for an 82 year old woman weighing 55 kg with creatinine 1.6", "serum_creatinine", 1.6),
    ("gabapentin dose, serum creatinine 140 umol/L", "serum_creatinine", 1.58),  # 140 ÷ 88.4
    ("阿哌沙班剂量 肌酐140", "serum_creatinine", 1.58),  # no unit above 20: µmol/L
])
def test_numbers_with_units(question: str, field: str, value: float) -> None:
    assert getattr(parse_patient(question).patient, field) == pytest.approx(value, abs=0.01)


def test_a_stated_age_decides_the_age_group_over_a_word() -> None:
    parsed = parse_patient("treatment of otitis media for a 14 year old child")
    assert parsed.patient.age_years == 14 and parsed.patient.age_group is AgeGroup.ADOLESCENT


@pytest.mark.parametrize(("question", "group"), [
    ("best treatment for depression in the elderly", AgeGroup.GERIATRIC),
    ("treatment of fever in an infant", AgeGroup.INFANT),
    ("孕妇和老年人高血压用什么药", AgeGroup.GERIATRIC),
    ("14公斤的儿童阿莫西林剂量", AgeGroup.CHILD),
])
def test_age_group_words(question: str, group: AgeGroup) -> None:
    assert parse_patient(question).patient.age_group is group


def test_allergy_and_hepatic_class() -> None:
    parsed = parse_patient("best treatment for pneumonia in a man allergic to penicillin with Child-Pugh B cirrhosis")
    assert parsed.patient.allergies == ("penicillin",)
    assert parsed.patient.hepatic_impairment is HepaticImpairment.MODERATE
    assert HEPATIC_CONDITION in parsed.patient.conditions
    assert parsed.rest == "best treatment for pneumonia"


def test_chinese_patient() -> None:
    parsed = parse_patient("正在服用锂盐的哮喘患者高血压怎么治")
    assert parsed.patient.medications == ("lithium",) and parsed.patient.conditions == ("asthma",)
    assert parsed.rest == "高血压怎么治"
    kidney = parse_patient("肾功能不全患者的糖尿病用什么药")
    assert kidney.patient.conditions == (RENAL_CONDITION,) and kidney.rest == "糖尿病用什么药"
    pregnant = parse_patient("对青霉素过敏的孕妇肺炎怎么治")
    assert pregnant.patient.pregnant and pregnant.patient.allergies == ("penicillin",)
    assert parse_patient("二甲双胍 eGFR 25 能用吗").patient.egfr == 25
    assert parse_patient("14公斤的儿童").patient.weight_kg == 14


@pytest.mark.parametrize("question", [
    "best treatment for hypertension", "what helps with migraine headaches", "side effects of atorvastatin",
    "treatment with metformin side effects", "dose of metformin",
])
def test_no_patient_leaves_the_question_alone(question: str) -> None:
    parsed = parse_patient(question)
    assert parsed.patient == PatientContext() and not parsed.found
    assert parsed.rest == question and parsed.understood == ()


def test_impossible_values_are_dropped_not_errors() -> None:
    assert parse_patient("dose for a 900 kg man").patient.weight_kg is None


@pytest.mark.parametrize(("question", "rest"), [
    ("what can I take for a headache while on warfarin", "what can I take for a headache"),
    ("best painkiller while taking warfarin", "best painkiller"),
    ("what can I take for a cold, I'm on warfarin", "what can I take for a cold"),
])
def test_a_medication_the_asker_is_on_is_the_patients(question: str, rest: str) -> None:
    """"while on warfarin" is the patient's medication, not a question about warfarin's interactions (whose list
    would read as drugs to take)."""
    parsed = parse_patient(question)
    assert parsed.patient.medications == ("warfarin",) and parsed.rest == rest


@pytest.mark.parametrize("question", [
    "what is the best treatment for primary biliary cirrhosis",
    "treatment of liver cirrhosis",
    "What are the treatments for polycystic kidney disease ?",
    "What is (are) Chronic Kidney Disease ?",
    "What are the symptoms of Diabetic Kidney Disease ?",
    "What is (are) Secondary adrenal insufficiency ?",  # "adrenal" holds no "renal"
    "which drugs treat allergic dermatitis",
    "best treatment for allergic rhinitis",
    "What are the treatments for Food allergy ?",
    "肝硬化怎么治疗",
    "肾衰竭的症状",
])
def test_a_disease_the_question_asks_about_is_no_trait_of_the_patient(question: str) -> None:
    # (MedQuAD's "What are the treatments for Kidney Disease ?" had become "What are the treatments" for a patient
    # with renal impairment, and "best treatment for allergic rhinitis" one for a patient allergic to "for")
    parsed = parse_patient(question)
    assert not parsed.found and parsed.rest == question


@pytest.mark.parametrize(("question", "rest", "understood"), [
    ("dose of metformin in chronic kidney disease", "dose of metformin", {RENAL_CONDITION}),
    ("best treatment for epilepsy in a patient with cirrhosis", "best treatment for epilepsy", {HEPATIC_CONDITION}),
    ("肝硬化患者用什么止痛药", "用什么止痛药", {HEPATIC_CONDITION}),
    ("best treatment for pneumonia in a patient with penicillin allergy", "best treatment for pneumonia",
     {"allergic to penicillin"}),
    ("best treatment for hypertension in a diabetic patient", "best treatment for hypertension", {"with diabetes"}),
])
def test_a_disease_of_the_patients_is_a_trait(question: str, rest: str, understood: set[str]) -> None:
    parsed = parse_patient(question)
    assert parsed.rest == rest and understood <= set(parsed.understood)


def test_the_words_between_two_patient_phrases_stay_in_the_question() -> None:
    parsed = parse_patient("阿莫西林治疗中耳炎儿童用量 体重14公斤")  # "用量" (dose) had been cut out with them
    assert parsed.rest == "阿莫西林治疗中耳炎用量" and parsed.patient.weight_kg == 14
    parsed = parse_patient("what is the dose of amoxicillin for a child, maximum per day, weighing 14 kg")
    assert parsed.rest == "what is the dose of amoxicillin maximum per day"
    # joining words alone between them go
    assert parse_patient("dose of amoxicillin for a 14 kg child with CrCl 30").rest == "dose of amoxicillin"


@pytest.mark.parametrize(("question", "conditions"), [
    ("my doctor has prescribed Oxybutinin for my bladder what are the side effects", ()),  # "has" as a verb's helper
    ("my wife has been diagnosed, what should she take", ()),
    ("my wife has developed asthma, which inhaler", ("asthma",)),
    ("a man with enlarged prostate", ("enlarged prostate",)),  # an adjective, not a verb
])
def test_has_before_a_verb_names_no_condition(question: str, conditions: tuple[str, ...]) -> None:
    parsed = parse_patient(question)
    assert parsed.patient.conditions == conditions
    if not conditions:
        assert "Oxybutinin" in parsed.rest or parsed.rest == question


@pytest.mark.parametrize("question", [
    "What are the stages of Male Breast Cancer ?",
    "What is (are) Female Infertility ?",
    "How to diagnose Sudden infant death syndrome ?",
    "Is permanent neonatal diabetes mellitus inherited ?",
    "Is Senior-Loken syndrome inherited ?",
    "What is (are) Children's interstitial lung disease ?",
    "What are the treatments for Male Breast Cancer ?",
    "What causes Intrahepatic cholestasis of pregnancy ?",
    "best treatment for male pattern baldness",
])
def test_a_group_word_inside_a_diseases_name_is_no_trait(question: str) -> None:
    # the product path had asked "Is permanent diabetes mellitus inherited ?" for a newborn
    parsed = parse_patient(question)
    assert not parsed.found and parsed.rest == question


@pytest.mark.parametrize(("question", "group"), [
    ("What causes Obesity in children ?", AgeGroup.CHILD),
    ("is ibuprofen safe for kids", AgeGroup.CHILD),
    ("dose for a male patient", None),
    ("children's tylenol dose for a 20 kg child", AgeGroup.CHILD),
    ("pediatric dose of ibuprofen", AgeGroup.CHILD),
    ("best treatment for depression in the elderly", AgeGroup.GERIATRIC),
])
def test_a_group_word_about_the_patient_is_a_trait(question: str, group: AgeGroup | None) -> None:
    parsed = parse_patient(question)
    assert parsed.found and parsed.patient.age_group is group


def test_a_chinese_group_word_inside_a_name_the_lexicon_knows_is_no_trait() -> None:
    # "老年痴呆" is Alzheimer's disease; cutting "老年" had asked about dementia for an older patient
    parsed = parse_patient("老年痴呆吃什么药")
    assert not parsed.found and parsed.rest == "老年痴呆吃什么药"
    parsed = parse_patient("老年人高血压用什么药")
    assert parsed.patient.age_group is AgeGroup.GERIATRIC and parsed.rest == "高血压用什么药"
    # "妊娠期" is read whole: no stray "期" left before the disease
    parsed = parse_patient("妊娠期糖尿病怎么治疗")
    assert parsed.patient.pregnant is True and parsed.rest == "糖尿病怎么治疗"


@pytest.mark.parametrize("question", ["He is not on any medication, not allergic to anything.",
                                      "she is not allergic to penicillin, best antibiotic for strep throat"])
def test_an_allergy_denied_is_none(question: str) -> None:
    assert parse_patient(question).patient.allergies == ()


def test_a_with_clause_of_a_name_after_a_comma_is_no_condition() -> None:
    question = "What are the symptoms of Neuropathy, congenital, with arthrogryposis multiplex ?"
    assert not parse_patient(question).found
    # after a patient named before it, the clause is theirs
    assert parse_patient("best treatment for hypertension in a woman, with diabetes").patient.conditions == ("diabetes",)


def test_a_question_word_ends_a_condition() -> None:
    assert parse_patient("my child has a fever what can I give").patient.conditions == ("fever",)
    assert parse_patient("my son has strep throat how much amoxicillin").patient.conditions == ("strep throat",)


def test_a_change_of_weight_is_no_weight() -> None:
    for question in ("He has lost 10 kg over three months", "weight loss of 5 kg, metformin dose", "gained 4 kg"):
        assert parse_patient(question).patient.weight_kg is None, question
    assert parse_patient("metformin dose, lost 5 kg, now weighs 70 kg").patient.weight_kg == 70


def test_a_creatinine_is_a_lab_value_and_a_trimester_a_pregnancy() -> None:
    parsed = parse_patient("apixaban dose for an 82 year old woman weighing 55 kg with creatinine 1.6")
    assert parsed.rest == "apixaban dose" and parsed.patient.conditions == ()  # not "with creatinine 1" + ".6"
    assert "serum creatinine 1.6 mg/dL" in parsed.understood
    assert parse_patient("creatinine clearance 30 enoxaparin dose").patient.serum_creatinine is None
    third = parse_patient("is it safe to take ibuprofen in the third trimester")
    assert third.patient.pregnant and third.rest == "is it safe to take ibuprofen"
    assert parse_patient("孕晚期能吃布洛芬吗").patient.pregnant


def test_the_patient_of_a_chinese_disease_patient_phrase_has_the_whole_disease() -> None:
    # "糖尿病人" is a person with 糖尿病: the 病 of 病人 ends the name (it had left "糖尿"); "肺炎病人" keeps 肺炎
    assert parse_patient("糖尿病人能吃阿司匹林吗").patient.conditions == ("diabetes mellitus",)
    assert parse_patient("心脏病人能用布洛芬吗").patient.conditions == ("心脏病",)
    assert parse_patient("肺炎病人用什么药").patient.conditions == ("肺炎",)
    assert parse_patient("高血压患者能吃布洛芬吗").patient.conditions == ("hypertension",)


def test_how_long_a_chinese_complaint_lasted_is_no_age_and_the_openings_sex_is_read() -> None:
    # "加重伴黑便2天" (melena for 2 days) had made a 67-year-old man a 2-day-old neonate, and his label checks
    # pediatric; days, weeks and months are an age only where said to be one
    note = parse_patient("主诉：反复上腹痛3月，加重伴黑便2天。\n现病史：患者男，67岁，3月前无明显诱因出现上腹部隐痛")
    assert (note.patient.age_years, note.patient.sex) == (67.0, Sex.MALE)
    assert parse_patient("咳嗽3个月，发热2周").patient.age_years is None
    assert parse_patient("8个月大的宝宝发烧").patient.age_years == pytest.approx(0.667)
    assert parse_patient("宝宝8个月，发烧吃什么药").patient.age_years == pytest.approx(0.667)
    assert parse_patient("孩子3天前开始发烧").patient.age_years is None  # three days ago, not three days old
    assert parse_patient("出生3天的新生儿黄疸").patient.age_group is AgeGroup.NEONATE
    assert parse_patient("女，45岁，头痛").patient.sex is Sex.FEMALE
    boy = parse_patient("3岁男孩发烧").patient
    assert (boy.age_years, boy.age_group, boy.sex) == (3.0, AgeGroup.CHILD, Sex.MALE)
    older = parse_patient("男性患者60岁").patient
    assert (older.sex, older.conditions) == (Sex.MALE, ())  # 男性 is no condition of "X患者"
