"""A full disk while writing: a clear error naming what could not be written, a non-zero exit, and a ledger that
has the interrupted file unfinished so the next run redoes it. ENOSPC is injected at the write boundary."""

from __future__ import annotations

import errno
import pickle

import pytest
from _ingest_support import pubmed_file, term_linker

from core.errors import DiskFull
from core.settings import Settings
from graph.writer import GraphWriter, clear_database
from ingest.pipeline import ingest_paths
from vocabulary.vocabulary import Vocabulary


def _ingest(driver, settings, paths):
    linker = term_linker()
    return ingest_paths(driver, settings, paths, "pubmed", linker=linker, extractor=linker.extractor(),
                        executor="serial", progress=False)


def _files(driver, database):
    with driver.session(database=database) as session:
        return {row["path"]: row["status"] for row in session.run(
            "MATCH (f:IngestFile) RETURN f.path AS path, f.status AS status").data()}


def test_disk_full_stops_the_run_and_the_next_run_redoes_the_file(driver, database, neo4j_settings, tmp_path,
                                                                 monkeypatch):
    clear_database(driver, database)
    first = pubmed_file(tmp_path / "a.xml", [("1", "Aspirin for headache.", "Aspirin is effective treatment of headache.")])
    second = pubmed_file(tmp_path / "b.xml", [("5", "Metformin and diabetes.",
                                                "Metformin is effective therapy in type 2 diabetes.")])
    write_relations = GraphWriter.write_relations
    calls = []

    def full_on_second_file(self, relations):
        calls.append(1)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", "/var/lib/neo4j/data/transactions/neostore.0")
        return write_relations(self, relations)

    monkeypatch.setattr(GraphWriter, "write_relations", full_on_second_file)
    with pytest.raises(DiskFull) as raised:
        _ingest(driver, neo4j_settings, [first, second])
    message = str(raised.value)
    assert str(second.resolve()) in message or str(second) in message
    assert "neostore.0" in message and "not marked done" in message
    statuses = _files(driver, database)
    assert statuses[str(first.resolve())] == "done" and statuses[str(second.resolve())] != "done"
    with driver.session(database=database) as session:
        assert session.run("MATCH (r:IngestRun) RETURN r.status AS s").value() == ["failed"]

    monkeypatch.setattr(GraphWriter, "write_relations", write_relations)  # space freed
    report = _ingest(driver, neo4j_settings, [first, second])
    assert report.exit_code == 0 and report.sources["pubmed"].files_processed == 1  # only the unfinished file
    assert set(_files(driver, database).values()) == {"done"}
    with driver.session(database=database) as session:
        assert session.run("MATCH ()-[r:TREATS]->({id: 'MESH:D003924'}) RETURN count(r) AS n").single()["n"] == 1


def test_disk_full_while_caching_the_vocabulary_leaves_no_partial_cache(tmp_path, monkeypatch):
    settings = Settings(home=tmp_path / "home", data_dir=tmp_path / "no-data")
    (tmp_path / "no-data").mkdir()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pickle, "dump", no_space)
    with pytest.raises(DiskFull, match="could not write the vocabulary cache .*vocabulary-"):
        Vocabulary.load_or_build(settings)
    assert list((tmp_path / "home" / "vocabulary").iterdir()) == []
