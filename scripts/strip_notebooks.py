#!/usr/bin/env python3
"""Strip outputs and execution counts from the notebooks in git (``--check``: only report, exit 1 if any has them).

Usage: ``.venv/bin/python scripts/strip_notebooks.py [--check] [NOTEBOOK ...]`` (default: notebooks/*.ipynb).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def has_outputs(notebook: nbformat.NotebookNode) -> bool:
    return any(cell.get("outputs") or cell.get("execution_count") is not None
               for cell in notebook.cells if cell.cell_type == "code")


def strip(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    return notebook


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(arg) for arg in argv if arg != "--check"] or sorted(NOTEBOOKS.glob("*.ipynb"))
    dirty = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        if not has_outputs(notebook):
            continue
        dirty.append(path)
        if not check:
            nbformat.write(strip(notebook), path)
    verb = "have outputs" if check else "stripped"
    for path in dirty:
        print(f"{path}: {verb}")
    return 1 if check and dirty else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
