"""Linking the mentions of a question to graph entities.

Order of attempts for one mention (after everyday names and abbreviations are expanded by ``query.lexicon``):

1. the vocabulary linker (``vocabulary.Linker``, the same one ingest uses), when one is given; its id is
   looked up in the graph directly or through ``xrefs``;
2. the Neo4j full-text index over names and synonyms, re-scored by string similarity so the score means the same
   for every question: the words as written, and fuzzy terms for misspellings only when no linker is given (the
   linker's character n-grams already forgive misspellings of vocabulary names; see ``_by_fulltext``);
3. the vector index over text embeddings, when an embedder is given and the graph has embeddings.

A mention that links by none of them may be tried by its spans (``QueryEngine``), by name only (1 and 2).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any, Protocol

from cachetools import LRUCache

from graph.models import NodeLabel
from query import lexicon, templates
from query.models import EntityMatch
from query.safety import ReadOnlyRunner

# stricter than ingest: a question has no context sentence, and spans are retried. 0.80 (was 0.75), chosen on the
# dev consumer sets (docs/evaluation.md, #19, twenty-eighth session): a loose linker match of 0.75–0.80 had kept
# the full-text index and the spans from finding the name meant
MIN_LINKER_SCORE = 0.80
MIN_FULLTEXT_SCORE = 0.80
MIN_VECTOR_SCORE = 0.80
VECTOR_CACHE_ENTRIES = 2048
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> Any: ...


def lucene_query(mention: str, fuzzy: bool = True) -> str:
    """An escaped Lucene query: the exact phrase (boosted), then each word, fuzzy when it is long enough (and
    ``fuzzy``)."""
    words = [w for w in re.split(r"[^\w']+", mention.lower()) if w]
    if not words:
        return ""
    escaped = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in words]
    phrase = '"' + " ".join(escaped) + '"^4'
    terms = [f"{w}~2" if fuzzy and len(w) >= 8 else f"{w}~1" if fuzzy and len(w) >= 5 else w for w in escaped]
    return f"{phrase} OR ({' AND '.join(terms)})^2 OR ({' OR '.join(terms)})"


def name_similarity(mention: str, names: Sequence[str], floor: float = 0.0) -> float:
    """Best similarity in [0, 1] between the mention and any of the names (case and punctuation folded).

    With a ``floor``, a result below it only says "below the floor": names that cannot beat the best so far or the
    floor (by difflib's cheap upper bounds, length then characters) skip the full comparison — an entity with
    hundreds of synonyms costs hundreds of ``SequenceMatcher`` runs otherwise."""
    wanted = _fold(mention)
    best = 0.0
    for name in names:
        candidate = _fold(name)
        if not candidate:
            continue
        if candidate == wanted:
            return 1.0
        matcher = SequenceMatcher(None, wanted, candidate)
        needed = max(best, floor)
        if needed and (matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed):
            continue
        best = max(best, min(matcher.ratio(), _distinct_words_similarity(wanted, candidate)))
    return best


def _distinct_words_similarity(wanted: str, candidate: str) -> float:
    """How alike the words are that the two names do not share, when each has some and they share others: a
    shared word ("syndrome", "hydrochloride", "protein") must not carry the likeness of the rest ("rett syndrome"
    is not "roberts syndrome"); 1.0 when the names share no word or one's words are all in the other."""
    own, other = wanted.split(), candidate.split()
    shared = set(own) & set(other)
    rest_own = " ".join(word for word in own if word not in shared)
    rest_other = " ".join(word for word in other if word not in shared)
    if not shared or not rest_own or not rest_other:
        return 1.0
    return SequenceMatcher(None, rest_own, rest_other).ratio()


def _closest(text: str, rows: list[dict[str, Any]], labels: Sequence[NodeLabel]) -> EntityMatch | None:
    """The full-text candidate whose name or synonym is most like ``text``, if at least ``MIN_FULLTEXT_SCORE``."""
    scored = [(name_similarity(text, [row["name"] or "", *row["synonyms"]], MIN_FULLTEXT_SCORE), row)
              for row in rows]
    scored = [(score, row) for score, row in scored if score >= MIN_FULLTEXT_SCORE]
    if not scored:
        return None
    preference = [label.value for label in labels]  # the intent's first label wins a tie (Disease before AE)

    def rank(pair: tuple[float, dict[str, Any]]) -> tuple[float, int, int]:
        kind = pair[1]["type"]
        return pair[0], -(preference.index(kind) if kind in preference else len(preference)), -len(pair[1]["name"] or "")

    score, row = max(scored, key=rank)
    return _match(row, round(score, 4), "fulltext")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'s", "s")).strip()


class EntityResolver:
    """Links mentions to graph entities with the linker, the full-text index and the vector index."""

    def __init__(self, linker: Any | None = None, embedder: Embedder | None = None) -> None:
        self.linker = linker
        self.embedder = embedder
        # A mention that does not link is tried with the intent's label, its other labels, then any label: one
        # MiniLM pass for its text, not three (the model is fixed, so a vector never goes stale).
        self._vectors: LRUCache[str, list[float]] = LRUCache(maxsize=VECTOR_CACHE_ENTRIES)
        self._vectors_lock = threading.Lock()

    def resolve(self, runner: ReadOnlyRunner, mention: str, labels: Sequence[NodeLabel] = (),
                by_meaning: bool = True) -> EntityMatch | None:
        """The best entity for ``mention`` among ``labels`` (any label when empty), or None; ``by_meaning=False``
        leaves out the vector index (for a few words cut out of a longer mention, whose embedding neighbour is
        rarely the entity meant: "stiff neck" → "Stiff back")."""
        expanded = lexicon.expand_alias(mention)
        attempts = [expanded] if expanded.lower() == mention.strip().lower() else [expanded, mention.strip()]
        methods = (self._by_linker, self._by_fulltext, self._by_vector) if by_meaning else (
            self._by_linker, self._by_fulltext)
        for text in attempts:
            for method in methods:
                found = method(runner, text, labels)
                if found is not None:
                    return found.model_copy(update={"mention": mention})
        return None

    # -- the three methods ----------------------------------------------------------------------------------------
    def _by_linker(self, runner: ReadOnlyRunner, text: str, labels: Sequence[NodeLabel]) -> EntityMatch | None:
        if self.linker is None:
            return None
        result = self.linker.link(text, labels=list(labels) or None)
        if result is None or result.score < MIN_LINKER_SCORE:
            return None
        rows = runner.run(templates.entities_by_ids(), {"ids": [result.id]})
        if not rows:
            rows = runner.run(templates.entities_by_xref(), {"ids": [result.id], "k": 1})
        if not rows:
            return None
        return _match(rows[0], float(result.score), f"linker:{getattr(result, 'method', '')}")

    def _by_fulltext(self, runner: ReadOnlyRunner, text: str, labels: Sequence[NodeLabel]) -> EntityMatch | None:
        """The words as written; with fuzzy terms (misspellings) only when those give no close name and no linker
        is given. Fuzzy terms cost Neo4j 10–30 times more (8–60 ms a query over 300k names: they were 88 % of the
        full-text time of a question mix), their near-misses can crowd the right name out of the top ``k``
        ("glucosamine hydrochloride" had reached Histamine through "histamine hydrochloride"), and with a linker
        they found only wrong names on the latency mix ("other medications" → Ether): the linker forgives
        misspellings itself ("hypertention")."""
        queries = (lucene_query(text, fuzzy=False), lucene_query(text)) if self.linker is None else (
            lucene_query(text, fuzzy=False),)
        for lucene in dict.fromkeys(queries):  # short words: one
            if not lucene:
                return None
            rows = runner.run(templates.fulltext_candidates(),
                              {"lucene": lucene, "k": 25, "labels": [label.value for label in labels]})
            found = _closest(text, rows, labels)
            if found is not None:
                return found
        return None

    def vector(self, text: str) -> list[float]:
        """The embedder's vector for ``text``, remembered for the next label set tried."""
        with self._vectors_lock:
            vector = self._vectors.get(text)
        if vector is None:
            vector = [float(x) for x in self.embedder.encode([text])[0]]
            with self._vectors_lock:
                self._vectors[text] = vector
        return vector

    def _by_vector(self, runner: ReadOnlyRunner, text: str, labels: Sequence[NodeLabel]) -> EntityMatch | None:
        if self.embedder is None:
            return None
        vector = self.vector(text)
        rows = runner.run(templates.vector_candidates(),
                          {"vector": vector, "k": 10, "labels": [label.value for label in labels]})
        rows = [row for row in rows if row["score"] >= MIN_VECTOR_SCORE]
        return _match(rows[0], round(float(rows[0]["score"]), 4), "embedding") if rows else None


def _match(row: dict[str, Any], score: float, method: str) -> EntityMatch:
    return EntityMatch(id=row["id"], name=row["name"] or row["id"], type=row["type"] or "Entity",
                       xrefs=list(row["xrefs"]), score=score, method=method)
