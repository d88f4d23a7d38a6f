"""The NLP stage as a plain function over a batch of documents, so any executor (in-process, a process pool,
Ray) can run it: sections → sentences → the extractor, returning picklable records.

Workers hold their extractor in a module-level slot filled once by :func:`init_worker` (a process pool's
initializer, a Ray task's first call); :func:`nlp_batch` uses whatever extractor the slot holds. Given a linker, the
slot also holds the relation gate: the order is NER → linker → RE, relations are scored only between mentions that
link as a fact needs (``ingest.pipeline.mention_links``), through the extractor's ``keep_mention`` hook.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.types import Extractor, TextExtraction
from ingest.pipeline.mention_links import LinkerLike, MentionLinker
from ingest.pipeline.sentences import split_sentences
from ingest.readers import types as t
from ingest.readers.types import SourceDocument

# Label sections whose sentences feed facts; Dosage & Administration is stored verbatim, never extracted.
LABEL_FACT_SECTIONS = {t.INDICATIONS, t.CONTRAINDICATIONS, t.ADVERSE_REACTIONS, t.DRUG_INTERACTIONS, t.BOXED_WARNING}

_WORKER: dict[str, Any] = {}


@dataclass(frozen=True)
class SentenceExtraction:
    section_index: int
    start: int  # offsets in SourceDocument.text()
    end: int
    text: str
    extraction: TextExtraction


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
    plan: list[tuple[int, int, int, int, str]] = []  # document index, section index, start, end, text
    for doc_index, document in enumerate(documents):
        offsets = document.section_offsets()
        for section_index, section in enumerate(document.sections):
            if document.kind == "label" and section.code not in LABEL_FACT_SECTIONS:
                continue
            for start, end in split_sentences(section.text):
                base = offsets[section_index]
                plan.append((doc_index, section_index, base + start, base + end, section.text[start:end]))
    texts, gate = [row[4] for row in plan], _WORKER.get("gate")
    extractions = [] if not plan else extractor.extract(texts, keep_mention=gate) if gate else extractor.extract(texts)
    per_document: list[list[SentenceExtraction]] = [[] for _ in documents]
    for (doc_index, section_index, start, end, text), extraction in zip(plan, extractions, strict=True):
        per_document[doc_index].append(SentenceExtraction(section_index, start, end, text, extraction))
    return NlpBatchResult(
        documents=tuple(DocumentNlp(d, tuple(s)) for d, s in zip(documents, per_document, strict=True)),
        seconds=time.perf_counter() - started, extractor=extractor.name, extractor_version=extractor.version,
    )


def ray_nlp_batch(extractor: Extractor, documents: Sequence[SourceDocument],
                  linker: LinkerLike | None = None) -> NlpBatchResult:
    """The Ray form: the extractor (and the gate's linker) travel as object references and fill the slot on first
    use."""
    if _WORKER.get("extractor") is not extractor:
        init_worker(extractor, linker)
    return nlp_batch(documents)
