"""Negation and speculation around mentions, with negspacy's NegEx on a blank (offline) spaCy pipeline.

A relation whose head or tail is negated in its sentence ("no evidence that X causes Y", "X was not associated
with Y") is marked ``negated=True`` and is never written as a fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1)
def _pipeline():
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("negex", config={"ent_types": ["MENTION"]})
    return nlp


def negated_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each (start, end) character span of ``text``: is it negated or speculated about in its sentence?"""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    if not spans:
        return []
    nlp = _pipeline()
    doc = nlp.make_doc(text)
    by_offsets = {}
    for start, end in spans:
        span = doc.char_span(start, end, label="MENTION", alignment_mode="expand")
        if span is not None:
            by_offsets[(start, end)] = span
    doc.ents = filter_spans(list(by_offsets.values()))
    for _, component in nlp.pipeline:
        doc = component(doc)
    flagged = {(ent.start_char, ent.end_char) for ent in doc.ents if ent._.negex}
    return [(s.start_char, s.end_char) in flagged if (s := by_offsets.get(span)) is not None else False
            for span in spans]
