"""PharmacotherapyDB v1.0: physician-curated drug–disease indications (CC0), as a plain generator of facts.

DM (disease-modifying) rows become TREATS, SYM (symptomatic) rows PALLIATES; NOT rows are curated
non-indications and are not facts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from graph.models import Document, DocumentLabel, Entity, Evidence, NodeLabel, Relation, RelType

SOURCE = "pharmacotherapydb"
VERSION = "1.0"
LICENSE = "CC0-1.0"
URL = "https://doi.org/10.6084/m9.figshare.3103054"
CATEGORY_TO_TYPE = {"DM": RelType.TREATS, "SYM": RelType.PALLIATES}


def release_document() -> Document:
    return Document(
        id=f"{SOURCE}@{VERSION}", label=DocumentLabel.SOURCE_RELEASE, title="PharmacotherapyDB v1.0",
        source=SOURCE, version=VERSION, url=URL,
    )


def read_indications(folder: Path) -> Iterator[Entity | Relation]:
    """Yield the drug and disease entities and one relation per DM/SYM indication row."""
    path = folder / "indications.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rel_type = CATEGORY_TO_TYPE.get(row["category"])
            if rel_type is None:
                continue
            drug_id, disease_id = f"DRUGBANK:{row['drugbank_id']}", row["doid_id"]
            yield Entity(id=drug_id, label=NodeLabel.DRUG, name=row["drug"], sources=(SOURCE,))
            yield Entity(id=disease_id, label=NodeLabel.DISEASE, name=row["disease"], sources=(SOURCE,))
            confidence = min(1.0, 0.8 + 0.1 * int(row["n_curators"] or 0))
            yield Relation(
                type=rel_type, head=drug_id, tail=disease_id,
                evidence=(Evidence(
                    source=SOURCE, source_version=VERSION, document_id=release_document().id,
                    text=f"{row['drug']} – {row['disease']}: {row['category']} "
                         f"({row['n_curators']} curators, {row['n_resources']} resources)",
                    confidence=confidence, url=URL,
                ),),
            )
