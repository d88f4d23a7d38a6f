"""Import speed of the Hetionet subset: our batched writer next to a row-at-a-time baseline, in one run.

    MEDKG_HOME=/tmp/medkg-bench MEDKG_BOLT_PORT=7797 .venv/bin/medkg db start
    MEDKG_HOME=/tmp/medkg-bench MEDKG_BOLT_PORT=7797 .venv/bin/python bench/curated_import.py --clear

It EMPTIES the configured database (refuses without --clear). Baseline: the same MERGE statements with one row
per transaction (batch size 1), on the first --baseline-rows entities and relations, extrapolated as a rate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import cypher  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from core.settings import Settings  # noqa: E402
from vocabulary import Vocabulary  # noqa: E402
from graph.writer import GraphWriter, clear_database, create_schema  # noqa: E402
from ingest.sources.registry import default_folder, get_source, read_facts  # noqa: E402


def timed_write(writer: GraphWriter, spec, entities, relations) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    writer.write_documents([spec.release_document()])
    writer.write_entities(entities)
    entity_seconds = time.perf_counter() - started
    started = time.perf_counter()
    writer.write_relations(relations)
    return entity_seconds, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clear", action="store_true", help="allow emptying the database")
    parser.add_argument("--baseline-rows", type=int, default=1000)
    args = parser.parse_args()
    if not args.clear:
        sys.exit("refusing to run without --clear: this benchmark empties the configured database")
    settings = Settings()
    driver = open_driver(settings)
    database = settings.neo4j_database
    spec = get_source("hetionet")
    vocabulary = Vocabulary.load_or_build(settings)
    started = time.perf_counter()
    entities, relations, _ = read_facts(spec, default_folder(spec, settings), vocabulary)
    read_seconds = time.perf_counter() - started

    clear_database(driver, database)
    create_schema(driver, database, settings.embedding_dim)
    entity_s, relation_s = timed_write(GraphWriter(driver, database, settings.write_batch_size), spec, entities,
                                       relations)
    with driver.session(database=database) as session:
        counts = (session.run(cypher.count_nodes()).single()["n"], session.run(cypher.count_relationships()).single()["n"])
    again_e, again_r = timed_write(GraphWriter(driver, database, settings.write_batch_size), spec, entities,
                                   relations)
    with driver.session(database=database) as session:
        counts_again = (session.run(cypher.count_nodes()).single()["n"],
                        session.run(cypher.count_relationships()).single()["n"])

    n = args.baseline_rows
    clear_database(driver, database)
    base_e, base_r = timed_write(GraphWriter(driver, database, batch_size=1), spec, entities[:n], relations[:n])
    driver.close()

    print(f"Hetionet subset: {len(entities)} entities, {len(relations)} relations read in {read_seconds:.1f} s")
    print(f"graph after import: {counts[0]} nodes (incl. evidence), {counts[1]} relationships; "
          f"after a second import: {counts_again[0]}, {counts_again[1]} (unchanged: {counts == counts_again})")
    print(f"{'writer':34} {'entities/s':>11} {'relations/s':>12}")
    print(f"{'medkg GraphWriter (batch ' + str(settings.write_batch_size) + ')':34} {len(entities) / entity_s:>11.0f} "
          f"{len(relations) / relation_s:>12.0f}")
    print(f"{'same, re-run (all MERGE hits)':34} {len(entities) / again_e:>11.0f} {len(relations) / again_r:>12.0f}")
    print(f"{'baseline: one row per transaction':34} {min(n, len(entities)) / base_e:>11.0f} "
          f"{min(n, len(relations)) / base_r:>12.0f}")
    print("(relations/s counts relationships written with their evidence nodes and summaries)")


if __name__ == "__main__":
    main()
