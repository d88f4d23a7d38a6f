"""The patient stated inside a question: "in a pregnant woman", "for a 14 kg child", "eGFR 25", "taking lithium",
"孕妇", "14公斤的儿童", "正在服用锂盐" → :class:`clinical.patient.PatientContext`.

Rules are cue words and number patterns (English and Chinese); what each matched is returned (``understood``, shown
to the user) with the question left when the patient phrases are cut out (``rest``: what the query layer answers).
Chinese names of conditions and drugs are put in English through the query lexicon (``query.lexicon``). Weights in
pounds are converted with pint. Nothing parsed is stored or logged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from clinical.patient import AgeGroup, HepaticImpairment, PatientContext, Sex
from nlp.dose_units import registry
from query.lexicon import chinese_names

NUMBER = r"(\d+(?:\.\d+)?)"
# where a trait's words end: punctuation, a joining word, or the verb of the question ("with asthma take …")
STOP = (r"(?=$|[,.;:?!，。；？]|\s+(?:and|with|who|whose|taking|on|in|for|but|has|is|allergic|take|takes|use|uses|"
        r"get|gets|have|be|start|receive|need|can|could|should|safely)\b)")
TERM = r"([a-z][a-z0-9'\- ]{1,40}?)"
RENAL_WORDS = r"renal (?:impairment|insufficiency|failure|disease)|kidney (?:disease|failure|impairment)|\bckd\b"
HEPATIC_WORDS = r"hepatic (?:impairment|insufficiency|failure)|liver (?:disease|failure|impairment)|cirrhosis"
RENAL_CONDITION = "renal impairment"
HEPATIC_CONDITION = "hepatic impairment"


class ParsedPatient(BaseModel):
    """What the question said about the patient, what was understood (readable phrases) and the question left."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    patient: PatientContext
    understood: tuple[str, ...] = ()
    rest: str
    # (condition, its words as written): ("rheumatoid arthritis", "类风湿关节炎") of "类风湿关节炎患者", for a question
    # that asks about the patient's condition itself
    conditions_as_written: tuple[tuple[str, str], ...] = ()

    @property
    def found(self) -> bool:
        return not self.patient.empty


@dataclass
class _Reading:
    text: str
    values: dict[str, Any] = field(default_factory=dict)
    understood: list[str] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    written: list[tuple[str, str]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)

    def add(self, key: str, value: Any, said: str, span: tuple[int, int]) -> None:
        if key in {"conditions", "medications", "allergies"}:
            self.values[key] = tuple(dict.fromkeys((*self.values.get(key, ()), value)))
        elif key not in self.values:
            self.values[key] = value
        self.understood.append(said)
        self.taken.append(span)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], list[tuple[str, Any, str]]]]


def _kg(amount: str, unit: str) -> float:
    if unit.lower().startswith(("kg", "kilo", "公斤", "千克")):
        return float(amount)
    return round(registry().Quantity(float(amount), "pound").to("kilogram").magnitude, 2)


def _age(amount: str, unit: str) -> float:
    value = float(amount)
    unit = unit.lower()
    if unit.startswith(("month", "mo", "个月", "月")):
        return round(value / 12, 3)
    if unit.startswith(("week", "wk", "周")):
        return round(value / 52, 3)
    if unit.startswith(("day", "天")):
        return round(value / 365, 4)
    return value


def _hepatic(severity: str | None) -> HepaticImpairment | None:
    mapping = {"a": "mild", "b": "moderate", "c": "severe", "轻": "mild", "中": "moderate", "重": "severe"}
    key = (severity or "").lower()
    value = mapping.get(key, key)
    return HepaticImpairment(value) if value in {"mild", "moderate", "severe"} else None


def _names(text: str) -> list[str]:
    """A list of names ("lithium and warfarin", "lithium, warfarin") split into its items."""
    return [part.strip() for part in re.split(r",|\band\b|\bor\b|、|和|及", text) if part.strip()]


def _english(name: str) -> str:
    """A Chinese condition or drug name in English when the lexicon knows it, else the name as written."""
    found = chinese_names(name)
    return found[0][1] if found and len(found[0][0]) >= len(name) - 1 else name


PATIENT_WORDS = ("woman", "women", "man", "men", "patient", "patients", "child", "children", "person", "adult", "boy",
                 "girl", "infant", "baby", "lady", "someone", "kg", "old", "elderly")
# "with"/"on" name a trait only right after words about the patient ("a woman with asthma", "a man on warfarin");
# "what helps with migraine" keeps its "with". (Fixed-width look-behinds, one per word.)
_AFTER_PATIENT = "(?:" + "|".join(f"(?<={word} )" for word in PATIENT_WORDS) + r"|(?<=\d )|(?<=, ))"
_ENGLISH: list[Rule] = [
    (re.compile(r"\b(?:pregnant|pregnancy|expecting mother|gravid)\b", re.I),
     lambda m: [("pregnant", True, "pregnant"), ("sex", Sex.FEMALE, "female")]),
    (re.compile(r"\b(?:breast[- ]?feeding|lactating|nursing mother)\b", re.I),
     lambda m: [("lactating", True, "breastfeeding")]),
    (re.compile(rf"{NUMBER}\s*[- ]?(kg|kgs|kilograms?|lbs?|pounds?)\b", re.I),
     lambda m: [("weight_kg", _kg(m[1], m[2]), f"weight {_kg(m[1], m[2]):g} kg")]),
    (re.compile(rf"{NUMBER}[- ]?(years?|yrs?|months?|mos?|weeks?|wks?|days?)[- ]old\b", re.I),
     lambda m: [("age_years", _age(m[1], m[2]), f"age {m[1]} {m[2]}")]),
    (re.compile(rf"\b(?:aged?|age of)\s*{NUMBER}\b|\b{NUMBER}\s*(?:yo|y/o|y\.o\.)\b", re.I),
     lambda m: [("age_years", float(m[1] or m[2]), f"age {m[1] or m[2]} years")]),
    (re.compile(rf"\begfr\s*(?:of|=|:|is|was)?\s*{NUMBER}", re.I),
     lambda m: [("egfr", float(m[1]), f"eGFR {m[1]} mL/min/1.73 m²")]),
    (re.compile(rf"\b(?:crcl|creatinine clearance)\s*(?:of|=|:|is|was)?\s*{NUMBER}", re.I),
     lambda m: [("creatinine_clearance", float(m[1]), f"CrCl {m[1]} mL/min")]),
    (re.compile(r"\b(?:child[- ]pugh\s*(?:class\s*)?([abc])\b|(mild|moderate|severe)\s+(?:hepatic|liver) "
                r"(?:impairment|insufficiency|disease))", re.I),
     lambda m: [("hepatic_impairment", _hepatic(m[1] or m[2]), f"hepatic impairment ({_hepatic(m[1] or m[2]).value})")]),
    (re.compile(HEPATIC_WORDS, re.I), lambda m: [("conditions", HEPATIC_CONDITION, HEPATIC_CONDITION)]),
    (re.compile(RENAL_WORDS, re.I), lambda m: [("conditions", RENAL_CONDITION, RENAL_CONDITION)]),
    (re.compile(rf"\b(?:allergic to|allergy to|allergies to|hypersensitive to)\s+{TERM}{STOP}", re.I),
     lambda m: [("allergies", name, f"allergic to {name}") for name in _names(m[1])]),
    (re.compile(r"\b([a-z]+)\s+allerg(?:y|ic)\b", re.I),
     lambda m: [("allergies", m[1].lower(), f"allergic to {m[1].lower()}")]),
    (re.compile(rf"(?:\btaking|\btakes|\breceiving|\btreated with|\balready on|\bcurrently on|\bis on|\bwhile on|\bam on|"
                rf"\bI'm on|\bon long[- ]term|"
                rf"{_AFTER_PATIENT}on)"
                rf"\s+{TERM}(?=$|[,.;:?!]|\s+(?:with|who|in|for|but|has|is)\b)", re.I),
     lambda m: [("medications", name, f"taking {name}") for name in _names(m[1])]),
    (re.compile(rf"(?:{_AFTER_PATIENT}with|\bhas|\bhaving|\bhistory of|\bsuffering from|\bdiagnosed with)\s+"
                rf"(?:a\s+)?(?:history of\s+)?{TERM}{STOP}", re.I),
     lambda m: [("conditions", name, f"with {name}") for name in _names(m[1])]),
    (re.compile(r"\basthmatic\b", re.I), lambda m: [("conditions", "asthma", "with asthma")]),
    (re.compile(r"\bdiabetic\b", re.I), lambda m: [("conditions", "diabetes mellitus", "with diabetes")]),
    (re.compile(r"\b(?:newborn|neonate|neonatal)\b", re.I), lambda m: [("age_group", AgeGroup.NEONATE, "newborn")]),
    (re.compile(r"\b(?:infant|baby|toddler)\b", re.I), lambda m: [("age_group", AgeGroup.INFANT, "infant")]),
    (re.compile(r"\b(?:adolescent|teenager|teen)\b", re.I),
     lambda m: [("age_group", AgeGroup.ADOLESCENT, "adolescent")]),
    (re.compile(r"\b(?:child|children|kid|boy|girl|pediatric|paediatric)\b", re.I),
     lambda m: [("age_group", AgeGroup.CHILD, "child")]),
    (re.compile(r"\b(?:elderly|geriatric|older adult|older patient|senior)\b", re.I),
     lambda m: [("age_group", AgeGroup.GERIATRIC, "elderly (65 or older)")]),
    (re.compile(r"\b(?:woman|women|female|lady|mother)\b", re.I), lambda m: [("sex", Sex.FEMALE, "female")]),
    (re.compile(r"\b(?:man|men|male|gentleman|father)\b", re.I), lambda m: [("sex", Sex.MALE, "male")]),
]
_CHINESE: list[Rule] = [
    (re.compile(r"孕妇|怀孕|妊娠|孕期"), lambda m: [("pregnant", True, "pregnant"), ("sex", Sex.FEMALE, "female")]),
    (re.compile(r"哺乳期?"), lambda m: [("lactating", True, "breastfeeding")]),
    (re.compile(rf"{NUMBER}\s*(公斤|千克)"), lambda m: [("weight_kg", float(m[1]), f"weight {m[1]} kg")]),
    (re.compile(rf"{NUMBER}\s*(岁|个月|月龄|周|天)"),
     lambda m: [("age_years", _age(m[1], m[2]), f"age {m[1]} {m[2]}")]),
    (re.compile(r"(轻|中|重)度肝功能(?:不全|损害|损伤)"),
     lambda m: [("hepatic_impairment", _hepatic(m[1]), f"hepatic impairment ({_hepatic(m[1]).value})")]),
    (re.compile(r"肝功能(?:不全|损害|损伤)|肝硬化"), lambda m: [("conditions", HEPATIC_CONDITION, HEPATIC_CONDITION)]),
    (re.compile(r"肾功能(?:不全|损害|损伤)|肾衰竭?|慢性肾病"), lambda m: [("conditions", RENAL_CONDITION, RENAL_CONDITION)]),
    (re.compile(r"对([\u4e00-\u9fffA-Za-z]{1,10}?)过敏|(?:^|(?<=[，,。；\s]))([\u4e00-\u9fff]{2,6}?)过敏(?!性)"),
     lambda m: [("allergies", _english(m[1] or m[2]), f"allergic to {_english(m[1] or m[2])}")]),
    (re.compile(r"(?:正在|目前|长期)?(?:服用|在吃|使用)([\u4e00-\u9fffA-Za-z、和]{1,20}?)(?=的|，|,|。|？|\?|$|\s)"),
     lambda m: [("medications", _english(name), f"taking {_english(name)}") for name in _names(m[1])]),
    (re.compile(r"(?:(?<=[的，,、\s])|^|(?<=患有))([\u4e00-\u9fff]{2,6}?)(?:患者|病人)"),
     lambda m: [("conditions", _english(m[1]), f"with {_english(m[1])}")]),
    (re.compile(r"新生儿"), lambda m: [("age_group", AgeGroup.NEONATE, "newborn")]),
    (re.compile(r"婴儿|婴幼儿"), lambda m: [("age_group", AgeGroup.INFANT, "infant")]),
    (re.compile(r"青少年"), lambda m: [("age_group", AgeGroup.ADOLESCENT, "adolescent")]),
    (re.compile(r"儿童|小孩|孩子|患儿"), lambda m: [("age_group", AgeGroup.CHILD, "child")]),
    (re.compile(r"老年人?|老人"), lambda m: [("age_group", AgeGroup.GERIATRIC, "elderly (65 or older)")]),
    (re.compile(r"女性|妇女"), lambda m: [("sex", Sex.FEMALE, "female")]),
    (re.compile(r"男性"), lambda m: [("sex", Sex.MALE, "male")]),
]
# A "with …" that names no patient trait: kept in the question
NOT_CONDITIONS = re.compile(r"^(?:the|a|an|it|this|that|food|meals?|water|alcohol|other|another|no|best)\b", re.I)


def parse_patient(question: str) -> ParsedPatient:
    """The patient stated in ``question`` (all rules, English and Chinese), what was understood, and the rest."""
    reading = _Reading(question)
    for pattern, values in (*_ENGLISH, *_CHINESE):
        for match in pattern.finditer(question):
            if not reading.free(*match.span()):
                continue
            found = [(key, value, said) for key, value, said in values(match) if value is not None]
            found = [item for item in found if item[0] != "conditions" or not NOT_CONDITIONS.match(str(item[1]))]
            for key, value, said in found:
                reading.add(key, value, said, match.span())
                if key == "conditions" and pattern.groups and match.group(1):
                    reading.written.append((str(value), match.group(1).strip()))
    patient = PatientContext(**_valid(reading.values))
    if patient.age_years is not None and "age_group" in reading.values:  # a stated age beats "child"
        patient = patient.model_copy(update={"age_group": AgeGroup.for_age(patient.age_years)})
    return ParsedPatient(patient=patient, understood=tuple(dict.fromkeys(reading.understood)),
                         rest=_rest(question, reading.taken), conditions_as_written=tuple(dict.fromkeys(reading.written)))


def _valid(values: dict[str, Any]) -> dict[str, Any]:
    """Values within the patient model's bounds (an impossible "900 kg" is dropped, not an error)."""
    bounds = PatientContext.model_fields
    kept = {}
    for key, value in values.items():
        try:
            PatientContext(**{key: value})
        except ValueError:
            continue
        if key in bounds:
            kept[key] = value
    return kept


LEADING = re.compile(r"\s+(?:in|for|of)\s+(?:an?|the|my)?\s*(?:patient|woman|man|child|person|adult|boy|girl|infant|"
                     r"baby|someone|lady)?\s*$", re.I)
CONNECTOR = re.compile(r"\s+(?:in|for|with|who is|who|and|taking|on|while)(?:\s+(?:an?|the|my))?\s*$|(?:的|在|和)$", re.I)


def _rest(question: str, spans: list[tuple[int, int]]) -> str:
    """The question with the patient phrases (and the little words that led into them) cut out."""
    if not spans:
        return question
    start = min(a for a, _ in spans)
    head = question[:start]
    for _ in range(3):  # "… for hypertension in a pregnant woman" → "… for hypertension"
        trimmed = LEADING.sub("", CONNECTOR.sub("", head)).rstrip(" ,，")
        if trimmed == head:
            break
        head = trimmed
    tail = re.sub(r"^(?:患者|病人)?的?", "", question[max(b for _, b in spans):])
    tail = "" if not re.search(r"[\w\u4e00-\u9fff]", tail) or _only_patient_words(tail) else tail
    rest = (head + tail).strip()
    return rest if re.search(r"[\w\u4e00-\u9fff]", rest) else question


def _only_patient_words(tail: str) -> bool:
    return bool(re.fullmatch(r"[\s,.?!，。？]*(?:(?:woman|man|child|patient|girl|boy|adult|患者|的|儿童)[\s,.?!，。？]*)*",
                             tail, re.I))
