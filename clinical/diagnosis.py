"""Diagnosis suggestion: findings → a ranked, explained differential over the graph's diseases.

The score of a disease is a naive-Bayes log-likelihood ratio against the graph's background, plus a small prior:

- a present finding the disease is linked to adds log(P(f|d) / q(f)), where P(f|d) is the link's stated frequency
  and q(f) the share of the graph's diseases that present f (a rare finding says more than fever);
- a present finding the disease is *not* linked to adds log(leak(d) / q(f)): the graph's lists are incomplete, so
  this is a penalty, not a veto, and a milder one for a disease with a short list (a common disease whose page names
  three symptoms says less by leaving one out than a rare one whose HPO table lists sixty): leak(d) =
  max(LEAK, LEAK_SHORT_LIST / (1 + links(d) / LEAK_LIST_SCALE));
- an absent (denied) finding the disease expects adds log((1 − P(f|d)) / (1 − q(f)));
- an uncertain finding counts half;
- the prior is log(1 + number of drugs the graph knows for the disease, or for a subtype of it that presents no
  finding of its own) / 2, so common diseases come before rare ones when the findings fit both alike, minus
  ``knowledge.RARE_PRIOR`` for a disease whose findings only NIH's rare-disease pages (GARD, Genetics Home Reference)
  state — a disease they describe is rare by their definition; a disease of one sex (genital diseases, pregnancy)
  gets log(1/2) when the patient's sex is not known, and is no candidate for the other sex.

Probabilities are a softmax of the scores over the candidates considered (diseases linked to at least one present
finding): a share among these candidates, not a calibrated probability, and every candidate shows the findings and
evidence it rests on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence

from clinical import templates
from clinical.knowledge import DiagnosisKnowledge
from clinical.models import Candidate, Contribution, Differential, Finding, FindingStatus
from clinical.patient import Sex
from query.messages import say
from query.models import EvidenceRef
from query.safety import ReadOnlyRunner

LEAK = 0.02
LEAK_SHORT_LIST = 0.1  # leak(d) for a disease with no listed finding; 0.0625 with 3, 0.033 with 10, LEAK from 20
LEAK_LIST_SCALE = 5
UNCERTAIN_WEIGHT = 0.5
SELF_EXPECTED = 0.9  # P(f | d) when the stated finding is the disease's own node
METHOD = ("naive-Bayes log-likelihood ratio over the graph's disease→finding links (P(f|d) from the sources' stated "
          "frequencies; an unlisted finding gets a leak that is larger for short lists), prior log(1+known "
          "treatments of the disease and its subtypes without findings)/2, lowered for diseases known only from "
          "rare-disease pages, halved for a disease of one sex when the patient's sex is not given (ruled out for "
          "the other sex), softmax over candidates")


def score_diseases(knowledge: DiagnosisKnowledge, present: dict[str, float], absent: Iterable[str],
                   candidates: Iterable[str] | None = None, sex: Sex | None = None) -> dict[str, float]:
    """Score of each candidate disease for present findings (id → weight 1 or 0.5) and absent finding ids; a disease
    of the other sex than the patient's is no candidate."""
    absent = list(absent)
    if candidates is None:  # diseases presenting a finding, and a stated finding that is itself a disease
        candidates = {d for f in present for d in knowledge.presented_by.get(f, ())} | {
            f for f in present if f in knowledge.expected or f in knowledge.named_diseases}
    scores: dict[str, float] = {}
    for disease in candidates:
        if not knowledge.possible(disease, sex):
            continue
        links = knowledge.expected.get(disease, {})
        total = knowledge.log_prior(disease, sex)
        for finding, weight in present.items():
            total += weight * _present_ratio(knowledge, links, finding, disease)
        for finding in absent:
            total += _absent_ratio(knowledge, links, finding)
        scores[disease] = total
    return scores


def _background(knowledge: DiagnosisKnowledge, finding: str) -> float:
    return knowledge.background.get(finding, 1.0 / (len(knowledge.expected) + 2))


def _present_ratio(knowledge: DiagnosisKnowledge, links: dict[str, float], finding: str, disease: str) -> float:
    return math.log(expected_share(links, finding, disease) / _background(knowledge, finding))


def expected_share(links: dict[str, float], finding: str, disease: str) -> float:
    """P(finding | disease): the link's, ``SELF_EXPECTED`` when the stated finding is the disease itself ("red eye" is
    Conjunctivitis, "sore throat" Pharyngitis: the complaint names the condition), else the leak."""
    if finding == disease:
        return links.get(finding, SELF_EXPECTED)
    return links.get(finding, leak(links))


def leak(links: dict[str, float]) -> float:
    """P(finding | disease) for a finding the disease's list does not name: larger when the list is short."""
    return max(LEAK, LEAK_SHORT_LIST / (1 + len(links) / LEAK_LIST_SCALE))


def _absent_ratio(knowledge: DiagnosisKnowledge, links: dict[str, float], finding: str) -> float:
    """A denied finding the disease expects lowers it; one it does not expect says nothing — nor does a "no" to the
    disease's own node ("Have you been told you have meningitis?"), which a patient not yet diagnosed gives too
    (counting it as a denial cost the dev patients a third of their top-5 diagnoses)."""
    if finding not in links:
        return 0.0
    return math.log((1.0 - links[finding]) / (1.0 - _background(knowledge, finding)))


def softmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    top = max(scores.values())
    weights = {key: math.exp(value - top) for key, value in scores.items()}
    total = sum(weights.values())
    return {key: value / total for key, value in weights.items()}


def evidence_weights(findings: Sequence[Finding]) -> tuple[dict[str, float], list[str]]:
    present = {f.id: (UNCERTAIN_WEIGHT if f.status is FindingStatus.UNCERTAIN else 1.0)
               for f in findings if f.id and f.status is not FindingStatus.ABSENT}
    absent = [f.id for f in findings if f.id and f.status is FindingStatus.ABSENT and f.id not in present]
    return present, absent


def rank(knowledge: DiagnosisKnowledge, findings: Sequence[Finding],
         sex: Sex | None = None) -> list[tuple[str, float, float]]:
    """(disease id, score, probability), best first (ties: the higher prior, then the id)."""
    present, absent = evidence_weights(findings)
    scores = score_diseases(knowledge, present, absent, sex=sex)
    shares = softmax(scores)
    ordered = sorted(scores, key=lambda d: (-scores[d], -knowledge.log_prior(d, sex), d))
    return [(d, scores[d], shares[d]) for d in ordered]


def differential(knowledge: DiagnosisKnowledge, findings: Sequence[Finding], *, runner: ReadOnlyRunner | None = None,
                 language: str = "en", limit: int = 10, evidence_limit: int = 2, sex: Sex | None = None) -> Differential:
    """The ranked differential with, per candidate, the findings for and against it and their evidence; ``sex``
    (the patient's, where known) rules out the other sex's diseases, else they count half."""
    started = time.perf_counter()
    findings = tuple(_named(knowledge, f, language) for f in findings)
    ranked = rank(knowledge, findings, sex)[:limit]
    evidence = _evidence(runner, knowledge, ranked, findings, evidence_limit) if runner is not None else {}
    candidates = tuple(_candidate(knowledge, d, score, share, findings, evidence, language, sex)
                       for d, score, share in ranked)
    message = None
    if not any(f.id for f in findings):
        message = say("no_finding_linked", language)
    elif not candidates:
        message = say("no_disease_presents", language)
    return Differential(language=language, findings=findings, candidates=candidates, message=message, method=METHOD,
                        disclaimer=say("diagnosis_disclaimer", language), sex=sex,
                        elapsed_ms=round((time.perf_counter() - started) * 1000, 2))


def _named(knowledge: DiagnosisKnowledge, finding: Finding, language: str) -> Finding:
    if finding.id is None:
        return finding
    return finding.model_copy(update={"name": knowledge.finding_names.get(finding.id, finding.name),
                                      "name_zh": knowledge.finding_zh.get(finding.id)})


def _evidence(runner: ReadOnlyRunner, knowledge: DiagnosisKnowledge, ranked: list[tuple[str, float, float]],
              findings: Sequence[Finding], limit: int) -> dict[tuple[str, str], tuple[EvidenceRef, ...]]:
    asked = [(d, f.id) for d, _, _ in ranked for f in findings if f.id]
    if not asked:
        return {}
    pairs = [[d, knowledge.stated(d, f)] for d, f in asked]  # a derived link's evidence is its stated finding's
    rows = runner.run(templates.link_evidence(), {"pairs": pairs, "limit": limit})
    found = {(row["disease_id"], row["finding_id"]): tuple(EvidenceRef(**e) for e in row["evidence"] if e)
             for row in rows}
    return {(d, f): found.get((d, knowledge.stated(d, f)), ()) for d, f in asked}


def _candidate(knowledge: DiagnosisKnowledge, disease: str, score: float, share: float, findings: Sequence[Finding],
               evidence: dict[tuple[str, str], tuple[EvidenceRef, ...]], language: str,
               sex: Sex | None = None) -> Candidate:
    links = knowledge.expected.get(disease, {})
    supporting, against = [], []
    for finding in findings:
        if not finding.id:
            continue
        linked = finding.id in links or finding.id == disease
        if finding.status is FindingStatus.ABSENT:
            if finding.id not in links:  # denied, and not expected by this disease: neither for nor against it
                continue
            weight = _absent_ratio(knowledge, links, finding.id)
        else:
            factor = UNCERTAIN_WEIGHT if finding.status is FindingStatus.UNCERTAIN else 1.0
            weight = factor * _present_ratio(knowledge, links, finding.id, disease)
        contribution = Contribution(
            finding_id=finding.id, finding=knowledge.name(finding.id, language), status=finding.status,
            expected=round(expected_share(links, finding.id, disease), 3),
            background=round(_background(knowledge, finding.id), 4),
            weight=round(weight, 3), linked=linked, sources=knowledge.sources.get((disease, finding.id), ()),
            evidence=evidence.get((disease, finding.id), ()))
        (supporting if weight > 0 else against).append(contribution)
    return Candidate(id=disease, name=knowledge.disease_names.get(disease, disease),
                     name_zh=knowledge.disease_zh.get(disease), probability=round(share, 4), score=round(score, 3),
                     prior=round(knowledge.log_prior(disease, sex), 3), supporting=tuple(supporting),
                     against=tuple(against),
                     explanation=_explain(supporting, against, knowledge, disease, language, sex))


def _explain(supporting: list[Contribution], against: list[Contribution], knowledge: DiagnosisKnowledge,
             disease: str, language: str, sex: Sex | None = None) -> str:
    # A finding the disease's list does not name is never shown as support, even where it raises the score (a
    # finding rarer in the graph than the leak for a missing one): it is named as not linked.
    unlisted = [c for c in supporting if not c.linked]
    supporting = [c for c in supporting if c.linked]
    if language == "zh":
        parts = [f"{c.finding}（该病约{c.expected:.0%}出现，所有疾病中{c.background:.0%}）" for c in supporting]
        text = "支持：" + "、".join(parts) if parts else "无直接支持的症状"
        if against:
            text += "；不支持：" + "、".join(c.finding for c in against)
        if unlisted:
            text += "；该病未列出：" + "、".join(c.finding for c in unlisted)
        if sex is None and disease in knowledge.sex_of:
            text += "；仅见于" + ("女性" if knowledge.sex_of[disease] is Sex.FEMALE else "男性") + "（未给出性别，先验减半）"
        return text
    parts = [f"{c.finding} (in ~{c.expected:.0%} of cases vs {c.background:.0%} of diseases)" for c in supporting]
    text = "For: " + ", ".join(parts) if parts else "No stated finding is linked to it"
    if against:
        described = [f"{c.finding} ({'denied' if c.status is FindingStatus.ABSENT else 'not linked'})" for c in against]
        text += "; against: " + ", ".join(described)
    if unlisted:
        text += "; not linked to it (no penalty: rare in the graph): " + ", ".join(c.finding for c in unlisted)
    treatments = knowledge.treatments.get(disease, 0)
    rare = ", lowered as a rare disease (its findings come only from NIH rare-disease pages)" \
        if disease in knowledge.rare else ""
    if sex is None and disease in knowledge.sex_of:
        rare += f", halved as a disease of {knowledge.sex_of[disease].value}s only (the patient's sex is not given)"
    return text + f"; prior from {treatments} known treatment(s) of it and its subtypes{rare}."
