"""The house's one import direction, checked on every module (imports inside functions included).

Layers, lowest first: ``core`` (settings, errors, CPU policy) ← ``graph`` (Neo4j: launcher, driver, schema, Cypher
builders, writer, RDF/networkx views) ← ``vocabulary`` (identity, linker, normalisation) ← ``nlp`` (NER/RE models,
training, evaluation, registry) ← ``ingest`` · ``embeddings`` ← ``query`` ← ``clinical`` (diagnosis, consultation,
notes, dosing) ← ``api`` (service, page, CLI). A package may import only the packages listed for it below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from import_scan import imported_modules

ROOT = Path(__file__).resolve().parents[1]

ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "graph": {"core"},
    "vocabulary": {"core", "graph"},
    "nlp": {"core", "graph", "vocabulary"},
    "embeddings": {"core", "graph"},
    "ingest": {"core", "graph", "vocabulary", "nlp"},
    "query": {"core", "graph", "vocabulary", "nlp", "embeddings"},
    "clinical": {"core", "graph", "vocabulary", "nlp", "embeddings", "query"},
    "api": {"core", "graph", "vocabulary", "nlp", "embeddings", "ingest", "query", "clinical"},
}


def imported_packages(path: Path) -> set[str]:
    """Our own top-level packages that one module imports, wherever in the module the import stands."""
    return {name.split(".")[0] for name in imported_modules(path)} & set(ALLOWED)


def modules_of(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[package] - {package})
        for path in modules_of(package)
    }
    assert not {path: names for path, names in wrong.items() if names}


def test_every_package_is_placed() -> None:
    """A new top-level package must be given its place in the layers before it can land."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(ALLOWED)


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from api.cli import main\n    import query.answer\n", encoding="utf-8")
    assert imported_packages(module) == {"api", "query"}
