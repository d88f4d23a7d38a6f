"""The FALLBACK extractor: vocabulary names found in text, plus cue-word relation rules.

This is not the trained NER/RE model (``nlp.load_extractor``); it is what runs when no trained model is
available, so the pipeline, tests and demo work without one. Mentions are the longest vocabulary names matched
on token boundaries (case-insensitive; short all-capital names such as "HL" only in capitals). Relations come
from cue words in the sentence and are marked with a low score; negated sentences give negated relations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from nlp.types import Mention, RelationPrediction, TextExtraction

NAME = "dictionary-fallback"
VERSION = "1"
MAX_TERM_TOKENS = 8
MIN_TERM_CHARS = 3
MENTION_SCORE = 0.8
RELATION_SCORE = 0.5
ENTITY_TYPE_OF_LABEL = {"Drug": "Chemical", "DrugClass": "Chemical", "Disease": "Disease",
                        "AdverseEvent": "Disease", "Phenotype": "Disease", "Gene": "Gene"}
_TOKEN = re.compile(r"\w+|[^\w\s]")
_STOP_TERMS = {"was", "all", "can", "may", "her", "his", "the", "and", "not", "for", "with", "use", "has", "pain"}
_CAUSE_CUE = re.compile(r"induc|caus|toxicit|associated with|adverse|side effect|develop|complicat|result(ed)? in",
                        re.IGNORECASE)
_TREAT_CUE = re.compile(r"treat|therap|efficac|effective|indicated|management of|improv|relie", re.IGNORECASE)
_INTERACTION_CUE = re.compile(r"interact|co-?administ|concomitant|combination with|inhibitors? of", re.IGNORECASE)
_NEGATION_CUE = re.compile(r"\b(no|not|without|neither|nor|unlikely|failed to|did not|absence of)\b", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]


class DictionaryExtractor:
    """``DictionaryExtractor.from_terms([("atorvastatin", "Chemical"), ...])`` or ``.from_vocabulary(vocab)``."""

    name = NAME
    version = VERSION

    def __init__(self, terms: dict[tuple[str, ...], str], capital_terms: frozenset[tuple[str, ...]]) -> None:
        self._terms = terms
        self._capital_terms = capital_terms

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[str, str]]) -> "DictionaryExtractor":
        """From ``(name, entity type)`` pairs, entity type one of ``nlp.types.ENTITY_TYPES``."""
        table: dict[tuple[str, ...], str] = {}
        capitals: set[tuple[str, ...]] = set()
        for name, entity_type in terms:
            key = tuple(token for _, _, token in _tokens(name))
            if not key or len(key) > MAX_TERM_TOKENS or len(name) < 2 or name.lower() in _STOP_TERMS:
                continue
            if len(name) < MIN_TERM_CHARS + 2 and name.isupper():
                capitals.add(key)
            elif len(name) < MIN_TERM_CHARS:
                continue
            table.setdefault(key, entity_type)
        return cls(table, frozenset(capitals))

    @classmethod
    def from_vocabulary(cls, vocabulary: Any) -> "DictionaryExtractor":
        """From a ``vocabulary.Vocabulary``: every entry's name and synonyms, typed by its label."""
        pairs = []
        for entry in vocabulary.entries.values():
            entity_type = ENTITY_TYPE_OF_LABEL.get(getattr(entry.label, "value", str(entry.label)))
            if entity_type:
                pairs.extend((name, entity_type) for name in (entry.name, *entry.synonyms))
        return cls.from_terms(pairs)

    def extract(self, texts: Sequence[str]) -> list[TextExtraction]:
        return [self._extract_one(text) for text in texts]

    def _extract_one(self, text: str) -> TextExtraction:
        mentions = tuple(self._mentions(text))
        return TextExtraction(mentions=mentions, relations=tuple(self._relations(text, mentions)))

    def _mentions(self, text: str) -> list[Mention]:
        tokens = _tokens(text)
        found, index = [], 0
        while index < len(tokens):
            for length in range(min(MAX_TERM_TOKENS, len(tokens) - index), 0, -1):
                key = tuple(token for _, _, token in tokens[index:index + length])
                entity_type = self._terms.get(key)
                start, end = tokens[index][0], tokens[index + length - 1][1]
                if entity_type is None or (key in self._capital_terms and not text[start:end].isupper()):
                    continue
                found.append(Mention(start, end, text[start:end], entity_type, MENTION_SCORE))
                index += length
                break
            else:
                index += 1
        return found

    def _relations(self, text: str, mentions: Sequence[Mention]) -> list[RelationPrediction]:
        negated = bool(_NEGATION_CUE.search(text))
        chemicals = [i for i, m in enumerate(mentions) if m.label == "Chemical"]
        diseases = [i for i, m in enumerate(mentions) if m.label == "Disease"]
        relations = []
        for chemical in chemicals:
            for disease in diseases:
                kind = "CID" if _CAUSE_CUE.search(text) else "TREATS" if _TREAT_CUE.search(text) else None
                if kind:
                    relations.append(RelationPrediction(chemical, disease, kind, RELATION_SCORE, negated))
        if _INTERACTION_CUE.search(text):
            for position, first in enumerate(chemicals):
                for second in chemicals[position + 1:]:
                    if mentions[first].text.lower() != mentions[second].text.lower():
                        relations.append(RelationPrediction(first, second, "DDI", RELATION_SCORE, negated))
        return relations
