"""Clinician questions → intent + linked entities → read-only Cypher templates (+ embeddings) → ranked answers."""

from query.models import Answer, AnswerItem, Badge, EntityMatch, EvidenceRef, Intent

__all__ = ["Answer", "AnswerItem", "Badge", "EntityMatch", "EvidenceRef", "Intent"]
