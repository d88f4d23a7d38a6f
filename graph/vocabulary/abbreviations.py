"""Abbreviation definitions in running text — ``"chronic obstructive pulmonary disease (COPD)"`` — found with the
Schwartz & Hearst (2003) algorithm, so a short form in a sentence links like its long form."""

from __future__ import annotations

import re

_PARENTHESISED = re.compile(r"\(([^()]{1,12})\)")


def find_abbreviations(text: str) -> dict[str, str]:
    """Short form → long form for every ``long form (SF)`` definition in ``text``."""
    found: dict[str, str] = {}
    for match in _PARENTHESISED.finditer(text):
        short = match.group(1).strip()
        if not _looks_like_short_form(short):
            continue
        words = text[: match.start()].split()
        window = words[-min(len(short) + 5, len(short) * 2):]
        long_form = best_long_form(short, " ".join(window))
        if long_form:
            found.setdefault(short, long_form)
    return found


def _looks_like_short_form(short: str) -> bool:
    return (
        2 <= len(short) <= 10 and len(short.split()) <= 2 and short[0].isalnum()
        and any(ch.isalpha() for ch in short)
    )


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest end of ``candidate`` whose characters cover ``short`` in order, the first one starting a word
    (Schwartz & Hearst's matching); ``None`` when there is none."""
    s_index, l_index = len(short) - 1, len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            candidate[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    long_form = candidate[start:].strip()
    return long_form if len(long_form) > len(short) else None
