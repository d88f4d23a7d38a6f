"""Dose-rule parsing on real label sentences (FDA labels of ``fda-labels-full``), and dose units through pint."""

from __future__ import annotations

import pytest

from graph.models import DosageText, DoseBasis, DoseKind, DosePopulation, DoseScale, NumericRange
from nlp.dose_rules import parse_dosage_text, parse_sentence, sentences
from nlp.dose_units import convert, format_amount, same_kind, unit_name


def one(text: str, context: dict | None = None) -> dict:
    rules = parse_sentence(text, context)
    assert len(rules) == 1, rules
    return rules[0]


def test_pediatric_mg_per_kg_per_day_divided_every_12_hours() -> None:
    rule = one("Pediatric Patients aged 3 months to 12 years weighing less than or equal to 40 kg: 90 mg/kg/day "
               "divided every 12 hours, administered for 10 days.")
    assert rule["population"] is DosePopulation.PEDIATRIC
    assert rule["age_years"] == NumericRange(low=0.25, high=12.0)
    assert rule["weight_kg"] == NumericRange(high=40.0)
    assert (rule["amount"].low, rule["amount"].unit, rule["amount"].scale) == (90.0, "mg", DoseScale.PER_KG)
    assert rule["basis"] is DoseBasis.PER_DAY and rule["divided"]
    assert (rule["doses_per_day"], rule["interval_hours"], rule["duration"]) == (2.0, 12.0, "10 days")


def test_strengths_and_concentrations_are_not_doses() -> None:
    rule = one("Based on the amoxicillin component (600 mg/5 mL), the recommended dose of amoxicillin and "
               "clavulanate potassium for oral suspension, 600 mg/42.9 mg per 5 mL is 90 mg/kg/day divided every "
               "12 hours, administered for 10 days (see Table 1).")
    assert rule["amount"].low == 90.0
    assert parse_sentence("Each 5 mL will contain 600 mg of amoxicillin as the trihydrate, and 42.9 mg of "
                          "clavulanic acid as the potassium salt.") == []


def test_alternatives_give_one_rule_each() -> None:
    rules = parse_sentence("Recommended Dosing Schedule Adults The usual starting dose of metformin hydrochloride "
                           "tablets is 500 mg twice a day or 850 mg once a day, given with meals.")
    assert [(r["amount"].low, r["doses_per_day"], r["kind"], r["population"]) for r in rules] == [
        (500.0, 2, DoseKind.STARTING, DosePopulation.ADULT), (850.0, 1, DoseKind.STARTING, DosePopulation.ADULT)]


def test_a_bare_number_before_or_shares_the_unit() -> None:
    rules = parse_sentence("Recommended start dose: 10 or 20 mg once daily (2.1).")
    assert [(r["amount"].low, r["amount"].unit, r["doses_per_day"]) for r in rules] == [(10, "mg", 1), (20, "mg", 1)]


def test_a_list_of_maxima_by_population() -> None:
    rules = parse_sentence("The maximum recommended daily dose of metformin hydrochloride tablets is 2550 mg in "
                           "adults and 2000 mg in pediatric patients (10 to 16 years of age).")
    assert [(r["kind"], r["population"], r["max_per_day"].low) for r in rules] == [
        (DoseKind.MAXIMUM, DosePopulation.ADULT, 2550.0), (DoseKind.MAXIMUM, DosePopulation.PEDIATRIC, 2000.0)]
    assert rules[1]["age_years"] == NumericRange(low=10, high=16)
    assert "age_years" not in rules[0]


@pytest.mark.parametrize(("sentence", "measure", "bounds"), [
    ("Metformin hydrochloride tablet is contraindicated in patients with an estimated glomerular filtration rate "
     "(eGFR) below 30 mL/minute/1.73 m 2 .", "eGFR", NumericRange(high=30, high_inclusive=False)),
    ("Initiation of metformin hydrochloride tablets in patients with an eGFR between 30 to 45 mL/minute/1.73 m 2 is "
     "not recommended.", "eGFR", NumericRange(low=30, high=45)),
    ("• Severe Renal Impairment (CLer < 30 mL/min): Avoid use of lithium ( 2.5 ).", "CrCl",
     NumericRange(high=30, high_inclusive=False)),
])
def test_renal_avoidance(sentence: str, measure: str, bounds: NumericRange) -> None:
    rule = one(sentence)
    assert (rule["kind"], rule["renal_measure"], rule["renal"]) == (DoseKind.AVOID, measure, bounds)


def test_renal_adjusted_dose_and_a_cap_in_the_sentence() -> None:
    rule = one("In patients with CrCl less than 30 mL/min, the recommended dose is 250 mg once daily.")
    assert rule["renal"] == NumericRange(high=30, high_inclusive=False) and rule["amount"].low == 250.0
    capped = one("The recommended dose is 5 mg/kg every 8 hours, not to exceed 500 mg per dose.")
    assert (capped["amount"].scale, capped["doses_per_day"], capped["max_per_dose"].low) == (DoseScale.PER_KG, 3, 500)


def test_per_m2_range_and_bare_daily() -> None:
    weekly = one("Administer 375 mg/m 2 as an intravenous infusion once weekly for 4 doses.")
    assert (weekly["amount"].scale, weekly["route"], round(weekly["doses_per_day"], 4)) == (
        DoseScale.PER_M2, "intravenous", round(1 / 7, 4))
    daily = one("Maintenance: Control of pain can be maintained in most patients with 400 to 800 mg daily.")
    assert (daily["amount"].low, daily["amount"].high, daily["basis"], daily.get("doses_per_day")) == (
        400, 800, DoseBasis.PER_DAY, None)
    ranged = one("Maintenance dosage is 4 mg/kg/day to 8 mg/kg/day.")
    assert (ranged["amount"].low, ranged["amount"].high, ranged["basis"]) == (4, 8, DoseBasis.PER_DAY)


def test_a_titration_sentence_gives_its_maximum_only() -> None:
    rule = one("Dosage increases should be made in increments of 500 mg weekly or 850 mg every 2 weeks, up to a "
               "total of 2000 mg per day, given in divided doses.")
    assert (rule["kind"], rule["max_per_day"].low, rule.get("amount")) == (DoseKind.MAXIMUM, 2000, None)


@pytest.mark.parametrize("sentence", [
    "If the total daily dose exceeds 250 mg, it should be given in divided doses.",
    "The dosage is two 375 mg or 500 mg tablets once daily, or one 750 mg tablet once daily.",
    "In general, clinically significant responses are not seen at doses below 1500 mg per day.",
    "Dose may be increased to 10 mg in patients who require additional analgesia.",
    "Discontinue metformin hydrochloride tablets at the time of, or prior to, an iodinated contrast imaging "
    "procedure in patients with an eGFR between 30 and 60 mL/min/1.73 m 2 .",
    # a study, an animal finding, a titration interval: no dose to give
    "One hundred forty-four hypertensive pediatric patients aged 6 to 16 years were randomized to placebo or to 1 mg/kg "
    "once daily.",
    "A delay in sexual maturation was observed at 40 mg/kg/day with a NOAEL of 5 mg/kg/day.",
    "Recommended starting dose is 12.5 mg or 25 mg doubled every two weeks to the highest dose tolerated.",
])
def test_ambiguous_or_conditional_sentences_give_no_rule(sentence: str) -> None:
    assert parse_sentence(sentence) == []


def test_headings_give_context_and_offsets_point_into_the_text() -> None:
    text = ("2.1 Major Depressive Disorder Adults The recommended dosage of Lexapro in adults is 10 mg once daily. "
            "Depending on clinical response, dosage may be increased to the maximum recommended dosage of 20 mg once "
            "daily. Pediatric Patients 12 years of age and older The recommended dosage in pediatric patients 12 "
            "years of age and older is 10 mg once daily. The maximum recommended dosage is 20 mg once daily.")
    dosage = DosageText(id="L#d-0", document_id="L", text=text, section="dosage", position=0, version="3")
    rules = parse_dosage_text(dosage)
    assert [(r.kind, r.population) for r in rules] == [
        (DoseKind.DOSE, DosePopulation.ADULT), (DoseKind.MAXIMUM, DosePopulation.ADULT),
        (DoseKind.DOSE, DosePopulation.PEDIATRIC), (DoseKind.MAXIMUM, DosePopulation.PEDIATRIC)]
    assert rules[3].age_years == NumericRange(low=12, high_inclusive=False)
    for rule in rules:
        assert text[rule.start:rule.end] == rule.sentence and rule.version == "3" and rule.document_id == "L"


def test_sentences_keep_decimals_and_abbreviations() -> None:
    found = sentences("Give 2.5 mg, e.g. with food. Then 5 mg daily.")
    assert [s.text for s in found] == ["Give 2.5 mg, e.g. with food.", "Then 5 mg daily."]


def test_units_through_pint() -> None:
    assert [unit_name(u) for u in ("mcg", "µg", "μg", "Units", "unit", "mg", "mL", "mEq")] == [
        "mcg", "mcg", "mcg", "units", "units", "mg", "mL", "mEq"]
    assert convert(1.5, "g", "mg") == pytest.approx(1500)
    assert convert(500, "mcg", "mg") == pytest.approx(0.5)
    assert convert(5, "mL", "mg") is None and not same_kind("units", "mg")
    assert format_amount(1260.0, "mg") == "1260 mg" and format_amount(0.125, "mg") == "0.125 mg"
    with pytest.raises(ValueError, match="unknown dose unit"):
        unit_name("furlongs")
    rule = one("The recommended dose is 250 mcg once daily.")
    assert rule["amount"].unit == "mcg"


def test_pediatric_statements_without_an_amount() -> None:
    avoid = parse_sentence("Metoprolol succinate extended-release tablet is not recommended in pediatric patients < 6 "
                           "years of age [see Use in Specific Populations (8.4) ] .")
    assert len(avoid) == 1 and avoid[0]["kind"] is DoseKind.AVOID
    assert avoid[0]["population"] is DosePopulation.PEDIATRIC and avoid[0]["age_years"].high == 6
    established = parse_sentence("8.4 Pediatric Use The safety and effectiveness of Elitek have been established in "
                                 "pediatric patients ages 1 month to 17 years for initial management of uric acid.")
    assert established[0]["kind"] is DoseKind.ESTABLISHED and established[0]["age_years"].high == 17
    assert parse_sentence("Safety and effectiveness in pediatric patients have not been established.") == []


def test_a_population_lead_in_sets_the_context_of_the_next_sentence() -> None:
    text = ("Pediatric Hypertensive Patients ≥ 6 Years of age: A pediatric clinical hypertension study did not meet its "
            "primary endpoint. If selected for treatment, the recommended starting dose is 1 mg/kg once daily.")
    dosage = DosageText(id="d", document_id="SETID:x@v1", text=text, section="dosage", position=0)
    (rule,) = parse_dosage_text(dosage)
    assert rule.population is DosePopulation.PEDIATRIC and rule.age_years.low == 6 and rule.amount.low == 1


def test_an_amount_free_for_whom_sentence_after_a_heading_sets_the_context_until_the_next_heading() -> None:
    # divalproex ER 2.2: the ages are said once, in a sentence of their own, before the regimens
    text = ("Complex Partial Seizures For adults and children 10 years of age or older. Monotherapy (Initial Therapy) "
            "Patients should initiate therapy at 10 to 15 mg/kg/day. Absence Seizures The recommended initial dose is "
            "15 mg/kg/day.")
    dosage = DosageText(id="d", document_id="SETID:x@v1", text=text, section="dosage", position=0)
    partial, absence = parse_dosage_text(dosage)
    assert (partial.amount.low, partial.amount.high, partial.age_years.low) == (10, 15, 10)
    assert absence.age_years is None and absence.population is None


def test_a_daily_amount_restated_as_its_doses_gives_the_doses() -> None:
    rule = one("The recommended dosage is 6 grams per day, administered orally in divided doses of 3 grams twice "
               "daily.")
    assert (rule["amount"].low, rule["amount"].unit, rule["basis"], rule["doses_per_day"]) == (
        3, "g", DoseBasis.PER_DOSE, 2)
    assert parse_sentence("The dose is 6 grams per day in divided doses of 2 grams twice daily.") == []  # 2×2 ≠ 6


def test_per_24_hour_period_after_a_population_lead_in() -> None:
    rule = one("Children, six years of age and older: 40 to 60 mg/kg of body weight in each 24-hour period, divided "
               "into 3 to 6 doses.")
    assert rule["population"] is DosePopulation.PEDIATRIC and rule["age_years"].low == 6
    assert (rule["amount"].low, rule["amount"].high, rule["basis"]) == (40, 60, DoseBasis.PER_DAY)
    assert one("Children, six years of age and older: 30 to 50 mg/kg of body weight daily in two evenly divided "
               "doses.")["doses_per_day"] == 2


def test_cycle_days_and_months_as_frequencies() -> None:
    rule = one("Administer 1.4 mg/m2 intravenously over 2 to 5 minutes on Days 1 and 8 of a 21-day cycle.")
    assert rule["amount"].scale is DoseScale.PER_M2 and rule["doses_per_day"] == pytest.approx(2 / 21)
    assert one("3 mg/kg once every 3 months (quarterly)")["doses_per_day"] == pytest.approx(4 / 365)
    assert one("The dose of ARIMIDEX is one 1 mg tablet taken once a day.")["amount"].low == 1


def test_interactions_titration_targets_and_study_descriptions_give_no_dose() -> None:
    for text in ("Reduce the dose to 2.5 mg once daily when used concurrently with a strong CYP3A4 inhibitor.",
                 "May increase dose to 5 mg once daily if tolerated.",
                 "ERBITUX was administered once-weekly, at doses up to 250 mg/m 2 , to 27 patients ranging from 1 "
                 "to 12 years old."):
        assert parse_sentence(text) == [], text
    once_or_split = one("The initial dose should be approximately 1.0 mg/kg (50 to 100 mg) given as a single dose or "
                        "on a twice-daily schedule.")
    assert once_or_split["basis"] is DoseBasis.PER_DAY  # one day's amount, given once or split: never doubled


def test_a_percentage_reduction_under_a_renal_or_hepatic_condition() -> None:
    rule = one("2.6 Dosage Modification For Renal Impairment Reduce the dose of XELODA by 25% for patients with "
               "creatinine clearance (CLcr) of 30 to 50 mL/min as determined by Cockcroft-Gault equation.")
    assert rule["kind"] is DoseKind.REDUCE and rule["reduction_percent"] == 25 and rule["renal"].low == 30
    for text in ("Reduce the dose by 50% for Grade 3 toxicity in patients with mild hepatic impairment.",
                 "Reduce the dose by 50% when coadministered with a strong CYP3A inhibitor.",
                 "Reduce the dose by 25%."):  # adverse reactions, an interacting drug, no condition: no rule
        assert all(r["kind"] is not DoseKind.REDUCE for r in parse_sentence(text)), text


def test_a_reduced_starting_dose_from_one_amount_to_another_under_hepatic_impairment() -> None:
    rule = one("Reduce the starting dose of Iclusig from 45 mg orally once daily to 30 mg orally once daily in "
               "patients with pre-existing hepatic impairment (Child-Pugh A, B, or C).")
    assert rule["amount"].low == 30 and set(rule["hepatic"]) == {"mild", "moderate", "severe"}
    assert set(one("Hepatic Impairment: the recommended dose is 10 mg once daily.")["hepatic"]) == {
        "mild", "moderate", "severe"}  # no class named: every class


def test_renal_impairment_without_a_range_and_meals_and_formula() -> None:
    [severe] = parse_sentence("Severe Renal Impairment: Recommended dosage is 15 mg once daily.")
    assert (severe["renal"].low, severe["renal"].high) == (15, 30)  # the grade's clearance band
    assert parse_sentence("Elderly patients, patients with severe renal impairment: Starting dosage is 10 mg/day.")
    rule = one("Patients weighing 15 kg and less: The recommended dosage is 1 mL (8,500 International Units) "
               "administered orally with each meal or snack.")
    assert (rule["amount"].low, rule["amount"].unit, rule["basis"], rule["weight_kg"].high) == (
        1, "mL", DoseBasis.PER_DOSE, 15)
    assert parse_sentence("Administration of Sucraid with liquids other than water, milk, or infant formula has not "
                          "been studied and is not recommended.") == []  # about a liquid, not about infants


def test_a_meal_or_bedtime_is_once_a_day_and_days_are_no_age() -> None:
    assert one("The recommended starting dose is 5 mg, given before breakfast.")["doses_per_day"] == 1
    assert parse_sentence("Take 10 mg with breakfast and dinner.") == []  # two meals: not read as once
    adult = one("Adults: Recommended starting dose is 50 mg at bedtime, with increases of 50 mg every 4 to 7 days "
                "as tolerated to maximum effect, not to exceed 300 mg/day.")
    assert adult.get("age_years") is None and adult["max_per_day"].low == 300  # "4 to 7 days" is an interval
    assert parse_sentence("Children and adolescents (8 -17 years): Recommended starting dose is 25 mg at bedtime, "
                          "with increases of 25 mg every 4 to 7 days as tolerated to maximum effect, not to exceed "
                          "200 mg/day (8 -11 years) or 300 mg/day (12 -17 years).") == []  # two maxima by age


def test_an_initial_dose_followed_by_maintenance_and_a_start_before_titration() -> None:
    first, then = parse_sentence("The initial PERJETA dose is 840 mg administered as a 60-minute intravenous "
                                 "infusion, followed every 3 weeks thereafter by 420 mg administered as a 30 to 60 "
                                 "minute intravenous infusion.")
    assert (first["amount"].low, first.get("doses_per_day")) == (840, None)
    assert then["amount"].low == 420 and then["doses_per_day"] == pytest.approx(1 / 21)
    start = one("Treatment with Anafranil should be initiated at a dosage of 25 mg daily and gradually increased, as "
                "tolerated, to approximately 100 mg during the first 2 weeks.")
    assert (start["kind"], start["amount"].low, start["basis"]) == (DoseKind.STARTING, 25, DoseBasis.PER_DAY)
    assert all(r.get("amount") is None for r in parse_sentence(
        "Thereafter, the dosage may be increased gradually up to a daily maximum of 3 mg/kg or 200 mg, whichever is "
        "smaller."))  # both are limits, never a dose


def test_partner_products_modification_steps_and_resumption_give_no_dose() -> None:
    for text in ("When given with KISQALI, the recommended dose of fulvestrant is 500 mg administered on Days 1, 15, "
                 "29, and once monthly thereafter.",
                 "The recommended dose of bendamustine is 90 mg/m 2 /day on Days 1 and 2 when administered with POLIVY.",
                 "If a further dose reduction is required, then reduce to 200 mg taken twice daily.",
                 "Resume TIBSOVO at 250 mg once daily; may increase to 500 mg once daily if toxicities resolve.",
                 "For longer interruptions, re-initiate at a dosage of 12.5 mg once daily or twice daily.",
                 "Since capecitabine is provided as 150 mg or 500 mg tablets, round to the nearest 150 mg twice daily."):
        # no dose (a rounding step is no dose; a partner's sentence is skipped by its product name in a label)
        assert [r for r in parse_sentence(text) if r["kind"] is not DoseKind.ROUND] == [], text
    own = parse_sentence("The recommended dose of ALIMTA when administered with cisplatin is 500 mg/m 2 as an "
                         "intravenous infusion over 10 minutes on Day 1 of each 21-day cycle.")
    assert [r["amount"].low for r in own] == [500]  # the label's own product with a partner: kept


def test_an_upper_case_population_heading_carries_to_the_next_sentence() -> None:
    text = ("PEDIATRIC PATIENTS: Because of varied responses to CNS-acting drugs, initiate therapy with lowest dose. "
            "1 mg to 2.5 mg, 3 or 4 times daily initially; increase gradually as needed and tolerated.")
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert rule.population is DosePopulation.PEDIATRIC and rule.amount.low == 1


def test_a_regimen_partner_class_is_no_interaction_but_a_cyp_inhibitor_is() -> None:
    regimen = one("The recommended dosage of SUSTIVA (efavirenz) is 600 mg orally, once daily, in combination with a "
                  "protease inhibitor and/or nucleoside analogue reverse transcriptase inhibitors (NRTIs).")
    assert regimen["amount"].low == 600
    for text in ("Reduce the dose to 2.5 mg once daily when taken with a strong CYP3A4 inhibitor.",
                 "With rifampin, increase SUSTIVA dose to 800 mg once daily for patients weighing 50 kg or more.",
                 "For patients taking SPRYCEL 60 mg or 40 mg daily, consider interrupting SPRYCEL until the inhibitor "
                 "is discontinued."):
        assert parse_sentence(text) == [], text


def test_bullets_under_a_renal_condition_give_one_rule_each() -> None:
    text = ("Ulcerative Colitis: ● For patients with severe renal impairment (eGFR 15 to < 30 mL/min/1.73m 2 ), the "
            "recommended dosage is: • Induction: 30 mg once daily for 8 weeks • Maintenance: 15 mg once daily ● No "
            "dosage adjustment is needed for patients with mild renal impairment.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.renal.low, r.renal.high) for r in rules] == [(30, 15, 30), (15, 15, 30)]


def test_each_alternative_keeps_its_own_weight_band_before_or_after_the_amount() -> None:
    after = parse_sentence("HCC: The recommended dosage is based on actual body weight: 12 mg orally once daily for "
                           "patients greater than or equal to 60 kg or 8 mg orally once daily for patients less than "
                           "60 kg.")
    assert [(r["amount"].low, r["weight_kg"]) for r in after] == [
        (12, NumericRange(low=60.0)), (8, NumericRange(high=60.0, high_inclusive=False))]
    before = parse_sentence("For patients weighing less than 60 kg: 8 mg once daily; for patients weighing 60 kg or "
                            "more: 12 mg once daily.")
    assert [(r["amount"].low, r["weight_kg"]) for r in before] == [
        (8, NumericRange(high=60.0, high_inclusive=False)), (12, NumericRange(low=60.0))]
    capped = one("The recommended dose of PADCEV as a single agent is 1.25 mg/kg (up to a maximum of 125 mg for "
                 "patients ≥100 kg) administered as an intravenous infusion over 30 minutes on Days 1, 8 and 15 of a "
                 "28-day cycle.")
    assert "weight_kg" not in capped  # the band belongs to the maximum, not to the dose


def test_a_dose_for_two_named_groups_other_than_adults_is_for_each_of_them() -> None:
    rules = parse_sentence("Elderly and Adolescent Patients – 30 to 50 mg/day, in divided doses, or the total daily "
                           "dosage may be given once a day.")
    assert sorted(r["population"].value for r in rules) == ["geriatric", "pediatric"]
    assert {r["amount"].low for r in rules} == {30}


def test_a_population_condition_is_no_study_and_an_adjustment_up_to_is_a_maximum() -> None:
    rule = one("Adult starting dose in patients who have received no previous treatment is 5mL three times daily, "
               "with dose adjustments as necessary, up to 25 mL daily.")
    assert rule["population"] is DosePopulation.ADULT and rule["kind"] is DoseKind.STARTING
    assert (rule["amount"].low, rule["amount"].unit, rule["doses_per_day"]) == (5, "mL", 3)
    assert rule["max_per_day"].low == 25
    assert parse_sentence("The recommended dose of ELIQUIS is 2.5 mg twice daily in patients with at least two of "
                          "the following characteristics: age ≥80 years, body weight ≤60 kg, or serum creatinine "
                          "≥1.5 mg/dL.") == []


def test_a_maintenance_sentence_keeps_the_population_of_the_sentence_before() -> None:
    text = ("Pediatric starting dose is 5 mg/kg/day in two to three equally divided doses, with dosage adjustments "
            "as necessary, up to a maximum of 300 mg daily. Maintenance dosage is 4 to 8 mg/kg/day.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.population) for r in rules] == [(5, DosePopulation.PEDIATRIC),
                                                             (4, DosePopulation.PEDIATRIC)]


def test_doses_every_few_hours_are_per_dose_with_no_fixed_count_a_day() -> None:
    rule = one("The recommended starting dosage is 4.2 mg/m 2 , administered 1 to 3 hours prior to chemotherapy, then "
               "every 2 to 4 hours after chemotherapy for a total of 4 to 6 doses per day.")
    assert rule["basis"] is DoseBasis.PER_DOSE and rule["doses_per_day"] is None
    assert rule["frequency"] == "every 2 to 4 hours"


def test_a_maximum_given_with_its_frequency_limits_each_dose() -> None:
    [limit] = parse_sentence("Maximum Dosage: 8.4 mg twice daily.")
    assert limit["max_per_dose"].low == 8.4 and "max_per_day" not in limit
    [daily] = parse_sentence("The maximum recommended dosage is 4 mg daily (in divided doses).")
    assert daily["max_per_day"].low == 4


def test_dose_reduction_steps_are_not_doses() -> None:
    for text in ("The recommended dose reduction is 250 mg taken twice daily.",
                 "Monitor patients for adverse reactions and consider decreasing the dose to 2.1 mg once daily 1 to 3 "
                 "hours prior to chemotherapy to reduce the risk of CNS adverse reactions.",
                 "For patients taking 4.5 mg daily, the dosage should be reduced to 1.5 mg or 3 mg daily."):
        assert parse_sentence(text) == [], text
    kept = parse_sentence("10 mg, 3 or 4 times during the first 24 hours, reducing to 5 mg, 3 or 4 times daily as "
                          "needed.")
    assert {r["amount"].low for r in kept} == {10, 5}  # a regimen that steps down is read


def test_how_often_said_before_the_amount_and_one_tablet_restated_as_its_amount() -> None:
    text = ("INDERAL XL should be administered once daily at bedtime and should be taken consistently either on an "
            "empty stomach or with food. Initiate dosing at 80 mg and titrate to 120 mg daily as needed for blood "
            "pressure control.")
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert (rule.kind, rule.amount.low, rule.basis, rule.doses_per_day) == (DoseKind.STARTING, 80, DoseBasis.PER_DOSE,
                                                                            1)
    tablet = one("Take in a dosage of 1 tablet (equivalent to 15 mg base) daily for 14 days.")
    assert (tablet["amount"].low, tablet["basis"], tablet["duration"]) == (15, DoseBasis.PER_DAY, "14 days")


def test_a_tablet_described_a_weight_after_if_a_dose_per_administration_and_formulation_limits() -> None:
    rule = one("2.3 Pediatrics If at least 25 kg: One 400 mg film-coated tablet orally, twice daily.")
    assert (rule["amount"].low, rule["doses_per_day"], rule["weight_kg"]) == (400, 2, NumericRange(low=25.0))
    assert one("The recommended dosage is 12 mg (5 mL) per administration.")["basis"] is DoseBasis.PER_DOSE
    for text in ("Maximum dose of chewable tablets is 300 mg twice daily.",
                 "The weight-based dosing recommendation for the chewable tablet is based on approximately 6 mg/kg/dose "
                 "twice daily."):
        assert parse_sentence(text) == [], text
    brand = one("The recommended dosage of ARCAPTA NEOHALER is the once-daily inhalation of the contents of one 75 mcg "
                "ARCAPTA capsule using the NEOHALER inhaler.")
    assert (brand["amount"].low, brand["amount"].unit) == (75, "mcg")


def test_a_reduction_to_an_amount_under_a_condition_keeps_the_usual_schedule() -> None:
    text = ("The recommended dosage of NERLYNX is 240 mg given orally once daily with food. Reduce the NERLYNX "
            "starting dose to 80 mg in patients with severe hepatic impairment (Child Pugh C). No modification of "
            "the starting dose is recommended for patients with mild to moderate hepatic impairment.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.doses_per_day, r.hepatic) for r in rules] == [(240, 1, ()), (80, 1, ("severe",))]


def test_a_label_for_children_only_gives_its_unqualified_doses_to_children() -> None:
    from nlp.dose_rules import indicated_population
    assert indicated_population("1 INDICATIONS AND USAGE Brineura is indicated to slow the loss of ambulation in "
                                "symptomatic pediatric patients 3 years of age and older with CLN2.") \
        is DosePopulation.PEDIATRIC
    for text in ("Drug therapy is indicated as an adjunct to diet when the response to diet is inadequate. "
                 "Pediatric patients with heterozygous familial hypercholesterolemia: …",
                 "GAMIFANT is indicated for the treatment of adult and pediatric (newborn and older) patients with HLH.",
                 "Sulfasalazine tablets are indicated: a) in the treatment of ulcerative colitis; c) in pediatric "
                 "patients with polyarticular JRA."):
        assert indicated_population(text) is None, text
    dosage = DosageText(id="x", document_id="x", text="The recommended dosage is 300 mg administered once every other "
                        "week as an intraventricular infusion.", section="dosage", position=0,
                        indicated_population=DosePopulation.PEDIATRIC)
    [rule] = parse_dosage_text(dosage)
    assert rule.population is DosePopulation.PEDIATRIC


def test_children_dosed_as_adults_twice_a_week_and_a_daily_dose_in_parentheses() -> None:
    [rule] = parse_sentence("The recommended dose in pediatric patients 12 years of age or greater is the same as "
                            "that in adults.")
    assert (rule["kind"], rule["population"], rule["age_years"].low) == (DoseKind.AS_ADULTS, DosePopulation.PEDIATRIC,
                                                                         12)
    weekly = one("The recommended starting dose of GAMIFANT is 1 mg/kg given as an intravenous infusion over 1 hour "
                 "twice per week (every three to four days).")
    assert weekly["doses_per_day"] == pytest.approx(2 / 7) and weekly["amount"].scale is DoseScale.PER_KG
    day = one("Patients may be dosed with two Myfortic 360 mg tablets twice daily (1,440 mg daily dose).")
    assert (day["amount"].low, day["basis"], day["doses_per_day"]) == (1440, DoseBasis.PER_DAY, 2)


def test_premedication_kits_genotypes_and_flattened_cells_are_no_doses() -> None:
    for text in ("Premedicate pediatric patients 1 month and older with acetaminophen 15 mg/kg (maximum of 650 mg) and "
                 "diphenhydramine 1 mg/kg (maximum of 50 mg) 1 hour prior to MYLOTARG dosing.",
                 "Confirm that components listed below are provided in the kit: one syringe (400 mg or 300 mg as "
                 "appropriate) once monthly.",
                 "Known CYP2D6 poor metabolizers: Recommended starting and maintenance dose is 300 mg administered "
                 "monthly as a single injection.",
                 "Initial Dose Recommended Dose Maximum Dose Schizophrenia - adults ( 2.1 ) 6 mg/day 3 – 12 mg/day "
                 "12 mg/day Schizophrenia-adolescents ( 2.1 )"):
        assert parse_sentence(text) == [], text
    [limit] = parse_sentence("Maximum daily dose 30 mg ( 2.6 ) Known CYP2D6 poor metabolizers: Half of the usual dose.")
    assert limit["max_per_day"].low == 30  # a maximum alone still limits everyone


def test_an_avoiding_clause_keeps_its_own_grades_and_a_frequency_after_the_maximum_is_read() -> None:
    [avoid] = parse_sentence("Reduce dose in patients with mild hepatic impairment; avoid use in patients with moderate "
                             "or severe hepatic impairment ( 2.3 ).")
    assert avoid["kind"] is DoseKind.AVOID and avoid["hepatic"] == ("moderate", "severe")
    dose = one("The recommended dosage as monotherapy for adult patients is 1.8 mg/kg up to a maximum of 180 mg every "
               "3 weeks.")
    assert (dose["amount"].low, dose["frequency"], dose["max_per_dose"].low) == (1.8, "every 3 weeks", 180)


def test_a_section_reference_ends_a_highlights_sentence() -> None:
    text = ("Adult loading dose: refer to full prescribing information. ( 2.1 ) Pediatric starting dose is 5 mg/kg/day "
            "in two to three equally divided doses, up to a maximum of 300 mg daily. Maintenance dosage is 4 mg/kg/day "
            "to 8 mg/kg/day. ( 2.2 ) See full prescribing information.")
    assert any(s.text.startswith("Pediatric starting dose") for s in sentences(text))
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.population) for r in rules] == [(5, DosePopulation.PEDIATRIC),
                                                             (4, DosePopulation.PEDIATRIC)]


def test_animal_findings_named_doses_and_adverse_reaction_sections_give_no_doses() -> None:
    for text in ("Femoral growth plate thickness was reduced only in males and only at the 500 mg/kg/day dose.",
                 "In juvenile rats, doses of 40 mg/kg/day were given once daily."):
        assert parse_sentence(text) == [], text
    text = ("2.2 Recommended Dosage The recommended dosage of ZEJULA is 300 mg taken orally once daily. 2.3 Dosage "
            "Adjustments for Adverse Reactions First dose reduction: 200 mg taken orally once daily. Do not "
            "administer if the creatinine clearance is less than 30 mL/min.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.kind, r.amount.low if r.amount else None) for r in rules] == [(DoseKind.DOSE, 300),
                                                                            (DoseKind.AVOID, None)]


def test_body_surface_bands_genotypes_nutrients_and_tolerated_doses() -> None:
    rules = parse_sentence("• Recommended Dosage in Adult and Pediatric Patients with Body Surface Area of 1 "
                           "Meter-Squared or greater: 100 mg orally twice daily ( 2.2 ) • Recommended Dosage in "
                           "Pediatric Patients with Body Surface Area of Less Than 1 Meter-Squared: 100 mg/m 2 orally "
                           "twice daily ( 2.2 )")
    assert [(r["amount"].scale, r["bsa_m2"]) for r in rules] == [
        (DoseScale.FIXED, NumericRange(low=1.0)), (DoseScale.PER_M2, NumericRange(high=1.0, high_inclusive=False))]
    for text in ("Recommended starting dose of ONIVYDE in patients homozygous for UGT1A1*28 is 50 mg/m 2 every two "
                 "weeks.", "The recommended intake of vitamin D is 400-800 IU daily.",
                 "The high dose of 30 mg/kg/day exceeded a maximum tolerated dose."):
        assert parse_sentence(text) == [], text
    salt = one("The recommended starting dosage of atorvastatin calcium is 10 mg once daily.")
    assert salt["amount"].low == 10


def test_estimated_creatinine_clearance_and_an_infusion_over_a_minimum_time() -> None:
    [avoid] = parse_sentence("Do not initiate ZURAMPIC if eCLcr is below 45 mL/min.")
    assert avoid["kind"] is DoseKind.AVOID and avoid["renal"].high == 45
    dose = one("The recommended dose is 2 mg per kg given intravenously over a minimum range of 3.5 to 4.5 hours, "
               "based on infusion volume, once every week.")
    assert (dose["amount"].low, dose["amount"].scale, dose["doses_per_day"]) == (2, DoseScale.PER_KG,
                                                                                 pytest.approx(1 / 7))


def test_an_unnumbered_population_heading_gives_its_population_to_the_sentences_under_it() -> None:
    # amoxapine: "Elderly Patients" heads a paragraph whose sentences never name the elderly again
    text = ("Initial Dosage for Adults Usual starting dosage is 50 mg two or three times daily. Elderly Patients In "
            "general, lower dosages are recommended for these patients. Recommended starting dosage of amoxapine is "
            "25 mg two or three times daily. Careful increases up to 300 mg daily are indicated in such cases.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.population) for r in rules] == [
        (50, DosePopulation.ADULT), (25, DosePopulation.GERIATRIC), (300, DosePopulation.GERIATRIC)]


def test_bare_weight_bands_trailing_changes_and_escalation_advice() -> None:
    # selpercatinib: bands written as labels before their amounts; the trailing "Reduce … dose in patients with
    # severe hepatic impairment" does not make the usual doses that condition's; dasatinib: advice against a
    # higher dose in children is not advice against use
    bands = parse_sentence("The recommended dosage based on body weight is: Less than 50 kg: 120 mg 50 kg or "
                           "greater: 160 mg orally twice daily.")
    assert [(d["amount"].low, d["weight_kg"].low, d["weight_kg"].high) for d in bands] == [(120, None, 50),
                                                                                          (160, 50, None)]
    assert parse_sentence("Less than 50 kg: 120 mg orally twice daily 50 kg or greater: 160 mg orally twice daily "
                          "Reduce RETEVMO dose in patients with severe hepatic impairment.") == []
    assert parse_sentence("Dose escalation is not recommended for pediatric patients with Ph+ ALL, where SPRYCEL is "
                          "administered in combination with chemotherapy.") == []
    [avoid] = parse_sentence("SPRYCEL is not recommended for use in pediatric patients with Ph+ ALL.")
    assert avoid["kind"] is DoseKind.AVOID


def test_another_products_amount_after_the_dose_ends_its_clause() -> None:
    # atezolizumab, avelumab, ipilimumab: the partner's schedule is not the drug's
    [alone] = parse_sentence("1680 mg every 4 weeks Administer TECENTRIQ with cobimetinib 60 mg orally once daily.")
    assert (alone["amount"].low, alone["doses_per_day"]) == (1680, 1 / 28)
    [avelumab] = parse_sentence("Renal Cell Carcinoma: 800 mg every 2 weeks in combination with axitinib 5 mg "
                                "orally twice daily.")
    assert avelumab["doses_per_day"] == 1 / 14
    [yervoy] = parse_sentence("YERVOY 1 mg/kg every 6 weeks with nivolumab 360 mg every 3 weeks.")
    assert (yervoy["amount"].low, yervoy["frequency"]) == (1, "every 6 weeks")
    gastric = parse_sentence("The recommended dose is 75 mg/m 2 as a 1 hour intravenous infusion, followed by "
                             "cisplatin 75 mg/m 2, followed by fluorouracil 750 mg/m 2 per day given as a 24-hour "
                             "continuous intravenous infusion for 5 days.")
    assert all(d.get("basis") is not DoseBasis.PER_DAY and not d.get("duration") for d in gastric)


def test_another_products_sentence_and_alternatives_are_not_the_labels_dose() -> None:
    text = ("The recommended dose of Docetaxel Injection is 75 mg/m 2 every 3 weeks. Prednisone 5 mg orally twice "
            "daily is administered continuously.")
    dosage = DosageText(id="x", document_id="x", text=text, section="dosage", position=0,
                        product_names=("Docetaxel", "DOCETAXEL ANHYDROUS"))
    assert [r.amount.low for r in parse_dosage_text(dosage)] == [75]
    unnamed = DosageText(id="x", document_id="x", text=text, section="dosage", position=0)
    assert [r.amount.low for r in parse_dosage_text(unnamed)] == [75, 5]  # the label's names unknown: not said
    [yervoy] = parse_sentence("YERVOY 1 mg/kg every 6 weeks with nivolumab 3 mg/kg every 2 weeks or 360 mg every "
                              "3 weeks.")
    assert yervoy["amount"].low == 1
    second = parse_sentence("The recommended dose is: Initial dose: 300 mg intravenous infusion followed two weeks "
                            "later by a second 300 mg intravenous infusion. Subsequent doses: 300 mg every 6 months.")
    assert second and all(d["amount"].low == 300 for d in second)  # "by a second 300 mg" is no other product


def test_animal_findings_and_a_partners_named_dose_are_no_dose_of_the_label() -> None:
    # trofinetide's Pediatric Use: the splitter cuts the animal sentence at "; 0, 300" before it names the rats
    text = ("8.4 Pediatric Use The safety and effectiveness of DAYBUE have been established in pediatric patients "
            "aged 2 years and older. Juvenile Animal Data Oral administration of trofinetide (0, 150, 300, or 1000 "
            "mg/kg twice daily; 0, 300, 600, or 2000 mg/kg/day) to rats resulted in no adverse effects.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="pediatric", position=0))
    assert [r.kind for r in rules] == [DoseKind.ESTABLISHED]
    partner = ("When FASLODEX is used in combination with abemaciclib, the recommended dose of abemaciclib is 150 mg "
               "orally, twice daily. The recommended dose of FASLODEX is 500 mg once monthly.")
    dosage = DosageText(id="x", document_id="x", text=partner, section="dosage", position=0,
                        product_names=("Faslodex", "FULVESTRANT"))
    assert [r.amount.low for r in parse_dosage_text(dosage)] == [500]


def test_a_partners_named_amount_in_a_regimen_is_not_the_labels_dose() -> None:
    text = ("Monotherapy The recommended dosage of VENCLEXTA is 400 mg once daily. Start VENCLEXTA administration on "
            "Cycle 1 Day 1 in combination with: Azacitidine 75 mg/m 2 intravenously once daily on Days 1-7 of each "
            "28-day cycle; OR Decitabine 20 mg/m 2 intravenously once daily on Days 1-5 of each 28-day cycle.")
    dosage = DosageText(id="x", document_id="x", text=text, section="dosage", position=0,
                        product_names=("Venclexta", "VENETOCLAX"))
    assert [r.amount.low for r in parse_dosage_text(dosage)] == [400]


def test_a_difference_between_doses_is_no_dose() -> None:
    assert parse_sentence("Reinstitute GILOTRIF at a reduced dose, i.e., 10 mg per day less than the dose at which "
                          "the adverse reaction occurred.") == []


def test_an_upper_case_section_heading_ends_a_populations_context() -> None:
    # streptomycin: "Children:" about injection sites, then the adult regimens under "TULAREMIA:", "PLAGUE:"
    text = ("Children: It is recommended that intramuscular injections be given in the thigh. TULAREMIA: 1 to 2 g "
            "daily in divided doses for 7 to 14 days.")
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert rule.population is None and rule.amount.low == 1


def test_nutrient_amounts_with_decimals_and_across_a_semicolon_are_no_dose() -> None:
    # sodium phenylbutyrate's diet advice: citrulline and protein, never the drug's dose
    text = ("Citrulline supplementation is required; citrulline daily intake is recommended at 0.17 g/kg/day or "
            "3.8 g/m 2 /day. From 1 to 3 years of age, the protein intake should not be less than 1.2 g/kg/day; "
            "1.4 g/kg/day is advisable during this period.")
    assert parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0)) == []


def test_dosage_units_are_their_own_kind_with_plurals() -> None:
    from nlp.dose_units import convert, format_amount, unit_name
    assert [unit_name(u) for u in ("Tablets", "caplet", "capsules", "inhalations", "patches", "suppositories")] == [
        "tablet", "tablet", "capsule", "actuation", "patch", "suppository"]
    assert convert(2, "tablet", "tablets") == 2.0
    assert convert(1, "tablet", "mg") is None and convert(1, "tablet", "capsule") is None
    assert (format_amount(2, "tablet"), format_amount(1, "tablet"), format_amount(0.5, "tablet")) == (
        "2 tablets", "1 tablet", "0.5 tablet")


def test_an_animal_studys_account_goes_on_to_the_next_heading_and_a_preservatives_amount_is_no_dose() -> None:
    text = ("8.4 Pediatric Use Safety and effectiveness in pediatric patients have not been established. In a 10-week "
            "juvenile toxicology study in rats, avatrombopag was administered at doses ranging from 20 to 300 "
            "mg/kg/day. There were no clinical signs at doses up to 300 mg/kg/day. 8.5 Geriatric Use Elderly patients: "
            "the recommended dose is 20 mg once daily.")
    rules = _parsed(text, "pediatric")
    assert [(r.amount.low, r.population) for r in rules if r.amount] == [(20, DosePopulation.GERIATRIC)]
    preservative = ("In these cases, benzyl alcohol dosages of 99 to 234 mg/kg/day produced high levels of benzyl "
                    "alcohol and its metabolites in the blood.")
    assert parse_sentence(preservative, {"population": DosePopulation.PEDIATRIC}) == []
    # a dose of the drug itself, qualified before "dosages of", is still read
    [divided] = parse_sentence("The recommended dosage is 6 grams per day, administered in divided doses of 3 grams "
                               "twice daily.")
    assert (divided["amount"].low, divided["doses_per_day"]) == (3, 2)


def test_a_single_dose_other_forms_and_other_patients_bands_are_told_apart() -> None:
    [single] = parse_sentence("Adult Dosage: a single 0.075 mg intravenous dose administered over 10 seconds "
                              "immediately before the induction of anesthesia.")
    assert (single["amount"].low, single["basis"]) == (0.075, DoseBasis.PER_DOSE)
    # "single-dose vial" and "in a single tablet" say nothing of how often
    assert parse_sentence("Reconstitute each 50 mg vial with 10.5 mL of Sterile Water for Injection to yield a "
                          "single-dose solution.") == []
    # the tablets are not for small children; the powder is: no advice against the drug
    assert parse_sentence("The use of tablets for neonates, infants and children to the weight of 20 kg is not "
                          "recommended.") == []
    assert [d["kind"] for d in parse_sentence("Use in pediatric patients is not recommended.")] == [DoseKind.AVOID]
    # the second amount is for "larger patients", not the sentence's band
    drafts = parse_sentence("The usual total daily dose for patients weighing less than 20 kg is 450-600 mg/kg/day, "
                            "or 9.9-13.0 g/m2/day in larger patients.")
    assert [(d["amount"].low, d["amount"].unit) for d in drafts] == [(450, "mg")]
    text = ("8.4 Pediatric Use VILTEPSO is indicated for the treatment of DMD in patients who have a confirmed mutation "
            "of the DMD gene that is amenable to exon 53 skipping, including pediatric patients.")
    assert [(r.kind, r.population) for r in _parsed(text, "pediatric")] == [
        (DoseKind.ESTABLISHED, DosePopulation.PEDIATRIC)]


def test_a_bedtime_dose_besides_counts_and_a_vehicles_amount_is_no_dose() -> None:
    [four] = parse_sentence("The recommended dose of SOMA is 250 mg to 350 mg three times a day and at bedtime.")
    assert four["doses_per_day"] == 4
    [three] = parse_sentence("The usual dose is 10 mg twice daily and at bedtime.")
    assert three["doses_per_day"] == 3
    assert parse_sentence("Flush once with 10 mL of water or formula and allow the flush to drain.") == []


def test_a_titration_step_keeps_the_band_of_the_regimen_just_stated() -> None:
    text = ("2.5 Tourette's Disorder For patients weighing less than 50 kg, dosing should be initiated at 2 mg/day. "
            "The dose can be increased to 10 mg/day in patients who do not achieve optimal control of tics. For "
            "patients weighing 50 kg or more, dosing should be initiated at 2 mg/day. The dose can be increased up to "
            "20 mg/day for patients who do not achieve optimal control of tics.")
    rules = _parsed(text)
    bands = {r.amount.low: (r.weight_kg.low, r.weight_kg.high) for r in rules if r.amount and r.amount.low > 2}
    assert bands == {10: (None, 50.0), 20: (50.0, None)}


def _parsed(text: str, section: str = "dosage") -> list:
    return parse_dosage_text(DosageText(id="x", document_id="x", text=text, section=section, position=0))


def test_avoiding_an_activity_a_maximum_for_other_ages_and_an_intraventricular_infusion() -> None:
    assert parse_sentence("Pediatric patients administered warfarin sodium should avoid any activity or sport that "
                          "may result in traumatic injury.") == []
    drafts = parse_sentence("Maximum dose is 18.8 mg (15 mL) for patients 6 to 12 years, and 12.5 mg (10 mL) once "
                            "daily for patients 13 to 17 years.")
    assert all(d.get("amount") is None for d in drafts)  # limits (or nothing), never a dose
    [brineura] = parse_sentence("The recommended dosage is 300 mg administered once every other week as an "
                                "intraventricular infusion.")
    assert brineura["route"] == "intraventricular"


def test_each_amount_keeps_its_own_age_band_and_the_excepted_patients_are_not_the_doses() -> None:
    text = ("Persistent or Chronic ITP: Initiate PROMACTA at 50 mg once daily for most adult and pediatric patients "
            "6 years and older, and at 25 mg once daily for pediatric patients aged 1 to 5 years.")
    bands = {d["amount"].low: (d["age_years"].low, d["age_years"].high) for d in parse_sentence(text)}
    assert bands == {50: (6.0, None), 25: (1.0, 5.0)}  # the 50 mg had taken the 1-to-5 band (a double dose at 3)
    [usual] = parse_sentence("Initiate PROMACTA at a dose of 50 mg once daily, except in patients who are of "
                             "East-/Southeast-Asian ancestry or who have mild to severe hepatic impairment "
                             "(Child-Pugh class A, B, C).")
    assert usual["amount"].low == 50 and "hepatic" not in usual  # not a dose for hepatic impairment


def test_a_flattened_table_running_into_the_next_numbered_heading_is_cut_there() -> None:
    text = ("2.1 Recommended Dosage for PFIC in Patients Aged 3 Months and Older Body Weight (kg) Once Daily Dosage "
            "(mcg) 7.4 and below 200 55.5 and above 2,400 2.2 Recommended Dosage for Alagille Syndrome (ALGS) in "
            "Patients Aged 12 Months and Older The recommended dosage is 120 mcg/kg taken orally once daily. "
            "Give 2.5 Units per kg once daily.")
    assert [s.text.split()[0] for s in sentences(text)] == ["2.1", "2.2", "Give"]  # not at "2.5 Units"
    [algs] = [r for r in _parsed(text) if r.amount and r.amount.low == 120]
    assert algs.age_years.low == 1.0  # the ALGS heading's 12 months, not the PFIC table's 3 months


def test_advice_against_childrens_use_for_one_indication_is_not_advice_against_the_drug() -> None:
    assert parse_sentence("These study data are insufficient to demonstrate efficacy and, therefore, KINERET is not "
                          "recommended for pediatric use in JRA.") == []
    [avoid] = parse_sentence("Metoprolol succinate extended-release tablet is not recommended in pediatric patients "
                             "< 6 years of age.")
    assert avoid["kind"] is DoseKind.AVOID


def test_children_with_a_condition_are_not_children() -> None:
    from clinical.dose_guards import _against_children

    assert not _against_children("Depakote ER is contraindicated in patients known to have mitochondrial disorders "
                                 "caused by POLG mutations and children under two years of age who are clinically "
                                 "suspected of having a mitochondrial disorder.")
    assert _against_children("Codeine Sulfate Tablets are contraindicated in children younger than 12 years of age.")


def test_groups_listed_as_alternatives_each_get_the_dose() -> None:
    # escitalopram 2.5 and olanzapine-like wording: a dose for the elderly OR for hepatic impairment, never a dose
    # only for an elderly patient who also has hepatic impairment
    rules = parse_sentence("The recommended dosage for most elderly patients and patients with hepatic impairment "
                           "is 10 mg once daily.")
    assert {(r.get("population"), r.get("hepatic")) for r in rules} == {
        (DosePopulation.GERIATRIC, None), (None, ("mild", "moderate", "severe"))}
    assert all(r["amount"].low == 10.0 for r in rules)
    # one patient group with a condition stays one rule
    rules = parse_sentence("The recommended dose in elderly patients with moderate hepatic impairment is 5 mg once "
                           "daily.")
    assert [(r.get("population"), r.get("hepatic")) for r in rules] == [(DosePopulation.GERIATRIC, ("moderate",))]


def test_a_bracketed_cross_reference_starts_a_sentence() -> None:
    # paliperidone 2.5: the renal sentence ran on into the hepatic paragraph, and "not recommended below CrCl 10"
    # became a rule for a patient with both
    text = ("As INVEGA has not been studied in patients with creatinine clearance below 10 mL/min, use is not "
            "recommended in such patients. [See Clinical Pharmacology (12.3) ] Hepatic Impairment For patients with "
            "mild to moderate hepatic impairment, no dose adjustment is recommended.")
    assert len(sentences(text)) == 2


def test_a_rounding_step_is_its_own_rule_and_the_dose_beside_it_keeps_its_limit() -> None:
    rules = parse_sentence("The recommended dosage of Tasigna for pediatric patients is 230 mg/m 2 orally twice daily, "
                           "rounded to the nearest 50 mg dose (to a maximum single dose of 400 mg) (see Table 3).")
    rounding, dose = rules
    assert rounding["kind"] is DoseKind.ROUND and rounding["basis"] is DoseBasis.PER_DOSE
    assert (rounding["rounding"].low, rounding["rounding"].unit) == (50.0, "mg")
    assert dose["amount"].low == 230.0 and dose["max_per_dose"].low == 400.0
    [daily] = parse_sentence("Round all total daily doses to nearest 25 mg increment ( 2.1 )")
    assert daily["basis"] is DoseBasis.PER_DAY and daily["rounding"].low == 25.0
    [caption] = parse_sentence("Total Daily Dosage Rounded to Nearest 25 mg")
    assert caption["basis"] is DoseBasis.PER_DAY
    # "round up" is another rule than "nearest": not read
    assert not parse_sentence("Divide the daily dosage into two equal doses and round up to the nearest 50 mg.")


def test_a_reduction_by_a_half_or_a_third_is_a_percentage() -> None:
    [half] = parse_sentence("Moderate or Severe Hepatic Impairment : Reduce initial daily dose by one-half ( 2.7 )")
    assert half["kind"] is DoseKind.REDUCE and half["reduction_percent"] == 50.0
    assert half["hepatic"] == ("moderate", "severe")
    rounding, third = parse_sentence(
        "For patients with severe hepatic impairment (Child-Pugh C), reduce the ZYKADIA dose by approximately "
        "one-third, rounded to the nearest multiple of the 150 mg dosage strength.")
    assert third["reduction_percent"] == pytest.approx(100 / 3) and third["hepatic"] == ("severe",)
    assert rounding["rounding"].low == 150.0 and rounding["hepatic"] == ("severe",)  # the reduced dose's rounding


def test_a_start_and_its_target_give_the_start_and_adolescents_are_12_to_17() -> None:
    # trimipramine: "Adolescent and Geriatric Patients—Initially, … 50 mg/day …, with gradual increments up to 100"
    rules = parse_sentence("Adolescent and Geriatric Patients—Initially, a dose of 50 mg/day is recommended, with "
                           "gradual increments up to 100 mg/day, depending upon patient response and tolerance.")
    assert {(r["population"], r.get("age_years")) for r in rules} == {
        (DosePopulation.GERIATRIC, None), (DosePopulation.PEDIATRIC, NumericRange(low=12, high=18, high_inclusive=False))}
    assert all(r["kind"] is DoseKind.STARTING and r["amount"].low == 50.0 for r in rules)
    [start] = parse_sentence("Outpatients —Initially, 75 mg/day in divided doses, increased to 150 mg/day.")
    assert start["amount"].low == 75.0 and start["kind"] is DoseKind.STARTING


def test_a_starting_dose_that_is_one_half_of_the_usual_is_a_reduction() -> None:
    [share] = parse_sentence("2.4 Dosage Modification in Patients with Hepatic Impairment The recommended starting "
                             "dosage in patients with hepatic impairment is one-half of the original dosage per night.")
    assert share["kind"] is DoseKind.REDUCE and share["reduction_percent"] == 50.0


def test_an_efficacy_statement_and_ages_without_a_unit() -> None:
    # isosorbide mononitrate: a trial's finding, not a dose
    assert not parse_sentence("Doses of 5 mg twice a day are clearly effective (effectiveness based on exercise "
                              "tolerance) for only the first day of a twice-a-day regimen.")
    from nlp.dose_rules import population_of
    assert population_of("25 mg per day (ages 6 to 12)")["age_years"] == NumericRange(low=6, high=12)


def test_from_newborn_is_from_birth() -> None:
    from nlp.dose_rules import population_of
    assert population_of("pediatric patients from newborn to 17 years")["age_years"] == NumericRange(low=0, high=17)


def test_a_flattened_tables_population_row_heading_starts_a_sentence_after_the_regimen_before_it() -> None:
    # diazepam's usual-dose table, flattened in the label text: the geriatric row's heading ran on after the
    # convulsive-disorders dose and made that 2-10 mg a geriatric dose
    text = ("Adjunctively in Convulsive Disorders. 2 mg to 10 mg, 2 to 4 times daily Geriatric Patients, or in the "
            "presence of debilitating disease. 2 mg to 2.5 mg, 1 or 2 times daily initially; increase gradually as "
            "needed and tolerated.")
    assert [s.text.split()[0] for s in sentences(text)] == ["Adjunctively", "2", "Geriatric", "2"]
    # fosdenopterin: a titration table's last row ran on into the dose for older patients
    run_on = ("Month 3 0.9 mg/kg once daily 0.9 mg/kg once daily Recommended Dosage in Patients One Year of Age or "
              "Older: 0.9 mg/kg given as an intravenous infusion once daily.")
    assert sentences(run_on)[-1].text.startswith("Recommended Dosage in Patients One Year")
    # a dose-reduction level is no population: "25 mg twice daily Dose Reduction 15 mg twice daily" stays one
    assert len(sentences("Initial Dose 25 mg twice daily Dose Reduction 15 mg twice daily")) == 1


def test_not_for_use_in_children_under_an_age_is_advice_against_use_below_that_age() -> None:
    [avoid] = parse_sentence("Not for use in pediatric patients under 6 months.")
    assert avoid["kind"] is DoseKind.AVOID and avoid["population"] is DosePopulation.PEDIATRIC
    assert avoid["age_years"].high == 0.5 and not avoid["age_years"].high_inclusive


def test_a_renal_grade_named_without_a_range_is_read_as_its_clearance_band() -> None:
    [ribociclib] = parse_sentence("The recommended starting dose is 200 mg KISQALI once daily for patients with severe "
                                  "renal impairment.")
    assert (ribociclib["renal"].low, ribociclib["renal"].high, ribociclib["renal"].high_inclusive) == (15, 30, False)
    [both] = parse_sentence("In patients with mild or moderate renal impairment, the dose is 10 mg once daily.")
    assert (both["renal"].low, both["renal"].high) == (30, 60 + 30)
    [end_stage] = parse_sentence("In patients with severe renal impairment or end-stage renal disease, give 5 mg daily.")
    assert end_stage["renal"].low is None and end_stage["renal"].high == 30
    # one indication's patients: the label doses that grade otherwise for its other indications
    assert not parse_sentence("There is no recommended dose of LENVIMA for patients with HCC and severe renal "
                              "impairment.")
    assert not any("renal" in rule for rule in parse_sentence(
        "For patients with atopic dermatitis, the maximum recommended dosage is 15 mg once daily for patients with "
        "severe renal impairment."))
    # an experience, not a dose
    assert not parse_sentence("A dose of 100 mg/day was tolerated in two patients with severe renal impairment.")


def test_a_grade_named_in_a_heading_and_again_in_its_sentence_is_one_grade() -> None:
    # PEXEVA 2.4: the heading and the sentence both name severe renal impairment, among other groups
    rules = parse_sentence("2.4 Recommended Dosage Modifications for Elderly Patients, Patients with Severe Renal "
                           "Impairment and Patients with Severe Hepatic Impairment The recommended initial dose is "
                           "10 mg/day for elderly patients, patients with severe renal impairment and patients with "
                           "severe hepatic impairment.")
    renal = [r for r in rules if r.get("renal")]
    assert len(renal) == 1 and (renal[0]["renal"].low, renal[0]["renal"].high) == (15, 30)
    assert renal[0]["amount"].low == 10 and not renal[0].get("hepatic") and not renal[0].get("population")
    # two different grades: whose dose is whose is not said
    assert not any(r.get("renal") for r in parse_sentence(
        "In mild renal impairment give 10 mg daily; in severe renal impairment give 5 mg daily."))


def test_a_reductions_steps_under_a_condition_give_the_doses_they_lower_to() -> None:
    # brigatinib 2.6/2.7: "approximately 40 %" is the steps', not a share to apply to every dose
    [hepatic] = parse_sentence("Reduce the ALUNBRIG once daily dose by approximately 40% (i.e., from 180 mg to 120 mg, "
                               "120 mg to 90 mg, or from 90 mg to 60 mg) for patients with severe hepatic impairment "
                               "(Child-Pugh C).")
    assert (hepatic["amount"].low, hepatic["amount"].high, hepatic["hepatic"]) == (60, 120, ("severe",))
    assert hepatic["doses_per_day"] == 1 and hepatic["kind"] is DoseKind.DOSE
    # an interacting drug's steps, or steps that do not lower: no dose
    assert not parse_sentence("If coadministration of a strong CYP3A inhibitor cannot be avoided, reduce the ALUNBRIG "
                              "once daily dose by approximately 50% (i.e., from 180 mg to 90 mg, or from 90 mg to "
                              "60 mg).")
    assert not any(r.get("amount") and r["amount"].high == 180 for r in parse_sentence(
        "In patients with severe renal impairment, reduce the dose from 90 mg to 180 mg."))


def test_a_drug_given_concurrently_as_its_regimen_is_dosed_but_not_a_dose_when_given_with_another() -> None:
    # primaquine: "should be administered concurrently [with chloroquine] … 1 tablet (equivalent to 15 mg base) daily"
    [primaquine] = parse_sentence("Primaquine phosphate should be administered concurrently in order to eradicate the "
                                  "exoerythrocytic parasites in a dosage of 15 mg base daily for 14 days.")
    assert primaquine["amount"].low == 15 and primaquine["duration"] == "14 days"
    assert not parse_sentence("When used concurrently with a strong CYP3A inhibitor, give 15 mg daily.")


def test_advice_for_one_indications_patients_with_a_grade_is_not_advice_against_use_for_the_grade() -> None:
    assert not parse_sentence("There is no recommended dose for patients with HCC with moderate or severe hepatic "
                              "impairment.")
    [pravastatin] = parse_sentence("2.3 Patients with Renal Impairment In patients with severe renal impairment, a "
                                   "starting dose of 10 mg pravastatin daily is recommended.")
    assert pravastatin["amount"].low == 10 and pravastatin["renal"].high == 30


def test_the_strength_in_the_subject_of_an_established_use_sentence_is_no_dose() -> None:
    [established] = parse_sentence("The safety and efficacy of SPIRIVA RESPIMAT 2.5 mcg have been established in "
                                   "pediatric patients aged 6 to 17 years with asthma.")
    assert established["kind"] is DoseKind.ESTABLISHED and established["age_years"].low == 6


def test_initiating_with_a_dose_is_a_single_starting_dose() -> None:
    [start] = parse_sentence("Initiate treatment with a 1.5 mg dose.")
    assert start["kind"] is DoseKind.STARTING and start["amount"].low == 1.5
    assert start["basis"] is DoseBasis.PER_DOSE and "doses_per_day" not in start


@pytest.mark.parametrize("sentence", [
    # a conversion from what the patient takes now
    "Patients already taking naproxen 250 mg, 375 mg, or 500 mg twice daily (morning and evening) may have their "
    "total daily dose replaced with NAPRELAN Tablets as a single daily dose.",
    # a trial's arms
    "The children ages 1 year to 5 years with endoscopically diagnosed EE were treated once daily for 8 weeks with one "
    "of two dose levels of PROTONIX (approximating 0.6 mg/kg or 1.2 mg/kg).",
])
def test_a_conversion_or_a_trials_dose_levels_are_no_dose(sentence: str) -> None:
    assert not parse_sentence(sentence)


def test_an_interval_in_words_and_a_semicolon_inside_a_parenthesis() -> None:
    # quinidine: "one tablet (324 mg; 202 mg of quinidine base) every eight hours": one sentence, every 8 h
    text = ("In another regimen sometimes used, the patient receives 324 mg (202 mg of quinidine base; one tablet) "
            "every eight hours for two days.")
    assert len(sentences(text)) == 1
    [rule] = parse_sentence(text.replace("In another regimen sometimes used, the patient receives", "Give"))
    assert rule["doses_per_day"] == 3 and rule["amount"].low == 324


def test_a_list_of_indications_each_with_its_dose_under_one_condition() -> None:
    # lenvatinib 2.8: the lead-in states the condition, each item its indication and dose
    rules = parse_sentence("The recommended dosage of LENVIMA for patients with DTC, RCC, or endometrial carcinoma and "
                           "severe renal impairment (creatinine clearance less than 30 mL/min calculated by "
                           "Cockcroft-Gault equation using actual body weight) is: Differentiated thyroid cancer: 14 mg "
                           "orally once daily Renal cell carcinoma: 10 mg orally once daily Endometrial carcinoma: "
                           "10 mg orally once daily")
    assert [(r["indication"], r["amount"].low) for r in rules] == [
        ("Differentiated thyroid cancer", 14), ("Renal cell carcinoma", 10), ("Endometrial carcinoma", 10)]
    assert all(r["renal"].high == 30 and r["doses_per_day"] == 1 for r in rules)
    # amounts without their own names are still not told apart
    assert not parse_sentence("The dose is 14 mg once daily 10 mg once daily.")



def test_each_dose_of_a_list_names_its_indication_after_it() -> None:
    # imatinib 2.2: both amounts were refused as one ambiguous clause
    rules = parse_sentence("The recommended dose of Gleevec is 400 mg/day for adult patients in chronic phase CML and "
                           "600 mg/day for adult patients in accelerated phase or blast crisis.")
    assert [(r["indication"], r["amount"].low, r["basis"].value) for r in rules] == [
        ("chronic phase CML", 400, "per-day"), ("accelerated phase or blast crisis", 600, "per-day")]
    # a renal band or a patient group after each dose is no indication
    assert not any(r.get("indication") for r in parse_sentence(
        "The dose is 10 mg daily for patients with CrCl 30 to 50 mL/min and 5 mg daily for patients with CrCl below "
        "30 mL/min."))
    assert not any(r.get("indication") for r in parse_sentence(
        "Give 400 mg/day for adult patients with severe hepatic impairment and 600 mg/day for adult patients with "
        "mild hepatic impairment."))

def test_a_dose_after_another_forms_titration_under_a_renal_or_hepatic_heading_is_the_livers() -> None:
    # PERSERIS 2.2: the step before (oral risperidone) is no dose of this product; the monthly dose after it is read
    # for hepatic impairment (any class), and not placed for kidneys without a clearance range
    text = ("2.2 Dosage Recommendations for Patients with Renal or Hepatic Impairment Prior to initiating treatment "
            "with PERSERIS in patients with renal or hepatic impairment, titrate with oral risperidone up to at least "
            "3 mg daily. Following oral titration, and based on clinical response and tolerability, the recommended "
            "dosage of PERSERIS is 90 mg once monthly.")
    rules = parse_dosage_text(DosageText(id="L#dosage-0", document_id="L", text=text, section="Dosage", position=0))
    assert [(r.amount.low, r.hepatic, r.renal) for r in rules] == [(90, ("mild", "moderate", "severe"), None)]


def test_a_day_before_to_and_an_amount_is_no_range() -> None:
    # brexpiprazole: "on Day 15 to 2 mg" is not "15 to 2 mg"
    rules = parse_sentence("Increase the dosage on Days 8 through 14 to 1 mg once daily, and on Day 15 to 2 mg once "
                           "daily.")
    assert sorted((r["amount"].low, r["amount"].high) for r in rules) == [(1, None), (2, None)]


def test_a_lead_in_or_heading_that_names_no_indication_gives_none() -> None:
    text = ("2.4 Recommended Dosage in Patients with Renal Impairment The recommended dosage for patients with "
            "moderate renal impairment (CLcr 30 - 59 mL/min) is 0.75 mg taken orally once daily. Adverse Reactions : "
            "Reduce the dose to 0.5 mg once daily. Chronic Liver Disease : The dose is 60 mg once daily.")
    rules = parse_dosage_text(DosageText(id="L#dosage-0", document_id="L", text=text, section="Dosage", position=0))
    assert [(r.amount.low, r.indication) for r in rules if r.amount] == [(0.75, None), (60, "Chronic Liver Disease")]


def test_indication_subheadings_under_a_renal_heading_and_no_dose_change_is_no_advice_against_use() -> None:
    text = ("2.6 Recommended Dosage in Patients with Renal Impairment gBRCAm HER2-negative Locally Advanced or "
            "Metastatic Breast Cancer The recommended dosage of TALZENNA for patients with moderate renal impairment "
            "(CLcr 30 - 59 mL/min) is 0.75 mg taken orally once daily. HRR Gene-mutated mCRPC The recommended dosage "
            "of TALZENNA for patients with moderate renal impairment (CLcr 30 - 59 mL/min) is 0.35 mg taken orally "
            "once daily in combination with enzalutamide.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.indication) for r in rules] == [
        (0.75, "gBRCAm HER2-negative Locally Advanced or Metastatic Breast Cancer"), (0.35, "HRR Gene-mutated mCRPC")]
    text = ("8.6 Hepatic Impairment Dose adjustment for MEKTOVI is not recommended in patients with mild hepatic "
            "impairment. MEKTOVI is not recommended in patients with severe hepatic impairment.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.kind, r.hepatic) for r in rules] == [(DoseKind.AVOID, ("severe",))]
    text = ("2.1 Treatment of Moderate to Severe Vasomotor Symptoms Due to Menopause Take a single BIJUVA capsule "
            "orally once daily with food.")  # the heading ends before the sentence's verb
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0),
                               counts=True)
    assert rule.indication == "Treatment of Moderate to Severe Vasomotor Symptoms Due to Menopause"


def test_a_colon_lead_names_its_sentences_indication_and_a_continued_regimen_of_an_unread_sentence_is_unread() -> None:
    text = ("Recent MI, recent stroke, or established peripheral arterial disease: 75 mg once daily orally without a "
            "loading dose. Subsequent doses: 50 mg once daily.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.indication) for r in rules] == [
        (75.0, "Recent MI, recent stroke, or established peripheral arterial disease"), (50.0, None)]
    text = ("Patients with a body weight of < 30 kg: • IMFINZI 20 mg/kg following a single dose of tremelimumab-actl "
            "4 mg/kg at Day 1 of Cycle 1; • Continue IMFINZI 20 mg/kg as a single agent every 4 weeks.")
    assert [r for r in parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
            if r.amount is not None] == []


@pytest.mark.parametrize(("text", "indication"), [
    ("2.2 Recommended Dosage for Adjunctive Treatment of Major Depressive Disorder (Adults) The recommended starting "
     "dosage is 0.5 mg once daily.", "Adjunctive Treatment of Major Depressive Disorder"),
    ("2.2 Recommended Dosage for Alagille Syndrome (ALGS) in Patients Aged 12 Months and Older The recommended dosage "
     "is 120 mcg/kg taken orally once daily.", "Alagille Syndrome (ALGS)"),
    ("2.5 Recommended Dosage for Tuberous Sclerosis Complex (TSC)-Associated Renal Angiomyolipoma The recommended "
     "dosage is 10 mg orally once daily.", "Tuberous Sclerosis Complex (TSC)-Associated Renal Angiomyolipoma"),
    ("2.2 Recent MI, Recent Stroke, or Established Peripheral Arterial Disease The recommended daily dose is 75 mg "
     "once daily.", "Recent MI, Recent Stroke, or Established Peripheral Arterial Disease"),
    ("2.2 Anorexia Associated with Weight Loss in Adult Patients with AIDS Starting Dosage The recommended adult "
     "starting dosage is 2.1 mg orally twice daily.", "Anorexia Associated with Weight Loss"),
    ("2.1 Initial and Maintenance Dosing The recommended starting dosage is 50 mcg once daily.", None),
    ("2.10 Adult Patients With Metastatic and/or Unresectable GIST The recommended dose of Gleevec is 400 mg/day for "
     "adult patients with unresectable and/or metastatic, malignant GIST.", "Metastatic and/or Unresectable GIST"),
    ("2.3 Pediatric Patients With Ph+ CML CP The recommended dose of Gleevec for children with newly diagnosed Ph+ CML "
     "is 340 mg/m 2 /day (not to exceed 600 mg).", "Ph+ CML CP"),
    ("2.2 Patients with Renal Impairment The recommended dose is 200 mg once daily for CrCl 30 to 59 mL/min.", None),
    ("2.3 Recommended Dosage in Pediatric Patients 10 Years of Age and Older with HeFH The recommended starting dosage "
     "of atorvastatin calcium is 10 mg once daily.", "HeFH"),
    ("2.4 Pediatric Patients 2 Years and Older with Renal Impairment The recommended dose is 5 mg once daily.", None),
])
def test_a_heading_names_its_indication_without_patients_or_the_next_sentence(text: str, indication: str | None) -> None:
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert rule.indication == indication


def test_a_lab_threshold_is_no_heading_and_a_verb_ends_one() -> None:
    text = ("2.6 Dosage Modifications for Patients with Severe Hepatic Impairment Reduce the dose to 60 mg once daily "
            "in patients with severe hepatic impairment (total bilirubin >1.5 ULN).")
    [rule] = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0,
                                          title="8.7 Hepatic Impairment"))
    assert (rule.amount.low, rule.hepatic, rule.indication) == (60.0, ("severe",), None)


def test_all_patients_with_renal_impairment_is_every_grade_but_some_patients_with_any_degree_are_not() -> None:
    [rule] = parse_sentence("To minimize the risk of hypoglycemia, the recommended starting dose of AMARYL is 1 mg daily "
                            "for all patients with type 2 diabetes and renal impairment.")
    assert (rule["amount"].low, rule["renal"].high, rule["renal"].high_inclusive) == (1.0, 90.0, False)
    assert parse_sentence("IMs and PMs Avoid CERDELGA in patients with any degree of renal impairment.") == []


def test_a_highlights_lead_in_for_other_patients_after_a_dose_starts_their_rule() -> None:
    text = ("Recommended starting dosage for adults and pediatric patients over 30 kg ( 2.2 ): • Capsules: 300 mg, "
            "three times daily Recommended starting dosage for pediatric patients 20 to 30 kg ( 2.2 ): • Capsules: "
            "300 mg twice daily")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.doses_per_day, r.weight_kg.low, r.weight_kg.high) for r in rules] == [(3.0, 30.0, None),
                                                                                      (2.0, 20.0, 30.0)]


def test_a_highlights_reference_ends_a_sentence_before_a_hyphenated_heading() -> None:
    text = ("Physicians should consider a dose of 100 mg of KINERET administered every other day for RA patients who have "
            "severe renal insufficiency (defined as creatinine clearance < 30 mL/min) ( 2.4 ) Cryopyrin-Associated "
            "Periodic Syndromes (CAPS) The recommended starting dose of KINERET is 1-2 mg/kg daily for NOMID patients.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    per_kg = [r for r in rules if r.amount.scale is DoseScale.PER_KG]
    assert len(per_kg) == 1 and per_kg[0].renal is None  # not the RA patients' renal condition


@pytest.mark.parametrize(("text", "key"), [
    ("The daily dose of Darifenacin should not exceed 7.5 mg.", "max_per_day"),
    ("The total daily dosage should not exceed 17.5 mL.", "max_per_day"),
    ("A single dose of the drug must not exceed 40 mg.", "max_per_dose"),
])
def test_the_dose_a_limit_speaks_of_says_whether_it_is_per_day_or_per_dose(text: str, key: str) -> None:
    [rule] = parse_sentence(text)
    assert rule["kind"] is DoseKind.MAXIMUM and key in rule and len(
        {"max_per_day", "max_per_dose"} & set(rule)) == 1


def test_a_target_range_is_a_dose_and_the_steps_to_it_are_no_maximum() -> None:
    # iloperidone 2.1: "not to exceed 2 mg twice daily" limits each day's increase, not the dose
    [rule] = parse_sentence("Dose increases to reach the target range of 6-12 mg twice daily (12_24 mg/day) may be made "
                            "with daily dosage adjustments not to exceed 2 mg twice daily (4 mg/day).")
    assert rule["kind"] is DoseKind.DOSE and (rule["amount"].low, rule["amount"].high) == (6, 12)
    assert rule["doses_per_day"] == 2 and "max_per_dose" not in rule and "max_per_day" not in rule


def test_a_highlights_bullet_names_its_indication_and_a_followed_by_dose_keeps_its_own_duration() -> None:
    # ELIQUIS highlights (fda-labels-full): each bullet's indication before its sub-bullet's dose
    text = ("2 DOSAGE AND ADMINISTRATION • Reduction of risk of stroke and systemic embolism in nonvalvular atrial "
            "fibrillation: o The recommended dose is 5 mg orally twice daily. (2.1) • Treatment of DVT and PE: o The "
            "recommended dose is 10 mg taken orally twice daily for 7 days, followed by 5 mg taken orally twice daily. "
            "(2.1) • Reduction in the risk of recurrent DVT and PE following initial therapy: o The recommended dose "
            "is 2.5 mg taken orally twice daily.")
    rules = parse_dosage_text(DosageText(id="x", document_id="x", text=text, section="dosage", position=0))
    assert [(r.amount.low, r.indication, r.duration) for r in rules if r.amount is not None] == [
        (5.0, "Reduction of risk of stroke and systemic embolism in nonvalvular atrial fibrillation", None),
        (10.0, "Treatment of DVT and PE", "7 days"), (5.0, "Treatment of DVT and PE", None),
        (2.5, "Reduction in the risk of recurrent DVT and PE following initial therapy", None)]
