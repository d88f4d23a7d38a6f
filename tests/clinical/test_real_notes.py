"""Note analysis on real MTSamples notes of ten specialties (discharge summary, consult, pediatrics, cardiology,
operative, gastroenterology, emergency, neurology, critical care, hematology-oncology) over a graph of the default
curated sources, imported from the shared data into the real Neo4j as ``medkg db init`` imports them: the analyser
as the API builds it, scored against the hand annotations of tests/data/notes (both splits: nothing here is tuned),
then the same notes through the API and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from clinical.engine import ClinicalEngine
from clinical.notes.evaluation import AnnotatedNote, load_annotated, score
from clinical.notes.models import NoteAnalysis, SectionKind
from core.settings import Settings
from graph.writer import GraphWriter, clear_database
from ingest.sources.registry import import_defaults
from query.safety import ReadOnlyRunner
from tests.conftest import DATA_DIR, FIXTURES, vocabulary_home
from vocabulary import Vocabulary

ANNOTATED = FIXTURES / "notes" / "annotated.jsonl"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def curated_graph(session_driver: Driver, neo4j_settings: Settings, vocabulary: Vocabulary) -> Driver:
    """The default curated sources of the shared data in the test database (emptied first)."""
    database = neo4j_settings.neo4j_database
    clear_database(session_driver, database)
    import_defaults(neo4j_settings.model_copy(update={"data_dir": DATA_DIR}), vocabulary,
                    GraphWriter(session_driver, database))
    return session_driver


@pytest.fixture(scope="module")
def mtsamples() -> list[AnnotatedNote]:
    return [note for note in load_annotated(ANNOTATED, DATA_DIR) if note.id.startswith("mtsamples-")]


@pytest.fixture(scope="module")
def analyses(curated_graph: Driver, neo4j_settings: Settings, vocabulary: Vocabulary,
             mtsamples: list[AnnotatedNote]) -> list[NoteAnalysis]:
    engine = ClinicalEngine(None, lambda: ReadOnlyRunner.from_settings(curated_graph, neo4j_settings),
                            vocabulary=vocabulary)
    return [engine.notes.analyze(note.text) for note in mtsamples]


def test_the_notes_are_real_and_of_many_specialties(mtsamples: list[AnnotatedNote]) -> None:
    assert len(mtsamples) == 14 and len({n.specialty for n in mtsamples}) >= 10
    assert sum(len(n.problems) for n in mtsamples) >= 400


def test_each_note_is_split_linked_and_traceable(mtsamples: list[AnnotatedNote],
                                                  analyses: list[NoteAnalysis]) -> None:
    recognised: set[SectionKind] = set()
    for note, result in zip(mtsamples, analyses):
        kinds = {s.kind for s in result.sections} - {SectionKind.OTHER}
        assert kinds, note.id  # an operative note has only its diagnoses besides the procedure
        recognised |= kinds
        assert result.problems, note.id
        for item in (*result.problems, *result.medications):
            assert note.text[item.span.start:item.span.end] == item.span.text, note.id
        for problem in result.problems:
            assert problem.link is None or problem.link.id, note.id
        for line in result.summary:
            assert line.spans and all(note.text[s.start:s.end] == s.text for s in line.spans), (note.id, line)
        for alert in result.alerts:
            assert alert.evidence or alert.suggestions, (note.id, alert)
        assert "does not replace" in result.disclaimer
    assert len(recognised) >= 9, recognised


def test_statuses_and_recognition_agree_with_the_hand_annotation(mtsamples: list[AnnotatedNote],
                                                                 analyses: list[NoteAnalysis]) -> None:
    report = score(mtsamples, analyses).report()
    print(json.dumps(report, indent=1))
    assert report["problems"]["f1"] >= 0.75, report["problems"]
    assert report["medications"]["f1"] >= 0.70, report["medications"]
    assert report["negation (ours)"]["f1"] >= 0.93, report["negation (ours)"]
    assert report["temporality"]["accuracy"] >= 0.85, report["temporality"]
    assert report["experiencer"]["accuracy"] >= 0.95, report["experiencer"]


def _problems(result: NoteAnalysis) -> list[tuple[int, int, bool, str | None]]:
    return sorted((p.span.start, p.span.end, p.negated, p.link.id if p.link else None) for p in result.problems)


def test_the_api_and_the_cli_give_the_same_analysis(curated_graph: Driver, neo4j_settings: Settings,
                                                     vocabulary: Vocabulary, mtsamples: list[AnnotatedNote],
                                                     analyses: list[NoteAnalysis], tmp_path: Path,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """The API (built without models, so without the vocabulary's synonyms) as the analyser built the same way; the
    CLI (which loads the vocabulary) as the analyser above."""
    settings = neo4j_settings.model_copy(update={"home": tmp_path / "home", "api_warm_up": False})
    graph_only = ClinicalEngine(None, lambda: ReadOnlyRunner.from_settings(curated_graph, settings)).notes
    with TestClient(create_app(settings, load_models=False)) as client:
        for note in mtsamples[:3]:
            response = client.post("/api/v1/notes/analyze", json={"text": note.text})
            assert response.status_code == 200, response.text
            body = NoteAnalysis.model_validate(response.json())
            assert body.problems and _problems(body) == _problems(graph_only.analyze(note.text))
    note, expected = mtsamples[-1], analyses[-1]
    path = tmp_path / f"{note.id}.txt"
    path.write_text(note.text, encoding="utf-8")
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_DATABASE": settings.neo4j_database,
           "MEDKG_HOME": str(vocabulary_home(tmp_path_factory)), "MEDKG_DATA_DIR": str(DATA_DIR)}
    run = subprocess.run([sys.executable, "-m", "api", "note", "analyze", str(path), "--json"], capture_output=True,
                         text=True, timeout=600, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert _problems(NoteAnalysis.model_validate_json(run.stdout)) == _problems(expected)
