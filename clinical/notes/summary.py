"""The extractive summary of a note: problem list, medications, allergies and key negatives, each line pointing at
the spans it was read from. Nothing is paraphrased; an optional rewrite by a language model is not done here."""

from __future__ import annotations

from collections.abc import Iterable

from clinical.notes.models import MedicationStatus, NoteMedication, NoteProblem, SectionKind, Span, SummaryLine
from vocabulary.chinese import shown_name

HEADINGS = {
    "en": {"problems": "Problems", "history": "History", "medications": "Medications", "stopped": "Stopped",
           "planned": "Planned", "allergies": "Allergies", "negatives": "Key negatives", "nkda": "No known allergies",
           "family": "Family history"},
    "zh": {"problems": "问题", "history": "既往", "medications": "用药", "stopped": "已停用", "planned": "计划用药",
           "allergies": "过敏", "negatives": "重要阴性", "nkda": "无已知过敏", "family": "家族史"},
}
KEY_NEGATIVE_SECTIONS = (SectionKind.CHIEF_COMPLAINT, SectionKind.HPI, SectionKind.REVIEW_OF_SYSTEMS,
                         SectionKind.ASSESSMENT_PLAN, SectionKind.RESULTS, SectionKind.EXAMINATION, SectionKind.OTHER)
MAX_NEGATIVES = 8


def summarise(problems: tuple[NoteProblem, ...], medications: tuple[NoteMedication, ...], allergies: tuple[Span, ...],
              no_known_allergies: Span | None, language: str = "en") -> tuple[SummaryLine, ...]:
    words = HEADINGS.get(language, HEADINGS["en"])
    lines: list[SummaryLine] = []
    for heading, chosen in (
        (words["problems"], [p for p in problems if p.active]),
        (words["history"], [p for p in problems if not p.negated and not p.uncertain and p.experiencer.value ==
                            "patient" and p.temporality.value == "historical"]),
        (words["family"], [p for p in problems if not p.negated and p.experiencer.value == "other"]),
    ):
        lines.extend(_problem_lines(heading, chosen, language=language))
    for heading, status in ((words["medications"], MedicationStatus.CURRENT),
                            (words["planned"], MedicationStatus.PLANNED),
                            (words["stopped"], MedicationStatus.DISCONTINUED)):
        lines.extend(_medication_lines(heading, [m for m in medications if m.status is status]))
    if allergies:
        lines.append(SummaryLine(heading=words["allergies"], text=", ".join(s.text for s in allergies),
                                 spans=allergies))
    elif no_known_allergies:
        lines.append(SummaryLine(heading=words["allergies"], text=words["nkda"], spans=(no_known_allergies,)))
    negatives = [p for p in problems if p.negated and p.section in KEY_NEGATIVE_SECTIONS]
    lines.extend(_problem_lines(words["negatives"], negatives, limit=MAX_NEGATIVES, language=language))
    return tuple(lines)


def _problem_lines(heading: str, problems: Iterable[NoteProblem], limit: int | None = None,
                   language: str = "en") -> list[SummaryLine]:
    """One line per linked entity (or per unlinked wording), with every span that states it."""
    grouped: dict[str, list[NoteProblem]] = {}
    for problem in problems:
        key = problem.link.id if problem.link else problem.span.text.lower()
        grouped.setdefault(key, []).append(problem)
    lines = []
    for group in list(grouped.values())[:limit]:
        first = group[0]
        name = _name(first, language)
        qualifier = (" (可能)" if language == "zh" else " (possible)") if first.uncertain else ""
        lines.append(SummaryLine(heading=heading, text=f"{name}{qualifier}", spans=tuple(p.span for p in group)))
    return lines


def _name(problem: NoteProblem, language: str) -> str:
    """The graph's name (its Chinese name in a Chinese note, English beside it), else the words as written."""
    if problem.link is None:
        return problem.span.text
    return shown_name(problem.link.name, problem.link.name_zh, language)


def _medication_lines(heading: str, medications: list[NoteMedication]) -> list[SummaryLine]:
    grouped: dict[str, list[NoteMedication]] = {}
    for medication in medications:
        key = medication.link.id if medication.link else medication.span.text.lower()
        grouped.setdefault(key, []).append(medication)
    lines = []
    for group in grouped.values():
        described = next((m for m in group if m.dose or m.frequency), group[0])
        name = described.link.name if described.link else described.span.text
        details = " ".join(x for x in (described.dose, described.unit, described.route, described.frequency,
                                       described.duration) if x)
        spans = tuple(s for m in group for s in (m.span, m.attributes_span) if s is not None)
        lines.append(SummaryLine(heading=heading, text=f"{name} {details}".strip(), spans=spans))
    return lines
