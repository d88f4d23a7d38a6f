"""Pure units: hand-off models validate their inputs and are frozen."""

import pytest
from pydantic import ValidationError

from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType


def test_entity_ids_need_a_prefix() -> None:
    with pytest.raises(ValidationError, match="PREFIX:LOCAL"):
        Entity(id="D006973", label=NodeLabel.DISEASE, name="Hypertension")


def test_models_are_frozen() -> None:
    entity = Entity(id="MESH:D006973", label=NodeLabel.DISEASE, name="Hypertension")
    with pytest.raises(ValidationError):
        entity.name = "other"  # type: ignore[misc]


def test_a_relation_needs_evidence() -> None:
    with pytest.raises(ValidationError):
        Relation(type=RelType.TREATS, head="MESH:D1", tail="MESH:D2", evidence=())


def test_evidence_keys_are_stable_and_distinguish_places() -> None:
    ev = Evidence(source="pubmed", document_id="PMID:1", text="a", start=0, end=1,
                  kind=EvidenceKind.LITERATURE_EXTRACTION)
    assert ev.key("TREATS|A:1|B:2") == ev.key("TREATS|A:1|B:2")
    assert ev.key("TREATS|A:1|B:2") != ev.model_copy(update={"start": 5}).key("TREATS|A:1|B:2")
    assert ev.key("TREATS|A:1|B:2") != ev.key("CAUSES|A:1|B:2")
