"""``query.answer(question, …) -> Answer`` and the reusable :class:`QueryEngine` behind it.

question → intent + mentions (``query.intents``) → linked entities (``query.entities``) → a plan of read-only
template hops (``query.plans``/``query.templates``) → rows ranked by evidence (``query.ranking``) → link predictions
appended as hypotheses → :class:`query.models.Answer`. Every statement runs through ``ReadOnlyRunner`` (READ
transaction, timeout, row limit). A question that cannot be understood gets a normal answer with a message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from cachetools import LRUCache

from neo4j import Driver

from graph.models import EvidenceKind, NodeLabel, RelType
from core.settings import Settings
from embeddings.precision import METRIC as PRECISION_METRIC
from query import intent_classifier, intents, lexicon, plans, ranking, scope, templates
from query.cache import GraphVersion, VersionedCache, cached
from query.entities import EntityResolver
from query.localize import ChineseNamer
from query.messages import intent_name, kinds, say
from query.models import Answer, AnswerItem, Badge, EntityMatch, EvidenceRef, Intent
from query.retrieval import EVIDENCE_PER_RELATION, retrieve
from query.safety import QueryFailed, ReadOnlyRunner
from vocabulary.batching import BatchingEncoder
from vocabulary.chinese import shown_name

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 500
MAX_HYPOTHESES = 3
INTENT_CACHE_ENTRIES = 4096  # decided intents of recent question texts (the model is fixed: nothing to invalidate)


@dataclass(frozen=True)
class _Dispatched:
    """What answering the parsed intent gave: the intent answered, ranked items, a message for the reader, the plan
    whose link prediction may add hypotheses, and the entity the answer is about when it is not the first linked."""

    intent: Intent
    items: list[AnswerItem]
    message: str | None
    plan: plans.Plan | None = None
    about: EntityMatch | None = None


CLEAR_MATCH = 0.9  # a linked name this close is the entity meant
CLASS_POOL = 100  # candidates ranked before only the asked class's members are kept
# The kinds a question's words may name when the intent's own kind matches only loosely (not genes or pathways,
# whose short symbols are everyday words: "MAX", "CAT")
CLINICAL_LABELS = (NodeLabel.DRUG, NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT)


def _clinical_labels(labels: tuple[NodeLabel, ...]) -> tuple[NodeLabel, ...]:
    """The intent's expected labels first, then the other clinical kinds."""
    return (*labels, *(label for label in CLINICAL_LABELS if label not in labels))


class QueryEngine:
    """Answers questions against one graph; loads the linker, embedder and predictor once (keep one per app)."""

    def __init__(self, driver: Driver, settings: Settings, *, linker: Any | None = None, predictor: Any | None = None,
                 embedder: Any | None = None, load_models: bool = False) -> None:
        self.driver = driver
        self.settings = settings
        if load_models:
            linker = linker or _load_linker(settings)
            embedder = embedder or _load_embedder(settings)
            predictor = predictor or _load_predictor(settings)
        if embedder is not None:  # concurrent questions' sentences are embedded in one forward pass
            embedder = BatchingEncoder(embedder)
        vector_search = embedder is not None and _graph_has_text_embeddings(self.runner())
        self.resolver = EntityResolver(linker=linker, embedder=embedder if vector_search else None)
        if linker is not None and load_models:
            linker.candidates("hypertension", k=3)  # builds the linker's lazy (fuzzy) indexes now, not in a question
        self.predictor = predictor
        self._chinese_names = lexicon.vocabulary_chinese_names(getattr(linker, "vocabulary", None))
        self.namer = ChineseNamer(getattr(linker, "vocabulary", None))
        self._intent_fallback = _embedding_intent_classifier(embedder) if embedder is not None else None
        self._intent_classifier = _load_intent_classifier(embedder) if embedder is not None else None
        self._intents: LRUCache[str, str] = LRUCache(maxsize=INTENT_CACHE_ENTRIES)
        self._intents_lock = threading.Lock()
        self.graph_version = GraphVersion(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s)
        entries = settings.query_cache_entries  # linking and retrieval results per graph version (query.cache)
        self.linked: VersionedCache[Any] | None = VersionedCache(entries) if entries else None
        self.retrieved: VersionedCache[Any] | None = VersionedCache(entries) if entries else None

    def runner(self) -> ReadOnlyRunner:
        return ReadOnlyRunner.from_settings(self.driver, self.settings)

    def answer(self, question: str, limit: int = 10) -> Answer:
        started = time.perf_counter()
        limit = max(1, min(int(limit), 100))
        question = (question or "").strip()
        if not question or len(question) > MAX_QUESTION_CHARS:
            language = "zh" if lexicon.has_chinese(question) else "en"
            return _not_understood(question[:MAX_QUESTION_CHARS], Intent.UNKNOWN, language, [], started,
                                   say("too_long", language, limit=MAX_QUESTION_CHARS))
        declined = scope.out_of_scope(question)
        if declined is not None:
            language = "zh" if lexicon.has_chinese(question) else "en"
            return _not_understood(question, Intent.UNKNOWN, language, self._recognised(question), started,
                                   scope.decline_message(*declined, language))
        learned = self._learned_intent(question)
        if learned == intent_classifier.OUT_OF_SCOPE:
            return _not_understood(question, Intent.UNKNOWN, "en", self._recognised(question), started,
                                   scope.decline_message(intent_classifier.OUT_OF_SCOPE_TOPICS, "", "en"))
        parsed = intents.parse(question, fallback=self._intent_fallback, chinese_names=self._chinese_names,
                               intent=Intent(learned) if learned else None)
        runner = self.runner()
        if parsed.intent is Intent.UNKNOWN and self.settings.llm_url:
            return self._llm_answer(question, parsed.language, runner, limit, started)
        if parsed.intent is Intent.UNKNOWN:
            recognised = self._recognised(question, parsed)
            return _not_understood(question, parsed.intent, parsed.language, recognised, started,
                                   say("not_understood", parsed.language,
                                       hint=_questions_about(recognised, parsed.language)))
        try:
            return self._answer_parsed(question, parsed, runner, limit, started)
        except QueryFailed as error:
            log.warning("a question (%d characters; its text is not logged) failed: %s", len(question), error)
            return _not_understood(question, parsed.intent, parsed.language, [], started,
                                   say("query_failed", parsed.language))

    # -- steps ----------------------------------------------------------------------------------------------------
    def _recognised(self, question: str, parsed: intents.ParsedQuestion | None = None) -> list[EntityMatch]:
        """The entities a question names clearly, for an answer that does not answer it (not understood, or a kind
        medkg declines): the reader sees what medkg recognised ("how long does xanax stay in your system":
        alprazolam) and can ask about it."""
        parsed = parsed or intents.parse(question, chinese_names=self._chinese_names)
        runner = self.runner()
        try:
            version = self.graph_version.current() if self.linked is not None else ""
            recognised: list[EntityMatch] = []
            for mention in parsed.mentions:  # by name only: nothing loose is shown
                match = self._resolve_by_name(runner, version, mention, CLINICAL_LABELS)
                if match is not None and match.score >= CLEAR_MATCH:
                    recognised.append(match)
                elif " " in mention:
                    recognised += self._clear_spans(runner, version, mention, ())
            recognised = list({entity.id: entity for entity in recognised}.values())  # once each, as written
        except QueryFailed as error:
            log.warning("linking a question medkg does not answer failed: %s", error)
            return []
        return self.namer.named(recognised) if parsed.language == "zh" else recognised

    def _learned_intent(self, question: str) -> str | None:
        """The learned classifier's label for an English question (an Intent value, "unknown" or "out_of_scope"),
        decided with the cue patterns as chosen on dev (query.intent_classifier); None without a classifier."""
        model = self._intent_classifier
        if model is None or lexicon.has_chinese(question) or intents.looks_like_code(question):
            return None
        with self._intents_lock:
            known = self._intents.get(question)
        if known is None:
            known = model.label(question)
            with self._intents_lock:
                self._intents[question] = known
        return known

    def _answer_parsed(self, question: str, parsed: intents.ParsedQuestion, runner: ReadOnlyRunner, limit: int,
                       started: float) -> Answer:
        timings: dict[str, float] = {}
        step = time.perf_counter()
        version = self.graph_version.current() if self.linked is not None else ""
        entities = cached(self.linked, version, (parsed.intent, parsed.mentions, parsed.whole), runner,
                          lambda: self._link(runner, parsed, version))
        timings["link"] = _ms(step)
        n_link_statements = len(runner.statements)
        language = parsed.language
        assumed = None
        if not entities and parsed.intent is Intent.TREATMENT:  # "which antihypertensive in pregnancy"
            assumed = self._class_condition(runner, version, question)
            entities = [assumed] if assumed is not None else []
        if not entities:
            wanted = kinds((label.value for label in intents.EXPECTED_LABELS[parsed.intent]), language)
            mention = parsed.whole or question
            return _not_understood(question, parsed.intent, language, [], started,
                                   say("no_entity", language, wanted=wanted, mention=mention))
        if language == "zh":
            entities = self.namer.named(entities)
        step = time.perf_counter()
        drug_class = self._asked_class(runner, version, question) if parsed.intent is Intent.TREATMENT else None
        if drug_class is not None and language == "zh":
            drug_class = self.namer.named([drug_class])[0]
        wanted = CLASS_POOL if drug_class is not None else limit  # the class's members among many candidates
        key = (parsed.intent, tuple((e.id, e.type) for e in entities), wanted, language, date.today())  # recency: days
        dispatched = cached(self.retrieved, version, key, runner,
                            lambda: self._dispatch(runner, parsed.intent, entities, wanted, language, version))
        if drug_class is not None:
            dispatched = self._of_class(runner, dispatched, drug_class, limit, language)
        timings["cypher"] = _ms(step)
        if dispatched.about is not None:  # the entity the answer is about comes first (this question's match of it)
            about = next((e for e in entities if e.id == dispatched.about.id), dispatched.about)
            entities = [about, *(e for e in entities if e is not about)]
        items = dispatched.items
        message = dispatched.message
        if assumed is not None:  # said even where the class's own node did not link (its word then)
            condition = next((e for e in entities if e.id == assumed.id), assumed)  # its Chinese name, if any
            named = _shown(drug_class, language) if drug_class is not None else intents.asked_class(question)
            message = " ".join(filter(None, (say("class_condition_assumed", language, condition=_shown(
                condition, language), drug_class=named), message)))
        if self.predictor is not None and dispatched.plan is not None:
            step = time.perf_counter()
            hypotheses = self._hypotheses(runner, dispatched.plan, entities[0], {i.id for i in items})
            if hypotheses and not items:
                message = say("hypotheses_instead", language, message=message or say("nothing_evidenced", language))
            items = items + hypotheses
            timings["kge"] = _ms(step)
        if language == "zh":
            items = self.namer.named(items)
        timings["total"] = _ms(started)
        statements = list(dict.fromkeys(runner.statements[n_link_statements:] + runner.statements[:n_link_statements]))
        return Answer(question=question, intent=dispatched.intent, entities=entities, answers=items,
                      cypher=statements, timings_ms=timings, message=message, language=language)

    def _link(self, runner: ReadOnlyRunner, parsed: intents.ParsedQuestion,
              version: str | None = None) -> list[EntityMatch]:
        labels = intents.EXPECTED_LABELS[parsed.intent]
        if version is None:
            version = self.graph_version.current() if self.linked is not None else ""
        if len(parsed.mentions) > 1 and parsed.whole:
            whole = self._resolve(runner, version, parsed.whole, labels)
            if whole is not None and whole.score >= 0.9:
                return [whole]
        found: list[EntityMatch] = []
        unresolved: list[str] = []
        for mention in parsed.mentions:
            match = self._match(runner, version, mention, labels)
            if match is not None and match.score >= CLEAR_MATCH:
                found.append(match)
                continue
            names_inside = self._clear_spans(runner, version, mention, labels) if " " in mention else []
            if names_inside and (match is None or (len(names_inside) > 1 and
                                                   match.id not in {name.id for name in names_inside})):
                # "crush metoprolol", "diabetics sudafed": the names inside, not nothing or one loose whole; a loose
                # whole stays when it is one of them ("vincristine lipid complex": the product, not also Lipids)
                # or the only one ("bacterial keratoconjunctivitis": the bacterial kind)
                found.extend(names_inside)
            elif match is not None:
                found.append(match)
            else:
                unresolved.append(mention)
        for mention in unresolved:
            match = self._resolve(runner, version, mention, ()) or self._resolve_span(runner, version, mention,
                                                                                         labels)
            if match is not None:
                found.append(match)
        unique = {match.id: match for match in reversed(found)}
        return [match for match in found if unique.get(match.id) is match]

    def _match(self, runner: ReadOnlyRunner, version: str, mention: str,
               labels: tuple[NodeLabel, ...]) -> EntityMatch | None:
        """The intent's main label first, unless only a loose name of it matches and another expected kind's name
        is clear ("fever": the finding Fever, not the disease Q Fever), or any clinical kind's is ("can I take
        ibuprofen with high blood pressure": Hypertension, not the drug Angiotensin Amide by its synonym
        "hypertensin"; "can keppra cause depression": Depression, not a drug)."""
        match = self._resolve(runner, version, mention, labels[:1])
        if match is not None and match.score >= CLEAR_MATCH:
            return match
        if len(labels) > 1:
            broader = self._resolve(runner, version, mention, labels)
            if broader is not None and (match is None or match.score < CLEAR_MATCH < broader.score):
                match = broader
        if match is None or match.score < CLEAR_MATCH:  # by name: a clear match by meaning alone is rare
            clinical = self._resolve_by_name(runner, version, mention, _clinical_labels(labels))
            if clinical is not None and clinical.score >= CLEAR_MATCH:
                return clinical
        return match

    def _clear_spans(self, runner: ReadOnlyRunner, version: str, mention: str,
                     labels: tuple[NodeLabel, ...]) -> list[EntityMatch]:
        """The names inside a mention that did not link clearly as a whole, each linked clearly by name (longest
        runs of up to four words first, no word in two names), in the order written: "difference between advil
        aleve" → ibuprofen, naproxen. Runs that start or end with a question or generic word are not tried."""
        words = mention.split()
        taken = [False] * len(words)
        found: list[tuple[int, EntityMatch]] = []
        wanted = _clinical_labels(labels)
        linker = self.resolver.linker

        def may_name(text: str) -> bool:  # with a linker, only runs it knows as names are linked (no fuzzy search)
            return linker is None or linker.names(text) or lexicon.expand_alias(text).lower() != text.lower()

        for size in range(min(len(words) - 1, 4), 0, -1):
            for start in range(len(words) - size + 1):
                span = words[start:start + size]
                if any(taken[start:start + size]) or intents.is_filler(span[0]) or intents.is_filler(span[-1]) \
                        or not may_name(" ".join(span)):
                    continue
                match = self._resolve_by_name(runner, version, " ".join(span), wanted)
                if match is not None and match.score >= CLEAR_MATCH:
                    taken[start:start + size] = [True] * size
                    found.append((start, match))
        return [match for _, match in sorted(found, key=lambda pair: pair[0])]

    def read(self, question: str) -> intents.ParsedQuestion:
        """A question's intent by its cue words and the mentions in it, Chinese names through the loaded
        vocabulary (what ``answer`` starts from, without the learned classifier)."""
        return intents.parse(question, chinese_names=self._chinese_names)

    def _resolve(self, runner: ReadOnlyRunner, version: str, mention: str,
                 labels: tuple[NodeLabel, ...]) -> EntityMatch | None:
        """``resolver.resolve``, reused while the graph is at ``version`` (questions share mentions and spans)."""
        return cached(self.linked, version, ("mention", mention, tuple(labels)), runner,
                      lambda: self.resolver.resolve(runner, mention, labels))

    def _resolve_by_name(self, runner: ReadOnlyRunner, version: str, text: str,
                         labels: tuple[NodeLabel, ...]) -> EntityMatch | None:
        """``resolver.resolve`` by name only (no vector index), reused while the graph is at ``version``."""
        return cached(self.linked, version, ("span", text, tuple(labels)), runner,
                      lambda: self.resolver.resolve(runner, text, labels, by_meaning=False))

    def _resolve_span(self, runner: ReadOnlyRunner, version: str, mention: str,
                      labels: tuple[NodeLabel, ...]) -> EntityMatch | None:
        """The longest run of words (up to four) inside an unlinked mention that links by name: "helps migraine
        headaches"; one word only by a clear match of its own name. A run that starts or ends with a question or
        generic word ("precautions about X") is not tried: the run without it is ("Tetralogy of Fallot" keeps its
        inner "of")."""
        words = mention.split()
        for size in range(min(len(words) - 1, 4), 0, -1):
            for start in range(len(words) - size + 1):
                span = words[start:start + size]
                if intents.is_filler(span[0]) or intents.is_filler(span[-1]):
                    continue
                match = self._resolve_by_name(runner, version, " ".join(span), labels)
                if match is not None and (size > 1 or match.score >= CLEAR_MATCH):  # one word: only its own name
                    return match  # ("eyes" is not Anophthalmos, "penis" not Penile Neoplasms)
        return None

    def _dispatch(self, runner: ReadOnlyRunner, intent: Intent, entities: list[EntityMatch],
                  limit: int, language: str = "en", version: str = "") -> _Dispatched:
        drugs = [e for e in entities if e.type == NodeLabel.DRUG.value]
        if intent is Intent.DOSAGE and drugs:
            return _Dispatched(Intent.DOSAGE, *self._dosage(runner, drugs[0], entities, limit, language))
        if intent is Intent.INTERACTIONS and len(drugs) >= 2:
            return _Dispatched(Intent.INTERACTIONS, *self._interaction_pair(runner, drugs[0], drugs[1], language),
                               plan=plans.plan_for(Intent.INTERACTIONS, entities[0].type))
        effects = [e for e in entities if e.type != NodeLabel.DRUG.value]
        if intent is Intent.SIDE_EFFECTS and drugs and effects:
            return self._effect_pair(runner, drugs[0], effects[0], limit, language)
        for entity in entities:
            retrieved = retrieve(runner, intent, entity.id, entity.type, limit)
            if retrieved is None:
                continue
            items = ranking.rank(retrieved.rows, limit, trials=retrieved.trials)
            if not items and intent is Intent.TREATMENT:
                broader = self._broader_answer(runner, version, entity, limit, language)
                if broader is not None:
                    return broader
            message = None if items else say("no_evidenced_answer", language, name=_shown(entity, language))
            return _Dispatched(retrieved.plan.intent, items, message, plan=retrieved.plan, about=entity)
        about = ", ".join(kinds([label], language) for label in sorted({e.type for e in entities}))
        return _Dispatched(intent, [], say("wrong_kind", language, intent=intent_name(intent.value, language),
                                           kinds=about))

    def _asked_class(self, runner: ReadOnlyRunner, version: str, question: str) -> EntityMatch | None:
        """The drug class an English treatment question asks for ("best antibiotic for …" → Anti-Bacterial Agents),
        linked by name; None when it asks for none or the name links to no class."""
        word = intents.asked_class(question)
        match = self._resolve_by_name(runner, version, word, (NodeLabel.DRUG_CLASS,)) if word else None
        return match if match is not None and match.type == NodeLabel.DRUG_CLASS.value else None

    def _class_condition(self, runner: ReadOnlyRunner, version: str, question: str) -> EntityMatch | None:
        """The condition the drug class a treatment question names is for, linked by name ("antihypertensive" →
        Hypertension); None when the question names no class, or a class for no one condition."""
        word = intents.asked_class(question)
        condition = lexicon.class_condition(word) if word else None
        if condition is None:
            return None
        match = self._resolve_by_name(runner, version, condition, intents.EXPECTED_LABELS[Intent.TREATMENT])
        return match if match is not None and match.score >= CLEAR_MATCH else None

    def _of_class(self, runner: ReadOnlyRunner, dispatched: _Dispatched, drug_class: EntityMatch, limit: int,
                  language: str) -> _Dispatched:
        """Only the candidates of the class asked for, said as such; all of them, said too, when none belongs."""
        ids = [item.id for item in dispatched.items if not item.hypothesis]
        members = {row["id"] for row in runner.run(templates.class_members(), {"ids": ids,
                                                                                "class_id": drug_class.id})} \
            if ids else set()
        name = _shown(drug_class, language)
        if not members:
            message = say("class_none", language, drug_class=name) if ids else None
            return replace(dispatched, items=dispatched.items[:limit],
                           message=" ".join(filter(None, (dispatched.message, message))) or None)
        kept = [item for item in dispatched.items if item.id in members]
        others = len(ids) - len(kept)
        message = say("class_only", language, drug_class=name, others=others) if others else \
            say("class_all", language, drug_class=name)
        return replace(dispatched, items=kept[:limit], message=" ".join(filter(None, (dispatched.message, message))))

    def _broader_answer(self, runner: ReadOnlyRunner, version: str, entity: EntityMatch, limit: int,
                        language: str) -> _Dispatched | None:
        """For a condition with no evidenced treatment, the treatments of the disease a shorter run of its words names
        ("gout flare" → Gout, "community acquired pneumonia" → Pneumonia), said as such; ``None`` when there is no
        such disease or it has none either."""
        words = (entity.mention or entity.name).split()
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                span = words[start:start + size]
                if intents.is_filler(span[0]) or intents.is_filler(span[-1]):
                    continue
                match = self._resolve_by_name(runner, version, " ".join(span), (NodeLabel.DISEASE,))
                if match is None or match.id == entity.id or (size == 1 and match.score < CLEAR_MATCH):
                    continue
                retrieved = retrieve(runner, Intent.TREATMENT, match.id, match.type, limit)
                items = ranking.rank(retrieved.rows, limit, trials=retrieved.trials) if retrieved else []
                if items:
                    message = say("broader_answer", language, name=_shown(entity, language),
                                  broader=_shown(match, language))
                    return _Dispatched(retrieved.plan.intent, items, message, plan=retrieved.plan, about=match)
        return None

    def _dosage(self, runner: ReadOnlyRunner, drug: EntityMatch, entities: list[EntityMatch],
                limit: int, language: str = "en") -> tuple[list[AnswerItem], str | None]:
        rows = runner.run(templates.dosage_texts(), {"id": drug.id, "limit": limit})
        conditions = [e for e in entities if e.type != NodeLabel.DRUG.value]
        items = [_dosage_item(row, drug, conditions, position) for position, row in enumerate(rows)]
        items.sort(key=lambda item: -item.score)
        message = None if items else say("no_dosage_label", language, name=_shown(drug, language))
        return items, message

    def _interaction_pair(self, runner: ReadOnlyRunner, first: EntityMatch, second: EntityMatch,
                          language: str = "en") -> tuple[list[AnswerItem], str | None]:
        rows = runner.run(templates.relation_between((RelType.INTERACTS_WITH,)),
                          {"id": first.id, "other": second.id, "evidence_limit": EVIDENCE_PER_RELATION})
        items = ranking.rank(rows, 1)
        names = {"first": _shown(first, language), "second": _shown(second, language)}
        return (items, say("interaction_found", language, **names)) if items else \
            ([], say("interaction_none", language, **names))

    def _effect_pair(self, runner: ReadOnlyRunner, drug: EntityMatch, effect: EntityMatch, limit: int,
                     language: str) -> _Dispatched:
        """"Does sertraline cause weight gain?": whether the graph records that effect of the drug, said first (its
        evidence the first item), then the drug's other recorded side effects — not the list alone, which left the
        reader to look for the effect asked about (and said nothing when it was not there)."""
        rows = runner.run(templates.relation_between((RelType.CAUSES,)),
                          {"id": drug.id, "other": effect.id, "evidence_limit": EVIDENCE_PER_RELATION})
        pair = ranking.rank(rows, 1)
        retrieved = retrieve(runner, Intent.SIDE_EFFECTS, drug.id, drug.type, limit)
        others = [item for item in (ranking.rank(retrieved.rows, limit, trials=retrieved.trials) if retrieved else [])
                  if item.id != effect.id]
        names = {"drug": _shown(drug, language), "effect": _shown(effect, language)}
        message = say("effect_found" if pair else "effect_none" if others else "effect_none_at_all", language, **names)
        return _Dispatched(Intent.SIDE_EFFECTS, (pair + others)[:limit], message,
                           plan=retrieved.plan if retrieved else None, about=drug)

    def _llm_answer(self, question: str, language: str, runner: ReadOnlyRunner, limit: int,
                    started: float) -> Answer:
        """The optional LLM path: only read-only plans run; rows carry no evidence, so they are hypotheses."""
        from query.llm import llm_answer

        try:
            result = llm_answer(question, self.settings, runner)
        except QueryFailed as error:
            log.warning("LLM statement failed: %s", error)
            result = None
        if result is None or result.refused or not result.rows:
            return _not_understood(question, Intent.UNKNOWN, language, [], started,
                                   say("not_understood", language))
        items = [AnswerItem(id=str(row.get("id")), name=str(row.get("name") or row.get("id")), type="Entity",
                            score=0.0, hypothesis=True, badges=[Badge.HYPOTHESIS], explanation={"llm": 0.0})
                 for row in result.rows[:limit] if row.get("id")]
        return Answer(question=question, intent=Intent.UNKNOWN, answers=items, cypher=[result.statement or ""],
                      timings_ms={"total": _ms(started)}, language=language,
                      message=say("llm_answer", language))

    def _hypotheses(self, runner: ReadOnlyRunner, plan: plans.Plan, entity: EntityMatch,
                    known: set[str]) -> list[AnswerItem]:
        """The plan's link predictions at the ranks whose held-out precision reaches the bar (``_precise_ranks``),
        neither known nor contradicted by the graph, each with the precision it rests on."""
        if plan.predict is None:
            return []
        relation, side = plan.predict
        ranks = _precise_ranks(self.predictor, relation, side, self.settings)
        if not ranks:
            return []
        try:
            method = self.predictor.predict_tails if side == "tails" else self.predictor.predict_heads
            predictions = list(method(entity.id, relation, max(ranks)))
        except Exception as error:  # a missing entity or relation in the model is not a failure of the answer
            log.info("no link prediction for %s %s: %s", entity.id, relation, error)
            return []
        precision = {p.id: (rank, ranks[rank]) for rank, p in enumerate(predictions, 1) if rank in ranks}
        ids = [i for i in precision if i not in known]
        against = {row["id"] for row in runner.run(templates.evidence_against(), {"id": entity.id, "ids": ids})} \
            if ids else set()
        rows = runner.run(templates.entities_by_ids(), {"ids": [i for i in ids if i not in against]}) if ids else []
        return ranking.hypotheses([p for p in predictions if p.id in precision], {row["id"]: row for row in rows},
                                  known | {entity.id}, MAX_HYPOTHESES, precision)


def answer(question: str, *, driver: Driver, settings: Settings, limit: int = 10, linker: Any | None = None,
           predictor: Any | None = None) -> Answer:
    """Answer one question (builds a :class:`QueryEngine`; keep an engine to answer many)."""
    return QueryEngine(driver, settings, linker=linker, predictor=predictor).answer(question, limit)


def _dosage_item(row: dict[str, Any], drug: EntityMatch, conditions: list[EntityMatch], position: int) -> AnswerItem:
    """One label's Dosage and Administration text, verbatim, with its citation; the asked indication first."""
    about = {c.id for c in conditions}
    text_mentions = any(c.name.lower() in ((row["heading"] or "") + (row["text"] or "")).lower() for c in conditions)
    matches = not conditions or row["disease_id"] in about or text_mentions
    score = round(max(0.1, 1.0 - 0.05 * position) * (1.0 if matches else 0.8), 4)
    heading = f" — {row['heading']}" if row["heading"] else ""
    return AnswerItem(
        id=row["id"] or row["document_id"], name=f"{row['title'] or drug.name + ' label'}{heading}", type="DosageText",
        score=score, text=row["text"], badges=[Badge.LABEL], relation="DOSAGE_AND_ADMINISTRATION",
        evidence=[EvidenceRef(source=row["source"], document_id=row["document_id"], url=row["url"],
                              section=row["section"] or "Dosage and Administration", published=row["published"],
                              kind=EvidenceKind.LABEL_STATEMENT)],
        explanation={"label": score},
    )


def _shown(entity: EntityMatch, language: str) -> str:
    return shown_name(entity.name, entity.name_zh, language)


def _questions_about(entities: list[EntityMatch], language: str) -> str:
    """Example questions about the first recognised drug or condition, else the general examples."""
    for entity in entities:
        kind = "recognised_drug" if entity.type == NodeLabel.DRUG.value else "recognised_condition" if \
            entity.type in (NodeLabel.DISEASE.value, NodeLabel.PHENOTYPE.value) else None
        if kind:
            return say(kind, language, name=_shown(entity, language))
    return say("example_hint", language)


def _not_understood(question: str, intent: Intent, language: str, entities: list[EntityMatch], started: float,
                    message: str) -> Answer:
    return Answer(question=question, intent=intent, entities=entities, answers=[], cypher=[],
                  timings_ms={"total": _ms(started)}, message=message, language=language)


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def _graph_has_text_embeddings(runner: ReadOnlyRunner) -> bool:
    try:
        return bool(runner.run(templates.any_text_embedding()))
    except QueryFailed:
        return False


# -- optional models, loaded once ---------------------------------------------------------------------------------
def _load_linker(settings: Settings) -> Any | None:
    try:
        from vocabulary import Linker, Vocabulary

        return Linker(Vocabulary.load_or_build(settings), cache_dir=settings.home / "vocabulary")
    except Exception as error:  # the full-text index is the fallback; say why the linker is missing
        log.warning("vocabulary linker unavailable, using the full-text index only: %s", error)
        return None


def _load_embedder(settings: Settings) -> Any | None:
    try:
        from vocabulary.embedder import TextEmbedder

        # One intra-op thread: a question embeds one short sentence, and concurrent questions are the parallelism;
        # two threads per call spin against each other and the database on a busy 2-core machine (docs/benchmarks.md).
        return TextEmbedder.from_settings(settings, threads=1)
    except Exception as error:
        log.info("text embedder unavailable: %s", error)
        return None


def _load_predictor(settings: Settings) -> Any | None:
    try:
        from embeddings import load_predictor  # type: ignore[attr-defined]

        return load_predictor(settings, run="latest")
    except Exception as error:
        log.info("no link predictor: %s", error)
        return None


def _precise_ranks(predictor: Any, relation: str, side: str, settings: Settings) -> dict[int, float]:
    """The ranks (from 1) at which ``predictor``'s ``relation`` predictions on ``side`` may be shown, with their
    held-out precision: those where its run measured a precision of at least ``settings.kge_min_hypothesis_precision``
    (``embeddings.precision``). None where the run did not measure it (too few held-out queries, or a run older than
    the measurement: ``medkg embeddings precision`` measures it)."""
    run = getattr(predictor, "run", None)
    name = getattr(run, "name", "?")
    table = run.metrics.get(PRECISION_METRIC) if run is not None else None
    if table is None:
        _log_once(logging.WARNING, f"link predictions off: run {name} has no held-out precision per relation and "
                                   "rank; measure it with `medkg embeddings precision`")
        return {}
    shares = table.get(relation, {}).get(side, {}).get("precision_at_rank")
    if shares is None:
        _log_once(logging.INFO, f"no {relation} {side} link predictions: run {name} did not measure their held-out "
                                "precision (too few held-out queries, or no such relation)")
        return {}
    ranks = {rank: share for rank, share in enumerate(shares, 1) if share >= settings.kge_min_hypothesis_precision}
    if not ranks:
        _log_once(logging.INFO, f"no {relation} {side} link predictions: run {name}'s held-out precision is below "
                                f"{settings.kge_min_hypothesis_precision} at every rank")
    return ranks


@lru_cache(maxsize=1024)
def _log_once(level: int, message: str) -> None:
    log.log(level, message)


def _load_intent_classifier(embedder: Any) -> intent_classifier.IntentClassifier | None:
    try:
        return intent_classifier.IntentClassifier.load(embedder)
    except (OSError, ValueError, KeyError) as error:
        log.warning("learned intent classifier unavailable, cue patterns only: %s", error)
        return None


def _embedding_intent_classifier(embedder: Any, threshold: float = 0.55) -> Callable[[str], Intent | None]:
    """Nearest example question by cosine similarity (embeddings are L2-normalised), if similar enough."""
    labelled = [(intent, text) for intent, texts in intents.EXAMPLES.items() for text in texts]
    matrix = embedder.encode([text for _, text in labelled])

    def classify(question: str) -> Intent | None:
        vector = embedder.encode([question])[0]
        scores = [float(sum(a * b for a, b in zip(row, vector))) for row in matrix]
        best = max(range(len(scores)), key=scores.__getitem__)
        return labelled[best][0] if scores[best] >= threshold else None

    return classify
