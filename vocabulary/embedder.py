"""A small sentence embedder over a local BERT-like folder (default: the bundled all-MiniLM-L6-v2).

Mean pooling over the attention mask, then L2 normalisation, so a dot product is a cosine similarity. Nothing is
downloaded: the model folder must exist locally. torch and transformers are imported on first use only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import MedkgError


class EmbedderError(MedkgError):
    """The text-embedding model could not be loaded."""


class TextEmbedder:
    """``TextEmbedder(model_path).encode(["heart attack"]) -> float32 array (n, dim)``, rows of unit length."""

    def __init__(
        self, model_path: Path | str, device: str = "cpu", batch_size: int = 128, max_length: int = 64,
        threads: int = 2,
    ) -> None:
        self.model_path = Path(model_path)
        self.device = "cuda" if device == "auto" and _cuda_available() else ("cpu" if device == "auto" else device)
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self._model: Any = None
        self._tokenizer: Any = None

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> "TextEmbedder":
        return cls(settings.resolved_base_model(), device=settings.device, **kwargs)

    @property
    def dimension(self) -> int:
        self._load()
        return int(self._model.config.hidden_size)

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModel, AutoTokenizer

        if not self.model_path.is_dir():
            raise EmbedderError(f"text-embedding model folder {self.model_path} does not exist")
        if self.device == "cpu":
            torch.set_num_threads(self.threads)
        self._tokenizer = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
        self._model = AutoModel.from_pretrained(self.model_path, local_files_only=True).to(self.device).eval()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``, in order, computed in batches of ``batch_size``."""
        self._load()
        import torch

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunks = []
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = self._tokenizer(
                    list(texts[start:start + self.batch_size]), padding=True, truncation=True,
                    max_length=self.max_length, return_tensors="pt",
                ).to(self.device)
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                chunks.append(pooled.float().cpu().numpy())
        return np.concatenate(chunks).astype(np.float32)


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())
