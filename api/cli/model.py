"""``medkg model``: train, list and evaluate the NER and relation-extraction models in the registry."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import settings_of
from core.errors import MedkgError

app = typer.Typer(help="Fine-tuned NER / relation-extraction models: train, list, evaluate.", no_args_is_help=True)
console = Console()


class Kind(str, Enum):
    ner = "ner"
    re = "re"


RE_TASKS = ("cid-gold", "cid-e2e", "ade", "ddi", "treats")


class Split(str, Enum):
    test = "test"
    dev = "dev"
    heldout = "heldout"


@app.command("train")
def train(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., help="ner (Chemical/Disease tagger) or re (CID, TREATS, ADE, DDI)"),
    base: Path | None = typer.Option(None, "--base", help="A local Hugging Face BERT-like folder (default MiniLM)."),
    epochs: int | None = typer.Option(None, "--epochs", help="Training epochs (default: 3 for ner, 2 for re)."),
    device: str = typer.Option("auto", "--device", help="cpu, cuda or auto."),
    max_docs: int | None = typer.Option(None, "--max-docs", help="Limit the training documents (quick runs)."),
    name: str | None = typer.Option(None, "--name", help="Registry name (default ner-minilm / re-minilm)."),
    extra: str = typer.Option("biored", "--extra", help="ner only: more training corpora, comma-separated: ncbi, "
                              "biored (their train splits, without any document of a test split); '' for BC5CDR "
                              "alone. Ignored for re."),
    max_examples: int | None = typer.Option(None, "--max-examples", help="re only: cap on each task's training "
                                            "examples (default 6,000; ADE and TREATS half; 0 = all)."),
    first_sentence_pairs: bool = typer.Option(True, "--first-sentence-pairs/--adjacent-only",
                                              help="re only: CID/TREATS candidates also join a title (first "
                                                   "sentence) mention to a farther one, or stay within adjacent "
                                                   "sentences."),
) -> None:
    """Fine-tune a model on the bundled corpora and register it as a new version."""
    from nlp.training import train_ner, train_re

    settings = settings_of(ctx)
    if base is not None and not (base / "config.json").exists():
        raise MedkgError(f"--base {base} is not a Hugging Face model folder (no config.json)")
    trainer = train_ner if kind is Kind.ner else train_re
    options: dict = {"epochs": epochs} if epochs else {}
    extras = tuple(e.strip() for e in extra.split(",") if e.strip())
    if unknown := set(extras) - {"ncbi", "biored"}:
        raise MedkgError(f"--extra: unknown corpus {', '.join(sorted(unknown))} (choose from ncbi, biored)")
    if extras and kind is Kind.ner:
        options["extra"] = extras
    if max_examples is not None and kind is Kind.re:
        options["max_examples"] = max_examples or None
    if kind is Kind.re:
        options["first_sentence_pairs"] = first_sentence_pairs
    path = trainer(settings, base=base, device=device, max_docs=max_docs, name=name, progress=console.print,
                   **options)
    console.print(f"[green]registered[/] {path}")


@app.command("calibrate")
def calibrate(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="NAME, NAME/vN, latest, or a model folder (an NER model)."),
) -> None:
    """Re-choose an NER model's decoding (span-score threshold, post-processing) on held-out abstracts and
    register the same weights with it as a new version (never looks at a test split)."""
    from nlp.training import calibrate_ner

    path = calibrate_ner(settings_of(ctx), name, progress=console.print)
    console.print(f"[green]registered[/] {path}")


@app.command("list")
def list_models(ctx: typer.Context) -> None:
    """Registered models with their held-out and test F1."""
    from nlp import registry

    settings = settings_of(ctx)
    table = Table("model", "kind", "created", "held-out F1", "test F1", "size")
    for model in registry.list_models(settings.models_dir):
        metrics = model.metrics()
        mode = "postprocessed" if model.card.get("ner_config", {}).get("postprocess") else "plain"
        table.add_row(model.ref, model.kind, model.card.get("created", "?")[:16],
                      _headline(metrics.get("heldout", {}), mode), _headline(metrics.get("test", {}), mode),
                      f"{registry.folder_size(model.path) / 1e6:.0f} MB")
    console.print(table)


HEADLINE_KEYS = {"CID": "CID", "ADE": "ADE", "DDI": "DDI", "TREATS": "TREATS", "cid_gold_entities": "CID-gold",
                 "cid_end_to_end": "CID-e2e", "ade_test": "ADE", "ddi_test": "DDI", "treats_biored_test": "TREATS"}


def _headline(section: dict, mode: str = "plain") -> str:
    """The figures worth one table cell: combined NER F1 (as the model runs), or F1 per relation task."""
    if mode in section:
        return f"{section[mode]['all']['f1']:.4f}"
    ner = section.get("bc5cdr_test", {}).get(mode, {}).get("all")
    if ner:
        return f"{ner['f1']:.4f}"
    parts = []
    for key, label in HEADLINE_KEYS.items():
        values = section.get(key)
        if isinstance(values, dict):
            parts.append(f"{label} {values.get('scores', values).get('f1', 0):.3f}")
    return "\n".join(parts) or "-"


@app.command("eval")
def evaluate(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="NAME, NAME/vN, latest, or a model folder."),
    split: Split = typer.Option(Split.test, "--split", help="Corpus split to score (test is never used to "
                                "train; heldout: the CID documents an RE model held out)."),
    max_docs: int | None = typer.Option(None, "--max-docs", help="Score only the first N documents (quick runs)."),
    device: str = typer.Option("auto", "--device", help="cpu, cuda or auto."),
    max_pairs: int | None = typer.Option(None, "--max-pairs", help="Score a fixed random sample of ADE/DDI pairs."),
    ner: str = typer.Option("latest", "--ner", help="NER model for end-to-end CID."),
    tasks: str = typer.Option(",".join(RE_TASKS), "--tasks", help="RE tasks to score, comma-separated."),
    normalise: str = typer.Option("linker", "--normalise",
                                  help="End-to-end CID mention normalisation: linker (medkg's, as ingest) or "
                                       "dictionary (BC5CDR train+dev strings + MeSH names)."),
    first_sentence_pairs: bool | None = typer.Option(None, "--first-sentence-pairs/--adjacent-only",
                                                     help="CID/TREATS candidates (default: as the model was "
                                                          "trained); the other choice is an ablation."),
) -> None:
    """Score a registered model on a split and store the figures in its metrics.json."""
    from nlp import evaluation, re_data, registry, relations
    from nlp.engine import limit_cpu_threads, pick_device
    from nlp.ner import NerModel

    settings = settings_of(ctx)
    limit_cpu_threads()
    device = pick_device(device)
    entry = registry.resolve(settings.models_dir, name)
    metrics_key = split.value
    if entry.kind == "ner":
        if split is Split.heldout:
            raise MedkgError("an NER model's held-out figures are chosen and stored at training (metrics.json); "
                             "score it on --split dev or test")
        result = evaluation.evaluate_ner(NerModel.load(entry.path, device), settings.data_dir, split.value, max_docs)
    else:
        if split is Split.dev:
            raise MedkgError("RE models train on BC5CDR train+dev: score them on test, or on --split heldout (the "
                             "10 % of BC5CDR train+dev documents they never trained on; CID only)")
        wanted = {t.strip() for t in tasks.split(",")}
        if split is Split.heldout and not wanted <= {"cid-gold", "cid-e2e"}:
            raise MedkgError("--split heldout scores CID only: pass --tasks cid-gold,cid-e2e")
        if unknown := wanted - set(RE_TASKS):
            raise MedkgError(f"unknown task(s) {sorted(unknown)}; choose from {', '.join(RE_TASKS)}")
        model, tokenizer, thresholds = relations.load(entry.path, device)
        trained_with = relations.uses_first_sentence_pairs(entry.path)
        if first_sentence_pairs is None:
            first_sentence_pairs = trained_with
        if first_sentence_pairs != trained_with:  # an ablation is stored beside, never as, the model's figures
            metrics_key = f"{split.value}:{'first-sentence-pairs' if first_sentence_pairs else 'adjacent-only'}"
        ner_entry = _optional_ner(settings.models_dir, ner) if "cid-e2e" in wanted else None
        tagger = NerModel.load(ner_entry.path, device) if ner_entry else None
        docs = re_data.cid_documents(settings.data_dir)[1] if split is Split.heldout else None
        result = evaluation.evaluate_cid(tagger, model, tokenizer, thresholds, settings.data_dir, device, max_docs,
                                         gold="cid-gold" in wanted, linker=_cid_linker(settings, normalise, tagger),
                                         first_sentence_pairs=first_sentence_pairs, docs=docs)
        if wanted & {"ade", "ddi"}:
            result |= evaluation.evaluate_sentence_tasks(model, tokenizer, thresholds, settings.data_dir, device,
                                                         max_pairs, tasks=[t.upper() for t in wanted & {"ade", "ddi"}])
        if "treats" in wanted:
            result |= evaluation.evaluate_treats(model, tokenizer, thresholds, settings.data_dir, device, max_docs,
                                                 first_sentence_pairs)
        if ner_entry:
            result["ner_model"] = ner_entry.ref
        result["first_sentence_pairs"] = first_sentence_pairs
    registry.update_metrics(entry.path, {metrics_key: entry.metrics().get(metrics_key, {}) | result})
    console.print_json(json.dumps(result))


def _cid_linker(settings, normalise: str, tagger):
    """The project linker (as ingest builds it) for end-to-end CID, or None for the dictionary."""
    if normalise not in ("linker", "dictionary"):
        raise MedkgError(f"--normalise must be linker or dictionary, not {normalise!r}")
    if tagger is None or normalise == "dictionary":
        return None
    from vocabulary import Linker, Vocabulary

    return Linker(Vocabulary.load_or_build(settings))


def _optional_ner(models_dir: Path, ref: str):
    from nlp import registry

    try:
        return registry.resolve(models_dir, ref, kind="ner")
    except registry.ModelNotFound:
        return None
