"""Share of the graph's diseases, drugs and findings that have a Chinese name, per source (issue #21).

Reads the configured graph (read-only) and the vocabulary's Chinese names (``vocabulary.chinese``: the openly
licensed default sources), and reports, for every node and for the nodes the clinical answers use (a disease or
drug with a treatment/indication relation, a finding with a PRESENTS or side-effect relation), how many have a
Chinese name in all and from each source; then what the opt-in sources (CMeKG rows, SIDER-derived table) would
add; and how many nodes already carry a Chinese synonym in the graph (written by the ``zh-names`` import when the
graph was built). HPO phenotype nodes outside the vocabulary (``HP:…``, made by the finding sources) count under
``hpo-zh`` when they carry their HPO Chinese label.

    .venv/bin/python scripts/zh_coverage.py
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import neo4j

from core.settings import Settings
from graph.driver import open_driver
from vocabulary import Vocabulary
from vocabulary.chinese import finding_name_index, has_chinese, read_chinese_names
from vocabulary.readers import ReadReport

KINDS = {"Disease": "disease", "Drug": "drug", "Phenotype": "finding", "AdverseEvent": "finding"}
NODES = """
MATCH (n:Entity) WHERE n:Disease OR n:Drug OR n:Phenotype OR n:AdverseEvent
RETURN n.id AS id, labels(n) AS labels, n.synonyms AS synonyms,
       EXISTS { (n)-[:TREATS|PALLIATES|INDICATED_FOR]-() } AS treated,
       EXISTS { (n)-[:PRESENTS|CAUSES]-() } AS finding_link
"""


def kind_of(labels: list[str]) -> str:
    return next((KINDS[label] for label in ("Disease", "Drug", "Phenotype", "AdverseEvent") if label in labels), "")


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    settings = Settings()
    vocabulary = Vocabulary.load_or_build(settings)
    findings = finding_name_index((e.id, e.label, e.name, e.synonyms) for e in vocabulary.entries.values())
    restricted: dict[str, set[str]] = defaultdict(set)
    for name in read_chinese_names(settings.data_dir, vocabulary.canonical_id, findings, ReadReport(), restricted=True):
        restricted[name.id].add(name.source)
    driver = open_driver(settings)
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS) as session:
            rows = session.execute_read(lambda tx: [record.data() for record in tx.run(NODES)])
    finally:
        driver.close()
    totals: Counter[tuple[str, str]] = Counter()
    named: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        kind = kind_of(row["labels"])
        used = row["treated"] if kind in ("disease", "drug") else row["finding_link"]
        entry_id = vocabulary.canonical_id(row["id"]) or row["id"]
        in_graph = any(has_chinese(s) for s in row["synonyms"] or ())
        sources = {name.source for name in vocabulary.names_zh(entry_id)}
        if entry_id.startswith("HP:") and in_graph:  # an HPO phenotype outside the vocabulary: its own HPO zh label
            sources.add("hpo-zh")
        facts = {"any default source": bool(sources), **{source: True for source in sources},
                 "+ opt-in sources": bool(sources or restricted.get(entry_id)),
                 "in graph now (zh synonym)": in_graph}
        for scope in ("all nodes", "used in answers") if used else ("all nodes",):
            totals[(kind, scope)] += 1
            for fact, value in facts.items():
                named[(kind, scope, fact)] += bool(value)
    print(f"{'kind':8s} {'scope':16s} {'nodes':>6s}  share with a Chinese name")
    for (kind, scope), total in sorted(totals.items()):
        parts = sorted(((fact, n) for (k, s, fact), n in named.items() if (k, s) == (kind, scope) and n),
                       key=lambda item: -item[1])
        shown = "; ".join(f"{fact} {n} ({n / total:.1%})" for fact, n in parts)
        print(f"{kind:8s} {scope:16s} {total:6d}  {shown}")


if __name__ == "__main__":
    main()
