"""Every researcher notebook runs top to bottom (nbclient) against the small real test graph; git keeps them clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from neo4j import Driver
from nbclient import NotebookClient

from core.settings import Settings
from interop_graph import DATA_DIR, DISEASES, ensure_interop_graph

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = REPO_ROOT / "notebooks"
# What each notebook must print for the run to count: a fact of the test graph, not just "no error".
EXPECTED_OUTPUT = {
    "01_explore_graph.ipynb": ["hypertension", "MultiDiGraph with"],
    "02_embeddings.ipynb": ["candidate treatments for hypertension (DOID:10763)", "hypothesis"],
    "03_rdf_sparql.ipynb": ["triples written to", "Amlodipine", "https://identifiers.org/pubmed:"],
    "04_model_quality.ipynb": ["No NER/RE model is registered", "test documents", "No NER model yet"],
}


def _strip_module():
    spec = importlib.util.spec_from_file_location("strip_notebooks", REPO_ROOT / "scripts" / "strip_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_has_an_expectation() -> None:
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED_OUTPUT)


@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUT))
def test_notebooks_are_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert not _strip_module().has_outputs(notebook), f"run scripts/strip_notebooks.py before committing {name}"


@pytest.fixture
def notebook_env(session_driver: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path) -> Path:
    """The kernel inherits these: the test Neo4j with the small graph, a fresh MEDKG_HOME, a short training."""
    ensure_interop_graph(session_driver, neo4j_settings.neo4j_database)
    for name, value in {
        "NEO4J_URI": neo4j_settings.bolt_uri, "NEO4J_USER": neo4j_settings.neo4j_user,
        "NEO4J_PASSWORD": neo4j_settings.neo4j_password, "NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "MEDKG_HOME": str(tmp_path / "home"), "MEDKG_DATA_DIR": str(DATA_DIR), "MEDKG_NOTEBOOK_EPOCHS": "5",
        "MEDKG_NOTEBOOK_DISEASE": DISEASES[0],
    }.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def _text_outputs(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.extend(str(value) for key, value in output.get("data", {}).items() if key.startswith("text/"))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUT))
def test_notebook_runs_against_the_test_graph(name: str, notebook_env: Path) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(notebook, timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    text = _text_outputs(notebook)
    for expected in EXPECTED_OUTPUT[name]:
        assert expected in text, f"{name} did not print {expected!r}"
    assert not (NOTEBOOKS / name).read_text(encoding="utf-8").count('"output_type"'), "the stored file was changed"
