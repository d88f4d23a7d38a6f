"""Follow-up questions in the query box: "side effects of it?", "and the dose?", "那副作用呢？".

A conversation remembers, for a while, what the last answer was about (its focus: the linked entity, or the leading
candidate of a differential) and the last question. A follow-up that names nothing new is rewritten before it is
answered: a pronoun ("it", "this drug", "它") becomes the focus's name; "and/what about X?" or "那X呢" becomes "X of
<focus>" (or the last question followed by X when X is a population such as "in children"). The answer says how the
question was understood. Conversations live in server memory only, expire after ``ttl_s`` and are never logged.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field

from query.models import Answer
from vocabulary.chinese import shown_name

# "it" that stands for nothing — "is it safe to take ibuprofen …", "is it ok for me to drink …", "how long does it take
# for metformin to work" — is not the last answer's focus ("is it safe in pregnancy?" and "how long does it take to
# work?" are follow-ups about it)
_EXPLETIVE_IT = (r"(?!\s+(?:(?:really|ever|still|always)\s+)?(?:safe|ok|okay|alright|possible|true|normal|bad|dangerous|"
                 r"necessary|better|best|advisable|wise|common|likely|worth|important|recommended|harmful|fine|good|"
                 r"wrong|right|unusual)\s+(?:for\s+\w+(?:\s+\w+)?\s+)?to\b)"
                 r"(?!\s+takes?\s+for\s+\w+(?:\s+\w+)?\s+to\b)")
PRONOUN = re.compile(r"\b(?:this|that|the)\s+(?:drug|medicine|medication|disease|condition)\b|"
                     rf"\b(?:its|them)\b|\bit\b{_EXPLETIVE_IT}", re.IGNORECASE)
ZH_PRONOUN = re.compile(r"它们|它|这个药|这种药|这个病|这种病|该药|该病")
FOLLOW_UP = re.compile(r"^\s*(?:and|what\s+about|how\s+about)\s+(?:the\s+)?(?P<rest>.+?)\s*\??\s*$", re.IGNORECASE)
ZH_FOLLOW_UP = re.compile(r"^\s*(?:那么?|还有)(?P<rest>.+?)(?:呢)?\s*[？?]?\s*$")
POPULATION = re.compile(r"^(?:in|for|during)\s+", re.IGNORECASE)


# a follow-up about a drug's own properties: "it" there is a drug, never a disease ("side effects of it?" after "what
# drugs treat atrial fibrillation" asks about one of the drugs, not about atrial fibrillation)
DRUG_QUESTION = re.compile(r"side[\s-]+effects?|adverse|\bdos(?:e|es|age|ing)\b|how\s+much|interact|contraindicat|"
                           r"how\s+does\s+(?:it|this)\s+work|mechanism|副作用|不良反应|剂量|用量|相互作用|禁忌|怎么吃",
                           re.IGNORECASE)
DRUG = "Drug"


@dataclass
class Context:
    focus: str | None
    question: str
    touched: float = field(default_factory=time.monotonic)
    focus_kind: str | None = None  # the focus's node label ("Drug", "Disease"); None when not known
    drugs_listed: tuple[str, ...] = ()  # the drugs the last answer listed first
    focus_shown: str | None = None  # the focus as the answer showed it ("高血压 (Hypertension)")
    drugs_shown: tuple[str, ...] = ()  # those drugs as the answer showed them ("美托洛尔 (Metoprolol)")


def ambiguous_drug(question: str, context: Context | None) -> tuple[str, ...]:
    """The drugs the last answer listed, when a follow-up asks about a drug's own property ("side effects of it?",
    "and the dose?") but the conversation's focus is not a drug (the disease they treat): which one is meant is for
    the user to say, not for medkg to guess. Empty when the follow-up is clear."""
    if context is None or not context.focus or context.focus_kind in (None, DRUG) or not context.drugs_listed:
        return ()
    follow = FOLLOW_UP.match(question) or ZH_FOLLOW_UP.match(question)
    refers = follow is not None or PRONOUN.search(question) or ZH_PRONOUN.search(question)
    return context.drugs_listed if refers and DRUG_QUESTION.search(question) else ()


def rewrite(question: str, context: Context | None) -> str:
    """The question with its reference to the previous answer spelled out; unchanged without a context."""
    if context is None or not context.focus:
        return question
    focus = context.focus
    follow = FOLLOW_UP.match(question) or ZH_FOLLOW_UP.match(question)
    if follow:
        rest = follow.group("rest").strip()
        if POPULATION.match(rest) or rest.startswith(("儿童", "孕妇", "老人")):
            return f"{context.question.rstrip(' ?？')} {rest}"
        if not (PRONOUN.search(rest) or ZH_PRONOUN.search(rest)):
            return f"{focus}的{rest}" if re.search(r"[\u3400-\u9fff]", rest) else f"{rest} of {focus}"
        question = rest
    question = PRONOUN.sub(focus, question)
    return ZH_PRONOUN.sub(focus, question)


def focus_of(answer: Answer) -> str | None:
    if answer.differential and answer.answers:
        return answer.answers[0].name
    return answer.entities[0].name if answer.entities else None


class Conversations:
    """Conversation contexts by id, in memory, thread-safe, expiring."""

    def __init__(self, ttl_s: float = 1800.0, max_conversations: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_conversations = max_conversations
        self._contexts: dict[str, Context] = {}
        self._lock = threading.Lock()

    def get(self, conversation_id: str | None) -> Context | None:
        if not conversation_id:
            return None
        with self._lock:
            self._expire()
            return self._contexts.get(conversation_id)

    def remember(self, conversation_id: str | None, question: str, answer: Answer) -> str:
        conversation_id = conversation_id or secrets.token_urlsafe(12)
        with self._lock:
            self._expire()
            if len(self._contexts) >= self.max_conversations and conversation_id not in self._contexts:
                oldest = min(self._contexts, key=lambda key: self._contexts[key].touched)
                del self._contexts[oldest]
            previous = self._contexts.get(conversation_id)
            if focus_of(answer):
                kind = answer.entities[0].type if answer.entities and not answer.differential else None
                listed = [item for item in answer.answers if item.type == DRUG and not item.hypothesis][:5]
                about = answer.entities[0] if answer.entities else None
                self._contexts[conversation_id] = Context(
                    focus_of(answer), question, focus_kind=kind, drugs_listed=tuple(item.name for item in listed),
                    focus_shown=shown_name(about.name, about.name_zh, answer.language) if about else None,
                    drugs_shown=tuple(shown_name(item.name, item.name_zh, answer.language) for item in listed))
            else:
                self._contexts[conversation_id] = Context(previous.focus if previous else None, question,
                                                          focus_kind=previous.focus_kind if previous else None,
                                                          drugs_listed=previous.drugs_listed if previous else ())
        return conversation_id

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, c in self._contexts.items() if now - c.touched > self.ttl_s]:
            del self._contexts[key]
