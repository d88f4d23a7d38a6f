"""Findings a note states as a measurement that is high or low: "Glucose was elevated", "cholesterol levels were
slightly elevated", "elevations in her blood pressure", "blood pressure goes up", "low potassium" → Hyperglycemia,
Hypercholesterolemia, Hypertension, Hypokalemia; or as a value beyond a stated limit: "Potassium 5.9", "K+ 2.8
mmol/L", "Na 128", "血钾5.9mmol/L", "血红蛋白 85g/L", "Temp 38.6" → Hyperkalemia, Hypokalemia, Hyponatremia,
Hyperkalemia, Anemia, Fever (``vocabulary/lab_limits.tsv``: each limit with its source; a value without a unit is read
in the unit whose plausible range holds it, and not at all where two do).

The measurements and their findings are data (``vocabulary/measure_findings.tsv``); a finding is only named when the
graph holds its node. Not read: a diet or an intake ("low sodium diet"), a value without a direction ("Blood
Pressure: 120/80"), and "up to".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from vocabulary.findings import LAB_LIMITS, measure_findings
from vocabulary.readers import ReadReport, read_tsv_dicts

UNITS = {  # as written → the table's unit
    "mmol/l": "mmol/L", "meq/l": "mmol/L", "mg/dl": "mg/dL", "g/dl": "g/dL", "g/l": "g/L", "×10^9/l": "10^9/L",
    "x10^9/l": "10^9/L", "10^9/l": "10^9/L", "×10⁹/l": "10^9/L", "k/ul": "10^9/L", "k/µl": "10^9/L", "°c": "°C",
    "℃": "°C", "c": "°C", "°f": "°F", "f": "°F"}
UNIT = r"mmol/l|meq/l|mg/dl|g/dl|g/l|[×x]?\s*10\^?9/l|×10⁹/l|k/[uµ]l|°\s*[cf]|℃|[cf](?![a-z])"
# a dose follows ("vitamin K 10 mg", "Potassium 20 mEq PO"): no measurement
DOSE_AFTER = r"(?!\s*(?:mg|mcg|µg|g|gm|units?|iu|meq|mmol|ml|tabs?|tablets?|caps?)\b(?!\s*/))"

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
class LabLimit(Generic[T]):
    """One row of ``lab_limits.tsv``: a measurement in one unit, its plausible range and its limits' findings."""

    unit: str
    plausible: tuple[float, float]
    low_below: float | None
    low: T | None
    high_above: float | None
    high: T | None

    def finding(self, value: float) -> T | None:
        if self.low_below is not None and value < self.low_below:
            return self.low
        if self.high_above is not None and value > self.high_above:
            return self.high
        return None


def _lab_limits(term_of: Callable[[str], T | None]) -> dict[str, list[LabLimit[T]]]:
    """Each name of a measurement (lower case) → its rows, one per unit."""
    limits: dict[str, list[LabLimit[T]]] = {}
    for _, row in read_tsv_dicts(LAB_LIMITS, ReadReport()):
        low_end, high_end = (float(x) for x in row["plausible"].split("-"))
        limit = LabLimit(row["unit"], (low_end, high_end),
                         float(row["low_below"]) if row["low_below"] else None,
                         term_of(row["low"]) if row["low"] else None,
                         float(row["high_above"]) if row["high_above"] else None,
                         term_of(row["high"]) if row["high"] else None)
        for name in row["names"].split("|"):
            limits.setdefault(name.lower(), []).append(limit)
    return limits


@dataclass(frozen=True)
class MeasureFindings(Generic[T]):
    """The compiled phrasings, each measurement's (high, low) finding as the caller's term; the values read against
    their limits."""

    pattern: re.Pattern[str]
    findings: dict[str, tuple[T | None, T | None]]
    values: re.Pattern[str]
    limits: dict[str, list[LabLimit[T]]]

    @classmethod
    def build(cls, term_of: Callable[[str], T | None]) -> "MeasureFindings[T]":
        """``term_of``: the caller's term for a finding name (None when the graph lacks it)."""
        findings: dict[str, tuple[T | None, T | None]] = {}
        for measure, (high_name, low_name) in measure_findings().items():
            high, low = term_of(high_name) if high_name else None, term_of(low_name) if low_name else None
            if high is not None or low is not None:
                findings[measure] = (high, low)
        names = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(findings, key=len, reverse=True))
        measure = rf"(?P<m>{names or '(?!)'})"
        pattern = re.compile(
            rf"\b(?P<d1>{BEFORE})\s+{DEGREE}?(?:serum\s+|blood\s+)?{measure.replace('P<m>', 'P<m1>')}\b{NOT_A_FINDING}|"
            rf"(?<!A1c\s)\b{measure}(?:\s+(?:levels?|readings?|values?|numbers?))?\s*:?\s*{VERB}*{DEGREE}?"
            rf"(?P<d2>{HIGH}|{LOW})\b{CHANGED_TO}|"
            rf"\b(?P<d3>elevations?|increases?|rises?|spikes?|drops?|decreases?)\s+(?:in|of)\s+"
            rf"(?:(?:her|his|their|the|your|my)\s+)?{measure.replace('P<m>', 'P<m3>')}\b",
            re.IGNORECASE)
        limits = _lab_limits(term_of)
        names = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(limits, key=len, reverse=True))
        values = re.compile(
            rf"(?<![A-Za-z0-9+/-])(?<!vitamin\s)(?P<m>{names})(?![A-Za-z+])\s*(?:(?:levels?|counts?|concentration|value|was|is|"
            rf"of|at|=|:|：|为|was\s+found\s+to\s+be)\s*)*(?P<v>\d{{1,4}}(?:\.\d+)?)(?!\d|[.,]\d)(?!\s*[-–~]\s*\d)"
            rf"{DOSE_AFTER}\s*(?P<u>{UNIT})?", re.IGNORECASE)
        return cls(pattern, findings, values, limits)

    def spans(self, text: str) -> Iterator[tuple[int, int, T]]:
        """(start, end, term) of each phrasing whose finding the graph holds."""
        for match in self.pattern.finditer(text):
            measure = next(match.group(g) for g in ("m", "m1", "m3") if match.group(g))
            direction = next(match.group(g) for g in ("d1", "d2", "d3") if match.group(g))
            high, low = self.findings.get(re.sub(r"\s+", " ", measure.lower()), (None, None))
            term = low if re.fullmatch(LOW, direction, re.IGNORECASE) else high
            if term is not None:
                yield match.start(), match.end(), term
        for match in self.values.finditer(text):
            term = self._beyond_limit(match)
            if term is not None:
                yield match.start(), match.end(), term

    def _beyond_limit(self, match: re.Match[str]) -> T | None:
        """The finding of a value beyond its measurement's limit, in the unit written or, without one, the one unit
        whose plausible range holds it."""
        rows = self.limits.get(re.sub(r"\s+", " ", match.group("m").lower()), [])
        value = float(match.group("v"))
        written = UNITS.get(re.sub(r"\s+", "", (match.group("u") or "").lower()))
        fitting = [row for row in rows if (row.unit == written if written else
                                           row.plausible[0] <= value < row.plausible[1])]
        if len(fitting) != 1 or not fitting[0].plausible[0] <= value < fitting[0].plausible[1]:
            return None
        return fitting[0].finding(value)
