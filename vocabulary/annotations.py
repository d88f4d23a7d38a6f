"""Mention → id pairs from the training (and, for the shipped vocabulary, dev) splits of BC5CDR, NCBI-disease and
BioRED; never from a test split.

They teach the vocabulary how concepts are written in abstracts ("hypertensive" → MESH:D006973). Mentions with
composite ids ("D1|D2"), no id (-1) or an id outside MeSH/OMIM/Entrez are skipped.

The corpora share abstracts: 53 of BioRED's training documents are BC5CDR *test* documents, and BC5CDR's training
set holds BioRED test documents. A training split is therefore read without every document that is in the dev or
test split of any of the three (``evaluation_pmids``), so no figure measured on those splits has seen its answers.

Two vocabularies come from this. The *tuning* one reads training splits only: the linker's choices are made on dev
with it, so dev figures never see dev answers. The *shipped* one (the default) also reads the dev splits, as a final
model is trained on train + dev once its settings are chosen; dev documents that are in any test split are dropped,
so test figures stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.models import NodeLabel
from vocabulary.pubtator import read_pubtator_documents, read_pubtator_mentions
from vocabulary.readers import ReadReport

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
# (data folder, dev file): read too by the shipped vocabulary, never by the tuning one.
DEV_FILES = (
    ("bc5cdr", "CDR_DevelopmentSet.PubTator.txt"),
    ("ncbi-disease", "NCBIdevelopset_corpus.txt"),
    ("biored", "Dev.PubTator"),
)
# (data folder, file) of the splits figures are measured on (test) or tuned on (dev).
EVALUATION_FILES = {
    "dev": DEV_FILES,
    "test": (("bc5cdr", "CDR_TestSet.PubTator.txt"), ("ncbi-disease", "NCBItestset_corpus.txt"),
             ("biored", "Test.PubTator")),
}


@lru_cache(maxsize=8)
def evaluation_pmids(data_dir: Path, splits: tuple[str, ...] = ("dev", "test")) -> frozenset[str]:
    """PMIDs of every document in the given splits of BC5CDR, NCBI-disease and BioRED (files that exist); read once
    per process (every training set is filtered with them)."""
    pmids: set[str] = set()
    for split in splits:
        for folder, name in EVALUATION_FILES[split]:
            path = data_dir / folder / name
            if path.exists():
                pmids.update(document.pmid for document in read_pubtator_documents(path))
    return frozenset(pmids)


@dataclass(frozen=True)
class AnnotatedName:
    """A name as a corpus writes it ("hypertensive") with the concept its gold annotation gives it."""

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


def training_annotations(data_dir: Path, report: ReadReport, include_dev: bool = False) -> Iterator[AnnotatedName]:
    """Annotations of the training splits, plus the dev splits when ``include_dev``; without any document of an
    evaluation split the result may not see (dev and test, or test only when dev is read)."""
    excluded = evaluation_pmids(data_dir, ("test",) if include_dev else ("dev", "test"))
    for folder, name in TRAINING_FILES + (DEV_FILES if include_dev else ()):
        path = data_dir / folder / name
        if not path.exists():
            continue
        for mention in read_pubtator_mentions(path, report):
            label = MENTION_TYPES.get(mention.type)
            if label is None or len(mention.ids) != 1 or mention.document in excluded:
                continue
            concept_id = corpus_id(mention.ids[0], label)
            if concept_id is not None:
                yield AnnotatedName(mention.text, concept_id, label, folder)
