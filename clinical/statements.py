"""A user's words → findings with a status: present, absent ("no fever", "denies chest pain", "无发热") or uncertain.

The text is cut into phrases at commas, "and", "with" and their Chinese equivalents (、，和 伴); a negation cue opens
a scope that runs over phrases joined by "or"/"nor" and closes at the next comma or "and" (ConText-style rules, kept
small). Each phrase links to one finding node: the whole phrase by name, else a complaint at a body site ("pain in
the left arm" → arm pain, ``FindingIndex.located``), else its longest known sub-phrase (for Chinese, the longest
known names inside it, and a site with its complaint a few characters on: "肩膀尖疼" is shoulder pain). Question words ("what could cause", "可能是什么病") are removed first.
A phrase in a patient's own words that links to nothing is read again as a clinician would write it
(``clinical_wording``: "my joints hurt" → "joint pain", "my neck is stiff" → "stiff neck", "I'm always thirsty"
→ "thirsty"), then linked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clinical.models import Finding, FindingStatus
from vocabulary.complaints import chinese_complaint, chinese_complaints_within, english_complaint, english_sites
from vocabulary.findings import CJK, SIDE, FindingIndex, Match, singular_word
QUESTION_WORDS = re.compile(
    r"(what\s+(could|might|can|would)\s+(cause|be\s+causing|explain)|what\s+(is|could)\s+(it|this|that)|"
    r"differential\s+(diagnosis|diagnoses)\s+(for|of)|possible\s+causes?\s+of|causes?\s+of|diagnosis\s+(for|of)|"
    r"i\s+have(\s+got)?|i\s+am\s+having|i'?ve\s+(got|had)|patient\s+(with|presents\s+with|has)|presenting\s+with|"
    r"my\s+(child|son|daughter|wife|husband)\s+has|symptoms?\s*:|what\s+disease|which\s+disease|"
    r"可能是什么病|是什么病|什么病|怎么回事|可能是|我有|患者|症状[:：]?)",
    re.IGNORECASE)
SPLIT = re.compile(r"\s*(?:[,;.?!:—–]|，|、|；|。|？|！|：|\band\b|\bwith\b|\bplus\b|\balso\b|和|以及|伴有|伴|并且|还有)\s*",
                   re.IGNORECASE)
OR_JOIN = re.compile(r"\s+(?:or|nor)\s+|或者|或", re.IGNORECASE)
# English cues are whole words ("non-itchy", "nose", "noise" negate nothing); Chinese ones need no space
NEGATION = re.compile(r"^(?:(?:no|not|without|denies|denied|denying|negative\s+for|absence\s+of|free\s+of|never\s+had|"
                      r"don'?t\s+have|do\s+not\s+have|doesn'?t\s+have)\b|无|没有|没|未见|否认|不)\s*", re.IGNORECASE)
# Patient wording (generic English grammar, not a list of cases): who is speaking and how often or how badly go;
# "<part> hurts" is pain of that part; "<part> is stiff/swollen/…" (or "<part> swollen") is a stiff/swollen part.
SPEAKER = re.compile(
    r"^(?:and\s+|i\s+(?:have|had|keep|get|got|feel|felt|am|was)(?:\s+been)?\s+|i'?m\s+|i'?ve\s+(?:been\s+|got\s+|had\s+)?|"
    r"(?:been|feeling|having|getting|keep)\s+|there\s+is\s+|there'?s\s+|my\s+|his\s+|her\s+|their\s+|"
    r"(?:a|an|the|some|really|very|so|quite|mildly|slightly|somewhat|a\s+bit|a\s+little|bad|terrible|awful|severe|"
    r"constant|constantly|always|lots\s+of|"
    r"a\s+lot\s+of|kind\s+of|sort\s+of)\s+)+", re.IGNORECASE)
WHEN = re.compile(r"\s+(?:all\s+the\s+time|lately|recently|today|every\s+day|at\s+night|again|"
                  r"for\s+(?:a\s+)?(?:few\s+|several\s+|\d+\s+)?(?:days?|weeks?|months?|years?)|since\s+.*)$",
                  re.IGNORECASE)
PART_HURTS = re.compile(r"^(?P<part>[a-z][a-z ]*?)\s+(?:hurts?|hurting|aches?|aching|(?:is|are|feels?)\s+(?:sore|painful))$",
                        re.IGNORECASE)
PART_STATE = re.compile(
    r"^(?P<part>[a-z][a-z ]*?)\s+(?:(?:is|are|feels?|feel|looks?|gets?|got|became|has\s+been|have\s+been)\s+)?"
    r"(?:very\s+|really\s+|so\s+|all\s+)?(?P<state>stiff|swollen|itchy|numb|red|puffy|weak|dry|tingly|tender|"
    r"blurry|blurred|yellow|pale|cold|hot|bloated|tight|sore|painful)$", re.IGNORECASE)
UNCERTAIN = re.compile(r"^(?:maybe|possibly|possible|perhaps|questionable|might\s+have|some|slight|mild|可能有|可能|"
                       r"好像|似乎)\s+|\?$", re.IGNORECASE)


def parse_findings(text: str, index: FindingIndex) -> list[Finding]:
    """Findings stated in ``text``, in order, each linked (id, name) or left unlinked; repeated ids kept once."""
    cleaned = QUESTION_WORDS.sub(" , ", text)
    found: list[Finding] = []
    seen: set[str] = set()
    for chunk in _sites_rejoined(SPLIT.split(cleaned)):
        negated = False
        for position, phrase in enumerate(OR_JOIN.split(chunk)):
            phrase = phrase.strip(" '\"()")
            if not phrase:
                continue
            if NEGATION.match(phrase) and _worded_as_negation(phrase, index):  # a finding worded as a negation
                status, negated = FindingStatus.PRESENT, False  # ("no energy" is fatigue, not a denied "energy")
            else:
                status, phrase, negated = _status(phrase, negated if position else False)
            for finding in _link(phrase, status, index):
                if finding.id is None or finding.id not in seen:
                    seen.add(finding.id or "")
                    found.append(finding)
    return [f for f in found if f.id or len(f.text) > 1]


def _worded_as_negation(phrase: str, index: FindingIndex) -> bool:
    """Whether the phrase is, or (in Chinese) begins with, a finding whose name holds the negation cue ("no energy",
    "没胃口", "不排便" of "不排气不排便"): the cue is then part of the finding, not a denial."""
    if index.lookup(phrase) is not None:
        return True
    return CJK.search(phrase) is not None and any(index.lookup(phrase[:end]) is not None
                                                  for end in range(len(phrase) - 1, 1, -1))


SITED = re.compile(r"\b(?:on|in|of|around|over)\s+(?:the\s+|my\s+|both\s+)?\w+\s*$", re.IGNORECASE)


def _sites_rejoined(chunks: list[str]) -> list[str]:
    """A piece that is only a body site belongs to the complaint before it, cut off at "and": "rash on palms and
    soles" is one finding at two sites, not a rash and an unknown "soles"."""
    joined: list[str] = []
    for chunk in chunks:
        words = chunk.strip().lower().split()
        if joined and words and SITED.search(joined[-1]) and all(
                word in english_sites() or singular_word(word) in english_sites() for word in words
                if word not in ("the", "my", "both")):
            joined[-1] = f"{joined[-1]} and {chunk.strip()}"
        else:
            joined.append(chunk)
    return joined


def _status(phrase: str, negated_scope: bool) -> tuple[FindingStatus, str, bool]:
    match = NEGATION.match(phrase)
    if match and match.end() > 0:
        return FindingStatus.ABSENT, phrase[match.end():].strip(), True
    if negated_scope:
        return FindingStatus.ABSENT, phrase, True
    match = UNCERTAIN.search(phrase)
    if match:
        return FindingStatus.UNCERTAIN, UNCERTAIN.sub("", phrase).strip(), False
    return FindingStatus.PRESENT, phrase, False


def clinical_wording(phrase: str) -> str:
    """A patient's phrase as a clinician would write it: "my joints hurt" → "joint pain", "my neck is stiff" →
    "stiff neck", "I'm always thirsty" → "thirsty"; unchanged when there is nothing to rephrase."""
    text = WHEN.sub("", SPEAKER.sub("", phrase.strip())).strip()
    if (hurts := PART_HURTS.match(text)) is not None:
        return f"{_singular(hurts['part'])} pain"
    if (state := PART_STATE.match(text)) is not None:
        adjective = {"sore": "pain", "painful": "pain", "blurry": "blurred vision", "blurred": "blurred vision"}.get(
            state["state"].lower())
        part = _singular(SPEAKER.sub("", state["part"]))
        if adjective == "blurred vision":
            return adjective
        return f"{part} {adjective}" if adjective else f"{state['state'].lower()} {part}"
    return text


def _singular(words: str) -> str:
    *head, last = words.lower().split()
    return " ".join([*head, singular_word(last)])


def _link(phrase: str, status: FindingStatus, index: FindingIndex) -> list[Finding]:
    whole = index.lookup(phrase) or index.lookup(SIDE.sub("", phrase))  # "left arm pain" is arm pain
    chinese = CJK.search(phrase) is not None
    rephrased = phrase if chinese else clinical_wording(phrase)
    if whole is None and rephrased != phrase:
        whole = index.lookup(rephrased)
        if whole is None and rephrased:
            matches = list(index.find_all(rephrased, skip_negated=False, typed=True))
            if matches:
                return [Finding(text=phrase, status=status, id=m.id, name=m.name) for m in matches]
    # a complaint at one body site: "左臂放射痛" is pain in arm, "stiff back" back stiffness (``vocabulary.complaints``)
    sited = chinese_complaint(phrase) if chinese else english_complaint(rephrased)
    whole = whole or next((m for p in sited if (m := index.lookup(p)) is not None), None)
    if whole is not None:
        return [Finding(text=phrase, status=status, id=whole.id, name=whole.name)]
    if chinese:
        matches = _chinese_findings(phrase, index)
    else:  # "pain in the left arm" is arm pain (``FindingIndex.located``), not an unknown phrase
        matches = list(index.located(phrase, skip_negated=False)) or list(
            index.find_all(phrase, skip_negated=False, typed=True))
    if not matches:
        close = index.closest(sited[0]) if sited else None if chinese else index.closest(phrase)
        if close is not None:
            return [Finding(text=phrase, status=status, id=close.id, name=close.name)]
        return [Finding(text=phrase, status=status)]
    return [Finding(text=phrase, status=status, id=m.id, name=m.name) for m in matches]


def _chinese_findings(phrase: str, index: FindingIndex) -> list[Match]:
    """The findings a longer Chinese phrase names, left to right: its longest known names, and a body site with the
    complaint after it ("肛门刀割样疼") where the index knows that complaint at that site — which then stands for the
    bare complaint inside it ("疼" alone is Pain)."""
    sited = [(item.start, item.end, match) for item in chinese_complaints_within(phrase)
             if (match := next((m for p in item.phrasings if (m := index.lookup(p)) is not None), None)) is not None]
    named = [(start, end, match) for start, end, match in _chinese_matches(phrase, index)
             if not any(s <= start and end <= e for s, e, _ in sited)]
    return [match for _, _, match in sorted([*sited, *named], key=lambda item: item[0])]


def _chinese_matches(phrase: str, index: FindingIndex) -> Iterator[tuple[int, int, Match]]:
    """Longest known names inside a Chinese phrase, left to right, not overlapping, with their spans."""
    position = 0
    while position < len(phrase):
        for end in range(min(len(phrase), position + 12), position + 1, -1):
            match = index.lookup(phrase[position:end])
            if match is not None:
                yield position, end, match
                position = end
                break
        else:
            position += 1
