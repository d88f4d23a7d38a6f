"""Whether a label's own Pediatric Use section establishes the drug for a child's disease at the child's age.

The antidepressants' Boxed Warning on suicidality names children, so every antidepressant is demoted for a child —
fluoxetine as much as paroxetine, although fluoxetine's label says "The efficacy of fluoxetine for the treatment of
Major Depressive Disorder was demonstrated in … pediatric outpatients ages 8 to ≤18" and escitalopram's "… have been
established in pediatric patients 12 years of age and older". A sentence of the Pediatric Use section that states
efficacy or safety and effectiveness established or demonstrated (not denied), names the disease asked about and
gives an age range the child is in turns such a demotion into a caution: the warning still shows, with the sentence
that establishes the use (``clinical.treatment.TreatmentReviewer``). Sertraline's "established in the treatment of OCD
in pediatric patients aged 6 to 17" establishes nothing for a child's depression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.dose_rules import population_of

ESTABLISHED = re.compile(r"(safety|effectiveness|efficacy)[^.]{0,120}\b(established|demonstrated)\b", re.I)
DENIED = re.compile(r"\b(not|never|no)\b[^.]{0,30}\b(been\s+)?(established|demonstrated)\b|\bnot\s+been\b", re.I)
# a trial's ages written without a unit ("pediatric outpatients ages 8 to ≤18", "aged 6 to 17"); ages with their unit
# ("12 years of age and older", "6 to 17 years") are read by the dose parser's ``nlp.dose_rules.population_of``
AGED = re.compile(r"\baged?s?\s+(\d{1,2})\s*(?:to|through|-|–)\s*[≤<]?\s*(\d{1,2})\b(?!\s*-?\s*(?:weeks?|months?|days?))",
                  re.I)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def _holds(sentence: str, age_years: float) -> bool:
    """Whether an age range the sentence gives holds the child."""
    stated = population_of(sentence).get("age_years")
    if stated is not None and stated.contains(age_years):
        return True
    return any(float(m[1]) <= age_years <= float(m[2]) for m in AGED.finditer(sentence) if int(m[1]) < int(m[2]) <= 21)


def establishing_sentence(texts: Iterable[str], disease_names: Iterable[str], age_years: float) -> str | None:
    """The first Pediatric Use sentence of ``texts`` that establishes use for one of ``disease_names`` at
    ``age_years``, verbatim; None when none does."""
    names = [n.lower() for n in disease_names if n and len(n) >= 3]
    for text in texts:
        for sentence in _sentences(text or ""):
            if not ESTABLISHED.search(sentence) or DENIED.search(sentence):
                continue
            if not any(name in sentence.lower() for name in names):
                continue
            if _holds(sentence, age_years):
                return sentence.strip()
    return None
