"""One node per condition (issue #18, identity rule 10): what it changes in a graph, two graphs side by side.

For each Neo4j URI given (e.g. a graph built before rule 10 and one built after, from the same sources), prints:
suspected duplicate groups within a kind and across kinds (``medkg graph duplicates``), side-effect answers
(drug → CAUSES) that list one condition twice under two ids, diseases whose findings (PRESENTS) name one
finding twice, and the number of distinct finding nodes and AdverseEvent nodes.

    .venv/bin/python scripts/condition_identity_report.py bolt://127.0.0.1:7691 bolt://127.0.0.1:7690 [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict

from neo4j import GraphDatabase

from vocabulary.duplicates import find_duplicates
from vocabulary.normalize import fold

ANSWER_LISTS = {
    "side-effect answers": "MATCH (d:Drug)-[:CAUSES]->(t:Entity) RETURN d.id AS key, collect(DISTINCT [t.id, t.name]) AS items",
    "disease finding lists": "MATCH (d:Disease)-[:PRESENTS]->(t:Entity) RETURN d.id AS key, collect(DISTINCT [t.id, t.name]) AS items",
}
COUNTS = {
    "AdverseEvent nodes": "MATCH (n:AdverseEvent) RETURN count(n) AS n",
    "finding nodes (PRESENTS targets)": "MATCH ()-[:PRESENTS]->(f) RETURN count(DISTINCT f) AS n",
    "CAUSES links": "MATCH ()-[r:CAUSES]->() RETURN count(r) AS n",
    "PRESENTS links": "MATCH ()-[r:PRESENTS]->() RETURN count(r) AS n",
}


def twice(rows: list[dict]) -> tuple[int, int, int]:
    """(lists, lists naming one condition under two or more ids, extra rows those lists carry)."""
    with_twice = extra = 0
    for row in rows:
        ids_by_name: dict[str, set[str]] = defaultdict(set)
        for item_id, name in row["items"]:
            ids_by_name[fold(name or item_id)].add(item_id)
        surplus = sum(len(ids) - 1 for ids in ids_by_name.values())
        with_twice += surplus > 0
        extra += surplus
    return len(rows), with_twice, extra


def report(uri: str, user: str, password: str, database: str) -> dict[str, object]:
    driver = GraphDatabase.driver(uri, auth=(user, password))
    try:
        figures: dict[str, object] = {
            "duplicate groups, same kind": len(find_duplicates(driver, database)),
            "duplicate groups, across kinds": len(find_duplicates(driver, database, across_kinds=True)),
        }
        with driver.session(database=database) as session:
            for title, cypher in ANSWER_LISTS.items():
                lists, with_twice, extra = twice(session.run(cypher).data())
                figures[f"{title}: lists naming a condition twice"] = f"{with_twice} of {lists} ({extra} extra rows)"
            for title, cypher in COUNTS.items():
                figures[title] = session.run(cypher).single()["n"]
        return figures
    finally:
        driver.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("uris", nargs="+", help="Bolt URIs of the graphs to compare (same credentials)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    user = os.environ.get("NEO4J_USER", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD", "medkg-local-password")
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    try:
        results = {uri: report(uri, user, password, database) for uri in args.uris}
    except Exception as error:  # noqa: BLE001 - a clear message and exit code for a script
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    keys = list(next(iter(results.values())))
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{uri:>28}" for uri in results))
    for key in keys:
        print(f"{key:{width}}  " + "  ".join(f"{str(r[key]):>28}" for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
