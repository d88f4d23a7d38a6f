"""Which alerts a note's problems and medications raise, over a small MeSH-shaped graph in the real Neo4j: no
treatment suggestion for a general process or a finding only seen in the review of systems, the suggestion goes
to the most specific listed disease, a drug family's products count as treating, and a contraindication the graph
contradicts (the drug is indicated for the problem) is not raised."""

from __future__ import annotations

from neo4j import Driver

from clinical.notes.alerts import find_alerts
from clinical.notes.models import AlertKind, GraphLink, MedicationStatus, NoteMedication, NoteProblem, SectionKind, Span
from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from query.safety import ReadOnlyRunner

D, C = NodeLabel.DISEASE, NodeLabel.DRUG
NODES = {
    "root": ("MESH:D013568", D, "Pathological Conditions, Signs and Symptoms"),
    "processes": ("MESH:D010335", D, "Pathologic Processes"),
    "disease": ("MESH:D004194", D, "Disease"),
    "metabolic": ("MESH:D008659", D, "Metabolic Diseases"),
    "inflammation": ("MESH:D007249", D, "Inflammation"),
    "diabetes": ("MESH:D003920", D, "Diabetes Mellitus"),
    "t2d": ("MESH:D003924", D, "Diabetes Mellitus, Type 2"),
    "t1d": ("MESH:D003922", D, "Diabetes Mellitus, Type 1"),
    "gout": ("MESH:D006073", D, "Gout"),
    "metformin": ("MESH:D008687", C, "Metformin"),
    "insulin": ("MESH:D007328", C, "Insulin"),
    "allopurinol": ("MESH:D000493", C, "Allopurinol"),
    "ibuprofen": ("MESH:D007052", C, "Ibuprofen"),
}
IS_A = [("processes", "root"), ("disease", "processes"), ("metabolic", "disease"), ("inflammation", "processes"),
        ("diabetes", "metabolic"), ("t2d", "diabetes"), ("t1d", "diabetes"), ("gout", "metabolic")]
INSULINS = [(f"X:insulin-{kind}", f"insulin {kind}") for kind in ("glargine", "detemir", "lispro", "aspart", "human")]


def _id(key: str) -> str:
    return NODES[key][0]


def _curated(text: str) -> Evidence:
    return Evidence(source="drugcentral", source_version="2016", document_id="drugcentral@2016", text=text,
                    kind=EvidenceKind.CURATED_RECORD)


def _write(driver: Driver, database: str) -> None:
    entities = [Entity(id=i, label=label, name=name, sources=("test",)) for i, label, name in NODES.values()]
    entities += [Entity(id=i, label=C, name=name, sources=("test",)) for i, name in INSULINS]
    relations = [Relation(type=RelType.IS_A, head=_id(a), tail=_id(b), evidence=(_curated("tree"),)) for a, b in IS_A]
    relations += [Relation(type=RelType.INDICATED_FOR, head=i, tail=_id("t1d"), evidence=(_curated(name),))
                  for i, name in INSULINS]
    relations += [
        Relation(type=RelType.INDICATED_FOR, head=_id("metformin"), tail=_id("t2d"), evidence=(_curated("t2d"),)),
        Relation(type=RelType.TREATS, head=_id("allopurinol"), tail=_id("gout"), evidence=(_curated("gout"),)),
        Relation(type=RelType.TREATS, head=_id("ibuprofen"), tail=_id("inflammation"), evidence=(_curated("nsaid"),)),
        Relation(type=RelType.TREATS, head=_id("metformin"), tail=_id("diabetes"), evidence=(_curated("dm"),)),
        # an extraction error of the kind seen in labels ("… including diabetic ketoacidosis" → diabetes)
        Relation(type=RelType.CONTRAINDICATED_FOR, head=_id("metformin"), tail=_id("diabetes"), evidence=(Evidence(
            source="openfda", document_id="SETID:metformin@v1", text="Metformin is contraindicated in diabetic "
            "ketoacidosis.", kind=EvidenceKind.LABEL_STATEMENT),)),
    ]
    GraphWriter(driver, database).write(entities=entities, relations=relations)


def _link(key: str) -> GraphLink:
    node_id, label, name = NODES[key]
    return GraphLink(id=node_id, name=name, type=label.value, evidence_count=1, method="name")


def _problem(key: str, section: SectionKind = SectionKind.ASSESSMENT_PLAN) -> NoteProblem:
    return NoteProblem(span=Span(start=0, end=1, text=key), type="disease", section=section, link=_link(key))


def _drug(key: str) -> NoteMedication:
    return NoteMedication(span=Span(start=0, end=1, text=key), section=SectionKind.MEDICATIONS,
                          status=MedicationStatus.CURRENT, link=_link(key))


def _suggested(alerts: list) -> set[str]:  # noqa: ANN001
    return {a.entities[0] for a in alerts if a.kind is AlertKind.UNTREATED_PROBLEM}


def test_suggestions_skip_general_processes_review_of_systems_and_less_specific_diseases(
        driver: Driver, database: str) -> None:
    _write(driver, database)
    runner = ReadOnlyRunner(driver, database)
    problems = (_problem("inflammation"), _problem("gout", SectionKind.REVIEW_OF_SYSTEMS), _problem("diabetes"),
                _problem("t2d"))
    assert _suggested(find_alerts(runner, problems, ())) == {_id("t2d")}
    # the same gout stated as a diagnosis gets its suggestion, with the graph's treatment
    [gout] = [a for a in find_alerts(runner, (_problem("gout"),), ()) if a.kind is AlertKind.UNTREATED_PROBLEM]
    assert gout.suggestions[0]["name"] == "Allopurinol"


def test_a_family_name_counts_through_its_products_and_a_contradicted_contraindication_is_not_raised(
        driver: Driver, database: str) -> None:
    _write(driver, database)
    runner = ReadOnlyRunner(driver, database)
    assert _suggested(find_alerts(runner, (_problem("t1d"),), ())) == {_id("t1d")}
    assert _suggested(find_alerts(runner, (_problem("t1d"),), (_drug("insulin"),))) == set()  # insulin glargine …
    alerts = find_alerts(runner, (_problem("diabetes"),), (_drug("metformin"),))
    assert not [a for a in alerts if a.kind is AlertKind.CONTRAINDICATION]
    # without the indications (for diabetes and for its kind, type 2) the same statement is an alert, with the
    # label sentence it rests on
    driver.execute_query("MATCH (:Entity {id: $m})-[r:TREATS|INDICATED_FOR]->() DELETE r", m=_id("metformin"),
                         database_=database)
    [alert] = [a for a in find_alerts(runner, (_problem("diabetes"),), (_drug("metformin"),))
               if a.kind is AlertKind.CONTRAINDICATION]
    assert "diabetic ketoacidosis" in alert.evidence[0].text


def test_a_medication_whose_label_advises_against_it_for_the_notes_patient_is_an_alert(driver: Driver,
                                                                                       database: str) -> None:
    # metformin's label names renal impairment in its Contraindications; the note's labs give an eGFR of 18
    from clinical.notes.alerts import patient_alerts
    from clinical.patient import PatientContext
    from graph.models import Document, DocumentLabel, LabelWarning, Population, WarningKind

    _write(driver, database)
    writer = GraphWriter(driver, database)
    writer.write(documents=[Document(id="SETID:metformin@v1", label=DocumentLabel.DRUG_LABEL, source="openfda",
                                     title="Metformin")])
    writer.write_label_warnings([LabelWarning(
        id="ci-metformin", population=Population.RENAL, kind=WarningKind.CONTRAINDICATION,
        section="Contraindications", text="Severe renal impairment (eGFR below 30 mL/min/1.73 m2).",
        document_id="SETID:metformin@v1", drug_id=_id("metformin"))])
    runner = ReadOnlyRunner(driver, database)
    medications = (_drug("metformin"), _drug("allopurinol"))
    [alert] = patient_alerts(runner, medications, PatientContext(age_years=60, egfr=18))
    assert alert.kind is AlertKind.PATIENT_LABEL_WARNING and alert.entities == (_id("metformin"),)
    assert "advises against" in alert.message and "renal" in alert.message
    assert alert.evidence[0].text.startswith("Severe renal impairment")
    assert patient_alerts(runner, medications, PatientContext(age_years=60, egfr=75)) == []
    assert patient_alerts(runner, medications, PatientContext()) == []  # nothing known about the person
