"""Training speed: our KGE configuration vs PyKEEN's default pipeline settings, same data, same epochs, and the
training time each needs to reach the same validation MRR.

Usage: python bench/kge_train.py [--dataset UMLS] [--models TransE RotatE] [--epochs 30] [--threads 1]
                                 [--eval-every 1]

For each model it trains three times on PyKEEN's bundled data set (offline), without early stopping:
  defaults   pipeline(dataset, model, epochs) and nothing else (on a CPU: batch 32, Adam lr 1e-3, 1 negative,
             stock sLCWA loop with gc.collect() after every epoch, PyKEEN's model classes)
  ours-stock our hyper-parameters (embeddings.config.TrainConfig) with PyKEEN's stock SLCWATrainingLoop and model
             classes (PyKEEN's RotatE interaction)
  ours       what medkg runs: our hyper-parameters, embeddings.loop.LeanSLCWATrainingLoop, and
             embeddings.rotate.FastRotatE for RotatE
Every ``--eval-every`` epochs a callback measures the filtered validation MRR (its time is not counted as
training). Printed per run: training seconds and triples/s over all epochs, test MRR / Hits@10 after the last
epoch, and "to MRR": the training seconds until the validation MRR first reached what the defaults reach after
the last epoch (the honest reading of "speed-up at equal MRR"; "-" if never reached).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pykeen.training.callbacks import TrainingCallback  # noqa: E402

from embeddings.config import TrainConfig, quiet_pykeen  # noqa: E402

VARIANTS = ("defaults", "ours-stock", "ours")


class ValidationCheckpoints(TrainingCallback):
    """Training seconds after every epoch (evaluation excluded) and the validation MRR every ``every`` epochs."""

    def __init__(self, dataset, every: int, last_epoch: int, batch_size: int = 256) -> None:
        super().__init__()
        self.dataset, self.every, self.last_epoch, self.batch_size = dataset, every, last_epoch, batch_size
        self.started: float | None = None
        self.evaluation_s = 0.0
        self.points: list[tuple[int, float, float | None]] = []  # (epoch, training s so far, validation MRR)

    def pre_batch(self, **kwargs) -> None:
        if self.started is None:
            self.started = time.perf_counter()

    def post_epoch(self, epoch: int, epoch_loss: float, **kwargs) -> None:
        now = time.perf_counter()
        mrr = None
        if epoch % self.every == 0 or epoch == self.last_epoch:
            mrr = self.validation_mrr()
            self.model.train()
        self.points.append((epoch, now - self.started - self.evaluation_s, mrr))
        self.evaluation_s += time.perf_counter() - now

    def validation_mrr(self) -> float:
        from pykeen.evaluation import RankBasedEvaluator

        result = RankBasedEvaluator(filtered=True, batch_size=self.batch_size).evaluate(
            self.model, self.dataset.validation.mapped_triples,
            additional_filter_triples=[self.dataset.training.mapped_triples],
            batch_size=self.batch_size, use_tqdm=False,
        )
        return float(result.get_metric("both.realistic.inverse_harmonic_mean_rank"))

    def seconds_to(self, target: float) -> float | None:
        return next((seconds for _, seconds, mrr in self.points if mrr is not None and mrr >= target), None)


def pipeline_kwargs(model: str, epochs: int, variant: str) -> dict:
    from pykeen.training import SLCWATrainingLoop

    if variant == "defaults":
        return dict(model=model, epochs=epochs, training_kwargs={"use_tqdm": False},
                    evaluation_kwargs={"use_tqdm": False})
    config = replace(TrainConfig.for_model(model, epochs=epochs), early_stopping=False)
    kwargs = config.pipeline_kwargs(use_tqdm=False)
    kwargs["training_kwargs"]["pin_memory"] = False
    if variant == "ours-stock":
        kwargs["training_loop"] = SLCWATrainingLoop
        kwargs["model"] = model
    return kwargs


def run(dataset, model: str, epochs: int, variant: str, every: int) -> dict:
    from pykeen.pipeline import pipeline

    kwargs = pipeline_kwargs(model, epochs, variant)
    checkpoints = ValidationCheckpoints(dataset, every, epochs)
    kwargs["training_kwargs"]["callbacks"] = [checkpoints]
    result = pipeline(dataset=dataset, random_seed=0, device="cpu", **kwargs)
    train_s = checkpoints.points[-1][1]
    return {
        "variant": variant, "train_s": train_s, "checkpoints": checkpoints,
        "triples_per_s": dataset.training.num_triples * epochs / train_s,
        "validation_mrr": checkpoints.points[-1][2],
        "mrr": result.metric_results.get_metric("both.realistic.inverse_harmonic_mean_rank"),
        "hits_at_10": result.metric_results.get_metric("both.realistic.hits_at_10"),
    }


def print_model(model: str, rows: list[dict]) -> None:
    base = rows[0]
    target = base["validation_mrr"]
    base_seconds = base["checkpoints"].seconds_to(target)
    for row in rows:
        seconds = row["checkpoints"].seconds_to(target)
        reach = f"{seconds:7.1f} s {base_seconds / seconds:6.1f}x" if seconds else f"{'-':>7}   {'-':>6} "
        print(f"{model:8} {row['variant']:11} {row['train_s']:8.1f} {row['triples_per_s']:10,.0f} "
              f"{row['triples_per_s'] / base['triples_per_s']:8.1f}x {row['mrr']:6.3f} {row['hits_at_10']:6.3f} "
              f"{row['validation_mrr']:6.3f} {reach}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="UMLS", choices=["UMLS", "Nations", "Kinships"])
    parser.add_argument("--models", nargs="+", default=["TransE", "RotatE"])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-every", type=int, default=1, help="validation MRR every N epochs")
    args = parser.parse_args()

    import torch
    from pykeen.datasets import get_dataset

    quiet_pykeen(args.threads)
    dataset = get_dataset(dataset=args.dataset)
    print(f"{args.dataset}: {dataset.training.num_triples} training triples, {args.epochs} epochs, "
          f"{args.threads} threads, torch {torch.__version__}; target = defaults' validation MRR after the last epoch")
    print(f"{'model':8} {'config':11} {'train s':>8} {'triples/s':>10} {'speed-up':>9} {'MRR':>6} {'H@10':>6} "
          f"{'valMRR':>6} {'to target':>9} {'speed-up':>7}")
    for model in args.models:
        print_model(model, [run(dataset, model, args.epochs, variant, args.eval_every) for variant in VARIANTS])


if __name__ == "__main__":
    main()
