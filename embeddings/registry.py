"""The registry of training runs: one folder per run under ``Settings.home / "embeddings"``.

A run folder holds ``run.json`` (model, configuration, metrics, data hash, counts), ``entities.tsv`` (id and kind
in id order), ``relations.txt``, ``triples.npz`` (the train/validation/test split as integer triples) and
``model.pt`` (the trained PyKEEN model, saved with ``torch.save``). ``run.json`` is written last: a folder without
it is an unfinished run and is skipped (``core.registry``, shared with the NLP model registry). Nothing here imports
torch.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import MedkgError
from core.registry import finished_folders, read_json, write_json
from core.settings import Settings
from embeddings.triples import GraphTriples, Split

RUN_FILE = "run.json"
MODEL_FILE = "model.pt"


class RunNotFound(MedkgError):
    """No embedding run with that name (or none at all) in the registry."""


@dataclass(frozen=True)
class RunRecord:
    name: str
    path: Path
    model: str
    created: str
    data_hash: str
    config: dict[str, Any]
    metrics: dict[str, Any]
    counts: dict[str, int]
    timings: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def registry_dir(settings: Settings) -> Path:
    return settings.home / "embeddings"


def new_run_name(model: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{re.sub(r'[^A-Za-z0-9]+', '', model)}"


def save_run(
    settings: Settings, *, model_name: str, trained_model: Any, graph: GraphTriples, split: Split,
    config: dict[str, Any], metrics: dict[str, Any], timings: dict[str, float],
) -> RunRecord:
    """Write a finished run (model, id maps, split, metrics) and return its record."""
    import torch

    name = new_run_name(model_name)
    path = registry_dir(settings) / name
    path.mkdir(parents=True, exist_ok=False)
    torch.save(trained_model, path / MODEL_FILE)
    (path / "entities.tsv").write_text(
        "".join(f"{entity}\t{label}\n" for entity, label in zip(graph.entities, graph.labels)), encoding="utf-8",
    )
    (path / "relations.txt").write_text("".join(f"{r}\n" for r in graph.relations), encoding="utf-8")
    np.savez_compressed(path / "triples.npz", train=split.train, validation=split.validation, test=split.test)
    counts = {
        "entities": len(graph.entities), "relations": len(graph.relations), "triples": len(graph.triples),
        "train": len(split.train), "validation": len(split.validation), "test": len(split.test),
    }
    record = RunRecord(
        name=name, path=path, model=model_name, created=datetime.now(timezone.utc).isoformat(),
        data_hash=graph.data_hash(), config=config, metrics=metrics, counts=counts, timings=timings,
    )
    write_json(path / RUN_FILE, record.to_json())
    return record


def store_metrics(path: Path, metrics: dict[str, Any]) -> RunRecord:
    """Add (or replace) ``metrics`` in a finished run's ``run.json``; the file is replaced in one step, so a reader
    never sees half of it."""
    data = read_json(path / RUN_FILE)
    data["metrics"] = {**data["metrics"], **metrics}
    partial = path / f"{RUN_FILE}.partial"
    write_json(partial, data)
    partial.replace(path / RUN_FILE)
    return read_run(path)


def read_run(path: Path) -> RunRecord:
    return RunRecord(**{**read_json(path / RUN_FILE), "path": path})


def list_runs(settings: Settings) -> list[RunRecord]:
    """Finished runs, oldest first (a folder without ``run.json`` is an unfinished run and is skipped)."""
    return [read_run(path) for path in finished_folders(registry_dir(settings), RUN_FILE)]


def find_run_path(settings: Settings, run: str = "latest") -> Path | None:
    """The folder of ``run`` (a run name, or ``latest``); ``None`` when there is no such finished run."""
    root = registry_dir(settings)
    if run == "latest":
        finished = finished_folders(root, RUN_FILE)
        return finished[-1] if finished else None
    if "/" in run or run.startswith("."):
        return None
    path = root / run
    return path if (path / RUN_FILE).is_file() else None


def resolve_run(settings: Settings, run: str = "latest") -> RunRecord:
    path = find_run_path(settings, run)
    if path is None:
        hint = "train one with `medkg embeddings train`" if run == "latest" else "see `medkg embeddings list`"
        raise RunNotFound(f"no embedding run {run!r} under {registry_dir(settings)}; {hint}")
    return read_run(path)


def load_id_maps(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Entities, their kinds and relations of a run, in id order."""
    entities, labels = [], []
    for line in (path / "entities.tsv").read_text(encoding="utf-8").splitlines():
        entity, _, label = line.partition("\t")
        entities.append(entity)
        labels.append(label)
    relations = (path / "relations.txt").read_text(encoding="utf-8").split()
    return entities, labels, relations


def load_split(path: Path) -> Split:
    with np.load(path / "triples.npz") as data:
        return Split(train=data["train"], validation=data["validation"], test=data["test"])


def load_model(path: Path, device: str = "cpu") -> Any:
    import torch

    model = torch.load(path / MODEL_FILE, map_location=device, weights_only=False)
    model.eval()
    return model
