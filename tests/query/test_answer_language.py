"""Answers in the question's language: Chinese names beside the English ones and Chinese messages for a Chinese
question (the small populated graph, no vocabulary loaded: names from the curated file); English answers unchanged."""

from __future__ import annotations

from query.answer import QueryEngine
from query.evaluation import agreement_at_k
from query.messages import CATALOGUE, say
from query.models import Answer, AnswerItem, Intent


def test_a_chinese_treatment_question_names_the_disease_and_drugs_in_chinese(engine: QueryEngine) -> None:
    answer = engine.answer("高血压吃什么药好")
    assert answer.language == "zh" and answer.intent is Intent.TREATMENT
    assert (answer.entities[0].name, answer.entities[0].name_zh) == ("Hypertension", "高血压")
    named = {item.id: item.name_zh for item in answer.answers}
    assert named["MESH:D017706"] == "赖诺普利" and named["MESH:D017311"] == "氨氯地平"
    assert all(item.name for item in answer.answers)  # the English name stays beside it


def test_the_same_question_in_english_has_no_chinese_names(engine: QueryEngine) -> None:
    answer = engine.answer("best treatment for hypertension")
    assert answer.language == "en" and answer.answers
    assert all(item.name_zh is None for item in answer.answers) and answer.entities[0].name_zh is None


def test_a_chinese_interaction_question_gets_its_message_in_chinese(engine: QueryEngine) -> None:
    answer = engine.answer("阿司匹林能和二甲双胍一起吃吗")  # no interaction recorded in the test graph
    english = engine.answer("can I take aspirin with metformin")
    assert answer.intent is english.intent is Intent.INTERACTIONS
    assert answer.message == say("interaction_none", "zh", first="阿司匹林 (Aspirin)", second="二甲双胍 (Metformin)")
    assert english.message == say("interaction_none", "en", first="Aspirin", second="Metformin")


def test_chinese_dosage_and_pregnancy_phrasings_find_their_intents(engine: QueryEngine) -> None:
    dose = engine.answer("阿托伐他汀一次吃多少")
    assert dose.intent is Intent.DOSAGE and dose.answers and dose.entities[0].name_zh == "阿托伐他汀"
    assert engine.answer("华法林孕妇能用吗").intent is Intent.CONTRAINDICATIONS


def test_a_chinese_question_about_nothing_known_is_told_so_in_chinese(engine: QueryEngine) -> None:
    answer = engine.answer("不存在的东西怎么治")
    assert answer.language == "zh" and not answer.answers
    assert answer.message.startswith("图谱中没有找到与“") and say("example_hint", "zh") in answer.message


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    import string

    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key, (english, chinese) in CATALOGUE.items():
        assert english and chinese and chinese != english, key
        assert fields(english) == fields(chinese), key


def _answer(*ids: str) -> Answer:
    return Answer(question="q", intent=Intent.TREATMENT,
                  answers=[AnswerItem(id=i, name=i, type="Drug", score=1.0) for i in ids])


def test_agreement_at_5_is_the_overlap_of_the_top_five() -> None:
    assert agreement_at_k(_answer("a", "b", "c", "d", "e", "f"), _answer("a", "b", "c", "x", "y")) == 0.6
    assert agreement_at_k(_answer("a", "b"), _answer("b", "a")) == 1.0  # fewer than five: over the longer list
    assert agreement_at_k(_answer("a"), _answer()) == 0.0
    assert agreement_at_k(_answer(), _answer()) is None


def test_the_shown_chinese_name_is_the_curated_one_without_a_bracketed_note() -> None:
    from query.localize import ChineseNamer, without_note
    from vocabulary.chinese import ChineseName

    class Names:  # the two members of a vocabulary the namer reads (a pure unit: no graph, no files)
        chinese_names = ("…",)

        def names_zh(self, entity_id: str) -> tuple[ChineseName, ...]:
            return {"MESH:D001241": (ChineseName("乙酰水杨酸", "MESH:D001241", "who-eml-zh", True),),
                    "B": (ChineseName("氨氯地平（抗高血压药）", "B", "who-eml-zh", True),)}.get(entity_id, ())

    namer = ChineseNamer(Names())
    assert namer.name_zh("MESH:D001241") == "阿司匹林"  # the curated everyday name (vocabulary/zh_terms.tsv) first
    assert namer.name_zh("B") == "氨氯地平"
    assert namer.name_zh("C", ["flu", "流行性感冒"]) == "流行性感冒" and namer.name_zh("D") is None
    assert without_note("滴虫病[毛滴虫病]") == "滴虫病" and without_note("脱氢皮质(甾)醇") == "脱氢皮质(甾)醇"


ZH_EVERY_INTENT = [  # (question, intent, an id the answer must hold) — every intent the small graph can answer
    ("高血压怎么治", Intent.TREATMENT, "MESH:D017311"),
    ("阿托伐他汀有什么副作用", Intent.SIDE_EFFECTS, "UMLS:C0035410"),
    ("阿托伐他汀是怎么起作用的", Intent.MECHANISM, "NCBIGENE:3156"),
    ("华法林能和阿司匹林一起吃吗", Intent.INTERACTIONS, "MESH:D001241"),
    ("二甲双胍有什么禁忌", Intent.CONTRAINDICATIONS, "MESH:D051437"),
    ("氨氯地平治什么病", Intent.INDICATIONS, "MESH:D006973"),
]


def test_every_intent_answers_a_chinese_question_with_chinese_names(engine: QueryEngine) -> None:
    for question, intent, expected in ZH_EVERY_INTENT:
        answer = engine.answer(question)
        assert (answer.language, answer.intent) == ("zh", intent), question
        assert expected in {item.id for item in answer.answers}, question
        assert answer.entities and answer.entities[0].name_zh, question  # the asked-about entity by its Chinese name
        assert all(item.evidence or item.hypothesis for item in answer.answers), question
