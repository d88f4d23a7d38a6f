"""Abbreviation definitions in running text — ``"chronic obstructive pulmonary disease (COPD)"`` — found with the
Schwartz & Hearst (2003) algorithm, so a short form in a sentence links like its long form."""

from __future__ import annotations

import re

# "(SF)", and "(SF, 10 mg/kg …)", "(SF; …)", "(SF: …)" where the short form is followed by other text.
_PARENTHESISED = re.compile(r"\(([^()]{1,80})\)")
_AFTER_SHORT_FORM = re.compile(r"\s*[,;:=]\s")


def find_abbreviations(text: str) -> dict[str, str]:
    """Short form → long form for every ``long form (SF)`` definition in ``text``. A one-letter short form counts
    only for the single word before it that starts with that letter (``"phlorizin (P)"``)."""
    found: dict[str, str] = {}
    for match in _PARENTHESISED.finditer(text):
        short = _AFTER_SHORT_FORM.split(match.group(1), maxsplit=1)[0].strip()
        words = text[: match.start()].split()
        if len(short) == 1 and short.isupper() and words:
            if words[-1][:1].upper() == short and len(words[-1]) > 2 and words[-1].isalnum():
                found.setdefault(short, words[-1])
            continue
        if not _looks_like_short_form(short):
            continue
        window = words[-min(len(short) + 5, len(short) * 2):]
        long_form = initials_long_form(short, words) or best_long_form(short, " ".join(window))
        if long_form:
            found.setdefault(short, long_form)
    return found


def _looks_like_short_form(short: str) -> bool:
    return (
        2 <= len(short) <= 10 and len(short.split()) <= 2 and short[0].isalnum()
        and any(ch.isalpha() for ch in short)
    )


def initials_long_form(short: str, words: list[str]) -> str | None:
    """The last words whose initials (words split at spaces and hyphens) spell the short form's capitals and
    digits, e.g. ``"combined oral contraceptives"`` for ``"COCs"``, ``"Low-molecular-weight heparin"`` for
    ``"LMWH"``; ``None`` when they do not (then Schwartz & Hearst's character matching decides)."""
    letters = [ch.lower() for ch in short if ch.isupper() or ch.isdigit()]
    if len(letters) < 2:
        return None
    for count in range(1, min(len(letters), len(words)) + 1):
        tail = words[-count:]
        parts = [p for w in tail for p in re.split(r"-+", w) if p]
        if [p[0].lower() for p in parts] == letters:
            return " ".join(tail)
    return None


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
