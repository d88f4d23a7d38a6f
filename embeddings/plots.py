"""Small plotting helpers for researcher notebooks (matplotlib and scikit-learn are imported when used)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from graph.nxview import KIND_COLOURS


def pca_2d(vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """A 2-D PCA projection of row vectors (complex parts already laid side by side)."""
    from sklearn.decomposition import PCA

    return PCA(n_components=2, random_state=seed).fit_transform(np.asarray(vectors, dtype=np.float64))


def plot_projection(
    points: np.ndarray, kinds: Sequence[str], names: dict[int, str] | None = None, ax: Any = None,
    title: str = "entity embeddings (PCA)",
) -> Any:
    """Scatter 2-D points coloured by entity kind; ``names`` labels chosen rows (index → text)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(7, 6))[1]
    kinds_array = np.asarray(kinds)
    for kind in sorted(set(kinds)):
        mask = kinds_array == kind
        ax.scatter(points[mask, 0], points[mask, 1], s=12, alpha=0.7, label=f"{kind} ({mask.sum()})",
                   color=KIND_COLOURS.get(kind, "#bab0ac"))
    for index, text in (names or {}).items():
        ax.annotate(text, points[index], fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.legend(fontsize=7)
    ax.set_title(title)
    ax.set_xlabel("PC 1")
    ax.set_ylabel("PC 2")
    return ax
