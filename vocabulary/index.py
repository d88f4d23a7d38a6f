"""Candidate indexes over the vocabulary's surface forms: exact (folded / tight), character 3-gram TF-IDF, and
text embeddings. Each returns ``(canonical id, similarity, matched text)`` candidates, optionally per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from graph.models import NodeLabel
from vocabulary.identity import MESH_2024
from vocabulary.normalize import bag_folded, fold, name_variants, tight, tight_folded

if TYPE_CHECKING:
    from vocabulary.embedder import TextEmbedder
    from vocabulary.vocabulary import Vocabulary

# How much a match on each kind of surface form is worth before any other evidence.
FORM_WEIGHTS = {"name": 1.0, "synonym": 0.98, "lay": 0.97, "abbreviation": 0.96, "variant": 0.97}
LABELS = list(NodeLabel)
EMBEDDED_LABELS = {NodeLabel.DRUG, NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT,
                   NodeLabel.DRUG_CLASS}

Candidate = tuple[str, float, str]
NGRAM_RANGE = (2, 4)  # character n-grams within word boundaries (char_wb)


class ExactIndex:
    """Folded text → {id: weight}; ``tight`` keys (no spaces, no plural s) catch spelling-of-punctuation variants.
    Abbreviations are kept case-sensitive ("MS" yes, "ms" no)."""

    def __init__(self, vocabulary: "Vocabulary") -> None:
        self.folded: dict[str, dict[str, float]] = defaultdict(dict)
        self.tight: dict[str, dict[str, float]] = defaultdict(dict)
        self.bags: dict[str, dict[str, float]] = defaultdict(dict)  # word order ignored (``normalize.bag``)
        self.abbreviations: dict[str, dict[str, float]] = defaultdict(dict)
        for text, entry_id, kind in vocabulary.surface_forms():
            if kind == "annotation":  # scored from the vocabulary's counts by the linker itself
                continue
            weight = FORM_WEIGHTS.get(kind, 0.95)
            if kind == "abbreviation":
                self._put(self.abbreviations, text.strip(), entry_id, weight)
                continue
            folded = fold(text)
            self._put(self.folded, folded, entry_id, weight)
            self._put(self.tight, tight_folded(folded), entry_id, weight)
            self._put(self.bags, bag_folded(folded), entry_id, weight)
            if kind == "name":
                for variant in name_variants(text):
                    self._put(self.folded, fold(variant), entry_id, FORM_WEIGHTS["variant"])
                    self._put(self.tight, tight(variant), entry_id, FORM_WEIGHTS["variant"])
        self.folded.pop("", None)
        self.tight.pop("", None)
        self.bags.pop("", None)

    @staticmethod
    def _put(table: dict[str, dict[str, float]], key: str, entry_id: str, weight: float) -> None:
        if key and weight > table[key].get(entry_id, 0.0):
            table[key][entry_id] = weight


class TfidfIndex:
    """Character 3-gram (``char_wb``) TF-IDF over every folded surface form (not of ``record_only`` entries, except
    training-annotation texts); cosine nearest neighbours."""

    def __init__(self, vocabulary: "Vocabulary") -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        rows: dict[tuple[str, str], None] = {}
        for text, entry_id, kind in vocabulary.surface_forms():
            if kind != "annotation" and record_only(vocabulary, entry_id):
                continue
            if kind != "abbreviation" and (folded := fold(text)):
                rows[(folded, entry_id)] = None
        self.texts = [text for text, _ in rows]
        self.ids = [entry_id for _, entry_id in rows]
        self.labels = np.array([LABELS.index(vocabulary.entries[i].label) for i in self.ids], dtype=np.int8)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, min_df=1, dtype=np.float32,
                                          sublinear_tf=True)
        # Stored by n-gram (column): a search reads only the columns of the mention's n-grams.
        self.columns = self.vectorizer.fit_transform(self.texts).tocsc()

    def search(self, mention: str, k: int, labels: Collection[NodeLabel] | None) -> list[Candidate]:
        query = self.vectorizer.transform([fold(mention)])
        if query.nnz == 0:
            return []
        query.sort_indices()
        # The mention's ~20 n-gram columns times their weights: the same cosines as a product with the whole matrix (to
        # float rounding) without a pass over its 6.8M entries — 3 ms instead of 67 ms a search (docs/benchmarks.md).
        scores = np.asarray(self.columns[:, query.indices] @ query.data).ravel()
        return _top_k(scores, self.labels, self.ids, self.texts, k, labels)


class EmbeddingIndex:
    """Text embeddings of the preferred names and lay terms of drugs, diseases, phenotypes, adverse events and
    classes (~30k texts; synonyms are left to the exact and TF-IDF indexes to keep the one-off encoding short),
    computed once per vocabulary and cached as ``.npy`` beside it."""

    def __init__(self, vocabulary: "Vocabulary", embedder: "TextEmbedder", cache_dir: Path | None) -> None:
        rows: dict[tuple[str, str], None] = {}
        for text, entry_id, kind in vocabulary.surface_forms():
            if (vocabulary.entries[entry_id].label in EMBEDDED_LABELS and kind in ("name", "lay")
                    and not record_only(vocabulary, entry_id)):
                rows[(text.strip().lower(), entry_id)] = None
        self.texts = [text for text, _ in rows]
        self.ids = [entry_id for _, entry_id in rows]
        self.labels = np.array([LABELS.index(vocabulary.entries[i].label) for i in self.ids], dtype=np.int8)
        self.embedder = embedder
        self.vectors = self._load_or_encode(cache_dir, vocabulary.digest)

    def _load_or_encode(self, cache_dir: Path | None, digest: str) -> np.ndarray:
        path = cache_dir / f"embeddings-{digest[:16]}-{len(self.texts)}.npy" if cache_dir and digest else None
        if path is not None and path.exists():
            return np.load(path)
        vectors = self.embedder.encode(self.texts).astype(np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        return vectors

    def search(self, mention: str, k: int, labels: Collection[NodeLabel] | None) -> list[Candidate]:
        return self.search_vector(self.embedder.encode([mention.lower()])[0], k, labels)

    def search_vector(self, vector: np.ndarray, k: int, labels: Collection[NodeLabel] | None) -> list[Candidate]:
        scores = self.vectors @ vector.astype(np.float16)
        return _top_k(scores.astype(np.float32), self.labels, self.ids, self.texts, k, labels)


def record_only(vocabulary: "Vocabulary", entry_id: str) -> bool:
    """An entry known only from a MeSH 2024 supplementary record (rule 9): matched exactly, never fuzzily. Its
    244k obscure chemical names made TF-IDF neighbours slower (49 vs 7 ms a mention) and worse on BC5CDR dev
    (chemicals 0.9463 vs 0.9491, diseases 0.8562 vs 0.8571), and would make the MiniLM index ten times larger."""
    return vocabulary.entries[entry_id].sources == (MESH_2024,)


def _top_k(
    scores: np.ndarray, row_labels: np.ndarray, ids: list[str], texts: list[str], k: int,
    labels: Collection[NodeLabel] | None,
) -> list[Candidate]:
    if labels:
        scores = np.where(np.isin(row_labels, [LABELS.index(label) for label in labels]), scores, -1.0)
    k = min(k, len(scores))
    if k == 0:
        return []
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top])]
    return [(ids[i], float(scores[i]), texts[i]) for i in top if scores[i] > 0]
