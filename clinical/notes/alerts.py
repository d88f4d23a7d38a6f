"""Alerts from the graph about a note's medications and problems, each with the evidence it rests on.

- interaction: two current (or planned) medications with an ``INTERACTS_WITH`` relation either way;
- contraindication: a medication ``CONTRAINDICATED_FOR`` an active problem of the patient;
- allergy: a medication that is, belongs to a class of, or is a kind of a listed allergen (``HAS_CLASS``/``IS_A``);
- duplicate therapy: two medications in the same FDA Established Pharmacologic Class (``HAS_CLASS`` that DrugCentral
  states as EPC);
- patient label warning: a medication whose label speaks against it for the person the note describes (kidneys,
  liver, age, pregnancy: ``patient_alerts``);
- untreated problem (a suggestion): an active disease that no listed medication treats, palliates or is indicated
  for, with the query layer's ranked treatments for it — only for a disease stated outside the review of systems,
  examination and results, not a general process ("Inflammation", "Hemorrhage"), and not when a kind of it is
  listed too (the suggestion goes to "type 2 diabetes", not also to "diabetes").

A contraindication the graph also contradicts (the same drug is indicated for or treats the problem) is not raised:
such a pair is an extraction error more often than a clinical fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from clinical import templates
from clinical.notes.models import (
    AlertKind, MedicationStatus, NoteAlert, NoteMedication, NoteProblem, SectionKind, Span,
)
from clinical.models import PatientAction
from clinical.patient import PatientContext
from clinical.treatment import TreatmentReviewer, populations_of
from graph.models import NodeLabel, RelType
from query.browse import treatments_for
from query.models import EntityMatch, EvidenceRef
from query.safety import ReadOnlyRunner

TAKING = (MedicationStatus.CURRENT, MedicationStatus.PLANNED)
MAX_SUGGESTED_PROBLEMS = 5
SUGGESTIONS_PER_PROBLEM = 3
# Sections that list findings, not diagnoses: a problem seen only there gets no treatment suggestion.
FINDING_SECTIONS = (SectionKind.REVIEW_OF_SYSTEMS, SectionKind.EXAMINATION, SectionKind.RESULTS)
# Classes that say how a drug is metabolised or what it was found to be, not what it treats.
NOT_THERAPEUTIC_CLASSES = re.compile(r"cytochrome|p-450|cyp\d|transporter|substrate|drug allergen|metabolite", re.I)


def find_alerts(runner: ReadOnlyRunner, problems: tuple[NoteProblem, ...], medications: tuple[NoteMedication, ...],
                suggestions: bool = True) -> list[NoteAlert]:
    taking = [m for m in medications if m.status in TAKING and m.link is not None]
    drug_ids = sorted({m.link.id for m in taking})
    drug_names = sorted({m.link.name.lower() for m in taking})
    active = [p for p in problems if p.active and p.link is not None]
    spans = _spans_by_id([*taking, *active])
    found: list[NoteAlert] = []
    if len(drug_ids) >= 2:
        found.extend(_interactions(runner, drug_ids, spans))
        found.extend(_duplicates(runner, drug_ids, spans))
    if drug_ids and active:
        active_ids = sorted({p.link.id for p in active})
        found.extend(_contraindications(runner, drug_ids, active_ids, spans))
        found.extend(_adverse_effects(runner, drug_ids, active_ids, spans))
    allergens = sorted({m.link.id for m in medications if m.status is MedicationStatus.ALLERGY and m.link})
    if drug_ids and allergens:
        found.extend(_allergy_alerts(runner, drug_ids, allergens, spans, medications))
    if suggestions:
        diseases = [p for p in active if p.type == "disease"]
        found.extend(_untreated(runner, diseases, drug_ids, drug_names, spans))
    return found


# what a note states about the person that selects a label's population sections (kidneys, liver, age, pregnancy)
POPULATION_FIELDS = ("age_years", "age_group", "sex", "pregnant", "lactating", "weight_kg", "egfr",
                     "creatinine_clearance", "serum_creatinine", "hepatic_impairment")
FIRM = (PatientAction.EXCLUDED, PatientAction.DEMOTED)


def patient_alerts(runner: ReadOnlyRunner, medications: tuple[NoteMedication, ...],
                   patient: PatientContext) -> list[NoteAlert]:
    """A current or planned medication whose label speaks against it for the person the note describes — its
    Contraindications, Boxed Warning or a firm population-section sentence on the patient's kidneys (eGFR/CrCl),
    liver, age or pregnancy, or, for a drug medkg holds no label of, its class's labels —, by the same rules as the
    patient-aware treatment review (``clinical.treatment``), with the label sentences as evidence. Conditions,
    interactions and allergies are the other alerts' (they are not asked again here)."""
    person = PatientContext(**patient.model_dump(include=set(POPULATION_FIELDS), exclude_none=True))
    if not populations_of(person):
        return []
    taking = {m.link.id: m for m in medications if m.status in TAKING and m.link is not None}
    if not taking:
        return []
    drugs = [EntityMatch(id=drug_id, name=m.link.name, type=NodeLabel.DRUG.value, score=1.0)
             for drug_id, m in taking.items()]
    found = []
    for verdict in TreatmentReviewer(runner, lambda *_: None).check_many(drugs, person).candidates:
        flags = [flag for flag in verdict.flags if flag.action in FIRM]
        if verdict.action not in FIRM or not flags:
            continue
        said = "the label advises against it" if verdict.action is PatientAction.EXCLUDED else "the label warns"
        about = ", ".join(dict.fromkeys(flag.about for flag in flags))
        found.append(NoteAlert(
            kind=AlertKind.PATIENT_LABEL_WARNING, severity="warning",
            message=f"{verdict.name}: {said} for this patient ({about}) — "
                    f"{'; '.join(dict.fromkeys(flag.reason for flag in flags))}.",
            entities=(verdict.id,), spans=(taking[verdict.id].span,),
            evidence=tuple(ref for flag in flags for ref in flag.evidence[:1])))
    return found


def _spans_by_id(items: Iterable[Any]) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = {}
    for item in items:
        spans.setdefault(item.link.id, []).append(item.span)
    return spans


def _evidence(rows: list[dict[str, Any]]) -> tuple[EvidenceRef, ...]:
    return tuple(EvidenceRef(**{k: v for k, v in e.items() if v is not None}) for e in rows if e.get("source"))


def _interactions(runner: ReadOnlyRunner, ids: list[str], spans: dict[str, list[Span]]) -> list[NoteAlert]:
    rows = runner.run(templates.relations_between((RelType.INTERACTS_WITH,)), {"heads": ids, "tails": ids})
    seen: set[frozenset[str]] = set()
    alerts = []
    for row in rows:
        pair = frozenset((row["head"], row["tail"]))
        if pair in seen:
            continue
        seen.add(pair)
        alerts.append(NoteAlert(
            kind=AlertKind.INTERACTION, severity="warning",
            message=f"{row['head_name']} and {row['tail_name']} interact (the graph's interaction evidence below).",
            entities=(row["head"], row["tail"]), spans=(*spans[row["head"]], *spans[row["tail"]]),
            evidence=_evidence(row["evidence"])))
    return alerts


def _contraindications(runner: ReadOnlyRunner, drugs: list[str], problems: list[str],
                       spans: dict[str, list[Span]]) -> list[NoteAlert]:
    rows = runner.run(templates.relations_between((RelType.CONTRAINDICATED_FOR,)), {"heads": drugs, "tails": problems})
    if rows:
        treating = runner.run(templates.treating_drugs(), {"diseases": sorted({r["tail"] for r in rows}),
                                                            "drugs": sorted({r["head"] for r in rows}), "names": []})
        contradicted = {(drug, row["disease"]) for row in treating for drug in row["drugs"]}
        rows = [row for row in rows if (row["head"], row["tail"]) not in contradicted]
    return [NoteAlert(
        kind=AlertKind.CONTRAINDICATION, severity="warning",
        message=f"{row['head_name']} is contraindicated for {row['tail_name']}, which the note lists as a problem.",
        entities=(row["head"], row["tail"]), spans=(*spans[row["head"]], *spans[row["tail"]]),
        evidence=_evidence(row["evidence"])) for row in rows]


# effects too general to say a drug may be behind a problem
# (MeSH's disease categories among them: "Digestive System Diseases" says nothing about a peptic ulcer)
GENERAL_EFFECTS = re.compile(r"^(?:diseases?|disease attributes|pathologic processes|syndrome|signs and symptoms|"
                             r"adverse reaction|drug toxicity|drug-related side effects and adverse reactions|"
                             r"infections?|neoplasms|wounds and injuries|mental disorders|.*(?:system|tract) diseases|"
                             r"(?:cardiovascular|musculoskeletal|eye|otorhinolaryngologic|stomatognathic|"
                             r"skin and connective tissue|hemic and lymphatic|nutritional and metabolic|"
                             r"(?:male |female )?urogenital) diseases.*)$", re.I)


# serious adverse effects, after the categories of FDA's Designated Medical Events and EMA's Important Medical Events
# lists (written for medkg from those categories, not copied): only these make a drug-behind-a-problem alert — the
# labels' adverse-reaction tables name nearly everything ("coronary artery disease" of metoprolol, "respiratory
# tract infection" of co-amoxiclav), and an alert for each was mostly noise on the annotated notes
SERIOUS_EFFECTS = re.compile(
    r"hemorrhag|haemorrhag|bleed|melena|hematemesis|ulcer|perforation|kidney injury|renal failure|renal insufficiency|"
    r"nephrotox|liver failure|hepatic failure|liver injury|hepatitis|hepatotox|pancreatitis|agranulocytosis|"
    r"neutropenia|aplastic|pancytopenia|thrombocytopenia|hemolytic|anaphyla|angioedema|stevens-johnson|"
    r"epidermal necrolysis|torsade|long qt|qt prolongation|ventricular (?:fibrillation|tachycardia)|"
    r"cardiac arrest|rhabdomyolysis|lactic acidosis|hypoglyc|hyperkal|seizure|convulsion|serotonin syndrome|"
    r"neuroleptic malignant|thrombo(?:sis|embolism)|embolism|stroke|myocardial infarction|heart failure|"
    r"respiratory (?:depression|insufficiency|failure)|pulmonary fibrosis|interstitial lung|"
    r"colitis|delirium", re.I)


def _adverse_effects(runner: ReadOnlyRunner, drugs: list[str], problems: list[str],
                     spans: dict[str, list[Span]]) -> list[NoteAlert]:
    """A current or planned drug that can cause a serious disease (``SERIOUS_EFFECTS``) the note lists as active
    ("clopidogrel can cause gastrointestinal hemorrhage" beside 黑便): the drug may be behind the problem, or worsen
    it — for the clinician to weigh, with the evidence that the drug causes it. A drug that also treats the problem
    is left out."""
    rows = [row for row in runner.run(templates.effects_among_problems(), {"drugs": drugs, "problems": problems})
            if not GENERAL_EFFECTS.match(row["effect"]) and SERIOUS_EFFECTS.search(row["effect"])]
    by_pair: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        by_pair.setdefault((row["drug"], row["problem"]), row)  # one alert per drug and problem, its closest effect
    return [NoteAlert(
        kind=AlertKind.POSSIBLE_ADVERSE_EFFECT, severity="warning",
        message=f"{row['drug_name']} can cause {row['effect']}"
                f"{'' if row['effect'] == row['problem_name'] else ' (' + row['problem_name'] + ' is a kind of it)'}, "
                f"which the note lists as a problem: the drug may contribute to it or worsen it.",
        entities=(row["drug"], row["problem"]), spans=(*spans[row["drug"]], *spans[row["problem"]]),
        evidence=_evidence(row["evidence"])) for row in by_pair.values()]


def _allergy_alerts(runner: ReadOnlyRunner, drugs: list[str], allergens: list[str], spans: dict[str, list[Span]],
                    medications: tuple[NoteMedication, ...]) -> list[NoteAlert]:
    allergy_spans = {m.link.id: m.span for m in medications if m.status is MedicationStatus.ALLERGY and m.link}
    alerts = []
    for row in runner.run(templates.allergy_matches(), {"ids": drugs, "allergens": allergens}):
        via = " → ".join(row["via"]) if row["via"] else row["drug_name"]
        alerts.append(NoteAlert(
            kind=AlertKind.ALLERGY, severity="warning",
            message=f"{row['drug_name']} is on the list, and the note records an allergy to {row['allergen_name']} "
                    f"(graph: {via}).",
            entities=(row["drug"], row["allergen"]), spans=(*spans[row["drug"]], allergy_spans[row["allergen"]]),
            evidence=(EvidenceRef(source="graph: HAS_CLASS/IS_A", text=via),)))
    return alerts


def _duplicates(runner: ReadOnlyRunner, ids: list[str], spans: dict[str, list[Span]]) -> list[NoteAlert]:
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in runner.run(templates.shared_classes(), {"ids": ids}):
        if not NOT_THERAPEUTIC_CLASSES.search(row["class_name"]):
            by_pair.setdefault((row["a"], row["b"]), []).append(row)
    alerts = []
    for (a, b), rows in by_pair.items():
        classes = ", ".join(sorted({r["class_name"] for r in rows}))
        alerts.append(NoteAlert(
            kind=AlertKind.DUPLICATE_THERAPY, severity="warning",
            message=f"{rows[0]['a_name']} and {rows[0]['b_name']} are both {classes}: check for duplicate therapy.",
            entities=(a, b), spans=(*spans[a], *spans[b]), evidence=_evidence([e for r in rows for e in r["evidence"]])))
    return alerts


def _untreated(runner: ReadOnlyRunner, diseases: list[NoteProblem], drug_ids: list[str], drug_names: list[str],
               spans: dict[str, list[Span]]) -> list[NoteAlert]:
    ids = _suggestable(runner, diseases)[:MAX_SUGGESTED_PROBLEMS]
    if not ids:
        return []
    rows = runner.run(templates.treating_drugs(), {"diseases": ids, "drugs": drug_ids, "names": drug_names})
    treated = {row["disease"] for row in rows if row["drugs"]}
    names = {p.link.id: p.link.name for p in diseases}
    alerts = []
    for disease in ids:
        if disease in treated:
            continue
        ranked = treatments_for(runner, disease, SUGGESTIONS_PER_PROBLEM)
        options = tuple({"id": t["id"], "name": t["name"], "score": t["score"], "badges": t.get("badges", []),
                         "evidence": t.get("evidence", [])[:2]} for t in (ranked or {}).get("treatments", []))
        if not options:
            continue
        alerts.append(NoteAlert(
            kind=AlertKind.UNTREATED_PROBLEM, severity="suggestion",
            message=f"No medication on the list treats {names[disease]} in the graph; its best-evidenced treatments "
                    f"are shown for review.",
            entities=(disease,), spans=tuple(spans[disease]), suggestions=options))
    return alerts


def _suggestable(runner: ReadOnlyRunner, diseases: list[NoteProblem]) -> list[str]:
    """Ids of the diseases a treatment suggestion may be about, in note order: stated outside the finding sections,
    not a general process, and with no more specific kind of it also listed."""
    stated = list(dict.fromkeys(p.link.id for p in diseases if p.section not in FINDING_SECTIONS))
    if not stated:
        return []
    roles = {row["id"]: row for row in runner.run(templates.problem_roles(), {"ids": stated})}
    return [i for i in stated if i in roles and not roles[i]["general"] and not roles[i]["has_listed_kind"]]
