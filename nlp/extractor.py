"""The extractor the ingest pipeline uses: NER first, then relations over the mentions it found.

``load_extractor(settings, ner="latest", re="latest")`` resolves both models in the registry; with ``re=None`` (or
no RE model registered while ``re="latest"``) it returns mentions only.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.settings import Settings
from nlp import registry, relations
from nlp.corpora import RelationExample, sentence_spans
from nlp.engine import pick_device
from nlp.negation import negated_spans
from nlp.ner import NerModel
from nlp.re_data import pair_candidates
from nlp.types import Mention, RelationPrediction, TextExtraction

KeepMention = Callable[[Mention, str], bool]  # (mention, its text) → whether relations with it are worth scoring
# Which heads apply to a pair of mention types, and the relation type each head reports.
PAIR_HEADS = {
    ("Chemical", "Disease"): {"CID": "CID", "TREATS": "TREATS", "ADE": "ADE"},
    ("Chemical", "Chemical"): {"DDI-effect": "DDI", "DDI-mechanism": "DDI", "DDI-advise": "DDI", "DDI-int": "DDI"},
}

# Heads trained on document-level candidates (a pair in adjacent sentences, a title mention with one further down);
# the others (ADE, DDI) learned from single sentences and score a pair only when both mentions share one.
DOCUMENT_HEADS = frozenset({"CID", "TREATS"})


def _sentence_finder(text: str) -> Callable[[int], int]:
    """Offset → index of its sentence, split as the candidates are (``nlp.corpora.sentence_spans``)."""
    ends = [end for _, end in sentence_spans(text)] or [len(text)]
    return lambda offset: bisect.bisect_right(ends, offset)


@dataclass(frozen=True)
class PairCandidate:
    """A mention pair to score: mention indices, the heads that apply (name → relation type), the model input."""

    head: int
    tail: int
    heads: dict[str, str]
    example: RelationExample


class RelationRunner:
    """A loaded RE model with its per-head thresholds."""

    def __init__(self, model, tokenizer, thresholds: dict[str, float], device: str,
                 first_sentence_pairs: bool = False):
        self.model, self.tokenizer, self.thresholds, self.device = model, tokenizer, thresholds, device
        self.first_sentence_pairs = first_sentence_pairs

    def relations(self, text: str, mentions: Sequence[Mention], check_negation: bool = True,
                  keep_mention: KeepMention | None = None) -> list[RelationPrediction]:
        """Predictions over the candidate pairs of one text (see :meth:`relations_of`)."""
        return self.relations_of([(text, mentions)], check_negation, keep_mention)[0]

    def relations_of(self, items: Sequence[tuple[str, Sequence[Mention]]], check_negation: bool = True,
                     keep_mention: KeepMention | None = None) -> list[list[RelationPrediction]]:
        """Predictions for each ``(text, mentions)``, every text's candidates scored in one model call (sorted by
        length together, so a batch of passages shares its padding; on 600 label sentences it measured no faster
        than a call per text — the time is the pairs themselves, which is why labels now skip relations). With
        ``keep_mention`` only pairs whose two mentions it keeps are scored (candidates are still chosen among all
        mentions, so a kept pair is scored as without it)."""
        per_text = [self._candidates(text, mentions, keep_mention) for text, mentions in items]
        examples = [candidate.example for candidates in per_text for candidate in candidates]
        scores = iter(relations.predict_scores(self.model, self.tokenizer, examples, self.device))
        found: list[list[RelationPrediction]] = []
        for candidates in per_text:
            predictions: list[RelationPrediction] = []
            for candidate in candidates:
                predictions.extend(self._predictions(candidate, next(scores), check_negation))
            found.append(predictions)
        return found

    def _candidates(self, text: str, mentions: Sequence[Mention],
                    keep_mention: KeepMention | None) -> list[PairCandidate]:
        kept: dict[int, bool] = {}

        def keeps(index: int) -> bool:
            if keep_mention is None:
                return True
            if index not in kept:
                kept[index] = keep_mention(mentions[index], text)
            return kept[index]

        candidates = []
        sentence_of = _sentence_finder(text)
        for (head_label, tail_label), heads in PAIR_HEADS.items():
            within_sentence = head_label == tail_label  # drug-drug interactions are stated in one sentence
            far = self.first_sentence_pairs and not within_sentence
            for i, j, start, end in pair_candidates(text, mentions, head_label, tail_label,
                                                    0 if within_sentence else 1, first_sentence_pairs=far):
                if not (keeps(i) and keeps(j)):
                    continue
                pair_heads = heads if sentence_of(mentions[i].start) == sentence_of(mentions[j].start) else {
                    name: kind for name, kind in heads.items() if name in DOCUMENT_HEADS}
                if not pair_heads:
                    continue
                example = RelationExample(text[start:end], (mentions[i].start - start, mentions[i].end - start),
                                          (mentions[j].start - start, mentions[j].end - start), "NONE")
                candidates.append(PairCandidate(i, j, pair_heads, example))
        return candidates

    def cut(self, head_name: str) -> float:
        """The score a mention pair needs for a fact: the ingest cut chosen for precision where training chose one
        (``TREATS-ingest``), else the document-level cut (a fact is stated when any of its mention pairs passes),
        else the head's own."""
        thresholds = self.thresholds
        return thresholds.get(f"{head_name}-ingest", thresholds.get(f"{head_name}-document",
                                                                    thresholds.get(head_name, 0.5)))

    def _predictions(self, candidate: PairCandidate, row: np.ndarray,
                     check_negation: bool) -> list[RelationPrediction]:
        best: dict[str, float] = {}
        for head_name, relation_type in candidate.heads.items():
            score = float(row[relations.RELATION_HEADS.index(head_name)])
            if score >= self.cut(head_name):
                best[relation_type] = max(best.get(relation_type, 0.0), score)
        if not best:
            return []
        example = candidate.example
        negated = check_negation and any(negated_spans(example.text, [example.head, example.tail]))
        return [RelationPrediction(candidate.head, candidate.tail, kind, round(score, 4), negated)
                for kind, score in best.items()]


class ModelExtractor:
    """Implements ``nlp.types.Extractor`` with a registered NER model and an optional RE model.

    ``document_level``: give it whole passages (an article's title and abstract), not sentences: NER's
    post-processing makes a document's mentions consistent, and relation candidates span adjacent sentences and
    join a title mention to one further down, as the models were trained and scored."""

    document_level = True

    def __init__(self, ner: NerModel, runner: RelationRunner | None, name: str, version: str):
        self.ner, self.runner, self.name, self.version = ner, runner, name, version

    def extract(self, texts: Sequence[str], keep_mention: KeepMention | None = None) -> list[TextExtraction]:
        """Mentions of every text, and relations between them; ``keep_mention(mention, text)`` (ingest: "links
        confidently") limits relation scoring to pairs of kept mentions. All mentions are returned."""
        texts = list(texts)
        mentions = self._mentions(texts)
        found: list[list[RelationPrediction]] = [[] for _ in texts]
        related = [index for index, found_mentions in enumerate(mentions) if found_mentions] if self.runner else []
        if related:
            predicted = self.runner.relations_of([(texts[i], mentions[i]) for i in related],
                                                 keep_mention=keep_mention)
            for index, predictions in zip(related, predicted, strict=True):
                found[index] = predictions
        return [TextExtraction(m, tuple(f)) for m, f in zip(mentions, found, strict=True)]

    def extract_mentions(self, texts: Sequence[str]) -> list[TextExtraction]:
        """Mentions only (the NER model), for texts whose facts never come from relations: a label's sentences,
        where the section decides the relation (``ingest.pipeline.facts``)."""
        return [TextExtraction(mentions, ()) for mentions in self._mentions(list(texts))]

    def _mentions(self, texts: list[str]) -> list[tuple[Mention, ...]]:
        return [tuple(Mention(s, e, text[s:e], kind, round(score, 4)) for s, e, kind, score in spans)
                for text, spans in zip(texts, self.ner.predict(texts))]


def load_extractor(settings: Settings, ner: str = "latest", re: str | None = "latest",
                   device: str | None = None, quantize: bool = False) -> ModelExtractor:
    """The registered NER model (and RE model, when there is one) as an Extractor."""
    device = pick_device(device or settings.device)
    ner_entry = registry.resolve(settings.models_dir, ner, kind="ner")
    runner, name, version = None, ner_entry.name, ner_entry.version
    if re is not None:
        try:
            re_entry = registry.resolve(settings.models_dir, re, kind="re")
        except registry.ModelNotFound:
            if re != "latest":
                raise
        else:
            runner = RelationRunner(*relations.load(re_entry.path, device), device,
                                    first_sentence_pairs=relations.uses_first_sentence_pairs(re_entry.path))
            name, version = f"{name}+{re_entry.name}", f"{version}+{re_entry.version}"
    return ModelExtractor(NerModel.load(ner_entry.path, device, quantize), runner, name, version)
