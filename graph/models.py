"""Frozen, typed hand-off models: what every producer (ingest, curated imports) gives the one writer.

Labels and relationship types are closed enums: they are the only pieces of a Cypher statement that are not
parameters, so nothing from a document can ever become Cypher text.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class NodeLabel(str, Enum):
    DRUG = "Drug"
    DISEASE = "Disease"
    GENE = "Gene"
    ADVERSE_EVENT = "AdverseEvent"
    PHENOTYPE = "Phenotype"
    PATHWAY = "Pathway"
    ANATOMY = "Anatomy"
    DRUG_CLASS = "DrugClass"


class DocumentLabel(str, Enum):
    PUBLICATION = "Publication"
    DRUG_LABEL = "DrugLabel"
    SOURCE_RELEASE = "SourceRelease"


class RelType(str, Enum):
    TREATS = "TREATS"
    PALLIATES = "PALLIATES"
    INDICATED_FOR = "INDICATED_FOR"
    CONTRAINDICATED_FOR = "CONTRAINDICATED_FOR"
    CAUSES = "CAUSES"
    INTERACTS_WITH = "INTERACTS_WITH"
    TARGETS = "TARGETS"
    ASSOCIATED_WITH = "ASSOCIATED_WITH"
    HAS_CLASS = "HAS_CLASS"
    RESEMBLES = "RESEMBLES"
    IS_A = "IS_A"
    STUDIED_FOR = "STUDIED_FOR"
    PRESENTS = "PRESENTS"  # Disease → Phenotype (Hetionet DpS)
    LOCALIZES_TO = "LOCALIZES_TO"  # Disease → Anatomy (Hetionet DlA)
    PARTICIPATES_IN = "PARTICIPATES_IN"  # Gene → Pathway (Hetionet GpPW)


class LinkType(str, Enum):
    """Relationships that are not facts between entities: a drug label's dosage text and what it is about."""

    HAS_DOSAGE = "HAS_DOSAGE"  # (DrugLabel)-[:HAS_DOSAGE]->(DosageText)
    DOSAGE_OF = "DOSAGE_OF"  # (DosageText)-[:DOSAGE_OF]->(Drug)
    HAS_LABEL = "HAS_LABEL"  # (Drug)-[:HAS_LABEL]->(DrugLabel)
    FOR_INDICATION = "FOR_INDICATION"  # (DosageText)-[:FOR_INDICATION]->(Disease)
    STATES_RULE = "STATES_RULE"  # (DosageText)-[:STATES_RULE]->(DoseRule)
    HAS_WARNING = "HAS_WARNING"  # (DrugLabel)-[:HAS_WARNING]->(LabelWarning)
    WARNING_OF = "WARNING_OF"  # (LabelWarning)-[:WARNING_OF]->(Drug)


class EvidenceKind(str, Enum):
    """What kind of statement a piece of evidence is, set by the code that produces it (never guessed later).

    Ranking weights and the answer badges follow it (``query.ranking``).
    """

    CURATED_RECORD = "curated-record"  # a record of a curated source or ontology (a release document)
    LABEL_STATEMENT = "label-statement"  # a drug label's section says it of the label's own drug
    LABEL_EXTRACTION = "label-extraction"  # a model found drug and object in a label's free text
    LITERATURE_EXTRACTION = "literature-extraction"  # a model extracted it from an article
    DICTIONARY_FALLBACK = "dictionary-fallback"  # vocabulary names and cue words, no trained model
    USER_IMPORT = "user-import"  # a user's own RDF import that did not say what kind it is
    HYPOTHESIS = "hypothesis"  # a link prediction, never a fact


_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Entity(BaseModel):
    """One real-world thing with one canonical id (``PREFIX:LOCAL``, e.g. ``MESH:D006973``)."""

    model_config = _FROZEN

    id: str = Field(min_length=3)
    label: NodeLabel
    name: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_has_prefix(cls, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if not sep or not prefix or not local:
            raise ValueError(f"entity id {value!r} is not PREFIX:LOCAL")
        return value


class Document(BaseModel):
    """A citable document: a PubMed article, a drug label version, or a curated source release."""

    model_config = _FROZEN

    id: str
    label: DocumentLabel
    title: str | None = None
    source: str
    version: str | None = None
    url: str | None = None
    published: str | None = None
    properties: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class Evidence(BaseModel):
    """Why we believe a relation: which source and document said it, where, by which extractor, how sure."""

    model_config = _FROZEN

    source: str
    document_id: str
    source_version: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    section: str | None = None
    extractor: str = "curated"
    extractor_version: str = "1"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    url: str | None = None
    kind: EvidenceKind
    # A statement made across sentences (a relation between mentions of two sentences of an article): the start and
    # end of each sentence it rests on, flattened, in document order; ``start``/``end`` span them all and ``text``
    # quotes each, joined by " … ". None for a one-sentence statement (``start``/``end`` are that sentence).
    sentence_offsets: tuple[int, ...] | None = None

    @field_validator("sentence_offsets")
    @classmethod
    def _pairs(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if value is not None and (len(value) < 4 or len(value) % 2
                                  or any(a > b for a, b in zip(value, value[1:]))):
            raise ValueError("sentence_offsets must be ordered (start, end) pairs of at least two sentences")
        return value

    def sentences(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each sentence the statement rests on."""
        if self.sentence_offsets:
            pairs = self.sentence_offsets
            return tuple(zip(pairs[::2], pairs[1::2]))
        return ((self.start, self.end),) if self.start is not None and self.end is not None else ()

    def key(self, relation_key: str) -> str:
        """A stable id: the same statement from the same place about the same relation is one evidence node."""
        parts = [relation_key, self.source, self.document_id, str(self.start), str(self.end), self.text or ""]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


class Relation(BaseModel):
    """A typed, directed fact between two entities, with one or more pieces of evidence."""

    model_config = _FROZEN

    type: RelType
    head: str
    tail: str
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return f"{self.type.value}|{self.head}|{self.tail}"


class DosageText(BaseModel):
    """A drug label's Dosage and Administration text, verbatim: one per section, or per subsection whose heading
    names an indication (``disease_id`` when that heading links to a disease). ``drug_id`` is the label's drug."""

    model_config = _FROZEN

    id: str
    document_id: str
    text: str
    title: str | None = None
    section: str
    position: int
    set_id: str | None = None
    version: str | None = None
    drug_id: str | None = None
    disease_id: str | None = None
    # the one population the label's Indications and Usage is for, when that is children only ("indicated … in
    # pediatric patients 3 years of age and older"): its doses stated for no population are theirs, not adults'
    indicated_population: DosePopulation | None = None
    # the label's product names (brand, generic, substances): a sentence whose subject is another product named
    # before its amount ("Prednisone 5 mg orally twice daily …" in docetaxel's label) states no dose of this one
    product_names: tuple[str, ...] = ()


class Population(str, Enum):
    """The patient group a label warning is about (``all``: the whole boxed warning or contraindications text)."""

    PREGNANCY = "pregnancy"
    LACTATION = "lactation"
    PEDIATRIC = "pediatric"
    GERIATRIC = "geriatric"
    RENAL = "renal"
    HEPATIC = "hepatic"
    ALL = "all"


class WarningKind(str, Enum):
    """Where in the label a warning stands."""

    POPULATION_SECTION = "population-section"  # Pregnancy, Lactation/Nursing Mothers, Pediatric/Geriatric Use, 8.x
    CONTRAINDICATION = "contraindication"  # the Contraindications section (sentences naming the population)
    BOXED_WARNING = "boxed-warning"  # the Boxed Warning (sentences naming the population)
    WARNING = "warning"  # Warnings (and Precautions): a firm sentence against use in renal or hepatic impairment only


class LabelWarning(BaseModel):
    """A drug label's text about one patient group, verbatim: a population section ("8.1 Pregnancy", "Pediatric
    Use", "8.6 Renal Impairment"), or the Contraindications / Boxed Warning sentences that name the group.
    ``drug_id`` is the label's drug."""

    model_config = _FROZEN

    id: str
    population: Population
    kind: WarningKind
    section: str
    text: str = Field(min_length=1)
    document_id: str
    set_id: str | None = None
    version: str | None = None
    drug_id: str | None = None


class DosePopulation(str, Enum):
    ADULT = "adult"
    PEDIATRIC = "pediatric"
    GERIATRIC = "geriatric"


class DoseScale(str, Enum):
    """What an amount is multiplied by: nothing, the body weight (kg) or the body surface area (m²)."""

    FIXED = "fixed"
    PER_KG = "per-kg"
    PER_M2 = "per-m2"


class DoseBasis(str, Enum):
    PER_DOSE = "per-dose"
    PER_DAY = "per-day"


class DoseKind(str, Enum):
    """What the sentence states: a dose (usual/recommended), a starting dose, a maximum only, that the drug is
    not to be used (``avoid``: "not recommended", "contraindicated", "do not use") under the rule's condition, or
    that its safety and effectiveness are established in the rule's population (``established``, no amount: "have
    been established in pediatric patients ages 1 month to 17 years")."""

    DOSE = "dose"
    STARTING = "starting"
    MAXIMUM = "maximum"
    AVOID = "avoid"
    ESTABLISHED = "established"
    REDUCE = "reduce"  # "reduce the dose by 50 % for severe hepatic impairment": ``reduction_percent`` of the usual dose;
    # "reduce the dosing frequency to once daily": no percentage, the usual amount ``doses_per_day`` times a day
    AS_ADULTS = "as-adults"  # "the recommended dose in pediatric patients 12 years or greater is the same as in adults"
    # "safety and effectiveness in pediatric patients < 8 years of age … have not been established": the label's
    # children's doses are not for children of those ages
    NOT_ESTABLISHED = "not-established"
    # "Round all total daily doses to nearest 25 mg increment": a dose computed per kg or m² is rounded to the nearest
    # ``rounding`` (per day where ``basis`` is per day, else per dose)
    ROUND = "round"


class NumericRange(BaseModel):
    """Bounds as a label states them ("aged 3 months to 12 years", "CrCl less than 30 mL/min"); None is open."""

    model_config = _FROZEN

    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def contains(self, value: float) -> bool:
        above = self.low is None or value > self.low or (self.low_inclusive and value == self.low)
        below = self.high is None or value < self.high or (self.high_inclusive and value == self.high)
        return above and below


class DoseQuantity(BaseModel):
    """An amount as stated: ``low`` (and ``high`` for a range) in ``unit`` (a pint unit name: mg, mcg, g, mL,
    unit), per dose or per day, fixed or per kg / per m²."""

    model_config = _FROZEN

    low: float = Field(ge=0)
    high: float | None = Field(default=None, ge=0)
    unit: str
    scale: DoseScale = DoseScale.FIXED


class DoseRule(BaseModel):
    """One dosing statement of a label's Dosage and Administration text, typed (``nlp.dose_rules`` parses it).

    ``sentence`` is verbatim, at ``start``–``end`` of the DosageText ``dosage_text_id``; ``document_id`` and
    ``version`` are the label's. Population bounds: ``age_years``, ``weight_kg``; organ condition: ``renal``
    (mL/min, ``renal_measure`` CrCl or eGFR) or ``hepatic`` (Child-Pugh classes). A rule states only what its
    sentence states: every field it does not state is None.
    """

    model_config = _FROZEN

    id: str
    dosage_text_id: str
    document_id: str
    version: str | None = None
    set_id: str | None = None
    drug_id: str | None = None
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: DoseKind = DoseKind.DOSE
    population: DosePopulation | None = None
    age_years: NumericRange | None = None
    weight_kg: NumericRange | None = None
    bsa_m2: NumericRange | None = None  # body surface area band ("Body Surface Area of Less Than 1 Meter-Squared")
    indication: str | None = None
    disease_id: str | None = None
    amount: DoseQuantity | None = None
    basis: DoseBasis | None = None
    doses_per_day: float | None = Field(default=None, gt=0)
    interval_hours: float | None = Field(default=None, gt=0)
    frequency: str | None = None
    divided: bool = False
    route: str | None = None
    max_per_dose: DoseQuantity | None = None
    max_per_day: DoseQuantity | None = None
    duration: str | None = None
    renal: NumericRange | None = None
    renal_measure: str | None = None
    hepatic: tuple[str, ...] = ()
    reduction_percent: float | None = Field(default=None, gt=0, lt=100)
    # for an amount in dosage units ("1 tablet" of a combination product): what one unit contains, as the sentence
    # says it ("400 mg of sofosbuvir, 100 mg of velpatasvir, and 100 mg of voxilaprevir")
    per_unit: str | None = None
    rounding: DoseQuantity | None = None  # the step of a ``round`` rule ("nearest 25 mg")

    def to_row(self) -> dict[str, Any]:
        """Flat properties for a graph node (nested values as ``field__key``; lists stay lists)."""
        row: dict[str, Any] = {}
        for key, value in self.model_dump(mode="json").items():
            if isinstance(value, dict):
                row.update({f"{key}__{inner}": v for inner, v in value.items()})
            else:
                row[key] = list(value) if isinstance(value, tuple) else value
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "DoseRule":
        """The rule back from :meth:`to_row`'s properties (unknown properties ignored)."""
        nested: dict[str, dict[str, Any]] = {}
        flat: dict[str, Any] = {}
        for key, value in row.items():
            outer, sep, inner = key.partition("__")
            if sep:
                nested.setdefault(outer, {})[inner] = value
            elif key in cls.model_fields:
                flat[key] = value
        for outer, values in nested.items():
            if outer in cls.model_fields and any(v is not None for v in values.values()):
                flat[outer] = values
        return cls(**flat)


class LabelSupersession(BaseModel):
    """An older version of a drug label (same set id) replaced by the newest: its evidence was retracted."""

    model_config = _FROZEN

    set_id: str
    old_id: str
    new_id: str
    relations_retracted: int = 0


def evidence_row(relation: Relation, evidence: Evidence) -> dict[str, Any]:
    """The parameter row one evidence node is written from."""
    row = evidence.model_dump(mode="json")
    row["id"] = evidence.key(relation.key)
    return row
