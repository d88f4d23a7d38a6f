"""The clinical front door: the query box's questions, with diagnosis questions answered by the clinical layer.

``ClinicalEngine.answer`` is what the API, ``medkg ask`` and the page call: a question that lists findings ("what could
cause headache, fever and stiff neck", "头痛、发热可能是什么病") gets an explained differential (intent
``diagnosis``); every other question goes to ``query.answer.QueryEngine`` unchanged. Follow-ups ("side effects of
it?", "那副作用呢？") are read in the light of the conversation's last answer (``clinical.conversation``).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

from clinical.consultation import ConsultationService
from clinical.conversation import Context, Conversations, ambiguous_drug, rewrite
from clinical.diagnosis import differential
from clinical.dosing import compute_doses, load_group_warnings, load_label_dosages
from clinical.knowledge import DiagnosisKnowledge
from clinical.models import Differential, PatientAction, PatientReview
from clinical.notes import NoteAnalyzer, NoteLexicon
from clinical.patient import PatientContext, Sex
from clinical.patient_text import ParsedPatient, parse_patient
from clinical.statements import CJK, parse_findings
from clinical.treatment import TreatmentReviewer
from query import intents, lexicon
from graph.models import NodeLabel, RelType
from query.messages import listed, say
from query.models import Answer, AnswerItem, Badge, Intent
from query.safety import ReadOnlyRunner
from vocabulary.chinese import simplified

log = logging.getLogger(__name__)
DIAGNOSIS_CUES = re.compile(
    r"what\s+(could|might|can|would)\s+(cause|be\s+causing|explain)|differential|what\s+(is|could)\s+(it|this)\b|"
    r"possible\s+causes?|which\s+disease|what\s+disease|diagnos|可能是什么病|是什么病|什么病|怎么回事|诊断",
    re.IGNORECASE)
OTHER_INTENT_CUES = re.compile(
    r"side\s+effects?|treat|dose|dosage|interact|contraindicat|\bhelps?\b|reliev|remed|\bcure|medicin|medicat|"
    r"\bdrugs?\b|\bpills?\b|therap|prevent|副作用|怎么治|吃什么药|用什么药|剂量|治疗", re.IGNORECASE)


class ClinicalEngine:
    """Wraps a query engine; holds the diagnosis knowledge (loaded on first use) and the consultation service."""

    def __init__(self, query_engine: Any, runner_factory: Any, vocabulary: Any | None = None) -> None:
        self.query_engine = query_engine
        self._runner_factory = runner_factory
        self._vocabulary = vocabulary
        self._knowledge: DiagnosisKnowledge | None = None
        self._notes: NoteAnalyzer | None = None
        self._consultations: ConsultationService | None = None
        self._lock = threading.Lock()
        self.conversations_context = Conversations()

    @property
    def knowledge(self) -> DiagnosisKnowledge:
        with self._lock:
            if self._knowledge is None:
                self._knowledge = DiagnosisKnowledge.load(self._runner_factory())
            return self._knowledge

    @property
    def consultations(self) -> ConsultationService:
        knowledge = self.knowledge
        with self._lock:
            if self._consultations is None:
                self._consultations = ConsultationService(knowledge, self._runner_factory())
            return self._consultations

    @property
    def notes(self) -> NoteAnalyzer:
        """The note analyser; its lexicon (the graph's names, with the vocabulary's when one is loaded) is read on
        first use."""
        with self._lock:
            if self._notes is None:
                vocabulary = self._vocabulary or getattr(
                    getattr(getattr(self.query_engine, "resolver", None), "linker", None), "vocabulary", None)
                lexicon = NoteLexicon.load(self._runner_factory(), vocabulary)
                self._notes = NoteAnalyzer(lexicon, self._runner_factory)
            return self._notes

    def warm_up(self) -> None:
        """Load what the first diagnosis, consultation or note would wait for (seconds on a full graph)."""
        started = time.perf_counter()
        self.consultations  # noqa: B018 - loads the diagnosis knowledge too
        self.notes  # noqa: B018
        log.info("clinical layer ready in %.1f s", time.perf_counter() - started)

    def reload(self) -> None:
        with self._lock:
            self._knowledge, self._consultations, self._notes = None, None, None

    def is_diagnosis_question(self, question: str) -> bool:
        """A diagnosis cue ("what could cause", "可能是什么病") decides; otherwise a question the query layer
        understands stays with it ("what helps with migraine headaches"), and a bare list of two or more linked
        findings ("fever, cough, rash") is a diagnosis question. A Chinese cue of another intent than treatment wins
        over the diagnosis cue inside it ("阿米替林治什么病" asks for indications, not a diagnosis)."""
        if OTHER_INTENT_CUES.search(question):
            return False
        if CJK.search(question) and lexicon.chinese_intent(simplified(question)) not in (None, Intent.TREATMENT):
            return False
        if DIAGNOSIS_CUES.search(question):
            return True
        if intents.parse(question).intent is not Intent.UNKNOWN:
            return False
        linked = [f for f in parse_findings(question, self.knowledge.index) if f.id]
        return len(linked) >= 2

    def diagnose(self, text: str, limit: int = 10, language: str | None = None, sex: Sex | None = None) -> Differential:
        """The differential for the findings in ``text``; the patient's sex is the caller's or the text's ("in a
        30-year-old woman"), and rules out the other sex's diseases."""
        language = language or ("zh" if CJK.search(text) else "en")
        findings = parse_findings(text, self.knowledge.index)
        runner: ReadOnlyRunner = self._runner_factory()
        return differential(self.knowledge, findings, runner=runner, language=language, limit=limit,
                            sex=sex or parse_patient(text).patient.sex)

    def answer(self, question: str, limit: int = 10, conversation_id: str | None = None,
               patient: PatientContext | None = None) -> Answer:
        """Answer a question, reading a follow-up ("side effects of it?") in the light of the conversation's last
        answer; the answer carries the conversation id to send back. A patient — given, or stated in the question
        ("in a pregnant woman taking lithium") — re-ranks treatment answers (``clinical.treatment``); given values
        win over the question's."""
        context = self.conversations_context.get(conversation_id)
        if drugs := ambiguous_drug(question, context):
            language = "zh" if CJK.search(question) else "en"
            return Answer(question=question, intent=Intent.UNKNOWN, language=language, conversation_id=conversation_id,
                          message=say("which_drug", language,
                                      focus=context.focus_shown or context.focus,
                                      drugs=listed(context.drugs_shown or drugs, language),
                                      example=rewrite(question, Context(drugs[0], context.question))))
        understood = rewrite(question, context)
        parsed = self._asked_medication(parse_patient(understood))
        context = (patient or PatientContext()).merged(parsed.patient)
        if context.empty:
            answer = self._answer(understood, limit)
        else:
            answer = self._patient_answer(understood, parsed, context, limit)
            understood = parsed.rest if parsed.found else understood
        conversation_id = self.conversations_context.remember(conversation_id, understood, answer)
        said = understood if understood != question else None
        if parsed.found:  # the question as asked of the graph (the condition itself, when it was the subject)
            asked = answer.question if answer.question not in (question, understood) and not context.empty \
                else parsed.rest
            said = f"{asked} — patient: {', '.join(parsed.understood)}"
        return answer.model_copy(update={"conversation_id": conversation_id, "understood_as": said})

    def _patient_answer(self, question: str, parsed: ParsedPatient, patient: PatientContext, limit: int) -> Answer:
        """Treatment questions are asked without the patient phrases and re-ranked for the patient; a dosage answer
        gets the patient for the dose calculation; other answers carry the patient they were read with."""
        rest = parsed.rest if parsed.found else question
        read = self.query_engine.read(rest)  # the question without the patient phrases: intent and mentions
        if read.intent is Intent.TREATMENT and not self.is_diagnosis_question(rest):
            started = time.perf_counter()
            answer = self.query_engine.answer(rest, max(limit * 3, 30))
            if not _names_a_condition(answer) and parsed.conditions_as_written:
                # "服用华法林的类风湿关节炎患者用什么药": the patient's condition is what the question asks about
                condition, written = parsed.conditions_as_written[-1]
                answer = self.query_engine.answer(_about(written, rest), max(limit * 3, 30))
                patient = patient.model_copy(update={"conditions": tuple(c for c in patient.conditions
                                                                         if c != condition)})
            if answer.intent is Intent.TREATMENT and answer.answers:
                runner: ReadOnlyRunner = self._runner_factory()
                reviewer = TreatmentReviewer(runner, self.query_engine.resolver.resolve)
                reviewed = reviewer.review(answer, patient, parsed.understood, limit)
                timings = {**answer.timings_ms, "patient_ms": round((time.perf_counter() - started) * 1000, 2)}
                return reviewed.model_copy(update={"cypher": [*answer.cypher, *dict.fromkeys(runner.statements)],
                                                   "timings_ms": timings})
            return _with_patient(answer.model_copy(update={"answers": answer.answers[:limit]}), parsed, patient)
        checked = self._drug_for_patient(question, rest, read, parsed, patient)
        if checked is not None:
            return checked
        if read.intent is Intent.DOSAGE:  # the dose of the drug asked about, not of the patient's condition
            answer = self._answer(rest, limit)  # ("肾功能不全患者加巴喷丁剂量")
            return self._dosage_for_patient(answer, parsed, patient)
        answer = self._answer(question, limit, patient.sex)
        if answer.intent is Intent.DOSAGE:
            return self._dosage_for_patient(answer, parsed, patient)
        return _with_patient(answer, parsed, patient)

    def _asked_medication(self, parsed: ParsedPatient) -> ParsedPatient:
        """"肾功能不全患者使用二甲双胍的注意事项": the medication the question says the patient uses is the drug it asks
        about, when the rest asks about a drug (its use, dose or side effects) and names none — put back into the
        question, no longer a co-medication (the last one stated)."""
        if not parsed.patient.medications:
            return parsed
        read = self.query_engine.read(parsed.rest)
        if read.intent not in (Intent.CONTRAINDICATIONS, Intent.DOSAGE, Intent.SIDE_EFFECTS):
            return parsed
        runner: ReadOnlyRunner = self._runner_factory()
        resolve = self.query_engine.resolver.resolve
        if any(resolve(runner, mention, (NodeLabel.DRUG,)) is not None for mention in read.mentions):
            return parsed
        asked = parsed.patient.medications[-1]
        patient = parsed.patient.model_copy(update={
            "medications": tuple(m for m in parsed.patient.medications if m != asked)})
        return parsed.model_copy(update={"patient": patient, "rest": f"{asked} {parsed.rest}",
                                         "understood": tuple(u for u in parsed.understood if u != f"taking {asked}")})

    def _drug_for_patient(self, question: str, rest: str, read: intents.ParsedQuestion, parsed: ParsedPatient,
                          patient: PatientContext) -> Answer | None:
        """"Can she take metformin?" about one drug and a patient ("二甲双胍 eGFR 25 能用吗"): the patient review of that
        drug alone — its verdict (kept, caution, demoted, excluded) with every reason and its evidence; ``None``
        when the question is no such question or names no single drug."""
        # "is it safe to take metformin" reads as an interaction cue; with one drug named it asks about its use
        if read.intent not in (Intent.UNKNOWN, Intent.CONTRAINDICATIONS, Intent.INTERACTIONS) or \
                not USE_QUESTION.search(rest):
            return None
        started = time.perf_counter()
        runner: ReadOnlyRunner = self._runner_factory()
        resolve = self.query_engine.resolver.resolve
        drugs = list({m.id: m for mention in read.mentions
                      if (m := resolve(runner, mention, (NodeLabel.DRUG,))) is not None}.values())
        if len(drugs) != 1:
            return None
        drug = drugs[0]
        review = TreatmentReviewer(runner, resolve).check(drug, patient, parsed.understood)
        verdict = review.candidates[0]
        language = "zh" if CJK.search(question) else "en"
        reasons = "; ".join(flag.reason for flag in verdict.flags[:3])
        unchecked = not verdict.labelled and not verdict.flags
        item = AnswerItem(id=drug.id, name=drug.name, type=NodeLabel.DRUG.value,
                          score=0.5 if unchecked else VERDICT_SCORE[verdict.action],
                          text=(UNCHECKED if unchecked else
                                f"{verdict.action.value}: {reasons}" if reasons else verdict.action.value),
                          evidence=[ref for flag in verdict.flags for ref in flag.evidence],
                          badges=[Badge.LABEL] if verdict.flags else [])
        key = "unlabelled" if unchecked else verdict.action.value
        message = say(f"patient_check_{key}", language, drug=drug.name, reasons=reasons)
        return Answer(question=question, intent=Intent.CONTRAINDICATIONS, entities=[drug], answers=[item],
                      message=message, language=language, patient=review.model_dump(mode="json"),
                      cypher=list(dict.fromkeys(runner.statements)),
                      timings_ms={"total": round((time.perf_counter() - started) * 1000, 2)})

    def _dosage_for_patient(self, answer: Answer, parsed: ParsedPatient, patient: PatientContext) -> Answer:
        """The dosage answer with the patient it is for and the doses computed for that patient from the drug's
        label dose rules (``clinical.dosing``), beside the label texts it already quotes; the patient's conditions
        and the diseases the question names choose among a label's per-indication doses."""
        drug = next((e for e in answer.entities if e.type == NodeLabel.DRUG.value), None)
        if drug is None:
            return _with_patient(answer, parsed, patient)
        started = time.perf_counter()
        runner: ReadOnlyRunner = self._runner_factory()
        # a disease as the question words it too ("chronic myeloid leukemia" finds the label's "chronic phase CML",
        # where MeSH's "Leukemia, Myelogenous, Chronic, BCR-ABL Positive" spells no short form)
        asked = [*patient.conditions, *(name for e in answer.entities if e.type == NodeLabel.DISEASE.value
                                        for name in dict.fromkeys((e.name, e.mention)) if name)]
        doses = compute_doses(load_label_dosages(runner, drug.id), patient,
                              load_group_warnings(runner, drug.id, patient), conditions=asked)
        timings = {**answer.timings_ms, "dosing_ms": round((time.perf_counter() - started) * 1000, 2)}
        dosed = answer.model_copy(update={"dosing": {"drug_id": drug.id, **doses.model_dump(mode="json")},
                                          "cypher": [*answer.cypher, *dict.fromkeys(runner.statements)],
                                          "timings_ms": timings})
        return _with_patient(dosed, parsed, patient)

    def _answer(self, question: str, limit: int, sex: Sex | None = None) -> Answer:
        if not self.is_diagnosis_question(question):
            answer = self.query_engine.answer(question, limit)
            return self._pair_by_labels(answer) if answer.intent is Intent.INTERACTIONS else answer
        started = time.perf_counter()
        result = self.diagnose(question, limit, sex=sex)
        items = [_item(c, result.language) for c in result.candidates]
        namer = getattr(self.query_engine, "namer", None)  # the vocabulary's names where the graph has none
        if result.language == "zh" and namer is not None:
            items = namer.named(items)
        return Answer(question=question, intent=Intent.DIAGNOSIS, answers=items,
                      message=result.message or result.disclaimer, language=result.language,
                      timings_ms={"total": round((time.perf_counter() - started) * 1000, 2)},
                      differential=result.model_dump(mode="json"))

    def _pair_by_labels(self, answer: Answer) -> Answer:
        """A question about two drugs whose pair has no recorded interaction: what their labels (or their classes'
        labels) say about taking them together, each statement quoted (``TreatmentReviewer.pair_interactions``)."""
        drugs = [e for e in answer.entities if e.type == NodeLabel.DRUG.value]
        if answer.answers or len(drugs) < 2:
            return answer
        runner: ReadOnlyRunner = self._runner_factory()
        flags = TreatmentReviewer(runner, self.query_engine.resolver.resolve).pair_interactions(drugs[0], drugs[1])
        if not flags:
            return answer
        names = {"first": drugs[0].name, "second": drugs[1].name}
        items = [AnswerItem(id=drugs[1].id, name=drugs[1].name, type=NodeLabel.DRUG.value,
                            score=0.5 if flag.rule == "interaction" else 0.25, text=f"{about}: {flag.reason}",
                            evidence=flag.evidence, relation=RelType.INTERACTS_WITH.value,
                            badges=[Badge.LABEL]) for about, flag in flags]
        items.sort(key=lambda item: -item.score)
        return answer.model_copy(update={"answers": items, "message": say("interaction_by_label", answer.language,
                                                                            **names),
                                         "cypher": [*answer.cypher, *dict.fromkeys(runner.statements)]})


# "Can I take X?", "is X safe", "X 能用吗": a question whether one drug suits the patient given or described.
USE_QUESTION = re.compile(
    r"\b(?:can|could|may|should|is it (?:ok|okay|safe|alright)|ok to|okay to|safe to)\b.*\b(?:take|use|have|give|"
    r"start|prescribe|continue|be given|be used)\b|\bsafe\b|\bokay\b|\bok\b|\ballowed\b|"
    r"能用|可以用|能吃|可以吃|能服|可以服|能不能|可不可以|能否|可否|适合|安全吗|能使用|可以使用|注意事项|注意什么", re.I)
UNCHECKED = "not checked against a label: medkg holds no label of this drug"
VERDICT_SCORE = {PatientAction.KEPT: 1.0, PatientAction.CAUTION: 0.75, PatientAction.DEMOTED: 0.5,
                 PatientAction.EXCLUDED: 0.25}


def _with_patient(answer: Answer, parsed: ParsedPatient, patient: PatientContext) -> Answer:
    review = PatientReview(patient=patient.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
                           understood=list(parsed.understood))
    return answer.model_copy(update={"patient": review.model_dump(mode="json")})


def _item(candidate: Any, language: str) -> AnswerItem:
    evidence = [e for c in candidate.supporting for e in c.evidence]
    return AnswerItem(id=candidate.id, name=candidate.name, type="Disease", score=candidate.probability,
                      text=candidate.explanation, evidence=evidence[:6], relation="PRESENTS",
                      synonyms=[candidate.name_zh] if candidate.name_zh else [],
                      name_zh=candidate.name_zh if language == "zh" else None)


__all__ = ["ClinicalEngine"]


def _names_a_condition(answer: Answer) -> bool:
    return any(e.type in (NodeLabel.DISEASE.value, NodeLabel.PHENOTYPE.value) for e in answer.entities)


def _about(condition: str, rest: str) -> str:
    """The treatment question asked of ``condition`` ("类风湿关节炎" + "用什么药"; "… for hypertension")."""
    return f"{condition}{rest}" if lexicon.has_chinese(condition) else f"{rest} for {condition}"
