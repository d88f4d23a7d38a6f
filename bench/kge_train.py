"""Training speed: our KGE configuration vs PyKEEN's default pipeline settings, same data, same epochs.

Usage: python bench/kge_train.py [--dataset UMLS] [--models TransE RotatE] [--epochs 50] [--threads 2]

For each model it trains three times on PyKEEN's bundled data set (offline) and prints training triples/s and the
test MRR / Hits@10 each reaches:
  defaults   pipeline(dataset, model, epochs) and nothing else (on a CPU: batch 32, Adam lr 1e-3, 1 negative,
             stock sLCWA loop with gc.collect() after every epoch)
  ours-stock our configuration (embeddings.config.TrainConfig) with PyKEEN's stock SLCWATrainingLoop
  ours       our configuration with embeddings.loop.LeanSLCWATrainingLoop (what medkg runs)
No early stopping in any of them, so all train the same number of epochs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from embeddings.config import TrainConfig, quiet_pykeen  # noqa: E402


def run(dataset, model: str, epochs: int, variant: str) -> dict:
    from pykeen.pipeline import pipeline
    from pykeen.training import SLCWATrainingLoop

    if variant == "defaults":
        kwargs = dict(model=model, epochs=epochs, training_kwargs={"use_tqdm": False},
                      evaluation_kwargs={"use_tqdm": False})
    else:
        config = replace(TrainConfig.for_model(model, epochs=epochs), early_stopping=False)
        kwargs = config.pipeline_kwargs(use_tqdm=False)
        kwargs["training_kwargs"]["pin_memory"] = False
        if variant == "ours-stock":
            kwargs["training_loop"] = SLCWATrainingLoop
    result = pipeline(dataset=dataset, random_seed=0, device="cpu", **kwargs)
    n_triples = dataset.training.num_triples
    return {
        "variant": variant, "train_s": result.train_seconds,
        "triples_per_s": n_triples * epochs / result.train_seconds,
        "mrr": result.metric_results.get_metric("both.realistic.inverse_harmonic_mean_rank"),
        "hits_at_10": result.metric_results.get_metric("both.realistic.hits_at_10"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="UMLS", choices=["UMLS", "Nations", "Kinships"])
    parser.add_argument("--models", nargs="+", default=["TransE", "RotatE"])
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    from pykeen.datasets import get_dataset

    quiet_pykeen(args.threads)
    dataset = get_dataset(dataset=args.dataset)
    print(f"{args.dataset}: {dataset.training.num_triples} training triples, {args.epochs} epochs, "
          f"{args.threads} threads, torch {torch.__version__}")
    print(f"{'model':8} {'config':11} {'train s':>8} {'triples/s':>10} {'speed-up':>9} {'MRR':>6} {'H@10':>6}")
    for model in args.models:
        rows = [run(dataset, model, args.epochs, v) for v in ("defaults", "ours-stock", "ours")]
        base = rows[0]["triples_per_s"]
        for row in rows:
            print(f"{model:8} {row['variant']:11} {row['train_s']:8.1f} {row['triples_per_s']:10,.0f} "
                  f"{row['triples_per_s'] / base:8.1f}x {row['mrr']:6.3f} {row['hits_at_10']:6.3f}", flush=True)


if __name__ == "__main__":
    main()
