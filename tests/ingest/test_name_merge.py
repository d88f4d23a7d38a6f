"""Identity rule 7 (docs/schema.md): entries of one kind with the same folded preferred name and no conflicting ids
become one node. Real rows copied from the shared MeSH 2015 and Disease Ontology files, the vocabulary built from
all shared data, imports into the session's real Neo4j."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from neo4j import Driver

from vocabulary import Vocabulary
from vocabulary.duplicates import find_duplicates
from graph.writer import GraphWriter
from ingest.sources.registry import get_source, import_source

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
# Aortic Aneurysm (DO term with two descriptor xrefs, one of them this one), Bulimia Nervosa and Bulimia (the DO
# term "bulimia nervosa" lists only Bulimia: a conflict), Cytochromes c and Cytochromes c' (two descriptors whose
# names fold alike).
MESH_IDS = ("D001014", "D001019", "D052018", "D002032", "D045304", "D045305")
DOIDS = ("DOID:3627", "DOID:12129")


def _open(path: Path, mode: str):  # type: ignore[no-untyped-def]
    return gzip.open(path, mode) if path.suffix == ".gz" else path.open(mode)


def _copy_rows(source: Path, target: Path, keep: tuple[str, ...]) -> None:
    with _open(source, "rt") as handle, _open(target, "wt") as out:
        out.write(handle.readline())
        out.writelines(line for line in handle if line.split("\t", 1)[0] in keep)


def _copy_terms(source: Path, target: Path, keep: tuple[str, ...]) -> None:
    with _open(source, "rt") as handle:
        header, *stanzas = handle.read().split("\n[")
    chosen = [s for s in stanzas if s.startswith("Term]") and s.split("\n")[1].removeprefix("id: ") in keep]
    assert len(chosen) == len(keep)
    with _open(target, "wt") as out:
        out.write("\n[".join([header, *chosen]) + "\n")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("name-merge")
    mesh, do = root / "mesh-2015", root / "disease-ontology"
    mesh.mkdir()
    do.mkdir()
    for name in ("descriptor-names.tsv", "tree-numbers.tsv.gz", "symptoms.tsv"):
        _copy_rows(DATA_DIR / "mesh-2015" / name, mesh / name, MESH_IDS)
    _copy_terms(DATA_DIR / "disease-ontology" / "HumanDO.obo.gz", do / "HumanDO.obo.gz", DOIDS)
    return {"mesh": mesh, "disease-ontology": do}


def test_same_name_without_conflicting_ids_is_one_entry(vocabulary: Vocabulary) -> None:
    assert vocabulary.canonical_id("DOID:3627") == "MESH:D001014"
    assert "DOID:3627" in vocabulary.get("MESH:D001014").xrefs
    # DrugCentral's carbon dioxide is keyed by DrugBank (two MeSH descriptor xrefs, one of them this one).
    assert vocabulary.canonical_id("DRUGBANK:DB09157") == "MESH:D002245"
    assert "drugcentral" in vocabulary.get("MESH:D002245").sources
    assert vocabulary.stats.merged_by_name > 50


def test_same_name_with_conflicting_ids_stays_apart(vocabulary: Vocabulary) -> None:
    assert vocabulary.canonical_id("DOID:12129") == "DOID:12129"  # its MeSH xref is Bulimia, not Bulimia Nervosa
    assert vocabulary.canonical_id("MESH:D052018") == "MESH:D052018"
    assert vocabulary.canonical_id("MESH:D045305") == "MESH:D045305" != vocabulary.canonical_id("MESH:D045304")


def _counts(driver: Driver, database: str) -> tuple[int, int]:
    with driver.session(database=database) as session:
        return (session.run("MATCH (n) RETURN count(n) AS n").single()["n"],
                session.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"])


def test_import_makes_one_node_with_both_ids_and_reimport_changes_nothing(
    driver: Driver, database: str, vocabulary: Vocabulary, folders: dict[str, Path],
) -> None:
    writer = GraphWriter(driver, database)
    for name in ("mesh", "disease-ontology"):
        import_source(get_source(name), folders[name], vocabulary, writer)
    first = _counts(driver, database)
    with driver.session(database=database) as session:
        rows = session.run(
            "MATCH (n:Entity) WHERE n.id IN $ids OR any(x IN $ids WHERE x IN n.xrefs) "
            "RETURN n.id AS id, n.xrefs AS xrefs, n.sources AS sources ORDER BY id",
            ids=["DOID:3627", "MESH:D001014"]).data()
        apart = session.run("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id ORDER BY id",
                            ids=["DOID:12129", "MESH:D052018", "MESH:D045304", "MESH:D045305"]).value("id")
    assert len(rows) == 1 and rows[0]["id"] == "MESH:D001014", rows
    assert "DOID:3627" in rows[0]["xrefs"] and {"mesh", "disease-ontology"} <= set(rows[0]["sources"])
    assert apart == ["DOID:12129", "MESH:D045304", "MESH:D045305", "MESH:D052018"]
    groups = {group.name: group.ids for group in find_duplicates(driver, database)}
    assert groups == {"bulimia nervosa": ("DOID:12129", "MESH:D052018"),
                      "cytochromes c": ("MESH:D045304", "MESH:D045305")}
    for name in ("disease-ontology", "mesh"):
        import_source(get_source(name), folders[name], vocabulary, writer)
    assert _counts(driver, database) == first
