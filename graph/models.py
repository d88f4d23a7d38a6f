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
