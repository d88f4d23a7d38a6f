"""Test-split evaluation of registered models: NER on BC5CDR, CID (gold and predicted entities), ADE, DDI-2013.

CID is scored the BioCreative way: document-level (chemical MeSH, disease MeSH) pairs. With predicted entities the
mentions are normalised either by medkg's own linker (``vocabulary.Linker``, what ingest uses; gold MeSH ids
are mapped to the same canonical ids) or by a small dictionary (mention strings of BC5CDR train+dev, then MeSH 2015
descriptor names); unlinked mentions cannot form a scorable pair, as in the challenge.

The same document-level scoring picks the document-level thresholds at training (``document_threshold``, on held-out
documents only), so ``nlp.training`` builds on this module; which splits and tasks a registered model is scored on
is ``nlp.model_eval``'s rule.
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp import corpora, re_data, relations
from nlp.corpora import CorpusDocument, GoldMention
from nlp.metrics import pair_scores
from nlp.negation import negated_spans
from vocabulary.confidence import LABELS_OF_TYPE, confident_mention_link


def evaluate_ner(model, data_dir: Path, split: str = "test", max_docs: int | None = None) -> dict:
    docs = corpora.bc5cdr(data_dir, split)[:max_docs]
    return {"bc5cdr_" + split: model.evaluate_both(docs)}


def mention_dictionary(data_dir: Path) -> dict[tuple[str, str], str]:
    """(label, lower-cased text) → most frequent concept id in BC5CDR train+dev, plus MeSH descriptor names."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for doc in corpora.bc5cdr(data_dir, "train") + corpora.bc5cdr(data_dir, "dev"):
        for m in doc.mentions:
            if m.ids and m.ids[0] != "-1":
                counts[(m.label, doc.text[m.start:m.end].lower())][m.ids[0]] += 1
    table = {key: ids.most_common(1)[0][0] for key, ids in counts.items()}
    names = data_dir / "mesh-2015" / "descriptor-names.tsv"
    if names.exists():
        with names.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                for label in ("Chemical", "Disease"):
                    table.setdefault((label, row["mesh_name"].lower()), row["mesh_id"])
    return table


def linked_documents(docs: Sequence[CorpusDocument], predicted: Sequence[list], table: dict) -> list[CorpusDocument]:
    """The documents with predicted mentions, linked through the dictionary (unlinked ones get no id)."""
    linked = []
    for doc, spans in zip(docs, predicted):
        mentions = tuple(GoldMention(s, e, k, (table[(k, doc.text[s:e].lower())],))
                         if (k, doc.text[s:e].lower()) in table else GoldMention(s, e, k, ("-1",))
                         for s, e, k, _ in spans)
        linked.append(CorpusDocument(doc.doc_id, doc.text, mentions, doc.relations))
    return linked


def linker_documents(docs: Sequence[CorpusDocument], predicted: Sequence[list], linker) -> list[CorpusDocument]:
    """The documents with predicted mentions linked by the project linker; gold relations mapped to canonical ids."""
    vocabulary = linker.vocabulary

    def canonical(mesh: str) -> str:
        return vocabulary.canonical_id(f"MESH:{mesh}") or f"MESH:{mesh}"

    cache: dict[tuple[str, str], str] = {}
    linked = []
    for doc, spans in zip(docs, predicted):
        mentions = []
        for s, e, kind, _ in spans:
            key = (kind, doc.text[s:e].lower())
            if key not in cache:
                found = linker.link(doc.text[s:e], labels=LABELS_OF_TYPE.get(kind), context=doc.text)
                cache[key] = found.id if confident_mention_link(found) else "-1"  # as ingest accepts links
            mentions.append(GoldMention(s, e, kind, (cache[key],)))
        relations_ = tuple((kind, canonical(a), canonical(b)) for kind, a, b in doc.relations)
        linked.append(CorpusDocument(doc.doc_id, doc.text, tuple(mentions), relations_))
    return linked


def scored_pairs(model, tokenizer, docs: Sequence[CorpusDocument], task: str, relation_type: str, device: str,
                 swap: bool, first_sentence_pairs: bool = False) -> tuple[list, np.ndarray, set]:
    """Mention-pair examples of the documents, their scores on ``task``'s head, and the gold document pairs."""
    examples = re_data.corpus_examples(docs, task, relation_type, swap, first_sentence_pairs)
    scores = relations.predict_scores(model, tokenizer, examples, device)[:, relations.RELATION_HEADS.index(task)]
    return examples, scores, gold_pairs(docs, relation_type, swap)


def gold_pairs(docs: Sequence[CorpusDocument], relation_type: str, swap: bool = False) -> set:
    """The gold document pairs (doc, chemical id, disease id) of ``relation_type``.

    Without ``swap`` (CID: BC5CDR annotates chemical → disease only) every annotated pair, whatever the mentions
    (end-to-end scoring passes predicted mentions, which must not shrink the gold). With ``swap`` (BioRED's
    Negative_Correlation names its two ids in either order and joins chemicals to diseases, chemicals, genes …;
    scored with gold mentions) the pair is oriented chemical → disease by the document's gold Chemical and Disease
    mentions, and pairs of other kinds are no target of this task (they were counted, twice, before 2026-12-04)."""
    if not swap:
        return {(d.doc_id, a, b) for d in docs for kind, a, b in d.relations if kind == relation_type}
    gold = set()
    for doc in docs:
        chemicals = {i for m in doc.mentions if m.label == "Chemical" for i in m.ids}
        diseases = {i for m in doc.mentions if m.label == "Disease" for i in m.ids}
        for kind, a, b in doc.relations:
            if kind != relation_type:
                continue
            if a in chemicals and b in diseases:
                gold.add((doc.doc_id, a, b))
            elif b in chemicals and a in diseases:
                gold.add((doc.doc_id, b, a))
    return gold


def predicted_pairs(examples, scores, threshold: float) -> set:
    """Document pairs of every scorable mention pair at or above the threshold (max aggregation)."""
    found = set()
    for example, score in zip(examples, scores):
        head_ids, tail_ids = example.meta["ids"]
        if score >= threshold and "-1" not in head_ids + tail_ids:
            found |= {(example.group, a, b) for a in head_ids for b in tail_ids}
    return found


def document_threshold(model, tokenizer, docs: Sequence[CorpusDocument], task: str, relation_type: str, device: str,
                       swap: bool = False, first_sentence_pairs: bool = False) -> tuple[float, dict]:
    """The ``task`` threshold with the best document-level pair F1 on ``docs`` (held-out documents only).

    Thresholds chosen per mention pair are too low for document-level scoring: a document pair is predicted when
    any of its mention pairs passes, so the document level needs a stricter cut.
    """
    return best_document_threshold(*scored_pairs(model, tokenizer, docs, task, relation_type, device, swap,
                                                  first_sentence_pairs))


MIN_PRECISION_PAIRS = 10  # right pairs a precision-chosen cut needs: a precision from two pairs says nothing


def _trials(examples, scores, gold: set) -> dict[float, dict]:
    """Document-pair scores against ``gold`` at each threshold 0.05, 0.10 … 0.95."""
    return {round(t, 2): pair_scores(gold, predicted_pairs(examples, scores, t))
            for t in [x / 20 for x in range(1, 20)]}


def precision_threshold(examples, scores, gold: set, target: float) -> tuple[float, dict] | None:
    """The lowest threshold whose document pairs reach ``target`` precision with at least ``MIN_PRECISION_PAIRS``
    right pairs, and its scores; None when no threshold does."""
    return next(((t, figures) for t, figures in _trials(examples, scores, gold).items()
                 if figures["precision"] >= target and figures["tp"] >= MIN_PRECISION_PAIRS), None)


def best_document_threshold(examples, scores, gold: set) -> tuple[float, dict]:
    """The threshold whose document pairs score the best F1 against ``gold`` (ties: higher)."""
    trials = _trials(examples, scores, gold)
    best = max(trials, key=lambda t: (trials[t]["f1"], t))
    return best, trials[best]


def document_pairs(model, tokenizer, docs: Sequence[CorpusDocument], task: str, relation_type: str,
                   thresholds: dict, device: str, swap: bool = False, first_sentence_pairs: bool = False) -> dict:
    """Document-level (head id, tail id) pairs, max-aggregated over mention pairs, scored without and with
    dropping mention pairs that NegEx flags as negated or speculative (one scoring pass for both)."""
    examples, scores, gold = scored_pairs(model, tokenizer, docs, task, relation_type, device, swap,
                                          first_sentence_pairs)
    threshold = thresholds.get(f"{task}-document", thresholds[task])
    ingest = thresholds.get(f"{task}-ingest")
    at_ingest = ({"at_ingest_threshold": pair_scores(gold, predicted_pairs(examples, scores, ingest))
                  | {"threshold": ingest}} if ingest is not None else {})
    kept, filtered, negated = set(), set(), 0
    for example, score in zip(examples, scores):
        pairs = predicted_pairs([example], [score], threshold)
        if not pairs:
            continue
        kept |= pairs
        if any(negated_spans(example.text, [example.head, example.tail])):
            negated += 1
        else:
            filtered |= pairs
    return {"scores": pair_scores(gold, kept), "negation_filter": pair_scores(gold, filtered),
            "negated_mention_pairs": negated, "documents": len(docs), "threshold": threshold, **at_ingest}


def evaluate_cid(ner_model, model, tokenizer, thresholds: dict, data_dir: Path, device: str = "cpu",
                 max_docs: int | None = None, gold: bool = True, linker=None, first_sentence_pairs: bool = False,
                 docs: Sequence[CorpusDocument] | None = None) -> dict:
    """CID from gold entities and, when an NER model is given, end to end from its predicted entities (linked by
    ``linker`` when one is given, else by the small dictionary). ``first_sentence_pairs`` as the model was
    trained (``relations.uses_first_sentence_pairs``). ``docs``: BC5CDR test unless given (e.g. the held-out
    documents, ``corpora.bc5cdr_training_split``)."""
    docs = list(corpora.bc5cdr(data_dir, "test") if docs is None else docs)[:max_docs]
    result = {}
    if gold:
        result["cid_gold_entities"] = document_pairs(model, tokenizer, docs, "CID", "CID", thresholds, device,
                                                     first_sentence_pairs=first_sentence_pairs)
    if ner_model is not None:
        predicted = ner_model.predict([d.text for d in docs])
        if linker is not None:
            linked = linker_documents(docs, predicted, linker)
        else:
            linked = linked_documents(docs, predicted, mention_dictionary(data_dir))
        result["cid_end_to_end"] = document_pairs(model, tokenizer, linked, "CID", "CID", thresholds, device,
                                                  first_sentence_pairs=first_sentence_pairs)
        result["cid_end_to_end"]["normalisation"] = "medkg linker" if linker is not None else "dictionary"
    return result


def _sample(examples: list, limit: int | None, seed: int = 0) -> list:
    """A fixed random sample (the corpora are ordered by document, so a prefix would be biased)."""
    return examples if limit is None or len(examples) <= limit else random.Random(seed).sample(examples, limit)


def evaluate_sentence_tasks(model, tokenizer, thresholds: dict, data_dir: Path, device: str = "cpu",
                            max_examples: int | None = None, tasks: Sequence[str] = ("ADE", "DDI")) -> dict:
    """ADE (our 10 % PMID test split, gold entities) and DDI-2013 test (micro-F1 over the four types)."""
    result = {}
    for task in tasks:
        if task == "ADE":
            examples = _sample(re_data.ade_split(data_dir)["test"], max_examples)
        else:
            examples = _sample(re_data.ddi_with_task(data_dir, "test"), max_examples)
        scores = relations.predict_scores(model, tokenizer, examples, device)
        gold, predicted = relations.example_labels(examples, scores, thresholds, task)
        result[task.lower() + "_test"] = relations.label_scores(gold, predicted) | {"pairs": len(examples)}
        if task == "DDI":
            result["ddi_test_detection"] = relations.label_scores(
                ["DDI" if g != "NONE" else g for g in gold], ["DDI" if p != "NONE" else p for p in predicted])
    return result


def evaluate_treats(model, tokenizer, thresholds: dict, data_dir: Path, device: str = "cpu",
                    max_docs: int | None = None, first_sentence_pairs: bool = False) -> dict:
    docs = corpora.biored(data_dir, "test", ("Chemical", "Disease"))[:max_docs]
    return {"treats_biored_test": document_pairs(model, tokenizer, docs, "TREATS", "Negative_Correlation",
                                                 thresholds, device, swap=True,
                                                 first_sentence_pairs=first_sentence_pairs)}
