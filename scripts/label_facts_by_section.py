"""What the whole FDA labels gave the graph, per label section: relations (by type) with their evidence, dosage texts
and population warnings; and a seeded random sample of label facts to check by hand.

Run after `medkg ingest labels ../shared/data/fda-labels-full/fda_labels_dev.jsonl.gz`:

    MEDKG_BOLT_PORT=… .venv/bin/python scripts/label_facts_by_section.py [--source openfda] \
        [--sample 50 --seed 22 --sample-out tests/data/label_facts/sample.tsv]

The sample TSV has an empty ``correct`` column for the reader's judgement (y / n); ``--score FILE`` reads a judged
sample back and prints the precision per relation.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter, defaultdict
from pathlib import Path

from core.settings import Settings
from graph.cypher import DOCUMENT, DOSAGE_TEXT, ENTITY, EVIDENCE, LABEL_WARNING
from graph.driver import open_driver
from graph.models import DocumentLabel

LABEL = DocumentLabel.DRUG_LABEL.value
FACTS = (
    f"MATCH (d:{LABEL}) WHERE d.source = $source "
    f"MATCH (e:{EVIDENCE} {{document_id: d.id}}) WHERE e.retracted_at IS NULL "
    f"RETURN e.section AS section, e.rel_type AS relation, count(e) AS evidence, "
    f"count(DISTINCT e.rel_key) AS facts"
)
SAMPLE_ROWS = (
    f"MATCH (d:{LABEL}) WHERE d.source = $source "
    f"MATCH (e:{EVIDENCE} {{document_id: d.id}}) WHERE e.retracted_at IS NULL "
    f"MATCH (h:{ENTITY} {{id: e.head}}), (t:{ENTITY} {{id: e.tail}}) "
    f"RETURN e.id AS id, e.section AS section, e.rel_type AS relation, h.name AS head, t.name AS tail, "
    f"e.text AS sentence, d.id AS document ORDER BY e.id"
)
WARNINGS = (
    f"MATCH (d:{LABEL})-[:HAS_WARNING]->(w:{LABEL_WARNING}) WHERE d.source = $source "
    f"RETURN w.kind AS kind, w.population AS population, count(w) AS warnings, count(DISTINCT d) AS labels"
)
WARNING_ROWS = (
    f"MATCH (d:{LABEL})-[:HAS_WARNING]->(w:{LABEL_WARNING}) WHERE d.source = $source AND w.population <> 'all' "
    f"OPTIONAL MATCH (drug:{ENTITY} {{id: w.drug_id}}) "
    f"RETURN w.id AS id, w.section AS section, 'LabelWarning/' + w.kind AS relation, drug.name AS head, "
    f"w.population AS tail, w.text AS sentence, d.id AS document ORDER BY w.id"
)
DOSAGE = (f"MATCH (d:{LABEL})-[:HAS_DOSAGE]->(x:{DOSAGE_TEXT}) WHERE d.source = $source "
          f"RETURN count(x) AS texts, count(DISTINCT d) AS labels")
LABELS = f"MATCH (d:{DOCUMENT}:{LABEL}) WHERE d.source = $source RETURN count(d) AS labels"
SECTION_NAMES = {"indications_and_usage": "Indications and Usage", "contraindications": "Contraindications",
                 "adverse_reactions": "Adverse Reactions", "boxed_warning": "Boxed Warning",
                 "drug_interactions": "Drug Interactions"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="openfda", help="the label documents' source (openfda: the JSONL)")
    parser.add_argument("--sample", type=int, default=0, help="write this many random facts per relation to check")
    parser.add_argument("--warning-sample", type=int, default=0,
                        help="and this many random population warnings (not 'all') to check")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--sample-out", type=Path, default=Path("tests/data/label_facts/sample.tsv"))
    parser.add_argument("--score", type=Path, help="a judged sample TSV: print its precision")
    args = parser.parse_args()
    if args.score:
        _score(args.score)
        return
    settings = Settings()
    driver = open_driver(settings)
    with driver.session(database=settings.neo4j_database) as session:
        run = lambda query: [r.data() for r in session.run(query, source=args.source)]  # noqa: E731
        labels = run(LABELS)[0]["labels"]
        print(f"{labels} label documents of source {args.source!r}\n")
        print("| section | relation | facts | evidence |\n|---|---|---|---|")
        by_section: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in run(FACTS):
            key = (_section(row["section"]), row["relation"])
            by_section[key][0] += row["facts"]
            by_section[key][1] += row["evidence"]
        for (section, relation), (facts, evidence) in sorted(by_section.items()):
            print(f"| {section} | {relation} | {facts} | {evidence} |")
        dosage = run(DOSAGE)[0]
        print(f"| Dosage and Administration | DosageText (verbatim) | {dosage['texts']} texts of {dosage['labels']} "
              f"labels | — |\n")
        print("| warning kind | population | LabelWarning nodes | labels |\n|---|---|---|---|")
        for row in sorted(run(WARNINGS), key=lambda r: (r["kind"], r["population"])):
            print(f"| {row['kind']} | {row['population']} | {row['warnings']} | {row['labels']} |")
        if args.sample:
            rows = run(SAMPLE_ROWS)
            warnings = run(WARNING_ROWS)
            _write_sample(rows, warnings, args.sample, args.warning_sample, args.seed, args.sample_out)
    driver.close()


def _section(name: str | None) -> str:
    name = name or "?"
    return SECTION_NAMES.get(name, name)


def _write_sample(rows: list[dict], warnings: list[dict], per_relation: int, n_warnings: int, seed: int,
                  out: Path) -> None:
    """A stratified sample: ``per_relation`` facts of each relation type, then ``n_warnings`` population warnings."""
    chooser = random.Random(seed)
    by_relation: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_relation[row["relation"]].append(row)
    sample = [row for relation in sorted(by_relation)
              for row in chooser.sample(by_relation[relation], min(per_relation, len(by_relation[relation])))]
    sample += chooser.sample(warnings, min(n_warnings, len(warnings)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["id", "section", "relation", "head", "tail", "sentence", "document", "correct", "note"])
        for row in sample:
            writer.writerow([row["id"], _section(row["section"]), row["relation"], row["head"], row["tail"],
                             " ".join((row["sentence"] or "").split())[:600], row["document"], "", ""])
    print(f"\nwrote {len(sample)} items (seed {seed}) to {out}: judge the `correct` column (y/n)")


def _score(path: Path) -> None:
    judged: Counter[tuple[str, str]] = Counter()
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["correct"] in {"y", "n"}:
                judged[(row["relation"], row["correct"])] += 1
    relations = sorted({relation for relation, _ in judged})
    print("| relation | checked | correct | precision |\n|---|---|---|---|")
    for relation in [*relations, "all"]:
        yes = sum(n for (r, c), n in judged.items() if c == "y" and relation in {r, "all"})
        total = sum(n for (r, _), n in judged.items() if relation in {r, "all"})
        print(f"| {relation} | {total} | {yes} | {yes / total:.2f} |" if total else f"| {relation} | 0 | 0 | — |")


if __name__ == "__main__":
    main()
