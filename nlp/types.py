"""The hand-off between the NLP models and the ingest pipeline: plain frozen records, no torch here.

Offsets are character offsets into the text given to ``Extractor.extract``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

ENTITY_TYPES = ("Chemical", "Disease", "Gene")
RELATION_TYPES = ("CID", "TREATS", "ADE", "DDI")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str  # one of ENTITY_TYPES
    score: float


@dataclass(frozen=True)
class RelationPrediction:
    head: int  # index into TextExtraction.mentions
    tail: int
    type: str  # one of RELATION_TYPES
    score: float
    negated: bool = False  # negated or speculative statements are never written as facts


@dataclass(frozen=True)
class TextExtraction:
    mentions: tuple[Mention, ...]
    relations: tuple[RelationPrediction, ...] = ()


class Extractor(Protocol):
    """Anything that finds mentions (and optionally relations) in texts, in batches.

    An extractor may also set ``document_level = True`` to be given whole passages of an article rather than its
    sentences (``ingest.pipeline.stages``); without it, ingest gives sentences."""

    name: str
    version: str

    def extract(self, texts: Sequence[str]) -> list[TextExtraction]: ...
