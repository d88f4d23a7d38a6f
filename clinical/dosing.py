"""Patient-aware dose calculation from a label's typed dose rules, never beyond what the label states.

``compute_doses(labels, patient)`` picks the rules of each label whose population (adult/pediatric/geriatric, age
and weight bounds), renal condition (CrCl/eGFR) and hepatic class match the patient and computes each with the
arithmetic shown ("90 mg/kg/day × 14 kg = 1260 mg/day, in 2 doses of 630 mg every 12 h"), capped by the maxima the
label states for that population, beside the verbatim sentence and its citation (label id, version, effective
date). It refuses, with the reason, and shows the text instead when the population does not match, the label's
text gives no unambiguous rule, or a value the rule needs (age, weight, height, CrCl/eGFR) is missing.

Renal rules: a rule with a renal condition applies only when the patient's renal figure is in its range, and then
replaces the unconditioned doses of that label; a matching "not recommended/contraindicated" rule replaces every
dose. When the label has renal rules and the patient's renal function is not given, doses carry that caution.
A rule with no population stated is the label's default (adult) dosing. Units convert through pint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clinical import body_size, dose_guards, indication_match, templates
from clinical.body_size import LabelBody
from clinical.patient import AgeGroup, PatientContext
from graph.models import (DosageText, DoseBasis, DoseKind, DosePopulation, DoseQuantity, DoseRule, DoseScale,
                          NumericRange)
from nlp import dose_patterns
from nlp.dose_patterns import CHILDREN_AND_ADULTS
from nlp.dose_rules import parse_dosage_text, sentences
from nlp.dose_tables import table_header
from nlp.dose_units import convert, format_amount, is_count, same_kind, unit_for

_FROZEN = ConfigDict(frozen=True, extra="forbid")
GROUP_YEARS = {  # the ages an age group spans, for rules bounded by age when only the group is known
    AgeGroup.NEONATE: (0.0, 28 / 365), AgeGroup.INFANT: (0.0, 2.0), AgeGroup.CHILD: (2.0, 12.0),
    AgeGroup.ADOLESCENT: (12.0, 18.0), AgeGroup.ADULT: (18.0, 65.0), AgeGroup.GERIATRIC: (65.0, 130.0),
}


class LabelDosage(BaseModel):
    """One verbatim DosageText of a current label with its citation and the rules parsed from it."""

    model_config = _FROZEN
    text_id: str
    text: str
    document_id: str
    title: str | None = None
    heading: str | None = None
    set_id: str | None = None
    version: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    rules: tuple[DoseRule, ...] = ()


class DoseStatus(str, Enum):
    COMPUTED = "computed"
    NOT_RECOMMENDED = "not-recommended"  # the label says not to use it for this patient (renal/hepatic)
    REFUSED = "refused"  # no number: population mismatch, ambiguous text or a missing value; the text is shown


class DoseCitation(BaseModel):
    model_config = _FROZEN
    document_id: str
    dosage_text_id: str
    title: str | None = None
    set_id: str | None = None
    version: str | None = None
    published: str | None = None
    url: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    table_header: str | None = Field(default=None, description="for a table row: the table's caption and header "
                                                                   "rows, verbatim, so the row can be read")


class ComputedDose(BaseModel):
    """One answer of one label: a computed dose with its arithmetic, or why there is none."""

    model_config = _FROZEN
    status: DoseStatus
    summary: str = Field(description="the dose with its arithmetic, or the reason for no number")
    rule_id: str | None = None
    kind: DoseKind | None = None
    indication: str | None = None
    unit: str | None = None
    per_dose_low: float | None = None
    per_dose_high: float | None = None
    per_day_low: float | None = None
    per_day_high: float | None = None
    doses_per_day: float | None = None
    per_unit: str | None = Field(default=None, description="for a dose in dosage units (tablets, capsules): what one "
                                                         "unit contains, as the label says it")
    capped: bool = False
    cautions: tuple[str, ...] = ()
    citation: DoseCitation


class DoseAnswer(BaseModel):
    model_config = _FROZEN
    doses: tuple[ComputedDose, ...] = ()
    message: str | None = None

    @property
    def computed(self) -> list[ComputedDose]:
        return [d for d in self.doses if d.status is DoseStatus.COMPUTED]


class _Mismatch(Exception):
    """The rule is not for this patient (silently not used when another rule is)."""


class _Missing(Exception):
    """The rule needs a value the patient context lacks."""


def compute_doses(labels: Sequence[LabelDosage], patient: PatientContext,
                  warnings: Sequence[Mapping[str, Any]] = (), conditions: Sequence[str] = ()) -> DoseAnswer:
    """Every dose the labels state for this patient, computed, or the reasons there is none. The texts of one
    label document are read together (a maximum in one part caps a dose in another). ``warnings``: the label
    warnings on the patient's groups (``clinical.templates.label_warnings_of`` rows); a pregnant or breastfeeding
    patient gets "not recommended" with the label's sentence where the label says not to use it then
    (Contraindications, Boxed Warning, or its Pregnancy/Lactation section), and the warning as a caution where it
    only warns; a child gets it where a sentence of those sections advises against use in children of its age.
    ``conditions``: the conditions the question or the patient names ("clopidogrel dose for stroke"); a label that
    states its doses per indication then shows those of the indication that names one (``_for_asked_indication``)."""
    if not labels:
        return DoseAnswer(message="No drug label with Dosage and Administration text is in the graph for this drug.")
    by_document: dict[str, list[LabelDosage]] = {}
    for label in labels:
        by_document.setdefault(label.document_id, []).append(label)
    against, warned = dose_guards.group_statements([*warnings, *_dosing_statements(labels)], patient)
    if against:
        first = labels[0]
        return DoseAnswer(doses=tuple(_against_use(first, row, sentence) for row, sentence in against),
                          message="The label advises against use for this patient; no dose is computed.")
    boxed = dose_guards.boxed_dose_change(warnings, patient)
    if boxed is not None:
        row, sentence = boxed
        return DoseAnswer(doses=(_boxed_refusal(labels[0], row, sentence),),
                          message="No dose computed: see the reasons and the label text.")
    doses = [dose for texts in by_document.values()
             for dose in _for_asked_indication(_without_restated_volumes(_distinct(_below_every_maximum(
                 _agreeing(_label_doses(texts, patient), texts[0]), texts, patient))), conditions)]
    estimate = patient.estimated_crcl if patient.creatinine_clearance is None else None
    warned = [*warned, estimate[1]] if estimate is not None else warned  # the renal figure the doses rest on
    if warned:
        doses = [d.model_copy(update={"cautions": (*d.cautions, *warned)}) if d.status is DoseStatus.COMPUTED else d
                 for d in doses]
    if not any(d.status is not DoseStatus.REFUSED for d in doses):
        return DoseAnswer(doses=tuple(doses), message="No dose computed: see the reasons and the label text.")
    return DoseAnswer(doses=tuple(doses), message=_several_doses(doses, conditions))


SEVERAL_DOSES = ("The label states more than one dose for this patient — for different indications, products or steps "
                 "of a regimen: each is shown with the sentence it comes from; read which one applies, or name the "
                 "condition to see only its dose.")


def _several_doses(doses: list[ComputedDose], conditions: Sequence[str]) -> str | None:
    """A warning above the doses when they differ and no condition chose among them: they are not all for the same
    use (apixaban's 5 mg for atrial fibrillation beside its 2.5 mg after hip replacement)."""
    computed = {_numbers(d)[1:] for d in doses if d.status is DoseStatus.COMPUTED}
    named = {d.indication for d in doses if d.status is DoseStatus.COMPUTED and d.indication}
    if len(computed) < 2 or (conditions and len(named) <= 1):
        return None
    return SEVERAL_DOSES


def _distinct(doses: list[ComputedDose]) -> list[ComputedDose]:
    """One label's computed doses without repeats: two sentences (or a sentence and a table row) that give this
    patient the same numbers are one dose, shown once with the fuller summary (the one that also says the route);
    a dose whose sentence names no indication, or names it in fewer words, is the same dose as one with the same
    numbers that names it (the highlights' "The recommended dose is 450 mg orally once daily" beside section 2.2's
    for melanoma)."""
    named = [d for d in doses if d.status is DoseStatus.COMPUTED and d.indication]
    doses = [d for d in doses if not any(_same_dose_named_more(d, other) for other in named)]
    kept: dict[tuple, ComputedDose] = {}
    for dose in doses:
        key = (id(dose),) if dose.status is not DoseStatus.COMPUTED else (dose.indication, *_numbers(dose))
        held = kept.get(key)
        if held is None or len(dose.summary) > len(held.summary):
            kept[key] = dose if held is None else dose.model_copy(update={"cautions": tuple(dict.fromkeys(
                (*held.cautions, *dose.cautions)))})
    return list(kept.values())


def _same_dose_named_more(dose: ComputedDose, other: ComputedDose) -> bool:
    """Whether ``other`` is ``dose`` (the same numbers, a starting dose or not) with its indication named, or named
    in more words ("TSC-Associated SEGA" said short of "Tuberous Sclerosis Complex (TSC)-Associated … (SEGA)")."""
    if dose.status is not DoseStatus.COMPUTED or other.indication == dose.indication \
            or _numbers(other)[1:] != _numbers(dose)[1:]:
        return False
    return not dose.indication or indication_match.names_condition(other.indication or "", dose.indication)


def _for_asked_indication(doses: list[ComputedDose], conditions: Sequence[str]) -> list[ComputedDose]:
    """One label's doses for the conditions asked about: where some computed dose's indication names one of them,
    only those (with a note saying so; refusals stay); where the label doses several indications and none names
    them, every dose, each with a note saying so; unchanged when no condition is asked about."""
    computed = [d for d in doses if d.status is DoseStatus.COMPUTED]
    indications = {d.indication for d in computed if d.indication}
    if not conditions or not indications:
        return doses
    asked = indication_match.asked_indications(indications, conditions)
    if asked:
        return [d if d.status is not DoseStatus.COMPUTED else d.model_copy(update={"cautions": (
            *d.cautions, f"the dose the label states for {d.indication}, which names the condition asked about")})
                for d in doses if d.status is not DoseStatus.COMPUTED or d.indication in asked]
    if len(indications) < 2:
        return doses
    said = ", ".join(dict.fromkeys(conditions))
    return [d.model_copy(update={"cautions": (*d.cautions, f"the label states its doses per indication and none "
                                                           f"names {said}: each indication's dose is shown")})
            if d.status is DoseStatus.COMPUTED else d for d in doses]


def _numbers(dose: ComputedDose) -> tuple:
    return (dose.kind, dose.unit, dose.per_dose_low, dose.per_dose_high, dose.per_day_low, dose.per_day_high,
            dose.doses_per_day, dose.per_unit, dose.capped)


def _without_restated_volumes(doses: list[ComputedDose]) -> list[ComputedDose]:
    """One label's doses for a patient without a volume that restates an amount of drug given as often ("200 mg
    twice daily" beside "To enable dose reduction, ZIAGEN oral solution (10 mL twice daily) should be used"): the
    amount is the dose; a volume says nothing comparable without the solution's strength."""
    amounts = {d.doses_per_day for d in doses if d.status is DoseStatus.COMPUTED and d.unit
               and same_kind(d.unit, "mg")}
    return [d for d in doses if not (d.status is DoseStatus.COMPUTED and d.unit and same_kind(d.unit, "mL")
                                     and d.doses_per_day in amounts)]


DISAGREEMENT = 20.0  # computed doses of one label for one patient more than this many times apart: one is misread


def _agreeing(doses: list[ComputedDose], label: LabelDosage) -> list[ComputedDose]:
    """A label's computed doses for one patient, unless two of them (per dose, same unit) lie more than
    ``DISAGREEMENT`` times apart: no label doses one patient at 60 mg and at 42,500 mg, so one of them is a misread
    sentence (an animal study, a table's cells) — then no number, and the reason."""
    computed = [d for d in doses if d.status is DoseStatus.COMPUTED and d.per_dose_low and d.per_dose_high]
    for unit in {d.unit for d in computed}:
        same = [d for d in computed if d.unit == unit]
        if len(same) > 1 and max(d.per_dose_high for d in same) > DISAGREEMENT * min(d.per_dose_low for d in same):
            stated = "; ".join(dict.fromkeys(d.summary.split(";")[0] for d in same))
            return [_refusal(label, None, f"the doses read from the label for this patient disagree more than "
                                          f"{_number(DISAGREEMENT)}-fold ({stated}); read the text")]
    return doses


OVER_MAXIMUM = 10.0  # a computed dose more than this many times the largest maximum the label states anywhere


def _below_every_maximum(doses: list[ComputedDose], texts: list[LabelDosage],
                         patient: PatientContext) -> list[ComputedDose]:
    """A label's computed doses, less any above ``OVER_MAXIMUM`` times the largest maximum per day (or per dose) the
    label states for anyone: no label doses a patient at ten times what it allows anyone, so the number comes from a
    misread sentence (a juvenile rat study's 300 mg/kg/day, a preservative's 99 to 234 mg/kg/day) — then no number
    for it, and the reason."""
    limits = [rule for text in texts for rule in text.rules if rule.max_per_day or rule.max_per_dose]
    kept = []
    for dose in doses:
        above = _above_maxima(dose, limits, patient)
        kept.append(dose if above is None else _refusal(texts[0], None, above).model_copy(
            update={"citation": dose.citation}))
    return kept


def _above_maxima(dose: ComputedDose, limits: list[DoseRule], patient: PatientContext) -> str | None:
    if dose.status is not DoseStatus.COMPUTED or not dose.unit:
        return None
    for key, value in (("max_per_day", dose.per_day_high), ("max_per_dose", dose.per_dose_high)):
        stated = [v for rule in limits if getattr(rule, key) is not None
                  and (v := _limit_value(getattr(rule, key), patient, dose.unit)) is not None]
        if value is not None and stated and value > OVER_MAXIMUM * max(stated):
            per = "day" if key == "max_per_day" else "dose"
            return (f"the number read for this patient ({format_amount(value, dose.unit)} per {per}) is more than "
                    f"{_number(OVER_MAXIMUM)} times the largest maximum the label states for anyone "
                    f"({format_amount(max(stated), dose.unit)} per {per}): the sentence is misread; read the text")
    return None


def load_label_dosages(runner: Any, drug_id: str, limit: int = 80) -> list[LabelDosage]:
    """The drug's current dosage texts with their rules, through a read-only runner (``query.safety``)."""
    rows = runner.run(templates.dose_rules_of(), {"id": drug_id, "limit": limit})
    return [LabelDosage(
        text_id=row["id"], text=row["text"], document_id=row["document_id"], title=row.get("title"),
        heading=row.get("heading"), set_id=row.get("set_id"), version=row.get("version"),
        published=row.get("published"), url=row.get("url"), source=row.get("source"),
        rules=tuple(sorted((DoseRule.from_row(r) for r in row.get("rules") or []), key=lambda r: (r.start, r.id))),
    ) for row in rows]


def load_group_warnings(runner: Any, drug_id: str, patient: PatientContext) -> list[dict[str, Any]]:
    """The drug's label warnings on the patient's groups: pregnancy, lactation, children."""
    groups = dose_guards.warned_groups(patient)
    if not groups:
        return []
    return list(runner.run(templates.label_warnings_of(), {"drugs": [drug_id], "populations": groups}))


_GROUP_WORDS = {"hepatic": "hepatic impairment", "renal": "renal impairment", "pediatric": "children",
                "lactation": "breastfeeding"}  # how a warned group is said


def _said_group(population: Any) -> Any:
    return _GROUP_WORDS.get(population, population)


# rules that say whom the label's doses serve, not a dose: children with established use, children dosed as adults
UNREAD = "the label's dosing text states no dose this tool can read unambiguously; read the text"
_SAYS_WHO = (DoseKind.ESTABLISHED, DoseKind.AS_ADULTS, DoseKind.NOT_ESTABLISHED)


# Per label -----------------------------------------------------------------------------------------------------
def _label_doses(texts: list[LabelDosage], patient: PatientContext) -> list[ComputedDose]:
    kept = {r.id for r in indication_match.without_unnamed_repeats([r for t in texts for r in t.rules])}
    rules = [(text, rule) for text in texts for rule in text.rules if rule.id in kept]
    if not rules:
        return [_refusal(texts[0], None, UNREAD)]
    established = [rule for _, rule in rules if rule.kind in _SAYS_WHO]
    alike = _doses_every_age_alike(texts, [r for _, r in rules], established)
    applicable, refusals = [], []
    for text, rule in rules:
        if rule.kind in _SAYS_WHO:
            continue
        try:
            _check_patient(rule, patient, established=established, alike=alike)
            applicable.append((text, rule))
        except _Mismatch:
            continue
        except _Missing as missing:
            refusals.append(_refusal(text, rule, str(missing)))
    if patient.age_group is not None and patient.age_group.pediatric:
        unproven = dose_guards.unproven_pediatric_indications([t.text for t in texts])
        applicable = [(t, r) for t, r in applicable
                      if r.amount is None or not any(name in r.sentence.lower() for name in unproven)]
    uncovered = _renal_uncovered([r for _, r in rules], patient)
    if uncovered:
        return [_refusal(texts[0], None, uncovered)]
    criteria = _criteria_dose(texts, patient)
    if criteria is not None:  # apixaban's 2.5 mg for "at least two of the following characteristics"
        label, rule, usual, _ = criteria
        applicable = [(t, r) for t, r in applicable if r.id not in usual] + [(label, rule)]
    unread = _unread(texts, [r for _, r in applicable], patient, dose_guards.hepatic_unread) or \
        _unread(texts, [r for _, r in applicable], patient, dose_guards.renal_unread) or \
        _unread(texts, [r for _, r in applicable], patient, dose_guards.unstudied_unread) or \
        (None if criteria else _unread(texts, [r for _, r in applicable], patient,
                                       dose_guards.characteristics_unread))
    if unread:
        label, found = unread
        if found.against:
            return [ComputedDose(status=DoseStatus.NOT_RECOMMENDED, kind=DoseKind.AVOID, summary=found.reason,
                                 citation=_quoted(label, found.sentence))]
        return [_refusal(label, None, found.reason).model_copy(update={"citation": _quoted(label, found.sentence)})]
    avoid = [(t, r) for t, r in applicable
             if r.kind is DoseKind.AVOID and not _spares_adolescents(r, patient, applicable)]
    if avoid:
        return [_not_recommended(text, rule) for text, rule in avoid]
    conditioned = [(t, r) for t, r in applicable if _conditioned(r) and r.amount is not None]
    doses = _most_specific(conditioned or [(t, r) for t, r in applicable if r.amount is not None
                                           and not _conditioned(r)], patient)
    reductions = [] if conditioned else [(t, r) for t, r in applicable if r.kind is DoseKind.REDUCE]
    if len({r.reduction_percent for _, r in reductions}) > 1:
        return [_refusal(reductions[0][0], reductions[0][1], "the label states more than one reduction for this "
                                                              "patient; read the text")]
    reduction = reductions[0][1] if reductions else None
    limits = [r for _, r in applicable if r.amount is None and r.kind is DoseKind.MAXIMUM]
    rounding, rounding_cautions = _rounding([r for _, r in applicable if r.kind is DoseKind.ROUND])
    cautions = _renal_cautions([r for _, r in rules], patient) + dose_guards.not_studied(
        [t.text for t in texts], patient) + rounding_cautions + ((criteria[3],) if criteria else ())
    results, body = [], body_size.label_body([t.text for t in texts])
    for text, rule in doses:
        try:
            results.append(_computed(text, rule, _continuing_limits(text, rule, limits), patient, cautions, reduction,
                                     _dosed_as_adults(patient, established), rounding, body))
        except _Missing as missing:
            results.append(_refusal(text, rule, str(missing)))
    if not results and not refusals:
        return [_refusal(texts[0], None, _no_rule_reason([r for _, r in rules], patient))]
    return results or refusals


_CRITERIA_KINDS = (DoseKind.DOSE, DoseKind.STARTING)  # what the amount of a criteria sentence is read as


def _criteria_dose(texts: list[LabelDosage],
                   patient: PatientContext) -> tuple[LabelDosage, DoseRule, set[str], str] | None:
    """The dose a label sets for patients with "at least two of the following characteristics" when this patient has
    that many (``dose_guards.criteria_count``): the amount its sentence states, before or after the list, read as a
    rule quoting the whole sentence, under the indication of the dose before it; with the ids of the usual doses it
    replaces (the amount rule just before each such list in the text: "for most patients is 5 mg"). None when the
    patient has too few, may have them (a value not given) or the sentence's amount does not read as one dose."""
    counted = dose_guards.criteria_count([t.text for t in texts], patient)
    if counted is None or counted.met < counted.needed:
        return None
    label = texts[counted.index]
    after_end = label.text.find(". ", counted.list_end)
    after_end = len(label.text) if after_end < 0 else after_end + 1
    for start, end in ((counted.sentence_start, counted.list_start), (counted.list_end, after_end)):
        part = DosageText(id=label.text_id, document_id=label.document_id, text=label.text[start:end],
                          section="dosage", position=0)
        found = [r for r in parse_dosage_text(part) if r.amount is not None and r.kind in _CRITERIA_KINDS]
        if len(found) == 1:
            break
    else:
        return None
    before = [r for r in label.rules if r.amount is not None and r.start < counted.sentence_start]
    indication = max(before, key=lambda r: r.start).indication if before else None
    sentence_end = max(end, counted.list_end)
    said = label.text[counted.sentence_start:sentence_end]
    rule = found[0].model_copy(update={
        "id": f"{label.text_id}#criteria-{counted.sentence_start}", "indication": indication,
        "sentence": said.strip(), "start": counted.sentence_start + len(said) - len(said.lstrip()),
        "end": sentence_end})
    usual = set()
    for listed in dose_guards.AT_LEAST.finditer(label.text):
        preceding = [r for r in label.rules if r.amount is not None and r.start < listed.start()]
        if preceding:
            usual.add(max(preceding, key=lambda r: r.start).id)
    said_count = (f"the label's dose for patients with at least {counted.needed} of: {', '.join(counted.named)} — "
                  f"this patient has {counted.met}")
    return label, rule, usual, said_count


def _continuing_limits(text: LabelDosage, rule: DoseRule, limits: list[DoseRule]) -> list[DoseRule]:
    """The maxima that bound a dose: where a maximum stated for no indication follows the dose in its own text,
    before the text's next dose, that maximum continues its regimen and stands for the maxima stated elsewhere for
    no indication ("Children 6 to 12 years of age — Initial: 100 mg twice a day … Dosage generally should not exceed
    1000 mg daily", carbamazepine: a 6-year-old's cap is 1000 mg, not the 1200 mg of its trigeminal neuralgia
    paragraph); otherwise all of them (``_caps`` takes the loosest)."""
    own = {r.id for r in text.rules}
    end = min((r.start for r in text.rules if r.amount is not None and r.start > rule.start), default=len(text.text))
    continuing = [r for r in limits if r.indication is None and r.id in own and rule.start < r.start < end]
    if not continuing:
        return limits
    return [r for r in limits if r.indication is not None] + continuing


def _most_specific(doses: list[tuple[LabelDosage, DoseRule]],
                   patient: PatientContext) -> list[tuple[LabelDosage, DoseRule]]:
    """An older patient's doses: the label's geriatric doses when it states any, not its adult ones beside them;
    a dose for the patient's body-surface band (the label's own rounding of its mg/m² dose, "1.69 – 1.83 m² |
    60 mg twice daily") rather than that mg/m² dose worked out to the milligram, and a fixed dose for the patient's
    weight band rather than a mg/kg dose stated for no band."""
    if patient.age_group is AgeGroup.GERIATRIC:
        doses = [(t, r) for t, r in doses if r.population is DosePopulation.GERIATRIC] or doses
    banded = [(t, r) for t, r in doses if r.bsa_m2 is not None and r.amount is not None
              and r.amount.scale is DoseScale.FIXED]
    if banded:
        doses = [(t, r) for t, r in doses if r.bsa_m2 is not None or r.amount is None
                 or r.amount.scale is not DoseScale.PER_M2]
    # "The recommended dosage is 10 mg/kg … In patients weighing 120 kg or more, the recommended dose is 1200 mg per
    # infusion": in the same text, the weight band's fixed dose is the exception to the mg/kg one (a table of bands
    # beside a mg/kg sentence may be another formulation's, so both stay)
    weighed = {t.text_id for t, r in doses if r.weight_kg is not None and r.amount is not None
               and r.amount.scale is DoseScale.FIXED}
    doses = [(t, r) for t, r in doses if t.text_id not in weighed or r.weight_kg is not None or r.amount is None
             or r.amount.scale is not DoseScale.PER_KG]
    # "The recommended dosage range for Tourette's Disorder is 5 to 20 mg/day … Patients weighing less than 50 kg: …
    # the dose can be increased to 10 mg/day": an indication's doses for the patient's weight band, not its range for
    # every weight
    banded_for = {(t.text_id, r.indication) for t, r in doses if r.weight_kg is not None and r.indication is not None}
    return [(t, r) for t, r in doses if r.weight_kg is not None or (t.text_id, r.indication) not in banded_for
            or r.amount is None or r.amount.high is None]  # (a single amount, as "increase to 30 mg", is no range)


def _conditioned(rule: DoseRule) -> bool:
    return rule.renal is not None or bool(rule.hepatic)


def _renal_uncovered(rules: list[DoseRule], patient: PatientContext) -> str | None:
    """The reason to give no number when the label sets doses by renal function for this patient's population,
    the patient's value is in none of the ranges it states, and lies below a range it does state (so the
    unconditioned doses are not known to hold for it)."""
    value = patient.renal_function
    if value is None:
        return None
    ranges = []
    for rule in rules:
        if rule.renal is None:
            continue
        try:
            _check_patient(rule, patient, renal=False)
        except (_Mismatch, _Missing):
            continue
        if rule.renal.contains(value):
            return None
        ranges.append(rule.renal)
    lows = [r.low for r in ranges if r.low is not None]
    if not lows or value >= min(lows):
        return None
    stated = "; ".join(dict.fromkeys(_range_text(r, "mL/min") for r in ranges))
    return (f"the label sets its doses by renal function ({stated}) and none of the rules read from it covers "
            f"{_number(value)} mL/min; read the text")


def _unread(texts: list[LabelDosage], applicable: list[DoseRule], patient: PatientContext,
            guard: Callable[..., dose_guards.Unread | None]) -> tuple[LabelDosage, dose_guards.Unread] | None:
    """The text and finding of a dose guard (``clinical.dose_guards``) that stops a number for this patient."""
    found = guard([t.text for t in texts], applicable, patient)
    return (texts[found.index], found) if found else None


def _dosing_statements(labels: Sequence[LabelDosage]) -> list[dict[str, Any]]:
    """The dosing texts as statements on pregnancy: "GLYNASE PresTab Tablets are not recommended for use in pregnancy
    or for use in pediatric patients" stands in Dosage and Administration, not only in 8.1 (children are read from the
    dose rules). Not on lactation: dosing texts name breasts for other reasons ("Neoadjuvant Treatment of Breast
    Cancer", "postpartum women who do not breastfeed"), and the label's Lactation section says what holds."""
    return [{"population": "pregnancy", "kind": "dosage", "section": "Dosage and Administration", "text": label.text,
             "document_id": label.document_id, "url": label.url, "dosage_text_id": label.text_id}
            for label in labels]


def _warning_citation(label: LabelDosage, row: Mapping[str, Any], sentence: str) -> DoseCitation:
    """The citation of a label-warning row's sentence (Contraindications, Boxed Warning, a population section)."""
    return DoseCitation(document_id=str(row.get("document_id") or label.document_id),
                        dosage_text_id=row.get("dosage_text_id") or label.text_id,
                        title=label.title, set_id=label.set_id, version=label.version, published=label.published,
                        url=row.get("url") or label.url, sentence=sentence.strip())


def _boxed_refusal(label: LabelDosage, row: Mapping[str, Any], sentence: str) -> ComputedDose:
    group = _said_group(row.get("population"))
    return ComputedDose(status=DoseStatus.REFUSED, citation=_warning_citation(label, row, sentence),
                        summary=f"No dose computed: the label's Boxed Warning changes the dose for {group} without "
                                f"saying by how much (\"{sentence.strip()}\"); read the text.")


def _against_use(label: LabelDosage, row: Mapping[str, Any], sentence: str) -> ComputedDose:
    where = {"contraindication": "Contraindications", "boxed-warning": "Boxed Warning"}.get(
        str(row.get("kind")), str(row.get("section") or "label"))
    return ComputedDose(status=DoseStatus.NOT_RECOMMENDED, kind=DoseKind.AVOID,
                        citation=_warning_citation(label, row, sentence),
                        summary=f"The label advises against use in {_said_group(row.get('population'))} "
                                f"({where}; see its sentence).")


def _check_patient(rule: DoseRule, patient: PatientContext, renal: bool = True,
                   established: Sequence[DoseRule] = (), alike: bool = False) -> None:
    """Raise ``_Mismatch`` when the rule is for someone else, ``_Missing`` when it cannot be told."""
    _check_population(rule, patient, established, alike)
    if rule.age_years is not None:
        _check_range(rule.age_years, patient.age_years, _group_span(patient), "age", "years")
    if rule.weight_kg is not None:
        _check_range(rule.weight_kg, patient.weight_kg, None, "weight", "kg")
    if rule.bsa_m2 is not None:
        _check_range(rule.bsa_m2, body_size.surface(patient), None, "body surface area (height and weight)", "m²")
    if rule.renal is not None and renal:
        if patient.renal_function is None:
            raise _Missing(f"the label adjusts this for renal function ({rule.renal_measure or 'CrCl'} "
                           f"{_range_text(rule.renal, 'mL/min')}); the patient's CrCl or eGFR is not given")
        if not rule.renal.contains(patient.renal_function):
            raise _Mismatch
    if rule.hepatic:
        if patient.hepatic_impairment is None or patient.hepatic_impairment.value not in rule.hepatic:
            raise _Mismatch
    if rule.indication and patient.sex is not None \
            and indication_match.other_sex_indication(rule.indication, patient.sex):
        raise _Mismatch  # "HRR Gene-mutated mCRPC" for a woman, "ovarian cancer" for a man
    if rule.indication and patient.age_years is not None \
            and indication_match.unproven_at_age(rule.indication, patient.age_years, established):
        raise _Mismatch  # "… not been established … in pediatric patients less than 2 years of age with
        # TSC-associated partial-onset seizures": that indication's doses are not a 1-year-old's


def _check_population(rule: DoseRule, patient: PatientContext, established: Sequence[DoseRule] = (),
                      alike: bool = False) -> None:
    group = patient.age_group
    wanted = rule.population
    if wanted is None and rule.age_years is None and rule.weight_kg is not None and group is not None \
            and group.pediatric and not _in_established_ages(patient, established) \
            and _dosed_as_adults(patient, established) is None and not _children_only_band(rule):
        raise _Mismatch  # niraparib's "for patients weighing < 77 kg: 200 mg" is no child's dose: a weight band
        # alone serves children where the label establishes pediatric use of their age, or where no adult weighs
        # that little
    if wanted is None and (rule.age_years is not None or rule.weight_kg is not None):
        return  # bounds decide (a body-surface band alone does not say the dose serves children: see below)
    if group is None:
        if wanted is None and patient.weight_kg is None:
            return  # nothing says the patient is not an adult; cautioned in the summary
        raise _Missing("the patient's age or age group is needed to tell which of the label's populations applies")
    pediatric = group.pediatric
    if wanted is DosePopulation.PEDIATRIC and not pediatric:
        raise _Mismatch
    if wanted is DosePopulation.PEDIATRIC and rule.age_years is None \
            and _in_established_ages(patient, established) is False:
        raise _Mismatch  # "The dosage range is 10 mg to 20 mg" under a heading for children the label establishes
        # from 10 years: not an 8-year-old's
    if wanted is DosePopulation.GERIATRIC and group is not AgeGroup.GERIATRIC:
        raise _Mismatch
    if wanted is None and pediatric and _serves_children(rule, patient, established, alike):
        return
    if wanted is None and pediatric and rule.kind in (DoseKind.MAXIMUM, DoseKind.ROUND) and rule.amount is None:
        return  # "The maximum total daily dosage is 17.5 mL", stated for no population: it caps a child's dose too
        # (and "Round all total daily doses to nearest 25 mg" rounds it)
    if wanted in (None, DosePopulation.ADULT) and pediatric and _dosed_as_adults(patient, established) is None:
        raise _Mismatch


CHILDREN_ONLY_WEIGHT_KG = 25.0  # a weight band that ends at or below this is a children's band


def _children_only_band(rule: DoseRule) -> bool:
    """ "450–600 mg/kg/day in patients weighing less than 20 kg": a band no adult's weight falls in."""
    band = rule.weight_kg
    return band is not None and band.high is not None and band.high <= CHILDREN_ONLY_WEIGHT_KG


# "Pamelor is not recommended for children." beside "Elderly and Adolescent Patients – 30 to 50 mg/day": the label's
# children are not its adolescents
_CHILDREN_ONLY = re.compile(r"\bchildren\b", re.IGNORECASE)
_ADOLESCENTS = re.compile(r"\badolescents?\b|\bteen", re.IGNORECASE)


def _spares_adolescents(rule: DoseRule, patient: PatientContext, applicable: Sequence[tuple[Any, DoseRule]]) -> bool:
    """An advice against use in "children" (no ages, no adolescents named) does not hold an adolescent when the label
    doses adolescents in a sentence of its own that holds this patient."""
    if patient.age_group is not AgeGroup.ADOLESCENT or rule.population is not DosePopulation.PEDIATRIC \
            or rule.age_years is not None or not _CHILDREN_ONLY.search(rule.sentence) \
            or _ADOLESCENTS.search(rule.sentence) or re.search(r"\bpediatric\b", rule.sentence, re.IGNORECASE):
        return False
    return any(r.amount is not None and _ADOLESCENTS.search(r.sentence) for _, r in applicable)


def _in_established_ages(patient: PatientContext, established: Sequence[DoseRule]) -> bool | None:
    """Whether the child's age is inside the ages for which the label establishes pediatric use ("established in
    pediatric patients aged 10 years and older"; a statement without ages, or an age not given, holds); False for a
    child younger than the label says pediatric use is not established; None when the label states no such thing."""
    ages = [e.age_years for e in established
            if e.kind is DoseKind.ESTABLISHED and e.population is DosePopulation.PEDIATRIC]
    below = [e.age_years for e in established if e.kind is DoseKind.NOT_ESTABLISHED and e.age_years is not None]
    if patient.age_years is not None and any(b.contains(patient.age_years) for b in below) \
            and not any(a is not None and a.contains(patient.age_years) for a in ages):
        return False  # "… in pediatric patients < 8 years … have not been established": not this 6-month-old's
    if not ages:
        return None
    return any(bounds is None or patient.age_years is None or bounds.contains(patient.age_years) for bounds in ages)


def _serves_children(rule: DoseRule, patient: PatientContext, established: Sequence[DoseRule],
                     alike: bool = False) -> bool:
    """A weight- or surface-scaled dose stated for no population serves a child too when the label states that
    safety and effectiveness are established in pediatric patients of the child's age (``DoseKind.ESTABLISHED``):
    the label then doses children by the same mg/kg. So does a fixed dose the statement names by its amount ("… of
    SPIRIVA RESPIMAT 2.5 mcg have been established in pediatric patients aged 6 to 17"), and a fixed dose of a
    body-surface band ("0.81 to 1.16 m² | 250 mg twice daily"), which is the label's own rounding of its mg/m² dose.
    So does the fixed dose of a label that doses every age alike (``_doses_every_age_alike``: nusinersen's "12 mg
    per administration", established from newborn to 17 years). Any other fixed dose never does. A scaled dose whose
    own sentence says it is the same for children and adults ("Dosing on a weight basis is the same for both
    pediatric patients and adults, approximately 60 mcg/kg …") serves a child without more."""
    if rule.amount is not None and rule.amount.scale is DoseScale.FIXED and rule.bsa_m2 is None:
        return any((alike and e.kind is DoseKind.ESTABLISHED and e.population is DosePopulation.PEDIATRIC
                    or _names_this_dose(e, rule)) and patient.age_years is not None
                   and (e.age_years is None or e.age_years.contains(patient.age_years)) for e in established)
    if rule.amount is None or (rule.amount.scale not in (DoseScale.PER_KG, DoseScale.PER_M2)
                               and rule.bsa_m2 is None):
        return False
    if rule.amount.scale is not DoseScale.FIXED and CHILDREN_AND_ADULTS.search(rule.sentence):
        return True
    return any(e.kind is DoseKind.ESTABLISHED and e.population is DosePopulation.PEDIATRIC
               and patient.age_years is not None and (e.age_years is None or e.age_years.contains(patient.age_years))
               for e in established)


def _doses_every_age_alike(texts: Sequence[LabelDosage], rules: Sequence[DoseRule],
                           established: Sequence[DoseRule]) -> bool:
    """A label whose doses are all fixed amounts for no population, age, weight or surface, and whose dosing text
    says nothing of children or body weight but in its established-use statement: its one dosing serves every age
    that statement establishes. A label that doses children otherwise (a weight table, a per-kg dose, a pediatric
    paragraph this tool may not read) says so in its dosing text, and is not read so."""
    doses = [r for r in rules if r.amount is not None]
    if not doses or not any(e.kind is DoseKind.ESTABLISHED for e in established) or any(
            r.population is not None or r.age_years is not None or r.weight_kg is not None or r.bsa_m2 is not None
            or r.amount.scale is not DoseScale.FIXED for r in doses):
        return False
    said = {e.sentence for e in established}
    return not any((dose_patterns.PEDIATRIC.search(s.text) or re.search(r"\d\s*kg\b|\bweigh", s.text, re.IGNORECASE))
                   and s.text not in said for text in texts for s in sentences(text.text))


def _names_this_dose(established: DoseRule, rule: DoseRule) -> bool:
    """An established-use statement that names the very amount of a fixed dose ("The safety and efficacy of SPIRIVA
    RESPIMAT 2.5 mcg have been established in pediatric patients aged 6 to 17 years" beside "2 inhalations … 1.25 mcg
    per actuation … total dose equals 2.5 mcg"): that dose serves those children, the label's 5 mcg does not."""
    stated, dose = established.amount, rule.amount
    return (established.kind is DoseKind.ESTABLISHED and established.population is DosePopulation.PEDIATRIC
            and stated is not None and dose is not None and dose.high is None and stated.high is None
            and stated.unit == dose.unit and math.isclose(stated.low, dose.low))


def _dosed_as_adults(patient: PatientContext, established: Sequence[DoseRule]) -> DoseRule | None:
    """The rule by which the label says children of the patient's age (and weight, where it states one) take the
    adult dose (``DoseKind.AS_ADULTS``): "the recommended dose in pediatric patients 12 years or greater is the same
    as in adults"; None when there is none. An age or weight the patient does not give cannot be told."""
    def holds(bounds: NumericRange | None, value: float | None) -> bool:
        return bounds is None or (value is not None and bounds.contains(value))
    return next((e for e in established if e.kind is DoseKind.AS_ADULTS and holds(e.age_years, patient.age_years)
                 and holds(e.weight_kg, patient.weight_kg)), None)


def _group_span(patient: PatientContext) -> tuple[float, float] | None:
    return GROUP_YEARS.get(patient.age_group) if patient.age_group is not None else None


def _check_range(bounds: NumericRange, value: float | None, span: tuple[float, float] | None, what: str,
                 unit: str) -> None:
    if value is not None:
        if not bounds.contains(value):
            raise _Mismatch
        return
    if span is not None:
        low, high = span
        inside = bounds.contains(low) and bounds.contains(max(low, high - 1e-6))
        outside = (bounds.high is not None and low > bounds.high) or (bounds.low is not None and high <= bounds.low)
        if inside:
            return
        if outside:
            raise _Mismatch
    raise _Missing(f"the label's dose is for {what} {_range_text(bounds, unit)}; the patient's {what} is not given")


def _renal_cautions(rules: list[DoseRule], patient: PatientContext) -> tuple[str, ...]:
    if patient.renal_function is not None:
        return ()
    renal = [r for r in rules if r.renal is not None]
    if not renal:
        return ()
    shown = "; ".join(dict.fromkeys(f"{r.renal_measure or 'CrCl'} {_range_text(r.renal, 'mL/min')}" for r in renal
                                    if r.renal))
    return (f"not adjusted for renal function (not given): the label adjusts or limits the dose when {shown}",)


def _no_rule_reason(rules: list[DoseRule], patient: PatientContext) -> str:
    if not any(rule.amount is not None for rule in rules):
        return UNREAD  # only limits, reductions or advice: no dose for anyone, not none for this patient's group
    other = [r.indication for r in rules if r.amount is not None and r.indication and patient.sex is not None
             and indication_match.other_sex_indication(r.indication, patient.sex)]
    if other:
        return (f"the label's doses for {'; '.join(dict.fromkeys(other))} are not for a {patient.sex.value} "
                f"patient; read the text")
    who = patient.age_group.value if patient.age_group else "this patient"
    populations = sorted({r.population.value for r in rules if r.population and r.kind not in _SAYS_WHO})
    stated = f" (its rules are for: {', '.join(populations)})" if populations else ""
    return f"the label states no dose for {who}{stated}; read the text"


# One rule ------------------------------------------------------------------------------------------------------
def _computed(label: LabelDosage, rule: DoseRule, limits: Iterable[DoseRule], patient: PatientContext,
              cautions: tuple[str, ...], reduction: DoseRule | None = None,
              as_adults: DoseRule | None = None, rounding: DoseRule | None = None,
              body: LabelBody = LabelBody()) -> ComputedDose:
    amount = rule.amount
    assert amount is not None
    factor, factor_text, steps = _scale_factor(amount.scale, patient, body, rule.sentence)
    low, high = amount.low * factor, (amount.high if amount.high is not None else amount.low) * factor
    unit = amount.unit
    stated = _quantity_text(amount, rule.basis)
    arithmetic = f"{stated} × {factor_text} = " if factor_text else ""
    if reduction is not None and reduction.reduction_percent is not None:
        share = 1 - reduction.reduction_percent / 100
        base = f"{stated} × {factor_text}" if factor_text else stated
        arithmetic = (f"{base} × {_number(share)} ({_number(reduction.reduction_percent)} % less for "
                      f"{_condition_text(reduction)}) = ")
        low, high = low * share, high * share
        steps = [*steps, f"reduced as the label states: \"{reduction.sentence.strip()}\""]
    less_often = ""
    if reduction is not None and reduction.reduction_percent is None:
        rule, less_often = _given_less_often(rule, reduction)
        steps = [*steps, f"given less often as the label states: \"{reduction.sentence.strip()}\""]
    n = _doses_per_day(rule)
    if rule.basis is DoseBasis.PER_DAY:
        day = (low, high)
        dose = (low / n, high / n) if n else None
    else:
        dose = (low, high)
        day = (low * n, high * n) if n and n >= 1 else None
    unrounded = None
    if rounding is not None and rounding.rounding is not None and rounding.rounding.unit == unit \
            and (amount.scale is not DoseScale.FIXED or reduction is not None):  # a computed amount, not the label's
        unrounded = _summary(arithmetic, dose, day, unit, rule, n)
        dose, day = _rounded(dose, day, n, rounding)
        steps = [*steps, f"rounded as the label states: \"{rounding.sentence.strip()}\""]
    caps = _caps(rule, limits, patient, unit)
    for key, value in (("day", day[1] if day else None), ("dose", dose[1] if dose else None)):
        if value is not None and key in caps and value > OVER_MAXIMUM * caps[key][0]:  # no cap hides a misreading
            raise _Missing(f"the number read for this patient ({format_amount(value, unit)} per {key}) is more than "
                           f"{_number(OVER_MAXIMUM)} times the maximum the label states ({caps[key][1]}): the "
                           f"sentence is misread; read the text")
    capped_dose, capped_day, capped = _apply_caps(dose, day, caps, n)
    fewer = _fewer_doses(dose, capped_dose, capped_day, unit)
    text = _summary(arithmetic, dose, day, unit, rule, n) + less_often
    if unrounded is not None and rounding is not None and rounding.rounding is not None:
        each = "a day" if rounding.basis is DoseBasis.PER_DAY else "a dose"
        text = (f"{unrounded}; rounded to the nearest {format_amount(rounding.rounding.low, unit)} {each} as the "
                f"label states: {_regimen(dose, day, unit, rule, n)}")
    if fewer is not None:  # "2 capsules every 4 hours" under "no more than 10 capsules in 24 hours": fewer doses,
        capped_dose, n = dose, fewer  # not a fraction of a capsule each
        text += (f"; capped by the label's maximum to {_span(capped_day, unit)}/day: at most {_number(fewer)} doses "
                 f"of {_span(dose, unit)} a day")
    elif capped:
        text += f"; capped by the label's maximum to {_regimen(capped_dose, capped_day, unit, rule, n)}"
    limits_text = [f"max {shown}" for _, shown, _ in caps.values()]
    extras = [part for part in (f"each {unit}: {rule.per_unit}" if rule.per_unit else None, rule.route,
                                f"for {rule.duration}" if rule.duration else None) if part]
    text = "; ".join([text, *limits_text, *extras])
    dose, day = capped_dose, capped_day
    notes = [*cautions, *_limit_sources(rule, caps)]
    child = patient.age_group is not None and patient.age_group.pediatric
    if child and as_adults is not None and rule.population in (None, DosePopulation.ADULT) \
            and rule.age_years is None and rule.weight_kg is None:
        notes.append(f"an adult dose, applied to a child because the label says: \"{as_adults.sentence.strip()}\"")
    elif child and rule.population is None and rule.age_years is None and rule.weight_kg is None:
        notes.append("the label states this dose for no population; it is applied to a child because the label "
                     "states that safety and effectiveness are established in pediatric patients of this age")
    if patient.age_group is None:
        notes.append("the patient's age is not given: the label's default (adult) dosing is shown")
    if is_count(unit) and not rule.per_unit:
        notes.append(f"a dose in {unit}s: the label's sentence does not say what one {unit} contains; check the "
                     f"product's strength on the label")
    return ComputedDose(
        status=DoseStatus.COMPUTED, summary=text, rule_id=rule.id, kind=rule.kind, indication=rule.indication,
        unit=unit, per_dose_low=_round(dose[0]) if dose else None, per_dose_high=_round(dose[1]) if dose else None,
        per_day_low=_round(day[0]) if day else None, per_day_high=_round(day[1]) if day else None,
        doses_per_day=n, per_unit=rule.per_unit, capped=capped, cautions=tuple(steps + notes),
        citation=_citation(label, rule),
    )


def _rounding(rules: list[DoseRule]) -> tuple[DoseRule | None, tuple[str, ...]]:
    """The label's one rounding step for this patient ("Round all total daily doses to nearest 25 mg increment"); none,
    with a caution quoting them, where it states several (one per indication: which holds is not told)."""
    steps = {(r.rounding.low, r.rounding.unit, r.basis) for r in rules if r.rounding is not None}
    if len(steps) == 1:
        return rules[0], ()
    if not steps:
        return None, ()
    said = "; ".join(dict.fromkeys(f"\"{r.sentence.strip()[:160]}\"" for r in rules))
    return None, (f"not rounded: the label rounds doses in more than one way ({said}); round as it says for the "
                  f"indication",)


def _rounded(dose: Any, day: Any, n: float | None, rounding: DoseRule) -> tuple[Any, Any]:
    """Dose and day rounded to the rule's step, per day (each dose the day's share) or per dose (the day n doses)."""
    assert rounding.rounding is not None
    step = rounding.rounding.low

    def nearest(value: float) -> float:
        return max(step, math.ceil(value / step - 0.5) * step)  # a tie goes down: never above the label's amount

    if rounding.basis is DoseBasis.PER_DAY and day is not None:
        day = (nearest(day[0]), nearest(day[1]))
        return ((day[0] / n, day[1] / n) if n else dose), day
    if dose is not None:
        dose = (nearest(dose[0]), nearest(dose[1]))
        return dose, ((dose[0] * n, dose[1] * n) if n and n >= 1 else day)
    return dose, day


def _scale_factor(scale: DoseScale, patient: PatientContext, body: LabelBody = LabelBody(),
                  sentence: str = "") -> tuple[float, str | None, list[str]]:
    if scale is DoseScale.FIXED:
        return 1.0, None, []
    if patient.weight_kg is None:
        raise _Missing("the dose is stated per kg (or per m²) of body weight; the patient's weight is not given")
    try:
        if scale is DoseScale.PER_KG:
            return body_size.dosing_weight(sentence, patient, body)
        return body_size.dosing_surface(patient, body)
    except body_size.BodySizeMissing as missing:
        raise _Missing(str(missing)) from None


def _given_less_often(rule: DoseRule, reduction: DoseRule) -> tuple[DoseRule, str]:
    """The dose given as often as a frequency reduction says ("reduce the dosing frequency to once daily"), and
    the note saying so; a dose whose number a day is not more than that, or not stated per dose, cannot be."""
    wanted = reduction.doses_per_day
    if wanted is None or rule.basis is not DoseBasis.PER_DOSE or not rule.doses_per_day \
            or rule.doses_per_day <= wanted:
        raise _Missing(f"the label gives this dose less often for {_condition_text(reduction)} in a way this dose "
                       "cannot be worked out by; read the text")
    def said(times: float) -> str:
        return {1.0: "once daily", 2.0: "twice daily"}.get(times, f"{_number(times)} times a day")
    return (rule.model_copy(update={"doses_per_day": wanted, "interval_hours": None, "frequency": said(wanted)}),
            f" (instead of {said(rule.doses_per_day)}, for {_condition_text(reduction)})")


def _doses_per_day(rule: DoseRule) -> float | None:
    return rule.doses_per_day


def _caps(rule: DoseRule, limits: Iterable[DoseRule], patient: PatientContext,
          unit: str) -> dict[str, tuple[float, str, DoseRule]]:
    """The stated maximum per dose and per day (value in the dose's unit, how the label says it, and the rule whose
    sentence states it): the tightest of
    the rule's own and those stated under its indication; of the maxima stated for no indication, the loosest when
    they disagree ("Maximum recommended dosage is 3 mg" for one indication's bullet and "6 mg daily" for another's,
    neither saying which: the 3 mg does not cap the other indication's 6 mg), and none where the rule's indication
    states its own (schizophrenia's "The maximum recommended dosage is 6 mg daily" is not capped by a highlights
    line whose "Bipolar Depression: Maximum … 3 mg" is read for no indication)."""
    specific = [rule, *[r for r in limits if r.indication is not None and rule.indication in (None, r.indication)]]
    general = [r for r in limits if r.indication is None]
    caps = _limits(specific, patient, unit, tightest=True)
    for key, loosest in _limits(general, patient, unit, tightest=False).items():
        if key in caps and rule.indication is not None:
            continue
        if key not in caps or loosest[0] < caps[key][0]:
            caps[key] = loosest
    return caps


def _limits(sources: Iterable[DoseRule], patient: PatientContext, unit: str,
            tightest: bool) -> dict[str, tuple[float, str, DoseRule]]:
    found: dict[str, tuple[float, str, DoseRule]] = {}
    for source in sources:
        for key, quantity in (("dose", source.max_per_dose), ("day", source.max_per_day)):
            value = _limit_value(quantity, patient, unit) if quantity is not None else None
            if value is None:
                continue
            if key not in found or (value < found[key][0] if tightest else value > found[key][0]):
                found[key] = (value, _quantity_text(quantity, DoseBasis.PER_DAY if key == "day" else None,
                                                    per_dose=key == "dose"), source)
    return found


def _limit_sources(rule: DoseRule, caps: dict[str, tuple[float, str, DoseRule]]) -> list[str]:
    """Where each maximum shown beside a dose is stated, when the dose's own sentence does not state it: another
    sentence of the label, quoted, or the sentence before it, whose regimen this one continues ("… up to a maximum of
    300 mg daily. Maintenance dosage is 4 mg/kg/day to 8 mg/kg/day.")."""
    notes = []
    for _, shown, source in caps.values():
        if source is not rule:
            notes.append(f"max {shown} as the label states: \"{source.sentence.strip()}\"")
            continue
        own = rule.sentence.replace(",", "")
        if not any(_number(q.low) in own for q in (rule.max_per_day, rule.max_per_dose) if q is not None):
            notes.append(f"max {shown}: stated in the label's sentence before the quoted one, whose regimen it "
                         f"continues")
    return notes


def _limit_value(quantity: DoseQuantity, patient: PatientContext, unit: str) -> float | None:
    value = convert(quantity.low, quantity.unit, unit)
    if value is None:
        return None
    if quantity.scale is DoseScale.FIXED:
        return value
    try:
        factor, _, _ = _scale_factor(quantity.scale, patient)
    except _Missing:
        return None
    return value * factor


def _apply_caps(dose: tuple[float, float] | None, day: tuple[float, float] | None,
                caps: dict[str, tuple[float, str, DoseRule]], n: float | None) -> tuple[Any, Any, bool]:
    capped = False
    if dose and "dose" in caps and dose[1] > caps["dose"][0]:
        limit = caps["dose"][0]
        dose, capped = (min(dose[0], limit), limit), True
        if n and n >= 1:
            day = (dose[0] * n, dose[1] * n)
    if day and "day" in caps and day[1] > caps["day"][0]:
        limit = caps["day"][0]
        day, capped = (min(day[0], limit), limit), True
        if n and n >= 1 and dose:
            dose = (min(dose[0], day[0] / n), min(dose[1], day[1] / n))
    return dose, day, capped


def _fewer_doses(dose: Any, capped_dose: Any, capped_day: Any, unit: str) -> float | None:
    """How many whole doses a day fit the label's daily maximum, where that maximum would otherwise cut each dose of
    counted units (tablets, capsules) to a fraction of one: None when it does not."""
    if not (dose and capped_dose and capped_day and is_count(unit)) or capped_dose[1] >= dose[1] \
            or float(capped_dose[1]).is_integer() or dose[0] != dose[1]:
        return None
    return float(int(capped_day[1] // dose[1])) or None


def _summary(arithmetic: str, dose: Any, day: Any, unit: str, rule: DoseRule, n: float | None) -> str:
    """ "25 mg/kg/day × 14 kg = 350 mg/day, in 2 doses of 175 mg every 12 h" (the label's amount × the patient's)."""
    return arithmetic + _regimen(dose, day, unit, rule, n)


def _regimen(dose: Any, day: Any, unit: str, rule: DoseRule, n: float | None) -> str:
    every = _every(rule, n)
    if rule.basis is DoseBasis.PER_DAY and day:
        text = f"{_span(day, unit)}/day"
        if dose and n:
            return text + f", in {_number(n)} doses of {_span(dose, unit)}{every}"
        return text + (", in divided doses (number not stated)" if rule.divided else "")
    if rule.kind is DoseKind.STARTING and not every and not n:
        return f"{_span(dose, unit)} once, as a starting (loading) dose"  # "a single 300 mg oral loading dose"
    text = f"{_span(dose, unit)} per dose{every}"
    return text + (f" = {_span(day, unit)}/day" if day and n and n > 1 else "")


def _every(rule: DoseRule, n: float | None) -> str:
    said = rule.frequency.lower() if rule.frequency else None  # a table header's "Once Daily" as text says it
    if said and re.match(r"(?:into|in)\b.*\bdoses$", said):
        return ""  # "into two doses": "in 2 doses of …" says it already
    if said and not said.startswith("every"):
        return f" {said}"
    if rule.interval_hours:
        return f" every {_number(rule.interval_hours)} h"
    return f" {said}" if said else ""


def _span(values: tuple[float, float], unit: str) -> str:
    low, high = values
    if abs(high - low) < 1e-9:
        return format_amount(low, unit)
    return f"{format_amount(low, unit).split()[0]}–{format_amount(high, unit)}"


def _quantity_text(quantity: DoseQuantity, basis: DoseBasis | None, per_dose: bool = False) -> str:
    value = _number(quantity.low) + (f"–{_number(quantity.high)}" if quantity.high is not None else "")
    scale = {DoseScale.FIXED: "", DoseScale.PER_KG: "/kg", DoseScale.PER_M2: "/m²"}[quantity.scale]
    suffix = "/day" if basis is DoseBasis.PER_DAY else ("/dose" if per_dose else "")
    unit = unit_for(max(quantity.low, quantity.high or 0), quantity.unit)  # "2 tablets/dose"
    return f"{value} {unit}{scale}{suffix}"


def _range_text(bounds: NumericRange, unit: str) -> str:
    if bounds.low is not None and bounds.high is not None:
        return f"{_number(bounds.low)}–{_number(bounds.high)} {unit}"
    if bounds.high is not None:
        return f"{'≤' if bounds.high_inclusive else '<'} {_number(bounds.high)} {unit}"
    if bounds.low is not None:
        return f"{'≥' if bounds.low_inclusive else '>'} {_number(bounds.low)} {unit}"
    return "any"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _round(value: float) -> float:
    return round(value, 3)


def _citation(label: LabelDosage, rule: DoseRule | None) -> DoseCitation:
    header = table_header(label.text) if rule is not None else None  # None for running text
    return DoseCitation(
        document_id=label.document_id, dosage_text_id=label.text_id, title=label.title, set_id=label.set_id,
        version=label.version, published=label.published, url=label.url,
        sentence=rule.sentence if rule else None, start=rule.start if rule else None, end=rule.end if rule else None,
        table_header=header or None,
    )


def _quoted(label: LabelDosage, sentence: str) -> DoseCitation:
    """The citation of a sentence of the label's text that no rule holds, with its offsets so the page can mark it."""
    start = label.text.find(sentence)
    return _citation(label, None).model_copy(update={
        "sentence": sentence, "start": start if start >= 0 else None,
        "end": start + len(sentence) if start >= 0 else None})


def _refusal(label: LabelDosage, rule: DoseRule | None, reason: str) -> ComputedDose:
    return ComputedDose(status=DoseStatus.REFUSED, summary=f"No dose computed: {reason}.",
                        rule_id=rule.id if rule else None, kind=rule.kind if rule else None,
                        citation=_citation(label, rule))


def _condition_text(rule: DoseRule) -> str:
    if rule.renal:
        return f"{rule.renal_measure or 'CrCl'} {_range_text(rule.renal, 'mL/min')}"
    if rule.hepatic:
        return f"{'/'.join(rule.hepatic)} hepatic impairment"
    ages = f" aged {_range_text(rule.age_years, 'years')}" if rule.age_years else ""
    return f"{(rule.population.value if rule.population else 'these')} patients{ages}"


# "The recommended dosage has not been established for patients with severe renal impairment": no dose, said as such
NO_DOSE_ESTABLISHED = re.compile(dose_patterns.NO_DOSE_ESTABLISHED, re.IGNORECASE)


def _not_recommended(label: LabelDosage, rule: DoseRule) -> ComputedDose:
    condition = _condition_text(rule)
    said = f"The label states no established dose for {condition} (see its sentence)." \
        if NO_DOSE_ESTABLISHED.search(rule.sentence) and not re.search(r"\bnot\s+recommended\b|\bcontraindicated\b",
                                                                      rule.sentence, re.IGNORECASE) \
        else f"The label advises against use for {condition} (see its sentence)."
    return ComputedDose(status=DoseStatus.NOT_RECOMMENDED, rule_id=rule.id, kind=rule.kind, summary=said,
                        citation=_citation(label, rule))
