"""Dosing tables → text → typed rules, on tables copied from FDA labels of ``fda-labels-full`` (pure, no Neo4j)."""

from __future__ import annotations

from graph.models import DosageText, DoseBasis, DoseKind, DosePopulation, DoseScale
from nlp.dose_tables import (TABLE_SECTION, about_other_things, parse_dosage, parse_dosage_table, parse_label_dosage,
                              table_text)

TOVIAZ = (  # fesoterodine, Table 1 (renal), with its footnote
    '<table><caption>Table 1: Toviaz Recommended Dose in Adult Patients With Renal Impairment (Administered Orally '
    'Once Daily)</caption><thead><tr><th><content styleCode="bold">Estimated Creatinine Clearance</content>'
    '<footnote ID="f1">Calculate CLcr using the Cockcroft-Gault formula</footnote></th><th>Recommended Dose</th></tr>'
    '</thead><tbody><tr><td><paragraph>CLcr 30 to 89 mL/min</paragraph></td><td><paragraph>8 mg</paragraph></td></tr>'
    '<tr><td>CLcr 15 to 29 mL/min</td><td>4 mg</td></tr><tr><td>CLcr &lt;15 mL/min </td><td>4 mg</td></tr>'
    '</tbody></table>')
OXLUMO = (  # lumasiran, Table 1 (weight bands, two dose columns)
    '<table><caption>Table 1. OXLUMO Weight-Based Dosing Regimen</caption><thead><tr><th>Body Weight</th>'
    '<th>Loading Dose</th><th>Maintenance Dose</th></tr></thead><tbody>'
    '<tr><td>Less than 10 kg</td><td>6 mg/kg once monthly for 3 doses</td><td>3 mg/kg once monthly, beginning 1 month '
    'after the last loading dose</td></tr>'
    '<tr><td>10 kg to less than 20 kg</td><td>6 mg/kg once monthly for 3 doses</td><td>6 mg/kg once every 3 months '
    '(quarterly), beginning 1 month after the last loading dose</td></tr>'
    '<tr><td>20 kg and above</td><td>3 mg/kg once monthly for 3 doses</td><td>3 mg/kg once every 3 months '
    '(quarterly), beginning 1 month after the last loading dose</td></tr></tbody></table>')
PEDIATRIC_RENAL = (  # fesoterodine, Table 2: "Use is Not Recommended" rows, population from the caption
    '<table><caption>Table 2: Toviaz Recommended Dose in Pediatric Patients Aged 6 Years and Older Weighing Greater '
    'Than 25 kg and up to 35 kg With Renal Impairment (Administered Orally Once Daily)</caption><thead><tr>'
    '<th>Estimated Glomerular Filtration Rate (GFR)</th><th>Recommended Dose</th></tr></thead><tbody>'
    '<tr><td>eGFR 30 to 89 mL/min/1.73m</td><td>4 mg</td></tr>'
    '<tr><td>eGFR 15 to 29 mL/min/1.73m</td><td>Use is Not Recommended</td></tr></tbody></table>')
ABACAVIR = (  # AM/PM columns are uneven halves of a day: never read as "twice daily"; the total per day is
    '<table><caption>Table 1. Dosing Recommendations for ZIAGEN Scored Tablets in Pediatric Patients</caption>'
    '<thead><tr><th rowspan="2">Weight(kg)</th><th rowspan="2">Once-Daily Dosing Regimen</th>'
    '<th colspan="3">Twice-Daily Dosing Regimen</th></tr></thead><tbody>'
    '<tr><td>AM Dose</td><td>PM Dose</td><td>Total Daily Dose</td></tr>'
    '<tr><td>≥20 to &lt;25</td><td>1½ tablets (450 mg)</td><td>½ tablet (150 mg)</td><td>1 tablet (300 mg)</td>'
    '<td>450 mg</td></tr></tbody></table>')
SERTRALINE = (  # rows by indication under population group rows; the caption says the amounts are daily
    '<table><caption>Table 1: Recommended Daily Dosage of Sertraline Hydrochloride in Patients with MDD, OCD, PD, '
    'PTSD, and SAD</caption><thead><tr><th>Indication</th><th>Starting Dose</th><th>Therapeutic Range</th></tr>'
    '</thead><tbody><tr><td colspan="3">Adults</td></tr><tr><td>MDD</td><td>50 mg</td><td>50 to 200 mg</td></tr>'
    '<tr><td colspan="3">Pediatric Patients</td></tr><tr><td>OCD (ages 6 to 12 years old)</td><td>25 mg</td>'
    '<td>50 to 200 mg</td></tr></tbody></table>')
TRIPLE = (  # a regimen's other products under "Triple Therapy:" are never the label's own dose
    '<table><thead><tr><th>Indication</th><th>Recommended Dose</th><th>Frequency</th></tr></thead><tbody>'
    '<tr><td colspan="3">Duodenal Ulcers</td></tr><tr><td>Short-Term Treatment</td><td>15 mg</td>'
    '<td>Once daily for 4 weeks</td></tr><tr><td colspan="3">Triple Therapy:</td></tr><tr><td>Amoxicillin</td>'
    '<td>1 gram</td><td>Twice daily for 14 days</td></tr></tbody></table>')
ADVERSE = (  # a dose-modification table: never read
    '<table><caption>Table 1: Recommended Dose Reductions for LYTGOBI for Adverse Reactions</caption><thead><tr>'
    '<th>Dose Reduction</th><th>Recommended Dosage</th></tr></thead><tbody><tr><td>First dose reduction</td>'
    '<td>16 mg (four 4 mg tablets) orally once daily</td></tr></tbody></table>')
CURRENT = (  # keyed by a dose (a conversion) whose rows lower to different doses: which is the patient's is not known
    '<table><caption>Table 4: Recommended RETEVMO Dosage for Severe Hepatic Impairment</caption><thead><tr>'
    '<th>Current RETEVMO Dosage</th><th>Recommended RETEVMO Dosage</th></tr></thead><tbody>'
    '<tr><td>120 mg orally twice daily</td><td>80 mg orally twice daily</td></tr>'
    '<tr><td>160 mg orally twice daily</td><td>120 mg orally twice daily</td></tr></tbody></table>')


def rules(markup: str):
    text = table_text(markup)
    assert text is not None
    return table_rules(text)


def table_rules(text: str):
    """The rules of a table already in pipe-separated text (as ``table_text`` writes it)."""
    return parse_dosage_table(DosageText(id="L#table-0", document_id="L", text=text, section=TABLE_SECTION,
                                         position=0))


def test_table_text_is_readable_rows_with_caption_header_and_footnotes() -> None:
    text = table_text(TOVIAZ)
    assert text is not None
    lines = text.split("\n")
    assert lines[0].startswith("Table 1: Toviaz Recommended Dose")
    assert lines[1] == "| Estimated Creatinine Clearance | Recommended Dose |" and lines[2] == "| --- | --- |"
    assert lines[3] == "| CLcr 30 to 89 mL/min | 8 mg |"
    assert lines[-1] == "Calculate CLcr using the Cockcroft-Gault formula"


def test_renal_rows_give_renal_rules_with_the_captions_frequency_and_population() -> None:
    found = rules(TOVIAZ)
    assert [(r.amount.low, r.renal.low, r.renal.high) for r in found] == [(8, 30, 89), (4, 15, 29), (4, None, 15)]
    first = found[0]
    assert first.population is DosePopulation.ADULT and first.doses_per_day == 1 and first.renal_measure == "CrCl"
    assert first.sentence == "| CLcr 30 to 89 mL/min | 8 mg |"
    assert found[2].renal.high_inclusive is False


def test_weight_bands_and_every_three_months() -> None:
    found = rules(OXLUMO)
    middle = [r for r in found if r.weight_kg.low == 10]
    assert {(r.amount.low, r.amount.scale, round(r.doses_per_day * 365)) for r in middle} == {
        (6, DoseScale.PER_KG, 12), (6, DoseScale.PER_KG, 4)}
    assert all(r.weight_kg.high == 20 and r.weight_kg.high_inclusive is False for r in middle)
    assert min(r.weight_kg.low or 0 for r in found) == 0 and any(r.weight_kg.high is None for r in found)


def test_not_recommended_rows_are_avoid_rules_for_the_captions_children() -> None:
    dose, avoid = rules(PEDIATRIC_RENAL)
    assert dose.amount.low == 4 and dose.renal_measure == "eGFR"
    assert avoid.kind is DoseKind.AVOID and avoid.renal.low == 15 and avoid.population is DosePopulation.PEDIATRIC
    assert avoid.age_years.low == 6 and avoid.weight_kg.low == 25 and avoid.weight_kg.high == 35


def test_split_day_columns_are_not_read_and_the_daily_total_is_per_day() -> None:
    found = rules(ABACAVIR)
    assert {(r.amount.low, r.basis) for r in found} == {(450, DoseBasis.PER_DOSE), (450, DoseBasis.PER_DAY)}
    assert all(r.weight_kg.low == 20 and r.weight_kg.high == 25 for r in found)


def test_modification_and_conversion_tables_give_no_rule() -> None:
    assert rules(ADVERSE) == [] and rules(CURRENT) == []


def test_parse_dosage_dispatches_tables_and_text() -> None:
    text = DosageText(id="L#dosage-0", document_id="L", text="The recommended dose is 10 mg once daily.",
                      section="Dosage & Administration", position=0)
    assert [r.amount.low for r in parse_dosage(text)] == [10]
    table = DosageText(id="L#table-0", document_id="L", text=table_text(TOVIAZ) or "", section=TABLE_SECTION,
                       position=1)
    assert len(parse_dosage(table)) == 3


def test_markup_without_a_table_or_rows_gives_no_text() -> None:
    assert table_text("<p>no table</p>") is None
    assert table_text("<table><thead><tr><th>A</th></tr></thead></table>") is None


def test_indication_rows_take_the_group_rows_population_and_the_captions_daily_basis() -> None:
    found = rules(SERTRALINE)
    adult = {(r.kind, r.amount.low, r.amount.high) for r in found if r.population is DosePopulation.ADULT}
    assert adult == {(DoseKind.STARTING, 50, None), (DoseKind.DOSE, 50, 200)}
    assert all(r.basis is DoseBasis.PER_DAY and r.indication in {"MDD", "OCD (ages 6 to 12 years old)"} for r in found)
    child = [r for r in found if r.population is DosePopulation.PEDIATRIC]
    assert child and all(r.age_years.low == 6 and r.age_years.high == 12 for r in child)


def test_rows_under_a_combination_regimen_are_not_read() -> None:
    found = rules(TRIPLE)
    assert [(r.amount.low, r.indication) for r in found] == [(15, "Duodenal Ulcers: Short-Term Treatment")]


def test_a_column_of_tablets_before_the_daily_dose_is_no_key() -> None:
    text = ("Table 3 Dosing for Pediatric Patients 3 Years and Older Using SOVALDI Tablets or Oral Pellets\n"
            "| Body Weight (kg) | Dosing of SOVALDI Tablets or Oral Pellets | SOVALDI Daily Dose |\n| --- | --- | --- |\n"
            "| at least 35 | one 400 mg tablet once daily or two 200 mg tablets once daily | 400 mg per day |\n"
            "| 17 to less than 35 | one 200 mg tablet once daily or one 200 mg packet of pellets once daily | "
            "200 mg per day |")
    rules = table_rules(text)
    assert [(r.amount.low, r.basis, r.weight_kg.low, r.population) for r in rules] == [
        (400, DoseBasis.PER_DAY, 35, DosePopulation.PEDIATRIC), (200, DoseBasis.PER_DAY, 17, DosePopulation.PEDIATRIC)]


def test_rows_keyed_by_a_drug_are_a_combinations_components_not_indications() -> None:
    text = ("Table 1 Recommended Dosing Schedule\n| Drug | Oral Lead-in | Initiation Injections | Continuation |\n"
            "| --- | --- | --- | --- |\n| Cabotegravir | 30 mg once daily with a meal | 600 mg (3 mL) | 400 mg (2 mL) |\n"
            "| Rilpivirine | 25 mg once daily with a meal | 900 mg (3 mL) | 600 mg (2 mL) |")
    assert table_rules(text) == []


def test_weekly_increase_columns_are_no_maxima_and_twice_or_thrice_weekly_columns_are_read() -> None:
    text = ("| Patient Weight | Initial Dosage | Maximum Weekly Dosage Increase | Maximum Recommended Dosage |\n"
            "| --- | --- | --- | --- |\n| ≥45 kg | ≤2.25 g | 0.75 g | 4.5 g |")
    rules = table_rules(text)
    assert all(r.max_per_dose is None or r.max_per_dose.low == 4.5 for r in rules)
    weekly = ("|  | Daily | Twice Weekly | Thrice Weekly |\n| --- | --- | --- | --- |\n"
              "| Adults | 15 mg/kg | 25-30 mg/kg | 25-30 mg/kg |")
    rules = table_rules(weekly)
    assert sorted(round(r.doses_per_day * 7) for r in rules if r.doses_per_day) == [2, 3]


def test_surface_area_bands_key_rows_and_reduction_columns_are_not_doses() -> None:
    # entrectinib Tables 1–2 and crizotinib Table 3, abridged: an age row in months, BSA rows under a caption
    # that names the age; a dose-reduction table by BSA band gives no dose
    ages = ("Table 1. Recommended dosage\n| Patient Population | Recommended Dosage |\n| --- | --- |\n"
            "| Pediatric patients > 1 month to ≤ 6 months: | 250 mg/m2 orally once daily |")
    [infant] = table_rules(ages)
    assert infant.age_years is not None and (infant.age_years.low, infant.age_years.high) == (0.0833, 0.5)
    assert not infant.age_years.low_inclusive and infant.age_years.high_inclusive
    bands = ("Table 2. Recommended dosage for Pediatric Patients Older than 6 Months\n"
             "| Body Surface Area (BSA) | Recommended Dosage Orally Once Daily |\n| --- | --- |\n"
             "| ≤0.50 m2 | 300 mg/m2 |\n| 0.81 to 1.10 m2 | 300 mg |\n| ≥ 1.51 m2 | 600 mg |")
    rules = table_rules(bands)
    assert [(r.bsa_m2.low, r.bsa_m2.high, r.amount.low, r.amount.scale) for r in rules] == [
        (None, 0.5, 300, DoseScale.PER_M2), (0.81, 1.1, 300, DoseScale.FIXED), (1.51, None, 600, DoseScale.FIXED)]
    assert all(r.population is DosePopulation.PEDIATRIC and r.age_years.low == 0.5 for r in rules)
    reductions = ("Table 3. Recommended Dose Reductions\n| Body Surface Area | First Dose Reduction | "
                  "Second Dose Reduction |\n| --- | --- | --- |\n| 0.81 to 1.16 m2 | 200 mg Twice daily | "
                  "250 mg Once daily |")
    assert table_rules(reductions) == []


def test_a_table_without_a_header_rule_takes_its_leading_rows_as_header_and_organ_captions_need_their_range() -> None:
    # trifluridine/tipiracil Tables 1 and 2, abridged: the SPL gives no <thead>, so no "| --- |" line
    bands = ("Table 1: Recommended Dosage According to Body Surface Area (BSA)\n"
             "| BSA (m2) | Total daily dose (mg) | Dose (mg) administered twice daily | Tablets per dose |\n"
             "| BSA (m2) | Total daily dose (mg) | Dose (mg) administered twice daily | 15 mg |\n"
             "| 1.69 – 1.83 | 120 | 60 | 0 |\n| ≥2.30 | 160 | 80 | 0 |")
    rules = table_rules(bands)
    assert sorted((r.bsa_m2.low, r.amount.low, r.basis) for r in rules) == [
        (1.69, 60, DoseBasis.PER_DOSE), (1.69, 120, DoseBasis.PER_DAY), (2.3, 80, DoseBasis.PER_DOSE),
        (2.3, 160, DoseBasis.PER_DAY)]
    renal = bands.replace("Table 1: Recommended Dosage According", "Table 2: Recommended Dosage for Severe Renal "
                                                                   "Impairment According")
    assert table_rules(renal) == []
    forms = ("| Dosage Information | Dosage Information |\n| Indication | Suspension |\n"
             "| Trigeminal Neuralgia | ½ tsp 4 times a day (200 mg/day) |")
    assert table_rules(forms) == []


def test_a_dose_table_with_a_volume_column_is_read_without_the_volume() -> None:
    # rozanolixizumab Table 1: the volume to infuse beside each weight band's dose
    text = ("Table 1: Recommended Dose Based on Body Weight\n| Body Weight of Patient | Dose | Volume to be Infused |\n"
            "| --- | --- | --- |\n| Less than 50 kg | 420 mg | 3 mL |\n| 50 kg to less than 100 kg | 560 mg | 4 mL |")
    rules = table_rules(text)
    assert [(r.weight_kg.high, r.amount.low, r.amount.unit) for r in rules] == [(50, 420, "mg"), (100, 560, "mg")]


def _texts(*texts: str) -> list[DosageText]:
    return [DosageText(id=f"SETID:c@v1#dosage-{i}", document_id="SETID:c@v1", text=text, section="dosage",
                       position=i) for i, text in enumerate(texts)]


def test_a_combination_product_dosed_in_tablets_gets_its_count_with_what_a_tablet_contains() -> None:
    rules = parse_label_dosage(_texts(
        "(2.1) Recommended dosage: One tablet (400 mg of sofosbuvir, 100 mg of velpatasvir, and 100 mg of "
        "voxilaprevir) taken orally once daily with food.",
        "2.2 Recommended Dosage The recommended dosage of VOSEVI is one tablet, taken orally, once daily with food."))
    assert [(r.amount.low, r.amount.unit, r.basis, r.doses_per_day) for r in rules] == [
        (1.0, "tablet", DoseBasis.PER_DOSE, 1.0)] * 2
    # the second sentence does not say what a tablet holds; the first, of the same label, does
    assert {r.per_unit for r in rules} == {"400 mg of sofosbuvir, 100 mg of velpatasvir, and 100 mg of voxilaprevir"}


def test_counts_are_read_only_where_the_label_states_no_amount_of_drug() -> None:
    mass = parse_label_dosage(_texts("The recommended dose is 20 mg once daily.",
                                     "Take one tablet by mouth at the same time every day."))
    assert [(r.amount.low, r.amount.unit) for r in mass] == [(20.0, "mg")]
    counted = parse_label_dosage(_texts("Take one tablet by mouth at the same time every day."))
    assert [(r.amount.low, r.amount.unit, r.doses_per_day) for r in counted] == [(1.0, "tablet", 1.0)]


def test_a_unit_of_one_stated_amount_is_that_amount_and_unread_or_mixed_units_give_nothing() -> None:
    inhaled = parse_label_dosage(_texts("The recommended dosage is 1 actuation (umeclidinium 62.5 mcg) once daily "
                                        "by oral inhalation."))
    assert [(r.amount.low, r.amount.unit, r.per_unit) for r in inhaled] == [(62.5, "mcg", None)]
    assert parse_label_dosage(_texts(  # the first tablets are not counted: which tablet "one" means is not said
        "Two ombitasvir, paritaprevir, ritonavir 12.5/75/50 mg tablets once daily (in the morning) and one "
        "dasabuvir 250 mg tablet twice daily (morning and evening) with a meal.")) == []
    assert parse_label_dosage(_texts("She should take one light pink tablet daily for 24 days, followed by one white "
                                     "inert tablet daily on Days 25 through 28.")) == []
    # two products of different contents in one sentence
    assert parse_label_dosage(_texts("The recommended oral daily dose is one 30-mg tablet of VOCABRIA (cabotegravir) "
                                     "and one 25-mg tablet of EDURANT (rilpivirine).")) == []


def test_the_products_own_name_between_a_count_and_its_unit_and_a_daily_limit_in_a_24_hour_period() -> None:
    names = ("isosorbide dinitrate and hydralazine hydrochloride", "Trezix")
    texts = [DosageText(id="SETID:c@v1#dosage-0", document_id="SETID:c@v1", section="dosage", position=0,
                        product_names=names, text=(
                            "Isosorbide dinitrate and hydralazine hydrochloride tablets should be initiated at a dose "
                            "of one isosorbide dinitrate and hydralazine hydrochloride tablet, three times a day. "
                            "The usual adult dosage is two (2) TREZIX™ (acetaminophen, caffeine, and dihydrocodeine "
                            "bitartrate) capsules orally every four (4) hours, as needed. No more than five (5) doses, "
                            "or ten (10) capsules should be taken in a 24-hour period. One capsule orally each "
                            "evening with food."))]
    rules = parse_label_dosage(texts)
    assert [(r.amount.low, r.amount.unit, r.doses_per_day, r.interval_hours) for r in rules if r.amount] == [
        (1.0, "tablet", 3.0, 8.0), (2.0, "capsule", 6.0, 4.0), (1.0, "capsule", 1.0, 24.0)]
    [limit] = [r for r in rules if r.kind is DoseKind.MAXIMUM]
    assert (limit.max_per_day.low, limit.max_per_day.unit) == (10.0, "capsule")
    # without the product's name the first sentence names a unit it does not count: which tablets is not said
    texts = [t.model_copy(update={"product_names": ()}) for t in texts]
    assert (1.0, "tablet") not in [(r.amount.low, r.amount.unit) for r in parse_label_dosage(texts) if r.amount]


def test_what_a_tablet_contains_may_come_from_a_sentence_that_only_says_so() -> None:
    rules = parse_label_dosage(_texts(
        "2.2 Recommended Dosage ZEPATIER is a two-drug, fixed-dose combination product containing 50 mg of elbasvir "
        "and 100 mg of grazoprevir in a single tablet. The recommended dosage of ZEPATIER is one tablet taken orally "
        "once daily with or without food."))
    assert [(r.amount.low, r.amount.unit, r.per_unit) for r in rules] == [
        (1.0, "tablet", "50 mg of elbasvir and 100 mg of grazoprevir")]
    strengths = parse_label_dosage(_texts(  # two strengths: which one a tablet holds is not said
        "Each tablet contains 0.5 mg of estradiol and 100 mg of progesterone. Each tablet contains 1 mg of estradiol "
        "and 100 mg of progesterone. Take one tablet once daily in the evening."))
    assert [(r.amount.low, r.per_unit) for r in strengths] == [(1.0, None)]


def test_a_table_the_reader_never_takes_doses_from_is_about_other_things() -> None:
    toxicity = ("Table 3: Dose Modifications for Adverse Reactions\n| Adverse Reaction | Severity | Dose Modification |\n"
                "| --- | --- | --- |\n| Hepatotoxicity | AST or ALT > 3 × ULN with total bilirubin > 2 × ULN | "
                "Permanently discontinue |")
    bands = ("Table 1: Recommended Dosage\n| Creatinine Clearance | Dose |\n| --- | --- |\n"
             "| 30 to 59 mL/min | 250 mg once daily |")
    assert about_other_things(toxicity) and not about_other_things(bands)
    assert not about_other_things("The recommended dose is 250 mg once daily.")


def test_a_volume_column_that_states_the_drug_it_holds_is_read_as_that_amount() -> None:
    # trametinib, Table 2 (oral solution by weight)
    rules = table_rules("Table 2. Recommended Dosage for MEKINIST for Oral Solution (Weight-based)\n"
                        "| Body Weight | Recommended Dosage Total Volume of Oral Solution Once Daily (Trametinib Content) |\n"
                        "| --- | --- |\n| 14 to 17 kg | 11 mL (0.55 mg) |\n| 18 to 21 kg | 14 mL (0.7 mg) |")
    assert [(r.weight_kg.low, r.amount.low, r.amount.unit, r.doses_per_day) for r in rules] == [
        (14.0, 0.55, "mg", 1), (18.0, 0.7, "mg", 1)]
    # a volume alone says nothing comparable: still not read
    assert not table_rules("Table 9. Volume to Administer\n| Body Weight | Volume (mL) Once Daily |\n| --- | --- |\n"
                           "| 14 to 17 kg | 11 mL |")


def test_a_geriatric_use_section_gives_only_its_dose_for_older_patients() -> None:
    from nlp.dose_tables import GERIATRIC_SECTION
    text = ("8.5 Geriatric Use In clinical studies, 150 mg/m 2 was given to 40 patients. The starting dose of CAMPTOSAR "
            "in patients 70 years and older for the once-every-3-week-dosage schedule should be 300 mg/m 2 .")
    rules = parse_dosage(DosageText(id="L#dosage-9", document_id="L", text=text, section=GERIATRIC_SECTION,
                                    position=9))
    assert [(r.amount.low, r.age_years.low) for r in rules] == [(300.0, 70.0)]


BOSUTINIB_ORGANS = (  # Table 4: rows by organ function, a column per indication ("… to prior therapy" is one)
    '<table><caption>Table 4: Dose Adjustments for Renal and Hepatic Impairment in Adult Patients</caption><thead>'
    '<tr><th></th><th></th><th>Recommended Starting Dosage Newly-diagnosed chronic phase Ph+ CML</th>'
    '<th>Recommended Starting Dosage Chronic, accelerated, or blast phase Ph+ CML with resistance or intolerance to '
    'prior therapy</th></tr></thead><tbody>'
    '<tr><td>Normal renal and hepatic function</td><td>Normal renal and hepatic function</td><td>400 mg daily</td>'
    '<td>500 mg daily</td></tr>'
    '<tr><td></td><td>Creatinine clearance 30 to 50 mL/min</td><td>300 mg daily</td><td>400 mg daily</td></tr>'
    '<tr><td></td><td>Creatinine clearance less than 30 mL/min</td><td>200 mg daily</td><td>300 mg daily</td></tr>'
    '<tr><td></td><td>Mild (Child-Pugh A), Moderate (Child-Pugh B) or Severe (Child-Pugh C)</td><td>200 mg daily</td>'
    '<td>200 mg daily</td></tr></tbody></table>')


def test_an_organ_table_whose_rows_state_their_conditions_is_read_with_a_column_per_indication() -> None:
    found = rules(BOSUTINIB_ORGANS)
    below_30 = sorted(r.amount.low for r in found if r.renal is not None and r.renal.high == 30)
    assert below_30 == [200, 300]
    assert sorted(r.amount.low for r in found if r.hepatic == ("mild", "moderate", "severe")) == [200, 200]
    assert any(r.indication and "prior therapy" in r.indication for r in found)
    # the caption alone names the condition: rows that state none are not read as everyone's doses
    assert not rules(BOSUTINIB_ORGANS.replace("Creatinine clearance 30 to 50 mL/min", "Moderate")
                     .replace("Creatinine clearance less than 30 mL/min", "Severe")
                     .replace("Mild (Child-Pugh A), Moderate (Child-Pugh B) or Severe (Child-Pugh C)", "Any"))


def test_a_column_of_what_to_administer_does_not_put_the_table_aside() -> None:
    # efavirenz Table 1: "Number of Capsules or Tablets and Strength to Administer" beside the daily dose
    found = table_rules("Table 1: SUSTIVA Dosing in Pediatric Patients\n"
                        "| Patient Body Weight | SUSTIVA Daily Dose | Number of Capsulesa or Tabletsb and Strength to "
                        "Administer |\n| --- | --- | --- |\n"
                        "| 20 kg to less than 25 kg | 300 mg | one 200 mg + two 50 mg capsules |\n"
                        "| 25 kg to less than 32.5 kg | 350 mg | one 200 mg + three 50 mg capsules |")
    assert [(r.weight_kg.low, r.amount.low, r.basis) for r in found] == [(20, 300, DoseBasis.PER_DAY),
                                                                          (25, 350, DoseBasis.PER_DAY)]
    # a table about how many to take for a number of doses is still put aside
    assert not table_rules("Table 3: Number of doses\n| Body Weight | Number of doses |\n| --- | --- |\n"
                           "| 20 kg to less than 25 kg | 300 mg |")


def test_dose_columns_that_name_what_they_are_for_give_their_rules_that_indication() -> None:
    table = ("Table 1: Dosing for Pediatric Patients with CML\n"
             "| BSA | Newly-Diagnosed Recommended Dose (Once Daily) | Resistant or Intolerant Recommended Dose "
             "(Once Daily) |\n| 0.9 to < 1.1 m2 | 300 mg | 400 mg |")
    rules = parse_dosage_table(DosageText(id="t", document_id="d", text=table, section=TABLE_SECTION, position=0))
    assert [(r.amount.low, r.indication.split(" (")[0]) for r in rules] == [
        (300.0, "Newly-Diagnosed"), (400.0, "Resistant or Intolerant")]


def test_a_flattened_list_of_weight_bands_in_tablets_gives_one_rule_per_band() -> None:
    rules = parse_label_dosage(_texts(
        "Adults Patients should be given the following single daily dose of RIFATER either 1 hour before or 2 hours "
        "after a meal with a full glass of water. Patients weighing ≤44 kg – 4 tablets Patients weighing between "
        "45–54 kg – 5 tablets Patients weighing ≥55 kg – 6 tablets Pediatric Patients The ratio of the drugs in "
        "RIFATER may not be appropriate in pediatric patients under the age of 15."))
    assert [(r.amount.low, r.weight_kg.low, r.weight_kg.high, r.doses_per_day) for r in rules if r.amount] == [
        (4.0, None, 44.0, 1.0), (5.0, 45.0, 54.0, 1.0), (6.0, 55.0, None, 1.0)]


def test_a_table_of_current_doses_lowered_for_an_organs_grade_gives_the_lowered_doses() -> None:
    # selpercatinib Table 4, whose rows all lower to one dose; its Table 3 (the same layout for CYP3A inhibitors)
    # stays unread, as does a table whose rows lower to different doses (``CURRENT``)
    rules = table_rules("Table 4: Recommended RETEVMO Dosage for Severe Hepatic Impairment\n"
                        "| Current RETEVMO Dosage | Recommended RETEVMO Dosage |\n| --- | --- |\n"
                        "| 120 mg orally twice daily | 80 mg orally twice daily |\n"
                        "| 160 mg orally twice daily | 80 mg orally twice daily |")
    assert [(r.amount.low, r.doses_per_day, r.hepatic, r.indication) for r in rules] == [
        (80, 2, ("severe",), None), (80, 2, ("severe",), None)]
    assert not table_rules("Table 3: Recommended RETEVMO Dosage for Concomitant Use of Strong CYP3A Inhibitors\n"
                           "| Current RETEVMO Dosage | Recommended RETEVMO Dosage |\n| --- | --- |\n"
                           "| 120 mg orally twice daily | 40 mg orally twice daily |")
    # without an organ's grade, the current doses say nothing of whom the rows are for
    assert not table_rules("Table 5: Recommended RETEVMO Dosage\n"
                           "| Current RETEVMO Dosage | Recommended RETEVMO Dosage |\n| --- | --- |\n"
                           "| 120 mg orally twice daily | 80 mg orally twice daily |")


def test_a_table_of_doses_lowered_for_an_organs_grade_is_about_that_grade_read_or_not() -> None:
    # rows that lower to different doses give no rule, but the table still changes the grade's dose: the guards
    # must see it (and stop a number) rather than take it for a table about something else
    text = table_text(CURRENT)
    assert text is not None and not table_rules(text) and not about_other_things(text)
