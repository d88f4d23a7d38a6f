"""Which gold document pairs a chemical → disease relation task is scored against (pure unit)."""

from __future__ import annotations

from nlp.corpora import CorpusDocument, GoldMention
from nlp.corpora import RelationExample
from nlp.evaluation import gold_pairs, precision_threshold
from nlp.extractor import RelationRunner

TEXT = "Aspirin lowered fever; aspirin and ibuprofen; COX-2."
MENTIONS = (GoldMention(0, 7, "Chemical", ("D001241",)), GoldMention(16, 21, "Disease", ("D005334",)),
            GoldMention(35, 44, "Chemical", ("D007052",)))


def test_biored_pairs_are_oriented_and_only_chemical_disease_counts() -> None:
    doc = CorpusDocument("1", TEXT, MENTIONS, relations=(
        ("Negative_Correlation", "D005334", "D001241"),   # disease first: oriented chemical → disease
        ("Negative_Correlation", "D001241", "D007052"),   # chemical–chemical: no target of the task
        ("Negative_Correlation", "D001241", "5743"),      # chemical–gene (genes not kept): no target
        ("Association", "D001241", "D005334")))          # another type
    assert gold_pairs([doc], "Negative_Correlation", swap=True) == {("1", "D001241", "D005334")}


def test_cid_keeps_every_annotated_pair_whatever_the_mentions() -> None:
    # end-to-end scoring passes predicted mentions: a pair the tagger missed still counts against recall
    doc = CorpusDocument("2", TEXT, (), relations=(("CID", "D001241", "D005334"),))
    assert gold_pairs([doc], "CID") == {("2", "D001241", "D005334")}


def test_the_ingest_cut_is_the_lowest_that_reaches_the_precision_asked() -> None:
    def example(doc: str, chemical: str) -> RelationExample:
        return RelationExample("x", (0, 1), (0, 1), "NONE", group=doc, meta={"ids": ((chemical,), ("D",))})

    examples = [example(str(n), "C") for n in range(12)] + [example(str(n), "WRONG") for n in range(12)]
    scores = [0.9] * 12 + [0.3] * 8 + [0.92] * 4  # 12 right pairs at 0.9; wrong ones at 0.3 and four at 0.92
    gold = {(str(n), "C", "D") for n in range(12)}
    threshold, figures = precision_threshold(examples, scores, gold, 0.75)
    assert threshold == 0.35 and figures["precision"] == 0.75 and figures["tp"] == 12
    assert precision_threshold(examples, scores, gold, 0.9) is None  # 12 / 16 is the best any cut reaches


def test_ingest_uses_the_precision_cut_where_training_chose_one() -> None:
    runner = RelationRunner(None, None, {"TREATS": 0.4, "TREATS-document": 0.5, "TREATS-ingest": 0.8,
                                         "CID": 0.25, "CID-document": 0.55, "ADE": 0.1}, "cpu")
    assert (runner.cut("TREATS"), runner.cut("CID"), runner.cut("ADE"), runner.cut("DDI-int")) == (0.8, 0.55, 0.1, 0.5)
