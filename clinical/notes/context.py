"""ConText-style status of each problem mention: negated, uncertain, historical or hypothetical, and whose it is.

Harkema et al. (2009) ConText, as rules: a trigger phrase opens a scope that runs forward (or, for a following
trigger such as "was ruled out", backward) over its clause, and stops at a termination word ("but", "however",
"presents with"), at the end of the sentence, or at a colon that starts a new list. The negation triggers extend
negspacy's clinical term set (NegEx, Chapman 2001). Section rules come after: a problem in Family History belongs to
someone else; one in Past History is historical unless its sentence says it is current.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from clinical.notes.models import Experiencer, SectionKind, Temporality


def _words(*phrases: str) -> str:
    ordered = sorted({p for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _negex_terms() -> tuple[list[str], list[str], list[str], list[str]]:
    """negspacy's clinical NegEx lists (preceding, following, pseudo, termination), when negspacy is installed."""
    try:
        from negspacy.termsets import termset
    except ImportError:  # pragma: no cover - negspacy is a dependency
        return [], [], [], []
    terms = termset("en_clinical").get_patterns()
    return (terms.get("preceding_negations", []), terms.get("following_negations", []),
            terms.get("pseudo_negations", []), terms.get("termination", []))


_NEGEX_PRE, _NEGEX_POST, _NEGEX_PSEUDO, _NEGEX_TERMINATION = (
    [t for t in terms if "resolved" not in t] for terms in _negex_terms())

PSEUDO = re.compile(r"\b(?:" + _words(
    *_NEGEX_PSEUDO, "no increase", "no change", "not only", "not necessarily", "no further", "without difficulty",
    "not certain if", "not certain whether", "no significant change", "gram negative", "not extend", "not cause",
    "cannot be ruled out", "cannot rule out", "can not rule out", "cannot be excluded", "cannot exclude",
    "not ruled out", "not been ruled out", "no other", "no new", "not drain", "not seem to help", "not helped",
    "no relief", "not been able", "unable to", "not improved", "not resolved", "no longer able",
    "did not help", "does not help", "not responded", "nonproductive", "non-productive") + r")\b|"
    # Chinese: "无明显诱因出现腹痛" (no evident cause) and "未见好转" (no improvement) deny no finding
    r"无明显诱因|无诱因|无明显原因|无明显好转|未见好转|无好转|无明显缓解|无缓解|未缓解", re.IGNORECASE)
NEGATION_PRE = re.compile(r"\b(?:" + _words(
    *_NEGEX_PRE, "no", "not", "denies", "denied", "denying", "deny", "without", "negative for", "absence of",
    "absent", "free of", "no evidence of", "no signs of", "no sign of", "no history of", "no h/o", "never had",
    "never", "nor", "neither", "rules out", "ruled out", "r/o'd", "no complaints of", "not have",
    "negative", "none", "fails to reveal", "no acute", "doesn't have", "does not have", "did not have",
    "didn't have", "has not had", "hasn't had", "has had no", "had no", "free from", "clear of",
    "not demonstrate", "no findings of", "without any", "without evidence of", "w/o", "not experiencing",
    "not had", "no further", "not feel", "not complain of", "not report", "not reporting", "absent of",
) + r")(?=\W|$)|否认|未见|未闻及|未触及|未诉|没有|不伴|无明显|无|未", re.IGNORECASE)
NEGATION_POST = re.compile(r"(?:^|\W)(?:" + _words(
    *_NEGEX_POST, "was ruled out", "were ruled out", "is ruled out", "are ruled out", "has been ruled out",
    "have been ruled out", "was negative", "were negative", "is negative", "are negative", "not seen",
    "was not seen", "not present", "is absent", "was absent", "are absent", "were absent",
    "denied", "unlikely", "is unlikely", "not identified", "not noted",
    "not appreciated", "not detected", "not found", "free", "negative", "none", "not observed", "is not seen",
) + r")\b", re.IGNORECASE)
UNCERTAIN_PRE = re.compile(r"\b(?:" + _words(
    "possible", "possibly", "probable", "probably", "suspected", "suspect", "suspicious for", "suspicion of",
    "rule out", "r/o", "to rule out", "concerning for", "concern for", "concerned about", "question of",
    "questionable", "may have", "may be", "might have", "might be", "could be", "could have", "cannot rule out",
    "cannot exclude", "can not rule out", "differential includes", "differential diagnosis", "differential diagnoses",
    "consider", "considered", "likely", "most likely", "presumed",
    "presumably", "versus", "vs", "evaluate for", "evaluation for", "workup for", "work-up for", "worried about",
    "worry about", "not sure", "uncertain", "equivocal", "query", "?", "suggestive of",
    "vs.", "similar to", "appears to be", "appear to be", "seems to be", "seem to be", "thought to be",
    "looks like", "look like", "i think", "make sure",
) + r")(?=\W|$)|(?<!\w)\?(?=\s*(?:\w|$))|疑似|可能|待排|考虑|不除外|？", re.IGNORECASE)
UNCERTAIN_POST = re.compile(r"(?:^|\W)(?:" + _words(
    "is suspected", "was suspected", "are suspected", "cannot be ruled out", "cannot be excluded",
    "can not be ruled out", "not excluded", "is possible", "is likely", "was considered", "is questioned",
    "versus", "vs", "?", "or not", "is a possibility", "remains a possibility", "not ruled out",
) + r")(?=\W|$)", re.IGNORECASE)
# Only words that put a problem in the past count; "history of diabetes" is a current chronic problem.
HISTORICAL_PRE = re.compile(r"\b(?:" + _words(
    "previous", "previously", "remote", "childhood", "in the past", "years ago", "in remission", "recovered from",
    "was treated for", "past episode of", "past episodes of", "prior episode of", "prior episodes of",
    "resolved", "had had", "as a child", "last year", "as a teenager", "had a history of", "had a past history of",
    "had a prior history of",
) + r")\b|既往|曾患|曾有|多年前", re.IGNORECASE)
HISTORICAL_POST = re.compile(r"(?:^|\W)(?:" + _words(
    "years ago", "months ago", "in the past", "as a child", "in childhood", "previously", "in remission",
    "resolved", "which resolved", "has resolved", "in high school", "in college", "last year",
) + r")\b", re.IGNORECASE)
# Temporal words that keep a past-history problem current ("currently", "ongoing", "still").
CURRENT = re.compile(r"\b(?:currently|current|ongoing|active|still|now|presently|today|this morning|worsening|"
                     r"uncontrolled|poorly controlled|on treatment|recent|recently|acute)\b", re.IGNORECASE)
HYPOTHETICAL_PRE = re.compile(r"\b(?:" + _words(
    "if", "should he", "should she", "should they", "should the patient", "should there be", "in case of",
    "in the event of", "return if", "call if", "return for", "call for", "watch for", "monitor for", "look for",
    "risk of", "risks of", "risk for", "at risk", "risk factors for", "prevent", "prevention of", "preventing",
    "prophylaxis", "prophylaxis against", "prophylactic", "to avoid", "avoid",
    "warning signs", "precautions", "in order to", "as needed for", "prn", "p.r.n.", "unless",
    "to reduce", "reduce the risk", "screening for", "screen for", "including the risk of",
    "risk factor", "chance of", "likelihood of", "possibility of", "educated on", "counseled on",
    "counseled about", "discussed", "explained",
) + r")(?=\W|$)", re.IGNORECASE)
RELATIVES = _words(
    "mother", "father", "sister", "brother", "sibling", "siblings", "aunt", "uncle", "grandmother", "grandfather",
    "grandparent", "grandparents", "son", "daughter", "cousin", "niece", "nephew", "parents", "parent", "mom", "dad",
    "wife", "husband", "spouse", "relative", "relatives", "family member", "family members", "twin brother",
    "twin sister", "partner", "friend", "roommate", "coworker", "co-worker", "sick contacts", "contacts",
    "maternal grandmother", "paternal grandmother", "maternal grandfather", "paternal grandfather",
    "maternal aunt", "paternal aunt", "maternal uncle", "paternal uncle")
# Someone else's problem: "family history of", or a relative who has, had or died of it ("mother had", "father
# with", "sister's"); a relative who only brings or tells ("brought by his parents") does not count.
EXPERIENCER_PRE = re.compile(
    r"\b(?:family history of|family history significant for|family history positive for|fh of|fhx of|"
    r"in the family|runs in the family|family members? with|(?:" + RELATIVES + r")(?:'s|\s+(?:who\s+)?(?:also\s+)?"
    r"(?:has|had|have|with|was diagnosed with|is diagnosed with|diagnosed with|died of|died from|passed away from|"
    r"suffers from|suffered from|history of|developed|is positive for|was positive for|significant for|"
    r"is\s+(?:also\s+)?(?:sick|ill)\s+with|are\s+(?:also\s+)?sick\s+with|are\s+sick|is\s+sick)))\b"
    r"|母亲|父亲|其母|其父|兄弟|姐妹|家族中|家族史", re.IGNORECASE)
# A new clause: "but", "however", a positive re-opener ("presents with", "reports", "endorses"), a semicolon.
TERMINATION = re.compile(r"\b(?:" + _words(
    *_NEGEX_TERMINATION, "but", "however", "although", "though", "except", "except for", "aside from",
    "apart from", "other than", "yet", "still", "which", "who", "presents with", "presented with",
    "presenting with", "reports", "reported", "reporting", "endorses", "endorsed", "complains of", "complained of",
    "complaining of", "admits to", "admits", "positive for", "notes", "noted", "was found",
    "is found", "found to have", "due to", "secondary to", "cause of", "source of", "etiology of", "because",
    "since", "then", "now", "and is", "and was", "and has", "and had", "while", "whereas", "as well as",
    "consistent with", "likely", "most likely", "probably", "caused by", "cause by",
) + r")\b|[;:]|\u2022|但|；|，(?=有|伴|诉|出现)|"
    # a Chinese comma before a new clause (a time, a verb a few characters on): "无明显诱因出现腹痛，进食后加重，
    # 2天前出现黑便" — the 无 of one clause denies nothing in the next
    r"，(?=[^，。；]{0,4}?(?:\d|出现|加重|减轻|自觉|感到|开始|发现|就诊|予|行))", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u2022(\u4e00-\u9fff])|\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+[.)]\s|[A-Z][A-Za-z ]{1,40}:))"
                          r"|[。！？]")
MAX_SCOPE_WORDS = 25
# A hedge that is itself denied is a negation: "it does not look like she has a stroke", "doesn't appear to be".
NEGATED_HEDGE = re.compile(r"\b(?:not|n't|never)\s*$", re.IGNORECASE)
PAST_HISTORY_CUE = "section: past history"
# A labelled list of candidates ("Differential diagnoses: AVM, stroke, trauma", "DDx: …", "Rule out: …"): every item
# is uncertain, although the colon ends an ordinary cue's scope.
UNCERTAIN_LIST = re.compile(r"^\W*(?:differential(?:\s+diagnos[ie]s)?|ddx|rule[\s-]*outs?|r/o|鉴别诊断)\s*[:：]",
                            re.IGNORECASE)


@dataclass
class Context:
    negated: bool = False
    uncertain: bool = False
    temporality: Temporality = Temporality.RECENT
    experiencer: Experiencer = Experiencer.PATIENT
    cues: list[str] = field(default_factory=list)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: at sentence punctuation, blank lines, list items and "Label:" lines."""
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start() if not match.group().startswith(("。", "！", "？")) else match.end()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def classify(text: str, spans: list[tuple[int, int]], sections: list[SectionKind]) -> list[Context]:
    """The context of each mention span of ``text`` (spans in order of offset), given each span's section."""
    bounds = sentence_bounds(text)
    results = []
    index = 0
    for (start, end), section in zip(spans, sections):
        while index + 1 < len(bounds) and bounds[index][1] <= start:
            index += 1
        sentence_start, sentence_end = bounds[index] if bounds else (0, len(text))
        sentence_start = min(sentence_start, start)
        sentence_end = max(sentence_end, end)
        results.append(_context(text, start, end, sentence_start, sentence_end, section))
    return results


def _context(text: str, start: int, end: int, s_start: int, s_end: int, section: SectionKind) -> Context:
    before, after = text[s_start:start], text[end:s_end]
    context = Context()
    pseudo_spans = [m.span() for m in PSEUDO.finditer(before)]
    negation = _preceding(before, NEGATION_PRE, pseudo_spans)
    uncertainty = _preceding(before, UNCERTAIN_PRE, pseudo_spans) or _uncertain_pseudo(before)
    if negation and not (uncertainty and uncertainty[1] > negation[1]):
        context.negated = True
        context.cues.append(negation[0])
    elif (cue := _following(after, NEGATION_POST)) is not None:
        context.negated = True
        context.cues.append(cue)
    if uncertainty and NEGATED_HEDGE.search(before[:uncertainty[1]]):  # "does not look like she has a stroke"
        context.negated, uncertainty = True, None
        context.cues.append("negated hedge")
    if not uncertainty and (listed := UNCERTAIN_LIST.match(before)):
        uncertainty = (listed.group().strip(), listed.start())
    if uncertainty:
        context.uncertain, context.negated = True, False
        context.cues.append(uncertainty[0])
    elif (cue := _following(after, UNCERTAIN_POST)) is not None and not context.negated:
        context.uncertain = True
        context.cues.append(cue)
    hypothetical = _preceding(before, HYPOTHETICAL_PRE, pseudo_spans)
    if hypothetical:
        context.temporality = Temporality.HYPOTHETICAL
        context.cues.append(hypothetical[0])
    else:
        historical = _preceding(before, HISTORICAL_PRE, pseudo_spans) or (
            (cue, 0) if (cue := _following(after, HISTORICAL_POST)) else None)
        if historical:
            context.temporality = Temporality.HISTORICAL
            context.cues.append(historical[0])
        elif section is SectionKind.PAST_HISTORY and not CURRENT.search(text[s_start:s_end]):
            context.temporality = Temporality.HISTORICAL
            context.cues.append(PAST_HISTORY_CUE)
    experiencer = _experiencer(before)
    if experiencer or (section is SectionKind.FAMILY_HISTORY and not re.search(r"\bpatient\b", before, re.I)):
        context.experiencer = Experiencer.OTHER
        context.cues.append(experiencer or "section: family history")
    return context


def _preceding(before: str, trigger: re.Pattern[str], pseudo: Iterable[tuple[int, int]]) -> tuple[str, int] | None:
    """The last trigger before the mention whose scope reaches it (no termination and few words between)."""
    pseudo = list(pseudo)
    for match in reversed(list(trigger.finditer(before))):
        if any(p_start <= match.start() < p_end for p_start, p_end in pseudo):
            continue
        between = before[match.end():]
        if TERMINATION.search(between) or len(between.split()) > MAX_SCOPE_WORDS:
            return None
        return match.group().strip(), match.start()
    return None


def _following(after: str, trigger: re.Pattern[str]) -> str | None:
    """A following trigger ("… was ruled out") within the mention's clause, a few words on."""
    match = trigger.search(after)
    if match is None:
        return None
    between = after[: match.start()]
    if TERMINATION.search(between) or len(between.split()) > 6 or re.search(r"[,.]", between):
        return None
    return match.group().strip(" ,.")


def _uncertain_pseudo(before: str) -> tuple[str, int] | None:
    """"cannot rule out X", "not ruled out" are pseudo-negations that mean uncertainty."""
    match = None
    for match in re.finditer(r"\b(?:cannot|can not|could not|unable to)\s+(?:be\s+)?(?:rule[sd]?\s+out|exclude[sd]?)\b|"
                             r"\bnot\s+(?:been\s+)?ruled\s+out\b", before, re.IGNORECASE):
        pass
    if match is None or TERMINATION.search(before[match.end():]):
        return None
    return match.group(), match.start()


def _experiencer(before: str) -> str | None:
    match = None
    for match in EXPERIENCER_PRE.finditer(before):
        pass
    if match is None:
        return None
    between = before[match.end():]
    if re.search(r"[;.]|\bbut\b|\bpatient\b|\bhe\b|\bshe\b|\bhis\b|\bher\b(?!\s+(?:mother|father|sister|brother))",
                 between, re.IGNORECASE) or len(between.split()) > MAX_SCOPE_WORDS:
        return None
    return match.group()



def carry_current(contexts: list[Context], ids: list[str], sections: list[SectionKind]) -> None:
    """A problem listed under Past History that the note states as the patient's current problem elsewhere (in the
    history of present illness, the assessment, …) is a chronic condition the note treats as ongoing, not a past
    one: its past-history mentions become recent. Only mentions made historical by the section alone change."""
    current = {problem for context, problem, section in zip(contexts, ids, sections)
               if section not in (SectionKind.PAST_HISTORY, SectionKind.FAMILY_HISTORY)
               and context.temporality is Temporality.RECENT and context.experiencer is Experiencer.PATIENT
               and not context.negated}
    for context, problem in zip(contexts, ids):
        if problem in current and PAST_HISTORY_CUE in context.cues:
            context.temporality = Temporality.RECENT
            context.cues[context.cues.index(PAST_HISTORY_CUE)] = "current elsewhere in the note"
