"""Scoring a registered model on a split (``medkg model eval``): which splits and tasks a model may be scored on,
which candidates it is scored with, and where its figures are stored.

- An NER model: BC5CDR dev or test. Its held-out figures are chosen and stored at training.
- An RE model trained on BC5CDR train+dev: test, or ``heldout`` (the documents ``corpora.bc5cdr_training_split``
  held out from its training; CID only). Tasks: ``RE_TASKS``.
- CID/TREATS candidates are made as the model was trained (``relations.uses_first_sentence_pairs``) unless asked
  otherwise; such an ablation is stored beside, never as, the model's own figures (``<split>:adjacent-only`` or
  ``<split>:first-sentence-pairs``).

Figures are merged into the model's ``metrics.json`` under that key (``registry.update_metrics``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from core.errors import MedkgError
from core.settings import Settings
from nlp import corpora, evaluation, registry, relations
from nlp.engine import limit_cpu_threads, pick_device
from nlp.ner import NerModel
from vocabulary import Linker, Vocabulary

RE_TASKS = ("cid-gold", "cid-e2e", "ade", "ddi", "treats")
CID_TASKS = frozenset({"cid-gold", "cid-e2e"})
SENTENCE_TASKS = ("ade", "ddi")
NORMALISATIONS = ("linker", "dictionary")


class EvalSplit(str, Enum):
    test = "test"
    dev = "dev"
    heldout = "heldout"


class EvaluationRefused(MedkgError):
    """The model cannot be scored on that split, with those tasks, or with that normalisation."""


@dataclass(frozen=True)
class EvalOptions:
    """What to score. ``max_docs``: the first N documents; ``max_pairs``: a fixed random sample of ADE/DDI pairs;
    ``ner``: the NER model for end-to-end CID; ``normalise``: its mention normalisation (``linker``: medkg's, as
    ingest; ``dictionary``: BC5CDR train+dev strings and MeSH names); ``first_sentence_pairs``: CID/TREATS
    candidates (``None``: as the model was trained)."""

    split: EvalSplit = EvalSplit.test
    max_docs: int | None = None
    device: str = "auto"
    max_pairs: int | None = None
    ner: str = "latest"
    tasks: tuple[str, ...] = RE_TASKS
    normalise: str = "linker"
    first_sentence_pairs: bool | None = None


@dataclass(frozen=True)
class ModelEvaluation:
    """The figures of one scoring, and the ``metrics.json`` key they were stored under."""

    model: str
    metrics_key: str
    figures: dict = field(hash=False)


def evaluate_model(settings: Settings, name: str, options: EvalOptions = EvalOptions()) -> ModelEvaluation:
    """Score the registered model ``name`` (NAME, NAME/vN, latest or a folder) and store the figures beside its
    earlier ones under the same key."""
    limit_cpu_threads()
    device = pick_device(options.device)
    entry = registry.resolve(settings.models_dir, name)
    if entry.kind == "ner":
        key, figures = options.split.value, _ner_figures(settings, entry, options, device)
    else:
        key, figures = _re_figures(settings, entry, options, device)
    registry.update_metrics(entry.path, {key: entry.metrics().get(key, {}) | figures})
    return ModelEvaluation(entry.ref, key, figures)


def _ner_figures(settings: Settings, entry: registry.RegisteredModel, options: EvalOptions, device: str) -> dict:
    if options.split is EvalSplit.heldout:
        raise EvaluationRefused("an NER model's held-out figures are chosen and stored at training (metrics.json); "
                                "score it on --split dev or test")
    return evaluation.evaluate_ner(NerModel.load(entry.path, device), settings.data_dir, options.split.value,
                                   options.max_docs)


def re_tasks_to_score(options: EvalOptions) -> frozenset[str]:
    """The RE tasks asked for, refused when the split cannot score them or a name is unknown."""
    if options.split is EvalSplit.dev:
        raise EvaluationRefused("RE models train on BC5CDR train+dev: score them on test, or on --split heldout "
                                "(the 10 % of BC5CDR train+dev documents they never trained on; CID only)")
    wanted = frozenset(options.tasks)
    if options.split is EvalSplit.heldout and not wanted <= CID_TASKS:
        raise EvaluationRefused("--split heldout scores CID only: pass --tasks cid-gold,cid-e2e")
    if unknown := wanted - set(RE_TASKS):
        raise EvaluationRefused(f"unknown task(s) {sorted(unknown)}; choose from {', '.join(RE_TASKS)}")
    if options.normalise not in NORMALISATIONS:
        raise EvaluationRefused(f"--normalise must be linker or dictionary, not {options.normalise!r}")
    return wanted


def metrics_key(split: EvalSplit, first_sentence_pairs: bool, trained_with: bool) -> str:
    """The split's own key when candidates are made as the model was trained, else the ablation's key beside it."""
    if first_sentence_pairs == trained_with:
        return split.value
    return f"{split.value}:{'first-sentence-pairs' if first_sentence_pairs else 'adjacent-only'}"


def _re_figures(settings: Settings, entry: registry.RegisteredModel, options: EvalOptions,
                device: str) -> tuple[str, dict]:
    wanted = re_tasks_to_score(options)
    model, tokenizer, thresholds = relations.load(entry.path, device)
    trained_with = relations.uses_first_sentence_pairs(entry.path)
    first_sentence_pairs = trained_with if options.first_sentence_pairs is None else options.first_sentence_pairs
    ner_entry = _optional_ner(settings.models_dir, options.ner) if "cid-e2e" in wanted else None
    tagger = NerModel.load(ner_entry.path, device) if ner_entry else None
    use_linker = tagger is not None and options.normalise == "linker"
    linker = Linker(Vocabulary.load_or_build(settings)) if use_linker else None
    docs = corpora.bc5cdr_training_split(settings.data_dir)[1] if options.split is EvalSplit.heldout else None
    result = evaluation.evaluate_cid(tagger, model, tokenizer, thresholds, settings.data_dir, device,
                                     options.max_docs, gold="cid-gold" in wanted, linker=linker,
                                     first_sentence_pairs=first_sentence_pairs, docs=docs)
    if sentence_tasks := [task.upper() for task in SENTENCE_TASKS if task in wanted]:
        result |= evaluation.evaluate_sentence_tasks(model, tokenizer, thresholds, settings.data_dir, device,
                                                     options.max_pairs, tasks=sentence_tasks)
    if "treats" in wanted:
        result |= evaluation.evaluate_treats(model, tokenizer, thresholds, settings.data_dir, device,
                                             options.max_docs, first_sentence_pairs)
    if ner_entry:
        result["ner_model"] = ner_entry.ref
    result["first_sentence_pairs"] = first_sentence_pairs
    return metrics_key(options.split, first_sentence_pairs, trained_with), result


def _optional_ner(models_dir: Path, ref: str) -> registry.RegisteredModel | None:
    """The NER model for end-to-end CID, or None when none is registered (gold-entity CID is still scored)."""
    try:
        return registry.resolve(models_dir, ref, kind="ner")
    except registry.ModelNotFound:
        return None
