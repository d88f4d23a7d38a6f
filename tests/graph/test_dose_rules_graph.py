"""Dose rules in real Neo4j: written beside their DosageText, read back typed through the clinical template,
idempotent, and replaced when a text is parsed again."""

from __future__ import annotations

from neo4j import Driver

from clinical.dosing import compute_doses, load_label_dosages
from clinical.patient import PatientContext
from graph.models import Document, DocumentLabel, DosageText, Entity, NodeLabel
from graph.writer import GraphWriter
from nlp.dose_rules import parse_dosage_text
from query.safety import ReadOnlyRunner

DRUG = Entity(id="MESH:D000658", label=NodeLabel.DRUG, name="Amoxicillin", sources=("test",))
LABEL = Document(id="SETID:e83f43dd@v19", label=DocumentLabel.DRUG_LABEL, title="AMOXICILLIN AND CLAVULANATE",
                 source="openfda", version="19", published="2024-12-01", properties={"set_id": "e83f43dd"})
TEXT = DosageText(
    id=f"{LABEL.id}#dosage-0", document_id=LABEL.id, section="Dosage & Administration", position=0,
    set_id="e83f43dd", version="19", drug_id=DRUG.id,
    text=("2 DOSAGE AND ADMINISTRATION Pediatric Patients aged 3 months to 12 years weighing less than or equal to "
          "40 kg: 90 mg/kg/day divided every 12 hours, administered for 10 days. ( 2 ) 2.4 Dosage in Patients with "
          "Hepatic Impairment Hepatically impaired patients should be dosed with caution."),
)


def _write(driver: Driver, database: str, text: DosageText) -> int:
    writer = GraphWriter(driver, database)
    writer.write(entities=[DRUG], documents=[LABEL], relations=[])
    writer.write_dosage_texts([text])
    return writer.write_dose_rules(parse_dosage_text(text), [text.id])


def _rules(driver: Driver, database: str) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (:DrugLabel)-[:HAS_DOSAGE]->(x:DosageText)-[:STATES_RULE]->(r:DoseRule) "
        "RETURN x.id AS text, properties(r) AS rule ORDER BY r.id", database_=database)
    return [r.data() for r in records]


def test_rules_round_trip_typed_and_idempotent(driver: Driver, database: str) -> None:
    assert _write(driver, database, TEXT) == 1
    first = _rules(driver, database)
    assert _write(driver, database, TEXT) == 1
    assert _rules(driver, database) == first and len(first) == 1
    [label] = load_label_dosages(ReadOnlyRunner(driver, database), DRUG.id)
    assert label.rules == tuple(parse_dosage_text(TEXT))
    assert (label.document_id, label.version, label.set_id, label.published) == (
        LABEL.id, "19", "e83f43dd", "2024-12-01")
    [dose] = compute_doses([label], PatientContext(age_years=3, weight_kg=14)).computed
    assert dose.summary.startswith("90 mg/kg/day × 14 kg = 1260 mg/day, in 2 doses of 630 mg every 12 h")
    assert dose.citation.sentence in TEXT.text and dose.citation.version == "19"


def test_a_new_parse_replaces_the_rules_of_its_text(driver: Driver, database: str) -> None:
    _write(driver, database, TEXT)
    changed = TEXT.model_copy(update={"text": "The dose is described in the table below."})
    assert _write(driver, database, changed) == 0
    assert _rules(driver, database) == []


def test_db_init_parses_the_rules_of_texts_written_before_them(driver: Driver, database: str) -> None:
    from api.cli.db import parse_missing_dose_rules

    writer = GraphWriter(driver, database)
    writer.write(entities=[DRUG], documents=[LABEL], relations=[])
    writer.write_dosage_texts([TEXT])
    assert _rules(driver, database) == []
    assert parse_missing_dose_rules(driver, database) == (1, 1)
    assert [row["rule"]["sentence"] for row in _rules(driver, database)] == [parse_dosage_text(TEXT)[0].sentence]
    assert parse_missing_dose_rules(driver, database) == (0, 0)


def test_a_dose_in_tablets_keeps_what_a_tablet_holds_through_the_graph(driver: Driver, database: str) -> None:
    from nlp.dose_tables import parse_label_dosage

    combination = TEXT.model_copy(update={"text": "2.3 Recommended Dosage in Adults The recommended dosage is one "
                                                  "tablet (90 mg ledipasvir and 400 mg sofosbuvir) taken orally once "
                                                  "daily with or without food."})
    writer = GraphWriter(driver, database)
    writer.write(entities=[DRUG], documents=[LABEL], relations=[])
    writer.write_dosage_texts([combination])
    assert writer.write_dose_rules(parse_label_dosage([combination]), [combination.id]) == 1
    [label] = load_label_dosages(ReadOnlyRunner(driver, database), DRUG.id)
    [dose] = compute_doses([label], PatientContext(age_years=50)).computed
    assert (dose.unit, dose.per_dose_low, dose.per_unit) == ("tablet", 1.0, "90 mg ledipasvir and 400 mg sofosbuvir")
