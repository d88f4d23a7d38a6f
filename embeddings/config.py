"""Our training configuration: PyKEEN names passed straight through, plus the settings that make training fast.

PyKEEN's defaults on a CPU are a batch of 32, one negative per positive and ``gc.collect()`` after every epoch.
Ours: batches of 512 with a 10x larger Adam step (same number of epochs reaches the same or a better MRR), the
lean training loop of ``embeddings.loop``, RotatE as ``embeddings.rotate.FastRotatE`` (the same model with a faster
distance kernel), no per-batch progress bar, explicit evaluation batch sizes (PyKEEN's automatic batch-size search
is skipped on the CPU anyway and only warns), and one CPU thread when the cores are busy (``cpu_threads``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Per-model starting points (lower-cased PyKEEN names); anything else uses PyKEEN's model defaults.
MODEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "transe": {"embedding_dim": 64, "num_negs_per_pos": 4, "lr": 0.01},
    "rotate": {"embedding_dim": 128, "num_negs_per_pos": 1, "lr": 0.01},
}


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run (stored with the run in the registry)."""

    model: str = "RotatE"
    epochs: int = 200
    embedding_dim: int | None = None
    batch_size: int = 512
    lr: float = 0.01
    num_negs_per_pos: int = 1
    seed: int = 42
    validation_fraction: float = 0.1
    test_fraction: float = 0.1
    early_stopping: bool = True
    stopper_frequency: int = 10
    stopper_patience: int = 3
    evaluation_batch_size: int = 256
    # Validation (early stopping) and test metrics score a fixed random sample of at most this many held-out triples
    # (all stay out of training; the test metrics filter with all of them, the early-stopping checks with the training
    # triples, PyKEEN's default): filtered ranking against every entity costs
    # 15-25 ms a triple on 2 cores for a 145k-entity graph, so 18k validation triples took 266 s per evaluation.
    max_evaluation_triples: int | None = 2000
    # Held-out queries per relation and side for the precision each shown hypothesis rests on (embeddings.precision):
    # ~20 ms a query on 2 cores; fewer queries, a wider error on the figure.
    precision_queries: int = 500
    device: str = "auto"
    threads: int = 0  # torch CPU threads; 0: ``cpu_threads()`` (2 on idle cores, 1 when they are busy)
    extra_model_kwargs: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_model(cls, model: str, **overrides: Any) -> "TrainConfig":
        """The defaults for ``model`` (``MODEL_DEFAULTS``), then ``overrides`` (``None`` values are ignored)."""
        base = dict(MODEL_DEFAULTS.get(model.lower(), {}))
        base.update({key: value for key, value in overrides.items() if value is not None})
        return replace(cls(model=model), **base)

    def model_kwargs(self) -> dict[str, Any]:
        kwargs = dict(self.extra_model_kwargs)
        if self.embedding_dim is not None:
            kwargs["embedding_dim"] = self.embedding_dim
        return kwargs

    def pipeline_kwargs(self, use_tqdm: bool = True) -> dict[str, Any]:
        """Keyword arguments for ``pykeen.pipeline.pipeline`` (datasets, device and seed are added by the caller)."""
        from embeddings.loop import LeanSLCWATrainingLoop
        from embeddings.rotate import pykeen_model

        kwargs: dict[str, Any] = dict(
            model=pykeen_model(self.model),
            model_kwargs=self.model_kwargs(),
            optimizer="Adam",
            optimizer_kwargs={"lr": self.lr},
            training_loop=LeanSLCWATrainingLoop,
            negative_sampler="basic",
            negative_sampler_kwargs={"num_negs_per_pos": self.num_negs_per_pos},
            training_kwargs={
                "num_epochs": self.epochs, "batch_size": self.batch_size, "use_tqdm": use_tqdm,
                "use_tqdm_batch": False,
            },
            evaluator_kwargs={"batch_size": self.evaluation_batch_size},
            evaluation_kwargs={"batch_size": self.evaluation_batch_size, "use_tqdm": False},
        )
        if self.early_stopping:
            kwargs["stopper"] = "early"
            kwargs["stopper_kwargs"] = {
                "frequency": self.stopper_frequency, "patience": self.stopper_patience,
                "metric": "inverse_harmonic_mean_rank", "relative_delta": 0.002,
                "evaluation_batch_size": self.evaluation_batch_size,
            }
        return kwargs

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quiet_pykeen(threads: int | None = None) -> None:
    """For scripts: PyKEEN's and torch_max_mem's info logs and warnings off, torch CPU threads set."""
    import logging
    import warnings

    import torch

    for name in ("pykeen", "torch_max_mem"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    if threads:
        torch.set_num_threads(threads)
