"""Build the textbook diagnosis cases: classic presentations of 50 common diseases, in patient-style words.

``tests/data/diagnosis/textbook.tsv`` was written by hand for medkg (twelfth session) from general clinical
teaching — the presentation a textbook or a patient leaflet gives for each disease — in English and in Chinese, before
any figure was measured on it, and not from any source the graph imports or from an evaluation set. Each row becomes
one case per language whose ``disease_ids`` are the graph's node of that name and its kinds (``IS_A`` up to three
steps down: "Meningitis" also accepts "Meningitis, Bacterial"). Odd rows are the dev split, even rows the test split.

``tests/data/diagnosis/textbook2.tsv`` (twenty-sixth session) is a second table of 61 more common diseases written the
same way and committed before any figure was measured on it; ``--table … --name textbook2`` builds its cases.

``tests/data/diagnosis/textbook3.tsv`` (thirty-fifth session) was written by a helper that saw no graph, no source and
no earlier table's findings (only the earlier tables' disease names, to avoid them): 40 more common diseases and 20
listed ones as a different patient tells them ("burning when I pee", an elderly patient's confusion), committed
before any figure was measured on it.

    python scripts/build_textbook_cases.py --out tests/data/diagnosis     # needs Neo4j with the demo graph
    python scripts/build_textbook_cases.py --table tests/data/diagnosis/textbook2.tsv --name textbook2
    python scripts/build_textbook_cases.py --table tests/data/diagnosis/textbook3.tsv --name textbook3
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.settings import Settings
from graph.driver import open_driver
from vocabulary.readers import ReadReport, read_tsv_dicts

ROOT = Path(__file__).resolve().parent.parent
# the node of that name — a Disease, or a condition MeSH files under Signs and Symptoms (a Phenotype: Angina Pectoris,
# Tinea Pedis), which counts as a miss when the graph gives it no findings — and its kinds
KINDS = ("MATCH (d:Entity {name: $name}) WHERE d:Disease OR d:Phenotype "
         "OPTIONAL MATCH (k:Entity)-[:IS_A*1..3]->(d) WHERE k:Disease OR k:Phenotype "
         "RETURN d.id AS id, d:Disease AS disease, collect(DISTINCT k.id) AS kinds ORDER BY disease DESC")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", type=Path, default=ROOT / "tests/data/diagnosis/textbook.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "tests/data/diagnosis")
    parser.add_argument("--name", default="textbook", help="prefix of the case ids and files")
    args = parser.parse_args()
    settings = Settings()
    driver = open_driver(settings)
    rows = [row for _, row in read_tsv_dicts(args.table, ReadReport())]
    files = {(split, lang): [] for split in ("dev", "test") for lang in ("en", "zh")}
    missing = []
    for number, row in enumerate(rows, start=1):
        records, _, _ = driver.execute_query(KINDS, name=row["disease"], database_=settings.neo4j_database)
        if not records:
            missing.append(row["disease"])
            continue
        ids = sorted({records[0]["id"], *records[0]["kinds"]})
        split = "dev" if number % 2 else "test"
        for lang in ("en", "zh"):
            findings = [f.strip() for f in row[f"findings_{lang}"].split("；" if lang == "zh" else ";") if f.strip()]
            files[(split, lang)].append({"id": f"{args.name}-{number}" + ("-zh" if lang == "zh" else ""),
                                         "disease": row["disease"], "disease_ids": ids, "findings": findings,
                                         "language": lang})
    for (split, lang), cases in files.items():
        with (args.out / f"{args.name}-{split}-{lang}.jsonl").open("w", encoding="utf-8") as handle:
            for case in cases:
                handle.write(json.dumps(case, ensure_ascii=False) + "\n")
        print(f"{args.name}-{split}-{lang}.jsonl: {len(cases)} cases")
    if missing:
        print("no graph disease of that name:", ", ".join(missing))
    driver.close()
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
