"""Identity rule 11: brand names of single-ingredient FDA-labelled products are names of their ingredient's drug
entry — on the real vocabulary built from the shared data (fda-labels-full's manifest, the openFDA sample), and the
rule's guards as units."""

from __future__ import annotations

from pathlib import Path

from graph.models import NodeLabel
from vocabulary import Vocabulary
from vocabulary.concepts import BrandName, Concept, label_brand_names
from vocabulary.identity import IdentityResolver
from vocabulary.readers import ReadReport


def _named(vocabulary: Vocabulary, name: str) -> set[str]:
    return {e.id for e in vocabulary.entries.values()
            if name.casefold() in {n.casefold() for n in (e.name, *e.synonyms)}}


def test_a_labelled_brand_is_a_name_of_its_ingredient(vocabulary: Vocabulary) -> None:
    assert _named(vocabulary, "Verzenio") == _named(vocabulary, "abemaciclib") != set()  # manifest: ABEMACICLIB
    assert _named(vocabulary, "Ziagen") == _named(vocabulary, "abacavir") != set()  # ABACAVIR SULFATE, salt dropped
    assert vocabulary.stats.brand_names > 100


def test_combination_and_generic_phrase_brands_are_not_names(vocabulary: Vocabulary) -> None:
    assert _named(vocabulary, "Cabenuva") == set()  # cabotegravir and rilpivirine: neither drug alone
    assert _named(vocabulary, "Trezix") == set()
    assert _named(vocabulary, "Pain Relief") == set()  # an OTC product's "brand" in the openFDA sample (no NDA)


def test_the_brand_reader_keeps_single_ingredient_innovator_products(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("set_id\tgeneric_name\tbrand_name\n1\tATORVASTATIN CALCIUM\tLipitor\n"
                        "2\tCABOTEGRAVIR AND RILPIVIRINE\tCabenuva\n3\tACETAMINOPHEN, CAFFEINE\tTrezix\n")
    harmonized = tmp_path / "harmonized.jsonl"
    harmonized.write_text(
        '{"application_number": "NDA020702", "brand_name": "Lipitor", "generic_name": "atorvastatin", '
        '"unii_indexing": [{"unii": "48A5M73Z4Q"}]}\n'
        '{"application_number": "part343", "brand_name": "Pain Relief", "generic_name": "Acetaminophen", '
        '"unii_indexing": [{"unii": "362O9ITL9D"}]}\nnot json\n')
    report = ReadReport()
    brands = list(label_brand_names(manifest, harmonized, report))
    assert brands == [BrandName("Lipitor", "ATORVASTATIN CALCIUM"), BrandName("Lipitor", "atorvastatin", "48A5M73Z4Q")]
    assert report.problem_count == 1  # the line that is not JSON, reported


def test_a_brand_that_names_another_entry_or_several_ingredients_is_skipped() -> None:
    resolver = IdentityResolver()
    for concept in (Concept("MESH:D1", NodeLabel.DRUG, "atorvastatin", "mesh"),
                    Concept("MESH:D2", NodeLabel.DRUG, "Focus", "mesh"),
                    Concept("MESH:D3", NodeLabel.DRUG, "insulin", "mesh", xrefs=("UNII:AAA",)),
                    Concept("MESH:D4", NodeLabel.DRUG, "Insulin", "mesh")):
        resolver.add_concepts([concept])
    resolver.add_brand_names([BrandName("Lipitor", "ATORVASTATIN CALCIUM"), BrandName("Focus", "atorvastatin"),
                              BrandName("Humulin", "insulin"), BrandName("Lantus", "insulin glargine", "AAA")])
    assert resolver.entries["MESH:D1"].synonyms == ["Lipitor"]  # "Focus" names another entry: not added
    assert "Humulin" not in resolver.entries["MESH:D3"].synonyms + resolver.entries["MESH:D4"].synonyms
    assert "Lantus" in resolver.entries["MESH:D3"].synonyms  # found by the UNII
    assert (resolver.stats.brand_names, resolver.stats.brand_names_skipped) == (2, 2)
