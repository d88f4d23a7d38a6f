"""Chinese questions through the vocabulary's Chinese names (variants, abbreviations, Traditional script)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from core.settings import Settings
from query.answer import QueryEngine
from query.models import Intent
from vocabulary import Linker


@pytest.mark.parametrize(("question", "intent", "entity"), [
    ("II型糖尿病吃什么药好", Intent.TREATMENT, "MESH:D003924"),
    ("第二型糖尿病怎麼治療", Intent.TREATMENT, "MESH:D003924"),  # Taiwanese wording, Traditional characters
    ("心梗怎么治", Intent.TREATMENT, "MESH:D009203"),
    ("二甲双胍的适应症", Intent.INDICATIONS, "MESH:D008687"),
])
def test_chinese_questions_link_through_the_vocabulary(populated: Driver, neo4j_settings: Settings,
                                                       linker: Linker, question: str, intent: Intent,
                                                       entity: str) -> None:
    engine = QueryEngine(populated, neo4j_settings, linker=linker)
    answer = engine.answer(question)
    assert answer.intent is intent and answer.language == "zh", answer.message
    assert answer.entities[0].id == entity
    assert answer.answers
