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
from nlp.model_eval import RE_TASKS, EvalOptions, EvalSplit, evaluate_model
from nlp.re_data import TREATS_EXTRA_SOURCES

app = typer.Typer(help="Fine-tuned NER / relation-extraction models: train, list, evaluate.", no_args_is_help=True)
console = Console()


class Kind(str, Enum):
    ner = "ner"
    re = "re"
    pretrain = "pretrain"


@app.command("train")
def train(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., help="ner (Chemical/Disease tagger), re (CID, TREATS, ADE, DDI), or pretrain "
                                          "(continued masked-LM training of the base encoder on the unlabelled "
                                          "biomedical text in MEDKG_DATA_DIR; registers a base model for --base)"),
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
    augment: int = typer.Option(0, "--augment", min=0, help="re only: entity-substituted copies of each TREATS "
                                "training example (curated indication pairs for positives; 0 = none)."),
    treats_extra: str = typer.Option("", "--treats-extra", help="re only: more TREATS training examples, "
                                     "comma-separated: labeledin (drug-label indication sentences, positives; "
                                     "docs/models.md)."),
    steps: int = typer.Option(1000, "--steps", min=1, help="pretrain only: batches of masked-LM training."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="pretrain only: blocks per batch."),
    max_length: int = typer.Option(128, "--max-length", min=16, max=512, help="pretrain only: tokens per block."),
) -> None:
    """Fine-tune a model on the bundled corpora (or pretrain the base encoder) and register it as a new version."""
    from nlp.training import train_ner, train_re

    settings = settings_of(ctx)
    if base is not None and not (base / "config.json").exists():
        raise MedkgError(f"--base {base} is not a Hugging Face model folder (no config.json)")
    if kind is Kind.pretrain:
        from nlp.pretraining import pretrain

        path = pretrain(settings, base=base, steps=steps, batch_size=batch_size, max_length=max_length,
                        device=device, name=name, progress=console.print)
        console.print(f"[green]registered[/] {path}  (fine-tune on it: medkg model train ner --base {path})")
        return
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
        options["augment"] = augment
        treats_sources = tuple(e.strip() for e in treats_extra.split(",") if e.strip())
        if unknown := set(treats_sources) - set(TREATS_EXTRA_SOURCES):
            raise MedkgError(f"--treats-extra: unknown source {', '.join(sorted(unknown))} "
                             f"(choose from {', '.join(TREATS_EXTRA_SOURCES)})")
        options["treats_extra"] = treats_sources
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
    """The figures worth one table cell: combined NER F1 (as the model runs), F1 per relation task, or a base
    encoder's held-out masked-LM loss before → after its pretraining."""
    if "masked_lm_loss_after" in section:
        return f"MLM loss {section['masked_lm_loss_before']:.2f} → {section['masked_lm_loss_after']:.2f}"
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
    split: EvalSplit = typer.Option(EvalSplit.test, "--split", help="Corpus split to score (test is never used "
                                    "to train; heldout: the CID documents an RE model held out)."),
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
    options = EvalOptions(split=split, max_docs=max_docs, device=device, max_pairs=max_pairs, ner=ner,
                          tasks=tuple(task.strip() for task in tasks.split(",")), normalise=normalise,
                          first_sentence_pairs=first_sentence_pairs)
    scored = evaluate_model(settings_of(ctx), name, options)
    console.print_json(json.dumps(scored.figures))
