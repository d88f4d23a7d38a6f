"""Intent detection and mention extraction: rule-based cue patterns, with an embedding-similarity fallback.

A question becomes a :class:`ParsedQuestion`: the intent, the mentions to link (in order), and the entity labels
each intent expects. English questions are matched against ordered cue patterns; the cue and filler words are
removed and what is left is split into mentions. Chinese questions: the intent from the cue words of
``query.lexicon``, the names by longest match over the vocabulary's Chinese names (``chinese_names``, given by the
caller; the curated ``vocabulary/zh_terms.tsv`` alone by default).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from graph.models import NodeLabel
from query import lexicon
from query.measure_effects import chinese_effect_on_measure, effect_on_measure
from query.models import Intent
from vocabulary.chinese import simplified

# What kind of entity each intent is asked about (first) and, for pairs, the second one.
# words for a class of drugs a treatment question may ask for ("best antibiotic for strep throat", "painkiller for
# back pain"): the answer lists only that class's members (``asked_class``)
DRUG_CLASS_WORDS = (r"anti(?:biotic|viral|fungal|bacterial|emetic|histamine|depressant|hypertensive)s?|"
                    r"pain\s?(?:killer|reliever)s?")
_DRUG_CLASS = re.compile(rf"\b(?:{DRUG_CLASS_WORDS})\b", re.IGNORECASE)
EXPECTED_LABELS: dict[Intent, tuple[NodeLabel, ...]] = {
    Intent.TREATMENT: (NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT),
    Intent.INDICATIONS: (NodeLabel.DRUG,),
    Intent.SIDE_EFFECTS: (NodeLabel.DRUG,),
    Intent.CONTRAINDICATIONS: (NodeLabel.DRUG,),
    Intent.INTERACTIONS: (NodeLabel.DRUG,),
    Intent.DOSAGE: (NodeLabel.DRUG,),
    Intent.MECHANISM: (NodeLabel.DRUG,),
    Intent.DISEASE_GENES: (NodeLabel.DISEASE,),
    Intent.SIMILAR: (NodeLabel.DISEASE, NodeLabel.DRUG),
    Intent.SYMPTOMS: (NodeLabel.DISEASE,),
    Intent.UNKNOWN: (),
}

# Ordered: the first pattern that matches decides. Specific intents come before the broad treatment cues.
_CUES: list[tuple[Intent, str]] = [
    (Intent.INTERACTIONS, r"\binteract(?:s|ion|ions|ing)?\b(?:\s+with|\s+between)?|\bdrug[- ]drug\b|"
                          r"\b(?:take|combine|mix)\b.+\b(?:with|and)\b.+\b(?:together|safely)\b|\bsafe to (?:take|combine)\b|"
                          r"\b(?:can|could|may|should) (?:i|you|we|he|she|they|my \w+) (?:take|use|combine|mix|have)\b"
                          r"(?=.+\b(?:with|and|while (?:on|taking))\b)|\btogether\b|"
                          # consumer wording: "can xanax be taken with lexapro", "is it ok to take tylenol with advil"
                          r"\b(?:be|being)\s+(?:taken|used|given|combined|mixed)\s+(?:together\s+)?with\b|"
                          r"\b(?:ok|okay|alright|all right|fine)\s+to\s+(?:take|use|combine|mix|have)\b"
                          r"(?=.+\b(?:with|and|while (?:on|taking))\b)|"
                          # alcohol with a drug: "can you drink alcohol with flagyl", "alcohol while on metronidazole"
                          r"\bdrink(?:ing)?\b(?=\s+(?:alcohol|beer|wine|liquor)\b)|"
                          r"(?=\balcohol\s+(?:with|while|and|on)\b)"),
    (Intent.DOSAGE, r"\b(?:dose|doses|dosage|dosing|posology)\b(?:\s+(?:of|for))?|\bhow much\b|\bhow (?:many|often)\b"),
    (Intent.CONTRAINDICATIONS, r"\bcontra[- ]?indicat\w*(?:\s+(?:for|in|with))?|\bwho should not (?:take|use)\b|"
                               r"\bwhen (?:not|shouldn't i) (?:to )?(?:use|take)\b|\bavoid\w*\b.*\bin\b"),
    (Intent.SIDE_EFFECTS, r"\bside[- ]?effects?\b(?:\s+of)?|\badverse (?:effects?|reactions?|events?)\b(?:\s+of)?|"
                          r"\btoxicit(?:y|ies)\b(?:\s+of)?|\bcauses?\b|\bharms?\b"),
    (Intent.MECHANISM, r"\bmechanism(?:s)?(?: of action)?\b(?:\s+of)?|\bmode of action\b(?:\s+of)?|\btargets?\b(?:\s+of)?|"
                       r"\bhow does\b(.+)\bwork\b|\bmoa\b|"
                       r"\b(?:how|what) (?:does|do|will)\b(.+)\b(?:affect|act on|do to|work on|change)\b.*|"
                       r"\bwhat (?:does|do)\b(.+)\bdo\b(?:\s+for (?:you|me|the body|your body))?\s*[?.!]*\s*$"),
    (Intent.DISEASE_GENES, r"\bgenes?\b(?:\s+(?:associated|linked|related)\s+(?:with|to))?|\bgenetic\w*\b"),
    (Intent.SIMILAR, r"\b(?:(?:diseases?|drugs?|conditions?|medications?)\s+)?similar (?:to|diseases?|drugs?|conditions?)\b(?:\s+to)?|\bresembl\w*\b|"
                     r"\b(?:drugs?|diseases?|conditions?|medications?) like\b|\balternatives? (?:to|for)\b"),
    (Intent.INDICATIONS, r"\bindicat(?:ed|ions?)\b(?:\s+(?:for|of))?|\bwhat (?:is|are)\b(.+)\bused (?:for|to treat)\b|"
                         r"\bused for\b|\buses? of\b|\bwhat (?:does|do|can)\b(.+)\btreat\b"),
    (Intent.TREATMENT, r"\b(?:first[- ]line|second[- ]line|best|recommended)?\s*(?:treatments?|therap(?:y|ies)|"
                       r"drugs?|medications?|medicines?|meds|remed(?:y|ies)|pills?|options?|"
                       # a class of drugs asked for ("best antibiotic for strep throat")
                       rf"{DRUG_CLASS_WORDS})\b(?:\s+(?:for|of|to treat|that treat|"
                       r"which treat|treating|against))?|\b(?:treat(?:s|ing|ed)?|cure[sd]?|manage|prescribe)\b(?:\s+(?:for|of))?|"
                       r"\bwhat (?:can|should|could) (?:i|you|we|he|she|they) (?:take|use|give)\b(?:\s+for)?|"
                       # consumer wording (seen on the dev question sets): "how do I get rid of X", "what can I do
                       # about X", "help with X", "relief for X"
                       r"\b(?:how (?:do|can|could|should) (?:i|we|you) |how to )?get rid of\b|"
                       r"\bwhat (?:can|could|should) (?:i|we|you) do (?:about|for|with)\b|"
                       r"\b(?:something|anything|medicine|remedy) (?:to |that |which )?(?:helps?|works?) (?:with|for)\b|"
                       r"\brelie(?:f|ve) (?:for|of|from)?\b|"
                       # more consumer wording read off LiveQA's training questions (dev): "how to reduce my blood
                       # pressure", "how to remove my mouth ulcer", "what can I do?" (not MedQuAD's "what should I do
                       # if I forget a dose": a missed dose, which medkg declines)
                       r"\bhow (?:to|do (?:i|we|you)|can (?:i|we|you)|should (?:i|we)) (?:reduce\w*|lower\w*|remove|heal|"
                       r"fix|stop|control|overcome|ease|deal with|get over)\b|"
                       r"\bwhat (?:can|could|should) (?:i|we) do\b"
                       r"(?!\s+(?:to\s+(?:prevent|avoid)|if\s+(?:i|you|we)\s+(?:forget|miss)))"),
    # last: "what are the symptoms of diabetes", but "drugs for the symptoms of menopause" is a treatment question
    (Intent.SYMPTOMS, r"\b(?:(?:early|first|common|warning|typical)\s+)?(?:signs? (?:and|&) symptoms?|symptoms?|signs?|"
                      r"manifestations?|clinical (?:features?|presentation))\b(?:\s+(?:of|for|in))?|"
                      r"\bhow (?:does|do|can)\b(.+)\b(?:present|show(?: up)?)\b|\bwhat does\b(.+)\bfeel like\b|"
                      r"\bhow (?:do|can|would) (?:i|you|we) know (?:if|whether) (?:i|you|we|he|she|they|my \w+) (?:have|has)\b"),
]
_COMPILED = [(intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in _CUES]
_COMPILED_SIDE_EFFECTS = next(pattern for intent, pattern in _COMPILED if intent is Intent.SIDE_EFFECTS)
CUE_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(_COMPILED)  # read by query.intent_classifier
CUE_INTENTS: tuple[Intent, ...] = tuple(intent for intent, _ in _CUES)

_FILLER = set(
    "what which who whom is are was were the a an for of best good top most effective does do did can could would "
    "should i you we me my our patient patients please tell about there any how be used use give recommended "
    "recommend options option available common commonly known list show find some all and or in on to with "
    "treat treats treatment therapy drug drugs medication medications medicine effects effect safe safely "
    "take taking together first line first-line second-line together? really usually typically "
    "adult adults child children people person someone it its other others medicines meds max maximum minimum "
    "mg mcg ml kg ok okay".split()
)
_SPAN_FILLER = frozenset(  # more words that name nothing alone, for the spans of an unlinked mention
    "why when where whether get gets got prescribed prescribe related changes change genetic risks risk safety "
    "concerns concern special precautions precaution at this that these those from by as into than then so if "
    "not no yes has have had will may might must being been".split())
_SPLITTERS = re.compile(r"\s*(?:,|;|\||&|\+|(?<=[A-Za-z])/(?=[A-Za-z])|\band\b|\bwith\b|\bfor\b|\bin\b|"
                        r"\bvs\.?\b|\bversus\b|\bplus\b|"
                        r"\bwhile (?:on|taking|using)\b|\bwhile\b)\s*",
                        re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuestion:
    intent: Intent
    mentions: tuple[str, ...]
    language: str = "en"
    whole: str = ""  # the question without cue and filler words, before splitting
    notes: tuple[str, ...] = field(default_factory=tuple)


_CODE_LIKE = re.compile(
    r"[{}`]|//|\b(?:DETACH\s+DELETE|LOAD\s+CSV|CALL\s+\w+\.|(?:MATCH|MERGE|CREATE)\s*\()", re.IGNORECASE
)
# upper case only: "symptoms return after …" and "I have shingles; is it too late …" are English
_CYPHER_UPPER_CASE = re.compile(r"\bRETURN\s+\w|;\s*(?:MATCH|MERGE|CREATE|DELETE|DETACH|CALL|RETURN|UNWIND|DROP|SET|"
                            r"REMOVE|WITH)\b")


def looks_like_code(text: str) -> bool:
    """Cypher fragments in a question (an injection attempt, or a query pasted by mistake): not a question."""
    return bool(_CODE_LIKE.search(text) or _CYPHER_UPPER_CASE.search(text))


ChineseNames = Callable[[str], Sequence[tuple[str, str]]]  # text → (Chinese name as written, English name)


def parse(question: str, fallback: Callable[[str], Intent | None] | None = None,
          chinese_names: ChineseNames | None = None, intent: Intent | None = None) -> ParsedQuestion:
    """Intent and mentions of one question; ``fallback`` (e.g. embedding similarity) is asked when no cue matches;
    ``chinese_names`` finds the names in a Chinese question (default: the curated file); ``intent``: an English
    question's intent decided already (``query.intent_classifier``) — the cue match still strips the cue words."""
    text = question.strip()
    if looks_like_code(text):
        return ParsedQuestion(Intent.UNKNOWN, (), notes=("looks like code, not a question",))
    if lexicon.has_chinese(text):
        return _parse_chinese(text, chinese_names or lexicon.chinese_names)
    effect = effect_on_measure(text)
    if effect is not None:  # the reading is explicit: no classifier overrules it
        rewritten, note = effect
        parsed = _with_mentions(Intent.SIDE_EFFECTS, rewritten, _COMPILED_SIDE_EFFECTS.search(rewritten))
        return ParsedQuestion(parsed.intent, parsed.mentions, whole=parsed.whole, notes=(note,))
    for cue_intent, pattern in _COMPILED:
        match = pattern.search(text)
        if match:
            return _with_mentions(intent or cue_intent, text, match)
    intent = intent or (fallback(text) if fallback else None)
    # split before the filler goes: "and", "with" and "for" are both ("difference between advil and aleve")
    return ParsedQuestion(intent or Intent.UNKNOWN, _split(text), whole=_strip_filler(text))


def _with_mentions(intent: Intent, text: str, match: re.Match[str]) -> ParsedQuestion:
    inner = [g for g in match.groups() if g]  # "how does X work", "what does X treat"
    remainder = text[: match.start()] + " | " + " | ".join(inner) + " | " + text[match.end():]
    whole = _strip_filler(remainder.replace("|", " "))
    return ParsedQuestion(intent, _split(remainder), whole=whole)


def asked_class(question: str) -> str | None:
    """The class of drugs a question asks for, as an English word, singular ("antibiotic"; "降压药" →
    "antihypertensive"); None when none."""
    chinese = lexicon.chinese_drug_class(question)
    if chinese is not None:
        return chinese
    match = _DRUG_CLASS.search(question)
    return re.sub(r"s$", "", match.group(0).lower()) if match else None


def is_filler(word: str) -> bool:
    """A question word, pronoun or generic medical word that names no entity alone ("what", "about", "drug")."""
    folded = word.lower().strip("'?!.,;:")
    return folded in _FILLER or folded in _SPAN_FILLER


def _split(text: str) -> tuple[str, ...]:
    pieces = [_strip_filler(piece) for piece in _SPLITTERS.split(text)]
    return tuple(piece for piece in pieces if piece)


def _strip_filler(text: str) -> str:
    text = re.sub(r"[?!.¿？。！\"“”]+", " ", text)
    words = [w for w in re.split(r"\s+", text) if w and w.lower().strip("'") not in _FILLER and w != "|"]
    return " ".join(words).strip(" ,;:-'/")


def _parse_chinese(text: str, chinese_names: ChineseNames) -> ParsedQuestion:
    """A Chinese question's intent by its cue words and its names: the Chinese ones the vocabulary knows and the ones
    written in Latin letters ("warfarin和阿司匹林能一起吃吗", a follow-up rewritten around "Warfarin"), in the order
    written."""
    text = simplified(text)  # cue words and names are matched in Simplified characters
    effect = chinese_effect_on_measure(text)
    if effect is not None:
        text = effect[0]
    intent = lexicon.chinese_intent(text) or Intent.UNKNOWN
    without_cues = lexicon.without_cues(text)
    chinese = chinese_names(without_cues)
    found = [(without_cues.find(zh), en) for zh, en in chinese]
    found += [(m.start(), m.group(0)) for m in _LATIN_NAME.finditer(without_cues)
              if m.group(0).lower() not in _LATIN_NOT_NAMES]
    names = [en for _, en in sorted(found, key=lambda pair: pair[0])]
    notes = tuple(f"{zh} → {en}" for zh, en in chinese) + ((effect[1],) if effect is not None else ())
    return ParsedQuestion(intent, tuple(names), language="zh", whole=" ".join(names), notes=notes)


# a name in Latin letters inside a Chinese question (one word or several, "insulin glargine"); units and lab
# abbreviations written with the numbers of a patient ("eGFR 25", "80 kg") are not names
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*)*")
_LATIN_NOT_NAMES = frozenset({"mg", "mcg", "g", "kg", "ml", "l", "egfr", "crcl", "bmi", "iu", "mmol", "umol", "mol",
                              "dl", "min", "h", "hba1c", "alt", "ast", "scr", "cr", "bun", "inr", "bp", "hr", "ml/min"})


# Example questions for the embedding fallback (used when no cue pattern matches).
EXAMPLES: dict[Intent, Sequence[str]] = {
    Intent.TREATMENT: ("how is asthma managed", "what helps with migraine", "what to give for gout",
                       "what works against psoriasis"),
    Intent.INDICATIONS: ("what conditions is metformin for", "why would someone take donepezil"),
    Intent.SIDE_EFFECTS: ("what problems can atorvastatin bring", "is warfarin dangerous"),
    Intent.CONTRAINDICATIONS: ("who must not receive warfarin", "when is metformin not allowed"),
    Intent.INTERACTIONS: ("can I take aspirin and warfarin at the same time",),
    Intent.DOSAGE: ("how should metformin be taken", "what strength of amlodipine"),
    Intent.MECHANISM: ("what protein does imatinib bind", "what receptor does losartan block"),
    Intent.DISEASE_GENES: ("what is the genetic basis of breast cancer", "which mutations cause cystic fibrosis"),
    Intent.SIMILAR: ("what resembles crohn's disease", "what is comparable to atorvastatin"),
    Intent.SYMPTOMS: ("how does lupus present", "what does a migraine feel like"),
}
