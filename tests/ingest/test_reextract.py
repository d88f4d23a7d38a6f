"""Re-extraction when the extractor changes: the ledger remembers which extractor did each file; a new extractor
version re-extracts it, its evidence replaces the old version's, and the same extractor again changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from _ingest_support import DATA, FIXTURES, pubmed_file, snapshot, term_linker

from graph.models import Evidence, EvidenceKind, Relation, RelType
from graph.writer import GraphWriter, clear_database
from nlp.types import TextExtraction
from ingest.pipeline import ingest_paths
from ingest.pipeline.ledger import ANY_OTHER_EXTRACTOR, ExtractorIdentity, FileEntry, FilePlan, plan_file
from ingest.pipeline.rules import versioned as V  # the recorded version: the model's plus the fact rules'

REAL_ARTICLE = DATA / "pubmed-xml-samples" / "pubmed-29768149.xml"
LIPITOR = DATA / "spl-xml-samples" / "lipitor-orig.xml"
TERBUTALINE, ASTHMA, NAUSEA = "MESH:D013726", "MESH:D001249", "MESH:D009325"


class RevisedExtractor:
    """Another version of the terms' dictionary extractor, as a retrained model would be: surer of what it finds
    (scores 0.9), blind to the mentions in ``forget`` (score 0, below the pipeline's cut-off) and deaf to negation
    (so it states facts the first version never wrote). ``fail_at``: the extract call that raises, as a crash."""

    name = "dictionary-fallback"

    def __init__(self, version: str, forget: Sequence[str] = (), fail_at: int | None = None) -> None:
        self.version = version
        self._base = term_linker().extractor()
        self._forget = {text.lower() for text in forget}
        self._fail_at, self._calls = fail_at, 0

    def extract(self, texts: Sequence[str]) -> list[TextExtraction]:
        self._calls += 1
        if self._calls == self._fail_at:
            raise RuntimeError("killed in the middle of a re-extraction")
        return [TextExtraction(
            tuple(replace(m, score=0.0 if m.text.lower() in self._forget else 0.9) for m in found.mentions),
            tuple(replace(r, score=0.9, negated=False) for r in found.relations),
        ) for found in self._base.extract(texts)]


def _ingest(driver, settings, paths, extractor, source: str = "pubmed", **kwargs):
    return ingest_paths(driver, settings, paths, source, linker=term_linker(), extractor=extractor,
                        executor="serial", progress=False, **kwargs)


def _rows(driver, database: str, query: str, **params) -> list[dict]:
    with driver.session(database=database) as session:
        return session.run(query, **params).data()


def _evidence(driver, database: str, documents: Sequence[str]) -> dict[str, dict]:
    rows = _rows(driver, database, "MATCH (e:Evidence) WHERE e.document_id IN $docs RETURN e {.*} AS e", docs=documents)
    return {row["e"]["id"]: row["e"] for row in rows}


def _relation(driver, database: str, rel_type: str, head: str, tail: str) -> dict:
    return _rows(driver, database, f"MATCH ({{id: $head}})-[r:{rel_type}]->({{id: $tail}}) RETURN r {{.*}} AS r",
                 head=head, tail=tail)[0]["r"]


def _files(tmp_path: Path) -> tuple[list[Path], Path]:
    """The real article and a small file whose first article has a negated statement; plus an untouched file."""
    extra = pubmed_file(tmp_path / "extra.xml", [
        ("900001", "Haloperidol and delirium.", "Haloperidol did not cause delirium in this cohort. "
                                                "Aspirin is effective treatment of headache."),
        ("900003", "Warfarin.", "Warfarin is effective treatment of myocardial infarction.")])
    untouched = pubmed_file(tmp_path / "untouched.xml", [("900002", "Metformin.", "Metformin is effective "
                                                                                  "treatment of type 2 diabetes.")])
    return [REAL_ARTICLE, extra], untouched


DOCS = ["PMID:29768149", "PMID:900001", "PMID:900003"]


def test_new_extractor_version_replaces_the_old_versions_evidence(driver, database, neo4j_settings, tmp_path):
    files, untouched = _files(tmp_path)
    first = _ingest(driver, neo4j_settings, [*files, untouched], term_linker().extractor())
    assert first.sources["pubmed"].files_processed == 3 and first.sources["pubmed"].files_reextracted == 0
    GraphWriter(driver, database).write(relations=[Relation(  # another source's evidence from the same article
        type=RelType.TREATS, head=TERBUTALINE, tail=ASTHMA,
        evidence=(Evidence(source="hetionet", document_id=DOCS[0], extractor="curated",
                           kind=EvidenceKind.CURATED_RECORD),))])
    old = _evidence(driver, database, DOCS)
    ours = {i for i, e in old.items() if e["source"] == "pubmed"}
    forgotten = {i for i in ours if TERBUTALINE in (old[i]["head"], old[i]["tail"])}
    assert forgotten and ours - forgotten and all(old[i]["extractor_version"] == V("1") for i in ours)

    report = _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["terbutaline"]))
    counts = report.sources["pubmed"]
    assert (counts.files_reextracted, counts.files_skipped, counts.files_processed) == (2, 0, 2)
    assert counts.evidence_superseded == len(forgotten)
    new = _evidence(driver, database, DOCS)
    for evidence_id in forgotten:  # the old version's evidence the new one does not state: retracted, kept as history
        assert new[evidence_id]["retracted_reason"] == f"re-extracted by dictionary-fallback {V('2')}"
        assert new[evidence_id]["extractor_version"] == V("1")
    for evidence_id in ours - forgotten:  # stated again: now the new version's, with its confidence
        assert new[evidence_id]["extractor_version"] == V("2") and new[evidence_id]["confidence"] == 0.9
        assert new[evidence_id].get("retracted_at") is None
    active = [e for e in new.values() if e.get("retracted_at") is None]
    assert {(e["source"], e["extractor_version"]) for e in active} == {("pubmed", V("2")), ("hetionet", "1")}
    fresh = [e for i, e in new.items() if i not in old]
    assert [(e["rel_type"], e["head"], e["document_id"]) for e in fresh] == [("CAUSES", "MESH:D006220", "PMID:900001")]
    assert _relation(driver, database, "TREATS", "MESH:D019819", ASTHMA)["best_confidence"] == 0.9
    terbutaline = _relation(driver, database, "TREATS", TERBUTALINE, ASTHMA)
    assert terbutaline["active"] and terbutaline["evidence_count"] == 1 and terbutaline["sources"] == ["hetionet"]
    metformin = _rows(driver, database, "MATCH (e:Evidence {document_id: 'PMID:900002'}) "
                                        "RETURN e.extractor_version AS v, e.retracted_at IS NULL AS active")
    assert metformin == [{"v": V("1"), "active": True}]
    resolved = [str(p.resolve()) for p in files]  # the ledger keeps resolved paths (../shared may be a symlink)
    ledger = _rows(driver, database, "MATCH (f:IngestFile) WHERE f.path IN $paths RETURN f.extractor AS name, "
                                     "f.extractor_version AS version, f.replaced_extractors AS owed, "
                                     "f.evidence_superseded AS superseded", paths=resolved)
    assert sorted(r["version"] for r in ledger) == [V("2"), V("2")] and all(r["owed"] == [] for r in ledger)
    assert sum(r["superseded"] for r in ledger) == len(forgotten)
    stored = json.loads(_rows(driver, database, "MATCH (r:IngestRun) RETURN r.report AS report "
                                                "ORDER BY r.started_at")[-1]["report"])["sources"]["pubmed"]
    assert (stored["files_reextracted"], stored["evidence_superseded"]) == (2, len(forgotten))

    before = snapshot(driver, database)
    again = _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["terbutaline"]))
    assert (again.sources["pubmed"].files_skipped, again.sources["pubmed"].files_reextracted) == (2, 0)
    assert snapshot(driver, database) == before
    kept = _ingest(driver, neo4j_settings, files, RevisedExtractor("3"), reextract=False)
    assert (kept.sources["pubmed"].files_skipped, kept.sources["pubmed"].documents_read) == (2, 0)
    assert snapshot(driver, database) == before


def _cli(settings, home: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password, "NEO4J_DATABASE": settings.neo4j_database,
           "MEDKG_HOME": str(home), "MEDKG_DATA_DIR": str(DATA), "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "api", "ingest", *arguments], env=env, capture_output=True,
                          text=True, timeout=300)


def _cli_labels(settings, home: Path, paths: Sequence[Path], *flags: str) -> subprocess.CompletedProcess:
    return _cli(settings, home, "labels", *map(str, paths), "--terms", str(FIXTURES / "terms.tsv"),
                "--executor", "serial", "--quiet", *flags)


def test_labels_cli_flag_and_going_back_to_the_old_extractor(driver, database, neo4j_settings, tmp_path):
    """The CLI's --no-reextract keeps files done by another version; its default re-extracts them, and evidence a
    re-extraction had retracted comes back when the extractor states it again (labels have no record refresh)."""
    _ingest(driver, neo4j_settings, [LIPITOR], RevisedExtractor("2", forget=["nausea"]), source="labels")
    assert not _rows(driver, database, "MATCH (e:Evidence {head: 'DRUGBANK:DB01076', tail: $t}) RETURN e", t=NAUSEA)
    before = snapshot(driver, database)
    kept = _cli_labels(neo4j_settings, tmp_path, [LIPITOR], "--no-reextract")  # the terms' extractor: version 1
    assert kept.returncode == 0, kept.stderr[-2000:]
    assert snapshot(driver, database) == before
    redone = _cli_labels(neo4j_settings, tmp_path, [LIPITOR])
    assert redone.returncode == 0, redone.stderr[-2000:]
    assert "re-extracted files" in redone.stdout and "superseded evidence" in redone.stdout
    runs = _cli(neo4j_settings, tmp_path, "runs")
    assert runs.returncode == 0 and "dictionary-fallback 1" in runs.stdout, runs.stderr[-2000:]
    nausea = _relation(driver, database, "CAUSES", "DRUGBANK:DB01076", NAUSEA)
    assert nausea["active"] and nausea["evidence_count"] >= 1
    versions = _rows(driver, database, "MATCH (e:Evidence) RETURN e.extractor_version AS v, "
                                       "e.retracted_at IS NULL AS active, count(*) AS n")
    assert {(r["v"], r["active"]) for r in versions} == {(V("1"), True)}  # every v2 statement is stated again by v1

    forgetful = _ingest(driver, neo4j_settings, [LIPITOR], RevisedExtractor("2", forget=["nausea"]), source="labels")
    gone = _rows(driver, database, "MATCH (e:Evidence {tail: $t}) RETURN e.retracted_reason AS why", t=NAUSEA)
    assert forgetful.sources["labels"].evidence_superseded == len(gone) > 0
    assert {r["why"] for r in gone} == {f"re-extracted by dictionary-fallback {V('2')}"}
    assert _relation(driver, database, "CAUSES", "DRUGBANK:DB01076", NAUSEA)["active"] is False
    _ingest(driver, neo4j_settings, [LIPITOR], term_linker().extractor(), source="labels")
    assert _relation(driver, database, "CAUSES", "DRUGBANK:DB01076", NAUSEA)["active"] is True
    assert not _rows(driver, database, "MATCH (e:Evidence) WHERE e.retracted_at IS NOT NULL RETURN e")


def test_killed_reextraction_is_finished_by_the_next_run(driver, database, neo4j_settings, tmp_path):
    files, _ = _files(tmp_path)
    _ingest(driver, neo4j_settings, files, term_linker().extractor())
    _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["warfarin"]), batch_size=1)
    expected = snapshot(driver, database)

    clear_database(driver, database)
    _ingest(driver, neo4j_settings, files, term_linker().extractor())
    with pytest.raises(RuntimeError):  # the second article of the second file: after the first one was written
        _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["warfarin"], fail_at=3), batch_size=1)
    owed = _rows(driver, database, "MATCH (f:IngestFile {status: 'running'}) RETURN f.replaced_extractors AS owed")
    assert owed == [{"owed": [f"dictionary-fallback@{V('1')}"]}]
    assert snapshot(driver, database) != expected
    resumed = _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["warfarin"]), batch_size=1,
                      reextract=False)  # finishing a killed re-extraction is not a new decision
    assert resumed.sources["pubmed"].files_reextracted == 1 and resumed.sources["pubmed"].files_skipped == 1
    assert snapshot(driver, database) == expected


def test_files_ledgered_before_extractors_were_recorded(driver, database, neo4j_settings, tmp_path):
    files, _ = _files(tmp_path)
    _ingest(driver, neo4j_settings, files, term_linker().extractor())
    _rows(driver, database, "MATCH (f:IngestFile) REMOVE f.extractor, f.extractor_version, f.extractor_kind, "
                            "f.replaced_extractors")
    before = snapshot(driver, database)
    skipped = _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["terbutaline"]))
    assert skipped.sources["pubmed"].files_skipped == 2 and snapshot(driver, database) == before
    redone = _ingest(driver, neo4j_settings, files, RevisedExtractor("2", forget=["terbutaline"]),
                     reextract_unknown=True)
    assert redone.sources["pubmed"].files_reextracted == 2 and redone.sources["pubmed"].evidence_superseded > 0
    active = _rows(driver, database, "MATCH (e:Evidence) WHERE e.retracted_at IS NULL "
                                     "RETURN DISTINCT e.extractor_version AS v")
    assert active == [{"v": V("2")}]
    kinds = _rows(driver, database, "MATCH (f:IngestFile) RETURN DISTINCT f.extractor_kind AS kind")
    assert kinds == [{"kind": "other"}]


def test_reextracting_an_old_pubmed_file_reapplies_the_later_updates(driver, database, neo4j_settings, tmp_path):
    """A re-extracted baseline file must not bring back a citation that a later update file deleted."""
    baseline = pubmed_file(tmp_path / "u1.xml", [("900010", "Aspirin.", "Aspirin is effective treatment of headache.")])
    update = pubmed_file(tmp_path / "u2.xml", [], deletes=["900010"])
    _ingest(driver, neo4j_settings, [baseline], term_linker().extractor())
    later = _ingest(driver, neo4j_settings, [baseline, update], RevisedExtractor("2"), reextract=False)
    assert (later.sources["pubmed"].files_skipped, later.sources["pubmed"].files_processed) == (1, 1)
    deleted = "MATCH (d:Publication {id: 'PMID:900010'}) RETURN d.deleted AS deleted"
    assert _rows(driver, database, deleted) == [{"deleted": True}]

    with pytest.raises(RuntimeError):  # killed while re-extracting the baseline: the update is marked stale first
        _ingest(driver, neo4j_settings, [baseline, update], RevisedExtractor("2", fail_at=1))
    status = _rows(driver, database, "MATCH (f:IngestFile) RETURN f.path AS path, f.status AS status ORDER BY path")
    assert [r["status"] for r in status] == ["running", "stale"]
    resumed = _ingest(driver, neo4j_settings, [baseline, update], RevisedExtractor("2"))
    assert (resumed.sources["pubmed"].files_reextracted, resumed.sources["pubmed"].files_processed) == (1, 2)
    assert _rows(driver, database, deleted) == [{"deleted": True}]
    assert _relation(driver, database, "TREATS", "MESH:D001241", "MESH:D006261")["active"] is False
    again = _ingest(driver, neo4j_settings, [baseline, update], RevisedExtractor("2"))
    assert again.sources["pubmed"].files_skipped == 2


A, B = ExtractorIdentity("ner", "1", "model"), ExtractorIdentity("ner", "2", "model")


@pytest.mark.parametrize(("entry", "current", "options", "plan"), [
    (None, B, {}, FilePlan(True)),
    (FileEntry("done", "ner", "2"), B, {}, FilePlan(False)),
    (FileEntry("partial", "ner", "1"), B, {}, FilePlan(True, ("ner@1",))),
    (FileEntry("done", "ner", "1"), B, {"reextract": False}, FilePlan(False)),
    (FileEntry("done", "ner", "1"), None, {}, FilePlan(False)),
    (FileEntry("done"), B, {}, FilePlan(False)),
    (FileEntry("done"), B, {"reextract_unknown": True}, FilePlan(True, (ANY_OTHER_EXTRACTOR,))),
    (FileEntry("done"), B, {"reextract_unknown": True, "reextract": False}, FilePlan(False)),
    (FileEntry("running", "ner", "2", ("ner@1",)), B, {"reextract": False}, FilePlan(True, ("ner@1",))),
    (FileEntry("running", "ner", "2", ("ner@1",)), ExtractorIdentity("ner", "3"), {},
     FilePlan(True, ("ner@1", "ner@2"))),
    (FileEntry("stale", "ner", "2"), B, {}, FilePlan(True)),
    # the same model under other fact rules (or before rules had a version): only when asked
    (FileEntry("done", "ner", "2+rules.6"), ExtractorIdentity("ner", "2+rules.7"), {}, FilePlan(False)),
    (FileEntry("done", "ner", "2"), ExtractorIdentity("ner", "2+rules.7"), {}, FilePlan(False)),
    (FileEntry("done", "ner", "2+rules.6"), ExtractorIdentity("ner", "2+rules.7"), {"reextract_rules": True},
     FilePlan(True, ("ner@2+rules.6",))),
    (FileEntry("done", "ner", "1+rules.6"), ExtractorIdentity("ner", "2+rules.7"), {},
     FilePlan(True, ("ner@1+rules.6",))),
    (FileEntry("running"), A, {}, FilePlan(True)),
])
def test_plan_file(entry, current, options, plan):
    assert plan_file(entry, current, **options) == plan
