"""``bulk_load``: the first build of a new store through Neo4j's import tool, from the curated sources.

Each source is read by its adapter and written by ``import_source`` exactly as ``medkg ingest source`` does, but
into a ``graph.bulk.BulkGraph`` (CSV files) instead of the transactional ``GraphWriter``. For medkg's own Neo4j
the import tool builds the store, the server starts on it, and the schema (``medkg db init``'s constraints and
indexes) and the ingest ledger's constraints are created after the load; from then on ``medkg ingest …`` and the
nightly job write into it incrementally as into any store (the ledger is empty: every literature file is new;
each source's release document is in the graph). For an external Neo4j (``NEO4J_URI``) it writes the CSV files
and returns the ``neo4j-admin`` command to run on that server.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from core.settings import Settings
from graph.bulk import (BulkFiles, BulkGraph, admin_command, check_own_store, prepare_loaded_store,
                        run_import_tool)
from graph.driver import open_driver
from graph.launcher import server_paths, start_server
from ingest.pipeline.ledger import Ledger
from ingest.sources.base import SourceSpec
from ingest.sources.registry import ImportResult, import_source
from vocabulary import Vocabulary

Progress = Callable[[str], None]


@dataclass
class BulkLoadResult:
    """What was read per source, what was imported, and (external Neo4j) the command still to run."""

    sources: list[ImportResult]
    files: BulkFiles
    read_seconds: float = 0.0
    import_seconds: float = 0.0
    command: str | None = None  # the neo4j-admin command for an external Neo4j; None when done here


def bulk_load(settings: Settings, sources: Sequence[tuple[SourceSpec, Path]], vocabulary: Vocabulary, *,
              force: bool = False, csv_dir: Path | None = None, progress: Progress = lambda _: None,
              ) -> BulkLoadResult:
    """Build a new store from ``sources`` (spec and folder each) through the import tool; see the module.

    ``csv_dir``: where the CSV files go (kept); default a folder under ``settings.home`` that is removed after a
    successful import into medkg's own Neo4j. ``force``: replace an existing own store.
    """
    external = settings.uses_external_neo4j
    if not external:
        check_own_store(settings, force)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = csv_dir or settings.home / "import" / stamp
    graph = BulkGraph(folder)
    started = datetime.now(timezone.utc)
    read = []
    for spec, path in sources:
        progress(f"reading {spec.name} ({path}) …")
        read.append(import_source(spec, path, vocabulary, graph))
    result = BulkLoadResult(read, graph.close(), (datetime.now(timezone.utc) - started).total_seconds())
    if external:
        result.command = admin_command(result.files, settings.neo4j_database)
        return result
    progress(f"importing {result.files.nodes} nodes and {result.files.relationships} relationships …")
    started = datetime.now(timezone.utc)
    run_import_tool(result.files, server_paths(settings).data, settings.neo4j_database, force, settings.neo4j_heap)
    result.import_seconds = (datetime.now(timezone.utc) - started).total_seconds()
    progress("starting Neo4j and creating constraints and indexes …")
    start_server(settings)
    with open_driver(settings) as driver:
        prepare_loaded_store(driver, settings.neo4j_database, settings.embedding_dim)
        Ledger(driver, settings.neo4j_database).ensure_schema()
    if csv_dir is None:
        shutil.rmtree(folder, ignore_errors=True)
    return result
