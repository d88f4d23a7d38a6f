"""The bulk first load: the writer's typed batches collected into CSV files for Neo4j's own import tool
(``neo4j-admin database import full``), which builds a new store offline far faster than transactions can.

``BulkGraph`` has the writer's typed methods (``graph.writer.FactWriter``: ``write_entities``,
``write_documents``, ``write_relations``), so a producer that writes through ``GraphWriter``
(``ingest.sources.registry.import_source`` …) can write through it instead. It takes its rows from ``graph.rows`` (the same mapping the
writer sends as parameters) and applies what the writer's ``MERGE`` statements do to repeated writes — the first
name, list unions, labels added, document fields replaced, evidence written once, relation summaries counted —
so the store it makes is the graph the transactional path makes (``tests/ingest/test_bulk_load.py`` compares
exports). Evidence and its document links stream to disk; entities, documents and relation summaries stay in
memory until ``close`` writes them.

CSV header format (Neo4j operations manual, "Import"): ``id:ID(Entity)``, ``:LABEL``, ``:START_ID(Entity)``,
``:END_ID(Entity)``, ``:TYPE`` and typed properties such as ``synonyms:string[]``; an empty unquoted field is
no property, ``""`` an empty string.
"""

from __future__ import annotations

import csv
import os
import shlex
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import UnionType
from typing import IO, Any, get_args, get_origin

from neo4j import Driver

from core.errors import BadInput, ServerError
from core.settings import Settings
from graph import cypher
from graph.cypher import DOCUMENT, ENTITY, EVIDENCE
from graph.launcher import java_path, launcher_classpath, read_pid, server_paths
from graph.models import Document, Entity, Evidence, Relation
from graph.rows import (
    document_rows_by_label, entity_rows_by_label, relation_rows_by_type, synonyms_text, with_new_evidence,
)
from graph.writer import WriteSummary, create_schema

ARRAY_DELIMITER = "\x1f"  # the unit separator: never in a name, so lists and labels split only where we split them
ARRAY_DELIMITER_OPTION = "U+001F"
FROM_DOCUMENT = "FROM_DOCUMENT"
ADMIN_TOOL_CLASS = "org.neo4j.cli.AdminTool"  # neo4j-admin's entry point (org.neo4j:neo4j-command-line)
ENTITY_LISTS = ("synonyms", "xrefs", "sources")
EVIDENCE_LINK_FIELDS = {"rel_key": "string", "rel_type": "string", "head": "string", "tail": "string",
                        "ingested_at": "datetime"}


def neo4j_type(value: Any) -> str:
    """The import tool's type of one Python value (``bool`` before ``int``: a bool is an int in Python)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, (list, tuple)):
        return "string[]"
    return "string"


def _field_type(annotation: Any) -> str:
    """The import tool's type of a pydantic field (``int | None`` → ``long``; ``tuple[int, ...] | None`` →
    ``long[]``; enums and text → ``string``)."""
    if isinstance(annotation, UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) in (tuple, list):
        return _field_type(get_args(annotation)[0]) + "[]"
    return {bool: "boolean", int: "long", float: "double"}.get(annotation, "string")


EVIDENCE_FIELDS = {"id": "string", **{name: _field_type(info.annotation) for name, info in
                                      Evidence.model_fields.items()}, **EVIDENCE_LINK_FIELDS}
EVIDENCE_LIST_FIELDS = tuple(name for name, kind in EVIDENCE_FIELDS.items() if kind.endswith("[]"))


def csv_cell(value: Any) -> str:
    """One CSV field: nothing for null (and an empty list, which the tool cannot write: ``prepare_loaded_store``
    sets it), quoted text (``"`` doubled) and lists, plain numbers and booleans. (Text first: most cells are.)"""
    kind = type(value)
    if kind is str:
        return '"' + value.replace('"', '""') + '"'
    if value is None or value == [] or value == ():
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return csv_cell(ARRAY_DELIMITER.join(str(item) for item in value))
    return csv_cell(str(value))


def csv_line(values: Iterable[Any]) -> str:
    return ",".join(csv_cell(value) for value in values) + "\n"


@dataclass
class CsvFile:
    """One file for ``--nodes=[LABEL=]PATH`` or ``--relationships=PATH``."""

    kind: str  # "nodes" or "relationships"
    path: Path
    label: str | None = None

    @property
    def option(self) -> str:
        return f"--{self.kind}={self.label + '=' if self.label else ''}{self.path}"


@dataclass
class BulkFiles:
    """What ``BulkGraph.close`` wrote: the files, whether values span lines, and the counts."""

    folder: Path
    files: list[CsvFile]
    multiline: bool
    nodes: int
    relationships: int

    def import_arguments(self, database: str, overwrite: bool = False) -> list[str]:
        """``neo4j-admin``'s arguments: ``database import full`` with every file, strict about bad input."""
        arguments = ["database", "import", "full", *(f.option for f in self.files),
                     f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--bad-tolerance=0",
                     f"--report-file={self.folder / 'import.report'}"]
        if self.multiline:
            arguments.append("--multiline-fields=true")
        if overwrite:
            arguments.append("--overwrite-destination=true")
        return [*arguments, database]


@dataclass
class _Relation:
    head: str
    tail: str
    type: str
    evidence_count: int
    best_confidence: float
    sources: list[str]


@dataclass
class BulkGraph:
    """Collects what the writer would write and writes it as import CSV files in ``folder`` (see the module)."""

    folder: Path
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._entities: dict[str, dict[str, Any]] = {}
        self._documents: dict[str, dict[str, Any]] = {}
        self._relations: dict[tuple[str, str], _Relation] = {}
        self._evidence_ids: set[str] = set()
        self._evidence_file: IO[str] | None = None
        self._links_file: IO[str] | None = None
        self._links = 0
        self._now = self.now.isoformat()
        self._evidence_csv: Any = None
        self.multiline = False

    # the writer's typed methods ---------------------------------------------------------------------------
    def write_entities(self, entities: Iterable[Entity]) -> int:
        """As ``cypher.merge_entities``: labels added, the first name kept, lists the union in order given."""
        count = 0
        for label, rows in entity_rows_by_label(entities).items():
            for row in rows:
                node = self._entities.setdefault(row["id"], {"labels": [], "name": row["name"], "synonyms": [],
                                                             "xrefs": [], "sources": []})
                if label.value not in node["labels"]:
                    node["labels"].append(label.value)
                for key in ENTITY_LISTS:
                    node[key].extend(x for x in row[key] if x not in node[key])
            count += len(rows)
        return count

    def write_documents(self, documents: Iterable[Document]) -> int:
        """As ``cypher.merge_documents``: labels added, fields replaced, free properties merged; null removes."""
        count = 0
        for label, rows in document_rows_by_label(documents).items():
            for row in rows:
                node = self._documents.setdefault(row["id"], {"labels": [], "properties": {}})
                if label.value not in node["labels"]:
                    node["labels"].append(label.value)
                fields = {key: row[key] for key in ("title", "source", "version", "url", "published")}
                merged = {**node["properties"], **fields, **row["properties"]}
                node["properties"] = {key: value for key, value in merged.items() if value is not None}
            count += len(rows)
        return count

    def write_relations(self, relations: Iterable[Relation]) -> WriteSummary:
        """As ``cypher.merge_relations``: only rows whose ends exist now, only new evidence, summaries added to."""
        summary = WriteSummary()
        for rows in relation_rows_by_type(relations).values():
            for row in rows:
                summary.evidence += len(row["evidence"])
                if row["head"] not in self._entities or row["tail"] not in self._entities:
                    summary.relations_missing_ends += 1
                    continue
                summary.relations += 1
                new = with_new_evidence(row, self._evidence_ids)
                if new is not None:
                    self._add_relation(new)
        return summary

    def replace_source_evidence(self, source: str, stated: set[str], reason: str) -> int:
        """As ``GraphWriter.replace_source_evidence``; a new store holds no earlier import to retract from."""
        return 0

    def _add_relation(self, row: dict[str, Any]) -> None:
        known = self._relations.get((row["type"], row["key"]))
        if known is None:
            self._relations[(row["type"], row["key"])] = _Relation(
                row["head"], row["tail"], row["type"], row["evidence_count"], row["best_confidence"], row["sources"])
        else:
            known.evidence_count += row["evidence_count"]
            known.best_confidence = max(known.best_confidence, row["best_confidence"])
            known.sources = sorted({*known.sources, *row["sources"]})
        for ev in row["evidence"]:
            self._evidence_ids.add(ev["id"])
            self._write_evidence(ev, row)

    def _write_evidence(self, ev: dict[str, Any], row: dict[str, Any]) -> None:
        if self._evidence_file is None:
            self._evidence_file = self._open("evidence.csv", _header(EVIDENCE_FIELDS, f"id:ID({EVIDENCE})"))
            self._links_file = self._open("evidence-documents.csv", f":START_ID({EVIDENCE}),:END_ID({DOCUMENT})\n")
            self._evidence_csv = csv.writer(self._evidence_file, lineterminator="\n")
        values = {**ev, "rel_key": row["key"], "rel_type": row["type"], "head": row["head"], "tail": row["tail"],
                  "ingested_at": self._now}
        for name in EVIDENCE_LIST_FIELDS:  # a list cell is its items joined by the array delimiter
            if values.get(name):
                values[name] = ARRAY_DELIMITER.join(map(str, values[name]))
        cells = list(map(values.get, EVIDENCE_FIELDS))
        if "" in cells:  # the csv module writes "" as nothing (a null); csv_cell keeps it an empty string
            self._evidence_file.write(self._line(cells))
        else:  # text, numbers and nulls only: the C writer (quotes what needs it), many times faster
            self._evidence_csv.writerow(cells)
        if ev["document_id"] in self._documents:  # linked when the document is in the graph, as the writer does
            assert self._links_file is not None
            self._links_file.write(csv_line((ev["id"], ev["document_id"])))
            self._links += 1

    def _line(self, values: Iterable[Any]) -> str:
        """A node line, noting whether a value spans lines."""
        line = ",".join([csv_cell(value) for value in values])
        if "\n" in line or "\r" in line:
            self.multiline = True
        return f"{line}\n"

    def _open(self, name: str, header: str) -> IO[str]:
        handle = (self.folder / name).open("w", encoding="utf-8", newline="")
        handle.write(header)
        return handle

    # the files -----------------------------------------------------------------------------------------------
    def close(self) -> BulkFiles:
        """Write entities, documents and relationships, close the evidence files; returns what to import."""
        files = [CsvFile("nodes", self._write_entities())]
        files += [CsvFile("nodes", path) for path in self._write_documents()]
        files.append(CsvFile("relationships", self._write_relationships()))
        if self._evidence_file is not None and self._links_file is not None:
            self._evidence_file.close()
            self._links_file.close()
            self.multiline |= _spans_lines(self.folder / "evidence.csv", len(self._evidence_ids) + 1)
            files.append(CsvFile("nodes", self.folder / "evidence.csv", EVIDENCE))
            if self._links:  # (a file naming the Document id space needs documents: the tool refuses it without)
                files.append(CsvFile("relationships", self.folder / "evidence-documents.csv", FROM_DOCUMENT))
        nodes = len(self._entities) + len(self._documents) + len(self._evidence_ids)
        return BulkFiles(self.folder, files, self.multiline, nodes, len(self._relations) + self._links)

    def _write_entities(self) -> Path:
        path = self.folder / "entities.csv"
        columns = {"name": "string", **{key: "string[]" for key in ENTITY_LISTS}, "synonyms_text": "string"}
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(_header(columns, f"id:ID({ENTITY})", ":LABEL"))
            for entity_id, node in self._entities.items():
                handle.write(self._line((entity_id, [ENTITY, *node["labels"]], node["name"], node["synonyms"],
                                         node["xrefs"], node["sources"], synonyms_text(node["synonyms"]))))
        return path

    def _write_documents(self) -> Iterator[Path]:
        """One file per set of property columns and types (documents' free properties differ by source)."""
        groups: dict[tuple[tuple[str, str], ...], list[tuple[str, dict[str, Any]]]] = {}
        for document_id, node in self._documents.items():
            signature = tuple((key, neo4j_type(value)) for key, value in sorted(node["properties"].items()))
            groups.setdefault(signature, []).append((document_id, node))
        for number, (signature, nodes) in enumerate(groups.items()):
            path = self.folder / f"documents-{number}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(_header(dict(signature), f"id:ID({DOCUMENT})", ":LABEL"))
                for document_id, node in nodes:
                    handle.write(self._line((document_id, [DOCUMENT, *node["labels"]],
                                             *(node["properties"][key] for key, _ in signature))))
            yield path

    def _write_relationships(self) -> Path:
        path = self.folder / "relations.csv"
        columns = {"created_at": "datetime", "evidence_count": "long", "best_confidence": "double",
                   "sources": "string[]", "active": "boolean"}
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(f":START_ID({ENTITY}),:END_ID({ENTITY}),:TYPE,{_header(columns)}")
            rows = csv.writer(handle, lineterminator="\n")  # the C writer; ids, types and sources are never ""
            rows.writerows((r.head, r.tail, r.type, self._now, r.evidence_count, repr(r.best_confidence),
                            ARRAY_DELIMITER.join(r.sources), "true") for r in self._relations.values())
        return path


def _spans_lines(path: Path, lines: int) -> bool:
    """Whether a file written with ``lines`` lines holds more line breaks (a quoted value over several lines)."""
    breaks, carriage = 0, False
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            breaks += block.count(b"\n")
            carriage = carriage or b"\r" in block
    return carriage or breaks > lines


def _header(columns: dict[str, str], *leading: str) -> str:
    """A header line: the leading special columns, then ``name:type`` per property (``id`` is the ID column's)."""
    typed = [f"{name}:{kind}" for name, kind in columns.items() if name != "id"]
    return ",".join([*leading, *typed]) + "\n"


def run_import_tool(files: BulkFiles, neo4j_home: Path, database: str, overwrite: bool, heap: str) -> str:
    """Run ``neo4j-admin database import full`` (the import tool on the launcher's classpath) into the store
    under ``neo4j_home`` (``graph.launcher.ServerPaths.data``); returns its output, raises ``ServerError`` with
    the output's end when it fails. The tool's own log is ``import.log`` beside the CSV files."""
    java = java_path("run Neo4j's import tool")
    neo4j_home.mkdir(parents=True, exist_ok=True)
    command = [java, f"-Xmx{heap}", "-cp", launcher_classpath(), ADMIN_TOOL_CLASS,
               *files.import_arguments(database, overwrite)]
    env = {**os.environ, "NEO4J_HOME": str(neo4j_home), "NEO4J_CONF": str(neo4j_home / "conf")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    (files.folder / "import.log").write_text(output, encoding="utf-8")
    if result.returncode != 0:
        raise ServerError(f"Neo4j's import tool failed (exit {result.returncode}); full output in "
                          f"{files.folder / 'import.log'}:\n{output[-3000:]}")
    return output


def admin_command(files: BulkFiles, database: str) -> str:
    """The ``neo4j-admin`` command line that imports these files into another Neo4j (run on its server)."""
    return "neo4j-admin " + " ".join(shlex.quote(arg) for arg in files.import_arguments(database))


class StoreExists(BadInput):
    """The store the bulk import would build is there already (and ``--force`` was not given)."""


def store_folder(settings: Settings) -> Path:
    """Where medkg's own Neo4j keeps the database's store files."""
    return server_paths(settings).data / "data" / "databases" / settings.neo4j_database


def check_own_store(settings: Settings, force: bool) -> None:
    """Refuse, before anything is read, what the import tool cannot do: write the store of a running Neo4j,
    replace an existing store without ``force``, or make a database medkg's own Neo4j does not serve."""
    paths = server_paths(settings)
    pid = read_pid(paths)
    if pid is not None:
        raise ServerError(f"medkg's Neo4j is running on this store (pid {pid}, home {paths.home}); the import tool "
                          f"builds a store offline: stop it first with `medkg db stop`.")
    if settings.neo4j_database != "neo4j":
        raise BadInput(f"medkg's own Neo4j serves the database 'neo4j' only, not {settings.neo4j_database!r}; "
                       f"unset NEO4J_DATABASE, or set NEO4J_URI to import into another server.")
    store = store_folder(settings)
    if store.is_dir() and any(store.iterdir()) and not force:
        raise StoreExists(f"a store exists at {store}; `medkg db import --force` replaces it (everything in it "
                          f"is lost), or set MEDKG_HOME to build a new one elsewhere.")


def prepare_loaded_store(driver: Driver, database: str, embedding_dim: int) -> list[str]:
    """After the load, on the running server: the schema of ``medkg db init`` (constraints and indexes, built
    from the loaded data) and the empty lists the import tool cannot write. Returns the schema statements."""
    statements = create_schema(driver, database, embedding_dim)
    driver.execute_query(cypher.fill_empty_entity_lists(), database_=database)
    return statements
