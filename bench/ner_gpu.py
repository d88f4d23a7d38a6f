"""NER on a GPU: train with the product's command path, score BC5CDR test, and measure tagging throughput.

Usage: python bench/ner_gpu.py [--epochs 5] [--abstracts 20000] [--tokens-per-batch 65536] [--device cuda]
                               [--model TRAINED_NER_FOLDER]  (skips 1 and 2: throughput only)

One prepared script for a GPU machine (nothing is downloaded; the base model is the local MiniLM or --base):

1. trains an NER model exactly as ``medkg model train ner`` does (``nlp.training.train_ner``), into a
   temporary home, and prints the seconds per epoch;
2. scores it on BC5CDR test (strict entity F1, the figure docs/evaluation.md reports);
3. tags ``--abstracts`` abstracts (BC5CDR test repeated) with the engine and prints abstracts/s for the GPU
   forward pass alone and for the whole call (tokenising, windows, decoding on the CPU), in fp32 and bf16, next
   to the same model on the CPU (``--cpu-abstracts`` of them) as the baseline in the same run.

The physical ceiling for MiniLM-L6 on an H200 is about 60k abstracts/s (forward pass). Exits 0 with a message when
torch sees no CUDA device; ``--device cpu --max-docs 20 --epochs 1 --abstracts 50`` is a smoke run on any machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

# bench/ holds scripts named like packages (bench/ingest.py): import from the repository root instead.
sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

from core.settings import Settings  # noqa: E402
from nlp import corpora, engine, tokens  # noqa: E402


def forward_seconds(model, texts: list[str], device: str, tokens_per_batch: int) -> float:
    """Seconds of the batched forward passes alone (windows prepared beforehand, CUDA synchronised)."""
    import torch

    encoded = tokens.encode_texts(model.tokenizer, texts)
    windows = tokens.make_windows(encoded, model.tokenizer, model.config.max_length, model.config.stride)
    engine.run_token_classifier(model.model, windows[:256], model.tokenizer.pad_token_id, device, tokens_per_batch)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    started = time.perf_counter()
    engine.run_token_classifier(model.model, windows, model.tokenizer.pad_token_id, device, tokens_per_batch)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - started


def whole_call_seconds(model, texts: list[str], tokens_per_batch: int) -> float:
    model.predict(texts[:64], postprocess=False, tokens_per_batch=tokens_per_batch)
    started = time.perf_counter()
    model.predict(texts, postprocess=False, tokens_per_batch=tokens_per_batch)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--max-docs", type=int, default=None, help="limit training documents (smoke runs)")
    parser.add_argument("--abstracts", type=int, default=20_000, help="abstracts tagged for the GPU figures")
    parser.add_argument("--cpu-abstracts", type=int, default=100, help="abstracts tagged for the CPU baseline")
    parser.add_argument("--tokens-per-batch", type=int, default=65_536)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--base", type=Path, default=None, help="a local Hugging Face model folder")
    parser.add_argument("--model", type=Path, default=None,
                        help="a trained NER model folder: skip training and scoring, measure throughput only")
    args = parser.parse_args()

    import torch

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("no CUDA device visible to torch: nothing to measure (run this on the GPU machine)")
        return
    from nlp.ner import NerModel
    from nlp.training import train_ner

    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        test_docs = corpora.bc5cdr(settings.data_dir, "test")
        if args.model is not None:
            path = args.model
            model = NerModel.load(path, device=args.device)
        else:
            started = time.perf_counter()
            path = train_ner(settings, base=args.base, epochs=args.epochs, max_docs=args.max_docs,
                             device=args.device, name="ner-gpu-bench", progress=lambda line: print(line, flush=True))
            train_seconds = time.perf_counter() - started
            model = NerModel.load(path, device=args.device)
            scores = model.evaluate_both(test_docs)["plain"]
            print(json.dumps({"train_seconds": round(train_seconds, 1), "epochs": args.epochs,
                              "test_f1": {k: v["f1"] for k, v in scores.items()}}), flush=True)

        texts = [test_docs[i % len(test_docs)].text for i in range(args.abstracts)]
        rows = []
        for precision in ("fp32", "bf16"):
            if precision == "bf16":
                if not args.device.startswith("cuda"):
                    continue
                model.model.to(torch.bfloat16)
            forward = forward_seconds(model, texts, args.device, args.tokens_per_batch)
            whole = whole_call_seconds(model, texts, args.tokens_per_batch)
            rows.append((f"{args.device} {precision}", len(texts), forward, whole))
        cpu_model = NerModel.load(path, device="cpu")
        cpu_texts = texts[:args.cpu_abstracts]
        rows.append(("cpu fp32 (baseline)", len(cpu_texts), forward_seconds(cpu_model, cpu_texts, "cpu", 8192),
                     whole_call_seconds(cpu_model, cpu_texts, 8192)))

    print(f"\n{'engine':<22}{'abstracts':>10}{'forward abstracts/s':>22}{'whole call abstracts/s':>25}")
    for name, n, forward, whole in rows:
        print(f"{name:<22}{n:>10}{n / forward:>22,.0f}{n / whole:>25,.0f}")
    print(f"ratio GPU fp32 / CPU, whole call: {(rows[0][1] / rows[0][3]) / (rows[-1][1] / rows[-1][3]):.1f}x")


if __name__ == "__main__":
    main()
