"""Link mentions and turn extractions into facts with evidence (main process; the linker lives here once).

Publications: the extractor's relations (CID/ADE → CAUSES, TREATS → TREATS, DDI → INTERACTS_WITH), never the
negated ones; a relation found across sentences of a passage cites each sentence it rests on (``cited_statement``). Labels: the label's own drug is the subject, and each section decides the relation: diseases in
Indications → INDICATED_FOR, in Contraindications → CONTRAINDICATED_FOR, in Adverse reactions and the Boxed
warning → CAUSES (never the label's own indication: ``not_its_own_indications``), other drugs in Drug interactions →
INTERACTS_WITH; negated and limited statements are dropped. A label document marked ``warnings_only`` (the FDA–NLM
pilot's Boxed Warnings, ``ingest.readers.fda_ars``) gives its population warnings and no relation.
Dosage and Administration parts are kept verbatim as ``graph.models.DosageText``; the text about patient groups
(pregnancy, lactation, pediatric, geriatric, renal, hepatic; population contraindications and boxed warnings) as
``graph.models.LabelWarning`` (``ingest.pipeline.label_warnings``).

Every evidence says what kind of statement it is (``graph.models.EvidenceKind``, see :func:`evidence_kind`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.models import (
    Document, DocumentLabel, DosageText, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation,
    RelType,
)
from nlp.corpora import sentence_spans
from nlp.dose_rules import indicated_population
from nlp.dose_tables import GERIATRIC_SECTION, IMPAIRMENT_SECTION, parse_dosage
from nlp.types import Mention
from ingest.pipeline.dictionary_extractor import NAME as DICTIONARY_EXTRACTOR
from ingest.pipeline.label_warnings import label_warnings, population_subsections
from ingest.pipeline.mention_links import LinkerLike, MentionLinker
from ingest.pipeline.negation import (
    LONG_SENTENCE, is_limited_title, is_negated_or_limited, manifestation_spans, names_a_class, negation_scope,
    not_the_object_spans,
)
from ingest.pipeline.stages import DocumentNlp, NlpBatchResult, SentenceExtraction
from ingest.pipeline.subjects import SubjectResolver, combination_parts
from ingest.readers import types as t
from ingest.readers.types import SourceDocument
from vocabulary.confidence import DISEASE_LABELS, DRUG_LABELS, EXACT_METHODS

PUBLICATION_RELATIONS = {"CID": RelType.CAUSES, "ADE": RelType.CAUSES, "TREATS": RelType.TREATS,
                         "DDI": RelType.INTERACTS_WITH}
OBJECT_TYPES = {DISEASE_LABELS: {"Disease"}, (NodeLabel.DISEASE,): {"Disease"}, DRUG_LABELS: {"Chemical"}}
LABEL_RULES = {  # section code → (relation, labels of the object)
    t.INDICATIONS: (RelType.INDICATED_FOR, (NodeLabel.DISEASE,)),
    t.CONTRAINDICATIONS: (RelType.CONTRAINDICATED_FOR, (NodeLabel.DISEASE,)),
    t.ADVERSE_REACTIONS: (RelType.CAUSES, DISEASE_LABELS),
    t.BOXED_WARNING: (RelType.CAUSES, DISEASE_LABELS),
    t.DRUG_INTERACTIONS: (RelType.INTERACTS_WITH, DRUG_LABELS),
}
# What a Drug Interactions section names besides drugs: enzymes, transporters and generic chemical concepts
# ("CYP2C9 inhibitors", "BCRP substrates", "enzyme-inducing therapies" → Enzymes, "drugs" → Pharmaceutical Preparations).
NOT_AN_INTERACTING_DRUG = re.compile(
    r"cytochrome|\bcyp\s?\d|glycoprotein|transporter|polypeptide|^proteins?$|^enzymes?$|\bsubstrates?\b|"
    r"pharmaceutical preparations|^drugs?$|^medications?$", re.IGNORECASE)


@dataclass
class FactBatch:
    documents: list[Document] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    dosage: list[DosageText] = field(default_factory=list)
    warnings: list[LabelWarning] = field(default_factory=list)
    unlinked_subjects: list[SourceDocument] = field(default_factory=list)


class FactBuilder:
    """Links with a per-run cache (``MentionLinker``) and applies the publication and label rules."""

    def __init__(self, linker: LinkerLike) -> None:
        self._links = MentionLinker(linker)
        self._subjects = SubjectResolver(linker)

    def build(self, batch: NlpBatchResult) -> FactBatch:
        facts = FactBatch()
        for item in batch.documents:
            facts.documents.append(document_node(item.document))
            if item.document.kind == "publication":
                self._publication(item, batch, facts)
            else:
                self._label(item, batch, facts)
        return facts

    def _entity(self, linked: Any, facts: FactBatch) -> str:
        label = linked.label if isinstance(linked.label, NodeLabel) else NodeLabel(str(linked.label))
        facts.entities.setdefault(linked.id, Entity(id=linked.id, label=label, name=linked.name,
                                                    synonyms=tuple(getattr(linked, "brands", ()))))
        return linked.id

    def _publication(self, item: DocumentNlp, batch: NlpBatchResult, facts: FactBatch) -> None:
        document = item.document
        for unit in item.sentences:
            for relation in unit.extraction.relations:
                rel_type = PUBLICATION_RELATIONS.get(relation.type)
                if rel_type is None or relation.negated:
                    continue
                head_mention = unit.extraction.mentions[relation.head]
                tail_mention = unit.extraction.mentions[relation.tail]
                if head_mention.label != "Chemical" and tail_mention.label == "Chemical":
                    head_mention, tail_mention = tail_mention, head_mention
                head = self._links.link_mention(head_mention, unit.text, DRUG_LABELS)
                tail_labels = DRUG_LABELS if rel_type is RelType.INTERACTS_WITH else DISEASE_LABELS
                tail = self._links.link_mention(tail_mention, unit.text, tail_labels)
                if head is None or tail is None or head.id == tail.id:
                    continue
                confidence = min(relation.score, head_mention.score, tail_mention.score, head.score, tail.score)
                statement = cited_statement(document, unit, (head_mention, tail_mention))
                self._add(facts, rel_type, self._entity(head, facts), self._entity(tail, facts),
                          _evidence(document, statement, batch, confidence))

    def _label(self, item: DocumentNlp, batch: NlpBatchResult, facts: FactBatch) -> None:
        document = item.document
        subject = self._subject(item)
        if subject is None:
            facts.unlinked_subjects.append(document)
        else:
            self._entity(subject, facts)
            self._ingredients(document, subject, batch, facts)
        facts.dosage.extend(self._dosage_rows(document, subject, facts))
        facts.warnings.extend(label_warnings(document, subject.id if subject is not None else None))
        if subject is None or document.properties.get("warnings_only"):
            return
        limited_sections: set[int] = set()
        own: list[Relation] = []
        own_ids = {subject.id, *(ingredient.id for ingredient in getattr(subject, "ingredients", ()))}
        for sentence in item.sentences:
            section = document.sections[sentence.section_index]
            rule = LABEL_RULES.get(section.code)
            if rule is None:
                continue
            if is_limited_title(section.title) or is_limited_title(sentence.text):
                limited_sections.add(sentence.section_index)
            prevention_counts = section.code == t.INDICATIONS
            long = len(sentence.text) > LONG_SENTENCE  # a table or run-on: negation is read around each mention
            if sentence.section_index in limited_sections or (
                    not long and is_negated_or_limited(sentence.text, prevention_counts)):
                continue
            rel_type, labels = rule
            outside = not_the_object_spans(sentence.text)
            if section.code == t.CONTRAINDICATIONS:
                outside += manifestation_spans(sentence.text)
            for mention in sentence.extraction.mentions:
                if mention.label not in OBJECT_TYPES[labels] or any(a <= mention.start < b for a, b in outside):
                    continue
                if long and is_negated_or_limited(negation_scope(sentence.text, mention), prevention_counts):
                    continue
                if rel_type is RelType.INTERACTS_WITH and names_a_class(sentence.text, mention):
                    continue  # "Serotonin Reuptake Inhibitors …" names a class, not serotonin
                linked = self._links.link_mention(mention, sentence.text, labels)
                if linked is None or linked.id in own_ids:  # the drug itself, or one of its ingredients
                    continue
                if rel_type is RelType.INTERACTS_WITH and NOT_AN_INTERACTING_DRUG.search(linked.name):
                    continue
                confidence = min(mention.score, linked.score, 1.0)
                own.append(_relation(rel_type, subject.id, self._entity(linked, facts),
                                     _evidence(document, Statement.of_sentence(sentence), batch, confidence)))
        facts.relations.extend(not_its_own_indications(own))

    def _ingredients(self, document: SourceDocument, subject: Any, batch: NlpBatchResult, facts: FactBatch) -> None:
        """A combination made for the label (``subjects.combination_of``) IS_A each of its ingredients, as the
        label's product names state: so a class or allergy check that walks IS_A (a sulfa allergy, an opioid's
        class) meets the combination, and the ingredient's own label facts stay its own."""
        if not getattr(subject, "ingredients", ()):
            return
        named = next((n for n in document.product.names if len(combination_parts(n)) > 1), subject.name)
        evidence = Evidence(source=document.source, document_id=document.id, source_version=document.version,
                            text=named, section="Product", extractor=batch.extractor,
                            extractor_version=batch.extractor_version, url=document.url,
                            kind=evidence_kind(document, batch.extractor))
        for ingredient in subject.ingredients:
            self._add(facts, RelType.IS_A, subject.id, self._entity(ingredient, facts), evidence)

    def _subject(self, item: DocumentNlp) -> Any:
        """The label's own drug: its product/ingredient names linked, else (text-only labels) the first drug the text
        names exactly (``_text_subject``)."""
        document = item.document
        linked = self._subjects.resolve(document.product)
        if linked is not None:
            return linked
        if document.properties.get("subject_from_text"):
            return self._text_subject(item)
        return None

    def _text_subject(self, item: DocumentNlp) -> Any:
        """A text-only label's drug: the first drug mention that links by a name, synonym or brand as written (or to a
        name that starts with the mention's first word: "Eszopiclone tablets", "Labetalol HCl"), and is no word of a
        class phrase. A brand the vocabulary does not hold is not guessed: fuzzy links had made
        Calcitrene (calcipotriene) calcitonin, OSMOLEX glutaral, ASCOR bepridil; "selective serotonin reuptake
        inhibitor" made PEXEVA (paroxetine) serotonin. No such mention: no subject, the label is set aside."""
        for sentence in item.sentences:
            for mention in sentence.extraction.mentions:
                if mention.label != "Chemical" or names_a_class(sentence.text, mention):
                    continue
                linked = self._links.link_mention(mention, sentence.text)
                if linked is not None and (getattr(linked, "method", "exact") in EXACT_METHODS
                                           or _same_first_word(linked.name, mention.text)):
                    return linked
        return None

    def _dosage_rows(self, document: SourceDocument, subject: Any, facts: FactBatch) -> list[DosageText]:
        """The label's dosing texts (``dosage_texts``), each subsection linked to the disease its heading names."""
        rows = []
        for row in dosage_texts(document, subject.id if subject is not None else None):
            disease = self._links.link(_strip_number(row.title), (NodeLabel.DISEASE,)) \
                if row.title and row.section != IMPAIRMENT_SECTION else None
            rows.append(row.model_copy(update={"disease_id": self._entity(disease, facts)}) if disease else row)
        return rows

    @staticmethod
    def _add(facts: FactBatch, rel_type: RelType, head: str, tail: str, evidence: Evidence) -> None:
        facts.relations.append(_relation(rel_type, head, tail, evidence))


def _same_first_word(name: str, mention: str) -> bool:
    """Whether a name and a mention start with the same word of four letters or more ("Labetalol HCl tablets")."""
    first = [re.findall(r"[a-z0-9]+", text.lower())[:1] for text in (name, mention)]
    return bool(first[0]) and first[0] == first[1] and len(first[0][0]) >= 4


def _relation(rel_type: RelType, head: str, tail: str, evidence: Evidence) -> Relation:
    return Relation(type=rel_type, head=head, tail=tail, evidence=(evidence,))


def not_its_own_indications(relations: list[Relation]) -> list[Relation]:
    """One label's relations without the adverse reactions that are the label's own indications: an Adverse
    Reactions section names the disease its trials enrolled ("In Crohn's disease clinical studies", "patients with
    schizophrenia", "Placebo-Controlled Osteoporosis Clinical Trials"), which is no reaction to the drug. Over the 308
    whole labels this was 354 drug–disease pairs (1,189 sentences), of which a random 40 read by hand held 3 real
    reactions (escitalopram's anxiety, arformoterol's bronchitis, eculizumab's hemolysis): those are lost with the rest."""
    indicated = {r.tail for r in relations if r.type is RelType.INDICATED_FOR}
    return [r for r in relations if not (r.type is RelType.CAUSES and r.tail in indicated)]


def dosage_texts(document: SourceDocument, drug_id: str | None) -> list[DosageText]:
    """A label's dosing texts, verbatim: each Dosage and Administration part and table, its Pediatric Use section
    when a rule parses from it ("A maximum daily dose of 2000 mg is recommended"), its Geriatric Use section when a
    dose for older patients does ("The starting dose … in patients 70 years and older … should be 300 mg/m2"), and
    the renal and hepatic impairment subsections of Use in Specific Populations ("8.6 Hepatic Impairment … not
    recommended in severe hepatic impairment": the calculator applies the rules under their condition and refuses
    where they change the dose in words it does not read). What ingest writes and what
    ``scripts/eval_dose_rules.py`` scores."""
    set_id = document.properties.get("set_id")
    indications = " ".join(s.text for s in document.sections if s.code == t.INDICATIONS)
    common = {"document_id": document.id, "set_id": str(set_id) if set_id is not None else None,
              "version": document.version, "drug_id": drug_id,
              "indicated_population": indicated_population(indications),
              "product_names": document.product.names if document.product is not None else ()}
    rows = []
    for index, section in enumerate(document.sections):
        if section.code in (t.DOSAGE_AND_ADMINISTRATION, t.PEDIATRIC_USE, t.GERIATRIC_USE):
            row = DosageText(id=f"{document.id}#dosage-{index}", text=section.text, title=section.title,
                             section=GERIATRIC_SECTION if section.code == t.GERIATRIC_USE else section.name,
                             position=index, **common)
            if section.code == t.DOSAGE_AND_ADMINISTRATION or parse_dosage(row):
                rows.append(row)
    for index, section in enumerate(document.sections):
        if section.code != t.SPECIFIC_POPULATIONS:
            continue
        for number, (population, title, text) in enumerate(population_subsections(section)):
            if population in (Population.RENAL, Population.HEPATIC):
                rows.append(DosageText(id=f"{document.id}#dosage-{index}-{number}", text=text, title=title,
                                       section=IMPAIRMENT_SECTION, position=len(document.sections) + len(rows),
                                       **common))
    return rows


def _strip_number(title: str | None) -> str:
    words = (title or "").split()
    return " ".join(words[1:]) if words and words[0].replace(".", "").isdigit() else (title or "")


@dataclass(frozen=True)
class Statement:
    """Where a fact is stated: the section it starts in, its offsets in the document's text, the quoted text, and
    each sentence's offsets when it rests on more than one."""

    section_index: int
    start: int
    end: int
    text: str
    sentence_offsets: tuple[int, ...] | None = None

    @classmethod
    def of_sentence(cls, unit: SentenceExtraction) -> "Statement":
        return cls(unit.section_index, unit.start, unit.end, unit.text)


def cited_statement(document: SourceDocument, unit: SentenceExtraction, mentions: tuple[Mention, ...]) -> Statement:
    """The sentences of ``unit`` that hold the mentions a relation joins: the unit itself when it is a sentence;
    in a passage, the sentence of each mention (split as the relation model splits: ``nlp.corpora``), quoted
    together — adjacent ones joined by a space, others by " … " — with each sentence's offsets."""
    if not unit.passage:
        return Statement.of_sentence(unit)
    spans = _sentences_of(unit.text)
    cited = sorted({next((i for i, (_, end) in enumerate(spans) if m.start < end), len(spans) - 1)
                    for m in mentions})
    quoted = unit.text[spans[cited[0]][0]:spans[cited[0]][1]]
    for previous, index in zip(cited, cited[1:]):
        quoted += (" " if index == previous + 1 else " … ") + unit.text[spans[index][0]:spans[index][1]]
    start, end = unit.start + spans[cited[0]][0], unit.start + spans[cited[-1]][1]
    offsets = tuple(unit.start + o for i in cited for o in spans[i]) if len(cited) > 1 else None
    return Statement(_section_at(document, start), start, end, quoted, offsets)


@lru_cache(maxsize=32)
def _sentences_of(text: str) -> list[tuple[int, int]]:
    """A passage's sentences, split once for all the relations found in it."""
    return sentence_spans(text) or [(0, len(text))]


def _section_at(document: SourceDocument, offset: int) -> int:
    offsets = document.section_offsets()
    return max(i for i, section_start in enumerate(offsets) if section_start <= offset) if offsets else 0


def _evidence(document: SourceDocument, statement: Statement, batch: NlpBatchResult,
              confidence: float) -> Evidence:
    section = document.sections[statement.section_index]
    return Evidence(
        source=document.source, document_id=document.id, source_version=document.version, text=statement.text,
        start=statement.start, end=statement.end, section=section.title or section.name,
        extractor=batch.extractor, extractor_version=batch.extractor_version,
        confidence=round(max(0.0, min(1.0, float(confidence))), 4), url=document.url,
        kind=evidence_kind(document, batch.extractor), sentence_offsets=statement.sentence_offsets,
    )


def evidence_kind(document: SourceDocument, extractor: str) -> EvidenceKind:
    """What a fact built here is: an article's facts are a model's extraction; a structured label's facts are the
    label's statement (its section decides the relation, its own drug is the subject); a free-text label whose
    drug was found in the text (``subject_from_text``: DailyMed indications text) is a model's extraction. The
    dictionary fallback says so wherever a model would otherwise have found the fact."""
    if document.kind == "label" and not document.properties.get("subject_from_text"):
        return EvidenceKind.LABEL_STATEMENT
    if extractor == DICTIONARY_EXTRACTOR:
        return EvidenceKind.DICTIONARY_FALLBACK
    return EvidenceKind.LABEL_EXTRACTION if document.kind == "label" else EvidenceKind.LITERATURE_EXTRACTION


def document_node(document: SourceDocument) -> Document:
    label = DocumentLabel.PUBLICATION if document.kind == "publication" else DocumentLabel.DRUG_LABEL
    properties = dict(document.properties)
    if document.product is not None:
        properties["product_names"] = "; ".join(document.product.names) or None
        properties["unii"] = ";".join(document.product.unii) or None
        properties["rxcui"] = ";".join(document.product.rxcui) or None
    return Document(id=document.id, label=label, title=document.title, source=document.source,
                    version=document.version, url=document.url, published=document.published,
                    properties=properties)
