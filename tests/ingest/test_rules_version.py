"""The fact rules' version is part of the extractor identity: an upgrade whose rules state different facts
re-extracts the files on the next ingest and retracts what the old rules wrote (issue #22: old graphs kept the facts
of rules since fixed). And a guard: the rule modules cannot change without someone deciding whether to bump it."""

from __future__ import annotations

import pytest
from _ingest_support import DATA, term_linker

from ingest.pipeline import facts, ingest_paths, rules, run
from ingest.pipeline.negation import is_negated_or_limited

LIPITOR = DATA / "spl-xml-samples" / "lipitor-orig.xml"
# The digest of ``rules.RULE_MODULES`` for FACT_RULES_VERSION below. When this test fails: if the change makes the
# rules state different facts, bump ``ingest.pipeline.rules.FACT_RULES_VERSION``; either way record the new digest.
RECORDED = ("16", "569ecd7fa3d521b55070e328bb0beb60094afd99613ae03a7aee5b9227429445")


def test_the_rule_modules_did_not_change_without_a_decision_on_the_rules_version() -> None:
    assert (rules.FACT_RULES_VERSION, rules.rules_digest()) == RECORDED, (
        "the fact rules changed: bump ingest.pipeline.rules.FACT_RULES_VERSION if they state different facts, "
        "then record the digest in tests/ingest/test_rules_version.py")


def _ingest(driver, settings, **options):
    return ingest_paths(driver, settings, [LIPITOR], "labels", linker=term_linker(),
                        extractor=term_linker().extractor(), executor="serial", progress=False, **options)


def _evidence(driver, database: str) -> dict[str, dict]:
    with driver.session(database=database) as session:
        rows = session.run("MATCH (e:Evidence {source: 'dailymed'}) RETURN e {.*} AS e").data()
    return {row["e"]["id"]: row["e"] for row in rows}


def test_new_fact_rules_retract_what_the_old_rules_stated(driver, database, neo4j_settings, monkeypatch) -> None:
    with monkeypatch.context() as old_rules:  # an older medkg that read no negation in label statements
        old_rules.setattr(facts, "is_negated_or_limited", lambda *args, **kwargs: False)
        old_rules.setattr(rules, "FACT_RULES_VERSION", "6")
        _ingest(driver, neo4j_settings)
    before = _evidence(driver, database)
    assert before and {e["extractor_version"] for e in before.values()} == {"1+rules.6"}

    plain = _ingest(driver, neo4j_settings).sources["labels"]  # an upgrade alone re-extracts nothing
    assert (plain.files_skipped, plain.files_reextracted) == (1, 0) and _evidence(driver, database) == before

    upgraded = _ingest(driver, neo4j_settings, reextract_rules=True).sources["labels"]  # today's rules, asked for
    after = _evidence(driver, database)
    retracted = {i for i, e in after.items() if e.get("retracted_at") is not None}
    assert upgraded.files_reextracted == 1 and retracted and upgraded.evidence_superseded == len(retracted)
    # exactly what today's rules do not state: negated or limited statements, and nothing else
    assert all(is_negated_or_limited(after[i]["text"]) for i in retracted)
    kept = set(before) - retracted
    assert kept and all(after[i]["extractor_version"] == rules.versioned("1") for i in kept)
    assert all(after[i].get("retracted_at") is None for i in kept)

    again = _ingest(driver, neo4j_settings, reextract_rules=True).sources["labels"]  # same rules: nothing to do
    assert (again.files_skipped, again.files_reextracted) == (1, 0)
    assert _evidence(driver, database) == after


def _dose_rules(driver, database: str) -> list[str]:
    with driver.session(database=database) as session:
        return sorted(row["id"] for row in session.run("MATCH (:DosageText)-[:STATES_RULE]->(r:DoseRule) RETURN r.id AS id"))


def test_new_rules_re_parse_a_labels_dose_rules(driver, database, neo4j_settings, monkeypatch) -> None:
    with monkeypatch.context() as old_rules:  # an older medkg whose dose parser read nothing of this label
        old_rules.setattr(run, "parse_label_dosage", lambda texts: [])
        old_rules.setattr(rules, "FACT_RULES_VERSION", "10")
        _ingest(driver, neo4j_settings)
    assert _dose_rules(driver, database) == []
    upgraded = _ingest(driver, neo4j_settings, reextract_rules=True).sources["labels"]
    assert upgraded.files_reextracted == 1 and _dose_rules(driver, database)  # today's parser, asked for
