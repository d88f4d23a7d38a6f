"""Questions about a drug's effect on a measurement, read as questions about the finding the change names.

"does prednisone raise blood sugar", "can lisinopril increase potassium levels", "will metoprolol lower my heart
rate", "can amlodipine cause low blood pressure", "泼尼松会升高血糖吗": the measurement and the direction name a
finding (``vocabulary/measure_findings.tsv``: blood sugar up → Hyperglycemia), and the question becomes "does
prednisone cause Hyperglycemia" — a side-effect question ``query.intents`` answers yes or no.
"""

from __future__ import annotations

import re

from query import lexicon
from vocabulary.findings import measure_findings

# Not "can I lower my blood sugar" (a person is no drug: a treatment question) nor "what lowers blood pressure" (no
# subject asked about).
_RAISE = r"raises?|raising|increases?|increasing|elevates?|elevating|spikes?|boosts?"
_LOWER = r"lowers?|lowering|decreases?|decreasing|reduces?|reducing|drops?|dropping"
_PEOPLE = r"(?:i|you|we|he|she|they|my\s+\w+|your\s+\w+|someone|people|a\s+person)"
_OWNER = r"(?:(?:my|your|the|his|her|their|one's|a\s+person's|patients'?)\s+)?(?:blood\s+|serum\s+)?"


def _measure_names() -> str:
    latin = [m for m in measure_findings() if not lexicon.has_chinese(m)]
    return "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(latin, key=len, reverse=True))


def _zh_measure_names() -> str:
    return "|".join(sorted((m for m in measure_findings() if lexicon.has_chinese(m)), key=len, reverse=True))


_MEASURE_VERB = re.compile(
    rf"^\s*(?:does|do|can|could|will|would|may|might)\s+(?!{_PEOPLE}\s)(?P<drug>.+?)\s+(?:ever\s+)?"
    rf"(?P<dir>{_RAISE}|{_LOWER})\s+{_OWNER}(?P<m>{_measure_names()})(?:\s+(?:levels?|counts?|readings?))?\b",
    re.IGNORECASE)
_MEASURE_CAUSE = re.compile(
    rf"\b(?P<cue>causes?|causing|lead\s+to|leads\s+to|give\s+(?:you|me)|result\s+in)\s+(?:a\s+)?"
    rf"(?P<dir>high|higher|elevated|increased|raised|low|lower|decreased|reduced)\s+{_OWNER}(?P<m>{_measure_names()})"
    rf"(?:\s+(?:levels?|counts?|readings?))?\b", re.IGNORECASE)
_ZH_MEASURE = re.compile(
    rf"(?P<d1>升高|增高|提高|抬高|增加|降低|减低|减少)(?:患者的?|病人的?|人的?)?(?P<m1>{_zh_measure_names()})|"
    rf"(?P<m2>{_zh_measure_names()})(?:水平)?(?:会|可能|容易)?(?P<d2>升高|增高|偏高|上升|变高|降低|下降|偏低|减少|变低)")
_LOW_WORDS = re.compile(rf"^(?:{_LOWER}|low|lower|decreased|reduced|降低|减低|减少|下降|偏低|变低)$", re.IGNORECASE)


def _finding_of(measure: str, direction: str) -> str | None:
    high, low = measure_findings().get(re.sub(r"\s+", " ", measure.lower()), (None, None))
    return low if _LOW_WORDS.match(direction) else high


def effect_on_measure(question: str) -> tuple[str, str] | None:
    """An English question about a drug's effect on a measurement rewritten as one about the finding it names, and
    a note saying so ("raise blood sugar → Hyperglycemia"); None for any other question."""
    for pattern, template in ((_MEASURE_VERB, "does {drug} cause {finding}"), (_MEASURE_CAUSE, "{cue} {finding}")):
        match = pattern.search(question)
        finding = _finding_of(match.group("m"), match.group("dir")) if match else None
        if match is not None and finding is not None:
            said = template.format(finding=finding, **{k: v for k, v in match.groupdict().items() if k != "m"})
            rewritten = question[:match.start()] + said + question[match.end():]
            return rewritten, f"{match.group('dir')} {match.group('m')} → {finding}"
    return None


def chinese_effect_on_measure(text: str) -> tuple[str, str] | None:
    """A Chinese yes/no question about a drug's effect on a measurement ("泼尼松会升高血糖吗", "吃泼尼松血糖会升高吗")
    rewritten around the finding it names, in Latin letters ("泼尼松会引起 Hyperglycemia 吗"); not "怎么降低血糖"
    (no yes/no question: a treatment question)."""
    match = _ZH_MEASURE.search(text) if lexicon.is_yes_no(text) else None
    if match is None:
        return None
    measure, direction = match.group("m1") or match.group("m2"), match.group("d1") or match.group("d2")
    finding = _finding_of(measure, direction)
    if finding is None:
        return None
    before = text[:match.start()].rstrip("会能可")
    return f"{before}会引起 {finding} {text[match.end():]}", f"{measure}{direction} → {finding}"
