"""Which of a label's indications (a heading's or a sentence's words: "Recent MI, recent stroke, or established
peripheral arterial disease", "Chronic Myeloid Leukemia (CML)") a condition the question or the patient names
("stroke", "newly diagnosed CML") is about: the indications sharing the largest share of the condition's content
words, when that share is at least ``MIN_SHARE``; plurals folded, words only — no synonyms or hierarchy
("myocardial infarction" does not find "Recent MI"; then every indication's dose is shown, as when no condition is
named) — but a short form on one side spelled by the other side's words counts as those words ("ASM" by "aggressive
systemic mastocytosis", "RA" by "Rheumatoid Arthritis"; Schwartz & Hearst's matching, ``vocabulary.abbreviations``). And whom an indication holds: not the other sex where it names one sex's organs or conditions, not a child
of an age at which the label says its use is not established; a dose stated without its indication beside the same
dose with it is that indication's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from clinical.patient import Sex
from graph.models import DoseKind, DoseRule
from vocabulary.abbreviations import best_long_form, initials_long_form, looks_like_short_form

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
    content words (at least ``MIN_SHARE``), short forms read on either side; among several alike, those whose own
    words (outside parentheses: "Newly-Diagnosed (Dosing … Newly-Diagnosed CP Ph+ CML or … with Resistance …)")
    share most, then those with the fewest words of their own besides ("Active Rheumatoid Arthritis" before
    "Deficiency of Interleukin-1 Receptor Antagonist (DIRA)" for "RA"); none when no indication shares that much."""
    chosen: set[str] = set()
    named = list(dict.fromkeys(indications))
    for condition in conditions:
        if not _content(condition):
            continue
        shares = {i: _share(condition, i) for i in named}
        best = max(shares.values(), default=0.0)
        if best < MIN_SHARE:
            continue
        tied = [i for i, share in shares.items() if share == best]
        own = {i: _share(condition, _PARENTHESES.sub(" ", i)) for i in tied}
        tied = [i for i in tied if own[i] == max(own.values())]
        extra = {i: len(_content(i) - _words(condition, spelled_by=i)) for i in tied}
        chosen |= {i for i in tied if extra[i] == min(extra.values())}
    return chosen


_PARENTHESES = re.compile(r"\([^()]*\)")


def _share(condition: str, indication: str) -> float:
    """The share of the condition's content words the indication holds, a short form on either side counting as
    the other side's words that spell it."""
    wanted = _content(condition, spelled_by=indication)
    return len(wanted & _words(indication, spelled_by=condition)) / len(wanted) if wanted else 0.0


def _spelled(short: str, words: list[str]) -> list[str] | None:
    """The words (two or more, in a row) of ``words`` that a short form abbreviates: their initials spell its
    capitals, or Schwartz & Hearst's matching covers its letters ending in a word that starts with its last one
    ("CML" in "adult Ph+ chronic myeloid leukemia chronic phase", "HCC" in "hepatocellular carcinoma")."""
    last = next((ch.lower() for ch in reversed(short) if ch.isalnum()), "")
    for end in range(len(words), 1, -1):
        head = words[:end]
        found = initials_long_form(short, head)
        if found is None and head[-1][:1].lower() == last:
            found = best_long_form(short, " ".join(head))
            found = found if found and _initials_in(short, found) else None
        if found and len(found.split()) > 1:
            return found.split()
    return None


_LINKING = frozenset("of with and the in to for or".split())


def _initials_in(short: str, long_form: str) -> bool:
    """Whether each word of the long form but its linking words starts with a letter of the short form, in order
    ("HCC": "hepatocellular carcinoma"; not "CEL": "chronic myeloid leukemia", whose letters Schwartz & Hearst's
    matching finds inside "myeloid")."""
    letters = iter(ch.lower() for ch in short if ch.isalnum())
    return all(any(ch == word[0] for ch in letters) for word in re.split(r"[\s-]+", long_form.lower())
               if word and word not in _LINKING)


def _short_forms(text: str) -> list[str]:
    """The short forms written in ``text``: tokens with two capitals or more ("ASM", "SM-AHN", "HeFH", "mCRPC")."""
    tokens = re.split(r"[\s,;:()/]+", text)
    return [t for t in tokens if looks_like_short_form(t) and sum(ch.isupper() for ch in t) >= 2]


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


def _content(text: str, spelled_by: str = "") -> set[str]:
    """The content words of ``text``; a short form that ``spelled_by`` spells stands for the words spelling it."""
    words = _words(text) - _FILLER
    for short in _short_forms(text) if spelled_by else ():
        spelled = _spelled(short, spelled_by.split())
        if spelled:
            words = (words - _words(short)) | (_words(" ".join(spelled)) - _FILLER)
    return words


def _words(text: str, spelled_by: str = "") -> set[str]:
    """The words of ``text``, plural folded; with ``spelled_by``, also those of ``spelled_by`` that spell a short
    form of ``text``."""
    lowered = re.sub(r"['’]s\b", "", text.lower())
    words = {_singular(word) for word in re.findall(r"[a-z0-9+]+", lowered)}
    for short in _short_forms(text) if spelled_by else ():
        words |= _words(" ".join(_spelled(short, spelled_by.split()) or []))
    return words


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
