"""Artefact folders with a card: what the NLP model registry and the embedding-run registry share.

A trained artefact (an NER or relation model, ``nlp.registry``; a knowledge-graph embedding run,
``embeddings.registry``) is written into a folder of its own, and its card, a JSON file, is written last: a folder
holding the card is a finished artefact, one without it an unfinished (or interrupted) run that no listing shows.
How folders are named, what a card holds and which one ``latest`` means stay with each registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def finished_folders(root: Path, card_file: str, pattern: str = "*") -> list[Path]:
    """The folders under ``root`` matching ``pattern`` (e.g. ``*/v*``) that hold ``card_file``, sorted by path."""
    if not root.is_dir():
        return []
    return sorted(card.parent for card in root.glob(f"{pattern}/{card_file}") if card.is_file())


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any, *, sort_keys: bool = False) -> None:
    """Indented JSON; values JSON has no type for (paths, dates) are written as text."""
    path.write_text(json.dumps(data, indent=2, sort_keys=sort_keys, default=str), encoding="utf-8")
