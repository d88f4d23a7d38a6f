"""PubTator3's concepts and BioREx relations as our entities and relations (the table is in docs/pubtator3.md).

Concept ids go through the vocabulary (``vocabulary.annotations.corpus_id``: ``MESH:D…``/``MESH:C…`` stay MeSH,
NCBI Gene digits become ``NCBIGENE:``), then to the canonical entity of a kind the PubTator3 type allows
(``vocabulary.confidence.LABELS_OF_TYPE``: a PubTator3 Disease may be our Phenotype). An id the vocabulary does not
know is counted, never invented. Relation types map by the pair of entity types, not by the order of the roles:
the file writes ``cause  Disease|…  ProteinMutation|…`` as readily as ``treat  Chemical|…  Disease|…``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from graph.models import Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType
from ingest.readers.pubtator3 import ConceptLine, RelationLine, Role
from vocabulary.annotations import corpus_id
from vocabulary.confidence import LABELS_OF_TYPE

SOURCE = "pubtator3"
EXTRACTOR = "PubTator3 (BioREx)"
EXTRACTOR_VERSION = "3"
# The bulk file has no score per relation; 0.5 is what the ranking assumes for extracted evidence of unknown
# confidence (query.ranking._best_confidence), so a PubTator3 fact neither out- nor under-ranks an unscored one.
CONFIDENCE = 0.5
ID_CACHE_SIZE = 1 << 20  # distinct concept ids resolved and remembered (PubTator3 has ~4.6M; memory stays bounded)

# BioRED's names (BioC XML, the BioRED corpus) → the bulk file's names.
RELATION_ALIASES = {
    "association": "associate", "positive_correlation": "positive_correlate",
    "negative_correlation": "negative_correlate", "bind": "interact", "binding": "interact",
    "cotreatment": "cotreat", "comparison": "compare", "drug_interaction": "drug_interact", "conversion": "convert",
}
CHEMICAL, DISEASE, GENE = "Chemical", "Disease", "Gene"
# (pair of entity types, relation) → (our type, the entity type that is the head). Anything else is skipped.
RELATION_RULES: dict[tuple[frozenset[str], str], tuple[RelType, str]] = {
    (frozenset({CHEMICAL, DISEASE}), "treat"): (RelType.TREATS, CHEMICAL),
    (frozenset({CHEMICAL, DISEASE}), "negative_correlate"): (RelType.TREATS, CHEMICAL),
    (frozenset({CHEMICAL, DISEASE}), "cause"): (RelType.CAUSES, CHEMICAL),
    (frozenset({CHEMICAL, DISEASE}), "positive_correlate"): (RelType.CAUSES, CHEMICAL),
    (frozenset({CHEMICAL, GENE}), "interact"): (RelType.TARGETS, CHEMICAL),
    (frozenset({CHEMICAL}), "drug_interact"): (RelType.INTERACTS_WITH, CHEMICAL),
    **{(frozenset({DISEASE, GENE}), name): (RelType.ASSOCIATED_WITH, DISEASE)
       for name in ("associate", "positive_correlate", "negative_correlate", "stimulate", "inhibit", "cause")},
}
MODELLED_TYPES = frozenset(LABELS_OF_TYPE)


class VocabularyLike(Protocol):
    def canonical_id(self, any_id: str, label: NodeLabel | None = None) -> str | None: ...

    def entity(self, any_id: str, source: str, label: NodeLabel | None = None) -> Entity | None: ...


@dataclass
class MappingCounts:
    """What one file gave: lines by outcome, relations by our type, and why the rest was not written."""

    lines: int = 0
    concepts_mapped: int = 0
    relations_mapped: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # reason → lines (or concept ids)

    def as_dict(self) -> dict[str, object]:
        return {"lines": self.lines, "concepts_mapped": self.concepts_mapped,
                "relations_mapped": dict(self.relations_mapped), "skipped": dict(self.skipped.most_common())}


@lru_cache(maxsize=256)
def relation_name(raw: str) -> str:
    """``Positive_Correlation`` → ``positive_correlate``; the bulk file's own names stay as they are."""
    name = raw.strip().lower()
    return RELATION_ALIASES.get(name, name)


class Pubtator3Mapper:
    """Resolves PubTator3 concept ids through the vocabulary and maps lines to entities and relations."""

    def __init__(self, vocabulary: VocabularyLike) -> None:
        self.vocabulary = vocabulary
        self.counts = MappingCounts()
        self._canonical = lru_cache(maxsize=ID_CACHE_SIZE)(self._resolve)

    def _resolve(self, entity_type: str, raw_id: str) -> str | None:
        labels = LABELS_OF_TYPE[entity_type]
        ours = corpus_id(raw_id, labels[0])
        if ours is None:
            return None
        for label in labels:
            if (canonical := self.vocabulary.canonical_id(ours, label)) is not None:
                return canonical
        return None

    def entity(self, canonical_id: str) -> Entity:
        """The graph entity of a canonical id this mapper resolved (built only when it is to be written)."""
        found = self.vocabulary.entity(canonical_id, SOURCE)
        assert found is not None, canonical_id
        return found

    def concept_ids(self, line: ConceptLine) -> list[str]:
        """The canonical ids of a concepts line; ids the vocabulary does not know are counted by type."""
        self.counts.lines += 1
        if line.type not in MODELLED_TYPES:
            self.counts.skipped[f"concept type not modelled: {line.type}"] += 1
            return []
        if not line.ids:
            self.counts.skipped[f"{line.type} not normalised by PubTator3 (-)"] += 1
            return []
        found = []
        for raw_id in line.ids:
            canonical = self._canonical(line.type, raw_id)
            if canonical is None:
                self.counts.skipped[f"{line.type} id not in vocabulary"] += 1
            else:
                found.append(canonical)
        self.counts.concepts_mapped += len(found)
        return found

    def relation(self, line: RelationLine) -> Relation | None:
        """Our relation for a relations line (its ends are canonical ids), or ``None`` with the reason counted."""
        self.counts.lines += 1
        name = relation_name(line.type)
        rule = RELATION_RULES.get((frozenset({line.first.type, line.second.type}), name))
        if rule is None:
            self.counts.skipped[f"not mapped: {_pair(line)} {name}"] += 1
            return None
        rel_type, head_type = rule
        first = self._end(line.first)  # one reason counted per line: the second end is not looked at if the first fails
        second = self._end(line.second) if first is not None else None
        if first is None or second is None:
            return None
        ends, roles = (first, second), (line.first, line.second)
        if line.first.type != head_type:
            ends, roles = ends[::-1], roles[::-1]
        if rel_type is RelType.INTERACTS_WITH and ends[0] > ends[1]:  # symmetric: one direction per pair
            ends, roles = ends[::-1], roles[::-1]
        head, tail = ends
        if head == tail:
            self.counts.skipped["both roles are one entity of ours"] += 1
            return None
        self.counts.relations_mapped[rel_type.value] += 1
        return Relation(type=rel_type, head=head, tail=tail, evidence=(evidence(line.pmid, roles, name),))

    def _end(self, role: Role) -> str | None:
        ids = role.ids
        if not ids:
            self.counts.skipped[f"{role.type} not normalised by PubTator3 (-)"] += 1
            return None
        if len(ids) == 1:  # most roles: one id
            canonical = self._canonical(role.type, ids[0])
            found = set() if canonical is None else {canonical}
        else:
            found = {canonical for raw_id in ids if (canonical := self._canonical(role.type, raw_id)) is not None}
        if not found:
            self.counts.skipped[f"{role.type} id not in vocabulary"] += 1
            return None
        if len(found) > 1:
            self.counts.skipped[f"{role.type} role names several entities of ours"] += 1
            return None
        return found.pop()


def evidence(pmid: str, roles: tuple[Role, Role], name: str) -> Evidence:
    """Document-level evidence: no sentence, no offsets; the text says what PubTator3 stated, in its own ids, the
    roles in our head → tail order (the file's order may differ from one dump to the next; the evidence id, a
    hash of the text, must not)."""
    return Evidence(
        source=SOURCE, document_id=f"PMID:{pmid}", section="document", extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION, confidence=CONFIDENCE, kind=EvidenceKind.LITERATURE_EXTRACTION,
        text=f"PubTator3 (BioREx), whole article: {roles[0]} {name} {roles[1]}",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    )


def _pair(line: RelationLine) -> str:
    return "–".join(sorted({line.first.type, line.second.type}))


def unwritten(ids: Iterable[str], written: set[str]) -> list[str]:
    """Canonical ids not yet written in this run, now marked written (at most one per vocabulary entry)."""
    fresh = [canonical for canonical in dict.fromkeys(ids) if canonical not in written]
    written.update(fresh)
    return fresh
