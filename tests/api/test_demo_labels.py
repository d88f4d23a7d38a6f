"""The demo's whole-label plan: the full profile imports all 308 whole labels (those of commonly asked-about drugs
only with --common-labels), the fast one a subset file of the example drugs, written once, byte-identical every time (so the ingest ledger skips it on a rerun). Pure units on the real
shared file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from api.demo import COMMON_LABEL_GENERICS, FAST_LABEL_GENERICS, FULL_LABELS, DemoPlan, label_subset
from tests.conftest import DATA_DIR


def test_profiles() -> None:
    full = DemoPlan.for_mode(fast=False)
    assert FULL_LABELS in full.label_files and not full.label_subset
    common = DemoPlan.for_mode(fast=False, common_labels=True)
    assert FULL_LABELS not in common.label_files and common.label_subset == COMMON_LABEL_GENERICS
    fast = DemoPlan.for_mode(fast=True)
    assert FULL_LABELS not in fast.label_files and fast.label_subset == FAST_LABEL_GENERICS


def test_the_fast_subset_holds_only_the_example_drugs_and_is_stable(tmp_path: Path) -> None:
    first = label_subset(DATA_DIR / FULL_LABELS, tmp_path / "a" / "labels.jsonl.gz", FAST_LABEL_GENERICS)
    second = label_subset(DATA_DIR / FULL_LABELS, tmp_path / "b" / "labels.jsonl.gz", FAST_LABEL_GENERICS)
    assert first.read_bytes() == second.read_bytes()
    with gzip.open(first, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    generics = {name for record in records for name in record["openfda"]["generic_name"]}
    assert 3 <= len(records) <= 8
    assert all(name.upper().startswith(FAST_LABEL_GENERICS) for name in generics)
    assert any(name.startswith("LITHIUM") for name in generics) and any("WARFARIN" in n for n in generics)


def test_the_common_subset_covers_the_fast_one_and_is_a_fifth_of_the_labels(tmp_path: Path) -> None:
    subset = label_subset(DATA_DIR / FULL_LABELS, tmp_path / "common.jsonl.gz", COMMON_LABEL_GENERICS)
    with gzip.open(subset, "rt", encoding="utf-8") as handle:
        generics = [record["openfda"]["generic_name"][0] for record in map(json.loads, handle)]
    assert 12 <= len(generics) <= 24  # of 308: the quicker choice (--common-labels)
    assert all(any(name.upper().startswith(g) for name in generics) for g in FAST_LABEL_GENERICS)
    assert all(any(name.upper().startswith(g) for name in generics) for g in COMMON_LABEL_GENERICS)
