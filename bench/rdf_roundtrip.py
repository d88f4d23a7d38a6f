"""RDF export → import → export over curated sources: speed, and whether the round trip gives the same triples.

    export MEDKG_HOME=/tmp/medkg-rdf-bench MEDKG_BOLT_PORT=$(.venv/bin/python -c \
        "from graph.launcher import free_port; print(free_port())")
    .venv/bin/medkg db start && .venv/bin/python bench/rdf_roundtrip.py --clear; .venv/bin/medkg db stop

It EMPTIES the configured database (refuses without --clear; give it a Neo4j of its own, on a free port),
imports the chosen curated sources, then times our export (batched reads of entities, relationships, evidence and documents → rdflib → sorted N-Triples) next to a
baseline that reads each relationship's evidence with its own query (the N+1 pattern), on the first
--baseline-relations relationships, extrapolated as a rate. Then it parses the file, imports it into the emptied
database through GraphWriter, exports again and compares the two triple sets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import rdf  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from core.settings import Settings  # noqa: E402
from graph.subgraph import read_subgraph  # noqa: E402
from vocabulary import Vocabulary  # noqa: E402
from graph.writer import GraphWriter, clear_database, create_schema  # noqa: E402
from ingest.sources.registry import default_folder, get_source, import_source  # noqa: E402

NAIVE_EVIDENCE = "MATCH (e:Evidence {rel_key: $key}) WHERE e.retracted_at IS NULL RETURN e {.*} AS evidence"


def export(driver, database: str, path: Path) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    subgraph = read_subgraph(driver, database)
    read_seconds = time.perf_counter() - started
    triples = rdf.write_rdf(rdf.subgraph_to_rdf(subgraph), path, "nt")
    return read_seconds, time.perf_counter() - started, triples


def naive_read_rate(driver, database: str, limit: int) -> float:  # type: ignore[no-untyped-def]
    """Relationships per second when each relationship's evidence is read with its own query."""
    subgraph = read_subgraph(driver, database, with_evidence=False)
    keys = [f"{r['type']}|{r['head']}|{r['tail']}" for r in subgraph.relations[:limit]]
    started = time.perf_counter()
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        for key in keys:
            session.run(NAIVE_EVIDENCE, key=key).data()
    return len(keys) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clear", action="store_true", help="allow emptying the database")
    parser.add_argument("--sources", default="pharmacotherapydb,hetionet")
    parser.add_argument("--baseline-relations", type=int, default=2000)
    args = parser.parse_args()
    if not args.clear:
        sys.exit("refusing to run without --clear: this benchmark empties the configured database")
    settings = Settings()
    driver = open_driver(settings)
    database = settings.neo4j_database
    clear_database(driver, database)
    create_schema(driver, database, settings.embedding_dim)
    vocabulary = Vocabulary.load_or_build(settings)
    writer = GraphWriter(driver, database, settings.write_batch_size)
    for name in args.sources.split(","):
        spec = get_source(name)
        import_source(spec, default_folder(spec, settings), vocabulary, writer)

    folder = Path(tempfile.mkdtemp(prefix="medkg-rdf-bench-"))
    read_s, export_s, triples = export(driver, database, folder / "first.nt")
    relations = len(read_subgraph(driver, database, with_evidence=False).relations)
    naive_rate = naive_read_rate(driver, database, args.baseline_relations)

    started = time.perf_counter()
    facts = rdf.rdf_to_facts(rdf.load_rdf(folder / "first.nt", "nt"))
    parse_s = time.perf_counter() - started
    clear_database(driver, database)
    started = time.perf_counter()
    writer.write(entities=facts.entities, documents=facts.documents, relations=facts.relations)
    import_s = time.perf_counter() - started
    _, _, triples_again = export(driver, database, folder / "second.nt")
    same = (folder / "first.nt").read_bytes() == (folder / "second.nt").read_bytes()
    driver.close()

    print(f"graph: {relations} relationships, {rdf.facts_summary(facts)}, {triples} triples")
    print(f"read for export (batched)   : {read_s:8.1f} s  = {relations / read_s:9.0f} relationships/s")
    print(f"baseline (query per relation): {relations / naive_rate:8.1f} s  = {naive_rate:9.0f} relationships/s "
          f"(extrapolated from {min(relations, args.baseline_relations)})")
    print(f"export to N-Triples, total  : {export_s:8.1f} s  = {triples / export_s:9.0f} triples/s")
    print(f"parse + map to models       : {parse_s:8.1f} s  = {triples / parse_s:9.0f} triples/s")
    print(f"import through GraphWriter  : {import_s:8.1f} s")
    print(f"round trip identical        : {same} ({triples} → {triples_again} triples)")


if __name__ == "__main__":
    main()
