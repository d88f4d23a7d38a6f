"""Ingest throughput: documents/s end to end on the bundled abstracts and labels, with per-stage seconds.

Starts a throw-away Neo4j in a temporary folder (or uses NEO4J_URI, clearing it), then ingests
../shared/data/pubmed-xml-samples (609 articles) and ../shared/data/spl-xml-samples (8 labels + 1 indexing file)
twice: with the serial executor (the baseline) and with the default parallel process executor.

    .venv/bin/python bench/ingest.py [--terms tests/data/ingest/terms.tsv] [--workers 2] [--extractor auto]

The vocabulary and the trained model come from the user's MEDKG_HOME (default ~/.medkg): ``--extractor auto``
uses the registered NER/RE model when there is one, else the dictionary fallback; the line "extractor ..." says
which ran.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the `ingest` package.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(_BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _BENCH]

from graph.driver import open_driver
from graph.launcher import free_port, start_server, stop_server
from core.settings import Settings
from graph.writer import clear_database, create_schema
from ingest.pipeline import ingest_paths
from ingest.pipeline.model_extractor import trained_extractor
from ingest.pipeline.run import default_extractor, default_linker, dictionary_extractor
from ingest.pipeline.termlinker import TermLinker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=Path, help="terms TSV instead of the full vocabulary")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--extractor", choices=("auto", "model", "dictionary"), default="auto")
    parser.add_argument("--executors", default="serial,process", help="comma-separated: serial, process, ray")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="medkg-bench-"))
    settings = Settings(home=home, bolt_port=free_port(), neo4j_heap="1g", neo4j_pagecache="256m")
    external = settings.uses_external_neo4j
    if not external:
        start_server(settings)
    try:
        driver = open_driver(settings)
        started = time.perf_counter()
        user = Settings()  # the vocabulary cache and model registry of MEDKG_HOME
        linker = TermLinker.from_tsv(args.terms) if args.terms else default_linker(user)
        if args.extractor == "dictionary":
            extractor = dictionary_extractor(linker)
        elif args.extractor == "model":
            extractor = trained_extractor(user)
        else:
            extractor = default_extractor(user, linker)
        linker.link("hypertention")  # builds the linker's lazy fuzzy index now, not inside the first timed run
        print(f"linker ready in {time.perf_counter() - started:.1f} s; extractor {extractor.name} {extractor.version}")
        data = settings.data_dir
        inputs = [("pubmed", data / "pubmed-xml-samples"), ("labels", data / "spl-xml-samples")]
        rows = []
        for executor in args.executors.split(","):
            clear_database(driver, settings.neo4j_database)
            create_schema(driver, settings.neo4j_database, settings.embedding_dim)
            for source, path in inputs:
                report = ingest_paths(driver, settings, [path], source, extractor=extractor, linker=linker,
                                      executor=executor, workers=args.workers, progress=False)
                rows.append((executor, report.sources[source]))
        print(f"{'executor':9} {'source':7} {'docs':>5} {'facts':>6} {'seconds':>8} {'docs/s':>7}  "
              f"parse/nlp/link/write s")
        for executor, s in rows:
            stages = "/".join(f"{s.stage_seconds[k]:.1f}" for k in ("parse", "nlp", "link", "write"))
            print(f"{executor:9} {s.source:7} {s.documents_read:>5} {s.facts_written:>6} {s.seconds:>8.1f} "
                  f"{s.documents_per_second:>7.1f}  {stages}")
        for executor in dict.fromkeys(e for e, _ in rows):
            mine = [s for e, s in rows if e == executor]
            documents, seconds = sum(s.documents_read for s in mine), sum(s.seconds for s in mine)
            print(f"{executor:9} {'all':7} {documents:>5} {sum(s.facts_written for s in mine):>6} {seconds:>8.1f} "
                  f"{documents / seconds if seconds else 0.0:>7.1f}")
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()} on {os.cpu_count()} CPUs")
        driver.close()
    finally:
        if not external:
            stop_server(settings)


if __name__ == "__main__":
    main()
