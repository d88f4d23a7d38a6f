"""Document-level consistency for NER output, without a CRF.

* Abbreviations: in "long form (SHORT)", when the long form is a predicted entity, every whole-word occurrence of
  SHORT in the same document gets the long form's type.
* Propagation: a string predicted as an entity somewhere in a document is labelled at its other whole-word
  occurrences in that document too (strings of at least three characters, never overlapping a prediction).
"""

from __future__ import annotations

import re

Span = tuple[int, int, str, float]
_ABBREVIATION = re.compile(r"\s*\(\s*([A-Za-z0-9][\w\-]{0,9})\s*\)")


def consistent_spans(text: str, spans: list[Span]) -> list[Span]:
    """Add abbreviation and propagated mentions; existing spans are kept unchanged."""
    kinds: dict[str, tuple[str, float]] = {}
    for start, end, kind, score in spans:
        kinds.setdefault(text[start:end], (kind, score))
        match = _ABBREVIATION.match(text, end)
        if match and _looks_like_abbreviation(match.group(1), text[start:end]):
            kinds.setdefault(match.group(1), (kind, score))
    taken = sorted((s[0], s[1]) for s in spans)
    added: list[Span] = []
    for surface, (kind, score) in kinds.items():
        if len(surface) < 3 and not surface.isupper():
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            if not _overlaps_any(match.start(), match.end(), taken):
                added.append((match.start(), match.end(), kind, score))
                taken.append((match.start(), match.end()))
    return sorted(spans + added)


def _looks_like_abbreviation(short: str, long: str) -> bool:
    letters = [c for c in short if c.isalpha()]
    return len(short) < len(long) and bool(letters) and letters[0].lower() == long.lstrip("([")[:1].lower()


def _overlaps_any(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)
