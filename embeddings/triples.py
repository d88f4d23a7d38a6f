"""Typed triples out of Neo4j with stable id maps, a content hash, and a leakage-free deterministic split."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from neo4j import Driver

from embeddings import cypher
from core.errors import MedkgError


class NotEnoughTriples(MedkgError):
    """The graph has too few relationships between entities to train or evaluate on."""


@dataclass(frozen=True)
class GraphTriples:
    """Triples as integer ids. Entities and relations are numbered in sorted order of their ids, so the same graph
    always gives the same maps; ``labels[i]`` is the kind of entity ``i`` (``Drug``, ``Disease`` …)."""

    entities: tuple[str, ...]
    labels: tuple[str, ...]
    relations: tuple[str, ...]
    triples: np.ndarray  # (n, 3) int64: head, relation, tail; sorted, distinct

    @property
    def entity_to_id(self) -> dict[str, int]:
        return {entity: index for index, entity in enumerate(self.entities)}

    @property
    def relation_to_id(self) -> dict[str, int]:
        return {relation: index for index, relation in enumerate(self.relations)}

    def data_hash(self) -> str:
        """SHA-256 over the labelled triples: the same graph content gives the same hash."""
        digest = hashlib.sha256()
        for head, relation, tail in self.triples.tolist():
            digest.update(f"{self.entities[head]}\t{self.relations[relation]}\t{self.entities[tail]}\n".encode())
        return digest.hexdigest()


def from_labeled(rows: list[tuple[str, str, str]], kinds: dict[str, str] | None = None) -> GraphTriples:
    """Number labelled ``(head, relation, tail)`` rows; entities without a triple are left out."""
    kinds = kinds or {}
    entities = tuple(sorted({row[0] for row in rows} | {row[2] for row in rows}))
    relations = tuple(sorted({row[1] for row in rows}))
    entity_ids = {entity: index for index, entity in enumerate(entities)}
    relation_ids = {relation: index for index, relation in enumerate(relations)}
    mapped = np.array(
        sorted({(entity_ids[h], relation_ids[r], entity_ids[t]) for h, r, t in rows}), dtype=np.int64,
    ).reshape(-1, 3)
    labels = tuple(kinds.get(entity) or "Entity" for entity in entities)
    return GraphTriples(entities=entities, labels=labels, relations=relations, triples=mapped)


def export_triples(driver: Driver, database: str) -> GraphTriples:
    """All active relationships between ``Entity`` nodes (Evidence and Document nodes never take part)."""
    with driver.session(database=database) as session:
        kinds = {record["id"]: record["label"] for record in session.run(cypher.export_entities())}
        rows = [(r["head"], r["relation"], r["tail"]) for r in session.run(cypher.export_triples())]
    if not rows:
        raise NotEnoughTriples("the graph has no relationships between entities; import data first (medkg demo)")
    return from_labeled(rows, kinds)


@dataclass(frozen=True)
class Split:
    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def split_triples(
    triples: np.ndarray, ratios: tuple[float, float] = (0.1, 0.1), seed: int = 42,
) -> Split:
    """Deterministic train/validation/test split with no leakage across the two directions of a pair.

    Triples are grouped by (relation, unordered entity pair): ``(h, r, t)`` and its inverse ``(t, r, h)`` always land
    in the same part, so no test triple has its reverse direction in training. ``ratios`` are the validation and
    test fractions of the groups. A held-out group whose entity or relation never occurs in training moves back
    to training (an embedding that never trained cannot be evaluated).
    """
    if len(triples) < 10:
        raise NotEnoughTriples(f"only {len(triples)} triples; at least 10 are needed for a split")
    lo, hi = np.minimum(triples[:, 0], triples[:, 2]), np.maximum(triples[:, 0], triples[:, 2])
    keys = np.stack([triples[:, 1], lo, hi], axis=1)
    groups, group_of = np.unique(keys, axis=0, return_inverse=True)
    group_of = group_of.reshape(-1)
    order = np.random.default_rng(seed).permutation(len(groups))
    n_valid, n_test = (int(round(ratio * len(groups))) for ratio in ratios)
    part = np.zeros(len(groups), dtype=np.int8)  # 0 train, 1 validation, 2 test
    part[order[:n_test]] = 2
    part[order[n_test:n_test + n_valid]] = 1
    triple_part = part[group_of]
    _move_unseen_to_train(triples, group_of, triple_part)
    return Split(*(triples[triple_part == p] for p in (0, 1, 2)))


def _move_unseen_to_train(triples: np.ndarray, group_of: np.ndarray, triple_part: np.ndarray) -> None:
    """Move held-out groups that mention an entity or relation absent from training into training (in place)."""
    train = triples[triple_part == 0]
    seen_entities = set(train[:, 0].tolist()) | set(train[:, 2].tolist())
    seen_relations = set(train[:, 1].tolist())
    unseen_groups = {
        int(group_of[i]) for i in np.flatnonzero(triple_part != 0)
        if triples[i, 0] not in seen_entities or triples[i, 2] not in seen_entities
        or triples[i, 1] not in seen_relations
    }
    if unseen_groups:
        triple_part[np.isin(group_of, list(unseen_groups))] = 0


def scored_sample(rows: np.ndarray, limit: int | None, seed: int) -> np.ndarray:
    """A fixed random sample of at most ``limit`` rows (held-out triples, queries) to score, in their order (all of
    them when ``limit`` is None)."""
    if limit is None or len(rows) <= limit:
        return rows
    picked = np.random.default_rng(seed).choice(len(rows), size=limit, replace=False)
    return rows[np.sort(picked)]
