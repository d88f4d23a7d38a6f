"""Suspected duplicate entities in the graph: nodes of the same kind whose names fold to the same text but
whose ids differ (e.g. ``DOID:1324`` "lung cancer" next to ``MESH:D008175`` "Lung Neoplasms" would not be found,
but ``DRUGBANK:DB00945`` "Acetylsalicylic acid" next to an entry named "acetylsalicylic acid" would)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from neo4j import Driver

from graph.cypher import entity_names
from vocabulary.normalize import fold


@dataclass(frozen=True)
class DuplicateGroup:
    name: str
    label: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    sources: tuple[str, ...]


def find_duplicates(driver: Driver, database: str, across_kinds: bool = False) -> list[DuplicateGroup]:
    """Groups of two or more ids sharing a folded name (within one kind unless ``across_kinds``), largest first."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with driver.session(database=database) as session:
        for record in session.run(entity_names()):
            key_name = fold(record["name"] or "")
            if not key_name:
                continue
            label = "*" if across_kinds else "|".join(sorted(record["labels"]))
            groups[(key_name, label)].append(record.data())
    found = []
    for (name, label), rows in groups.items():
        if len({row["id"] for row in rows}) < 2:
            continue
        rows.sort(key=lambda row: row["id"])
        found.append(DuplicateGroup(
            name=name, label=label, ids=tuple(row["id"] for row in rows),
            names=tuple(row["name"] for row in rows),
            sources=tuple(sorted({s for row in rows for s in row["sources"]})),
        ))
    found.sort(key=lambda group: (-len(group.ids), group.name))
    return found
