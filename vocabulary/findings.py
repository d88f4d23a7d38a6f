"""Finding (sign and symptom) names → one node each, for the sources that link diseases to findings.

A name the vocabulary knows links to that entry, preferring a symptom (``Phenotype``) over a side effect
(``AdverseEvent``) over a condition (``Disease``: "anemia", "hepatomegaly"), so MeSH, SIDER and HPO names of one
concept meet on one node. A Human Phenotype Ontology label the vocabulary does not know becomes its own ``HP:`` entry
(with its Chinese label as a synonym); the vocabulary's own Chinese names (``vocabulary.chinese``) name their entries.
Matching is on folded text, also with the words of UMLS-style inverted names
("pain chest") put back in order, and with a plural ``s`` dropped.

``finding_synonyms.tsv`` joins everyday and clinical phrasings (English and Chinese) of common findings to one node:
"neck stiffness", "nuchal rigidity", "颈部僵硬" → Stiff neck. It was written for medkg from MedlinePlus symptom
wording and standard clinical synonyms, not from any evaluation set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from graph.models import NodeLabel
from vocabulary.chinese import zh_key
from vocabulary.hpo import HpoTerm
from vocabulary.normalize import fold
from vocabulary.readers import ReadReport, read_tsv_dicts
from vocabulary.vocabulary import Vocabulary

PREFERENCE = {NodeLabel.PHENOTYPE: 0, NodeLabel.ADVERSE_EVENT: 1, NodeLabel.DISEASE: 2}
# Words that name a finding in a dictionary but mean something else in prose ("all", "fall", "cold", "lead").
AMBIGUOUS = frozenset({
    "all", "fall", "falls", "cold", "lead", "can", "may", "mass", "sign", "signs", "symptom", "symptoms", "disease",
    "syndrome", "condition", "death", "infection", "pain", "growth", "stress", "shock", "injury", "aging", "other",
    "abnormality", "disorder", "no", "none", "normal", "depression", "pressure", "wound", "drug", "drugs", "attack",
    "signs and symptoms", "affected", "severe", "mild", "moderate", "chronic", "acute", "progressive", "variable",
    "episodic", "recurrent", "severity", "course", "onset", "frequent", "occasional", "sudden", "early", "late", "heart", "blood", "skin", "eye",
    "right", "left", "central", "healthy", "surgery", "sporadic", "bilateral", "unilateral", "generalized",
    "localized", "pregnancy", "sharp", "dull",
    # a process or pattern, not something a patient has or shows ("characterized by periodic attacks",
    # "inflammation of the middle ear", "diffuse loss of hair")
    "periodic", "inflammation", "recurrence", "diffuse", "prolonged", "separation", "progression",
    "disease progression", "discharge",
})
# HPO terms that qualify a finding rather than name one (its "Clinical modifier", frequency, inheritance and
# history branches: "Right", "Central", "Sporadic", "Healthy") — matched in prose they made "Right" a finding of 66
# diseases.
NOT_PHENOTYPES = re.compile(
    r"inheritance|^all$|mode of|onset$|^frequent$|^occasional$|^obligate$|^very rare$|^(?:right|left|central|"
    r"peripheral|bilateral|unilateral|generali[sz]ed|locali[sz]ed|distal|proximal|sporadic|healthy|"
    r"phenotypic variability|variable expressivity|incomplete penetrance|mild|moderate|severe|profound|"
    r"chronic|acute|subacute|progressive|nonprogressive|episodic|recurrent|refractory|triggered by .*|"
    r"precipitated by .*|worse .*|aggravated by .*|(?:childhood|adult|juvenile|infantile|neonatal|congenital|"
    r"late|young adult|middle age|antenatal|fetal|pediatric|puberty) onset)$", re.I)
MAX_WORDS = 7
CJK = re.compile(r"[\u3400-\u9fff]")
SYNONYMS = Path(__file__).with_name("finding_synonyms.tsv")
# a measurement and the findings it names when said to be high or low ("glucose was elevated" → Hyperglycemia)
MEASURE_FINDINGS = Path(__file__).with_name("measure_findings.tsv")
# a measurement's value beyond a stated limit and the finding it names ("Potassium 5.9" → Hyperkalemia), with sources
LAB_LIMITS = Path(__file__).with_name("lab_limits.tsv")
FUZZY_THRESHOLD = 0.75
POLARITY = frozenset({"increased", "decreased", "high", "low", "elevated", "reduced", "absent", "excessive", "poor",
                      "hyper", "hypo", "loss", "gain", "no"})
FILLER = frozenset({"the", "from", "and", "with", "for", "your", "his", "her", "its", "their", "one", "both"})
NEGATION_CUES = ("no", "not", "without", "absence", "absent", "denies", "never")
# An abbreviation written in capitals ("HARDS", "SAIDS", "AIDS"): its folded key can be an everyday word ("hards" →
# "hard", "said", "aids"), so it keeps its plural-looking "s" and matches prose only as written (``find_all``).
ACRONYM = re.compile(r"[A-Z][A-Z0-9-]*[A-Z0-9]s?")  # "HARDS", "ARMs"
CASED_WORDS = re.compile(r"[0-9A-Za-z]+")  # ``normalize.fold``'s words, case kept (ASCII text)
# A complaint at body sites: "pain or numbness in one or both arms, the back, neck, jaw or stomach", "pain in the left
# arm", "swelling of the ankles" — each site its own finding ("arm pain" / "pain in arm"), when the index knows it.
COMPLAINT = r"(?:pain|aches?|numbness|tingling|discomfort|swelling|weakness|stiffness|cramps?|itching|burning)"
LOCATED = re.compile(
    rf"\b(?P<complaints>{COMPLAINT}(?:\s*(?:,|\bor\b|\band\b|\band/or\b)\s*{COMPLAINT})*)\s+(?:in|of|on|around)\s+"
    r"(?P<sites>[a-z][a-z ,'/-]*?)(?=\s*(?:[.;:!?()\n]|\s-\s|\b(?:that|which|when|after|during|while|because|with|from|"
    r"due|caused|for|at|may|can|is|are)\b|$))", re.IGNORECASE)
SITE_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and/or|or|and)\s+", re.IGNORECASE)
SIDE = re.compile(r"^(?:(?:the|your|my|his|her|their|one|or|both|either|left|right|bilateral)\s+)+", re.IGNORECASE)


@lru_cache(maxsize=1)
def measure_findings() -> dict[str, tuple[str | None, str | None]]:
    """Each measurement of ``measure_findings.tsv`` (lower case, English and Chinese) → the finding it names when
    high and when low ("blood sugar" → Hyperglycemia, Hypoglycemia; "血钾" → Hyperkalemia, Hypokalemia)."""
    return {row["measure"].lower(): (row["high"] or None, row["low"] or None)
            for _, row in read_tsv_dicts(MEASURE_FINDINGS, ReadReport())}


@dataclass(frozen=True)
class Match:
    id: str
    label: NodeLabel
    name: str
    synonyms: tuple[str, ...] = ()


def frequency_of(percent: float) -> float:
    """A stated share of patients (GARD/HPO tables) as a probability, kept inside (0.02, 0.95)."""
    return min(0.95, max(0.02, percent / 100.0))


def name_keys(name: str) -> set[str]:
    """Folded keys of a name: as written, with an inverted "X, Y" or "pain chest" turned round, singular; a Chinese
    name is its ``vocabulary.chinese.zh_key`` (Simplified, numerals normalised, no spaces or punctuation, everyday
    words as names write them)."""
    if CJK.search(name):
        return {zh_key(name)}
    folded = fold(name)
    keys = {folded}
    if "," in name:
        head, _, tail = name.partition(",")
        keys.add(fold(f"{tail} {head}"))
    words = folded.split()
    if len(words) == 2:
        keys.add(f"{words[1]} {words[0]}")
    if not is_acronym(name):
        keys |= {key[:-1] for key in list(keys) if key.endswith("s") and len(key) > 4}
    return {key for key in keys if key}


def preferred_keys(name: str) -> list[str]:
    """``name_keys`` in a fixed order of preference: longest first, then the words as written before an inverted
    form ("bone cyst" before "cyst bone"), then alphabetically — never the set's order, which changes per process."""
    written = fold(name)
    return sorted(name_keys(name), key=lambda key: (-len(key), key != written, key))


def is_acronym(name: str) -> bool:
    return bool(ACRONYM.fullmatch(name.strip()))


class FindingIndex:
    """Folded finding names → the one node each links to; built from a vocabulary and optional HPO labels."""

    def __init__(self, findings: dict[str, Match], diseases: dict[str, Match],
                 acronyms: frozenset[str] = frozenset()) -> None:
        self._findings = findings
        self._diseases = diseases
        self._acronyms = acronyms  # keys only an abbreviation in capitals gives
        self._by_id = {match.id: match for match in findings.values()}
        self._fuzzy_index = None

    @classmethod
    def build(cls, vocabulary: Vocabulary, hpo_labels: Path | None, report: ReadReport,
              hpo_terms: Iterable[HpoTerm] = ()) -> "FindingIndex":
        findings: dict[str, Match] = {}
        diseases: dict[str, Match] = {}
        named: set[str] = set()  # disease keys taken by a preferred name, which another entry's synonym cannot take
        ranked: dict[str, int] = {}
        acronyms: set[str] = set()  # keys an abbreviation gives
        spelled: set[str] = set()  # abbreviations folded: a lower-case copy ("arms" of "ARMs") is no word either
        plain: list[tuple[str, set[str]]] = []
        for text, entry_id, kind in vocabulary.surface_forms():
            entry = vocabulary.get(entry_id) if entry_id else None
            if entry is None or entry.label not in PREFERENCE or kind == "annotation":
                continue
            match = Match(entry.id, entry.label, entry.name)
            keys = name_keys(text)
            if is_acronym(text):
                acronyms.update(keys)
                spelled.add(fold(text))
            else:
                plain.append((fold(text), keys))
            for key in keys:
                if entry.label is NodeLabel.DISEASE and key not in named:  # "Tuberculosis" is no Tuberculoma
                    if kind == "name":
                        diseases[key] = match
                        named.add(key)
                    else:
                        diseases.setdefault(key, match)
                if PREFERENCE[entry.label] < ranked.get(key, 9):
                    findings[key], ranked[key] = match, PREFERENCE[entry.label]
        if hpo_labels is not None:
            hpo_terms = list(read_hpo_labels(hpo_labels, report))
            for hpo in hpo_terms:
                for key in name_keys(hpo.name):
                    findings.setdefault(key, hpo)
            for hpo in hpo_terms:  # the official Chinese label joins whatever node the English label reached
                target = next((findings[key] for key in preferred_keys(hpo.name) if key in findings), hpo)
                for synonym in hpo.synonyms:
                    for key in name_keys(synonym):
                        findings.setdefault(key, target)
        for chinese in getattr(vocabulary, "chinese_names", ()):  # the vocabulary's Chinese names (vocabulary.chinese)
            entry = vocabulary.get(chinese.id)
            if entry is not None and entry.label in PREFERENCE:
                match = Match(entry.id, entry.label, entry.name)
                for key in name_keys(chinese.text):
                    findings.setdefault(key, match)
                    if entry.label is NodeLabel.DISEASE:
                        diseases.setdefault(key, match)
        join_hpo_synonyms(findings, hpo_terms)
        join_synonyms(findings, SYNONYMS, report)
        words = {key for folded, keys in plain if folded not in spelled for key in keys}
        return cls(findings, diseases, frozenset(acronyms - words))

    def lookup(self, phrase: str) -> Match | None:
        """The finding a whole phrase names, or ``None``."""
        phrase = re.sub(r"^(?:an?|the|and|or)\s+", "", phrase.strip(), flags=re.I)
        for key in preferred_keys(phrase):
            if key in AMBIGUOUS:
                return None
            if key in self._findings:
                return self._findings[key]
        return None

    def closest(self, phrase: str, threshold: float = FUZZY_THRESHOLD) -> Match | None:
        """The finding whose name is most like ``phrase`` in character 3-grams (spelling variants: "orthopnoea",
        "haemorrhage"), when the cosine similarity reaches ``threshold``; ``None`` otherwise."""
        folded = fold(phrase)
        if len(folded) < 5 or folded in AMBIGUOUS:
            return None
        keys, matrix, vectorizer = self._fuzzy()
        scores = (matrix @ vectorizer.transform([folded]).T).toarray().ravel()
        best = int(scores.argmax()) if len(scores) else -1
        if best < 0 or scores[best] < threshold or _polarity(keys[best]) != _polarity(folded):
            return None  # "hematocrit decreased" is not "increased hematocrit", however alike the letters
        if _substituted(keys[best], folded):
            return None  # "discharge from the penis" is no "eye discharge"
        return self._findings[keys[best]]

    def _fuzzy(self):  # type: ignore[no-untyped-def]
        if self._fuzzy_index is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            keys = sorted(key for key in self._findings if not CJK.search(key) and key not in AMBIGUOUS)
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), sublinear_tf=True)
            self._fuzzy_index = (keys, vectorizer.fit_transform(keys), vectorizer)
        return self._fuzzy_index

    def disease(self, name: str) -> Match | None:
        return next((self._diseases[key] for key in preferred_keys(name) if key in self._diseases), None)

    def names_exactly(self, word: str) -> bool:
        """Whether ``word`` as written (folded; no plural dropped, not an abbreviation in capitals) is a finding's
        name: "paralysis" is, "pernios" and "hards" are not."""
        key = fold(word)
        return key in self._findings and key not in self._acronyms

    def by_id(self, entry_id: str) -> Match | None:
        return self._by_id.get(entry_id)

    def find_all(self, text: str, skip_negated: bool = True, typed: bool = False) -> Iterator[Match]:
        """Findings named in prose: longest word n-grams first, not overlapping, (by default) not right after a
        negation. An abbreviation matches only in capitals ("HARDS", never "hard"; "ARMs", never "arms"), except in
        a complaint ``typed`` all in lower case ("fever and aids")."""
        words = fold(text).split()
        cased = None if typed and text == text.lower() else CASED_WORDS.findall(text)  # the words as written
        if cased is not None and len(cased) != len(words):  # not aligned (non-ASCII text): no abbreviation matches
            cased = [""] * len(words)
        position = 0
        while position < len(words):
            for size in range(min(MAX_WORDS, len(words) - position), 0, -1):
                key, match = self._entry(" ".join(words[position:position + size]))
                if match is not None and cased is not None and key in self._acronyms \
                        and not all(ACRONYM.fullmatch(word) for word in cased[position:position + size]):
                    continue
                if match is not None and key not in AMBIGUOUS and len(key) > 3:
                    if not skip_negated or not set(words[max(0, position - 3):position]) & set(NEGATION_CUES):
                        yield match
                    position += size
                    break
            else:
                position += 1


    def located(self, text: str, skip_negated: bool = True) -> Iterator[Match]:
        """Findings of a complaint at body sites (``LOCATED``): each site without its side or determiner ("one or
        both arms" → arm), named "<site> <complaint>", "<complaint> in <site>" or "<complaint> of <site>" — only
        what the index knows."""
        seen: set[str] = set()
        for found in LOCATED.finditer(text):
            before = fold(text[:found.start()]).split()[-3:]
            if skip_negated and set(before) & set(NEGATION_CUES):
                continue
            complaints = [singular_word(c) for c in SITE_LIST.split(found["complaints"]) if c]
            for site in SITE_LIST.split(found["sites"])[:8]:
                site = " ".join(singular_word(word) for word in SIDE.sub("", site.strip()).split())
                for complaint in complaints:
                    for phrase in (f"{site} {complaint}", f"{complaint} in {site}", f"{complaint} of {site}"):
                        match = self.lookup(phrase) if site else None
                        if match is not None:
                            if match.id not in seen:
                                seen.add(match.id)
                                yield match
                            break

    def _entry(self, key: str) -> tuple[str, Match | None]:
        """The finding an n-gram of prose names, as written or as a plural of a name ("chest pains", "rashes",
        "muscle aches"): names are keyed singular (``name_keys``), prose is not."""
        match = self._findings.get(key)
        if match is None and len(key) > 4 and key.endswith("s"):
            for singular in (key[:-1], key[:-2] if key.endswith("es") else None):
                if singular and (match := self._findings.get(singular)) is not None:
                    return singular, match
        return key, match


def _substituted(name: str, phrase: str, alike: float = 0.7) -> bool:
    """Whether ``name`` puts a word of its own where ``phrase`` has another ("eye discharge" for "discharge from the
    penis"), rather than adding to it or leaving out ("pleuritic chest pain" for "pleuritic pain", "stiffness" for
    "back stiffness") or spelling a word otherwise ("thickened skin" for "skin thickening", "peeing" for "pee")."""
    def unmatched(words: list[str], others: list[str]) -> bool:
        return any(len(word) > 2 and word not in FILLER and not any(
            word.startswith(other) or other.startswith(word) or SequenceMatcher(None, word, other).ratio() >= alike
            for other in others if len(other) > 2) for word in words)
    return unmatched(name.split(), phrase.split()) and unmatched(phrase.split(), name.split())


def singular_word(word: str) -> str:
    """A body site or complaint as a finding name has it: "arms" → "arm", "aches" → "ache"; "-ss" words
    ("stiffness") and short ones kept."""
    word = word.strip().lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _polarity(folded: str) -> frozenset[str]:
    return frozenset(word for word in folded.split() if word in POLARITY)


def join_synonyms(findings: dict[str, Match], path: Path, report: ReadReport) -> None:
    """Point every phrase of the synonym table at its target's node, so variants of one finding meet on one node."""
    for line, row in read_tsv_dicts(path, report):
        target = next((findings[key] for key in preferred_keys(row["finding"]) if key in findings), None)
        if target is None:
            report.problem(path, line, "finding not in vocabulary", row["finding"])
            continue
        for key in name_keys(row["phrase"]):
            findings[key] = target


def join_hpo_synonyms(findings: dict[str, Match], terms: Iterable[HpoTerm]) -> None:
    """Point each HPO term's exact synonyms ("Throwing up", "Emesis") at the node its id or label already reaches;
    a phrase another name holds keeps it, an abbreviation or a word that means something else in prose is skipped."""
    by_id = {match.id: match for match in findings.values()}
    for term in terms:
        target = by_id.get(term.id) or next((findings[key] for key in preferred_keys(term.name) if key in findings),
                                            None)
        if target is None:
            continue
        for synonym in term.synonyms:
            if is_acronym(synonym) or NOT_PHENOTYPES.search(synonym):
                continue
            for key in name_keys(synonym):
                if key not in AMBIGUOUS and len(key) > 3:
                    findings.setdefault(key, target)


def everyday_names(path: Path = SYNONYMS) -> dict[str, tuple[str | None, str | None]]:
    """A finding's folded name → the first English and the first Chinese phrase the synonym table gives it (the
    everyday words for it: "sore throat" and 咽痛 for Pharyngitis)."""
    names: dict[str, tuple[str | None, str | None]] = {}
    for _, row in read_tsv_dicts(path, ReadReport()):
        english, chinese = names.get(fold(row["finding"]), (None, None))
        if CJK.search(row["phrase"]):
            chinese = chinese or row["phrase"]
        else:
            english = english or row["phrase"]
        names[fold(row["finding"])] = (english, chinese)
    return names


def read_hpo_labels(path: Path, report: ReadReport) -> Iterator[Match]:
    """HPO terms with their English label and, as a synonym, the official Chinese one."""
    for _, row in read_tsv_dicts(path, report):
        if row.get("predicate_id") != "rdfs:label" or NOT_PHENOTYPES.search(row.get("source_value", "")):
            continue
        synonyms = (row["translation_value"],) if row.get("translation_value") else ()
        yield Match(row["subject_id"], NodeLabel.PHENOTYPE, row["source_value"], synonyms)
