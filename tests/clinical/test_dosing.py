"""Dose calculation: arithmetic, caps, renal rules and refusals, on rules parsed from real label sentences."""

from __future__ import annotations

import pytest

from clinical import dose_guards
from clinical.body_size import label_body
from clinical.dosing import DoseStatus, LabelDosage, compute_doses
from clinical.indication_match import asked_indications, names_condition
from clinical.patient import HepaticImpairment, PatientContext
from graph.models import DosageText
from nlp.dose_rules import parse_dosage_text
from nlp.dose_tables import TABLE_SECTION, parse_dosage, parse_label_dosage

AMOXICILLIN = ("2.2 Dosage in Pediatric Patients Pediatric patients aged 3 months to 12 years weighing less than or "
               "equal to 40 kg : the recommended dose is 90 mg/kg/day divided every 12 hours, administered for 10 "
               "days. 2.3 Dosage in Adult Patients Experience in adults is not available.")
METFORMIN = ("Adults The usual starting dose of metformin hydrochloride tablets is 500 mg twice a day or 850 mg once "
             "a day, given with meals. The maximum recommended daily dose of metformin hydrochloride tablets is 2550 "
             "mg in adults and 2000 mg in pediatric patients (10 to 16 years of age). Recommendations for Use in "
             "Renal Impairment Metformin hydrochloride tablet is contraindicated in patients with an estimated "
             "glomerular filtration rate (eGFR) below 30 mL/minute/1.73 m 2 .")
CAPPED = ("The recommended dose is 25 mg/kg/day divided every 12 hours, not to exceed 500 mg per dose. "
          "In patients with CrCl less than 30 mL/min, the recommended dose is 250 mg once daily.")
BSA = "Administer 375 mg/m 2 as an intravenous infusion once weekly for 4 doses."
HEPATIC = "The recommended dose in patients with mild hepatic impairment (Child-Pugh Class A) is 200 mg twice daily."


def label(text: str, version: str = "7") -> list[LabelDosage]:
    dosage = DosageText(id="SETID:x@v7#dosage-0", document_id="SETID:x@v7", text=text, section="dosage",
                        position=0, set_id="x", version=version)
    return [LabelDosage(text_id=dosage.id, text=text, document_id=dosage.document_id, set_id="x", version=version,
                        published="2024-12-01", title="TEST LABEL", rules=tuple(parse_dosage_text(dosage)))]


def table_label(table: str) -> LabelDosage:
    """A dosing table of the same label document, as ingest stores it (its own DosageText)."""
    dosage = DosageText(id="SETID:x@v7#dosage-1", document_id="SETID:x@v7", text=table, section=TABLE_SECTION,
                        position=1)
    return LabelDosage(text_id=dosage.id, text=table, document_id=dosage.document_id, set_id="x", version="7",
                       published="2024-12-01", title="TEST LABEL", rules=tuple(parse_dosage(dosage)))


def computed(text: str, **patient: object) -> list:
    answer = compute_doses(label(text), PatientContext(**patient))
    return answer.computed


def test_mg_per_kg_per_day_with_the_arithmetic_and_citation() -> None:
    [dose] = computed(AMOXICILLIN, age_years=3, weight_kg=14)
    assert dose.summary.startswith("90 mg/kg/day × 14 kg = 1260 mg/day, in 2 doses of 630 mg every 12 h")
    assert (dose.per_day_low, dose.per_dose_low, dose.unit) == (1260, 630, "mg")
    citation = dose.citation
    assert (citation.document_id, citation.version, citation.published) == ("SETID:x@v7", "7", "2024-12-01")
    assert AMOXICILLIN[citation.start:citation.end] == citation.sentence and "90 mg/kg/day" in citation.sentence


def test_the_stated_maximum_per_dose_caps_the_computed_dose() -> None:
    [dose] = computed(CAPPED, age_years=30, weight_kg=50, creatinine_clearance=90)
    assert dose.summary.startswith("25 mg/kg/day × 50 kg = 1250 mg/day, in 2 doses of 625 mg every 12 h; capped by "
                                   "the label's maximum to 1000 mg/day, in 2 doses of 500 mg every 12 h")
    assert dose.capped and dose.per_dose_high == 500 and dose.per_day_high == 1000
    assert "max 500 mg/dose" in dose.summary


def test_a_maximum_that_continues_a_regimen_caps_that_regimen_not_a_later_paragraphs() -> None:
    # carbamazepine's label: a 6-year-old was shown "max 1200 mg/day" — the trigeminal neuralgia paragraph's, the
    # loosest of the maxima stated for no indication — not the 1000 mg that follows the children's regimen
    text = ("Epilepsy Children 6 to 12 years of age-Initial: Either 100 mg twice a day for tablets. Dosage generally "
            "should not exceed 1000 mg daily. Trigeminal Neuralgia Initial: On the first day, either 100 mg twice a "
            "day for tablets. Do not exceed 1200 mg daily.")
    [dose] = computed(text, age_years=8, weight_kg=25)
    assert dose.summary == "100 mg per dose twice a day = 200 mg/day; max 1000 mg/day"


def test_a_renal_rule_replaces_the_usual_dose_when_the_patient_is_in_its_range() -> None:
    [dose] = computed(CAPPED, age_years=70, weight_kg=60, creatinine_clearance=20)
    assert (dose.per_dose_low, dose.doses_per_day) == (250, 1)
    [usual] = computed(CAPPED, age_years=70, weight_kg=60, creatinine_clearance=60)
    assert (usual.per_day_low, usual.per_dose_low, usual.capped) == (1000, 500, True)


def test_a_serum_creatinine_gives_a_cockcroft_gault_crcl_the_dose_rests_on_and_shows() -> None:
    # (140 − 82) × 55 ÷ (72 × 1.6) × 0.85 = 23.5 mL/min: the renal rule (CrCl below 30) applies
    [dose] = computed(CAPPED, age_years=82, weight_kg=55, sex="female", serum_creatinine=1.6)
    assert (dose.per_dose_low, dose.doses_per_day) == (250, 1)
    assert any(c.startswith("CrCl ≈ 23.5 mL/min, estimated by Cockcroft–Gault") and "× 0.85 (female)" in c
               for c in dose.cautions)
    # a man of 40 with a normal creatinine: (140 − 40) × 60 ÷ (72 × 0.9) = 92.6 mL/min, the usual dose
    [usual] = computed(CAPPED, age_years=40, weight_kg=60, sex="male", serum_creatinine=0.9)
    assert usual.per_dose_high == 500 and any("CrCl ≈ 92.6 mL/min" in c for c in usual.cautions)
    # a stated CrCl wins over the estimate; without the sex no estimate is made
    assert PatientContext(age_years=82, weight_kg=55, sex="female", serum_creatinine=1.6,
                          creatinine_clearance=40).renal_function == 40
    assert PatientContext(age_years=82, weight_kg=55, serum_creatinine=1.6).renal_function is None


def test_renal_function_not_given_is_said() -> None:
    [dose] = computed(CAPPED, age_years=40, weight_kg=60)
    assert any("renal function (not given)" in caution for caution in dose.cautions)


def test_maxima_of_the_patients_population_apply() -> None:
    doses = computed(METFORMIN, age_years=50, egfr=90)
    assert [(d.per_dose_low, d.per_day_high) for d in doses] == [(500, 1000), (850, 850)]
    assert all("max 2550 mg/day" in d.summary for d in doses)


def test_not_recommended_below_the_renal_threshold() -> None:
    answer = compute_doses(label(METFORMIN), PatientContext(age_years=50, egfr=25))
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]
    assert "eGFR < 30" in answer.doses[0].summary and "contraindicated" in answer.doses[0].citation.sentence


def test_body_surface_area_from_height_and_weight() -> None:
    [dose] = computed(BSA, age_years=50, weight_kg=70, height_cm=170)
    assert dose.summary.startswith("375 mg/m² × 1.82 m² = 682.5 mg per dose once weekly")
    assert any("Mosteller" in step for step in dose.cautions)


def test_hepatic_class_selects_the_hepatic_rule() -> None:
    [dose] = computed(HEPATIC, age_years=50, hepatic_impairment=HepaticImpairment.MILD)
    assert (dose.per_dose_low, dose.per_day_low) == (200, 400)
    assert computed(HEPATIC, age_years=50, hepatic_impairment=HepaticImpairment.SEVERE) == []


@pytest.mark.parametrize(("text", "patient", "reason"), [
    (AMOXICILLIN, {"age_years": 3}, "weight"),
    (AMOXICILLIN, {"age_years": 40, "weight_kg": 70}, "states no dose for adult"),
    (AMOXICILLIN, {"age_years": 11, "weight_kg": 45}, "states no dose for child"),
    (AMOXICILLIN, {"weight_kg": 14}, "age"),
    (METFORMIN, {"age_years": 8}, "states no dose for child"),
    (BSA, {"age_years": 50, "weight_kg": 70}, "height"),
    ("The dosage is two 375 mg or 500 mg tablets once daily.", {"age_years": 50}, "unambiguously"),
    ("The recommended dose of ELAHERE is 6 mg/kg adjusted ideal body weight administered as an intravenous "
     "infusion every 3 weeks.", {"age_years": 58, "weight_kg": 70, "height_cm": 165}, "adjusted ideal body weight"),
])
def test_refusals_say_why_and_show_the_text(text: str, patient: dict, reason: str) -> None:
    answer = compute_doses(label(text), PatientContext(**patient))
    assert answer.computed == [] and answer.message
    assert all(d.status is DoseStatus.REFUSED for d in answer.doses)
    assert any(reason in d.summary for d in answer.doses), [d.summary for d in answer.doses]
    assert all(d.citation.dosage_text_id == "SETID:x@v7#dosage-0" for d in answer.doses)


def test_no_label_no_number() -> None:
    answer = compute_doses([], PatientContext(age_years=30))
    assert answer.doses == () and "No drug label" in answer.message


RASBURICASE = ("The recommended dose is 0.2 mg/kg as a 30-minute intravenous infusion daily for up to 5 days. "
               "8.4 Pediatric Use The safety and effectiveness have been established in pediatric patients ages 1 "
               "month to 17 years.")


def test_a_weight_based_dose_serves_a_child_where_the_label_establishes_pediatric_use() -> None:
    (dose,) = computed(RASBURICASE, age_years=8, weight_kg=25)
    assert dose.per_day_low == 5 and any("established in pediatric" in c for c in dose.cautions)
    assert computed(RASBURICASE, age_years=50, weight_kg=80)[0].per_day_low == 16
    # a fixed dose is carried over to a child only where the label doses every age alike (nothing in its dosing
    # text about children or weight but the established-use statement): see
    # test_a_label_that_doses_every_age_alike_serves_the_children_it_establishes
    fixed = RASBURICASE.replace("0.2 mg/kg", "20 mg") + " Pediatric dosing is described in Table 2."
    assert computed(fixed, age_years=8, weight_kg=25) == []
    unstated = RASBURICASE.split(" 8.4")[0]  # no word on children: the adult default stays adult
    assert computed(unstated, age_years=8, weight_kg=25) == []


def test_not_recommended_below_an_age() -> None:
    text = ("If selected for treatment, the recommended starting dose in pediatric patients 6 to 16 years of age is "
            "1 mg/kg once daily. Metoprolol succinate is not recommended in pediatric patients < 6 years of age.")
    answer = compute_doses(label(text), PatientContext(age_years=4, weight_kg=16))
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]
    assert "pediatric patients aged" in answer.doses[0].summary
    assert computed(text, age_years=10, weight_kg=30)[0].per_dose_low == 30


VENETOCLAX = ("The recommended dosage of VENCLEXTA is 400 mg orally once daily. 2.7 Dosage Modifications for Patients "
              "with Severe Hepatic Impairment Reduce the VENCLEXTA once daily dose by 50% for patients with severe "
              "hepatic impairment (Child-Pugh C). No dose adjustment is recommended for patients with mild or "
              "moderate hepatic impairment.")


def test_a_percentage_reduction_for_the_patients_hepatic_class_is_applied_and_shown() -> None:
    [reduced] = computed(VENETOCLAX, age_years=65, hepatic_impairment=HepaticImpairment.SEVERE)
    assert reduced.per_dose_low == 200
    assert reduced.summary.startswith("400 mg × 0.5 (50 % less for severe hepatic impairment) = 200 mg per dose")
    assert any("Reduce the VENCLEXTA once daily dose by 50%" in step for step in reduced.cautions)
    [usual] = computed(VENETOCLAX, age_years=65, hepatic_impairment=HepaticImpairment.MODERATE)
    assert usual.per_dose_low == 400  # "no dose adjustment … mild or moderate": the usual dose stands


def test_a_hepatic_change_in_words_not_read_refuses_instead_of_the_usual_dose() -> None:
    text = VENETOCLAX.replace("Reduce the VENCLEXTA once daily dose by 50%", "Consider a lower dose")
    answer = compute_doses(label(text), PatientContext(age_years=65, hepatic_impairment=HepaticImpairment.SEVERE))
    assert not answer.computed
    assert "severe hepatic impairment" in answer.doses[0].summary and "lower dose" in answer.doses[0].summary
    cited = answer.doses[0].citation  # the unread sentence is quoted where it stands, for the page to mark
    assert cited.sentence and "lower dose" in cited.sentence and text[cited.start:cited.end] == cited.sentence


def test_a_study_description_is_no_dose() -> None:
    text = ("The safety and effectiveness of ERBITUX in pediatric patients have not been established. ERBITUX was "
            "administered once-weekly, at doses up to 250 mg/m 2 , to 27 patients ranging from 1 to 12 years old.")
    assert not computed(text, age_years=12, weight_kg=40, height_cm=150)


def test_a_table_rows_dose_cites_the_row_with_the_tables_caption_and_header() -> None:
    from nlp.dose_tables import TABLE_SECTION, parse_dosage, table_text

    text = table_text(
        "<table><caption>Table 1: Dose in Adult Patients With Renal Impairment (Administered Orally Once Daily)"
        "</caption><thead><tr><th>Estimated Creatinine Clearance</th><th>Recommended Dose</th></tr></thead><tbody>"
        "<tr><td>CLcr 30 to 89 mL/min</td><td>8 mg</td></tr><tr><td>CLcr 15 to 29 mL/min</td><td>4 mg</td></tr>"
        "</tbody></table>") or ""
    dosage = DosageText(id="SETID:x@v7#dosage-9", document_id="SETID:x@v7", text=text, section=TABLE_SECTION,
                        position=9, set_id="x", version="7")
    labels = [LabelDosage(text_id=dosage.id, text=text, document_id=dosage.document_id, set_id="x", version="7",
                          rules=tuple(parse_dosage(dosage)))]
    [dose] = compute_doses(labels, PatientContext(age_years=70, creatinine_clearance=20)).computed
    assert dose.per_dose_low == 4 and dose.citation.sentence == "| CLcr 15 to 29 mL/min | 4 mg |"
    assert dose.citation.table_header.endswith("| Estimated Creatinine Clearance | Recommended Dose |")
    assert text[dose.citation.start:dose.citation.end] == dose.citation.sentence


def test_a_pregnant_patient_gets_the_labels_sentence_against_use_instead_of_a_dose() -> None:
    warning = {"population": "pregnancy", "kind": "contraindication", "section": "Contraindications",
               "text": "Femara is contraindicated in women who are or may become pregnant.", "document_id": "SETID:x@v7",
               "url": None}
    answer = compute_doses(label(HEPATIC), PatientContext(age_years=35, pregnant=True,
                                                          hepatic_impairment=HepaticImpairment.MILD), [warning])
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED] and not answer.computed
    assert "contraindicated in women who are or may become pregnant" in answer.doses[0].citation.sentence
    harm = {**warning, "kind": "population-section", "section": "Pregnancy",
            "text": "Based on animal data, it can cause fetal harm when administered to a pregnant woman."}
    [dose] = compute_doses(label(HEPATIC), PatientContext(age_years=35, pregnant=True,
                                                          hepatic_impairment=HepaticImpairment.MILD), [harm]).computed
    assert dose.per_dose_low == 200 and any("can cause fetal harm" in c for c in dose.cautions)
    [unaffected] = computed(HEPATIC, age_years=35, hepatic_impairment=HepaticImpairment.MILD)
    assert unaffected.per_dose_low == 200  # not pregnant: the warning rows are not asked for


def test_a_label_not_indicated_in_pregnancy_gives_a_pregnant_woman_no_dose() -> None:
    section = {"population": "pregnancy", "kind": "population-section", "section": "Pregnancy", "url": None,
               "document_id": "SETID:x@v7", "text": "8.1 Pregnancy Risk Summary BIJUVA is not indicated for use in "
               "pregnancy. There are no data with the use of BIJUVA in pregnant women."}
    answer = compute_doses(label(HEPATIC), PatientContext(age_years=35, pregnant=True,
                                                          hepatic_impairment=HepaticImpairment.MILD), [section])
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]
    assert "not indicated for use in pregnancy" in answer.doses[0].citation.sentence
    children = {**section, "population": "pediatric", "text": "BIJUVA is not indicated for use in pediatric patients."}
    [dose] = compute_doses(label(HEPATIC), PatientContext(age_years=35, pregnant=True,  # another group's sentence
                                                          hepatic_impairment=HepaticImpairment.MILD), [children]).computed
    assert dose.per_dose_low == 200


def test_a_daily_limit_on_counted_units_gives_fewer_whole_doses_not_a_fraction_of_a_capsule() -> None:
    text = ("The usual adult dosage is two capsules orally every 4 hours, as needed. No more than ten capsules should "
            "be taken in a 24-hour period.")
    dosage = DosageText(id="SETID:x@v7#dosage-0", document_id="SETID:x@v7", text=text, section="dosage", position=0)
    rules = tuple(parse_label_dosage([dosage]))
    doses = LabelDosage(text_id=dosage.id, text=text, document_id=dosage.document_id, set_id="x", version="7",
                        published="2024-12-01", title="TEST LABEL", rules=rules)
    [dose] = compute_doses([doses], PatientContext(age_years=45, weight_kg=80)).computed
    assert (dose.per_dose_low, dose.per_day_high, dose.doses_per_day, dose.unit) == (2, 10, 5, "capsule")
    assert "at most 5 doses of 2 capsules a day" in dose.summary and "max 10 capsules/day" in dose.summary
    [mass] = computed("The recommended dose is 25 mg/kg/day divided every 12 hours, not to exceed 1000 mg per day.",
                      age_years=30, weight_kg=50)  # an amount of drug is cut per dose as before
    assert (mass.per_dose_high, mass.per_day_high) == (500, 1000)


def test_a_renal_change_in_words_not_read_refuses_and_no_adjustment_does_not() -> None:
    text = ("The recommended dose is 20 mg once daily. The initial dosage should be reduced in patients with severe "
            "renal impairment.")
    answer = compute_doses(label(text), PatientContext(age_years=50, creatinine_clearance=20))
    assert not answer.computed and "severe renal impairment" in answer.doses[0].summary
    [moderate] = computed(text, age_years=50, creatinine_clearance=45)  # the sentence is about severe only
    assert moderate.per_dose_low == 20
    fine = "The recommended dose is 20 mg once daily. Dosage adjustment in patients with renal impairment is not necessary."
    assert computed(fine, age_years=50, creatinine_clearance=20)[0].per_dose_low == 20
    # a dose stated for the grade in words ("… for patients with severe renal impairment", no CrCl range) is that
    # grade's dose (CrCl/eGFR 15 to < 30), never the usual one; a study that finds no need to adjust changes nothing
    stated = ("The recommended dose is 600 mg once daily. The recommended starting dose is 200 mg once daily for "
              "patients with severe renal impairment.")
    assert [d.per_dose_low for d in compute_doses(label(stated), PatientContext(age_years=50, egfr=20)).computed] \
        == [200]
    assert not compute_doses(label(stated), PatientContext(age_years=50, egfr=10)).computed  # below the band
    study = ("The recommended dose is 3.6 mg every 28 days. Pharmacokinetic studies in patients with renal impairment "
             "do not indicate a need for dose adjustment.")
    assert computed(study, age_years=70, creatinine_clearance=25)[0].per_dose_low == 3.6


NORTRIPTYLINE = ("Usual Adult Dose – 25 mg three or four times daily; dosage should begin at a low level and be "
                 "increased as required. Elderly and Adolescent Patients – 30 to 50 mg/day, in divided doses, or the "
                 "total daily dosage may be given once a day.")


def test_an_older_patient_gets_the_labels_geriatric_dose_and_an_adult_the_adult_one() -> None:
    [older] = computed(NORTRIPTYLINE, age_years=78, weight_kg=60)
    assert (older.per_day_low, older.per_day_high) == (30, 50)
    [adult] = computed(NORTRIPTYLINE, age_years=45, weight_kg=68)
    assert adult.per_dose_low == 25 and adult.doses_per_day == 4


def test_a_child_gets_the_labels_sentence_against_use_in_children_of_its_age_only() -> None:
    codeine = {"population": "pediatric", "kind": "contraindication", "section": "Contraindications",
               "text": "Codeine Sulfate Tablets are contraindicated in children younger than 12 years of age.",
               "document_id": "SETID:x@v7", "url": None}
    answer = compute_doses(label(NORTRIPTYLINE), PatientContext(age_years=8, weight_kg=25), [codeine])
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]
    assert "younger than 12 years" in answer.doses[0].citation.sentence
    older = compute_doses(label(NORTRIPTYLINE), PatientContext(age_years=15, weight_kg=55), [codeine])
    assert DoseStatus.NOT_RECOMMENDED not in {d.status for d in older.doses}
    for text in ("Statins can cause serious adverse reactions in nursing infants; women who require it should not "
                 "breastfeed.", "Contraindicated in patients with severe hepatic impairment (Child-Pugh C)."):
        other = compute_doses(label(NORTRIPTYLINE), PatientContext(age_years=8, weight_kg=25),
                              [{**codeine, "text": text}])
        assert DoseStatus.NOT_RECOMMENDED not in {d.status for d in other.doses}, text


def test_a_label_against_use_in_the_patients_renal_grade_is_not_recommended_with_its_sentence() -> None:
    text = ("The recommended dosage is 123 mg orally once every other day. GALAFOLD is not recommended for use in "
            "patients with severe renal impairment or end-stage renal disease requiring dialysis.")
    answer = compute_doses(label(text), PatientContext(age_years=50, weight_kg=70, egfr=25))
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED] and not answer.computed
    assert answer.doses[0].citation.sentence.startswith("GALAFOLD is not recommended")
    [usual] = computed(text, age_years=50, weight_kg=70, egfr=70)
    assert usual.per_dose_low == 123


def test_a_maximum_under_another_indication_or_for_another_formulation_caps_nothing() -> None:
    text = ("2.1 Anorexia The recommended starting dosage is 2.1 mg orally twice daily. Maximum Dosage: 8.4 mg twice "
            "daily. 2.2 Nausea and Vomiting The recommended dosage is 10 mg orally three times daily. Maximum dose of "
            "oral suspension is 5 mg three times daily.")
    doses = {d.indication: d for d in computed(text, age_years=40, weight_kg=70)}
    assert doses["Nausea and Vomiting"].per_dose_low == 10 and not doses["Nausea and Vomiting"].capped
    assert doses["Anorexia"].per_dose_low == 2.1


def test_a_child_of_the_ages_the_label_doses_as_adults_gets_the_adult_dose() -> None:
    text = ("The recommended dosage of BAVENCIO is 800 mg administered as an intravenous infusion over 60 minutes every "
            "2 weeks. The recommended dose in pediatric patients 12 years of age or greater is the same as that in "
            "adults.")
    [teen] = computed(text, age_years=14, weight_kg=52)
    assert teen.per_dose_low == 800
    assert any("is the same as that in adults" in c for c in teen.cautions)  # the sentence it rests on is shown
    assert computed(text, age_years=9, weight_kg=30) == []


def test_doses_of_one_label_more_than_twentyfold_apart_give_no_number() -> None:
    text = ("The recommended dose is 60 mg once daily. Maintenance: 30 mg once daily. Growth plate thickness was "
            "affected at 500 mg/kg/day given once daily.")  # an animal finding the parser were to misread
    answer = compute_doses(label(text), PatientContext(age_years=42, weight_kg=85))
    doses = [d for d in answer.doses if d.status is DoseStatus.COMPUTED]
    assert {d.per_dose_low for d in doses} <= {60, 30}  # the animal sentence is not read at all
    from clinical.dosing import ComputedDose, DoseCitation, _agreeing
    cited = DoseCitation(document_id="SETID:x@v7", dosage_text_id="t", set_id="x", version="7")
    far = [ComputedDose(status=DoseStatus.COMPUTED, summary=f"{v} mg", unit="mg", per_dose_low=v, per_dose_high=v,
                        citation=cited) for v in (60, 42500)]
    [refused] = _agreeing(far, label(text)[0])
    assert refused.status is DoseStatus.REFUSED and "disagree more than 20-fold" in refused.summary
    near = far[:1] + [far[0].model_copy(update={"per_dose_low": 30, "per_dose_high": 30})]
    assert _agreeing(near, label(text)[0]) == near


def test_a_body_surface_band_is_checked_from_height_and_weight() -> None:
    text = ("Adults and pediatric patients with body surface area of 1 m2 or greater: 100 mg orally twice daily. "
            "Pediatric patients with body surface area of less than 1 m2: 100 mg/m2 orally twice daily.")
    [adult] = computed(text, age_years=45, weight_kg=60, height_cm=165)
    assert adult.per_dose_low == 100 and adult.summary.startswith("100 mg per dose")
    answer = compute_doses(label(text), PatientContext(age_years=45, weight_kg=60))
    assert not answer.computed and "height and weight" in answer.doses[0].summary


def test_no_adjustment_of_the_starting_dose_in_hepatic_impairment_keeps_the_usual_dose() -> None:
    text = ("The recommended dose is 60 mg orally once daily. Adjustment in the starting dose of COTELLIC is not "
            "required in patients with mild, moderate or severe hepatic impairment.")
    [dose] = computed(text, age_years=61, weight_kg=72, hepatic_impairment="severe")
    assert (dose.per_dose_low, dose.per_day_low) == (60, 60)


def test_a_dose_for_the_patients_surface_band_is_preferred_to_the_per_m2_formula_and_hepatic_grades_are_read() -> None:
    text = "The recommended dose is 35 mg/m 2 orally twice daily."
    table = ("Table 1: Recommended Dosage According to Body Surface Area (BSA)\n"
             "| BSA (m2) | Dose (mg) administered twice daily |\n| --- | --- |\n| 1.69 – 1.83 | 60 |")
    texts = [*label(text), table_label(table)]
    [dose] = compute_doses(texts, PatientContext(age_years=62, weight_kg=70, height_cm=158)).computed
    assert (dose.per_dose_low, dose.per_day_low) == (60, 120)  # 35 mg/m² × 1.75 m² would be 61.25 mg
    avoid = ("Do not initiate LONSURF in patients with baseline moderate or severe (total bilirubin >1.5 times ULN "
             "and any AST) hepatic impairment.")
    answer = compute_doses(label(f"{text} {avoid}"), PatientContext(age_years=60, hepatic_impairment="severe"))
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]


def test_a_childs_surface_band_dose_is_the_labels_rounding_where_pediatric_use_is_established() -> None:
    # crizotinib: "280 mg/m2 twice daily" for children, and Table 2's BSA bands (caption naming children and young
    # adults, so no population of its own); an 8-year-old of 0.96 m² takes the band's 250 mg, not 269.1 mg
    text = "Pediatric: The recommended dosage is 280 mg/m 2 orally twice daily based on body surface area."
    table = ("Table 2. Recommended XALKORI Dosage for Pediatric and Young Adult Patients with ALCL\n"
             "| Body Surface Area | Recommended XALKORI Dosage |\n| --- | --- |\n"
             "| 0.60 to 0.80 m2 | 200 mg orally twice daily |\n| 0.81 to 1.16 m2 | 250 mg orally twice daily |")
    texts = [*label(text), table_label(table)]
    child = PatientContext(age_years=8, weight_kg=26, height_cm=128)
    [alone] = compute_doses(texts, child).computed  # no pediatric-use statement: the mg/m² sentence alone
    assert alone.per_dose_low == 269.08  # 280 mg/m² × 0.961 m²
    established = ("8.4 Pediatric Use The safety and effectiveness of XALKORI have been established in pediatric "
                   "patients 1 year of age and older.")
    [banded] = compute_doses([*texts, *label(established)], child).computed
    assert (banded.per_dose_low, banded.per_day_low) == (250, 500)


def test_adjustment_of_the_recommended_dose_not_required_keeps_the_usual_dose() -> None:
    # quinine 2.3: the hepatic sentence says no change, it must not stop the usual dose as a change not read
    text = ("The recommended dose is 648 mg orally every 8 hours for 7 days. 2.3 Hepatic Impairment Adjustment of the "
            "recommended dose is not required in mild (Child-Pugh A) or moderate (Child-Pugh B) hepatic impairment, "
            "but patients should be monitored closely for adverse effects of quinine.")
    [dose] = computed(text, age_years=50, weight_kg=70, hepatic_impairment="moderate")
    assert (dose.per_dose_low, dose.per_day_low) == (648, 1944)


def test_hepatic_statements_are_read_sentence_by_sentence_as_the_parser_splits_them() -> None:
    # darifenacin's highlights, glued at "(2)The" and "(2, 7.1)Darifenacin": the severe grade's "not recommended"
    # is not the moderate grade's, whose maximum (not read, beside an interacting drug) stops the number instead
    text = ("The recommended starting dose of Darifenacin is 7.5 mg once daily. Based upon individual response, the "
            "dose may be increased to 15 mg once daily, as early as two weeks after starting therapy (2)The daily dose "
            "of Darifenacin should not exceed 7.5 mg in the following patients:Patients with moderate hepatic "
            "impairment (Child-Pugh B) (2, 8.6) Patients taking potent CYP3A4 inhibitors (2, 7.1)Darifenacin is not "
            "recommended for use in patients with severe hepatic impairment (Child-Pugh C) (2, 8.6)")
    moderate = compute_doses(label(text), PatientContext(age_years=55, weight_kg=70, hepatic_impairment="moderate"))
    assert [d.status for d in moderate.doses] == [DoseStatus.REFUSED]
    assert "should not exceed 7.5 mg" in moderate.doses[0].summary
    severe = compute_doses(label(text), PatientContext(age_years=55, weight_kg=70, hepatic_impairment="severe"))
    assert [d.status for d in severe.doses] == [DoseStatus.NOT_RECOMMENDED]


def test_managing_a_liver_toxicity_is_no_change_for_hepatic_impairment() -> None:
    # ado-trastuzumab emtansine's flattened dose-modification table: a toxicity's rows, not a hepatic grade's dose
    text = ("The recommended dose of KADCYLA is 3.6 mg/kg given as an intravenous infusion every 3 weeks. Grade 4 "
            "(> 10× the ULN) Discontinue KADCYLA Drug Induced Liver Injury (DILI) Serum transaminases > 3 × ULN and "
            "concomitant total bilirubin > 2 × ULN Permanently discontinue KADCYLA in the absence of another likely "
            "cause. Hyperbilirubinemia Grade 3 (total bilirubin > 3 to ≤ 10 × ULN) Do not administer KADCYLA until "
            "total bilirubin recovers to Grade ≤ 1, then reduce one dose level.")
    [dose] = computed(text, age_years=50, weight_kg=75, hepatic_impairment="severe")
    assert dose.per_dose_low == 270


def test_a_scaled_dose_said_to_be_the_same_for_children_and_adults_serves_a_child() -> None:
    # busulfan and thioguanine: the sentence itself says whom it serves; a fixed dose or an age-bounded one does not
    busulfan = ("Dosing on a weight basis is the same for both pediatric patients and adults, approximately 60 mcg/kg "
                "of body weight or 1.8 mg/m 2 of body surface, daily.")
    doses = computed(busulfan, age_years=4, weight_kg=16, height_cm=102)
    assert sorted((d.per_day_low, d.unit) for d in doses) == [(1.211, "mg"), (960, "mcg")]  # 1.8 mg/m² × 0.673 m²
    fixed = "The usual dose for both pediatric patients and adults is 100 mg once daily."
    assert computed(fixed, age_years=4, weight_kg=16) == []
    aged = "The recommended dose for adults and pediatric patients 12 years and older is 2 mg/kg once daily."
    assert computed(aged, age_years=4, weight_kg=16) == []


def test_a_maximum_in_parentheses_after_a_dose_and_a_regimens_maximum_for_its_maintenance_dose_cap() -> None:
    # enfortumab vedotin: "(up to a maximum dose of 125 mg)" limits that per-dose dose, "single agent" or not;
    # phenytoin: the starting sentence's 300 mg/day holds for the maintenance sentence after it
    padcev = ("When given in combination with pembrolizumab, the recommended dose of PADCEV is 1.25 mg/kg (up to a "
              "maximum of 125 mg for patients ≥100 kg) administered as an intravenous infusion over 30 minutes on "
              "Days 1 and 8 of a 21-day cycle.")
    [dose] = computed(padcev, age_years=77, weight_kg=108)
    assert (dose.per_dose_low, dose.capped) == (125, True)
    phenytoin = ("Pediatric starting dose is 5 mg/kg/day in two to three equally divided doses, with dosage "
                 "adjustments as necessary, up to a maximum of 300 mg daily. Maintenance dosage is 4 mg/kg/day to "
                 "8 mg/kg/day.")
    established = "8.4 Pediatric Use Safety and effectiveness have been established in pediatric patients."
    doses = compute_doses([*label(phenytoin), *label(established)], PatientContext(age_years=10, weight_kg=40))
    assert sorted((d.per_day_low, d.per_day_high) for d in doses.computed) == [(160, 300), (200, 200)]


def test_a_maximum_shown_beside_a_dose_says_where_the_label_states_it() -> None:
    # the cap is traceable to label text: quoted when another sentence states it, pointed to when the sentence
    # before (whose regimen this one continues) does
    [dose, _] = computed(METFORMIN, age_years=50, egfr=90)
    assert any(c.startswith("max 2550 mg/day as the label states: \"The maximum recommended daily dose")
               for c in dose.cautions)
    phenytoin = ("Pediatric starting dose is 5 mg/kg/day in two to three equally divided doses, with dosage "
                 "adjustments as necessary, up to a maximum of 300 mg daily. Maintenance dosage is 4 mg/kg/day to "
                 "8 mg/kg/day.")
    established = "8.4 Pediatric Use Safety and effectiveness have been established in pediatric patients."
    doses = compute_doses([*label(phenytoin), *label(established)], PatientContext(age_years=10, weight_kg=40))
    starting, maintenance = sorted(doses.computed, key=lambda d: d.per_day_high)
    assert not any(c.startswith("max") for c in starting.cautions)  # its own sentence states it
    assert any("sentence before the quoted one" in c for c in maintenance.cautions)


def test_a_volume_restating_an_amount_given_as_often_is_not_a_second_dose() -> None:
    # abacavir, mild hepatic impairment: 200 mg twice daily, "oral solution (10 mL twice daily)" says how
    text = ("2.4 Patients with Hepatic Impairment The recommended dose of ZIAGEN in patients with mild hepatic "
            "impairment (Child-Pugh Class A) is 200 mg twice daily. To enable dose reduction, ZIAGEN oral solution "
            "(10 mL twice daily) should be used for the treatment of these patients.")
    doses = computed(text, age_years=50, weight_kg=70, hepatic_impairment="mild")
    assert [(d.per_dose_low, d.unit) for d in doses] == [(200, "mg")]
    assert [(d.per_dose_low, d.unit) for d in computed("Give 10 mL twice daily.", age_years=50)] == [(10, "mL")]


def test_advice_against_use_below_a_stated_renal_range_does_not_hold_a_patient_above_it() -> None:
    # setmelanotide: "not recommended … end stage renal disease (eGFR less than 15)" is no answer for an eGFR of 21
    text = ("The recommended starting dosage is 2 mg injected subcutaneously once daily. 2.5 Recommended Dosage in "
            "Patients with Renal Impairment IMCIVREE is not recommended for use in patients with end stage renal "
            "disease (eGFR less than 15 mL/min/1.73 m 2 ).")
    [dose] = computed(text, age_years=40, weight_kg=70, egfr=21)
    assert dose.per_dose_low == 2
    answer = compute_doses(label(text), PatientContext(age_years=40, weight_kg=70, egfr=10))
    assert [d.status for d in answer.doses] == [DoseStatus.NOT_RECOMMENDED]


def test_experience_a_lab_floor_and_another_ancestrys_dose_are_no_doses_and_a_heavy_patients_band_wins() -> None:
    # exemestane, parathyroid hormone, eltrombopag and efgartigimod, as fresh29 found them
    exemestane = ("The recommended dose is 25 mg once daily after a meal. However, based on experience with exemestane "
                  "at repeated doses up to 200 mg daily that demonstrated a moderate increase in non life-threatening "
                  "adverse reactions, dosage adjustment does not appear to be necessary.")
    assert [d.per_day_low for d in computed(exemestane, age_years=60, weight_kg=65)] == [25]
    natpara = ("The starting dose of NATPARA is 50 mcg injected once daily in the thigh. The dose of NATPARA may be "
               "decreased to as low as 25 mcg per day if total serum calcium is repeatedly above 9 mg/dL.")
    assert [d.per_day_low for d in computed(natpara, age_years=50, weight_kg=65)] == [50]
    promacta = ("For patients with ITP and mild, moderate, or severe hepatic impairment (Child-Pugh class A, B, C), "
                "initiate PROMACTA at a reduced dose of 25 mg once daily. For patients of East-/Southeast-Asian "
                "ancestry with ITP and hepatic impairment (Child-Pugh class A, B, C), consider initiating PROMACTA at a "
                "reduced dose of 12.5 mg once daily.")
    doses = computed(promacta, age_years=50, weight_kg=75, hepatic_impairment="moderate")
    assert [d.per_dose_low for d in doses] == [25]
    vyvgart = ("The recommended dosage is 10 mg/kg administered as an intravenous infusion over one hour once weekly for "
               "4 weeks. In patients weighing 120 kg or more, the recommended dose is 1200 mg per infusion.")
    assert [d.per_dose_low for d in computed(vyvgart, age_years=50, weight_kg=130)] == [1200]
    assert [d.per_dose_low for d in computed(vyvgart, age_years=50, weight_kg=80)] == [800]


def test_an_interactions_limit_caps_nobody_and_a_childs_dose_keeps_the_established_ages() -> None:
    # atorvastatin: the maximum with clarithromycin is not everyone's; its pediatric range under a heading, with the
    # ages only in Pediatric Use, is not an 8-year-old's
    text = ("2.2 Recommended Dosage in Adult Patients The dosage range is 10 mg to 80 mg once daily. "
            "2.3 Recommended Dosage in Pediatric Patients The dosage range is 10 mg to 20 mg once daily. "
            "• In patients taking clarithromycin or itraconazole, do not exceed LIPITOR 20 mg once daily.")
    [adult] = computed(text, age_years=45, weight_kg=75)
    assert (adult.per_dose_low, adult.per_dose_high) == (10, 80) and not adult.capped
    established = ("8.4 Pediatric Use The safety and effectiveness of LIPITOR have been established in pediatric "
                   "patients aged 10 years and older.")
    texts = [*label(text), *label(established)]
    assert compute_doses(texts, PatientContext(age_years=8, weight_kg=26)).computed == []
    [child] = compute_doses(texts, PatientContext(age_years=12, weight_kg=40)).computed
    assert (child.per_dose_low, child.per_dose_high) == (10, 20)


def test_maxima_stated_for_no_indication_that_disagree_cap_at_the_loosest() -> None:
    # cariprazine's highlights: one indication's bullet says 3 mg, another's 6 mg, neither names its indication here
    text = ("The recommended dosage range is 1.5 mg to 6 mg once daily. The maximum recommended dosage is 6 mg daily. "
            "Maximum recommended dosage is 3 mg once daily.")
    [dose] = computed(text, age_years=45, weight_kg=75)
    assert (dose.per_dose_low, dose.per_dose_high) == (1.5, 6) and not dose.capped
    [night] = computed("Initiate dosage at 4.5 g per night orally, divided into two doses.", age_years=45)
    assert (night.per_day_low, night.per_dose_low, night.unit) == (4.5, 2.25, "g")  # "per night" is a day


def test_a_weight_band_alone_serves_a_child_only_where_the_label_establishes_pediatric_use() -> None:
    text = "For patients weighing < 77 kg, the recommended dosage is 200 mg orally once daily."
    assert computed(text, age_years=8, weight_kg=26) == []  # niraparib: an adult's band, not a child's dose
    established = ("8.4 Pediatric Use The safety and effectiveness of CARBAGLU for the treatment of pediatric "
                   "patients (birth to 17 years of age) with acute or chronic hyperammonemia due to NAGS deficiency "
                   "have been established.")
    [child] = compute_doses([*label(text), *label(established)], PatientContext(age_years=8, weight_kg=26)).computed
    assert child.per_dose_low == 200


def test_a_dose_in_tablets_says_what_a_tablet_holds_or_that_the_sentence_does_not() -> None:
    texts = [DosageText(id=f"SETID:c@v1#dosage-{i}", document_id="SETID:c@v1", text=text, section="dosage",
                        position=i, set_id="c", version="1") for i, text in enumerate((
                            "Recommended dosage: one tablet (90 mg of ledipasvir and 400 mg of sofosbuvir) taken "
                            "orally once daily.", ))]
    rules = tuple(parse_label_dosage(texts))
    labels = [LabelDosage(text_id=texts[0].id, text=texts[0].text, document_id="SETID:c@v1", set_id="c",
                          version="1", rules=rules)]
    dose, = compute_doses(labels, PatientContext(age_years=50)).computed
    assert (dose.unit, dose.per_dose_low, dose.per_day_low) == ("tablet", 1.0, 1.0)
    assert "each tablet: 90 mg of ledipasvir and 400 mg of sofosbuvir" in dose.summary
    assert dose.per_unit == "90 mg of ledipasvir and 400 mg of sofosbuvir"
    plain, = computed("Take one tablet by mouth at the same time every day.", age_years=30) or [None]
    assert plain is None  # parse_dosage_text alone never counts units: a label decides (parse_label_dosage)
    yaz = [LabelDosage(text_id="t", text="", document_id="SETID:y@v1", rules=tuple(parse_label_dosage([DosageText(
        id="t", document_id="SETID:y@v1", text="Take one tablet by mouth at the same time every day.",
        section="dosage", position=0)])))]
    dose, = compute_doses(yaz, PatientContext(age_years=30)).computed
    assert dose.summary.startswith("1 tablet per dose every 24 h")
    assert any("does not say what one tablet contains" in c for c in dose.cautions)


@pytest.mark.parametrize("text, grade, against", [
    ("4 CONTRAINDICATIONS Depakote ER should not be administered to patients with hepatic disease or significant "
     "hepatic dysfunction.", HepaticImpairment.MILD, True),
    ("4 CONTRAINDICATIONS • Acute liver failure or decompensated cirrhosis • Hypersensitivity to atorvastatin.",
     HepaticImpairment.MILD, False),  # decompensated cirrhosis is Child-Pugh B or C
    ("4 CONTRAINDICATIONS • Acute liver failure or decompensated cirrhosis • Hypersensitivity to atorvastatin.",
     HepaticImpairment.SEVERE, True),
    ("Contraindicated in patients with severe hepatic impairment (Child-Pugh C).", HepaticImpairment.MODERATE, False),
    ("4 CONTRAINDICATIONS Severe bradycardia Decompensated cardiac failure Patients with severe hepatic impairment "
     "(Child-Pugh >B)", HepaticImpairment.MODERATE, False),  # nebivolol: the heart's decompensation, not the liver's
    ("Hepatic failure resulting in fatalities has occurred in patients receiving valproate.",  # a reaction, not a
     HepaticImpairment.SEVERE, False),                                                         # condition of use
])
def test_a_hepatic_contraindication_at_the_patients_grade_is_not_recommended(text: str, grade: HepaticImpairment,
                                                                             against: bool) -> None:
    _assert_contraindication_decides("hepatic", text, PatientContext(age_years=50, hepatic_impairment=grade), against)


def _assert_contraindication_decides(population: str, text: str, patient: PatientContext, against: bool) -> None:
    warning = {"population": population, "kind": "contraindication", "section": "Contraindications", "text": text,
               "document_id": "SETID:x@v7", "url": None}
    answer = compute_doses(label("The recommended dose is 20 mg once daily."), patient, [warning])
    assert (answer.doses[0].status is DoseStatus.NOT_RECOMMENDED) is against
    assert bool(answer.computed) is not against


def test_advice_against_a_dosage_form_in_children_is_not_against_the_drug() -> None:
    form = {"population": "pediatric", "kind": "population-section", "section": "Pediatric Use",
            "text": "Pediatric Use The use of tablets for neonates, infants and children to the weight of 20 kg is not "
                    "recommended.", "document_id": "SETID:x@v7", "url": None}
    drug = {**form, "text": "Use in pediatric patients younger than 6 years is not recommended."}
    child = PatientContext(age_years=3, weight_kg=15)
    assert dose_guards.group_statements([form], child)[0] == []
    assert [s for _, s in dose_guards.group_statements([drug], child)[0]] == [drug["text"]]


def test_a_dose_under_a_renal_impairment_heading_stops_the_usual_dose_for_an_impaired_patient() -> None:
    text = ("2.1 Recommended Dosage The recommended dosage is 120 mg once monthly. 2.2 Dosage Recommendations for "
            "Patients with Renal or Hepatic Impairment Prior to initiating treatment, titrate with oral risperidone. "
            "Following oral titration, the recommended dosage is 90 mg once monthly.")
    answer = compute_doses(label(text), PatientContext(age_years=50, creatinine_clearance=40))
    assert not answer.computed and "the recommended dosage is 90 mg" in answer.doses[0].summary
    [usual] = computed(text, age_years=50, creatinine_clearance=90)  # kidneys fine: the usual dose
    assert usual.per_dose_low == 120


def test_a_number_far_above_every_maximum_the_label_states_is_refused() -> None:
    # a misread sentence (a juvenile rat study) beside the label's own limit
    text = ("The recommended dose is 20 mg once daily. Do not exceed 40 mg per day. 8.4 Pediatric Use In pediatric "
            "patients 6 to 17 years the dose is 300 mg/kg/day.")
    answer = compute_doses(label(text), PatientContext(age_years=10, weight_kg=32))
    assert not answer.computed
    assert any("more than 10 times the" in d.summary for d in answer.doses)
    [adult] = computed(text, age_years=40)
    assert adult.per_dose_low == 20


def test_a_grade_the_label_says_was_not_studied_stops_the_number_and_quotes_the_sentence() -> None:
    text = ("The recommended dosage is 400 mg orally twice daily. 8.6 Renal Impairment No dosage adjustment is "
            "recommended in patients with mild or moderate renal impairment. TABRECTA has not been studied in "
            "patients with severe renal impairment (CLcr 15 to 29 mL/min).")
    [severe] = compute_doses(label(text), PatientContext(age_years=60, creatinine_clearance=25)).doses
    assert severe.status is DoseStatus.REFUSED and severe.per_dose_low is None
    assert "severe renal impairment were not studied" in severe.summary
    assert severe.citation.sentence.startswith("TABRECTA has not been studied")
    [moderate] = computed(text, age_years=60, creatinine_clearance=45)  # "no adjustment" holds this one
    assert moderate.per_dose_low == 400 and not any("not studied" in c for c in moderate.cautions)
    unknown = "The recommended dose is 150 mg twice daily. The pharmacokinetics of abemaciclib in patients with " \
              "severe renal impairment (CLcr <30 mL/min, C-G), end stage renal disease, or in patients on dialysis " \
              "is unknown."
    assert computed(unknown, age_years=60, creatinine_clearance=20) == []
    assert [d.per_dose_low for d in computed(unknown, age_years=60, creatinine_clearance=40)] == [150]


def test_a_caution_the_label_gives_keeps_the_usual_dose_and_a_childrens_sentence_is_not_an_adults() -> None:
    text = ("The recommended dosage is one 60 mg tablet daily. 8.7 Hepatic Impairment EVISTA should be used with "
            "caution in patients with hepatic impairment. No data are available in pediatric patients with renal "
            "impairment. The effect of renal impairment on the pharmacokinetics has not been evaluated in advanced "
            "renal cell carcinoma trials.")
    [liver] = computed(text, age_years=50, hepatic_impairment="severe")
    assert liver.per_day_low == 60 and any("hepatic impairment calls for caution" in c for c in liver.cautions)
    [kidneys] = compute_doses(label(text), PatientContext(age_years=50, creatinine_clearance=25)).doses
    assert kidneys.status is DoseStatus.REFUSED  # an ungraded "not evaluated" speaks of every grade
    assert "has not been evaluated" in kidneys.citation.sentence  # and the children's sentence is not his
    [plain] = computed(text, age_years=50)
    assert not plain.cautions
    studied_with_care = ("The recommended dose is 250 mg three times a day. 8.6 Renal Impairment The safety and "
                         "pharmacokinetics of SOMA in patients with renal impairment have not been evaluated. Since "
                         "SOMA is excreted by the kidney, caution should be exercised if SOMA is administered to "
                         "patients with impaired renal function.")
    [careful] = computed(studied_with_care, age_years=50, creatinine_clearance=40)
    assert careful.per_dose_low == 250 and any("not studied" in c for c in careful.cautions)


def test_a_childs_dose_is_not_for_children_younger_than_the_label_says_use_is_established() -> None:
    text = ("Pediatric (children and adolescents) — Initiate fluoxetine 10 or 20 mg/day. The safety and effectiveness "
            "in pediatric patients <8 years of age in Major Depressive Disorder and <7 years of age in OCD have not "
            "been established.")
    assert [d.per_day_low for d in computed(text, age_years=10)] == [20]
    assert computed(text, age_years=0.5, weight_kg=7.5) == []  # an infant: refused, not dosed
    weight_scaled = ("The recommended dosage is 15 mg/kg every 24 hours. The safety and effectiveness of ZEMDRI in "
                     "patients less than 18 years of age have not been established.")
    assert computed(weight_scaled, age_years=8, weight_kg=26) == []  # "not established" never serves a child


def test_advice_against_use_in_children_spares_the_adolescents_the_label_doses() -> None:
    text = ("Pamelor is not recommended for children. Usual Adult Dose – 25 mg three or four times daily. Elderly and "
            "Adolescent Patients – 30 to 50 mg/day, in divided doses, or the total daily dosage may be given once a "
            "day.")
    [teen] = computed(text, age_years=14, weight_kg=50)
    assert (teen.per_day_low, teen.per_day_high) == (30, 50)
    assert computed(text, age_years=8, weight_kg=26) == []  # a child: not recommended


def test_not_adequately_studied_is_not_studied() -> None:
    text = ("The recommended starting and maintenance oral dose is 7.5 mg once daily. Patients with severe hepatic "
            "impairment have not been adequately studied.")
    [dose] = compute_doses(label(text), PatientContext(age_years=50, hepatic_impairment="severe")).doses
    assert dose.status is DoseStatus.REFUSED and "severe hepatic impairment were not studied" in dose.summary


def test_the_same_dose_stated_twice_in_one_label_is_shown_once() -> None:
    """Highlights and full text (or a sentence and its table row) often state one dose twice: one answer, the fuller."""
    twice = AMOXICILLIN + (" The recommended dose is 90 mg/kg/day orally divided every 12 hours for 10 "
                           "days in pediatric patients aged 3 months to 12 years.")
    doses = computed(twice, age_years=4, weight_kg=14)
    assert [(d.per_day_low, d.doses_per_day) for d in doses] == [(1260.0, 2.0)]
    assert "oral" in doses[0].summary


def test_a_maximum_stated_for_no_population_caps_a_childs_dose_too() -> None:
    text = ("The recommended dosage range is 4.5 to 11.2 mL/m2/day. Patients 2 years of age and older: give it in 3 "
            "equally divided dosages. The maximum total daily dosage is 17.5 mL. 8.4 Pediatric Use The safety and "
            "effectiveness have been established in pediatric patients 2 years to 17 years of age.")
    [teen] = computed(text, age_years=15, weight_kg=80, height_cm=178)  # 1.99 m²: 22.3 mL/day uncapped
    assert teen.capped and teen.per_day_high == 17.5
    [adult] = computed(text, age_years=30, weight_kg=60, height_cm=165)
    assert adult.per_day_high == 17.5


def test_a_radiopharmaceutical_is_dosed_in_its_activity_units() -> None:
    [dose] = computed("Administer 7.4 GBq (200 mCi) every 8 weeks for a total of 4 doses.", age_years=60, weight_kg=80)
    assert (dose.per_dose_low, dose.unit) == (7.4, "GBq")


def test_groups_listed_side_by_side_are_each_their_own_patient() -> None:
    text = ("2.1 Adults The recommended initial dose is 20 mg/day. 2.4 Recommended Dosage Modifications for Elderly "
            "Patients and Patients with Severe Hepatic Impairment The recommended initial dose is 10 mg/day for elderly "
            "patients, patients with severe renal impairment and patients with severe hepatic impairment.")
    for patient in ({"age_years": 50, "hepatic_impairment": "severe"}, {"age_years": 78}):
        assert [d.per_day_low for d in computed(text, **patient)] == [10]  # not only someone who is both
    assert [d.per_day_low for d in computed(text, age_years=50)] == [20]


def test_a_dose_for_an_indication_not_established_in_children_is_not_a_childs() -> None:
    text = ("Unresectable or Metastatic Melanoma: 3 mg/kg every 3 weeks for a maximum of 4 doses. Adjuvant Treatment of "
            "Melanoma: 10 mg/kg every 3 weeks for 4 doses. 8.4 Pediatric Use The safety and effectiveness have been "
            "established in pediatric patients aged 12 years and older. The safety and effectiveness have not been "
            "established in pediatric patients for the adjuvant treatment of melanoma or for the treatment of "
            "hepatocellular carcinoma.")
    assert [d.per_dose_low for d in computed(text, age_years=14, weight_kg=48)] == [144]
    assert sorted(d.per_dose_low for d in computed(text, age_years=40, weight_kg=48)) == [144, 480]
    assert dose_guards.unproven_pediatric_indications([text]) == ("adjuvant treatment of melanoma",
                                                                  "hepatocellular carcinoma")


@pytest.mark.parametrize("text, clearance, against", [
    ("CONTRAINDICATIONS Cisplatin is contraindicated in patients with preexisting renal impairment.", 40, True),
    ("CONTRAINDICATIONS Cisplatin is contraindicated in patients with preexisting renal impairment.", 90, False),
    ("Contraindicated in patients with severe renal impairment (CrCl < 30 mL/min).", 45, False),
    ("Contraindicated in patients with severe renal impairment (CrCl < 30 mL/min).", 20, True),
    ("Contraindicated in patients with anuria or end-stage renal disease.", 45, False),  # failure: below 30 only
    ("Renal failure has occurred in patients receiving the drug.", 20, False),  # a reaction, not a condition of use
])
def test_a_renal_contraindication_that_holds_the_patient_is_not_recommended(text: str, clearance: float,
                                                                            against: bool) -> None:
    _assert_contraindication_decides("renal", text, PatientContext(age_years=50, creatinine_clearance=clearance), against)


@pytest.mark.parametrize("text, against", [
    ("6. Liver dysfunction or disease.", True),  # DELESTROGEN: an item of the contraindications list
    ("Hepatic failure has been reported in patients receiving the drug.", False),  # a report, not a condition
    # a reaction the patient had to this drug before, not the patient's liver
    ("Amoxicillin and clavulanate potassium is contraindicated in patients with a previous history of cholestatic "
     "jaundice/hepatic dysfunction associated with treatment with amoxicillin and clavulanate potassium.", False),
])
def test_a_liver_condition_a_contraindications_list_names_holds_a_hepatic_patient(text: str, against: bool) -> None:
    _assert_contraindication_decides("hepatic", text, PatientContext(age_years=52, hepatic_impairment="moderate"),
                                     against)


@pytest.mark.parametrize("text, age, clearance, against", [
    # naproxen's Clinical Pharmacology: the one place the label says it
    ("Naproxen-containing products are not recommended for use in patients with moderate to severe and severe renal "
     "impairment (creatinine clearance <30mL/min).", 60, 20, True),
    ("Naproxen-containing products are not recommended for use in patients with moderate to severe and severe renal "
     "impairment (creatinine clearance <30mL/min).", 60, 45, False),
    # end-stage disease: kidneys that have failed, not a severe impairment's 25 mL/min
    ("WAKIX is not recommended in patients with end-stage renal disease (ESRD).", 50, 25, False),
    ("WAKIX is not recommended in patients with end-stage renal disease (ESRD).", 50, 10, True),
    # a limit on the dose, children of other ages, a dose change: not against this patient's use
    ("Doses of Toviaz greater than 4 mg are not recommended in adult patients with severe renal impairment.", 50, 25,
     False),
    ("The use of IMCIVREE in pediatric patients 6 to less than 12 years of age with severe renal impairment is not "
     "recommended.", 50, 25, False),
    ("Use in patients with atopic dermatitis, ulcerative colitis, or Crohn's disease with end stage renal disease is "
     "not recommended.", 50, 25, False),
    ("Dose adjustment is not recommended in patients with severe renal impairment.", 50, 25, False),
])
def test_advice_as_firm_as_a_contraindication_holds_only_the_patients_it_names(text: str, age: float,
                                                                              clearance: float, against: bool) -> None:
    warning = {"population": "renal", "kind": "warning", "section": "Clinical Pharmacology", "text": text,
               "document_id": "SETID:x@v7", "url": None}
    patient = PatientContext(age_years=age, weight_kg=70, creatinine_clearance=clearance)
    answer = compute_doses(label("The recommended dose is 20 mg once daily."), patient, [warning])
    assert (answer.doses[0].status is DoseStatus.NOT_RECOMMENDED) is against
    assert bool(answer.computed) is not against


def test_advice_against_use_in_pregnancy_in_the_dosing_text_itself_stops_the_number() -> None:
    text = ("The usual starting dose is 1.5 to 3 mg daily. Daily doses of more than 12 mg are not recommended. "
            "Specific Patient Populations GLYNASE PresTab Tablets are not recommended for use in pregnancy or for use "
            "in pediatric patients.")
    answer = compute_doses(label(text), PatientContext(age_years=30, sex="female", weight_kg=65, pregnant=True))
    assert not answer.computed and answer.doses[0].status is DoseStatus.NOT_RECOMMENDED
    assert "not recommended for use in pregnancy" in answer.doses[0].citation.sentence
    assert computed(text, age_years=30, sex="female", weight_kg=65)  # not pregnant: dosed
    cancer = ("The recommended dose is 840 mg every 3 weeks. For early breast cancer, a regimen with docetaxel and FEC "
              "together is not recommended.")  # the breast of breast cancer is no advice about breastfeeding
    assert computed(cancer, age_years=35, sex="female", weight_kg=60, lactating=True)


def test_a_childs_daily_maximum_of_a_per_kg_or_a_fixed_amount_whichever_is_smaller() -> None:
    text = ("Initial Treatment (Adults) Treatment should be initiated at a dosage of 25 mg daily, up to a maximum of "
            "250 mg daily. Initial Treatment (Children and Adolescents) As with adults, the starting dose is 25 mg daily "
            "and should be gradually increased, as tolerated, up to a daily maximum of 3 mg/kg or 100 mg, whichever is "
            "smaller. 8.4 Pediatric Use The safety and effectiveness in pediatric patients below the age of 10 have "
            "not been established.")
    [heavy] = computed(text, age_years=15, weight_kg=72)  # 3 mg/kg would be 216 mg
    assert heavy.per_day_low == 25 and heavy.summary.endswith("max 100 mg/day")
    [light] = computed(text, age_years=12, weight_kg=20)  # 60 mg: the smaller
    assert "max 3 mg/kg/day" in light.summary
    assert computed(text, age_years=8, weight_kg=26) == []  # below the age of 10: not established


# lonafarnib 2.1 (ZOKINVY), shortened
LONAFARNIB = ("2.1 Recommended Dosage The starting dosage of ZOKINVY is 115 mg/m 2 twice daily with morning and evening "
              "meals. Round all total daily dosages to the nearest 25 mg increment (see Table 1 and Table 2 ).")


def test_a_dose_per_m2_is_rounded_as_the_label_states_and_both_numbers_are_shown() -> None:
    [dose] = computed(LONAFARNIB, age_years=40, sex="female", weight_kg=12, height_cm=82)  # BSA 0.523 m²
    assert (dose.per_day_low, dose.per_dose_low) == (125, 62.5)  # 119.6 mg/day → nearest 25 mg
    assert dose.summary.startswith("115 mg/m² × 0.523 m² = 60.145 mg per dose twice daily = 120.3 mg/day; rounded to "
                                   "the nearest 25 mg a day as the label states: 62.5 mg per dose twice daily")
    assert any("Round all total daily dosages" in step for step in dose.cautions)
    # an exact half-way amount goes to the lower step: never above the label's amount per m²
    [tie] = computed(LONAFARNIB.replace("115 mg/m 2", "131.25 mg/m 2"), age_years=40, weight_kg=45.5, height_cm=79.1)
    assert tie.per_day_high == 250  # 131.25 mg/m² × 1.00 m² × 2 = 262.5 mg/day: 250, not 275
    [fixed] = computed(LONAFARNIB.replace("115 mg/m 2", "110 mg"), age_years=40, weight_kg=60)
    assert fixed.per_dose_low == 110  # a fixed dose is the label's own number: not rounded


def test_a_label_that_rounds_in_several_ways_is_not_rounded_and_says_so() -> None:
    text = LONAFARNIB + " For the other indication, round dose to the nearest 50 mg increment."
    [dose] = computed(text, age_years=40, weight_kg=12, height_cm=82)
    assert dose.per_day_low == 120.29
    assert any("not rounded" in caution and "nearest 50 mg" in caution for caution in dose.cautions)


def test_a_boxed_warning_that_reduces_the_dose_for_the_kidneys_without_an_amount_stops_the_number() -> None:
    # streptomycin's boxed warning
    warning = {"population": "renal", "kind": "boxed-warning", "section": "Boxed Warning", "document_id": "SETID:x@v7",
               "text": "PATIENTS WITH RENAL IMPAIRMENT AND/OR NITROGEN RETENTION SHOULD RECEIVE REDUCED DOSES. THE "
                       "PEAK SERUM CONCENTRATION IN INDIVIDUALS WITH KIDNEY DAMAGE SHOULD NOT EXCEED 20 TO 25 MCG/ML."}
    text = "The usual adult dose is 1 g intramuscularly once daily."
    answer = compute_doses(label(text), PatientContext(age_years=52, weight_kg=75, creatinine_clearance=30), [warning])
    assert not answer.computed and "SHOULD RECEIVE REDUCED DOSES" in answer.doses[0].summary
    assert answer.doses[0].citation.sentence.startswith("PATIENTS WITH RENAL IMPAIRMENT")
    normal = compute_doses(label(text), PatientContext(age_years=52, weight_kg=75, creatinine_clearance=90), [warning])
    assert [(d.per_dose_low, d.unit) for d in normal.computed] == [(1.0, "g")]  # kidneys that work: the usual dose


def test_no_adjustment_in_other_words_and_a_monitoring_sentence_are_no_dose_change() -> None:
    text = ("The recommended dose is 0.4 mg once daily. 8.6 Renal Impairment Patients with renal impairment do not "
            "require an adjustment in FLOMAX capsules dosing.")
    [dose] = computed(text, age_years=70, weight_kg=70, creatinine_clearance=32)
    assert dose.per_dose_low == 0.4
    text = ("The recommended dose is 400 mg once daily. 8.6 Renal Impairment Due to the increased risk of TLS, patients "
            "with reduced renal function (CLcr <80 mL/min) require more intensive prophylaxis and monitoring to reduce "
            "the risk of TLS when initiating treatment.")
    [dose] = computed(text, age_years=70, weight_kg=70, creatinine_clearance=38)
    assert dose.per_dose_low == 400


def test_a_renal_exposure_report_or_a_toxicity_step_is_no_dose_change_but_a_stated_renal_dose_is() -> None:
    usual = "The recommended dose is 600 mg orally twice daily."
    for said in ("8.6 Renal Impairment Clearance of the drug is decreased in patients with severe chronic renal "
                 "failure.",
                 "Grade 3 renal impairment Temporarily withhold until serum creatinine recovers, then resume at "
                 "reduced dose."):
        [dose] = computed(f"{usual} {said}", age_years=60, weight_kg=75, creatinine_clearance=25)
        assert dose.per_dose_low == 600, said
    # quinine: a dose for severe chronic renal impairment, stated without a range, is that grade's, not the usual one
    text = (f"{usual} Patients with Severe Chronic Renal Impairment: One loading dose of 648 mg followed 12 hours "
            "later by 324 mg every 12 hours for 7 days.")
    assert sorted(d.per_dose_low for d in computed(text, age_years=60, weight_kg=75, creatinine_clearance=25)) \
        == [324, 648]


def test_a_dose_for_this_population_speaks_of_the_patients_the_sentence_before_names() -> None:
    text = ("The recommended starting dosage is 5 mg orally once daily. 8.7 Renal Impairment No dose adjustment is "
            "necessary in patients with mild to moderate renal impairment. The free Cmax plasma concentrations were "
            "higher in patients with renal failure on chronic hemodialysis. Therefore, the maximum VIVLODEX dosage in "
            "this population is 5 mg per day.")
    [moderate] = computed(text, age_years=74, creatinine_clearance=50)
    assert moderate.per_dose_low == 5
    [dialysis] = compute_doses(label(text), PatientContext(age_years=60, creatinine_clearance=10)).doses
    assert dialysis.status is DoseStatus.REFUSED and "this population" in dialysis.summary


def test_a_weight_band_no_adult_falls_in_serves_children_but_an_adults_band_does_not() -> None:
    text = ("The usual total daily dose of BUPHENYL Tablets and Powder for patients with urea cycle disorders is "
            "450–600 mg/kg/day in patients weighing less than 20 kg, or 9.9–13.0 g/m2/day in larger patients.")
    [infant] = computed(text, age_years=0.5, weight_kg=6)
    assert (infant.per_day_low, infant.per_day_high) == (2700, 3600)
    adults_band = "For patients weighing less than 77 kg, the recommended dose is 200 mg once daily."
    assert computed(adults_band, age_years=8, weight_kg=26) == []  # niraparib's band is no child's dose


def test_no_established_dose_for_a_grade_is_said_as_such_not_as_advice_against_use() -> None:
    text = ("The recommended dose is 450 mg once daily. The recommended dosage has not been established for patients "
            "with severe renal impairment (CLcr < 30 mL/min).")
    [unset] = compute_doses(label(text), PatientContext(age_years=60, creatinine_clearance=25)).doses
    assert unset.status is DoseStatus.NOT_RECOMMENDED and unset.per_dose_low is None
    assert unset.summary.startswith("The label states no established dose for CrCl < 30 mL/min")


def test_a_fixed_dose_serves_children_when_the_established_use_statement_names_that_amount() -> None:
    text = ("2.1 Chronic Obstructive Pulmonary Disease The recommended dosage for patients with COPD is 2 inhalations "
            "of SPIRIVA RESPIMAT 2.5 mcg per actuation once-daily; total dose equals 5 mcg of SPIRIVA RESPIMAT. 2.2 "
            "Asthma The recommended dosage for patients with asthma is 2 inhalations of SPIRIVA RESPIMAT 1.25 mcg per "
            "actuation once-daily; total dose equals 2.5 mcg of SPIRIVA RESPIMAT. 8.4 Pediatric Use The safety and "
            "efficacy of SPIRIVA RESPIMAT 2.5 mcg have been established in pediatric patients aged 6 to 17 years with "
            "asthma.")
    assert [d.per_dose_low for d in computed(text, age_years=9, weight_kg=30)] == [2.5]  # not the COPD 5 mcg
    assert computed(text, age_years=4, weight_kg=16) == []  # younger than the statement's ages


@pytest.mark.parametrize("kind, section, text, spared", [
    # an 8.7 subsection that contraindicates the patient's grade
    ("population-section", "8.7 Hepatic Impairment", "8.7 Hepatic Impairment JUXTAPID is contraindicated in patients "
     "with moderate (Child-Pugh B) or severe (Child-Pugh C) hepatic impairment.", "mild"),
    # a firm sentence of an older label's Precautions (a `warning` row)
    ("warning", "Precautions", "Therefore, avoid use of metformin hydrochloride tablets in patients with clinical or "
     "laboratory evidence of hepatic disease.", "none"),
])
def test_a_liver_text_as_firm_as_a_contraindication_is_not_recommended_at_the_grades_it_names(
        kind: str, section: str, text: str, spared: str) -> None:
    row = {"population": "hepatic", "kind": kind, "section": section, "text": text, "document_id": "SETID:x@v7",
           "url": None}
    usual = label("The recommended starting dosage is 5 mg once daily.")
    [severe] = compute_doses(usual, PatientContext(age_years=50, hepatic_impairment="severe"), [row]).doses
    assert severe.status is DoseStatus.NOT_RECOMMENDED and f"({section}; see its sentence)" in severe.summary
    [other] = compute_doses(usual, PatientContext(age_years=50, hepatic_impairment=spared), [row]).computed
    assert other.per_dose_low == 5


def test_a_changed_amount_with_the_usual_schedule_takes_the_usual_doses_frequency() -> None:
    text = ("The recommended dosage of PEMAZYRE is 13.5 mg orally once daily. Severe Hepatic Impairment: the "
            "recommended dosage of PEMAZYRE is 9 mg with the schedule (intermittent or continuous) designated for the "
            "indication.")
    [severe] = computed(text, age_years=60, hepatic_impairment="severe")
    assert (severe.per_dose_low, severe.per_day_low) == (9, 9)
    [usual] = computed(text, age_years=60, hepatic_impairment="mild")
    assert usual.per_dose_low == 13.5


def test_a_surface_the_label_caps_is_worked_out_at_the_cap_and_says_so() -> None:
    # ixabepilone: a 190 cm, 120 kg patient has 2.52 m²; the label says to dose anyone above 2.2 m² as 2.2 m²
    text = ("The recommended dosage of IXEMPRA is 40 mg/m 2 administered intravenously over 3 hours every 3 weeks. "
            "Calculate doses for patients with body surface area (BSA) greater than 2.2 m 2 should be calculated "
            "based on 2.2 m 2 .")
    [large] = computed(text, age_years=45, weight_kg=120, height_cm=190)
    assert large.per_dose_low == 88 and large.summary.startswith("40 mg/m² × 2.20 m² = 88 mg")
    assert any("2.52 m²" in step for step in large.cautions)
    assert any(step.startswith("worked out with 2.20 m²") and "based on 2.2 m 2" in step for step in large.cautions)
    [small] = computed(text, age_years=45, weight_kg=60, height_cm=165)  # 1.66 m²: below the cap, as computed
    assert small.per_dose_low == 66.4 and not any("worked out with" in step for step in small.cautions)


def test_a_small_childs_surface_keeps_three_decimals() -> None:
    # 76 cm, 9.5 kg: 0.4478 m²; two decimals (0.45) would put 1.1 % on the dose
    [dose] = computed("Pediatric patients: " + BSA, age_years=1, weight_kg=9.5, height_cm=76)
    assert dose.per_dose_low == 168 and "0.448 m²" in dose.summary


BUSULFAN = ("For patients weighing more than 12 kg, the recommended doses are: BUSULFEX 0.8 mg per kg (ideal body weight "
            "or actual body weight, whichever is lower) intravenously via a central venous catheter as a two-hour "
            "infusion every six hours for four consecutive days for a total of 16 doses.")
BUSULFAN_IBW = ("|  | Men: | IBW (kg)=50+0.91× (height in cm -152) |\n"
                "|  | Women: | IBW (kg)=45+0.91× (height in cm -152) |")


def test_a_dose_per_kg_of_the_lower_of_ideal_and_actual_weight_uses_the_labels_own_formula() -> None:
    texts = [*label(BUSULFAN), table_label(BUSULFAN_IBW)]
    # 180 cm man: ideal 50 + 0.91 × 28 = 75.5 kg; at 62 kg the actual weight is the lower
    [lean] = compute_doses(texts, PatientContext(age_years=34, sex="male", weight_kg=62, height_cm=180)).computed
    assert (lean.per_dose_low, lean.per_day_low) == (49.6, 198.4)
    assert "62 kg (actual body weight)" in lean.summary
    # 175 cm man of 90 kg: ideal 70.9 kg is the lower
    [heavy] = compute_doses(texts, PatientContext(age_years=45, sex="male", weight_kg=90, height_cm=175)).computed
    assert heavy.per_dose_low == 56.72 and "70.9 kg (ideal body weight)" in heavy.summary
    assert any("IBW (kg)=50+0.91× (height in cm -152)" in step for step in heavy.cautions)
    # no height: the formula cannot be worked, and it says which value is missing
    [refused] = compute_doses(texts, PatientContext(age_years=45, sex="male", weight_kg=90)).doses
    assert refused.status is DoseStatus.REFUSED and "height is not given" in refused.summary


def test_a_dose_per_kg_of_adjusted_ideal_weight_needs_the_labels_formula_for_the_patients_sex() -> None:
    # ELAHERE: "AIBW = Ideal Body Weight (IBW [kg]) + 0.4*(Actual weight [kg] – IBW) Female IBW (kg) = 0.9*height(cm) – 92"
    text = ("The recommended dose of ELAHERE is 6 mg/kg adjusted ideal body weight (AIBW) administered once every 3 "
            "weeks (21-day cycle) as an intravenous infusion. The total dose of ELAHERE is calculated based on each "
            "patient's AIBW using the following formula: AIBW = Ideal Body Weight (IBW [kg]) + 0.4*(Actual weight "
            "[kg] – IBW) Female IBW (kg) = 0.9*height(cm) – 92")
    [dose] = computed(text, age_years=60, sex="female", weight_kg=80, height_cm=165)
    assert dose.per_dose_low == 395.4  # 56.5 + 0.4 × (80 − 56.5) = 65.9 kg × 6 mg/kg
    assert any(step.startswith("adjusted ideal body weight = 56.5 kg + 0.4 × (80 kg − 56.5 kg) = 65.9 kg")
               for step in dose.cautions)
    [male] = compute_doses(label(text), PatientContext(age_years=60, sex="male", weight_kg=80, height_cm=175)).doses
    assert male.status is DoseStatus.REFUSED and "no formula for a male patient" in male.summary


def test_a_label_that_doses_every_age_alike_serves_the_children_it_establishes() -> None:
    # nusinersen: one fixed intrathecal dose, and "safety and effectiveness … from newborn to 17 years have been
    # established"; nothing in its dosing text speaks of children or weight
    dose = "The recommended dosage is 12 mg (5 mL) per administration."
    established = ("8.4 Pediatric Use The safety and effectiveness of SPINRAZA in pediatric patients from newborn to "
                   "17 years have been established.")
    [infant] = computed(f"{dose} {established}", age_years=0.5, weight_kg=7)
    assert infant.per_dose_low == 12
    assert any("established in pediatric patients of this age" in note for note in infant.cautions)
    # a label whose dosing text speaks of children otherwise (a weight table it may not read) is not read so
    assert computed(f"{dose} Pediatric patients weighing less than 30 kg: see Table 2. {established}",
                    age_years=0.5, weight_kg=7) == []
    assert computed(dose, age_years=0.5, weight_kg=7) == []  # no established use: no child's dose


def test_each_indications_maximum_caps_its_own_doses_only() -> None:
    # DOPTELET highlights: "Indication : …" leads; the ITP maximum does not cap the liver-disease dose
    doptelet = ("2 DOSAGE AND ADMINISTRATION Administer DOPTELET with food. ( 2.1 , 2.2 ) Chronic Liver Disease : For "
                "platelet count less than 40×10 9 /L, the dose is 60 mg (3 tablets) once daily. Chronic Immune "
                "Thrombocytopenia : Initiate DOPTELET at 20 mg (1 tablet) once daily. Do not exceed 40 mg per day.")
    doses = {d.per_dose_low: d for d in computed(doptelet, age_years=55, weight_kg=80)}
    assert not doses[60].capped and doses[60].indication == "Chronic Liver Disease"
    assert doses[20].indication == "Chronic Immune Thrombocytopenia" and "max 40 mg/day" in doses[20].summary
    # VRAYLAR: a dosing heading names its indication; a highlights line's "Bipolar Depression: Maximum … 3 mg" is
    # that indication's, not a cap on schizophrenia's 6 mg
    vraylar = ("Bipolar Depression: Maximum recommended daily dosage is 3 mg ( 2.4 ) 2.2 Recommended Dosage in "
               "Schizophrenia The recommended dosage range is 1.5 mg to 6 mg once daily. The maximum recommended "
               "dosage is 6 mg daily.")
    [schizophrenia] = computed(vraylar, age_years=40, weight_kg=80)
    assert (schizophrenia.indication, schizophrenia.per_dose_high, schizophrenia.capped) == ("Schizophrenia", 6, False)


def test_a_dialysis_patients_maximum_under_a_renal_heading_does_not_stop_a_moderate_patients_dose() -> None:
    # MOBIC 2.5: severe impairment not recommended; the hemodialysis maximum is for kidneys that have failed
    text = ("2.2 Rheumatoid Arthritis The recommended starting and maintenance oral dose of MOBIC is 7.5 mg once daily. "
            "2.5 Renal Impairment The use of MOBIC in subjects with severe renal impairment is not recommended. In "
            "patients on hemodialysis, the maximum dosage of MOBIC is 7.5 mg per day.")
    [moderate] = computed(text, age_years=72, weight_kg=65, creatinine_clearance=50)
    assert moderate.per_dose_low == 7.5
    answer = compute_doses(label(text), PatientContext(age_years=72, weight_kg=65, creatinine_clearance=10))
    assert not answer.computed  # on dialysis: the sentence is shown, not the usual dose


def test_an_indications_doses_for_the_patients_weight_band_replace_its_range_for_every_weight() -> None:
    # ABILIFY 2.5: a heading naming the indication and the patients; a 26 kg child's Tourette doses stop at 10 mg/day
    text = ("2.5 Tourette's Disorder Pediatric Patients (6 to 18 years) The recommended dosage range for Tourette's "
            "Disorder is 5 to 20 mg/day. For patients weighing less than 50 kg, dosing should be initiated at 2 mg/day "
            "with a target dose of 5 mg/day after 2 days. The dose can be increased to 10 mg/day in patients who do "
            "not achieve optimal control of tics. For patients weighing 50 kg or more, dosing should be initiated at "
            "2 mg/day for 2 days. The dose can be increased up to 20 mg/day for patients who do not achieve optimal "
            "control of tics.")
    child = computed(text, age_years=8, weight_kg=26)
    assert child and max(d.per_day_high or d.per_day_low for d in child) == 10
    assert {d.indication for d in child} == {"Tourette's Disorder"}
    teen = computed(text, age_years=15, weight_kg=60)
    assert max(d.per_day_high or d.per_day_low for d in teen) == 20


def test_a_misread_weight_formula_or_share_gives_no_adjusted_weight_and_no_error() -> None:
    body = label_body(["AIBW = Ideal Body Weight (IBW [kg]) + 1.4*(Actual weight [kg] – IBW) Female IBW (kg) = "
                       "0*height(cm) – 92"])
    assert body.adjusted_share is None and body.formulas == ()


def test_an_indication_of_the_other_sexs_organs_holds_no_patient_and_a_highlights_repeat_is_one_dose() -> None:
    text = ("( 2.1 ) The recommended dose is 0.5 mg orally once daily. 2.2 Recommended Dosage for Metastatic Breast "
            "Cancer The recommended dosage of TALZENNA is 1 mg taken orally once daily. 2.3 Recommended Dosage for "
            "HRR Gene-mutated mCRPC The recommended dosage of TALZENNA is 0.5 mg taken orally once daily.")
    woman = computed(text, age_years=58, sex="female", weight_kg=64)
    assert [(d.per_dose_low, d.indication) for d in woman] == [(1, "Metastatic Breast Cancer")]
    man = computed(text, age_years=70, sex="male", weight_kg=80)  # the highlights' 0.5 mg is the mCRPC dose, once
    assert sorted((d.per_dose_low, d.indication) for d in man) == [
        (0.5, "HRR Gene-mutated mCRPC"), (1, "Metastatic Breast Cancer")]
    unknown = computed(text, age_years=70, weight_kg=80)  # sex not given: every indication's dose
    assert len(unknown) == 2
    menopause = "2.1 Treatment of Vasomotor Symptoms Due to Menopause The recommended dose is 1 mg once daily."
    [refusal] = compute_doses(label(menopause), PatientContext(age_years=50, sex="male")).doses
    assert refusal.status is DoseStatus.REFUSED and "not for a male patient" in refusal.summary


def test_a_single_loading_dose_says_so() -> None:
    doses = computed("Initiate Plavix with a single 300 mg oral loading dose and then continue at 75 mg once daily.",
                     age_years=60, weight_kg=80)
    assert sorted(d.summary.split(";")[0] for d in doses) == [
        "300 mg once, as a starting (loading) dose", "75 mg per dose once daily"]


CLOPIDOGREL = ("2.1 Acute Coronary Syndrome Initiate Plavix with a single 300 mg oral loading dose and then continue at "
               "75 mg once daily. Recent MI, recent stroke, or established peripheral arterial disease: 75 mg once "
               "daily orally without a loading dose.")


def test_the_condition_asked_about_chooses_among_a_labels_per_indication_doses() -> None:
    patient = PatientContext(age_years=80, weight_kg=70)
    every = compute_doses(label(CLOPIDOGREL), patient).computed
    assert sorted(d.per_dose_low for d in every) == [75, 75, 300]
    [stroke] = compute_doses(label(CLOPIDOGREL), patient, conditions=["Stroke"]).computed
    assert (stroke.per_dose_low, stroke.indication) == (
        75, "Recent MI, recent stroke, or established peripheral arterial disease")
    assert any("names the condition asked about" in c for c in stroke.cautions)
    acs = compute_doses(label(CLOPIDOGREL), patient.model_copy(update={"conditions": ("acute coronary syndrome",)}),
                        conditions=["acute coronary syndrome"]).computed
    assert sorted(d.per_dose_low for d in acs) == [75, 300]
    other = compute_doses(label(CLOPIDOGREL), patient, conditions=["migraine"]).computed  # named by no indication
    assert sorted(d.per_dose_low for d in other) == [75, 75, 300]
    assert all(any("none names migraine" in c for c in d.cautions) for d in other)


@pytest.mark.parametrize(("indication", "condition", "named"), [
    ("Recent MI, recent stroke, or established peripheral arterial disease", "stroke", True),
    ("Chronic Myeloid Leukemia (CML)", "CML", True),
    ("Alzheimer's Disease", "Alzheimer disease", True),
    ("Bipolar I Disorder", "bipolar disorder", True),
    ("Acute Coronary Syndrome", "stroke", False),
    ("HRR Gene-mutated mCRPC", "prostate cancer", False),  # words only: no synonyms
    ("Schizophrenia", "chronic", False),  # filler words name nothing
])
def test_an_indication_names_a_condition_by_its_words(indication: str, condition: str, named: bool) -> None:
    assert names_condition(indication, condition) is named


def test_the_indications_a_condition_is_about_share_the_most_of_its_words() -> None:
    indications = ["BRAF V600E or V600K Mutation-Positive Unresectable or Metastatic Melanoma",
                   "BRAF V600E Mutation-Positive Metastatic Colorectal Cancer (CRC)"]
    assert asked_indications(indications, ["BRAF V600E/K unresectable or metastatic melanoma"]) == {indications[0]}
    assert asked_indications(indications, ["metastatic cancer"]) == {indications[1]}  # 2 of 2 words against 1 of 2
    assert asked_indications(indications, ["migraine"]) == set()  # shares nothing: no choice
    assert asked_indications(indications, ["treatment of adult patients"]) == set()  # filler words only



@pytest.mark.parametrize(("indications", "condition", "chosen"), [
    # a short form in the indication that the condition's words spell, by initials or by letters
    (["Acute Myeloid Leukemia", "ASM, SM-AHN, and MCL"], "aggressive systemic mastocytosis", 1),
    (["Newly-diagnosed chronic phase Ph+ CML", "Adjuvant GIST"], "chronic myeloid leukemia", 0),
    (["uHCC", "BTC"], "unresectable hepatocellular carcinoma", 0),
    # a short form in the condition that the indication's words spell; of two that hold it, the one with fewer
    # words of its own
    (["Active Rheumatoid Arthritis", "Deficiency of Interleukin-1 Receptor Antagonist (DIRA)"], "RA", 0),
    # a table column's own name before the title it shares with the other column
    (["Newly-Diagnosed (Dosing for Pediatric Patients with Newly-Diagnosed CP Ph+ CML or with CP Ph+ CML with "
      "Resistance or Intolerance to Prior Therapy)", "Resistant or Intolerant (Dosing for Pediatric Patients with "
      "Newly-Diagnosed CP Ph+ CML or with CP Ph+ CML with Resistance or Intolerance to Prior Therapy)"],
     "newly diagnosed chronic phase CML", 0),
])
def test_a_short_form_counts_as_the_words_that_spell_it(indications: list[str], condition: str, chosen: int) -> None:
    assert asked_indications(indications, [condition]) == {indications[chosen]}


def test_a_short_form_spelled_by_no_words_of_the_other_side_counts_as_itself() -> None:
    # "CP" is not spelled by "cyclophosphamide" (one word), "MCL" not by "systemic mastocytosis"
    assert asked_indications(["CP Ph+ CML"], ["cyclophosphamide"]) == set()
    assert asked_indications(["MCL"], ["systemic mastocytosis"]) == set()
    # letters found inside a word are not its initial: "CEL" is not "chronic myeloid leukemia"
    assert asked_indications(["HES/CEL", "chronic phase CML"], ["chronic myeloid leukemia"]) == {"chronic phase CML"}
    assert asked_indications(["Mantle Cell Lymphoma (MCL)", "CLL"], ["MCL"]) == {"Mantle Cell Lymphoma (MCL)"}

EVEROLIMUS = ("( 2.5 ) TSC-Associated SEGA: 4.5 mg/m 2 orally once daily. 2.6 Recommended Dosage for Tuberous Sclerosis "
              "Complex (TSC)-Associated Subependymal Giant Cell Astrocytoma (SEGA) The recommended starting dosage is "
              "4.5 mg/m 2 orally once daily. 2.7 Recommended Dosage for Tuberous Sclerosis Complex (TSC)-Associated "
              "Partial-Onset Seizures The recommended starting dosage is 5 mg/m 2 orally once daily. 8.4 Pediatric Use "
              "The safety and effectiveness have been established in pediatric patients age 1 year and older with "
              "TSC-associated SEGA. The safety and effectiveness have been established in pediatric patients aged 2 "
              "years and older with TSC-associated partial-onset seizures. The safety and effectiveness have not been "
              "established in pediatric patients less than 2 years of age with TSC-associated partial-onset seizures.")


def test_an_indication_not_established_at_the_childs_age_gives_that_child_none_of_its_doses() -> None:
    toddler = computed(EVEROLIMUS, age_years=1.5, weight_kg=11, height_cm=80)
    assert [(d.per_dose_low, d.indication) for d in toddler] == [  # the highlights' short name is the same dose
        (2.223, "Tuberous Sclerosis Complex (TSC)-Associated Subependymal Giant Cell Astrocytoma (SEGA)")]
    child = computed(EVEROLIMUS, age_years=6, weight_kg=20, height_cm=115)
    assert sorted(d.per_dose_low for d in child) == [3.596, 3.995]  # 0.799 m²: both indications


ABEMACICLIB = ("2.1 Recommended Dosage The recommended dose of VERZENIO is 150 mg taken orally twice daily. "
               "2.4 Dose Modification for Patients with Severe Hepatic Impairment For patients with severe hepatic "
               "impairment (Child Pugh-C), reduce the VERZENIO dosing frequency to once daily.")


def test_a_frequency_reduction_gives_the_usual_amount_fewer_times_a_day() -> None:
    [dose] = computed(ABEMACICLIB, age_years=60, weight_kg=60, hepatic_impairment="severe")
    assert (dose.per_dose_low, dose.per_day_low, dose.doses_per_day) == (150, 150, 1)
    assert dose.summary.startswith("150 mg per dose once daily (instead of twice daily, for severe hepatic impairment)")
    assert any("reduce the VERZENIO dosing frequency" in note for note in dose.cautions)
    [usual] = computed(ABEMACICLIB, age_years=60, weight_kg=60, hepatic_impairment="moderate")
    assert (usual.per_dose_low, usual.per_day_low) == (150, 300)
    # a dose stated per day, or already given once daily, cannot be given less often: no number
    for text in (ABEMACICLIB.replace("150 mg taken orally twice daily", "300 mg per day in divided doses"),
                 ABEMACICLIB.replace("twice daily", "once daily")):
        answer = compute_doses(label(text), PatientContext(age_years=60, weight_kg=60, hepatic_impairment="severe"))
        assert not answer.computed and "less often" in answer.doses[0].summary


def test_a_percentage_said_to_be_approximate_reduces_the_usual_dose() -> None:
    # mobocertinib 2.6: the steps name no unit for the dose before; the percentage is read
    text = ("2.1 Recommended Dosage The recommended dosage of EXKIVITY is 160 mg orally once daily. 2.6 Dosage "
            "Modifications for Patients with Severe Renal Impairment Reduce the EXKIVITY dose by approximately 50% "
            "(i.e., from 160 to 80 mg, 120 to 40 mg, or 80 to 40 mg) and monitor the QTc interval more frequently for "
            "patients with severe renal impairment.")
    [dose] = computed(text, age_years=63, weight_kg=64, egfr=22)
    assert (dose.per_dose_low, dose.per_day_low) == (80, 80)


def test_a_limit_for_an_organs_grade_or_an_interacting_drug_holds_for_the_grade() -> None:
    text = ("The recommended starting dose of Darifenacin extended-release tablets is 7.5 mg once daily. Based upon "
            "individual response, the dose may be increased to 15 mg once daily. For patients with moderate hepatic "
            "impairment (Child-Pugh B) or when co-administered with potent CYP3A4 inhibitors (for example, "
            "ketoconazole, itraconazole), the daily dose of Darifenacin should not exceed 7.5 mg.")
    doses = computed(text, age_years=63, weight_kg=71, hepatic_impairment="moderate")
    assert doses and all(d.per_day_high == 7.5 for d in doses)
    assert {d.per_day_high for d in computed(text, age_years=63, weight_kg=71)} == {7.5, 15}


SELPERCATINIB_TABLE = ("Table 4: Recommended RETEVMO Dosage for Severe Hepatic Impairment\n"
                       "| Current RETEVMO Dosage | Recommended RETEVMO Dosage |\n| --- | --- |\n"
                       "| 120 mg orally twice daily | 80 mg orally twice daily |\n"
                       "| 160 mg orally twice daily | {second} mg orally twice daily |")


@pytest.mark.parametrize(("second", "number"), [(80, 80), (120, None)])
def test_a_table_of_lowered_doses_gives_its_one_dose_or_stops_the_usual_one(second: int, number: int | None) -> None:
    labels = [*label("2.1 Recommended Dosage The recommended dosage of RETEVMO is 160 mg orally twice daily."),
              table_label(SELPERCATINIB_TABLE.format(second=second))]
    severe = compute_doses(labels, PatientContext(age_years=61, weight_kg=70, hepatic_impairment="severe"))
    if number is None:  # which row is the patient's depends on the dose taken before: no number, not 160 mg
        assert not severe.computed and severe.doses
    else:
        assert [d.per_dose_low for d in severe.computed] == [number]
    usual = compute_doses(labels, PatientContext(age_years=61, weight_kg=70))
    assert [d.per_dose_low for d in usual.computed] == [160]


# ELIQUIS 2.1 as fda-labels-full holds it (the list runs into the next heading)
APIXABAN = ("2.1 Recommended Dose in Adult Patients Reduction of Risk of Stroke and Systemic Embolism in Patients with "
            "Nonvalvular Atrial Fibrillation The recommended dose of ELIQUIS for most patients is 5 mg taken orally "
            "twice daily. The recommended dose of ELIQUIS is 2.5 mg twice daily in patients with at least two of the "
            "following characteristics: • age greater than or equal to 80 years • body weight less than or equal to "
            "60 kg • serum creatinine greater than or equal to 1.5 mg/dL Prophylaxis of Deep Vein Thrombosis "
            "Following Hip or Knee Replacement Surgery The recommended dose of ELIQUIS is 2.5 mg taken orally twice "
            "daily.")


@pytest.mark.parametrize(("patient", "computed_5mg", "said"), [
    ({"age_years": 60, "weight_kg": 80}, True, None),  # at most one criterion, whatever the creatinine
    ({"age_years": 82, "weight_kg": 80, "sex": "male", "serum_creatinine": 0.9}, True, None),  # one of three
    ({"age_years": 82, "weight_kg": 80}, False, "serum creatinine is needed"),  # one, and one not known
    ({"age_years": 9, "weight_kg": 28}, None, None),  # a child: the criteria are adults'; the label's children's doses
])
def test_a_dose_for_at_least_two_characteristics_stops_the_usual_number_when_the_patient_may_have_them(
        patient: dict, computed_5mg: bool | None, said: str | None) -> None:
    answer = compute_doses(label(APIXABAN), PatientContext(**patient))
    if computed_5mg is None:
        assert all("at least 2 of" not in d.summary for d in answer.doses)
        return
    if computed_5mg:
        assert [d.per_dose_low for d in answer.computed][:1] == [5.0]  # "for most patients"
        return
    [refusal] = answer.doses
    assert refusal.status is DoseStatus.REFUSED and said in refusal.summary
    assert "age ≥ 80 years, weight ≤ 60 kg, serum creatinine ≥ 1.5 mg/dL" in refusal.summary
    assert "at least two of the following characteristics" in refusal.citation.sentence


@pytest.mark.parametrize("patient", [{"age_years": 82, "weight_kg": 55},
                                     {"age_years": 85, "weight_kg": 70, "sex": "female", "serum_creatinine": 1.6}])
def test_a_patient_with_enough_characteristics_gets_the_dose_the_label_sets_for_them(patient: dict) -> None:
    # refused before ("this tool does not compute that dose"); the sentence's amount is read, the usual 5 mg goes
    [dose] = compute_doses(label(APIXABAN), PatientContext(**patient)).doses
    assert dose.status is DoseStatus.COMPUTED and dose.summary == "2.5 mg per dose twice daily = 5 mg/day"
    assert dose.citation.sentence.startswith("The recommended dose of ELIQUIS is 2.5 mg twice daily in patients with")
    assert APIXABAN[dose.citation.start:dose.citation.end] == dose.citation.sentence
    assert any(c.startswith("the label's dose for patients with at least 2 of: age ≥ 80 years, weight ≤ 60 kg, serum "
                            "creatinine ≥ 1.5 mg/dL — this patient has ") for c in dose.cautions), dose.cautions
    # the highlights' wording: the amount after the list
    highlights = ("• Reduction of risk of stroke and systemic embolism in nonvalvular atrial fibrillation: o The "
                  "recommended dose is 5 mg orally twice daily. (2.1) o In patients with at least 2 of the following "
                  "characteristics: age greater than or equal to 80 years, body weight less than or equal to 60 kg, or "
                  "serum creatinine greater than or equal to 1.5 mg/dL, the recommended dose is 2.5 mg orally twice "
                  "daily. (2.1)")
    [dose] = compute_doses(label(highlights), PatientContext(**patient)).doses
    assert dose.per_dose_low == 2.5 and dose.indication.startswith("Reduction of risk of stroke")


def test_doses_that_differ_are_announced_as_not_all_for_the_same_use() -> None:
    highlights = ("2 DOSAGE AND ADMINISTRATION • Reduction of risk of stroke and systemic embolism in nonvalvular "
                  "atrial fibrillation: o The recommended dose is 5 mg orally twice daily. (2.1) • Prophylaxis of DVT "
                  "following hip or knee replacement surgery: o The recommended dose is 2.5 mg orally twice daily.")
    answer = compute_doses(label(highlights), PatientContext(age_years=60, weight_kg=80))
    assert [(d.per_dose_low, d.indication[:13]) for d in answer.computed] == [(5.0, "Reduction of "),
                                                                              (2.5, "Prophylaxis o")]
    assert answer.message.startswith("The label states more than one dose for this patient")
    # the condition asked about chooses one: no warning
    chosen = compute_doses(label(highlights), PatientContext(age_years=60, weight_kg=80),
                           conditions=["atrial fibrillation"])
    assert [d.per_dose_low for d in chosen.computed] == [5.0] and chosen.message is None
    # one dose: nothing to announce
    assert compute_doses(label(AMOXICILLIN), PatientContext(age_years=3, weight_kg=14)).message is None
