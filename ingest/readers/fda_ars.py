"""FDA–NLM adverse-reaction pilot label sections (``../shared/data/fda-adr-labels/Txt``): the Boxed Warnings of
101 FDA labels as partial labels.

Each ``<PREFIX>_<section>.txt`` holds one section of one label as plain text; the file name gives only the first
word of the drug's name (``GABAPENTIN`` is HORIZANT, gabapentin enacarbil), so the product comes from
``fda_ars_products.tsv`` beside this module (prefix → the brand as the text writes it → the generic name; a test
checks each brand against its texts). Only the Boxed Warning is read: it is what the patient review needs (a
boxed warning about pregnancy, children …, often stated of a whole class: "Drugs that act directly on the
renin-angiotensin system can cause injury and death to the developing fetus"). The adverse-reaction and warnings
sections are set aside: without the label's Indications the adverse reactions cannot be told from the trial
populations they name (``ingest.pipeline.facts.not_its_own_indications``).

A document here is **not a whole label**: ``complete`` is false, so medkg never says a drug's label was checked
when only its boxed warning is held (``clinical.templates.labelled_drugs``). And it gives **warnings only**
(``warnings_only``: ``graph.models.LabelWarning`` nodes, no CAUSES facts): these labels' annotated adverse
reactions are the held-out gold of the side-effect questions (docs/evaluation.md, "Question answering"), so none
of their reactions may enter the graph the evaluation asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ingest.readers import types as t
from ingest.readers.types import LabelProduct, ReaderItem, Rejected, Section, Skipped, SourceDocument

SOURCE = "fda-ars"
VERSION = "2017"
PRODUCTS = Path(__file__).with_name("fda_ars_products.tsv")
REPOSITORY = "https://github.com/LHNCBC/fda-ars/blob/8a5f8501666be32ebd5c5e29e588c317a40e9eb9/MetaMapFiles/Txt/"
SECTION_FILES = ("*_boxed_warnings.txt", "*_adverse_reactions.txt", "*_warnings_and_precautions.txt")
FILE_NAME = re.compile(r"^(?P<prefix>[A-Z0-9]+)_(?P<section>adverse_reactions|warnings_and_precautions|"
                       r"boxed_warnings)\.txt$")
READ_SECTIONS = {"boxed_warnings": (t.BOXED_WARNING, "Boxed Warning")}
NOT_READ = ("only the Boxed Warning of the FDA-ARS label sections is read (adverse reactions need the label's "
            "Indications to be told from trial populations)")


@lru_cache(maxsize=1)
def products() -> dict[str, tuple[str, str]]:
    """prefix → (brand, generic) from ``fda_ars_products.tsv``."""
    found: dict[str, tuple[str, str]] = {}
    for line in PRODUCTS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            prefix, brand, generic = line.split("\t")
            found[prefix] = (brand, generic)
    return found


def is_fda_ars_file(path: Path) -> bool:
    """A file named like the pilot's section files (``AZILSARTAN_boxed_warnings.txt``)."""
    return bool(FILE_NAME.match(path.name))


def read_fda_ars(path: Path) -> Iterator[ReaderItem]:
    """One partial label document for a Boxed Warning file; other sections are skipped, unknown files rejected."""
    match = FILE_NAME.match(path.name)
    if match is None:
        yield Rejected(file=str(path), record=path.name,
                       reason="not an FDA-ARS section file (expected <DRUG>_boxed_warnings.txt and the like)")
        return
    prefix, section = match["prefix"], match["section"]
    if section not in READ_SECTIONS:
        yield Skipped(file=str(path), record=path.name, reason=NOT_READ)
        return
    product = products().get(prefix)
    if product is None:
        yield Rejected(file=str(path), record=path.name,
                       reason=f"{prefix} is not in {PRODUCTS.name}: its product is unknown, so its drug is not guessed")
        return
    try:
        text = " ".join(path.read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError) as error:
        yield Rejected(file=str(path), record=path.name, reason=f"unreadable: {error}")
        return
    if not text:
        yield Rejected(file=str(path), record=path.name, reason="the section file is empty")
        return
    brand, generic = product
    code, name = READ_SECTIONS[section]
    yield SourceDocument(
        id=f"FDA-ARS:{prefix}:{section}", kind="label", source=SOURCE, record=path.name,
        sections=(Section(code, name, text),), version=VERSION,
        title=f"{brand} ({generic}) — {name} (FDA–NLM adverse drug reaction pilot, 2017)",
        url=REPOSITORY + path.name, product=LabelProduct(names=(generic, brand)),
        properties={"complete": False, "sections_held": name, "warnings_only": True},
    )
