"""The linker over the real vocabulary: exact, folded, misspelt, lay, abbreviated and context-defined mentions."""

from __future__ import annotations

import pytest

from graph.models import NodeLabel
from vocabulary import Linker, LinkResult
from vocabulary.abbreviations import find_abbreviations



@pytest.mark.parametrize(("mention", "expected"), [
    ("hypertension", "MESH:D006973"),
    ("HYPERTENSION", "MESH:D006973"),
    ("Type 2 Diabetes Mellitus", "MESH:D003924"),  # MeSH's inverted name, re-ordered
    ("hypertention", "MESH:D006973"),  # misspelt: character 3-grams
    ("alzheimers", "MESH:D000544"),
    ("Alzheimer's disease", "MESH:D000544"),
    ("heart attack", "MESH:D009203"),  # lay term
    ("HTN", "MESH:D006973"),
    ("T2DM", "MESH:D003924"),
    ("COPD", "MESH:D029424"),
    ("metformin", "MESH:D008687"),
    ("acetylsalicylic acid", "MESH:D001241"),
])
def test_links_common_forms(linker: Linker, mention: str, expected: str) -> None:
    result = linker.link(mention, labels={NodeLabel.DISEASE, NodeLabel.DRUG})
    assert result is not None and result.id == expected, result


def test_result_names_the_runner_up(linker: Linker) -> None:
    result = linker.link("hypertention")
    assert isinstance(result, LinkResult)
    assert result.method == "tfidf" and result.runner_up_id not in (None, result.id)
    assert result.runner_up_score is not None and result.runner_up_score <= result.score


def test_labels_restrict_the_kind(linker: Linker) -> None:
    assert linker.link("hypertension", labels={NodeLabel.ADVERSE_EVENT}).id == "MESH:D006973"  # one node
    assert linker.link("metformin", labels={NodeLabel.GENE}) is None or \
        linker.link("metformin", labels={NodeLabel.GENE}).label is NodeLabel.GENE


def test_abbreviation_defined_in_context(linker: Linker) -> None:
    context = "Outcomes in patients with idiopathic pulmonary fibrosis (IPF) treated with pirfenidone."
    assert find_abbreviations(context) == {"IPF": "idiopathic pulmonary fibrosis"}
    with_context = linker.link("IPF", labels={NodeLabel.DISEASE}, context=context)
    assert with_context is not None and with_context.id == linker.link("idiopathic pulmonary fibrosis").id


def test_gibberish_is_not_linked(linker: Linker) -> None:
    assert linker.link("qqzxv wwkj") is None


def test_candidates_are_ranked_and_distinct(linker: Linker) -> None:
    found = linker.candidates("diabetes", k=5, labels={NodeLabel.DISEASE})
    assert 1 < len(found) <= 5
    assert len({c.id for c in found}) == len(found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert found[0].id == "MESH:D003920"


def test_names_is_the_cheap_test_for_a_name_as_written(linker: Linker) -> None:
    assert linker.names("Sudafed") and linker.names("hypertension") and linker.names("diabetics")  # annotated
    assert not linker.names("hypertention")  # a misspelling needs the full link (fuzzy), not this test
    assert not linker.names("difference between")
