"""In-domain pretraining and TREATS augmentation (#25): the text pretraining reads holds no evaluation document, a
short masked-LM run on the real MiniLM registers a base model that fine-tuning loads (never "the latest" NER/RE
model), and entity substitution keeps the words around the mentions and the labels right."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from nlp import corpora, registry
from nlp.pretraining import pretrain, pretraining_texts, token_blocks
from vocabulary.annotations import evaluation_pmids

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_pretraining_text_leaves_out_every_evaluation_and_held_out_document() -> None:
    texts = set(pretraining_texts(DATA, ("corpora",)))
    test_docs = corpora.bc5cdr(DATA, "test") + corpora.biored(DATA, "test") + corpora.ncbi_disease(DATA, "test")
    assert texts and not texts & {d.text for d in test_docs}
    held = corpora.bc5cdr_training_split(DATA)[1]
    assert not texts & {d.text for d in held}
    excluded = evaluation_pmids(DATA, ("dev", "test"))
    train = corpora.bc5cdr(DATA, "train")
    kept = [d for d in train if d.text in texts]
    assert kept and all(d.doc_id not in excluded for d in kept)


def test_token_blocks_are_full_length_with_special_tokens() -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(Settings().resolved_base_model())
    blocks = token_blocks(tokenizer, ["Aspirin reduces fever. " * 20, "Cisplatin causes nephrotoxicity. " * 20], 32)
    assert len(blocks) >= 4 and all(len(b) == 32 for b in blocks)
    assert all(b[0] == tokenizer.cls_token_id and b[-1] == tokenizer.sep_token_id for b in blocks)


@pytest.mark.slow
def test_a_short_run_registers_a_base_that_fine_tuning_loads(tmp_path: Path) -> None:
    from transformers import AutoModelForTokenClassification

    settings = Settings(home=tmp_path, data_dir=DATA)
    path = pretrain(settings, steps=2, batch_size=2, max_length=32, sources=("dailymed",), device="cpu",
                    progress=lambda message: None)
    card = registry.resolve(settings.models_dir, str(path)).card
    assert card["kind"] == "base" and card["training_data"] == ["dailymed"]
    figures = registry.read_json(path / registry.METRICS_FILE)["heldout"]
    assert figures["masked_lm_loss_before"] > 0 and figures["blocks"] > 0
    assert AutoModelForTokenClassification.from_pretrained(path, num_labels=5).config.num_labels == 5
    with pytest.raises(registry.ModelNotFound):
        registry.resolve(settings.models_dir, "latest")  # a base is not a fine-tuned model


def test_entity_substitution_keeps_the_words_and_moves_the_spans() -> None:
    from nlp.augment import augment_treats, indication_pairs, substitute
    from nlp.corpora import RelationExample

    text = "Treatment with cisplatin improved outcomes in ovarian cancer patients."
    example = RelationExample(text, (15, 24), (46, 60), "TREATS", "PMID1", {"task": "TREATS"})
    copy = substitute(example, "Metformin", "type 2 diabetes mellitus")
    assert copy.text == "Treatment with Metformin improved outcomes in type 2 diabetes mellitus patients."
    assert copy.text[slice(*copy.head)] == "Metformin" and copy.text[slice(*copy.tail)] == "type 2 diabetes mellitus"
    reversed_order = RelationExample("ovarian cancer responded to cisplatin", (28, 37), (0, 14), "NONE", "P",
                                     {"task": "TREATS"})
    moved = substitute(reversed_order, "Aspirin", "gout")
    assert moved.text == "gout responded to Aspirin" and moved.text[slice(*moved.head)] == "Aspirin"

    pairs = indication_pairs(DATA)
    assert len(pairs) > 500
    copies = augment_treats([example, reversed_order, RelationExample(text, (15, 24), (46, 60), "CID", "P",
                                                                      {"task": "CID"})], pairs, 3)
    assert len(copies) == 6 and all(c.meta["augmented"] for c in copies)  # the CID example is not copied
    positives = [c for c in copies if c.label == "TREATS"]
    assert all((c.text[slice(*c.head)], c.text[slice(*c.tail)]) in set(pairs) for c in positives)
    assert all((c.text[slice(*c.head)], c.text[slice(*c.tail)]) not in set(pairs) for c in copies
               if c.label == "NONE")
