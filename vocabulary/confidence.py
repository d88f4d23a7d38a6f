"""When a link is sure enough to become a fact: one rule for ingest, the NLP evaluation and the clinical layer.

``EXACT_METHODS`` are the linker's kinds of exact match; a fuzzy link (TF-IDF, embedding) must score at least
``MIN_FUZZY_SCORE``. ``LABELS_OF_TYPE`` maps a tagger's entity type to the node labels its mentions may link to.
"""

from __future__ import annotations

from typing import Any

from graph.models import NodeLabel

EXACT_METHODS = frozenset({"exact", "annotation", "abbreviation", "folded", "exact-term", "identifier"})
MIN_FUZZY_SCORE = 0.7
DRUG_LABELS = (NodeLabel.DRUG,)
DISEASE_LABELS = (NodeLabel.DISEASE, NodeLabel.ADVERSE_EVENT, NodeLabel.PHENOTYPE)
LABELS_OF_TYPE = {"Chemical": DRUG_LABELS, "Disease": DISEASE_LABELS, "Gene": (NodeLabel.GENE,)}


def confident_mention_link(linked: Any) -> bool:
    """Whether a link of a model-found mention is sure enough to become a fact: any exact kind of match, or a
    fuzzy one (TF-IDF, embedding) scoring at least ``MIN_FUZZY_SCORE``. Query-time linking keeps the linker's own,
    lower threshold for typed misspellings; a tagger's span is no misspelling: "glycemic" (from "improve glycemic
    control") reached "hypoglycemic coma" by character n-grams at 0.62."""
    if linked is None:
        return False
    return getattr(linked, "method", "exact") in EXACT_METHODS or linked.score >= MIN_FUZZY_SCORE
