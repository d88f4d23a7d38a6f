"""The words and patterns of FDA label dosing text, shared by ``nlp.dose_rules`` (sentences) and ``nlp.dose_tables``
(table rows): amounts with units, frequencies, populations, renal and hepatic conditions, and the cues that mark a
sentence as no dose (titration, interactions, another product, modification steps, studies). Data only: no logic.
"""

from __future__ import annotations

import re

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNIT = r"micrograms?|milligrams?|grams?|mcg|µg|μg|mg|mEq|mmol|g|mL|units?|Units?|IU|GBq|MBq|mCi"
PER = r"(?:\s*/\s*|\s+per\s+)"
SCALE = (rf"(?:{PER}(?P<scale>kg|kilograms?|m\s?2|m²|m\^2|square\s+met(?:er|re)s?|sq\.?\s*m)"
         rf"(?:\s+(?:of\s+)?body\s+(?:weight|surface(?:\s+area)?))?)?")
DAY = rf"(?P<day>{PER}(?:day|night|24\s*hours?|d)\b)?"
DOSE_WORD = rf"(?P<perdose>{PER}(?:dose|administration)\b)?"
QUANTITY = re.compile(
    rf"(?<![\d.,/])(?P<low>{NUMBER})(?:\s*(?:{UNIT}))?(?:{SCALE.replace('scale', 'scale0')})?"
    rf"(?:{PER}(?:day|d)\b)?"
    rf"(?:\s*(?:-|–|to)\s*(?P<high>{NUMBER}))?\s*(?P<unit>{UNIT})\b{SCALE}{DAY}{DOSE_WORD}"
)
# dosage units counted ("one tablet", "two capsules", "1 actuation"): read only from a label that states no amount
# of drug (a combination product), with what one unit contains when the sentence says it
COUNT_FORM = (r"tablets?|caplets?|capsules?|packets?|sachets?|patch(?:es)?|suppositor(?:y|ies)|actuations?|"
              r"inhalations?|puffs?")
# a word between a count and its unit: a name or kind ("BIJUVA", "film-coated", "dasabuvir") or a strength ("250 mg",
# "30-mg", "90 mg/400 mg"); never a verb, article, number word or a unit that is not the drug ("inert", "placebo")
_UNIT_MOD = (r"(?:(?!(?:or|and|to|of|is|are|be|was|were|the|an?|with|in|on|at|by|for|as|per|each|every|daily|then|"
             r"take|taken|inert|placebo|active|missed|additional|extra|one|two|three|four|five|six|seven|eight|nine|"
             r"ten|more|less|up)\b)[A-Za-z][\w®.-]*|\d+(?:\.\d+)?\s*-?\s*(?:mg|mcg|µg|g)\b"
             r"(?:\s*/\s*\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g)\b)*)")
COUNT_WORDS = {"one-half": 0.5, "one half": 0.5, "half a": 0.5, "half of a": 0.5, "a single": 1.0,
               **{w: float(n) for n, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}}
COUNTED_UNITS = re.compile(
    rf"(?<![\d.,/-])\b(?P<n>one[- ]half|half\s+(?:of\s+)?a|a\s+single|one|two|three|four|five|six|seven|eight|nine|ten|"
    rf"\d+(?:\.\d+)?)\s+(?P<mods>(?:{_UNIT_MOD}\s+){{0,4}}?)(?P<form>{COUNT_FORM})\b"
    rf"(?:\s*\((?P<contents>[^()]*\d[^()]*)\))?", re.IGNORECASE)
# a count followed by the product's own name before its unit ("one isosorbide dinitrate and hydralazine
# hydrochloride tablet", "two (2) TREZIX™ (acetaminophen, caffeine, and dihydrocodeine bitartrate) capsules"): the
# name (and a parenthesis of names after it) dropped, so the count reads as "one tablet"
def count_then_name(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\d.,/-])\b(?P<n>one[- ]half|a\s+single|one|two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)"
        rf"(?:\s*\(\d{{1,2}}\))?\s+{re.escape(name)}\s*[™®]?(?:\s*\([^()\d]*\))?\s+(?=(?:{COUNT_FORM})\b)", re.IGNORECASE)


# the product's name with its unit, uncounted ("Isosorbide dinitrate and hydralazine hydrochloride tablets should be
# initiated at …"): the unit word dropped, so the sentence counts every unit it names
def name_then_unit(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?P<name>{re.escape(name)}\s*[™®]?)\s+(?:{COUNT_FORM})\b(?!\s*\()", re.IGNORECASE)


# a unit named in a sentence (the route "by oral inhalation" is none)
COUNT_FORM_WORD = re.compile(rf"\b(?:{COUNT_FORM.replace('inhalations?|', '')})\b", re.IGNORECASE)
# a parenthesis stating amounts ("(45 mg of dextromethorphan hydrobromide and 105 mg of bupropion hydrochloride)"):
# in a sentence dosed in units, what a unit contains
AMOUNTS_IN_PARENTHESIS = re.compile(rf"\((?P<contents>[^()]*(?:{NUMBER})\s*(?:mg|mcg|µg|g)\b[^()]*)\)")
# a sentence saying what one unit contains ("One tablet of VOSEVI contains 400 mg of sofosbuvir, 100 mg of …";
# "… a fixed-dose combination product containing 50 mg of elbasvir and 100 mg of grazoprevir in a single tablet")
_CONTENTS = r"(?:[^.;()]|\.(?=\d))*?\d(?:[^.;()]|\.(?=\d))*?"  # "0.5 mg of estradiol and 100 mg of …"
UNIT_CONTAINS = re.compile(
    rf"\b(?:one|each|a\s+single)\s+(?P<form>{COUNT_FORM})\b(?:\s+of\s+[A-Z][\w®-]*)?\s+contains\s+"
    rf"(?P<contents>{_CONTENTS})\s*(?:\.(?!\d)|;|$)|"
    rf"\bcontaining\s+(?P<contents2>{_CONTENTS})\s+in\s+(?:a\s+single|one|each)\s+(?P<form2>{COUNT_FORM})\b",
    re.IGNORECASE)
QUANTITY_OR_COUNT = re.compile(QUANTITY.pattern.replace(f"(?P<unit>{UNIT})", f"(?P<unit>{UNIT}|{COUNT_FORM})"))
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
    r"\bat\s+least\s+(?:two|2)\s+of\s+the\s+following\b|\bmaximum\s+tolerated\b|\bMTD\b|"
    r"\b(?:was|were)\s+(?:well\s+)?tolerated\b|"  # "A dose of 100 mg/day was tolerated in two patients …": experience
    r"\b(?:was|were)\s+treated\b|\bdose\s+levels\b|"  # "… were treated once daily … with one of two dose levels"
    # "Patients already taking naproxen 250 mg … twice daily may have their total daily dose replaced with NAPRELAN":
    # the dose of what the patient takes now, not this product's
    r"\balready\s+(?:taking|receiving|on)\b|\breplaced\s+(?:with|by)\b|"
    r"\b(?:at|with)\s+the\s+(?:high|mid|middle|highest)\s+dose\b|\bthe\s+high\s+dose\s+of\b|\b(?:dose|dosage)\s+was\b|"
    r"\b(?:in|of)\s+\d+\s+(?:\w+\s+)?(?:patients|subjects|children|adults|volunteers)\b|\b(?:monkeys?|rabbits?)\b|\bpremedicat|\bin\s+the\s+kit\b|\b(?:is|are)\s+based\s+on\s+(?:approximately|about)\b|\btitrated\s+to\b|\bswitch|\bconvert|%|\bnot\s+(?:been\s+)?(?:seen|studied|established|evaluated)\b|"
    r"\bdoses?\s+(?:above|below|greater|less|higher|lower|exceeding)\b|"
    r"\b(?:is|are|was|were)\s+(?:clearly\s+|also\s+)?effective\b|"  # "Doses of 5 mg twice a day are clearly effective"
    # experience, not advice ("based on experience with exemestane at repeated doses up to 200 mg daily"); how low a
    # dose may go on a lab value ("may be decreased to as low as 25 mcg per day if total serum calcium …"); doses for
    # an ancestry the patient context cannot state ("For patients of East-/Southeast-Asian ancestry with ITP and …",
    # not "… of East-/Southeast-Asian ancestry or those with … hepatic impairment")
    r"\bexperience\s+with\b|\bat\s+repeated\s+doses\b|\bas\s+low\s+as\b|"
    # a step before the drug ("Prior to initiating treatment with PERSERIS …, titrate with oral risperidone up to …")
    r"\bprior\s+to\s+(?:initiating|starting)\b|"
    r"\b(?:patients|those)\s+of\s+[^.;]{0,40}?\bancestry\b(?!\s+or\b)|"
    r"\b(?:was|were)\s+(?:administered|given|dosed)\b|\bpatients\s+ranging\b|(?<!\bhave\s)(?<!\bnot\s)\breceived\b|"
    r"\b(?:provided|supplied|available)\s+as\b|\bre-?administer|\bre-?initiat|\bresum|\brestart|"
    r"\b(?:CYP[\w/]*|P-?gp|UGT\w*|OATP\w*|BCRP|strong|moderate|potent|weak)\b[^.;]{0,40}?\binhibitors?\b|"
    r"\binducers?\b|\bthe\s+inhibitor\b|\binterrupt\w*|\bpatients\s+(?:currently\s+)?(?:taking|receiving|on)\s+"
    r"[A-Z][\w-]*\s+\d|\bconcomitant|\bconcurrent\b|(?<!\bbe\sadministered\s)\bconcurrently\b|\bco-?administ|"
    r"\bincrease\w*\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?:dose|dosage)\s+to\b|"
    r"\bdecrement|\bchanges\s+of\b|\bescalat|\brats?\b|\bmice\b|\bdogs?\b|\banimals?\b|\bjuvenile\b|\bmissed\b|\bif\s+a\s+dose\b|\bmay\s+require\b|(?<!over\sa\s)\bminimum\b|\bif\s+the\s+(?:total\s+)?(?:daily\s+)?dose\b",
    re.IGNORECASE,
)
# "The recommended dosage has not been established for …": no dose, one kind of advice against use below
NO_DOSE_ESTABLISHED = (r"\b(?:dosage|dose|dosing)\s+(?:has|have)\s+not\s+been\s+established\b|\bno\s+recommended\s+dos|"
                       r"\binsufficient\s+(?:information|data)\s+to\s+recommend\b")
AVOID_CUE = re.compile(
    r"\bnot\s+recommended\b|\bcontraindicated\b|"
    # "avoid" the drug, not an activity ("should avoid any activity or sport that may result in traumatic injury")
    r"\bavoid\b(?!\s+(?:any\s+|all\s+)?(?:activit|sport|contact|exposure|sun|alcohol|driving|situations|strenuous|"
    r"prolonged|excessive|becoming|trauma|injur))|\bdo\s+not\s+(?:use|administer|initiate|start)\b|"
    r"\bshould\s+not\s+be\s+(?:used|given|administered|initiated)\b|\bdiscontinue\b|"
    rf"{NO_DOSE_ESTABLISHED}|\bnot\s+for\s+use\s+in\b",
    re.IGNORECASE,
)
ESTABLISHED_CUE = re.compile(r"\b(?:safety|effectiveness|efficacy)\b(?:[^.]|\.(?=\d)){0,320}?\b(?:have|has)\s+been\s+"
                             r"established\b|"
                             # "VILTEPSO is indicated for the treatment of DMD in patients who …, including pediatric
                             # patients" (in Pediatric Use): the label's dosing serves them
                             r"\bindicated\b[^.]{0,220}?\bincluding\s+(?:pediatric|paediatric)\s+patients\b",
                             re.IGNORECASE)
# advice against a dosage form, not the drug ("The use of tablets for neonates, infants and children to the weight of
# 20 kg is not recommended": the powder is for them)
FORM_AVOIDED = re.compile(r"(?:\buse\s+of\s+(?:the\s+)?|^\W*(?:\w+\s+){0,3}?)(?:tablets?|capsules?|powder)\b"
                          r"[^.;]{0,120}?\bnot\s+recommended\b", re.IGNORECASE)
# an alternative for other patients than the sentence's band ("… for patients weighing less than 20 kg is 450-600
# mg/kg/day, or 9.9-13.0 g/m2/day in larger patients")
OTHER_BAND = re.compile(r"\b(?:in|for)\s+(?:larger|heavier|bigger|older|smaller|younger|lighter)\s+"
                        r"(?:patients|children|adults)\b", re.IGNORECASE)
# children of the rule's ages are dosed as adults ("… in pediatric patients 12 years or greater is the same as in adults")
AS_ADULTS = re.compile(r"\b(?:dose|dosage|dosing|regimen)\b[^.]{0,120}?\bsame\s+as\s+(?:(?:that\s+)?(?:in|for|of)\s+)?"
                       r"(?:the\s+)?adults?\b", re.IGNORECASE)
MAX_CUE = re.compile(
    r"\bmaximum\b|\badjust\w*\b[^.;\d]{0,50}\bup\s+to\b|\bnot\s+(?:to\s+)?exceed|\bexceed(?:ing)?\b|\bno\s+more\s+than\b|\bmax\b|\bup\s+to\s+a\s+total",
    re.IGNORECASE,
)
# the dose a limit's cue speaks of, just before it: "the daily dose of Darifenacin should not exceed 7.5 mg"
LIMITED_DOSE = re.compile(r"\b(?P<which>daily|single)\s+(?:dose|dosage)\s+(?:of\s+(?:the\s+)?[\w-]+\s+)?(?:should|must|shall)\s+$",
                          re.IGNORECASE)
MAX_LIST = re.compile(r"^\s*(?:(?:in|for)\s[^.;\d]{0,60}\b|\([^()]{1,40}\)\s*|(?:\([^()]{1,40}\)\s*)?(?:in|for)\s+"
                      r"(?:patients|children|adults|adolescents)\s+(?:aged\s+)?\d{1,2}\s*(?:to|-|–)\s*\d{1,2}\s+"
                      r"(?:years?|months?)(?:\s+of\s+age)?\s*,?\s*)(?:and|or)\s*$", re.IGNORECASE)
THRESHOLD_BEFORE = re.compile(r"(?:(?<!not )(?<!not to )(?<!should not )\bexceeds?|\babove|\bbelow|\bgreater\s+than|\bless\s+than|(?<!^no )\bmore\s+than|"
                              r"\bover|\bunder|\brequirements?\s+(?:is|of))\s*$", re.IGNORECASE)
# "20 units or less" (a threshold); "10 mg per day less than the dose at which the adverse reaction occurred" (a
# difference between doses)
THRESHOLD_AFTER = re.compile(r"^\s*(?:or\s+(?:less|more|greater|fewer|lower|higher|above|below)\b|"
                             r"(?:less|more|lower|higher|fewer|greater)\s+than\s+(?:the|a|that|your)\b)", re.IGNORECASE)
ALTERNATIVES = re.compile(r"\bor\b|;|•|\bfollowed\b[^.;]{0,40}?\bby\b|\bthen\b|,\s+and\b|\band\s+(?=\d)",
                          re.IGNORECASE)
# a list item's indication right before its dose ("… once daily Renal cell carcinoma: 10 mg orally once daily")
LISTED_INDICATION = re.compile(r"(?:^|[\s:])(?P<name>[A-Z][a-z]+(?:\s+[a-z]+){0,3}|[A-Z]{2,6})\s*:\s*$")
# the indication a dose of a list names after it ("400 mg/day for adult patients in chronic phase CML and 600 mg/day
# for adult patients in accelerated phase or blast crisis")
FOLLOWED_INDICATION = re.compile(r"^\s*(?:(?:orally|once|twice|daily|a|per|day)\s+){0,3}for\s+(?:the\s+treatment\s+of\s+)?"
                                 r"(?:(?:adult|pediatric|elderly)\s+)?patients\s+(?:in|with)\s+(?P<name>[^,;()]+?)"
                                 r"\s*(?:,?\s+and|[,;.])?\s*$", re.IGNORECASE)
# "Following oral titration, and based on clinical response and tolerability, the recommended dosage of PERSERIS
# is 90 mg once monthly": the dose once another form's titration is done, not a titration step
AFTER_TITRATION = re.compile(r"^\W*following\s+(?:\w+\s+){0,2}titration(?:\s+with\s+[^,.;]{1,60})?,\s*"
                             r"(?:and\s+based\s+on\s+[^,.;]{1,80},\s*)?", re.IGNORECASE)
# "on Days 8 through 14 to 1 mg once daily, and on Day 15 to 2 mg": a day (or days) before "to" and an amount
DAY_THEN_AMOUNT = re.compile(r"(\b(?:days?|weeks?)\s+\d+(?:\s*(?:through|to|-|–)\s*\d+)?)(?=\s+to\s+\d)", re.IGNORECASE)
# a highlights line's maximum for one indication ("Bipolar Depression: Maximum recommended daily dosage is 3 mg")
NAMED_MAXIMUM = re.compile(r"(?:^|[\s)])(?P<name>[A-Z][A-Za-z-]+(?:\s+[A-Za-z-]+){0,5}):\s+(?:[Tt]he\s+)?[Mm]aximum\b[^:]*$")
# heading words that name no indication ("Adverse Reactions", "Drug Interactions Strong CYP3A Inhibitors", "CYP2C9
# Genotypes", "Monitor everolimus Concentrations", "Phenylbutyrate-Naïve Patients")
HEADING_NOT_INDICATION = re.compile(r"\badverse\b|\binteractions?\b|\binhibitors?\b|\binducers?\b|\bgenotypes?\b|"
                                    r"\bmetaboli[sz]ers?\b|\bmonitor|\bconcentrations?\b|\bmissed\b|\bselection\b|"
                                    r"\bpatients?\b|\bswitch|\bconver|^(?:acute|chronic)(?:\s+or\s+chronic)?\s*$",
                                    re.IGNORECASE)
# a highlights paragraph's indication lead-in ("Chronic Liver Disease : Dose DOPTELET based upon …")
INDICATION_LEAD = re.compile(r"^(?:\(\s*[\d.,\s]+\)\s*)?(?P<name>[A-Z][A-Za-z-]+(?:\s+[A-Za-z-]+){0,5})\s+:\s+(?=[A-Z])")
# an unnumbered indication heading run into its first sentence ("HRR Gene-mutated mCRPC The recommended dosage of
# TALZENNA for patients with moderate renal impairment …", under a renal-impairment heading)
INDICATION_TITLE_LEAD = re.compile(r"^(?P<name>(?:[A-Z]|[a-z]{1,2}[A-Z])[\w-]*(?:\s+(?:(?:[A-Z]|[a-z]{1,2}[A-Z])[\w-]*|"
                                   r"[a-z]+-[a-z]+|or|and|of|to)){1,8})\s+(?=The\s+recommended\s+(?:dose|dosage)\b)")
# a list item's indications before a colon and its dose ("Recent MI, recent stroke, or established peripheral
# arterial disease: 75 mg once daily orally without a loading dose"): this sentence's indication only
INDICATION_COLON_LEAD = re.compile(r"^(?:\(\s*[\d.,\s]+\)\s*)?(?P<name>[A-Z][\w-]*(?:,?\s+[\w-]+){0,11}):\s+(?=\d)")
# a highlights bullet's indication before a colon and its sub-bullet's dose ("• Prophylaxis of DVT following hip or
# knee replacement surgery: o The recommended dose is 2.5 mg orally twice daily"): the sentence's last bullet
INDICATION_BULLET_LEAD = re.compile(r"•\s*(?P<name>[A-Z][\w-]*(?:,?\s+[\w-]+){0,13}):\s+(?:o\s+)?"
                                    r"(?=The\s+recommended\s+(?:starting\s+|initial\s+)?(?:dose|dosage)\b)")
# a highlights lead-in naming whom the doses after it are for ("Recommended starting dosage for pediatric patients 20
# to 30 kg ( 2.2 ): • Capsules: 300 mg twice daily"), capitalised as a lead-in is
DOSAGE_FOR_LEAD = re.compile(r"\bRecommended\s+(?:starting\s+|initial\s+|maintenance\s+)?(?:dose|dosage)\s+(?:for|in)\s+"
                             r"(?:adults?|pediatric|children|patients|adolescents|infants)\b|"
                             # a flattened list's next band ("… – 4 tablets Patients weighing between 45–54 kg – 5 …")
                             r"\b(?:Patients|Children|Adults)\s+weighing\b")
# heading words about the kidneys' or liver's function, less a disease of the organ ("(TSC)-Associated Renal
# Angiomyolipoma", "Renal Cell Carcinoma (RCC)"), which is an indication
ORGAN_WORDS = re.compile(r"\b(?:renal|kidney|hepatic|liver)\b", re.IGNORECASE)
ORGAN_DISEASE = re.compile(r"\b(?:renal|hepatic|hepatocellular)\s+(?:angiomyolipoma|cell\s+carcinoma|carcinoma|"
                           r"cancer|tumou?rs?|cysts?|transplant\w*)", re.IGNORECASE)
# a heading that ends in its dosing words, the indication before them ("Anorexia Associated with Weight Loss in Adult
# Patients with AIDS Starting Dosage"), unless what is before is a stage of dosing ("Initial and Maintenance Dosing")
DOSING_TAIL = re.compile(r"^(?P<what>.+?)\s+(?:(?:recommended|starting|initial|usual)\s+)?(?:dosage|dose|dosing)\b"
                         r"(?:\s+(?:and\s+administration|adjustments?|modifications?|regimens?))?$", re.IGNORECASE)
DOSING_STAGE = re.compile(r"\b(?:initial|maintenance|usual|individuali[sz]ation|titration|general|overview|"
                          r"missed|switching|loading)\b", re.IGNORECASE)
# a heading that names its patients first, then what they have ("Adult Patients With Metastatic and/or Unresectable
# GIST", "Pediatric Patients With Ph+ CML CP")
PATIENTS_WITH = re.compile(r"^(?:(?:adult|adults|pediatric|paediatric|geriatric|elderly|older)\s+)?"
                           r"(?:patients|children|adults)(?:\s+(?:aged\s+)?\d[^,;:]{0,40}?)?\s+with\s+(?P<what>.+)$",
                           re.IGNORECASE)  # "… Patients 10 Years of Age and Older with HeFH"
# where a heading's patients begin ("Alagille Syndrome (ALGS) in Patients Aged 12 Months and Older")
IN_PATIENTS = re.compile(r"\b(?:in|for)\s+patients\b", re.IGNORECASE)
# connecting words a heading ran on into ("Colorectal Cancer (CRC) As …")
TRAILING_WORD = re.compile(r"(?:\s+(?:as|for|in|of|and|or|the|to|with|on|a))+$", re.IGNORECASE)
# every grade named at once ("… 1 mg daily for all patients with type 2 diabetes and renal impairment"; not "IMs and
# PMs Avoid CERDELGA in patients with any degree of renal impairment", which is for some patients only)
ALL_RENAL_IMPAIRMENT = re.compile(r"\ball\s+patients\s+with\s+(?:[^.;,]{0,60}?\s+and\s+)?(?:renal|kidney)\s+"
                                  r"(?:impairment|insufficiency)\b", re.IGNORECASE)
# an impairment heading that goes on with the indication it is for ("Recommended Dosage in Patients with Renal
# Impairment gBRCAm HER2-negative Locally Advanced or Metastatic Breast Cancer")
IMPAIRMENT_THEN_INDICATION = re.compile(r"\b(?:renal|hepatic)\s+impairment\s+(?P<what>[A-Za-z][\w -]{5,})$",
                                        re.IGNORECASE)
FOLLOWED_BY = re.compile(r"\bfollowed\s+by\b", re.IGNORECASE)
INITIAL_THEN = re.compile(r"\b(?:initial|loading|first)\b[^.;]{0,30}\b(?:dose|dosage|infusion)\b[^.;]*\bfollowed\b",
                          re.IGNORECASE)
TITRATE_TO = re.compile(r"(?:\b(?:gradually\s+)?increase[sd]?\b[^.;]{0,60}?|\btitrate\s+(?:up\s+)?|"
                        r"\b(?:gradual\s+)?increments?\s+(?:up\s+)?)\bto\s+"
                        r"(?:approximately\s+|about\s+|a\s+)?|"
                        r"\bwith\s+a\s+target\s+dose\s+of\s+",  # "initiated at 2 mg/day with a target dose of 5 mg/day"
                        re.IGNORECASE)
# iloperidone: "Dose increases to reach the target range of 6-12 mg twice daily (12_24 mg/day) may be made with daily
# dosage adjustments not to exceed 2 mg twice daily (4 mg/day)": the target is a dose; the steps' limit is not a maximum
TARGET_RANGE = re.compile(rf"\bto\s+reach\s+(?:the|a)\s+target\s+(?:dose\s+|dosage\s+)?range\s+of\s+"
                          rf"(?P<dose>(?:{NUMBER})\s*(?:-|–|to)\s*(?:{NUMBER})\s*(?:mg|mcg|g)\b[^(.;,]{{0,30}}?)(?=\s*[(.;,]|\s+may\b|$)",
                          re.IGNORECASE)
WHICHEVER = re.compile(r"\bwhichever\s+is\b", re.IGNORECASE)
WHICHEVER_LESS = re.compile(r"\bwhichever\s+is\s+(?:smaller|less|lower|least)\b", re.IGNORECASE)
ONE_UNIT = re.compile(r"\b(?:one|a\s+single)\s+(\d+(?:\.\d+)?\s*(?:mg|mcg|g))\s+(?-i:[a-z][a-z-]+\s+)?(?:tablet|capsule|packet|vial)\b",
                      re.IGNORECASE)
# "1 tablet (equivalent to 15 mg base)": one unit restated as its amount
ONE_UNIT_OF = re.compile(r"\b(?:1|one)\s+(?:tablet|capsule|packet)\s*\((?:equivalent\s+to\s+|containing\s+)?"
                         r"(\d+(?:\.\d+)?\s*(?:mg|mcg|g))(?:\s+(?:of\s+)?(?:base|salt))?\)", re.IGNORECASE)
# a sentence that says how often, with no amount ("INDERAL XL should be administered once daily at bedtime")
FREQUENCY_ONLY = re.compile(r"\b(?:should|must|is|are|to)\s+be\s+(?:administered|given|taken|dosed)\b", re.IGNORECASE)
COUNTED = re.compile(r"\b(?:two|three|four|five|six|one-half|half)\s+(?:[A-Z][\w®]*\s+)?$", re.IGNORECASE)
# "2 inhalations of SPIRIVA RESPIMAT 1.25 mcg": the dose is twice the amount named
COUNTED_OF = re.compile(rf"\b(?:[2-9]|two|three|four|five|six)\s+(?:{COUNT_FORM})\s+of\s+(?:[\w®-]+\s+){{0,3}}$",
                        re.IGNORECASE)
# "500 mg … as two 5 mL injections", "1,000 mg given as two 500 mg tablets": how a dose stated before is given
AS_COUNTED = re.compile(r"\b(?:as|in)\s+(?:two|three|four|five|six)\s+(?:[A-Z][\w®]*\s+)?$", re.IGNORECASE)
DAILY_WORDS = re.compile(r"\bdaily\b|\bper\s+day\b|\ba\s+day\b|\b24\s*hours\b|/\s*day\b", re.IGNORECASE)
# "No more than ten capsules should be taken in a 24-hour period": a limit per day said after the verb
IN_24_HOURS = re.compile(r"^[^.;,]{0,45}?\b(?:in|within|during)\s+(?:a\s+|any\s+|one\s+)?24[\s-]*hours?(?:\s+period)?\b",
                         re.IGNORECASE)
DOSE_WORDS = re.compile(r"\bsingle\b(?![\s-]+agents?\b)|\bper\s+dose\b|\bper\s+infusion\b|\beach\s+dose\b", re.IGNORECASE)
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
STARTING_CUE = re.compile(r"\b(?:starting|initial|initially|initiat\w*|start)\b", re.IGNORECASE)
CYCLE_DAYS = (r"\bon\s+days?\s+(?P<days>\d{1,2}(?:\s*(?:,|and|,\s*and)\s*\d{1,2})*)\s+(?:of\s+)?(?:each|every|a)\s+"
              r"(?P<length>\d{1,2})-day\s+(?:treatment\s+)?cycle\b")
FREQUENCIES: tuple[tuple[re.Pattern[str], float | None], ...] = tuple((re.compile(p, re.IGNORECASE), n) for p, n in (
    # a bedtime dose besides ("250 mg to 350 mg three times a day and at bedtime": four doses)
    (r"\b(?:three|3)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\s+and\s+at\s+bedtime\b", 4),
    (r"\b(?:twice|two\s+times|2\s+times)\s+(?:a\s+|per\s+)?(?:daily|day)\s+and\s+at\s+bedtime\b", 3),
    (r"\b(?:four|4)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\s+and\s+at\s+bedtime\b", 5),
    (r"\bonce\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bonce-daily\b|\bq\.?d\.?\b|\bevery\s+day\b|\bevery\s+24\s+hours\b|"
     r"\bsingle\s+daily\s+dose\b", 1),
    (r"\btwice\s+(?:a\s+|per\s+)?(?:daily|day)\b|\btwo\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bb\.?i\.?d\.?\b|"
     r"\bevery\s+12\s+hours\b|\bq12h\b|\b2\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b", 2),
    (r"\b(?:three|3)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bt\.?i\.?d\.?\b|\bevery\s+8\s+hours\b|\bq8h\b", 3),
    (r"\b(?:four|4)\s+times\s+(?:a\s+|per\s+)?(?:daily|day)\b|\bq\.?i\.?d\.?\b|\bevery\s+6\s+hours\b|\bq6h\b", 4),
    (r"\bevery\s+4\s+hours\b|\bq4h\b", 6),
    (r"\bevery\s+other\s+day\b|\bevery\s+48\s+hours\b", 0.5),
    (r"\b(?:twice|two\s+times|2\s+times)\s+(?:(?:a|per|each)\s+week|weekly)\b", 2 / 7),
    (r"\b(?:(?:three|3)\s+times|thrice)\s+(?:(?:a|per|each)\s+week|weekly)\b", 3 / 7),
    (r"\bonce\s+(?:a\s+)?week(?:ly)?\b|\bevery\s+week\b|\bweekly\b|\bevery\s+7\s+days\b", 1 / 7),
    (r"\bevery\s+(?:2|two)\s+weeks\b|\bevery\s+14\s+days\b|\bevery\s+other\s+week\b", 1 / 14),
    (r"\bevery\s+(?:3|three)\s+weeks\b|\bevery\s+21\s+days\b", 1 / 21),
    (r"\bevery\s+(?:4|four)\s+weeks\b|\bevery\s+28\s+days\b", 1 / 28),
    (r"\bevery\s+(?:6|six)\s+weeks\b|\bevery\s+42\s+days\b", 1 / 42),
    (r"\bevery\s+(?:8|eight)\s+weeks\b|\bevery\s+56\s+days\b", 1 / 56),
    (r"\bevery\s+(?:12|twelve)\s+weeks\b|\bevery\s+84\s+days\b", 1 / 84),
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
     r"\bin\s+the\s+(?:morning|evening)\b(?!\s*(?:and|or))|\b(?:each|every)\s+(?:morning|evening|night)\b"
     r"(?!\s*(?:and|or))|\b(?:once\s+)?nightly\b", 1),  # one meal or time of day: once a day
    (r"(?<!doses )(?:\bdaily\b|\ba\s+day\b|\bper\s+day\b)", 1),
))
PARTNER_LEAD_IN = re.compile(  # case matters: the label's own product is capitalised, the partner named in lowercase
    r"\b[Ww]hen\s+(?:administered|given|used)\s+(?:with|in\s+combination\s+with)\s+[A-Z][A-Za-z0-9-]{2,}\b"
    r"[^.;]{0,40}?\b(?:dose|dosage)\s+of\s+[a-z]|"
    r"\b(?:dose|dosage)\s+of\s+[a-z][a-z-]{3,}\b[^.;]{0,80}?\b(?:when|if)\s+(?:administered|given|used)\s+"
    r"(?:with|in\s+combination\s+with)\s+[A-Z]")
# "Round all total daily doses to nearest 25 mg increment", "230 mg/m2 orally twice daily, rounded to the nearest
# 50 mg dose", "Round dose to the nearest 5 mg increment"; not "round up", "rounded down", "nearest multiple of"
ROUND_TO_NEAREST = re.compile(
    rf"(?:(?P<before>\bdaily\s+(?:dose|doses|dosage|dosages))\s+)?\bround(?:ed|ing)?\s+(?!up\b|down\b)"
    rf"(?:(?:all|the|each)\s+)*(?P<what>(?:total\s+)?(?:daily\s+)?"
    rf"(?:recommended\s+)?(?:dose|doses|dosage|dosages)\s+(?:for\s+patients\s+)?)?to\s+(?:the\s+)?nearest\s+"
    rf"(?:multiple\s+of\s+(?:the\s+)?)?(?P<step>{NUMBER})\s*(?P<unit>mg|mcg|g|mL)\b"
    rf"(?:\s+(?:increments?|doses?|dosage\s+strength))?", re.IGNORECASE)
REDUCE_TO = re.compile(rf"\b(?:(?:reduc|decreas)(?:e|es|ed)|lower(?:s|ed)?|(?:reduc|decreas|lower)ing\s+(?:the\s+)?"
                       rf"(?:[\w-]+\s+)?(?:dose|dosage))\b[^.;]{{0,50}}?\bto\s+(?:the\s+)?"
                       rf"(?:as\s+(?:little|low)\s+as\s+)?"
                       rf"(?:next\s+lower\b|(?:{NUMBER})\s*(?:{UNIT}|{COUNT_FORM})\b)|"
                       rf"\b(?:dose|dosage)\s+reductions?\s+(?:is|are|of|level|to\s+(?:{NUMBER}))\b", re.IGNORECASE)
REDUCE_FROM_TO = re.compile(r"\b(?:reduce|decrease|lower)\w*\b[^.;]{0,60}?\bfrom\s+[^.;]{0,60}?\bto\s*$",
                            re.IGNORECASE)
# "(i.e., from 180 mg to 90 mg, 120 mg to 90 mg, or from 90 mg to 60 mg)": a reduction's steps, each usual dose and
# the dose it is lowered to
STEP_DOWN = re.compile(rf"(?:\bfrom\s+)?(?P<high>{NUMBER})\s*(?P<unit>{UNIT})\s+to\s+(?P<low>{NUMBER})\s*(?P<unit2>{UNIT})\b",
                       re.IGNORECASE)
REDUCTION = re.compile(
    r"\b(?:reduc|decreas|lower)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:dose|dosage)s?\s+(?:of\s+[\w-]+\s+)?by\s+"
    r"(?:approximately\s+|about\s+)?(\d{1,2}(?:\.\d+)?)\s*%|\b(\d{1,2}(?:\.\d+)?)\s*%\s+(?:dose|dosage)\s+reduction\b|"
    r"\b(?:dose|dosage)\b[^.;%]{0,60}?\bbe\s+(?:reduced|decreased|lowered)\s+by\s+(\d{1,2}(?:\.\d+)?)\s*%|"
    # imatinib: "should receive a 50% decrease in the recommended starting dose"
    r"\b(\d{1,2}(?:\.\d+)?)\s*%\s+(?:decrease|reduction)\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:dose|dosage)\b",
    re.IGNORECASE)
# "reduce initial daily dose by one-half", "reduce the ZYKADIA dose by approximately one-third"
REDUCTION_FRACTION = re.compile(
    r"\b(?:reduc|decreas|lower)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:dose|dosage)s?\s+(?:of\s+[\w-]+\s+)?by\s+"
    r"(?:approximately\s+|about\s+)?(?P<fraction>one[- ]half|half|one[- ]third|a\s+third)\b", re.IGNORECASE)
# abemaciclib: "For patients with severe hepatic impairment (Child Pugh-C), reduce the VERZENIO dosing frequency to
# once daily": the same amount, fewer times a day
FREQUENCY_REDUCTION = re.compile(r"\b(?:reduc|decreas|lower)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:dosing|dose|dosage)\s+"
                                 r"frequency\s+to\s+(?P<times>once|twice)\s+(?:daily|a\s+day)\b", re.IGNORECASE)
# sodium oxybate: "The recommended starting dosage in patients with hepatic impairment is one-half of the original
# dosage per night"
REDUCTION_SHARE = re.compile(
    r"\b(?:dose|dosage)\b[^.;]{0,80}?\bis\s+(?P<fraction>one[- ]half|half)\s+(?:of\s+)?the\s+"
    r"(?:original|usual|normal|recommended)\s+(?:daily\s+)?(?:dose|dosage)\b", re.IGNORECASE)
FRACTION_PERCENT = {"half": 50.0, "third": 100 / 3}
REDUCTION_ELSEWHERE = re.compile(r"\bgrade\b|toxicit|adverse|\bANC\b|platelet|neutrophil|inhibitor|inducer|"
                                 r"concomitant|co-?administ|\bcycles?\b|\bmissed\b|intoleran|\bif\s+needed\b",
                                 re.IGNORECASE)
EVERY_HOURS = re.compile(r"\bevery\s+(\d+(?:\.\d+)?)\s+(hours?|h|hrs?)\b", re.IGNORECASE)
# "every 4 to 6 hours (as needed)", "every 2 to 4 hours … for a total of 4 to 6 doses per day": a dose whose number
# a day is not fixed
EVERY_HOURS_RANGE = re.compile(rf"\bevery\s+(?:{NUMBER})\s*(?:to|-|–|or)\s*(?:{NUMBER})\s+(?:hours?|h|hrs?)\b",
                               re.IGNORECASE)
DIVIDED = re.compile(r"\bdivided\b(?!\s+(?:into\s+)?(?:two\s+)?(?:equal\s+)?halves|\s+in\s+half)|\bin\s+(?:\d+|two|three|four)\s+(?:equal\s+)?doses\b", re.IGNORECASE)
ROUTES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bintraventricular(?:ly)?\b", "intraventricular"),
    (r"\bintrathecal(?:ly)?\b", "intrathecal"),
    (r"\bintravitreal(?:ly)?\b", "intravitreal"),
    (r"\bintravenous(?:ly)?\b|\bIV\b|(?<!intraventricular\s)(?<!intrathecal\s)(?<!subcutaneous\s)\binfusion\b",
     "intravenous"),
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
AGE_RANGE = re.compile(rf"(?:\b(?:aged?s?\s+)?(?P<above>(?:>|≥|>=|\bgreater\s+than|\bolder\s+than)\s*)?|"
                       rf"(?<![\d.])(?P<above2>(?:>|≥|>=)\s*))"
                       rf"(?P<low>\d+(?:\.\d+)?)\s*(?P<lowunit>years?|months?|weeks?|days?)?\s*"
                       rf"(?:to|-|–|through|and)\s*(?P<upto>less\s+than\s+(?:or\s+equal\s+to\s+)?|under\s+|<=?\s*|≤\s*)?"
                       rf"(?P<high>\d+(?:\.\d+)?)\s*{AGE_UNIT}"
                       rf"(?:\s+of\s+age|\s+old)?", re.IGNORECASE)
AGE_MIN = re.compile(rf"\b(?P<low>\d+(?:\.\d+)?)\s*{AGE_UNIT}\s*(?:of\s+age\s+)?(?:and|or)\s+(?:older|above|greater)\b|"
                     rf"(?:\bat\s+least|≥|>=)\s*(?P<low2>\d+(?:\.\d+)?)\s*(?P<unit2>years?|months?)\s+(?:of\s+age|old)|"
                     # "Pediatric Patients Older than 6 Months", "Pediatric patients > 6 months" (a table's key)
                     rf"(?:\bolder\s+than|\b(?:patients|children|infants)\s*(?:>|≥|>=))\s*(?P<low3>\d+(?:\.\d+)?)\s*"
                     rf"(?P<unit3>years?|months?)\b",
                     re.IGNORECASE)
AGE_MAX = re.compile(rf"(?:\byounger\s+than|(?:\baged?\s+)?(?:\bless\s+than|\bunder|<))\s*(?P<high>\d+(?:\.\d+)?)\s*"
                     rf"(?P<unit>years?|months?)(?:\s+of\s+age|\s+old|"
                     # "Not for use in pediatric patients under 6 months."
                     rf"(?=\s*[.;]))",
                     re.IGNORECASE)
COMPARATOR = (r"(?P<cmp>less\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|less\s+than|greater\s+than|"
              r"more\s+than|at\s+least|below|above|under|over|up\s+to|≤|≥|<=|>=|<|>)")
_WEIGHED = (r"(?:patients|children|adults|those|if|(?:body\s+)?weight\s+(?:of\s+)?)\s*(?=(?:less|greater|more|at\s+least|"
            r"below|above|under|over|≤|≥|<|>)|\d+(?:\.\d+)?\s*(?:to|-|–)\s*(?:less\s+than\s+)?\d+(?:\.\d+)?\s*kg\b)")
# ("pediatric patients 20 to 30 kg": a band stated right after the patients)
WEIGHT = re.compile(rf"\b(?:weigh(?:s|ing)?\s+(?:between\s+)?|{_WEIGHED}){COMPARATOR}?\s*(?P<low>{NUMBER})\s*(?:kg|kilograms?|"
                    rf"(?=(?:to|-|–)\s*(?:less\s+than\s+)?(?:{NUMBER})\s*(?:kg|kilograms?)))"
                    rf"(?:\s*(?:to|-|–|and\s+up\s+to)\s*(?:less\s+than\s+)?(?P<high>{NUMBER})\s*(?:kg|kilograms?))?"
                    rf"(?P<tail>\s+(?:or|and)\s+(?:more|greater|above|less|below))?|"
                    rf"\((?P<cmp2>≤|≥|<|>)\s*(?P<low2>{NUMBER})\s*kg\)", re.IGNORECASE)
# a clause that changes the dose for a condition, without an amount ("Reduce RETEVMO dose in patients with severe
# hepatic impairment.")
TRAILING_CHANGE = re.compile(r"\b(?:reduce|decrease|lower|adjust|modify)\b[^.;:\d]*\b(?:dose|dosage)\b[^.;:\d]*"
                             r"\b(?:in|for)\s+(?:patients|those|adults)\s+with\b[^\d]*$", re.IGNORECASE)
# another product named with its amount after the drug's dose ("… every 4 weeks with cobimetinib 60 mg", "followed by
# fluorouracil 750 mg/m2", "immediately following nivolumab 3 mg/kg"): where the drug's own clause ends
OTHER_PRODUCT_AFTER = re.compile(r"\b(?:with|by|following|then|plus)\s+(?:[a-z][\w-]*\s+){0,2}?"
                                 r"(?!(?:second|third|fourth|another|additional|single|total|maximum|further|"
                                 r"repeat|booster|loading|maintenance|doses?)\b)(?P<name>[a-z][a-z-]{4,})\s*(?:\(\s*|at\s+)?$")
# a drug's name by its USAN stem ("Cabotegravir", "Rilpivirine", "Ribavirin"), not an indication
DRUG_NAME = re.compile(r"[A-Za-z-]*(?:vir|virine|mab|nib|ciclib|parib|lisib|cept|pril|sartan|olol|dipine|azole|mycin|"
                       r"cillin|cycline|floxacin|statin|prazole|tidine|setron|triptan|gliptin|gliflozin|glutide|"
                       r"parin|xaban|gatran|platin|taxel|rubicin|tecan|semide|thiazide|azepam|barbital|caine|"
                       r"profen|coxib|lukast|terol|sonide|vudine|citabine|citidine|arabine|nisone|asone|olone|uracil)", re.IGNORECASE)
# a sentence whose subject is a product named right before its amount ("Prednisone 5 mg orally twice daily is
# administered continuously", "Bevacizumab is administered at 15 mg/kg every 3 weeks")
NAMED_AMOUNT = re.compile(r"\b(?P<name>[A-Z][a-z][a-z-]{3,})\s+\d")  # "… with: Azacitidine 75 mg/m 2 …"
SUBJECT_AMOUNT = re.compile(r"^\W*(?P<name>[A-Z][a-z][a-z-]{3,})\s+(?:(?:is|are)\s+(?:\w+\s+){0,2}?(?:at\s+)?)?\d")
# an amount of a substance named right before "dosages of" ("benzyl alcohol dosages of 99 to 234 mg/kg/day produced
# high levels …" in a preservative's warning): a word that is no dosing word
SUBSTANCE_DOSES_OF = re.compile(r"\b(?P<name>[a-z][a-z-]{3,})\s+(?:doses?|dosages?|amounts?|intakes?)\s+of\s*"
                                r"(?:up\s+to\s+|approximately\s+|about\s+)?$")
# "the recommended dose of abemaciclib is 150 mg" in fulvestrant's label: the dose of a product named in the sentence
DOSE_OF_NAMED = re.compile(r"\b(?:dose|dosage)\s+of\s+(?P<name>[A-Za-z][A-Za-z-]{4,})\s+(?:is|are|was)\b")
# the heading of a label's animal findings ("Juvenile Animal Toxicity Data", "Juvenile Animal Toxicology"): what
# follows it doses animals, even where a sentence is cut before it names them
ANIMAL_HEADING = re.compile(r"\b(?:Juvenile\s+)?Animal\s+(?:Toxicity\s+|Toxicology\s+)?(?:Data|Studies|Findings)\b|"
                            r"\bJuvenile\s+Animal\s+Toxicology\b")
# a sentence that starts an animal study's account in running text ("In a 10-week juvenile toxicology study in rats,
# avatrombopag was administered at …"): the sentences after it, to the next numbered heading, dose animals too
# ("There were no clinical signs at doses up to 300 mg/kg/day")
ANIMAL_STUDY = re.compile(r"\b(?:toxicology|toxicity|carcinogenicity|fertility)\s+stud(?:y|ies)\b|"
                          r"\bstud(?:y|ies)\s+(?:conducted\s+)?in\s+(?:juvenile\s+|young\s+|neonatal\s+|pregnant\s+)?"
                          r"(?:rats|mice|dogs|monkeys|rabbits|minipigs|animals)\b|"
                          r"\b(?:juvenile|neonatal)\s+(?:rats|mice|dogs|monkeys|rabbits|minipigs)\b", re.IGNORECASE)
# an amount of a vehicle, not of the drug ("Flush once with 10 mL of water or formula", "mix with 15 mL of applesauce")
VEHICLE_AFTER = re.compile(r"^\s*(?:of\s+)?(?:sterile\s+|room[- ]temperature\s+|cool\s+|warm\s+)?"
                           r"(?:water|saline|formula|diluent|juice|milk|applesauce|pudding|yogurt|liquid|fluid|"
                           r"sodium\s+chloride|dextrose|"
                           r"lactated\s+ringer|infant\s+formula|breast\s+milk)\b", re.IGNORECASE)
# a dose or limit for patients taking another drug ("In patients taking clarithromycin or itraconazole, do not exceed
# LIPITOR 20 mg once daily"): an interaction's, not the usual one (the patient's medications are not weighed here)
TAKING_OTHER = re.compile(r"\bpatients\s+(?:who\s+are\s+)?(?:taking|receiving|treated\s+with)\s+"
                          r"(?!(?:hemo|peritoneal\s+)?dialysis\b|the\b|this\b|it\b|[A-Z]{3,})[a-z]|"
                          r"\bwhen\s+(?:co-?administered|given|used|taken)\s+(?:concomitantly\s+)?with\s+"
                          r"(?!food|meals?|water|milk|or\s+without)[a-z]|\bcoadministered\s+with\b|"
                          r"\bconcomitant(?:ly)?\s+(?:use|administration|with|treatment)\b")
# an interacting drug named as the alternative to a renal or hepatic condition ("… (Child-Pugh B) or when
# co-administered with potent CYP3A4 inhibitors (for example, ketoconazole, …)")
OR_INTERACTING = re.compile(r"\s+or\s+(?:when\s+(?:co-?administered|given|used|taken)|in\s+patients\s+(?:taking|receiving))"
                            r"\s+(?:concomitantly\s+)?with\s+[^,;()]*(?:\([^()]*\))?", re.IGNORECASE)
# a band written alone as a label before its amount ("Less than 50 kg: 120 mg 50 kg or greater: 160 mg")
BARE_WEIGHT = re.compile(rf"(?<![\w/.]){COMPARATOR}?\s*(?P<low>{NUMBER})\s*(?:kg|kilograms?)"
                         rf"(?P<tail>\s+(?:or|and)\s+(?:more|greater|above|over|less|below|under))?\s*:", re.IGNORECASE)
# a body-surface-area band: "Body Surface Area of Less Than 1 Meter-Squared", "BSA ≥ 0.6 m2", "BSA of 1 m2 or greater"
BSA = re.compile(rf"\b(?:body\s+surface\s+area|BSA)\s*(?:\(BSA\)\s*)?(?:of\s+)?{COMPARATOR}?\s*(?P<low>{NUMBER})\s*"
                 rf"(?:m2|m²|m\s2|meters?[- ]squared|square\s+met(?:er|re)s?)"
                 rf"(?P<tail>\s+(?:or|and)\s+(?:more|greater|above|larger|less|below|smaller))?", re.IGNORECASE)
# a per-kg amount of a weight other than the actual one ("6 mg/kg adjusted ideal body weight", "0.8 mg per kg of ideal
# body weight or actual body weight, whichever is lower", "6 mg/kg AIBW"): each label has its own formula
OTHER_BODY_WEIGHT = re.compile(r"\b(?:ideal|adjusted|lean)\s+(?:ideal\s+)?body\s*weight\b|\b(?:AIBW|IBW|LBW|ABW)\b",
                               re.IGNORECASE)
# "doses for patients with body surface area (BSA) greater than 2.2 m 2 should be calculated based on 2.2 m 2": a
# per-m² dose is worked out with the surface capped at ``cap``
_M2 = r"\s*m\s*(?:2|²)(?!\d|\.\d)"
BSA_CAP = re.compile(
    rf"\b(?:BSA|body\s+surface\s+area)(?:\s*\(BSA\))?\s+(?:greater\s+than|more\s+than|above|exceeding|over|>)\s*"
    rf"(?P<cap>{NUMBER}){_M2}.{{0,80}}?\b(?:based\s+on|using|with|as\s+if)\s+(?:a\s+(?:BSA|body\s+surface\s+area)\s+"
    rf"of\s+)?(?P=cap){_M2}|\b(?:BSA|body\s+surface\s+area)\s+(?:is\s+|should\s+be\s+)?(?:capped|limited)\s+(?:at|to)\s+"
    rf"(?:a\s+maximum\s+of\s+)?(?P<limit>{NUMBER}){_M2}", re.IGNORECASE)
# the names of a renal function measure, one list for sentences, table headers and the calculator's guards
RENAL_MEASURE = r"CrCl|CLcr|CLer|eCLcr|eCrCl|creatinine\s+clearance|eGFR|estimated\s+glomerular\s+filtration\s+rate|GFR"
# a renal grade named without a range ("for patients with severe renal impairment"): read as the clearance bands
# the calculator's guards use (mild 60-89, moderate 30-59, severe 15-29 mL/min; below 15 only where the sentence
# also names end-stage disease or dialysis)
RENAL_GRADE = re.compile(r"\b(?P<g1>mild|moderate|severe)(?:\s*(?:,|to|or|and|and/or)\s*(?P<g2>mild|moderate|severe))?"
                         r"\s+(?:chronic\s+)?(?:renal|kidney)\s+(?:impairment|insufficiency|dysfunction)\b",
                         re.IGNORECASE)
RENAL_GRADE_BANDS = {"mild": (60.0, 90.0), "moderate": (30.0, 60.0), "severe": (15.0, 30.0)}
END_STAGE = re.compile(r"\bend[- ]stage\b|\bESRD\b|\bdialysis\b|\bkidney\s+failure\b", re.IGNORECASE)
# a changed amount given as the usual doses are ("9 mg with the schedule (intermittent or continuous) designated for
# the indication", "at the same frequency")
USUAL_SCHEDULE = re.compile(r"\bwith\s+the\s+(?:same\s+)?schedule\b|\b(?:on|at)\s+the\s+same\s+(?:schedule|frequency|"
                            r"interval|dosing\s+schedule)\b", re.IGNORECASE)
# patients of one indication with a renal or hepatic grade ("for patients with HCC and severe renal impairment")
ONE_INDICATIONS_GROUP = re.compile(r"\bpatients\s+with\s+(?!(?:mild|moderate|severe)\b)"
                                   r"(?:(?!\b(?:renal|kidney|hepatic|liver|impairment|patients)\b)[^.;,]){2,60}?\s+(?:and|with)\s+"
                                   r"(?:mild|moderate|severe)(?:\s+(?:or|to|and)\s+(?:mild|moderate|severe))?\s+"
                                   r"(?:chronic\s+)?(?:renal|kidney|hepatic|liver)\b|"
                                   r"^\W*(?:for|in)\s+patients\s+with\s+(?!(?:mild|moderate|severe|renal|kidney|hepatic|"
                                   r"liver)\b)[^.;,]{2,60},", re.IGNORECASE)
RENAL = re.compile(
    rf"\b(?P<measure>{RENAL_MEASURE})"
    rf"(?:\s*\([^()]{{1,60}}\)|\s*\[[^\[\]]{{1,20}}\])?(?:\s+(?:is|of|between|from|values?)|\s*=(?!=))*\s*{COMPARATOR}?"
    rf"\s*(?P<low>{NUMBER})"
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
# an upper-case heading that names no population ("TULAREMIA: 1 to 2 g daily …", "2. PLAGUE:"): a new section
CAPS_HEADING = re.compile(r"^(?:\d{1,2}\.\s*)?[A-Z]{4,}(?:[ -][A-Z]{2,}){0,4}\s*:")
DOSING_HEADING = re.compile(r"^(?:Initial|Maintenance|Starting|Usual|Recommended|Maximum|Loading|Titration|Dose|"
                            r"Dosage|Dosing)\b", re.IGNORECASE)
LEADING_POPULATION = re.compile(
    r"^(?:\d+(?:\.\d+)*\s+)?(?:[A-Z][\w-]*\s+){0,6}?(?P<head>(?:Adults?|Adult(?:\s+[A-Z][\w-]*){0,2}\s+Patients|"
    r"Pediatric(?:\s+[A-Z][\w-]*){0,2}\s+Patients|Pediatrics|"
    r"Children|Geriatric\s+Patients|Elderly\s+Patients)\b[^.:]{0,60}?)(?:\s*[–-]?\s+(?=The\b|Adults\b|Patients\b)|\s*:)")
HEADING = re.compile(r"(?<![\d(\[><≥≤=×])(?<![><≥≤=×]\s)\b(?P<number>\d{1,2}\.\d{1,2})\s+(?!ULN\b)(?P<words>(?:[A-Z][\w'’\-/]*)(?:,?\s+(?:(?!(?:Take|Administer|Give|Initiate|Start|Swallow|Inject|Dissolve|Reduce|Decrease|Increase|Avoid|Discontinue|Withhold|Interrupt|Resume|Monitor|Consider|Continue|Titrate|Determine)\b)[A-Z][\w'’\-/+]*|[a-z]{1,2}[A-Z][\w'’\-/+]*|\([A-Z][A-Za-z0-9]{1,7}\)[\w'’\-/]*|\d{1,3}(?=\s+(?:Years?|Months?)\b)|and/or|and|in|of|with|for|or|the|to|on|a))*)")
# "for elderly patients, patients with severe renal impairment and patients with severe hepatic impairment", "most
# elderly patients and patients with hepatic impairment": groups listed as alternatives, each with the dose
LISTED_GROUPS = re.compile(
    r"\b(?:elderly|older|geriatric)\s+patients\s*,?\s*(?:and\s+|or\s+)?(?:in\s+|for\s+)?patients\s+with\b|"
    r"\bpatients\s+with\s+[^.;]{3,80}?,?\s+(?:and|or)\s+(?:in\s+|for\s+)?(?:elderly|older|geriatric)\s+patients\b|"
    r"\bpatients\s+with\s+[^.;]{0,60}?\b(?:renal|hepatic)\s+impairment\b[^.;]{0,40}?,?\s+(?:and|or)\s+"
    r"(?:in\s+|for\s+)?patients\s+with\b",
    re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\[\d•])|(?<=[a-z]{2}\.)(?=[A-Z][a-z]{2,}\s)|"
                          r"(?<=\(\d\.\d\))(?=[A-Z][a-z]{2,}\s)|(?<=\(\s\d\.\d\s\))\s+(?=[A-Z][a-z]{2,}[\s-])|"
                          r"(?<=\(\s\d\s\))\s+(?=[A-Z][a-z]{2,}\s)|"
                          r"(?<=\d\))(?=[A-Z][a-z]{2,}\s)|"  # "… therapy (2)The daily dose …", "(2, 7.1)Darifenacin is …"
                          r"(?<=\(\s\d\.\d\d\s\))\s+(?=[A-Z][a-z]{2,}\s)|(?<=\))\s+(?=\d{1,2}\.\d{1,2}\s+[A-Z])|\s+(?=●\s)|"
                          # a flattened table: the next row's heading, a population, runs on after a regimen ("… 2
                          # to 4 times daily Geriatric Patients, or in the presence of debilitating disease. 2 mg …")
                          r"(?:(?<=\bdaily)|(?<=\ba\sday)|(?<=\btolerated)|(?<=\bneeded)|(?<=\btablets)|(?<=\bcapsules))\s+"
                          r"(?=(?:[A-Z][a-z]+\s+(?:(?:[A-Z][a-z]+|in|of|for|with)\s+){0,4})?"
                          r"(?:Patients|Children|Adults|Infants|Adolescents|Neonates)\b|"
                          r"(?:Geriatric|Pediatric|Elderly|Adult)\s)|"
                          r"(?<=[a-z])\s+(?=\d{1,2}\.\d{1,2}\s+(?:Dosage|Dose|Dosing|Recommended|Administration|"
                          r"Patients|Use|Important|Preparation|Pediatric|Adult|Geriatric|Renal|Hepatic|Modification)\b)")
ABBREVIATIONS = re.compile(r"(?:\be\.g|\bi\.e|\bapprox|\bvs|\bNo|\bDr|\bFig|\bincl|\bsee|\bSect)\.$", re.IGNORECASE)
NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                           "thirteen fourteen fifteen sixteen seventeen eighteen".split())}
NUMBER_WORD = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})(\s+(?:years?|months?|weeks?)\s+(?:of\s+age|old|and|or))",
                         re.IGNORECASE)
# "two (2) capsules", "every four (4) hours": a number in words with its numeral repeated in a parenthesis
WORD_THEN_NUMERAL = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\s*\((\d{{1,2}})\)", re.IGNORECASE)
# "every six hours": an interval written in words
INTERVAL_WORD = re.compile(rf"(?<=\bevery\s)({'|'.join(NUMBER_WORDS)})(\s+hours?\b)", re.IGNORECASE)
BARE_ALTERNATIVE = re.compile(rf"(?<![\d.,/])({NUMBER})\s+or\s+({NUMBER})\s*((?:{UNIT})(?:/(?:kg|m2)(?:/day)?)?)\b")
# advice against a higher dose, not against use ("Dose escalation is not recommended for pediatric patients with
# Ph+ ALL")
NOT_ESCALATED = re.compile(r"\b(?:dose|dosage)\s+(?:escalations?|increases?|titrations?)\s+(?:is|are)\s+not\s+"
                           r"recommended\b|\b(?:escalating|increasing|titrating)\s+(?:the\s+)?(?:dose|dosage)\s+"
                           r"(?:is|are)\s+not\s+recommended\b|\bdo\s+not\s+(?:escalate|increase|titrate)\b",
                           re.IGNORECASE)
IN_CHILDREN = re.compile(r"\b(?:in|for|to|among|by)\s+(?:\w+\s+){0,3}?(?:pediatric|paediatric|children|child|infants?|"
                         r"neonates?|adolescents?)\b|\b(?:pediatric|paediatric)\s+(?:use|patients?|population)\b",
                         re.IGNORECASE)
NO_CHANGE = re.compile(r"\bno\s+(?:[A-Z][\w-]*\s+)?(?:dose|dosage|dosing)\s+(?:adjustment|modification|change)|"
                       r"\bno\s+(?:adjustment|modification|change)\s+(?:of|to|in)\s+(?:the\s+)?(?:starting\s+|initial\s+)?"
                       r"(?:[A-Z][\w-]*\s+)?(?:dose|dosage)|"
                       r"\b(?:dose|dosage)\s+adjustments?\b[^.;]{0,60}?\b(?:is|are)\s+not\s+"
                       r"(?:necessary|required|needed|recommended)|"
                       r"\badjustments?\s+(?:in|of|to)\s+(?:the\s+)?(?:starting\s+|initial\s+|recommended\s+)?(?:dose|dosage)\b"
                       r"[^.;]{0,60}?"
                       r"\b(?:is|are)\s+not\s+(?:necessary|required|needed|recommended)|"
                       r"\bnot\s+necessary\s+to\s+adjust|"
                       # "Patients with renal impairment do not require an adjustment in FLOMAX capsules dosing"
                       r"\b(?:do|does)\s+not\s+require\s+(?:an?\s+|any\s+)?(?:dose\s+|dosage\s+)?adjustments?\b|"
                       # "Pharmacokinetic studies in patients with renal impairment do not indicate a need for dose
                       # adjustment"
                       r"\b(?:not\s+(?:indicate|suggest)|no)\s+(?:a\s+|any\s+)?need\s+(?:for|of)\s+(?:a\s+|any\s+)?"
                       r"(?:dose|dosage|dosing)\s+(?:adjustment|modification|change)", re.IGNORECASE)  # "no BRAFTOVI dosage adjustment is …"
UNGRADED_HEPATIC = re.compile(r"\b(?:patients\s+with\s+(?:pre-?existing\s+)?|^\W*(?:\(\s*[\d.,\s]+\)\s*)?)hepatic\s+"
                              r"impairment\b", re.IGNORECASE)
UNGRADED_RENAL = re.compile(r"\brenal\s+(?:impairment|insufficiency|failure|disease)\b|\bdialysis\b|\bESRD\b",
                            re.IGNORECASE)
# an unnumbered heading that is a population, before the first sentence under it ("Elderly Patients In general,
# lower dosages are recommended …")
POPULATION_HEADING = re.compile(r"^(?P<head>(?:Adult|Pediatric|Geriatric|Elderly)\s+Patients|Adults|Children|Elderly|"
                                r"Geriatrics?)\s+(?=[A-Z][a-z]+\s+[a-z])")
# a dose said to be the same for both ("the same for both pediatric patients and adults", "adults and children alike")
CHILDREN_AND_ADULTS = re.compile(r"\b(?:pediatric|paediatric)\s+patients\s+and\s+adults\b|\bchildren\s+and\s+adults\b|"
                                 r"\badults\s+and\s+(?:children|(?:pediatric|paediatric)\s+patients)\b(?!\s+(?:aged?|\d|"
                                 r"older|younger|weighing|\w+\s+(?:years|months)))", re.IGNORECASE)
# an amount-free lead-in after a heading's words: "Complex Partial Seizures For adults and children 10 years of age or
# older." — who the doses that follow are for
FOR_POPULATION = re.compile(r"^(?:[A-Z][\w-]*\s+){0,6}?For\s+(?P<head>(?:adults?|children|pediatric\s+patients|"
                            r"adolescents)\b[^.:;]{0,80}?)\s*[.:]?$")
POPULATION_FRAGMENT = re.compile(r"^(?:Adults?|Adult\s+Patients|Pediatric\s+Patients|Children|Geriatric\s+Patients|"
                                 r"Elderly\s+Patients|Elderly)\b(?=[,.;:]|\s+(?:or|and)\b)")
CHILD_PUGH = {"A": "mild", "B": "moderate", "C": "severe"}
# a sentence that goes on with the regimen of the sentence before ("Maintenance dosage is 4 to 8 mg/kg/day.")
# "• Continue IMFINZI 20 mg/kg as a single agent every 4 weeks": the rest of the regimen of the sentence before
CONTINUE_REGIMEN = re.compile(r"^\W*(?:continue|then\s+continue)\b", re.IGNORECASE)
CONTINUATION = re.compile(r"^\s*(?:(?:the|a)\s+)?(?:usual\s+|recommended\s+)?(?:daily\s+)?maintenance\s+(?:dose|dosage)s?\b"
                          r"|^\s*(?:thereafter|subsequently)\b"
                          # a titration step of the regimen just stated ("For patients weighing 50 kg or more, dosing
                          # should be initiated at 2 mg/day … The dose can be increased up to 20 mg/day …")
                          r"|^\s*(?:the\s+)?(?:dose|dosage)\s+(?:can|may|should)\s+(?:then\s+)?be\s+(?:further\s+)?"
                          r"(?:increased|titrated)\b", re.IGNORECASE)
# a limit stated for one formulation ("Maximum dose of chewable tablets is 300 mg twice daily"): the doses it limits
# are not told apart by formulation here
FORM_LIMIT = re.compile(r"\bmaximum\s+(?:daily\s+)?(?:dose|dosage)\s+(?:of|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
                        r"(?:suspension|solution|tablets?|pellets|granules|capsules?|injection|syrup|elixir)\b",
                        re.IGNORECASE)
# a dose for a genotype the patient model does not hold ("Known CYP2D6 poor metabolizers: … 300 mg monthly")
METABOLIZER = re.compile(r"\b(?:poor|ultra-?rapid)\s+(?:CYP\w*\s+)?metaboli[sz]ers?\b|\bPMs\b|\bhomozygous\b|"
                         r"\bheterozygous\b|\bUGT1A1\*")
# a numbered subsection about changing the dose for adverse reactions or toxicity: its amounts are steps, not doses
ADVERSE_HEADING = re.compile(r"\b(?:modif\w*|adjust\w*|reduc\w*|interrupt\w*)\b.*\b(?:adverse|toxicit\w*|hematologic)\b",
                             re.IGNORECASE)
# an amount of a nutrient or supplement named just before it ("The recommended intake of vitamin D is 400-800 IU
# daily", "Citrulline supplementation … 0.17 g/kg/day"): not the label's drug
NUTRIENT_BEFORE = re.compile(r"\b(?:intake|supplement\w*|vitamin\s+[A-K]\d?|citrulline|arginine|"
                             r"folic\s+acid|folate)\b(?:[^.;]|\.(?=\d)){0,60}$", re.IGNORECASE)  # "0.17 g/kg/day or"
# "except in patients who are … or who have mild to severe hepatic impairment": the clause names the patients a dose
# is not for
EXCEPT_CLAUSE = re.compile(r"\b(?:except|excluding)\b(?:\s+(?:in|for))?[^;.]*", re.IGNORECASE)
# the first words of a numbered subsection heading that may stand inside a flattened text ("2.2 Recommended Dosage
# for …"), where a sentence is cut: not "2.5 Units", which is an amount
INNER_HEADING_WORDS = re.compile(r"(?:Recommended|Dosage|Dosing|Dose|Important|Administration|Preparation|Pediatric|"
                                 r"Adult|Patients|Use|Monitoring|Instructions|Reconstitution)\b\s+\w")
# advice against children's use for one indication ("not recommended for pediatric use in JRA", "… in the treatment of
# migraine"): the label's other indications may still dose children
FOR_ONE_INDICATION = re.compile(r"\b(?:use\s+)?in\s+(?:patients\s+with\s+)?[A-Z]{2,6}\b(?!\s*\()|"  # an abbreviation: case
                                r"(?i:\b(?:for|in)\s+the\s+treatment\s+of\b|"
                                # "children under two years of age who are suspected of having a POLG-related
                                # disorder": children with a condition, not children
                                r"\b(?:children|patients|infants)\b[^.;]{0,40}?\bwho\s+(?:are\s+(?:\w+\s+)?suspected\s+of\s+"
                                r"having|have|has)\b)")
# "The safety and effectiveness in pediatric patients <8 years of age … have not been established"
NOT_ESTABLISHED_CUE = re.compile(r"\b(?:safety|effectiveness|efficacy)\b[^.]{0,320}?\b(?:have|has)\s+not\s+been\s+"
                                 r"established\b", re.IGNORECASE)
