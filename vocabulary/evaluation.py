"""Normalisation accuracy of the linker on PubTator corpora with gold mention spans (BC5CDR by default).

Each gold mention is linked alone (its text, the gold entity type as the kind filter, the document as context for
abbreviation definitions). It counts as correct when the predicted id equals the canonical id of a gold id:
gold MeSH ids are mapped through the vocabulary's aliases, so a gold id that the identity rules merged into
another canonical entry is still matched. Mentions annotated -1 (no id) are left out and counted; composite
mentions ("D1|D2", one span naming several concepts) count as correct when the prediction is one of their ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.models import NodeLabel
from vocabulary.linker import Linker
from vocabulary.pubtator import read_pubtator_documents, read_pubtator_mentions
from vocabulary.readers import ReadReport

KIND_LABELS = {
    "Chemical": {NodeLabel.DRUG, NodeLabel.DRUG_CLASS},
    "Disease": {NodeLabel.DISEASE, NodeLabel.PHENOTYPE},
}


@dataclass
class KindScore:
    mentions: int = 0
    correct: int = 0
    unlinked: int = 0
    without_id: int = 0
    composite: int = 0
    composite_correct: int = 0
    by_method: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.mentions if self.mentions else 0.0


def document_texts(path: Path) -> dict[str, str]:
    """PubTator title + " " + abstract per document id (the text the offsets refer to)."""
    return {doc.pmid: " ".join(part for part in (doc.title, doc.abstract) if part is not None)
            for doc in read_pubtator_documents(path)}


def evaluate(linker: Linker, path: Path, limit: int | None = None) -> dict[str, KindScore]:
    """Accuracy per entity type over the gold mentions of one PubTator file."""
    texts = document_texts(path)
    scores = {kind: KindScore() for kind in KIND_LABELS}
    for count, mention in enumerate(_mentions(path)):
        if limit is not None and count >= limit:
            break
        score = scores[mention.type]
        if not mention.ids:
            score.without_id += 1
            continue
        gold = {linker.vocabulary.canonical_id(f"MESH:{i}") or f"MESH:{i}" for i in mention.ids}
        result = linker.link(mention.text, labels=KIND_LABELS[mention.type], context=texts.get(mention.document))
        hit = result is not None and result.id in gold
        score.mentions += 1
        score.correct += hit
        score.unlinked += result is None
        if len(mention.ids) > 1:
            score.composite += 1
            score.composite_correct += hit
        method = result.method if result else "none"
        score.by_method[method][0] += 1
        score.by_method[method][1] += hit
        if not hit and len(score.errors) < 2000:
            score.errors.append((mention.text, "|".join(sorted(gold)), result.id if result else None))
    return scores


def _mentions(path: Path) -> Iterator:  # Iterator[PubtatorMention]
    for mention in read_pubtator_mentions(path, ReadReport()):
        if mention.type in KIND_LABELS:
            yield mention
