"""Answers in the question's language: the Chinese names of the entities a Chinese question's answer names.

A name comes from the vocabulary's Chinese names (``vocabulary.chinese``: preferred first, each with its source;
without a loaded vocabulary the curated ``vocabulary/zh_terms.tsv``), else from a Chinese synonym the graph node
carries; ``name`` stays English, so a reader sees both
(``vocabulary.chinese.shown_name``). Evidence sentences are never translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from query import lexicon
from query.models import AnswerItem, EntityMatch
from vocabulary.chinese import first_chinese

Named = TypeVar("Named", EntityMatch, AnswerItem)


class ChineseNamer:
    """Chinese names of graph entities from a vocabulary (optional) and the nodes' own Chinese synonyms."""

    def __init__(self, vocabulary: Any | None = None) -> None:
        self.vocabulary = vocabulary if getattr(vocabulary, "chinese_names", ()) else None

    def name_zh(self, entity_id: str, synonyms: Sequence[str] = ()) -> str | None:
        if self.vocabulary is not None:
            names = self.vocabulary.names_zh(entity_id)
            if names:
                return names[0].text
        else:
            curated = lexicon.curated_chinese_by_id().get(entity_id)
            if curated:
                return curated
        return first_chinese(synonyms)

    def named(self, models: Sequence[Named]) -> list[Named]:
        """The models with ``name_zh`` filled in where a Chinese name is known."""
        return [model.model_copy(update={"name_zh": self.name_zh(model.id, getattr(model, "synonyms", ()))})
                if model.name_zh is None else model for model in models]
