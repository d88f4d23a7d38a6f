"""Mention → id pairs from the TRAINING splits of BC5CDR, NCBI-disease and BioRED (never dev or test).

They teach the vocabulary how concepts are written in abstracts ("hypertensive" → MESH:D006973). Mentions with
composite ids ("D1|D2"), no id (-1) or an id outside MeSH/OMIM/Entrez are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.models import NodeLabel
from graph.vocabulary.readers import ReadReport, read_pubtator_mentions

# (data folder, training file): the only files of these corpora the vocabulary may read.
TRAINING_FILES = (
    ("bc5cdr", "CDR_TrainingSet.PubTator.txt"),
    ("ncbi-disease", "NCBItrainset_corpus.txt"),
    ("biored", "Train.PubTator"),
)
MENTION_TYPES = {
    "Chemical": NodeLabel.DRUG, "ChemicalEntity": NodeLabel.DRUG,
    "Disease": NodeLabel.DISEASE, "DiseaseOrPhenotypicFeature": NodeLabel.DISEASE,
    "SpecificDisease": NodeLabel.DISEASE, "DiseaseClass": NodeLabel.DISEASE, "CompositeMention": NodeLabel.DISEASE,
    "Modifier": NodeLabel.DISEASE, "GeneOrGeneProduct": NodeLabel.GENE,
}


@dataclass(frozen=True)
class Annotation:
    text: str
    id: str
    label: NodeLabel
    corpus: str


def corpus_id(raw: str, label: NodeLabel) -> str | None:
    """A corpus id as ours: ``D006973``/``C012345`` → ``MESH:…``, ``OMIM:…`` kept, Entrez digits → ``NCBIGENE:``."""
    raw = raw.strip()
    if raw.startswith("MESH:"):
        raw = raw[5:]
    if raw[:1] in ("D", "C") and raw[1:].isdigit():
        return f"MESH:{raw}"
    if raw.startswith("OMIM:"):
        return raw
    if label is NodeLabel.GENE and raw.isdigit():
        return f"NCBIGENE:{raw}"
    return None


def training_annotations(data_dir: Path, report: ReadReport) -> Iterator[Annotation]:
    for folder, name in TRAINING_FILES:
        path = data_dir / folder / name
        if not path.exists():
            continue
        for mention in read_pubtator_mentions(path, report):
            label = MENTION_TYPES.get(mention.type)
            if label is None or len(mention.ids) != 1:
                continue
            concept_id = corpus_id(mention.ids[0], label)
            if concept_id is not None:
                yield Annotation(mention.text, concept_id, label, folder)
