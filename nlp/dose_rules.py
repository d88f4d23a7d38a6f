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
from collections.abc import Iterator
from dataclasses import dataclass

from graph.models import (
    DosageText, DoseBasis, DoseKind, DosePopulation, DoseQuantity, DoseRule, DoseScale, NumericRange,
)
from nlp.dose_units import days_for, hours_for, unit_name, years_for

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNIT = r"micrograms?|milligrams?|grams?|mcg|µg|μg|mg|mEq|mmol|g|mL|units?|Units?|IU"
PER = r"(?:\s*/\s*|\s+per\s+)"
SCALE = (rf"(?:{PER}(?P<scale>kg|kilograms?|m\s?2|m²|m\^2|square\s+met(?:er|re)s?|sq\.?\s*m)"
         rf"(?:\s+(?:of\s+)?body\s+(?:weight|surface(?:\s+area)?))?)?")
DAY = rf"(?P<day>{PER}(?:day|24\s*hours?|d)\b)?"
DOSE_WORD = rf"(?P<perdose>{PER}dose\b)?"
QUANTITY = re.compile(
    rf"(?<![\d.,/])(?P<low>{NUMBER})(?:\s*(?:{UNIT}))?(?:{SCALE.replace('scale', 'scale0')})?"
    rf"(?:{PER}(?:day|d)\b)?"
    rf"(?:\s*(?:-|–|to)\s*(?P<high>{NUMBER}))?\s*(?P<unit>{UNIT})\b{SCALE}{DAY}{DOSE_WORD}"
)
STRENGTH_AFTER = re.compile(
    rf"^\s*(?:/\s*(?:{NUMBER})\s*(?:{UNIT})|\s*/\s*(?:min|minute|hour|h|dL|L|mL)\b|(?:{PER})?\s*(?:\d+(?:\.\d+)?\s*)?(?:mL|tablets?|capsules?|vials?|"
    rf"packets?|sachets?|actuation|spray|patch|inhalation)\b|\s*(?:tablets?|capsules?|vials?|oral\s+(?:suspension|"
    rf"solution)|extended|delayed|injection|strength|single-dose|film|chewable|orally\s+disintegrating|for\s+oral)\b)",
    re.IGNORECASE,
)
SKIP_CUES = re.compile(
    r"\bincrements?\b|\bincrease[sd]?\b.{0,30}\bby\b|\bdecrease[sd]?\b.{0,30}\bby\b|\breduce[sd]?\b.{0,40}\bby\b|"
    r"\bin\s+a\s+clinical\s+(?:trial|study)\b|\bstud(?:y|ies)\b|\btrials?\b|\bpharmacokinetic|\bexposure|\bAUC\b|"
    r"\brandomi[sz]ed\b|\bdoubl(?:e|ed|es|ing)\b|\bNOAEL\b|\bno[- ]observed[- ]adverse\b|\b(?:was|were)\s+observed\b|"
    r"\bC\s?max\b|\bmean\b|\bhad\s+(?:no|minimal|little|a\s+small)\b|\beffect\s+on\b|\bequivalent\s+to\b|\bcorresponds?\s+to\b|\bprovides?\b|\bcontains?\b|\boverdos|"
    r"\btitrated\s+to\b|\bswitch|\bconvert|%|\bnot\s+(?:been\s+)?(?:seen|studied|established|evaluated)\b|"
    r"\bdoses?\s+(?:above|below|greater|less|higher|lower|exceeding)\b|"
    r"\b(?:was|were)\s+(?:administered|given|dosed)\b|\bpatients\s+ranging\b|\breceived\b|"
    r"\b(?:provided|supplied|available)\s+as\b|\bre-?administer|\bre-?initiat|\bresum|\brestart|"
    r"\b(?:CYP[\w/]*|P-?gp|UGT\w*|OATP\w*|BCRP|strong|moderate|potent|weak)\b[^.;]{0,40}?\binhibitors?\b|"
    r"\binducers?\b|\bthe\s+inhibitor\b|\binterrupt\w*|\bpatients\s+(?:currently\s+)?(?:taking|receiving|on)\s+"
    r"[A-Z][\w-]*\s+\d|\bconcomitant|\bconcurrent(?:ly)?\b|\bco-?administ|"
    r"\bincrease\w*\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?:dose|dosage)\s+to\b|"
    r"\bdecrement|\bchanges\s+of\b|\bescalat|\brats?\b|\bmice\b|\bdogs?\b|\banimals?\b|\bjuvenile\b|\bmissed\b|\bif\s+a\s+dose\b|\bmay\s+require\b|\bminimum\b|\bif\s+the\s+(?:total\s+)?(?:daily\s+)?dose\b",
    re.IGNORECASE,
)
AVOID_CUE = re.compile(
    r"\bnot\s+recommended\b|\bcontraindicated\b|\bavoid\b|\bdo\s+not\s+(?:use|administer|initiate|start)\b|"
    r"\bshould\s+not\s+be\s+(?:used|given|administered|initiated)\b|\bdiscontinue\b|"
    r"\b(?:dosage|dose|dosing)\s+(?:has|have)\s+not\s+been\s+established\b|\bno\s+recommended\s+dos|"
    r"\binsufficient\s+(?:information|data)\s+to\s+recommend\b",
    re.IGNORECASE,
)
ESTABLISHED_CUE = re.compile(r"\b(?:safety|effectiveness|efficacy)\b[^.]{0,80}?\b(?:have|has)\s+been\s+established\b",
                             re.IGNORECASE)
MAX_CUE = re.compile(
    r"\bmaximum\b|\bnot\s+(?:to\s+)?exceed|\bexceed(?:ing)?\b|\bno\s+more\s+than\b|\bmax\b|\bup\s+to\s+a\s+total",
    re.IGNORECASE,
)
MAX_LIST = re.compile(r"^\s*(?:(?:in|for)\s[^.;\d]{0,60}\b|\([^()]{1,40}\)\s*)(?:and|or)\s*$", re.IGNORECASE)
THRESHOLD_BEFORE = re.compile(r"(?:(?<!not )(?<!not to )(?<!should not )\bexceeds?|\babove|\bbelow|\bgreater\s+than|\bless\s+than|\bmore\s+than|"
                              r"\bover|\bunder|\brequirements?\s+(?:is|of))\s*$", re.IGNORECASE)
THRESHOLD_AFTER = re.compile(r"^\s*(?:or\s+(?:less|more|greater|fewer|lower|higher|above|below))\b", re.IGNORECASE)
ALTERNATIVES = re.compile(r"\bor\b|;|•|\bfollowed\b[^.;]{0,40}?\bby\b|\bthen\b|,\s+and\b|\band\s+(?=\d)",
                          re.IGNORECASE)
INITIAL_THEN = re.compile(r"\b(?:initial|loading|first)\b[^.;]{0,30}\b(?:dose|dosage|infusion)\b[^.;]*\bfollowed\b",
                          re.IGNORECASE)
TITRATE_TO = re.compile(r"\b(?:gradually\s+)?increase[sd]?\b[^.;]{0,60}?\bto\s+(?:approximately\s+|about\s+|a\s+)?",
                        re.IGNORECASE)
WHICHEVER = re.compile(r"\bwhichever\s+is\b", re.IGNORECASE)
ONE_UNIT = re.compile(r"\b(?:one|a\s+single)\s+(\d+(?:\.\d+)?\s*(?:mg|mcg|g))\s+(?:tablet|capsule|packet|vial)\b",
                      re.IGNORECASE)
COUNTED = re.compile(r"\b(?:two|three|four|five|six|one-half|half)\s+(?:[A-Z][\w®]*\s+)?$", re.IGNORECASE)
DAILY_WORDS = re.compile(r"\bdaily\b|\bper\s+day\b|\ba\s+day\b|\b24\s*hours\b|/\s*day\b", re.IGNORECASE)
DOSE_WORDS = re.compile(r"\bsingle\b|\bper\s+dose\b|\bper\s+infusion\b|\beach\s+dose\b", re.IGNORECASE)
AFTER_AMOUNT_WORDS = frozenset("""
    nightly orally intravenously subcutaneously intramuscularly topically rectally sublingually initially thereafter
    twice three four weekly monthly hourly every daily given taken administered infused injected divided doses
    total maximum increments until starting beginning followed which where while after before during within
    """.split())
DOSING_WORDS = frozenset("""
    dose doses dosage dosages dosing dosed recommended administer administered administration give given take taken
    initiate initiated initiating start started starting usual usually initial initially maintenance total maximum
    exceed exceeding than receive receiving approximately about daily then followed increase increased increasing
    reduce reduced reducing titrate titrated titration either with from range ranging between plus single once twice
    each every weekly regimen schedule added using level levels least only range over within upto orally
    intravenously subcutaneously intramuscularly infusion injection days weeks hours months dosage usual first
    thereafter twice maintained followed continue continued decrease decreased beginning begin adjust adjusted lower
    higher increments increment become consists consist equals equal should must will shall therapy treatment
    regimen rate tablet tablets capsule capsules packet packets vial vials suspension solution
    """.split())
TITRATION = re.compile(r"\bincrements?\b|\bincrease[sd]?\b.{0,30}\bby\b|\btitrated\s+to\b|\bdoubl(?:e|ed|es|ing)\b",
                       re.IGNORECASE)
LOADING = re.compile(r"^\s*(?:oral\s+|intravenous\s+)?loading\s+dose\b", re.IGNORECASE)
OCCASION = re.compile(r"\bcontrast\b|\bimaging\b|\bprocedures?\b|\bsurgery\b|\bsurgical\b|\bNSAIDs?\b|"
                      r"\bconcomitant|\bco-?administ", re.IGNORECASE)
STARTING_CUE = re.compile(r"\b(?:starting|initial|initiat\w*|start)\b", re.IGNORECASE)
CYCLE_DAYS = (r"\bon\s+days?\s+(?P<days>\d{1,2}(?:\s*(?:,|and|,\s*and)\s*\d{1,2})*)\s+(?:of\s+)?(?:each|every|a)\s+"
              r"(?P<length>\d{1,2})-day\s+(?:treatment\s+)?cycle\b")
FREQUENCIES: tuple[tuple[re.Pattern[str], float | None], ...] = tuple((re.compile(p, re.IGNORECASE), n) for p, n in (
    (r"\bonce\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bonce-daily\b|\bq\.?d\.?\b|\bevery\s+day\b|\bevery\s+24\s+hours\b", 1),
    (r"\btwice\s+(?:a\s+|per\s+)?(?:daily|day)\b|\btwo\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bb\.?i\.?d\.?\b|"
     r"\bevery\s+12\s+hours\b|\bq12h\b|\b2\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b", 2),
    (r"\b(?:three|3)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bt\.?i\.?d\.?\b|\bevery\s+8\s+hours\b|\bq8h\b", 3),
    (r"\b(?:four|4)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bq\.?i\.?d\.?\b|\bevery\s+6\s+hours\b|\bq6h\b", 4),
    (r"\bevery\s+4\s+hours\b|\bq4h\b", 6),
    (r"\bevery\s+other\s+day\b|\bevery\s+48\s+hours\b", 0.5),
    (r"\bonce\s+(?:a\s+)?week(?:ly)?\b|\bevery\s+week\b|\bweekly\b|\bevery\s+7\s+days\b", 1 / 7),
    (r"\bevery\s+(?:2|two)\s+weeks\b|\bevery\s+14\s+days\b|\bevery\s+other\s+week\b", 1 / 14),
    (r"\bevery\s+(?:3|three)\s+weeks\b|\bevery\s+21\s+days\b", 1 / 21),
    (r"\bevery\s+(?:4|four)\s+weeks\b|\bevery\s+28\s+days\b", 1 / 28),
    (r"\bonce\s+(?:a\s+)?month(?:ly)?\b|\bevery\s+month\b|\bmonthly\b", 12 / 365),
    (r"\bevery\s+(?:2|two)\s+months\b", 6 / 365),
    (r"\bevery\s+(?:3|three)\s+months\b|\bquarterly\b", 4 / 365),
    (r"\bevery\s+(?:6|six)\s+months\b", 2 / 365),
    (CYCLE_DAYS, None),
    (r"\b(?:of\s+)?(?:each|every)\s+21-day\s+cycle\b|\bevery\s+(?:3|three)\s+weeks\b", 1 / 21),
    (r"\b(?:of\s+)?(?:each|every)\s+28-day\s+cycle\b", 1 / 28),
    (r"\b(?:of\s+)?(?:each|every)\s+14-day\s+cycle\b", 1 / 14),
    (r"\b(?:in|into)\s+(?:2|two)\s+(?:(?:equal(?:ly)?|even(?:ly)?)\s+)?(?:divided\s+)?doses\b", 2),
    (r"\b(?:in|into)\s+(?:3|three)\s+(?:(?:equal(?:ly)?|even(?:ly)?)\s+)?(?:divided\s+)?doses\b", 3),
    (r"\b(?:in|into)\s+(?:4|four)\s+(?:(?:equal(?:ly)?|even(?:ly)?)\s+)?(?:divided\s+)?doses\b", 4),
    (r"\b(?:before|with|after)\s+breakfast\b(?!\s*(?:and|or|,))|\bat\s+bedtime\b(?!\s*(?:and|or))|"
     r"\bin\s+the\s+(?:morning|evening)\b(?!\s*(?:and|or))", 1),  # one meal or time of day: once a day
    (r"\bdaily\b|\ba\s+day\b|\bper\s+day\b", 1),
))
PARTNER_LEAD_IN = re.compile(  # case matters: the label's own product is capitalised, the partner named in lowercase
    r"\b[Ww]hen\s+(?:administered|given|used)\s+(?:with|in\s+combination\s+with)\s+[A-Z][A-Za-z0-9-]{2,}\b"
    r"[^.;]{0,40}?\b(?:dose|dosage)\s+of\s+[a-z]|"
    r"\b(?:dose|dosage)\s+of\s+[a-z][a-z-]{3,}\b[^.;]{0,80}?\b(?:when|if)\s+(?:administered|given|used)\s+"
    r"(?:with|in\s+combination\s+with)\s+[A-Z]")
REDUCE_TO = re.compile(rf"\b(?:reduce|decrease|lower)\b[^.;]{{0,50}}?\bto\s+(?:the\s+)?(?:next\s+lower\b|"
                       rf"(?:{NUMBER})\s*(?:{UNIT})\b)", re.IGNORECASE)
REDUCE_FROM_TO = re.compile(r"\b(?:reduce|decrease|lower)\w*\b[^.;]{0,60}?\bfrom\s+[^.;]{0,60}?\bto\s*$",
                            re.IGNORECASE)
REDUCTION = re.compile(
    r"\b(?:reduc|decreas|lower)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:dose|dosage)s?\s+(?:of\s+[\w-]+\s+)?by\s+"
    r"(\d{1,2}(?:\.\d+)?)\s*%|\b(\d{1,2}(?:\.\d+)?)\s*%\s+(?:dose|dosage)\s+reduction\b|"
    r"\b(?:dose|dosage)\b[^.;%]{0,60}?\bbe\s+(?:reduced|decreased|lowered)\s+by\s+(\d{1,2}(?:\.\d+)?)\s*%",
    re.IGNORECASE)
REDUCTION_ELSEWHERE = re.compile(r"\bgrade\b|toxicit|adverse|\bANC\b|platelet|neutrophil|inhibitor|inducer|"
                                 r"concomitant|co-?administ|\bcycles?\b|\bmissed\b|intoleran|\bif\s+needed\b",
                                 re.IGNORECASE)
EVERY_HOURS = re.compile(r"\bevery\s+(\d+(?:\.\d+)?)\s+(hours?|h|hrs?)\b", re.IGNORECASE)
DIVIDED = re.compile(r"\bdivided\b|\bin\s+(?:\d+|two|three|four)\s+(?:equal\s+)?doses\b", re.IGNORECASE)
ROUTES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bintravenous(?:ly)?\b|\bIV\b|\binfusion\b", "intravenous"),
    (r"\bsubcutaneous(?:ly)?\b|\bSC\b|\bSQ\b", "subcutaneous"),
    (r"\bintramuscular(?:ly)?\b|\bIM\b", "intramuscular"),
    (r"\borally\b|\bby\s+mouth\b|\boral\b|\bp\.?o\.?\b", "oral"),
    (r"\binhal(?:ed|ation)\b", "inhalation"),
    (r"\btopical(?:ly)?\b", "topical"),
))
DURATION = re.compile(rf"\bfor\s+(?:at\s+least\s+|up\s+to\s+)?(?:{NUMBER})(?:\s*(?:to|-|–)\s*(?:{NUMBER}))?\s+"
                      r"(?:days?|weeks?|months?)\b", re.IGNORECASE)
PEDIATRIC = re.compile(r"\bpediatric\b|\bpaediatric\b|\bchildren\b|\bchild\b(?![- ]?Pugh)|\binfants?\b|\bneonates?\b|"
                       r"\badolescents?\b|\bPediatrics\b", re.IGNORECASE)
ADULT = re.compile(r"\badults?\b", re.IGNORECASE)
GERIATRIC = re.compile(r"\bgeriatric\b|\belderly\b|\b(?:65|75)\s+years\s+(?:of\s+age\s+)?(?:and|or)\s+older\b",
                       re.IGNORECASE)
AGE_UNIT = r"(?P<unit>years?|months?|weeks?|days?)"
AGE_RANGE = re.compile(rf"\b(?:aged?s?\s+)?(?P<low>\d+(?:\.\d+)?)\s*(?P<lowunit>years?|months?|weeks?|days?)?\s*"
                       rf"(?:to|-|–|through|and)\s*(?:less\s+than\s+|under\s+|<\s*)?(?P<high>\d+(?:\.\d+)?)\s*{AGE_UNIT}"
                       rf"(?:\s+of\s+age|\s+old)?", re.IGNORECASE)
AGE_MIN = re.compile(rf"\b(?P<low>\d+(?:\.\d+)?)\s*{AGE_UNIT}\s*(?:of\s+age\s+)?(?:and|or)\s+(?:older|above)\b|"
                     rf"(?:\bat\s+least|≥|>=)\s*(?P<low2>\d+(?:\.\d+)?)\s*(?P<unit2>years?|months?)\s+(?:of\s+age|old)",
                     re.IGNORECASE)
AGE_MAX = re.compile(rf"(?:\byounger\s+than|(?:\baged?\s+)?(?:\bless\s+than|\bunder|<))\s*(?P<high>\d+(?:\.\d+)?)\s*"
                     rf"(?P<unit>years?|months?)(?:\s+of\s+age|\s+old)", re.IGNORECASE)
COMPARATOR = (r"(?P<cmp>less\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|less\s+than|greater\s+than|"
              r"more\s+than|at\s+least|below|above|under|over|up\s+to|≤|≥|<=|>=|<|>)")
WEIGHT = re.compile(rf"\bweigh(?:s|ing)?\s+{COMPARATOR}?\s*(?P<low>{NUMBER})\s*(?:kg|kilograms?)"
                    rf"(?:\s*(?:to|-|–|and\s+up\s+to)\s*(?:less\s+than\s+)?(?P<high>{NUMBER})\s*(?:kg|kilograms?))?"
                    rf"(?P<tail>\s+(?:or|and)\s+(?:more|greater|above|less|below))?|"
                    rf"\((?P<cmp2>≤|≥|<|>)\s*(?P<low2>{NUMBER})\s*kg\)", re.IGNORECASE)
RENAL = re.compile(
    rf"\b(?P<measure>CrCl|CLcr|CLer|creatinine\s+clearance|eGFR|estimated\s+glomerular\s+filtration\s+rate|GFR)"
    rf"(?:\s*\([^()]{{1,60}}\))?(?:\s+(?:is|of|between|from|values?))*\s*{COMPARATOR}?\s*(?P<low>{NUMBER})"
    rf"(?:\s*(?:mL/min\S*(?:\s*1\.73\s*m\s*2|\s*m2|m²)?))?(?:\s*(?:to|-|–|and)\s*(?:less\s+than\s+|<\s*)?"
    rf"(?P<high>{NUMBER}))?(?:\s*mL\s*/\s*min\S*)?"
    rf"(?P<tail>\s+or\s+(?:greater|more|above|higher|less|below|lower|fewer))?",
    re.IGNORECASE)
HEPATIC = re.compile(r"\b(?P<grade>mild|moderate|severe)(?:\s+(?:or|and|to)\s+(?P<grade2>mild|moderate|severe))?"
                     r"\s+hepatic\s+impairment|\bChild[- ]Pugh\s+(?:class(?:es)?\s+)?"
                     r"(?P<cls>[ABC](?:\s*(?:,\s*or|,\s*and|,|or|and|to)\s*[ABC]\b)*)\b", re.IGNORECASE)
TITLE_RUN = re.compile(r"^(?:[A-Z][\w'’-]*\s+(?:(?:for|in|of|with|and|the|to|on)\s+)?){3,}(?=[A-Z])")
HEADING_START = re.compile(r"^(?!(?:The|This|These|In|For|If|When|Each|After|Before|Do|Use|Take|Give)\b)"
                           r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
DOSING_HEADING = re.compile(r"^(?:Initial|Maintenance|Starting|Usual|Recommended|Maximum|Loading|Titration|Dose|"
                            r"Dosage|Dosing)\b", re.IGNORECASE)
LEADING_POPULATION = re.compile(
    r"^(?:\d+(?:\.\d+)*\s+)?(?:[A-Z][\w-]*\s+){0,6}?(?P<head>(?:Adults?|Adult(?:\s+[A-Z][\w-]*){0,2}\s+Patients|"
    r"Pediatric(?:\s+[A-Z][\w-]*){0,2}\s+Patients|Pediatrics|"
    r"Children|Geriatric\s+Patients|Elderly\s+Patients)\b[^.:]{0,60}?)(?:\s*[–-]?\s+(?=The\b|Adults\b|Patients\b)|\s*:)")
HEADING = re.compile(r"(?<![\d(\[])\b(?P<number>\d{1,2}\.\d{1,2})\s+(?P<words>(?:[A-Z][\w'’\-/]*)(?:\s+(?:[A-Z][\w'’\-/]*|and|in|of|with|for|or|the|to|on|a))*)")
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\d•])|(?<=\))\s+(?=\d{1,2}\.\d{1,2}\s+[A-Z])|\s+(?=●\s)|"
                          r"(?<=[a-z])\s+(?=\d{1,2}\.\d{1,2}\s+(?:Dosage|Dose|Dosing|Recommended|Administration|"
                          r"Patients|Use|Important|Preparation|Pediatric|Adult|Geriatric|Renal|Hepatic|Modification)\b)")
ABBREVIATIONS = re.compile(r"(?:\be\.g|\bi\.e|\bapprox|\bvs|\bNo|\bDr|\bFig|\bincl|\bsee|\bSect)\.$", re.IGNORECASE)
NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                           "thirteen fourteen fifteen sixteen seventeen eighteen".split())}
NUMBER_WORD = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})(\s+(?:years?|months?|weeks?)\s+(?:of\s+age|old|and|or))",
                         re.IGNORECASE)
BARE_ALTERNATIVE = re.compile(rf"(?<![\d.,/])({NUMBER})\s+or\s+({NUMBER})\s*((?:{UNIT})(?:/(?:kg|m2)(?:/day)?)?)\b")
IN_CHILDREN = re.compile(r"\b(?:in|for|to|among|by)\s+(?:\w+\s+){0,3}?(?:pediatric|paediatric|children|child|infants?|"
                         r"neonates?|adolescents?)\b|\b(?:pediatric|paediatric)\s+(?:use|patients?|population)\b",
                         re.IGNORECASE)
NO_CHANGE = re.compile(r"\bno\s+(?:dose|dosage|dosing)\s+(?:adjustment|modification|change)", re.IGNORECASE)
UNGRADED_HEPATIC = re.compile(r"\b(?:patients\s+with\s+(?:pre-?existing\s+)?|^\W*(?:\(\s*[\d.,\s]+\)\s*)?)hepatic\s+"
                              r"impairment\b", re.IGNORECASE)
UNGRADED_RENAL = re.compile(r"\brenal\s+(?:impairment|insufficiency|failure|disease)\b|\bdialysis\b|\bESRD\b",
                            re.IGNORECASE)
POPULATION_FRAGMENT = re.compile(r"^(?:Adults?|Adult\s+Patients|Pediatric\s+Patients|Children|Geriatric\s+Patients|"
                                 r"Elderly\s+Patients|Elderly)\b(?=[,.;:]|\s+(?:or|and)\b)")
CHILD_PUGH = {"A": "mild", "B": "moderate", "C": "severe"}


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Sentences with their character offsets in ``text`` (abbreviations and decimals do not end one)."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATIONS.search(text[max(0, match.start() - 8):match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [Sentence(text[a:b], a, b) for a, b in spans if text[a:b].strip()]


def parse_dosage_text(dosage: DosageText) -> list[DoseRule]:
    """Every rule the text states unambiguously, in text order."""
    rules: list[DoseRule] = []
    heading: str | None = None
    context: dict = {}
    for sentence in sentences(dosage.text):
        found = _last_heading(sentence.text)
        if found:
            heading, context = found, _heading_context(found)
        leading = _leading_population(sentence.text)
        title = TITLE_RUN.match(sentence.text)
        if leading:
            context = leading
        elif HEADING_START.match(sentence.text) and not title and not DOSING_HEADING.match(sentence.text):
            context = {}  # a new unnumbered heading ("Trigeminal Neuralgia …"): what was said above ends here
        elif title:  # an unnumbered heading about something else ("Recommendations for Use in Renal …")
            context = _heading_context(title.group(0))
        for number, draft in enumerate(_drafts(sentence.text, context)):
            rule_id = f"{dosage.id}#rule-{sentence.start}" + (f"-{number}" if number else "")
            indication = dosage.title if dosage.title and not _population_words(dosage.title) else None
            if indication is None and heading and not _population_words(heading) and not _generic_heading(heading):
                indication = heading
            rules.append(DoseRule(
                id=rule_id, dosage_text_id=dosage.id, document_id=dosage.document_id, version=dosage.version,
                set_id=dosage.set_id, drug_id=dosage.drug_id, sentence=sentence.text, start=sentence.start,
                end=sentence.end, indication=indication, disease_id=dosage.disease_id, **draft,
            ))
    return rules


def parse_sentence(text: str, context: dict | None = None) -> list[dict]:
    """The rule fields one sentence states (a list: alternatives give several; none when it is ambiguous);
    ``context``: the population fields of the heading above it."""
    return list(_drafts(text, context))


def population_of(text: str) -> dict:
    """The population fields a phrase states ("Pediatric Patients Aged 6 Years and Older" → pediatric, ≥ 6 y)."""
    return _population(_normalise(text))


def conditions_of(text: str) -> dict:
    """The renal range (and its measure) and hepatic classes a phrase states ("CLcr 15 to 29 mL/min")."""
    return _condition(_normalise(text))


def frequency_of(text: str) -> str | None:
    """The dosing frequency a phrase states, as written ("once daily", "every 24 hours"), or None."""
    found = _frequency(_normalise(text))
    return found["frequency"] if found else None


def _heading_context(heading: str) -> dict:
    """What a heading says about the sentences under it: their population, or that they are about renal or
    hepatic impairment ("2.4 Dosage in Patients with Hepatic Impairment" → any Child-Pugh class)."""
    context = _population(heading)
    if re.search(r"\bhepatic\b", heading, re.IGNORECASE):
        context["hepatic"] = tuple(_condition(heading).get("hepatic") or ("mild", "moderate", "severe"))
    if re.search(r"\brenal\b", heading, re.IGNORECASE):
        context["renal_section"] = True
    return context


def _leading_population(text: str) -> dict:
    """An unnumbered heading that names a population at the start of a sentence ("Adults The recommended …",
    "Pediatric Patients 12 years of age and older The …", "Pediatrics – The usual …")."""
    capitals = re.match(r"^(?:[A-Z]{2,}\s+){0,3}[A-Z]{2,}:", text)  # "PEDIATRIC PATIENTS: …"
    if capitals:
        text = capitals.group(0).title() + text[capitals.end():]
    match = LEADING_POPULATION.match(text)
    if match:
        return _population(match.group("head"))
    fragment = POPULATION_FRAGMENT.match(text)  # "Geriatric Patients, or in the presence of debilitating disease."
    if fragment and not QUANTITY.search(text) and len(text) < 100 and not AVOID_CUE.search(text):
        return _population(fragment.group(0))
    return {}


def _drafts(text: str, context: dict | None = None) -> Iterator[dict]:
    clean = _normalise(text)
    found = [q for q in QUANTITY.finditer(clean) if not _is_strength(clean, q)]
    quantities = [q for q in found if not _is_equivalent(clean, q, found) and not _other_substance(clean, q)]
    if PARTNER_LEAD_IN.search(clean):
        return  # "When given with KISQALI, the recommended dose of fulvestrant is 500 mg": the partner's dose
    if any(_named_after(clean, q) for q in quantities):
        return  # another product's amount is in the sentence: which amount is the drug's is not said
    context = dict(context or {})
    if context.pop("renal_section", False) and "renal" not in _condition(clean):
        return  # under a renal-impairment heading, a sentence without its CrCl/eGFR range cannot be placed
    reduction = _reduction(clean, context)
    if reduction is not None:
        yield reduction
        return
    if any(_is_threshold(clean, q) for q in quantities):
        return  # "if the total daily dose exceeds 250 mg", "20 units or less": a condition, not a dose
    if any(COUNTED.search(clean[max(0, q.start() - 30):q.start()]) for q in quantities):
        return  # "two 375 mg or 500 mg tablets": the dose is a multiple the sentence does not state
    condition = _condition(clean)
    own = _population(clean)
    if quantities and not condition and REDUCE_TO.search(clean):
        return  # "reduce NERLYNX to 120 mg": a dose-modification step, not a dose to start from
    if quantities and UNGRADED_RENAL.search(clean) and "renal" not in condition and not NO_CHANGE.search(clean) \
            and not own.get("population"):
        return  # "Renal impairment: reduce the dose to 10 mg": for patients the sentence gives no CrCl range for
    population = own if own.get("population") else {**(context or {}), **own}
    avoid = AVOID_CUE.search(clean)
    established = ESTABLISHED_CUE.search(clean)
    if established and not quantities and not avoid and not re.search(r"\bnot\b", established.group(0)) \
            and own.get("population") is DosePopulation.PEDIATRIC:
        yield {**own, "kind": DoseKind.ESTABLISHED}  # the label's word that its dosing serves these children too
        return
    if avoid and (condition or population.get("population")) and not quantities:
        if condition and not OCCASION.search(clean) and len(clean) < 350 and "%" not in clean:
            yield {**population, **condition, "kind": DoseKind.AVOID}
        elif own.get("population") is DosePopulation.PEDIATRIC and not OCCASION.search(clean) and len(clean) < 250 \
                and IN_CHILDREN.search(clean):
            yield {**own, "kind": DoseKind.AVOID}  # "not recommended in pediatric patients < 6 years of age"
        return
    if not quantities or len(quantities) > 4 or avoid:
        return
    maxima = _maxima(clean, quantities)
    doses = [q for q in quantities if q not in maxima]
    common = {**population, **condition, "route": _route(clean), "duration": _duration(clean)}
    if SKIP_CUES.search(clean):
        if TITRATION.search(clean) and not SKIP_CUES.search(TITRATION.sub(" ", clean)):
            yield from _maxima_only(clean, maxima, common)  # "increase … up to a maximum of 2550 mg daily"
        return
    if not doses:
        yield from _maxima_only(clean, maxima, common)
        return
    target = TITRATE_TO.search(clean, doses[0].end()) if len(doses) >= 2 else None
    if target and STARTING_CUE.search(clean[:doses[0].start()]) and target.end() <= doses[1].start() <= target.end() + 3:
        doses = doses[:1]  # "initiated at 25 mg daily and gradually increased, as tolerated, to approximately 100 mg"
        clauses: list[tuple[re.Match[str], str]] | None = [(doses[0], clean[:target.start()])]
    elif len(doses) == 2 and condition and REDUCE_FROM_TO.search(clean[:doses[1].start()]):
        doses = doses[1:]  # "Reduce the starting dose from 45 mg once daily to 30 mg once daily in … hepatic
        clauses = [(doses[0], clean[doses[0].start():])]  # impairment"
    elif len(doses) == 2 and _restated_in_doses(clean, *doses):
        doses = doses[1:]  # "6 grams per day, administered in divided doses of 3 grams twice daily": the doses
        clauses = [(doses[0], clean[doses[0].start():])]
    else:
        clauses = _clauses(clean, doses)
    if clauses is None:
        return
    limits: dict = {}
    for q in maxima:
        limit = _maximum(clean, q)
        if set(limit) & set(limits):
            return  # two maxima of one kind: which applies to what is not stated
        limits.update(limit)
    kind = DoseKind.STARTING if STARTING_CUE.search(clean) else DoseKind.DOSE
    tail = _before_limits(clean[doses[-1].end():])
    alternatives = all(re.search(r"\bor\b", clean[a.end():b.start()]) for a, b in zip(doses, doses[1:]))
    drafts: list[dict] = []
    initial_then = len(clauses) == 2 and INITIAL_THEN.search(clean)
    previous_end = None
    for number, (quantity, clause) in enumerate(clauses):
        own = _before_limits(clause.replace(quantity.group(0), " ", 1))
        loading = LOADING.match(own) or (initial_then and number == 0)  # "initial dose 840 mg …, followed by 420 mg"
        frequency = None if loading else _frequency(own) or (_frequency(tail) if alternatives else None)
        if frequency is None and not loading and initial_then and previous_end is not None:
            frequency = _frequency(clean[previous_end:quantity.start()])  # "followed every 3 weeks by 420 mg"
        previous_end = quantity.end()
        per_day = bool(quantity.group("day")) or _says_daily_total(clean, clause, quantity)
        if frequency and frequency.pop("bare", False):
            per_day, frequency = True, None  # "400 to 800 mg daily": a daily total, doses not stated
        divided = bool(DIVIDED.search(clause))
        if not per_day and frequency is None and not quantity.group("perdose") and not _says_single(clause) \
                and not loading:
            return  # an amount with no per-dose/per-day reading
        basis = DoseBasis.PER_DAY if per_day else DoseBasis.PER_DOSE
        draft = {**common, **limits, "kind": kind, "amount": _quantity(quantity), "basis": basis,
                 "divided": divided, **(frequency or {})}
        if draft not in drafts:
            drafts.append(draft)
    yield from drafts


def _reduction(text: str, context: dict) -> dict | None:
    """ "Reduce the once daily dose by 50% for patients with severe hepatic impairment (Child-Pugh C)": a share of
    the usual dose under a renal or hepatic condition (the sentence's, or the heading's); never under adverse
    reactions, interacting drugs or titration, and only one percentage."""
    found = list(REDUCTION.finditer(text))
    if len(found) != 1 or len(text) > 300:
        return None
    said = text[:found[0].end()] + text[found[0].end():].split(";")[0]  # the clause ("; monitor … for adverse
    # reactions" after it does not condition it)
    if REDUCTION_ELSEWHERE.search(said) or re.search(r"\bif\b|\bwhen\b", said, re.IGNORECASE):
        return None
    condition = _condition(text) or {k: v for k, v in context.items() if k in ("renal", "renal_measure", "hepatic")}
    if not condition.get("renal") and not condition.get("hepatic"):
        return None
    percent = float(next(p for p in found[0].groups() if p))
    if not 0 < percent < 100:
        return None
    population = _population(text) or {k: v for k, v in context.items() if k in ("population", "age_years")}
    return {**population, **condition, "kind": DoseKind.REDUCE, "reduction_percent": percent}


def _restated_in_doses(text: str, day: re.Match[str], dose: re.Match[str]) -> bool:
    """A daily amount restated as its doses: the second amount times its frequency is the first."""
    between = text[day.end():dose.start()]
    if not (day.group("day") or DAILY_WORDS.search(between)) or not DIVIDED.search(between + " doses"):
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
    return bool(word) and word.group(1) not in DOSING_WORDS and word.group(1) not in AFTER_AMOUNT_WORDS


def _other_substance(text: str, quantity: re.Match[str]) -> bool:
    """An amount of another product ("folic acid 400 mcg", "dexamethasone 4 mg", "with oxaliplatin 130 mg/m2",
    "docetaxel at 75 mg/m2", "sodium bicarbonate (3 to 7.5 g daily)"): a lowercase word that is no dosing word
    stands right before it (or before "at"/"(")."""
    before = text[max(0, quantity.start() - 60):quantity.start()]
    if re.search(r"[:—–]\s*$", before):
        return False  # "Children, 6 years of age and older: 30 to 50 mg/kg": a lead-in, not a product's name
    words = re.findall(r"[A-Za-z][\w-]*|\(", before)
    if not words:
        return False
    word = words[-1]
    if word in {"at", "(", "of"} and len(words) > 1:
        word = words[-2]
    return word.islower() and len(word) >= 4 and word.isalpha() and word not in DOSING_WORDS


def _is_threshold(text: str, quantity: re.Match[str]) -> bool:
    return bool(THRESHOLD_BEFORE.search(text[:quantity.start()]) or THRESHOLD_AFTER.match(text[quantity.end():]))


def _before_limits(text: str) -> str:
    cue = MAX_CUE.search(text)
    return text[:cue.start()] if cue else text


def _normalise(text: str) -> str:
    """Spacing quirks of flattened labels ("mg/m 2", "m 2", "mL/min/1.73 m 2") made regular; same length kept
    is not needed since rules quote the original sentence."""
    text = re.sub(r"\bm\s+2\b", "m2", text)
    text = ONE_UNIT.sub(r"\1", text)  # "one 1 mg tablet taken once a day" → "1 mg taken once a day"
    text = BARE_ALTERNATIVE.sub(r"\1 \3 or \2 \3", text)  # "10 or 20 mg" → "10 mg or 20 mg"
    text = NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m.group(1).lower()]) + m.group(2), text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def _is_strength(text: str, quantity: re.Match[str]) -> bool:
    after = text[quantity.end():quantity.end() + 40]
    before = text[max(0, quantity.start() - 25):quantity.start()]
    if STRENGTH_AFTER.match(after) and not quantity.group("scale"):
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
        if MAX_CUE.search(window) or (found and found[-1] is quantities[index - 1] and MAX_LIST.match(window)) or \
                (found and found[-1] is quantities[index - 1] and WHICHEVER.search(text[quantity.end():])):
            found.append(quantity)  # "a daily maximum of 3 mg/kg or 200 mg, whichever is smaller": both limits
    return found


def _maxima_only(text: str, maxima: list[re.Match[str]], common: dict) -> Iterator[dict]:
    """A maximum alone; several only when each names its own population ("2550 mg in adults and 2000 mg in
    pediatric patients (10 to 16 years of age)")."""
    if len(maxima) == 1:
        limit = _maximum(text, maxima[0])
        if limit:
            yield {**common, **limit, "kind": DoseKind.MAXIMUM}
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
    for window in (text[match.end():match.end() + 25], text[max(0, match.start() - 60):match.start()]):
        daily = bool(DAILY_WORDS.search(window))
        per_dose = bool(DOSE_WORDS.search(window))
        if daily != per_dose:
            return {"max_per_day": quantity} if daily else {"max_per_dose": quantity}
    return {}


def _clauses(text: str, doses: list[re.Match[str]]) -> list[tuple[re.Match[str], str]] | None:
    """Each dose amount with the part of the sentence that belongs to it; None when alternatives are not
    separated by "or"/";" (two amounts in one clause are ambiguous)."""
    if len(doses) == 1:
        return [(doses[0], text)]
    pieces = []
    for index, quantity in enumerate(doses):
        end = doses[index + 1].start() if index + 1 < len(doses) else len(text)
        between = text[quantity.end():end]
        if index + 1 < len(doses) and not ALTERNATIVES.search(between):
            return None
        pieces.append((quantity, text[quantity.start():end]))
    return pieces


def _frequency(clause: str) -> dict | None:
    every = EVERY_HOURS.search(clause)
    if every:
        hours = hours_for(float(every.group(1)), "hour")
        return {"interval_hours": hours, "doses_per_day": 24 / hours, "frequency": every.group(0)}
    for pattern, per_day in FREQUENCIES:
        match = pattern.search(clause)
        if match and per_day is None:  # "on Days 1 and 8 of a 21-day cycle": 2 doses in 21 days
            per_day = len(re.findall(r"\d+", match.group("days"))) / int(match.group("length"))
        if match:
            found = {"doses_per_day": per_day, "frequency": match.group(0),
                     "interval_hours": 24 / per_day if per_day >= 1 else None}
            return {**found, "bare": True} if pattern is FREQUENCIES[-1][0] else found
    return None


def _says_daily_total(text: str, clause: str, quantity: re.Match[str]) -> bool:
    """ "a total daily dose of 200 mg", "2000 mg daily in divided doses" """
    window = text[max(0, quantity.start() - 40):quantity.start()]
    if re.match(r"\s*(?:of\s+body\s+weight\s+)?(?:in\s+)?(?:each|a|per)\s+24[- ]hour(?:s|\s+period)?\b",
                text[quantity.end():], re.IGNORECASE):
        return True  # "40 to 60 mg/kg of body weight in each 24-hour period"
    return bool(re.search(r"\b(?:total\s+)?daily\s+dos(?:e|age)\b[^.;\d]*$", window, re.IGNORECASE)) or bool(
        DIVIDED.search(clause) and re.search(r"\bday\b|\bdaily\b", clause, re.IGNORECASE))


def _says_single(clause: str) -> bool:
    """An amount per dose whose number of doses a day is not fixed ("as a single dose", "with each meal")."""
    return bool(re.search(r"\bsingle\s+dose\b|\bas\s+a\s+single\b|\bone\s+time\b|\bonce\b|"
                          r"\bwith\s+each\s+(?:meal|feeding|snack)", clause, re.IGNORECASE))


def _route(text: str) -> str | None:
    found = {route for pattern, route in ROUTES if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def _duration(text: str) -> str | None:
    match = DURATION.search(text)
    return match.group(0)[4:] if match else None


def _population_words(text: str) -> set[DosePopulation]:
    found = set()
    if PEDIATRIC.search(text):
        found.add(DosePopulation.PEDIATRIC)
    if ADULT.search(text):
        found.add(DosePopulation.ADULT)
    if GERIATRIC.search(text):
        found.add(DosePopulation.GERIATRIC)
    return found


def _population(text: str) -> dict:
    words = _population_words(text)
    fields: dict = {}
    if len(words) == 1:
        fields["population"] = words.pop()
    age = _age(text)
    weight = _weight(text)
    if age:
        fields["age_years"] = age
    if weight:
        fields["weight_kg"] = weight
    return fields


def _age(text: str) -> NumericRange | None:
    match = next((m for m in AGE_RANGE.finditer(text) if not _interval_not_age(text, m)), None)
    if match and not re.match(r"\s*(?:mg|mcg|g|mL|kg)\b", text[match.end():], re.IGNORECASE):
        unit = match.group("unit")
        low_unit = match.group("lowunit") or unit
        return NumericRange(low=round(years_for(float(match.group("low")), _singular(low_unit)), 4),
                            high=round(years_for(float(match.group("high")), _singular(unit)), 4),
                            high_inclusive=not re.search(r"less\s+than|under|<", match.group(0), re.IGNORECASE))
    low = AGE_MIN.search(text)
    high = AGE_MAX.search(text)
    if not low and not high:
        return None
    low_value = None
    if low:
        number, unit = (low.group("low"), low.group("unit")) if low.group("low") else (low.group("low2"),
                                                                                        low.group("unit2"))
        low_value = round(years_for(float(number), _singular(unit)), 4)
    high_value = round(years_for(float(high.group("high")), _singular(high.group("unit"))), 4) if high else None
    return NumericRange(low=low_value, high=high_value, high_inclusive=False)


def _interval_not_age(text: str, match: re.Match[str]) -> bool:
    """ "every 4 to 7 days", "for 2 to 4 weeks": days and weeks are an age only when said so ("of age", "old")."""
    unit = match.group("unit").lower()
    return unit.startswith(("day", "week")) and not re.search(r"of\s+age|old", match.group(0) + text[
        match.end():match.end() + 8], re.IGNORECASE)


def _singular(unit: str) -> str:
    return unit.lower().rstrip("s")


def _weight(text: str) -> NumericRange | None:
    match = WEIGHT.search(text)
    if not match:
        return None
    if match.group("low2"):
        return _bound(match.group("cmp2"), float(match.group("low2")))
    low = float(match.group("low").replace(",", ""))
    if match.group("high"):
        return NumericRange(low=low, high=float(match.group("high").replace(",", "")),
                            high_inclusive="less than" not in match.group(0).lower())
    tail = (match.group("tail") or "").lower()
    if tail:
        return NumericRange(low=low) if any(w in tail for w in ("more", "greater", "above")) else NumericRange(high=low)
    return _bound(match.group("cmp"), low) if match.group("cmp") else None


def _bound(comparator: str | None, value: float) -> NumericRange | None:
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


def _condition(text: str) -> dict:
    fields: dict = {}
    renal = RENAL.search(text)
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
            bound = _bound(renal.group("cmp"), low)
        if bound is not None:
            fields.update(renal=bound, renal_measure=measure)
    grades = []
    for match in HEPATIC.finditer(text):
        grades += [g.lower() for g in (match.group("grade"), match.group("grade2")) if g]
        if match.group("cls"):
            grades += [CHILD_PUGH[letter] for letter in re.findall(r"[ABC]", match.group("cls").upper())]
    if grades:
        fields["hepatic"] = tuple(dict.fromkeys(grades))
    elif UNGRADED_HEPATIC.search(text):
        fields["hepatic"] = ("mild", "moderate", "severe")  # "in patients with hepatic impairment": any class
    return fields


def _last_heading(text: str) -> str | None:
    """The numbered subsection heading inside a sentence ("2.2 Dosage in Pediatric Patients Pediatric patients
    aged …" → "Dosage in Pediatric Patients"): its capitalised words, less the first word of the sentence."""
    found = None
    for match in HEADING.finditer(text):
        words = match.group("words").split()
        rest = text[match.end():].lstrip()
        if len(words) > 1 and rest[:1].islower():
            words = words[:-1]
        if words:
            found = " ".join(words)
    return found


def _generic_heading(heading: str) -> bool:
    return bool(re.search(r"\b(?:dosage|dosing|dose|administration|instructions|preparation|recommended|"
                          r"important|information|modifications?|impairment|monitoring|switching)\b",
                          heading, re.IGNORECASE))
