"""Patient-aware treatment ranking against the patient-blind one, in the same run, on the hand-built patient cases
(``tests/data/patients/cases.jsonl``: a treatment question with a patient — stated in the question or given as
``patient`` — and, per case, the drugs that are unsafe for that patient by name pattern, with the reason).

For each case the top ``--k`` treatments are taken twice: blind (the question without the patient) and for the
patient (``ClinicalEngine.answer``). A top-k drug that matches an unsafe pattern counts as *unflagged* when the review
did not demote or exclude it. Figures: the share of top-k answers that are unsafe and unflagged (goal 0), unsafe at
all, and the answers left per case.

    MEDKG_BOLT_PORT=… .venv/bin/python scripts/patient_ranking_eval.py --split test [--k 5] [--cases FILE] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from clinical.engine import ClinicalEngine
from clinical.patient import PatientContext
from clinical.patient_text import parse_patient
from core.settings import Settings
from graph.driver import open_driver
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "patients" / "cases.jsonl"
FLAGGED = {"demoted", "excluded"}


@dataclass
class Tally:
    cases: int = 0
    answers: int = 0
    unsafe: int = 0
    unflagged: int = 0
    empty: int = 0
    off_list: int = 0  # reviewed candidates demoted or excluded that the case does not list as unsafe
    by_class: int = 0  # of those, flagged only through the class rule
    misses: list[str] = field(default_factory=list)
    flagged_off: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        share = self.unflagged / self.answers if self.answers else 0.0
        unsafe = self.unsafe / self.answers if self.answers else 0.0
        return (f"| {name} | {self.cases} | {self.answers} | {self.unsafe} ({unsafe:.2f}) | {self.unflagged} "
                f"| **{share:.3f}** | {self.empty} |")


def load_cases(path: Path, split: str) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [case for case in cases if split == "all" or case["split"] == split]


def unsafe_reason(name: str, case: dict) -> str | None:
    return next((rule["why"] for rule in case["unsafe"] if re.search(rule["pattern"], name.lower())), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--show", action="store_true", help="print each case's two top-k lists")
    args = parser.parse_args()
    cases = load_cases(args.cases, args.split)
    settings = Settings()
    driver = open_driver(settings)
    started = time.perf_counter()
    engine = ClinicalEngine(QueryEngine(driver, settings, load_models=True),
                            lambda: ReadOnlyRunner.from_settings(driver, settings))
    print(f"engine loaded in {time.perf_counter() - started:.0f} s; {len(cases)} {args.split} case(s), top {args.k}")
    blind, aware = Tally(), Tally()
    for case in cases:
        patient = PatientContext(**case["patient"]) if case.get("patient") else None
        rest = parse_patient(case["question"]).rest
        blind_answer = engine.query_engine.answer(rest, args.k)
        aware_answer = engine.answer(case["question"], args.k, patient=patient)
        candidates = (aware_answer.patient or {}).get("candidates", [])
        actions = {c["id"]: c["action"] for c in candidates}
        for c in candidates:
            if c["action"] in FLAGGED and unsafe_reason(c["name"], case) is None:
                aware.off_list += 1
                aware.by_class += all(f["rule"].startswith("class-") for f in c["flags"] if f["action"] in FLAGGED)
                aware.flagged_off.append(f"{case['id']} {c['name']}: "
                                         f"{'; '.join(f['reason'] for f in c['flags'] if f['action'] in FLAGGED)}")
        for tally, answer, reviewed in ((blind, blind_answer, False), (aware, aware_answer, True)):
            tally.cases += 1
            top = [a for a in answer.answers if not a.hypothesis][: args.k]
            tally.empty += not top
            tally.answers += len(top)
            for item in top:
                if unsafe_reason(item.name, case) is None:
                    continue
                tally.unsafe += 1
                if not (reviewed and actions.get(item.id) in FLAGGED):
                    tally.unflagged += 1
                    tally.misses.append(f"{case['id']} {item.name}")
        if args.show:
            print(f"\n{case['id']} {case['question']} {case.get('patient') or ''}")
            print("  blind:", [a.name for a in blind_answer.answers[: args.k]])
            print("  aware:", [f"{a.name} ({actions.get(a.id, '?')})" for a in aware_answer.answers[: args.k]])
            excluded = [c["name"] for c in (aware_answer.patient or {}).get("candidates", []) if c["action"] == "excluded"]
            print("  excluded:", excluded)
    print(f"\n| ranking | cases | top-{args.k} answers | unsafe for the patient | unsafe and unflagged "
          f"| share unflagged (goal 0) | cases with no answer |\n|---|---|---|---|---|---|---|")
    print(blind.row("patient-blind"))
    print(aware.row("patient-aware"))
    print(f"\nunflagged unsafe answers, patient-aware: {', '.join(aware.misses) or 'none'}")
    print(f"reviewed candidates demoted or excluded though the case does not list them as unsafe: {aware.off_list} "
          f"({aware.by_class} through the class rule alone)")
    if args.show:
        print("\n".join(f"  {line}" for line in aware.flagged_off))
    print(f"total {time.perf_counter() - started:.0f} s")
    driver.close()


if __name__ == "__main__":
    main()
