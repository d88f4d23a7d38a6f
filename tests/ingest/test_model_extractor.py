"""The trained NER model plugs into the pipeline: with a model in the registry the pipeline uses it (loaded in the
worker processes), and its mentions go through the real linker. The model here is deliberately tiny (one
transformer layer, eight BC5CDR training documents, one epoch), so the test checks the wiring, not its quality."""

from __future__ import annotations

import pytest
from _ingest_support import DATA

from core.settings import Settings
from nlp.types import Mention, TextExtraction
from ingest.pipeline import ingest_paths
from ingest.pipeline.facts import FactBuilder
from ingest.pipeline.model_extractor import NoTrainedModel, TrainedExtractorFactory, trained_extractor
from ingest.pipeline.run import default_extractor
from ingest.pipeline.stages import DocumentNlp, NlpBatchResult, SentenceExtraction
from ingest.pipeline.rules import versioned
from ingest.readers.types import LabelProduct, Section, SourceDocument

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_home(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("torch")
    from nlp.training import train_ner

    home = tmp_path_factory.mktemp("tiny-model-home")
    train_ner(Settings(home=home, data_dir=DATA), epochs=1, max_docs=8, num_layers=1, name="ner-tiny", device="cpu",
              progress=lambda message: None)
    return home


def test_no_model_means_the_dictionary_fallback(tmp_path):
    settings = Settings(home=tmp_path, data_dir=DATA)
    with pytest.raises(NoTrainedModel):
        trained_extractor(settings)
    from _ingest_support import term_linker

    assert default_extractor(settings, term_linker()).name == "dictionary-fallback"


def test_registered_model_is_the_default_and_runs_in_the_workers(driver, database, neo4j_settings, model_home,
                                                                 real_linker):
    settings = neo4j_settings.model_copy(update={"home": model_home, "data_dir": DATA})
    chosen = default_extractor(settings, real_linker)
    assert isinstance(chosen, TrainedExtractorFactory) and (chosen.name, chosen.version) == ("ner-tiny", "v1")
    label = DATA / "spl-xml-samples" / "viagra-64f8040f-938d-4236-8e22-c838c9b5f8da.xml"
    report = ingest_paths(driver, settings, [label], "labels", linker=real_linker, executor="process", workers=2,
                          progress=False)
    # the model's version plus the fact rules' (ingest.pipeline.rules)
    assert report.extractor == f"ner-tiny {versioned('v1')}" and report.sources["labels"].documents_read == 1
    with driver.session(database=database) as session:
        extractors = set(session.run("MATCH (e:Evidence) RETURN DISTINCT e.extractor AS x").value())
    assert extractors <= {"ner-tiny"}


def test_model_mentions_go_through_the_real_linker(real_linker):
    """Model mentions are free text ("primary hyperlipidemia", "atorvastatin calcium"), not vocabulary names:
    the linker maps them to canonical ids; weak mentions are dropped."""
    text = "LIPITOR is indicated to reduce LDL-C in adults with primary hyperlipidemia and as an adjunct to diet."
    mentions = (Mention(0, 7, "LIPITOR", "Chemical", 0.99),
                Mention(text.index("primary"), text.index(" and"), "primary hyperlipidemia", "Disease", 0.97),
                Mention(text.index("diet"), text.index("diet") + 4, "diet", "Disease", 0.2))
    document = SourceDocument(id="SETID:model-test@v1", kind="label", source="dailymed", record="test",
                              sections=(Section("34067-9", "Indications & Usage", text),), version="1",
                              product=LabelProduct(names=("LIPITOR (atorvastatin calcium) tablets",)))
    sentence = SentenceExtraction(0, 0, len(text), text, TextExtraction(mentions))
    batch = NlpBatchResult((DocumentNlp(document, (sentence,)),), 0.0, "ner-test", "v0")
    facts = FactBuilder(real_linker).build(batch)
    assert {(r.type.value, r.head, r.tail) for r in facts.relations} == {
        ("INDICATED_FOR", "MESH:D000069059", "MESH:D006949")}
    assert facts.relations[0].evidence[0].extractor == "ner-test" and not facts.unlinked_subjects
