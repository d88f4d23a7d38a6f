"""NER throughput: medkg's engine vs transformers.pipeline("token-classification") on the same model and abstracts.

    .venv/bin/python bench/ner_throughput.py [--model latest] [--abstracts 500] [--device cpu] [--threads 2] [--int8]

Prints abstracts per second and strict entity F1 (BC5CDR test gold) of both, side by side. The engine's figure
is without document-level post-processing so both tag exactly the same way; its post-processed F1 is shown too.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# bench/ holds scripts named like packages (bench/ingest.py): import from the repository root instead.
sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

from core.settings import Settings
from nlp import corpora, registry
from nlp.engine import pick_device
from nlp.metrics import entity_scores
from nlp.ner import NerModel
from nlp.postprocess import consistent_spans


def run_pipeline(path, texts, device: str):
    from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

    tagger = pipeline("token-classification", model=AutoModelForTokenClassification.from_pretrained(path),
                      tokenizer=AutoTokenizer.from_pretrained(path), aggregation_strategy="simple",
                      device=0 if device.startswith("cuda") else -1, stride=64)
    started = time.perf_counter()
    output = [tagger(text) for text in texts]
    seconds = time.perf_counter() - started
    return [[(e["start"], e["end"], e["entity_group"]) for e in doc] for doc in output], seconds


def run_engine(model: NerModel, texts):
    started = time.perf_counter()
    spans = model.predict(texts, postprocess=False)
    seconds = time.perf_counter() - started
    return spans, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="latest")
    parser.add_argument("--abstracts", type=int, default=500)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--int8", action="store_true", help="also time the dynamically quantised engine")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    settings = Settings()
    device = pick_device(args.device)
    entry = registry.resolve(settings.models_dir, args.model, kind="ner")
    docs = corpora.bc5cdr(settings.data_dir, "test")[: args.abstracts]
    texts = [d.text for d in docs]
    gold = [{(m.start, m.end, m.label) for m in d.mentions} for d in docs]

    def f1(predicted) -> float:
        return entity_scores(gold, [{tuple(s[:3]) for s in doc} for doc in predicted])["all"]["f1"]

    rows = []
    engine_model = NerModel.load(entry.path, device)
    run_engine(engine_model, texts[:8])  # warm-up
    spans, seconds = run_engine(engine_model, texts)
    post = [consistent_spans(t, s) for t, s in zip(texts, spans)]
    rows.append(("medkg engine", seconds, f1(spans), f1(post)))
    if args.int8 and device == "cpu":
        quantised = NerModel.load(entry.path, device, quantize=True)
        spans_q, seconds_q = run_engine(quantised, texts)
        rows.append(("medkg engine int8", seconds_q, f1(spans_q), f1([consistent_spans(t, s) for t, s in zip(texts, spans_q)])))
    pipe_spans, pipe_seconds = run_pipeline(entry.path, texts, device)
    rows.append(("transformers.pipeline", pipe_seconds, f1(pipe_spans), float("nan")))

    print(f"model {entry.ref}  device {device}  threads {args.threads}  abstracts {len(texts)}")
    print(f"{'runner':<24}{'seconds':>9}{'abstracts/s':>13}{'F1':>8}{'F1 post':>9}{'speed-up':>10}")
    for name, secs, score, score_post in rows:
        print(f"{name:<24}{secs:>9.1f}{len(texts) / secs:>13.1f}{score:>8.4f}{score_post:>9.4f}"
              f"{pipe_seconds / secs:>9.1f}x")


if __name__ == "__main__":
    main()
