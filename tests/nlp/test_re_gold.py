"""Which gold document pairs a chemical → disease relation task is scored against (pure unit)."""

from __future__ import annotations

from nlp.corpora import CorpusDocument, GoldMention
from nlp.evaluation import gold_pairs

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
