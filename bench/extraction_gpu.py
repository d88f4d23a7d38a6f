"""In-domain pretraining on a GPU (issue #25): does masked-LM pretraining of MiniLM on our biomedical text help NER,
CID and TREATS? One prepared script, one device call.

Usage: python bench/extraction_gpu.py [--steps 2000] [--batch-size 64] [--ner-epochs 5] [--re-epochs 3]
                                      [--max-examples 0] [--home DIR] [--out FIGURES.json] [--device cuda]

1. ``medkg model train pretrain``'s function (``nlp.pretraining.pretrain``) continues masked-LM training of the base
   (MiniLM, or ``--base``) on the text that ``pretraining_texts`` gathers (never a dev, test or held-out document);
   held-out masked-LM loss before and after.
2. For each base, the stock one and the pretrained one, the product's own training functions with the same
   recipe and seed: ``train_ner`` (BC5CDR train+dev + BioRED train, ``--ner-epochs``) and ``train_re`` (all four
   heads, ``--re-epochs``, ``--max-examples`` per task; 0 = all). The held-out figures each stores at training are
   the ones a choice is made on (BC5CDR train+dev documents it never trained on; BioRED dev for TREATS).
3. Test, once for each: NER strict F1 on BC5CDR test, CID with gold entities and end to end (mention
   normalisation ``dictionary``: the GPU machine has no vocabulary build), TREATS on BioRED test, ADE and DDI.

Figures go to stdout and, after every step, to ``--out`` (JSON), so a run cut short still leaves what it measured.
Exits 0 with a message when torch sees no CUDA device; ``--device cpu --steps 2 --max-docs 12 --ner-epochs 1
--re-epochs 1 --max-examples 40`` is a smoke run on any machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# bench/ holds scripts named like packages (bench/ingest.py): import from the repository root instead.
sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

from core.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=2000, help="masked-LM batches")
    parser.add_argument("--batch-size", type=int, default=64, help="masked-LM blocks per batch")
    parser.add_argument("--learning-rate", type=float, default=5e-5, help="masked-LM peak learning rate")
    parser.add_argument("--ner-epochs", type=int, default=5)
    parser.add_argument("--re-epochs", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=0, help="RE examples per task (0 = all)")
    parser.add_argument("--max-docs", type=int, default=None, help="limit documents (smoke runs)")
    parser.add_argument("--base", type=Path, default=None, help="a local Hugging Face model folder (default MiniLM)")
    parser.add_argument("--home", type=Path, default=Path("/tmp/medkg-gpu-home"))
    parser.add_argument("--out", type=Path, default=None, help="write the figures here as JSON after every step")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--skip-pretrain", action="store_true", help="only the stock base (a baseline run)")
    args = parser.parse_args()

    import torch

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("no CUDA device visible to torch: nothing to measure (run this on the GPU machine)")
        return 0
    from nlp import registry
    from nlp.model_eval import EvalOptions, EvalSplit, evaluate_model
    from nlp.pretraining import pretrain
    from nlp.training import train_ner, train_re

    settings = Settings(home=args.home)
    figures: dict = {"device": torch.cuda.get_device_name(0) if args.device.startswith("cuda") else args.device,
                     "torch": torch.__version__, "args": {k: str(v) for k, v in vars(args).items()}}

    def record(key: str, value) -> None:
        figures[key] = value
        print(json.dumps({key: value}), flush=True)
        if args.out:
            args.out.write_text(json.dumps(figures, indent=1))

    def say(line: str) -> None:
        print(line, flush=True)

    stock = args.base or settings.resolved_base_model()
    bases = {"stock": stock}
    if not args.skip_pretrain:
        started = time.perf_counter()
        pretrained = pretrain(settings, base=stock, steps=args.steps, batch_size=args.batch_size,
                              learning_rate=args.learning_rate, device=args.device, name="base-gpu", progress=say)
        entry = registry.resolve(settings.models_dir, "base-gpu")
        record("pretrain", {"seconds": round(time.perf_counter() - started, 1), **entry.metrics().get("heldout", {}),
                            "card": {k: entry.card.get(k) for k in ("texts", "blocks", "train_config")}})
        bases["pretrained"] = pretrained

    max_examples = args.max_examples or None
    for tag, base in bases.items():
        started = time.perf_counter()
        train_ner(settings, base=base, epochs=args.ner_epochs, max_docs=args.max_docs, device=args.device,
                  name=f"ner-{tag}", extra=("biored",), progress=say)
        ner_seconds = time.perf_counter() - started
        started = time.perf_counter()
        train_re(settings, base=base, epochs=args.re_epochs, max_docs=args.max_docs, device=args.device,
                 name=f"re-{tag}", max_examples=max_examples, progress=say)
        re_seconds = time.perf_counter() - started
        ner, relation = registry.resolve(settings.models_dir, f"ner-{tag}"), registry.resolve(
            settings.models_dir, f"re-{tag}")
        record(f"{tag}:heldout", {"ner_seconds": round(ner_seconds, 1), "re_seconds": round(re_seconds, 1),
                                  "ner": ner.metrics().get("heldout"), "re": relation.metrics().get("heldout")})

    for tag in bases:
        ner_test = evaluate_model(settings, f"ner-{tag}", EvalOptions(split=EvalSplit.test, device=args.device,
                                                                      max_docs=args.max_docs))
        re_test = evaluate_model(settings, f"re-{tag}", EvalOptions(
            split=EvalSplit.test, device=args.device, max_docs=args.max_docs, ner=f"ner-{tag}",
            normalise="dictionary", max_pairs=1500))
        record(f"{tag}:test", {"ner": ner_test.figures, "re": re_test.figures})
    return 0


if __name__ == "__main__":
    sys.exit(main())
