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
from nlp.dose_units import is_count, unit_name

DOSE = re.compile(
    r"(?P<dose>\d+(?:[.,]\d+)?(?:\s*(?:-|to|/)\s*\d+(?:\.\d+)?)?)\s*"
    r"(?P<unit>mcg|µg|ug|mg|g|gm|grams?|milligrams?|micrograms?|units?|iu|international units|meq|mmol|ml|cc|"
    r"mL|l|liters?|%|puffs?|tabs?|tablets?|caps?|capsules?|drops?|sprays?|patch(?:es)?|mg/kg|mcg/kg|units/kg)\b"
    r"(?!\s*/\s*d?l\b)"  # "Creatinine 2.1 mg/dL", "K 5.9 mmol/L": a concentration measured, no dose
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
    "ophthalmic": r"ophthalmic|eye ?drops?",
    "otic": r"otic|ear ?drops?",
}
ROUTE = re.compile(r"(?<![\w.])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in ROUTES.items())
                   + r")(?![\w])", re.IGNORECASE)
# A route written right before the drug ("diuresed with IV Lasix", "subcutaneous heparin"), read when none follows it.
ROUTE_BEFORE = re.compile(ROUTE.pattern + r"\s+$", re.IGNORECASE)
ROUTE_BEFORE_CHARS = 16
# A dosage form is not a medication: MeSH files "Nasal Sprays" and "Ophthalmic Solutions" among drugs, and a note
# writes them after the drug ("Flonase 50 mcg nasal spray"), where they would cut the drug's dose and route off.
DOSAGE_FORM = re.compile(
    r"(?:(?:nasal|eye|ear|oral|topical|ophthalmic|otic|vaginal|rectal|dermal|transdermal)\s+)?"
    r"(?:sprays?|drops?|tablets?|capsules?|creams?|ointments?|gels?|lotions?|patch(?:es)?|inhalers?|"
    r"suppositor(?:y|ies)|solutions?|suspensions?|injections?|eardrops?|eyedrops?|aerosols?|powders?)",
    re.IGNORECASE)


def is_dosage_form(words: str) -> bool:
    """"nasal spray", "Ophthalmic Solutions", "tablets": a form a drug comes in, never a drug of its own."""
    return DOSAGE_FORM.fullmatch(words.strip()) is not None


FREQUENCY = re.compile(
    r"(?<![\w])(?:once|twice|three times|four times|[1-6]\s*(?:x|times))\s+(?:(?:a|per|each|every)\s+"
    r"(?:day|daily|week|weekly|night|month)|daily|weekly|nightly)|"
    r"(?:every|q\.?)\s*\d+\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|h|minutes?|days?|weeks?)\b|"
    r"\bq\.?\s?(?:d|h|hs|am|pm|od|6h|8h|12h|4h|day|week|month|other day|[1-9]h)\.?(?![\w])|"
    r"\b(?:b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|q\.?h\.?s|h\.?s|q\.?o\.?d|p\.?r\.?n)\.?(?![\w])|"
    r"\b(?:daily|nightly|weekly|monthly|at bedtime|in the morning|in the evening|with meals|every morning|"
    r"every evening|every night|as[\s-]needed|as directed|once|twice daily|each morning|a day|per day|a week)\b",
    re.IGNORECASE)
# Chinese notes: routes and frequencies as Chinese prescriptions write them (no word boundaries between characters)
ZH_ROUTES = {
    "oral": r"口服|顿服|嚼服",
    "intravenous": r"静脉滴注|静脉注射|静脉推注|静滴|静注|静推|静脉泵入|泵入",
    "intramuscular": r"肌肉注射|肌内注射|肌注",
    "subcutaneous": r"皮下注射|皮下",
    "inhaled": r"雾化吸入|雾化|吸入",
    "topical": r"外用|外涂|外敷|涂抹",
    "transdermal": r"贴敷|贴剂",
    "sublingual": r"舌下含服|舌下",
    "rectal": r"塞肛|直肠给药|纳肛",
    "nasal": r"滴鼻|喷鼻|鼻喷",
    "ophthalmic": r"滴眼|点眼",
}
ZH_ROUTE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in ZH_ROUTES.items()))
ZH_FREQUENCY = re.compile(
    r"(?:每|一|1)\s*(?:日|天|晚|周|星期|月)\s*(?:[一二两三四五六]|\d+)\s*次|"
    r"每\s*(?:\d+|[一二两三四六八十]+)\s*(?:小时|h|天|日|周)\s*(?:一次|1次)?|"
    r"(?:每|一)(?:日|天|晚)\s*(?:一|1)?\s*(?:次|片|粒)?(?=[，,。；;\s]|$)|"
    r"隔日一次|隔天一次|必要时|睡前|临睡前|晨起|早晚各一次|三餐前|餐后|饭后|饭前|即刻|立即")
# a dose in a Chinese note: the unit may touch the next character ("5mg每日一次"), and may be Chinese (毫克, 片)
ZH_DOSE = re.compile(r"(?P<dose>\d+(?:\.\d+)?(?:\s*[-~～]\s*\d+(?:\.\d+)?)?)\s*"
                     r"(?P<unit>万单位|毫克|微克|毫升|单位|克|片|粒|支|袋|滴|喷|mg|mcg|μg|µg|ug|g|ml|mL|IU|iu|U)"
                     r"(?![A-Za-z])")
CJK = re.compile(r"[\u4e00-\u9fff]")
ZH_UNITS = {"毫克": "mg", "微克": "mcg", "克": "g", "毫升": "ml", "单位": "units"}
ZH_DISCONTINUED = re.compile(r"停用|停药|已停|停服|停止服用|自行停|曾服用|曾用|既往服用")
ZH_STOPPED_AFTER = re.compile(r"[^，,。；;、\s]{0,12}?(?:已停|停用|停药)")  # "阿司匹林已停用", not "…，停用氯吡格雷"
ZH_PLANNED = re.compile(r"予以|给予|予|加用|改用|换用|开始服用|拟|建议|处方|继续")
ZH_ALLERGY = re.compile(r"(?:类)?(?:药物|药品|药)?过敏")  # "青霉素过敏", "对头孢类药物过敏"
DURATION = re.compile(r"\b(?:for|x|times|×)\s*(?:the\s+next\s+)?\d+\s*(?:more\s+)?(?:days?|weeks?|months?|doses?)\b",
                      re.IGNORECASE)
DISCONTINUED = re.compile(r"\b(?:stop(?:ped|ping)?|discontinu(?:e|ed|ing)|d/c'?d|held|hold(?:ing)?|off\s+(?:of\s+)?|"
                          r"no longer (?:taking|on)|quit|taken off|came off|was on|used to take|"
                          r"self[- ]discontinued|(?:was|were|had been) (?:treated|managed) with|had been on|"
                          r"was previously on|previously (?:took|taken|tried|treated with))\b", re.IGNORECASE)
PLANNED = re.compile(r"\b(?:start(?:ed)?\s+(?:him|her|them|the patient)?\s*on|will start|will begin|begin|initiate|"
                     r"prescrib(?:e|ed)|recommend(?:ed)?|switch(?:ed)?\s+to|add(?:ed)?|will try|trial of|"
                     r"plan(?:ned)?\s+(?:to\s+)?(?:start|begin)|plan was to|restart|resume|start|starting|was provided|will be given|rx|"
                     r"consider(?:ing)?|may\s+need)\b", re.IGNORECASE)  # "consider amoxicillin if …": not yet taken
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
ZH_CUE_CHARS = 8


def unit_of(written: str) -> str:
    """A dose unit as the one dose-unit registry names it (``nlp.dose_units``: "µg" → ``mcg``, "Units" →
    ``units``; "mg/kg" keeps its "/kg"); forms (tablets, puffs) are not units and stay as written."""
    base, slash, rest = written.partition("/")
    try:
        name = unit_name(base.strip())
    except ValueError:
        return written.lower()
    return written.lower() if is_count(name) else name + (slash + rest.strip() if slash else "")


def attribute_window(text: str, end: int, next_drug_start: int | None) -> tuple[int, int]:
    """The words after a drug name that may state its dose: up to the next drug, line or sentence end."""
    stop = min(len(text), end + MAX_ATTRIBUTE_CHARS, next_drug_start if next_drug_start is not None else len(text))
    match = END.search(text, end, stop)
    return end, match.start() if match else stop


def read_attributes(window: str, before: str = "") -> dict[str, str | None]:
    """The attributes the words after a drug name state; ``before``: the few words just before it, where a Chinese
    prescription puts its route ("口服氨氯地平5mg 每日一次")."""
    dose = DOSE.search(window)
    if dose is None and CJK.search(window) and (zh := ZH_DOSE.search(window)) is not None:
        amount, unit = zh.group("dose"), zh.group("unit")
        if unit == "万单位" and re.fullmatch(r"\d+(?:\.\d+)?", amount):  # 80万单位 = 800,000 units
            amount, unit = f"{float(amount) * 10_000:g}", "单位"
        return {**read_attributes(window[zh.end():], before), "dose": amount,
                "unit": ZH_UNITS.get(unit) or unit_of(unit)}
    own_clause = re.split(r"[，,。；;]", before)[-1]  # "奥美拉唑静脉滴注，拟加用布洛芬": the route is omeprazole's
    route = (_route(ROUTE, window) or _route(ZH_ROUTE, window) or _route(ZH_ROUTE, own_clause[-ZH_CUE_CHARS:])
             or _route(ROUTE_BEFORE, before[-ROUTE_BEFORE_CHARS:]))
    frequency = FREQUENCY.search(window) or ZH_FREQUENCY.search(window)
    duration = DURATION.search(window)
    return {
        "dose": dose.group("dose").replace(",", ".") if dose else None,
        "unit": unit_of(dose.group("unit") + dose.group(0)[dose.end("unit") - dose.start():].strip())
        if dose else None,
        "route": route,
        "frequency": frequency.group().strip(" .") if frequency else None,
        "duration": duration.group().strip() if duration else None,
    }


def _route(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return next((name for name, value in match.groupdict().items() if value), None) if match else None


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
    near = before[-ZH_CUE_CHARS:]  # Chinese cues stand right before the drug ("停用阿司匹林", "予头孢曲松")
    if section is SectionKind.ALLERGIES or ALLERGY.search(before) or ZH_ALLERGY.match(after):
        return MedicationStatus.ALLERGY
    if DISCONTINUED.search(before) or STOPPED_AFTER.match(after) or ZH_DISCONTINUED.search(near) \
            or ZH_STOPPED_AFTER.match(after):
        return MedicationStatus.DISCONTINUED
    if PLANNED.search(before) or (section is SectionKind.ASSESSMENT_PLAN and re.search(r"\bwill\b", before, re.I)) \
            or (section is SectionKind.ASSESSMENT_PLAN and ZH_PLANNED.search(near)):
        return MedicationStatus.PLANNED
    return MedicationStatus.CURRENT
