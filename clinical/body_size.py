"""The body measures a dose is worked out with: body surface area (Mosteller, capped where the label caps it) and the
weight a label doses per kg of when it is not the actual weight (ideal body weight by the label's own formula,
"whichever is lower", adjusted ideal body weight). Pure functions over the patient and the label's dosing text; the
calculator (``clinical.dosing``) multiplies by what they return and shows their steps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from clinical.patient import PatientContext, Sex
from nlp.dose_patterns import BSA_CAP, NUMBER, OTHER_BODY_WEIGHT
from nlp.dose_rules import sentences
from nlp.dose_units import format_amount

_FROZEN = ConfigDict(frozen=True)
_DASH = r"\s*[-–−]\s*"
_TIMES = r"\s*[×xX*]\s*"
# "Men: | IBW (kg)=50+0.91× (height in cm -152)" (busulfan) and "Female IBW (kg) = 0.9*height(cm) – 92" (ELAHERE)
IDEAL_WEIGHT_FORMULA = re.compile(
    rf"\b(?P<sex>Men|Women|Males?|Females?)\b\W{{0,8}}\bIBW\s*\(\s*kg\s*\)\s*=\s*(?:"
    rf"(?P<intercept>{NUMBER})\s*\+\s*(?P<slope>{NUMBER}){_TIMES}\(\s*height\s*(?:in\s+cm|\(\s*cm\s*\))?{_DASH}"
    rf"(?P<offset>{NUMBER})\s*\)|"
    rf"(?P<slope2>{NUMBER}){_TIMES}height\s*(?:in\s+cm|\(\s*cm\s*\))?{_DASH}(?P<minus>{NUMBER}))", re.IGNORECASE)
# "AIBW = Ideal Body Weight (IBW [kg]) + 0.4*(Actual weight [kg] – IBW)"
ADJUSTED_SHARE = re.compile(rf"\bAIBW\s*=\s*[^=+]{{0,40}}\+\s*(?P<share>{NUMBER}){_TIMES}\(\s*Actual", re.IGNORECASE)
WHICHEVER_LOWER = re.compile(r"\bideal\s+body\s*weight\s+or\s+actual\s+body\s*weight,?\s+whichever\s+is\s+lower\b|"
                             r"\bactual\s+body\s*weight\s+or\s+ideal\s+body\s*weight,?\s+whichever\s+is\s+lower\b",
                             re.IGNORECASE)
ADJUSTED_IDEAL = re.compile(r"\badjusted\s+ideal\s+body\s*weight\b|\bAIBW\b", re.IGNORECASE)


class SurfaceCap(BaseModel):
    """The label's cap on the body surface area a per-m² dose is worked out with ("doses for patients with BSA
    greater than 2.2 m² should be calculated based on 2.2 m²"), and its sentence."""

    model_config = _FROZEN

    m2: float = Field(gt=0)
    sentence: str


class IdealWeightFormula(BaseModel):
    """A label's ideal body weight for one sex: ``intercept + slope × (height_cm − offset)`` kg, as it writes it."""

    model_config = _FROZEN

    sex: Sex
    intercept: float
    slope: float = Field(gt=0)
    offset: float = 0.0
    text: str

    def weight(self, height_cm: float) -> float:
        return self.intercept + self.slope * (height_cm - self.offset)


class LabelBody(BaseModel):
    """What one label says about the body measures its doses use."""

    model_config = _FROZEN

    cap: SurfaceCap | None = None
    formulas: tuple[IdealWeightFormula, ...] = ()
    adjusted_share: float | None = Field(default=None, gt=0, lt=1)
    adjusted_text: str | None = None


class BodySizeMissing(ValueError):
    """The weight or surface a dose needs cannot be worked out (a value not given, a formula the label does not
    state); the message says which."""


def label_body(texts: Sequence[str]) -> LabelBody:
    """The surface cap, ideal-weight formulas and adjusted-weight share a label's dosing texts state (a cap only
    where they state one)."""
    caps: dict[float, str] = {}
    formulas: dict[Sex, IdealWeightFormula] = {}
    share = None
    for text in texts:
        for match in BSA_CAP.finditer(text):
            caps.setdefault(float(match.group("cap") or match.group("limit")), _sentence_at(text, match.start()))
        for match in IDEAL_WEIGHT_FORMULA.finditer(text):
            formula = _formula(match)
            if formula is not None:
                formulas.setdefault(formula.sex, formula)
        if share is None and (found := ADJUSTED_SHARE.search(text)) is not None \
                and 0 < float(found.group("share")) < 1:  # a share outside (0, 1) is misread: no adjusted weight
            share = (float(found.group("share")), _sentence_at(text, found.start()))
    cap = SurfaceCap(m2=next(iter(caps)), sentence=next(iter(caps.values()))) if len(caps) == 1 else None
    return LabelBody(cap=cap, formulas=tuple(formulas.values()), adjusted_share=share[0] if share else None,
                     adjusted_text=share[1] if share else None)


def surface(patient: PatientContext) -> float | None:
    """Body surface area (Mosteller), shown and used with 2 decimals (3 below 1 m², where a child's 0.005 m² is
    more than half a per cent of the dose); None without height and weight."""
    if patient.height_cm is None or patient.weight_kg is None:
        return None
    bsa = math.sqrt(patient.height_cm * patient.weight_kg / 3600)
    return round(bsa, 2 if bsa >= 1 else 3)


def surface_text(bsa: float) -> str:
    return f"{bsa:.2f} m²" if bsa >= 1 else f"{bsa:.3f} m²"


def dosing_surface(patient: PatientContext, body: LabelBody) -> tuple[float, str, list[str]]:
    """The surface a per-m² dose is multiplied by, how it is shown, and the steps that give it."""
    bsa = surface(patient)
    if bsa is None:
        raise BodySizeMissing("the dose is stated per m² of body surface area; the patient's height is not given")
    shown = surface_text(bsa)
    steps = [f"body surface area (Mosteller) = √({format_amount(patient.height_cm, 'cm')} × "
             f"{format_amount(patient.weight_kg, 'kg')} / 3600) = {shown}"]
    if body.cap is not None and bsa > body.cap.m2:
        bsa, shown = body.cap.m2, surface_text(body.cap.m2)
        steps.append(f"worked out with {shown}, as the label states: \"{body.cap.sentence}\"")
    return bsa, shown, steps


def dosing_weight(sentence: str, patient: PatientContext, body: LabelBody) -> tuple[float, str, list[str]]:
    """The weight a per-kg dose is multiplied by: the actual weight, or the one the sentence names by the label's
    own formula ("ideal body weight or actual body weight, whichever is lower"; "adjusted ideal body weight"),
    with the steps that give it."""
    if patient.weight_kg is None:
        raise BodySizeMissing("the dose is stated per kg (or per m²) of body weight; the patient's weight is not given")
    actual = patient.weight_kg
    other = OTHER_BODY_WEIGHT.search(sentence)
    if other is None:
        return actual, format_amount(actual, "kg"), []
    lower, adjusted = WHICHEVER_LOWER.search(sentence), ADJUSTED_IDEAL.search(sentence)
    if not lower and not (adjusted and body.adjusted_share is not None):
        raise BodySizeMissing(f"the label doses per kg of {other.group(0)}, by its own formula, not of the actual body "
                              f"weight this tool multiplies by; work the weight out as the label states")
    ideal, steps = _ideal_weight(patient, body, other.group(0))
    if lower:
        weight = min(ideal, actual)
        steps.append(f"the lower of ideal ({format_amount(ideal, 'kg')}) and actual ({format_amount(actual, 'kg')}) body weight, "
                     f"as the label states: {format_amount(weight, 'kg')}")
        return weight, f"{format_amount(weight, 'kg')} ({'ideal' if ideal < actual else 'actual'} body weight)", steps
    assert body.adjusted_share is not None
    weight = round(ideal + body.adjusted_share * (actual - ideal), 1)
    steps.append(f"adjusted ideal body weight = {format_amount(ideal, 'kg')} + {body.adjusted_share:g} × "
                 f"({format_amount(actual, 'kg')} − {format_amount(ideal, 'kg')}) = {format_amount(weight, 'kg')}, as the label states: "
                 f"\"{body.adjusted_text}\"")
    return weight, f"{format_amount(weight, 'kg')} (adjusted ideal body weight)", steps


def _ideal_weight(patient: PatientContext, body: LabelBody, named: str) -> tuple[float, list[str]]:
    if patient.sex is None or patient.height_cm is None:
        raise BodySizeMissing(f"the label doses per kg of {named}, which its formula works out from sex and height; "
                              f"the patient's {'sex' if patient.sex is None else 'height'} is not given")
    formula = next((f for f in body.formulas if f.sex is patient.sex), None)
    if formula is None:
        raise BodySizeMissing(f"the label doses per kg of {named} and states no formula for a {patient.sex.value} "
                              f"patient's ideal body weight; work the weight out as the label states")
    ideal = round(formula.weight(patient.height_cm), 1)
    return ideal, [f"ideal body weight by the label's formula \"{formula.text}\" with {format_amount(patient.height_cm, 'cm')}: "
                   f"{format_amount(ideal, 'kg')}"]


def _formula(match: re.Match[str]) -> IdealWeightFormula | None:
    """The formula a match states; None where its numbers make no formula (a slope of 0: misread)."""
    sex = Sex.MALE if match.group("sex").lower().startswith(("men", "male")) else Sex.FEMALE
    text = re.sub(r"\s+", " ", match.group(0)).strip()
    if match.group("slope2"):
        intercept, slope, offset = -float(match.group("minus")), float(match.group("slope2")), 0.0
    else:
        intercept, slope = float(match.group("intercept")), float(match.group("slope"))
        offset = float(match.group("offset"))
    if slope <= 0:
        return None
    return IdealWeightFormula(sex=sex, intercept=intercept, slope=slope, offset=offset, text=text)


def _sentence_at(text: str, at: int) -> str:
    return next((s.text for s in sentences(text) if s.start <= at < s.end), text[at:at + 200]).strip()
