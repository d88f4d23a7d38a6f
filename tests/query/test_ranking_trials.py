""""Best" separates candidates: the number of ClinicalTrials.gov trials per drug–disease pair, and the stated tie rule
(pure units over template-shaped rows)."""

from __future__ import annotations

from query import ranking
from query.retrieval import TRIALS_SENTENCE


def _row(drug_id: str, name: str) -> dict:
    evidence = {"source": "pharmacotherapydb", "kind": "curated-record", "confidence": 1.0, "text": "DM"}
    return {"id": drug_id, "name": name, "type": "Drug", "relation": "TREATS", "evidence_count": 1,
            "best_confidence": 1.0, "evidence": [evidence], "kinds": ["curated-record"],
            "kind_sources": [{"kind": "curated-record", "source": "pharmacotherapydb"}]}


def test_trials_separate_otherwise_equal_candidates_and_are_explained() -> None:
    rows = [_row("D:clonidine", "Clonidine"), _row("D:amlodipine", "Amlodipine"), _row("D:terazosin", "Terazosin")]
    ranked = ranking.rank(rows, 3, trials={"D:amlodipine": 191, "D:clonidine": 12})
    assert [item.name for item in ranked] == ["Amlodipine", "Clonidine", "Terazosin"]
    assert ranked[0].explanation["trials_n"] == 191 and ranked[0].explanation["trials"] == 0.1
    assert ranked[0].score > ranked[1].score > ranked[2].score
    assert ranking.trials_part(0) == 0 and ranking.trials_part(100) == ranking.trials_part(1000) == 0.1


def test_equal_scores_fall_back_to_the_stated_tie_rule() -> None:
    rows = [_row("D:b", "Bdrug"), _row("D:a", "Adrug"), {**_row("D:c", "Cdrug"), "evidence_count": 3}]
    assert [item.name for item in ranking.rank(rows, 3)] == ["Cdrug", "Adrug", "Bdrug"]  # evidence, then name


def test_the_trial_count_is_read_from_the_clinicaltrials_sentence() -> None:
    from ingest.sources import clinicaltrials  # the sentence the source writes

    source = open(clinicaltrials.__file__, encoding="utf-8").read()
    assert "ClinicalTrials.gov trials" in source
    assert TRIALS_SENTENCE.search("Amlodipine studied for hypertension in 191 ClinicalTrials.gov trials").group(1) \
        == "191"
