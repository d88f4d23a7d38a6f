"""A child's pediatric demotion becomes a caution where the drug's own Pediatric Use section establishes it for the
disease at the child's age (``clinical.pediatric_use``): the real sentences of four antidepressant labels, then the
ranking on a real Neo4j."""

from __future__ import annotations

import gzip
import json

import pytest
from neo4j import Driver

from clinical.engine import ClinicalEngine
from clinical.pediatric_use import establishing_sentence
from core.settings import Settings
from graph.models import (
    Document, DocumentLabel, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation, RelType,
    WarningKind,
)
from graph.writer import GraphWriter
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner
from tests.conftest import DATA_DIR

MDD = ("major depressive disorder", "MDD")


def _pediatric_use(generic: str) -> str:
    with gzip.open(DATA_DIR / "fda-labels-full" / "fda_labels_dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if (record.get("openfda", {}).get("generic_name") or [""])[0].lower().startswith(generic):
                return " ".join(record.get("pediatric_use") or record.get("use_in_specific_populations") or [])
    raise AssertionError(generic)


@pytest.mark.parametrize(("generic", "ages"), [
    ("fluoxetine", {6: False, 7: False, 8: True, 12: True, 17: True}),  # MDD from 8 (OCD from 7)
    ("escitalopram", {8: False, 11: False, 12: True, 17: True}),
    ("sertraline", {8: False, 12: False}),  # established for OCD only
    ("paroxetine", {8: False, 12: False}),  # not established
])
def test_the_labels_own_sentence_decides(generic: str, ages: dict[int, bool]) -> None:
    text = _pediatric_use(generic)
    assert {age: establishing_sentence([text], MDD, age) is not None for age in ages} == ages


def test_a_trial_length_is_no_age_range() -> None:
    text = "The efficacy for MDD was demonstrated in two 2- to 3-week trials in pediatric patients."
    assert establishing_sentence([text], MDD, 2) is None


DEPRESSION, FLUOXETINE, PAROXETINE = "MESH:D003865", "MESH:D005473", "MESH:D017374"
LABELS = {FLUOXETINE: "SETID:prozac@v1", PAROXETINE: "SETID:paxil@v1"}
BOXED = ("WARNING: SUICIDAL THOUGHTS AND BEHAVIORS Antidepressants increased the risk of suicidal thoughts and behaviors "
         "in pediatric and young adult patients in short-term studies.")
FLUOXETINE_PEDIATRIC = ("8.4 Pediatric Use The efficacy of fluoxetine for the treatment of Major Depressive Disorder "
                        "was demonstrated in two 8- to 9-week placebo-controlled clinical trials with 315 pediatric "
                        "outpatients ages 8 to ≤18.")


@pytest.fixture
def engine(driver: Driver, database: str, neo4j_settings: Settings) -> ClinicalEngine:
    release = Document(id="pharmacotherapydb@1.0", label=DocumentLabel.SOURCE_RELEASE, source="pharmacotherapydb")
    curated = Evidence(source="pharmacotherapydb", document_id=release.id, text="curated",
                       kind=EvidenceKind.CURATED_RECORD)
    drugs = {FLUOXETINE: "Fluoxetine", PAROXETINE: "Paroxetine"}
    writer = GraphWriter(driver, database)
    writer.write(
        entities=[Entity(id=DEPRESSION, label=NodeLabel.DISEASE, name="major depressive disorder"),
                  *(Entity(id=i, label=NodeLabel.DRUG, name=n) for i, n in drugs.items())],
        documents=[release, *(Document(id=d, label=DocumentLabel.DRUG_LABEL, source="openfda") for d in LABELS.values())],
        relations=[Relation(type=RelType.TREATS, head=d, tail=DEPRESSION, evidence=(curated,)) for d in drugs])
    writer.write_label_warnings(
        [LabelWarning(id=f"boxed-{d}", population=Population.PEDIATRIC, kind=WarningKind.BOXED_WARNING,
                      section="Boxed Warning", text=BOXED, document_id=LABELS[d], drug_id=d) for d in drugs]
        + [LabelWarning(id="ped-fluoxetine", population=Population.PEDIATRIC, kind=WarningKind.POPULATION_SECTION,
                        section="8.4 Pediatric Use", text=FLUOXETINE_PEDIATRIC, document_id=LABELS[FLUOXETINE],
                        drug_id=FLUOXETINE)])
    return ClinicalEngine(QueryEngine(driver, neo4j_settings), lambda: ReadOnlyRunner.from_settings(driver, neo4j_settings))


def test_fluoxetine_is_a_caution_for_a_ten_year_old_with_depression(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for major depressive disorder in a 10 year old child")
    candidates = {c["name"]: c for c in answer.patient["candidates"]}
    fluoxetine = candidates["Fluoxetine"]
    assert fluoxetine["action"] == "caution" and candidates["Paroxetine"]["action"] == "demoted"
    texts = [e["text"] for e in fluoxetine["flags"][0]["evidence"]]
    assert BOXED in texts and any("ages 8 to" in t for t in texts)  # the warning and what establishes the use
    assert [a.name for a in answer.answers][0] == "Fluoxetine"


def test_not_for_a_six_year_old(engine: ClinicalEngine) -> None:
    answer = engine.answer("best treatment for major depressive disorder in a 6 year old child")
    assert {c["name"]: c["action"] for c in answer.patient["candidates"]}["Fluoxetine"] == "demoted"
