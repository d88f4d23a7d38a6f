"""LabeledIn indication sentences as TREATS training examples (#25: TREATS from more data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import corpora, re_data

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LINE = ('<div> <annotation cui="C0020538">Hypertension</annotation> </div> Metoprolol tartrate tablets, USP are '
        'indicated for the treatment of <annotation cui="C0020538">Hypertension</annotation>. They may be used with '
        'other agents. <br> Metoprolol is also indicated in <annotation cui="C0002962">Angina Pectoris</annotation>'
        ' and in patients at risk of <annotation cui="C9999999">stroke</annotation>.')


def test_a_label_gives_its_drug_and_indications_as_treats_pairs() -> None:
    examples = corpora._label_examples("1001", LINE, {"C0020538", "C0002962"})
    pairs = [(e.text[e.head[0]:e.head[1]], e.text[e.tail[0]:e.tail[1]], e.label) for e in examples]
    # the heading "Hypertension" before the subject is not the drug; the stroke mention (not an indication) is left out
    assert pairs == [("Metoprolol", "Hypertension", "TREATS"), ("Metoprolol", "Angina Pectoris", "TREATS")]
    assert {e.group for e in examples} == {"labeledin:1001"}
    assert all(e.meta["task"] == "TREATS" for e in examples)


def test_annotations_keep_their_offsets_when_tags_are_dropped() -> None:
    text, spans = corpora._strip_annotations('a <b>bold</b> <annotation cui="C1">Gout</annotation> flare')
    assert text == "a bold Gout flare"
    assert [(cui, text[start:end]) for cui, (start, end) in spans] == [("C1", "Gout")]


@pytest.mark.skipif(not (DATA / "labeledin").exists(), reason="needs ../shared/data")
def test_the_corpus_feeds_treats_training_on_top_of_the_cap() -> None:
    examples = corpora.labeledin_examples(DATA)
    assert len(examples) > 500 and all(e.label == "TREATS" for e in examples)
    assert len({e.group for e in examples}) > 150
    plain = re_data.training_examples(DATA, max_docs=10, max_examples=200)
    extra = re_data.training_examples(DATA, max_docs=10, max_examples=200, treats_extra=("labeledin",))
    added = [e for e in extra["train"] if e.group.startswith("labeledin:")]
    assert len(extra["train"]) == len(plain["train"]) + len(added) and added
    assert not any(e.group.startswith("labeledin:") for e in extra["heldout"])
    assert extra["sources"][-1].startswith("labeledin")
