"""Link prediction as hypotheses: top-k tails (or heads) for an entity and a relation, known edges excluded.

Every ``Prediction`` has ``hypothesis=True``: it is what the embedding suggests, never a fact of the graph.
Candidates are restricted to the kinds of entity seen at that end of the relation in training (a TREATS tail is
a Disease), and the query entity itself is never proposed. ``load_predictor`` is cheap to call repeatedly: it
returns ``None`` when no run exists, without importing torch, and caches a loaded run in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from embeddings.registry import RunNotFound, find_run_path, load_id_maps, load_model, load_split, read_run
from core.errors import MedkgError
from core.settings import Settings


class UnknownEntityOrRelation(MedkgError):
    """The entity or relation did not take part in the run's training data."""


Known = dict[tuple[int, int], set[int]]  # (entity, relation) → the entities known at the other end


def known_ends(triples: np.ndarray) -> tuple[Known, Known]:
    """The known tails of every (head, relation) and the known heads of every (tail, relation) among ``triples``."""
    tails: Known = defaultdict(set)
    heads: Known = defaultdict(set)
    for head, relation, tail in triples.tolist():
        tails[(head, relation)].add(tail)
        heads[(tail, relation)].add(head)
    return tails, heads


@dataclass(frozen=True)
class Prediction:
    id: str
    relation: str
    score: float
    hypothesis: bool = True


class Predictor:
    """A trained run, loaded once: scores all candidate entities for one (entity, relation) query."""

    def __init__(self, path: Path, device: str = "cpu") -> None:
        self.path = path
        self.run = read_run(path)
        self.entities, self.labels, self.relations = load_id_maps(path)
        self.entity_ids = {entity: index for index, entity in enumerate(self.entities)}
        self.relation_ids = {relation: index for index, relation in enumerate(self.relations)}
        self.model = load_model(path, device)
        split = load_split(path)
        known = np.concatenate([split.train, split.validation, split.test])
        self._known_tails, self._known_heads = known_ends(known)
        kinds_at_tail: dict[int, set[str]] = defaultdict(set)
        kinds_at_head: dict[int, set[str]] = defaultdict(set)
        for head, relation, tail in known.tolist():
            kinds_at_tail[relation].add(self.labels[tail])
            kinds_at_head[relation].add(self.labels[head])
        labels = np.array(self.labels)
        self._tail_candidates = {r: np.isin(labels, sorted(k)) for r, k in kinds_at_tail.items()}
        self._head_candidates = {r: np.isin(labels, sorted(k)) for r, k in kinds_at_head.items()}

    def predict_tails(self, head_id: str, relation: str, k: int = 10) -> list[Prediction]:
        """The ``k`` best new tails for ``(head_id, relation, ?)``."""
        return self._predict(head_id, relation, k, reverse=False)

    def predict_heads(self, tail_id: str, relation: str, k: int = 10) -> list[Prediction]:
        """The ``k`` best new heads for ``(?, relation, tail_id)``."""
        return self._predict(tail_id, relation, k, reverse=True)

    def _predict(self, entity_id: str, relation: str, k: int, reverse: bool) -> list[Prediction]:
        entity, rel = self._ids(entity_id, relation)
        scores = self.scores(entity, rel, reverse)
        return [Prediction(id=self.entities[i], relation=relation, score=float(scores[i]))
                for i in self.top(entity, rel, scores, k, reverse)]

    def top(self, entity: int, relation: int, scores: np.ndarray, k: int, reverse: bool,
            known: Known | None = None) -> np.ndarray:
        """The ``k`` best-scored candidates, best first: entities of a kind seen at that end of the relation, neither
        the query entity nor a known end of ``(entity, relation)`` (``known``: default every triple of the run)."""
        if known is None:
            known = self._known_heads if reverse else self._known_tails
        allowed = (self._head_candidates if reverse else self._tail_candidates)[relation].copy()
        allowed[list(known.get((entity, relation), set()) | {entity})] = False
        candidates = np.flatnonzero(allowed)
        if k <= 0 or len(candidates) == 0:
            return candidates[:0]
        return candidates[np.argsort(-scores[candidates], kind="stable")[:k]]

    def scores(self, entity: int, relation: int, reverse: bool) -> np.ndarray:
        """Model scores of every entity as the missing end of the query (higher is more plausible)."""
        return self.batch_scores([entity], relation, reverse)[0]

    def batch_scores(self, entities: Sequence[int], relation: int, reverse: bool) -> np.ndarray:
        """``scores`` of several queries of one relation at once: one row per entity."""
        import torch

        with torch.inference_mode():
            pairs = [[relation, entity] if reverse else [entity, relation] for entity in entities]
            batch = torch.tensor(pairs, dtype=torch.long)
            scores = self.model.score_h(batch) if reverse else self.model.score_t(batch)
        return scores.detach().float().cpu().numpy()

    def _ids(self, entity_id: str, relation: str) -> tuple[int, int]:
        if relation not in self.relation_ids:
            raise UnknownEntityOrRelation(
                f"relation {relation!r} is not in run {self.run.name} ({', '.join(self.relations)})")
        if entity_id not in self.entity_ids:
            raise UnknownEntityOrRelation(f"entity {entity_id!r} has no embedding in run {self.run.name}")
        return self.entity_ids[entity_id], self.relation_ids[relation]


@lru_cache(maxsize=4)
def _cached_predictor(path: Path, mtime_ns: int) -> Predictor:
    return Predictor(path)


def load_predictor(settings: Settings, run: str = "latest") -> Predictor | None:
    """The predictor of ``run`` (default the newest), loaded once and kept in memory; ``None`` when no run exists."""
    path = find_run_path(settings, run)
    if path is None:
        return None
    return _cached_predictor(path, (path / "run.json").stat().st_mtime_ns)


def predict(
    settings: Settings, entity_id: str, relation: str, k: int = 10, run: str = "latest", reverse: bool = False,
) -> list[Prediction]:
    """Top-``k`` hypotheses for ``(entity_id, relation, ?)`` (or ``(?, relation, entity_id)`` with ``reverse``)."""
    predictor = load_predictor(settings, run)
    if predictor is None:
        raise RunNotFound(f"no embedding run {run!r}; train one with `medkg embeddings train`")
    if reverse:
        return predictor.predict_heads(entity_id, relation, k)
    return predictor.predict_tails(entity_id, relation, k)
