"""The clinical layer's ranking, statements and interview on a small hand-built knowledge (pure units), and its
loading from a real Neo4j (PRESENTS links written through the GraphWriter)."""

from __future__ import annotations

import math

import pytest
from neo4j import Driver

from clinical.consultation import ConsultationService, entropy, next_question
from clinical.diagnosis import differential, rank
from clinical.evaluation import Case, evaluate_diagnosis, simulate
from clinical.knowledge import DiagnosisKnowledge
from clinical.models import Answer, Finding, FindingStatus
from clinical.patient import Sex
from clinical.statements import clinical_wording, parse_findings
from core.settings import Settings
from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from query.safety import ReadOnlyRunner
from vocabulary.findings import SYNONYMS, FindingIndex, Match, join_synonyms, name_keys
from vocabulary.readers import ReadReport

FINDINGS = {"F:fever": ("Fever", "发热"), "F:headache": ("Headache", "头痛"), "F:stiff": ("Stiff neck", "颈部僵硬"),
            "F:cough": ("Cough", "咳嗽"), "F:myalgia": ("Myalgia", "肌痛"), "F:rash": ("Exanthema", "皮疹")}
LINKS = {
    "D:meningitis": {"F:fever": 0.8, "F:headache": 0.9, "F:stiff": 0.7},
    "D:flu": {"F:fever": 0.9, "F:cough": 0.8, "F:myalgia": 0.7, "F:headache": 0.5},
    "D:measles": {"F:fever": 0.9, "F:rash": 0.95, "F:cough": 0.6},
}


@pytest.fixture
def knowledge() -> DiagnosisKnowledge:
    lexicon = {}
    for finding_id, (name, zh) in FINDINGS.items():
        for text in (name, zh):
            for key in name_keys(text):
                lexicon[key] = Match(finding_id, NodeLabel.PHENOTYPE, name)
    join_synonyms(lexicon, SYNONYMS, ReadReport())  # as DiagnosisKnowledge.load does: "rash" → Exanthema
    names = {"D:meningitis": "Meningitis", "D:flu": "Influenza", "D:measles": "Measles"}
    built = DiagnosisKnowledge(
        expected={d: dict(links) for d, links in LINKS.items()},
        sources={(d, f): ("medquad-symptoms",) for d, links in LINKS.items() for f in links},
        disease_names=names, disease_zh={"D:flu": "流行性感冒"},
        finding_names={f: n for f, (n, _) in FINDINGS.items()}, finding_zh={f: z for f, (_, z) in FINDINGS.items()},
        treatments={"D:flu": 3}, index=FindingIndex(lexicon, {}))
    built._derive()
    return built


def test_statements_understand_negation_scope_and_chinese(knowledge: DiagnosisKnowledge) -> None:
    found = parse_findings("fever, no cough or rash, and headache — what is it?", knowledge.index)
    assert [(f.id, f.status) for f in found] == [
        ("F:fever", FindingStatus.PRESENT), ("F:cough", FindingStatus.ABSENT), ("F:rash", FindingStatus.ABSENT),
        ("F:headache", FindingStatus.PRESENT)]
    chinese = parse_findings("头痛、发热，无咳嗽，可能是什么病？", knowledge.index)
    assert [(f.id, f.status) for f in chinese] == [
        ("F:headache", FindingStatus.PRESENT), ("F:fever", FindingStatus.PRESENT), ("F:cough", FindingStatus.ABSENT)]
    unlinked = parse_findings("purple toes", knowledge.index)
    assert unlinked and unlinked[0].id is None


def test_a_patient_s_own_words_are_read_as_findings(knowledge: DiagnosisKnowledge) -> None:
    found = parse_findings("I have a really bad headache, my neck is stiff and I've been feverish for 2 days",
                           knowledge.index)
    assert [(f.id, f.status) for f in found] == [
        ("F:headache", FindingStatus.PRESENT), ("F:stiff", FindingStatus.PRESENT), ("F:fever", FindingStatus.PRESENT)]
    aches = parse_findings("my muscles hurt, no cough", knowledge.index)
    assert [(f.id, f.status) for f in aches] == [("F:myalgia", FindingStatus.PRESENT),
                                                 ("F:cough", FindingStatus.ABSENT)]


@pytest.mark.parametrize(("said", "written"), [
    ("my joints hurt", "joint pain"), ("my neck is stiff", "stiff neck"), ("I'm always thirsty", "thirsty"),
    ("my ankles are swollen", "swollen ankle"), ("my vision is blurry", "blurred vision"),
    ("I have been coughing for 3 days", "coughing"), ("fever", "fever")])
def test_clinical_wording(said: str, written: str) -> None:
    assert clinical_wording(said) == written


def test_ranking_follows_the_specific_finding_and_denials(knowledge: DiagnosisKnowledge) -> None:
    stiff = rank(knowledge, parse_findings("headache, fever and stiff neck", knowledge.index))
    assert stiff[0][0] == "D:meningitis"
    assert sum(share for _, _, share in stiff) == pytest.approx(1.0)
    denied = rank(knowledge, parse_findings("fever, cough, no rash", knowledge.index))
    with_rash = rank(knowledge, parse_findings("fever, cough, rash", knowledge.index))
    assert denied[0][0] == "D:flu" and with_rash[0][0] == "D:measles"


def test_differential_explains_each_candidate_in_the_question_language(knowledge: DiagnosisKnowledge) -> None:
    result = differential(knowledge, parse_findings("发热、咳嗽、肌痛", knowledge.index), language="zh")
    top = result.candidates[0]
    assert top.id == "D:flu" and top.name_zh == "流行性感冒"
    assert {c.finding_id for c in top.supporting} == {"F:fever", "F:cough", "F:myalgia"}
    assert "支持" in top.explanation and "替代" in result.disclaimer
    english = differential(knowledge, parse_findings("rash and no cough", knowledge.index))
    measles = next(c for c in english.candidates if c.id == "D:measles")
    assert [c.finding_id for c in measles.against] == ["F:cough"] and "denied" in measles.explanation
    empty = differential(knowledge, parse_findings("purple toes", knowledge.index))
    assert not empty.candidates and empty.message


def test_next_question_separates_the_leading_candidates(knowledge: DiagnosisKnowledge) -> None:
    findings = parse_findings("fever", knowledge.index)
    question = next_question(knowledge, findings, set())
    assert question is not None and question.finding_id not in {"F:fever"} and question.information_gain > 0
    assert entropy([0.5, 0.5]) > entropy([0.9, 0.1]) > entropy([1.0])


def test_the_interview_asks_nothing_a_patient_cannot_answer_and_says_headings_in_spoken_order() -> None:
    from clinical import consultation

    links = {"D:a": {"F:fever": 0.8, "F:group": 0.9, "F:vvc": 0.6}, "D:b": {"F:fever": 0.8, "F:cough": 0.7}}
    built = DiagnosisKnowledge(expected=links, sources={}, disease_names={"D:a": "A", "D:b": "B"}, disease_zh={},
                               finding_names={"F:fever": "Fever", "F:group": "Abnormality of temperature regulation",
                                              "F:vvc": "Candidiasis, Vulvovaginal", "F:cough": "Cough"},
                               finding_zh={}, treatments={}, index=None)
    built._derive()
    fever = [Finding(text="fever", status=FindingStatus.PRESENT, id="F:fever")]
    assert consultation.open_questions(built, fever, set())[1] == {"F:vvc", "F:cough"}  # not the HPO grouping term
    assert "vulvovaginal candidiasis" in consultation._question(built, "F:vvc", 0.1, "en").text


def test_tied_candidates_are_cut_the_same_way_in_every_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many diseases tie on one stated finding; the interview keeps the leading TOP_K of them. Ties used to fall in
    # the order a set of ids happened to have in the process (it changes with the hash seed), so the same patient
    # was asked different questions by different server runs, and bench/consult.py moved by a case or two per run.
    from clinical import consultation

    links = {f"D:{i:02d}": {"F:fever": 0.5, f"F:own{i:02d}": 0.5 + i / 100} for i in range(12)}
    def build(order: list[str]) -> DiagnosisKnowledge:
        built = DiagnosisKnowledge(expected={d: dict(links[d]) for d in order}, sources={}, disease_names={},
                                   disease_zh={}, finding_names={}, finding_zh={}, treatments={}, index=None)
        built._derive()
        return built
    monkeypatch.setattr(consultation, "TOP_K", 3)
    fever = [Finding(text="fever", status=FindingStatus.PRESENT, id="F:fever")]
    forward, backward = build(sorted(links)), build(sorted(links, reverse=True))
    assert consultation.open_questions(forward, fever, set()) == consultation.open_questions(backward, fever, set())
    assert set(consultation.open_questions(forward, fever, set())[0]) == {"D:00", "D:01", "D:02"}


def test_a_consultation_asks_updates_flags_and_expires(knowledge: DiagnosisKnowledge) -> None:
    service = ConsultationService(knowledge, max_turns=3, ttl_s=60)
    turn = service.start("fever and headache")
    assert turn.question is not None and not turn.finished
    asked = turn.question.finding_id
    turn = service.answer(turn.session_id, Answer.YES)
    assert any(f.id == asked and f.status is FindingStatus.PRESENT for f in turn.asked)
    while not turn.finished:
        turn = service.answer(turn.session_id, Answer.NO)
    assert turn.reason and turn.differential.candidates
    service.ttl_s = -1.0
    with pytest.raises(Exception, match="no consultation"):
        service.get(turn.session_id)


def test_a_disease_of_one_sex_counts_half_unless_the_patient_s_sex_is_known(knowledge: DiagnosisKnowledge) -> None:
    findings = parse_findings("fever and cough", knowledge.index)
    plain = {d: score for d, score, _ in rank(knowledge, findings)}
    knowledge.sex_of = {"D:measles": Sex.MALE}
    unknown = {d: score for d, score, _ in rank(knowledge, findings)}
    assert unknown["D:measles"] == pytest.approx(plain["D:measles"] + math.log(0.5))
    assert unknown["D:flu"] == pytest.approx(plain["D:flu"])
    assert {d: score for d, score, _ in rank(knowledge, findings, Sex.MALE)}["D:measles"] == pytest.approx(
        plain["D:measles"])
    assert "D:measles" not in {d for d, _, _ in rank(knowledge, findings, Sex.FEMALE)}
    measles = next(c for c in differential(knowledge, findings).candidates if c.id == "D:measles")
    assert "halved as a disease of males only" in measles.explanation
    turn = ConsultationService(knowledge).start("fever and cough in a 30-year-old woman")  # the complaint states it
    assert turn.differential.sex is Sex.FEMALE
    assert "D:measles" not in {c.id for c in turn.differential.candidates}


def test_evaluation_and_simulated_patients_count_what_they_should(knowledge: DiagnosisKnowledge) -> None:
    cases = [Case("1", "Meningitis", ("D:meningitis",), ("headache", "fever", "stiff neck")),
             Case("2", "Measles", ("D:measles",), ("fever", "cough", "rash")),
             Case("3", "Nothing", ("D:unknown",), ("fever", "cough", "myalgia"))]
    accuracy = evaluate_diagnosis(knowledge, cases).as_dict()
    assert accuracy["cases"] == 3 and accuracy["top1"] == pytest.approx(2 / 3, abs=1e-3) and accuracy["top10"] == pytest.approx(2 / 3, abs=1e-3)
    patients = [Case("m", "Meningitis", ("D:meningitis",), ("fever",), ("fever", "headache", "stiff neck"))]
    result = simulate(knowledge, patients, "information").as_dict()
    assert result["cases"] == 1 and result["top1@10q"] == 1.0


@pytest.mark.neo4j
def test_knowledge_loads_links_frequencies_and_chinese_names(driver: Driver, database: str,
                                                             neo4j_settings: Settings) -> None:
    disease = Entity(id="MESH:D008581", label=NodeLabel.DISEASE, name="Meningitis", synonyms=("脑膜炎",))
    fever = Entity(id="MESH:D005334", label=NodeLabel.PHENOTYPE, name="Fever", synonyms=("发热",))
    stiff = Entity(id="HP:0025258", label=NodeLabel.PHENOTYPE, name="Stiff neck")
    stated = Evidence(source="medquad-symptoms", document_id="medquad-symptoms@577bd37", confidence=0.9,
                      text="Meningitis symptoms include fever, headache and a stiff neck.",
                      kind=EvidenceKind.CURATED_RECORD)
    cooccurrence = Evidence(source="hetionet", document_id="hetionet@1.0", text="DpS: presents", confidence=1.0,
                            kind=EvidenceKind.CURATED_RECORD)
    GraphWriter(driver, database).write(entities=[disease, fever, stiff], relations=[
        Relation(type=RelType.PRESENTS, head=disease.id, tail=fever.id, evidence=(stated,)),
        Relation(type=RelType.PRESENTS, head=disease.id, tail=stiff.id, evidence=(cooccurrence,))])
    runner = ReadOnlyRunner.from_settings(driver, neo4j_settings)
    knowledge = DiagnosisKnowledge.load(runner)
    assert knowledge.expected["MESH:D008581"]["MESH:D005334"] == pytest.approx(0.9)
    assert knowledge.expected["MESH:D008581"]["HP:0025258"] == pytest.approx(0.3)  # co-occurrence, no frequency
    assert knowledge.disease_zh["MESH:D008581"] == "脑膜炎"
    result = differential(knowledge, parse_findings("neck stiffness and fever", knowledge.index), runner=runner)
    top = result.candidates[0]
    assert top.id == "MESH:D008581"
    fever_link = next(c for c in top.supporting if c.finding_id == "MESH:D005334")
    assert fever_link.evidence and fever_link.evidence[0].text.startswith("Meningitis symptoms")


def test_a_disease_known_only_from_rare_disease_pages_gets_the_lower_prior(driver: Driver, database: str,
                                                                          neo4j_settings: Settings) -> None:
    from clinical.knowledge import RARE_PRIOR

    common = Entity(id="MESH:D010034", label=NodeLabel.DISEASE, name="Otitis Media")
    rare = Entity(id="MESH:C537000", label=NodeLabel.DISEASE, name="Rare ear syndrome")
    earache = Entity(id="MESH:D004433", label=NodeLabel.PHENOTYPE, name="Earache")

    def page(url: str) -> Evidence:
        return Evidence(source="medquad-symptoms", document_id="medquad-symptoms@577bd37", confidence=0.5,
                        text="Symptoms include ear pain.", url=url, kind=EvidenceKind.CURATED_RECORD)

    GraphWriter(driver, database).write(entities=[common, rare, earache], relations=[
        Relation(type=RelType.PRESENTS, head=common.id, tail=earache.id,
                 evidence=(page("https://www.nlm.nih.gov/medlineplus/earinfections.html"),)),
        Relation(type=RelType.PRESENTS, head=rare.id, tail=earache.id,
                 evidence=(page("https://rarediseases.info.nih.gov/gard/0000/rare-ear-syndrome"),))])
    knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, neo4j_settings))
    assert knowledge.rare == frozenset({rare.id})
    assert knowledge.log_prior(rare.id) == pytest.approx(RARE_PRIOR) and knowledge.log_prior(common.id) == 0.0
    ranked = rank(knowledge, parse_findings("ear pain", knowledge.index))
    assert [disease for disease, _, _ in ranked] == [common.id, rare.id]
    explained = differential(knowledge, parse_findings("ear pain", knowledge.index)).candidates[1].explanation
    assert "rare disease" in explained


def test_a_disease_s_prior_counts_the_drugs_of_its_subtypes_that_present_no_finding(driver: Driver, database: str,
                                                                                    neo4j_settings: Settings) -> None:
    disease = {name: Entity(id=f"MESH:{code}", label=NodeLabel.DISEASE, name=name) for name, code in (
        ("Meningitis", "D008581"), ("Meningitis, Bacterial", "D016920"), ("Lyme Disease", "D008193"),
        ("Lyme Neuroborreliosis", "D020852"))}
    fever = Entity(id="MESH:D005334", label=NodeLabel.PHENOTYPE, name="Fever")
    drugs = [Entity(id=f"DB:{i}", label=NodeLabel.DRUG, name=f"drug {i}") for i in range(4)]
    record = (Evidence(source="curated", document_id="curated@1", text="record", confidence=1.0,
                       kind=EvidenceKind.CURATED_RECORD),)

    def link(kind: RelType, head: Entity, tail: Entity) -> Relation:
        return Relation(type=kind, head=head.id, tail=tail.id, evidence=record)

    GraphWriter(driver, database).write(entities=[*disease.values(), fever, *drugs], relations=[
        link(RelType.PRESENTS, disease["Meningitis"], fever), link(RelType.PRESENTS, disease["Lyme Disease"], fever),
        link(RelType.PRESENTS, disease["Lyme Neuroborreliosis"], fever),  # a candidate of its own: not counted again
        link(RelType.IS_A, disease["Meningitis, Bacterial"], disease["Meningitis"]),
        link(RelType.IS_A, disease["Lyme Neuroborreliosis"], disease["Lyme Disease"]),
        link(RelType.TREATS, drugs[0], disease["Meningitis"]),
        link(RelType.TREATS, drugs[0], disease["Meningitis, Bacterial"]),
        link(RelType.TREATS, drugs[1], disease["Meningitis, Bacterial"]),
        link(RelType.TREATS, drugs[2], disease["Lyme Disease"]),
        link(RelType.TREATS, drugs[3], disease["Lyme Neuroborreliosis"])])
    knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, neo4j_settings))
    assert knowledge.treatments[disease["Meningitis"].id] == 2  # its own drug and its bacterial kind's, each once
    assert knowledge.treatments[disease["Lyme Disease"].id] == 1
    assert [d for d, _, _ in rank(knowledge, parse_findings("fever", knowledge.index))][0] == disease["Meningitis"].id
    assert "2 known treatment(s) of it and its subtypes" in differential(
        knowledge, parse_findings("fever", knowledge.index)).candidates[0].explanation


def test_a_condition_mesh_files_as_a_symptom_is_a_candidate_when_it_presents_findings(
        driver: Driver, database: str, neo4j_settings: Settings) -> None:
    """MeSH lists restless legs syndrome and tinea pedis under Signs and Symptoms, so their nodes are Phenotypes;
    with findings of their own they are diseases of the differential, and a finding with none stays a finding."""
    restless = Entity(id="MESH:D012148", label=NodeLabel.PHENOTYPE, name="Restless Legs Syndrome")
    urge = Entity(id="HP:0000001", label=NodeLabel.PHENOTYPE, name="Urge to move the legs")
    insomnia = Entity(id="MESH:D007319", label=NodeLabel.PHENOTYPE, name="Sleep Initiation and Maintenance Disorders")
    neuropathy = Entity(id="MESH:D010523", label=NodeLabel.DISEASE, name="Peripheral Nervous System Diseases")
    record = (Evidence(source="medquad-symptoms", document_id="page#1", text="urge to move the legs", confidence=0.5,
                       kind=EvidenceKind.CURATED_RECORD),)
    GraphWriter(driver, database).write(entities=[restless, urge, insomnia, neuropathy], relations=[
        Relation(type=RelType.PRESENTS, head=restless.id, tail=urge.id, evidence=record),
        Relation(type=RelType.PRESENTS, head=restless.id, tail=insomnia.id, evidence=record),
        Relation(type=RelType.PRESENTS, head=neuropathy.id, tail=insomnia.id, evidence=record)])
    knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, neo4j_settings))
    assert set(knowledge.expected) == {restless.id, neuropathy.id}  # insomnia presents nothing: a finding only
    ranked = [d for d, _, _ in rank(knowledge, parse_findings("urge to move the legs, insomnia", knowledge.index))]
    assert ranked[0] == restless.id


def test_diseases_of_one_sex_are_read_from_the_mesh_hierarchy(driver: Driver, database: str,
                                                              neo4j_settings: Settings) -> None:
    def disease(code: str, name: str) -> Entity:
        return Entity(id=code if ":" in code else f"MESH:{code}", label=NodeLabel.DISEASE, name=name)

    prostate, male = disease("D011471", "Prostatic Neoplasms"), disease("D005832", "Genital Diseases, Male")
    syphilis, female = disease("D013587", "Syphilis"), disease("D005831", "Genital Diseases, Female")
    kernicterus, fetal = disease("D007647", "Kernicterus"), disease("D005315", "Fetal Diseases")
    pregnancy, eclampsia = disease("D011248", "Pregnancy Complications"), disease("D011225", "Pre-Eclampsia")
    uterine, endometrial = disease("D014594", "Uterine Neoplasms"), disease("DOID:1380", "endometrial cancer")
    hernia, inguinal = disease("D006547", "Hernia"), disease("D006552", "Hernia, Inguinal")
    fever = Entity(id="MESH:D005334", label=NodeLabel.PHENOTYPE, name="Fever")

    def record(source: str) -> tuple[Evidence, ...]:
        return (Evidence(source=source, document_id=f"{source}@1", text="record", confidence=1.0,
                         kind=EvidenceKind.CURATED_RECORD),)

    def is_a(child: Entity, parent: Entity, source: str = "mesh") -> Relation:
        return Relation(type=RelType.IS_A, head=child.id, tail=parent.id, evidence=record(source))

    ill = [prostate, syphilis, kernicterus, eclampsia, endometrial, inguinal]
    GraphWriter(driver, database).write(
        entities=[*ill, male, female, fetal, pregnancy, uterine, hernia, fever],
        relations=[*(Relation(type=RelType.PRESENTS, head=d.id, tail=fever.id, evidence=record("medquad-symptoms"))
                     for d in ill),
                   is_a(prostate, male), is_a(syphilis, male), is_a(syphilis, female),  # both sexes: neither
                   is_a(kernicterus, fetal), is_a(fetal, pregnancy), is_a(eclampsia, pregnancy),
                   is_a(endometrial, uterine, "disease-ontology"), is_a(uterine, female),  # a DO term under MeSH
                   is_a(inguinal, hernia), is_a(hernia, female, "disease-ontology")])  # a stray edge higher up
    knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, neo4j_settings))
    assert knowledge.sex_of == {prostate.id: Sex.MALE, eclampsia.id: Sex.FEMALE, endometrial.id: Sex.FEMALE}


def test_only_finding_lists_and_diagnosis_questions_go_to_the_clinical_layer(knowledge: DiagnosisKnowledge) -> None:
    from clinical.engine import ClinicalEngine

    engine = ClinicalEngine(query_engine=None, runner_factory=lambda: None)
    engine._knowledge = knowledge
    for question in ("what could cause headache, fever and stiff neck", "fever, no cough, rash", "头痛、发热可能是什么病",
                     "differential diagnosis for cough"):
        assert engine.is_diagnosis_question(question), question
    for question in ("what helps with fever and headache", "side effects of aspirin", "best treatment for influenza",
                     "dose of metformin", "fever", "流感怎么治", "阿米替林治什么病", "二甲双胍一次吃多少"):
        assert not engine.is_diagnosis_question(question), question


def test_an_unlisted_finding_costs_less_for_a_disease_whose_list_is_short() -> None:
    from clinical.diagnosis import LEAK, leak

    short = {f"F:{i}": 0.5 for i in range(3)}
    long = {f"F:{i}": 0.5 for i in range(60)}
    assert leak({}) == 0.1 and leak(short) == pytest.approx(0.0625) and leak(long) == LEAK



def _synonym_index(names: dict[str, str]) -> FindingIndex:
    """A finding index of these ids and names with the synonym table joined, as DiagnosisKnowledge.load builds it."""
    lexicon = {}
    for finding_id, name in names.items():
        for key in name_keys(name):
            lexicon[key] = Match(finding_id, NodeLabel.PHENOTYPE, name)
    join_synonyms(lexicon, SYNONYMS, ReadReport())  # vocabulary/finding_synonyms.tsv
    return FindingIndex(lexicon, {})


def test_everyday_phrasings_reach_their_findings() -> None:
    index = _synonym_index({"F:ear": "Earache", "F:dysuria": "Dysuria", "F:swelling": "Joint swelling",
                            "F:polyuria": "Polyuria", "F:productive": "Productive cough"})
    found = parse_findings("耳朵疼、小便疼，swollen joints", index)
    assert [f.id for f in found] == ["F:ear", "F:dysuria", "F:swelling"]
    # a bare complaint with two linked findings is a diagnosis question (clinical.engine.is_diagnosis_question)
    found = parse_findings("burning when I pee and I need to pee all the time", index)
    assert [f.id for f in found] == ["F:dysuria", "F:polyuria"]
    assert [f.id for f in parse_findings("咳黄痰", index)] == ["F:productive"]


def test_everyday_chinese_words_meet_the_written_words_of_finding_names() -> None:
    names = {"F:joint": "Arthralgia", "F:light": "Photophobia", "F:itch": "Pruritus", "F:confused": "Confusion",
             "F:stiff": "Stiff neck", "F:blood": "Hematuria"}
    index = _synonym_index(names)  # 关节痛, 畏光, 皮肤瘙痒, 意识模糊, 颈部僵硬 as the table writes them
    found = parse_findings("关节疼、怕光、皮肤发痒、意识不清、颈部发硬、尿血", index)
    assert [f.id for f in found] == list(names)
    assert name_keys("关节疼") == name_keys("关节痛") and name_keys("胸口疼") == name_keys("胸痛")


def test_a_finding_worded_as_a_negation_is_present_and_a_denial_is_not() -> None:
    index = _synonym_index({"F:fatigue": "Fatigue", "F:fever": "Fever", "F:syncope": "Syncope",
                            "F:chest": "Chest Pain", "F:bloating": "Flatulence"})  # "no energy", 胸口疼 … in the table
    found = parse_findings("no energy, passed out, no fever", index)
    assert [(f.id, f.status) for f in found] == [("F:fatigue", FindingStatus.PRESENT),
                                                 ("F:syncope", FindingStatus.PRESENT),
                                                 ("F:fever", FindingStatus.ABSENT)]
    assert [f.id for f in parse_findings("胸口疼、肚子胀", index)] == ["F:chest", "F:bloating"]


def test_a_site_cut_off_at_and_stays_with_its_complaint() -> None:
    index = _synonym_index({"F:rash": "Exanthema", "F:fever": "Fever", "F:knee": "Knee pain", "F:hip": "Hip pain"})
    found = parse_findings("fever, rash on palms and soles, headache", index)
    assert "soles" not in [f.text for f in found]  # not an unknown finding of its own
    assert "F:rash" in [f.id for f in found]
    assert [f.id for f in parse_findings("pain in the knees and hips", index)] == ["F:knee", "F:hip"]


def test_a_negation_is_a_whole_word() -> None:
    # "nose", "noise", "non-itchy" begin with "no" and deny nothing; "not sleeping" does
    index = _synonym_index({"F:nose": "Epistaxis", "F:rash": "Exanthema", "F:insomnia": "Insomnia"})
    found = parse_findings("nose bleeding, non-itchy rash, not sleeping", index)
    assert [f.status for f in found[:2]] == [FindingStatus.PRESENT, FindingStatus.PRESENT]
    assert found[-1].status is FindingStatus.ABSENT and found[-1].text == "sleeping"


def test_a_complaint_at_one_side_is_the_site_s_finding_in_either_word_order() -> None:
    index = _synonym_index({"F:arm": "Pain in arm", "F:sweat": "Cold sweat"})
    assert [f.id for f in parse_findings("left arm pain, cold sweat", index)] == ["F:arm", "F:sweat"]
    assert [f.id for f in parse_findings("左胳膊疼、出冷汗", index)] == ["F:arm", "F:sweat"]


def test_a_complaint_read_apart_into_site_and_complaint_meets_the_site_s_finding() -> None:
    # "左臂放射痛" is pain in the arm, "夜间手腕痛" wrist pain, "心脏杂音" a heart murmur, "stiff back" back stiffness:
    # no name lists these words in this order; the site and the complaint are read apart and put back together
    index = _synonym_index({"F:arm": "Pain in arm", "F:wrist": "Wrist pain", "F:pelvic": "Pelvic Pain",
                            "F:murmur": "Heart Murmurs", "F:stiff": "Back stiffness", "F:gums": "Gingival bleeding"})
    found = parse_findings("左臂放射痛、夜间手腕痛、盆腔痛、心脏杂音、背部僵硬、牙龈出血", index)
    assert [f.id for f in found] == ["F:arm", "F:wrist", "F:pelvic", "F:murmur", "F:stiff", "F:gums"]
    assert [f.id for f in parse_findings("stiff back, bleeding from the gums", index)] == ["F:stiff", "F:gums"]
    # a phrase that is more than a site and a complaint is left alone, not read as an eye complaint
    assert [f.id for f in parse_findings("一只眼闭不上", _synonym_index({"F:eye": "Eye pain"}))] == [None]


def test_a_spelling_like_name_that_puts_another_word_in_place_is_no_match() -> None:
    index = _synonym_index({"F:eye": "Eye discharge", "F:pleuritic": "Pleuritic chest pain",
                            "F:thick": "Thickened skin"})
    assert index.closest("discharge from the penis") is None  # the eye is not the penis
    assert index.closest("pleuritic pain").id == "F:pleuritic"  # a name may say more …
    assert index.closest("skin thickening").id == "F:thick"  # … or spell a word otherwise


def test_a_combined_finding_states_both_of_its_parts() -> None:
    from clinical.knowledge import split_combined

    expected = {"D:stones": {"F:nv": 0.5, "F:hematuria": 0.5}, "D:gastro": {"F:nv": 0.5, "F:nausea": 0.8}}
    sources = {(d, f): ("medquad-symptoms",) for d, links in expected.items() for f in links}
    findings = {"F:nv": "Nausea and vomiting", "F:nausea": "Nausea", "F:vomiting": "Vomiting",
                "F:hematuria": "Hematuria", "F:sprains": "Sprains and Strains"}
    stated = split_combined(expected, sources, findings)
    assert expected["D:stones"] == {"F:nv": 0.5, "F:hematuria": 0.5, "F:nausea": 0.5, "F:vomiting": 0.5}
    assert expected["D:gastro"]["F:nausea"] == 0.8  # its own link stands
    assert stated == {("D:stones", "F:nausea"): "F:nv", ("D:stones", "F:vomiting"): "F:nv",
                      ("D:gastro", "F:vomiting"): "F:nv"}  # where the evidence is


def test_a_stated_finding_that_is_a_disease_of_its_own_is_a_candidate(knowledge: DiagnosisKnowledge) -> None:
    # "rash" is Exanthema here; a graph where Exanthema is also a disease with no finding listed (as MeSH's
    # Conjunctivitis is for "red eye"): the complaint names the condition, so it is ranked, not left out
    from dataclasses import replace

    named = replace(knowledge, named_diseases=frozenset({"F:rash"}),
                    disease_names={**knowledge.disease_names, "F:rash": "Exanthema"})
    without = [d for d, _, _ in rank(knowledge, parse_findings("rash and cough", knowledge.index))]
    ranked = [d for d, _, _ in rank(named, parse_findings("rash and cough", named.index))]
    assert "F:rash" not in without and "F:rash" in ranked
    assert ranked[0] == "D:measles"  # the disease presenting both still leads


def test_a_denial_counts_only_where_the_disease_expects_the_finding(knowledge: DiagnosisKnowledge) -> None:
    # the interview asks "Have you been told you have influenza?" of a finding that is a disease: a patient not yet
    # diagnosed says no too, so that "no" is no evidence against influenza — and is not listed as if it were
    stated = [Finding(text="fever", status=FindingStatus.PRESENT, id="F:fever"),
              Finding(text="cough", status=FindingStatus.PRESENT, id="F:cough")]
    denied = [*stated, Finding(text="influenza", status=FindingStatus.ABSENT, id="D:flu"),
              Finding(text="no rash", status=FindingStatus.ABSENT, id="F:rash")]
    assert [d for d, _, _ in rank(knowledge, denied)][0] == "D:flu"
    candidates = {c.id: c for c in differential(knowledge, denied).candidates}
    assert [c.finding_id for c in candidates["D:flu"].against] == []  # neither the diagnosis nor an unexpected rash
    against_measles = [c.finding_id for c in candidates["D:measles"].against]
    assert "F:rash" in against_measles and "D:flu" not in against_measles  # measles expects a rash


def test_a_complaint_at_a_side_of_the_body_is_the_site_s_finding(vocabulary) -> None:  # noqa: ANN001 - fixture
    index = FindingIndex.build(vocabulary, None, ReadReport())
    found = parse_findings("what could cause chest pain, pain in the left arm and sweating", index)
    assert [(f.name, f.status) for f in found] == [
        ("Chest Pain", FindingStatus.PRESENT), ("Pain in arm", FindingStatus.PRESENT),
        ("Sweating", FindingStatus.PRESENT)]
    denied = parse_findings("chest pain, no pain in the right arm", index)
    assert [(f.name, f.status) for f in denied] == [
        ("Chest Pain", FindingStatus.PRESENT), ("Pain in arm", FindingStatus.ABSENT)]


def test_a_finding_the_disease_does_not_name_is_never_shown_as_support(knowledge: DiagnosisKnowledge) -> None:
    from clinical.diagnosis import _explain
    from clinical.models import Contribution

    def contribution(finding: str, linked: bool) -> Contribution:
        return Contribution(finding_id=f"F:{finding}", finding=finding, status=FindingStatus.PRESENT, expected=0.5,
                            background=0.002, weight=2.6, linked=linked, sources=(), evidence=())

    english = _explain([contribution("Chest pain", True), contribution("Pain in arm", False)], [], knowledge,
                       "D:meningitis", "en")
    assert english.startswith("For: Chest pain (in ~50% of cases")
    assert "Pain in arm" not in english.split(";")[0] and "not linked to it" in english
    chinese = _explain([contribution("胸痛", True), contribution("上肢痛", False)], [], knowledge, "D:meningitis", "zh")
    assert chinese.startswith("支持：胸痛") and "该病未列出：上肢痛" in chinese


def test_a_finding_that_is_a_disease_is_asked_as_a_diagnosis(knowledge: DiagnosisKnowledge) -> None:
    from clinical.consultation import _question

    knowledge.finding_names["D:flu"] = "Influenza"
    assert _question(knowledge, "F:fever", 0.5, "en").text == "Do you have fever?"
    assert _question(knowledge, "D:flu", 0.5, "en").text == "Have you been told you have influenza?"
    assert _question(knowledge, "D:flu", 0.5, "zh").text == "您是否被诊断过流行性感冒？"  # the disease's Chinese name
    knowledge.expected["D:pharyngitis"], knowledge.finding_names["D:pharyngitis"] = {}, "Pharyngitis"
    assert _question(knowledge, "D:pharyngitis", 0.5, "en").text == "Do you have sore throat?"  # finding_synonyms.tsv
    assert _question(knowledge, "D:pharyngitis", 0.5, "zh").text == "您有咽痛吗？"


def test_the_interview_never_asks_the_patient_for_a_diagnosis_it_is_weighing() -> None:
    # A cough and fever: Pneumonia leads, and it is also listed as a finding of Influenza (a complication). Asking
    # "Have you been told you have pneumonia?" asks the undiagnosed patient for the answer; a condition outside the
    # candidates (diabetes, history behind a neuropathy) is still asked.
    from clinical import consultation

    links = {"D:pneumonia": {"F:fever": 0.8, "F:cough": 0.9, "F:sputum": 0.6},
             "D:flu": {"F:fever": 0.9, "F:cough": 0.7, "D:pneumonia": 0.2, "F:myalgia": 0.6},
             "D:neuropathy": {"F:numb": 0.8, "D:diabetes": 0.5}}
    built = DiagnosisKnowledge(expected=links, sources={}, disease_names={"D:pneumonia": "Pneumonia",
                                                                        "D:flu": "Influenza", "D:neuropathy": "N"},
                               disease_zh={}, finding_names={}, finding_zh={}, treatments={}, index=None)
    built._derive()
    stated = [Finding(text=t, status=FindingStatus.PRESENT, id=i) for t, i in (("fever", "F:fever"),
                                                                              ("cough", "F:cough"))]
    shares, options = consultation.open_questions(built, stated, set())
    assert "D:pneumonia" in shares and "D:pneumonia" not in options and {"F:sputum", "F:myalgia"} <= options
    numb = [Finding(text="numb feet", status=FindingStatus.PRESENT, id="F:numb")]
    assert "D:diabetes" in consultation.open_questions(built, numb, set())[1]


def test_a_site_and_its_complaint_are_read_inside_a_longer_chinese_phrase(vocabulary) -> None:  # noqa: ANN001
    # Patients put manner, place and time between a site and what is wrong with it (肩膀尖疼, 头部一跳一跳地疼);
    # the site's complaint then stands for the bare "疼" (Pain), and a faculty's loss (体重…下降) reads the same way.
    index = FindingIndex.build(vocabulary, None, ReadReport())
    def read(text: str) -> list[tuple[str | None, FindingStatus]]:
        return [(f.name, f.status) for f in parse_findings(text, index)]
    assert read("肩膀尖疼") == [("Shoulder Pain", FindingStatus.PRESENT)]
    assert read("一侧头部一跳一跳地疼") == [("Headache", FindingStatus.PRESENT)]
    assert read("体重不知不觉下降") == [("Weight Loss", FindingStatus.PRESENT)]
    assert read("嘴唇上起一簇疼痛的小水疱") == [("Lip pain", FindingStatus.PRESENT), ("Blister", FindingStatus.PRESENT)]
    assert read("一只眼闭不上") == [(None, FindingStatus.PRESENT)]  # a site with no complaint word: nothing read
    # a finding whose name begins with the negation cue is present; a denied finding stays denied
    assert read("不排气不排便") == [("Constipation", FindingStatus.PRESENT)]
    assert read("无发热") == [("Fever", FindingStatus.ABSENT)]
    # English: a part with its state and no verb, a softened adjective, everyday words (finding_synonyms.tsv)
    assert read("leg painful, mildly itchy, threw up, off her food") == [
        ("Leg pain", FindingStatus.PRESENT), ("Pruritus", FindingStatus.PRESENT), ("Vomiting", FindingStatus.PRESENT),
        ("Anorexia", FindingStatus.PRESENT)]
