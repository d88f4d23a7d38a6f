"""Offline sanity of our KGE configuration on PyKEEN's bundled UMLS, Nations and Kinships, next to published numbers.

Usage: python bench/kge_builtin.py [--model RotatE] [--datasets UMLS Nations Kinships] [--epochs 200] [--threads 0]

Trains with medkg's configuration (embeddings.config.TrainConfig: lean loop, early stopping on validation MRR
every 10 epochs) on each data set's standard split and prints filtered test MRR and Hits@10 (both sides,
realistic ties) beside the published figures: ConvE README (Dettmers et al.) UMLS .94/.99, Nations .82/1.00,
Kinship .83/.98; PyKEEN benchmark TransE on Kinships Hits@10 0.878.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from embeddings.config import TrainConfig, quiet_pykeen  # noqa: E402
from core.cpu import cpu_threads  # noqa: E402

PUBLISHED = {  # dataset → (source, MRR, Hits@10)
    "UMLS": ("ConvE", 0.94, 0.99), "Nations": ("ConvE", 0.82, 1.00), "Kinships": ("ConvE", 0.83, 0.98),
}
PYKEEN_TRANSE_KINSHIPS_HITS10 = 0.878


def train_on(name: str, model: str, epochs: int) -> dict:
    from pykeen.datasets import get_dataset
    from pykeen.pipeline import pipeline

    dataset = get_dataset(dataset=name)
    config = TrainConfig.for_model(model, epochs=epochs)
    kwargs = config.pipeline_kwargs(use_tqdm=False)
    kwargs["training_kwargs"]["pin_memory"] = False
    with tempfile.TemporaryDirectory() as scratch:
        kwargs["stopper_kwargs"]["best_model_path"] = Path(scratch) / "best.pt"
        result = pipeline(dataset=dataset, random_seed=0, device="cpu", **kwargs)
    return {
        "dataset": name, "epochs": len(result.losses), "train_s": result.train_seconds,
        "mrr": result.metric_results.get_metric("both.realistic.inverse_harmonic_mean_rank"),
        "hits_at_10": result.metric_results.get_metric("both.realistic.hits_at_10"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="RotatE")
    parser.add_argument("--datasets", nargs="+", default=["UMLS", "Nations", "Kinships"])
    parser.add_argument("--epochs", type=int, default=200, help="maximum; early stopping usually ends sooner")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: 2 on idle cores, else 1)")
    args = parser.parse_args()

    args.threads = args.threads or cpu_threads()
    quiet_pykeen(args.threads)
    print(f"{args.model}, up to {args.epochs} epochs, {args.threads} threads")
    print(f"{'dataset':9} {'epochs':>6} {'train s':>8} {'MRR':>6} {'H@10':>6}   published")
    for name in args.datasets:
        row = train_on(name, args.model, args.epochs)
        source, mrr, hits = PUBLISHED[name]
        extra = f"; PyKEEN TransE H@10 {PYKEEN_TRANSE_KINSHIPS_HITS10}" if name == "Kinships" else ""
        print(f"{name:9} {row['epochs']:6d} {row['train_s']:8.1f} {row['mrr']:6.3f} {row['hits_at_10']:6.3f}   "
              f"{source} {mrr:.2f} / {hits:.2f}{extra}", flush=True)


if __name__ == "__main__":
    main()
