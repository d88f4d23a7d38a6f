"""Pure unit: the artefact folders both registries list are those holding their card."""

from __future__ import annotations

from pathlib import Path

from core.registry import finished_folders, read_json, write_json


def test_only_folders_with_a_card_are_finished(tmp_path: Path) -> None:
    for folder in ("b/v1", "a/v2", "a/v1", "a/v3"):
        (tmp_path / folder).mkdir(parents=True)
    for folder in ("b/v1", "a/v2", "a/v1"):
        write_json(tmp_path / folder / "card.json", {"folder": folder, "path": tmp_path})
    assert [p.relative_to(tmp_path).as_posix() for p in finished_folders(tmp_path, "card.json", "*/v*")] == [
        "a/v1", "a/v2", "b/v1"]  # a/v3 has no card: unfinished
    assert finished_folders(tmp_path, "card.json") == []  # one level down holds no card
    assert finished_folders(tmp_path / "missing", "card.json") == []
    assert read_json(tmp_path / "a/v1" / "card.json") == {"folder": "a/v1", "path": str(tmp_path)}
