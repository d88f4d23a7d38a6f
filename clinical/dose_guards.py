"""What a label says that must stop a computed number: a pregnancy or breastfeeding warning against use, and a
renal or hepatic dose change written in words the rule parser does not read. Pure functions over label text; the
calculator (``clinical.dosing``) turns what they find into "not recommended" or a refusal with the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from clinical.patient import PatientContext
from graph.models import DoseRule
from nlp.dose_patterns import (FOR_ONE_INDICATION, FORM_AVOIDED, HEADING, NO_CHANGE, ONE_INDICATIONS_GROUP, PEDIATRIC,
                                RENAL_GRADE_BANDS, RENAL_MEASURE)
from nlp.dose_rules import conditions_of, population_of, sentences
from nlp.dose_tables import about_other_things, organ_caption

GROUP_WORDS = {"pregnancy": re.compile(r"pregnan|fetal|fetus|embryo", re.IGNORECASE),
               "lactation": re.compile(r"lactat|breast|nursing", re.IGNORECASE),
               "pediatric": PEDIATRIC}  # "children", not "Child-Pugh"
AGAINST_USE = re.compile(r"contraindicated|not recommended|should not be (?:used|administered|given|taken)|"
                         r"not to breast-?feed|(?:do|should) not breast-?feed|discontinue breast-?feeding|"
                         r"must not be|do not (?:use|administer|take)|\bavoid(?:ed)? (?:use|during|in)\b|"
                         r"discontinue\b[^.]{0,40}\bpregnan|(?:is|are) not to be used", re.IGNORECASE)
# "BIJUVA is not indicated for use in pregnancy": no indication the label has holds a pregnant woman
NOT_INDICATED = re.compile(r"\bnot\s+indicated\s+(?:for\s+use\s+)?(?:in|during)\b", re.IGNORECASE)
FETAL_HARM = re.compile(r"(?:may|can) cause fetal harm|fetal (?:toxicity|harm)|embryo-?fetal toxicity",
                        re.IGNORECASE)
RENAL_WORDS = re.compile(rf"\brenal\b|\bkidney\b|\b(?:{RENAL_MEASURE})\b", re.IGNORECASE)
UNGRADED_RENAL = re.compile(r"\b(?:patients\s+with\s+)?renal\s+(?:impairment|insufficiency)\b", re.IGNORECASE)
HEPATIC_WORDS = re.compile(r"\bhepatic\s+impairment\b|\bhepatically\s+impaired\b|\bChild[- ]Pugh\b|"
                           r"\bbilirubin\s+(?:above|greater|>|≥)", re.IGNORECASE)
_CHANGE = (r"\breduc|\bdecreas|\badjust|\blower\b|\bmodif|\b(?:doses|dosages)\s+less\s+than\b|"
           r"\bnot\s+recommended\b|\bno\s+recommended\s+dos|\bavoid\b|"
           r"\bcontraindicated\b|"
           r"\bnot\s+(?:been\s+)?established\b|"
           r"\b(?:should|must|do|does)\s+not\s+exceed\b|\bnot\s+to\s+exceed\b|"  # a maximum for the grade
           # a dose stated for the grade ("The recommended starting dose is 200 mg KISQALI once daily for patients with
           # severe renal impairment")
           r"\brecommended\s+(?:starting\s+|initial\s+)?(?:dose|dosage)\s+(?:is|of)\b[^.;\d]{0,30}\d")
RENAL_CHANGE = re.compile(_CHANGE, re.IGNORECASE)
# words of a change that say something else: "patients with reduced renal function … require more intensive
# prophylaxis and monitoring to reduce the risk of TLS" (venetoclax 8.6) changes no dose
NOT_A_CHANGE = re.compile(r"\b(?:reduced|decreased|impaired|diminished|lower)\s+(?:renal|kidney|hepatic|liver)\s+"
                          r"function\b|\breduce\s+the\s+risk\b", re.IGNORECASE)
# managing a toxicity, not dosing an impairment: "Serum transaminases > 3 × ULN and concomitant total bilirubin
# > 2 × ULN Permanently discontinue …", "Grade 4 (> 10× the ULN) …" (flattened adverse-reaction tables)
TOXICITY = re.compile(r"\bGrade\s+[1-4]\b|\bpermanently\s+discontinue|\bwithhold\b|\bresume\b", re.IGNORECASE)

# hepatic sentences also change the dose by a percentage or say the drug was not studied in that class
HEPATIC_CHANGE = re.compile(_CHANGE + r"|\bnot\s+(?:been\s+)?studied\b|%", re.IGNORECASE)
# "The mean systemic exposure (AUC) was increased by 40% in patients with mild impairment": a measurement, which
# changes no dose unless the sentence speaks of one
EXPOSURE_REPORT = re.compile(r"\b(?:AUC|C\s?max|exposure|(?<!creatinine\s)clearance|half-life|"
                             r"plasma\s+concentrations?)\b", re.IGNORECASE)
DOSE_WORD = re.compile(r"\bdos(?:e|es|age|ing)\b", re.IGNORECASE)


def warned_groups(patient: PatientContext) -> list[str]:
    """The label-warning populations whose statements can stop a number for this patient."""
    pediatric = patient.age_group is not None and patient.age_group.pediatric
    hepatic = patient.hepatic_impairment is not None and patient.hepatic_impairment.value != "none"
    renal = _renal_grade(patient) is not None
    return [g for g, wanted in (("pregnancy", patient.pregnant), ("lactation", patient.lactating),
                                ("pediatric", pediatric), ("hepatic", hepatic), ("renal", renal)) if wanted]


def group_statements(warnings: Sequence[Mapping[str, Any]],
                      patient: PatientContext) -> tuple[list[tuple[Mapping[str, Any], str]], list[str]]:
    """(warnings against use for this pregnant, breastfeeding or young patient with the sentence that says so,
    cautions quoting what the label only warns). A patient with hepatic or renal impairment: only a contraindication,
    or a text as firm ("avoid use … in patients with … hepatic disease", an 8.7 subsection's "contraindicated in
    patients with moderate … hepatic impairment"), that names the condition, at the patient's grade or below the
    clearance where it states them ("should not be administered to patients with hepatic disease or significant
    hepatic dysfunction", "contraindicated in patients with preexisting renal impairment"); renal doses are read from
    the dose rules."""
    groups = set(warned_groups(patient))
    against, warned = [], []
    for row in warnings:
        group, kind, text = row.get("population"), row.get("kind"), row.get("text") or ""
        if group not in groups:
            continue
        if group in ("hepatic", "renal"):
            against_condition = _against_hepatic if group == "hepatic" else _against_renal
            named = next((s for s in _sentence_texts(text)
                          if against_condition(s, patient, kind == "contraindication" and _list_item(s))), None)
            if named and (kind == "contraindication" or _against_use(named)):
                against.append((row, named))  # or a warning that says as firmly to avoid use ("avoid use of
                # metformin … in patients with clinical or laboratory evidence of hepatic disease")
            continue
        naming = [s for s in _sentence_texts(text) if GROUP_WORDS[group].search(s)]
        if group == "pediatric":  # a child: only a firm sentence whose ages, where it states them, hold the child's
            naming = [s for s in naming if _against_children(s) and _ages_hold(s, patient)]
        firm = next((s for s in naming if AGAINST_USE.search(s)
                     or group == "pregnancy" and NOT_INDICATED.search(s)), None)
        if kind in ("contraindication", "boxed-warning") and naming:
            against.append((row, firm or naming[0]))
        elif firm:
            against.append((row, firm))
        elif group == "pregnancy" and (harm := next((s for s in naming if FETAL_HARM.search(s)), None)):
            warned.append(f"the label warns about use in pregnancy: \"{harm.strip()}\"")
    return against, list(dict.fromkeys(warned))


HEPATIC_GRADED = re.compile(r"\b(?:mild|moderate|severe)\b|Child[- ]Pugh\s+(?:class(?:es)?\s+)?[ABC]\b", re.IGNORECASE)


def _hepatic_grade_holds(sentence: str, grade: str) -> bool:
    """The sentence names the patient's hepatic grade (by word or Child-Pugh class), or names no grade at all."""
    letter = {"mild": "A", "moderate": "B", "severe": "C"}.get(grade, "")
    return not HEPATIC_GRADED.search(sentence) or bool(re.search(
        rf"\b{grade}\b|Child[- ]Pugh\s+(?:class(?:es)?\s+)?(?:[ABC]\s*(?:,|or|and)\s*)*{letter}\b", sentence,
        re.IGNORECASE))


def _renal_grade(patient: PatientContext) -> str | None:
    """"severe" below CrCl/eGFR 30, "moderate" below 60, else None (the bands the dose parser reads grades named
    without a range by, ``nlp.dose_patterns.RENAL_GRADE_BANDS``)."""
    value = patient.renal_function
    if value is None or value >= RENAL_GRADE_BANDS["moderate"][1]:
        return None
    return "severe" if value < RENAL_GRADE_BANDS["severe"][1] else "moderate"


# a liver condition a patient with hepatic impairment has ("hepatic disease", "significant hepatic dysfunction",
# "severe hepatic impairment (Child-Pugh C)", "decompensated cirrhosis"), not a liver adverse reaction
HEPATIC_CONDITION = re.compile(r"\b(?:hepatic|liver)\s+(?:disease|impairment|dysfunction|insufficiency|cirrhosis)\b|"
                               r"\bChild[- ]Pugh\b|\bcirrhosis\b", re.IGNORECASE)


# "Dose adjustment is not recommended": advice about the dose, not against the drug
CHANGE_NOT_RECOMMENDED = re.compile(r"\b(?:adjustment|reduction|modification|change|titration)s?\s+(?:\w+\s+){0,3}"
                                    r"(?:is|are)\s+not\s+(?:recommended|necessary|required)\b", re.IGNORECASE)


def _against_use(sentence: str) -> bool:
    return AGAINST_USE.search(sentence) is not None and not CHANGE_NOT_RECOMMENDED.search(sentence)


# "6. Liver dysfunction or disease." in a contraindications list: the section says it is against use; a sentence
# with a verb ("Renal failure has occurred in patients receiving …") says something else
LIST_ITEM = re.compile(r"^\W*(?:\d{1,2}[.)]\s+|[•●▪-]\s*)")
VERB = re.compile(r"\b(?:has|have|had|was|were|is|are|occurr\w*|reported|may|can|should|increas\w*)\b", re.IGNORECASE)


def _list_item(sentence: str) -> bool:
    return bool(LIST_ITEM.match(sentence)) or (len(sentence) < 80 and not VERB.search(sentence))


# "a previous history of cholestatic jaundice/hepatic dysfunction associated with treatment with amoxicillin and
# clavulanate potassium": a reaction the patient had to the drug, not the patient's liver
DRUG_REACTION_HISTORY = re.compile(r"\bhistory\s+of\b[^.]{0,80}?\b(?:associated\s+with|induced\s+by|caused\s+by|due\s+to)\s+"
                                   r"(?:prior\s+|previous\s+)?(?:treatment|use|therapy|administration)\b", re.IGNORECASE)


def _against_hepatic(sentence: str, patient: PatientContext, listed: bool = False) -> bool:
    """A sentence against use in patients with a liver condition (or a liver condition a contraindications section
    lists), at the patient's grade where it names grades."""
    if not HEPATIC_CONDITION.search(sentence) or not (listed or _against_use(sentence) or
                                                      re.search(r"\bcontraindicat", sentence, re.IGNORECASE)) \
            or DRUG_REACTION_HISTORY.search(sentence):
        return False
    grade = patient.hepatic_impairment.value if patient.hepatic_impairment is not None else "none"
    # "decompensated cirrhosis / liver disease", not a contraindication list's "Decompensated cardiac failure"
    if re.search(r"\bdecompensated\s+(?:\w+\s+)?(?:cirrhosis|liver|hepatic)\b|\bacute\s+liver\s+failure\b", sentence,
                 re.IGNORECASE):
        return grade in ("moderate", "severe")  # decompensated cirrhosis: Child-Pugh B or C, not A
    return _hepatic_grade_holds(sentence, grade)


RENAL_CONDITION = re.compile(r"\b(?:renal|kidney)\s+(?:impairment|insufficiency|disease|dysfunction|failure)\b|"
                             r"\banuri", re.IGNORECASE)
RENAL_BELOW = re.compile(r"\b(?:CrCl|CLcr|creatinine\s+clearance|eGFR)\s*(?:of\s+)?(?:<|≤|less\s+than|below|under)\s*"
                         r"(\d+(?:\.\d+)?)", re.IGNORECASE)
RENAL_FAILURE_ONLY = re.compile(r"\bfailure\b|\bend[- ]stage\b|\b(?:hemo)?dialysis\b|\banuri", re.IGNORECASE)


def _against_renal(sentence: str, patient: PatientContext, listed: bool = False) -> bool:
    """A contraindication for patients with impaired kidneys (or a sentence as firm: "not recommended for use in
    patients with … severe renal impairment (creatinine clearance <30mL/min)") that holds this patient: below the
    clearance it states,
    at the grade it names ("severe renal impairment": below 30 mL/min), kidney failure, end-stage disease or anuria
    only below 30 mL/min, and any impairment (below 60 mL/min) where it names none ("preexisting renal impairment")."""
    value = patient.renal_function
    contraindication = listed or re.search(r"\bcontraindicat", sentence, re.IGNORECASE) is not None
    if value is None or not (contraindication or _firm_for(sentence, patient)) or not (
            RENAL_CONDITION.search(sentence) or RENAL_BELOW.search(sentence)):
        return False
    if (below := RENAL_BELOW.search(sentence)) is not None:
        return value < float(below.group(1))
    grade = _renal_grade(patient)
    if grade is None:
        return False
    if RENAL_FAILURE_ONLY.search(sentence) and not re.search(r"impairment|insufficiency", sentence, re.IGNORECASE):
        # a contraindication's kidney failure from severe impairment on; advice against use in end-stage disease
        # only where the kidneys have failed ("not recommended in patients with end-stage renal disease")
        return grade == "severe" and (contraindication or value < RENAL_GRADE_BANDS["severe"][0])
    return _speaks_of(sentence, grade)


# "Doses of Toviaz greater than 4 mg are not recommended": a limit on the dose, not advice against the drug
DOSE_ABOVE = re.compile(r"\b(?:doses?|dosages?)\s+(?:of\s+\S+\s+)?(?:greater|higher|more|above|exceeding|in\s+excess)\b",
                        re.IGNORECASE)


def _firm_for(sentence: str, patient: PatientContext) -> bool:
    """A sentence that is not a contraindication but advises as firmly against use ("is not recommended in
    patients with …"), for this patient: not a limit on the dose, not for one indication's patients ("Use in
    patients with atopic dermatitis … with end stage renal disease is not recommended"), not for children when the
    patient is an adult nor for children of other ages."""
    if not _against_use(sentence) or DOSE_ABOVE.search(sentence) or ONE_INDICATIONS_GROUP.search(sentence) \
            or FOR_ONE_INDICATION.search(sentence):
        return False
    if PEDIATRIC.search(sentence):
        return patient.age_group is not None and patient.age_group.pediatric and _ages_hold(sentence, patient)
    return True


def _against_children(sentence: str) -> bool:
    """A sentence that advises against use in children: the cue and the children within a clause of each other
    ("… is not recommended for use in pediatric patients"), not a breastfed infant or a list that names both apart,
    nor advice for one indication ("not recommended for pediatric use in JRA": other indications may dose children)."""
    if GROUP_WORDS["lactation"].search(sentence) or GROUP_WORDS["pregnancy"].search(sentence) \
            or FORM_AVOIDED.search(sentence):  # "The use of tablets for … children … is not recommended": a form
        return False
    return any(abs(cue.start() - child.start()) <= 100 and not FOR_ONE_INDICATION.search(sentence[cue.start():])
               for cue in AGAINST_USE.finditer(sentence) for child in PEDIATRIC.finditer(sentence))


def _ages_hold(sentence: str, patient: PatientContext) -> bool:
    """A sentence about children states no ages, or ages that hold the patient's ("contraindicated in children
    younger than 12 years" holds a 10-year-old, not a 14-year-old; unknown age: it cannot be told)."""
    ages = population_of(sentence).get("age_years")
    if ages is None:
        return True
    return patient.age_years is not None and ages.contains(patient.age_years)


class Unread(NamedTuple):
    """A dosing sentence that stops a number: where it is (the text's index), the reason to show, the sentence,
    and whether it advises against use (shown as "not recommended") rather than changing the dose."""
    index: int
    reason: str
    sentence: str
    against: bool


def hepatic_unread(texts: Sequence[str], applicable: Sequence[DoseRule],
                   patient: PatientContext) -> Unread | None:
    """What stops a number when the patient has hepatic impairment, no rule read from the label is for it, and the label's dosing text changes the dose for it in words this tool does not read
    ("reduce the once daily dose by 50 % for patients with severe hepatic impairment (Child-Pugh C)")."""
    grade = patient.hepatic_impairment.value if patient.hepatic_impairment is not None else "none"
    if grade == "none" or any(r.hepatic for r in applicable):
        return None
    for index, text in enumerate(texts):
        if about_other_things(text):
            continue
        caption = organ_caption(text)  # a table of doses for this grade that gave no rule
        if caption and HEPATIC_WORDS.search(caption) and _hepatic_grade_holds(caption, grade):
            return _unread(index, caption, f"{grade} hepatic impairment")
        said = _under_headings(text)
        for at, (sentence, heading) in enumerate(said):
            if re.search(r"\bhepatic\b", heading, re.IGNORECASE) and IMPAIRED.search(heading) \
                    and STATED_DOSE.search(sentence) and not HEPATIC_WORDS.search(sentence) \
                    and not HEPATIC_GRADED.search(heading):
                if at and BACK_REFERENCE.search(sentence) and not _hepatic_grade_holds(said[at - 1][0], grade):
                    continue  # "in these patients" after a sentence about another grade
                return _unread(index, sentence, f"{grade} hepatic impairment")  # a dose under "… Hepatic Impairment"
            if not HEPATIC_WORDS.search(sentence) or NO_CHANGE.search(sentence) or TOXICITY.search(sentence):
                continue
            if _hepatic_grade_holds(sentence, grade) and _changes_dose(sentence):  # ungraded: every class
                return _unread(index, sentence, f"{grade} hepatic impairment")
    return None


# a sentence that speaks of the patients the sentence before names ("the maximum dosage in this population is 5 mg")
BACK_REFERENCE = re.compile(r"\b(?:this|that)\s+(?:patient\s+)?(?:population|group)\b|\b(?:these|such)\s+patients\b",
                            re.IGNORECASE)


def _changes_dose(sentence: str, renal: bool = False) -> bool:
    """Whether a sentence about the patient's liver (or, ``renal``, kidneys) changes the dose: a report of exposure,
    clearance or concentrations ("Clearance of quinine is decreased in patients with severe chronic renal failure")
    does only where it also speaks of the dose or advises against use; "not studied" changes a hepatic dose only (a
    renal one gets a caution); a dose stated for a renal group ("Patients with Severe Chronic Renal Impairment: One
    loading dose of 648 mg …") changes it."""
    if EXPOSURE_REPORT.search(sentence) and not DOSE_WORD.search(sentence):
        unstudied = not renal and re.search(r"\bnot\s+(?:been\s+)?studied\b", sentence, re.IGNORECASE)
        return bool(unstudied or re.search(r"\bnot\s+recommended\b|\bavoid\b|\bcontraindicated\b|"
                                           r"\bnot\s+(?:been\s+)?established\b", sentence, re.IGNORECASE))
    change = RENAL_CHANGE if renal else HEPATIC_CHANGE
    return bool(change.search(NOT_A_CHANGE.sub(" ", sentence))) or (renal and bool(STATED_DOSE.search(sentence)))


def renal_unread(texts: Sequence[str], applicable: Sequence[DoseRule],
                 patient: PatientContext) -> Unread | None:
    """What stops a number when the patient's kidneys are impaired (CrCl/eGFR < 60), no
    rule read from the label is for that, and the label's dosing text changes the dose for the patient's degree of
    impairment ("severe renal impairment": < 30; "moderate": 30–59) in words this tool does not read."""
    grade = _renal_grade(patient)
    if grade is None or any(r.renal is not None for r in applicable):
        return None
    for index, text in enumerate(texts):
        if about_other_things(text):
            continue
        caption = organ_caption(text)  # a table of doses for this grade that gave no rule
        if caption and RENAL_WORDS.search(caption) and _renal_holds(caption, patient, grade):
            return _unread(index, caption, f"{grade} renal impairment")
        said = _under_headings(text)
        for at, (sentence, heading) in enumerate(said):
            if RENAL_WORDS.search(heading) and IMPAIRED.search(heading) and STATED_DOSE.search(sentence) \
                    and not RENAL_WORDS.search(sentence) \
                    and not re.search(r"\b(?:mild|moderate|severe)\b", heading, re.IGNORECASE):
                if at and BACK_REFERENCE.search(sentence) and not _renal_holds(said[at - 1][0], patient, grade):
                    continue  # "… patients with renal failure on chronic hemodialysis … the maximum dosage in this
                    # population is 5 mg per day": not a CrCl of 50
                if RENAL_FAILURE_ONLY.search(sentence) and not _renal_holds(sentence, patient, grade):
                    continue  # "In patients on hemodialysis, the maximum dosage of MOBIC is 7.5 mg per day"
                return _unread(index, sentence, f"{grade} renal impairment")  # a dose under "… Renal Impairment"
            if not RENAL_WORDS.search(sentence) or NO_CHANGE.search(sentence) or TOXICITY.search(sentence) \
                    or not _changes_dose(sentence, renal=True):
                continue
            bounds = conditions_of(sentence).get("renal")
            if bounds is not None and not bounds.contains(patient.renal_function):
                continue  # "… not recommended … end stage renal disease (eGFR less than 15 …)": not an eGFR of 21
            stated = re.search(rf"\b{grade}\b(?:[^.;]{{0,20}}\b(?:renal|kidney))", sentence, re.IGNORECASE)
            graded = re.search(r"\b(?:mild|moderate|severe)\b", sentence, re.IGNORECASE)
            if stated or (not graded and UNGRADED_RENAL.search(sentence)):
                return _unread(index, sentence, f"{grade} renal impairment")
    return None


IMPAIRED = re.compile(r"\b(?:impairment|insufficiency|disease|dysfunction)\b", re.IGNORECASE)
NOT_STUDIED = re.compile(r"\bnot\s+(?:been\s+)?(?:adequately\s+|formally\s+|specifically\s+)?(?:studied|evaluated)\b|"
                         r"\b(?:effect|pharmacokinetics)\b[^.;]{0,160}\b(?:is|are)\s+unknown\b|"
                         r"\bno\s+(?:clinical\s+)?data\s+(?:are|is)\s+available\b|"
                         r"\b(?:safety|efficacy|effectiveness|pharmacokinetics)\b[^.;]{0,60}\bnot\s+(?:been\s+)?"
                         r"(?:established|studied|evaluated)\b", re.IGNORECASE)


# "should be used with caution in patients with hepatic impairment", "patients with hepatic disease may require
# reduced doses": a caution the label gives without a dose of its own
CAUTION = re.compile(r"\bused?\s+(?:\w+\s+){0,2}with\s+caution\b|\bcaution\s+(?:should\s+be\s+(?:used|exercised)|"
                     r"is\s+(?:advised|recommended))\b|\bmay\s+(?:require|need)\s+(?:a\s+)?(?:reduced|lower)\s+dos|"
                     r"\bdose\s+reduction\s+(?:should|may)\s+be\s+considered\b", re.IGNORECASE)
# a renal or kidney condition, as an ungraded caution names it (not "renal cell carcinoma"); broader than
# UNGRADED_RENAL, which refuses a dose: widening that one refused 18 labels' usual doses over the survey
IMPAIRED_KIDNEYS = re.compile(r"\b(?:renal|kidney)\s+(?:impairment|insufficiency|dysfunction|disease|failure)\b|"
                              r"\bimpaired\s+(?:renal|kidney)\s+function\b", re.IGNORECASE)
# a sentence that names a grade or a range: it speaks of that grade only
GRADED = re.compile(r"\b(?:mild|moderate|severe|end[- ]stage|Child[- ]Pugh|ESRD|dialysis)\b|\d\s*mL/min", re.IGNORECASE)


def not_studied(texts: Sequence[str], patient: PatientContext) -> tuple[str, ...]:
    """Cautions for a dose the label computes for this patient while saying that patients of its renal or hepatic
    grade were not studied ("TABRECTA has not been studied in patients with severe renal impairment (CLcr 15 to 29
    mL/min)") or are to be dosed with care ("EVISTA should be used with caution in patients with hepatic
    impairment"): the sentence, quoted; the dose itself is the label's usual one. A sentence that names no grade
    speaks of every grade."""
    renal = _renal_grade(patient)
    hepatic = patient.hepatic_impairment.value if patient.hepatic_impairment is not None else None
    found = []
    for text in texts:
        for sentence in _sentence_texts(text):
            studied, careful = NOT_STUDIED.search(sentence), CAUTION.search(sentence)
            if not (studied or careful) or AGAINST_USE.search(sentence):
                continue
            if PEDIATRIC.search(sentence) and not (patient.age_group is not None and patient.age_group.pediatric):
                continue  # "no data … in pediatric patients with renal impairment": not this adult
            said = f"was not studied: \"{sentence.strip()[:240]}\"" if studied else \
                f"calls for caution: \"{sentence.strip()[:240]}\""
            if renal and (IMPAIRED_KIDNEYS if not GRADED.search(sentence) else RENAL_WORDS).search(sentence) \
                    and _speaks_of(sentence, renal):
                found.append(f"the label says {renal} renal impairment {said}" if GRADED.search(sentence) else
                             f"the label says renal impairment {said}")
            elif hepatic and hepatic != "none" and HEPATIC_WORDS.search(sentence) and _speaks_of(sentence, hepatic):
                found.append(f"the label says {hepatic} hepatic impairment {said}" if GRADED.search(sentence) else
                             f"the label says hepatic impairment {said}")
    return tuple(dict.fromkeys(found))


def unstudied_unread(texts: Sequence[str], applicable: Sequence[DoseRule],
                     patient: PatientContext) -> Unread | None:
    """What stops a number when the label says patients of this patient's renal or hepatic grade were not studied,
    or that their pharmacokinetics are unknown ("TABRECTA has not been studied in patients with severe renal
    impairment (CLcr 15 to 29 mL/min)"), and no rule read from the label is for that grade: the label's usual dose
    was not shown to hold for this patient, so the text is shown instead of a number. A sentence that names no grade
    speaks of every grade; one that states a clearance range, of that range only."""
    renal = _renal_grade(patient) if not any(r.renal is not None for r in applicable) else None
    hepatic = patient.hepatic_impairment.value if patient.hepatic_impairment is not None else "none"
    hepatic = None if hepatic == "none" or any(r.hepatic for r in applicable) else hepatic
    if renal is None and hepatic is None:
        return None
    for index, text in enumerate(texts):
        if about_other_things(text):
            continue
        said = _sentence_texts(text)
        careful = [s for s in said if CAUTION.search(s)]  # "caution should be exercised …": use, with care
        for sentence in said:
            if not NOT_STUDIED.search(sentence) or AGAINST_USE.search(sentence) or CAUTION.search(sentence):
                continue
            if PEDIATRIC.search(sentence) and not (patient.age_group is not None and patient.age_group.pediatric):
                continue  # "no data … in pediatric patients with renal impairment": not this adult
            if renal and RENAL_WORDS.search(sentence) and _renal_holds(sentence, patient, renal) \
                    and not any(IMPAIRED_KIDNEYS.search(s) or RENAL_WORDS.search(s) for s in careful):
                return Unread(index, f"the label says patients with {renal} renal impairment were not studied and "
                                     f"states no dose for them (\"{sentence.strip()[:200]}\"); read the text",
                              sentence.strip(), against=False)
            if hepatic and HEPATIC_WORDS.search(sentence) and _hepatic_grade_holds(sentence, hepatic) \
                    and _speaks_of(sentence, hepatic) and not any(HEPATIC_WORDS.search(s) for s in careful):
                return Unread(index, f"the label says patients with {hepatic} hepatic impairment were not studied "
                                     f"and states no dose for them (\"{sentence.strip()[:200]}\"); read the text",
                              sentence.strip(), against=False)
    return None


def _renal_holds(sentence: str, patient: PatientContext, grade: str) -> bool:
    """A renal sentence speaks of this patient: the clearance range it states holds the patient's value ("CLcr <
    30 mL/min"), or it names the patient's grade, or end-stage disease or dialysis for a clearance below 15, or no
    grade at all."""
    bounds = conditions_of(sentence).get("renal")
    if bounds is not None:
        return bounds.contains(patient.renal_function)
    if RENAL_FAILURE_ONLY.search(sentence) and not re.search(r"\b(?:mild|moderate|severe)\b", sentence, re.IGNORECASE):
        return patient.renal_function is not None and patient.renal_function < 15
    return _speaks_of(sentence, grade)


def _speaks_of(sentence: str, grade: str) -> bool:
    return bool(re.search(rf"\b{grade}\b", sentence, re.IGNORECASE)) or not GRADED.search(sentence)


# "PATIENTS WITH RENAL IMPAIRMENT AND/OR NITROGEN RETENTION SHOULD RECEIVE REDUCED DOSES" (streptomycin's boxed
# warning): the dose must change, by an amount the sentence does not give
DOSE_MUST_CHANGE = re.compile(r"\b(?:reduced|lower|adjusted|smaller)\s+(?:doses?|dosages?)\b|"
                              r"\b(?:reduce|adjust|lower)\s+(?:the\s+)?(?:dose|dosage)\b|"
                              r"\b(?:dose|dosage)\s+(?:reduction|adjustment)s?\s+(?:is|are|should|must)\b",
                              re.IGNORECASE)


def boxed_dose_change(warnings: Sequence[Mapping[str, Any]],
                      patient: PatientContext) -> tuple[Mapping[str, Any], str] | None:
    """(row, sentence) of a Boxed Warning that tells to change the dose for the patient's kidneys or liver without
    the amount: no number is computed from the usual dose then. Renal: a CrCl/eGFR below 60 and the sentence's grade,
    where it names one; hepatic: any grade the sentence names."""
    renal_grade = _renal_grade(patient)
    hepatic = patient.hepatic_impairment.value if patient.hepatic_impairment is not None else None
    for row in warnings:
        group = row.get("population")
        if row.get("kind") != "boxed-warning" or group not in ("renal", "hepatic"):
            continue
        words, grade = (RENAL_WORDS, renal_grade) if group == "renal" else (HEPATIC_CONDITION, hepatic)
        if grade is None:
            continue
        for sentence in _sentence_texts(str(row.get("text") or "")):
            if words.search(sentence) and DOSE_MUST_CHANGE.search(sentence) and not NO_CHANGE.search(sentence) \
                    and _speaks_of(sentence, grade):
                return row, sentence
    return None


# a sentence that states a dose with its amount ("the recommended dosage of PERSERIS is 90 mg once monthly")
STATED_DOSE = re.compile(r"\b(?:dose|dosage)\b[^.;]{0,60}?\b\d+(?:\.\d+)?\s*(?:mg|mcg|g|mL|units?)\b", re.IGNORECASE)


# "The safety and effectiveness of YERVOY have not been established in pediatric patients for the adjuvant treatment
# of melanoma or for the treatment of advanced renal cell carcinoma, …": those indications' doses are no child's
UNPROVEN_IN_CHILDREN = re.compile(
    r"\bnot\s+(?:been\s+)?established\s+in\s+(?:pediatric|paediatric)\s+patients\s+for\s+(?P<indications>[^.;]+)",
    re.IGNORECASE)
_INDICATION_LIST = re.compile(r"\s*,\s*(?:or\s+|and\s+)?(?:for\s+)?|\s+(?:or|and)\s+for\s+|\s+or\s+", re.IGNORECASE)
_INDICATION_LEAD = re.compile(r"^(?:the\s+)?(?:(?:treatment|prevention|management)\s+of\s+)?(?:the\s+)?"
                              r"(?:patients\s+with\s+)?", re.IGNORECASE)


def unproven_pediatric_indications(texts: Sequence[str]) -> tuple[str, ...]:
    """The indications a label says are not established in children ("the adjuvant treatment of melanoma" → "adjuvant
    treatment of melanoma", "the treatment of advanced renal cell carcinoma" → "advanced renal cell carcinoma"), lower
    case as written; a dose stated under one of them is not a child's."""
    found = [plain.lower() for text in texts for sentence in _sentence_texts(text)
             for match in UNPROVEN_IN_CHILDREN.finditer(sentence)
             for part in _INDICATION_LIST.split(match["indications"])
             if " " in (plain := _INDICATION_LEAD.sub("", part.strip(" ,")).strip())]
    return tuple(dict.fromkeys(found))


def _sentence_texts(text: str) -> list[str]:
    """The sentences of a dosing text as the dose parser splits them (``nlp.dose_rules.sentences``): one splitter,
    so a guard never reads two of the parser's sentences as one ("…therapy (2)The daily dose …")."""
    return [sentence.text for sentence in sentences(text)]


def _under_headings(text: str) -> list[tuple[str, str]]:
    """Each sentence with the numbered subsection heading it stands under ("2.2 Dosage Recommendations for Patients
    with Renal or Hepatic Impairment"), or "" before the first."""
    found, heading = [], ""
    for sentence in _sentence_texts(text):
        at = None
        for at in HEADING.finditer(sentence):
            pass
        if at is not None:
            heading = at.group("words")
        found.append((sentence, heading))
    return found


# "doses greater than 400 mg are not recommended": a limit on the dose, not advice against the drug
DOSES_ABOVE = re.compile(r"\bdoses?\s+(?:greater|higher|more)\s+than\b|\bdoses?\s+(?:above|exceeding|over)\b",
                         re.IGNORECASE)


def _unread(index: int, sentence: str, condition: str) -> Unread:
    # "GALAFOLD is not recommended for use in patients with severe renal impairment"
    if AGAINST_USE.search(sentence) and not DOSES_ABOVE.search(sentence):
        return Unread(index, f"The label advises against use in {condition} (see its sentence).", sentence.strip(),
                      against=True)
    return Unread(index, f"the label changes the dose for {condition} in words this tool does not read "
                         f"(\"{sentence.strip()[:200]}\"); read the text", sentence.strip(), against=False)


# "in patients with at least two of the following characteristics: age greater than or equal to 80 years, body weight
# less than or equal to 60 kg, or serum creatinine greater than or equal to 1.5 mg/dL" (apixaban): a dose for a count
# of criteria, which no rule reads
AT_LEAST = re.compile(r"\bat\s+least\s+(?P<n>two|three|2|3)\s+of\s+the\s+following\s+(?:characteristics|criteria|"
                      r"factors|conditions)\b", re.IGNORECASE)
_AT_LEAST_OR_MORE = r"(?:greater\s+than\s+or\s+equal\s+to|≥|>=|at\s+least)"
_AT_MOST = r"(?:less\s+than\s+or\s+equal\s+to|≤|<=|at\s+most)"
CRITERIA = {
    "age": re.compile(rf"\bage\s+{_AT_LEAST_OR_MORE}\s*(?P<value>\d+)\s*years\b|\bage\s+(?P<older>\d+)\s+years\s+or\s+"
                      r"older\b", re.IGNORECASE),
    "weight": re.compile(rf"\b(?:body\s+)?weight\s+{_AT_MOST}\s*(?P<value>\d+(?:\.\d+)?)\s*kg\b", re.IGNORECASE),
    "serum creatinine": re.compile(rf"\bserum\s+creatinine\s+{_AT_LEAST_OR_MORE}\s*(?P<value>\d+(?:\.\s?\d+)?)\s*"
                                   r"mg\s*/\s*dL\b", re.IGNORECASE),
}
CRITERION_UNITS = {"age": "years", "weight": "kg", "serum creatinine": "mg/dL"}


SENTENCE_END = re.compile(r"\.(?=\s)")


class CriteriaCount(NamedTuple):
    """A dose the label sets for patients with "at least N of the following characteristics", and this patient's
    count: the text's index, the sentence (as it stands in the text), where its list of criteria ends in the text,
    how many are needed, met and not known (a value not given), and the criteria as said."""
    index: int
    sentence: str
    sentence_start: int
    list_start: int
    list_end: int
    needed: int
    met: int
    unknown: tuple[str, ...]
    named: tuple[str, ...]


def criteria_count(texts: Sequence[str], patient: PatientContext) -> CriteriaCount | None:
    """The first "at least two of the following characteristics" list (age, weight, serum creatinine) of the texts
    that this patient has or may have enough of; None when none, or for a child (the criteria are adults': age ≥ 80
    years; a child's doses are the label's pediatric ones)."""
    if patient.age_group is not None and patient.age_group.pediatric:
        return None
    for index, text in enumerate(texts):
        for found in AT_LEAST.finditer(text):
            needed = {"two": 2, "three": 3}.get(found["n"].lower(), None) or int(found["n"])
            listed = text[found.end():found.end() + 400]  # the list runs on past the parser's sentence ends ("1.5")
            met, unknown, named, list_end = 0, [], [], found.end()
            for criterion, pattern in CRITERIA.items():
                stated = pattern.search(listed)
                if stated is None:
                    continue
                list_end = max(list_end, found.end() + stated.end())
                limit = float((stated["value"] if "value" in stated.groupdict() and stated["value"]
                               else stated.groupdict().get("older")).replace(" ", ""))
                named.append(f"{criterion} {'≤' if criterion == 'weight' else '≥'} {limit:g} "
                             f"{CRITERION_UNITS[criterion]}")
                value = {"age": patient.age_years, "weight": patient.weight_kg,
                         "serum creatinine": patient.serum_creatinine}[criterion]
                if value is None:
                    unknown.append(criterion)
                elif (value <= limit) if criterion == "weight" else (value >= limit):
                    met += 1
            if len(named) < 2 or met + len(unknown) < needed:
                continue  # not a list of criteria this reads, or the patient cannot have enough of them
            ends = [m.end() for m in SENTENCE_END.finditer(text, 0, found.start())]  # not the "." of "2.5 mg"
            sentence_start = ends[-1] if ends else 0
            sentence = text[sentence_start:found.end() + 200].strip()
            return CriteriaCount(index, sentence, sentence_start, found.start(), list_end, needed, met,
                                 tuple(unknown), tuple(named))
    return None


def characteristics_unread(texts: Sequence[str], applicable: Sequence[DoseRule],
                           patient: PatientContext) -> Unread | None:
    """What stops a number when the label sets a dose for patients with "at least two of the following
    characteristics" (age, weight, serum creatinine) and this patient may have that many (a value not given), or has
    them where the sentence's dose is not read (``clinical.dosing`` computes it where it is): the usual dose is not
    known to hold."""
    counted = criteria_count(texts, patient)
    if counted is None:
        return None
    criteria = ", ".join(counted.named)
    if counted.met >= counted.needed:
        reason = (f"the label sets another dose for patients with at least {counted.needed} of: {criteria}; this "
                  f"patient has {counted.met}, and this tool does not compute that dose; read the text")
    else:
        reason = (f"the label sets another dose for patients with at least {counted.needed} of: {criteria}; the "
                  f"patient's {' and '.join(counted.unknown)} is needed to tell whether it applies")
    return Unread(counted.index, reason, counted.sentence, against=False)
