"""The records readers produce. Plain frozen dataclasses: picklable, so they cross process (and Ray) borders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SECTION_SEPARATOR = "\n\n"

# LOINC section codes the label rules use (names from ../shared/data/openfda/spl-loinc-sections.csv).
BOXED_WARNING = "34066-1"
INDICATIONS = "34067-9"
DOSAGE_AND_ADMINISTRATION = "34068-7"
CONTRAINDICATIONS = "34070-3"
DRUG_INTERACTIONS = "34073-7"
ADVERSE_REACTIONS = "34084-4"
WARNINGS_AND_PRECAUTIONS = "43685-7"
WARNINGS = "34071-1"  # older (non-PLR) labels
PRECAUTIONS = "42232-9"
# Population sections (stored verbatim as graph.models.LabelWarning, never extracted)
PREGNANCY = "42228-7"
NURSING_MOTHERS = "34080-2"
PEDIATRIC_USE = "34081-0"
GERIATRIC_USE = "34082-8"
SPECIFIC_POPULATIONS = "43684-0"
CLINICAL_PHARMACOLOGY = "34090-1"
PHARMACOKINETICS = "43682-4"


@dataclass(frozen=True)
class Section:
    """One block of text: an abstract part, a label section or one of its subsections.

    ``code`` is the LOINC code for labels (subsections carry their top-level section's code) and the abstract
    label (``BACKGROUND``…) or ``title``/``abstract`` for articles; ``title`` is the subsection heading.
    """

    code: str
    name: str
    text: str
    title: str | None = None


@dataclass(frozen=True)
class LabelProduct:
    """The drug a label is about: product/generic/active-ingredient names (preferred first) and identifiers."""

    names: tuple[str, ...] = ()
    unii: tuple[str, ...] = ()
    rxcui: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldAnnotation:
    """A gold mention from an annotated corpus (PubTator, BioC); offsets into the document text."""

    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    id: str
    kind: Literal["publication", "label"]
    source: str
    record: str  # where it came from inside its file, for error messages: "PMID 123", "line 7"
    sections: tuple[Section, ...]
    version: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    product: LabelProduct | None = None
    annotations: tuple[GoldAnnotation, ...] = ()
    properties: dict[str, str | int | float | bool | None] = field(default_factory=dict)

    def section_offsets(self) -> list[int]:
        """Character offset of each section in :meth:`text` (sections joined by a blank line)."""
        offsets, position = [], 0
        for section in self.sections:
            offsets.append(position)
            position += len(section.text) + len(SECTION_SEPARATOR)
        return offsets

    def text(self) -> str:
        return SECTION_SEPARATOR.join(section.text for section in self.sections)

    def size(self) -> int:
        return sum(len(section.text) for section in self.sections)


@dataclass(frozen=True)
class Deletion:
    """Documents the source withdrew (PubMed ``DeleteCitation``): their evidence is retracted."""

    document_ids: tuple[str, ...]
    record: str
    reason: str = "DeleteCitation"


@dataclass(frozen=True)
class Rejected:
    """A record (or the rest of a file) that could not be read; goes to the quarantine with ``reason``."""

    file: str
    record: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A well-formed record that is deliberately not ingested (e.g. an SPL indexing document)."""

    file: str
    record: str
    reason: str


ReaderItem = SourceDocument | Deletion | Rejected | Skipped
