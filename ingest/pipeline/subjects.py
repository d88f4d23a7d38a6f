"""The drug a label is about, as a canonical vocabulary entry.

Labels name their drug in many ways: "Lipitor", "atorvastatin calcium", "LIPITOR (atorvastatin calcium) tablets",
"ATORVASTATIN CALCIUM TRIHYDRATE", plus UNII and RxCUI codes. The resolver tries, in order of trust:

1. the identifiers (``UNII:…``, ``RXNORM:…``) through the vocabulary's aliases, when the linker has a vocabulary;
2. every name and its variants (the part in parentheses, the name without it, and each without salt, hydrate and
   dosage-form words) linked with an exact method only (exact name, synonym, annotation, abbreviation);
3. the names without salt and form words, with the linker's fuzzy neighbours allowed (score at least 0.7).

So a brand name the vocabulary does not know still resolves through its ingredient ("Lipitor" → atorvastatin), and
a salt never links to its counter-ion ("atorvastatin calcium" → atorvastatin, not calcium).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.models import NodeLabel
from ingest.readers.types import LabelProduct
from vocabulary.confidence import DRUG_LABELS, EXACT_METHODS, MIN_FUZZY_SCORE

ID_PREFIXES = (("unii", "UNII"), ("rxcui", "RXNORM"))
_SALT_WORDS = {
    "acetate", "besylate", "bitartrate", "bromide", "calcium", "chloride", "citrate", "dihydrate", "dipropionate",
    "disodium", "fumarate", "hcl", "hemihydrate", "hydrate", "hydrobromide", "hydrochloride", "hyclate", "lactate",
    "magnesium", "maleate", "mesylate", "monohydrate", "nitrate", "phosphate", "potassium", "propionate", "sodium",
    "succinate", "sulfate", "tartrate", "tosylate", "trihydrate", "valerate", "anhydrous",
}
_FORM_WORDS = {
    "tablet", "tablets", "capsule", "capsules", "injection", "injectable", "oral", "solution", "suspension",
    "film", "coated", "film-coated", "extended-release", "delayed-release", "chewable", "for", "cream", "ointment",
    "gel", "lotion", "spray", "kit", "usp", "pen", "syringe", "prefilled", "subcutaneous", "intravenous", "use",
}
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"[\w-]+")
_STRENGTH = re.compile(r"\d+(?:mg|g|ml)?|mg|mcg|ml", re.IGNORECASE)  # "10 mg": no name (not "G" of penicillin G)


@dataclass(frozen=True)
class SubjectMatch:
    """Same fields as a linker result, for a subject resolved through an identifier."""

    id: str
    name: str
    label: NodeLabel
    score: float = 1.0
    method: str = "identifier"
    runner_up_id: str | None = None
    runner_up_score: float | None = None
    # a combination product the vocabulary has no entry for: the entries of its ingredients (the subject's node is
    # made for the label, IS_A each of them)
    ingredients: tuple[Any, ...] = ()
    brands: tuple[str, ...] = ()


COMBINATION_PREFIX = "MEDKG:combination/"


def combination_of(ingredients: list[Any], brands: tuple[str, ...] = ()) -> SubjectMatch:
    """The subject for a combination product the vocabulary has no entry for, made from its ingredients' entries:
    id ``MEDKG:combination/<ingredient ids, sorted, joined by +>`` (the same product from any label is one node),
    name the ingredients' names joined by " / " in the label's order ("Acetaminophen / Caffeine / dihydrocodeine")."""
    ids = sorted(entry.id for entry in ingredients)
    return SubjectMatch(id=COMBINATION_PREFIX + "+".join(ids), name=" / ".join(entry.name for entry in ingredients),
                        label=NodeLabel.DRUG, method="combination", ingredients=tuple(ingredients), brands=brands)


def name_variants(name: str) -> Iterator[str]:
    """``"LIPITOR (atorvastatin calcium) tablets"`` → the name, ``atorvastatin calcium``, ``LIPITOR tablets``,
    ``atorvastatin``, ``LIPITOR`` (each once, in that order)."""
    inner = _PARENTHESES.findall(name)
    outer = " ".join(_PARENTHESES.sub(" ", name).split())
    seen: set[str] = set()
    for candidate in (name, *inner, outer, *(_core(text) for text in (*inner, outer, name))):
        candidate = candidate.strip(" ,;")
        if candidate and candidate.lower() not in seen:
            seen.add(candidate.lower())
            yield candidate


def _core(text: str) -> str:
    """The name without salt, hydrate and dosage-form words (and without strengths such as "10 mg")."""
    words = _WORD.findall(text)
    kept = [w for w in words if w.lower() not in _SALT_WORDS | _FORM_WORDS and not _STRENGTH.fullmatch(w)]
    return " ".join(kept)


_JOINED = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*/\s*", re.IGNORECASE)


def combination_parts(name: str) -> list[str]:
    """The ingredient names a product name joins, each without salt or form words: "ACETAMINOPHEN, CAFFEINE,
    DIHYDROCODEINE BITARTRATE" → ACETAMINOPHEN, CAFFEINE, DIHYDROCODEINE."""
    return [core for part in _JOINED.split(name) if (core := _core(part))]


def combination_ingredients(name: str) -> list[str]:
    """The ingredients a product name joins, each as its first word without salt or form words, lower case:
    "RIFAMPIN, ISONIAZID AND PYRAZINAMIDE" → rifampin, isoniazid, pyrazinamide; "AMOXICILLIN AND CLAVULANATE
    POTASSIUM" → amoxicillin, clavulanate; one ingredient → one word (or none)."""
    return [part.split()[0].lower() for part in combination_parts(name)]


class SubjectResolver:
    """``SubjectResolver(linker).resolve(product)`` → the label's drug (a linker result) or ``None``."""

    def __init__(self, linker: Any) -> None:
        self._linker = linker
        self._vocabulary = getattr(linker, "vocabulary", None)

    def resolve(self, product: LabelProduct | None) -> Any:
        if product is None:
            return None
        found = self._combination(product)
        if found is not None:
            return found
        found = self._by_identifier(product)
        if found is not None:
            return found
        for variant in (v for name in product.names for v in name_variants(name)):
            linked = self._linker.link(variant, labels=DRUG_LABELS)
            if linked is not None and linked.method in EXACT_METHODS:
                return linked
        for core in dict.fromkeys(_core(name) for name in product.names):  # no fuzzy match on "tablets"
            linked = self._linker.link(core, labels=DRUG_LABELS) if core else None
            if linked is not None and linked.score >= MIN_FUZZY_SCORE:
                return linked
        return None

    def _combination(self, product: LabelProduct) -> Any:
        """For a product of several ingredients ("AMOXICILLIN AND CLAVULANATE POTASSIUM", "LEDIPASVIR AND
        SOFOSBUVIR"), the vocabulary's entry for that combination — one whose name holds every ingredient's word
        ("Amoxicillin-Potassium Clavulanate Combination") — linked from any of its names; ``None`` when the product is
        one ingredient or the vocabulary has no such entry (then the ingredient resolves as before). Without this an
        ingredient's name or code came first, and the combination's label (its doses, its warnings) was taken for the
        ingredient's own ("amoxicillin dose" answered from a co-amoxiclav label, "amoxicillin clavulanate dose" from
        none). Without such an entry, a combination of ingredients that each link exactly to a distinct drug is made
        from them (``combination_of``): Trezix's opioid contraindications (asthma) had been acetaminophen's, the
        articaine–epinephrine dental doses epinephrine's, Rifater's rifampin's. Otherwise ``None`` (an ingredient
        that links nowhere: the product resolves as one ingredient does)."""
        name = next((name for name in product.names if len(combination_parts(name)) > 1), None)
        if name is None:
            return None
        ingredients = combination_ingredients(name)
        for variant in (v for name in product.names for v in name_variants(name)):
            linked = self._linker.link(variant, labels=DRUG_LABELS)
            if linked is not None and all(word in linked.name.lower() for word in ingredients):
                return linked
        entries = [self._exact(part) for part in combination_parts(name)]  # each ingredient, linked exactly
        if not all(entries) or len({entry.id for entry in entries}) < len(entries):
            return None
        ids = {entry.id for entry in entries}
        parts = {part.lower() for part in combination_parts(name)}
        singles = [n for n in product.names if len(combination_parts(n)) == 1 and _core(n).lower() not in parts]
        for single in singles:  # a brand the vocabulary knows as the combination ("Viekira Pak")
            linked = self._exact(single)
            if linked is not None and linked.id not in ids:
                return linked
        return combination_of(entries, tuple(n for n in singles if self._exact(_core(n)) is None))

    def _exact(self, name: str) -> Any:
        linked = self._linker.link(name, labels=DRUG_LABELS)
        return linked if linked is not None and linked.method in EXACT_METHODS else None

    def _by_identifier(self, product: LabelProduct) -> SubjectMatch | None:
        if self._vocabulary is None or not hasattr(self._vocabulary, "canonical_id"):
            return None
        for field, prefix in ID_PREFIXES:
            for code in getattr(product, field):
                canonical = self._vocabulary.canonical_id(f"{prefix}:{code.strip()}", NodeLabel.DRUG)
                if canonical is not None:
                    entry = self._vocabulary.entries[canonical]
                    return SubjectMatch(entry.id, entry.name, entry.label)
        return None
