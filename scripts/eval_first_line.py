"""MRR of first-line drugs in medkg's treatment answers, today's ranking (trial counts included) next to the ranking
without them, in one run. Cases: tests/data/ranking/first-line.tsv — first-line medicines per condition transcribed
from the WHO Model List of Essential Medicines (2023) sections and the WHO 2021 hypertension guideline (the
``source`` column of each row).

    .venv/bin/python scripts/eval_first_line.py          # needs Neo4j with the demo graph

A drug counts as first line when its name (or a synonym) contains a listed name; MRR is 1 / rank of the first
first-line drug among the top 10 (0 when none).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.settings import Settings  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from query import ranking  # noqa: E402
from query.answer import QueryEngine  # noqa: E402
from query.models import Intent  # noqa: E402
from query.retrieval import retrieve  # noqa: E402

CASES = ROOT / "tests" / "data" / "ranking" / "first-line.tsv"
TOP = 10


def reciprocal_rank(items, first_line: list[str]) -> float:  # noqa: ANN001
    for position, item in enumerate(items[:TOP], 1):
        names = [item.name.lower(), *(s.lower() for s in item.synonyms)]
        if any(drug in name for drug in first_line for name in names):
            return 1 / position
    return 0.0


def main() -> int:
    settings = Settings()
    driver = open_driver(settings)
    engine = QueryEngine(driver, settings, load_models=False)
    rows = list(csv.DictReader(CASES.open(encoding="utf-8"), delimiter="\t"))
    totals = {"with trials": 0.0, "without trials": 0.0}
    print(f"{'question':<42}{'disease':<32}{'with':>6}{'without':>9}")
    for row in rows:
        answer = engine.answer(row["question"])
        first_line = [d.strip().lower() for d in row["first_line"].split("|")]
        if answer.intent is not Intent.TREATMENT or not answer.entities:
            print(f"{row['question']:<42}{'(not understood)':<32}{0:>6.2f}{0:>9.2f}")
            continue
        entity = answer.entities[0]
        retrieved = retrieve(engine.runner(), Intent.TREATMENT, entity.id, entity.type, TOP)
        rows_ = retrieved.rows if retrieved else ()
        with_trials = reciprocal_rank(ranking.rank(rows_, TOP, trials=retrieved.trials if retrieved else {}),
                                      first_line)
        without = reciprocal_rank(ranking.rank(rows_, TOP), first_line)
        totals["with trials"] += with_trials
        totals["without trials"] += without
        print(f"{row['question']:<42}{entity.name[:30]:<32}{with_trials:>6.2f}{without:>9.2f}")
    driver.close()
    n = len(rows)
    print(f"MRR over {n} conditions: with trial counts {totals['with trials'] / n:.3f}, "
          f"without {totals['without trials'] / n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
