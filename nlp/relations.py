"""Relation extraction: entity markers around two mentions, one encoder pass, one sigmoid head per relation type.

The input is the sentence window with ``[E1] … [/E1]`` around the head and ``[E2] … [/E2]`` around the tail; the
representation is the encoder state at the two opening markers, concatenated. Each training example supervises only
the heads of its own task (BC5CDR → CID, BioRED → TREATS, ADE corpus → ADE, DDI-2013 → the four DDI subtypes), so
one model learns from corpora that annotate different relations. Per-head thresholds are chosen on held-out data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from nlp import engine
from nlp.corpora import RelationExample
from nlp.metrics import prf

RELATION_HEADS = ("CID", "TREATS", "ADE", "DDI-effect", "DDI-mechanism", "DDI-advise", "DDI-int")
TASK_HEADS = {"CID": [0], "TREATS": [1], "ADE": [2], "DDI": [3, 4, 5, 6]}
MARKERS = ("[E1]", "[/E1]", "[E2]", "[/E2]")
MAX_LENGTH = 128
CONTEXT_CHARS = 300


def _module_class():
    import torch

    class RelationModel(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * hidden, len(RELATION_HEADS))

        def forward(self, input_ids, attention_mask, head_index, tail_index):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            rows = torch.arange(states.shape[0], device=states.device)
            pair = torch.cat([states[rows, head_index], states[rows, tail_index]], dim=-1)
            return self.head(self.dropout(pair))

    return RelationModel


def build_model(base: Path, device: str, num_layers: int | None = None):
    from transformers import AutoConfig, AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    tokenizer.add_special_tokens({"additional_special_tokens": list(MARKERS)})
    overrides = {"num_hidden_layers": num_layers} if num_layers else {}
    encoder = AutoModel.from_pretrained(base, config=AutoConfig.from_pretrained(base, **overrides))
    encoder.resize_token_embeddings(len(tokenizer))
    return _module_class()(encoder).to(device), tokenizer


def save(model, tokenizer, path: Path, thresholds: dict[str, float], first_sentence_pairs: bool = False) -> None:
    import torch

    model.encoder.save_pretrained(path / "encoder")
    tokenizer.save_pretrained(path / "encoder")
    torch.save(model.head.state_dict(), path / "relation_head.pt")
    (path / "relation_config.json").write_text(json.dumps({"heads": list(RELATION_HEADS), "thresholds": thresholds,
                                                           "max_length": MAX_LENGTH,
                                                           "first_sentence_pairs": first_sentence_pairs}, indent=2))


def uses_first_sentence_pairs(path: Path) -> bool:
    """Whether a registered RE model was trained with first-sentence candidates (``re_data.pair_candidates``);
    inference must make the candidates its model learned from (models before the option: no)."""
    return bool(json.loads((path / "relation_config.json").read_text()).get("first_sentence_pairs", False))


def load(path: Path, device: str = "cpu"):
    """(model, tokenizer, thresholds) from a registered RE folder."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = _module_class()(AutoModel.from_pretrained(path / "encoder"))
    model.head.load_state_dict(torch.load(path / "relation_head.pt", map_location="cpu"))
    config = json.loads((path / "relation_config.json").read_text())
    return model.to(device).eval(), AutoTokenizer.from_pretrained(path / "encoder"), config["thresholds"]


def encode(tokenizer, example: RelationExample) -> tuple[list[int], int, int]:
    """Token ids with markers, and the positions of the two opening markers (the window is cut around them)."""
    text, (h0, h1), (t0, t1) = example.text, example.head, example.tail
    left, right = max(0, min(h0, t0) - CONTEXT_CHARS), max(h1, t1) + CONTEXT_CHARS
    inserts = sorted([(h0, "[E1] "), (h1, " [/E1]"), (t0, "[E2] "), (t1, " [/E2]")], key=lambda x: (x[0], "/" not in x[1]))
    pieces, cursor = [], left
    for offset, marker in inserts:
        pieces += [text[cursor:offset], marker]
        cursor = offset
    pieces.append(text[cursor:right])
    ids = tokenizer("".join(pieces), add_special_tokens=True, truncation=False, verbose=False)["input_ids"]
    e1, e2 = tokenizer.convert_tokens_to_ids("[E1]"), tokenizer.convert_tokens_to_ids("[E2]")
    ids = _center_crop(ids, [ids.index(e1), ids.index(e2)], tokenizer)
    return ids, ids.index(e1), ids.index(e2)


def _center_crop(ids: list[int], anchors: list[int], tokenizer) -> list[int]:
    """At most MAX_LENGTH tokens keeping both markers: one centred window, or two half windows when far apart."""
    if len(ids) <= MAX_LENGTH:
        return ids
    body = MAX_LENGTH - 2
    first, last = min(anchors), max(anchors)
    if last - first < body - 8:
        start = min(max(1, (first + last) // 2 - body // 2), len(ids) - 1 - body)
        return [tokenizer.cls_token_id, *ids[start:start + body], tokenizer.sep_token_id]
    half = body // 2
    left = max(1, first - half // 2)
    right = max(left + half, min(last - half // 2, len(ids) - 1 - half))
    return [tokenizer.cls_token_id, *ids[left:left + half], *ids[right:right + half], tokenizer.sep_token_id]


def targets(example: RelationExample) -> tuple[np.ndarray, np.ndarray]:
    """(target, mask) over the heads: the mask selects the heads of the example's task."""
    target, mask = np.zeros(len(RELATION_HEADS), np.float32), np.zeros(len(RELATION_HEADS), np.float32)
    task = example.meta.get("task", example.label)
    mask[TASK_HEADS[task]] = 1.0
    negative_cid = task == "CID" and example.label == "NONE"
    treatment = task == "TREATS" and example.label != "NONE"
    if negative_cid or treatment:
        mask[TASK_HEADS["ADE"]] = 1.0  # nothing induced, or a treatment: not an adverse effect either
    if treatment:
        mask[TASK_HEADS["CID"]] = 1.0  # a treated disease is not one the chemical induces
    if example.label != "NONE":
        name = f"DDI-{example.meta.get('subtype')}" if task == "DDI" else task
        if name in RELATION_HEADS:
            target[RELATION_HEADS.index(name)] = 1.0
    return target, mask


def _batches(encoded: list, batch_size: int, shuffle: bool) -> list[list[int]]:
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        random.shuffle(batches)
    return batches


def _tensors(encoded: list, indices: list[int], pad_id: int, device: str):
    import torch

    longest = max(len(encoded[i][0]) for i in indices)
    ids = torch.full((len(indices), longest), pad_id, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, i in enumerate(indices):
        ids[row, :len(encoded[i][0])] = torch.tensor(encoded[i][0])
        mask[row, :len(encoded[i][0])] = 1
    heads = torch.tensor([encoded[i][1] for i in indices])
    tails = torch.tensor([encoded[i][2] for i in indices])
    return ids.to(device), mask.to(device), heads.to(device), tails.to(device)


def predict_scores(model, tokenizer, examples: Sequence[RelationExample], device: str = "cpu",
                   batch_size: int = 64) -> np.ndarray:
    """Sigmoid scores (examples × heads)."""
    import torch

    if not examples:
        return np.zeros((0, len(RELATION_HEADS)), np.float32)
    encoded = [encode(tokenizer, e) for e in examples]
    scores = np.zeros((len(examples), len(RELATION_HEADS)), np.float32)
    model.eval()
    with torch.inference_mode():
        for indices in _batches(encoded, batch_size, shuffle=False):
            logits = model(*_tensors(encoded, indices, tokenizer.pad_token_id, device))
            scores[indices] = torch.sigmoid(logits.float()).cpu().numpy()
    return scores


def fit(model, tokenizer, examples: Sequence[RelationExample], epochs: int, device: str,
        select_on: Sequence[RelationExample] = (), progress: Callable[[str], None] = print,
        lr: float = 5e-5, head_lr: float = 1e-3, batch_size: int = 32) -> dict:
    """Masked binary cross-entropy over the task's heads; thresholds per head chosen on ``select_on``."""
    import torch

    random.seed(13)
    torch.manual_seed(13)
    encoded = [encode(tokenizer, e) for e in examples]
    labels = [targets(e) for e in examples]
    settings = type("TrainSettings", (), {"encoder_lr": lr, "head_lr": head_lr, "warmup": 0.06, "weight_decay": 0.01})
    optimizer, scheduler = engine.make_optimizer(model, settings, len(_batches(encoded, batch_size, False)) * epochs)
    history = []
    for epoch in range(1, epochs + 1):
        loss = _epoch(model, encoded, labels, optimizer, scheduler, tokenizer.pad_token_id, device, batch_size,
                      desc=f"RE epoch {epoch}/{epochs}")
        history.append({"epoch": epoch, "loss": round(loss, 5)})
        progress(json.dumps(history[-1]))
    scores = predict_scores(model, tokenizer, select_on, device)
    thresholds, heldout = choose_thresholds(select_on, scores)
    return {"history": history, "thresholds": thresholds, "heldout": heldout}


def _epoch(model, encoded, labels, optimizer, scheduler, pad_id, device, batch_size, desc) -> float:
    import torch
    from tqdm import tqdm

    model.train()
    total, count = 0.0, 0
    for indices in tqdm(_batches(encoded, batch_size, shuffle=True), desc=desc, unit="batch", mininterval=10):
        logits = model(*_tensors(encoded, indices, pad_id, device))
        target = torch.tensor(np.stack([labels[i][0] for i in indices]), device=device)
        mask = torch.tensor(np.stack([labels[i][1] for i in indices]), device=device)
        loss_all = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
        loss = (loss_all * mask).sum() / mask.sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        total, count = total + loss.item(), count + 1
    return total / max(count, 1)


def example_labels(examples: Sequence[RelationExample], scores: np.ndarray, thresholds: dict[str, float],
                   task: str) -> tuple[list[str], list[str]]:
    """(gold, predicted) label per example of one task; DDI picks the best subtype above its threshold."""
    gold, predicted = [], []
    heads = TASK_HEADS[task]
    for example, row in zip(examples, scores):
        if example.meta.get("task") != task:
            continue
        target, _ = targets(example)
        gold.append(RELATION_HEADS[heads[int(np.argmax(target[heads]))]] if target[heads].max() > 0 else "NONE")
        best = max(heads, key=lambda h: row[h] - thresholds[RELATION_HEADS[h]])
        predicted.append(RELATION_HEADS[best] if row[best] >= thresholds[RELATION_HEADS[best]] else "NONE")
    return gold, predicted


def label_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Micro P/R/F1 over the positive classes (a right type on a positive pair counts)."""
    tp = sum(1 for g, p in zip(gold, predicted) if g == p and g != "NONE")
    return prf(tp, sum(p != "NONE" for p in predicted), sum(g != "NONE" for g in gold))


def choose_thresholds(examples: Sequence[RelationExample], scores: np.ndarray) -> tuple[dict, dict]:
    """Per-task threshold (shared by a task's heads) maximising held-out F1; 0.5 where a task has no data."""
    thresholds = {name: 0.5 for name in RELATION_HEADS}
    report = {}
    for task, heads in TASK_HEADS.items():
        best = (-1.0, 0.5, {})
        for candidate in np.arange(0.1, 0.91, 0.05):
            trial = thresholds | {RELATION_HEADS[h]: float(candidate) for h in heads}
            result = label_scores(*example_labels(examples, scores, trial, task))
            if result["gold"] and result["f1"] > best[0]:
                best = (result["f1"], float(candidate), result)
        thresholds.update({RELATION_HEADS[h]: round(best[1], 2) for h in heads})
        report[task] = best[2] | {"threshold": round(best[1], 2)}
    return thresholds, report
