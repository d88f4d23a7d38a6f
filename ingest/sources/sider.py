"""SIDER 4.1: side effects (``CAUSES`` drug → AdverseEvent, MedDRA preferred terms) and label indications.

Licence CC BY-NC-SA 4.0: importable for research, never part of the default demo import.
Drugs are STITCH flat ids (``CID1`` + PubChem CID); they are matched through PubChem ids (DrugCentral) and the
STITCH → DrugBank table of the dhimmel derivative.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.models import Entity, NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport, read_tsv, read_tsv_dicts
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec

SE_COLUMNS = 6  # STITCH flat, STITCH stereo, UMLS on label, MedDRA type, UMLS of MedDRA term, name


def read_sider(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    resolver = SourceIdResolver(vocabulary, SIDER.name, report)
    indications = list(read_tsv_dicts(folder / "indications_drugbank.tsv.gz", report))
    drugbank_of = {row["stitch_id_flat"]: row["drugbank_id"] for _, row in indications}
    drugs: dict[str, Entity | None] = {}

    def drug(stitch: str, name: str = "") -> Entity | None:
        if stitch not in drugs:
            pubchem = f"PUBCHEM:{int(stitch[3:]) - 100000000}" if stitch[3:].isdigit() else ""
            found = vocabulary.entity(pubchem, SIDER.name, NodeLabel.DRUG) if pubchem else None
            if found is None and stitch in drugbank_of:
                found = resolver.entity(f"DRUGBANK:{drugbank_of[stitch]}", NodeLabel.DRUG, name)
            drugs[stitch] = found
        return drugs[stitch]

    path = folder / "meddra_all_se.tsv.gz"
    for line, fields in read_tsv(path, report, header=False, columns=SE_COLUMNS):
        stitch, _, _, meddra_type, cui, name = fields
        if meddra_type != "PT":
            continue
        head = drug(stitch)
        if head is None:
            report.problem(path, line, "drug not in vocabulary", stitch)
            continue
        effect = resolver.entity(f"UMLS:{cui}", NodeLabel.ADVERSE_EVENT, name)
        relation = resolver.relation(RelType.CAUSES, head, effect, SIDER.evidence(
            f"{head.name} side effect: {name} (SIDER 4.1, from drug labels)"))
        if relation is not None:
            yield head
            yield effect
            yield relation
    yield from _indications(folder / "indications_drugbank.tsv.gz", indications, resolver, drug)


def _indications(path, rows, resolver: SourceIdResolver, drug) -> Iterator[Fact]:  # type: ignore[no-untyped-def]
    for line, row in rows:
        if row["method"] != "NLP_indication":
            continue
        head = drug(row["stitch_id_flat"], row["drugbank_name"])
        disease_id = resolver.vocabulary.canonical_id(f"UMLS:{row['umls_cui_from_meddra']}", NodeLabel.DISEASE) or \
            resolver.vocabulary.canonical_id(f"UMLS:{row['umls_cui_from_label']}", NodeLabel.DISEASE)
        if head is None or disease_id is None:
            resolver.report.problem(path, line, "indication not mapped to a disease", row["concept_name"])
            continue
        disease = resolver.entity(disease_id, NodeLabel.DISEASE, row["concept_name"])
        relation = resolver.relation(RelType.INDICATED_FOR, head, disease, SIDER.evidence(
            f"{row['drugbank_name']} indicated for {row['concept_name']} (SIDER 4.1, label text mining)",
            confidence=0.9))
        if relation is not None:
            yield head
            yield disease
            yield relation


SIDER = SourceSpec(
    name="sider", title="SIDER 4.1 (side effects and indications from drug labels)", version="4.1",
    license="CC BY-NC-SA 4.0 (non-commercial)", url="http://sideeffects.embl.de", folder="sider4",
    reader=read_sider, default=False, notes="non-commercial: not in the demo",
)
