"""Section headings of a clinical note → normalised section kinds, with offsets.

A heading is a line that starts with capitalised words from the table below (English "HISTORY OF PRESENT ILLNESS:",
"Past Medical History:", Chinese "主诉：", "现病史"), either alone on its line or followed by a colon and the section's
first words ("MEDICATIONS: Lisinopril 20 mg daily"). Unknown all-capital headings ("PROCEDURE:") open an ``other``
section, so a past-history section does not run on into a procedure description.
"""

from __future__ import annotations

import re

from clinical.notes.models import NoteSection, SectionKind

K = SectionKind
# Heading words (lower case, without the colon) → kind; matched on the whole heading.
HEADINGS: dict[str, SectionKind] = {}
for kind, names in {
    K.CHIEF_COMPLAINT: ("chief complaint", "chief complaints", "cc", "reason for visit", "reason for consultation",
                        "reason for referral", "presenting complaint", "主诉"),
    K.HPI: ("history of present illness", "hpi", "history", "present illness", "subjective", "interval history",
            "history of the present illness", "clinical history", "现病史", "病史"),
    K.PAST_HISTORY: ("past medical history", "pmh", "past history", "medical history", "past surgical history",
                     "psh", "surgical history", "past medical and surgical history", "past medical/surgical history",
                     "past illnesses", "problem list", "active problem list", "既往史", "既往病史", "手术史"),
    K.MEDICATIONS: ("medications", "medication", "current medications", "home medications", "meds", "medications on admission",
                    "admission medications", "discharge medications", "outpatient medications", "current meds",
                    "medications at home", "用药史", "用药", "目前用药"),
    K.ALLERGIES: ("allergies", "allergy", "drug allergies", "medication allergies", "过敏史"),
    K.FAMILY_HISTORY: ("family history", "fh", "family medical history", "家族史"),
    K.SOCIAL_HISTORY: ("social history", "sh", "personal history", "habits", "个人史", "婚育史", "月经史"),
    K.REVIEW_OF_SYSTEMS: ("review of systems", "ros", "systems review", "系统回顾"),
    K.EXAMINATION: ("physical examination", "physical exam", "exam", "examination", "pe", "vital signs", "vitals",
                    "objective", "体格检查", "查体", "专科检查"),
    K.RESULTS: ("results", "laboratory data", "labs", "laboratory", "diagnostic data", "imaging", "studies",
                "laboratory studies", "pertinent results", "radiology", "辅助检查", "实验室检查"),
    K.ASSESSMENT_PLAN: ("assessment and plan", "assessment", "plan", "impression", "impression and plan",
                        "assessment/plan", "a/p", "diagnosis", "diagnoses", "final diagnosis", "final diagnoses",
                        "discharge diagnosis", "discharge diagnoses", "admission diagnosis", "preoperative diagnosis",
                        "postoperative diagnosis", "hospital course", "recommendations", "instructions",
                        "patient instructions", "disposition", "discharge instructions", "follow-up",
                        "初步诊断", "诊断", "治疗计划", "处理", "诊疗计划", "出院诊断", "入院诊断"),
}.items():
    for name in names:
        HEADINGS[name] = kind

# Words inside an unknown heading that say its kind ("PAST CARDIAC HISTORY", "PROCEDURE MEDICATIONS").
KEYWORDS: tuple[tuple[re.Pattern[str], SectionKind], ...] = tuple((re.compile(p, re.IGNORECASE), k) for p, k in (
    (r"family", K.FAMILY_HISTORY), (r"social|habits", K.SOCIAL_HISTORY), (r"allerg", K.ALLERGIES),
    (r"medication|\bmeds\b|\bdrugs\b", K.MEDICATIONS), (r"past|surgical history|medical history", K.PAST_HISTORY),
    (r"review of", K.REVIEW_OF_SYSTEMS), (r"exam", K.EXAMINATION),
    (r"diagnos|impression|assessment|plan\b|recommendation|course|disposition", K.ASSESSMENT_PLAN),
    (r"complaint|reason for|indication", K.CHIEF_COMPLAINT), (r"present illness|history", K.HPI),
    (r"lab|imaging|radiolog|result|x-ray|ct\b|mri|ekg|ecg", K.RESULTS)))
# Body-system sub-headings ("HEENT:", "CHEST:") continue the examination or review of systems they sit in.
BODY_SYSTEMS = re.compile(
    r"^(general|constitutional|heent|head|eyes|ears|nose|throat|mouth|neck|lungs?|chest|heart|cardiac|"
    r"cardiovascular|respiratory|pulmonary|abdomen|abdominal|gi|gastrointestinal|gu|genitourinary|rectal|pelvic|"
    r"extremities|musculoskeletal|back|spine|neuro|neurologic|neurological|psych|psychiatric|skin|integumentary|"
    r"lymphatic|lymph nodes|endocrine|hematologic|breasts?|vascular|mental status)$", re.IGNORECASE)

# A heading line: up to ~6 words and a colon (or alone on its line in capitals / a known Chinese heading).
_LINE = re.compile(r"^[ \t•*-]*(?P<heading>[A-Za-z][A-Za-z /&,()'-]{0,60}|[\u4e00-\u9fff]{2,6})[ \t]*"
                   r"(?P<colon>[:：])?[ \t]*(?P<rest>.*)$")


def split_sections(text: str) -> list[NoteSection]:
    """The note's sections in order; text before the first heading is one ``other`` section (when not blank)."""
    headings = _inherit(list(_headings(text)))
    sections: list[NoteSection] = []
    if not headings or headings[0][0] > 0 and text[: headings[0][0]].strip():
        sections.append(NoteSection(kind=K.OTHER, heading=None, start=0,
                                    end=headings[0][0] if headings else len(text)))
    for position, (start, heading, kind) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(text)
        sections.append(NoteSection(kind=kind, heading=heading, start=start, end=end))
    return sections


def section_at(sections: list[NoteSection] | tuple[NoteSection, ...], offset: int) -> SectionKind:
    for section in sections:
        if section.start <= offset < section.end:
            return section.kind
    return K.OTHER


def _inherit(headings: list[tuple[int, str, SectionKind | None]]) -> list[tuple[int, str, SectionKind]]:
    """Body-system sub-headings take the kind of the examination or review they continue (else examination)."""
    resolved: list[tuple[int, str, SectionKind]] = []
    for start, heading, kind in headings:
        if kind is None:
            previous = resolved[-1][2] if resolved else None
            kind = previous if previous in (K.EXAMINATION, K.REVIEW_OF_SYSTEMS) else K.EXAMINATION
        resolved.append((start, heading, kind))
    return resolved


def _headings(text: str):  # type: ignore[no-untyped-def]
    offset = 0
    for line in text.splitlines(keepends=True):
        found = _heading(line)
        if found is not None:
            yield offset + found[0], found[1], found[2]
        offset += len(line)


def _heading(line: str) -> tuple[int, str, SectionKind | None] | None:
    match = _LINE.match(line.rstrip("\r\n"))
    if match is None:
        return None
    heading = match.group("heading").strip()
    key = re.sub(r"\s+", " ", heading.lower()).strip(" -")
    kind = HEADINGS.get(key)
    alone = not match.group("rest").strip()
    capitals = heading.isupper() and len(heading) >= 3
    chinese = bool(re.match(r"[\u4e00-\u9fff]", heading))
    if kind is not None:
        # A known heading counts with a colon, or alone on its line when written in capitals (or Chinese).
        if match.group("colon") or (alone and (capitals or chinese)):
            return match.start("heading"), heading, kind
        return None
    if capitals and (match.group("colon") or alone) and len(heading.split()) <= 6 and not chinese:
        return match.start("heading"), heading, _kind_of_unknown(key)
    return None


def _kind_of_unknown(key: str) -> SectionKind | None:
    """The kind an unknown capital heading names by its words; None for a body-system sub-heading."""
    if BODY_SYSTEMS.match(key):
        return None
    return next((kind for pattern, kind in KEYWORDS if pattern.search(key)), K.OTHER)
