"""``find_duplicates`` / ``medkg graph duplicates`` against the session's real Neo4j."""

from __future__ import annotations

from neo4j import Driver

from graph.models import Entity, NodeLabel
from vocabulary.duplicates import find_duplicates
from graph.writer import GraphWriter


def test_same_folded_name_with_different_ids_is_reported(driver: Driver, database: str) -> None:
    GraphWriter(driver, database).write(entities=[
        Entity(id="MESH:D001241", label=NodeLabel.DRUG, name="Aspirin", sources=("mesh",)),
        Entity(id="DRUGBANK:DB00945", label=NodeLabel.DRUG, name="aspirin", sources=("hetionet",)),
        Entity(id="MESH:D006973", label=NodeLabel.DISEASE, name="Hypertension", sources=("mesh",)),
        Entity(id="UMLS:C0020538", label=NodeLabel.ADVERSE_EVENT, name="Hypertension", sources=("sider",)),
        Entity(id="MESH:D003924", label=NodeLabel.DISEASE, name="Diabetes Mellitus, Type 2", sources=("mesh",)),
    ])
    groups = find_duplicates(driver, database)
    assert [(g.name, g.ids) for g in groups] == [("aspirin", ("DRUGBANK:DB00945", "MESH:D001241"))]
    assert groups[0].sources == ("hetionet", "mesh")
    across = find_duplicates(driver, database, across_kinds=True)
    assert {g.name for g in across} == {"aspirin", "hypertension"}
