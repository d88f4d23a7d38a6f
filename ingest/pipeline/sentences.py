"""Sentence splitting: lines first (label lists and headings are lines), then spaCy's rule-based sentencizer.

A blank English spaCy pipeline with the ``sentencizer`` works offline and needs no model download; its
tokenizer is the one scispaCy builds on. Offsets are character offsets into the given text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

MAX_SENTENCE_CHARS = 2000  # longer "sentences" (tables flattened to one line) are cut at whitespace


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 2_000_000
    return nlp


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, in order, stripped of surrounding whitespace."""
    position = 0
    for line in text.split("\n"):
        start_of_line = position
        position += len(line) + 1
        if not line.strip():
            continue
        for sentence in _nlp()(line).sents:
            start = start_of_line + sentence.start_char
            end = start_of_line + sentence.end_char
            yield from _cut(text, start, end)


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut + 1
    if text[start:end].strip():
        yield start, end
