"""Dose units through pint: the one unit registry of dosing (mg, mcg/µg, g, mL, units/IU, mEq, mmol, and the
activity of a radiopharmaceutical: GBq, MBq, mCi), and the
dosage units a combination product is dosed in (tablet, capsule, packet, patch, suppository, actuation).

Amounts keep the label's unit (``DoseQuantity.unit`` is a pint unit name); comparisons and sums convert here. Each
dosage unit is a dimension of its own: a tablet is never converted to milligrams or to a capsule.
"""

from __future__ import annotations

from functools import lru_cache

import pint

_ALIASES = {"units": "units", "µg": "mcg", "μg": "mcg", "ug": "mcg", "unit": "units", "u": "units", "iu": "IU", "meq": "mEq",
            "gm": "g", "gram": "g", "grams": "g", "milligram": "mg", "milligrams": "mg",
            "microgram": "mcg", "micrograms": "mcg", "ml": "mL", "milliliter": "mL", "milliliters": "mL"}


# the dosage units a label counts (one name each; plurals and synonyms below): "one tablet", "1 actuation"
COUNT_UNITS = ("tablet", "capsule", "packet", "patch", "suppository", "actuation")
_COUNT_PLURALS = {"tablet": "tablets", "capsule": "capsules", "packet": "packets", "patch": "patches",
                  "suppository": "suppositories", "actuation": "actuations"}
_COUNT_SPELLINGS = {**{unit: unit for unit in COUNT_UNITS}, **{p: unit for unit, p in _COUNT_PLURALS.items()},
                    "caplet": "tablet", "caplets": "tablet", "sachet": "packet", "sachets": "packet",
                    "inhalation": "actuation", "inhalations": "actuation", "puff": "actuation", "puffs": "actuation"}
DOSE_DIMENSIONS = {"[mass]", "[length] ** 3", "1 / [time]", "[biologic_activity]", "[substance]", "[charge_equivalent]",
                   *(f"[{unit}]" for unit in COUNT_UNITS)}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    ureg.define("@alias microgram = mcg")
    ureg.define("international_unit = [biologic_activity] = IU = units = USP_unit")
    ureg.define("equivalent = [charge_equivalent] = Eq")
    for unit in COUNT_UNITS:
        ureg.define(f"{unit} = [{unit}]")
    return ureg


def unit_name(text: str) -> str:
    """The pint unit name for a label's spelling ("mcg", "µg" → ``mcg``; "Units" → ``units``; "Tablets" →
    ``tablet``); raises
    ``ValueError`` for a spelling pint does not know."""
    spelled = text.strip()
    if spelled.lower() in _COUNT_SPELLINGS:
        return _COUNT_SPELLINGS[spelled.lower()]
    name = _ALIASES.get(spelled.lower(), _ALIASES.get(spelled, spelled))
    if name.lower() in {"mg", "g", "mcg", "mmol"}:
        name = name.lower()
    try:
        dimensionality = registry().parse_units(name).dimensionality
    except (pint.UndefinedUnitError, AttributeError, TypeError) as error:
        raise ValueError(f"unknown dose unit {text!r}") from error
    if str(dimensionality) not in DOSE_DIMENSIONS:
        raise ValueError(f"unknown dose unit {text!r}: {dimensionality} is not an amount of drug")
    return name


def convert(value: float, unit: str, target: str) -> float | None:
    """``value`` in ``unit`` expressed in ``target``; None when the two are not the same kind (mg vs mL)."""
    ureg = registry()
    try:
        return float(ureg.Quantity(value, unit).to(target).magnitude)
    except pint.DimensionalityError:
        return None


def same_kind(unit: str, other: str) -> bool:
    return convert(1.0, unit, other) is not None


def days_for(value: float, unit: str) -> float:
    """A duration or age in days ("3 months" → 91.3): through pint's calendar units."""
    return float(registry().Quantity(value, unit).to("day").magnitude)


def years_for(value: float, unit: str) -> float:
    return float(registry().Quantity(value, unit).to("year").magnitude)


def hours_for(value: float, unit: str) -> float:
    return float(registry().Quantity(value, unit).to("hour").magnitude)


def is_count(unit: str) -> bool:
    """A dosage unit counted (tablet, capsule, …), not an amount of drug."""
    return unit in COUNT_UNITS


def unit_for(value: float, unit: str) -> str:
    """The unit as said of this many: ``tablets`` for 2 tablets, ``mg`` for any amount of mg."""
    return _COUNT_PLURALS[unit] if is_count(unit) and value > 1 else unit


def format_amount(value: float, unit: str) -> str:
    """``350 mg``, ``2.5 mg``, ``0.125 mg``, ``2 tablets`` — at most 3 significant decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 100 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit_for(value, unit)}"
