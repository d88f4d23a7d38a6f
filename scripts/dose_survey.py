"""Every label's computed doses for a few standard patients, one line per label and patient, for diffing.

    .venv/bin/python scripts/dose_survey.py > after.txt        # then the same on the code before, and diff
    .venv/bin/python scripts/dose_survey.py --flags            # only the lines that look wrong
    .venv/bin/python scripts/dose_survey.py --sample adult --seed 99 --n 20   # random answers to read by hand

Not a measurement (nothing here says what is right): a change to the dose parser or calculator is read through the
diff of this survey over all labels of ``fda-labels-full`` before it is kept, which found wrong numbers no blind
case had (a rat study's 1000 mg/kg read as a human dose; an interaction's limit capping every adult). ``--flags``
prints what deserves a look: a child's dose above the adult's for one label, or more than 5 g per dose.
The labels are read as ingest reads them (``scripts/eval_dose_rules.load_labels``); no Neo4j.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from clinical.dosing import DoseStatus, compute_doses  # noqa: E402
from clinical.patient import PatientContext  # noqa: E402
from eval_dose_rules import LABELS, load_labels  # noqa: E402

PATIENTS = {
    "adult": PatientContext(age_years=45, sex="male", weight_kg=75, height_cm=178),
    "child8": PatientContext(age_years=8, sex="female", weight_kg=26, height_cm=128),
    "child3": PatientContext(age_years=3, sex="male", weight_kg=14, height_cm=95),
    "infant": PatientContext(age_years=0.5, sex="female", weight_kg=7.5, height_cm=66),
    "pregnant": PatientContext(age_years=30, sex="female", weight_kg=68, height_cm=165, pregnant=True),
    "elderly": PatientContext(age_years=75, sex="female", weight_kg=62, height_cm=160),
    "hepatic-severe": PatientContext(age_years=50, sex="male", weight_kg=75, height_cm=178,
                                     hepatic_impairment="severe"),
    "crcl25": PatientContext(age_years=60, sex="male", weight_kg=75, height_cm=178, creatinine_clearance=25),
    "crcl45": PatientContext(age_years=68, sex="female", weight_kg=60, height_cm=160, creatinine_clearance=45),
    "teen14": PatientContext(age_years=14, sex="male", weight_kg=50, height_cm=163),
}
BIG_DOSE_MG = 5000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flags", action="store_true", help="print only the lines that look wrong")
    parser.add_argument("--sample", choices=sorted(PATIENTS), help="print random answers for this patient, each "
                                                                    "with the label sentence it rests on")
    parser.add_argument("--seed", type=int, default=0, help="the sample's random.Random seed")
    parser.add_argument("--n", type=int, default=20, help="how many labels the sample shows")
    args = parser.parse_args()
    if not LABELS.exists():
        print(f"labels not found: {LABELS} (the shared data folder beside the checkout)", file=sys.stderr)
        return 2
    with gzip.open(LABELS, "rt", encoding="utf-8") as handle:
        ids = sorted({json.loads(line)["set_id"] for line in handle})
    texts, warnings = load_labels(set(ids))
    if args.sample:
        _print_sample(ids, texts, warnings, args.sample, args.seed, args.n)
        return 0
    for set_id in ids:
        if not texts.get(set_id):
            continue
        answers = {name: compute_doses(texts[set_id], patient, warnings.get(set_id, []))
                   for name, patient in PATIENTS.items()}
        if args.flags:
            for line in _flags(set_id, answers):
                print(line)
            continue
        for name, answer in answers.items():
            doses = sorted({f"{d.status.value} {d.per_dose_low}-{d.per_dose_high}/dose {d.per_day_low}-"
                            f"{d.per_day_high}/day {d.unit}" for d in answer.doses})
            print(set_id[:8], name, "; ".join(doses))
    return 0


def _print_sample(ids: list[str], texts: dict, warnings: dict, patient: str, seed: int, n: int) -> None:
    answered = []
    for set_id in ids:
        doses = [d for d in compute_doses(texts.get(set_id) or [], PATIENTS[patient], warnings.get(set_id, [])).doses
                 if d.status in (DoseStatus.COMPUTED, DoseStatus.NOT_RECOMMENDED)] if texts.get(set_id) else []
        if doses:
            answered.append((set_id, doses))
    print(f"{len(answered)} of {len(ids)} labels answer for {patient}")
    random.Random(seed).shuffle(answered)
    for set_id, doses in answered[:n]:
        print(f"## {set_id}")
        for dose in doses[:4]:
            print(f"   {dose.status.value}: {dose.summary[:120]} << {(dose.citation.sentence or '')[:120]}")


def _flags(set_id: str, answers: dict) -> list[str]:
    def highest(name: str) -> float:
        return max((d.per_dose_high or 0.0 for d in answers[name].doses
                    if d.status is DoseStatus.COMPUTED and d.unit == "mg"), default=0.0)
    lines = []
    if highest("adult") and highest("child8") > highest("adult") * 1.01:
        lines.append(f"{set_id[:8]} child's dose above the adult's: {highest('child8')} > {highest('adult')} mg")
    lines += [f"{set_id[:8]} {name}: {highest(name)} mg per dose" for name in answers if highest(name) > BIG_DOSE_MG]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
