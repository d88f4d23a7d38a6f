"""The NLP stage as a plain function over a batch of documents, so any executor (in-process, a process pool,
Ray) can run it: sections → units of text → the extractor, returning picklable records.

A unit is what the extractor sees at once. For a drug label it is a sentence, and only its mentions are asked for
(each section decides the relation; an extractor with ``extract_mentions`` skips its relation model there).
For an article it is a **passage** when the extractor is document-level (``document_level = True``: the trained
model, whose relation model is trained and scored on document-level candidates — adjacent sentences, a title
mention with one further down): the title and abstract as one text, so a relation stated across sentences reaches
the graph as it is scored (``nlp.re_data.pair_candidates``). Long full texts are cut into passages of whole
sections (and a section longer than a passage at sentence ends). The dictionary fallback relates words of one
sentence only, so it keeps sentence units.

Workers hold their extractor in a module-level slot filled once by :func:`init_worker` (a process pool's
initializer, a Ray task's first call); :func:`nlp_batch` uses whatever extractor the slot holds. Given a linker, the
slot also holds the relation gate: the order is NER → linker → RE, relations are scored only between mentions that
link as a fact needs (``ingest.pipeline.mention_links``), through the extractor's ``keep_mention`` hook.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.types import Extractor, TextExtraction
from ingest.pipeline.mention_links import LinkerLike, MentionLinker
from ingest.pipeline.rules import versioned
from ingest.pipeline.sentences import split_sentences
from ingest.readers import types as t
from ingest.readers.types import SourceDocument

# Label sections whose sentences feed facts; Dosage & Administration is stored verbatim, never extracted.
LABEL_FACT_SECTIONS = {t.INDICATIONS, t.CONTRAINDICATIONS, t.ADVERSE_REACTIONS, t.DRUG_INTERACTIONS, t.BOXED_WARNING}

_WORKER: dict[str, Any] = {}


MAX_PASSAGE_CHARS = 12_000  # a title and abstract is one passage; full texts are cut into passages of this size


@dataclass(frozen=True)
class SentenceExtraction:
    """One unit of text and what the extractor found in it: a sentence, or (articles, document-level extractor)
    a passage of whole sections; ``section_index`` is the section the unit starts in."""

    section_index: int
    start: int  # offsets in SourceDocument.text()
    end: int
    text: str
    extraction: TextExtraction
    passage: bool = False


@dataclass(frozen=True)
class DocumentNlp:
    document: SourceDocument
    sentences: tuple[SentenceExtraction, ...]


@dataclass(frozen=True)
class NlpBatchResult:
    documents: tuple[DocumentNlp, ...]
    seconds: float
    extractor: str
    extractor_version: str


def init_worker(extractor: Extractor | Callable[[], Extractor], linker: LinkerLike | None = None) -> None:
    """Put the extractor (or build it from a zero-argument factory) into this process's slot, with the relation
    gate over ``linker`` when one is given (for extractors with a ``keep_mention`` hook: the trained model)."""
    _WORKER["extractor"] = extractor if hasattr(extractor, "extract") else extractor()  # type: ignore[operator]
    _WORKER["gate"] = MentionLinker(linker).keeps if linker is not None else None


def nlp_batch(documents: Sequence[SourceDocument]) -> NlpBatchResult:
    """Sentences and extractions of every document of the batch (one extractor call for the whole batch)."""
    started = time.perf_counter()
    extractor: Extractor = _WORKER["extractor"]
    document_level = bool(getattr(extractor, "document_level", False))
    plan: list[tuple[int, int, int, int, str, bool]] = []  # document, section, start, end, text, passage
    for doc_index, document in enumerate(documents):
        if document.kind == "publication" and document_level:
            plan.extend((doc_index, *unit, True) for unit in passages(document))
        else:
            plan.extend((doc_index, *unit, False) for unit in sentence_units(document))
    texts = [row[4] for row in plan]
    mentions_only = [documents[row[0]].kind == "label" for row in plan]
    extractions = _extract(extractor, texts, mentions_only, _WORKER.get("gate"))
    per_document: list[list[SentenceExtraction]] = [[] for _ in documents]
    for (doc_index, section_index, start, end, text, passage), extraction in zip(plan, extractions, strict=True):
        per_document[doc_index].append(SentenceExtraction(section_index, start, end, text, extraction, passage))
    return NlpBatchResult(
        documents=tuple(DocumentNlp(d, tuple(s)) for d, s in zip(documents, per_document, strict=True)),
        seconds=time.perf_counter() - started, extractor=extractor.name, extractor_version=versioned(extractor.version),
    )


def _extract(extractor: Extractor, texts: list[str], mentions_only: list[bool],
             gate: Callable[..., bool] | None) -> list[TextExtraction]:
    """The extractions of ``texts`` in order. A label's facts come from its mentions, the section deciding the
    relation (``ingest.pipeline.facts``), so an extractor that can skip the relation model (``extract_mentions``)
    does for those texts: scoring every mention pair of a label's sentences was most of a label's NLP time, for
    predictions nothing read."""
    skip_relations = getattr(extractor, "extract_mentions", None)
    if skip_relations is None or not any(mentions_only):
        return _with_relations(extractor, texts, gate)
    related = [index for index, only in enumerate(mentions_only) if not only]
    plain = [index for index, only in enumerate(mentions_only) if only]
    extractions: list[TextExtraction | None] = [None] * len(texts)
    for indices, found in ((related, _with_relations(extractor, [texts[i] for i in related], gate)),
                           (plain, skip_relations([texts[i] for i in plain]) if plain else [])):
        for index, extraction in zip(indices, found, strict=True):
            extractions[index] = extraction
    return extractions  # type: ignore[return-value]  (every index filled above)


def _with_relations(extractor: Extractor, texts: list[str], gate: Callable[..., bool] | None) -> list[TextExtraction]:
    if not texts:
        return []
    return extractor.extract(texts, keep_mention=gate) if gate else extractor.extract(texts)  # type: ignore[call-arg]


def sentence_units(document: SourceDocument) -> Iterator[tuple[int, int, int, str]]:
    """(section index, start, end, text) of every sentence the document's facts may come from (a label: only the
    sections of ``LABEL_FACT_SECTIONS``)."""
    offsets = document.section_offsets()
    for section_index, section in enumerate(document.sections):
        if document.kind == "label" and section.code not in LABEL_FACT_SECTIONS:
            continue
        for start, end in split_sentences(section.text):
            base = offsets[section_index]
            yield section_index, base + start, base + end, section.text[start:end]


def passages(document: SourceDocument, limit: int = MAX_PASSAGE_CHARS) -> Iterator[tuple[int, int, int, str]]:
    """(first section index, start, end, text) of runs of whole sections of at most ``limit`` characters, joined
    as ``SourceDocument.text()`` joins them (a title and abstract: one passage); a longer section is cut at
    sentence ends."""
    text, offsets = document.text(), document.section_offsets()
    first, start, end = None, 0, 0
    for index, section in enumerate(document.sections):
        section_start, section_end = offsets[index], offsets[index] + len(section.text)
        if first is not None and section_end - start > limit:
            yield first, start, end, text[start:end]
            first = None
        if len(section.text) > limit:
            yield from _cut_section(document, index, limit)
            continue
        if first is None:
            first, start = index, section_start
        end = section_end
    if first is not None and text[start:end].strip():
        yield first, start, end, text[start:end]


def _cut_section(document: SourceDocument, index: int, limit: int) -> Iterator[tuple[int, int, int, str]]:
    section, base = document.sections[index], document.section_offsets()[index]
    start = end = None
    for sentence_start, sentence_end in split_sentences(section.text):
        if start is not None and sentence_end - start > limit:
            yield index, base + start, base + end, section.text[start:end]
            start = None
        start = sentence_start if start is None else start
        end = sentence_end
    if start is not None:
        yield index, base + start, base + end, section.text[start:end]


def ray_nlp_batch(extractor: Extractor, documents: Sequence[SourceDocument],
                  linker: LinkerLike | None = None) -> NlpBatchResult:
    """The Ray form: the extractor (and the gate's linker) travel as object references and fill the slot on first
    use."""
    if _WORKER.get("extractor") is not extractor:
        init_worker(extractor, linker)
    return nlp_batch(documents)
