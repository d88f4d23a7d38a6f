"""NER → linker → RE: relations are scored only between mentions that link as a fact needs, and the facts are the
ones scoring every pair gives."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from _ingest_support import term_linker

from ingest.pipeline import stages
from ingest.pipeline.executors import SerialExecutor
from ingest.pipeline.facts import FactBuilder
from ingest.pipeline.mention_links import MentionLinker
from ingest.readers.types import ADVERSE_REACTIONS, LabelProduct, Section, SourceDocument
from nlp.types import Mention, RelationPrediction, TextExtraction

TEXT = "Atorvastatin and qqzxvium caused rhabdomyolysis in two patients."


def _mentions(text: str) -> tuple[Mention, ...]:
    return tuple(Mention(text.index(word), text.index(word) + len(word), word, kind, 0.9)
                 for word, kind in (("Atorvastatin", "Chemical"), ("qqzxvium", "Chemical"),
                                    ("rhabdomyolysis", "Disease")) if word in text)


class PairExtractor:
    """A stand-in model: the given mentions, and a CID between every chemical and disease pair it is allowed to
    score (``keep_mention`` as ``nlp.extractor.ModelExtractor`` takes it)."""

    name, version = "pairs", "1"

    def __init__(self) -> None:
        self.scored: list[tuple[str, str]] = []

    def extract(self, texts: Sequence[str], keep_mention=None) -> list[TextExtraction]:  # type: ignore[no-untyped-def]
        results = []
        for text in texts:
            mentions = _mentions(text)
            pairs = [(i, j) for i, head in enumerate(mentions) for j, tail in enumerate(mentions)
                     if head.label == "Chemical" and tail.label == "Disease"
                     and (keep_mention is None or (keep_mention(head, text) and keep_mention(tail, text)))]
            self.scored.extend((mentions[i].text, mentions[j].text) for i, j in pairs)
            results.append(TextExtraction(mentions, tuple(RelationPrediction(i, j, "CID", 0.9) for i, j in pairs)))
        return results


def _document() -> SourceDocument:
    return SourceDocument(id="PMID:1", kind="publication", source="pubmed", record="PMID 1",
                          sections=(Section("abstract", "abstract", TEXT),))


def test_the_gate_scores_only_linked_pairs_and_keeps_the_facts() -> None:
    linker = term_linker()
    everything, gated = PairExtractor(), PairExtractor()
    (_, all_pairs), = SerialExecutor(everything).map([(None, [_document()])])
    (_, linked_pairs), = SerialExecutor(gated, linker).map([(None, [_document()])])
    assert everything.scored == [("Atorvastatin", "rhabdomyolysis"), ("qqzxvium", "rhabdomyolysis")]
    assert gated.scored == [("Atorvastatin", "rhabdomyolysis")]  # "qqzxvium" links to nothing
    facts = {(r.type, r.head, r.tail) for r in FactBuilder(linker).build(all_pairs).relations}
    assert facts and facts == {(r.type, r.head, r.tail) for r in FactBuilder(linker).build(linked_pairs).relations}
    stages.init_worker(PairExtractor())  # leave the serial slot without a gate for other tests


def test_the_gate_and_the_fact_builder_share_one_link_rule() -> None:
    links = MentionLinker(term_linker())
    atorvastatin, unknown, disease = _mentions(TEXT)
    assert links.keeps(atorvastatin, TEXT) and links.keeps(disease, TEXT) and not links.keeps(unknown, TEXT)
    weak = Mention(atorvastatin.start, atorvastatin.end, atorvastatin.text, "Chemical", 0.2)
    generic = Mention(0, 7, "disease", "Disease", 0.99)
    assert not links.keeps(weak, TEXT) and not links.keeps(generic, "disease")


def test_the_relation_runner_scores_only_kept_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """``nlp.extractor.RelationRunner`` with its scorer stubbed (a pure unit): the kept pair gets the score it gets
    without the hook; pairs with a dropped mention are never sent to the model."""
    pytest.importorskip("torch")
    from nlp import extractor, relations

    sent: list[list] = []

    def scores(model, tokenizer, examples, device):  # type: ignore[no-untyped-def]
        sent.append(list(examples))
        row = np.zeros(len(relations.RELATION_HEADS), np.float32)
        row[relations.RELATION_HEADS.index("CID")] = 0.95
        return np.stack([row] * len(examples)) if examples else np.zeros((0, len(row)), np.float32)

    monkeypatch.setattr(extractor.relations, "predict_scores", scores)
    runner = extractor.RelationRunner(None, None, {"CID": 0.5}, "cpu")
    mentions = _mentions(TEXT)
    every = runner.relations(TEXT, mentions, check_negation=False)
    kept = runner.relations(TEXT, mentions, check_negation=False, keep_mention=lambda m, text: m.text != "qqzxvium")
    assert len(sent[0]) == 3 and len(sent[1]) == 1  # two drug-disease pairs and one drug-drug pair, then one
    assert kept == [p for p in every if mentions[p.head].text != "qqzxvium"] and kept


def test_many_texts_are_scored_in_one_call_with_each_texts_own_predictions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``RelationRunner.relations_of`` scores every text's candidates in one model call and hands each text back
    exactly what scoring it alone gives (the stub scores a pair by its own text, so a misaligned row would show)."""
    pytest.importorskip("torch")
    from nlp import extractor, relations

    calls: list[int] = []

    def scores(model, tokenizer, examples, device):  # type: ignore[no-untyped-def]
        calls.append(len(examples))
        rows = np.zeros((len(examples), len(relations.RELATION_HEADS)), np.float32)
        for row, example in zip(rows, examples):
            row[relations.RELATION_HEADS.index("CID")] = 0.9 if "rhabdo" in example.text else 0.1
            row[relations.RELATION_HEADS.index("DDI-int")] = 0.7
        return rows

    monkeypatch.setattr(extractor.relations, "predict_scores", scores)
    runner = extractor.RelationRunner(None, None, {"CID": 0.5, "DDI-int": 0.5}, "cpu")
    texts = [TEXT, "Atorvastatin and qqzxvium were given.", "No rhabdomyolysis.", TEXT.replace("two", "three")]
    items = [(text, _mentions(text)) for text in texts]
    alone = [runner.relations(text, mentions, check_negation=False) for text, mentions in items]
    calls.clear()
    together = runner.relations_of(items, check_negation=False)
    assert calls == [7]  # 3 + 1 + 0 + 3 candidate pairs, one call
    assert together == alone and [len(found) for found in together] == [3, 1, 0, 3]


class MentionsOnlyExtractor(PairExtractor):
    """``PairExtractor`` that can also skip relations (``extract_mentions``), recording which texts took which path."""

    def __init__(self) -> None:
        super().__init__()
        self.with_relations: list[str] = []
        self.mentions_only: list[str] = []

    def extract(self, texts: Sequence[str], keep_mention=None) -> list[TextExtraction]:  # type: ignore[no-untyped-def]
        self.with_relations.extend(texts)
        return super().extract(texts, keep_mention)

    def extract_mentions(self, texts: Sequence[str]) -> list[TextExtraction]:
        self.mentions_only.extend(texts)
        return [TextExtraction(_mentions(text), ()) for text in texts]


def test_a_labels_sentences_skip_the_relation_model_and_keep_their_facts() -> None:
    """A label's facts come from its mentions (the section decides the relation), so its sentences go to
    ``extract_mentions``; an article's passage still goes to ``extract``; every unit comes back in order, and the
    label's facts are those the relations-everywhere path gives."""
    linker = term_linker()
    label = SourceDocument(id="SETID:x@v1", kind="label", source="dailymed", record="label x",
                           sections=(Section(ADVERSE_REACTIONS, "adverse reactions", TEXT),),
                           product=LabelProduct(names=("Atorvastatin",)))
    batch = [_document(), label, _document()]
    skipping, everything = MentionsOnlyExtractor(), PairExtractor()
    (_, skipped), = SerialExecutor(skipping).map([(None, batch)])
    (_, full), = SerialExecutor(everything).map([(None, batch)])
    assert skipping.mentions_only == [TEXT] and skipping.with_relations == [TEXT, TEXT]
    assert [d.document.id for d in skipped.documents] == ["PMID:1", "SETID:x@v1", "PMID:1"]
    assert skipped.documents[1].sentences[0].extraction.relations == ()
    assert skipped.documents[0].sentences == full.documents[0].sentences
    built = {(r.type, r.head, r.tail) for r in FactBuilder(linker).build(skipped).relations}
    assert built and built == {(r.type, r.head, r.tail) for r in FactBuilder(linker).build(full).relations}
    stages.init_worker(PairExtractor())
