"""A label's text about patient groups, kept verbatim as ``graph.models.LabelWarning``.

- Population sections: Pregnancy, Nursing Mothers, Pediatric Use, Geriatric Use (their own openFDA fields / LOINC
  sections) and, from "8 Use in Specific Populations", the Lactation, Renal Impairment and Hepatic Impairment
  subsections (and Pregnancy/Pediatric/Geriatric when the label has no own field for them).
- Contraindications and the Boxed Warning: the sentences that name a group (pregnancy, nursing, children, the
  elderly, renal or hepatic impairment), one warning per group, plus the whole text once (population ``all``), so a
  patient's allergy can be checked against it.
- Warnings and Precautions (and an older label's Warnings and Precautions sections), and Clinical Pharmacology with
  its Pharmacokinetics ("Naproxen-containing products are not recommended for use in patients with moderate to
  severe and severe renal impairment", said only there): only the sentences that advise
  against use in renal or hepatic impairment as firmly as a contraindication ("avoid use of metformin … in patients
  with clinical or laboratory evidence of hepatic disease"), not those about a purpose, a combination or an exception
  ("should not be administered to patients with chronic liver disease in an attempt to normalize platelet counts",
  "not recommended in conjunction with a penicillin in the presence of known renal impairment", "… unless benefits
  are expected to outweigh risk").

Nothing here judges severity: the clinical layer reads the text (``clinical.treatment``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from graph.models import LabelWarning, Population, WarningKind
from ingest.pipeline.sentences import split_sentences
from ingest.readers import types as t
from ingest.readers.types import Section, SourceDocument

P = Population
OWN_SECTIONS = {t.PREGNANCY: P.PREGNANCY, t.NURSING_MOTHERS: P.LACTATION, t.PEDIATRIC_USE: P.PEDIATRIC,
                t.GERIATRIC_USE: P.GERIATRIC}
SENTENCE_SECTIONS = {t.CONTRAINDICATIONS: WarningKind.CONTRAINDICATION, t.BOXED_WARNING: WarningKind.BOXED_WARNING}
WARNING_SECTIONS = {t.WARNINGS_AND_PRECAUTIONS: "Warnings and Precautions", t.WARNINGS: "Warnings",
                    t.PRECAUTIONS: "Precautions", t.CLINICAL_PHARMACOLOGY: "Clinical Pharmacology",
                    t.PHARMACOKINETICS: "Pharmacokinetics"}
# as firm as a contraindication: the drug is not to be used in these patients
FIRM_AGAINST = re.compile(r"\bcontraindicated\b|\bnot\s+recommended\b|\bshould\s+not\s+be\s+(?:used|administered|given)\b|"
                          r"\bdo\s+not\s+(?:use|administer)\b|\bavoid(?:ed)?\s+(?:use|in)\b|\bmust\s+not\s+be\s+used\b",
                          re.IGNORECASE)
# … for a purpose, in a combination, with an exception, or a grade not studied: not advice against the patient's use
NOT_FIRM = re.compile(r"\bin\s+an\s+attempt\s+to\b|\bin\s+(?:conjunction|combination)\s+with\b|\bconcomitant|"
                      r"\bco-?administ|\bunless\b|\bexcept\b|\bif\s+(?:the\s+)?(?:potential\s+)?benefit|\btaking\b|"
                      # a regimen's length or partner drug ("EPCLUSA for 12 or 24 weeks without ribavirin is not
                      # recommended in patients with decompensated cirrhosis"): that regimen, not the drug
                      r"\bfor\s+\d+\s+(?:or\s+\d+\s+)?weeks\b|\bwithout\s+[a-z]+\s+(?:is|are)\s+not\s+recommended\b",
                      re.IGNORECASE)
FIRM_GROUPS = (P.RENAL, P.HEPATIC)
# "8.x <title>" subsections of Use in Specific Populations, by the words of their title
SUBSECTION_TITLES = (
    (re.compile(r"pregnan", re.I), P.PREGNANCY),
    (re.compile(r"lactation|nursing", re.I), P.LACTATION),
    (re.compile(r"pediatric", re.I), P.PEDIATRIC),
    (re.compile(r"geriatric", re.I), P.GERIATRIC),
    (re.compile(r"renal|kidney", re.I), P.RENAL),
    (re.compile(r"hepatic|liver", re.I), P.HEPATIC),
)
SUBSECTION_NAMES = {P.PREGNANCY: "Pregnancy", P.LACTATION: "Lactation", P.PEDIATRIC: "Pediatric Use",
                    P.GERIATRIC: "Geriatric Use", P.RENAL: "Renal Impairment", P.HEPATIC: "Hepatic Impairment"}
SECTION_NAMES = {t.PREGNANCY: "Pregnancy", t.NURSING_MOTHERS: "Nursing Mothers", t.PEDIATRIC_USE: "Pediatric Use",
                 t.GERIATRIC_USE: "Geriatric Use", t.CONTRAINDICATIONS: "Contraindications",
                 t.BOXED_WARNING: "Boxed Warning"}
HEADING = re.compile(r"(?<![\w.(\[])8\.\s?\d{1,2}\s+(?=[A-Z])")  # "8.2 Lactation", and "8. 2 Lactation" (nebivolol)
TITLE_WORDS = 6
# Words naming a group inside a contraindication or boxed-warning sentence
POPULATION_CUES = {
    P.PREGNANCY: re.compile(r"pregnan|fetal|fetus|embryo|teratogen|birth defects?", re.I),
    P.LACTATION: re.compile(r"breast[- ]?feed|breastfed|nursing (mothers?|women|infants?)|lactat", re.I),
    P.PEDIATRIC: re.compile(r"\bchild(ren)?\b|pediatric|paediatric|adolescents?|infants?|neonat|young adults", re.I),
    P.GERIATRIC: re.compile(r"elderly|geriatric|older (adults?|patients)", re.I),
    P.RENAL: re.compile(r"renal (impairment|insufficiency)|(severe|moderate|end[- ]stage) (renal|kidney) (disease|failure)|"
                        r"kidney impairment|creatinine clearance|CrCl|eGFR|dialysis|"
                        r"(patients|persons|those) with [^.]{0,40}\b(renal|kidney)\b", re.I),
    P.HEPATIC: re.compile(r"hepatic (impairment|insufficiency)|active liver disease|cirrhosis|Child-Pugh|"
                          r"\b(hepatic|liver) dysfunction\b|"  # DELESTROGEN's "6. Liver dysfunction or disease."
                          r"(patients|persons|those) with [^.]{0,40}\b(hepatic|liver) (disease|failure|impairment)",
                          re.I),
}


def label_warnings(document: SourceDocument, drug_id: str | None) -> list[LabelWarning]:
    """Every population warning of one label, numbered in label order (stable ids: same label, same ids)."""
    own = {OWN_SECTIONS[s.code] for s in document.sections if s.code in OWN_SECTIONS}
    found: list[tuple[Population, WarningKind, str, str]] = []
    for section in document.sections:
        if section.code in OWN_SECTIONS:
            found.append((OWN_SECTIONS[section.code], WarningKind.POPULATION_SECTION, _name(section), section.text))
            found.extend(_referred(document, section))
        elif section.code == t.SPECIFIC_POPULATIONS:
            found.extend((population, WarningKind.POPULATION_SECTION, title, text)
                         for population, title, text in population_subsections(section) if population not in own)
        elif section.code in SENTENCE_SECTIONS:
            kind = SENTENCE_SECTIONS[section.code]
            found.append((P.ALL, kind, _name(section), section.text))
            found.extend((population, kind, _name(section), text) for population, text in naming_sentences(section.text))
        elif section.code in WARNING_SECTIONS:
            found.extend((population, WarningKind.WARNING, section.title or WARNING_SECTIONS[section.code], text)
                         for population, text in firm_sentences(section.text))
    set_id = document.properties.get("set_id")
    return [LabelWarning(id=f"{document.id}#warning-{index}", population=population, kind=kind, section=section,
                         text=text, document_id=document.id, set_id=str(set_id) if set_id is not None else None,
                         version=document.version, drug_id=drug_id)
            for index, (population, kind, section, text) in enumerate(found) if text.strip()]


# an older label's population section that only points elsewhere: "Pregnancy See WARNINGS section.", "Usage in
# Pregnancy (see WARNINGS).", "Pregnancy - Category D (see WARNINGS section)"
REFERS_TO = re.compile(r"\bsee\s+(?P<section>WARNINGS|PRECAUTIONS|CONTRAINDICATIONS)\b", re.IGNORECASE)
REFERRED_CODES = {"warnings": (t.WARNINGS, t.WARNINGS_AND_PRECAUTIONS), "precautions": (t.PRECAUTIONS,),
                  "contraindications": (t.CONTRAINDICATIONS,)}
SHORT_SECTION = 200


def _referred(document: SourceDocument, section: Section) -> list[tuple[Population, WarningKind, str, str]]:
    """The sentences of the section a short population section refers to that name its group, verbatim, as that
    group's section too ("Pregnancy See WARNINGS section." → WARNINGS' "Streptomycin can cause fetal harm when
    administered to a pregnant woman. …"): without them the patient check read only the pointer."""
    refers = REFERS_TO.search(section.text) if len(section.text) < SHORT_SECTION else None
    if refers is None:
        return []
    population = OWN_SECTIONS[section.code]
    codes = REFERRED_CODES[refers["section"].lower()]
    return [(population, WarningKind.POPULATION_SECTION,
             f"{_name(section)} ({other.title or WARNING_SECTIONS.get(other.code) or _name(other)})", text)
            for other in document.sections if other.code in codes
            for _, text in naming_sentences(other.text, (population,))]


def population_subsections(section: Section) -> Iterator[tuple[Population, str, str]]:
    """(population, title, text) of each "8.x" subsection about a group: the SPL reader gives subsections with their
    title; openFDA flattens them into one text, split here at the "8.x Title" headings."""
    if section.title:
        population = _population_of_title(section.title)
        if population is not None:
            yield population, section.title, section.text
            return
    headings = list(HEADING.finditer(section.text))
    for heading, end in zip(headings, [*(h.start() for h in headings[1:]), len(section.text)]):
        text = section.text[heading.start():end].strip()
        population = _population_of_title(text)
        if population is not None:
            yield population, f"{''.join(heading.group(0).split())} {SUBSECTION_NAMES[population]}", text


def naming_sentences(text: str, populations: Iterable[Population] = tuple(POPULATION_CUES),
                     keep: Callable[[str], bool] = lambda sentence: True) -> Iterator[tuple[Population, str]]:
    """(population, sentences) for each group the text names: the verbatim sentences naming it (and kept by
    ``keep``), joined."""
    sentences = [text[start:end] for start, end in split_sentences(text)]
    for population in populations:
        naming = [sentence for sentence in sentences if POPULATION_CUES[population].search(sentence) and keep(sentence)]
        if naming:
            yield population, " ".join(dict.fromkeys(naming))


def firm_sentences(text: str) -> Iterator[tuple[Population, str]]:
    """(renal or hepatic, sentences) of a Warnings (and Precautions) text that advise against use in that impairment
    as firmly as a contraindication, joined; none for a purpose, a combination or an exception (``NOT_FIRM``)."""
    return naming_sentences(text, FIRM_GROUPS, lambda s: bool(FIRM_AGAINST.search(s)) and not NOT_FIRM.search(s)
                            and len(s) < 400)


def _population_of_title(title: str) -> Population | None:
    heading = " ".join(title.split()[:TITLE_WORDS])
    return next((population for pattern, population in SUBSECTION_TITLES if pattern.search(heading)), None)


def _name(section: Section) -> str:
    return section.title or SECTION_NAMES.get(section.code, section.name)


def count_by_section(warnings: Iterable[LabelWarning]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for warning in warnings:
        key = (warning.kind.value, warning.population.value)
        counts[key] = counts.get(key, 0) + 1
    return counts
