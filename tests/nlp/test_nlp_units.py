"""Pure units of the NLP package: corpus readers, BIO tokens, decoding, post-processing, metrics, registry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import BadInput
from nlp import corpora, registry, tokens
from nlp.corpora import GoldMention
from nlp.metrics import entity_scores
from nlp.postprocess import consistent_spans

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not (DATA_DIR / "bc5cdr").exists(), reason="shared data not present")


@needs_data
def test_bc5cdr_reader_matches_the_published_counts():
    docs = corpora.bc5cdr(DATA_DIR, "train")
    assert len(docs) == 500
    assert sum(m.label == "Chemical" for d in docs for m in d.mentions) == 5203
    assert sum(m.label == "Disease" for d in docs for m in d.mentions) == 4182
    assert sum(r[0] == "CID" for d in docs for r in d.relations) == 1038
    first = docs[0]
    assert first.text[first.mentions[0].start:first.mentions[0].end] == "Naloxone"


@needs_data
def test_ddi_and_ade_readers_keep_spans_on_the_entity_text():
    ddi = corpora.ddi_examples(DATA_DIR, "test")
    assert sum(e.label == "DDI" for e in ddi) == 979  # 298+278+214+94 DrugBank + 62+24+7+2 MedLine
    ade = corpora.ade_examples(DATA_DIR)
    positives = [e for e in ade if e.label == "ADE"]
    assert len(positives) > 5000
    assert all(0 <= e.head[0] < e.head[1] <= len(e.text) for e in ade)


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(BadInput, match="corpus file not found"):
        corpora.bc5cdr(tmp_path, "train")


def test_sentence_spans_cover_the_text():
    text = "Aspirin helps. It can cause bleeding (rarely). 5 patients died."
    spans = corpora.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Aspirin helps.", "It can cause bleeding (rarely).", "5 patients died."]


class _Tokenizer:
    """Whitespace 'tokenizer' standing in for a fast tokenizer in pure unit tests."""

    cls_token_id, sep_token_id, pad_token_id = 101, 102, 0


def _encoded(text: str) -> tokens.EncodedText:
    offsets, position = [], 0
    for word in text.split():
        start = text.index(word, position)
        offsets.append((start, start + len(word)))
        position = start + len(word)
    return tokens.EncodedText(list(range(1000, 1000 + len(offsets))), offsets, list(range(len(offsets))))


def test_bio_labels_and_windows_overlap_and_cover_every_token():
    encoded = _encoded(" ".join(f"w{i}" for i in range(25)))
    label2id = {label: i for i, label in enumerate(tokens.bio_labels(["Chemical"]))}
    labels = tokens.token_labels(encoded, [GoldMention(3, 8, "Chemical")], label2id)
    assert labels[1] == label2id["B-Chemical"] and labels[2] == label2id["I-Chemical"] and labels[0] == 0
    windows = tokens.make_windows([encoded], _Tokenizer, max_length=10, stride=3, labels=[labels])
    covered = {w.start + k for w in windows for k in range(len(w.ids) - 2)}
    assert covered == set(range(25))
    assert all(len(w.ids) <= 10 and w.ids[0] == 101 and w.ids[-1] == 102 for w in windows)


def test_decoding_takes_the_best_valid_bio_path():
    text = "give cisplatin now then renal failure"
    encoded = _encoded(text)
    id2label = dict(enumerate(tokens.bio_labels(["Chemical", "Disease"])))
    label2id = {v: k for k, v in id2label.items()}
    logits = np.zeros((6, 5), np.float32)
    logits[[0, 2, 3], 0] = 5
    logits[1, label2id["I-Chemical"]] = 5  # I- cannot open a mention: the path takes B- (the next best) instead
    logits[1, label2id["B-Chemical"]] = 2
    logits[4, label2id["B-Disease"]] = 5
    logits[5, label2id["I-Disease"]] = 5
    spans = tokens.decode_spans(encoded, logits, id2label)
    assert [(text[s:e], k) for s, e, k, _ in spans] == [("cisplatin", "Chemical"), ("renal failure", "Disease")]
    assert tokens.decode_spans(tokens.EncodedText([], [], []), np.zeros((0, 5)), id2label) == []


def test_a_hesitant_first_word_stays_in_the_mention():
    """Per-piece argmax would say O for "primary" and cut the mention; the best valid path keeps it."""
    text = "primary pulmonary hypertension"
    encoded = _encoded(text)
    id2label = dict(enumerate(tokens.bio_labels(["Chemical", "Disease"])))
    label2id = {v: k for k, v in id2label.items()}
    logits = np.full((3, 5), -4.0, np.float32)
    logits[0, label2id["O"]], logits[0, label2id["B-Disease"]] = 1.0, 0.8
    logits[1, label2id["I-Disease"]], logits[1, label2id["B-Disease"]] = 3.0, 1.0
    logits[2, label2id["I-Disease"]] = 3.0
    assert int(np.argmax(logits[0])) == label2id["O"]
    spans = tokens.decode_spans(encoded, logits, id2label)
    assert [(text[s:e], k) for s, e, k, _ in spans] == [("primary pulmonary hypertension", "Disease")]


def test_abbreviations_and_repeated_mentions_are_labelled_consistently():
    text = "Acute kidney injury (AKI) is common. AKI after cisplatin; cisplatin again, and AKI."
    spans = [(0, 19, "Disease", 0.9), (47, 56, "Chemical", 0.8)]
    found = {(text[s:e], k) for s, e, k, _ in consistent_spans(text, spans)}
    assert found == {("Acute kidney injury", "Disease"), ("AKI", "Disease"), ("cisplatin", "Chemical")}
    assert len([1 for s, e, k, _ in consistent_spans(text, spans) if text[s:e] == "AKI"]) == 3
    assert consistent_spans("", []) == []


def test_entity_scores_are_strict():
    gold = [{(0, 5, "Chemical"), (10, 15, "Disease")}]
    predicted = [{(0, 5, "Chemical"), (10, 14, "Disease")}]
    scores = entity_scores(gold, predicted)
    assert scores["Chemical"]["f1"] == 1.0 and scores["Disease"]["f1"] == 0.0 and scores["all"]["f1"] == 0.5


def test_registry_versions_and_resolution(tmp_path):
    for _ in range(2):
        version, path = registry.new_version_dir(tmp_path, "ner-x")
        registry.write_card(path, {"kind": "ner"})
    _, path = registry.new_version_dir(tmp_path, "re-x")
    registry.write_card(path, {"kind": "re"})
    registry.new_version_dir(tmp_path, "ner-x")  # an unfinished run (no card) is not listed
    assert [m.ref for m in registry.list_models(tmp_path, "ner")] == ["ner-x/v1", "ner-x/v2"]
    assert registry.resolve(tmp_path, "ner-x", "ner").version == "v2"
    assert registry.resolve(tmp_path, "ner-x/v1").version == "v1"
    assert registry.resolve(tmp_path, "latest", "re").name == "re-x"
    with pytest.raises(registry.ModelNotFound):
        registry.resolve(tmp_path, "nothing")


def test_negated_and_speculative_mentions_are_flagged():
    from nlp.negation import negated_spans

    text = "There was no evidence that aspirin caused asthma. Warfarin caused bleeding."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("aspirin", "asthma", "Warfarin", "bleeding")]
    assert negated_spans(text, spans) == [True, True, False, False]
    assert negated_spans("", []) == []


def test_relation_candidates_stay_within_adjacent_sentences():
    from nlp.re_data import pair_candidates

    text = "Cisplatin was given. It caused nephrotoxicity. Much later, unrelated text. Then seizures occurred."
    mentions = [GoldMention(0, 9, "Chemical"), GoldMention(text.index("nephro"), text.index("nephro") + 14, "Disease"),
                GoldMention(text.index("seizures"), text.index("seizures") + 8, "Disease")]
    found = pair_candidates(text, mentions, "Chemical", "Disease")
    assert [(i, j) for i, j, _, _ in found] == [(0, 1)]
    i, j, start, end = found[0]
    assert text[start:end] == "Cisplatin was given. It caused nephrotoxicity."


def test_first_sentence_pairs_reach_a_title_mention_from_far_down_the_abstract():
    from nlp.re_data import pair_candidates

    text = ("Lithium and nephrogenic diabetes insipidus. Patients took lithium. Levels were checked. "
            "Weight was stable. Polyuria was frequent. Lithium was stopped.")

    def at(word: str, label: str, occurrence: int = 0) -> GoldMention:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        return GoldMention(start, start + len(word), label)

    mentions = [at("Lithium", "Chemical"), at("nephrogenic diabetes insipidus", "Disease"),
                at("lithium", "Chemical"), at("Polyuria", "Disease"), at("Lithium", "Chemical", 1)]
    adjacent = {(i, j) for i, j, _, _ in pair_candidates(text, mentions, "Chemical", "Disease")}
    assert adjacent == {(0, 1), (2, 1), (4, 3)}
    found = pair_candidates(text, mentions, "Chemical", "Disease", first_sentence_pairs=True)
    pairs = [(i, j) for i, j, _, _ in found]
    # the title's "Lithium" × "Polyuria" is already joined by the last sentence's "Lithium" (same string): no far
    # pair for it; the title's disease × the body's lower-case "lithium" is adjacent; nothing else is far and new
    assert set(pairs) == adjacent and len(pairs) == len(set(pairs))
    mentions[4] = at("stopped", "Chemical")  # another string: now the title's Lithium × Polyuria is the only way
    far = [c for c in pair_candidates(text, mentions, "Chemical", "Disease", first_sentence_pairs=True)
           if (c[0], c[1]) == (0, 3)]
    assert len(far) == 1 and text[far[0][2]:far[0][3]].startswith("Lithium and") and far[0][3] > text.index("Polyuria")
    # never between two body sentences: the body's "lithium" (sentence 2) × "Polyuria" (sentence 5) stays out
    body = pair_candidates(text, mentions[2:], "Chemical", "Disease", first_sentence_pairs=True)
    assert [(i, j) for i, j, _, _ in body] == [(2, 1)]


def test_entity_markers_survive_cropping_of_long_windows():
    from transformers import AutoTokenizer

    from core.settings import Settings
    from nlp import relations
    from nlp.corpora import RelationExample

    tokenizer = AutoTokenizer.from_pretrained(Settings().resolved_base_model())
    tokenizer.add_special_tokens({"additional_special_tokens": list(relations.MARKERS)})
    filler = " ".join(["word"] * 300)
    text = f"aspirin {filler} asthma {filler}"
    example = RelationExample(text, (0, 7), (text.index("asthma"), text.index("asthma") + 6), "NONE")
    ids, head, tail = relations.encode(tokenizer, example)
    assert len(ids) <= relations.MAX_LENGTH
    assert tokenizer.convert_ids_to_tokens([ids[head], ids[tail]]) == ["[E1]", "[E2]"]


def test_model_cli_lists_an_empty_registry_and_rejects_bad_input(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("MEDKG_HOME", str(tmp_path))
    runner = CliRunner()
    listed = runner.invoke(app, ["model", "list"])
    assert listed.exit_code == 0 and "model" in listed.output
    missing = runner.invoke(app, ["model", "eval", "nothing", "--split", "test"])
    assert missing.exit_code != 0 and isinstance(missing.exception, registry.ModelNotFound)
    bad_base = runner.invoke(app, ["model", "train", "ner", "--base", str(tmp_path)])
    assert bad_base.exit_code != 0 and "no config.json" in str(bad_base.exception)


def test_the_decoding_choice_is_the_threshold_and_postprocessing_with_the_best_f1():
    from nlp.ner import best_decoding

    text = "aspirin xx lithium yy lithium zz"
    gold = [{(0, 7, "Chemical"), (11, 18, "Chemical"), (22, 29, "Chemical"), (30, 32, "Disease")}]
    # a sure aspirin, a sure lithium (its second occurrence missed), and a doubtful "zz"
    spans = [[(0, 7, "Chemical", 0.95), (11, 18, "Chemical", 0.9), (30, 32, "Chemical", 0.45)]]
    threshold, postprocess, table = best_decoding(gold, spans, [text])
    assert (threshold, postprocess) == (0.5, True)
    assert table["0.5 +postprocess"] > max(table["0.5"], table["0.0 +postprocess"])


def test_the_document_threshold_counts_a_pair_once_per_document():
    """Two weak mention pairs of a wrong pair and one strong of a right pair: only a strict cut scores 1.0."""
    from nlp.corpora import RelationExample
    from nlp.evaluation import best_document_threshold

    def example(doc: str, head: str, tail: str) -> RelationExample:
        return RelationExample("x", (0, 1), (0, 1), "NONE", group=doc, meta={"ids": ((head,), (tail,))})

    examples = [example("1", "C1", "D1"), example("1", "C2", "D2"), example("2", "C2", "D2"),
                example("2", "-1", "D3")]
    scores = [0.9, 0.3, 0.35, 0.99]  # the unlinked ("-1") pair can never count
    best, scores_at_best = best_document_threshold(examples, scores, {("1", "C1", "D1")})
    assert 0.35 < best <= 0.9 and scores_at_best["f1"] == 1.0


def test_no_training_set_holds_a_test_document():
    """The corpora share abstracts (BioRED train ∩ BC5CDR test = 53, ADE ∩ BC5CDR test = 6): none may train."""
    from pathlib import Path

    from vocabulary.annotations import evaluation_pmids
    from nlp import corpora, re_data
    from nlp.training import ner_documents

    data_dir = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    test_pmids = evaluation_pmids(data_dir, ("test",))
    raw = {d.doc_id for d in corpora.biored(data_dir, "train")} | {e.group for e in corpora.ade_examples(data_dir)}
    assert len(raw & test_pmids) >= 59, "the overlap this test guards is in the data"
    train, heldout = ner_documents(data_dir, extra=("ncbi", "biored"))
    assert not {d.doc_id for d in train + heldout} & test_pmids
    cid_train, cid_heldout = corpora.bc5cdr_training_split(data_dir)
    ade = re_data.ade_split(data_dir)
    assert not {d.doc_id for d in cid_train + cid_heldout} & test_pmids
    assert not {e.group for e in ade["train"] + ade["heldout"]} & test_pmids


def test_model_eval_refuses_splits_and_tasks_a_relation_model_cannot_be_scored_on():
    from nlp.model_eval import EvalOptions, EvalSplit, EvaluationRefused, re_tasks_to_score

    assert re_tasks_to_score(EvalOptions()) == {"cid-gold", "cid-e2e", "ade", "ddi", "treats"}
    assert re_tasks_to_score(EvalOptions(split=EvalSplit.heldout, tasks=("cid-gold",))) == {"cid-gold"}
    refused = [EvalOptions(split=EvalSplit.dev), EvalOptions(split=EvalSplit.heldout, tasks=("cid-gold", "ade")),
               EvalOptions(tasks=("cid",)), EvalOptions(normalise="umls")]
    for options in refused:
        with pytest.raises(EvaluationRefused):
            re_tasks_to_score(options)


def test_model_eval_stores_an_ablation_beside_the_models_own_figures():
    from nlp.model_eval import EvalSplit, metrics_key

    assert metrics_key(EvalSplit.test, first_sentence_pairs=True, trained_with=True) == "test"
    assert metrics_key(EvalSplit.test, first_sentence_pairs=False, trained_with=True) == "test:adjacent-only"
    assert metrics_key(EvalSplit.heldout, first_sentence_pairs=True, trained_with=False) == (
        "heldout:first-sentence-pairs")


def test_sentence_level_heads_score_only_pairs_within_one_sentence(monkeypatch) -> None:
    """ADE learned from single sentences: a chemical–disease pair across sentences gets only the document-level
    heads (CID, TREATS); a pair in one sentence gets every chemical–disease head. (Scores stubbed to 1: a unit of
    the candidate rules, not of the model.)"""
    from nlp import extractor, relations
    from nlp.types import Mention

    monkeypatch.setattr(relations, "predict_scores",
                        lambda model, tokenizer, examples, device: np.ones((len(examples), len(relations.RELATION_HEADS))))
    text = "Cisplatin was given. Nephrotoxicity followed cisplatin."
    mentions = (Mention(0, 9, "Cisplatin", "Chemical", 0.99), Mention(21, 35, "Nephrotoxicity", "Disease", 0.99),
                Mention(45, 54, "cisplatin", "Chemical", 0.99))
    runner = extractor.RelationRunner(None, None, {}, "cpu")
    found = {(mentions[r.head].start, r.type) for r in runner.relations(text, mentions, check_negation=False)}
    assert found == {(0, "CID"), (0, "TREATS"), (45, "CID"), (45, "TREATS"), (45, "ADE")}
