"""Fixtures of the ingest tests: the REAL vocabulary and linker, built once per test session."""

from __future__ import annotations

import pytest
from _ingest_support import DATA

from core.settings import Settings


@pytest.fixture(scope="session")
def real_linker(tmp_path_factory: pytest.TempPathFactory):
    """``vocabulary.Linker`` over the full vocabulary, built once per session in a temporary home."""
    from vocabulary import Linker, Vocabulary

    home = tmp_path_factory.mktemp("vocabulary-home")
    return Linker(Vocabulary.load_or_build(Settings(home=home, data_dir=DATA)))


@pytest.fixture(scope="session")
def real_extractor(real_linker):
    """The dictionary fallback extractor over the full vocabulary's names."""
    from ingest.pipeline.run import dictionary_extractor

    return dictionary_extractor(real_linker)
