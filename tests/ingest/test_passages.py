"""Document-level extraction in ingest (#18 item 4): an article reaches a document-level extractor as one passage
(title and abstract), so a relation stated across sentences becomes a fact, and its evidence quotes and cites each
sentence it rests on; labels stay sentence by sentence. Units here are pure; the last test writes such a fact
through the one writer into the real Neo4j and reads it back as the query layer does."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from _ingest_support import term_linker

from graph.models import Evidence, EvidenceKind
from graph.writer import GraphWriter
from ingest.pipeline import stages
from ingest.pipeline.facts import FactBuilder, cited_statement
from ingest.pipeline.stages import DocumentNlp, NlpBatchResult, SentenceExtraction, passages
from ingest.readers import types as t
from ingest.readers.types import LabelProduct, Section, SourceDocument
from nlp.types import Mention, RelationPrediction, TextExtraction

TITLE = "Haloperidol-induced delirium in an elderly patient"
ABSTRACT = ("We report a case. The patient was given haloperidol for agitation. "
            "Within two days she developed rhabdomyolysis. Haloperidol was stopped and she recovered.")


def _article(*sections: Section) -> SourceDocument:
    return SourceDocument(id="PMID:1", kind="publication", source="pubmed", record="PMID 1",
                          sections=sections or (Section("title", "title", TITLE), Section("abstract", "abstract", ABSTRACT)),
                          title=TITLE, url="https://pubmed.ncbi.nlm.nih.gov/1/")


def _mention(text: str, words: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Mention(start, start + len(words), words, label, 0.99)


class _Recorder:
    """Records the texts it is given (pure unit: what the NLP stage hands an extractor)."""

    name, version = "recorder", "1"

    def __init__(self, document_level: bool) -> None:
        self.document_level, self.texts = document_level, []

    def extract(self, texts: Sequence[str]) -> list[TextExtraction]:
        self.texts.extend(texts)
        return [TextExtraction(()) for _ in texts]


def test_an_article_is_one_passage_for_a_document_level_extractor_and_sentences_otherwise() -> None:
    label = SourceDocument(id="SETID:x@v1", kind="label", source="dailymed", record="x", version="1",
                           sections=(Section(t.INDICATIONS, "Indications", "Drug X is indicated for hypertension. It is also indicated for angina."),),
                           product=LabelProduct(names=("X",)))
    for document_level, article_units in ((True, [_article().text()]), (False, None)):
        recorder = _Recorder(document_level)
        stages.init_worker(recorder)
        result = stages.nlp_batch([_article(), label])
        units = result.documents[0].sentences
        if article_units:
            assert recorder.texts[:1] == article_units and units[0].passage and (units[0].start, units[0].end) == (
                0, len(_article().text()))
        else:
            assert len(units) == 5 and not any(unit.passage for unit in units)  # title + 4 abstract sentences
        assert [u.text for u in result.documents[1].sentences] == [
            "Drug X is indicated for hypertension.", "It is also indicated for angina."]


def test_long_full_texts_are_cut_into_passages_of_whole_sections() -> None:
    sentence = "Aspirin was given to patients with asthma. "
    document = _article(Section("title", "title", TITLE), *(
        Section("body", "body", sentence * 40) for _ in range(3)), Section("body", "body", sentence * 400))
    units = list(passages(document, limit=4_000))
    text = document.text()
    assert all(text[start:end] == unit for _, start, end, unit in units)
    assert all(len(unit) <= 4_000 for *_, unit in units)
    assert [section for section, *_ in units][:3] == [0, 3, 4] and len(units) > 5  # title + 2 bodies fit
    assert "".join("".join(unit.split()) for *_, unit in units) == "".join(text.split())  # all, once


def test_evidence_cites_each_sentence_of_a_relation_across_sentences() -> None:
    document = _article()
    text = document.text()
    unit = SentenceExtraction(0, 0, len(text), text, TextExtraction(()), passage=True)
    title_drug = _mention(text, "Haloperidol", "Chemical")
    far = _mention(text, "rhabdomyolysis", "Disease")
    statement = cited_statement(document, unit, (title_drug, far))
    title_end, sentence_start = len(TITLE), text.index("Within two days")
    sentence_end = text.index("rhabdomyolysis.") + len("rhabdomyolysis.")
    assert statement.text == f"{TITLE} … Within two days she developed rhabdomyolysis."
    assert statement.sentence_offsets == (0, title_end, sentence_start, sentence_end)
    assert (statement.start, statement.end, statement.section_index) == (0, sentence_end, 0)

    near = cited_statement(document, unit, (_mention(text, "haloperidol", "Chemical"), far))
    assert near.text == "The patient was given haloperidol for agitation. Within two days she developed rhabdomyolysis."
    assert near.section_index == 1 and len(near.sentence_offsets or ()) == 4

    one = cited_statement(document, unit, (_mention(text, "Haloperidol", "Chemical", 1), _mention(
        text, "recovered", "Disease")))
    assert one.text == "Haloperidol was stopped and she recovered." and one.sentence_offsets is None


def test_sentence_offsets_must_be_ordered_pairs_of_several_sentences() -> None:
    with pytest.raises(ValueError):
        Evidence(source="s", document_id="d", kind=EvidenceKind.LITERATURE_EXTRACTION, sentence_offsets=(0, 5))
    with pytest.raises(ValueError):
        Evidence(source="s", document_id="d", kind=EvidenceKind.LITERATURE_EXTRACTION, sentence_offsets=(9, 12, 0, 5))
    ok = Evidence(source="s", document_id="d", kind=EvidenceKind.LITERATURE_EXTRACTION, start=0, end=12,
                  sentence_offsets=(0, 5, 7, 12))
    assert ok.sentences() == ((0, 5), (7, 12))


def test_a_fact_across_sentences_is_written_and_read_back_with_each_sentence(driver, database) -> None:
    from graph.subgraph import read_subgraph

    document = _article()
    text = document.text()
    mentions = (_mention(text, "Haloperidol", "Chemical"), _mention(text, "rhabdomyolysis", "Disease"))
    unit = SentenceExtraction(0, 0, len(text), text, TextExtraction(mentions, (RelationPrediction(0, 1, "CID", 0.9),)),
                              passage=True)
    facts = FactBuilder(term_linker()).build(NlpBatchResult((DocumentNlp(document, (unit,)),), 0.0, "re-test", "v1"))
    assert [(r.type.value, r.head, r.tail) for r in facts.relations] == [("CAUSES", "MESH:D006220", "MESH:D012206")]
    GraphWriter(driver, database).write(entities=list(facts.entities.values()), documents=facts.documents,
                                        relations=facts.relations)
    evidence = read_subgraph(driver, database).evidence
    assert len(evidence) == 1
    stored = evidence[0]
    assert list(stored["sentence_offsets"]) == [0, len(TITLE), text.index("Within"), text.index("rhabdomyolysis.") + 15]
    assert stored["text"].startswith(TITLE + " … Within") and stored["section"] == "title"
    assert text[stored["start"]:stored["end"]].endswith("rhabdomyolysis.")
