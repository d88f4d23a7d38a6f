"""Relation candidates and training data: mention pairs in a sentence window, labelled from the corpora.

CID (BC5CDR) and TREATS (BioRED chemical–disease ``Negative_Correlation``) are document-level: a mention pair is
positive when its two concept ids form an annotated pair. ADE and DDI-2013 are sentence-level with gold pairs.
Each example carries the task it supervises in ``meta["task"]``; the model's loss only looks at that task's heads.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from nlp import corpora
from nlp.corpora import CorpusDocument, RelationExample

ADE_TEST_PERCENT, ADE_HELDOUT_PERCENT = 10, 10
HELDOUT_PER_TASK = 800
TREATS_EXTRA_SOURCES = {  # name → how the examples were made (the model card's training_data)
    "labeledin": "labeledin (FDA label indication sentences: the label's drug x its annotated indications, "
                 "positives only, 250 labels)",
}


def pair_candidates(text: str, mentions: Sequence, head_label: str, tail_label: str, max_sentence_gap: int = 1,
                    first_sentence_pairs: bool = False) -> list[tuple[int, int, int, int]]:
    """(head index, tail index, window start, window end) for mention pairs at most ``max_sentence_gap`` apart.

    With ``first_sentence_pairs``, a farther pair is a candidate too when one of its mentions is in the first
    sentence (an abstract's title) and no closer pair joins the same two strings: one per pair of strings, the
    closest. A title names the article's main chemical and disease, and a document-level relation such as CID
    often joins a title mention to one far down the abstract (in BC5CDR train, such pairs hold 98 of the 117 CID
    pairs beyond adjacent sentences, with 546 negatives where all far pairs bring 1,709).
    """
    sentences = corpora.sentence_spans(text) or [(0, len(text))]
    sentence_of = [_sentence_index(sentences, m.start) for m in mentions]
    near, far = [], {}
    for i, head in enumerate(mentions):
        if head.label != head_label:
            continue
        for j, tail in enumerate(mentions):
            if j == i or tail.label != tail_label or (head_label == tail_label and j < i):
                continue
            if head.start < tail.end and tail.start < head.end:
                continue
            first, last = sorted((sentence_of[i], sentence_of[j]))
            candidate = (i, j, sentences[first][0], sentences[last][1])
            if last - first <= max_sentence_gap:
                near.append(candidate)
            elif first_sentence_pairs and first == 0:
                strings = (_folded(text, head), _folded(text, tail))
                if strings not in far or last - first < far[strings][0]:
                    far[strings] = (last - first, candidate)
    reached = {(_folded(text, mentions[i]), _folded(text, mentions[j])) for i, j, _, _ in near}
    return near + sorted(candidate for strings, (_, candidate) in far.items() if strings not in reached)


def _folded(text: str, mention) -> str:
    return text[mention.start:mention.end].lower()


def _sentence_index(sentences: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(sentences):
        if offset < end:
            return index
    return len(sentences) - 1


def document_examples(doc: CorpusDocument, task: str, relation_type: str, swap: bool = False,
                      first_sentence_pairs: bool = False) -> list[RelationExample]:
    """Chemical → disease pairs of one document, positive when their ids are an annotated ``relation_type`` pair
    (candidates as ``pair_candidates`` makes them)."""
    pairs = {(a, b) for kind, a, b in doc.relations if kind == relation_type}
    if swap:
        pairs |= {(b, a) for a, b in pairs}
    examples, seen = [], set()
    for i, j, start, end in pair_candidates(doc.text, doc.mentions, "Chemical", "Disease",
                                              first_sentence_pairs=first_sentence_pairs):
        head, tail = doc.mentions[i], doc.mentions[j]
        key = (head.ids, tail.ids, start)
        if key in seen:  # one example per concept pair and window keeps the data small
            continue
        seen.add(key)
        positive = any((a, b) in pairs for a in head.ids for b in tail.ids)
        examples.append(RelationExample(doc.text[start:end], (head.start - start, head.end - start),
                                        (tail.start - start, tail.end - start), task if positive else "NONE",
                                        group=doc.doc_id, meta={"task": task, "ids": (head.ids, tail.ids)}))
    return examples


def corpus_examples(docs: Sequence[CorpusDocument], task: str, relation_type: str, swap: bool = False,
                    first_sentence_pairs: bool = False) -> list[RelationExample]:
    """``document_examples`` of every document, in order."""
    return [e for d in docs for e in document_examples(d, task, relation_type, swap, first_sentence_pairs)]


def _with_task(examples: list[RelationExample], task: str) -> list[RelationExample]:
    return [RelationExample(e.text, e.head, e.tail, e.label, e.group, {**e.meta, "task": task}) for e in examples]


def _cap(examples: list[RelationExample], limit: int | None, rng: random.Random) -> list[RelationExample]:
    """At most ``limit`` examples, keeping all positives that fit and sampling the negatives."""
    if limit is None or len(examples) <= limit:
        return examples
    positives = [e for e in examples if e.label != "NONE"]
    negatives = [e for e in examples if e.label == "NONE"]
    rng.shuffle(positives)
    rng.shuffle(negatives)
    keep_pos = positives[: max(limit // 2, limit - len(negatives))]
    return keep_pos + negatives[: limit - len(keep_pos)]


def ade_part(pmid: str) -> str:
    """Which part of the ADE corpus a PMID's sentences belong to, by hash: ``test``, ``heldout`` or ``train``."""
    if corpora.held_out("ade-test" + pmid, ADE_TEST_PERCENT):
        return "test"
    return "heldout" if corpora.held_out("ade-dev" + pmid, ADE_HELDOUT_PERCENT) else "train"


def ade_split(data_dir: Path) -> dict[str, list[RelationExample]]:
    """The ADE corpus has no official split: 10 % of PMIDs for test, 10 % held out for selection, by hash.

    Six ADE abstracts are BC5CDR test documents (drug → adverse effect is close to CID): abstracts of any test
    split never reach ADE's train or held-out part.
    """
    examples = _with_task(corpora.ade_examples(data_dir), "ADE")
    test = [e for e in examples if ade_part(e.group) == "test"]
    rest = corpora.without_test_documents([e for e in examples if ade_part(e.group) != "test"], data_dir,
                                          pmid=lambda e: e.group)
    heldout = [e for e in rest if ade_part(e.group) == "heldout"]
    train = [e for e in rest if ade_part(e.group) == "train"]
    return {"train": train, "heldout": heldout, "test": test}


def ddi_with_task(data_dir: Path, split: str) -> list[RelationExample]:
    return _with_task(corpora.ddi_examples(data_dir, split), "DDI")


def training_examples(data_dir: Path, max_docs: int | None = None, max_examples: int | None = 6000,
                      seed: int = 13, first_sentence_pairs: bool = False, augment_treats: int = 0,
                      treats_extra: Sequence[str] = ()) -> dict:
    """Train and held-out examples for every task; ``max_examples`` caps each task's training set; the
    document-level tasks (CID, TREATS) take ``first_sentence_pairs`` candidates too when asked;
    ``augment_treats``: that many entity-substituted copies of each TREATS training example (``nlp.augment``);
    ``treats_extra``: more TREATS training examples from ``TREATS_EXTRA_SOURCES`` (training only, never held out)."""
    rng = random.Random(seed)
    cid_train, cid_heldout = corpora.bc5cdr_training_split(data_dir, max_docs)
    ade = ade_split(data_dir)
    ddi = ddi_with_task(data_dir, "train")
    ddi_heldout = [e for e in ddi if corpora.held_out("ddi-dev" + e.group, 10)]
    ddi_train = [e for e in ddi if not corpora.held_out("ddi-dev" + e.group, 10)]
    biored = corpora.without_test_documents(corpora.biored(data_dir, "train", ("Chemical", "Disease")), data_dir)
    biored_dev = corpora.without_test_documents(corpora.biored(data_dir, "dev", ("Chemical", "Disease")), data_dir)
    if max_docs:
        ade = {k: v[: max_docs * 4] for k, v in ade.items()}
        ddi_train, ddi_heldout = ddi_train[: max_docs * 8], ddi_heldout[: max_docs * 4]
        biored, biored_dev = biored[:max_docs], biored_dev[: max(2, max_docs // 4)]
    cid = {"task": "CID", "relation_type": "CID", "first_sentence_pairs": first_sentence_pairs}
    treats = {"task": "TREATS", "relation_type": "Negative_Correlation", "swap": True,
              "first_sentence_pairs": first_sentence_pairs}
    tasks = {
        "CID": (corpus_examples(cid_train, **cid), corpus_examples(cid_heldout, **cid)),
        "TREATS": (corpus_examples(biored, **treats), corpus_examples(biored_dev, **treats)),
        "ADE": (ade["train"], ade["heldout"]),
        "DDI": (ddi_train, ddi_heldout),
    }
    small = {"ADE", "TREATS"}  # ADE has almost no negatives, TREATS is small: half the cap each
    train = [e for task, (examples, _) in tasks.items()
             for e in _cap(examples, max_examples and (max_examples // 2 if task in small else max_examples), rng)]
    sources = ["bc5cdr:train+dev (CID)", "biored:train (TREATS)", "ade-corpus-v2 (80% of PMIDs)", "ddi2013:train"]
    if "labeledin" in treats_extra:  # on top of the cap, as augmentation is: added data, not a substitute
        train += corpora.labeledin_examples(data_dir)[: max_docs * 4 if max_docs else None]
    sources += [TREATS_EXTRA_SOURCES[name] for name in treats_extra]
    if augment_treats:
        from nlp.augment import augment_treats as substituted, indication_pairs

        train += substituted(train, indication_pairs(data_dir), augment_treats, seed)
        sources.append(f"TREATS entity substitution x{augment_treats} (pharmacotherapydb pairs)")
    heldout = []  # a random (not balanced) sample keeps the natural class balance for choosing thresholds
    for _, examples in tasks.values():
        heldout += rng.sample(examples, min(len(examples), HELDOUT_PER_TASK))
    rng.shuffle(train)
    return {"train": train, "heldout": heldout, "sources": sources}
