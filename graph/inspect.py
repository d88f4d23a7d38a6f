"""Read-only facts about the database: version, address, size and counts."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph import cypher
from core.settings import Settings


def _single(driver: Driver, database: str, query: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(query, database_=database, routing_="r")
    return records[0].data() if records else {}


def database_status(driver: Driver, settings: Settings) -> dict[str, Any]:
    from graph.launcher import read_pid, server_paths, store_size_bytes

    database = settings.neo4j_database
    component = _single(driver, database, cypher.dbms_version())
    status: dict[str, Any] = {
        "address": settings.bolt_uri,
        "version": f"Neo4j {component.get('version')} {component.get('edition')}",
        "database": database,
        "nodes": _single(driver, database, cypher.count_nodes())["n"],
        "relationships": _single(driver, database, cypher.count_relationships())["n"],
    }
    if not settings.uses_external_neo4j:
        status["pid"] = read_pid(server_paths(settings))
        status["home"] = str(settings.neo4j_home)
        status["store size (MB)"] = round(store_size_bytes(settings) / 1e6, 1)
    return status


def counts(driver: Driver, database: str) -> dict[str, dict[str, int]]:
    labels, _, _ = driver.execute_query(cypher.counts_by_label(), database_=database, routing_="r")
    types, _, _ = driver.execute_query(cypher.counts_by_type(), database_=database, routing_="r")
    return {
        "labels": {r["label"]: r["n"] for r in labels},
        "relationships": {r["type"]: r["n"] for r in types},
    }
