"""Clinician questions → intent + linked entities → read-only Cypher templates (+ embeddings) → ranked answers.

``query.answer(question, *, driver, settings, limit=10, linker=None, predictor=None) -> Answer`` answers one
question; ``QueryEngine(driver, settings, load_models=True)`` loads the linker, embedder and predictor once and
answers many (``engine.answer(question, limit)``). Import the module itself as ``from query import answer as …``
only for the function: the submodule is ``query.answer`` (``from query.answer import QueryEngine`` works).
"""

from query.answer import QueryEngine, answer
from query.models import Answer, AnswerItem, Badge, EntityMatch, EvidenceRef, Intent

__all__ = ["Answer", "AnswerItem", "Badge", "EntityMatch", "EvidenceRef", "Intent", "QueryEngine", "answer"]
