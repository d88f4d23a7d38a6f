"""Small hand-written lexicons (``query/lexicon.tsv``): everyday English names and abbreviations, and Chinese intent
cue words.

Chinese names of diseases, drugs and findings are not here: they are the vocabulary's (``vocabulary.chinese``,
from ``zh-medical-terms`` and the curated ``vocabulary/zh_terms.tsv``), found by longest match. Without a loaded
vocabulary, ``chinese_names`` falls back to the curated file alone. ``docs/query.md`` says how far this goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any
from pathlib import Path

from query.models import Intent
from vocabulary.chinese import CURATED, longest_matches, zh_key
from vocabulary.readers import ReadReport, read_tsv_dicts

LEXICON = Path(__file__).with_name("lexicon.tsv")


@cache
def _tables() -> dict[str, dict[str, str]]:
    """The lexicon file's tables (columns ``table, term, means``), each in file order.

    ``english_alias``: everyday English, abbreviations and brand names (lower case) → a name the graph knows;
    ``chinese_cue``: Chinese cue words → intent; ``chinese_drug_class``: Chinese words for a class of drugs asked for
    ("降压药") → the English word that links it ("antihypertensive"), each a treatment cue too; ``class_condition``: such
    a word → the condition the class is for ("hypertension"). The file ships with the code, so a malformed row is an
    error.
    """
    report = ReadReport()
    tables: dict[str, dict[str, str]] = {}
    for _, row in read_tsv_dicts(LEXICON, report):
        tables.setdefault(row["table"], {})[row["term"]] = row["means"]
    if report.problem_count:
        raise ValueError("\n".join(report.summary_lines()))
    return tables


@cache
def _chinese_intent_cues() -> dict[str, Intent]:
    cues = {cue: Intent(value) for cue, value in _tables()["chinese_cue"].items()}
    return {**cues, **{word: Intent.TREATMENT for word in _tables()["chinese_drug_class"]}}


def chinese_drug_class(text: str) -> str | None:
    """The class of drugs a Chinese question asks for, as the English word that links it ("高血压用什么降压药" →
    "antihypertensive"); None when it names none."""
    return next((english for word, english in _tables()["chinese_drug_class"].items() if word in text), None)


def class_condition(word: str) -> str | None:
    """The condition a class of drugs is for, as words that link it ("antihypertensive" → "hypertension"): what a
    treatment question that names only the class asks about ("which antihypertensive in pregnancy"); None when the
    class is for no one condition."""
    return _tables()["class_condition"].get(word.lower())


_CJK = re.compile(r"[\u3400-\u9fff]")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def expand_alias(mention: str) -> str:
    """The graph's name for an everyday name or abbreviation; the mention itself when none is known."""
    key = re.sub(r"\s+", " ", mention.strip().lower().replace("’", "'"))
    return _tables()["english_alias"].get(key, mention.strip())


# cues that ask about a drug's effect only in a yes/no question: "二甲双胍会引起乳酸酸中毒吗" asks for a side effect,
# "高血压会引起什么" asks what the disease leads to, which medkg does not answer
YES_NO_CUES = frozenset({"会引起", "会导致", "能引起", "能导致"})
_YES_NO = re.compile(r"(?:吗|嘛|(?<![什怎那这多])么)[？?！!。\s]*$")


def is_yes_no(text: str) -> bool:
    """Whether a Chinese question asks yes or no ("…吗", "会不会…", "是否…")."""
    return bool(_YES_NO.search(text)) or any(word in text for word in ("会不会", "是否", "能否", "是不是"))


def chinese_intent(text: str) -> Intent | None:
    """The intent of the longest Chinese cue word in ``text`` (most specific wins), if any."""
    cues = _chinese_intent_cues()
    found = [cue for cue in cues if cue in text and (cue not in YES_NO_CUES or is_yes_no(text))]
    if not found:
        return None
    specific = [cue for cue in found if cues[cue] is not Intent.TREATMENT]
    return cues[max(specific or found, key=len)]


@cache
def _curated_chinese() -> dict[str, str]:
    """The curated Chinese names (``vocabulary/zh_terms.tsv``) by matching key → English name."""
    report = ReadReport()
    names = {zh_key(row["term"]): row["name"] for _, row in read_tsv_dicts(CURATED, report)}
    if report.problem_count:
        raise ValueError("\n".join(report.summary_lines()))
    return names


@cache
def curated_chinese_by_id() -> dict[str, str]:
    """The first curated Chinese name (``vocabulary/zh_terms.tsv``) of each id (names in answers without a
    loaded vocabulary)."""
    names: dict[str, str] = {}
    for _, row in read_tsv_dicts(CURATED, ReadReport()):
        names.setdefault(row["id"], row["term"])
    return names


def chinese_names(text: str) -> list[tuple[str, str]]:
    """(Chinese name as written, English name) for every curated name in ``text``, longest match at each position,
    in reading order (the fallback when no vocabulary is loaded; ``QueryEngine`` searches the vocabulary)."""
    return longest_matches(text, _curated_chinese())


def vocabulary_chinese_names(vocabulary: Any | None) -> Callable[[str], list[tuple[str, str]]] | None:
    """``chinese_names`` over a vocabulary's Chinese names (every source, longest match), English name of each
    entry; ``None`` without a vocabulary that has Chinese names."""
    if vocabulary is None or not getattr(vocabulary, "chinese_names", ()):
        return None

    def find(text: str) -> list[tuple[str, str]]:
        return [(match.text, vocabulary.entries[match.id].name) for match in vocabulary.chinese_index.find_all(text)]

    return find


def without_cues(text: str) -> str:
    """The text with its intent cue words blanked out (a cue is never part of an entity name: 治疗, 副作用)."""
    for cue in sorted(_chinese_intent_cues(), key=len, reverse=True):
        text = text.replace(cue, "，" * len(cue))
    return text
