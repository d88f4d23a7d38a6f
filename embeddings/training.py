"""``embeddings.train``: export the graph's triples, split them, train through ``pykeen.pipeline``, evaluate, and
register the run. A thin wrapper: model, loss and sampler names go straight to PyKEEN's resolvers."""

from __future__ import annotations

import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from neo4j import Driver

from embeddings.config import TrainConfig
from embeddings.precision import measure_run
from embeddings.registry import RunRecord, save_run
from embeddings.triples import GraphTriples, Split, export_triples, scored_sample, split_triples
from core.cpu import cpu_threads
from core.errors import MedkgError
from core.settings import Settings

FOCUS_RELATIONS = ("TREATS", "INDICATED_FOR")


class DeviceUnavailable(MedkgError):
    """CUDA was asked for but torch sees no GPU."""


@dataclass
class Fitted:
    """A trained model and what it was trained on (not yet registered)."""

    model: Any
    factories: tuple[Any, Any, Any]
    pipeline_result: Any
    train_seconds: float


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise DeviceUnavailable("--device cuda was asked for, but torch sees no CUDA device; use --device cpu")
    return device


def factories_for(graph: GraphTriples, split: Split) -> tuple[Any, Any, Any]:
    """PyKEEN triples factories over our own id maps (no re-numbering, no inverse triples)."""
    import torch
    from pykeen.triples import TriplesFactory

    def make(triples: np.ndarray) -> TriplesFactory:
        return TriplesFactory(
            mapped_triples=torch.as_tensor(triples, dtype=torch.long),
            entity_to_id=graph.entity_to_id, relation_to_id=graph.relation_to_id,
        )

    return make(split.train), make(split.validation), make(split.test)


def fit(graph: GraphTriples, split: Split, config: TrainConfig, use_tqdm: bool = True) -> Fitted:
    """Train ``config.model`` on ``split.train`` (early stopping on ``split.validation`` when it has triples)."""
    import torch
    from pykeen.pipeline import pipeline

    device = resolve_device(config.device)
    if device == "cpu":
        torch.set_num_threads(config.threads or cpu_threads())
    limit = config.max_evaluation_triples
    scored = Split(split.train, scored_sample(split.validation, limit, config.seed),
                   scored_sample(split.test, limit, config.seed))
    training, validation, testing = factories_for(graph, scored)
    kwargs = config.pipeline_kwargs(use_tqdm=use_tqdm)
    kwargs["training_kwargs"]["pin_memory"] = device.startswith("cuda")
    if len(scored.validation) < len(split.validation) or len(scored.test) < len(split.test):
        # The sampled test triples are still ranked against every held-out triple as a known positive.
        kwargs["evaluation_kwargs"]["additional_filter_triples"] = [
            torch.as_tensor(held_out, dtype=torch.long) for held_out in (split.validation, split.test) if len(held_out)]
    if len(split.validation) == 0:
        kwargs.pop("stopper", None)
        kwargs.pop("stopper_kwargs", None)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="medkg-kge-") as scratch, warnings.catch_warnings():
        # PyKEEN's evaluation loaders ask for pinned memory; torch warns on every CPU epoch that there is none.
        warnings.filterwarnings("ignore", message=".*pin_memory.*", category=UserWarning)
        if "stopper_kwargs" in kwargs:  # the best weights go to a scratch file, not to ~/.data/pykeen
            kwargs["stopper_kwargs"]["best_model_path"] = Path(scratch) / "best-model-weights.pt"
        result = pipeline(
            training=training, validation=validation if len(split.validation) else None, testing=testing,
            device=device, random_seed=config.seed, **kwargs,
        )
    return Fitted(result.model, (training, validation, testing), result, time.perf_counter() - started)


def rank_metrics(model: Any, triples: np.ndarray, filter_triples: list[np.ndarray], batch_size: int = 256) -> dict:
    """Filtered rank-based MRR and Hits@1/3/10 (both directions, realistic ties) of ``triples``."""
    import torch
    from pykeen.evaluation import RankBasedEvaluator

    if len(triples) == 0:
        return {"triples": 0}
    evaluator = RankBasedEvaluator(filtered=True, batch_size=batch_size)
    mapped = torch.as_tensor(triples, dtype=torch.long)
    others = [torch.as_tensor(t, dtype=torch.long) for t in filter_triples if len(t)]
    result = evaluator.evaluate(model, mapped, additional_filter_triples=others, batch_size=batch_size,
                                use_tqdm=False)
    return metrics_of(result, len(triples))


def metrics_of(result: Any, n_triples: int) -> dict[str, float]:
    names = {"mrr": "inverse_harmonic_mean_rank", "hits_at_1": "hits_at_1", "hits_at_3": "hits_at_3",
             "hits_at_10": "hits_at_10"}
    metrics: dict[str, float] = {key: float(result.get_metric(f"both.realistic.{name}")) for key, name in names.items()}
    metrics["triples"] = n_triples
    return metrics


def evaluate(fitted: Fitted, graph: GraphTriples, split: Split, batch_size: int = 256,
             max_triples: int | None = None, seed: int = 42) -> dict[str, Any]:
    """Overall test metrics (from the pipeline) and the same metrics for TREATS / INDICATED_FOR test triples, filtered
    with every known triple; at most ``max_triples`` test triples (the fixed sample of ``fit``) are scored."""
    filters = [split.train, split.validation, split.test]
    scored = len(scored_sample(split.test, max_triples, seed))  # what ``fit`` gave the pipeline to test
    metrics: dict[str, Any] = {"test": metrics_of(fitted.pipeline_result.metric_results, scored)}
    if scored < len(split.test):
        metrics["test"]["held_out"] = len(split.test)
    relation_ids = graph.relation_to_id
    per_relation = {}
    for relation in FOCUS_RELATIONS:
        if relation not in relation_ids:
            continue
        subset = scored_sample(split.test[split.test[:, 1] == relation_ids[relation]], max_triples, seed)
        per_relation[relation] = rank_metrics(fitted.model, subset, filters, batch_size)
    metrics["test_by_relation"] = per_relation
    stopper = fitted.pipeline_result.stopper
    metrics["best_epoch"] = getattr(stopper, "best_epoch", None)
    metrics["epochs_run"] = len(fitted.pipeline_result.losses)
    return metrics


def train(
    driver: Driver, settings: Settings, model: str = "RotatE", *, epochs: int | None = None,
    device: str | None = None, config: TrainConfig | None = None, use_tqdm: bool = True, **overrides: Any,
) -> RunRecord:
    """Train ``model`` (any PyKEEN model name) on the graph, evaluate it, register the run, and measure the held-out
    precision of its link predictions per relation, side and rank (``embeddings.precision``).

    ``overrides`` are ``TrainConfig`` fields (``batch_size``, ``lr``, ``embedding_dim`` …).
    """
    config = config or TrainConfig.for_model(model, epochs=epochs, device=device or settings.device, **overrides)
    started = time.perf_counter()
    graph = export_triples(driver, settings.neo4j_database)
    split = split_triples(graph.triples, (config.validation_fraction, config.test_fraction), config.seed)
    export_seconds = time.perf_counter() - started
    fitted = fit(graph, split, config, use_tqdm=use_tqdm)
    metrics = evaluate(fitted, graph, split, config.evaluation_batch_size, config.max_evaluation_triples, config.seed)
    epochs_run = metrics["epochs_run"]
    timings = {
        "export_s": export_seconds, "pipeline_s": fitted.train_seconds,
        "train_s": float(fitted.pipeline_result.train_seconds),
        "train_triples_per_s": len(split.train) * epochs_run / max(fitted.pipeline_result.train_seconds, 1e-9),
    }
    run = save_run(
        settings, model_name=config.model, trained_model=fitted.model, graph=graph, split=split,
        config=config.as_dict(), metrics=metrics, timings=timings,
    )
    # the held-out precision each shown hypothesis rests on
    return measure_run(run.path, seed=config.seed, max_queries=config.precision_queries)
