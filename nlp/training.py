"""Front doors for training: ``train_ner`` and ``train_re`` build, fit, select, save and register a model.

Model selection never sees a test split: BC5CDR train+dev are pooled and a fixed 10 % of their documents (by a
hash of the PMID, ``corpora.bc5cdr_training_split``) is held out to pick the best epoch and whether post-processing
helps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from core.settings import Settings
from nlp import corpora, re_data, registry, relations
from nlp.engine import limit_cpu_threads, pick_device
from nlp.evaluation import best_document_threshold, document_threshold, precision_threshold, scored_pairs
from nlp.ner import NerConfig, NerModel, NerTrainConfig, build_model, choose_decoding, fit_ner
from nlp.tokens import bio_labels

log = logging.getLogger(__name__)
# Precision the TREATS ingest cut must reach on held-out documents: a treatment fact written to the graph should be
# right four times in five (issue #25); the best-F1 cut stays the document threshold the figures are scored at.
TREATS_INGEST_PRECISION = 0.80


def ner_documents(data_dir: Path, extra: Sequence[str] = (), max_docs: int | None = None,
                  entity_types: Sequence[str] = ("Chemical", "Disease")):
    """(training docs, held-out docs) from BC5CDR train+dev plus optional extra corpora (their train splits).

    No document of any corpus's test split is used (``corpora.without_test_documents``).
    """
    train, heldout = corpora.bc5cdr_training_split(data_dir, max_docs)
    if not heldout:  # too few documents for a hashed held-out part (quick runs): select on a few training ones
        heldout = train[:5]
    if "ncbi" in extra:
        train += corpora.without_test_documents(corpora.ncbi_disease(data_dir, "train"), data_dir)
    if "biored" in extra:
        train += corpora.without_test_documents(corpora.biored(data_dir, "train", entity_types), data_dir)
    return train, heldout


def train_ner(settings: Settings, *, base: Path | None = None, epochs: int = 3, max_docs: int | None = None,
              device: str = "auto", name: str | None = None, extra: Sequence[str] = (),
              num_layers: int | None = None, progress: Callable[[str], None] = log.info) -> Path:
    """Fine-tune an NER model on BC5CDR train+dev and register it; returns the version folder."""
    limit_cpu_threads()
    device = pick_device(device if device != "auto" else settings.device)
    base = Path(base) if base else settings.resolved_base_model()
    train_cfg = NerTrainConfig(epochs=epochs)
    config = NerConfig()
    train_docs, heldout = ner_documents(settings.data_dir, extra, max_docs, train_cfg.entity_types)
    model, tokenizer = build_model(base, bio_labels(train_cfg.entity_types), device, num_layers)
    tagger = NerModel(model, tokenizer, config, device)
    version, path = registry.new_version_dir(settings.models_dir, name or "ner-minilm")
    result = fit_ner(model, tokenizer, train_docs, train_cfg, config, device, select_on=heldout, progress=progress,
                     on_improved=lambda: tagger.save(path))  # a checkpoint survives an interrupted run
    config.min_score, config.postprocess, f1_by_decoding = choose_decoding(tagger, heldout)
    both = tagger.evaluate_both(heldout)
    plain, consistent = both["plain"], both["postprocessed"]
    tagger.save(path)
    registry.write_card(path, {
        "kind": "ner", "base_model": str(base), "labels": list(model.config.id2label.values()),
        "entity_types": list(train_cfg.entity_types), "training_data": ["bc5cdr:train+dev", *extra],
        "training_data_hash": corpora.corpus_hash(train_docs), "max_docs": max_docs,
        "train_config": train_cfg.__dict__ | {"entity_types": list(train_cfg.entity_types)},
        "ner_config": config.__dict__, "device": device, "num_layers": model.config.num_hidden_layers,
    })
    registry.update_metrics(path, {"heldout": {"plain": plain, "postprocessed": consistent,
                                               "f1_by_decoding": f1_by_decoding},
                                   "training": result})
    progress(f"saved {path}")
    return path


def calibrate_ner(settings: Settings, ref: str, progress: Callable[[str], None] = log.info) -> Path:
    """Re-choose a registered NER model's decoding (span-score threshold, post-processing) on the held-out
    abstracts and register the same weights with that choice as a new version; returns its folder.

    For models trained before the current decoding existed (Viterbi paths, ``min_score``), or when the held-out
    choice is widened. The weights are saved again unchanged; the card records ``calibrated_from``.
    """
    limit_cpu_threads()
    source = registry.resolve(settings.models_dir, ref, kind="ner")
    _, heldout = ner_documents(settings.data_dir)
    tagger = NerModel.load(source.path, device=pick_device(settings.device))
    min_score, postprocess, f1_by_decoding = choose_decoding(tagger, heldout)
    tagger.config.min_score, tagger.config.postprocess = min_score, postprocess
    both = tagger.evaluate_both(heldout)
    _, path = registry.new_version_dir(settings.models_dir, source.name)
    tagger.save(path)
    registry.write_card(path, {**{k: v for k, v in source.card.items() if k != "created"},
                               "ner_config": tagger.config.__dict__, "calibrated_from": source.ref})
    registry.update_metrics(path, {"heldout": {**both, "f1_by_decoding": f1_by_decoding}})
    progress(f"{source.ref}: min_score {min_score}, post-processing {'on' if postprocess else 'off'} "
             f"(held-out F1 {max(f1_by_decoding.values()):.4f}); saved {path}")
    return path


def document_thresholds(model, tokenizer, data_dir: Path, device: str, max_docs: int | None = None,
                        threshold_docs: int | None = None, first_sentence_pairs: bool = False) -> dict:
    """CID and TREATS thresholds for document-level pairs, chosen on held-out documents (never a test split):
    the BC5CDR train+dev documents held out from training (at most ``threshold_docs``), and every BioRED dev
    document (84 without test documents, ~50 TREATS pairs: fewer made the choice a coin toss — on 40 of them the
    demo's model took 0.45 at a precision of 0.79 that all 84 put at 0.41).
    Keys ``CID``/``TREATS``: the best-F1 cut; ``TREATS-ingest`` (when one reaches it): the lowest cut whose
    held-out precision is at least ``TREATS_INGEST_PRECISION`` — what ingest writes as a fact."""
    _, cid_heldout = corpora.bc5cdr_training_split(data_dir, max_docs)
    treats_heldout = corpora.without_test_documents(corpora.biored(data_dir, "dev", ("Chemical", "Disease")),
                                                    data_dir)[:max_docs]
    cid_heldout = cid_heldout[:threshold_docs]
    treats = scored_pairs(model, tokenizer, treats_heldout, "TREATS", "Negative_Correlation", device, True,
                          first_sentence_pairs)
    chosen = {"CID": document_threshold(model, tokenizer, cid_heldout, "CID", "CID", device,
                                        first_sentence_pairs=first_sentence_pairs),
              "TREATS": best_document_threshold(*treats)}
    precise = precision_threshold(*treats, TREATS_INGEST_PRECISION)
    if precise is not None:
        chosen["TREATS-ingest"] = precise
    return chosen


def _document_key(task: str) -> str:
    """"CID" → "CID-document"; "TREATS-ingest" stays as it is."""
    return task if task.endswith("-ingest") else f"{task}-document"


def train_re(settings: Settings, *, base: Path | None = None, epochs: int = 2, max_docs: int | None = None,
             device: str = "auto", name: str | None = None, max_examples: int | None = 6000,
             num_layers: int | None = None, threshold_docs: int | None = None, first_sentence_pairs: bool = True,
             augment: int = 0, treats_extra: Sequence[str] = (),
             progress: Callable[[str], None] = log.info) -> Path:
    """Fine-tune the relation model (CID, ADE, DDI, TREATS heads) and register it; returns the version folder.

    ``first_sentence_pairs``: CID/TREATS candidates also join a first-sentence (title) mention to a farther one
    (``re_data.pair_candidates``); recorded in the model's config so that inference makes the same candidates.
    ``augment``: entity-substituted copies per TREATS training example (``nlp.augment``; 0 = none).
    ``treats_extra``: more TREATS training sources (``re_data.TREATS_EXTRA_SOURCES``; e.g. ``("labeledin",)``).
    """
    limit_cpu_threads()
    device = pick_device(device if device != "auto" else settings.device)
    base = Path(base) if base else settings.resolved_base_model()
    data = re_data.training_examples(settings.data_dir, max_docs=max_docs, max_examples=max_examples,
                                     first_sentence_pairs=first_sentence_pairs, augment_treats=augment,
                                     treats_extra=treats_extra)
    model, tokenizer = relations.build_model(base, device, num_layers)
    result = relations.fit(model, tokenizer, data["train"], epochs, device, select_on=data["heldout"],
                           progress=progress)
    document_level = document_thresholds(model, tokenizer, settings.data_dir, device, max_docs, threshold_docs,
                                         first_sentence_pairs)
    result["thresholds"].update({_document_key(task): threshold for task, (threshold, _) in document_level.items()})
    result["heldout"].update({_document_key(task): scores | {"threshold": threshold}
                              for task, (threshold, scores) in document_level.items()})
    version, path = registry.new_version_dir(settings.models_dir, name or "re-minilm")
    relations.save(model, tokenizer, path, result["thresholds"], first_sentence_pairs)
    registry.write_card(path, {
        "kind": "re", "base_model": str(base), "relation_types": list(relations.RELATION_HEADS),
        "training_data": data["sources"], "training_data_hash": corpora.corpus_hash(data["train"]),
        "max_docs": max_docs, "max_examples": max_examples, "epochs": epochs, "device": device,
        "first_sentence_pairs": first_sentence_pairs, "augment_treats": augment, "treats_extra": list(treats_extra),
        "num_layers": model.encoder.config.num_hidden_layers,
    })
    registry.update_metrics(path, {"heldout": result["heldout"], "training": result["history"]})
    progress(f"saved {path}")
    return path
