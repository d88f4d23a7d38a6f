"""When a found mention links well enough to take part in a fact: one rule for the fact builder (main process) and
for the relation gate of the NLP stage (workers), so relation extraction only scores pairs that could become facts.

The order is NER → linker → RE (docs/architecture.md): :meth:`MentionLinker.keeps` is the ``keep_mention`` hook of
``nlp.extractor.ModelExtractor.extract``; a pair is scored only when both of its mentions are kept.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol

from graph.models import NodeLabel
from nlp.types import Mention
from vocabulary.confidence import EXACT_METHODS, LABELS_OF_TYPE, confident_mention_link

MIN_MENTION_SCORE = 0.5  # weaker mentions (an undertrained model's guesses) never become facts
GENERIC_MENTIONS = frozenset({"disease", "diseases", "disorder", "disorders", "syndrome", "condition", "illness"})


class LinkerLike(Protocol):
    def link(self, mention: str, labels: Collection[NodeLabel] | None = None,
             context: str | None = None) -> Any: ...


class MentionLinker:
    """A linker with a per-run cache: ``(text lower-cased, labels)`` → link; the first context given wins."""

    def __init__(self, linker: LinkerLike) -> None:
        self.linker = linker
        self._cache: dict[tuple[str, tuple[NodeLabel, ...]], Any] = {}

    def link(self, text: str, labels: tuple[NodeLabel, ...], context: str | None = None) -> Any:
        key = (text.lower(), labels)
        if key not in self._cache:
            self._cache[key] = self.linker.link(text, labels=labels, context=context)
        return self._cache[key]

    def link_mention(self, mention: Mention, sentence: str, labels: tuple[NodeLabel, ...] | None = None) -> Any:
        """The mention's entity of one of ``labels`` (default: those of its type); ``None`` for weak or generic
        mentions ("disease"), for links that ``vocabulary.confidence`` finds unsure, and for a near match of the
        wanted kind when the text names something else exactly ("albuminuria" is a phenotype, not the disease
        "orthostatic proteinuria")."""
        if mention.score < MIN_MENTION_SCORE or mention.text.lower().strip() in GENERIC_MENTIONS:
            return None
        labels = labels or LABELS_OF_TYPE.get(mention.label, ())
        linked = self.link(mention.text, labels, context=sentence)
        if not confident_mention_link(linked):
            return None
        if getattr(linked, "method", "exact") not in EXACT_METHODS:
            anything = self.link(mention.text, (), context=sentence)
            if anything is not None and anything.method in EXACT_METHODS and anything.label not in labels:
                return None
        return linked

    def keeps(self, mention: Mention, sentence: str) -> bool:
        """Whether relations of this mention are worth scoring: it links as a fact's end of its type would
        (``Chemical`` → drug, ``Disease`` → disease labels, the labels the fact builder asks for)."""
        return self.link_mention(mention, sentence) is not None
