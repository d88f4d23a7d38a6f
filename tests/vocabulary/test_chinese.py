"""Chinese names: normalisation, OpenCC, longest match and fuzzy linking (pure units), and the real vocabulary."""

from __future__ import annotations

import pytest

from graph.models import NodeLabel
from vocabulary import Linker
from vocabulary.chinese import ChineseIndex, ChineseName, clean_name, longest_matches, simplified, zh_key


@pytest.mark.parametrize("variant", ["2型糖尿病", "II型糖尿病", "Ⅱ型糖尿病", "二型糖尿病", "第二型糖尿病", "２型 糖尿病",
                                     "第2型糖尿病"])
def test_numeral_and_script_variants_share_one_key(variant: str) -> None:
    assert zh_key(variant) == "2型糖尿病"


def test_traditional_becomes_simplified_and_dagger_notes_go() -> None:
    assert simplified("氣喘") == "气喘" and zh_key("頭痛") == "头痛"
    assert clean_name("兰伯特-伊顿综合征（C00-D48+）") == "兰伯特-伊顿综合征"
    assert zh_key("三度房室传导阻滞") == zh_key("III度房室传导阻滞") != zh_key("二度房室传导阻滞")


def _index() -> ChineseIndex:
    names = [ChineseName("糖尿病", "D:dm", "t", True), ChineseName("2型糖尿病", "D:t2", "t", True),
             ChineseName("心肌梗死", "D:mi", "t", True), ChineseName("心梗", "D:mi", "medkg-curated"),
             ChineseName("二甲双胍", "C:met", "t", True), ChineseName("疾病", "D:any", "t", True)]
    labels = {"D:dm": NodeLabel.DISEASE, "D:t2": NodeLabel.DISEASE, "D:mi": NodeLabel.DISEASE,
              "C:met": NodeLabel.DRUG, "D:any": NodeLabel.DISEASE}
    return ChineseIndex(names, labels)


def test_longest_match_without_word_spaces() -> None:
    found = _index().find_all("II型糖尿病合并心梗的患者能用二甲双胍吗")
    assert [(m.text, m.id, m.method) for m in found] == [
        ("II型糖尿病", "D:t2", "normalised"), ("心梗", "D:mi", "exact"), ("二甲双胍", "C:met", "exact")]
    assert _index().find_all("疾病") == []  # generic words name nothing
    assert [m.id for m in _index().find_all("二甲双胍", labels={NodeLabel.DISEASE})] == []


def test_a_drug_name_inside_another_drugs_name_is_not_that_drug() -> None:
    names = [ChineseName("氧氟沙星", "C:oflox", "t", True), ChineseName("肺癌", "D:lung", "t", True)]
    index = ChineseIndex(names, {"C:oflox": NodeLabel.DRUG, "D:lung": NodeLabel.DISEASE})
    assert index.find_all("左氧氟沙星的副作用") == []  # levofloxacin
    assert [m.id for m in index.find_all("氧氟沙星的副作用")] == ["C:oflox"]
    assert [m.id for m in index.find_all("左侧肺癌")] == ["D:lung"]  # laterality before a diagnosis is no drug's
    assert index.link("左氧氟沙星") is None  # the variant rules (左 as laterality) are a diagnosis's
    assert index.link("左肺癌").id == "D:lung"


def test_fuzzy_link_scores_below_exact_and_respects_the_floor() -> None:
    index = _index()
    exact, fuzzy = index.link("心肌梗死"), index.link("急性心肌梗死")
    assert exact is not None and exact.score == 1.0
    assert fuzzy is not None and fuzzy.id == "D:mi" and fuzzy.method == "fuzzy" and 0.6 < fuzzy.score < exact.score
    assert index.link("肺炎") is None


def test_longest_matches_over_a_plain_table() -> None:
    table = {zh_key("2型糖尿病"): "type 2 diabetes", zh_key("糖尿病"): "diabetes"}
    assert longest_matches("二型糖尿病和糖尿病", table) == [("二型糖尿病", "type 2 diabetes"), ("糖尿病", "diabetes")]


def test_the_real_vocabulary_links_chinese_names_to_the_english_entries(linker: Linker) -> None:
    vocabulary = linker.vocabulary
    t2dm = linker.link("type 2 diabetes mellitus")
    assert t2dm is not None
    for variant in ("2型糖尿病", "II型糖尿病", "二型糖尿病", "第二型糖尿病"):
        found = linker.link(variant)
        assert found is not None and found.id == t2dm.id, variant
    assert linker.link("心梗").id == linker.link("myocardial infarction").id  # curated abbreviation
    assert linker.link("氣喘").id == linker.link("asthma").id  # Traditional characters
    assert linker.link("头痛", labels=[NodeLabel.PHENOTYPE]).id == linker.link("headache", [NodeLabel.PHENOTYPE]).id
    # everyday words: 疼 for 痛, and the everyday word order of 高血压
    assert linker.link("头疼", labels=[NodeLabel.PHENOTYPE]).id == linker.link("headache", [NodeLabel.PHENOTYPE]).id
    assert linker.link("血压高").id == linker.link("hypertension").id
    sources = {name.source for name in vocabulary.chinese_names}
    assert {"who-icd10-zh", "tw-icd10cm", "hpo-zh", "who-eml-zh", "medkg-curated"} <= sources
    assert not sources & {"cmekg", "sider-derived"}  # opt-in only
    entry_ids = set(vocabulary.entries)
    assert all(name.id in entry_ids for name in vocabulary.chinese_names)  # synonyms of existing entries only


def test_finding_names_share_the_chinese_key() -> None:
    from vocabulary.findings import name_keys

    assert name_keys("頭痛") == name_keys("头痛") == {"头痛"} and name_keys("II型糖尿病") == {"2型糖尿病"}
    assert name_keys("头疼") == name_keys("头痛") and name_keys("肚子胀") == name_keys("腹胀")  # everyday words
