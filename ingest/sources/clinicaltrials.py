"""ClinicalTrials.gov drug–disease pairs (DrugBank × DO Slim, 2016 snapshot): ``STUDIED_FOR`` edges.

Extraction was automatic, not physician curated: the relation says a drug was investigated for a disease, not that
it works. The number of trials is kept in the evidence text; confidence is 1.0 because the statement itself (a
trial exists) is certain.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.models import NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport, read_tsv_dicts
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec


def read_clinicaltrials(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, CLINICALTRIALS.name, report)
    path = folder / "DrugBank-DO-slim-counts.tsv"
    for line, row in read_tsv_dicts(path, report):
        if not row["compound_id"].startswith("DB") or not row["disease_id"].startswith("DOID:"):
            report.problem(path, line, "unknown id prefix", f"{row['compound_id']} {row['disease_id']}")
            continue
        drug = resolver.entity(f"DRUGBANK:{row['compound_id']}", NodeLabel.DRUG, row["compound_name"], path, line)
        disease = resolver.entity(row["disease_id"], NodeLabel.DISEASE, row["disease_name"], path, line)
        relation = resolver.relation(RelType.STUDIED_FOR, drug, disease, CLINICALTRIALS.evidence(
            f"{row['compound_name']} studied for {row['disease_name']} in {row['n_trials']} "
            f"ClinicalTrials.gov trials"))
        if relation is not None:
            yield drug
            yield disease
            yield relation


CLINICALTRIALS = SourceSpec(
    name="clinicaltrials", title="ClinicalTrials.gov drug–disease pairs (DrugBank × DO Slim, 2016)",
    version="2016", license="CC0 1.0 + CT.gov terms", notes="investigated-for pairs, not curated",
    url="https://github.com/dhimmel/clintrials", folder="clinicaltrials-drug-disease", reader=read_clinicaltrials,
)
