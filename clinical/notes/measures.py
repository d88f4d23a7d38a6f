"""Findings a note states as a measurement that is high or low: "Glucose was elevated", "cholesterol levels were
slightly elevated", "elevations in her blood pressure", "blood pressure goes up", "low potassium" → Hyperglycemia,
Hypercholesterolemia, Hypertension, Hypokalemia.

The measurements and their findings are data (``vocabulary/measure_findings.tsv``); a finding is only named when the
graph holds its node. Not read: a diet or an intake ("low sodium diet"), a value without a direction ("Blood
Pressure: 120/80"), and "up to".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from vocabulary.findings import MEASURE_FINDINGS
from vocabulary.readers import ReadReport, read_tsv_dicts

T = TypeVar("T")

HIGH = r"elevated|elevations?|high|higher|increased|increases?|raised|rising|rises?|spikes?|up(?!\s+to\b)"
LOW = r"low|lower|decreased|decreases?|reduced|down|dropped|drops?|dropping"
DEGREE = r"(?:(?:slightly|mildly|moderately|markedly|significantly|severely|very|quite|somewhat|still|borderline|" \
         r"a\s+little|a\s+bit)\s+)"
VERB = r"(?:(?:is|was|were|are|be|been|being|has|have|had|remains?|remained|goes|went|gone|got|gets|getting|keeps|" \
       r"kept|running|runs|ran|continues\s+to\s+be|tends\s+to\s+be)\s+)"
NOT_A_FINDING = r"(?!\s+(?:diet|intake|foods?|meals?|formula|supplements?|substitutes?|restriction|goal|target|score|" \
                r"sensation|perception|discrimination)\b)"
BEFORE = r"elevated|high|higher|increased|raised|low|lower|decreased|reduced"  # not "up"/"down": "Standing up blood …"
CHANGED_TO = r"(?!\s+(?:to|from)\b)"  # "heart rate was reduced to the 70s": a value reached, not a finding


@dataclass(frozen=True)
class MeasureFindings(Generic[T]):
    """The compiled phrasings, each measurement's (high, low) finding as the caller's term."""

    pattern: re.Pattern[str]
    findings: dict[str, tuple[T | None, T | None]]

    @classmethod
    def build(cls, term_of: Callable[[str], T | None]) -> "MeasureFindings[T]":
        """``term_of``: the caller's term for a finding name (None when the graph lacks it)."""
        findings: dict[str, tuple[T | None, T | None]] = {}
        for _, row in read_tsv_dicts(MEASURE_FINDINGS, ReadReport()):
            high, low = term_of(row["high"]) if row["high"] else None, term_of(row["low"]) if row["low"] else None
            if high is not None or low is not None:
                findings[row["measure"].lower()] = (high, low)
        names = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(findings, key=len, reverse=True))
        measure = rf"(?P<m>{names or '(?!)'})"
        pattern = re.compile(
            rf"\b(?P<d1>{BEFORE})\s+{DEGREE}?(?:serum\s+|blood\s+)?{measure.replace('P<m>', 'P<m1>')}\b{NOT_A_FINDING}|"
            rf"(?<!A1c\s)\b{measure}(?:\s+(?:levels?|readings?|values?|numbers?))?\s*:?\s*{VERB}*{DEGREE}?"
            rf"(?P<d2>{HIGH}|{LOW})\b{CHANGED_TO}|"
            rf"\b(?P<d3>elevations?|increases?|rises?|spikes?|drops?|decreases?)\s+(?:in|of)\s+"
            rf"(?:(?:her|his|their|the|your|my)\s+)?{measure.replace('P<m>', 'P<m3>')}\b",
            re.IGNORECASE)
        return cls(pattern, findings)

    def spans(self, text: str) -> Iterator[tuple[int, int, T]]:
        """(start, end, term) of each phrasing whose finding the graph holds."""
        for match in self.pattern.finditer(text):
            measure = next(match.group(g) for g in ("m", "m1", "m3") if match.group(g))
            direction = next(match.group(g) for g in ("d1", "d2", "d3") if match.group(g))
            high, low = self.findings.get(re.sub(r"\s+", " ", measure.lower()), (None, None))
            term = low if re.fullmatch(LOW, direction, re.IGNORECASE) else high
            if term is not None:
                yield match.start(), match.end(), term
