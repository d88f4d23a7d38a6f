"""Whole openFDA labels (the shared gzipped JSONL of 308 labels) → population warnings kept verbatim
(``ingest.pipeline.label_warnings``); pure units on the real file, no Neo4j."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from graph.models import Population, WarningKind
from ingest.pipeline.label_warnings import label_warnings
from ingest.pipeline.sources import expand_paths
from ingest.readers.openfda import read_openfda
from ingest.readers.spl import load_loinc_sections
from ingest.readers.types import Rejected, SourceDocument
from tests.conftest import DATA_DIR

LABELS = DATA_DIR / "fda-labels-full" / "fda_labels_dev.jsonl.gz"
SECTIONS = load_loinc_sections(DATA_DIR / "openfda" / "spl-loinc-sections.csv")


@cache
def _documents() -> tuple[SourceDocument, ...]:
    items = list(read_openfda(LABELS, loinc_sections=SECTIONS))
    assert all(isinstance(item, SourceDocument) for item in items)
    return tuple(items)


def _label(generic: str) -> SourceDocument:
    return next(d for d in _documents() if any(generic in name.lower() for name in d.product.names))


def _by_set_id(prefix: str) -> SourceDocument:
    return next(d for d in _documents() if str(d.properties.get("set_id")).startswith(prefix))


def _raw(set_id: str) -> dict:
    with gzip.open(LABELS, "rt", encoding="utf-8") as handle:
        return next(record for line in handle if (record := json.loads(line)).get("set_id") == set_id)


def test_the_gzipped_file_reads_every_label_and_folders_find_it() -> None:
    assert len(_documents()) == 308
    assert LABELS.resolve() in expand_paths([LABELS.parent], "labels")


def test_a_broken_gzip_is_rejected_with_a_reason(tmp_path: Path) -> None:
    broken = tmp_path / "labels.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"set_id": "x"}\n')[:-6])
    items = list(read_openfda(broken))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "gzip" in items[0].reason


def test_population_sections_are_verbatim() -> None:
    label = _label("warfarin")
    raw = _raw(label.properties["set_id"])
    warnings = label_warnings(label, "MESH:D014859")
    sections = {w.population: w for w in warnings if w.kind is WarningKind.POPULATION_SECTION}
    assert {Population.PREGNANCY, Population.PEDIATRIC, Population.GERIATRIC} <= set(sections)
    assert sections[Population.PREGNANCY].text in " ".join(raw["pregnancy"])
    assert all(w.drug_id == "MESH:D014859" and w.document_id == label.id for w in warnings)


def test_a_population_section_that_points_to_warnings_gets_what_warnings_says_of_its_group() -> None:
    # streptomycin's "Pregnancy See WARNINGS section." was all the patient check read ("read it": caution), while
    # WARNINGS says "Streptomycin can cause fetal harm when administered to a pregnant woman."
    label = _label("streptomycin")
    raw = _raw(label.properties["set_id"])
    pregnancy = [w for w in label_warnings(label, None)
                 if w.kind is WarningKind.POPULATION_SECTION and w.population is Population.PREGNANCY]
    assert [w.section for w in pregnancy] == ["Pregnancy", "Pregnancy (Warnings)"]
    assert "can cause fetal harm when administered to a pregnant woman" in pregnancy[1].text
    assert pregnancy[1].text in " ".join(raw["warnings"])  # verbatim
    # a section that says its own piece is left as it is
    warfarin = [w for w in label_warnings(_label("warfarin"), None) if w.section.endswith("(Warnings)")]
    assert warfarin == []


def test_contraindications_naming_pregnancy_are_recorded_as_such() -> None:
    warnings = label_warnings(_label("warfarin"), None)
    pregnancy = [w for w in warnings if w.kind is WarningKind.CONTRAINDICATION and w.population is Population.PREGNANCY]
    assert pregnancy and "contraindicated" in pregnancy[0].text.lower() and "pregnan" in pregnancy[0].text.lower()
    assert any(w.kind is WarningKind.CONTRAINDICATION and w.population is Population.ALL for w in warnings)


def test_flattened_specific_populations_split_into_renal_and_hepatic() -> None:
    warnings = label_warnings(_label("atorvastatin"), None)
    hepatic = [w for w in warnings if w.population is Population.HEPATIC and w.kind is WarningKind.POPULATION_SECTION]
    assert hepatic and hepatic[0].section.endswith("Hepatic Impairment") and hepatic[0].text.startswith("8.")
    assert "Renal" not in hepatic[0].text[:40]


def test_boxed_warning_names_pregnancy_for_valproate() -> None:
    boxed = [w for w in label_warnings(_label("valpro"), None) if w.kind is WarningKind.BOXED_WARNING]
    assert {w.population for w in boxed} >= {Population.ALL, Population.PREGNANCY}
    assert any("fetal" in w.text.lower() or "malformation" in w.text.lower()
               for w in boxed if w.population is Population.PREGNANCY)


def test_warnings_and_precautions_give_only_firm_renal_or_hepatic_advice_against_use() -> None:
    metformin = [w for w in label_warnings(_label("metformin"), None) if w.kind is WarningKind.WARNING]
    hepatic = [w for w in metformin if w.population is Population.HEPATIC]
    assert hepatic and hepatic[0].section == "Precautions"
    assert "avoid use of metformin hydrochloride tablets in patients with clinical or laboratory evidence of hepatic " \
           "disease" in hepatic[0].text
    assert {w.population for w in metformin} <= {Population.RENAL, Population.HEPATIC}
    # for a purpose, not against a liver patient's use: avatrombopag is given to patients with chronic liver disease
    assert not [w for w in label_warnings(_label("avatrombopag"), None) if w.kind is WarningKind.WARNING]
    # a combination ("in conjunction with a penicillin in the presence of known renal impairment")
    assert not [w for w in label_warnings(_label("probenecid"), None) if w.kind is WarningKind.WARNING]


def test_clinical_pharmacology_gives_firm_advice_said_nowhere_else_but_not_a_regimens() -> None:
    # naproxen (NAPRELAN): "not recommended … (creatinine clearance <30mL/min)" only under 12.3 Pharmacokinetics
    naproxen = [w for w in label_warnings(_by_set_id("b8a51c9a"), None) if w.kind is WarningKind.WARNING]
    assert any(w.population is Population.RENAL and "creatinine clearance <30mL/min" in w.text
               and w.section in ("Clinical Pharmacology", "Pharmacokinetics") for w in naproxen)
    # "EPCLUSA for 12 or 24 weeks without ribavirin is not recommended in patients with decompensated cirrhosis":
    # that regimen, not the drug
    epclusa = [w for w in label_warnings(_by_set_id("7f30631a"), None) if w.kind is WarningKind.WARNING]
    assert not [w for w in epclusa if "without ribavirin" in w.text]


@cache
def _population_counts() -> Counter:
    return Counter(w.population for d in _documents() for w in label_warnings(d, None))


@pytest.mark.parametrize("population", list(Population))
def test_every_population_is_found_somewhere(population: Population) -> None:
    assert _population_counts()[population] > 0
