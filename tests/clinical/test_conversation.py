"""Follow-up questions rewritten from the conversation's last answer (pure units)."""

from __future__ import annotations

from clinical.conversation import Context, Conversations, ambiguous_drug, rewrite
from query.models import Answer, AnswerItem, EntityMatch, Intent

ATORVASTATIN = Context(focus="atorvastatin", question="what is atorvastatin indicated for")


def test_pronouns_and_follow_ups_name_the_focus() -> None:
    assert rewrite("side effects of it?", ATORVASTATIN) == "side effects of atorvastatin?"
    assert rewrite("and the dose?", ATORVASTATIN) == "dose of atorvastatin"
    assert rewrite("what about side effects", ATORVASTATIN) == "side effects of atorvastatin"
    assert rewrite("and in children?", ATORVASTATIN) == "what is atorvastatin indicated for in children"
    assert rewrite("那副作用呢？", Context(focus="阿托伐他汀", question="阿托伐他汀治什么")) == "阿托伐他汀的副作用"
    assert rewrite("它能和华法林一起吃吗", Context(focus="阿司匹林", question="x")) == "阿司匹林能和华法林一起吃吗"


def test_a_question_without_reference_or_context_is_unchanged() -> None:
    assert rewrite("side effects of aspirin", ATORVASTATIN) == "side effects of aspirin"
    assert rewrite("side effects of it?", None) == "side effects of it?"


def test_conversations_remember_the_focus_and_expire() -> None:
    conversations = Conversations(ttl_s=60)
    answer = Answer(question="q", intent=Intent.INDICATIONS,
                    entities=[EntityMatch(id="MESH:D000069059", name="Atorvastatin", type="Drug", score=1.0)])
    conversation = conversations.remember(None, "what is atorvastatin indicated for", answer)
    assert conversations.get(conversation).focus == "Atorvastatin"
    differential = Answer(question="q", intent=Intent.DIAGNOSIS, differential={"candidates": []},
                          answers=[AnswerItem(id="MESH:D008581", name="Meningitis", type="Disease", score=0.6)])
    assert conversations.get(conversations.remember(conversation, "fever, stiff neck", differential)).focus == "Meningitis"
    conversations.ttl_s = -1
    assert conversations.get(conversation) is None


def test_an_it_that_stands_for_nothing_is_not_the_focus() -> None:
    # the page sends its conversation id with every question: a new question with a dummy "it" had been rewritten
    # to "is atorvastatin safe to take ibuprofen while pregnant"
    for question in ("is it safe to take ibuprofen while pregnant", "is it ok for me to drink alcohol",
                     "how long does it take for metformin to work"):
        assert rewrite(question, ATORVASTATIN) == question
    assert rewrite("is it safe in pregnancy?", ATORVASTATIN) == "is atorvastatin safe in pregnancy?"
    assert rewrite("how long does it take to work", ATORVASTATIN) == "how long does atorvastatin take to work"


def test_a_follow_up_about_a_drug_after_an_answer_about_a_disease_asks_which_drug() -> None:
    # "what drugs treat atrial fibrillation" → "side effects of it?": "it" is one of the drugs, not the disease
    after_treatment = Context(focus="Atrial Fibrillation", question="what drugs treat atrial fibrillation",
                              focus_kind="Disease", drugs_listed=("Flecainide", "Digoxin"))
    assert ambiguous_drug("side effects of it?", after_treatment) == ("Flecainide", "Digoxin")
    assert ambiguous_drug("and the dose?", after_treatment) == ("Flecainide", "Digoxin")
    assert ambiguous_drug("那副作用呢？", after_treatment) == ("Flecainide", "Digoxin")
    # clear follow-ups: a population, a question about the disease itself, a drug named, a drug in focus
    assert ambiguous_drug("and in children?", after_treatment) == ()
    assert ambiguous_drug("what are its symptoms?", after_treatment) == ()
    assert ambiguous_drug("side effects of digoxin", after_treatment) == ()
    about_a_drug = Context(focus="Metformin", question="side effects of metformin", focus_kind="Drug")
    assert ambiguous_drug("and the dose?", about_a_drug) == ()
    assert rewrite("and the dose?", about_a_drug) == "dose of Metformin"


def test_an_answer_about_a_disease_is_remembered_with_its_drugs_as_the_answer_showed_them() -> None:
    conversations = Conversations()
    answer = Answer(question="高血压用什么药", intent=Intent.TREATMENT, language="zh",
                    entities=[EntityMatch(id="D:htn", name="Hypertension", name_zh="高血压", type="Disease", score=1.0)],
                    answers=[AnswerItem(id="C:met", name="Metoprolol", name_zh="美托洛尔", type="Drug", score=0.9),
                             AnswerItem(id="C:x", name="telmisartan", type="Drug", score=0.8)])
    context = conversations.get(conversations.remember(None, "高血压用什么药", answer))
    assert (context.focus, context.focus_kind, context.drugs_listed) == ("Hypertension", "Disease",
                                                                         ("Metoprolol", "telmisartan"))
    assert (context.focus_shown, context.drugs_shown) == ("高血压 (Hypertension)",
                                                          ("美托洛尔 (Metoprolol)", "telmisartan"))
    assert ambiguous_drug("那副作用呢？", context) == ("Metoprolol", "telmisartan")
