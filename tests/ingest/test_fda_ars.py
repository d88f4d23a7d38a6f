"""The FDA–NLM adverse-reaction pilot's label sections (``../shared/data/fda-adr-labels/Txt``): the Boxed Warning of
each label as a partial label, read from the real files, through the real pipeline into the real Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest
from _ingest_support import DATA, FIXTURES

from clinical import templates
from core.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.pipeline.sources import expand_paths
from ingest.pipeline.termlinker import TermLinker
from ingest.readers.fda_ars import products, read_fda_ars
from ingest.readers.types import Rejected, Skipped, SourceDocument
from query.safety import ReadOnlyRunner

TXT = DATA / "fda-adr-labels" / "Txt"
AZILSARTAN = TXT / "AZILSARTAN_boxed_warnings.txt"


def test_every_product_of_the_table_is_named_in_its_texts() -> None:
    prefixes = {path.name.split("_")[0] for path in TXT.glob("*.txt")}
    assert set(products()) == prefixes and len(prefixes) == 101
    for prefix, (brand, generic) in products().items():
        texts = " ".join(path.read_text(encoding="utf-8") for path in TXT.glob(f"{prefix}_*.txt"))
        assert brand in texts, (prefix, brand)
        assert generic and generic == generic.lower(), (prefix, generic)


def test_a_boxed_warning_is_a_partial_label_and_other_sections_are_set_aside(tmp_path: Path) -> None:
    (document,) = list(read_fda_ars(AZILSARTAN))
    assert isinstance(document, SourceDocument) and document.kind == "label"
    assert document.id == "FDA-ARS:AZILSARTAN:boxed_warnings" and document.properties["complete"] is False
    assert document.product is not None and document.product.names == ("azilsartan medoxomil", "Edarbi")
    assert "renin-angiotensin system can cause injury and death to the developing fetus" in document.sections[0].text
    (skipped,) = list(read_fda_ars(TXT / "AZILSARTAN_adverse_reactions.txt"))
    assert isinstance(skipped, Skipped) and "Boxed Warning" in skipped.reason
    unknown = tmp_path / "NOTADRUG_boxed_warnings.txt"
    unknown.write_text("WARNING: something", encoding="utf-8")
    (rejected,) = list(read_fda_ars(unknown))
    assert isinstance(rejected, Rejected) and "NOTADRUG" in rejected.reason
    assert AZILSARTAN.resolve() in expand_paths([TXT], "labels")


@pytest.mark.neo4j
def test_the_boxed_warning_reaches_the_graph_as_a_pregnancy_warning_of_an_unchecked_label(
        driver, database, neo4j_settings: Settings, tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text((FIXTURES / "terms.tsv").read_text(encoding="utf-8").rstrip("\n")
                     + "\nDRUGBANK:DB08822\tDrug\tazilsartan medoxomil\tEdarbi"
                     + "\nMESH:D014947\tDisease\tWounds and Injuries\tinjury\n", encoding="utf-8")  # a reaction it names
    linker = TermLinker.from_tsv(terms)
    report = ingest_paths(driver, neo4j_settings, [AZILSARTAN, TXT / "AZILSARTAN_adverse_reactions.txt"], "labels",
                          linker=linker, extractor=linker.extractor(), executor="serial", progress=False)
    assert report.exit_code == 0 and report.sources["labels"].documents_read == 1
    assert report.sources["labels"].documents_skipped == 1  # the adverse reactions, set aside with a reason
    with driver.session(database=database) as session:
        warnings = session.run("MATCH (d:Entity {id: 'DRUGBANK:DB08822'})-[:HAS_LABEL]->(l:DrugLabel)-[:HAS_WARNING]->"
                               "(w:LabelWarning) RETURN l.complete AS complete, l.source AS source, w.kind AS kind, "
                               "w.population AS population, w.text AS text").data()
    pregnancy = [w for w in warnings if w["population"] == "pregnancy"]
    assert pregnancy and pregnancy[0]["kind"] == "boxed-warning" and "developing fetus" in pregnancy[0]["text"]
    assert {w["complete"] for w in warnings} == {False} and {w["source"] for w in warnings} == {"fda-ars"}
    with driver.session(database=database) as session:  # warnings only: its reactions are held-out gold
        assert session.run("MATCH (e:Evidence) WHERE e.document_id STARTS WITH 'FDA-ARS' RETURN count(e) AS n"
                           ).single()["n"] == 0
    assert report.sources["labels"].facts_written == 0
    runner = ReadOnlyRunner.from_settings(driver, neo4j_settings)
    assert runner.run(templates.labelled_drugs(), {"drugs": ["DRUGBANK:DB08822"]}) == []  # a section is no label
