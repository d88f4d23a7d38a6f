"""Longest-match term tagging: known names found in running text on token boundaries, left to right.

``TermTagger.build(pairs)`` takes ``(name, payload)`` pairs; ``tag(text)`` yields ``(start, end, payload)`` for the
longest known name at each position, not overlapping. Matching is case-insensitive on word tokens, except that short
all-capital names ("MI", "HTN") match only in capitals, so "mi" or "Dm" in prose do not. Chinese text has no word
spaces: each CJK character is a token, so a Chinese name matches as a character sequence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")
TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff]+|[^\sA-Za-z0-9\u3400-\u9fff]")
CAPITALS_ONLY_BELOW = 5  # names shorter than this written in capitals match only in capitals


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class TermTagger(Generic[P]):
    terms: dict[tuple[str, ...], P]
    capitals: frozenset[tuple[str, ...]]
    max_tokens: int

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, P]], max_tokens: int = 10) -> "TermTagger[P]":
        """The first payload given for a name wins (pass preferred names first)."""
        terms: dict[tuple[str, ...], P] = {}
        capitals: set[tuple[str, ...]] = set()
        for name, payload in pairs:
            key = tuple(token for _, _, token in tokens(name))
            if not key or len(key) > max_tokens or key in terms:
                continue
            terms[key] = payload
            if len(name) < CAPITALS_ONLY_BELOW and name.isupper():
                capitals.add(key)
        return cls(terms, frozenset(capitals), max_tokens)

    def __len__(self) -> int:
        return len(self.terms)

    def tag(self, text: str) -> Iterator[tuple[int, int, P]]:
        found = tokens(text)
        position = 0
        while position < len(found):
            match = self._longest(text, found, position)
            if match is None:
                position += 1
                continue
            end_position, payload = match
            yield found[position][0], found[end_position - 1][1], payload
            position = end_position

    def _longest(self, text: str, found: list[tuple[int, int, str]], position: int) -> tuple[int, P] | None:
        for end in range(min(len(found), position + self.max_tokens), position, -1):
            key = tuple(token for _, _, token in found[position:end])
            payload = self.terms.get(key)
            if payload is None and _plural(key[-1]):  # "fevers", "rashes": the singular name
                for cut in (1, 2) if key[-1].endswith("es") else (1,):
                    payload = self.terms.get((*key[:-1], key[-1][:-cut]))
                    if payload is not None:
                        key = (*key[:-1], key[-1][:-cut])
                        break
            if payload is None:
                continue
            if key in self.capitals and not text[found[position][0]:found[end - 1][1]].isupper():
                continue
            if not _on_word_boundary(text, found[position][0], found[end - 1][1]):
                continue
            return end, payload
        return None


def _plural(token: str) -> bool:
    return len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is"))


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    """A Latin name must not sit inside a longer word ("HTN" in "HTNs" is fine by tokens; this guards digits)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and before.isascii() and text[start].isascii()) and \
        not (after.isalnum() and after.isascii() and text[end - 1].isascii())
