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
        r"get|gets|have|be|start|receive|need|can|could|should|safely|what|which|how|when|where|why|please)\b)")
TERM = r"([a-z][a-z0-9'\- ]{1,40}?)"
RENAL_WORDS = (r"(?:\b(?:chronic|end[- ]stage)\s+)?(?:\brenal (?:impairment|insufficiency|failure|disease)|"
               r"kidney (?:disease|failure|impairment))|\bckd\b|\besrd\b")
HEPATIC_WORDS = r"\bhepatic (?:impairment|insufficiency|failure)|\bliver (?:disease|failure|impairment)|\bcirrhosis"
# words before "allergic" that name no allergen ("for allergic rhinitis", "treat allergic dermatitis")
_NOT_ALLERGEN = r"for|to|of|with|and|or|the|a|an|in|on|treat|treats|treating|severe|mild|acute|chronic|seasonal|what|is"
# after an adjective of the patient ("diabetic", "asthmatic"): a person or the end of the phrase, not a disease's noun
_PERSONS = r"patients?|persons?|people|m[ae]n|wom[ae]n|child|children|adults?|kids?|individuals?"
_PERSON_NEXT = rf"(?!\s+(?!(?:{_PERSONS}|and|or|with|who|on|taking|in|for|can|should|may|is|are)\b)[a-z])"
# what follows "has"/"having" as a verb of its own, not a condition ("my doctor has prescribed Oxybutinin", "she has
# been told", "it has been opened", "has vomited")
_NOT_A_CONDITION = (r"(?:been|told|given|taken|had|gone|seen|done|shown|made|said|asked|become|started|stopped|tried|"
                    r"used|to|no|not|any|some|all|never|always|also|just|already|since|got|gotten|up|"
                    r"(?!(?:enlarged|elevated|advanced|inflamed|infected|impaired|uncontrolled|untreated|repeated)\b)"
                    r"[a-z]+ed)\b")
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


def _sex_of(word: str) -> list[tuple[str, Any, str]]:
    """The sex a word for a child states ("男孩" a boy, "女婴" a girl), none for the others."""
    return [("sex", Sex.MALE, "male")] if word.startswith("男") else \
        [("sex", Sex.FEMALE, "female")] if word.startswith("女") else []


def _said(match: re.Match[str]) -> str:
    """The text of whichever group of an alternation matched."""
    return next(group for group in match.groups() if group is not None)


def _amount_and_unit(match: re.Match[str]) -> tuple[str, str]:
    """The number and unit of whichever alternative of an age pattern matched (groups in pairs)."""
    groups = [group for group in match.groups() if group is not None]
    return groups[0], groups[1]


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


CREATININE_UNITS = r"mg/dl|mg/100\s*ml|[uµμ]mol/l|micromol/l"
UMOL_PER_MG_DL = 88.4  # serum creatinine: 1 mg/dL = 88.4 µmol/L


def _creatinine(number: str, unit: str | None) -> list[tuple[str, Any, str]]:
    """A serum creatinine in mg/dL: as stated, or from µmol/L; a value without a unit is read as mg/dL up to 20
    and as µmol/L above (no adult's creatinine is 20 mg/dL or 20 µmol/L)."""
    value = float(number)
    in_umol = (unit or "").lower().endswith("mol/l") or (not unit and value > 20)
    mg_dl = round(value / UMOL_PER_MG_DL, 2) if in_umol else value
    said = f"serum creatinine {mg_dl:g} mg/dL" + (f" (from {value:g} µmol/L)" if in_umol else "")
    return [("serum_creatinine", mg_dl, said)]


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


def _medications(text: str) -> list[str]:
    """The drugs a Chinese "服用/使用 …" names, in English where known: a known name that begins an item is the drug,
    not the words run on after it ("使用二甲双胍需要注意什么" → metformin, not "二甲双胍需要注意什么")."""
    found = []
    for item in _names(text):
        known = chinese_names(item)
        found.append(known[0][1] if known and item.startswith(known[0][0]) else _english(item))
    return found


def _condition_of(patients: re.Match[str]) -> str:
    """The condition of "X患者/X病人": X, or "X病" where the 病 of "病人" ends the name — when "X病" is a known name, or
    X is neither known nor worded as a disease ("糖尿病人", "心脏病人": 糖尿病, 心脏病; "肺炎病人", "肝病病人": 肺炎, 肝病)."""
    name = patients[1]
    if not patients[0].endswith("病人"):
        return name
    if _english(f"{name}病") != f"{name}病":
        return f"{name}病"
    return name if _english(name) != name or name.endswith(_DISEASE_ENDINGS) else f"{name}病"


_DISEASE_ENDINGS = ("病", "炎", "症", "癌", "瘤", "压", "综合征", "衰竭", "不全", "痛", "风", "痫", "喘")


PATIENT_WORDS = ("woman", "women", "man", "men", "patient", "patients", "child", "children", "person", "adult", "boy",
                 "girl", "infant", "baby", "lady", "someone", "kg", "old", "elderly")
# "with"/"on" name a trait only right after words about the patient ("a woman with asthma", "a man on warfarin");
# "what helps with migraine" keeps its "with". (Fixed-width look-behinds, one per word.)
_AFTER_PATIENT = "(?:" + "|".join(f"(?<={word} )" for word in PATIENT_WORDS) + r"|(?<=\d )|(?<=, ))"
_NOT_A_CHANGE = "".join(f"(?<!{word} )" for word in (
    "lost", "lose", "losing", "gained", "gain", "gaining", "loss of", "gain of", "dropped", "put on", "by", "down",
    "up"))
_ENGLISH: list[Rule] = [
    (GROUP_PREGNANT := re.compile(r"\b(?:pregnant|pregnancy|expecting mother|gravid|"
                                  r"(?:first|second|third|1st|2nd|3rd|last)\s+trimester)\b", re.I),
     lambda m: [("pregnant", True, "pregnant"), ("sex", Sex.FEMALE, "female")]),
    (re.compile(r"\b(?:breast[- ]?feeding|lactating|nursing mother)\b", re.I),
     lambda m: [("lactating", True, "breastfeeding")]),
    # a weight, not a change of it ("lost 10 kg", "weight loss of 5 kg", "gained 4 kg")
    (re.compile(rf"{_NOT_A_CHANGE}{NUMBER}\s*[- ]?(kg|kgs|kilograms?|lbs?|pounds?)\b", re.I),
     lambda m: [("weight_kg", _kg(m[1], m[2]), f"weight {_kg(m[1], m[2]):g} kg")]),
    (re.compile(rf"{NUMBER}[- ]?(years?|yrs?|months?|mos?|weeks?|wks?|days?)[- ]old\b", re.I),
     lambda m: [("age_years", _age(m[1], m[2]), f"age {m[1]} {m[2]}")]),
    (re.compile(rf"\b(?:aged?|age of)\s*{NUMBER}\b|\b{NUMBER}\s*(?:yo|y/o|y\.o\.)\b", re.I),
     lambda m: [("age_years", float(m[1] or m[2]), f"age {m[1] or m[2]} years")]),
    (re.compile(rf"\begfr\s*(?:of|=|:|is|was)?\s*{NUMBER}", re.I),
     lambda m: [("egfr", float(m[1]), f"eGFR {m[1]} mL/min/1.73 m²")]),
    (re.compile(rf"\b(?:crcl|creatinine clearance)\s*(?:of|=|:|is|was)?\s*{NUMBER}", re.I),
     lambda m: [("creatinine_clearance", float(m[1]), f"CrCl {m[1]} mL/min")]),
    # "with a creatinine of 1.6", "serum creatinine 140 umol/L", "SCr 2.1 mg/dL": a lab value, never a condition
    (re.compile(rf"(?:\bwith\s+(?:an?\s+)?)?\b(?:serum\s+)?(?:creatinine|scr|s-cr)\b(?!\s+clearance)\s*(?:level\s*)?"
                rf"(?:of|=|:|is|was)?\s*{NUMBER}\s*({CREATININE_UNITS})?", re.I),
     lambda m: _creatinine(m[1], m[2])),
    (re.compile(r"\b(?:child[- ]pugh\s*(?:class\s*)?([abc])\b|(mild|moderate|severe)\s+(?:hepatic|liver) "
                r"(?:impairment|insufficiency|disease))", re.I),
     lambda m: [("hepatic_impairment", _hepatic(m[1] or m[2]), f"hepatic impairment ({_hepatic(m[1] or m[2]).value})")]),
    (ORGAN_HEPATIC := re.compile(HEPATIC_WORDS, re.I),
     lambda m: [("conditions", HEPATIC_CONDITION, HEPATIC_CONDITION)]),
    (ORGAN_RENAL := re.compile(RENAL_WORDS, re.I), lambda m: [("conditions", RENAL_CONDITION, RENAL_CONDITION)]),
    (ALLERGY_TO := re.compile(rf"\b(?:allergic to|allergy to|allergies to|hypersensitive to)\s+{TERM}{STOP}", re.I),
     lambda m: [("allergies", name, f"allergic to {name}") for name in _names(m[1])]),
    # "penicillin allergy", "sulfa-allergic patient"; not "for allergic rhinitis" (a disease named by its kind)
    (ALLERGY_AFTER := re.compile(rf"\b(?!(?:{_NOT_ALLERGEN})\b)([a-z]+)[\s-]+allerg(?:y|ic)\b"
                                 rf"(?!\s+(?!(?:{_PERSONS})\b)[a-z])", re.I),
     lambda m: [("allergies", m[1].lower(), f"allergic to {m[1].lower()}")]),
    (re.compile(rf"(?:\btaking|\btakes|\breceiving|\btreated with|\balready on|\bcurrently on|\bis on|\bwhile on|\bam on|"
                rf"\bI'm on|\bon long[- ]term|"
                rf"{_AFTER_PATIENT}on)"
                rf"\s+{TERM}(?=$|[,.;:?!]|\s+(?:with|who|in|for|but|has|is)\b)", re.I),
     lambda m: [("medications", name, f"taking {name}") for name in _names(m[1])]),
    (CONDITION_WITH := re.compile(rf"(?:{_AFTER_PATIENT}with|\bhas|\bhaving|\bhistory of|\bsuffering from|"
                                  rf"\bdiagnosed with)\s+"
                                  rf"(?:developed\s+)?(?:a\s+)?(?:history of\s+)?"
                                  rf"(?!{_NOT_A_CONDITION}){TERM}{STOP}", re.I),
     lambda m: [("conditions", name, f"with {name}") for name in _names(m[1])]),
    # "a diabetic patient", "an asthmatic child"; not "diabetic kidney disease" (a disease's own name)
    (re.compile(rf"\basthmatic\b{_PERSON_NEXT}", re.I), lambda m: [("conditions", "asthma", "with asthma")]),
    (re.compile(rf"\bdiabetic\b{_PERSON_NEXT}", re.I),
     lambda m: [("conditions", "diabetes mellitus", "with diabetes")]),
    (GROUP_NEONATE := re.compile(r"\b(?:newborn|neonate|neonatal)\b", re.I),
     lambda m: [("age_group", AgeGroup.NEONATE, "newborn")]),
    (GROUP_INFANT := re.compile(r"\b(?:infant|baby|toddler)\b", re.I),
     lambda m: [("age_group", AgeGroup.INFANT, "infant")]),
    (GROUP_ADOLESCENT := re.compile(r"\b(?:adolescent|teenager|teen)\b", re.I),
     lambda m: [("age_group", AgeGroup.ADOLESCENT, "adolescent")]),
    (GROUP_CHILD := re.compile(r"\b(?:child|children|kids?|boy|girl|pediatric|paediatric)\b", re.I),
     lambda m: [("age_group", AgeGroup.CHILD, "child")]),
    (GROUP_ELDERLY := re.compile(r"\b(?:elderly|geriatric|older adult|older patient|senior)\b", re.I),
     lambda m: [("age_group", AgeGroup.GERIATRIC, "elderly (65 or older)")]),
    (GROUP_FEMALE := re.compile(r"\b(?:woman|women|female|lady|mother)\b", re.I),
     lambda m: [("sex", Sex.FEMALE, "female")]),
    (GROUP_MALE := re.compile(r"\b(?:man|men|male|gentleman|father)\b", re.I), lambda m: [("sex", Sex.MALE, "male")]),
]
_CHINESE: list[Rule] = [
    (re.compile(rf"血?肌酐(?!清除)\s*(?:为|是|:|：)?\s*{NUMBER}\s*({CREATININE_UNITS})?", re.I),
     lambda m: _creatinine(m[1], m[2])),
    (GROUP_PREGNANT_ZH := re.compile(r"孕妇|怀孕|妊娠期?|孕期|孕[早中晚]期"),
     lambda m: [("pregnant", True, "pregnant"), ("sex", Sex.FEMALE, "female")]),
    (re.compile(r"哺乳期?"), lambda m: [("lactating", True, "breastfeeding")]),
    (re.compile(rf"{NUMBER}\s*(公斤|千克)"), lambda m: [("weight_kg", float(m[1]), f"weight {m[1]} kg")]),
    # an age: "N岁", "N月龄"; months, weeks and days only where they are said to be an age ("8个月大", "出生3天",
    # "宝宝8个月") — "黑便2天", "咳嗽3个月" are how long a complaint has lasted
    (re.compile(rf"{NUMBER}\s*(岁|月龄)|(?:出生后?|生后)\s*{NUMBER}\s*(个月|月|周|天)|"
                rf"{NUMBER}\s*(个月|周|天)(?=大|的(?:宝宝|婴儿|孩子|小孩|患儿|男婴|女婴|新生儿))|"
                rf"(?:宝宝|婴儿|孩子|小孩|患儿|男婴|女婴)[，,\s]*{NUMBER}\s*(个月|周|天)(?![前后来内])"),
     lambda m: [("age_years", _age(*_amount_and_unit(m)), "age {} {}".format(*_amount_and_unit(m)))]),
    (re.compile(r"(轻|中|重)度肝功能(?:不全|损害|损伤)"),
     lambda m: [("hepatic_impairment", _hepatic(m[1]), f"hepatic impairment ({_hepatic(m[1]).value})")]),
    (ORGAN_HEPATIC_ZH := re.compile(r"肝功能(?:不全|损害|损伤)|肝硬化"),
     lambda m: [("conditions", HEPATIC_CONDITION, HEPATIC_CONDITION)]),
    (ORGAN_RENAL_ZH := re.compile(r"肾功能(?:不全|损害|损伤)|肾衰竭?|慢性肾病"),
     lambda m: [("conditions", RENAL_CONDITION, RENAL_CONDITION)]),
    (re.compile(r"对([\u4e00-\u9fffA-Za-z]{1,10}?)过敏|(?:^|(?<=[，,。；\s]))([\u4e00-\u9fff]{2,6}?)过敏(?!性)"),
     lambda m: [("allergies", _english(m[1] or m[2]), f"allergic to {_english(m[1] or m[2])}")]),
    (re.compile(r"(?:正在|目前|长期)?(?:服用|在吃|使用)([\u4e00-\u9fffA-Za-z、和]{1,20}?)(?=的|，|,|。|？|\?|$|\s)"),
     lambda m: [("medications", name, f"taking {name}") for name in _medications(m[1])]),
    (re.compile(r"(?:(?<=[的，,、\s])|^|(?<=患有))([\u4e00-\u9fff]{2,6}?)(?:患者|病人)"),
     lambda m: [("conditions", _english(_condition_of(m)), f"with {_english(_condition_of(m))}")]),
    (GROUP_NEONATE_ZH := re.compile(r"新生儿"), lambda m: [("age_group", AgeGroup.NEONATE, "newborn")]),
    (GROUP_INFANT_ZH := re.compile(r"婴儿|婴幼儿|男婴|女婴"),
     lambda m: [("age_group", AgeGroup.INFANT, "infant"), *_sex_of(m[0])]),
    (GROUP_ADOLESCENT_ZH := re.compile(r"青少年"), lambda m: [("age_group", AgeGroup.ADOLESCENT, "adolescent")]),
    (GROUP_CHILD_ZH := re.compile(r"儿童|小孩|孩子|患儿|男孩|女孩|男童|女童"),
     lambda m: [("age_group", AgeGroup.CHILD, "child"), *_sex_of(m[0])]),
    (GROUP_ELDERLY_ZH := re.compile(r"老年人?|老人"),
     lambda m: [("age_group", AgeGroup.GERIATRIC, "elderly (65 or older)")]),
    (GROUP_FEMALE_ZH := re.compile(r"女性|妇女"), lambda m: [("sex", Sex.FEMALE, "female")]),
    (GROUP_MALE_ZH := re.compile(r"男性"), lambda m: [("sex", Sex.MALE, "male")]),
    # the sex a note's opening states (after the groups: 男孩 is a child too): "患者男，67岁", "男，45岁", "患儿女"
    (re.compile(r"(?:患者|病人|患儿)[，,：:\s]*([男女])(?![性婴孩])|(?:^|(?<=[，,。；：:\s]))([男女])(?=[，,、]\s*\d)|"
                r"(?:(?<=岁)|(?<=岁的)|(?<![\u4e00-\u9fff]))([男女])(?=孩|婴|童|性|士)"),
     lambda m: [("sex", Sex.MALE if _said(m) == "男" else Sex.FEMALE, "male" if _said(m) == "男" else "female")]),
]
# a kidney or liver disease that is what the question asks about, not the patient's trait: after "treatment for",
# "treat", "symptoms of" … with at most three words of its own name between ("best treatment for primary biliary
# cirrhosis", "treatment of liver cirrhosis"; not "dose of metformin in kidney disease"), or before a Chinese
# treatment or symptom cue ("肝硬化怎么治疗", "肾衰竭的症状"; not "肝硬化患者用什么药")
ASKED_ABOUT = re.compile(r"(?:\b(?:for|of|treat|treats|treating|manage|managing|cure|cures|causes?|about|is|are|"
                         r"diagnose|diagnosing|prevent|preventing|related\s+to|affected\s+by)|\(are\))\s+"
                         r"(?:(?!(?:in|with|and|on|taking|patients?|a|an|the|my)\b)[a-z'-]+\s+){0,3}$", re.I)
ASKED_ABOUT_ZH = re.compile(r"^的?(?:治疗|怎么治|如何治|怎样治|用什么药|吃什么药|症状|表现|病因|是什么|怎么办)")
_SUBJECT_RULES = {ORGAN_HEPATIC, ORGAN_RENAL, ALLERGY_AFTER}  # and "What are the treatments for Food allergy"
_SUBJECT_RULES_ZH = {ORGAN_HEPATIC_ZH, ORGAN_RENAL_ZH}
_GROUP_RULES = {GROUP_PREGNANT, GROUP_NEONATE, GROUP_INFANT, GROUP_ADOLESCENT, GROUP_CHILD, GROUP_ELDERLY, GROUP_FEMALE,
                GROUP_MALE}
_GROUP_RULES_ZH = {GROUP_PREGNANT_ZH, GROUP_NEONATE_ZH, GROUP_INFANT_ZH, GROUP_ADOLESCENT_ZH, GROUP_CHILD_ZH,
                   GROUP_ELDERLY_ZH, GROUP_FEMALE_ZH, GROUP_MALE_ZH}
# before a group word: it speaks of the patient ("a male patient", "my child", "the elderly", "a 14 kg child"); a
# bare preposition does not ("for Male Breast Cancer"), where the word after it must say so ("for kids?")
_GROUP_LEAD = re.compile(r"(?:\b(?:a|an|the|my|his|her|their|our|your|this|that|old|year|years)|\d)\s*$", re.I)
# after a group word: a person or the end of the phrase ("male patients", "children with", "a child?"), not a word it
# is joined to ("Senior-Løken syndrome", "Children's interstitial lung disease")
_GROUP_NEXT = re.compile(rf"^(?:\s*(?:$|[^\w\s'’-])|\s+[-–]|\s+(?:{_PERSONS}|"
                         r"girls?|boys?|infants?|babies|baby|and|or|with|who|whose|"
                         r"on|taking|in|for|is|are|was|were|has|have|had|can|could|should|may|might|aged?|under|over|"
                         r"weighing|of|at|after|during|when|while|to|that|take|takes|use|get|gets|need|needs|what|"
                         r"which|how|dose|doses|dosing|dosage|formulations?)\b)", re.I)


# a patient named before a ", with …" clause ("my mother, 70, with asthma", "a woman, with diabetes")
_PERSON_BEFORE = re.compile(r"\b(?:" + "|".join(PATIENT_WORDS) + r"|he|she|i|my|his|her|mother|father|son|daughter|"
                            r"wife|husband)\b|\d", re.I)


def _not_the_patients(question: str, pattern: re.Pattern[str], match: re.Match[str]) -> bool:
    """Whether what a rule matched is not about the patient: a group word inside a disease's name, an allergy denied,
    or a kidney or liver disease or an allergy the question asks about (``ASKED_ABOUT``)."""
    if pattern in _GROUP_RULES or pattern in _GROUP_RULES_ZH:
        return _in_a_name(question, pattern, match)
    if pattern is CONDITION_WITH and question[max(0, match.start() - 2):match.start()] == ", " \
            and not _PERSON_BEFORE.search(question[:match.start()]):
        return True  # "Neuropathy, congenital, with arthrogryposis multiplex": a name's clause, no patient before it
    if pattern is ALLERGY_TO:  # "not allergic to anything", "no known allergies to drugs"
        return bool(re.search(r"\b(?:not|no|never|n't)\s+(?:known\s+)?$", question[:match.start()], re.I)
                    or re.search(r"\b(?:anything|nothing)\b", match.group(1), re.I))
    if pattern in _SUBJECT_RULES:
        return bool(ASKED_ABOUT.search(question[:match.start()]))
    return pattern in _SUBJECT_RULES_ZH and bool(ASKED_ABOUT_ZH.match(question[match.end():]))


def _in_a_name(question: str, pattern: re.Pattern[str], match: re.Match[str]) -> bool:
    """Whether a group word is part of a disease's name ("Male Breast Cancer", "permanent neonatal diabetes
    mellitus", "Intrahepatic cholestasis of pregnancy"): no word about the patient before it and none after it; in
    Chinese, inside a longer name the lexicon knows ("老年痴呆", Alzheimer's disease)."""
    word = match.group(0)
    if pattern in _GROUP_RULES_ZH:
        return any(len(zh) > len(word) and word in zh and any(
            start <= match.start() and match.end() <= start + len(zh)
            for start in (m.start() for m in re.finditer(re.escape(zh), question)))
            for zh, _ in chinese_names(question))
    if pattern is GROUP_PREGNANT and re.search(r"\bof\s+$", question[:match.start()], re.I):
        return True
    return not _GROUP_LEAD.search(question[:match.start()]) and not _GROUP_NEXT.match(question[match.end():])


# A "with …" that names no patient trait: kept in the question
NOT_CONDITIONS = re.compile(r"^(?:the|a|an|it|this|that|food|meals?|water|alcohol|other|another|no|best)\b|"
                            r"^(?:男性|女性|男|女|老年|老年人|儿童|成人|成年|孕妇|住院|门诊|手术|该|此)$", re.I)


def parse_patient(question: str) -> ParsedPatient:
    """The patient stated in ``question`` (all rules, English and Chinese), what was understood, and the rest."""
    reading = _Reading(question)
    for pattern, values in (*_ENGLISH, *_CHINESE):
        for match in pattern.finditer(question):
            if not reading.free(*match.span()) or _not_the_patients(question, pattern, match):
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


_JOINING = (r"(?:(?<![\w])(?:in|for|with|who\s+is|who|and|taking|on|while|an?|the|my|weighing|weighs|weight)(?![\w])|"
            r"体重|的|和|且|是)")
GAP_EDGE = re.compile(rf"^(?:[\s,.;:，。、；：]|{_JOINING})+|(?:[\s,.;:，。、；：]|{_JOINING})+$", re.I)


def _gaps(question: str, spans: list[tuple[int, int]]) -> list[str]:
    """What the question says between its patient phrases, less the little words that join them: "阿莫西林治疗
    中耳炎[儿童]用量 [体重14公斤]" keeps "用量" (the words asked about); "[a 70 year old] with [CrCl 30]" keeps
    nothing."""
    ordered = sorted(spans)
    gaps, reach = [], ordered[0][1]
    for start, end in ordered[1:]:
        if start > reach:
            gap = GAP_EDGE.sub("", question[reach:start])
            if gap and not _only_patient_words(gap):
                gaps.append((" " if question[reach - 1:reach].isascii() else "") + gap)
        reach = max(reach, end)
    return gaps


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
    rest = (head + "".join(_gaps(question, spans)) + tail).strip()
    return rest if re.search(r"[\w\u4e00-\u9fff]", rest) else question


def _only_patient_words(tail: str) -> bool:
    return bool(re.fullmatch(r"[\s,.?!，。？]*(?:(?:woman|man|child|patient|girl|boy|adult|患者|的|儿童)[\s,.?!，。？]*)*",
                             tail, re.I))
