"""A mention that does not link as a whole is linked by its longest span, by name only (#19: speed and precision)."""

from __future__ import annotations

from neo4j import Driver

from core.settings import Settings
from graph.models import Entity, NodeLabel
from graph.writer import GraphWriter
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


# Consumer medication questions (#19): several names in one mention, loose names of the intent's own kind, and what
# medkg recognised in a question it does not answer. The real linker and these extra nodes reproduce the failures.
def _engine_with(populated: Driver, database: str, settings: Settings, linker: Linker, *extra: Entity) -> QueryEngine:
    GraphWriter(populated, database).write(entities=list(extra))
    return QueryEngine(populated, settings, linker=linker)


def test_a_loose_drug_name_yields_to_a_clear_name_of_another_kind(populated: Driver, database: str,
                                                                  neo4j_settings: Settings, linker: Linker) -> None:
    # "high blood pressure" → hypertension; as a Drug the linker finds Angiotensin Amide by its synonym Hypertensin
    engine = _engine_with(populated, database, neo4j_settings, linker,
                          Entity(id="MESH:D000802", label=NodeLabel.DRUG, name="Angiotensin Amide",
                                 synonyms=("Hypertensin",)),
                          Entity(id="MESH:D007052", label=NodeLabel.DRUG, name="Ibuprofen", synonyms=("Advil",)))
    answer = engine.answer("can I take ibuprofen with high blood pressure")
    assert [e.id for e in answer.entities] == ["MESH:D007052", "MESH:D006973"]


def test_every_name_inside_one_mention_is_linked(populated: Driver, database: str, neo4j_settings: Settings,
                                                 linker: Linker) -> None:
    engine = _engine_with(populated, database, neo4j_settings, linker,
                          Entity(id="MESH:D007052", label=NodeLabel.DRUG, name="Ibuprofen", synonyms=("Advil",)),
                          Entity(id="MESH:D009288", label=NodeLabel.DRUG, name="Naproxen", synonyms=("Aleve",)),
                          Entity(id="MESH:D054199", label=NodeLabel.DRUG, name="Pseudoephedrine",
                                 synonyms=("Sudafed",)),
                          Entity(id="MESH:D003920", label=NodeLabel.DISEASE, name="Diabetes Mellitus"))
    assert intents.parse("what is the difference between advil and aleve").mentions[-1] == "aleve"
    compared = engine.answer("what is the difference between advil and aleve")
    assert [e.id for e in compared.entities] == ["MESH:D007052", "MESH:D009288"]
    asked = engine.answer("can diabetics take sudafed")  # one mention, "diabetics sudafed": two names
    assert asked.intent is Intent.UNKNOWN
    assert [e.id for e in asked.entities] == ["MESH:D003920", "MESH:D054199"]
    assert "I recognised Diabetes Mellitus" in (asked.message or "")


def test_units_and_dose_words_name_nothing() -> None:
    assert intents.parse("what is the max dose of tylenol").mentions == ("tylenol",)
    assert intents.parse("how many mg of ibuprofen can i take in a day").mentions[0] == "ibuprofen"


def test_one_word_inside_an_unlinked_mention_links_only_by_its_own_name(
        populated: Driver, database: str, neo4j_settings: Settings, linker: Linker) -> None:
    # "eyes" is close to Anophthalmos only by character n-grams (0.80): no entity beats a wrong one
    engine = _engine_with(populated, database, neo4j_settings, linker,
                          Entity(id="MESH:D000853", label=NodeLabel.DISEASE, name="Anophthalmos"))
    answer = engine.answer("what are the treatments for watery eyes")
    assert answer.entities == [] and "watery eyes" in (answer.message or "")
