"""Dose, unit, route, frequency, duration and status of a medication mention, read from the words that follow it.

The attributes are read from the text after the drug name up to the next drug name, the end of its line or
sentence ("lisinopril 20 mg p.o. daily", "Lasix 40 mg twice a day for 5 days"). Units are checked against the units
library (pint, through ``nlp.dose_units``, the one dose-unit registry) so "mcg", "µg" and "mEq" are known units, not
guesses. Status: a drug in the Allergies section or after
"allergic to" is an allergy; "stopped", "discontinued", "held" make it discontinued; "start", "will begin",
"prescribe" in the plan make it planned; otherwise it is current.
"""

from __future__ import annotations

import re

from clinical.notes.models import MedicationStatus, SectionKind
from nlp.dose_units import unit_name

DOSE = re.compile(
    r"(?P<dose>\d+(?:[.,]\d+)?(?:\s*(?:-|to|/)\s*\d+(?:\.\d+)?)?)\s*"
    r"(?P<unit>mcg|µg|ug|mg|g|gm|grams?|milligrams?|micrograms?|units?|iu|international units|meq|mmol|ml|cc|"
    r"mL|l|liters?|%|puffs?|tabs?|tablets?|caps?|capsules?|drops?|sprays?|patch(?:es)?|mg/kg|mcg/kg|units/kg)\b"
    r"(?:\s*/\s*(?:kg|day|dose|hr|h|m2))?", re.IGNORECASE)
ROUTES = {
    "oral": r"p\.?\s?o\.?|by mouth|orally|oral|per os",
    "intravenous": r"i\.?v\.?|intravenous(?:ly)?|ivpb|iv push",
    "intramuscular": r"i\.?m\.?|intramuscular(?:ly)?",
    "subcutaneous": r"s\.?c\.?|s\.?q\.?|subq|sub-q|subcutaneous(?:ly)?",
    "inhaled": r"inhaled|inhalation|inhaler|nebuli[sz]ed|nebuli[sz]er|neb|mdi",
    "topical": r"topical(?:ly)?|cream|ointment|gel|lotion",
    "transdermal": r"transdermal|patch",
    "sublingual": r"s\.?l\.?|sublingual(?:ly)?",
    "rectal": r"p\.?r\.?(?![\s.]?n)|per rectum|rectal(?:ly)?|suppository",
    "nasal": r"intranasal(?:ly)?|nasal(?:ly)?|nasal spray",
    "ophthalmic": r"ophthalmic|eye drops?",
}
ROUTE = re.compile(r"(?<![\w.])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in ROUTES.items())
                   + r")(?![\w])", re.IGNORECASE)
FREQUENCY = re.compile(
    r"(?<![\w])(?:once|twice|three times|four times|[1-6]\s*(?:x|times))\s+(?:a|per|each|every)\s+"
    r"(?:day|daily|week|weekly|night|month)|"
    r"(?:every|q\.?)\s*\d+\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|h|minutes?|days?|weeks?)\b|"
    r"\bq\.?\s?(?:d|h|hs|am|pm|od|6h|8h|12h|4h|day|week|month|other day|[1-9]h)\.?(?![\w])|"
    r"\b(?:b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|q\.?h\.?s|h\.?s|q\.?o\.?d|p\.?r\.?n)\.?(?![\w])|"
    r"\b(?:daily|nightly|weekly|monthly|at bedtime|in the morning|in the evening|with meals|every morning|"
    r"every evening|every night|as needed|as directed|once|twice daily|each morning|a day|per day|a week)\b",
    re.IGNORECASE)
DURATION = re.compile(r"\b(?:for|x|times|×)\s*(?:the\s+next\s+)?\d+\s*(?:more\s+)?(?:days?|weeks?|months?|doses?)\b",
                      re.IGNORECASE)
DISCONTINUED = re.compile(r"\b(?:stop(?:ped|ping)?|discontinu(?:e|ed|ing)|d/c'?d|held|hold(?:ing)?|off\s+(?:of\s+)?|"
                          r"no longer (?:taking|on)|quit|taken off|came off|was on|used to take|"
                          r"self[- ]discontinued|(?:was|were|had been) (?:treated|managed) with|had been on|"
                          r"was previously on|previously (?:took|taken|tried|treated with))\b", re.IGNORECASE)
PLANNED = re.compile(r"\b(?:start(?:ed)?\s+(?:him|her|them|the patient)?\s*on|will start|will begin|begin|initiate|"
                     r"prescrib(?:e|ed)|recommend(?:ed)?|switch(?:ed)?\s+to|add(?:ed)?|will try|trial of|"
                     r"plan(?:ned)?\s+(?:to\s+)?(?:start|begin)|plan was to|restart|resume|start|starting|was provided|will be given|rx)\b", re.IGNORECASE)
ALLERGY = re.compile(r"\b(?:allergic to|allergy to|allergies to|allergies:|intoleran(?:t|ce) to|reaction to)\b",
                     re.IGNORECASE)
NO_KNOWN_ALLERGIES = re.compile(r"\b(?:nkda|nka|no known (?:drug |medication )?allergies|no allergies|"
                                r"no drug allergies|denies (?:any )?(?:drug )?allergies)\b|无药物过敏|否认药物过敏|"
                                r"否认过敏", re.IGNORECASE)
# "… was stopped", or a list entry marked after its dose: "Plavix 75 mg q.d-discontinued", "aspirin (stopped)".
STOPPED_AFTER = re.compile(r"[^.;,\n]{0,30}?\b(?:was|were|has been|had been|is being)\s+"
                           r"(?:stopped|discontinued|held)\b|[^;,\n]{0,30}?\s*[-\u2013(]\s*(?:stopped|discontinued|held|d/c'?d)\b|"
                           r"\s*(?:any\s?more|any longer)\b", re.IGNORECASE)
# Nothing but a conjunction between two drugs: the second shares the first one's status ("treated with X and Y").
CONJOINED = re.compile(r"\s*(?:,|/|&|\+|\band\b|\bor\b|\s)*\s*", re.IGNORECASE)
END = re.compile(r"(?<!\b[A-Za-z])\.\s|;\s|\n|[。；]|,\s+(?:and\s+)?(?=[A-Z])")  # "p.o. daily" goes on
MAX_ATTRIBUTE_CHARS = 80


def unit_of(written: str) -> str:
    """A dose unit as the one dose-unit registry names it (``nlp.dose_units``: "µg" → ``mcg``, "Units" →
    ``units``; "mg/kg" keeps its "/kg"); forms (tablets, puffs) are not units and stay as written."""
    base, slash, rest = written.partition("/")
    try:
        return unit_name(base.strip()) + (slash + rest.strip() if slash else "")
    except ValueError:
        return written.lower()


def attribute_window(text: str, end: int, next_drug_start: int | None) -> tuple[int, int]:
    """The words after a drug name that may state its dose: up to the next drug, line or sentence end."""
    stop = min(len(text), end + MAX_ATTRIBUTE_CHARS, next_drug_start if next_drug_start is not None else len(text))
    match = END.search(text, end, stop)
    return end, match.start() if match else stop


def read_attributes(window: str) -> dict[str, str | None]:
    dose = DOSE.search(window)
    route = ROUTE.search(window)
    frequency = FREQUENCY.search(window)
    duration = DURATION.search(window)
    return {
        "dose": dose.group("dose").replace(",", ".") if dose else None,
        "unit": unit_of(dose.group("unit") + dose.group(0)[dose.end("unit") - dose.start():].strip())
        if dose else None,
        "route": next((name for name, value in route.groupdict().items() if value), None) if route else None,
        "frequency": frequency.group().strip(" .") if frequency else None,
        "duration": duration.group().strip() if duration else None,
    }


def status_of(text: str, start: int, end: int, clause_start: int, section: SectionKind,
              sentence_start: int | None = None) -> MedicationStatus:
    """The status from the words between the previous drug (or the sentence start) and this one, and just after;
    a drug joined to the previous one only by "and", "or" or a comma reads the words before that one too; otherwise
    the words before the last comma belong to the previous entry."""
    if sentence_start is not None and sentence_start < clause_start and CONJOINED.fullmatch(text[clause_start:start]):
        before = text[max(sentence_start, start - 80):start]
    else:
        before = text[max(clause_start, start - 80):start]
        if sentence_start is not None and clause_start > sentence_start:  # after a previous drug, the entry starts
            before = before[max(before.rfind(","), before.rfind(";")) + 1:]  # at the last comma ("…-discontinued, X")
    after = text[end:end + 60].split("\n")[0]
    if section is SectionKind.ALLERGIES or ALLERGY.search(before):
        return MedicationStatus.ALLERGY
    if DISCONTINUED.search(before) or STOPPED_AFTER.match(after):
        return MedicationStatus.DISCONTINUED
    if PLANNED.search(before) or (section is SectionKind.ASSESSMENT_PLAN and re.search(r"\bwill\b", before, re.I)):
        return MedicationStatus.PLANNED
    return MedicationStatus.CURRENT
