"""DrugCentral 2016: drugs with their cross-references, indications, efficacy targets and pharmacologic classes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graph.models import Entity, NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary import concepts
from vocabulary.findings import FindingIndex
from vocabulary.readers import ReadReport, read_tsv_dicts
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec


def read_drugcentral(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, DRUGCENTRAL.name, report)
    drugs = {
        c.id: resolver.entity(c.id, NodeLabel.DRUG, c.name, folder / "identifiers.tsv.gz")
        for c in concepts.drugcentral(folder, report)
    }
    yield from drugs.values()
    yield from _indications(folder, resolver, drugs)
    yield from _targets(folder, resolver, drugs, vocabulary)
    yield from _classes(folder, resolver, drugs)


# Words in front of an indication that say how severe, how long or what for, not which disease: "Chronic Heart
# Failure", "Acute Decompensated Heart Failure", "Prevention of Dental Caries" name Heart Failure and Dental Caries.
INDICATION_MODIFIER = re.compile(
    r"^(?:acute decompensated|acute|chronic|severe|mild to moderate|moderate to severe|mild|moderate|recurrent|"
    r"refractory|complicated|uncomplicated|advanced|active|symptomatic|prevention of|prophylaxis of)\s+", re.IGNORECASE)


def _indications(folder: Path, resolver: SourceIdResolver, drugs: dict[str, Entity]) -> Iterator[Fact]:
    """INDICATED_FOR drug → disease, the disease found by DOID, else by UMLS CUI (a disease, else a symptom or sign:
    DrugCentral's 453 rows for Pain, Cough, Pruritus, Insomnia, Angina Pectoris, Heartburn, Nausea … had been
    dropped), else by its name (as written, then without a leading modifier: ``INDICATION_MODIFIER``); others are
    counted, not kept."""
    path = folder / "drug_indication.tsv"
    vocabulary = resolver.vocabulary
    diseases = FindingIndex.build(vocabulary, None, ReadReport())  # its findings half is not used here
    for line, row in read_tsv_dicts(path, resolver.report):
        drug = drugs.get(f"DRUGCENTRAL:{row['DRUG_ID']}")
        disease_id = None
        if row["DOID"]:
            disease_id = vocabulary.canonical_id(row["DOID"], NodeLabel.DISEASE)
        if disease_id is None and row["UMLS_CUI"]:
            disease_id = vocabulary.canonical_id(f"UMLS:{row['UMLS_CUI']}", NodeLabel.DISEASE)
        if disease_id is None and row["UMLS_CUI"]:  # a symptom treated: Pain, Cough, Insomnia, Angina Pectoris …
            disease_id = vocabulary.canonical_id(f"UMLS:{row['UMLS_CUI']}", NodeLabel.PHENOTYPE)
        if disease_id is None:
            disease_id = indication_by_name(row["INDICATION_FDB"], diseases)
        if drug is None or disease_id is None:
            resolver.report.problem(path, line, "indication not mapped to a disease", row["INDICATION_FDB"])
            continue
        disease = resolver.entity(disease_id, NodeLabel.DISEASE, row["INDICATION_FDB"])
        relation = resolver.relation(RelType.INDICATED_FOR, drug, disease, DRUGCENTRAL.evidence(
            f"{row['DRUG_NAME']} indicated for {row['INDICATION_FDB']} (DrugCentral, FDB/OMOP)"))
        if relation is not None:
            yield disease
            yield relation


def indication_by_name(text: str, index: FindingIndex) -> str | None:
    """The disease an indication names (``FindingIndex.disease``), as written or without its leading modifiers."""
    for _ in range(3):
        found = index.disease(text)
        if found is not None:
            return found.id
        stripped = INDICATION_MODIFIER.sub("", text)
        if stripped == text:
            return None
        text = stripped
    found = index.disease(text)
    return found.id if found is not None else None


def _targets(
    folder: Path, resolver: SourceIdResolver, drugs: dict[str, Entity], vocabulary: Vocabulary,
) -> Iterator[Fact]:
    """TARGETS drug → gene; gene symbols are matched to Entrez genes by their (Hetionet) symbol."""
    genes = {e.name: e.id for e in vocabulary.entries.values() if e.label is NodeLabel.GENE}
    path = folder / "drug_target.tsv"
    for line, row in read_tsv_dicts(path, resolver.report):
        drug = drugs.get(f"DRUGCENTRAL:{row['DRUG_ID']}")
        for symbol in filter(None, row["GENE"].split("|")):
            gene_id = genes.get(symbol)
            if drug is None or gene_id is None:
                resolver.report.problem(path, line, "target gene not in vocabulary", symbol)
                continue
            gene = resolver.entity(gene_id, NodeLabel.GENE, symbol)
            action = row["ACTION_TYPE"].lower() or "acts on"
            url = row["REFERENCE"] if row["REFERENCE"].startswith("http") else None
            relation = resolver.relation(RelType.TARGETS, drug, gene, DRUGCENTRAL.evidence(
                f"{row['DRUG_NAME']}: {action} {row['TARGET_NAME']} ({row['SOURCE']})", url=url))
            if relation is not None:
                yield gene
                yield relation


def _classes(folder: Path, resolver: SourceIdResolver, drugs: dict[str, Entity]) -> Iterator[Fact]:
    path = folder / "pharm_class.tsv.gz"
    for line, row in read_tsv_dicts(path, resolver.report):
        drug = drugs.get(f"DRUGCENTRAL:{row['DRUG_ID']}")
        class_id = concepts.drugcentral_class_id(row["SOURCE"], row["CLASS_SOURCE_ID"])
        if drug is None or class_id is None:
            resolver.report.problem(path, line, "unknown id prefix", f"{row['SOURCE']} {row['CLASS_SOURCE_ID']}")
            continue
        drug_class = resolver.entity(class_id, NodeLabel.DRUG_CLASS, row["CLASS"], path, line)
        relation = resolver.relation(RelType.HAS_CLASS, drug, drug_class, DRUGCENTRAL.evidence(
            f"{row['DRUG_NAME']} {row['TYPE']} {row['CLASS']} ({row['SOURCE']})"))
        if relation is not None:
            yield drug_class
            yield relation


DRUGCENTRAL = SourceSpec(
    name="drugcentral", title="DrugCentral (2016 release)", version="2016", license="CC BY 4.0",
    url="https://drugcentral.org", folder="drugcentral-2016", reader=read_drugcentral,
)
