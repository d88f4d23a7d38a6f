"""MeSH 2024 entry terms and supplementary concept records (identity rules 8 and 9) on rows copied verbatim from
``../shared/data/mesh-2024-terms``, ``mesh-2015`` and ``drugcentral-2016`` (tests/vocabulary/fixtures/mesh-2024)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from graph.models import NodeLabel
from vocabulary import Linker, Vocabulary
from vocabulary.readers import ReadReport

FIXTURES = Path(__file__).with_name("fixtures") / "mesh-2024"


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    """The fixture rows laid out as the data folder is (files named ``*.tsv.gz`` there are gzipped here)."""
    data_dir = tmp_path_factory.mktemp("mesh-2024-data")
    for source in FIXTURES.rglob("*.tsv"):
        target = data_dir / source.relative_to(FIXTURES)
        target.parent.mkdir(parents=True, exist_ok=True)
        gzipped = target.with_name(target.name + ".gz")
        if target.name in ("descriptor-names.tsv", "symptoms.tsv", "drug_indication.tsv"):
            shutil.copy(source, target)
        else:
            gzipped.write_bytes(gzip.compress(source.read_bytes()))
    report = ReadReport()
    built = Vocabulary.build(data_dir, report)
    curated = ("lay_terms", "zh_terms")  # the curated name files name ids outside the fixture: their only problems
    problems = {path: file.problems for path, file in report.files.items() if not any(c in path for c in curated)}
    assert not any(problems.values()), problems
    return built


def test_an_entry_term_is_a_synonym_of_its_descriptor_and_links(vocabulary: Vocabulary) -> None:
    phenytoin = vocabulary.get("MESH:D010672")
    assert phenytoin is not None and phenytoin.name == "Phenytoin"
    assert {"Diphenylhydantoin", "Dilantin"} <= set(phenytoin.synonyms)
    assert "Diphenylhydantoinate, Sodium" not in phenytoin.synonyms  # NLM's word-order permutation: left out
    assert "mesh-2024" in phenytoin.sources
    result = Linker(vocabulary).link("diphenylhydantoin", labels={NodeLabel.DRUG})
    assert result is not None and result.id == "MESH:D010672" and result.method == "exact"


def test_a_supplementary_record_is_its_own_drug_entry_and_its_synonym_links(vocabulary: Vocabulary) -> None:
    lometrexol = vocabulary.get("MESH:C045894")
    assert lometrexol is not None and lometrexol.label is NodeLabel.DRUG and lometrexol.name == "lometrexol"
    assert "DDATHF" in lometrexol.synonyms
    # Heading-mapped to Tetrahydrofolates: indexed under it, not the same thing.
    assert vocabulary.canonical_id("MESH:C045894") == "MESH:C045894"
    assert "MESH:D013763" not in lometrexol.xrefs
    result = Linker(vocabulary).link("5,10-dideazatetrahydrofolic acid", labels={NodeLabel.DRUG})
    assert result is not None and result.id == "MESH:C045894"


def test_a_2015_record_that_became_a_descriptor_resolves_to_the_new_node(vocabulary: Vocabulary) -> None:
    # DrugCentral 2016 keys gabapentin by its 2015 supplementary record C040029; MeSH 2024 has descriptor
    # D000077206 instead (C040029 is no longer a record) and lists "Gabapentin" as its term.
    assert "MESH:C040029" not in vocabulary.entries
    assert vocabulary.canonical_id("MESH:C040029") == "MESH:D000077206"
    assert vocabulary.canonical_id("DRUGCENTRAL:1264") == "MESH:D000077206"
    gabapentin = vocabulary.get("MESH:D000077206")
    assert gabapentin is not None and gabapentin.label is NodeLabel.DRUG
    assert "MESH:C040029" in gabapentin.xrefs and "Neurontin" in gabapentin.synonyms
    result = Linker(vocabulary).link("Neurontin", labels={NodeLabel.DRUG})
    assert result is not None and result.id == "MESH:D000077206"
