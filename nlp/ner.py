"""Named-entity recognition: a BERT-like encoder with a BIO token-classification head.

``NerModel`` loads a registered folder and tags texts through the engine (windows, length buckets, inference
mode); ``fit_ner`` fine-tunes one on ``CorpusDocument``s with a separate, larger learning rate for the head.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp import engine, tokens
from nlp.corpora import CorpusDocument
from nlp.metrics import entity_scores
from nlp.postprocess import consistent_spans

Span = tuple[int, int, str, float]


@dataclass
class NerConfig:
    max_length: int = 256
    stride: int = 64
    postprocess: bool = True
    min_score: float = 0.0  # spans whose mean label probability is lower are dropped (chosen on held-out data)


MIN_SCORE_CHOICES = (0.0, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


class NerModel:
    """A token classifier and its tokenizer, ready for batched tagging."""

    def __init__(self, model, tokenizer, config: NerConfig, device: str = "cpu"):
        self.model, self.tokenizer, self.config, self.device = model, tokenizer, config, device
        self.id2label = {int(k): v for k, v in model.config.id2label.items()}

    @classmethod
    def load(cls, path: Path, device: str = "auto", quantize: bool = False) -> NerModel:
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        device = engine.pick_device(device)
        model = AutoModelForTokenClassification.from_pretrained(path).to(device).eval()
        if quantize and device == "cpu":
            model = engine.quantize_dynamic(model)
        config = NerConfig(**json.loads((path / "ner_config.json").read_text()))
        return cls(model, AutoTokenizer.from_pretrained(path), config, device)

    def save(self, path: Path) -> None:
        self.model.save_pretrained(path)
        self.tokenizer.save_pretrained(path)
        (path / "ner_config.json").write_text(json.dumps(self.config.__dict__, indent=2))

    def predict(self, texts: Sequence[str], postprocess: bool | None = None,
                tokens_per_batch: int = 8192) -> list[list[Span]]:
        """Character spans (start, end, label, score) per text."""
        encoded = tokens.encode_texts(self.tokenizer, texts)
        windows = tokens.make_windows(encoded, self.tokenizer, self.config.max_length, self.config.stride)
        logits = engine.run_token_classifier(self.model, windows, self.tokenizer.pad_token_id, self.device,
                                             tokens_per_batch)
        merged = tokens.merge_window_logits(encoded, windows, logits, len(self.id2label))
        spans = [tokens.decode_spans(enc, doc_logits, self.id2label) for enc, doc_logits in zip(encoded, merged)]
        if self.config.min_score > 0:
            spans = [[span for span in doc if span[3] >= self.config.min_score] for doc in spans]
        if self.config.postprocess if postprocess is None else postprocess:
            spans = [consistent_spans(text, doc_spans) for text, doc_spans in zip(texts, spans)]
        return spans

    def evaluate(self, docs: Sequence[CorpusDocument], postprocess: bool | None = None) -> dict:
        use = self.config.postprocess if postprocess is None else postprocess
        return self.evaluate_both(docs)["postprocessed" if use else "plain"]

    def evaluate_both(self, docs: Sequence[CorpusDocument]) -> dict:
        """Strict scores without and with document-level post-processing, from one tagging pass."""
        texts = [d.text for d in docs]
        plain = self.predict(texts, postprocess=False)
        consistent = [consistent_spans(text, spans) for text, spans in zip(texts, plain)]
        gold = [{(m.start, m.end, m.label) for m in d.mentions} for d in docs]
        return {name: entity_scores(gold, [{(s, e, k) for s, e, k, _ in doc} for doc in predicted])
                for name, predicted in (("plain", plain), ("postprocessed", consistent))}


def choose_decoding(tagger: NerModel, docs: Sequence[CorpusDocument]) -> tuple[float, bool, dict[str, float]]:
    """(min_score, postprocess) with the best strict F1 on ``docs``, chosen together, and F1 for every pair.

    Precision is this model's weak side, and a low mean label probability marks most spurious spans; document-level
    consistency then restores the other occurrences of the mentions that stay, so the two interact and are chosen
    together. Choose on held-out documents only, never on a test split.
    """
    saved, tagger.config.min_score = tagger.config.min_score, 0.0
    try:
        spans = tagger.predict([d.text for d in docs], postprocess=False)
    finally:
        tagger.config.min_score = saved
    gold = [{(m.start, m.end, m.label) for m in d.mentions} for d in docs]
    return best_decoding(gold, spans, [d.text for d in docs])


def best_decoding(gold: Sequence[set], spans: Sequence[Sequence[Span]],
                  texts: Sequence[str]) -> tuple[float, bool, dict[str, float]]:
    """Of ``MIN_SCORE_CHOICES`` × post-processing off/on, the pair with the best strict F1 (ties: lower, off)."""
    f1_by_choice: dict[tuple[float, bool], float] = {}
    for threshold in MIN_SCORE_CHOICES:
        kept = [[span for span in doc if span[3] >= threshold] for doc in spans]
        for postprocess in (False, True):
            final = [consistent_spans(text, doc) for text, doc in zip(texts, kept)] if postprocess else kept
            f1_by_choice[(threshold, postprocess)] = entity_scores(
                gold, [{(s, e, k) for s, e, k, _ in doc} for doc in final])["all"]["f1"]
    threshold, postprocess = max(f1_by_choice, key=lambda c: (f1_by_choice[c], -c[0], not c[1]))
    table = {f"{t}{' +postprocess' if pp else ''}": f for (t, pp), f in f1_by_choice.items()}
    return threshold, postprocess, table


@dataclass
class NerTrainConfig:
    epochs: int = 3
    encoder_lr: float = 1e-4
    head_lr: float = 2e-3
    warmup: float = 0.06
    tokens_per_batch: int = 4096
    max_batch: int = 16
    weight_decay: float = 0.01
    seed: int = 13
    entity_types: tuple[str, ...] = ("Chemical", "Disease")


def build_model(base: Path, labels: list[str], device: str, num_layers: int | None = None):
    """Token classifier with the base encoder's weights (optionally truncated to its first layers)."""
    from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

    overrides = {"num_hidden_layers": num_layers} if num_layers else {}
    config = AutoConfig.from_pretrained(base, num_labels=len(labels), id2label=dict(enumerate(labels)),
                                        label2id={label: i for i, label in enumerate(labels)}, **overrides)
    model = AutoModelForTokenClassification.from_pretrained(base, config=config).to(device)
    return model, AutoTokenizer.from_pretrained(base)


def training_windows(docs: Sequence[CorpusDocument], tokenizer, label2id: dict[str, int], config: NerConfig):
    encoded = tokens.encode_texts(tokenizer, [d.text for d in docs])
    labels = [tokens.token_labels(enc, d.mentions, label2id) for enc, d in zip(encoded, docs)]
    return tokens.make_windows(encoded, tokenizer, config.max_length, config.stride, labels)


def fit_ner(model, tokenizer, docs: Sequence[CorpusDocument], train: NerTrainConfig, config: NerConfig, device: str,
            select_on: Sequence[CorpusDocument] = (), progress: Callable[[str], None] = print,
            on_improved: Callable[[], None] | None = None) -> dict:
    """Fine-tune in place; when ``select_on`` is given, keep the epoch with the best strict F1 there."""
    import torch

    random.seed(train.seed)
    torch.manual_seed(train.seed)
    windows = training_windows(docs, tokenizer, model.config.label2id, config)
    batches = tokens.length_buckets(windows, train.tokens_per_batch, train.max_batch)
    optimizer, scheduler = engine.make_optimizer(model, train, len(batches) * train.epochs)
    history, best = [], (-1.0, None)
    for epoch in range(1, train.epochs + 1):
        loss = _train_epoch(model, windows, batches, optimizer, scheduler, tokenizer.pad_token_id, device,
                            desc=f"NER epoch {epoch}/{train.epochs}")
        record = {"epoch": epoch, "loss": round(loss, 5)}
        if select_on:
            scores = NerModel(model, tokenizer, config, device).evaluate(select_on, postprocess=False)
            record["heldout_f1"] = scores["all"]["f1"]
            if scores["all"]["f1"] > best[0]:
                best = (scores["all"]["f1"], {k: v.detach().clone() for k, v in model.state_dict().items()})
                if on_improved is not None:
                    on_improved()
        history.append(record)
        progress(json.dumps(record))
    if best[1] is not None:
        model.load_state_dict(best[1])
    return {"history": history, "best_epoch": max(history, key=lambda r: r.get("heldout_f1", 0))["epoch"]}


def _train_epoch(model, windows, batches, optimizer, scheduler, pad_id: int, device: str, desc: str) -> float:
    import torch
    from tqdm import tqdm

    model.train()
    random.shuffle(batches)
    total, seen = 0.0, 0
    for indices in tqdm(batches, desc=desc, unit="batch", mininterval=10):
        batch = engine.pad_batch(windows, indices, pad_id, device, with_labels=True)
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if not math.isnan(loss.item()):
            total, seen = total + loss.item(), seen + 1
    return total / max(seen, 1)
