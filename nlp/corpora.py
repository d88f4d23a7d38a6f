"""Readers for the annotated corpora in the shared data folder: plain records, no torch.

BC5CDR, NCBI-disease and BioRED come as PubTator files; the ADE corpus as pipe-delimited relations; DDI-2013 as one
XML file per document. Every reader returns ``CorpusDocument``s (text, gold mentions, document-level relations) or
``RelationExample``s (one text, two marked spans and a label) so training and evaluation share one shape.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from core.errors import BadInput
from vocabulary.annotations import evaluation_pmids
from vocabulary.pubtator import PubtatorDocument, read_pubtator_documents

T = TypeVar("T")
HELD_OUT_PERCENT = 10  # of BC5CDR train+dev documents, held out from training for model selection

BC5CDR_FILES = {
    "train": "CDR_TrainingSet.PubTator.txt",
    "dev": "CDR_DevelopmentSet.PubTator.txt",
    "test": "CDR_TestSet.PubTator.txt",
}
BIORED_FILES = {"train": "Train.PubTator", "dev": "Dev.PubTator", "test": "Test.PubTator"}
NCBI_FILES = {"train": "NCBItrainset_corpus.txt", "dev": "NCBIdevelopset_corpus.txt", "test": "NCBItestset_corpus.txt"}
# Corpus-specific type names mapped onto nlp.types.ENTITY_TYPES; anything else is dropped.
TYPE_MAP = {
    "Chemical": "Chemical", "ChemicalEntity": "Chemical",
    "Disease": "Disease", "DiseaseOrPhenotypicFeature": "Disease",
    "SpecificDisease": "Disease", "DiseaseClass": "Disease", "CompositeMention": "Disease", "Modifier": "Disease",
    "GeneOrGeneProduct": "Gene",
}


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    label: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorpusDocument:
    doc_id: str
    text: str
    mentions: tuple[GoldMention, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()  # (type, head id, tail id), document level


@dataclass(frozen=True)
class RelationExample:
    """One candidate pair in one text: spans are (start, end) character offsets; label "NONE" for no relation."""

    text: str
    head: tuple[int, int]
    tail: tuple[int, int]
    label: str
    group: str = ""  # evaluation unit (document or sentence id)
    meta: dict = field(default_factory=dict, compare=False, hash=False)


def _require(path: Path) -> Path:
    if not path.exists():
        raise BadInput(f"corpus file not found: {path} (is MEDKG_DATA_DIR pointing at the shared data?)")
    return path


def read_pubtator(path: Path, keep_types: Iterable[str] | None = None) -> list[CorpusDocument]:
    """Parse a PubTator file (``vocabulary.pubtator``: its rule for ids, ``()`` for a mention without a concept);
    mention types are mapped through TYPE_MAP and filtered by ``keep_types``; blocks without a title are left out."""
    keep = set(keep_types) if keep_types is not None else None
    return [_document(block, keep) for block in read_pubtator_documents(_require(path)) if block.title is not None]


def _document(block: PubtatorDocument, keep: set[str] | None) -> CorpusDocument:
    mentions = [GoldMention(m.start, m.end, label, m.ids) for m in block.mentions
                if (label := TYPE_MAP.get(m.type)) and (keep is None or label in keep)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return CorpusDocument(block.pmid, block.text(), tuple(mentions), block.relations)


def bc5cdr(data_dir: Path, split: str) -> list[CorpusDocument]:
    return read_pubtator(data_dir / "bc5cdr" / BC5CDR_FILES[split])


def ncbi_disease(data_dir: Path, split: str) -> list[CorpusDocument]:
    return read_pubtator(data_dir / "ncbi-disease" / NCBI_FILES[split])


def biored(data_dir: Path, split: str,
           keep_types: Sequence[str] = ("Chemical", "Disease", "Gene")) -> list[CorpusDocument]:
    return read_pubtator(data_dir / "biored" / BIORED_FILES[split], keep_types)


def without_test_documents(items: Sequence[T], data_dir: Path,
                           pmid: Callable[[T], str] = lambda d: d.doc_id) -> list[T]:
    """Training documents (or examples: ``pmid`` gives an item's PMID) minus any from a document in the test split
    of BC5CDR, NCBI-disease or BioRED.

    The corpora share abstracts (53 BioRED training documents are BC5CDR test documents), so every training set is
    filtered against every test set, not only its own.
    """
    excluded = evaluation_pmids(data_dir, ("test",))
    return [item for item in items if pmid(item) not in excluded]


def corpus_hash(docs: Iterable[CorpusDocument | RelationExample]) -> str:
    """A stable fingerprint of training data (text and labels), stored with each model."""
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(repr(doc).encode("utf-8"))
    return digest.hexdigest()[:16]


def held_out(doc_id: str, percent: int) -> bool:
    """A deterministic split by id: True for about ``percent`` % of ids."""
    return int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 100 < percent


def bc5cdr_training_split(data_dir: Path,
                          max_docs: int | None = None) -> tuple[list[CorpusDocument], list[CorpusDocument]]:
    """(training, held-out) BC5CDR documents: train+dev pooled, without any document of a test split
    (``without_test_documents``), cut to the first ``max_docs``, then ``HELD_OUT_PERCENT`` % held out by a hash of
    the PMID. Model selection (epochs, decoding, thresholds) looks at the held-out part, never at a test split."""
    pooled = without_test_documents(bc5cdr(data_dir, "train") + bc5cdr(data_dir, "dev"), data_dir)
    pooled = pooled[:max_docs] if max_docs else pooled
    return ([d for d in pooled if not held_out(d.doc_id, HELD_OUT_PERCENT)],
            [d for d in pooled if held_out(d.doc_id, HELD_OUT_PERCENT)])


# ---------------------------------------------------------------- sentences (for relation candidates)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])|\s*\n\s*\n\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence boundaries (end punctuation, space, capital; a blank line, as between an article's title and
    abstract when ingest joins its sections): enough for candidate windows."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------- ADE corpus
def ade_examples(data_dir: Path) -> list[RelationExample]:
    """Drug–adverse-effect pairs per sentence; every other drug × effect pairing in the sentence is a negative."""
    by_sentence: dict[tuple[str, str], dict] = {}
    for line in _require(data_dir / "ade-corpus-v2" / "DRUG-AE.rel").read_text(encoding="utf-8").splitlines():
        cols = line.split("|")
        if len(cols) < 8:
            continue
        pmid, sentence, effect, drug = cols[0], cols[1], cols[2], cols[5]
        entry = by_sentence.setdefault((pmid, sentence), {"drugs": set(), "effects": set(), "pairs": set()})
        entry["drugs"].add(drug)
        entry["effects"].add(effect)
        entry["pairs"].add((drug, effect))
    examples = []
    for (pmid, sentence), entry in by_sentence.items():
        for drug in sorted(entry["drugs"]):
            for effect in sorted(entry["effects"]):
                head, tail = _find(sentence, drug), _find(sentence, effect)
                if head is None or tail is None or _overlaps(head, tail):
                    continue
                label = "ADE" if (drug, effect) in entry["pairs"] else "NONE"
                examples.append(RelationExample(sentence, head, tail, label, group=pmid))
    return examples


def _find(text: str, needle: str) -> tuple[int, int] | None:
    index = text.find(needle)
    return None if index < 0 else (index, index + len(needle))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- DDI-2013
DDI_DIRS = {"train": ["Train/DrugBank", "Train/MedLine"],
            "test": ["Test/Test for DDI Extraction task/DrugBank", "Test/Test for DDI Extraction task/MedLine"]}


def ddi_examples(data_dir: Path, split: str) -> list[RelationExample]:
    """Every annotated candidate pair of DDI-2013; positive pairs labelled ``DDI`` with the subtype in meta."""
    from defusedxml import ElementTree

    examples = []
    for folder in DDI_DIRS[split]:
        for path in sorted(_require(data_dir / "ddi2013" / folder).glob("*.xml")):
            root = ElementTree.parse(path).getroot()
            for sentence in root.iter("sentence"):
                examples.extend(_ddi_sentence(sentence, root.get("id", path.stem)))
    return examples


def _ddi_sentence(sentence, doc_id: str) -> Iterator[RelationExample]:
    text = sentence.get("text", "")
    spans = {}
    for entity in sentence.iter("entity"):
        first = entity.get("charOffset", "").split(";")[0]
        start, end = first.split("-")
        spans[entity.get("id")] = (int(start), int(end) + 1)  # inclusive end in the corpus
    for pair in sentence.iter("pair"):
        head, tail = spans.get(pair.get("e1")), spans.get(pair.get("e2"))
        if head is None or tail is None or _overlaps(head, tail):
            continue
        positive = pair.get("ddi") == "true"
        yield RelationExample(text, head, tail, "DDI" if positive else "NONE", group=doc_id,
                              meta={"subtype": pair.get("type") or "none"})



# ---------------------------------------------------------------- LabeledIn (FDA label indications)
_LABELEDIN_TAG = re.compile(r'<annotation cui="([^"]*)">(.*?)</annotation>|<[^>]+>', re.S)
_INDICATED = re.compile(r"\b(?:is|are)\s+(?:also\s+)?indicated\b")
_SUBJECT_WORD = re.compile(r"[A-Za-z][\w\-]{2,}")
_NOT_A_DRUG = frozenset({"this", "these", "the", "it", "they", "each", "both", "along", "usp", "tablets", "capsules",
                         "injection", "treatment", "indications", "usage", "and", "individuals", "patients", "adults",
                         "children", "monotherapy", "therapy", "use", "also", "when", "who", "which", "that", "adjunctive",
                         "adult", "associated", "combination", "diuretics", "indication", "infections", "males",
                         "females", "mixed", "neoplastic", "other", "predialysis", "sodium", "with", "without"})


def labeledin_examples(data_dir: Path) -> list[RelationExample]:
    """Drug → indication pairs in FDA label Indications & Usage sentences (LabeledIn's 250 expert-annotated labels),
    as distant supervision for the TREATS head: positives only.

    The drug is the label's subject, the first word of the first "X … is/are indicated" clause after any heading
    or disease mention ("Hypertension Metoprolol tartrate tablets, USP are indicated …" → "Metoprolol"), marked
    where it recurs; each sentence that names it and an annotated disease whose UMLS CUI is among the label's
    indications (``LabeledIn_Structured_Results.txt``) is a ``TREATS`` example. Mentions whose CUI is not in that
    set are left out rather than made negatives: read by hand, most are indications written more specifically
    ("Infections of the ear, nose, and throat"), not non-indications. Groups are ``labeledin:<label id>``."""
    folder = data_dir / "labeledin"
    indications = {}
    for line in _require(folder / "LabeledIn_Structured_Results.txt").read_text(encoding="utf-8",
                                                                                errors="replace").splitlines():
        cols = line.split("|")
        if len(cols) > 2:
            indications[cols[0]] = {cui.strip() for cui in cols[2].split(";") if cui.strip()}
    examples = []
    for line in _require(folder / "LabeledIn_annotated_XML.txt").read_text(encoding="utf-8",
                                                                          errors="replace").splitlines():
        cols = line.split("|")
        if len(cols) > 2 and cols[0] in indications:
            examples += _label_examples(cols[0], cols[2], indications[cols[0]])
    return examples


def _label_examples(label_id: str, marked: str, indicated: set[str]) -> list[RelationExample]:
    text, diseases = _strip_annotations(marked)
    sentences = sentence_spans(text)
    subject = _label_subject(text, sentences, [span for _, span in diseases])
    if subject is None:
        return []
    drug = re.compile(rf"\b{re.escape(subject)}\b", re.I)
    examples = []
    for start, end in sentences:
        drugs = [m.span() for m in drug.finditer(text, start, end)]
        # one example per indication and sentence: its last mention (a heading before the drug names it too)
        in_sentence = {cui: span for cui, span in diseases if start <= span[0] and span[1] <= end}
        for cui, (d0, d1) in in_sentence.items():
            head = next((span for span in drugs if not _overlaps(span, (d0, d1))), None)
            if head is None or cui not in indicated:
                continue
            examples.append(RelationExample(
                text[start:end], (head[0] - start, head[1] - start), (d0 - start, d1 - start), "TREATS",
                group=f"labeledin:{label_id}", meta={"task": "TREATS", "cui": cui}))
    return examples


def _label_subject(text: str, sentences: list[tuple[int, int]], diseases: list[tuple[int, int]]) -> str | None:
    """The first word of the drug phrase before the first "is/are indicated": after the sentence's start, a heading
    number and the last disease mention before it (headings name the indication), and not a pronoun or form word."""
    clause = _INDICATED.search(text)
    if clause is None:
        return None
    begin = max([0] + [end for _, end in diseases if end <= clause.start()]
                + [start for start, _ in sentences if start <= clause.start()])
    words = [word for word in _SUBJECT_WORD.findall(text, begin, clause.start()) if word.lower() not in _NOT_A_DRUG]
    return words[0] if words else None


def _strip_annotations(marked: str) -> tuple[str, list[tuple[str, tuple[int, int]]]]:
    """Plain text (tags dropped, white space collapsed) and the (CUI, span) of each annotated mention in it."""
    parts: list[str] = []
    spans: list[tuple[str, tuple[int, int]]] = []
    length = 0

    def add(piece: str) -> None:
        nonlocal length
        piece = " ".join(piece.split())
        if not piece:
            return
        if parts:
            parts.append(" ")
            length += 1
        parts.append(piece)
        length += len(piece)

    position = 0
    for match in _LABELEDIN_TAG.finditer(marked):
        add(marked[position:match.start()])
        if match.group(1) is not None:
            before = length + (1 if parts else 0)
            add(match.group(2))
            if length > before:
                spans.append((match.group(1), (before, length)))
        position = match.end()
    add(marked[position:])
    return "".join(parts), spans
