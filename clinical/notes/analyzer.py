"""A pasted clinical note → sections, problems with their context, medications, a traceable summary and alerts.

``NoteAnalyzer(lexicon, runner_factory).analyze(text)`` reads the note in memory only: nothing it contains is
written to the graph or logged. Problems and drugs are the graph's own entities found by name in the note
(``clinical.notes.lexicon``); their status comes from ConText-style rules (``clinical.notes.context``), medication
attributes from the words after the name (``clinical.notes.medications``), and the alerts from the graph's evidence
(``clinical.notes.alerts``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from clinical import templates
from clinical.notes import alerts as note_alerts
from clinical.notes import context as note_context
from clinical.notes import medications as meds
from clinical.notes.lexicon import ANALYTES, NoteLexicon, PROBLEM_LABELS, Term
from clinical.notes.models import (
    NOTE_DISCLAIMER, NOTE_DISCLAIMER_ZH, GraphLink, MedicationStatus, NoteAnalysis, NoteMedication, NoteProblem,
    NoteSection, SectionKind, Span,
)
from clinical.notes.patient import patient_from_note
from clinical.notes.sections import section_at, split_sections
from clinical.notes.summary import summarise
from core.errors import MedkgError
from query.safety import ReadOnlyRunner
from vocabulary.findings import CJK

MAX_NOTE_CHARS = 100_000
RESTS_ON = ("names of the graph's diseases, findings and drugs found in the note; ConText-style rules for negation, "
            "uncertainty, time and experiencer; the graph's interaction, contraindication, drug-class and treatment "
            "relations with their evidence for the alerts")


class NoteError(MedkgError, ValueError):
    """A note that cannot be analysed: empty, too long, binary or not text."""


def check_note(text: Any, name: str = "note") -> str:
    """The note as text, or a NoteError naming the problem."""
    if isinstance(text, bytes):
        if b"\x00" in text[:4096]:
            raise NoteError(f"{name}: binary data, not a text note")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NoteError(f"{name}: not UTF-8 text (byte {error.start}: {error.reason})") from None
    if not isinstance(text, str):
        raise NoteError(f"{name}: a note must be text")
    if "\x00" in text:
        raise NoteError(f"{name}: binary data (NUL characters), not a text note")
    if not text.strip():
        raise NoteError(f"{name}: the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise NoteError(f"{name}: {len(text):,} characters, more than the limit of {MAX_NOTE_CHARS:,}")
    return text


class NoteAnalyzer:
    def __init__(self, lexicon: NoteLexicon, runner_factory: Callable[[], ReadOnlyRunner]) -> None:
        self.lexicon = lexicon
        self._runner_factory = runner_factory

    def analyze(self, text: str, *, alerts: bool = True, suggestions: bool = True) -> NoteAnalysis:
        return self.analyze_many([text], alerts=alerts, suggestions=suggestions)[0]

    def analyze_many(self, texts: list[str], *, alerts: bool = True,
                     suggestions: bool = True) -> list[NoteAnalysis]:
        """Several notes at once: each is read on its own, the graph's evidence counts for all of them come from
        one query, and the alerts are checked note by note."""
        started = time.perf_counter()
        readings = [self._read(check_note(text)) for text in texts]
        read_ms = _ms(started) / max(1, len(texts))
        runner = self._runner_factory()
        mark = time.perf_counter()
        ids = sorted({term.id for reading in readings for _, _, term in (*reading.problems, *reading.drugs)
                      if term.linked})
        counts = {row["id"]: row["evidence_count"] for row in runner.run(templates.evidence_counts(), {"ids": ids})}
        link_ms = _ms(mark) / max(1, len(texts))
        return [self._finish(reading, counts, runner, alerts, suggestions, {"read": read_ms, "link": link_ms})
                for reading in readings]

    def _read(self, text: str) -> "_Reading":
        sections = split_sections(text)
        problems, drugs = self._mentions(text, sections)
        problem_sections = [section_at(sections, s) for s, _, _ in problems]
        contexts = note_context.classify(text, [(s, e) for s, e, _ in problems], problem_sections)
        note_context.carry_current(contexts, [term.id or text[s:e] for s, e, term in problems], problem_sections)
        return _Reading(text, sections, problems, drugs, contexts)

    def _finish(self, reading: "_Reading", counts: dict[str, int], runner: ReadOnlyRunner, alerts: bool,
                suggestions: bool, timings: dict[str, float]) -> NoteAnalysis:
        text, sections = reading.text, reading.sections
        problem_items = tuple(_problem(text, mention, ctx, sections, counts)
                              for mention, ctx in zip(reading.problems, reading.contexts))
        medication_items = tuple(sorted((*self._medications(text, reading.drugs, sections, counts),
                                         *_unlinked_medications(text, sections, reading.drugs)),
                                        key=lambda m: m.span.start))
        problem_items = _without_allergy_words(problem_items, medication_items)
        allergies, no_known_words = _allergies(text, sections, medication_items)
        mark = time.perf_counter()
        patient = patient_from_note(text, sections, problem_items, medication_items, allergies)
        found_alerts = ((*note_alerts.find_alerts(runner, problem_items, medication_items, suggestions=suggestions),
                         *note_alerts.patient_alerts(runner, medication_items, patient)) if alerts else ())
        timings = {**timings, "alerts": _ms(mark)}
        language = "zh" if len(CJK.findall(text)) > len(text) / 10 else "en"
        summary = summarise(problem_items, medication_items, allergies, no_known_words, language)
        timings["total"] = round(sum(timings.values()), 2)
        return NoteAnalysis(
            language=language, characters=len(text), sections=tuple(sections), problems=problem_items,
            medications=medication_items, allergies=allergies, no_known_allergies=no_known_words is not None,
            summary=summary,
            alerts=tuple(found_alerts), patient=patient,
            disclaimer=NOTE_DISCLAIMER_ZH if language == "zh" else NOTE_DISCLAIMER,
            rests_on=RESTS_ON, timings_ms=timings)

    def _mentions(self, text: str, sections: list[NoteSection]):  # type: ignore[no-untyped-def]
        headings = [(s.start, s.start + len(s.heading)) for s in sections if s.heading]
        problems, drugs = [], []
        for start, end, term in self.lexicon.tag(text):
            if any(h_start <= start < h_end for h_start, h_end in headings):
                continue
            if term.is_problem:
                problems.append((start, end, term))
            elif term.is_drug and not meds.is_dosage_form(text[start:end]):
                drugs.append((start, end, term))
        return problems, drugs

    def _medications(self, text: str, drugs: list[tuple[int, int, Term]], sections: list[NoteSection],
                     counts: dict[str, int]):  # type: ignore[no-untyped-def]
        bounds = note_context.sentence_bounds(text)
        for position, (start, end, term) in enumerate(drugs):
            following = drugs[position + 1][0] if position + 1 < len(drugs) else None
            window_start, window_end = meds.attribute_window(text, end, following)
            previous = drugs[position - 1][1] if position else 0
            attributes = meds.read_attributes(text[window_start:window_end], text[max(previous, start - max(
                meds.ZH_CUE_CHARS, meds.ROUTE_BEFORE_CHARS)):start])
            section = section_at(sections, start)
            sentence_start = next((s for s, e in bounds if s <= start < e), 0)
            previous_end = drugs[position - 1][1] if position else 0
            status = meds.status_of(text, start, end, max(sentence_start, previous_end), section, sentence_start)
            if status is not MedicationStatus.ALLERGY and not _is_medication(text[start:end], term, attributes,
                                                                             section):
                continue  # (a drug class is an allergen wherever it is said to be one: "对头孢类药物过敏")
            window = (Span(start=window_start, end=window_end, text=text[window_start:window_end])
                      if any(attributes.values()) else None)
            yield NoteMedication(span=Span(start=start, end=end, text=text[start:end]), section=section,
                                 status=status, attributes_span=window, link=_link(term, counts), **attributes)


# An entry of a medication list whose name the graph does not know: a capitalised name and a dose ("Plavix 75 mg").
LIST_ENTRY = re.compile(r"(?:^|[\n,;:]|\d[.)])\s*(?P<name>[A-Z][A-Za-z][A-Za-z-]{1,30}(?: [A-Z][A-Za-z-]{1,20})?)"
                        r"(?=\s+\d+(?:[./]\d+)?\s*(?:mg|mcg|g|units?|mEq|mL|%)\b)")


def _unlinked_medications(text: str, sections: list[NoteSection],
                          drugs: list[tuple[int, int, Term]]) -> list[NoteMedication]:
    """Medication-list entries with a dose whose name links to nothing in the graph: kept, marked unlinked."""
    found = []
    tagged = [(start, end) for start, end, _ in drugs]
    for section in sections:
        if section.kind is not SectionKind.MEDICATIONS:
            continue
        body_start = section.start + len(section.heading or "")
        for match in LIST_ENTRY.finditer(text, body_start, section.end):
            start, end = match.span("name")
            if any(a < end and start < b for a, b in tagged):
                continue
            window_start, window_end = meds.attribute_window(text, end, None)
            attributes = meds.read_attributes(text[window_start:window_end])
            found.append(NoteMedication(
                span=Span(start=start, end=end, text=text[start:end]), section=section.kind,
                status=meds.status_of(text, start, end, start, section.kind),
                attributes_span=Span(start=window_start, end=window_end, text=text[window_start:window_end]),
                link=None, **attributes))
    return found


# the word that states an allergy ("青霉素过敏", "allergy to penicillin") names the allergy, not a problem of its own
ALLERGY_WORDS = frozenset({"过敏", "allergy", "allergic", "allergies", "hypersensitivity"})
ALLERGY_WORD_REACH = 8  # characters between the allergen and the word ("对头孢类药物过敏": 2)


def _without_allergy_words(problems: tuple[NoteProblem, ...],
                           medications: tuple[NoteMedication, ...]) -> tuple[NoteProblem, ...]:
    allergens = [m.span for m in medications if m.status is MedicationStatus.ALLERGY]
    return tuple(p for p in problems if p.span.text.lower() not in ALLERGY_WORDS or not any(
        0 <= p.span.start - a.end <= ALLERGY_WORD_REACH or 0 <= a.start - p.span.end <= ALLERGY_WORD_REACH
        for a in allergens))


def _is_medication(words: str, term: Term, attributes: dict[str, str | None], section: SectionKind) -> bool:
    """A drug name that is a medication here: a therapeutic drug (the graph knows what it treats or its class), or
    any chemical given a dose or listed under Medications/Allergies; a lab analyte ("potassium 4.2", "creatinine")
    or a drug class ("antibiotics") only with a dose or in those sections."""
    listed = section in (SectionKind.MEDICATIONS, SectionKind.ALLERGIES)
    if words.lower() in ANALYTES and section in (SectionKind.RESULTS, SectionKind.EXAMINATION):
        return False  # "LABS: Creatinine 2.6 mg/dL": a result, whatever its unit
    if words.lower() in ANALYTES or not term.therapeutic or term.label == "DrugClass":
        return listed or bool(attributes["dose"] and attributes["unit"])
    return True


@dataclass(frozen=True)
class _Reading:
    """What the note says before the graph is asked: sections, mentions and their contexts."""

    text: str
    sections: list[NoteSection]
    problems: list[tuple[int, int, Term]]
    drugs: list[tuple[int, int, Term]]
    contexts: list[note_context.Context]


def _problem(text: str, mention: tuple[int, int, Term], ctx: note_context.Context, sections: list[NoteSection],
             counts: dict[str, int]) -> NoteProblem:
    start, end, term = mention
    return NoteProblem(span=Span(start=start, end=end, text=text[start:end]), type=PROBLEM_LABELS[term.label],
                       section=section_at(sections, start), negated=ctx.negated, uncertain=ctx.uncertain,
                       temporality=ctx.temporality, experiencer=ctx.experiencer, cues=tuple(ctx.cues),
                       link=_link(term, counts))


def _link(term: Term, counts: dict[str, int]) -> GraphLink | None:
    if not term.linked:
        return None
    return GraphLink(id=term.id, name=term.name, type=term.label, name_zh=term.name_zh,
                     evidence_count=int(counts.get(term.id, 0)), method=term.method)


def _allergies(text: str, sections: list[NoteSection],
               medications: tuple[NoteMedication, ...]) -> tuple[tuple[Span, ...], Span | None]:
    """Allergens: drugs with allergy status, and the words of the Allergies section when it names no drug; and the
    words that say the patient has no known allergies, when they do (the summary line points at them)."""
    spans = [m.span for m in medications if m.status is MedicationStatus.ALLERGY]
    no_known = None
    for section in sections:
        if section.kind is not SectionKind.ALLERGIES:
            continue
        body_start = section.start + len(section.heading or "")
        body = text[body_start:section.end]
        if found := meds.NO_KNOWN_ALLERGIES.search(body):
            no_known = no_known or _span(text, body_start + found.start(), body_start + found.end())
        elif not any(section.start <= s.start < section.end for s in spans):
            stripped = body.strip(" :：\n\t.")
            if stripped and len(stripped) < 200:
                offset = body_start + body.index(stripped)
                spans.append(Span(start=offset, end=offset + len(stripped), text=stripped))
    if not spans and no_known is None and (found := meds.NO_KNOWN_ALLERGIES.search(text)):
        no_known = _span(text, found.start(), found.end())
    return tuple(sorted(spans, key=lambda s: s.start)), no_known


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
