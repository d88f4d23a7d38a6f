"""Linker spellings beyond exact names, over the real vocabulary: salts and carboxylates, MeSH's inverted names,
abbreviations defined in the text (with trailing text in the parentheses, by initials, one letter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.models import NodeLabel
from graph.settings import Settings
from graph.vocabulary import Linker, Vocabulary
from graph.vocabulary.abbreviations import find_abbreviations
from graph.vocabulary.normalize import bag, chemical_variants, fold, name_variants

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CHEMICAL = {NodeLabel.DRUG, NodeLabel.DRUG_CLASS}


@pytest.fixture(scope="session")
def linker(tmp_path_factory: pytest.TempPathFactory) -> Linker:
    home = tmp_path_factory.getbasetemp() / "vocabulary-home"
    return Linker(Vocabulary.load_or_build(Settings(home=home, data_dir=DATA_DIR)))


def test_chemical_variants_strip_counter_ions_and_name_the_acid() -> None:
    assert chemical_variants(fold("Metformin Hydrochloride")) == ["metformin"]
    assert chemical_variants(fold("sodium deoxycholate")) == ["deoxycholate", "deoxycholic acid"]
    assert chemical_variants(fold("kainate")) == ["kainic acid"]
    assert chemical_variants(fold("metformin")) == []
    assert chemical_variants(fold("hydrochloride")) == []  # nothing left but the salt word


def test_name_variants_reorder_inverted_mesh_names() -> None:
    assert "Combined Oral Contraceptives" in name_variants("Contraceptives, Oral, Combined")
    assert "Non-Steroidal Anti-Inflammatory Drugs" in name_variants("Anti-Inflammatory Agents, Non-Steroidal")


def test_bag_ignores_word_order_small_words_and_plurals() -> None:
    assert bag("alpha2-adrenergic receptor agonist") == bag("Adrenergic alpha-2 Receptor Agonists")
    assert bag("cancer of the lung") == bag("lung cancer")
    assert bag("lung cancer") != bag("lung neoplasms")


@pytest.mark.parametrize(("mention", "expected"), [
    ("alpha2-adrenergic receptor agonist", "MESH:D058647"),  # the same words in MeSH's order
    ("metformin hydrochloride", "MESH:D008687"),
    ("lidocaine hydrochloride", "MESH:D008012"),
    ("kainate", "MESH:D007608"),  # Kainic Acid
    ("sodium deoxycholate", "MESH:D003840"),  # Deoxycholic Acid
    ("combined oral contraceptives", "MESH:D003277"),
    ("nonsteroidal anti-inflammatory drugs", "MESH:D000894"),
])
def test_salts_acids_and_inverted_names_link(linker: Linker, mention: str, expected: str) -> None:
    result = linker.link(mention, labels=CHEMICAL)
    assert result is not None and result.id == expected, result


def test_salt_variant_is_scored_below_an_exact_name(linker: Linker) -> None:
    variant = linker.link("metformin hydrochloride", labels=CHEMICAL)
    exact = linker.link("metformin", labels=CHEMICAL)
    assert variant.method == "variant" and variant.score < exact.score


def test_abbreviation_definitions_in_running_text() -> None:
    text = ("given with diethylnitrosamine (DEN: 10 mg/kg) or alfentanil (ALF, 0.5 mg/kg), then phlorizin (P); "
            "women on combined oral contraceptives (COCs) and controls (n = 196)")
    assert find_abbreviations(text) == {
        "DEN": "diethylnitrosamine", "ALF": "alfentanil", "P": "phlorizin",
        "COCs": "combined oral contraceptives",  # by initials, not the shortest "contraceptives"
    }
    assert find_abbreviations("saline (C) was given") == {}  # one letter: only the word before, same initial


def test_a_definition_in_the_text_outranks_general_knowledge(linker: Linker) -> None:
    context = "Acute diuresis was induced by blockage of tubular glucose reabsorption with phlorizin (P) in rats."
    alone = linker.link("P", labels=CHEMICAL)
    defined = linker.link("P", labels=CHEMICAL, context=context)
    assert defined is not None and defined.id == "MESH:D010695" and defined.method == "abbreviation"
    assert alone is None or alone.id != defined.id
    plural = "The risk among women on combined oral contraceptives (COCs) was higher in COC users."
    assert linker.link("COC", labels=CHEMICAL, context=plural).id == "MESH:D003277"
