"""Cue rules for label statements that are not what they seem: negations ("not indicated for"), limitations
("Limitations of Use", "safety and effectiveness … have not been established") and hedges.

Used for Indications (a limited statement is not an indication), Contraindications and Adverse reactions.
"""

from __future__ import annotations

import re

_LIMITATION_TITLE = re.compile(r"limitations?\s+of\s+use|important\s+limitation", re.IGNORECASE)
_CUES = re.compile(
    r"\bnot\s+(be\s+)?(indicated|recommended|approved|established|studied|effective|been\s+(established|studied|"
    r"shown|demonstrated|evaluated))\b"
    r"|\blimitations?\s+of\s+use\b|\bimportant\s+limitations?\b"
    r"|\bshould\s+not\s+be\s+used\b|\bis\s+not\s+for\b|\bare\s+not\s+for\b|\bnot\s+for\s+(use|the\s+treatment)\b"
    r"|\bno\s+(evidence|data|benefit)\b|\bnot\s+shown\b|\bhas\s+not\b|\bhave\s+not\b|\bdo(es)?\s+not\b"
    r"|\bwithout\s+(evidence|benefit)\b|\bunknown\b|\bno\s+(cases?|reports?|increase)\b"
    r"|\bsimilar\s+between\b"
    # an interaction that was looked for and not found: "no dosage adjustment is required for diazepam", "had no
    # effect on the pharmacodynamics of furosemide", "did not alter", "no clinically significant interaction"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:effects?|adjustments?|interactions?|changes?|differences?)\b|\bdid\s+not\b"
    r"|\bnot\s+(?:clinically\s+)?(?:significant|relevant|meaningful)(?:ly)?\b",
    re.IGNORECASE,
)
# "reduced the incidence of X" is no adverse reaction; in Indications, "to reduce the risk of MI" is one
_REDUCES_RISK = re.compile(r"\breduc(e|ed|es|ing)\s+the\s+(risk|incidence)\b", re.IGNORECASE)


def is_limited_title(title: str | None) -> bool:
    """A subsection heading that makes everything under it a limitation ("1.3 Limitations of Use")."""
    return bool(title and _LIMITATION_TITLE.search(title))


def is_negated_or_limited(sentence: str, prevention_counts: bool = False) -> bool:
    """True when the sentence negates or limits what it states, so it must not become a positive fact.
    ``prevention_counts``: reducing the risk of something is a positive statement (Indications)."""
    return bool(_CUES.search(sentence)) or (not prevention_counts and bool(_REDUCES_RISK.search(sentence)))


# Parts of a label sentence that name other things than the statement's object: risk-factor lists ("multiple risk
# factors for CHD such as smoking or hypertension"), histories ("a family history of premature cardiovascular
# disease") and exclusions ("patients without clinically evident coronary heart disease").
_NOT_THE_OBJECT = re.compile(
    r"\brisk\s+factors?\b[^.;:]*?\b(?:such\s+as|including|like|e\.g\.)\s+[^.;:]*?"
    r"(?=,\s*\S+\s+(?:is|are)\s+indicated|[.;:]|$)"
    r"|\bhistory\s+of\s+[^.;:,]*"
    r"|\bwithout\s+[^.;:,]*"
    # the antihypertensives' class paragraph: "… should be part of comprehensive cardiovascular risk management,
    # including, as appropriate, lipid control, diabetes management …", "patients who are at higher risk independent of
    # their blood pressure (for example, patients with diabetes or hyperlipidemia)"
    r"|\brisk\s+management\b[^.;:]*"
    r"|\bat\s+higher\s+risk\s+independent\s+of\b[^.;:]*"
    # "the efficacy of BRILINTA was established in a population with type 2 diabetes mellitus"
    r"|\bin\s+a\s+population\s+with\b[^.;:]*",
    re.IGNORECASE,
)


def not_the_object_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the sentence whose mentions must not become the statement's object."""
    return [match.span() for match in _NOT_THE_OBJECT.finditer(sentence)]


# In Contraindications, the reactions a past hypersensitivity showed are no contraindicating conditions:
# "hypersensitivity to clozapine (e.g., photosensitivity, vasculitis, erythema multiforme)", "Hypersensitivity
# reactions, including anaphylaxis, angioedema and Stevens-Johnson syndrome, have been reported", "Reactions have
# included angioedema and anaphylaxis". The hypersensitivity itself stays the object.
_MANIFESTATIONS = re.compile(
    r"\bhypersensitivity\b[^.;:(]{0,80}(?P<listed>\((?:e\.?g\.?|such\s+as|including|i\.e\.)[^)]*\))"
    r"|\breactions?\b[^.;:]{0,40}?(?P<named>\b(?:such\s+as|including|includ(?:e|ed)|e\.g\.)\s+[^.;:]*)",
    re.IGNORECASE,
)


def manifestation_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of a contraindication sentence that list how a hypersensitivity showed (the list only: the
    hypersensitivity before it stays)."""
    return [match.span("listed") if match.group("listed") else match.span("named")
            for match in _MANIFESTATIONS.finditer(sentence)]
