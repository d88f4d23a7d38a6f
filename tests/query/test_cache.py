"""The query cache (query.cache) against the real Neo4j fixture: a cached answer is the answer computed now, and a
committed write to the graph invalidates what was cached."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from neo4j import Driver

from core.settings import Settings
from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.cache import GraphVersion
from query.models import Answer

QUESTIONS = [
    "best treatment for hypertension", "which drugs treat high blood pressure", "side effects of atorvastatin",
    "what are the adverse reactions of lipitor", "dose of atorvastatin for hypercholesterolemia",
    "does warfarin interact with aspirin?", "contraindications of metformin", "mechanism of action of atorvastatin",
    "genes associated with type 2 diabetes mellitus", "高血压的最佳治疗是什么", "阿托伐他汀的副作用",
]


def _same(answer: Answer) -> dict:
    """Everything an answer says except how long it took."""
    return answer.model_dump(mode="json", exclude={"timings_ms"})


def _uncached(driver: Driver, settings: Settings) -> QueryEngine:
    return QueryEngine(driver, settings.model_copy(update={"query_cache_entries": 0}))


def test_a_cached_answer_equals_an_uncached_one(populated: Driver, neo4j_settings: Settings) -> None:
    cached = QueryEngine(populated, neo4j_settings)
    uncached = _uncached(populated, neo4j_settings)
    first = [cached.answer(question) for question in QUESTIONS]
    hits_before = cached.retrieved.hits
    again = [cached.answer(question) for question in QUESTIONS]
    assert cached.retrieved.hits - hits_before == len(QUESTIONS)  # every second answer came from the cache
    assert cached.linked.hits >= len(QUESTIONS)
    for question, one, two in zip(QUESTIONS, first, again):
        expected = _same(uncached.answer(question))
        assert expected["answers"], question  # the comparison is about real answers
        assert _same(one) == expected, question
        assert _same(two) == expected, question


def test_another_wording_of_the_same_entity_reuses_its_retrieval(populated: Driver, neo4j_settings: Settings) -> None:
    engine = QueryEngine(populated, neo4j_settings)
    engine.answer("side effects of atorvastatin")
    hits = engine.retrieved.hits
    reused = engine.answer("what are the adverse reactions of lipitor")
    assert engine.retrieved.hits == hits + 1
    assert reused.entities[0].mention.lower() == "lipitor"  # this question's own match, not the cached one's
    assert _same(reused) == _same(_uncached(populated, neo4j_settings).answer("what are the adverse reactions of lipitor"))


def test_a_graph_change_invalidates_the_cache(populated: Driver, neo4j_settings: Settings) -> None:
    engine = QueryEngine(populated, neo4j_settings)
    before = engine.answer("side effects of atorvastatin")
    version = engine.graph_version.current()
    assert engine.answer("side effects of atorvastatin").answers == before.answers
    assert engine.graph_version.current() == version  # reads do not move the version
    GraphWriter(populated, neo4j_settings.neo4j_database).write(
        entities=[Entity(id="UMLS:C0018681", label=NodeLabel.ADVERSE_EVENT, name="Headache")],
        relations=[Relation(type=RelType.CAUSES, head="MESH:D000069059", tail="UMLS:C0018681", evidence=(Evidence(
            source="sider", document_id="sider@4.1", text="atorvastatin: headache (SIDER 4.1)", confidence=0.9,
            kind=EvidenceKind.CURATED_RECORD),))])
    assert engine.graph_version.current() != version
    after = engine.answer("side effects of atorvastatin")
    assert "UMLS:C0018681" in {item.id for item in after.answers}
    assert "UMLS:C0018681" not in {item.id for item in before.answers}
    assert _same(after) == _same(_uncached(populated, neo4j_settings).answer("side effects of atorvastatin"))


class _SlowVersion(GraphVersion):
    """A version probe that waits to be released (a pure unit: no database)."""

    def __init__(self) -> None:
        super().__init__(driver=None, database="neo4j")  # type: ignore[arg-type]
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def _read(self) -> str:
        self.probes += 1
        self.entered.release()
        self.release.wait(5)
        return f"v{self.probes}"


def test_questions_arriving_during_a_probe_share_the_next_one() -> None:
    version = _SlowVersion()
    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(version.current)
        assert version.entered.acquire(timeout=5)  # probe 1 runs
        waiting = [pool.submit(version.current) for _ in range(6)]  # all arrive while it runs
        time.sleep(0.5)
        version.release.set()
        results = [future.result(5) for future in waiting]
    assert first.result(5) == "v1"
    assert results == ["v2"] * 6  # none took the probe that started before it arrived, and they shared one
    assert version.probes == 2
