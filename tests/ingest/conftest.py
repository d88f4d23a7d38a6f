"""Fixtures of the ingest tests: the REAL vocabulary and linker, built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def real_linker(linker):
    """``vocabulary.Linker`` over the full vocabulary: the session's (tests/conftest.py)."""
    return linker


@pytest.fixture(scope="session")
def real_extractor(real_linker):
    """The dictionary fallback extractor over the full vocabulary's names."""
    from ingest.pipeline.run import dictionary_extractor

    return dictionary_extractor(real_linker)
