"""Simulated patients for the symptom interview, three question strategies side by side in one run.

For each case (default: tests/data/diagnosis/columbia-dev-en.jsonl; the report uses --cases …/columbia-test-en.jsonl;
the Columbia KB, which the default graph never
imports), a simulated patient states its first finding and answers yes to the findings on its own list and no to
anything else. Strategies: ``information`` (the consultation's expected-information-gain choice), ``random`` (a random
finding linked to the current candidates), ``frequent`` (the finding most diseases present). Prints top-1/top-5 after
≤5 and ≤10 questions, the mean number of questions, and per-turn latency (p50/p95) of choosing a question.

    MEDKG_BOLT_PORT=… .venv/bin/python bench/consult.py [--cases FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from clinical.evaluation import STRATEGIES, read_cases, simulate
from clinical.knowledge import DiagnosisKnowledge
from core.settings import Settings
from graph.driver import open_driver
from query.safety import ReadOnlyRunner

DEFAULT_CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "diagnosis" / "columbia-dev-en.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    settings = Settings()
    driver = open_driver(settings)
    try:
        started = time.perf_counter()
        knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, settings))
        print(f"knowledge {knowledge.size} loaded in {time.perf_counter() - started:.1f} s")
    finally:
        driver.close()
    cases = read_cases(args.cases)
    for strategy in STRATEGIES:
        result = simulate(knowledge, cases, strategy, seed=args.seed)
        print(f"{strategy:12s} {json.dumps(result.as_dict())}")


if __name__ == "__main__":
    main()
