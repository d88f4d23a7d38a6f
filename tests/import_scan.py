"""What a module imports, read with ``ast``: every import statement, those inside functions included.

Shared by the import-direction tests (tests/test_architecture.py between packages, tests/nlp/test_nlp_layers.py
inside ``nlp``). Relative imports are not followed: the project uses absolute ones.
"""

from __future__ import annotations

import ast
from pathlib import Path


def imported_modules(path: Path) -> set[str]:
    """Dotted names a module imports, wherever the import stands: ``import a.b`` gives ``a.b``; ``from a import b``
    gives ``a`` and ``a.b`` (``b`` may be a module or a name in ``a``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found
