"""Cue rules for label statements that are not what they seem: negations ("not indicated for"), limitations
("Limitations of Use", "safety and effectiveness … have not been established") and hedges; where in a long (table)
sentence a cue reaches (``negation_scope``); and words that begin a class phrase rather than name a drug
(``names_a_class``).

Used for Indications (a limited statement is not an indication), Contraindications, Adverse reactions and Drug
interactions, and for the drug of a text-only label.
"""

from __future__ import annotations

import re

from nlp.types import Mention

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


# The head of a class phrase a drug-like word stands in ("serotonin and norepinephrine reuptake inhibitor",
# "calcitonin gene-related peptide antagonist", "Monoamine Oxidase Inhibitors"): at most three words between, joined
# by spaces or hyphens only, none a verb, article or "other" ("X is a calcium channel blocker", "morphine or other
# opioid agonists", "verapamil) ↓ calcium channel blocker" are no class phrases of X), each written in the mention's
# case (in a flattened table "… sulindac Serotonin Reuptake Inhibitors citalopram …" sulindac is a drug of its own).
_CLASS_HEADS = re.compile(r"(?:re)?uptake|receptors?|antagonists?|agonists?|inhibitors?|blockers?|channels?|"
                          r"modulators?", re.IGNORECASE)
_NOT_BETWEEN = frozenset({"is", "are", "was", "a", "an", "the", "as", "of", "for", "other", "e", "g", "eg"})
_NEXT_WORD = re.compile(r"[\s-]*([\w-]+)")


def names_a_class(sentence: str, mention: Mention) -> bool:
    """Whether the mention is a word of a class phrase that follows it ("serotonin" in "selective serotonin reuptake
    inhibitor")."""
    capital, position = mention.text[:1].isupper(), mention.end
    for _ in range(4):
        match = _NEXT_WORD.match(sentence, position)
        if match is None:
            return False
        word, position = match.group(1), match.end()
        if word.lower() in _NOT_BETWEEN or (word.lower() not in ("and", "or") and word[:1].isupper() != capital):
            return False
        if _CLASS_HEADS.fullmatch(word):
            return True
    return False


# A label "sentence" longer than this is a table flattened into text or a run-on ("Table 3: Drugs that Can Increase
# the Risk of Bleeding … Antiplatelet Agents aspirin, cilostazol, clopidogrel … Nonsteroidal Anti-Inflammatory Agents
# celecoxib …" followed by "… studies have not shown consistent effects …"): a negation or limitation cue counts only
# in the mention's own stretch of it (``negation_scope``), not for every drug of the table.
LONG_SENTENCE = 400
SCOPE_CHARS = 150


def negation_scope(sentence: str, mention: Mention) -> str:
    """The stretch of a long sentence a cue must stand in to negate the mention: anything before it back to a full
    stop or semicolon (a cue governs the list it introduces: "No dosage adjustment is recommended when SUSTIVA is
    given with the following: …, fluconazole, …"), and at most ``SCOPE_CHARS`` after it, not across one (a later
    sentence run into the table does not negate the table)."""
    before = re.split(r"[.;]\s", sentence[:mention.start])[-1]
    after = re.split(r"[.;:]\s", sentence[mention.end:mention.end + SCOPE_CHARS])[0]
    return before + sentence[mention.start:mention.end] + after
