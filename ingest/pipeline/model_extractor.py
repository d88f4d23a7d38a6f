"""The trained NER/RE model (``nlp``) as the pipeline's extractor, loaded where the NLP stage runs.

:func:`trained_extractor` looks the models up in the registry (``settings.models_dir``) without loading them and
returns a small picklable factory: each worker process (or the serial executor, or Ray) loads the weights once,
so a process pool never pickles a model through its initializer. Both references are resolved to version folders
up front, so every worker loads the same versions even if a new model is registered mid-run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import MedkgError
from core.settings import Settings


class NoTrainedModel(MedkgError):
    """No trained NER model is registered (``medkg model train`` makes one)."""


@dataclass(frozen=True)
class TrainedExtractorFactory:
    """Zero-argument factory for ``nlp.extractor.load_extractor`` with resolved model folders."""

    settings: Settings
    ner_path: str
    re_path: str | None
    name: str
    version: str
    threads: int = 2

    def __call__(self) -> Any:
        from nlp.engine import limit_cpu_threads
        from nlp.extractor import load_extractor

        limit_cpu_threads(self.threads)
        return load_extractor(self.settings, ner=self.ner_path, re=self.re_path)


def trained_extractor(settings: Settings, ner: str = "latest", re: str | None = "latest") -> TrainedExtractorFactory:
    """The registered NER model (with the RE model when one is registered) as a factory; raises
    :class:`NoTrainedModel` when there is none, so the caller can fall back to the dictionary extractor."""
    try:
        from nlp import registry
    except ImportError as error:  # pragma: no cover - the nlp extra stripped
        raise NoTrainedModel(f"the NLP package is not available ({error})") from error
    try:
        ner_entry = registry.resolve(settings.models_dir, ner, kind="ner")
    except registry.ModelNotFound as error:
        raise NoTrainedModel(str(error)) from error
    # "latest" is optional (NER alone gives mentions only); a named RE model must exist
    relation_models = (registry.list_models(settings.models_dir, "re") if re == "latest"
                       else [registry.resolve(settings.models_dir, re, kind="re")] if re else [])
    re_entry = relation_models[-1] if relation_models else None
    name = ner_entry.name + (f"+{re_entry.name}" if re_entry else "")
    version = ner_entry.version + (f"+{re_entry.version}" if re_entry else "")
    return TrainedExtractorFactory(settings, str(ner_entry.path), str(re_entry.path) if re_entry else None,
                                   name, version)
