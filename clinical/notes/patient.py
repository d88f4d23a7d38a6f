"""The patient a note describes, as the typed context that treatment ranking and dosing take (``PatientContext``).

Conditions are the note's active problems that are diseases, medications the current ones, allergies the allergens,
each by its graph name when linked; age, sex, weight, pregnancy and renal figures are read from the note's words by
the same rules as a question's (``clinical.patient_text``) — the person from the note's opening, the renal figures
(eGFR, CrCl, serum creatinine) from anywhere in it when the opening states none. A clinician reviews it before it is used.
"""

from __future__ import annotations

from clinical.notes.models import MedicationStatus, NoteMedication, NoteProblem, NoteSection, SectionKind, Span
from clinical.patient import PatientContext
from clinical.patient_text import parse_patient

# Stated facts about the person that a note's words give reliably; conditions and drugs come from the analysis.
FROM_WORDS = ("age_years", "sex", "weight_kg", "height_cm", "pregnant", "lactating", "egfr", "creatinine_clearance",
              "serum_creatinine")
# the renal figures a note gives in its labs or results rather than its opening ("eGFR 18", "Creatinine 2.6 mg/dL"):
# read from the whole note when the opening does not state them — not a weight, which a note's other numbers in kg
# (a birth weight, a lifted load) would give wrongly, and a dose rests on
MEASURED = ("egfr", "creatinine_clearance", "serum_creatinine")
MAX_ITEMS = 50
ABOUT_THE_PATIENT = (SectionKind.OTHER, SectionKind.CHIEF_COMPLAINT, SectionKind.HPI)
OPENING_CHARS = 600


def patient_from_note(text: str, sections: tuple[NoteSection, ...] | list[NoteSection],
                      problems: tuple[NoteProblem, ...], medications: tuple[NoteMedication, ...],
                      allergies: tuple[Span, ...]) -> PatientContext:
    stated = parse_patient(_about_the_patient(text, sections)).patient
    words = {key: value for key, value in stated.model_dump(exclude_none=True).items() if key in FROM_WORDS}
    measured = parse_patient(text).patient.model_dump(exclude_none=True)
    words.update({key: measured[key] for key in MEASURED if key in measured and key not in words})
    conditions = _names(p.link.name if p.link else p.span.text for p in problems
                        if p.active and p.type == "disease")
    current = _names(m.link.name if m.link else m.span.text for m in medications
                     if m.status is MedicationStatus.CURRENT)
    return PatientContext(**words, conditions=conditions, medications=current,
                          allergies=_names(span.text for span in allergies))


def _about_the_patient(text: str, sections: tuple[NoteSection, ...] | list[NoteSection]) -> str:
    """The opening words that describe the patient ("a 67-year-old man …"): the text before the first heading,
    the chief complaint and the history of present illness, up to ``OPENING_CHARS`` — not the family history,
    whose "mother" and "sister" are someone else."""
    parts = [text[s.start:s.end] for s in sections if s.kind in ABOUT_THE_PATIENT]
    return "\n".join(parts)[:OPENING_CHARS] if parts else text[:OPENING_CHARS]


def _names(names) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(dict.fromkeys(name.strip() for name in names if name and name.strip()))[:MAX_ITEMS]
