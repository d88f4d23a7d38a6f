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
    """What may be a short form in "long form (SF)": 2–10 characters, at most two words, some letter."""
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


_WORD_EDGE = re.compile(r"^[^\w\[(]+|[^\w\])]+$")


def words_before_definition(text: str, short: str, max_words: int = 6) -> list[str]:
    """The phrases of 1…``max_words`` words right before each ``(short)`` / ``(short, …)`` in ``text``, longest
    first: the candidate long forms when the letters of a chemical's short form do not spell its name
    ("cyclophosphamide (CTX)", "thiotepa (TSPA)"), which Schwartz & Hearst's matching cannot pair. The caller keeps
    only a phrase the vocabulary knows by exact name."""
    phrases: list[str] = []
    pattern = re.compile(r"\(\s*" + re.escape(short) + r"\s*(?:\)|[,;:=]\s)")
    for match in pattern.finditer(text):
        words = [_WORD_EDGE.sub("", w) for w in text[: match.start()].split()[-max_words:]]
        while words and not words[-1]:
            words.pop()
        for count in range(min(max_words, len(words)), 0, -1):
            phrase = " ".join(w for w in words[-count:] if w)
            if phrase and phrase not in phrases and len(phrase) > len(short):
                phrases.append(phrase)
    return phrases


def looks_like_short_form(text: str) -> bool:
    """A short form as written in running text: ``_looks_like_short_form`` with a capital or a digit (``"CTX"``,
    ``"AgSD"``, ``"5-FU"``), so a lower-case word such as ``"midazolam"`` is not one."""
    return _looks_like_short_form(text) and any(ch.isupper() or ch.isdigit() for ch in text)
