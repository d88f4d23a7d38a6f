"""The words a note can use for the graph's problems and drugs, read once from the graph and the vocabulary.

Names come from the graph's own nodes (diseases, symptoms, side effects, drugs, drug classes: name and synonyms,
Chinese names included) and, for those same nodes, the vocabulary's names, entry terms (MeSH 2024: brand names such as
"Lasix"), lay phrasings and clinical abbreviations ("HTN", "CHF"). Only nodes in the graph are tagged, so every
linked item is a graph entity. Words that name a concept in a dictionary but mean something else in a note ("all",
"lead", "mass") are not tagged; lab analytes that are also chemicals ("creatinine", "potassium") are tagged as drugs
but the medication reader keeps them only with a dose.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from clinical import templates
from clinical.notes import chinese as zh_terms
from clinical.notes.measures import MeasureFindings
from graph.models import NodeLabel
from query.safety import ReadOnlyRunner
from vocabulary.chinese import first_chinese, states_all, zh_key
from vocabulary.findings import AMBIGUOUS, CJK, SYNONYMS
from vocabulary.normalize import ORGAN_FORMS, name_variants
from vocabulary.readers import ReadReport, read_tsv_dicts
from vocabulary.tagger import TermTagger
from vocabulary.vocabulary import LAY_TERMS, LayTerm

PROBLEM_LABELS = {NodeLabel.DISEASE.value: "disease", NodeLabel.PHENOTYPE.value: "finding",
                  NodeLabel.ADVERSE_EVENT.value: "finding"}
DRUG_LABELS = {NodeLabel.DRUG.value, NodeLabel.DRUG_CLASS.value}
# Problem words kept although the finding index finds them too vague for a symptom interview.
NOTE_PROBLEMS = frozenset({"pain", "depression", "infection", "shock", "injury", "syndrome", "wound"})
NOT_IN_NOTES = (AMBIGUOUS - NOTE_PROBLEMS) | frozenset({
    "history", "patient", "procedure", "complaint", "examination", "diagnosis", "unknown", "plan", "follow",
    "positive", "negative", "stable", "left", "right", "back", "well", "good", "fine", "today", "day", "case",
    "complication", "complications", "lesion", "lesions", "problem", "problems", "exposure", "tolerance", "use",
    "medication", "medications", "agent", "agents", "treatment", "therapy", "control", "sensitivity", "rest", "sleep",
    "weight", "age", "diet", "exercise", "smoking", "alcohol", "tobacco", "water", "air", "oxygen", "food", "salt",
    "sugar", "caffeine", "coffee", "tea", "milk", "blood", "urine", "plasma", "serum", "saliva", "fluid", "fluids",
    "vitamins", "element", "elements", "lead", "gold", "silver", "iron", "zinc", "copper", "light", "heat", "cold",
    "fat", "fats", "protein", "proteins", "hormone", "hormones", "enzymes", "antibodies", "cells", "tissue",
    "contrast", "dye", "ice", "bed", "home", "house", "work", "job", "school", "family", "mother", "father",
    "spouse", "child", "children", "men", "women", "pregnancy", "labor", "birth", "lactation", "obesity surgery",
    "a", "an", "as", "at", "be", "by", "in", "is", "it", "of", "on", "or", "to", "up", "us", "we", "he", "she",
    "per", "via", "may", "can", "will", "non", "pt", "md", "dr", "ms", "mr", "mrs", "ml", "mg", "kg", "cm",
    "mm", "hr", "min", "sec", "bid", "tid", "qid", "prn", "po", "iv", "im", "sc", "ed", "er", "icu", "or",
    "ct", "mri", "us", "pet", "ekg", "ecg", "eeg", "cbc", "bmp", "cmp",
    # qualifiers that the phenotype ontology lists as terms of their own
    "healthy", "bilateral", "unilateral", "generalized", "localized", "distal", "proximal", "diffuse", "focal",
    "symmetric", "asymmetric", "intermittent", "persistent", "constant", "mild", "moderate", "profound",
    "increased", "decreased", "elevated", "reduced", "abnormal", "normal", "absent", "present", "large", "small",
    "tall", "short", "fast", "slow", "high", "low", "childhood", "adult", "congenital", "acquired", "hereditary",
    "death", "died", "alive", "born", "pregnant", "recurrence", "relapse", "remission", "flare", "tender",
    "stress", "tension", "lateral", "medial", "central", "anterior", "posterior", "period", "arms", "arm", "legs",
    "family history", "birth weight", "sinus rhythm", "normal sinus rhythm", "regular rhythm", "stable",
})
# Chemicals that a note names as lab results far more often than as medications.
ANALYTES = frozenset({
    "creatinine", "hemoglobin", "hemoglobins", "hematocrit", "cholesterol", "triglycerides", "potassium", "sodium",
    "chloride", "calcium", "magnesium", "phosphorus", "phosphate", "glucose", "bilirubin", "albumin", "troponin",
    "troponin i", "troponin t", "urea", "nitrogen", "bicarbonate", "lactate", "lactic acid", "carbon dioxide",
    "ferritin", "hdl", "ldl", "cortisol", "testosterone", "estrogen", "estradiol", "progesterone", "thyroxine",
    "insulin-like growth factor i", "ammonia", "uric acid", "amylase", "lipase", "creatine", "creatine kinase",
    "ethanol", "nicotine", "cocaine", "marijuana", "cannabis", "heroin", "methamphetamine", "oxygen", "blood sugar",
    "blood sugars", "blood glucose", "sugars",
})
MIN_CHARS = 3


@dataclass(frozen=True)
class Term:
    """What a tagged name means: the graph id, its kind, its preferred name and how the words matched."""

    id: str
    label: str
    name: str
    name_zh: str | None
    method: str
    therapeutic: bool = True

    @property
    def linked(self) -> bool:
        return bool(self.id)

    @property
    def is_problem(self) -> bool:
        return self.label in PROBLEM_LABELS

    @property
    def is_drug(self) -> bool:
        return self.label in DRUG_LABELS


ZH_PROBLEM_LABELS = frozenset({NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT})
ZH_DRUG_LABELS = frozenset({NodeLabel.DRUG, NodeLabel.DRUG_CLASS})
ZH_MIN_SCORE = 0.6  # the vocabulary linker's threshold


class NoteLexicon:
    """``NoteLexicon.load(runner, vocabulary)``; ``tag(text)`` yields ``(start, end, Term)``: the graph's names
    found in the text and, in Chinese text, terms found by their form (``clinical.notes.chinese``), linked through
    the vocabulary's Chinese index where it can (else a Term without an id: an unlinked problem or drug)."""

    def __init__(self, tagger: TermTagger[Term], size: int, terms: dict[str, Term] | None = None,
                 chinese_index: Any | None = None, measures: MeasureFindings[Term] | None = None) -> None:
        self.tagger = tagger
        self.measures = measures
        self.entities = size
        self.terms = terms or {}
        self.chinese_index = chinese_index
        graph_words = zh_terms.known_pairs(t.name_zh for t in self.terms.values() if t.name_zh)
        self.zh_words = graph_words | frozenset(chinese_index.grams if chinese_index is not None else ())

    @classmethod
    def load(cls, runner: ReadOnlyRunner, vocabulary: Any | None = None) -> "NoteLexicon":
        runner = ReadOnlyRunner(runner.driver, runner.database, timeout_s=max(runner.timeout_s, 120.0),
                                row_limit=2_000_000)
        rows = runner.run(templates.note_lexicon())
        return cls.from_rows(rows, vocabulary)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], vocabulary: Any | None = None) -> "NoteLexicon":
        # Preferred nodes first, so a name shared by two nodes of one condition links to the canonical one
        # (MeSH symptom "Nausea" before SIDER's side effect "Nausea"): diseases, symptoms and drugs before side
        # effects and classes, then MeSH before DO, HPO and UMLS ids.
        ranked = sorted((row for row in rows if _label(row["labels"])), key=_preference)
        nodes = {row["id"]: row for row in ranked}
        families = _product_families(nodes.values())
        names: list[tuple[str, Term]] = []
        synonyms: list[tuple[str, Term]] = []
        terms: dict[str, Term] = {}
        for node_id, row in nodes.items():
            label = _label(row["labels"])
            zh = first_chinese(row["synonyms"])
            therapeutic = bool(row.get("therapeutic", True)) or row["name"].lower() in families
            term = Term(node_id, label, row["name"], zh, "name", therapeutic)
            names.append((row["name"], term))
            terms[node_id] = term
            synonym = Term(node_id, label, row["name"], zh, "synonym", therapeutic)
            synonyms.extend((s, synonym) for s in row["synonyms"])
            entry = vocabulary.get(node_id) if vocabulary is not None else None
            if entry is not None:
                # and the name's other surface forms ("Type 2 Diabetes Mellitus", "Trimethoprim-Sulfamethoxazole")
                synonyms.extend((s, synonym) for s in (entry.name, *entry.synonyms, *name_variants(entry.name)))
        abbreviations: list[tuple[str, Term]] = []
        for lay in _lay_terms(vocabulary):
            row = nodes.get(lay.id)
            if row is not None:
                label = _label(row["labels"])
                method = "abbreviation" if lay.kind == "abbreviation" else "lay term"
                abbreviations.append((lay.text, Term(lay.id, label, row["name"], None, method)))
        phrasings = [*_finding_phrasings(names), *_organ_phrasings(names)]
        pairs = [(text, term) for text, term in (*names, *abbreviations, *phrasings, *synonyms)
                 if _usable(text, term)]
        index = vocabulary.chinese_index if vocabulary is not None and hasattr(vocabulary, "chinese_index") else None
        problems = {name.lower(): term for name, term in reversed(names) if term.is_problem}
        measures = MeasureFindings.build(
            lambda name: replace(problems[name.lower()], method="measure") if name.lower() in problems else None)
        return cls(TermTagger.build(pairs), len(nodes), terms, index, measures)

    def tag(self, text: str) -> list[tuple[int, int, Term]]:
        found = list(self.tagger.tag(text))
        if CJK.search(text):
            found = self._with_chinese_forms(text, found)
        if self.measures is not None:
            found = self._with_measures(text, found)
        return found

    def _with_measures(self, text: str, found: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """A measurement said to be high or low ("Glucose was elevated") names its finding, in place of the analyte
        tagged inside it ("Glucose" as a chemical); never where a problem is already tagged there ("high blood
        pressure") or across another tagged name."""
        kept = list(found)
        for start, end, term in self.measures.spans(text):
            inside = [item for item in kept if start <= item[0] and item[1] <= end]
            if any(item[2].is_problem for item in inside) or \
                    any(item[0] < end and start < item[1] for item in kept if item not in inside):
                continue
            for item in inside:
                kept.remove(item)
            kept.append((start, end, term))
        return sorted(kept, key=lambda item: item[0])

    def _with_chinese_forms(self, text: str, found: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """Chinese terms found by their form: a new mention where no name was tagged, or the longer, more specific
        span in place of a tagged name inside it when the longer one links (直肠腺癌 over 腺癌)."""
        kept = list(found)
        for spans, is_drug in ((zh_terms.problem_spans(text, self.zh_words), False),
                               (zh_terms.drug_spans(text, self.zh_words), True)):
            for start, end in spans:
                inside = [item for item in kept if start <= item[0] and item[1] <= end]
                if any(item[0] < end and start < item[1] for item in kept if item not in inside):
                    continue  # crosses a tagged name: the name's boundaries win
                linked = zh_terms.link_span(text[start:end], is_drug, self._link_chinese)
                if inside and linked is None and not zh_terms.changes_the_name(text, start, end, inside, is_drug):
                    continue  # the head is a tagged name (乙肝肝硬化, 长期口服氨氯地平): keep the names
                if inside and linked is not None and any((item[0], item[1]) == (start + linked[2], end)
                                                         for item in inside):
                    continue  # the tagged name already is what links
                # else the longer span wins: it links, or the names inside are parts of a word the graph does
                # not know (叶酸 in 亚叶酸钙, leucovorin)
                for item in inside:
                    kept.remove(item)
                if linked is not None:
                    start += linked[2]  # the words that name what is linked
                kept.append((start, end, self._term(text[start:end], is_drug, linked)))
        return sorted(kept, key=lambda item: item[0])

    def _link_chinese(self, span: str, is_drug: bool) -> tuple[str, str] | None:
        if self.chinese_index is None:
            return None
        labels = ZH_DRUG_LABELS if is_drug else ZH_PROBLEM_LABELS
        for match in self.chinese_index.candidates(span, 3, labels):
            term = self.terms.get(match.id)
            if match.score < ZH_MIN_SCORE or term is None or term.is_drug != is_drug:
                continue
            if match.method == "fuzzy" and (is_drug or not states_all(zh_key(span), zh_key(match.name))):
                continue  # never a more specific concept than the note states (肿大 is not 脾肿大); a drug's
                # name only as written (亚叶酸钙, leucovorin, is not 叶酸, folic acid)
            return match.id, f"zh-{match.method}"
        return None

    def _term(self, span: str, is_drug: bool, linked: tuple[str, str] | None) -> Term:
        if linked is not None:
            term = self.terms[linked[0]]
            return Term(term.id, term.label, term.name, term.name_zh, linked[1], term.therapeutic)
        label = NodeLabel.DRUG.value if is_drug else zh_terms.problem_label(span)
        return Term("", label, span, span, "unlinked")


# A family needs this many therapeutic products before its bare name counts as a medication: "insulin" has seven
# (glargine, detemir, lispro, …); a single salt ("gold sodium thiomalate") does not make "gold" a medication.
MIN_FAMILY_PRODUCTS = 5


def _product_families(rows: Any) -> set[str]:
    """Lower-case first words shared by several therapeutic drugs' names: a drug named by its family ("insulin")
    is a medication because its products ("insulin glargine", "insulin lispro") treat something."""
    heads = Counter(row["name"].lower().split()[0] for row in rows
                    if row.get("therapeutic", True) and _label(row["labels"]) == NodeLabel.DRUG.value
                    and " " in row["name"])
    return {head for head, products in heads.items() if products >= MIN_FAMILY_PRODUCTS}


def _finding_phrasings(names: list[tuple[str, Term]]) -> list[tuple[str, Term]]:
    """Everyday and clinical phrasings of common findings (``vocabulary/finding_synonyms.tsv``) → their nodes."""
    problems = {}
    for name, term in names:
        if term.is_problem:
            problems.setdefault(name.lower(), term)
    phrasings = []
    for _, row in read_tsv_dicts(SYNONYMS, ReadReport()):
        term = problems.get(row["finding"].lower())
        if term is not None:
            phrasings.append((row["phrase"], Term(term.id, term.label, term.name, term.name_zh, "synonym")))
    return phrasings


# "kidney problems", "thyroid abnormalities", "liver issues", "renal lesions", "colon abnormalities": an organ (its noun
# or adjective) and a word for trouble name the organ's diseases (MeSH "Kidney Diseases", "Colonic Diseases"). Only
# one-word organs; not the veterinary or epidemiological groupings.
ORGAN_TROUBLE = ("problem", "problems", "issue", "issues", "abnormality", "abnormalities", "disorder", "disorders",
                 "trouble", "lesion", "lesions", "damage", "dysfunction", "involvement")
NOT_ORGANS = frozenset({"animal", "bird", "cat", "cattle", "dog", "fish", "horse", "monkey", "poultry", "primate",
                        "rodent", "sheep", "swine", "goat", "plant", "occupational", "communicable", "foodborne",
                        "deficiency", "combat", "fetal", "rare", "genetic", "chronic", "acute"})


def _organ_phrasings(names: list[tuple[str, Term]]) -> list[tuple[str, Term]]:
    phrasings = []
    for name, term in names:
        organ, _, rest = name.partition(" ")
        if term.label == NodeLabel.DISEASE.value and rest == "Diseases" and organ.isalpha() \
                and organ.lower() not in NOT_ORGANS:
            lay = Term(term.id, term.label, term.name, term.name_zh, "lay term", term.therapeutic)
            for form in (organ.lower(), *ORGAN_FORMS.get(organ.lower(), ())):  # "colon problems", "renal issues"
                phrasings.extend((f"{form} {word}", lay) for word in ORGAN_TROUBLE)
    return phrasings


def _lay_terms(vocabulary: Any | None) -> list[LayTerm]:
    """The vocabulary's lay terms and abbreviations; without a vocabulary, the curated file itself."""
    if vocabulary is not None:
        return list(vocabulary.lay_terms)
    rows = read_tsv_dicts(LAY_TERMS, ReadReport())
    return [LayTerm(row["term"], row["id"], row["kind"]) for _, row in rows]


LABEL_PREFERENCE = {NodeLabel.DISEASE.value: 0, NodeLabel.PHENOTYPE.value: 0, NodeLabel.DRUG.value: 0,
                    NodeLabel.DRUG_CLASS.value: 1, NodeLabel.ADVERSE_EVENT.value: 2}
ID_PREFERENCE = ("MESH:", "DOID:", "HP:", "DRUGBANK:")


def _preference(row: dict[str, Any]) -> tuple[int, int, str]:
    prefix = next((i for i, p in enumerate(ID_PREFERENCE) if row["id"].startswith(p)), len(ID_PREFERENCE))
    return LABEL_PREFERENCE.get(_label(row["labels"]) or "", 3), prefix, row["id"]


def _label(labels: list[str]) -> str | None:
    """A node's kind for notes: a disease that is also a side effect is a disease; drugs before drug classes."""
    for label in (NodeLabel.DISEASE.value, NodeLabel.PHENOTYPE.value, NodeLabel.ADVERSE_EVENT.value,
                  NodeLabel.DRUG.value, NodeLabel.DRUG_CLASS.value):
        if label in labels:
            return label
    return None


def _usable(text: str, term: Term) -> bool:
    folded = text.strip().lower()
    if CJK.search(text):
        return len(text.strip()) >= 2
    if folded in NOT_IN_NOTES or len(folded) < MIN_CHARS and not text.isupper():
        return False
    if len(folded) < 2 or folded.replace(" ", "").isdigit():
        return False
    return not (term.method == "synonym" and "," in text)  # inverted index names ("Pain, Chest") add noise
