"""Running questions' Cypher safely: READ transactions with a timeout and a row limit, and an EXPLAIN gate.

Every statement the query layer runs goes through :class:`ReadOnlyRunner`. It opens the session in READ access mode
and runs the work with ``execute_read``, so even a statement that tried to write would be refused by Neo4j; the
timeout bounds how long any one question can hold the database, and at most ``row_limit`` rows are fetched.
:func:`explain_is_read_only` is the extra gate for statements that were not written by us (the optional LLM path).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, Driver, ManagedTransaction, Query, unit_of_work
from neo4j.exceptions import ClientError, Neo4jError

from core.errors import MedkgError
from core.settings import Settings


class QueryFailed(MedkgError):
    """A read statement failed (timeout, bad syntax from an LLM, database error)."""


# Procedures a generated statement may call; everything else (dbms.*, apoc.*, db.create* …) is refused.
ALLOWED_PROCEDURES = ("db.index.fulltext.querynodes", "db.index.vector.querynodes")
_FORBIDDEN_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH|GRANT|REVOKE|DENY|ALTER|RENAME|"
    r"START\s+DATABASE|STOP\s+DATABASE|TERMINATE|USE)\b",
    re.IGNORECASE,
)
_CALLS = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)


@dataclass
class ReadOnlyRunner:
    """Runs parameterised statements in READ transactions; records the statements it ran."""

    driver: Driver
    database: str
    timeout_s: float = 10.0
    row_limit: int = 1000
    statements: list[str] = field(default_factory=list)

    @classmethod
    def from_settings(cls, driver: Driver, settings: Settings) -> ReadOnlyRunner:
        """The runner every read of the query layer uses: the settings' database, timeout and row limit."""
        return cls(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s,
                   row_limit=settings.query_row_limit)

    def run(self, statement: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows (as dicts) of one read statement; at most ``row_limit`` of them."""
        self.statements.append(statement)
        params = dict(parameters or {})

        @unit_of_work(timeout=self.timeout_s)
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(statement, params)  # type: ignore[arg-type]  # text built from templates
            rows = [record.data() for record in result.fetch(self.row_limit)]
            result.consume()
            return rows

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                     notifications_min_severity="OFF") as session:
                return session.execute_read(work)
        except Neo4jError as error:
            raise QueryFailed(f"query failed: {error.code}: {error.message}") from error


def explain_is_read_only(driver: Driver, database: str, statement: str, timeout_s: float = 5.0) -> bool:
    """True when Neo4j plans ``statement`` as a read-only query ('r') and it calls no disallowed procedure.

    The statement is only EXPLAINed (planned, never executed), and in a READ session.
    """
    if not lexically_read_only(statement):
        return False
    try:
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            summary = session.run(Query(f"EXPLAIN {statement}", timeout=timeout_s)).consume()  # type: ignore[arg-type]
    except (ClientError, Neo4jError):
        return False
    return summary.query_type == "r"


def lexically_read_only(statement: str) -> bool:
    """A cheap first filter: one statement, no write/admin clause, and only allowed procedure calls."""
    text = _strip_strings_and_comments(statement)
    if ";" in text.strip().rstrip(";") or _FORBIDDEN_CLAUSES.search(text):
        return False
    if re.search(r"^\s*EXPLAIN|^\s*PROFILE", text, re.IGNORECASE):
        return False
    return all(name.lower() in ALLOWED_PROCEDURES for name in _CALLS.findall(text) if not name.startswith("{"))


def _strip_strings_and_comments(statement: str) -> str:
    without_comments = re.sub(r"//[^\n]*|/\*.*?\*/", " ", statement, flags=re.DOTALL)
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", without_comments)
