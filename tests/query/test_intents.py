"""Intent cues and mention extraction (pure units)."""

from __future__ import annotations

import pytest

from query.entities import lucene_query, name_similarity
from query.intents import asked_class, parse
from query import lexicon
from query.lexicon import chinese_names, expand_alias
from query.models import Intent


@pytest.mark.parametrize(("question", "intent", "mentions"), [
    ("What is the best treatment for hypertension?", Intent.TREATMENT, ("hypertension",)),
    ("which drugs treat T2DM", Intent.TREATMENT, ("T2DM",)),
    ("first-line therapy for heart attack", Intent.TREATMENT, ("heart attack",)),
    ("what can I prescribe for HTN?", Intent.TREATMENT, ("HTN",)),
    ("what is metformin indicated for", Intent.INDICATIONS, ("metformin",)),
    ("what does lisinopril treat?", Intent.INDICATIONS, ("lisinopril",)),
    ("side effects of atorvastatin", Intent.SIDE_EFFECTS, ("atorvastatin",)),
    ("does warfarin interact with aspirin?", Intent.INTERACTIONS, ("warfarin", "aspirin")),
    ("dose of metformin for type 2 diabetes", Intent.DOSAGE, ("metformin", "type 2 diabetes")),
    ("how does imatinib work", Intent.MECHANISM, ("imatinib",)),
    ("genes associated with breast cancer", Intent.DISEASE_GENES, ("breast cancer",)),
    ("diseases similar to Crohn's disease", Intent.SIMILAR, ("Crohn's disease",)),
    ("contraindications of metformin", Intent.CONTRAINDICATIONS, ("metformin",)),
    # how people actually ask (#19): pairs, "while on", the effect of a drug on the body, "what can I take"
    ("can I take ibuprofen with lisinopril", Intent.INTERACTIONS, ("ibuprofen", "lisinopril")),
    ("is it safe to take aspirin and warfarin together", Intent.INTERACTIONS, ("aspirin", "warfarin")),
    ("can I take tylenol while on warfarin", Intent.INTERACTIONS, ("tylenol", "warfarin")),
    ("how does valium affect the brain", Intent.MECHANISM, ("valium",)),
    ("what can I take for a headache", Intent.TREATMENT, ("headache",)),
    ("how do I get rid of warts", Intent.TREATMENT, ("warts",)),
    ("what can I do about my back pain", Intent.TREATMENT, ("back pain",)),
    ("relief for heartburn", Intent.TREATMENT, ("heartburn",)),
    ("how to lower my cholesterol", Intent.TREATMENT, ("cholesterol",)),
    ("how to remove a mouth ulcer", Intent.TREATMENT, ("mouth ulcer",)),
    ("kidney stone, what can I do?", Intent.TREATMENT, ("kidney stone",)),
    # consumer medication wording (#19, twenty-seventh session)
    ("can you drink alcohol with flagyl", Intent.INTERACTIONS, ("alcohol", "flagyl")),
    ("is alcohol with metronidazole ok", Intent.INTERACTIONS, ("alcohol", "metronidazole")),
    ("what does hydrochlorothiazide do", Intent.MECHANISM, ("hydrochlorothiazide",)),
    ("what is the max dose of tylenol", Intent.DOSAGE, ("tylenol",)),
    ("what are the treatments for HIV/AIDS?", Intent.TREATMENT, ("HIV", "AIDS")),
    ("side effects of trimethoprim/sulfamethoxazole", Intent.SIDE_EFFECTS, ("trimethoprim", "sulfamethoxazole")),
])
def test_english_cues(question: str, intent: Intent, mentions: tuple[str, ...]) -> None:
    parsed = parse(question)
    assert parsed.intent is intent
    assert parsed.mentions == mentions


def test_chinese() -> None:
    parsed = parse("高血压的最佳治疗是什么")
    assert parsed.intent is Intent.TREATMENT and parsed.mentions == ("hypertension",) and parsed.language == "zh"
    parsed = parse("阿托伐他汀的副作用")
    assert parsed.intent is Intent.SIDE_EFFECTS and parsed.mentions == ("atorvastatin",)
    assert chinese_names("2型糖尿病") == [("2型糖尿病", "type 2 diabetes mellitus")]  # longest match wins


def test_unknown_without_cue() -> None:
    assert parse("x'}) MATCH (n) DETACH DELETE n //").intent is Intent.UNKNOWN
    assert parse("hello").intent is Intent.UNKNOWN


def test_aliases_and_scores() -> None:
    assert expand_alias("HTN") == "hypertension" and expand_alias("Heart attack") == "myocardial infarction"
    assert expand_alias("amlodipine") == "amlodipine"
    assert name_similarity("hypertention", ["Hypertension"]) > 0.9
    assert name_similarity("Crohn's disease", ["Crohn disease", "Crohns disease"]) == 1.0
    names = ["Hypotension", "Hypertensive disease", "Hypertension"]
    assert name_similarity("hypertention", names, floor=0.8) == name_similarity("hypertention", names)  # exact above
    assert name_similarity("asthma", ["Hypertension"], floor=0.8) < 0.8
    assert name_similarity("Rett syndrome", ["Roberts Syndrome"]) < 0.8  # alike only by the shared word
    assert name_similarity("glucosamine hydrochloride", ["lorajmine hydrochloride"]) < 0.8
    assert name_similarity("alzheimers disease", ["Alzheimer Disease"]) > 0.9
    assert lucene_query("x'}) MATCH") == '"x\' match"^4 OR (x\' AND match~1)^2 OR (x\' OR match~1)'
    assert lucene_query("?!") == ""


def test_code_is_not_a_question() -> None:
    assert parse("best treatment for hypertension\"}) MATCH (n) DETACH DELETE n //").intent is Intent.UNKNOWN
    assert parse("MATCH (n) RETURN n").intent is Intent.UNKNOWN
    assert parse("what to do if symptoms return after treatment of gout").intent is Intent.TREATMENT
    assert parse("x; MATCH (n) DELETE n").intent is Intent.UNKNOWN and parse("x; DROP INDEX y").mentions == ()
    # a semicolon in a consumer's message is punctuation, not code
    assert parse("I have a rash; what are the treatments for shingles?").mentions[-1] == "shingles"


@pytest.mark.parametrize("question", ["best treatment for the common cold", "how to treat a cold",
                                      "what can I take for a head cold"])
def test_a_cold_is_the_common_cold_though_common_is_a_filler_word(question: str) -> None:
    parsed = parse(question)
    assert parsed.intent is Intent.TREATMENT
    assert [expand_alias(mention) for mention in parsed.mentions] == ["common cold"]


def test_other_medicines_name_no_entity() -> None:
    # MedQuAD's "Are there interactions between X and other medications?": "other" had gone to the linker alone
    assert parse("Are there interactions between Palm Oil and other medications ?").mentions == ("Palm Oil",)
    assert parse("can I take aspirin with other medicines").mentions == ("aspirin",)


def test_a_class_of_drugs_asked_for_is_a_treatment_question() -> None:
    for question in ("best antibiotic for strep throat", "which antidepressant is best for anxiety",
                     "painkiller for back pain"):
        assert parse(question).intent is Intent.TREATMENT, question
    assert parse("best antibiotic for strep throat").mentions == ("strep throat",)
    assert parse("side effects of antidepressants").intent is Intent.SIDE_EFFECTS
    assert asked_class("best antibiotics for strep throat") == "antibiotic"
    assert asked_class("what is the best treatment for strep throat") is None
    # Chinese questions name the class in their words, and the class word alone asks for a treatment
    assert parse("高血压用什么降压药").intent is Intent.TREATMENT and asked_class("高血压用什么降压药") == "antihypertensive"
    assert parse("抗生素的副作用").intent is Intent.SIDE_EFFECTS


def test_a_chinese_cause_cue_is_a_side_effect_question_only_when_it_asks_yes_or_no() -> None:
    assert lexicon.chinese_intent("二甲双胍会引起乳酸酸中毒吗") is Intent.SIDE_EFFECTS
    assert lexicon.chinese_intent("阿司匹林会不会导致胃出血") is Intent.SIDE_EFFECTS
    assert lexicon.chinese_intent("高血压会引起什么") is None  # what the disease leads to: not a side effect


def test_a_drugs_effect_on_a_measurement_is_asked_as_the_finding_it_names() -> None:
    # "does prednisone raise blood sugar" was not understood; the table is vocabulary/measure_findings.tsv
    cases = {"does prednisone raise blood sugar": ("prednisone", "Hyperglycemia"),
             "can lisinopril increase potassium levels?": ("lisinopril", "Hyperkalemia"),
             "will metoprolol lower my heart rate": ("metoprolol", "Bradycardia"),
             "can amlodipine cause low blood pressure": ("amlodipine", "Hypotension"),
             "泼尼松会升高血糖吗": ("prednisone", "Hyperglycemia"),
             "吃泼尼松血糖会升高吗": ("prednisone", "Hyperglycemia"),
             "美托洛尔会不会降低心率": ("metoprolol", "Bradycardia")}
    for question, mentions in cases.items():
        parsed = parse(question)
        assert parsed.intent is Intent.SIDE_EFFECTS and parsed.mentions == mentions, (question, parsed)
        assert any(mentions[1] in note for note in parsed.notes)
    # a person lowering a measurement, or "how to", is no drug's side effect; nor a Chinese question that is no yes/no
    for question in ("can I lower my blood sugar", "how to lower blood pressure", "怎么降低血糖"):
        assert parse(question).intent is not Intent.SIDE_EFFECTS, question


def test_common_chinese_drug_names_are_known_by_their_whole_name() -> None:
    # 50 of 122 everyday Chinese drug names had no open-licence name (CMeKG's are opt-in); a longer name is not its
    # tail's drug (艾司奥美拉唑 is esomeprazole, not omeprazole; 阿莫西林克拉维酸钾 co-amoxiclav, not amoxicillin)
    expected = {"左氧氟沙星": "levofloxacin", "依诺肝素": "enoxaparin", "替格瑞洛": "ticagrelor", "胺碘酮": "amiodarone",
                "艾司奥美拉唑": "esomeprazole", "阿莫西林克拉维酸钾": "amoxicillin-potassium clavulanate combination",
                "头孢唑林": "cefazolin", "磺胺甲噁唑": "sulfamethoxazole"}
    for chinese, english in expected.items():
        assert parse(f"{chinese}的副作用").mentions == (english,), chinese
