"""A registry of trained models: ``<models_dir>/<name>/<version>/`` folders holding everything needed to reload one.

Each version folder has the weights and tokenizer (Hugging Face ``save_pretrained``), ``medkg_model.json`` (kind,
label map, base model, training-data hash, training settings, creation time) and ``metrics.json`` (dev and, after
``medkg model eval``, test figures). Versions are ``v1``, ``v2``, ... per name; ``latest`` picks the newest
version of a kind across names. A version folder without its card is an unfinished run and is not listed
(``core.registry``, shared with the embedding-run registry).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import MedkgError
from core.registry import finished_folders, read_json, write_json

CARD_FILE = "medkg_model.json"
METRICS_FILE = "metrics.json"


class ModelNotFound(MedkgError):
    """No registered model matches the requested name, version or kind."""


@dataclass(frozen=True)
class RegisteredModel:
    name: str
    version: str
    path: Path
    card: dict

    @property
    def kind(self) -> str:
        return self.card["kind"]

    @property
    def ref(self) -> str:
        return f"{self.name}/{self.version}"

    def metrics(self) -> dict:
        path = self.path / METRICS_FILE
        return read_json(path) if path.exists() else {}


def new_version_dir(models_dir: Path, name: str) -> tuple[str, Path]:
    """A fresh, empty ``vN`` folder for ``name`` (N one above the highest existing)."""
    root = models_dir / name
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[1:]) for p in root.iterdir() if p.name[:1] == "v" and p.name[1:].isdigit()]
    version = f"v{max(numbers, default=0) + 1}"
    path = root / version
    path.mkdir()
    return version, path


def write_card(path: Path, card: dict) -> None:
    write_json(path / CARD_FILE, {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), **card}, sort_keys=True)


def update_metrics(path: Path, new: dict) -> dict:
    metrics_path = path / METRICS_FILE
    metrics = read_json(metrics_path) if metrics_path.exists() else {}
    metrics.update(new)
    write_json(metrics_path, metrics, sort_keys=True)
    return metrics


def list_models(models_dir: Path, kind: str | None = None) -> list[RegisteredModel]:
    """Every complete registered version (oldest first), optionally of one kind (``ner`` or ``re``)."""
    found = []
    for folder in finished_folders(models_dir, CARD_FILE, "*/v*"):
        card = read_json(folder / CARD_FILE)
        if kind is None or card.get("kind") == kind:
            found.append(RegisteredModel(folder.parent.name, folder.name, folder, card))
    return sorted(found, key=lambda m: (m.card.get("created", ""), m.name, int(m.version[1:] or 0)))


def resolve(models_dir: Path, ref: str, kind: str | None = None) -> RegisteredModel:
    """``latest``, ``NAME`` (its newest version), ``NAME/vN``, or a folder path holding a model card."""
    as_path = Path(ref).expanduser()
    if (as_path / CARD_FILE).exists():
        return RegisteredModel(as_path.parent.name, as_path.name, as_path, read_json(as_path / CARD_FILE))
    models = list_models(models_dir, kind)
    if ref == "latest":  # a pretrained base encoder is never "the latest model" unless asked for by kind
        candidates = models if kind else [m for m in models if m.kind != "base"]
    else:
        name, _, version = ref.partition("/")
        candidates = [m for m in models if m.name == name and (not version or m.version == version)]
    if not candidates:
        what = f"{kind} model" if kind else "model"
        raise ModelNotFound(f"no {what} '{ref}' in {models_dir}; train one with `medkg model train`")
    return candidates[-1]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
