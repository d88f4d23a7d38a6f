"""Text folding shared by the vocabulary and the linker: one normalising resolver instead of case-variant dicts."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "ω": "omega",
}
_STOP_SUFFIXES = (" nos", " unspecified", " disease nos", " disorder nos")


def fold(text: str) -> str:
    """Lower case, accents and Greek letters spelled out, punctuation to single spaces: ``"Alzheimer's"`` →
    ``"alzheimer s"``, ``"TNF-α"`` → ``"tnf alpha"``."""
    text = "".join(_GREEK.get(ch, ch) for ch in text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text).strip()
    for suffix in _STOP_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    return text


def tight(text: str) -> str:
    """The folded text without spaces and a trailing plural/possessive 's': ``"Alzheimer's"`` and ``"alzheimers"``
    both become ``"alzheimer"``; ``"beta-catenin"`` and ``"betacatenin"`` agree."""
    words = [w for w in fold(text).split(" ") if w and w != "s"]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return "".join(words)


def name_variants(name: str) -> list[str]:
    """Extra surface forms of a curated name: MeSH's inverted ``"Diabetes Mellitus, Type 2"`` also as
    ``"Type 2 Diabetes Mellitus"``; ``"X (Y)"`` also as ``"X"``."""
    variants: list[str] = []
    if ", " in name and name.count(", ") == 1:
        head, tail = name.split(", ")
        variants.append(f"{tail} {head}")
    stripped = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    if stripped and stripped != name:
        variants.append(stripped)
    return variants
