"""Dosing tables of a label → readable text and typed dose rules (``graph.models.DoseRule``); pure functions.

Labels put much of their dosing in tables — doses by body-weight band, by creatinine clearance, by hepatic class —
which the flattened section text scrambles ("Body Weight Loading Dose Maintenance Dose less than 10 kg 6 mg/kg …").
``table_text`` turns a table's XHTML (openFDA ``dosage_and_administration_table``, an SPL ``<table>``) into
pipe-separated rows, spans expanded: a caption line, the header rows, a ``| --- |`` rule, the body rows, then the
footnotes. That text is stored verbatim as its own DosageText (section ``TABLE_SECTION``) and shown as the
evidence; ``parse_dosage_table`` reads rules back from it.

What is read, and only that: a body row whose leading (key) cells say **who** — a weight band ("10 kg to less
than 20 kg"), a CrCl/eGFR range (the measure may be in the column header), a hepatic class, an age band or a
population — or name an indication ("MDD (2.1)", with the population of a group row above it), and whose dose cell
states one amount of the label's drug with a unit, a frequency (from the cell, an interval column, the dose
column's header or the caption: "(Administered Orally Once Daily)") or "Use is not recommended". Tables about
adverse reactions, toxicity grades, interacting drugs, missed or supplemental doses, titration, cycles,
preparation, volumes, capsule counts or other products are never read; nor rows keyed by a dose ("Current dosage →
recommended dosage"), by body surface area bands, or under a regimen with other products ("Triple Therapy:");
their text stays on screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from graph.models import DosageText, DoseKind, DosePopulation, DoseRule, NumericRange
from nlp import dose_rules
from nlp.dose_patterns import AVOID_CUE, DRUG_NAME, NUMBER as AMOUNT_NUMBER, QUANTITY, RENAL_MEASURE, UNIT_CONTAINS
from nlp.dose_units import unit_name

TABLE_SECTION = "Dosage & Administration table"
IMPAIRMENT_SECTION = "Renal or hepatic impairment (Use in Specific Populations)"
# a volume of oral solution with the drug it holds ("14 mL (0.7 mg)", trametinib's weight table)
VOLUME_CONTENT = re.compile(r"^\s*\d+(?:\.\d+)?\s*mL\s*\(\s*(?P<content>\d+(?:\.\d+)?\s*(?:mg|mcg|g))\s*\)\s*$",
                            re.IGNORECASE)
GERIATRIC_SECTION = "Geriatric Use"  # a dosing text only where a dose for older patients parses from it
RULE_LINE = "| --- |"
SKIPPED_TABLE = re.compile(
    r"adverse|toxicit|\bgrade\b|\bANC\b|platelet|neutropeni|interrupt|withhold|missed|premedicat|reconstitut|"
    r"dilut|storage|prepar|concomitant|concurrent|co-?administ|inhibitor|inducer|switch|conver(?:t|sion)|"
    r"titrat|escalat|number\s+of|capsules?\s+needed|tablets?\s+needed|infusion\s+rate|needle|injection\s+site|"
    r"\bcurrent\b|\bprior\b(?!\s+(?:\w+\s+)?(?:therapy|therapies|treatments?|lines?)\b)|previous|interval\s+between|\bcycles?\b|\bday\s+of\b|ancestry|asian|"
    r"metaboli[sz]er|genotype|\bHLA\b|combination\s+therapy|in\s+combination\s+with|supplemental|"
    r"most\s+recent|plasma(?:pheresis|\s+exchange|\s+intervention)|\bdialysis\s+session",
    re.IGNORECASE)
FORM_COLUMN = re.compile(r"^number\s+of\s+(?:capsules?|tablets?|vials?|packets?|syringes?)\w*\b(?:\s+or\s+\w+)?"
                         r"(?:\s+and\s+strength)?(?:\s+to\s+(?:administer|take|give))?$", re.IGNORECASE)
SKIPPED_COLUMN = re.compile(r"number\s+of|volume|reduc|water|\brate\b|concentration|trough|\blevels?\b|duration|increase|"
                            r"increment|titrat|"
                            r"strength|capsules?|tablets?|vials?|syringe|packets?|monitor|\bAM\b|\bPM\b|morning|"
                            r"evening|bedtime|\bday\s+\d", re.IGNORECASE)
COMBINATION_GROUP = re.compile(r"\btherapy\b|\bcombination\b|\bregimen\b|\bwith\b", re.IGNORECASE)
MODIFYING = re.compile(r"reduc|modif|adjust|interrupt|escalat|titrat", re.IGNORECASE)
NOT_AN_INDICATION = re.compile(r"reduc|modif|adjust|discontinu|\blevel|\bstep|escalat|titrat|\bweeks?\b|\bdays?\b|"
                               r"\bfirst\b|\bsecond\b|\bthird\b|\bfourth\b|\bfinal\b|\boccurrence|\bdose\b|"
                               r"\bcurrent|switch|increase|decrease|\bdrug\b|\bmedication|\bformulation|"
                               r"\btablets?\b|\bcapsules?\b|\bsuspension\b|\bsolution\b|\binjection\b",
                               re.IGNORECASE)
CELL_AGE = re.compile(r"\bages?\b|\baged\b|\b(?:years?|months?)\s+(?:of\s+age|old)\b", re.IGNORECASE)
DAILY_CAPTION = re.compile(r"\bdaily\s+dos(?:e|age)s?\b", re.IGNORECASE)
DAILY_HEADER = re.compile(r"\btotal\s+daily\b|\bdaily\s+dose\b|\bper\s+day\b|/\s*day\b", re.IGNORECASE)
DOSE_HEADER = re.compile(r"\bdos(?:e|es|age|ing)\b|\bregimen\b|\brecommended\b|\brange\b|\btherapeutic\b|"
                         r"\btarget\b|\bmaintenance\b|\bloading\b|\binduction\b|\binitial\b|\bstarting\b",
                         re.IGNORECASE)
POPULATION_WORDS = re.compile(r"\b(?:adults?|pediatrics?|patients?|children|child|adolescents?|infants?|neonates?|"
                              r"geriatric|elderly|and|or|older|younger)\b", re.IGNORECASE)
SINGLE_DOSE_HEADER = re.compile(r"\bdose\b", re.IGNORECASE)
STARTING_HEADER = re.compile(r"\b(?:starting|initial)\b", re.IGNORECASE)
MAXIMUM_HEADER = re.compile(r"\bmaximum\b", re.IGNORECASE)
HEADER_UNIT = re.compile(r"\(\s*(mg|mcg|g|mL|units?)\s*\)", re.IGNORECASE)
DEVICE_NOTE = re.compile(r"\([^()]*\b(?:pens?|syringes?|prefilled|autoinjectors?|vials?|tablets?|capsules?|"
                         r"teaspoon\w*|packets?|sachets?)\b[^()]*\)", re.IGNORECASE)
BARE_NUMBER = re.compile(rf"^\s*(?:{AMOUNT_NUMBER})\s*$")
FORM_HEADER = re.compile(r"\b(?:tablets?|capsules?)\b(?!\s+(?:per|needed|to\s+take))|\bsuspension\b|\bsolution\b|\bsyrup\b|\bchewable\b|"
                         r"\bXR\b|\bER\b|\bextended\b|\belixir\b", re.IGNORECASE)
# a key column of the doses patients took before ("Current RETEVMO Dosage"), each row lowered to its dose
CURRENT_KEY = re.compile(r"^\s*current\b", re.IGNORECASE)
ORGAN_CAPTION = re.compile(r"\brenal\b|\bkidney\b|\bhepatic\b|\bliver\b|\bdialysis\b", re.IGNORECASE)
RENAL_HEADER = re.compile(rf"\b(?P<measure>{RENAL_MEASURE})", re.IGNORECASE)
HEPATIC_HEADER = re.compile(r"\bhepatic\b|\bChild[- ]Pugh\b", re.IGNORECASE)
WEIGHT_HEADER = re.compile(r"\bweight\b", re.IGNORECASE)
AGE_HEADER = re.compile(r"\bage\b", re.IGNORECASE)
AGE_WORDS = re.compile(r"\bages?\b|\baged\b|\byears?\b|\bmonths?\b|\bold\b", re.IGNORECASE)
CAPTION_NUMBER = re.compile(r"^\s*Table\s+\d+[.:]?\s*", re.IGNORECASE)
AGE_UNIT = re.compile(r"\((years|months|weeks|days)\)", re.IGNORECASE)
RENAL_UNITS = re.compile(r"mL\s*/\s*min(?:ute)?(?:\s*/\s*1\.73\s*m?\s*(?:2|²)?)?|/?\s*1\.73\s*m\s*(?:2|²)?\b",
                         re.IGNORECASE)
SURFACE = re.compile(r"\bBSA\b|body\s+surface|\bm\s?2\b|m²", re.IGNORECASE)
KEY_NUMBER = re.compile(r"(?<![A-Za-z])\d")  # a number in a row's key ("1.07 – 1.22"), not the 2 of "m2"
SURFACE_WORDS = re.compile(r"\(BSA\)|\bBSA\b|body\s+surface\s+area|\bm\s?2\b|m²|:", re.IGNORECASE)
NUMBER = r"\d+(?:\.\d+)?"
BAND_RANGE = re.compile(rf"^(?:from\s+)?(?:greater\s+than\s+or\s+equal\s+to\s+|≥\s*)?(?P<low>{NUMBER})\s*(?:kg)?\s*"
                        rf"(?:to|-|–|through)\s*(?P<lt>less\s+than\s+|<\s*)?(?P<high>{NUMBER})\s*(?:kg)?$",
                        re.IGNORECASE)
BAND_OPEN = re.compile(
    rf"^(?:(?P<cmp>less\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|less\s+than|greater\s+than|"
    rf"more\s+than|at\s+least|up\s+to|under|over|below|above|≤|≥|<=|>=|<|>)\s*(?P<value>{NUMBER})\s*(?:kg)?|"
    rf"(?P<value2>{NUMBER})\s*(?:kg)?\s+(?P<tail>and\s+(?:above|over|greater|more|higher|below|under|less|lower)|"
    rf"or\s+(?:more|greater|above|higher|less|below|lower)))$",
    re.IGNORECASE)


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Table:
    caption: str
    header: tuple[str, ...]  # one text per column (header rows joined)
    rows: tuple[_Row, ...]


# XHTML → text ----------------------------------------------------------------------------------------------------
def table_text(markup: str) -> str | None:
    """The table as pipe-separated text (None when it holds no body row)."""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div",
                                             parser=lxml_html.HTMLParser(no_network=True, recover=True))
    except (etree.ParserError, ValueError):
        return None
    table = next(root.iter("table"), None)
    if table is None:
        return None
    notes = [_clean(n.text_content()) for n in table.iter("footnote")]
    for note in list(table.iter("footnote")):
        note.drop_tree()  # footnotes go under the table, not into the cell they mark
    caption = next((_clean(c.text_content()) for c in table.iter("caption")), "")
    header, body = _grid(table)
    if not body:
        return None
    lines = [caption] if caption else []
    lines += [_line(row) for row in header] + ([_rule(len(body[0]))] if header else [])
    lines += [_line(row) for row in body]
    lines += [n for n in notes if n]
    return "\n".join(lines)


def _grid(table: etree._Element) -> tuple[list[list[str]], list[list[str]]]:
    """Header and body rows as rectangular lists of cell texts (row- and column-spans repeated)."""
    header_rows, body_rows = [], []
    for row in table.iter("tr"):
        section = row.getparent().tag if row.getparent() is not None else ""
        cells = [c for c in row if c.tag in ("td", "th")]
        if not cells:
            continue
        is_header = section == "thead" or (not body_rows and all(c.tag == "th" for c in cells))
        if section == "tfoot":
            continue
        (header_rows if is_header else body_rows).append(cells)
    while len(body_rows) > 1 and len({_clean(c.text_content()) for c in body_rows[0]} - {""}) > 1 and not any(
            QUANTITY.search(c.text_content()) or re.search(r"\d", c.text_content()) for c in body_rows[0]):
        header_rows.append(body_rows.pop(0))  # a first body row of several words, no number, continues the header
    width = max((sum(_span(c, "colspan") for c in r) for r in header_rows + body_rows), default=0)
    grid = _expand(header_rows + body_rows, width)  # together: a header cell may span into the next row
    return grid[:len(header_rows)], grid[len(header_rows):]


def _expand(rows: list[list[etree._Element]], width: int) -> list[list[str]]:
    grid: list[list[str | None]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows left) of a rowspan
    for cells in rows:
        line: list[str | None] = [None] * width
        for column, (text, left) in list(pending.items()):
            if column < width:
                line[column] = text
            pending[column] = (text, left - 1)
            if left - 1 <= 0:
                del pending[column]
        column = 0
        for cell in cells:
            while column < width and line[column] is not None:
                column += 1
            text = _clean(cell.text_content())
            for offset in range(_span(cell, "colspan")):
                if column + offset < width:
                    line[column + offset] = text
                    if _span(cell, "rowspan") > 1:
                        pending[column + offset] = (text, _span(cell, "rowspan") - 1)
            column += _span(cell, "colspan")
        grid.append(line)
    return [[cell or "" for cell in line] for line in grid]


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name) or 1), 50))
    except ValueError:
        return 1


def _clean(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(width: int) -> str:
    return "|" + " --- |" * width


# Text → rules ----------------------------------------------------------------------------------------------------
def table_header(text: str) -> str | None:
    """A table text's caption and header rows (what a row needs to be read), or None for running text."""
    at = text.find("\n" + RULE_LINE)
    return text[:at].strip() or None if at >= 0 else None


def is_table(dosage: DosageText) -> bool:
    return dosage.section == TABLE_SECTION


def parse_dosage(dosage: DosageText) -> list[DoseRule]:
    """The rules of any DosageText: a table through this module, running text through ``nlp.dose_rules``; from a
    renal or hepatic impairment subsection of Use in Specific Populations only the rules under its condition
    (it also describes studies and exposures, which state no dose for anyone)."""
    if is_table(dosage):
        return parse_dosage_table(dosage)
    rules = dose_rules.parse_dosage_text(dosage)
    if dosage.section == IMPAIRMENT_SECTION:
        return [rule for rule in rules if rule.renal is not None or rule.hepatic]
    if dosage.section == GERIATRIC_SECTION:
        return [rule for rule in rules if _for_older_patients(rule) and (
            rule.amount is not None or rule.max_per_dose is not None or rule.max_per_day is not None)]
    return rules


def _for_older_patients(rule: DoseRule) -> bool:
    """ "The starting dose of CAMPTOSAR in patients 70 years and older … should be 300 mg/m2" (8.5 Geriatric Use):
    a rule for the elderly, or for ages from 60 up; the section's other amounts are studies' doses."""
    return rule.population is DosePopulation.GERIATRIC or (
        rule.age_years is not None and rule.age_years.low is not None and rule.age_years.low >= 60)


def parse_label_dosage(texts: Iterable[DosageText]) -> list[DoseRule]:
    """The rules of dosage texts, each label's texts (same ``document_id``) read together: each text's
    (``parse_dosage``), or — when none of a label's texts states an amount of drug, as a combination product's
    "Take one tablet by mouth every day" — also the doses its running texts state in dosage units
    (``nlp.dose_rules.parse_dosage_text(…, counts=True)``)."""
    by_label: dict[str, list[DosageText]] = {}
    for text in texts:
        by_label.setdefault(text.document_id, []).append(text)
    return [rule for label in by_label.values() for rule in _label_rules(label)]


def _label_rules(texts: list[DosageText]) -> list[DoseRule]:
    rules = [rule for text in texts for rule in parse_dosage(text)]
    if any(rule.amount is not None or rule.max_per_dose is not None or rule.max_per_day is not None for rule in rules):
        return rules
    known = {rule.id for rule in rules}
    counted = [rule for text in texts if not is_table(text)
               for rule in dose_rules.parse_dosage_text(text, counts=True)
               if rule.id not in known
               and (text.section != IMPAIRMENT_SECTION or rule.renal is not None or rule.hepatic)]
    return rules + _with_contents(counted, texts)


def _with_contents(rules: list[DoseRule], texts: list[DosageText]) -> list[DoseRule]:
    """A label's doses in units, each with what one unit contains where the label says it in another sentence ("The
    recommended dosage of VOSEVI is one tablet …" beside "One tablet (400 mg of sofosbuvir, …)" or "One tablet of
    VOSEVI contains 400 mg of sofosbuvir, …"): only when every sentence that says it states the same amounts (a
    product of several strengths, as "0.5 mg/100 mg or 1 mg/100 mg", gets none)."""
    said: dict[tuple[str, tuple[float, ...]], str] = {}
    for rule in rules:
        if rule.amount is not None and rule.per_unit:
            said.setdefault((rule.amount.unit, _amounts(rule.per_unit)), rule.per_unit)
    for text in texts:
        for match in UNIT_CONTAINS.finditer(text.text):
            contents = (match.group("contents") or match.group("contents2")).strip()
            form = unit_name(match.group("form") or match.group("form2"))
            said.setdefault((form, _amounts(contents)), contents)
    by_unit: dict[str, list[str]] = {}
    for (unit, _), contents in said.items():
        by_unit.setdefault(unit, []).append(contents)
    return [rule.model_copy(update={"per_unit": by_unit[rule.amount.unit][0]})
            if rule.amount is not None and not rule.per_unit and len(by_unit.get(rule.amount.unit, ())) == 1
            else rule for rule in rules]


def _amounts(text: str) -> tuple[float, ...]:
    return tuple(sorted(float(m.group("low").replace(",", "")) for m in QUANTITY.finditer(text)))


def parse_dosage_table(dosage: DosageText) -> list[DoseRule]:
    """The rules a dosing table states unambiguously (see the module docstring), one per row and dose column."""
    table = _read(dosage.text)
    if table is None or SKIPPED_TABLE.search(_about(table)):
        return []
    doses = _dose_columns(table)
    if not doses:
        return []
    first = min(doses)
    # the key columns: those before the first dose column, less any about something else ("Dosing of SOVALDI
    # Tablets or Oral Pellets" beside "SOVALDI Daily Dose")
    keys = [i for i in range(first) if i == 0 or not SKIPPED_COLUMN.search(table.header[i])]
    key_header = " ".join(table.header[i] for i in keys)
    context = {**dose_rules.population_of(table.caption), **dose_rules.conditions_of(table.caption)}
    if ORGAN_CAPTION.search(table.caption) and not {"renal", "hepatic"} & set(context) \
            and not RENAL_HEADER.search(key_header) and not HEPATIC_HEADER.search(key_header) \
            and not _rows_state_conditions(table, keys, key_header):
        return []  # "Recommended Dosage for Severe Renal Impairment According to BSA": a condition not read as
        # a CrCl range or Child-Pugh class, whose rows would otherwise read as everyone's doses (not where the rows
        # state theirs: "Creatinine clearance less than 30 mL/min | 200 mg daily")
    context = {**context, **dose_rules.population_of(key_header)}  # "… in Patients with Moderate Hepatic Impairment"
    indication = _indication(table.caption)
    dosing_table = bool(DOSE_HEADER.search(" ".join((table.caption, *table.header))))
    modifying = bool(MODIFYING.search(" ".join((table.caption, *table.header))))  # rows by step, not indication
    combination = lowered = False
    group: dict = {}
    group_name: str | None = None
    rules: list[DoseRule] = []
    for row in table.rows:
        cells = [c for c in row.cells if c]
        if cells and len(set(cells)) == 1 and not QUANTITY.search(cells[0]):
            # a group row over the next: a population ("Adults"), an indication ("Duodenal Ulcers") or a regimen
            # with other products ("Triple Therapy:"), whose rows are then not read by indication
            group = dose_rules.population_of(cells[0])
            group_name = None if group or COMBINATION_GROUP.search(cells[0]) else cells[0].rstrip(":")
            combination = bool(COMBINATION_GROUP.search(cells[0]))
            continue
        key_cells = list(dict.fromkeys(row.cells[i] for i in keys if i < len(row.cells) and row.cells[i]))
        key = " ".join(key_cells)
        who = _who(key_cells, key_header)
        if who is None and {"renal", "hepatic"} & set(context) and CURRENT_KEY.search(key_header) \
                and QUANTITY.search(key):
            who = {}  # "Current RETEVMO Dosage | Recommended RETEVMO Dosage" under "… for Severe Hepatic Impairment":
            # each row the dose an organ's grade lowers a usual one to (the caption's patients; read only where
            # every row lowers to the same dose, below, since which row is the patient's is not known)
            lowered = True
        if who is not None and group and "population" not in who:
            who = {**group, **who}  # "OCD (ages 6 to 12 years old)" under "Pediatric Patients"
        named = _also_indication(key) if who is not None and dosing_table and not modifying else None
        if who is None:
            named = _indication_key(key) if dosing_table and not combination and not modifying else None
            if named is None:
                continue
            named = f"{group_name}: {named}" if group_name else named
            who = {**group, **dose_rules.population_of(key)}  # "OCD (ages 6 to 12 years old)", under "Adults"
            if AGE_WORDS.search(key) and "age_years" not in who:
                continue  # an age the key states but that is not read
        for column in doses:
            draft = _dose(row, column, table, {**context, **who}, doses, by_indication=named is not None)
            if draft is None:
                continue
            if named is not None:
                draft["indication"] = named
            draft.setdefault("indication", indication)
            rules.append(DoseRule(
                id=f"{dosage.id}#table-rule-{row.start}-{column}", dosage_text_id=dosage.id,
                document_id=dosage.document_id, version=dosage.version, set_id=dosage.set_id, drug_id=dosage.drug_id,
                sentence=dosage.text[row.start:row.end], start=row.start, end=row.end, disease_id=dosage.disease_id,
                **draft,
            ))
    if lowered and len({(r.amount, r.basis, r.doses_per_day, r.interval_hours) for r in rules}) > 1:
        return []  # "120 mg → 80 mg, 160 mg → 120 mg": the dose depends on the one taken before
    return rules


def _rows_state_conditions(table: _Table, keys: list[int], key_header: str) -> bool:
    """Whether some row's key cells state a renal range or hepatic class of their own."""
    for row in table.rows:
        who = _who([row.cells[i] for i in keys if i < len(row.cells) and row.cells[i]], key_header) or {}
        if "renal" in who or "hepatic" in who:
            return True
    return False


def about_other_things(text: str) -> bool:
    """Whether a stored table is one the reader never takes doses from (adverse reactions, toxicity grades,
    interacting drugs, titration …: ``SKIPPED_TABLE`` on its caption and header): its rows change no one's usual
    dose for a renal or hepatic grade either ("AST or ALT > 3 × ULN with total bilirubin > 2 × ULN | Resume at the
    next lower dose level" is a toxicity's, not hepatic impairment's)."""
    table = _read(text)
    return table is not None and bool(SKIPPED_TABLE.search(_about(table)))


def organ_caption(text: str) -> str | None:
    """The caption of a stored table of doses for a kidney or liver grade ("Table 4: Recommended RETEVMO Dosage for
    Severe Hepatic Impairment"), whether or not its rows were read; None for any other text."""
    table = _read(text)
    if table is None or SKIPPED_TABLE.search(_about(table)) or not ORGAN_CAPTION.search(table.caption) \
            or not any(QUANTITY.search(" ".join(row.cells[1:])) for row in table.rows):
        return None
    return table.caption


def _about(table: _Table) -> str:
    """What a table is about: its caption and the headers of the columns it may be read by (not a column of
    what to administer: "Number of Capsules or Tablets and Strength to Administer" beside "SUSTIVA Daily Dose";
    nor a first column of the doses an organ's grade lowers, "Current RETEVMO Dosage" under "… for Severe Hepatic
    Impairment": such a table changes that grade's dose, read or not)."""
    header = table.header[1:] if CURRENT_KEY.search(table.header[0]) and ORGAN_CAPTION.search(table.caption) \
        else table.header
    return " ".join((table.caption, *(h for h in header if not FORM_COLUMN.search(h))))


def _read(text: str) -> _Table | None:
    caption, header_rows, rows, position, seen_rule = [], [], [], 0, False
    has_header = RULE_LINE in text
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        if line == "|" + " --- |" * line.count(" --- |"):
            seen_rule = True
            continue
        if line.startswith("| ") and line.endswith(" |"):
            cells = tuple(c.strip() for c in line[2:-2].split(" | "))
            if seen_rule or not has_header:
                rows.append(_Row(cells, start, start + len(line)))
            else:
                header_rows.append(cells)
        elif not header_rows and not rows:
            caption.append(line)
    if not rows:
        return None
    if not has_header:  # no header rule: leading rows that state no amount are the header ("BSA (m2) | Total daily
        # dose (mg) | …"), and rows below them keyed by the same first cell (a header spanning two rows)
        while len(rows) > 1 and (not QUANTITY.search(" ".join(rows[0].cells)) and not KEY_NUMBER.search(rows[0].cells[0])
                                 and any(KEY_NUMBER.search(r.cells[0]) for r in rows[1:])
                                 or header_rows and rows[0].cells[0] == header_rows[-1][0]):
            header_rows.append(rows.pop(0).cells)
        if header_rows and FORM_HEADER.search(" ".join(c for r in header_rows for c in r[1:])):
            return None  # a column per dosage form ("Tablet | XR | Suspension"): which form a dose is for is lost
    width = max(len(r.cells) for r in rows)
    header = tuple(" ".join(dict.fromkeys(r[i] for r in header_rows if i < len(r) and r[i])) for i in range(width))
    return _Table(" ".join(caption), header, tuple(rows))


def _volumes_with_content(header: str, cells: list[str]) -> bool:
    """ "Total Volume of Oral Solution Once Daily (Trametinib Content)" over "14 mL (0.7 mg)": each volume states
    the drug it holds, which is the dose."""
    return bool(cells) and not SKIPPED_COLUMN.search(re.sub(r"volume", " ", header, flags=re.IGNORECASE)) \
        and all(VOLUME_CONTENT.match(cell) for cell in cells)


def _dose_columns(table: _Table) -> list[int]:
    """Columns after the first whose header is not about something else and whose cells mostly hold an amount
    (a bare number counts when the header names the unit: "Once Daily Dosage (mcg)")."""
    found = []
    for column in range(1, len(table.header)):
        header = table.header[column]
        cells = [r.cells[column] for r in table.rows if column < len(r.cells) and r.cells[column]]
        if SKIPPED_COLUMN.search(header) and not _volumes_with_content(header, cells):
            continue
        amounts = [c for c in cells if QUANTITY.search(RENAL_UNITS.sub(" ", c)) or AVOID_CUE.search(c)
                   or (HEADER_UNIT.search(header) and BARE_NUMBER.match(c))]
        if cells and len(amounts) * 2 >= len(cells):
            found.append(column)
    return found


def _who(cells: list[str], header: str) -> dict | None:
    """The patients a row is for, from its key cells (and their column header): None when the key names no
    weight band, renal range, hepatic class, age band or population — or is itself a dose or a surface band, or
    states a weight that is not read as a band."""
    key = " ".join(cells)
    plain = RENAL_UNITS.sub(" ", key)
    if not key or QUANTITY.search(plain):
        return None
    if SURFACE.search(plain) or SURFACE.search(RENAL_UNITS.sub(" ", header)):
        surface = _band(SURFACE_WORDS.sub(" ", key))  # "0.81 to 1.10 m2 | 300 mg", "≥ 1.51 m2 | 600 mg"
        return {"bsa_m2": surface} if surface is not None else None
    condition = dose_rules.conditions_of(key)
    if "renal" not in condition and RENAL_HEADER.search(header):
        measure = RENAL_HEADER.search(header).group("measure")
        condition = {**dose_rules.conditions_of(f"{measure} {key}"), **condition}
        if "renal" not in condition:
            return None  # "On dialysis", "End-stage renal disease": not a range
    if "hepatic" not in condition and HEPATIC_HEADER.search(header):
        condition = dose_rules.conditions_of(f"{key} hepatic impairment")
        if "hepatic" not in condition:
            return None
    weighed = [c for c in cells if re.search(r"\d\s*kg\b", c)] or (cells if WEIGHT_HEADER.search(header) else [])
    weight = next((band for band in map(_band, weighed) if band is not None), None)
    if weighed and weight is None:
        return None  # "Weight ≥ 51kg" in words the band reader does not take: the row is for someone unknown
    population = dose_rules.population_of(key)
    if "age_years" in population and not AGE_WORDS.search(f"{key} {header}"):
        del population["age_years"]  # "Cycles 2–6 Day 1" is no age
    if AGE_HEADER.search(header) and "age_years" not in population:
        unit = AGE_UNIT.search(header)
        stated = re.sub(r"(\d+(?:\.\d+)?)(?!\s*(?:\.\d|years?|months?|weeks?|days?))", rf"\1 {unit.group(1)}", key) \
            if unit else key
        population = {**population, **dose_rules.population_of(f"aged {stated}")}
    if weight is not None:
        population["weight_kg"] = weight
    found = {**condition, **population}
    return found or None


def _band(text: str) -> NumericRange | None:
    """ "10 kg to less than 20 kg", "7.4 and below", "≥ 51 kg", "less than 10 kg" → kg bounds (or m² bounds, the
    surface's words taken away); a single weight ("8 kg") is no band."""
    text = re.sub(r"\(\s*\d+(?:\.\d+)?\s*(?:lbs?|pounds)\.?\s*\)", " ", text.replace("kilograms", "kg"))
    text = re.sub(r"\s+", " ", text.strip()).rstrip(".")
    match = BAND_RANGE.match(text)
    if match:
        return NumericRange(low=float(match.group("low")), high=float(match.group("high")),
                            high_inclusive=not match.group("lt"))
    match = BAND_OPEN.match(text)
    if not match:
        return None
    if match.group("value2"):
        value, upper = float(match.group("value2")), re.search(r"below|under|less|lower", match.group("tail"))
        return NumericRange(high=value) if upper else NumericRange(low=value)
    return dose_rules.comparator_bound(match.group("cmp"), float(match.group("value")))


def _dose(row: _Row, column: int, table: _Table, who: dict, doses: list[int],
          by_indication: bool = False) -> dict | None:
    """One rule's fields from a dose cell, or None when the cell does not state one dose unambiguously."""
    cell = row.cells[column] if column < len(row.cells) else ""
    header = table.header[column]
    if not cell or CELL_AGE.search(cell) and "age_years" not in dose_rules.population_of(cell):
        return None  # "25 mg per day (ages 6 to 12)": an age the cell states but that is not read
    if AVOID_CUE.search(cell) and not QUANTITY.search(cell):
        if re.search(r"\bunless\b|\bexcept\b", cell, re.IGNORECASE):
            return None  # "do not use unless directed by a doctor": a condition this tool cannot weigh
        if "renal" in who or "hepatic" in who or who.get("population"):
            return {**_population_fields(who), **_condition_fields(who), "kind": DoseKind.AVOID}
        return None
    unit = HEADER_UNIT.search(header)
    cell = DEVICE_NOTE.sub(" ", cell).strip()  # "40 mg every other week (HUMIRA Pen or 40 mg Prefilled Syringe)"
    content = VOLUME_CONTENT.match(cell)
    if content:
        cell = content.group("content")  # "14 mL (0.7 mg)": the amount of drug, which the volume holds
    text = f"{cell} {unit.group(1)}" if unit and BARE_NUMBER.match(cell) else cell
    if MAXIMUM_HEADER.search(header):
        text = f"maximum {text}"
    if (DAILY_HEADER.search(header) or DAILY_HEADER.search(table.caption) or DAILY_CAPTION.search(table.caption)) \
            and not dose_rules.frequency_of(text):
        text = f"{text} per day"  # "Total Daily Dose | 300 mg": a day's amount, however the day is divided
    elif not dose_rules.frequency_of(text):
        others = [row.cells[i] for i in range(len(row.cells)) if i != column and i not in doses and i > 0]
        phrase = next((dose_rules.frequency_of(t) for t in (*others, header, table.caption)
                       if dose_rules.frequency_of(t)), None)
        if phrase:
            text = f"{text} {phrase}"
        elif SINGLE_DOSE_HEADER.search(header) and not re.search(r"\bdaily\b|\bday\b", header, re.IGNORECASE):
            text = f"{text} per dose"
    drafts = dose_rules.parse_sentence(text, _population_fields(who))
    if len(drafts) != 1 or drafts[0].get("amount") is None and drafts[0].get("kind") is not DoseKind.MAXIMUM:
        return None
    draft = {**drafts[0], **_condition_fields(who)}
    for band in ("weight_kg", "bsa_m2"):
        if band in who:
            draft[band] = who[band]
    if STARTING_HEADER.search(header) and draft.get("kind") is DoseKind.DOSE:
        draft["kind"] = DoseKind.STARTING
    named = re.sub(r"^(?:recommended\s+)?(?:starting\s+)?(?:dose|dosage)\s+", "", header, flags=re.IGNORECASE)
    if not DOSE_HEADER.search(named) and len(doses) > 1 and not by_indication:
        # a column per indication ("Newly-diagnosed chronic phase Ph+ CML", under "Recommended Starting Dosage")
        draft["indication"] = named or None
    elif len(doses) > 1 and not by_indication and (what := _column_indication(header)):
        # "Newly-Diagnosed Recommended Dose (Once Daily)" beside "Resistant or Intolerant Recommended Dose …"
        caption = _indication(table.caption)
        draft["indication"] = f"{what} ({caption})" if caption else what
    return draft


def _column_indication(header: str) -> str | None:
    """What a dose column's header says besides dosing words: "Newly-Diagnosed Recommended Dose (Once Daily)" →
    "Newly-Diagnosed"; None when nothing else is said, or a population or unit is."""
    what = re.sub(r"\([^()]*\)|\b(?:recommended|starting|initial|dose|dosage|daily|total|single|maximum|usual)\b", " ",
                  header, flags=re.IGNORECASE)
    what = re.sub(r"\s+", " ", what).strip(" ,;:-")
    return what if re.search(r"[A-Za-z]{4}", what) and not DOSE_HEADER.search(what) \
        and not POPULATION_WORDS.fullmatch(what) and not HEADER_UNIT.search(what) \
        and not re.search(r"\b(?:mg|mcg|kg|m2|mL|tablets?|capsules?|week|weeks|day|days|cycle)\b", what, re.IGNORECASE) \
        else None


def _also_indication(key: str) -> str | None:
    """A key that names an indication beside its population or age ("OCD (ages 6 to 12 years old)"), not only
    a population ("Adults") or a band."""
    named = _indication_key(key)
    if named is None:
        return None
    rest = POPULATION_WORDS.sub(" ", re.sub(r"\(?\b(?:ages?|aged)\b[^()]*\)?", " ", named))
    return named if re.search(r"[A-Za-z]{2,}", rest) else None


def _indication_key(key: str) -> str | None:
    """A row key that names an indication ("MDD (2.1)", "PD, PTSD, SAD", "Schizophrenia"): words, no amount,
    band or number but section references; the indication without its reference."""
    named = re.sub(r"\(\s*\d+(?:\.\d+)*\s*\)", " ", key)
    unaged = re.sub(r"\(?\b(?:ages?|aged)\b[^()]*\)?", " ", named) if "age_years" in dose_rules.population_of(named) \
        else named
    if not re.search(r"[A-Za-z]{2,}", named) or re.search(r"\d|[<>≤≥%]", unaged) or SURFACE.search(named) \
            or NOT_AN_INDICATION.search(named) or DRUG_NAME.fullmatch(named.strip()):
        return None  # … or a drug ("Cabotegravir | 30 mg once daily | 600 mg"): a component's or another product's
    named = " ".join(named.split())
    return named if len(named) <= 120 else None


def _indication(caption: str) -> str | None:
    """The caption as the rules' indication when it names a treatment ("… in the First-Line Treatment of Severe
    Aplastic Anemia", "Recommended Dosage for PFIC in Patients aged 3 months and older")."""
    words = CAPTION_NUMBER.sub("", caption).strip()
    if re.search(r"\bfor\s+(?:mild|moderate|severe)\b[^.;]*\b(?:renal|hepatic|kidney|liver)\s+impairment\b", words,
                 re.IGNORECASE):
        return None  # "Recommended RETEVMO Dosage for Severe Hepatic Impairment": patients, not a treatment
    return words or None if re.search(r"\btreatment\s+of\b|\bfor\s+(?!patients|pediatric|adult|use)[A-Z]", words) \
        else None


def _population_fields(who: dict) -> dict:
    return {k: v for k, v in who.items() if k in {"population", "age_years", "weight_kg"}}


def _condition_fields(who: dict) -> dict:
    return {k: v for k, v in who.items() if k in {"renal", "renal_measure", "hepatic"}}
