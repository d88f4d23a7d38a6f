"""Which of a label's indications (a heading's or a sentence's words: "Recent MI, recent stroke, or established
peripheral arterial disease", "Chronic Myeloid Leukemia (CML)") a condition the question or the patient names
("stroke", "newly diagnosed CML") is about: the indications sharing the largest share of the condition's content
words, when that share is at least ``MIN_SHARE``; plurals folded, words only — no synonyms or hierarchy
("myocardial infarction" does not find "Recent MI"; then every indication's dose is shown, as when no condition is
named). And whom an indication holds: not the other sex where it names one sex's organs or conditions, not a child
of an age at which the label says its use is not established; a dose stated without its indication beside the same
dose with it is that indication's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from clinical.patient import Sex
from graph.models import DoseKind, DoseRule

MIN_SHARE = 0.5  # at least half the condition's content words in the indication
_FILLER = frozenset("a an and or of the in with for to on by at from as acute chronic adult adults patient patients "
                    "pediatric child children treatment disease disorder".split())


def names_condition(indication: str, condition: str) -> bool:
    """Every content word of ``condition`` is a word of ``indication`` ("stroke" in "Recent MI, recent stroke, or
    established peripheral arterial disease"); a condition of filler words only names nothing."""
    wanted = _content(condition)
    return bool(wanted) and wanted <= _words(indication)


def asked_indications(indications: Iterable[str], conditions: Sequence[str]) -> set[str]:
    """The indications the conditions are about: for each condition, those sharing the largest share of its
    content words (at least ``MIN_SHARE``); none when no indication shares that much."""
    chosen: set[str] = set()
    named = list(dict.fromkeys(indications))
    for condition in conditions:
        wanted = _content(condition)
        if not wanted:
            continue
        shares = {i: len(wanted & _words(i)) / len(wanted) for i in named}
        best = max(shares.values(), default=0.0)
        if best >= MIN_SHARE:
            chosen |= {i for i, share in shares.items() if share == best}
    return chosen


# an indication of one sex's organs or conditions: the dose for it holds no patient of the other sex
MALE_ONLY = re.compile(r"\bprostat\w*|\bmCRPC\b|\bmHSPC\b|\btesticular\b|\berectile\b|"
                       r"\bhypogonad\w*\s+(?:in\s+)?males?\b", re.IGNORECASE)
FEMALE_ONLY = re.compile(r"\bovar(?:y|ian)\b|\bcervical\s+cancer\b|\bcervix\b|\buter(?:us|ine)\b|\bendometri\w*|"
                         r"\bvulvar\b|\bvaginal\b|\bmenopaus\w*|\bfallopian\b", re.IGNORECASE)


def other_sex_indication(indication: str, sex: Sex) -> bool:
    """Whether an indication names the organs or conditions of the other sex only ("HRR Gene-mutated mCRPC" for a
    woman, "Ovarian Cancer" for a man)."""
    return bool((FEMALE_ONLY if sex is Sex.MALE else MALE_ONLY).search(indication))


_REPEAT_FIELDS = ("kind", "amount", "basis", "doses_per_day", "interval_hours", "population", "age_years",
                  "weight_kg", "bsa_m2", "renal", "hepatic", "max_per_dose", "max_per_day")


def without_unnamed_repeats(rules: Sequence[DoseRule]) -> list[DoseRule]:
    """A label's rules less a dose that names no indication and repeats, field for field, one that names it (the
    highlights' "The recommended dose is 0.5 mg orally once daily" beside "2.3 … for HRR Gene-mutated mCRPC …
    0.5 mg …"): it is that indication's dose, and goes where that one goes (not to a woman)."""
    def fields(rule: DoseRule) -> tuple:
        return tuple(getattr(rule, name) for name in _REPEAT_FIELDS)
    named = {fields(rule) for rule in rules if rule.indication and rule.amount is not None}
    return [rule for rule in rules if rule.indication or rule.amount is None or fields(rule) not in named]


def unproven_at_age(indication: str, age_years: float, statements: Sequence[DoseRule]) -> bool:
    """Whether the label says use for this indication is not established at this age: a not-established statement
    whose ages hold it and that names the indication ("… not been established in pediatric patients less than 2
    years of age with TSC-associated partial-onset seizures" for "Tuberous Sclerosis Complex (TSC)-Associated
    Partial-Onset Seizures")."""
    return any(s.kind is DoseKind.NOT_ESTABLISHED and s.age_years is not None and s.age_years.contains(age_years)
               and (names_condition(s.sentence, indication) or names_condition(indication, _patients_with(s.sentence)))
               for s in statements)


def _patients_with(sentence: str) -> str:
    """What the patients a sentence speaks of have: "… less than 2 years of age with TSC-associated partial-onset
    seizures." → "TSC-associated partial-onset seizures" (empty when it names none)."""
    found = re.findall(r"\bwith\s+([^.;]+)", sentence)
    return found[-1] if found else ""


def _content(text: str) -> set[str]:
    return _words(text) - _FILLER


def _words(text: str) -> set[str]:
    text = re.sub(r"['’]s\b", "", text.lower())
    return {_singular(word) for word in re.findall(r"[a-z0-9+]+", text)}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
