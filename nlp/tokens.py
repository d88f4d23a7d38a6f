"""Sub-word tokenisation for NER: BIO labels on every word piece, overlapping windows, and decoding back to spans.

Every word piece of a mention carries a label (``B-`` on the first piece, ``I-`` on the rest), so a window can cut a
word anywhere. Decoding averages the logits of overlapping windows, then takes the most probable *valid* BIO path
(Viterbi: ``I-X`` only after ``B-X`` or ``I-X``) rather than each piece's argmax, so "primary pulmonary
hypertension" with a hesitant ``B`` on "primary" stays one mention instead of losing its first word. Spans are
snapped to whole words so a prediction never ends inside a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

OUTSIDE = "O"


def bio_labels(entity_types: Sequence[str]) -> list[str]:
    return [OUTSIDE] + [f"{prefix}-{kind}" for kind in entity_types for prefix in ("B", "I")]


@dataclass(frozen=True)
class EncodedText:
    """One text, tokenised once without special tokens."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    word_ids: list[int]


@dataclass(frozen=True)
class Window:
    doc: int  # index of the text
    start: int  # first token index in the text
    ids: list[int]  # with [CLS] ... [SEP]
    labels: list[int] | None = None  # -100 on special tokens


def encode_texts(tokenizer, texts: Sequence[str]) -> list[EncodedText]:
    """Tokenise texts in one fast-tokenizer call; word ids tie pieces to whole words."""
    if not texts:
        return []
    batch = tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True, truncation=False,
                      verbose=False)
    encoded = []
    for index, ids in enumerate(batch["input_ids"]):
        words = [-1 if w is None else w for w in batch.word_ids(index)]
        encoded.append(EncodedText(ids, [tuple(o) for o in batch["offset_mapping"][index]], words))
    return encoded


def token_labels(encoded: EncodedText, mentions, label2id: dict[str, int]) -> list[int]:
    """BIO id per word piece from gold character spans (``start``, ``end``, ``label``)."""
    labels = [label2id[OUTSIDE]] * len(encoded.ids)
    for mention in mentions:
        if f"B-{mention.label}" not in label2id:
            continue
        first = True
        for index, (start, end) in enumerate(encoded.offsets):
            if start >= mention.start and start < mention.end and end > start:
                labels[index] = label2id[f"{'B' if first else 'I'}-{mention.label}"]
                first = False
    return labels


def make_windows(encoded: Sequence[EncodedText], tokenizer, max_length: int, stride: int,
                 labels: Sequence[list[int]] | None = None) -> list[Window]:
    """Cut each text into windows of at most ``max_length`` tokens (with specials), overlapping by ``stride``."""
    body = max_length - 2
    step = max(1, body - stride)
    windows = []
    for doc, text in enumerate(encoded):
        starts = list(range(0, max(1, len(text.ids) - stride), step)) if len(text.ids) > body else [0]
        for start in starts:
            piece = text.ids[start:start + body]
            ids = [tokenizer.cls_token_id, *piece, tokenizer.sep_token_id]
            window_labels = None
            if labels is not None:
                window_labels = [-100, *labels[doc][start:start + body], -100]
            windows.append(Window(doc, start, ids, window_labels))
    return windows


def length_buckets(windows: Sequence[Window], tokens_per_batch: int, max_batch: int = 64) -> list[list[int]]:
    """Batches of window indices with similar lengths, so padding stays small."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    batches, current, longest = [], [], 0
    for index in order:
        length = len(windows[index].ids)
        if current and (max(longest, length) * (len(current) + 1) > tokens_per_batch or len(current) >= max_batch):
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, length)
    if current:
        batches.append(current)
    return batches


def merge_window_logits(encoded: Sequence[EncodedText], windows: Sequence[Window],
                        window_logits: Sequence[np.ndarray], num_labels: int) -> list[np.ndarray]:
    """Average the logits of overlapping windows into one (tokens × labels) array per text."""
    sums = [np.zeros((len(text.ids), num_labels), dtype=np.float32) for text in encoded]
    counts = [np.zeros((len(text.ids), 1), dtype=np.float32) for text in encoded]
    for window, logits in zip(windows, window_logits):
        body = logits[1:len(window.ids) - 1]
        sums[window.doc][window.start:window.start + len(body)] += body
        counts[window.doc][window.start:window.start + len(body)] += 1
    return [total / np.maximum(count, 1) for total, count in zip(sums, counts)]


def decode_spans(encoded: EncodedText, logits: np.ndarray, id2label: dict[int, str]):
    """Token logits → (start, end, label, score) character spans: best valid BIO path, whole-word snapping.

    The score of a span is the mean probability of its pieces' labels on that path.
    """
    if len(encoded.ids) == 0:
        return []
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    best = bio_viterbi(np.log(probs + 1e-12), id2label)
    spans: list[list] = []  # [first token, last token, label, scores]
    for index, label_id in enumerate(best):
        tag = id2label[int(label_id)]
        if tag == OUTSIDE:
            continue
        prefix, kind = tag.split("-", 1)
        same_word = spans and encoded.word_ids[index] == encoded.word_ids[spans[-1][1]] and index - 1 == spans[-1][1]
        continues = spans and spans[-1][1] == index - 1 and spans[-1][2] == kind and (prefix == "I" or same_word)
        if continues or (same_word and spans[-1][1] == index - 1):
            spans[-1][1] = index
            spans[-1][3].append(float(probs[index, label_id]))
        else:
            spans.append([index, index, kind, [float(probs[index, label_id])]])
    return _merge_overlaps([_snap(encoded, first, last, kind, scores) for first, last, kind, scores in spans])


def bio_viterbi(log_probs: np.ndarray, id2label: dict[int, str]) -> list[int]:
    """Label ids of the most probable tag path in which ``I-X`` only follows ``B-X`` or ``I-X``."""
    n_labels = log_probs.shape[1]
    kinds = [id2label[j][2:] for j in range(n_labels)]
    inside = np.array([id2label[j].startswith("I-") for j in range(n_labels)])
    allowed = np.array([[not inside[j] or kinds[i] == kinds[j] for j in range(n_labels)] for i in range(n_labels)])
    transition = np.where(allowed, 0.0, -np.inf)
    score = np.where(inside, -np.inf, log_probs[0])
    back = np.zeros(log_probs.shape, dtype=np.int64)
    for t in range(1, len(log_probs)):
        candidates = score[:, None] + transition
        back[t] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(len(log_probs) - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def _merge_overlaps(spans: list) -> list:
    """Spans snapped onto the same word become one; the type with the higher score wins."""
    merged: list = []
    for start, end, kind, score in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            winner = kind if score > last[3] else last[2]
            merged[-1] = (last[0], max(end, last[1]), winner, max(score, last[3]))
        else:
            merged.append((start, end, kind, score))
    return merged


def _snap(encoded: EncodedText, first: int, last: int, kind: str, scores: list[float]):
    word_first, word_last = encoded.word_ids[first], encoded.word_ids[last]
    while first > 0 and word_first >= 0 and encoded.word_ids[first - 1] == word_first:
        first -= 1
    while last + 1 < len(encoded.ids) and word_last >= 0 and encoded.word_ids[last + 1] == word_last:
        last += 1
    return encoded.offsets[first][0], encoded.offsets[last][1], kind, float(np.mean(scores))
