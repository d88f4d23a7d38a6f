"""The NLP stage on drug labels: mentions only (what ingest runs now) vs mentions and every relation pair (before).

    .venv/bin/python bench/label_nlp.py [--labels 18] [--texts 600] [--threads 1] [--batch 32]

A label's facts come from its mentions, the section deciding the relation (``ingest.pipeline.facts``), so ingest
asks the trained extractor for mentions only on a label's sentences (``ingest.pipeline.stages``); before, the
relation model scored every mention pair of every sentence and nothing read the scores. Both paths run here, in
one process, on the same documents — the whole labels of the full demo's drugs (``api.demo``'s subset of
fda-labels-full) and the first ``--texts`` DailyMed indication texts — through ``stages.nlp_batch`` in batches
of ``--batch`` documents (the serial executor's work, one worker's thread count, with ingest's relation gate: only
pairs of mentions that link are scored), and the facts each path gives
(``FactBuilder`` with the full vocabulary's linker) are compared: the figures say how much faster, the last line
whether the facts are the same.

The registered NER/RE models and the vocabulary come from MEDKG_HOME (the demo's home after its first run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(_BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _BENCH]

from api.demo import COMMON_LABEL_GENERICS, FULL_LABELS, label_subset  # noqa: E402
from core.settings import Settings  # noqa: E402
from ingest.pipeline import stages  # noqa: E402
from ingest.pipeline.facts import FactBuilder  # noqa: E402
from ingest.pipeline.run import default_linker  # noqa: E402
from ingest.pipeline.sources import reader_for  # noqa: E402
from ingest.readers.types import SourceDocument  # noqa: E402


class RelationsEverywhere:
    """The extractor as ingest used it before: no ``extract_mentions``, so every unit gets the relation model."""

    def __init__(self, extractor) -> None:  # type: ignore[no-untyped-def]
        self._extractor = extractor
        self.name, self.version = extractor.name, extractor.version
        self.document_level = extractor.document_level

    def extract(self, texts, keep_mention=None):  # type: ignore[no-untyped-def]
        return self._extractor.extract(texts, keep_mention=keep_mention)


def documents(settings: Settings, labels: int, texts: int) -> list[SourceDocument]:
    data = settings.data_dir
    with tempfile.TemporaryDirectory() as scratch:
        subset = label_subset(data / FULL_LABELS, Path(scratch) / "labels.jsonl.gz", COMMON_LABEL_GENERICS)
        whole = [d for d in reader_for("labels", subset, settings)(subset) if isinstance(d, SourceDocument)]
    indications = data / "dailymed-indications-text" / "curation.jsonl"
    short = []
    for item in reader_for("labels", indications, settings)(indications):
        if isinstance(item, SourceDocument):
            short.append(item)
        if len(short) >= texts:
            break
    return whole[:labels] + short


def run(documents: list[SourceDocument], batch: int) -> tuple[float, list]:
    started, results = time.perf_counter(), []
    for start in range(0, len(documents), batch):
        results.append(stages.nlp_batch(documents[start:start + batch]))
    return time.perf_counter() - started, results


def facts(results: list, linker) -> set[tuple]:  # type: ignore[no-untyped-def]
    builder, found = FactBuilder(linker), set()
    for result in results:
        built = builder.build(result)
        found |= {(r.type, r.head, r.tail, e.start, e.end) for r in built.relations for e in r.evidence}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=18, help="whole labels of the demo's drugs (at most 18)")
    parser.add_argument("--texts", type=int, default=600, help="DailyMed indication texts")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (a process worker's share)")
    parser.add_argument("--batch", type=int, default=32, help="documents per NLP batch")
    args = parser.parse_args()

    import torch

    from nlp.extractor import load_extractor

    torch.set_num_threads(args.threads)
    settings = Settings()
    docs = documents(settings, args.labels, args.texts)
    characters = sum(len(d.text()) for d in docs)
    extractor = load_extractor(settings)
    print(f"{len(docs)} label documents ({characters:,} characters), extractor {extractor.name} "
          f"{extractor.version}, {args.threads} thread(s)")
    linker = default_linker(settings)
    getattr(linker, "tfidf", None)  # the fuzzy index built once, outside the timings (ingest does the same)
    timings = {}
    for name, chosen in (("before: relations scored on every sentence", RelationsEverywhere(extractor)),
                         ("now: mentions only on label sentences", extractor)):
        stages.init_worker(chosen, linker)  # with ingest's relation gate: only pairs of linked mentions scored
        seconds, results = run(docs, args.batch)
        timings[name] = (seconds, results)
        print(f"{name:<46} {seconds:8.1f} s  {len(docs) / seconds:6.1f} documents/s")
    (before, old), (now, new) = timings.values()
    print(f"speed-up {before / now:.2f}x")
    old_facts, new_facts = facts(old, linker), facts(new, linker)
    print(f"facts: before {len(old_facts)}, now {len(new_facts)}, identical: {old_facts == new_facts}")
    sys.exit(0 if old_facts == new_facts else 1)


if __name__ == "__main__":
    main()
