"""A mention that does not link as a whole is linked by its longest span, all spans tried in one go (#19 speed)."""

from __future__ import annotations

from neo4j import Driver

from core.settings import Settings
from graph.models import NodeLabel
from query.answer import QueryEngine
from query.entities import EntityResolver
from query.models import Intent
from query.safety import ReadOnlyRunner

SPANS = ["pills for high", "for high blood", "high blood pressure", "pills for", "for high", "high blood",
         "blood pressure", "pills", "for", "high", "blood", "pressure"]


def test_first_resolved_matches_one_by_one_in_at_most_two_statements(populated: Driver,
                                                                     neo4j_settings: Settings) -> None:
    resolver = EntityResolver()  # no linker, no embedder: the full-text path alone, as resolve() would take it
    one_by_one = ReadOnlyRunner.from_settings(populated, neo4j_settings)
    expected = next(m for m in (resolver.resolve(one_by_one, span, (NodeLabel.DISEASE,)) for span in SPANS) if m)
    batched = ReadOnlyRunner.from_settings(populated, neo4j_settings)
    found = resolver.first_resolved(batched, SPANS, (NodeLabel.DISEASE,))
    assert found is not None and expected is not None
    assert (found.id, found.mention, found.score) == (expected.id, expected.mention, expected.score)
    assert found.id == "MESH:D006973" and found.mention == "high blood pressure"
    assert len(batched.statements) == 1 < len(one_by_one.statements)


def test_first_resolved_keeps_the_order_of_spans(populated: Driver, neo4j_settings: Settings) -> None:
    runner = ReadOnlyRunner.from_settings(populated, neo4j_settings)
    found = EntityResolver().first_resolved(runner, ["warfarin", "aspirin"], ())
    assert found is not None and found.id == "MESH:D014859"
    assert EntityResolver().first_resolved(runner, ["zzqx", "qqzz"], ()) is None


def test_a_question_links_through_a_span(engine: QueryEngine) -> None:
    answer = engine.answer("which drugs treat my terrible high blood pressure problem")
    assert answer.intent is Intent.TREATMENT
    assert [e.id for e in answer.entities] == ["MESH:D006973"]
    assert any(item.id == "MESH:D017311" for item in answer.answers)  # amlodipine treats it in the fixture


class _CountingEmbedder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts):  # noqa: ANN001, ANN201 - the Embedder protocol
        self.texts += list(texts)
        return [[float(len(text)), 1.0] for text in texts]


def test_a_mention_is_embedded_once_for_every_label_set_tried() -> None:
    embedder = _CountingEmbedder()
    resolver = EntityResolver(embedder=embedder)
    assert resolver.vector("stiff neck") == resolver.vector("stiff neck") == [10.0, 1.0]
    resolver.vector("fever")
    assert embedder.texts == ["stiff neck", "fever"]
