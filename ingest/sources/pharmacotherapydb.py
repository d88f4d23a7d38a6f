"""PharmacotherapyDB v1.0: physician-curated drug–disease indications (CC0), a source like any other.

DM (disease-modifying) rows become TREATS, SYM (symptomatic) rows PALLIATES; NOT rows are curated
non-indications and are not facts. Confidence grows with the number of curators who agreed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.models import NodeLabel, RelType
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport, read_tsv_dicts
from ingest.sources.base import Fact, SourceIdResolver, SourceSpec

CATEGORY_TO_TYPE = {"DM": RelType.TREATS, "SYM": RelType.PALLIATES}


def read_pharmacotherapydb(folder: Path, vocabulary: Vocabulary, report: ReadReport) -> Iterator[Fact]:
    """The drugs and diseases of every DM/SYM row and one TREATS/PALLIATES relation per row."""
    resolver = SourceIdResolver(vocabulary, PHARMACOTHERAPYDB.name, report)
    path = folder / "indications.tsv"
    for line, row in read_tsv_dicts(path, report):
        rel_type = CATEGORY_TO_TYPE.get(row["category"])
        if rel_type is None:
            if row["category"] != "NOT":
                report.problem(path, line, "unknown category", row["category"])
            continue
        if not row["doid_id"].startswith("DOID:") or not row["drugbank_id"].startswith("DB"):
            report.problem(path, line, "unknown id prefix", f"{row['doid_id']} {row['drugbank_id']}")
            continue
        drug = resolver.entity(f"DRUGBANK:{row['drugbank_id']}", NodeLabel.DRUG, row["drug"], path, line)
        disease = resolver.entity(row["doid_id"], NodeLabel.DISEASE, row["disease"], path, line)
        curators = int(row["n_curators"]) if row["n_curators"].isdigit() else 0
        relation = resolver.relation(rel_type, drug, disease, PHARMACOTHERAPYDB.evidence(
            f"{row['drug']} – {row['disease']}: {row['category']} "
            f"({row['n_curators']} curators, {row['n_resources']} resources)",
            confidence=min(1.0, 0.8 + 0.1 * curators),
        ))
        if relation is not None:
            yield drug
            yield disease
            yield relation


PHARMACOTHERAPYDB = SourceSpec(
    name="pharmacotherapydb", title="PharmacotherapyDB v1.0 (physician-curated indications)", version="1.0",
    license="CC0 1.0", url="https://doi.org/10.6084/m9.figshare.3103054", folder="pharmacotherapydb",
    reader=read_pharmacotherapydb, notes="physician-curated indications",
)
