"""Small hand-written lexicons (``query/lexicon.tsv``): everyday English names and abbreviations, and a Chinese–English
bridge.

The Chinese part covers intent cue words and the names of common diseases and drugs (the ones a clinician asks
about most, and the ones in PharmacotherapyDB). It maps them to the English names the graph's full-text index and
the linker know; everything else in a Chinese question stays unknown. ``docs/query.md`` says how far this goes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from query.models import Intent
from vocabulary.readers import ReadReport, read_tsv_dicts

LEXICON = Path(__file__).with_name("lexicon.tsv")


@cache
def _tables() -> dict[str, dict[str, str]]:
    """The lexicon file's tables (columns ``table, term, means``), each in file order.

    ``english_alias``: everyday English, abbreviations and brand names (lower case) → a name the graph knows;
    ``chinese_cue``: Chinese cue words → intent; ``chinese_name``: Chinese names of common diseases and drugs →
    English names in the graph. The file ships with the code, so a malformed row is an error.
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
    return {cue: Intent(value) for cue, value in _tables()["chinese_cue"].items()}


_CJK = re.compile(r"[\u3400-\u9fff]")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def expand_alias(mention: str) -> str:
    """The graph's name for an everyday name or abbreviation; the mention itself when none is known."""
    key = re.sub(r"\s+", " ", mention.strip().lower().replace("’", "'"))
    return _tables()["english_alias"].get(key, mention.strip())


def chinese_intent(text: str) -> Intent | None:
    """The intent of the longest Chinese cue word in ``text`` (most specific wins), if any."""
    cues = _chinese_intent_cues()
    found = [cue for cue in cues if cue in text]
    if not found:
        return None
    specific = [cue for cue in found if cues[cue] is not Intent.TREATMENT]
    return cues[max(specific or found, key=len)]


def chinese_names(text: str) -> list[tuple[str, str]]:
    """(Chinese name, English name) for every known name in ``text``, longest match first, in reading order."""
    names = _tables()["chinese_name"]
    found: list[tuple[int, str, str]] = []
    taken = [False] * len(text)
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            span = range(start, start + len(name))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                found.append((start, name, names[name]))
            start = text.find(name, start + 1)
    return [(zh, en) for _, zh, en in sorted(found)]
