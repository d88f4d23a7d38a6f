"""The patient a clinician asks about: one typed context shared by treatment ranking, dosing and note analysis.

Accepted by the API (``patient`` on ``/api/v1/query``), the CLI (``--patient patient.json`` or flags), the page's
patient panel, parsed from question text, or taken from a note analysis. Never stored or logged.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class AgeGroup(str, Enum):
    NEONATE = "neonate"          # < 28 days
    INFANT = "infant"            # < 2 years
    CHILD = "child"              # 2–11 years
    ADOLESCENT = "adolescent"    # 12–17 years
    ADULT = "adult"              # 18–64 years
    GERIATRIC = "geriatric"      # ≥ 65 years

    @classmethod
    def for_age(cls, years: float) -> "AgeGroup":
        if years < 28 / 365:
            return cls.NEONATE
        if years < 2:
            return cls.INFANT
        if years < 12:
            return cls.CHILD
        if years < 18:
            return cls.ADOLESCENT
        if years < 65:
            return cls.ADULT
        return cls.GERIATRIC

    @property
    def pediatric(self) -> bool:
        return self in {AgeGroup.NEONATE, AgeGroup.INFANT, AgeGroup.CHILD, AgeGroup.ADOLESCENT}


class Sex(str, Enum):
    FEMALE = "female"
    MALE = "male"


class HepaticImpairment(str, Enum):
    """Child-Pugh class, as labels state hepatic dosing."""

    NONE = "none"
    MILD = "mild"          # Child-Pugh A
    MODERATE = "moderate"  # Child-Pugh B
    SEVERE = "severe"      # Child-Pugh C


class PatientContext(BaseModel):
    """What is known about one patient; every field optional. Free-text entries are linked to graph ids later."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    age_years: float | None = Field(default=None, ge=0, le=130)
    age_group: AgeGroup | None = Field(default=None, description="derived from age_years when that is given")
    sex: Sex | None = None
    pregnant: bool | None = None
    lactating: bool | None = None
    weight_kg: float | None = Field(default=None, gt=0, le=500)
    height_cm: float | None = Field(default=None, gt=0, le=260)
    egfr: float | None = Field(default=None, ge=0, le=200, description="mL/min/1.73 m²")
    creatinine_clearance: float | None = Field(default=None, ge=0, le=250, description="CrCl, mL/min")
    serum_creatinine: float | None = Field(default=None, gt=0, le=30, description="mg/dL; with age, weight and sex "
                                           "it gives an estimated CrCl (Cockcroft–Gault) when no CrCl is given")
    hepatic_impairment: HepaticImpairment | None = None
    conditions: tuple[str, ...] = Field(default=(), max_length=50, description="names or graph ids")
    medications: tuple[str, ...] = Field(default=(), max_length=50, description="current medications, names or ids")
    allergies: tuple[str, ...] = Field(default=(), max_length=50, description="drug or class names, or ids")

    @model_validator(mode="after")
    def _derive_age_group(self) -> "PatientContext":
        if self.age_years is not None and self.age_group is None:
            object.__setattr__(self, "age_group", AgeGroup.for_age(self.age_years))
        return self

    @property
    def empty(self) -> bool:
        return not any(value not in (None, ()) for value in self.model_dump().values())

    @property
    def renal_function(self) -> float | None:
        """The renal figure labels use most, in mL/min: CrCl when given, else CrCl estimated from the serum
        creatinine (``estimated_crcl``), else eGFR."""
        if self.creatinine_clearance is not None:
            return self.creatinine_clearance
        estimate = self.estimated_crcl
        return estimate[0] if estimate is not None else self.egfr

    @property
    def estimated_crcl(self) -> tuple[float, str] | None:
        """CrCl by the Cockcroft–Gault equation, (140 − age) × weight ÷ (72 × serum creatinine), × 0.85 for a woman
        — actual body weight, as most labels that dose by CrCl say — with the arithmetic; None unless the serum
        creatinine, age, weight and sex are all known."""
        if None in (self.serum_creatinine, self.age_years, self.weight_kg, self.sex):
            return None
        female = self.sex is Sex.FEMALE
        value = (140 - self.age_years) * self.weight_kg / (72 * self.serum_creatinine) * (0.85 if female else 1.0)
        value = round(max(value, 0.0), 1)
        arithmetic = (f"CrCl ≈ {value:g} mL/min, estimated by Cockcroft–Gault from serum creatinine "
                      f"{self.serum_creatinine:g} mg/dL: (140 − {self.age_years:g}) × {self.weight_kg:g} kg ÷ "
                      f"(72 × {self.serum_creatinine:g})" + (" × 0.85 (female)" if female else ""))
        return value, arithmetic

    def merged(self, other: "PatientContext | None") -> "PatientContext":
        """This context with ``other``'s stated values filling the gaps (explicit values win over parsed ones)."""
        if other is None:
            return self
        mine = self.model_dump(exclude_none=True)
        theirs = other.model_dump(exclude_none=True)
        for key in ("conditions", "medications", "allergies"):
            mine[key] = tuple(dict.fromkeys((*mine.get(key, ()), *theirs.get(key, ()))))
        return PatientContext(**{**theirs, **mine})
