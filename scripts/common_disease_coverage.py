"""How many of 41 common diseases have disease → finding links in the configured graph, per source.

The list is the 41 diseases of the public "Disease Prediction Using Machine Learning" symptom data set (Kaggle,
kaushil268), which issue #20 used to state today's coverage; only the disease names are used here (linked through the
vocabulary by name), never any symptom list.

    MEDKG_BOLT_PORT=… .venv/bin/python scripts/common_disease_coverage.py [--min-links 3]
"""

from __future__ import annotations

import argparse
from collections import Counter

from clinical.knowledge import DiagnosisKnowledge
from core.settings import Settings
from graph.driver import open_driver
from query.safety import ReadOnlyRunner
from vocabulary import Vocabulary
from vocabulary.findings import FindingIndex
from vocabulary.readers import ReadReport

COMMON = (
    "fungal infection", "allergy", "gastroesophageal reflux", "cholestasis", "drug hypersensitivity", "peptic ulcer",
    "acquired immunodeficiency syndrome", "diabetes mellitus", "gastroenteritis", "asthma", "hypertension",
    "migraine disorders", "spondylosis", "cerebral hemorrhage", "jaundice", "malaria", "chickenpox", "dengue",
    "typhoid fever", "hepatitis a", "hepatitis b", "hepatitis c", "hepatitis d", "hepatitis e", "alcoholic hepatitis",
    "tuberculosis", "common cold", "pneumonia", "hemorrhoids", "myocardial infarction", "varicose veins",
    "hypothyroidism", "hyperthyroidism", "hypoglycemia", "osteoarthritis", "arthritis",
    "benign paroxysmal positional vertigo", "acne vulgaris", "urinary tract infections", "psoriasis", "impetigo",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-links", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    index = FindingIndex.build(Vocabulary.load_or_build(settings), None, ReadReport())
    driver = open_driver(settings)
    try:
        knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, settings))
    finally:
        driver.close()
    by_source: Counter[str] = Counter()
    covered = 0
    for name in COMMON:
        match = index.disease(name)
        links = knowledge.expected.get(match.id, {}) if match else {}
        covered += len(links) >= args.min_links
        for finding in links:
            by_source.update(knowledge.sources.get((match.id, finding), ()))
        print(f"{name:40s} {match.id if match else '(not linked)':16s} {len(links):4d} links")
    print(f"{covered} of {len(COMMON)} common diseases have ≥ {args.min_links} finding links; links by source: "
          f"{dict(by_source.most_common())}")


if __name__ == "__main__":
    main()
