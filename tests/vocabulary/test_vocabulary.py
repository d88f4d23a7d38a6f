"""Canonical identity over the real curated files (the vocabulary is cached in the session's temporary home)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.models import NodeLabel
from core.errors import DataMissing
from core.settings import Settings
from vocabulary import Vocabulary
from vocabulary.annotations import TRAINING_FILES
from vocabulary.pubtator import read_pubtator_mentions
from vocabulary.readers import ReadReport, read_obo_terms, read_tsv
from vocabulary.vocabulary import INPUT_FILES

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_doid_with_one_mesh_descriptor_merges_into_mesh(vocabulary: Vocabulary) -> None:
    assert vocabulary.canonical_id("DOID:10763") == "MESH:D006973"
    entry = vocabulary.get("MESH:D006973")
    assert entry is not None and entry.label is NodeLabel.DISEASE
    assert {"DOID:10763", "UMLS:C0020538"} <= set(entry.xrefs)
    assert {"mesh", "disease-ontology", "hetionet"} <= set(entry.sources)


def test_doid_mapping_to_several_descriptors_stays_its_own_entry(vocabulary: Vocabulary) -> None:
    one_to_many = [
        e for e in vocabulary.entries.values()
        if e.id.startswith("DOID:")
        and sum(1 for x in e.xrefs if x.startswith("MESH:D") and x in vocabulary.entries) > 1
    ]
    assert one_to_many, "the 2015 DO has DOIDs with several MeSH descriptor xrefs"
    for entry in one_to_many[:20]:
        assert vocabulary.canonical_id(entry.id) == entry.id
        mesh_ids = [x for x in entry.xrefs if x.startswith("MESH:D") and x in vocabulary.entries]
        assert all(vocabulary.canonical_id(m) == m for m in mesh_ids)


def test_a_side_effect_is_the_disease_with_its_umls_id(vocabulary: Vocabulary) -> None:
    # Hetionet/SIDER's side effect "Hypertension" has the UMLS id that DO gives the disease: one node (rule 10).
    assert vocabulary.get("UMLS:C0020538") is None
    for kind in (None, NodeLabel.DISEASE, NodeLabel.ADVERSE_EVENT):
        assert vocabulary.canonical_id("UMLS:C0020538", kind) == "MESH:D006973"
    entry = vocabulary.get("MESH:D006973")
    assert entry.label is NodeLabel.DISEASE and entry.also == (NodeLabel.ADVERSE_EVENT,)
    assert {"sider", "hetionet"} & set(entry.sources)


def test_a_side_effect_named_by_a_mesh_entry_term_joins_that_descriptor(vocabulary: Vocabulary) -> None:
    # MedDRA "Cardiac failure" (UMLS:C0018801) is an entry term of MeSH Heart Failure, not its UMLS id.
    assert vocabulary.canonical_id("UMLS:C0018801", NodeLabel.ADVERSE_EVENT) == "MESH:D006333"
    assert "UMLS:C0018801" in vocabulary.get("MESH:D006333").xrefs


def test_a_side_effect_with_no_single_condition_stays_its_own_entry(vocabulary: Vocabulary) -> None:
    # MeSH files sweating and anxiety outside the kinds we model: nothing to join, so they stay side effects.
    for side_effect in ("UMLS:C0038990", "UMLS:C0003467"):
        entry = vocabulary.get(side_effect)
        assert entry is not None and entry.label is NodeLabel.ADVERSE_EVENT and entry.also == ()


def test_drug_ids_of_all_systems_reach_one_mesh_entry(vocabulary: Vocabulary) -> None:
    for any_id in ("DRUGBANK:DB00331", "RXNORM:6809", "CHEBI:6801", "PUBCHEM:4091", "DRUGCENTRAL:1725"):
        assert vocabulary.canonical_id(any_id) == "MESH:D008687", any_id


def test_ambiguous_drugbank_id_attaches_only_by_name(vocabulary: Vocabulary) -> None:
    # DrugCentral lists both DB00945 (acetylsalicylic acid) and DB00936 (salicylic acid) under aspirin.
    assert vocabulary.canonical_id("DRUGBANK:DB00945") == "MESH:D001241"
    assert vocabulary.canonical_id("DRUGBANK:DB00936") != "MESH:D001241"


def test_unknown_id_is_none(vocabulary: Vocabulary) -> None:
    assert vocabulary.canonical_id("MESH:D999999999") is None
    assert vocabulary.canonical_id("nonsense") is None


def test_entity_carries_canonical_id_and_all_known_ids(vocabulary: Vocabulary) -> None:
    entity = vocabulary.entity("DOID:9352", source="hetionet")
    assert entity is not None
    assert entity.id == "MESH:D003924" and "DOID:9352" in entity.xrefs and entity.sources == ("hetionet",)


def test_only_training_splits_feed_the_vocabulary() -> None:
    """No test split is an input; dev splits are, for the shipped variant only (see the next tests)."""
    from vocabulary.annotations import DEV_FILES

    names = [name for _, name in TRAINING_FILES] + [n for names in INPUT_FILES.values() for n in names]
    assert not [n for n in names if "test" in n.lower()]
    assert [n for n in names if "dev" in n.lower()] == [name for _, name in DEV_FILES]


def test_cache_is_reused_and_rebuilt_when_a_source_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "mesh-2015").mkdir(parents=True)
    names = data / "mesh-2015" / "descriptor-names.tsv"
    names.write_text("mesh_id\tmesh_name\nD006973\tHypertension\n")
    (data / "mesh-2015" / "tree-numbers.tsv.gz").write_bytes(_gzip("mesh_id\tmesh_name\tmesh_tree_number\n"
                                                                   "D006973\tHypertension\tC14.907.489\n"))
    (data / "mesh-2015" / "symptoms.tsv").write_text("mesh_id\tmesh_name\tin_hsdn\n")
    settings = Settings(home=tmp_path / "home", data_dir=data)
    first = Vocabulary.load_or_build(settings)
    assert Vocabulary.load_or_build(settings).digest == first.digest
    names.write_text("mesh_id\tmesh_name\nD006973\tHypertension\nD003924\tDiabetes Mellitus, Type 2\n")
    second = Vocabulary.load_or_build(settings)
    assert second.digest != first.digest
    assert len(list((tmp_path / "home" / "vocabulary").glob("vocabulary-*.pkl"))) == 1
    # the tuning variant (no dev annotations) is cached beside the shipped one, not in its place
    tuning = Vocabulary.load_or_build(settings, include_dev=False)
    assert tuning.digest != second.digest
    assert Vocabulary.load_or_build(settings).digest == second.digest
    assert len(list((tmp_path / "home" / "vocabulary").glob("vocabulary-*.pkl"))) == 2


def test_bad_rows_and_stanzas_are_reported_with_line_numbers(tmp_path: Path) -> None:
    tsv = tmp_path / "rows.tsv"
    tsv.write_text("a\tb\n1\t2\n3\n4\t5\t6\n7\t8\n")
    report = ReadReport()
    rows = list(read_tsv(tsv, report))
    assert [number for number, _ in rows] == [2, 5]
    assert [line for line, _ in report.files[str(tsv)].examples] == [3, 4]
    obo = tmp_path / "terms.obo"
    obo.write_text("[Term]\nid: DOID:1\nname: one\n\n[Term]\nid: DOID:2\nthis line is broken\n\n"
                   "[Term]\nname: no id\n\n[Term]\nid: DOID:4\nname: four\n")
    report = ReadReport()
    assert [s.first("id") for s in read_obo_terms(obo, report)] == ["DOID:1", "DOID:4"]
    assert [line for line, _ in report.files[str(obo)].examples] == [5, 9]


def _gzip(text: str) -> bytes:
    import gzip

    return gzip.compress(text.encode())


def test_training_annotations_never_read_an_evaluation_document() -> None:
    """BioRED's training split holds 53 BC5CDR test abstracts: their mentions must not teach the linker."""
    from vocabulary.annotations import evaluation_pmids, training_annotations

    report = ReadReport()
    with_documents = {(m.document, m.text) for folder, name in TRAINING_FILES
                      for m in read_pubtator_mentions(DATA_DIR / folder / name, report)}
    excluded = evaluation_pmids(DATA_DIR)
    shared = {doc for doc, _ in with_documents} & excluded
    assert len(shared) >= 53, "the corpora overlap; this test guards that overlap"
    kept_texts = {a.text for a in training_annotations(DATA_DIR, ReadReport())}
    only_in_excluded = {text for doc, text in with_documents if doc in shared} - {
        text for doc, text in with_documents if doc not in excluded}
    assert only_in_excluded and not (only_in_excluded & kept_texts)


def test_the_shipped_vocabulary_reads_dev_annotations_but_never_a_test_document() -> None:
    """The tuning vocabulary (default of ``training_annotations``) never reads a dev annotation; the shipped one
    does, and still drops every document of any corpus's test split (BioRED dev holds BC5CDR test abstracts too)."""
    from vocabulary.annotations import DEV_FILES, evaluation_pmids, training_annotations

    report = ReadReport()
    test_pmids = evaluation_pmids(DATA_DIR, ("test",))
    read = [(m.document, m.text) for folder, name in TRAINING_FILES + DEV_FILES
            for m in read_pubtator_mentions(DATA_DIR / folder / name, report)]
    clean = {text for doc, text in read if doc not in test_pmids}
    test_only = {text for doc, text in read if doc in test_pmids} - clean
    tuning = {a.text for a in training_annotations(DATA_DIR, ReadReport())}
    shipped = {a.text for a in training_annotations(DATA_DIR, ReadReport(), include_dev=True)}
    dev_texts = {m.text for folder, name in DEV_FILES for m in read_pubtator_mentions(DATA_DIR / folder / name, report)}
    assert tuning < shipped <= clean
    assert not (tuning & (dev_texts - {text for doc, text in read if doc not in evaluation_pmids(DATA_DIR)}))
    assert test_only, "the splits overlap across corpora; this test guards that overlap"
    assert not (test_only & shipped)


def test_mesh_2024_terms_records_and_renamed_ids_in_the_real_vocabulary(vocabulary: Vocabulary) -> None:
    assert "Dilantin" in vocabulary.get("MESH:D010672").synonyms  # a descriptor's entry term (brand name)
    assert vocabulary.get("MESH:C045894").label is NodeLabel.DRUG  # lometrexol, a supplementary record
    # 2015 supplementary records that MeSH 2024 turned into descriptors: one node, the old id an alias.
    assert vocabulary.canonical_id("MESH:C040029") == "MESH:D000077206"  # gabapentin
    assert "MESH:C040029" not in vocabulary.entries
    # A training annotation's dropped id, when its text is also another drug's synonym (aripiprazole lauroxil
    # lists "Aripiprazole"): the entry so named, not a second aripiprazole.
    assert vocabulary.canonical_id("MESH:C094645") == "MESH:D000068180"
    assert "MESH:C094645" not in vocabulary.entries


def test_a_do_disease_whose_descriptor_mesh_files_as_a_symptom_is_that_node(vocabulary: Vocabulary) -> None:
    # DO "progressive supranuclear palsy" lists MeSH "Supranuclear Palsy, Progressive" (a C23-filed descriptor): one
    # node with both kinds, found by cross-reference and inverted name together
    for doid, mesh in (("DOID:678", "MESH:D013494"), ("DOID:4543", "MESH:D000648"), ("DOID:13603", "MESH:D041781")):
        assert vocabulary.canonical_id(doid) == mesh
        assert NodeLabel.DISEASE in (vocabulary.get(mesh).label, *vocabulary.get(mesh).also)
    # DO's "obstructive sleep apnea" lists "Sleep Apnea Syndromes", whose names are not its own: not that node
    assert vocabulary.canonical_id("DOID:0050848") != "MESH:D012891"
    # DO's "benign paroxysmal positional nystagmus" has the exact synonym "benign paroxysmal positional vertigo",
    # the name of one MeSH symptom (its only descriptor cross-reference is a supplementary record): that node
    assert vocabulary.canonical_id("DOID:13941") == "MESH:D065635"


def test_a_missing_data_folder_is_an_error_and_the_cached_vocabulary_stays(tmp_path: Path) -> None:
    cached = tmp_path / "vocabulary" / "vocabulary-shipped-0123456789abcdef.pkl"
    cached.parent.mkdir()
    cached.write_bytes(b"a vocabulary built before")
    with pytest.raises(DataMissing, match="MEDKG_DATA_DIR"):
        Vocabulary.load_or_build(Settings(home=tmp_path, data_dir=tmp_path / "no-such-folder"), include_dev=True)
    assert [path.name for path in cached.parent.iterdir()] == [cached.name]
