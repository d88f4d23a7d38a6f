"""Dose-rule extraction and dose calculation, measured on hand-annotated FDA label sentences and dosing cases.

    .venv/bin/python scripts/eval_dose_rules.py --split test

Extraction: ``tests/data/dosing/rule_sentences.jsonl`` (sentences of 26 labels of ``fda-labels-full``, labels split
dev/test in ``labels.jsonl``; gold rules by hand, an empty list where no rule may be emitted). The label text the
sentence stands in is parsed whole (``nlp.dose_rules.parse_dosage_text``, so headings above give context) and the
rules at the sentence's offsets are compared; predicted and gold rules of a sentence are paired in order of
amount. Per field: a
predicted value equal to gold is a true positive, a predicted value that differs or that gold does not have a
false positive, a gold value not predicted (or predicted wrong) a false negative.

Calculation: ``tests/data/dosing/cases.jsonl`` — drug label (set id), patient, and the range the label allows for
that patient (per dose and/or per day, or ``not-recommended``). Each label is read as ingest reads it (the openFDA
reader), its dosing texts are the ones ingest writes (``ingest.pipeline.facts.dosage_texts``: Dosage and
Administration parts and tables, Pediatric Use, renal and hepatic impairment subsections) with their rules, its
group warnings those ingest stores, and ``clinical.dosing.compute_doses`` is run; a case counts as answered when a dose
(or not-recommended) comes back, and as outside when any computed number falls outside the expected range.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinical.dosing import DoseStatus, LabelDosage, compute_doses  # noqa: E402
from clinical.patient import PatientContext  # noqa: E402
from graph.models import DosageText  # noqa: E402
from nlp.dose_rules import parse_dosage_text  # noqa: E402
from nlp.dose_tables import parse_label_dosage  # noqa: E402
from ingest.pipeline.facts import dosage_texts  # noqa: E402
from ingest.pipeline.label_warnings import label_warnings  # noqa: E402
from ingest.readers.openfda import read_openfda  # noqa: E402
from ingest.readers.spl import load_loinc_sections  # noqa: E402
from ingest.readers.types import SourceDocument  # noqa: E402
from nlp.dose_patterns import QUANTITY  # noqa: E402
from nlp.dose_units import convert, is_count, unit_name  # noqa: E402

DATA = ROOT / "tests" / "data" / "dosing"
LABELS = ROOT.parent / "shared" / "data" / "fda-labels-full" / "fda_labels_dev.jsonl.gz"
# the section names ingest reads labels with (``ingest.pipeline.sources``): all of openFDA's, not the built-in few
LOINC_SECTIONS = ROOT.parent / "shared" / "data" / "openfda" / "spl-loinc-sections.csv"
FIELDS = ("rule", "kind", "population", "amount", "basis", "doses_per_day", "max_per_dose", "max_per_day", "renal",
          "hepatic", "age_years", "weight_kg")
# Relative slack when comparing a computed dose with a case's range: body surface area rounded to 2 decimals (some
# case writers' convention, and the calculator's from 1 m²) or not moves a per-m² dose by up to 0.3 % for an adult;
# for a child's surface the slack is what 0.005 m² is of it (a 0.42 m² infant: 1.2 %, see ``surface_slack``).
ROUNDING = 0.005
BSA_STEP = 0.005


# Extraction ----------------------------------------------------------------------------------------------------
def field_values(rule: dict[str, Any]) -> dict[str, Any]:
    """The compared value of each field (None when the rule does not state it)."""
    def quantity(q: dict[str, Any] | None) -> tuple | None:
        if not q:
            return None
        high = q.get("high")
        return (round(float(q["low"]), 4), round(float(high), 4) if high is not None else None, q["unit"],
                q.get("scale", "fixed"))

    def bounds(b: dict[str, Any] | None) -> tuple | None:
        if not b:
            return None
        return tuple(round(float(b[k]), 2) if b.get(k) is not None else None for k in ("low", "high"))

    renal = rule.get("renal")
    renal_value = None
    if renal:
        measure = renal.get("measure") or rule.get("renal_measure")
        renal_value = (measure, *bounds(renal))
    per_day = rule.get("doses_per_day")
    return {
        "rule": True, "kind": rule.get("kind", "dose"), "population": rule.get("population"),
        "amount": quantity(rule.get("amount")), "basis": rule.get("basis"),
        "doses_per_day": round(float(per_day), 4) if per_day else None,
        "max_per_dose": quantity(rule.get("max_per_dose")), "max_per_day": quantity(rule.get("max_per_day")),
        "renal": renal_value, "hepatic": tuple(sorted(rule.get("hepatic") or ())) or None,
        "age_years": bounds(rule.get("age_years")), "weight_kg": bounds(rule.get("weight_kg")),
    }


def label_records(set_ids: set[str]) -> dict[str, dict[str, Any]]:
    with gzip.open(LABELS, "rt", encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle)
        return {r["set_id"]: r for r in records if r.get("set_id") in set_ids}


def predicted_rules(row: dict[str, Any], records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    text = records[row["set_id"]][row["field"]][row["index"]]
    if text[row["start"]:row["end"]] != row["sentence"]:
        raise SystemExit(f"sentence of {row['drug']} not at its offsets: the annotation and the data disagree")
    dosage = DosageText(id="x", document_id="x", text=text, section=row["field"], position=row["index"])
    rules = []
    for rule in parse_dosage_text(dosage):
        if not row["start"] <= rule.start < row["end"]:
            continue  # a rule of the annotated sentence (the splitter may now start it after a "( 2.1 )" reference)
        found = rule.model_dump(mode="json")
        if found.get("renal"):
            found["renal"] = {**found["renal"], "measure": found.get("renal_measure")}
        rules.append(found)
    return rules


def _order(rule: dict[str, Any]) -> tuple:
    amount = rule.get("amount") or rule.get("max_per_day") or rule.get("max_per_dose") or {}
    return (float(amount.get("low") or 0), rule.get("kind", "dose"))


def score_extraction(rows: list[dict[str, Any]]) -> dict[str, Counter]:
    counts = {field: Counter() for field in FIELDS}
    records = label_records({row["set_id"] for row in rows})
    for row in rows:
        gold = sorted(row["rules"], key=_order)
        predicted = sorted(predicted_rules(row, records), key=_order)
        for index in range(max(len(gold), len(predicted))):
            g = field_values(gold[index]) if index < len(gold) else {}
            p = field_values(predicted[index]) if index < len(predicted) else {}
            for field in FIELDS:
                gv, pv = g.get(field), p.get(field)
                if pv is not None and pv == gv:
                    counts[field]["tp"] += 1
                else:
                    counts[field]["fp"] += pv is not None
                    counts[field]["fn"] += gv is not None
    return counts


def prf(c: Counter) -> tuple[float, float, float]:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# Calculation ---------------------------------------------------------------------------------------------------
def load_labels(set_ids: set[str]) -> tuple[dict[str, list[LabelDosage]], dict[str, list[dict[str, Any]]]]:
    """Each label as ingest reads it (``ingest.readers.openfda``), read once: its dosing texts with their rules
    (``ingest.pipeline.facts.dosage_texts``, what ingest writes) and its warnings on patient groups
    (``ingest.pipeline.label_warnings``, in the shape of ``clinical.templates.label_warnings_of`` rows)."""
    records = label_records(set_ids)
    texts: dict[str, list[LabelDosage]] = {}
    warnings: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records.values()), encoding="utf-8")
        for document in read_openfda(path, loinc_sections=load_loinc_sections(LOINC_SECTIONS)):
            if not isinstance(document, SourceDocument):
                continue
            set_id = str(document.properties.get("set_id"))
            published = records[set_id].get("effective_time")
            dosages = dosage_texts(document, None)
            rules = parse_label_dosage(dosages)
            texts[set_id] = [LabelDosage(text_id=d.id, text=d.text, document_id=d.document_id, title=d.title,
                                         set_id=set_id, version=d.version, published=published,
                                         rules=tuple(r for r in rules if r.dosage_text_id == d.id)) for d in dosages]
            warnings[set_id] = [
                {"population": w.population.value, "kind": w.kind.value, "section": w.section, "text": w.text,
                 "document_id": w.document_id, "source": "openfda", "url": None}
                for w in label_warnings(document, None)]
    return texts, warnings


def surface_slack(dose: Any, patient: dict[str, Any]) -> float:
    """The relative slack for one computed dose: ``ROUNDING``, or for a dose worked out per m² of a surface below
    1 m² what rounding that surface to 2 decimals moves it by."""
    if "/m²" not in dose.summary or not patient.get("height_cm") or not patient.get("weight_kg"):
        return ROUNDING
    return max(ROUNDING, BSA_STEP / (patient["height_cm"] * patient["weight_kg"] / 3600) ** 0.5)


LABEL_ROUNDING = re.compile(r"rounded to the nearest (?P<step>[\d.,]+) (?P<unit>\S+) a (?P<each>day|dose) as the label "
                            r"states")


def label_rounding(dose: Any, per: str) -> float:
    """Half the step a dose was rounded to where the label says to round it ("Round … to the nearest 150 mg"):
    case writers give the range before that rounding, which the label itself moves the dose off (per day, a
    dose's step times the doses a day)."""
    found = LABEL_ROUNDING.search(dose.summary)
    if found is None:
        return 0.0
    step = float(found.group("step").replace(",", "")) / 2
    if per == "day" and found.group("each") == "dose":
        return step * (dose.doses_per_day or 1)
    if per == "dose" and found.group("each") == "day":
        return step / (dose.doses_per_day or 1)
    return step


def within(value: float | None, low: float, high: float, unit: str, target: str,
           relative: float = ROUNDING, absolute: float = 0.0) -> bool:
    if value is None:
        return True
    converted = convert(value, unit, target)
    slack = relative * max(abs(low), abs(high)) + absolute + 1e-6
    return converted is not None and low - slack <= converted <= high + slack


def in_contents(dose: Any, expected: dict[str, Any], unit: str) -> bool:
    """A dose in dosage units ("1 tablet once daily") against a case that states the amount of one component
    ("400 mg" of sofosbuvir): some amount one unit contains, as the answer shows it (``per_unit``), times the
    count, is in the case's range per dose and per day."""
    amounts = [(float(m.group("low").replace(",", "")), unit_name(m.group("unit")))
               for m in QUANTITY.finditer(dose.per_unit or "")]
    def fits(value: float, unit_of: str) -> bool:
        return all(within(v * value if v is not None else None, *expected[key], unit_of, unit)
                   for key, pair in (("per_day", (dose.per_day_low, dose.per_day_high)),
                                     ("per_dose", (dose.per_dose_low, dose.per_dose_high)))
                   if key in expected for v in pair)
    return any(fits(value, unit_of) for value, unit_of in amounts)


# the indication a case's writer says they assumed ("Indication assumed: recent stroke (…)"), for
# ``--asked-indication``: the question then names it, as a clinician's would
ASSUMED_INDICATION = re.compile(r"\bIndication(?: assumed)?\s*:\s*([^.;(\n]+)", re.IGNORECASE)


def asked_indication(case: dict[str, Any]) -> list[str]:
    found = ASSUMED_INDICATION.search(case.get("basis", ""))
    return [found.group(1).strip()] if found else []


def score_cases(cases: list[dict[str, Any]], asked: bool = False,
                loaded: tuple[dict[str, Any], dict[str, Any]] | None = None) -> dict[str, Any]:
    """``asked``: each case's assumed indication given as the condition asked about; ``loaded``: the cases' labels
    as ``load_labels`` returns them, read once for several scorings."""
    labels, warnings = loaded or load_labels({case["set_id"] for case in cases})
    answered = outside = answerable = 0
    problems = []
    for case in cases:
        # the keyword only when asked: the calculator before the thirty-third session takes none
        asked_about = {"conditions": asked_indication(case)} if asked else {}
        answer = compute_doses(labels.get(case["set_id"], []), PatientContext(**case["patient"]),
                               warnings.get(case["set_id"], []), **asked_about)
        expected = case["expected"]
        if expected.get("answerable", True):
            answerable += 1
        statuses = {d.status for d in answer.doses}
        if expected.get("not_recommended"):
            ok = DoseStatus.NOT_RECOMMENDED in statuses and DoseStatus.COMPUTED not in statuses
            answered += ok
            if DoseStatus.COMPUTED in statuses:
                outside += 1
                problems.append((case["id"], "a dose computed where the label advises against use"))
            elif not ok:
                problems.append((case["id"], "not answered (the label advises against use): "
                                 + "; ".join(d.summary for d in answer.doses)[:200]))
            continue
        unit = expected.get("unit", "mg")
        computed = answer.computed
        counted = [d for d in computed if d.unit and is_count(d.unit) and not is_count(unit_name(unit))]
        computed = [d for d in computed if d not in counted or in_contents(d, expected, unit)]
        if counted and not computed and expected.get("answerable", True):
            problems.append((case["id"], "answered in dosage units the case does not state ("
                             + "; ".join(d.summary for d in counted)[:200] + ")"))
            continue
        if computed and expected.get("answerable", True):
            answered += 1
        bad = [d for d in computed if d not in counted and not (
            all(within(v, *expected["per_day"], d.unit or unit, unit, surface_slack(d, case["patient"]),
                       label_rounding(d, "day"))
                for v in (d.per_day_low, d.per_day_high) if "per_day" in expected)
            and all(within(v, *expected["per_dose"], d.unit or unit, unit, surface_slack(d, case["patient"]),
                           label_rounding(d, "dose"))
                    for v in (d.per_dose_low, d.per_dose_high)
                    if "per_dose" in expected))]
        if not expected.get("answerable", True) and computed:
            bad = computed
        if bad:
            outside += 1
            problems.append((case["id"], "; ".join(d.summary for d in bad)))
        elif not computed and expected.get("answerable", True):
            problems.append((case["id"], "not answered: " + "; ".join(d.summary for d in answer.doses)[:200]))
    return {"cases": len(cases), "answerable": answerable, "answered": answered, "outside": outside,
            "problems": problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "fresh", *(f"fresh{n}" for n in range(2, 51)), "all"), default="dev",
                        help="fresh: dosing cases only, from labels outside the annotated 26")
    parser.add_argument("--verbose", action="store_true", help="print each case problem")
    parser.add_argument("--asked-indication", action="store_true",
                        help="only the cases whose writer states the indication they assumed (\"Indication assumed: "
                             "…\" in the basis), each scored without and then with that indication named in the "
                             "question")
    args = parser.parse_args(argv)
    keep = (lambda row: True) if args.split == "all" else (lambda row: row["split"] == args.split)
    if args.asked_indication:
        return print_asked_indication([row for row in map(json.loads, (DATA / "cases.jsonl").open(encoding="utf-8"))
                                       if keep(row) and asked_indication(row)], args.verbose)
    sentences = [row for row in map(json.loads, (DATA / "rule_sentences.jsonl").open(encoding="utf-8")) if keep(row)]
    if sentences:
        print_extraction(sentences, args.split)
    cases_path = DATA / "cases.jsonl"
    if cases_path.exists():
        cases = [row for row in map(json.loads, cases_path.open(encoding="utf-8")) if keep(row)]
        result = score_cases(cases)
        share = result["answered"] / result["answerable"] if result["answerable"] else 0.0
        print(f"\nDosing cases, split {args.split}: {result['cases']} cases, {result['answerable']} answerable; "
              f"answered {result['answered']} ({share:.2f}); computed dose outside the label's range: "
              f"{result['outside']}")
        if args.verbose:
            for case_id, problem in result["problems"]:
                print(f"  {case_id}: {problem}")
    return 0


def print_asked_indication(cases: list[dict[str, Any]], verbose: bool) -> int:
    loaded = load_labels({case["set_id"] for case in cases})
    for asked in (False, True):
        result = score_cases(cases, asked=asked, loaded=loaded)
        print(f"{'indication named' if asked else 'no indication  '}: {result['cases']} cases, "
              f"{result['answerable']} answerable; answered {result['answered']}; outside {result['outside']}")
        if verbose:
            for case_id, problem in result["problems"]:
                print(f"  {case_id}: {problem}")
    return 0


def print_extraction(sentences: list[dict[str, Any]], split: str) -> None:
    labels = {row["set_id"] for row in sentences}
    print(f"Dose-rule extraction, split {split}: {len(sentences)} sentences from {len(labels)} labels, "
          f"{sum(len(r['rules']) for r in sentences)} gold rules")
    print(f"{'field':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for field, counts in score_extraction(sentences).items():
        p, r, f = prf(counts)
        print(f"{field:<14}{p:>10.3f}{r:>8.3f}{f:>7.3f}{counts['tp']:>5}{counts['fp']:>5}{counts['fn']:>5}")


if __name__ == "__main__":
    raise SystemExit(main())
