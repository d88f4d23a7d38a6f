"""Every intent answers from a small populated graph, with evidence; the JSON keeps the contract's field names."""

from __future__ import annotations

import json

import pytest

from embeddings.precision import METRIC
from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.models import Badge, Intent
from tests.query.conftest import LIPITOR, LIPITOR_DOSAGE


@pytest.mark.parametrize(
    ("question", "intent", "entity", "expected"),
    [
        ("What is the best treatment for hypertension?", Intent.TREATMENT, "MESH:D006973", "MESH:D017311"),
        ("which drugs treat HTN", Intent.TREATMENT, "MESH:D006973", "MESH:D017311"),
        ("first-line therapy for hypertention", Intent.TREATMENT, "MESH:D006973", "MESH:D017311"),
        ("what can I prescribe for T2DM", Intent.TREATMENT, "MESH:D003924", "MESH:D008687"),
        ("treatment of heart attack", Intent.TREATMENT, "MESH:D009203", "MESH:D001241"),
        ("What is atorvastatin indicated for?", Intent.INDICATIONS, "MESH:D000069059", "MESH:D006937"),
        ("what does metformin treat", Intent.INDICATIONS, "MESH:D008687", "MESH:D003924"),
        ("side effects of atorvastatin", Intent.SIDE_EFFECTS, "MESH:D000069059", "UMLS:C0035410"),
        ("adverse reactions of Lipitor", Intent.SIDE_EFFECTS, "MESH:D000069059", "UMLS:C0231528"),
        ("contraindications of metformin", Intent.CONTRAINDICATIONS, "MESH:D008687", "MESH:D051437"),
        ("what does warfarin interact with", Intent.INTERACTIONS, "MESH:D014859", "MESH:D001241"),
        ("mechanism of action of atorvastatin", Intent.MECHANISM, "MESH:D000069059", "NCBIGENE:3156"),
        ("which genes are associated with type 2 diabetes", Intent.DISEASE_GENES, "MESH:D003924", "NCBIGENE:6934"),
        ("drugs similar to atorvastatin", Intent.SIMILAR, "MESH:D000069059", "MESH:D019821"),
        ("diseases similar to hypertension", Intent.SIMILAR, "MESH:D006973", "MESH:D003327"),
    ],
)
def test_intents_answer_with_evidence(engine: QueryEngine, question: str, intent: Intent, entity: str,
                                      expected: str) -> None:
    answer = engine.answer(question)
    assert answer.intent is intent, answer.message
    assert answer.entities[0].id == entity
    ids = [item.id for item in answer.answers]
    assert expected in ids
    for item in answer.answers:
        assert item.hypothesis is False
        assert item.evidence, f"{item.name} shown without evidence"
        assert item.badges and item.explanation
    assert all(statement.lstrip().upper().startswith(("MATCH", "CALL", "UNWIND")) for statement in answer.cypher)


def test_treatment_ranks_curated_plus_label_first(engine: QueryEngine) -> None:
    answer = engine.answer("best treatment for hypertension")
    first = answer.answers[0]
    assert first.name == "Amlodipine"  # curated and on its label
    assert {Badge.CURATED, Badge.LABEL} <= set(first.badges)
    assert first.score > answer.answers[1].score
    assert {e.source for e in first.evidence} >= {"pharmacotherapydb", "dailymed"}


def test_dosage_quotes_the_label_verbatim(engine: QueryEngine) -> None:
    answer = engine.answer("dose of atorvastatin for hypercholesterolemia")
    assert answer.intent is Intent.DOSAGE
    item = answer.answers[0]
    assert item.text == LIPITOR_DOSAGE
    assert item.evidence[0].document_id == LIPITOR and item.evidence[0].url.startswith("https://dailymed")


def test_dosage_without_label_says_so(engine: QueryEngine) -> None:
    answer = engine.answer("what is the dosage of warfarin")
    assert answer.intent is Intent.DOSAGE and answer.answers == []
    assert "never computes a dose" in (answer.message or "")


def test_interaction_between_two_drugs(engine: QueryEngine) -> None:
    yes = engine.answer("does warfarin interact with aspirin?")
    assert yes.intent is Intent.INTERACTIONS and [i.id for i in yes.answers] == ["MESH:D001241"]
    assert yes.answers[0].evidence[0].source == "ddi2013"
    no = engine.answer("does metformin interact with amlodipine?")
    assert no.answers == [] and "No interaction" in (no.message or "")


def test_chinese_treatment_and_side_effects(engine: QueryEngine) -> None:
    treatment = engine.answer("高血压的最佳治疗是什么")
    assert treatment.intent is Intent.TREATMENT and treatment.language == "zh"
    assert treatment.entities[0].id == "MESH:D006973"
    assert treatment.answers[0].name == "Amlodipine"
    side_effects = engine.answer("阿托伐他汀的副作用")
    assert side_effects.intent is Intent.SIDE_EFFECTS
    assert {"UMLS:C0231528", "UMLS:C0035410"} <= {item.id for item in side_effects.answers}
    interaction = engine.answer("华法林和阿司匹林有相互作用吗")
    assert interaction.intent is Intent.INTERACTIONS and [i.id for i in interaction.answers] == ["MESH:D001241"]


def test_json_follows_the_contract(engine: QueryEngine) -> None:
    data = json.loads(engine.answer("which drugs treat hypertension").model_dump_json())
    assert {"question", "intent", "entities", "answers", "cypher", "timings_ms"} <= set(data)
    assert {"id", "name", "type", "xrefs", "score"} <= set(data["entities"][0])
    assert data["entities"][0]["xrefs"] == ["DOID:10763"]
    item = data["answers"][0]
    assert {"id", "name", "type", "score", "hypothesis", "xrefs", "synonyms", "text", "evidence"} <= set(item)
    assert {"source", "document_id", "text", "url", "confidence"} <= set(item["evidence"][0])
    assert {"link", "cypher", "total"} <= set(data["timings_ms"])


def test_module_level_answer(populated, neo4j_settings) -> None:
    import query

    answer = query.answer("what is metformin indicated for", driver=populated, settings=neo4j_settings, limit=3)
    assert isinstance(answer, query.Answer) and answer.answers[0].id == "MESH:D003924"


def test_unknown_questions_get_a_message(engine: QueryEngine) -> None:
    for question in ("hello there", "", "best treatment for zzqxv"):
        answer = engine.answer(question)
        assert answer.answers == [] and answer.message


class FakePredictor:
    """A run whose TREATS predictions were measured at a held-out precision of 0.3 at every rank, both sides."""

    def __init__(self) -> None:
        from types import SimpleNamespace

        measured = {"queries": 100, "sampled": 100, "precision_at_rank": [0.3] * 10}
        self.run = SimpleNamespace(name="fake", metrics={METRIC: {"TREATS": {"heads": measured, "tails": measured}}})
        self.calls: list[tuple[str, str, str]] = []

    def predict_heads(self, tail_id: str, relation: str, k: int) -> list[object]:
        self.calls.append(("heads", tail_id, relation))
        from types import SimpleNamespace

        return [SimpleNamespace(id=i, relation=relation, score=s, hypothesis=True)
                for i, s in (("MESH:D017311", 0.9), ("MESH:D000069059", 0.7))][:k]

    def predict_tails(self, head_id: str, relation: str, k: int) -> list[object]:
        self.calls.append(("tails", head_id, relation))
        return []


def test_link_predictions_are_marked_hypotheses(populated, neo4j_settings) -> None:
    predictor = FakePredictor()
    answer = QueryEngine(populated, neo4j_settings, predictor=predictor).answer("best treatment for hypertension")
    assert predictor.calls == [("heads", "MESH:D006973", "TREATS")]
    hypotheses = [item for item in answer.answers if item.hypothesis]
    assert [h.id for h in hypotheses] == ["MESH:D000069059"]  # amlodipine is already a fact
    assert hypotheses[0].badges == [Badge.HYPOTHESIS] and hypotheses[0].evidence == []
    assert hypotheses[0].explanation["held_out_precision"] == 0.3 and hypotheses[0].explanation["kge_rank"] == 2
    facts = [item for item in answer.answers if not item.hypothesis]
    assert min(f.score for f in facts) > hypotheses[0].score


class CausePredictor(FakePredictor):
    """Predicts atorvastatin — which the graph says CAUSES rhabdomyolysis — and amlodipine as its treatments."""

    def predict_heads(self, tail_id: str, relation: str, k: int) -> list[object]:
        from types import SimpleNamespace

        self.calls.append(("heads", tail_id, relation))
        return [SimpleNamespace(id=i, relation=relation, score=s) for i, s in
                (("MESH:D000069059", 0.95), ("MESH:D017311", 0.6))]


def test_a_hypothesis_never_contradicts_the_graph_nor_stands_alone_unannounced(populated, neo4j_settings) -> None:
    answer = QueryEngine(populated, neo4j_settings, predictor=CausePredictor()).answer(
        "treatment for rhabdomyolysis")
    assert answer.intent is Intent.TREATMENT and answer.entities[0].id == "UMLS:C0035410"
    ids = [item.id for item in answer.answers]
    assert "MESH:D000069059" not in ids  # atorvastatin causes it: never suggested as its treatment
    assert ids == ["MESH:D017311"] and answer.answers[0].hypothesis
    assert "no evidenced answer" in answer.message and "not facts" in answer.message


@pytest.mark.parametrize(("question", "topic"), [
    ("how should I store insulin", "storage"), ("what does lisinopril look like", "appearance"),
    ("how much does atorvastatin cost", "cost"), ("阿托伐他汀多少钱", "价格"),
])
def test_questions_medkg_does_not_answer_are_declined_honestly(engine: QueryEngine, question: str,
                                                               topic: str) -> None:
    answer = engine.answer(question)
    assert answer.intent is Intent.UNKNOWN and answer.answers == []
    assert topic in answer.message and ("does not answer" in answer.message or "不回答" in answer.message)


def test_a_dose_question_is_not_taken_for_a_cost_question(engine: QueryEngine) -> None:
    assert engine.answer("how much metformin should I take").intent is Intent.DOSAGE


def test_a_pair_asked_the_way_people_ask_gets_the_interaction(engine: QueryEngine) -> None:
    answer = engine.answer("can I take aspirin while on warfarin?")
    assert answer.intent is Intent.INTERACTIONS
    assert {e.id for e in answer.entities[:2]} == {"MESH:D014859", "MESH:D001241"}
    assert answer.answers and answer.answers[0].evidence and answer.message.startswith("Yes")


def test_a_condition_without_treatments_is_answered_by_the_disease_its_words_name(populated, neo4j_settings) -> None:
    # "hypertension flare" is a node of its own (a side effect's name) that no treatment links; the disease its words
    # name is answered instead, and the answer says so
    GraphWriter(populated, neo4j_settings.neo4j_database).write(entities=[Entity(
        id="UMLS:C9999001", label=NodeLabel.ADVERSE_EVENT, name="Hypertension flare", sources=("test",))])
    answer = QueryEngine(populated, neo4j_settings).answer("treatment of hypertension flare")
    assert answer.intent is Intent.TREATMENT
    assert answer.entities[0].id == "MESH:D006973"  # Hypertension: the answer is about it
    assert {item.name for item in answer.answers} >= {"Amlodipine", "Lisinopril"}
    assert "No treatment is recorded for Hypertension flare" in answer.message and "Hypertension" in answer.message
    # a condition with treatments of its own is answered as asked
    assert QueryEngine(populated, neo4j_settings).answer("treatment of hypertension").message is None


def _write_antihypertensive_class(populated, neo4j_settings) -> None:  # noqa: ANN001 - fixtures
    """Antihypertensive Agents with two members recorded: Amlodipine and Lisinopril (HCTZ is not)."""
    antihypertensive = Entity(id="MESH:D000959", label=NodeLabel.DRUG_CLASS, name="Antihypertensive Agents",
                              synonyms=("Antihypertensives", "Antihypertensive Drugs"), sources=("test",))
    members = [Relation(type=RelType.HAS_CLASS, head=drug, tail="MESH:D000959",
                        evidence=[Evidence(source="test", document_id="test@1", text="MeSH pharmacological action",
                                           confidence=1.0, kind=EvidenceKind.CURATED_RECORD)])
               for drug in ("MESH:D017311", "MESH:D017706")]
    GraphWriter(populated, neo4j_settings.neo4j_database).write(entities=[antihypertensive], relations=members)


def test_a_drug_class_asked_for_keeps_only_its_members(populated, neo4j_settings) -> None:
    # "best antihypertensive for hypertension": Amlodipine and Lisinopril are recorded in the class, HCTZ is not
    _write_antihypertensive_class(populated, neo4j_settings)
    engine = QueryEngine(populated, neo4j_settings)
    answer = engine.answer("best antihypertensives for hypertension")
    assert answer.intent is Intent.TREATMENT
    assert [item.name for item in answer.answers] == ["Amlodipine", "Lisinopril"]
    assert "Only Antihypertensive Agents are listed" in answer.message and "1 other" in answer.message
    assert "Hydrochlorothiazide" in {item.name for item in engine.answer("best treatment for hypertension").answers}


def test_does_a_drug_cause_an_effect_is_answered_yes_or_no_before_the_list(engine: QueryEngine) -> None:
    # the list of side effects alone left the reader to look for the effect asked about, and said nothing when it
    # was not there
    recorded = engine.answer("can atorvastatin cause rhabdomyolysis")
    assert recorded.intent is Intent.SIDE_EFFECTS and recorded.message.startswith("Yes: Rhabdomyolysis is recorded")
    assert recorded.answers[0].name == "Rhabdomyolysis" and recorded.answers[0].evidence
    assert "Myalgia" in {item.name for item in recorded.answers}  # then the drug's other recorded side effects
    absent = engine.answer("does metformin cause rhabdomyolysis")
    assert absent.message.startswith("Rhabdomyolysis is not recorded as a side effect of Metformin")
    assert "Rhabdomyolysis" not in {item.name for item in absent.answers}
    chinese = engine.answer("阿托伐他汀会引起rhabdomyolysis吗")  # a yes/no question: 会引起…吗
    assert chinese.intent is Intent.SIDE_EFFECTS and chinese.message.startswith("是的")
    # a drug with no recorded side effect at all: said so, not "the side effects recorded … are listed" over nothing
    nothing = engine.answer("can amlodipine cause rhabdomyolysis")
    assert nothing.answers == [] and "and no side effect of Amlodipine is" in nothing.message


def test_a_class_named_without_a_condition_asks_for_the_condition_the_class_is_for(populated, neo4j_settings) -> None:
    # "which antihypertensive is safe in pregnancy", "孕妇可以用什么降压药": no condition named; the class's is assumed
    unclassed = QueryEngine(populated, neo4j_settings).answer("which antihypertensive should I use")
    assert unclassed.entities[0].name == "Hypertension"  # the class's node is not in the graph yet: all treatments
    assert unclassed.message.startswith("No condition was named") and len(unclassed.answers) == 3
    _write_antihypertensive_class(populated, neo4j_settings)
    engine = QueryEngine(populated, neo4j_settings)
    answer = engine.answer("which antihypertensive should I use")
    assert answer.intent is Intent.TREATMENT and answer.entities[0].name == "Hypertension"
    assert [item.name for item in answer.answers] == ["Amlodipine", "Lisinopril"]
    assert answer.message.startswith("No condition was named: the treatments of Hypertension")
    assert engine.answer("which antifungal should I use").answers == []  # its condition is not in this graph
    chinese = engine.answer("用什么降压药")
    assert chinese.entities[0].id == "MESH:D006973" and chinese.message.startswith("问题未提及疾病")


def test_a_name_in_latin_letters_inside_a_chinese_question_is_a_name(engine: QueryEngine) -> None:
    answer = engine.answer("warfarin和阿司匹林能一起吃吗")
    assert answer.intent is Intent.INTERACTIONS and {e.id for e in answer.entities} == {"MESH:D014859", "MESH:D001241"}
    assert engine.answer("metformin的副作用").entities[0].id == "MESH:D008687"
