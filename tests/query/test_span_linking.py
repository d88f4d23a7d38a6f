"""A mention that does not link as a whole is linked by its longest span, by name only (#19: speed and precision)."""

from __future__ import annotations

from neo4j import Driver

from core.settings import Settings
from query import intents
from query.answer import QueryEngine
from query.entities import EntityResolver, lucene_query
from query.models import Intent
from vocabulary import Linker


def test_a_question_links_through_a_span(engine: QueryEngine) -> None:
    answer = engine.answer("which drugs treat my terrible high blood pressure problem")
    assert answer.intent is Intent.TREATMENT
    assert [e.id for e in answer.entities] == ["MESH:D006973"]
    assert any(item.id == "MESH:D017311" for item in answer.answers)  # amlodipine treats it in the fixture


def test_question_words_alone_are_no_span_to_try() -> None:
    assert all(intents.is_filler(word) for word in "why is it prescribed about precautions".split())
    assert not intents.is_filler("migraine")


def test_a_span_is_found_past_question_words(engine: QueryEngine) -> None:
    answer = engine.answer("what are the side effects or risks of warfarin sodium tablets")  # MedQuAD's wording
    assert answer.intent is Intent.SIDE_EFFECTS
    assert [(e.id, e.mention) for e in answer.entities] == [("MESH:D014859", "warfarin")]


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


class _RecordingRunner:
    def __init__(self) -> None:
        self.lucene: list[str] = []

    def run(self, cypher: str, params: dict) -> list:  # noqa: ARG002 - ReadOnlyRunner.run's shape
        self.lucene.append(params["lucene"])
        return []


class _LinksNothing:
    def link(self, text: str, labels=None):  # noqa: ANN001, ANN201, ARG002 - the linker's shape
        return None


def test_fuzzy_fulltext_terms_only_where_no_linker_forgives_misspellings() -> None:
    plain, fuzzy = lucene_query("hypertention", fuzzy=False), lucene_query("hypertention")
    assert plain != fuzzy
    without_linker, with_linker = _RecordingRunner(), _RecordingRunner()
    EntityResolver().resolve(without_linker, "hypertention", by_meaning=False)
    EntityResolver(linker=_LinksNothing()).resolve(with_linker, "hypertention", by_meaning=False)
    assert without_linker.lucene == [plain, fuzzy]
    assert with_linker.lucene == [plain]


def test_a_misspelt_question_links_through_the_real_linker(populated: Driver, neo4j_settings: Settings,
                                                           linker: Linker) -> None:
    engine = QueryEngine(populated, neo4j_settings, linker=linker)
    answer = engine.answer("what is the best treatment for hypertention")
    assert [e.id for e in answer.entities] == ["MESH:D006973"]
    assert answer.entities[0].method.startswith("linker")
