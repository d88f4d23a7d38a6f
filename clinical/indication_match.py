"""Whether a label's indication (a heading's or a sentence's words: "Recent MI, recent stroke, or established
peripheral arterial disease", "Chronic Myeloid Leukemia (CML)") names a condition the question or the patient
names ("stroke", "CML"): every content word of the condition among the indication's words, plurals folded. Words
only — no synonyms or hierarchy: "myocardial infarction" does not find "Recent MI", and then every indication's
dose is shown, as when no condition is named."""

from __future__ import annotations

import re

_FILLER = frozenset("a an and or of the in with for to on by at from as acute chronic".split())


def names_condition(indication: str, condition: str) -> bool:
    """Every content word of ``condition`` is a word of ``indication`` ("stroke" in "Recent MI, recent stroke, or
    established peripheral arterial disease"); a condition of filler words only names nothing."""
    wanted = _words(condition) - _FILLER
    return bool(wanted) and wanted <= _words(indication)


def _words(text: str) -> set[str]:
    text = re.sub(r"['’]s\b", "", text.lower())
    return {_singular(word) for word in re.findall(r"[a-z0-9+]+", text)}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
