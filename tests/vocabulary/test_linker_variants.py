"""Linker spellings beyond exact names, over the real vocabulary: salts and carboxylates, MeSH's inverted names,
ionic formulas, abbreviations defined in the text (with trailing text in the parentheses, by initials, one letter,
or right after a known name whose letters do not spell them)."""

from __future__ import annotations

import pytest

from graph.models import NodeLabel
from vocabulary import Linker
from vocabulary.abbreviations import find_abbreviations, looks_like_short_form, words_before_definition
from vocabulary.linker import contradicts
from vocabulary.normalize import (
    CONDITION_VARIANTS_MAX, bag, chemical_variants, condition_variants, fold, formula_names, name_variants,
)

CHEMICAL = {NodeLabel.DRUG, NodeLabel.DRUG_CLASS}


@pytest.fixture(scope="session")
def names_only(linker: Linker) -> Linker:
    """The same vocabulary without training-annotation candidates (which know some salts and formulas verbatim),
    so the spelling rules themselves are what these tests see."""
    return Linker(linker.vocabulary, use_annotations=False)


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


def test_salt_variant_is_scored_below_an_exact_name(names_only: Linker) -> None:
    # (MeSH 2024 lists "Metformin Hydrochloride" as an entry term; the ropinirole record names no salt)
    variant = names_only.link("ropinirole hydrochloride", labels=CHEMICAL)
    exact = names_only.link("ropinirole", labels=CHEMICAL)
    assert variant.method == "variant" and variant.score < exact.score


def test_abbreviation_definitions_in_running_text() -> None:
    text = ("given with diethylnitrosamine (DEN: 10 mg/kg) or alfentanil (ALF, 0.5 mg/kg), then phlorizin (P); "
            "women on combined oral contraceptives (COCs) and controls (n = 196)")
    assert find_abbreviations(text) == {
        "DEN": "diethylnitrosamine", "ALF": "alfentanil", "P": "phlorizin",
        "COCs": "combined oral contraceptives",  # by initials, not the shortest "contraceptives"
    }
    assert find_abbreviations("saline (C) was given") == {}  # one letter: only the word before, same initial


def test_a_definition_in_the_text_outranks_general_knowledge(linker: Linker, names_only: Linker) -> None:
    context = "Acute diuresis was induced by blockage of tubular glucose reabsorption with phlorizin (P) in rats."
    alone = names_only.link("P", labels=CHEMICAL)
    defined = names_only.link("P", labels=CHEMICAL, context=context)
    assert defined is not None and defined.id == "MESH:D010695" and defined.method == "abbreviation"
    assert alone is None or alone.method != "abbreviation"  # (the shipped vocabulary has seen "P" in dev abstracts)
    plural = "The risk among women on combined oral contraceptives (COCs) was higher in COC users."
    assert linker.link("COC", labels=CHEMICAL, context=plural).id == "MESH:D003277"


def test_formula_names_read_ionic_formulas_and_cations() -> None:
    assert formula_names("CaCl2") == ["calcium chloride"]
    assert formula_names("ZnSO(4)") == formula_names("ZnSO4") == ["zinc sulfate"]
    assert formula_names("NaHCO3") == ["sodium bicarbonate"]
    assert formula_names("HgCl2") == ["mercuric chloride", "mercury chloride"]
    assert formula_names("Ca2+") == formula_names("Ca(2+)") == ["calcium"]
    for not_a_formula in ("Co", "CO", "NaCl tablets", "H2O2", "cacl2", "Cl"):
        assert formula_names(not_a_formula) == [], not_a_formula


def test_formulas_link_to_the_salt(names_only: Linker) -> None:
    for formula, name in (("CaCl2", "Calcium Chloride"), ("NaHCO3", "Sodium Bicarbonate"),
                          ("ZnSO(4)", "Zinc Sulfate")):
        found = names_only.link(formula, labels=CHEMICAL)
        assert found is not None and found.name == name and found.method == "variant", formula


def test_words_before_a_parenthesised_short_form() -> None:
    text = "toxicity of lomustine (CCNU) and cyclophosphamide (CYQ, 50 mg/kg) in dogs; cyclophosphamide (CYQ)"
    assert words_before_definition(text, "CYQ", max_words=3) == [
        "(CCNU) and cyclophosphamide", "and cyclophosphamide", "cyclophosphamide",  # the first "(CYQ, …)"
        "in dogs cyclophosphamide", "dogs cyclophosphamide"]  # the second; punctuation at word edges dropped
    assert words_before_definition(text, "XYZ") == []
    assert looks_like_short_form("CYQ") and looks_like_short_form("5-FU") and looks_like_short_form("AgSD")
    assert not looks_like_short_form("midazolam") and not looks_like_short_form("a")


def test_a_short_form_right_after_a_known_name_links_to_it(linker: Linker) -> None:
    """"cyclophosphamide (CYQ)": the letters do not spell the name, yet the text defines the short form."""
    context = "Dogs received lomustine and cyclophosphamide (CYQ) every three weeks; CYQ was well tolerated."
    assert find_abbreviations(context).get("CYQ") is None  # letter matching cannot pair them
    alone = linker.link("CYQ", labels=CHEMICAL)
    defined = linker.link("CYQ", labels=CHEMICAL, context=context)
    assert defined is not None and defined.name == "Cyclophosphamide" and defined.method == "abbreviation"
    assert alone is None or alone.id != defined.id
    # a full name in parentheses defines nothing: "benzodiazepines (midazolam)" keeps midazolam
    classed = linker.link("midazolam", labels=CHEMICAL, context="sedation with benzodiazepines (midazolam) was used")
    assert classed is not None and classed.name.lower() == "midazolam"


DISEASE = {NodeLabel.DISEASE, NodeLabel.PHENOTYPE}


def test_condition_variants_use_meshs_words() -> None:
    variants = dict(condition_variants(fold("renal impairment")))
    assert variants["renal insufficiency"] == 1 and variants["kidney insufficiency"] == 2
    assert condition_variants(fold("renal impairment"))[0][1] == 1  # fewest changes first
    assert "liver neoplasms" in dict(condition_variants(fold("liver tumors")))
    assert condition_variants(fold("asthma")) == []
    assert len(condition_variants(fold("renal hepatic cardiac pulmonary cerebral lesions"))) <= CONDITION_VARIANTS_MAX


@pytest.mark.parametrize("mention, name", [
    ("renal impairment", "Renal Insufficiency"), ("liver tumors", "Liver Neoplasms"),
    ("neurological dysfunction", "Nervous System Diseases"), ("cerebral lesions", "Brain Diseases"),
    ("visual deficits", "Vision Disorders"),
])
def test_a_condition_written_as_papers_write_it_links_to_meshs_heading(names_only: Linker, mention: str,
                                                                       name: str) -> None:
    result = names_only.link(mention, labels=DISEASE)
    assert result is not None and result.name == name and result.method == "variant"


def test_spinal_cord_injury_stays_an_injury(names_only: Linker) -> None:
    result = names_only.link("spinal cord injury", labels=DISEASE)
    assert result is not None and result.name == "Spinal Cord Injuries"


def test_a_similar_name_that_says_the_opposite_or_another_short_form_is_no_candidate(names_only: Linker) -> None:
    assert contradicts(fold("increased cardiac output"), fold("Cardiac Output, Low"))
    assert contradicts(fold("hcv infection"), fold("HIV Infections"))
    assert not contradicts(fold("hypertention"), fold("hypertension"))
    assert not contradicts(fold("type 2 diabetes"), fold("diabetes mellitus, type 2"))
    for mention in ("increased cardiac output", "hcv infection", "oab"):
        result = names_only.link(mention, labels=DISEASE)
        assert result is None or result.name not in ("Cardiac Output, Low", "HIV Infections", "Osteoarthritis")


def test_a_combination_products_name_is_also_its_ingredients_alone() -> None:
    # notes write "trimethoprim-sulfamethoxazole", not MeSH's "Trimethoprim-Sulfamethoxazole Combination"
    assert "Trimethoprim-Sulfamethoxazole" in name_variants("Trimethoprim-Sulfamethoxazole Combination")
    assert {"ledipasvir, sofosbuvir", "sofosbuvir ledipasvir"} <= set(
        name_variants("ledipasvir, sofosbuvir drug combination"))
    assert name_variants("Drug Combinations") == [] and name_variants("Combination Chemotherapy") == []
