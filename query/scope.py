"""Questions medkg does not answer, recognised so that they are declined honestly instead of given a wrong intent.

The graph holds treatments, indications, side effects, interactions, contraindications, label dosage texts,
mechanisms, genes and findings. Questions about storing a medicine, what a pill looks like, what it costs or where to
get it, what to do about a missed dose or how to stop taking it (patient instructions) have no answer there; the
patterns below catch them (English and Chinese) before intent detection.
"""

from __future__ import annotations

import re

from query.messages import say

TOPICS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple((topic, zh, re.compile(pattern, re.IGNORECASE)) for topic, zh, pattern in (
    ("storage", "储存", r"\b(?:stor(?:e|ed|ing|age)|refrigerat\w*|fridge|freeze (?:it|them)|frozen insulin|room temperature|"
                        r"shelf[- ]life|expir(?:ed|es|ation|y date)|expire|out of date|keep (?:it|them|my \w+) "
                        r"(?:cold|cool))\b|怎么保存|如何保存|储存|贮存|冷藏|保质期|过期"),
    ("appearance", "外观", r"\bwhat does\b.+\blook like\b|\bwhat colou?r is\b|\b(?:colou?r|shape) of (?:the|my|this|a) "
                           r"(?:pill|tablet|capsule)\b|\b(?:imprint|pill identifier|identify (?:a|this|my) pill)\b|\b(?:white|blue|yellow|pink|round|oval) pill\b|长什么样|什么颜色|外观"),
    ("cost and supply", "价格和购买", r"\b(?:cost|costs|price|prices|pricing|expensive|cheap\w*|afford\w*|insurance|copay|"
                                      r"co-pay|coupon|covered by|medicare|medicaid|where (?:can|do) i (?:buy|get|order)|"
                                      r"buy|purchase|pharmacy near|in stock|shortage|prescription needed|over the "
                                      r"counter availability)\b|多少钱|价格|医保|报销|哪里买|在哪买|购买"),
    ("missed doses", "漏服", r"\b(?:miss(?:ed|es|ing)?|forg(?:o|e)t(?:ten)?(?: to take)?|skip(?:ped)?) (?:a |an |one |my |the |two )?"
                            r"(?:\w+ )?(?:dose|doses|pill|pills|tablet|shot)\b|\bdouble (?:up|dose)\b|漏服|忘记吃|忘了吃|忘记服"),
    ("stopping or tapering a medicine", "停药和减药",
     r"\bhow (?:do i|to|can i|should i|would i|do you) (?:safely )?(?:stop|quit) (?:taking|using)\b|"
     r"\bhow (?:do i|to|can i|should i|do you) (?:come|get|wean(?: myself)?) off\b|"
     r"\b(?:taper(?:ing)?|wean(?:ing)?) (?:off|down)\b|怎么停药|如何停药|怎样停药|怎么减药|如何减药"),
    ("manufacturers and recalls", "厂家和召回", r"\b(?:manufacturer|who makes|made by|recalled|drug recall|recalls? of|lawsuit|class action)\b|"
                                                 r"厂家|生产商|召回"),
))


def out_of_scope(question: str) -> tuple[str, str] | None:
    """The topic (English, Chinese) of a question medkg does not answer, or None."""
    for topic, zh, pattern in TOPICS:
        if pattern.search(question):
            return topic, zh
    return None


def decline_message(topic: str, zh: str, language: str) -> str:
    return say("declined", language, topic=zh if language == "zh" else topic)
