"""FindingIndex over the real vocabulary and the shared HPO labels (hp-zh.babelon.tsv): one node per finding name."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.models import NodeLabel
from vocabulary import Vocabulary
from vocabulary.findings import FindingIndex, frequency_of
from vocabulary.readers import ReadReport

HPO_LABELS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "zh-medical-terms" / "hp-zh.babelon.tsv"
CHEST_PAIN, HEADACHE, FEVER = "MESH:D002637", "MESH:D006261", "MESH:D005334"


@pytest.fixture(scope="module")
def index(vocabulary: Vocabulary) -> FindingIndex:
    return FindingIndex.build(vocabulary, HPO_LABELS, ReadReport())


def test_a_side_effect_and_the_mesh_symptom_of_the_same_name_are_one_finding(vocabulary: Vocabulary,
                                                                             index: FindingIndex) -> None:
    for side_effect, symptom in (("UMLS:C0004093", "MESH:D001247"), ("UMLS:C0008031", CHEST_PAIN)):
        assert vocabulary.get(side_effect) is None  # no second entry: identity rule 10
        mesh = vocabulary.get(symptom)
        assert mesh is not None and mesh.label is NodeLabel.PHENOTYPE and mesh.is_kind(NodeLabel.ADVERSE_EVENT)
        assert vocabulary.canonical_id(side_effect, NodeLabel.ADVERSE_EVENT) == symptom
        found = index.lookup(mesh.name)
        assert found is not None and found.id == symptom and found.label is NodeLabel.PHENOTYPE


def test_inverted_and_plural_names_find_the_same_finding(index: FindingIndex) -> None:
    for phrase in ("pain chest", "Chest Pain", "Pain, Chest", "chest pains"):
        found = index.lookup(phrase)
        assert found is not None and (found.id, found.name) == (CHEST_PAIN, "Chest Pain"), phrase
    assert index.lookup("headaches").id == HEADACHE
    assert index.lookup("a fever").id == FEVER


def test_an_hpo_label_the_vocabulary_lacks_becomes_an_hp_finding_with_its_chinese_name(
    vocabulary: Vocabulary, index: FindingIndex,
) -> None:
    assert vocabulary.canonical_id("HP:0000364") is None
    found = index.lookup("hearing abnormality")
    assert found is not None
    assert (found.id, found.label, found.name) == ("HP:0000364", NodeLabel.PHENOTYPE, "Hearing abnormality")
    assert found.synonyms == ("听力异常",)
    assert index.by_id("HP:0000364") == found
    # "Hearing impairment" (HP:0000365) is a MeSH 2024 entry term of Hearing Loss: the MeSH node, not a second one
    assert index.lookup("hearing impairment").id == "MESH:D034381"
    # HPO labels that are not findings: the root term and inheritance modes
    assert index.lookup("Autosomal recessive inheritance") is None and index.lookup("All") is None


def test_find_all_skips_negated_findings_and_ambiguous_words(index: FindingIndex) -> None:
    text = "No fever, but a severe headache and chest pain since a fall; cold hands. Pain all over."
    assert [match.name for match in index.find_all(text)] == ["Headache", "Chest Pain", "Cold hands"]
    assert [match.id for match in index.find_all("fever and headache")] == [FEVER, HEADACHE]
    assert index.lookup("pain") is None and index.lookup("fall") is None and index.lookup("no fever") is None


def test_stated_shares_become_probabilities_inside_bounds() -> None:
    assert frequency_of(90) == pytest.approx(0.9) and frequency_of(7.5) == pytest.approx(0.075)
    assert frequency_of(100) == 0.95 and frequency_of(0.5) == 0.02


def test_modifiers_are_not_findings(index: FindingIndex) -> None:
    # HPO's clinical modifiers ("Right", "Central") and history terms ("Healthy") qualify findings; in prose they
    # had made "Right" a finding of 66 diseases.
    text = "chest pain on the right side radiating to the left arm, central cyanosis, previously healthy"
    found = {match.name.casefold() for match in index.find_all(text)}
    assert not found & {"right", "left", "central", "healthy"}
    assert {"chest pain", "central cyanosis"} <= found
    assert index.lookup("left") is None and index.lookup("Sporadic") is None


def test_an_abbreviation_in_capitals_is_not_an_everyday_word(index: FindingIndex) -> None:
    # "HARDS" (Hantavirus Pulmonary Syndrome) and "SAIDS" had lost their "s" as plurals and matched "hard" and
    # "said" in 75 NIH answers ("makes it hard to sleep"); "AIDS" matched "visual aids".
    assert index.lookup("hard") is None and index.lookup("said") is None
    text = "It is hard to sleep, he said; visual aids help. Late signs include hearing loss."
    assert [match.name for match in index.find_all(text)] == ["Hearing Loss"]
    assert "Acquired Immunodeficiency Syndrome" in {match.name for match in index.find_all("Patients with AIDS.")}
    # a complaint typed without capitals still names the abbreviation; prose without capitals does not
    assert [match.name for match in index.find_all("aids", typed=True)] == ["Acquired Immunodeficiency Syndrome"]
    assert [match.name for match in index.find_all("- pain or discomfort in one or both arms")] == ["Discomfort"]


def test_a_name_finds_the_same_node_in_every_process(index: FindingIndex) -> None:
    # "Bone cyst" has the keys "bone cyst" (MeSH Bone Cysts) and "cyst bone" (HPO's label turned round), equally long;
    # the set's order, which changes per process, used to pick between them (37 links of the NIH answers moved).
    from vocabulary.findings import preferred_keys
    assert preferred_keys("Bone cyst") == ["bone cyst", "cyst bone"]
    assert preferred_keys("Bone Cysts") == ["bone cysts", "cysts bone", "bone cyst"]
    assert index.lookup("Bone cyst").id == "MESH:D001845"


def test_prose_names_findings_in_the_plural(index: FindingIndex) -> None:
    # names are keyed singular, prose is not: "chest pains or nightmares" (MedlinePlus's Anxiety page) had matched
    # nothing, "lung infections" only "Infection"
    assert [m.id for m in index.find_all("They may have chest pains and headaches.")] == [CHEST_PAIN, HEADACHE]
    assert [m.name for m in index.find_all("frequent lung infections")] == ["Lung infection"]
    # an abbreviation's lower-case copy in the vocabulary ("arms" of "ARMs", anorectal malformations) is no word
    assert [m.name for m in index.find_all("Weakness in their arms and legs.")] == ["Asthenia"]


def test_a_complaint_at_listed_body_sites_is_one_finding_per_site(index: FindingIndex) -> None:
    # NHLBI's heart attack page; written the same way for angina and coronary heart disease
    sentence = "It can include pain or numbness in one or both arms, the back, neck, jaw, or stomach."
    assert [m.name for m in index.located(sentence)] == [
        "Pain in arm", "Back Pain", "Neck Pain", "Jaw pain", "Abdominal Pain"]
    assert [m.name for m in index.located("pain in the left arm")] == ["Pain in arm"]  # the side is not the finding
    assert [m.name for m in index.located("swelling of the ankles and feet")] == ["Ankle swelling"]
    assert list(index.located("no pain in the legs")) == []  # negated
    assert [m.name for m in index.located("no pain in the legs", skip_negated=False)] == ["Leg pain"]
    assert list(index.located("pain from angina")) == []  # no site named


def test_everyday_wording_of_urinary_sleep_and_skin_complaints_reaches_linked_findings(index: FindingIndex) -> None:
    """Rows of ``finding_synonyms.tsv`` (twenty-sixth session): everyday words of the findings that NIH pages and
    patients use ("trouble starting a urine stream", 夜尿多), each on the node the diagnosis sources link."""
    expected = {"urinating at night": "Nocturia", "夜尿多": "Nocturia", "trouble starting a urine stream":
                "Urinary hesitancy", "difficulty falling asleep": "Sleep Initiation and Maintenance Disorders",
                "入睡困难": "Sleep Initiation and Maintenance Disorders", "excess hair growth": "Hirsutism",
                "darkening of the skin": "Hyperpigmentation of the skin", "leg pain when walking":
                "Intermittent Claudication", "drooping of one side of the face": "Facial Paralysis"}
    assert {phrase: getattr(index.lookup(phrase), "name", None) for phrase in expected} == expected
    assert index.lookup("discharge") is None  # of what? not the eye's
    assert [m.name for m in index.find_all("symptoms of the inflammation, periodic and diffuse")] == []
