"""The one PubTator parser: its id rule, its blocks, and the three readers over it agreeing on ids."""

from __future__ import annotations

from pathlib import Path

from vocabulary.pubtator import concept_ids, read_pubtator_documents, read_pubtator_mentions
from vocabulary.readers import ReadReport

SAMPLE = "\n".join([
    "111|t|Aspirin and headache.",
    "111|a|Aspirin relieved it.",
    "111\t0\t7\tAspirin\tChemical\tD001241",
    "111\t12\t20\theadache\tDisease\t-1",
    "111\t21\t28\tAspirin\tChemical\t D001241|-1",
    "111\tCID\tD001241\tD006261",
    "",
    "222|t|A composite title here.",
    "222\t2\t11\tcomposite\tDisease\tD1+D2",
    "222\t12\t17\ttitle\tChemical\t-",
    "222\t18\t22\there\tChemical",
    "222\t0\t1\tA\tGeneOrGeneProduct\t3172,3651",
    "222\tAssociation\tD1\t3172\tNovel",
    "",
    "333\tbroken",
    "",
])


def test_the_id_rule_drops_every_no_id_marker_and_splits_composites() -> None:
    assert concept_ids("D001241") == ("D001241",)
    assert concept_ids("-1") == concept_ids("-") == concept_ids("") == ()
    assert concept_ids("D1|D2") == concept_ids("D1+D2") == concept_ids(" D1 | -1 |D2") == ("D1", "D2")
    assert concept_ids("3172,3651") == ("3172,3651",)  # BioRED's comma list stays as the corpus writes it


def test_blocks_hold_title_abstract_mentions_relations_and_unreadable_lines(tmp_path: Path) -> None:
    path = tmp_path / "sample.PubTator"
    path.write_text(SAMPLE, encoding="utf-8")
    first, second, broken = read_pubtator_documents(path)
    assert (first.pmid, first.title, first.abstract, first.first_line) == (
        "111", "Aspirin and headache.", "Aspirin relieved it.", 1)
    assert first.text()[first.mentions[1].start:first.mentions[1].end] == "headache"
    assert [m.ids for m in first.mentions] == [("D001241",), (), ("D001241",)]
    assert first.relations == (("CID", "D001241", "D006261"),)
    assert second.abstract is None and [m.ids for m in second.mentions] == [("D1", "D2"), (), (), ("3172,3651",)]
    assert second.relations == (("Association", "D1", "3172"),)
    assert broken.title is None and broken.unreadable == ((15, "333\tbroken"),)
    report = ReadReport()
    assert len(list(read_pubtator_mentions(path, report))) == 7 == report.rows
    assert report.problem_count == 1


def test_vocabulary_nlp_and_ingest_read_the_same_ids(tmp_path: Path) -> None:
    from ingest.readers.pubtator import read_pubtator as ingest_reader
    from nlp.corpora import read_pubtator as corpus_reader

    path = tmp_path / "sample.PubTator"
    path.write_text(SAMPLE, encoding="utf-8")
    vocabulary_ids = [(m.document, m.start, m.ids) for m in read_pubtator_mentions(path, ReadReport())]
    corpus_ids = [(d.doc_id, m.start, m.ids) for d in corpus_reader(path) for m in d.mentions]
    items = list(ingest_reader(path))
    ingest_ids = [(d.id.removeprefix("PMID:"), a.start, a.ids) for d in items if hasattr(d, "annotations")
                  for a in d.annotations]
    assert sorted(corpus_ids) == sorted(ingest_ids) == sorted(vocabulary_ids)
    assert [type(i).__name__ for i in items] == ["SourceDocument", "SourceDocument", "Rejected"]
