"""Dosage and Administration text → typed dose rules (``graph.models.DoseRule``); pure functions, no models.

One rule per dosing sentence (or per alternative of "500 mg twice a day or 850 mg once a day") that states it
unambiguously: an amount with its unit (fixed, per kg or per m², per dose or per day), or a maximum alone, or that
the drug is not to be used under a renal/hepatic condition. A sentence that names a strength or concentration
("600 mg/42.9 mg per 5 mL"), a titration step ("increments of 500 mg"), a percentage reduction, a flattened table
or more amounts than it can pair is left alone: the verbatim text is still shown. Units go through
``nlp.dose_units`` (pint).

Population comes from the sentence ("pediatric patients aged 3 months to 12 years weighing less than or equal to
40 kg") or, when the sentence names none, from the numbered subsection heading above it ("2.2 Dosage in
Pediatric Patients"); indication from the DosageText's title, or that heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.models import (
    DosageText, DoseBasis, DoseKind, DosePopulation, DoseQuantity, DoseRule, DoseScale, NumericRange,
)
from nlp import dose_patterns as P
from nlp.dose_units import days_for, hours_for, unit_name, years_for


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Sentences with their character offsets in ``text`` (abbreviations and decimals do not end one)."""
    spans, start = [], 0
    for match in P.SENTENCE_END.finditer(text):
        if P.ABBREVIATIONS.search(text[max(0, match.start() - 8):match.start()]):
            continue
        before = text[start:match.start()]
        if before.endswith(";") and before.count("(") > before.count(")"):
            continue  # "one tablet (324 mg; 202 mg of quinidine base) every eight hours": inside a parenthesis
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    spans = [piece for a, b in spans for piece in _at_inner_headings(text, a, b)]
    return [Sentence(text[a:b], a, b) for a, b in spans if text[a:b].strip()]


def _at_inner_headings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut where a numbered dosing heading starts inside it: a flattened table runs on into the next
    subsection ("… 55.5 and above 2,400 2.2 Recommended Dosage for Alagille Syndrome … 120 mcg/kg"), whose amounts
    are not the table's; or where a highlights lead-in for other patients follows a dose."""
    cuts = [m.start() for m in P.HEADING.finditer(text, start, end)
            if m.start() > start and text[start:m.start()].strip() and P.INNER_HEADING_WORDS.match(m.group("words"))]
    # "… • Capsules: 300 mg, three times daily Recommended starting dosage for pediatric patients 20 to 30 kg …": a
    # highlights lead-in for other patients after a dose
    cuts += [m.start() for m in P.DOSAGE_FOR_LEAD.finditer(text, start, end)
             if m.start() > start and (P.QUANTITY.search(text, start, m.start())
                                       or P.COUNTED_UNITS.search(text, start, m.start()))]
    bounds = [start, *sorted(set(cuts)), end]
    return list(zip(bounds, bounds[1:]))


def parse_dosage_text(dosage: DosageText, counts: bool = False) -> list[DoseRule]:
    """Every rule the text states unambiguously, in text order. ``counts``: read doses stated in dosage units
    ("Take one tablet by mouth every day", "one tablet (400 mg of sofosbuvir, 100 mg of velpatasvir …) once
    daily") — for a label that states no amount of drug anywhere (``nlp.dose_tables.parse_label_dosage`` decides),
    never beside amounts, where "one tablet" would not say which strength."""
    rules: list[DoseRule] = []
    heading: str | None = None
    context: dict = {}
    previous: dict = {}  # the population of the sentence before, for a sentence that continues its regimen
    previous_limits: dict = {}  # and the maxima it stated
    said_frequency: dict | None = None  # how often, said under this heading in a sentence with no amount
    usual_frequencies: dict[str, dict] = {}  # how often the usual (unconditioned) doses are given, by wording
    animals = False  # under an animal-findings heading, until the next numbered heading
    last_text = ""
    unread_before = False  # the sentence before states an amount for patients it names but gave no rule
    study_told = False  # an animal study's account began in the sentence before
    for sentence in sentences(dosage.text):
        heading_at = P.HEADING.search(sentence.text)
        animal_at = P.ANIMAL_HEADING.search(sentence.text)
        if heading_at and (animal_at is None or heading_at.start() > animal_at.start()):
            animals = study_told = False
        if animal_at and (heading_at is None or animal_at.start() > heading_at.start()) or study_told:
            animals = True  # "Juvenile Animal Toxicity Data Oral administration …": what follows doses animals
        study = P.ANIMAL_STUDY.search(sentence.text)
        if study and (heading_at is None or study.start() > heading_at.start()):
            study_told = True  # "In a 10-week juvenile toxicology study in rats, …": the account goes on
        if animals:
            continue
        found = _last_heading(sentence.text)
        if found:
            heading, context = found, _heading_context(found)
        elif (lead := P.INDICATION_TITLE_LEAD.match(sentence.text)) is not None \
                and _heading_indication(lead.group("name")) == lead.group("name"):
            heading = lead.group("name")  # "HRR Gene-mutated mCRPC The recommended dosage of TALZENNA for …"
        elif (lead := P.INDICATION_LEAD.match(sentence.text)) is not None \
                and not _generic_heading(lead.group("name")) and not _population_words(lead.group("name")) \
                and not P.HEADING_NOT_INDICATION.search(lead.group("name")):
            heading = lead.group("name")  # "Chronic Immune Thrombocytopenia : Initiate DOPTELET at 20 mg …": the
            # indication of this sentence and those after it, until the next
        leading = _leading_population(sentence.text)
        title = P.TITLE_RUN.match(sentence.text)
        if leading:
            context = leading
        elif P.HEADING_START.match(sentence.text) and not title and not P.DOSING_HEADING.match(sentence.text) \
                or P.CAPS_HEADING.match(sentence.text):
            context = {}  # a new unnumbered heading ("Trigeminal Neuralgia …"): what was said above ends here
        elif title:  # an unnumbered heading about something else ("Recommendations for Use in Renal …")
            context = _heading_context(title.group(0))
        said = _said_frequency(sentence.text)
        if said or found:
            said_frequency = said
        nutrient_before = last_text.rstrip().endswith(";") and bool(P.NUTRIENT_BEFORE.search(last_text.rstrip()[:-1]))
        last_text = sentence.text
        if _other_subject(sentence.text, dosage.product_names) or nutrient_before:
            previous = {}  # … or the rest of a clause about a nutrient ("the protein intake should not be less than
            continue  # 1.2 g/kg/day; 1.4 g/kg/day is advisable")
        adverse = bool(heading and P.ADVERSE_HEADING.search(heading))  # "2.3 Dosage Adjustments for Adverse
        # Reactions": its amounts are dose levels and steps, kept only under a renal or hepatic condition
        usual = next(iter(usual_frequencies.values())) if len(usual_frequencies) == 1 else None
        who = context
        continues = bool(previous and P.CONTINUATION.match(sentence.text))
        if continues:  # "Maintenance dosage is 4 to 8 mg/kg/day." after a child's dose
            who = {**{k: v for k, v in context.items() if k not in _POPULATION_KEYS}, **previous}
        read = _own_name_unsaid(sentence.text, dosage.product_names) if counts else sentence.text
        drafts = [d for d in _drafts(read, {**who, "said_frequency": said_frequency, "usual_frequency": usual},
                                     counts=counts)
                  if not adverse or d.get("renal") or d.get("hepatic")]
        if unread_before and P.CONTINUE_REGIMEN.match(sentence.text):
            drafts = []  # "Patients with a body weight of < 30 kg: • IMFINZI 20 mg/kg following …" was not read:
            # for whom its "• Continue IMFINZI 20 mg/kg …" is, is not known
        unread_before = not drafts and bool(P.QUANTITY.search(sentence.text)) \
            and bool({"population", "weight_kg", "age_years", "bsa_m2"} & set(_population(sentence.text)))
        if continues and previous_limits:  # "… up to a maximum of 300 mg daily. Maintenance dosage is …": the
            drafts = [{**previous_limits, **d} if d.get("amount") is not None and not _LIMIT_KEYS & set(d) else d
                      for d in drafts]  # regimen's limit holds for its maintenance dose too
        usual_frequencies.update(_usual_frequencies(drafts))
        previous = {k: v for k, v in drafts[-1].items() if k in _POPULATION_KEYS} if drafts else {}
        previous_limits = {k: v for k, v in drafts[-1].items() if k in _LIMIT_KEYS and v is not None} \
            if drafts else {}
        if dosage.indicated_population is not None:  # a label for children only: its unqualified doses are theirs
            drafts = [draft if _POPULATION_KEYS & set(draft) else {**draft, "population": dosage.indicated_population}
                      for draft in drafts]
        for number, draft in enumerate(drafts):
            rule_id = f"{dosage.id}#rule-{sentence.start}" + (f"-{number}" if number else "")
            indication = draft.pop("indication", None) or _colon_lead(sentence.text) or (
                _heading_indication(re.sub(r"^\s*\d+(?:\.\d+)*\s+", "", dosage.title)) if dosage.title else None)
            # (a text's title names an indication only as a heading would: not "2 DOSAGE AND ADMINISTRATION" or
            # "8.6 Hepatic Impairment")
            if indication is None and heading:
                indication = _heading_indication(heading)
            rules.append(DoseRule(
                id=rule_id, dosage_text_id=dosage.id, document_id=dosage.document_id, version=dosage.version,
                set_id=dosage.set_id, drug_id=dosage.drug_id, sentence=sentence.text, start=sentence.start,
                end=sentence.end, indication=indication, disease_id=dosage.disease_id, **draft,
            ))
    return rules


_POPULATION_KEYS = {"population", "age_years", "weight_kg", "bsa_m2"}
_LIMIT_KEYS = {"max_per_day", "max_per_dose"}


def _other_subject(text: str, product_names: tuple[str, ...]) -> bool:
    """A sentence about another product's amount: a drug's name (by its stem) that is none of the label's own names
    right before an amount, or as the subject of the sentence ("Prednisone 5 mg orally twice daily is administered
    continuously", "Bevacizumab is administered at 15 mg/kg"), or whose dose the sentence gives ("the recommended
    dose of abemaciclib is 150 mg"); never said without the label's names."""
    if not product_names:
        return False
    own = {word for name in product_names for word in re.findall(r"[a-z][a-z-]+", name.lower())}
    subject = P.SUBJECT_AMOUNT.match(text)
    named = [subject] if subject is not None else []
    named += P.NAMED_AMOUNT.finditer(text)  # "… in combination with: Azacitidine 75 mg/m 2 …" in venetoclax's label
    if any(P.DRUG_NAME.fullmatch(m.group("name")) and m.group("name").lower() not in own for m in named):
        return True
    named = P.DOSE_OF_NAMED.search(text)  # "the recommended dose of abemaciclib is 150 mg" in fulvestrant's label
    return named is not None and named.group("name").islower() and named.group("name") not in own \
        and named.group("name") not in P.DOSING_WORDS


def _usual_frequencies(drafts: list[dict]) -> dict[str, dict]:
    """The schedules of usual doses (no renal or hepatic condition, no population but adults): what a "reduce the
    starting dose to 80 mg in severe hepatic impairment" keeps."""
    found = {}
    for draft in drafts:
        if draft.get("amount") is not None and draft.get("doses_per_day") and not draft.get("renal") \
                and not draft.get("hepatic") and draft.get("population") in (None, DosePopulation.ADULT):
            found[str(draft["doses_per_day"])] = {k: draft[k] for k in ("doses_per_day", "interval_hours", "frequency")
                                                  if k in draft}
    return found


def _said_frequency(text: str) -> dict | None:
    """How often a sentence with no amount says the drug is given ("INDERAL XL should be administered once daily
    at bedtime"): the frequency for the amounts that follow under the same heading."""
    clean = _normalise(text)
    if P.QUANTITY.search(clean) or not P.FREQUENCY_ONLY.search(clean):
        return None
    frequency = _frequency(clean)
    return None if frequency is None or frequency.get("bare") or not frequency["doses_per_day"] else frequency


def parse_sentence(text: str, context: dict | None = None) -> list[dict]:
    """The rule fields one sentence states (a list: alternatives give several; none when it is ambiguous);
    ``context``: the population fields of the heading above it."""
    return list(_drafts(text, context))


def indicated_population(indications: str) -> DosePopulation | None:
    """Children, when a label's Indications and Usage is for them only: its first "indicated" clause names them and
    no part of it names adults ("Brineura is indicated … in symptomatic pediatric patients 3 years of age and
    older"; not "Drug therapy is indicated as an adjunct to diet …" with a pediatric indication further on)."""
    clean = _normalise(indications)
    first = re.search(r"[^.;:]*\bindicated\b[^.;:]*", clean)
    if first is None or re.search(r"\bnot\s+indicated\b", first.group(0)) or P.ADULT.search(clean):
        return None
    return DosePopulation.PEDIATRIC if _population_words(first.group(0)) == {DosePopulation.PEDIATRIC} else None


def population_of(text: str) -> dict:
    """The population fields a phrase states ("Pediatric Patients Aged 6 Years and Older" → pediatric, ≥ 6 y)."""
    return _population(_normalise(text))


def conditions_of(text: str) -> dict:
    """The renal range (and its measure) and hepatic classes a phrase states ("CLcr 15 to 29 mL/min"); a renal
    grade named without a range gives none here (the guards read grades by their own words)."""
    return _condition(_normalise(text), grades=False)


def frequency_of(text: str) -> str | None:
    """The dosing frequency a phrase states, as written ("once daily", "every 24 hours"), or None."""
    found = _frequency(_normalise(text))
    return found["frequency"] if found else None


def _heading_context(heading: str) -> dict:
    """What a heading says about the sentences under it: their population, or that they are about renal or
    hepatic impairment ("2.4 Dosage in Patients with Hepatic Impairment" → any Child-Pugh class)."""
    context = _population(heading)
    organ = P.ORGAN_DISEASE.sub(" ", heading)  # "(TSC)-Associated Renal Angiomyolipoma": a disease, not the organ's
    if re.search(r"\bhepatic\b", organ, re.IGNORECASE):  # function
        context["hepatic"] = tuple(_condition(heading).get("hepatic") or ("mild", "moderate", "severe"))
    if re.search(r"\brenal\b", organ, re.IGNORECASE):
        context["renal_section"] = True
    return context


def _leading_population(text: str) -> dict:
    """An unnumbered heading that names a population at the start of a sentence ("Adults The recommended …",
    "Pediatric Patients 12 years of age and older The …", "Pediatrics – The usual …")."""
    capitals = re.match(r"^(?:[A-Z]{2,}\s+){0,3}[A-Z]{2,}:", text)  # "P.PEDIATRIC PATIENTS: …"
    if capitals:
        text = capitals.group(0).title() + text[capitals.end():]
    match = P.LEADING_POPULATION.match(text) or P.POPULATION_HEADING.match(text)
    if match:
        return _population(match.group("head"))
    lead_in = P.FOR_POPULATION.match(text.strip())
    if lead_in and not P.QUANTITY.search(text):
        return _population(lead_in.group("head"))
    fragment = P.POPULATION_FRAGMENT.match(text)  # "Geriatric Patients, or in the presence of debilitating disease."
    if fragment and not P.QUANTITY.search(text) and len(text) < 100 and not P.AVOID_CUE.search(text):
        return _population(fragment.group(0))
    return {}


def _drafts(text: str, context: dict | None = None, counts: bool = False) -> Iterator[dict]:
    clean = _normalise(text)
    if (target := P.TARGET_RANGE.search(clean)) is not None and not counts:
        yield from _drafts(target.group("dose"), context)  # the target range alone, without the steps to it
        return
    if _condition(clean):  # "For patients with moderate hepatic impairment (Child-Pugh B) or when co-administered with
        clean = P.OR_INTERACTING.sub("", clean)  # potent CYP3A4 inhibitors (…), the daily dose … should not exceed
        # 7.5 mg": what holds for either holds for the organ's patients; the interaction is not weighed here
    per_unit = None
    if counts:
        counted = _counted(clean)
        if counted is None:
            return
        clean, per_unit = counted
    rounding = P.ROUND_TO_NEAREST.search(clean)
    if rounding is not None:  # the rounding is its own rule; the rest of the sentence is read without it
        yield _rounding(clean, rounding, context or {})
        clean = f"{clean[:rounding.start()]} {clean[rounding.end():]}".strip()
    amounts = P.QUANTITY_OR_COUNT if counts else P.QUANTITY
    found = [q for q in amounts.finditer(clean) if not _is_strength(clean, q)]
    quantities = [q for q in found if not _is_equivalent(clean, q, found) and not _other_substance(clean, q)
                  and not P.NUTRIENT_BEFORE.search(clean[:q.start()]) and not P.VEHICLE_AFTER.match(clean[q.end():])]
    strengths = []  # "The safety and efficacy of SPIRIVA RESPIMAT 2.5 mcg have been established in …": its dose
    if (established := P.ESTABLISHED_CUE.search(clean)) is not None:
        strengths = [q for q in quantities if _is_subject_strength(clean, q, established)]
        quantities = [q for q in quantities if q not in strengths]
    if P.PARTNER_LEAD_IN.search(clean):
        return  # "When given with KISQALI, the recommended dose of fulvestrant is 500 mg": the partner's dose
    if any(not clean[a.end():b.start()].strip() for a, b in zip(found, found[1:])):
        return  # "6 mg/day 3 – 12 mg/day 12 mg/day": a flattened table's cells, which amount is what is not said
    if any(_named_after(clean, q) for q in quantities):
        return  # another product's amount is in the sentence: which amount is the drug's is not said
    clean = _before_other_products(clean, found, quantities)
    quantities = [q for q in quantities if q.end() <= len(clean)]
    context = dict(context or {})
    said = context.pop("said_frequency", None)  # "… should be administered once daily." in a sentence before
    usual = context.pop("usual_frequency", None)  # the schedule of the label's usual doses above
    if context.pop("renal_section", False) and "renal" not in _condition(clean) and "hepatic" not in context:
        return  # under a renal-impairment heading, a sentence without its CrCl/eGFR range cannot be placed (under
        # "… for Patients with Renal or Hepatic Impairment" it is read for the liver's classes, which it can be)
    stepped = _stepped_down(clean, context)
    if stepped is not None:
        yield stepped
        return
    reduction = _reduction(clean, context) or _frequency_reduced(clean, context)
    if reduction is not None:
        yield reduction
        return
    if any(re.search(r"\bthe\s*$", clean[:q.start()]) and re.match(r"\s*(?:dose|dosage|dose\s+level)\b", clean[q.end():])
           for q in quantities):
        return  # "only at the 500 mg/kg/day dose": a dose tested, named, not recommended
    if any(_is_threshold(clean, q) for q in quantities):
        return  # "if the total daily dose exceeds 250 mg", "20 units or less": a condition, not a dose
    if quantities and P.TAKING_OTHER.search(clean) and not _condition(clean):
        return  # "In patients taking clarithromycin …, do not exceed LIPITOR 20 mg once daily": an interaction's
    quantities = [q for index, q in enumerate(quantities)
                  if not (index and P.AS_COUNTED.search(clean[max(0, q.start() - 30):q.start()]))]
    if any(P.COUNTED.search(clean[max(0, q.start() - 30):q.start()]) or
           P.COUNTED_OF.search(clean[max(0, q.start() - 60):q.start()]) for q in quantities):
        return  # "two 375 mg or 500 mg tablets": the dose is a multiple the sentence does not state
    condition = _condition(clean)
    trailing = P.TRAILING_CHANGE.search(clean)
    if condition and quantities and trailing and trailing.start() > quantities[-1].end() \
            and not _condition(clean[:trailing.start()]):
        return  # "… 50 kg or greater: 160 mg orally twice daily Reduce RETEVMO dose in patients with severe hepatic
        # impairment": a change for the condition after the usual doses, which are not that condition's
    own = _population(clean)
    lead = _before_limits(clean)
    if "weight_kg" in own and _weight(lead) is None and amounts.search(lead):
        del own["weight_kg"]  # "1.25 mg/kg (up to a maximum of 125 mg for patients ≥100 kg)": the limit's band
    if quantities and not condition and P.REDUCE_TO.search(clean):
        return  # "reduce NERLYNX to 120 mg": a dose-modification step, not a dose to start from
    if quantities and P.UNGRADED_RENAL.search(clean) and "renal" not in condition and not P.NO_CHANGE.search(clean) \
            and not own.get("population"):
        return  # "Renal impairment: reduce the dose to 10 mg": for patients the sentence gives no CrCl range for
    population = own if own.get("population") else {**(context or {}), **own}
    avoid = P.AVOID_CUE.search(clean)
    if P.AS_ADULTS.search(clean) and P.PEDIATRIC.search(clean) and not quantities and not P.AVOID_CUE.search(clean) \
            and not re.search(r"\bnot\b", clean):
        age, weight = _age(clean), _weight(clean)
        if (age is None and re.search(r"\d\s*(?:years?|months?)\b", clean)) or (weight is None and "kg" in clean):
            return  # an age or weight the sentence states but that is not read
        yield {"population": DosePopulation.PEDIATRIC, **({"age_years": age} if age else {}),
               **({"weight_kg": weight} if weight else {}), "kind": DoseKind.AS_ADULTS}
        return
    established = P.ESTABLISHED_CUE.search(clean)
    if established and not quantities and not avoid and not re.search(r"\bnot\b", established.group(0)) \
            and own.get("population") is DosePopulation.PEDIATRIC:
        # the label's word that its dosing serves these children too (with the strength it names, if one)
        named = {"amount": _quantity(strengths[0])} if len(strengths) == 1 else {}
        yield {**own, "kind": DoseKind.ESTABLISHED, **named}
        return
    unproven = P.NOT_ESTABLISHED_CUE.search(clean)
    if unproven and not quantities and own.get("population") is DosePopulation.PEDIATRIC \
            and own.get("age_years") is not None and own["age_years"].low is None and own["age_years"].high:
        yield {**own, "kind": DoseKind.NOT_ESTABLISHED}  # "… in pediatric patients < 8 years … not been established"
        return
    if avoid and P.NO_CHANGE.search(clean) and not P.NO_CHANGE.sub(" ", clean).count("not recommended"):
        avoid = None  # "Dose adjustment for MEKTOVI is not recommended in patients with mild hepatic impairment"
    if avoid and (condition or population.get("population")) and not quantities and not P.NOT_ESCALATED.search(clean):
        if condition and P.ONE_INDICATIONS_GROUP.search(clean):
            return  # "There is no recommended dose for patients with HCC with moderate or severe hepatic impairment":
            # the label doses that grade for its other indications (the guards show the sentence)
        if condition and not P.OCCASION.search(clean) and len(clean) < 350 and "%" not in clean:
            # "Reduce dose in … mild hepatic impairment; avoid use in … moderate or severe": the avoiding clause's
            own_clause = next((c for c in clean.split(";") if P.AVOID_CUE.search(c) and _condition(c)), None)
            yield {**population, **(_condition(own_clause) if own_clause else condition), "kind": DoseKind.AVOID}
        elif own.get("population") is DosePopulation.PEDIATRIC and not P.OCCASION.search(clean) and len(clean) < 250 \
                and P.IN_CHILDREN.search(clean) and not P.FORM_AVOIDED.search(clean) \
                and not P.FOR_ONE_INDICATION.search(clean[avoid.start():]):
            yield {**own, "kind": DoseKind.AVOID}  # "not recommended in pediatric patients < 6 years of age"
        return
    if not quantities or len(quantities) > 4 or avoid:
        return
    maxima = _maxima(clean, quantities)
    if maxima and P.FORM_LIMIT.search(clean):
        return
    doses = [q for q in quantities if q not in maxima]
    if doses and P.METABOLIZER.search(clean):
        return  # a dose for poor or ultra-rapid metabolizers (a maximum alone still limits everyone it names)
    common = {**population, **condition, "route": _route(clean), "duration": _duration(clean)}
    target = P.TITRATE_TO.search(clean, doses[0].end()) if len(doses) >= 2 else None
    start_then_target = bool(target and P.STARTING_CUE.search(clean[:doses[0].start()])
                             and target.end() <= doses[1].start() <= target.end() + 3)
    # "Initially, a dose of 50 mg/day is recommended, with gradual increments up to 100 mg/day": a start and its
    # target, read below, not a titration scheme
    if P.SKIP_CUES.search(P.TITRATE_TO.sub(" ", clean) if start_then_target else P.AFTER_TITRATION.sub(" ", clean)):
        if P.TITRATION.search(clean) and not P.SKIP_CUES.search(P.TITRATION.sub(" ", clean)):
            yield from _maxima_only(clean, maxima, common)  # "increase … up to a maximum of 2550 mg daily"
        return
    if not doses:
        yield from _maxima_only(clean, maxima, common)
        return
    listed = None  # the indication each dose of a list names before it
    if target and start_then_target:
        doses = doses[:1]  # "initiated at 25 mg daily and gradually increased, as tolerated, to approximately 100 mg"
        clauses: list[tuple[re.Match[str], str]] | None = [(doses[0], clean[:target.start()])]
    elif len(doses) == 2 and condition and P.REDUCE_FROM_TO.search(clean[:doses[1].start()]):
        doses = doses[1:]  # "Reduce the starting dose from 45 mg once daily to 30 mg once daily in … hepatic
        clauses = [(doses[0], clean[doses[0].start():])]  # impairment"
    elif len(doses) == 2 and _restated_in_doses(clean, *doses):
        doses = doses[1:]  # "6 grams per day, administered in divided doses of 3 grams twice daily": the doses
        clauses = [(doses[0], clean[doses[0].start():])]
    elif (listed := _listed_indications(clean, doses) or _followed_indications(clean, doses)) is not None:
        clauses = [(q, clean[q.start():nxt.start() if nxt is not None else len(clean)])
                   for q, nxt in zip(doses, [*doses[1:], None])]
    else:
        clauses = _clauses(clean, doses)
    if clauses is None:
        return
    limits: dict = {}
    smaller_of: list[dict] = []
    qualifying = None  # "1.25 mg/kg (up to a maximum dose of 125 mg)": that dose's limit, per dose or per day as it is
    for q in maxima:
        limit = _maximum(clean, q)
        if not limit and len(doses) == 1 and _qualifies(clean, doses[0], q):
            qualifying = _quantity(q)
            continue
        if set(limit) & set(limits) and len(maxima) == 2 and P.WHICHEVER_LESS.search(clean):
            smaller_of.append(limit)  # "a daily maximum of 3 mg/kg or 100 mg, whichever is smaller": a limit of its
            continue                  # own beside the dose's, and the calculator caps at the lower of the two
        if set(limit) & set(limits):
            return  # two maxima of one kind: which applies to what is not stated
        limits.update(limit)
    kind = DoseKind.STARTING if P.STARTING_CUE.search(clean) else DoseKind.DOSE
    tail = _before_limits(clean[doses[-1].end():clean.find(clauses[-1][1]) + len(clauses[-1][1])])
    alternatives = all(re.search(r"\bor\b", clean[a.end():b.start()]) for a, b in zip(doses, doses[1:]))
    drafts: list[dict] = []
    initial_then = len(clauses) == 2 and P.INITIAL_THEN.search(clean)
    previous_end = None
    amounts = [quantity for quantity, _ in clauses]
    weights = _clause_bands(clean, amounts, P.WEIGHT, _weight) or _clause_bands(clean, amounts, P.BARE_WEIGHT, _weight)
    surfaces = _clause_bands(clean, amounts, P.BSA, _bsa)
    ages = _clause_bands(clean, amounts, _ANY_AGE, _age)  # "50 mg … for patients 6 years and older, and 25 mg …
    # for pediatric patients aged 1 to 5 years"
    if P.BSA.search(clean) and not surfaces and len(amounts) > 1:
        return  # alternatives under body-surface bands that are not told apart
    for number, (quantity, clause) in enumerate(clauses):
        if number and not weights and not surfaces and P.OTHER_BAND.search(clause) \
                and (population.get("weight_kg") or population.get("age_years")):
            continue  # "… less than 20 kg is 450-600 mg/kg/day, or 9.9-13.0 g/m2/day in larger patients"
        own = _before_limits(clause.replace(quantity.group(0), " ", 1))
        # "initial dose 840 mg …, followed by 420 mg": the first is given once
        loading = P.LOADING.match(own) or (initial_then and number == 0)
        frequency = None if loading else _frequency(own) or (_frequency(tail) if alternatives else None) or (
            dict(said) if said and len(clauses) == 1 and not _says_daily_total(clean, clause, quantity) else None) or (
            dict(usual) if usual and len(clauses) == 1 and condition
            and (P.REDUCE_TO.search(clean) or P.USUAL_SCHEDULE.search(clean)) else None) or (
            _frequency(clean[maxima[-1].end():]) if maxima and len(clauses) == 1 and maxima[-1].start() > quantity.end()
            and not quantity.group("day") else None)  # "1.8 mg/kg up to a maximum of 180 mg every 3 weeks"
        if frequency is None and not loading and initial_then and previous_end is not None:
            frequency = _frequency(clean[previous_end:quantity.start()])  # "followed every 3 weeks by 420 mg"
        previous_end = quantity.end()
        per_day = bool(quantity.group("day")) or _says_daily_total(clean, clause, quantity)
        if frequency and frequency.pop("bare", False):
            per_day, frequency = True, None  # "400 to 800 mg daily": a daily total, doses not stated
        divided = bool(P.DIVIDED.search(clause))
        if not per_day and frequency is None and not quantity.group("perdose") and not _says_single(clause) \
                and not loading:
            return  # an amount with no per-dose/per-day reading
        basis = DoseBasis.PER_DAY if per_day else DoseBasis.PER_DOSE
        if qualifying is not None:
            limits = {**limits, ("max_per_day" if per_day else "max_per_dose"): qualifying}
        draft = {**common, **limits, "kind": kind, "amount": _quantity(quantity), "basis": basis,
                 "divided": divided, **(frequency or {}), **({"per_unit": per_unit} if per_unit else {})}
        if len(clauses) == 2 and P.FOLLOWED_BY.search(clean):  # "10 mg twice daily for 7 days, followed by 5 mg
            draft["duration"] = _duration(clause)  # twice daily": each part its own duration
        if weights:
            draft["weight_kg"] = weights[number]
        if surfaces:
            draft["bsa_m2"] = surfaces[number]
        if ages:
            draft["age_years"] = ages[number]
        if listed:
            draft["indication"] = listed[number]
        if draft not in drafts:
            drafts.append(draft)
    groups = _population_words(clean)
    if not population.get("population") and len(groups) > 1 and DosePopulation.ADULT not in groups:
        # "Elderly and Adolescent Patients – 30 to 50 mg/day": a dose for each group named, not for adults
        adolescents = _adolescents_only(clean)
        drafts = [{**draft, "population": group,
                   **({"age_years": adolescents} if adolescents and group is DosePopulation.PEDIATRIC
                      and not draft.get("age_years") else {})} for draft in drafts for group in sorted(groups)]
    if P.LISTED_GROUPS.search(clean):
        drafts = [alone for draft in drafts for alone in _each_group(draft)]
    yield from drafts
    if drafts:
        yield from ({**common, **limit, "kind": DoseKind.MAXIMUM} for limit in smaller_of)


_GROUP_FIELDS = {"population": ("population",), "renal": ("renal", "renal_measure"), "hepatic": ("hepatic",)}


def _each_group(draft: dict) -> list[dict]:
    """A draft for a sentence that lists patient groups as alternatives ("10 mg/day for elderly patients, patients
    with severe renal impairment and patients with severe hepatic impairment"), one per group: each group's own
    dose, not the dose of one patient who is all of them."""
    named = [key for key in _GROUP_FIELDS if draft.get(key) and draft.get(key) is not DosePopulation.ADULT]
    if len(named) < 2:
        return [draft]
    return [{k: v for k, v in draft.items()
             if not any(k in _GROUP_FIELDS[other] for other in named if other != key)} for key in named]


def _rounding(text: str, match: re.Match[str], context: dict) -> dict:
    """ "Round all total daily doses to nearest 25 mg increment": the step, per day where the sentence says daily
    doses, else per dose; for the sentence's population (or its heading's)."""
    population = _population(text) or {k: v for k, v in context.items() if k in _POPULATION_KEYS}
    daily = bool(match.group("before")) or bool(match.group("what") and re.search(r"\bdaily\b", match.group("what"),
                                                                                  re.IGNORECASE))
    step = DoseQuantity(low=float(match.group("step").replace(",", "")), unit=unit_name(match.group("unit")))
    return {**population, **_condition(text), "kind": DoseKind.ROUND, "rounding": step,
            "basis": DoseBasis.PER_DAY if daily else DoseBasis.PER_DOSE}


def _counted(text: str) -> tuple[str, str | None] | None:
    """A sentence dosed in units, made readable: each "one tablet" as "1 tablet" (a unit whose contents state one
    amount as that amount times the count: "1 actuation (umeclidinium 62.5 mcg)" → "62.5 mcg"), with what one unit
    contains ("400 mg of sofosbuvir, 100 mg of velpatasvir, and 100 mg of voxilaprevir": the parenthesis after the
    count, or the one parenthesis of amounts the sentence holds, as AUVELITY's "(45 mg of … and 105 mg of …) is one
    tablet"); amounts in parentheses are what a unit contains, not doses. None when the sentence counts no unit, or
    names a unit it does not count ("two ombitasvir, paritaprevir, ritonavir 12.5/75/50 mg tablets"), or counts
    units of different contents."""
    counted = list(P.COUNTED_UNITS.finditer(text))
    if not counted or len(P.COUNT_FORM_WORD.findall(text)) != len(counted):
        return None
    said = {_unit_contents(m) for m in counted} - {None}
    elsewhere = [m.group("contents").strip() for m in P.AMOUNTS_IN_PARENTHESIS.finditer(text)
                 if not any(c.start() <= m.start() < c.end() for c in counted)]
    if len(said) > 1 or (not said and len(elsewhere) > 1):
        return None
    contents = next(iter(said), None) or (elsewhere[0] if elsewhere else None)
    single = list(P.QUANTITY.finditer(contents)) if contents else []
    pieces, at = [], 0
    for match in counted:
        count = P.COUNT_WORDS.get(re.sub(r"\s+", " ", match.group("n").lower()))
        count = count if count is not None else float(match.group("n"))
        if len(single) == 1 and not single[0].group("scale"):
            amount = _quantity(single[0])
            written = f"{amount.low * count:g} {single[0].group('unit')}"
        else:
            written = f"{count:g} {unit_name(match.group('form'))}"
        pieces += [text[at:match.start()], written]
        at = match.end()
    clean = P.AMOUNTS_IN_PARENTHESIS.sub(" ", "".join(pieces) + text[at:])
    return re.sub(r"\s+", " ", clean), contents if len(single) != 1 else None


def _own_name_unsaid(text: str, product_names: tuple[str, ...]) -> str:
    """A counted sentence with the product's own name between a count and its unit dropped ("one isosorbide
    dinitrate and hydralazine hydrochloride tablet" → "one tablet"), and the unit after the name where no count is
    ("Isosorbide dinitrate and hydralazine hydrochloride tablets should be initiated …"), longest name first."""
    for name in sorted(product_names, key=len, reverse=True):
        text = P.count_then_name(name).sub(r"\g<n> ", text)
        text = P.name_then_unit(name).sub(r"\g<name>", text)  # "… hydrochloride tablets should be initiated"
    return text


def _unit_contents(match: re.Match[str]) -> str | None:
    """What one counted unit contains, as the sentence says it: its parenthesis, or the amount among its words
    ("one dasabuvir 250 mg tablet")."""
    if match.group("contents") and P.QUANTITY.search(match.group("contents")):
        return match.group("contents").strip()
    return match.group("mods").strip() if P.QUANTITY.search(match.group("mods")) else None


def _reduction(text: str, context: dict) -> dict | None:
    """ "Reduce the once daily dose by 50% for patients with severe hepatic impairment (Child-Pugh C)": a share of
    the usual dose under a renal or hepatic condition (the sentence's, or the heading's); never under adverse
    reactions, interacting drugs or titration, and only one percentage."""
    found: list[re.Match[str]] = [*P.REDUCTION.finditer(text), *P.REDUCTION_FRACTION.finditer(text),
                                  *P.REDUCTION_SHARE.finditer(text)]
    if len(found) != 1 or len(text) > 300:
        return None
    said = text[:found[0].end()] + text[found[0].end():].split(";")[0]  # the clause ("; monitor … for adverse
    # reactions" after it does not condition it)
    if P.REDUCTION_ELSEWHERE.search(said) or re.search(r"\bif\b|\bwhen\b", said, re.IGNORECASE):
        return None
    condition = _condition(text) or {k: v for k, v in context.items() if k in ("renal", "renal_measure", "hepatic")}
    if not condition.get("renal") and not condition.get("hepatic"):
        return None
    fraction = found[0].groupdict().get("fraction")
    percent = P.FRACTION_PERCENT["half" if "half" in fraction.lower() else "third"] if fraction \
        else float(next(p for p in found[0].groups() if p))
    if not 0 < percent < 100:
        return None
    population = _population(text) or {k: v for k, v in context.items() if k in ("population", "age_years")}
    return {**population, **condition, "kind": DoseKind.REDUCE, "reduction_percent": percent}


def _frequency_reduced(text: str, context: dict) -> dict | None:
    """ "For patients with severe hepatic impairment (Child Pugh-C), reduce the VERZENIO dosing frequency to once
    daily": the usual amount given fewer times a day (``doses_per_day`` of a ``reduce`` rule without a percentage)
    under the sentence's renal or hepatic condition (or its heading's); never for an interacting drug or an adverse
    reaction."""
    found = P.FREQUENCY_REDUCTION.search(text)
    if found is None or len(text) > 300 or P.REDUCTION_ELSEWHERE.search(text) \
            or re.search(r"\bif\b|\bwhen\b", text, re.IGNORECASE):
        return None
    condition = _condition(text) or {k: v for k, v in context.items() if k in ("renal", "renal_measure", "hepatic")}
    if not condition.get("renal") and not condition.get("hepatic"):
        return None
    population = _population(text) or {k: v for k, v in context.items() if k in ("population", "age_years")}
    times = 1.0 if found.group("times").lower() == "once" else 2.0
    return {**population, **condition, "kind": DoseKind.REDUCE, "doses_per_day": times}


def _stepped_down(text: str, context: dict) -> dict | None:
    """ "Reduce the ALUNBRIG once daily dose by approximately 50% (i.e., from 180 mg to 90 mg, or from 90 mg to
    60 mg) for patients with severe renal impairment": the doses the steps lower to, as one range (which step is the
    patient's depends on the dose they took, which the sentence shows), under the sentence's renal or hepatic
    condition (or its heading's); not for an interacting drug or an adverse reaction, and only where every step
    lowers in one unit."""
    steps = list(P.STEP_DOWN.finditer(text))
    if not steps or not re.search(r"\bfrom\s+\d", text) or not re.search(r"\b(?:reduc|decreas|lower)", text, re.I):
        return None
    units = {unit_name(m.group("unit")) for m in steps} | {unit_name(m.group("unit2")) for m in steps}
    lowered = [float(m.group("low").replace(",", "")) for m in steps]
    if len(units) != 1 or any(float(m.group("high").replace(",", "")) <= low for m, low in zip(steps, lowered)):
        return None
    condition = _condition(text) or {k: v for k, v in context.items() if k in ("renal", "renal_measure", "hepatic")}
    rest = re.sub(r"\b(?:reduc|decreas|lower)\w*\b[^.;()]{0,60}?\bby\s+(?:approximately\s+|about\s+)?\d+(?:\.\d+)?\s*%",
                  " ", P.STEP_DOWN.sub(" ", text), flags=re.IGNORECASE)
    if not (condition.get("renal") or condition.get("hepatic")) or P.SKIP_CUES.search(rest) \
            or re.search(r"\badverse\s+reactions?\b|\btoxicit|\bGrade\s+[1-4]\b", rest, re.IGNORECASE):
        return None
    low, high = min(lowered), max(lowered)
    frequency = {k: v for k, v in (_frequency(P.STEP_DOWN.sub(" ", text)) or {}).items() if k != "bare"}
    population = _population(text) or {k: v for k, v in context.items() if k in ("population", "age_years")}
    return {**population, **condition, "kind": DoseKind.DOSE, "route": _route(text),
            "amount": DoseQuantity(low=low, high=high if high != low else None, unit=units.pop()),
            "basis": DoseBasis.PER_DOSE, **frequency}


def _restated_in_doses(text: str, day: re.Match[str], dose: re.Match[str]) -> bool:
    """A daily amount restated as its doses: the second amount times its frequency is the first."""
    between = text[day.end():dose.start()]
    if not (day.group("day") or P.DAILY_WORDS.search(between)) or not P.DIVIDED.search(between + " doses"):
        return False
    frequency = _frequency(text[dose.end():dose.end() + 40])
    first, second = _quantity(day), _quantity(dose)
    return bool(frequency and not frequency.get("bare")) and first.unit == second.unit \
        and first.scale == second.scale and first.high is None and second.high is None \
        and abs(second.low * frequency["doses_per_day"] - first.low) < 1e-6


def _is_equivalent(text: str, quantity: re.Match[str], found: list[re.Match[str]]) -> bool:
    """A parenthesised restatement right after another amount: "1.0 mg/kg (50 to 100 mg)"."""
    before = text[:quantity.start()]
    return bool(re.search(r"\(\s*(?:or\s+|approximately\s+|about\s+)?$", before)) and any(
        0 <= quantity.start() - other.end() <= 30 for other in found if other is not quantity)


def _named_after(text: str, quantity: re.Match[str]) -> bool:
    """An amount inside a parenthesis followed by a substance's name ("(600 mg trastuzumab and 10,000 units
    hyaluronidase)"): a lowercase word of five letters or more that is no dosing word."""
    before = text[:quantity.start()]
    if before.rfind("(") <= before.rfind(")"):
        return False  # only inside a parenthesis: "… is 600 mg/10,000 units (600 mg trastuzumab and …)"
    word = re.match(r"\s*([a-z][a-z-]{4,})\b", text[quantity.end():])
    return bool(word) and word.group(1) not in P.DOSING_WORDS and word.group(1) not in P.AFTER_AMOUNT_WORDS


def _other_substance(text: str, quantity: re.Match[str]) -> bool:
    """An amount of another product ("folic acid 400 mcg", "dexamethasone 4 mg", "with oxaliplatin 130 mg/m2",
    "docetaxel at 75 mg/m2", "sodium bicarbonate (3 to 7.5 g daily)"): a lowercase word that is no dosing word
    stands right before it (or before "at"/"(")."""
    before = text[max(0, quantity.start() - 60):quantity.start()]
    if re.search(r"[:—–]\s*$", before):
        return False  # "Children, 6 years of age and older: 30 to 50 mg/kg": a lead-in, not a product's name
    named = P.SUBSTANCE_DOSES_OF.search(before)
    if named and not {named.group("name")} & (P.DOSING_WORDS | P.AFTER_AMOUNT_WORDS | _DOSE_ADJECTIVES):
        return True  # "benzyl alcohol dosages of 99 to 234 mg/kg/day"
    words = re.findall(r"[A-Za-z][\w-]*|\(", before)
    if not words:
        return False
    word = words[-1]
    if word in {"at", "(", "of"} and len(words) > 1:
        word = words[-2]
    return word.islower() and len(word) >= 4 and word.isalpha() and word not in P.DOSING_WORDS


# words that qualify a dose of the label's drug before "dose of" ("the cumulative dose of", "a weekly dose of")
_DOSE_ADJECTIVES = frozenset("""
    cumulative weekly monthly pediatric adult geriatric oral intravenous intramuscular subcutaneous loading
    subsequent additional second third next lowest highest lower higher reduced full same equivalent fixed
    minimum target effective therapeutic standard typical average labeled approved clinical prescribed
    """.split())


def _before_other_products(text: str, found: list[re.Match[str]], kept: list[re.Match[str]]) -> str:
    """The sentence up to another product named with its amount after the drug's own ("… 1680 mg every 4 weeks
    Administer TECENTRIQ with cobimetinib 60 mg orally once daily"; "… 75 mg/m2 …, followed by fluorouracil
    750 mg/m2 per day … for 5 days"): the other product's schedule is not the drug's."""
    for other in (q for q in found if q not in kept and kept and q.start() > kept[0].start()):
        # joined to the drug's dose ("with", "followed by", "following", "and then", "plus"), the product's name
        # right before its amount; the amounts after it are its own ("with nivolumab 3 mg/kg every 2 weeks or
        # 360 mg every 3 weeks")
        name = P.OTHER_PRODUCT_AFTER.search(text[:other.start()])
        if name and kept[0].end() <= name.start():
            return text[:name.start()]
    return text


def _is_threshold(text: str, quantity: re.Match[str]) -> bool:
    return bool(P.THRESHOLD_BEFORE.search(text[:quantity.start()]) or P.THRESHOLD_AFTER.match(text[quantity.end():]))


def _before_limits(text: str) -> str:
    cue = P.MAX_CUE.search(text)
    return text[:cue.start()] if cue else text


def _normalise(text: str) -> str:
    """Spacing quirks of flattened labels ("mg/m 2", "m 2", "mL/min/1.73 m 2") made regular; same length kept
    is not needed since rules quote the original sentence."""
    text = re.sub(r"\bm\s+2\b", "m2", text)
    text = P.ONE_UNIT.sub(r"\1", text)  # "one 1 mg tablet taken once a day" → "1 mg taken once a day"
    text = P.ONE_UNIT_OF.sub(r"\1", text)  # "1 tablet (equivalent to 15 mg base) daily" → "15 mg daily"
    text = P.BARE_ALTERNATIVE.sub(r"\1 \3 or \2 \3", text)  # "10 or 20 mg" → "10 mg or 20 mg"
    text = P.WORD_THEN_NUMERAL.sub(  # "two (2) capsules" → "two capsules"; a numeral that disagrees stays
        lambda m: m.group(1) if P.NUMBER_WORDS[m.group(1).lower()] == int(m.group(2)) else m.group(0), text)
    text = P.NUMBER_WORD.sub(lambda m: str(P.NUMBER_WORDS[m.group(1).lower()]) + m.group(2), text)
    text = P.INTERVAL_WORD.sub(lambda m: str(P.NUMBER_WORDS[m.group(1).lower()]) + m.group(2), text)
    text = P.DAY_THEN_AMOUNT.sub(r"\1,", text)  # "on Day 15 to 2 mg": a day, then the amount, not "15 to 2 mg"
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def _is_strength(text: str, quantity: re.Match[str]) -> bool:
    after = text[quantity.end():quantity.end() + 40]
    before = text[max(0, quantity.start() - 25):quantity.start()]
    if P.STRENGTH_AFTER.match(after) and not quantity.group("scale"):
        return True
    return bool(re.search(r"(?:\bof\s+the|\bcontaining|\bstrengths?(?:\s+of)?|\bper|\beach|/)\s*$", before, re.IGNORECASE))


def _quantity(match: re.Match[str], scale_group: str = "scale") -> DoseQuantity:
    low = float(match.group("low").replace(",", ""))
    high = float(match.group("high").replace(",", "")) if match.group("high") else None
    scale_text = (match.group(scale_group) or match.group("scale0") or "").replace(" ", "").replace("^", "")
    scale = DoseScale.PER_KG if scale_text.startswith(("kg", "kilogram")) else \
        DoseScale.PER_M2 if scale_text else DoseScale.FIXED
    return DoseQuantity(low=low, high=high if high is not None and high > low else None,
                        unit=unit_name(match.group("unit")), scale=scale)


def _maxima(text: str, quantities: list[re.Match[str]]) -> list[re.Match[str]]:
    """The amounts that are limits: a cue ("maximum", "not to exceed") between the previous amount and this one,
    or the next item of a list of limits ("2550 mg in adults and 2000 mg in pediatric patients")."""
    found: list[re.Match[str]] = []
    for index, quantity in enumerate(quantities):
        start = quantities[index - 1].end() if index else max(0, quantity.start() - 90)
        window = text[start:quantity.start()]
        if P.MAX_CUE.search(window) or (found and found[-1] is quantities[index - 1] and P.MAX_LIST.match(window)) or \
                (found and found[-1] is quantities[index - 1] and P.WHICHEVER.search(text[quantity.end():])):
            found.append(quantity)  # "a daily maximum of 3 mg/kg or 200 mg, whichever is smaller": both limits
    return found


def _qualifies(text: str, dose: re.Match[str], limit: re.Match[str]) -> bool:
    """Whether a maximum stands in a parenthesis right after the one dose it limits ("1.25 mg/kg (up to a maximum
    dose of 125 mg)", "10 mg/kg (maximum 500 mg)"), nothing else between them."""
    between = text[dose.end():limit.start()]
    return bool(re.fullmatch(r"\s*\(\s*(?:up\s+to\s+)?(?:a\s+)?(?:maximum|max\.?)(?:\s+(?:dose|dosage))?(?:\s+of)?\s*",
                             between, re.IGNORECASE))


def _maxima_only(text: str, maxima: list[re.Match[str]], common: dict) -> Iterator[dict]:
    """A maximum alone; several only when each names its own population ("2550 mg in adults and 2000 mg in
    pediatric patients (10 to 16 years of age)")."""
    if len(maxima) == 1:
        limit = _maximum(text, maxima[0])
        named = P.NAMED_MAXIMUM.search(text[:maxima[0].start()])  # "… Bipolar Depression: Maximum … is 3 mg"
        if limit:
            yield {**common, **limit, "kind": DoseKind.MAXIMUM,
                   **({"indication": named.group("name").strip()} if named else {})}
        return
    parts = []
    for index, quantity in enumerate(maxima):
        end = maxima[index + 1].start() if index + 1 < len(maxima) else len(text)
        own = text[quantity.end():end]
        words = _population_words(re.split(r"\band\b|;|,", own)[0] if index + 1 < len(maxima) else own)
        limit = _maximum(text, quantity)
        if not limit and parts:  # a later item of the list: the same kind of limit as the first
            limit = {key: _quantity(quantity) for key in ("max_per_day", "max_per_dose") if key in parts[0]}
        if len(words) != 1 or not limit:
            return
        shared = {k: v for k, v in common.items() if k not in {"population", "age_years", "weight_kg"}}
        parts.append({**shared, **limit, **_population(own), "population": words.pop(),
                      "kind": DoseKind.MAXIMUM})
    yield from parts


def _maximum(text: str, match: re.Match[str]) -> dict:
    """A limit per day or per dose, read from the amount itself ("2000 mg/day", "500 mg per dose"), else from the
    words just after it, else from the cue before it ("maximum daily dose of …"); {} when that is not said."""
    quantity = _quantity(match)
    if match.group("day") or match.group("perdose"):
        return {"max_per_day": quantity} if match.group("day") else {"max_per_dose": quantity}
    after = _frequency(text[match.end():match.end() + 30])
    if after and (after["doses_per_day"] or 1) != 1 and not after.get("bare"):
        return {"max_per_dose": quantity}  # "8.4 mg twice daily", "180 mg every 3 weeks": each dose's limit
    if P.IN_24_HOURS.match(text[match.end():]):
        return {"max_per_day": quantity}  # "… ten capsules should be taken in a 24-hour period"
    before = text[max(0, match.start() - 60):match.start()]
    cues = list(P.MAX_CUE.finditer(before))
    if cues:  # "twice daily, (to a maximum single dose of": the limit's own words ("a daily maximum of" included)
        said = P.LIMITED_DOSE.search(before[:cues[-1].start()])
        if said:  # "the daily dose of Darifenacin should not exceed 7.5 mg"
            return {"max_per_day": quantity} if said.group("which").lower() == "daily" else {"max_per_dose": quantity}
        lead = re.search(r"\b(?:daily|single)\s+$", before[:cues[-1].start()])
        before = before[lead.start() if lead else cues[-1].start():]
    for window in (text[match.end():match.end() + 25], before):
        daily = bool(P.DAILY_WORDS.search(window))
        per_dose = bool(P.DOSE_WORDS.search(window))
        if daily != per_dose:
            return {"max_per_day": quantity} if daily else {"max_per_dose": quantity}
    return {}


def _listed_indications(text: str, doses: list[re.Match[str]]) -> list[str] | None:
    """The indication each dose of a list names before it ("… is: Differentiated thyroid cancer: 14 mg orally once
    daily Renal cell carcinoma: 10 mg orally once daily Endometrial carcinoma: 10 mg orally once daily"); None
    unless every one of two or more doses has its own."""
    if len(doses) < 2:
        return None
    names = []
    for index, quantity in enumerate(doses):
        start = doses[index - 1].end() if index else 0
        found = P.LISTED_INDICATION.search(text[start:quantity.start()])
        if found is None:
            return None
        names.append(found.group("name").strip())
    return names if len(set(names)) == len(names) else None


def _followed_indications(text: str, doses: list[re.Match[str]]) -> list[str] | None:
    """The indication each dose of a list names after it ("… is 400 mg/day for adult patients in chronic phase CML
    and 600 mg/day for adult patients in accelerated phase or blast crisis"); None unless every one of two or more
    doses names its own, and none is a patient group, an organ's function or a measure."""
    if len(doses) < 2:
        return None
    names = []
    for quantity, following in zip(doses, [*doses[1:], None]):
        found = P.FOLLOWED_INDICATION.match(text[quantity.end():following.start() if following else len(text)])
        if found is None or _population_words(found.group("name")) or _organ_function(found.group("name")) \
                or re.search(r"\d|\b(?:weigh\w*|CrCl|eGFR|impairment|dialysis)\b", found.group("name"), re.IGNORECASE):
            return None
        names.append(found.group("name").strip())
    return names if len(set(names)) == len(names) else None


def _clauses(text: str, doses: list[re.Match[str]]) -> list[tuple[re.Match[str], str]] | None:
    """Each dose amount with the part of the sentence that belongs to it; None when alternatives are not
    separated by "or"/";" (two amounts in one clause are ambiguous)."""
    if len(doses) == 1:
        return [(doses[0], text)]
    pieces = []
    for index, quantity in enumerate(doses):
        end = doses[index + 1].start() if index + 1 < len(doses) else len(text)
        between = text[quantity.end():end]
        if index + 1 < len(doses) and not P.ALTERNATIVES.search(between):
            return None
        pieces.append((quantity, text[quantity.start():end]))
    return pieces


class _AnyAge:
    """The first age phrase of a text, whichever of the three age patterns states it (for ``_clause_bands``)."""

    @staticmethod
    def search(text: str) -> re.Match[str] | None:
        found = [m for pattern in (P.AGE_RANGE, P.AGE_MIN, P.AGE_MAX) for m in pattern.finditer(text)
                 if m.group(0).strip() and re.search(r"\d", m.group(0))]
        return min(found, key=lambda m: m.start()) if found else None


_ANY_AGE = _AnyAge()


def _clause_bands(text: str, doses: list[re.Match[str]], pattern: re.Pattern[str],
                  read: Callable[[str], NumericRange | None]) -> list[NumericRange] | None:
    """The weight (or body-surface) band of each alternative when every one names its own ("12 mg once daily for
    patients ≥ 60 kg or 8 mg once daily for patients < 60 kg"; "< 60 kg: 8 mg; ≥ 60 kg: 12 mg"); None otherwise."""
    first = pattern.search(text)
    if len(doses) < 2 or first is None:
        return None
    before = first.start() < doses[0].start()  # the band leads its amount, or follows it
    ends = [0] + [d.end() for d in doses[:-1]] if before else [d.start() for d in doses]
    stops = [d.start() for d in doses] if before else [d.start() for d in doses[1:]] + [len(text)]
    bands = [read(text[a:b]) for a, b in zip(ends, stops)]
    return bands if all(bands) and len(set(map(repr, bands))) == len(bands) else None


def _frequency(clause: str) -> dict | None:
    varying = P.EVERY_HOURS_RANGE.search(clause)
    if varying:
        return {"interval_hours": None, "doses_per_day": None, "frequency": varying.group(0)}
    every = P.EVERY_HOURS.search(clause)
    if every:
        hours = hours_for(float(every.group(1)), "hour")
        return {"interval_hours": hours, "doses_per_day": 24 / hours, "frequency": every.group(0)}
    for pattern, per_day in P.FREQUENCIES:
        match = pattern.search(clause)
        if match and per_day is None:  # "on Days 1 and 8 of a 21-day cycle": 2 doses in 21 days
            per_day = len(re.findall(r"\d+", match.group("days"))) / int(match.group("length"))
        if match:
            found = {"doses_per_day": per_day, "frequency": match.group(0),
                     "interval_hours": 24 / per_day if per_day >= 1 else None}
            return {**found, "bare": True} if pattern is P.FREQUENCIES[-1][0] else found
    return None


def _is_subject_strength(text: str, quantity: re.Match[str], established: re.Match[str]) -> bool:
    """A quantity that is the product strength an established-use sentence's subject names, not a dose ("The safety
    and efficacy of SPIRIVA RESPIMAT 2.5 mcg have been established in pediatric patients aged 6 to 17 years")."""
    return established.start() < quantity.start() < established.end() and bool(re.search(
        r"\bof\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s*$", text[established.start():quantity.start()]))


def _says_daily_total(text: str, clause: str, quantity: re.Match[str]) -> bool:
    """ "a total daily dose of 200 mg", "2000 mg daily in divided doses" """
    window = text[max(0, quantity.start() - 40):quantity.start()]
    if re.match(r"\s*(?:of\s+body\s+weight\s+)?(?:in\s+)?(?:each|a|per)\s+24[- ]hour(?:s|\s+period)?\b",
                text[quantity.end():], re.IGNORECASE):
        return True  # "40 to 60 mg/kg of body weight in each 24-hour period"
    if re.match(r"\s*(?:total\s+)?daily\s+dos(?:e|age)\b", text[quantity.end():], re.IGNORECASE):
        return True  # "… twice daily (1,440 mg daily dose)"
    return bool(re.search(r"\b(?:total\s+)?daily\s+dos(?:e|age)\b[^.;\d]*$", window, re.IGNORECASE)) or bool(
        P.DIVIDED.search(clause) and re.search(r"\bday\b|\bdaily\b", clause, re.IGNORECASE))


def _says_single(clause: str) -> bool:
    """An amount per dose whose number of doses a day is not fixed ("as a single dose", "with each meal")."""
    return bool(re.search(r"\bsingle\s+dose\b|\bas\s+a\s+single\b|"
                          r"\ba\s+single\s+[\d.]+\s*(?:mg|mcg|g|mL|units?)\b(?:\s+[\w-]+){0,2}?\s+"
                          r"(?:dose|injection|infusion)\b|"
                          r"\bone\s+time\b|\bonce\b|\bper\s+(?:administration|infusion|injection)\b|"
                          # "Initiate treatment with a 1.5 mg dose."
                          r"\b(?:initiate|start|begin)\w*\s+(?:\w+\s+){0,2}?with\s+an?\s+[\d.]+\s*(?:mg|mcg|g|mL|units?)\s+"
                          r"dose\b|"
                          r"\bwith\s+each\s+(?:meal|feeding|snack)|"
                          # a procedure's one dose ("The average dose required … to facilitate tracheal intubation is
                          # 0.6 mg/kg")
                          r"\bto\s+(?:produce|facilitate|induce)\s+(?:\w+\s+){0,3}?(?:blockade|intubation|anesthesia|"
                          r"sedation|relaxation)\b", clause, re.IGNORECASE))


def _route(text: str) -> str | None:
    found = {route for pattern, route in P.ROUTES if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def _duration(text: str) -> str | None:
    match = P.DURATION.search(text)
    return match.group(0)[4:] if match else None


# "As with adults, the starting dose is 25 mg daily" under a heading for children: a comparison, not a population
_AS_WITH_ADULTS = re.compile(r"\b(?:as\s+(?:with|in|for)|like|than\s+(?:in\s+)?)\s+adults\b", re.IGNORECASE)


def _population_words(text: str) -> set[DosePopulation]:
    text = _AS_WITH_ADULTS.sub(" ", text)
    found = set()
    if P.PEDIATRIC.search(text):
        found.add(DosePopulation.PEDIATRIC)
    if P.ADULT.search(text):
        found.add(DosePopulation.ADULT)
    if P.GERIATRIC.search(text):
        found.add(DosePopulation.GERIATRIC)
    return found


def _population(text: str) -> dict:
    words = _population_words(text)
    fields: dict = {}
    if len(words) == 1:
        fields["population"] = words.pop()
    age = _age(text) or (_adolescents_only(text) if fields.get("population") is DosePopulation.PEDIATRIC else None)
    weight = _weight(text)
    surface = _bsa(text)
    if age:
        fields["age_years"] = age
    if weight:
        fields["weight_kg"] = weight
    if surface:
        fields["bsa_m2"] = surface
    return fields


_ADOLESCENT_YEARS = NumericRange(low=12.0, high=18.0, high_inclusive=False)


def _adolescents_only(text: str) -> NumericRange | None:
    """ "Adolescent and Geriatric Patients—Initially, 50 mg/day": adolescents with no ages stated are 12 to 17, not
    every child; None where children, infants or pediatric patients are named too."""
    if re.search(r"\badolescen", text, re.IGNORECASE) and not re.search(
            r"\bchild|\binfant|\bneonat|\bp(?:a)?ediatric", text, re.IGNORECASE):
        return _ADOLESCENT_YEARS
    return None


def _bsa(text: str) -> NumericRange | None:
    """A body-surface-area band ("BSA of less than 1 m2" → below 1; "1 Meter-Squared or greater" → from 1)."""
    match = P.BSA.search(text)
    return _band_bound(match) if match else None


def _age(text: str) -> NumericRange | None:
    # "(birth to 17 years of age)", "from newborn to 17 years"
    text = re.sub(r"\b(?:from\s+)?(?:birth|newborns?)\s+(to|through|-|–)\s*", r"0 days \1 ", text)
    text = _BELOW_THE_AGE.sub(lambda m: f"under {m[1]} {m[2] or 'years'} of age", text)  # "below the age of 10"
    text = _AGES_NO_UNIT.sub(lambda m: f"{m[0]} years", text)  # sertraline's "25 mg per day (ages 6 to 12)"
    match = next((m for m in P.AGE_RANGE.finditer(text) if not _interval_not_age(text, m)), None)
    if match and not re.match(r"\s*(?:mg|mcg|g|mL|kg)\b", text[match.end():], re.IGNORECASE):
        unit = match.group("unit")
        low_unit = match.group("lowunit") or unit
        upto = (match.group("upto") or "").lower()
        return NumericRange(low=round(years_for(float(match.group("low")), _singular(low_unit)), 4),
                            high=round(years_for(float(match.group("high")), _singular(unit)), 4),
                            low_inclusive=not re.search(r">|greater|older", (match.group("above") or "")
                                                        + (match.group("above2") or "")),
                            high_inclusive=not upto or bool(re.search(r"≤|<=|equal", upto)))
    low = P.AGE_MIN.search(text)
    high = P.AGE_MAX.search(text)
    if not low and not high:
        return None
    low_value = None
    if low:
        number, unit = next((low.group(f"low{i}"), low.group(f"unit{i}")) for i in ("", "2", "3")
                            if low.group(f"low{i}"))
        low_value = round(years_for(float(number), _singular(unit)), 4)
    high_value = round(years_for(float(high.group("high")), _singular(high.group("unit"))), 4) if high else None
    return NumericRange(low=low_value, high=high_value, high_inclusive=False)


_AGES_NO_UNIT = re.compile(r"\bages?\s*(?:\d+(?:\.\d+)?\s*(?:to|-|–)\s*|≥\s*|>=\s*|>\s*|≤\s*|<=\s*|<\s*)"
                           r"\d+(?:\.\d+)?\b"
                           r"(?!\s*(?:years?|yrs?|months?|weeks?|days?|and\s+(?:older|up|over))\b)", re.IGNORECASE)
_BELOW_THE_AGE = re.compile(r"\b(?:below|under)\s+the\s+age\s+of\s+(\d+(?:\.\d+)?)(?:\s*(years?|months?))?(?:\s+of\s+age)?",
                            re.IGNORECASE)


def _interval_not_age(text: str, match: re.Match[str]) -> bool:
    """ "every 4 to 7 days", "for 2 to 4 weeks": days and weeks are an age only when said so ("of age", "old")."""
    unit = match.group("unit").lower()
    return unit.startswith(("day", "week")) and not re.search(r"of\s+age|old", match.group(0) + text[
        match.end():match.end() + 8], re.IGNORECASE)


def _singular(unit: str) -> str:
    return unit.lower().rstrip("s")


def _weight(text: str) -> NumericRange | None:
    match = P.WEIGHT.search(text) or P.BARE_WEIGHT.search(text)
    if not match:
        return None
    if match.re is P.BARE_WEIGHT:
        return _band_bound(match)
    if match.group("low2"):
        return comparator_bound(match.group("cmp2"), float(match.group("low2")))
    low = float(match.group("low").replace(",", ""))
    if match.group("high"):
        return NumericRange(low=low, high=float(match.group("high").replace(",", "")),
                            high_inclusive="less than" not in match.group(0).lower())
    return _band_bound(match) if match.group("tail") or match.group("cmp") else None


def _band_bound(match: re.Match[str]) -> NumericRange | None:
    """One bound from a match with ``low``, ``tail`` ("or greater", "and below") and ``cmp`` ("less than") groups."""
    low = float(match.group("low").replace(",", ""))
    tail = (match.group("tail") or "").lower()
    if tail:
        return NumericRange(low=low) if any(w in tail for w in ("more", "greater", "above", "over", "larger")) \
            else NumericRange(high=low)
    return comparator_bound(match.group("cmp"), low)


def comparator_bound(comparator: str | None, value: float) -> NumericRange | None:
    """ "less than" 30 → below 30 (exclusive), "≥" 51 → from 51; None for no or an unknown comparator."""
    word = re.sub(r"\s+", " ", (comparator or "").lower())
    if word in {"less than or equal to", "≤", "<=", "up to"}:
        return NumericRange(high=value)
    if word in {"less than", "below", "under", "<"}:
        return NumericRange(high=value, high_inclusive=False)
    if word in {"greater than or equal to", "≥", ">=", "at least"}:
        return NumericRange(low=value)
    if word in {"greater than", "more than", "above", "over", ">"}:
        return NumericRange(low=value, low_inclusive=False)
    return None


def _renal_grade_bound(text: str) -> NumericRange | None:
    """The clearance band of the one renal grade (or span of grades) a sentence names without a range: "severe
    renal impairment" → 15 to < 30 mL/min (below 30 where end-stage disease or dialysis is named too), "mild or
    moderate" → 30 to < 90. Phrases naming different grades: which dose is whose is not said here, so none (the
    same grade in a heading and its sentence is one); nor for the
    patients of one indication ("There is no recommended dose of LENVIMA for patients with HCC and severe renal
    impairment", "For patients with atopic dermatitis, the maximum … for patients with severe renal impairment"):
    the label doses that grade otherwise for its other indications, and the guards show the sentence."""
    named = {tuple(g.lower() for g in (m.group("g1"), m.group("g2")) if g) for m in P.RENAL_GRADE.finditer(text)}
    if len(named) != 1 or P.ONE_INDICATIONS_GROUP.search(text):
        return None
    grades = list(next(iter(named)))
    low = min(P.RENAL_GRADE_BANDS[g][0] for g in grades)
    high = max(P.RENAL_GRADE_BANDS[g][1] for g in grades)
    return NumericRange(low=None if low == 15.0 and P.END_STAGE.search(text) else low, high=high,
                        high_inclusive=False)


def _condition(text: str, grades: bool = True) -> dict:
    fields: dict = {}
    renal = P.RENAL.search(text)
    if renal is None and grades and (band := _renal_grade_bound(text)) is not None:
        fields.update(renal=band, renal_measure="CrCl")
    elif renal is None and P.ALL_RENAL_IMPAIRMENT.search(text):  # "for all patients with type 2 diabetes and
        fields.update(renal=NumericRange(high=P.RENAL_GRADE_BANDS["mild"][1], high_inclusive=False),  # renal
                      renal_measure="CrCl")  # impairment": any grade
    if renal:
        low = float(renal.group("low").replace(",", ""))
        high = renal.group("high")
        measure = "eGFR" if "glomerular" in renal.group("measure").lower() or "gfr" in renal.group(
            "measure").lower() else "CrCl"
        tail = (renal.group("tail") or "").lower()
        if high:
            bound = NumericRange(low=low, high=float(high.replace(",", "")),
                                 high_inclusive="less than" not in renal.group(0).lower() and "<" not in renal.group(0))
        elif tail:
            bound = NumericRange(low=low) if re.search(r"greater|more|above|higher", tail) else NumericRange(high=low)
        else:
            bound = comparator_bound(renal.group("cmp"), low)
        if bound is not None:
            fields.update(renal=bound, renal_measure=measure)
    grades = []
    # "50 mg once daily, except in patients who … have mild to severe hepatic impairment": those patients are the
    # exception, not the sentence's patients (their dose is stated elsewhere)
    text = P.EXCEPT_CLAUSE.sub(" ", text)
    # "moderate or severe (total bilirubin >1.5 times ULN and any AST) hepatic impairment": the grades' definition
    text = re.sub(r"\(\s*[^()]*\b(?:bilirubin|ULN|AST|ALT)\b[^()]*\)\s*(?=hepatic\b)", "", text, flags=re.IGNORECASE)
    for match in P.HEPATIC.finditer(text):
        grades += [g.lower() for g in (match.group("grade"), match.group("grade2")) if g]
        if match.group("cls"):
            grades += [P.CHILD_PUGH[letter] for letter in re.findall(r"[ABC]", match.group("cls").upper())]
    if grades:
        fields["hepatic"] = tuple(dict.fromkeys(grades))
    elif P.UNGRADED_HEPATIC.search(text):
        fields["hepatic"] = ("mild", "moderate", "severe")  # "in patients with hepatic impairment": any class
    return fields


def _last_heading(text: str) -> str | None:
    """The numbered subsection heading inside a sentence ("2.2 Dosage in Pediatric Patients Pediatric patients
    aged …" → "Dosage in Pediatric Patients"): its capitalised words, less the first word of the sentence."""
    found = None
    for match in P.HEADING.finditer(text):
        words = match.group("words").split()
        rest = text[match.end():].lstrip()
        if len(words) > 1 and rest[:1].islower():
            words = words[:-1]
        if words:
            found = " ".join(words)
    return found


def _colon_lead(text: str) -> str | None:
    """The indications a sentence names before a colon and its dose ("Recent MI, recent stroke, or established
    peripheral arterial disease: 75 mg once daily"; a highlights bullet's "• Treatment of DVT and PE: o The
    recommended dose is …"), when they are no heading word, population or organ function."""
    lead = P.INDICATION_COLON_LEAD.match(text)
    bullet = lead is None
    if bullet:
        bullets = list(P.INDICATION_BULLET_LEAD.finditer(text))
        lead = bullets[-1] if bullets else None
    if lead is None:
        return None
    name = lead.group("name")
    # a bullet's indication may end in its therapy ("… recurrent DVT and PE following initial therapy"); a colon lead
    # that names a therapy is a regimen ("Monotherapy: 400 mg")
    therapy = "" if bullet else "|therapy"
    return None if _generic_heading(name) or _population_words(name) or P.HEADING_NOT_INDICATION.search(name) \
        or re.search(rf"\b(?:renal|kidney|hepatic|liver|CrCl|eGFR|weigh\w*|kg|years?|months?|doses{therapy})\b|"
                     r"^(?:subsequent|initial|first|second|maintenance|loading|with|without)\b", name, re.IGNORECASE) \
        else name


def _heading_indication(heading: str) -> str | None:
    """The indication a heading names: the heading itself when it is about one ("Chronic Liver Disease"), or what a
    dosing heading is for ("Recommended Dosage for Patients with Chronic Immune Thrombocytopenia" → "Chronic Immune
    Thrombocytopenia"); None for a heading about dosing, a population or an impairment only."""
    heading = P.TRAILING_WORD.sub("", heading)  # "Colorectal Cancer (CRC) As …": the next sentence's first word
    if not _generic_heading(heading):
        if _organ_function(heading) and _population_words(heading):
            return None  # "Patients with Impaired Hepatic Function": a population, not an indication
        if not _population_words(heading):
            return heading
        # "Tourette's Disorder Pediatric Patients (6 to 18 years)": the indication before the patients it names, or
        # after them ("Adult Patients With Metastatic and/or Unresectable GIST")
        return _before_patients(heading) or _after_patients(heading)
    return _named_for(heading) or _named_before(heading)


def _named_before(heading: str) -> str | None:
    """ "Anorexia Associated with Weight Loss in Adult Patients with AIDS Starting Dosage": the indication before
    the patients, where the dosing words close the heading."""
    tail = P.DOSING_TAIL.match(heading)
    if tail is None or _generic_heading(tail.group("what")) or P.DOSING_STAGE.search(tail.group("what")) \
            or re.fullmatch(r"[A-Z0-9-]+", tail.group("what")):  # "Initial and Maintenance Dosage", "NATPARA Dosing"
        return None
    what = tail.group("what")
    return _before_patients(what) if _population_words(what) or P.IN_PATIENTS.search(what) else (
        None if _organ_function(what) or P.HEADING_NOT_INDICATION.search(what) else what)


def _named_for(heading: str) -> str | None:
    """ "Recommended Dosage for Patients with Chronic Immune Thrombocytopenia": what the dosing heading is for."""
    named = re.search(r"\b(?:for|in)\s+(?:patients\s+with\s+|the\s+treatment\s+of\s+)?(?P<what>.+)$",
                      heading, re.IGNORECASE)
    if named is None:
        return None
    what = named.group("what").strip()
    if (tail := P.IMPAIRMENT_THEN_INDICATION.search(what)) is not None:
        what = tail.group("what").strip()  # "… with Renal Impairment gBRCAm HER2-negative … Breast Cancer"
    if (cut := P.IN_PATIENTS.search(what)) is not None and cut.start() > 0:
        what = what[:cut.start()].strip(" –-:,(")  # "Alagille Syndrome (ALGS) in Patients Aged …"
    if _population_words(what) and not _generic_heading(what):
        return _before_patients(what) or _after_patients(what)  # "… Major Depressive Disorder (Adults)",
        # "Alagille Syndrome (ALGS) in Patients Aged 12 Months and Older", "in Pediatric Patients 10 Years … with HeFH"
    return None if _generic_heading(what) or _population_words(what) or not re.search(r"[A-Za-z]{3}", what) \
        or _organ_function(what) \
        or P.HEADING_NOT_INDICATION.search(what) else what


def _organ_function(text: str) -> bool:
    """Whether a heading's words speak of the kidneys' or liver's function ("Renal Impairment"), not of a disease of
    the organ ("Renal Angiomyolipoma", "Renal Cell Carcinoma")."""
    return bool(P.ORGAN_WORDS.search(P.ORGAN_DISEASE.sub(" ", text)))


def _after_patients(heading: str) -> str | None:
    """The indication a heading names after the patients it starts with ("Pediatric Patients With Ph+ CML CP")."""
    found = P.PATIENTS_WITH.match(heading)
    if found is None:
        return None
    what = found.group("what").strip(" –-:,(")
    return what if re.search(r"[A-Za-z]{2}", what) and not _population_words(what) and not _organ_function(what) \
        and not P.HEADING_NOT_INDICATION.search(what) else None


def _before_patients(heading: str) -> str | None:
    """The indication a heading names before the patients it names, or None when it names none."""
    first = min((m.start() for pattern in (P.PEDIATRIC, P.ADULT, P.GERIATRIC, P.IN_PATIENTS)
                 for m in pattern.finditer(heading)), default=len(heading))
    before = re.sub(r"\s+(?:in|for|of|with)$", "", heading[:first].strip(" –-:,(")).strip(" –-:,(")
    return before if re.search(r"[A-Za-z]{3}", before) and not _population_words(before) \
        and not P.HEADING_NOT_INDICATION.search(before) else None



def _generic_heading(heading: str) -> bool:
    return bool(re.search(r"\b(?:dosage|dosing|dose|administration|instructions|preparation|recommended|"
                          r"important|information|modifications?|impairment|monitoring|switching)\b",
                          heading, re.IGNORECASE))
