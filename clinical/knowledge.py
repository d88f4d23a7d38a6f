"""The graph's disease → finding knowledge, read once into memory for fast ranking and interviews.

``DiagnosisKnowledge.load(runner)`` reads every active ``PRESENTS`` link (a few tens of thousands) and each disease's
treatment count; a consultation turn then costs microseconds of arithmetic, not a graph query. ``reload`` after an
ingest picks up new links. P(finding | disease) is the link's best evidence confidence (sources state a frequency
there; a plain link is 0.5), raised a little when several independent sources agree.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from clinical import templates
from clinical.patient import Sex
from graph.models import NodeLabel
from query.safety import ReadOnlyRunner
from vocabulary.chinese import first_chinese
from vocabulary.findings import SYNONYMS, FindingIndex, Match, join_hpo_synonyms, join_synonyms, name_keys
from vocabulary.hpo import hpo_terms
from vocabulary.readers import ReadReport

MAX_EXPECTED = 0.95
AGREEMENT_BONUS = 0.1  # per further source that states the same link
# Sources whose evidence confidence is a stated frequency (share of patients); see ingest/sources/findings.py.
FREQUENCY_SOURCES = ("do-symptoms", "medquad-symptoms", "columbia-symptoms")
CO_OCCURRENCE = 0.3  # a link without a stated frequency (Hetionet's HSDN literature co-occurrence, extractions)
ROW_LIMIT = 2_000_000
# NIH's Genetic and Rare Diseases (GARD) and Genetics Home Reference pages: a disease known only from them is rare
# (US prevalence under 200,000, the Orphan Drug Act's definition GARD follows)
RARE_SITES = ("https://rarediseases.info.nih.gov/", "http://rarediseases.info.nih.gov/", "https://ghr.nlm.nih.gov/",
              "http://ghr.nlm.nih.gov/")
RARE_PRIOR = -1.0  # log prior of a rare disease against one with the same treatments, chosen on dev
# Diseases of one sex (MeSH headings: Genital Diseases, Female; Pregnancy Complications; Puerperal Disorders — and
# Genital Diseases, Male), not through Fetal Diseases or Abortion, Veterinary; see templates.sex_specific_diseases
FEMALE_HEADINGS = ("MESH:D005831", "MESH:D011248", "MESH:D011644")
MALE_HEADINGS = ("MESH:D005832",)
NOT_MATERNAL = ("MESH:D005315", "MESH:D000034")
HIERARCHY_SOURCE = "mesh"
# a disease of one sex concerns half of the patients: log(1/2) when the patient's sex is not known; ruled out for the
# other sex
SEX_UNKNOWN_PRIOR = math.log(0.5)


@dataclass
class DiagnosisKnowledge:
    expected: dict[str, dict[str, float]]  # disease → finding → P(finding | disease)
    sources: dict[tuple[str, str], tuple[str, ...]]
    disease_names: dict[str, str]
    disease_zh: dict[str, str]
    finding_names: dict[str, str]
    finding_zh: dict[str, str]
    treatments: dict[str, int]
    index: FindingIndex
    rare: frozenset[str] = frozenset()
    stated_as: dict[tuple[str, str], str] = field(default_factory=dict)  # (disease, finding) → the finding stated
    background: dict[str, float] = field(default_factory=dict)
    presented_by: dict[str, set[str]] = field(default_factory=dict)
    # findings that are diseases of their own with no finding listed ("Conjunctivitis"): a candidate when stated
    named_diseases: frozenset[str] = frozenset()
    sex_of: dict[str, Sex] = field(default_factory=dict)  # diseases of one sex only (prostate, ovary, pregnancy)

    @classmethod
    def load(cls, runner: ReadOnlyRunner) -> "DiagnosisKnowledge":
        runner = ReadOnlyRunner(runner.driver, runner.database, timeout_s=max(runner.timeout_s, 120.0),
                                row_limit=ROW_LIMIT)
        expected: dict[str, dict[str, float]] = defaultdict(dict)
        sources: dict[tuple[str, str], tuple[str, ...]] = {}
        names: dict[str, str] = {}
        names_zh: dict[str, str] = {}
        findings: dict[str, str] = {}
        findings_zh: dict[str, str] = {}
        lexicon: dict[str, Match] = {}
        seen: set[str] = set()
        statements: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # disease → [evidence, from rare pages]
        for row in runner.run(templates.presents_links(), {"frequency_sources": list(FREQUENCY_SOURCES),
                                                           "rare_sites": list(RARE_SITES)}):
            disease, finding = row["disease_id"], row["finding_id"]
            statements[disease][0] += row["evidence"]
            statements[disease][1] += row["rare_evidence"]
            agreeing = max(0, len(row["sources"]) - 1)
            stated = max(row["stated"]) if row["stated"] else CO_OCCURRENCE
            expected[disease][finding] = min(MAX_EXPECTED, float(stated) + AGREEMENT_BONUS * agreeing)
            sources[(disease, finding)] = tuple(row["sources"])
            names[disease] = row["disease"]
            findings[finding] = row["finding"]
            for label, mapping, synonyms in ((disease, names_zh, row["disease_synonyms"]),
                                             (finding, findings_zh, row["finding_synonyms"])):
                zh = first_chinese(synonyms)
                if zh:
                    mapping.setdefault(label, zh)
            if finding not in seen:
                seen.add(finding)
                match = Match(finding, NodeLabel.PHENOTYPE, row["finding"])
                for text in (row["finding"], *row["finding_synonyms"]):
                    for key in name_keys(text):
                        lexicon.setdefault(key, match)
        join_hpo_synonyms(lexicon, hpo_terms())
        join_synonyms(lexicon, SYNONYMS, ReadReport())
        treatments = {row["disease_id"]: int(row["treatments"]) for row in runner.run(templates.treatment_counts())}
        named_diseases = set()
        for row in runner.run(templates.diseases_among(), {"ids": [f for f in findings if f not in expected]}):
            named_diseases.add(row["disease_id"])
            names[row["disease_id"]] = row["disease"]
            treatments[row["disease_id"]] = int(row["treatments"])
            zh = first_chinese(row["disease_synonyms"])
            if zh:
                names_zh.setdefault(row["disease_id"], zh)
        rare = frozenset(disease for disease, (total, from_rare) in statements.items() if total and from_rare == total)
        sex_of = {row["disease_id"]: Sex(row["sex"]) for row in runner.run(templates.sex_specific_diseases(), {
            "female": list(FEMALE_HEADINGS), "male": list(MALE_HEADINGS), "not_maternal": list(NOT_MATERNAL),
            "hierarchy_source": HIERARCHY_SOURCE})}
        stated_as = split_combined(expected, sources, findings)
        knowledge = cls(dict(expected), sources, names, names_zh, findings, findings_zh, treatments,
                        FindingIndex(lexicon, {}), rare, stated_as, named_diseases=frozenset(named_diseases),
                        sex_of=sex_of)
        knowledge._derive()
        return knowledge

    def stated(self, disease: str, finding: str) -> str:
        """The finding a link was stated as: "Nausea and vomiting" for a disease's derived link to Nausea."""
        return self.stated_as.get((disease, finding), finding)

    def _derive(self) -> None:
        presented_by: dict[str, set[str]] = defaultdict(set)
        for disease, links in self.expected.items():
            for finding in links:
                presented_by[finding].add(disease)
        total = max(1, len(self.expected))
        self.presented_by = dict(presented_by)
        self.background = {f: (len(ds) + 1) / (total + 2) for f, ds in presented_by.items()}

    def log_prior(self, disease: str, sex: Sex | None = None) -> float:
        """Diseases the graph knows treatments for are, in practice, the commoner ones: log(1 + treatments) / 2; a
        disease whose findings only rare-disease pages state gets ``RARE_PRIOR`` on top, and a disease of one sex
        ``SEX_UNKNOWN_PRIOR`` when the patient's sex is not known (``possible`` rules out the other sex)."""
        prior = 0.5 * math.log1p(self.treatments.get(disease, 0)) + (RARE_PRIOR if disease in self.rare else 0.0)
        return prior + (SEX_UNKNOWN_PRIOR if sex is None and disease in self.sex_of else 0.0)

    def possible(self, disease: str, sex: Sex | None) -> bool:
        """False for a disease of the other sex than the patient's (prostate cancer in a woman)."""
        return sex is None or self.sex_of.get(disease, sex) is sex

    def name(self, entity_id: str, language: str = "en") -> str:
        if language == "zh":
            zh = self.disease_zh.get(entity_id) or self.finding_zh.get(entity_id)
            if zh:
                return zh
        return self.disease_names.get(entity_id) or self.finding_names.get(entity_id) or entity_id

    @property
    def size(self) -> dict[str, int]:
        return {"diseases": len(self.expected), "findings": len(self.presented_by),
                "links": sum(len(links) for links in self.expected.values())}


COMBINED = re.compile(r"(.+?) and (.+)", re.IGNORECASE)


def split_combined(expected: dict[str, dict[str, float]], sources: dict[tuple[str, str], tuple[str, ...]],
                   findings: dict[str, str]) -> dict[tuple[str, str], str]:
    """A finding named "A and B" whose parts are findings themselves ("Nausea and vomiting": 111 diseases) states
    both: each of its links counts for A and for B too (unless the disease links A or B itself). Returns the derived
    (disease, part) pairs with the finding they were stated as, for the evidence."""
    by_name = {name.lower(): finding for finding, name in findings.items()}
    parts_of = {}
    for finding, name in findings.items():
        match = COMBINED.fullmatch(name)
        if match and (first := by_name.get(match[1].lower())) and (second := by_name.get(match[2].lower())):
            parts_of[finding] = (first, second)
    stated_as: dict[tuple[str, str], str] = {}
    for disease, links in expected.items():
        for combined in [f for f in links if f in parts_of]:
            for part in parts_of[combined]:
                if part not in links:
                    links[part] = links[combined]
                    sources[(disease, part)] = sources[(disease, combined)]
                    stated_as[(disease, part)] = combined
    return stated_as
