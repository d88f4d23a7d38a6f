"""Answers in the question's language: the Chinese names of the entities a Chinese question's answer names.

A name is the curated everyday name (``vocabulary/zh_terms.tsv``: 阿司匹林, not the WHO list's 乙酰水杨酸), else the
vocabulary's preferred Chinese name (``vocabulary.chinese``, its sources) without a trailing bracketed note, else a
Chinese synonym the graph node carries; ``name`` stays English, so a reader sees both
(``vocabulary.chinese.shown_name``). Evidence sentences are never translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from query import lexicon
from query.models import AnswerItem, EntityMatch
from vocabulary.chinese import first_chinese

_TRAILING_NOTE = re.compile(r"\s*[（(\[【][^（）()\[\]【】]*[）)\]】]$")


def without_note(name: str) -> str:
    """A name without a trailing bracketed note ("氨氯地平（抗高血压药）" → "氨氯地平", "滴虫病[毛滴虫病]" → "滴虫病");
    brackets inside a name stay ("脱氢皮质(甾)醇")."""
    shorter = _TRAILING_NOTE.sub("", name)
    return shorter if len(shorter) >= 2 else name

Named = TypeVar("Named", EntityMatch, AnswerItem)


class ChineseNamer:
    """Chinese names of graph entities from a vocabulary (optional) and the nodes' own Chinese synonyms."""

    def __init__(self, vocabulary: Any | None = None) -> None:
        self.vocabulary = vocabulary if getattr(vocabulary, "chinese_names", ()) else None

    def name_zh(self, entity_id: str, synonyms: Sequence[str] = ()) -> str | None:
        curated = lexicon.curated_chinese_by_id().get(entity_id)  # the hand-picked everyday name first
        if curated:
            return curated
        if self.vocabulary is not None:
            names = self.vocabulary.names_zh(entity_id)
            if names:  # else the sources' preferred one
                return without_note(names[0].text)
        return first_chinese(synonyms)

    def named(self, models: Sequence[Named]) -> list[Named]:
        """The models with ``name_zh`` filled in where a Chinese name is known."""
        return [model.model_copy(update={"name_zh": self.name_zh(model.id, getattr(model, "synonyms", ()))})
                if model.name_zh is None else model for model in models]
