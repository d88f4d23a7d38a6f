"""Training speed: our KGE configuration vs PyKEEN's default pipeline settings, same data, same epochs, and the
training time each needs to reach the same validation MRR.

Usage: python bench/kge_train.py [--dataset UMLS] [--models TransE RotatE] [--epochs 30] [--threads 1]
                                 [--eval-every 1] [--set batch_size=1024 --set lr=0.02 ...]

For each model it trains three (RotatE: four) times on PyKEEN's bundled data set (offline), without early stopping:
  defaults   pipeline(dataset, model, epochs) and nothing else (on a CPU: batch 32, Adam lr 1e-3, 1 negative,
             stock sLCWA loop with gc.collect() after every epoch, PyKEEN's model classes)
  ours-stock our hyper-parameters (embeddings.config.TrainConfig) with PyKEEN's stock SLCWATrainingLoop and model
             classes (PyKEEN's RotatE interaction)
  ours-pykeen-model  (only for models medkg swaps, i.e. RotatE) ours, but with PyKEEN's own model class
  ours       what medkg runs: our hyper-parameters, embeddings.loop.LeanSLCWATrainingLoop, and
             embeddings.rotate.FastRotatE for RotatE
Every ``--eval-every`` epochs a callback measures the filtered validation MRR (its time is not counted as
training). Printed per run: training seconds (wall clock, and this process's CPU time, the steadier figure on a
shared machine) and triples/s over all epochs, each with its speed-up over the defaults; test MRR / Hits@10 and
validation MRR after the last epoch; "to target": the CPU seconds of training until the validation MRR first
reached what the defaults reach after the last epoch, and its speed-up (the honest reading of "speed-up at equal
MRR"; "-" if never reached); "eval s": the CPU seconds of all those validation evaluations. ``--set FIELD=VALUE``
overrides a TrainConfig field in both of our configurations (to try other settings side by side).
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



def variants(model: str) -> tuple[str, ...]:
    from embeddings.rotate import pykeen_model

    swapped = pykeen_model(model) != model
    return ("defaults", "ours-stock", "ours-pykeen-model", "ours") if swapped else ("defaults", "ours-stock", "ours")


class ValidationCheckpoints(TrainingCallback):
    """Training seconds (wall clock and process CPU, evaluation excluded) after every epoch, and the validation MRR
    every ``every`` epochs."""

    def __init__(self, dataset, every: int, last_epoch: int, batch_size: int = 256) -> None:
        super().__init__()
        self.dataset, self.every, self.last_epoch, self.batch_size = dataset, every, last_epoch, batch_size
        self.started: tuple[float, float] | None = None
        self.evaluation = (0.0, 0.0)
        self.points: list[tuple[int, float, float, float | None]] = []  # (epoch, wall s, CPU s, validation MRR)

    @staticmethod
    def clocks() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def pre_batch(self, **kwargs) -> None:
        if self.started is None:
            self.started = self.clocks()

    def post_epoch(self, epoch: int, epoch_loss: float, **kwargs) -> None:
        now = self.clocks()
        mrr = None
        if epoch % self.every == 0 or epoch == self.last_epoch:
            mrr = self.validation_mrr()
            self.model.train()
        wall, cpu = (now[i] - self.started[i] - self.evaluation[i] for i in range(2))
        self.points.append((epoch, wall, cpu, mrr))
        after = self.clocks()
        self.evaluation = tuple(self.evaluation[i] + after[i] - now[i] for i in range(2))

    def validation_mrr(self) -> float:
        from pykeen.evaluation import RankBasedEvaluator

        result = RankBasedEvaluator(filtered=True, batch_size=self.batch_size).evaluate(
            self.model, self.dataset.validation.mapped_triples,
            additional_filter_triples=[self.dataset.training.mapped_triples],
            batch_size=self.batch_size, use_tqdm=False,
        )
        return float(result.get_metric("both.realistic.inverse_harmonic_mean_rank"))

    def cpu_seconds_to(self, target: float) -> float | None:
        return next((cpu for _, _, cpu, mrr in self.points if mrr is not None and mrr >= target), None)


def pipeline_kwargs(model: str, epochs: int, variant: str, overrides: dict | None = None) -> dict:
    from pykeen.training import SLCWATrainingLoop

    if variant == "defaults":
        return dict(model=model, epochs=epochs, training_kwargs={"use_tqdm": False},
                    evaluation_kwargs={"use_tqdm": False})
    config = replace(TrainConfig.for_model(model, epochs=epochs, **(overrides or {})), early_stopping=False)
    kwargs = config.pipeline_kwargs(use_tqdm=False)
    kwargs["training_kwargs"]["pin_memory"] = False
    if variant == "ours-stock":
        kwargs["training_loop"] = SLCWATrainingLoop
    if variant in ("ours-stock", "ours-pykeen-model"):
        kwargs["model"] = model
    return kwargs


def run(dataset, model: str, epochs: int, variant: str, every: int, overrides: dict | None = None) -> dict:
    from pykeen.pipeline import pipeline

    kwargs = pipeline_kwargs(model, epochs, variant, overrides)
    checkpoints = ValidationCheckpoints(dataset, every, epochs)
    kwargs["training_kwargs"]["callbacks"] = [checkpoints]
    result = pipeline(dataset=dataset, random_seed=0, device="cpu", **kwargs)
    _, wall_s, cpu_s, validation_mrr = checkpoints.points[-1]
    n_triples = dataset.training.num_triples * epochs
    return {
        "variant": variant, "wall_s": wall_s, "cpu_s": cpu_s, "checkpoints": checkpoints,
        "per_s": n_triples / wall_s, "per_cpu_s": n_triples / cpu_s, "validation_mrr": validation_mrr,
        "eval_cpu_s": checkpoints.evaluation[1],
        "mrr": result.metric_results.get_metric("both.realistic.inverse_harmonic_mean_rank"),
        "hits_at_10": result.metric_results.get_metric("both.realistic.hits_at_10"),
    }


HEADER = (f"{'model':8} {'config':17} {'wall s':>7} {'CPU s':>6} {'triples/s':>10} {'x':>6} {'/CPU s':>8} {'x':>6} "
          f"{'MRR':>6} {'H@10':>6} {'valMRR':>6} {'to target':>9} {'x':>6} {'eval s':>6}")


def print_model(model: str, rows: list[dict]) -> None:
    base = rows[0]
    target = base["validation_mrr"]
    base_seconds = base["checkpoints"].cpu_seconds_to(target)
    for row in rows:
        seconds = row["checkpoints"].cpu_seconds_to(target)
        reach = f"{seconds:7.1f} s {base_seconds / seconds:5.1f}x" if seconds else f"{'-':>9} {'-':>6}"
        print(f"{model:8} {row['variant']:17} {row['wall_s']:7.1f} {row['cpu_s']:6.1f} {row['per_s']:10,.0f} "
              f"{row['per_s'] / base['per_s']:5.1f}x {row['per_cpu_s']:8,.0f} "
              f"{row['per_cpu_s'] / base['per_cpu_s']:5.1f}x "
              f"{row['mrr']:6.3f} {row['hits_at_10']:6.3f} {row['validation_mrr']:6.3f} {reach} "
              f"{row['eval_cpu_s']:6.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="UMLS", choices=["UMLS", "Nations", "Kinships"])
    parser.add_argument("--models", nargs="+", default=["TransE", "RotatE"])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-every", type=int, default=1, help="validation MRR every N epochs")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a TrainConfig field of our configurations (numbers only)")
    args = parser.parse_args()
    overrides = {key: float(value) if "." in value or "e-" in value else int(value)
                 for key, _, value in (item.partition("=") for item in args.set)}

    import torch
    from pykeen.datasets import get_dataset

    quiet_pykeen(args.threads)
    dataset = get_dataset(dataset=args.dataset)
    print(f"{args.dataset}: {dataset.training.num_triples} training triples, {args.epochs} epochs, "
          f"{args.threads} threads, torch {torch.__version__}; target = defaults' validation MRR after the last epoch"
          + (f"; ours with {overrides}" if overrides else ""))
    print(HEADER)
    for model in args.models:
        print_model(model, [run(dataset, model, args.epochs, v, args.eval_every, overrides) for v in variants(model)])


if __name__ == "__main__":
    main()
