"""The entity linker: mention text → canonical id, for ingest and the query layer alike.

Candidates come from, in order of trust: exact match on a folded name, synonym, lay term or abbreviation
(``vocabulary/lay_terms.tsv``); the mention→id counts of the training annotations; an abbreviation defined in
the given context ("… chronic obstructive pulmonary disease (COPD) …"); the same text without spaces or a final
plural/possessive s; a chemical without its salt, a condition in MeSH's words ("renal impairment"); then, when
nothing exact scored high, character 3-gram TF-IDF neighbours (misspellings: "hypertention"; not a look-alike that
``contradicts`` the mention) and, if a ``TextEmbedder`` is given, MiniLM embedding neighbours (paraphrases). Each
candidate gets one score in [0, 1.05]; the best one above ``threshold`` wins and the runner-up (best other id) is
reported.

A mention in Chinese is scored over the vocabulary's Chinese names instead (``vocabulary.chinese``: exact key after
Traditional→Simplified and numeral normalisation, else character similarity), under the same threshold.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from graph.models import NodeLabel
from vocabulary.abbreviations import find_abbreviations, looks_like_short_form, words_before_definition
from vocabulary.chinese import has_chinese
from vocabulary.index import EmbeddingIndex, ExactIndex, TfidfIndex
from vocabulary.normalize import bag, chemical_variants, condition_variants, fold, formula_names, tight

if TYPE_CHECKING:
    from vocabulary.embedder import TextEmbedder
    from vocabulary.vocabulary import Vocabulary

PREFIX_BONUS = {"MESH": 0.004, "DOID": 0.003, "DRUGBANK": 0.002, "NCBIGENE": 0.002}
ANNOTATION_BASE, ANNOTATION_SPAN = 0.98, 0.05
TIGHT_FACTOR = 0.95
TFIDF_FACTOR, EMBEDDING_FACTOR, AGREEMENT_BONUS = 0.92, 0.9, 0.05
INDUCED_FACTOR = 0.97
BAG_FACTOR = 0.93  # the same words in another order
VARIANT_FACTOR = 0.93  # a salt-stripped or acid-form spelling ("metformin hydrochloride" → metformin), or a
# condition in MeSH's words ("renal impairment" → Renal Insufficiency)
VARIANT_WORD_COST = 0.01  # per further word a condition variant changed
CHEMICAL_LABELS = frozenset({NodeLabel.DRUG, NodeLabel.DRUG_CLASS})
CONTEXT_ABBREVIATION_BONUS = 0.1
CONTEXT_TRUSTED = 0.8  # long-form link score from which a definition in the text wins outright
FUZZY_BELOW = 0.9  # fuzzy candidates are looked up only when no exact candidate scored at least this
FUZZY_K = 10  # TF-IDF / embedding neighbours considered
EDIT_RATIO_FLOOR = 0.8  # below this whole-string similarity, the edit ratio adds nothing


_CAUSE_PREFIX = re.compile(r"^(?:[a-z0-9]+ ){1,3}(?:induced|associated|related) (?=\S{3})")


def _without_cause(folded: str) -> str | None:
    """``"ribavirin induced hemolytic anemia"`` → ``"hemolytic anemia"`` (chemical-induced disease mentions)."""
    stripped = _CAUSE_PREFIX.sub("", folded)
    return stripped if stripped != folded else None


_RAISED = frozenset("increased elevated high raised excessive hyper".split())
_LOWERED = frozenset("decreased reduced low lowered diminished hypo".split())
_SHORT_TOKEN = re.compile(r"^[a-z]{2,4}[0-9]?$")
_SHORT_COMMON = frozenset("and the with for due type of in to on by from acute pain left body".split())


def contradicts(folded: str, text: str) -> bool:
    """A similar-looking name that says something else: the opposite direction ("increased cardiac output" is not
    "Cardiac Output, Low"), or another short form in the same place ("hcv infection" is not "HIV Infections")."""
    mention_words, text_words = set(folded.split()), set(text.split())
    if (mention_words & _RAISED and text_words & _LOWERED) or (mention_words & _LOWERED and text_words & _RAISED):
        return True
    return bool(_short_forms(mention_words - text_words)) and bool(_short_forms(text_words - mention_words))


def _short_forms(words: set[str]) -> set[str]:
    return {word for word in words if _SHORT_TOKEN.match(word) and word not in _SHORT_COMMON}


def _abbreviation_keys(mention: str) -> set[str]:
    """Keys to look a mention up among abbreviations: as written, upper case, and a plural's singular
    (``"NSAIDs"`` → ``"NSAID"``)."""
    short = mention.strip()
    keys = {short, short.upper()}
    if len(short) > 2 and short.endswith("s") and short[:-1].isupper():
        keys.add(short[:-1])
    return keys


@dataclass(frozen=True)
class LinkResult:
    id: str
    name: str
    label: NodeLabel
    score: float
    method: str
    runner_up_id: str | None = None
    runner_up_score: float | None = None


class Linker:
    """``Linker(vocabulary, embedder=None).link("heart attack")`` → ``LinkResult(id="MESH:D009203", …)``."""

    def __init__(
        self, vocabulary: "Vocabulary", embedder: "TextEmbedder | None" = None, threshold: float = 0.6,
        cache_dir: Path | None = None, use_annotations: bool = True, use_fuzzy: bool = True,
    ) -> None:
        """``use_annotations`` / ``use_fuzzy`` switch off the training-annotation counts and the TF-IDF/embedding
        neighbours (for ablations and the exact-match baseline of bench/linker_eval.py)."""
        self.vocabulary = vocabulary
        self.use_annotations = use_annotations
        self.use_fuzzy = use_fuzzy
        self.embedder = embedder
        self.threshold = threshold
        self.cache_dir = cache_dir if cache_dir is not None else getattr(vocabulary, "cache_dir", None)
        self.exact = ExactIndex(vocabulary)
        self._tfidf: TfidfIndex | None = None
        self._embeddings: EmbeddingIndex | None = None

    @property
    def tfidf(self) -> TfidfIndex:
        if self._tfidf is None:
            self._tfidf = TfidfIndex(self.vocabulary)
        return self._tfidf

    @property
    def embeddings(self) -> EmbeddingIndex | None:
        if self._embeddings is None and self.embedder is not None:
            self._embeddings = EmbeddingIndex(self.vocabulary, self.embedder, self.cache_dir)
        return self._embeddings

    # public ----------------------------------------------------------------------------------------------------
    def link(
        self, mention: str, labels: Collection[NodeLabel] | None = None, context: str | None = None,
    ) -> LinkResult | None:
        """The best candidate if its score reaches the threshold, else ``None``."""
        found = self._ranked(mention, 2, labels, context, always_fuzzy=False)
        return found[0] if found and found[0].score >= self.threshold else None

    def names(self, mention: str) -> bool:
        """Whether ``mention`` is a name the vocabulary holds as written (folded, run together or as an
        abbreviation) or was annotated with: the cheap test before a full link (no fuzzy search)."""
        folded = fold(mention)
        return bool(self.exact.folded.get(folded) or self.exact.tight.get(tight(mention))
                    or (self.use_annotations and self.vocabulary.annotations.get(folded))
                    or any(self.exact.abbreviations.get(key) for key in _abbreviation_keys(mention)))

    def candidates(
        self, mention: str, k: int = 10, labels: Collection[NodeLabel] | None = None, context: str | None = None,
    ) -> list[LinkResult]:
        """Up to ``k`` candidates, best first, each carrying the next candidate as its runner-up (fuzzy neighbours
        are always included here, also when an exact match exists)."""
        return self._ranked(mention, k, labels, context, always_fuzzy=True)

    def _ranked(
        self, mention: str, k: int, labels: Collection[NodeLabel] | None, context: str | None, always_fuzzy: bool,
    ) -> list[LinkResult]:
        if has_chinese(mention):
            found = self.vocabulary.chinese_index.candidates(mention, max(k, 2), set(labels) if labels else None)
            scored = {match.id: (match.score, f"zh-{match.method}") for match in found}
        else:
            scored = self._score(mention, set(labels) if labels else None, context, max(k, FUZZY_K), always_fuzzy)
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:k]
        results = []
        for position, (entry_id, (score, method)) in enumerate(ranked):
            entry = self.vocabulary.entries[entry_id]
            runner = ranked[position + 1] if position + 1 < len(ranked) else (ranked[0] if position else None)
            results.append(LinkResult(
                id=entry_id, name=entry.name, label=entry.label, score=round(min(score, 1.0), 4), method=method,
                runner_up_id=runner[0] if runner else None,
                runner_up_score=round(min(runner[1][0], 1.0), 4) if runner else None,
            ))
        return results

    # scoring ---------------------------------------------------------------------------------------------------
    def _score(
        self, mention: str, labels: set[NodeLabel] | None, context: str | None, fuzzy_k: int, always_fuzzy: bool,
    ) -> dict[str, tuple[float, str]]:
        scores: dict[str, tuple[float, str]] = {}

        def offer(entry_id: str, score: float, method: str) -> None:
            entry = self.vocabulary.entries.get(entry_id)
            if entry is None or (labels and not any(entry.is_kind(label) for label in labels)):
                return
            score += PREFIX_BONUS.get(entry_id.partition(":")[0], 0.0)
            if score > scores.get(entry_id, (-1.0, ""))[0]:
                scores[entry_id] = (score, method)

        folded = fold(mention)
        annotations = self.vocabulary.annotations.get(folded, {}) if self.use_annotations else {}
        total = sum(annotations.values()) or 1
        for entry_id, weight in self.exact.folded.get(folded, {}).items():
            offer(entry_id, weight + 0.02 * annotations.get(entry_id, 0) / total, "exact")
        for entry_id, count in annotations.items():
            offer(entry_id, ANNOTATION_BASE + ANNOTATION_SPAN * count / total, "annotation")
        for key in _abbreviation_keys(mention):
            for entry_id, weight in self.exact.abbreviations.get(key, {}).items():
                offer(entry_id, weight, "abbreviation")
        if context:
            self._offer_context_abbreviation(mention, labels, context, offer)
        for entry_id, weight in self.exact.tight.get(tight(mention), {}).items():
            offer(entry_id, weight * TIGHT_FACTOR, "folded")
        if max((s for s, _ in scores.values()), default=0.0) < FUZZY_BELOW:
            for entry_id, weight in self.exact.bags.get(bag(mention), {}).items():
                offer(entry_id, weight * BAG_FACTOR, "word order")
        chemical = not labels or bool(labels & CHEMICAL_LABELS)
        if chemical and max((s for s, _ in scores.values()), default=0.0) < FUZZY_BELOW:
            for variant in [*chemical_variants(folded), *formula_names(mention)]:
                for entry_id, weight in self.exact.folded.get(variant, {}).items():
                    offer(entry_id, weight * VARIANT_FACTOR, "variant")
        condition = not labels or bool(labels - CHEMICAL_LABELS)
        if condition and max((s for s, _ in scores.values()), default=0.0) < FUZZY_BELOW:
            for variant, changed in condition_variants(folded):  # the fewer words changed, the closer
                factor = VARIANT_FACTOR - VARIANT_WORD_COST * (changed - 1)
                for entry_id, weight in (*self.exact.folded.get(variant, {}).items(),
                                         *self.exact.bags.get(bag(variant), {}).items()):
                    offer(entry_id, weight * factor, "variant")
        if not scores and (remainder := _without_cause(folded)):
            for result in self._ranked(remainder, 3, labels, None, always_fuzzy=False):
                offer(result.id, result.score * INDUCED_FACTOR, f"{result.method}-induced")
        if self.use_fuzzy and (always_fuzzy or max((s for s, _ in scores.values()), default=0.0) < FUZZY_BELOW):
            self._offer_fuzzy(mention, labels, fuzzy_k, offer)
        return scores

    def _offer_context_abbreviation(self, mention, labels, context, offer) -> None:  # type: ignore[no-untyped-def]
        defined = find_abbreviations(context)
        short = mention.strip()
        # "COC" may be used where "COCs" was defined, and the other way round.
        long_form = defined.get(short) or defined.get(short + "s") or (
            defined.get(short[:-1]) if len(short) > 2 and short.endswith("s") else None)
        if long_form and fold(long_form) != fold(mention):
            linked = False
            for result in self._ranked(long_form, 3, labels, None, always_fuzzy=False):
                # A definition in the same text outranks any general knowledge about the short form.
                score = result.score + (CONTEXT_ABBREVIATION_BONUS if result.score >= self.threshold else 0.0)
                if result.score >= CONTEXT_TRUSTED:  # a confident definition beats training-annotation counts
                    score = max(score, ANNOTATION_BASE + ANNOTATION_SPAN + 0.01)
                offer(result.id, score, "abbreviation")
                linked |= result.score >= self.threshold
            if linked:
                return
        # No usable letter-matching definition: "cyclophosphamide (CTX)". The longest phrase right before "(CTX)"
        # that the vocabulary knows by exact name defines it, as trusted as a letter-matched definition. Only for
        # what looks like a short form and is no known name itself: "benzodiazepines (midazolam)" defines nothing.
        if not looks_like_short_form(short) or self.exact.folded.get(fold(short)):
            return
        for phrase in words_before_definition(context, short):
            folded = fold(phrase)
            named = dict(self.exact.folded.get(folded, {}))
            if not named and self.use_annotations and (annotated := self.vocabulary.annotated_id(folded)):
                named = {annotated: ANNOTATION_BASE}
            known = {entry_id: weight for entry_id, weight in named.items()
                     if not labels or any(self.vocabulary.entries[entry_id].is_kind(label) for label in labels)}
            for entry_id, weight in known.items():
                offer(entry_id, max(weight + CONTEXT_ABBREVIATION_BONUS, ANNOTATION_BASE + ANNOTATION_SPAN + 0.01),
                      "abbreviation")
            if known:
                return

    def _offer_fuzzy(self, mention, labels, k, offer) -> None:  # type: ignore[no-untyped-def]
        folded = fold(mention)
        lexical: dict[str, float] = {}
        for entry_id, cosine, text in self.tfidf.search(mention, k, labels):
            if contradicts(folded, text):
                continue
            # A whole-string edit similarity rescues typos that split many n-grams ("hypertention").
            ratio = SequenceMatcher(None, folded, text).ratio()
            score = max(cosine, ratio if ratio >= EDIT_RATIO_FLOOR else 0.0)
            lexical[entry_id] = max(lexical.get(entry_id, 0.0), score)
        semantic = {i: s for i, s, _ in self.embeddings.search(mention, k, labels)} if self.embeddings else {}
        for entry_id in lexical.keys() | semantic.keys():
            score = max(TFIDF_FACTOR * lexical.get(entry_id, 0.0), EMBEDDING_FACTOR * semantic.get(entry_id, 0.0))
            if entry_id in lexical and entry_id in semantic:
                score += AGREEMENT_BONUS
            method = "tfidf" if TFIDF_FACTOR * lexical.get(entry_id, 0.0) >= score - AGREEMENT_BONUS else "embedding"
            offer(entry_id, score, method if not (entry_id in lexical and entry_id in semantic) else "fuzzy")
