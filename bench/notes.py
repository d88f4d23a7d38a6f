"""Note-analysis throughput on CPU: notes of about 1,000 words, one at a time vs batched (``analyze_many``), in one run.

The notes are MTSamples transcriptions of 900–1,100 words (the first --notes of them, a fixed order), read from the
shared data; nothing is written. Each mode runs the full analysis (sections, mentions, context, medications, graph
links, alerts with suggestions) after one warm-up note; the figures are notes per second and the latency of one note
(p50/p95) alone.

    .venv/bin/python bench/notes.py [--notes 20] [--batch 10]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import statistics
import time

from clinical.engine import ClinicalEngine
from core.settings import Settings
from graph.driver import open_driver
from query.safety import ReadOnlyRunner
from vocabulary import Vocabulary

csv.field_size_limit(10_000_000)


def notes_of_about(settings: Settings, words: tuple[int, int], count: int) -> list[str]:
    raw = gzip.decompress((settings.data_dir / "mtsamples" / "mtsamples.csv.gz").read_bytes()).decode("utf-8")
    chosen, seen = [], set()
    for row in csv.DictReader(io.StringIO(raw)):
        text = row["transcription"]
        if words[0] <= len(text.split()) <= words[1] and text not in seen:
            seen.add(text)
            chosen.append(text)
        if len(chosen) == count:
            break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=20)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    settings = Settings()
    notes = notes_of_about(settings, (900, 1100), args.notes)
    driver = open_driver(settings)
    try:
        started = time.perf_counter()
        engine = ClinicalEngine(None, lambda: ReadOnlyRunner.from_settings(driver, settings),
                                vocabulary=Vocabulary.load_or_build(settings))
        analyzer = engine.notes
        print(f"lexicon of {len(analyzer.lexicon.tagger):,} names loaded in {time.perf_counter() - started:.1f} s; "
              f"{len(notes)} notes, mean {statistics.mean(len(n.split()) for n in notes):.0f} words")
        analyzer.analyze(notes[0])  # warm-up: query plans and page cache
        latencies = []
        started = time.perf_counter()
        for note in notes:
            one = time.perf_counter()
            analyzer.analyze(note)
            latencies.append(time.perf_counter() - one)
        single = time.perf_counter() - started
        started = time.perf_counter()
        for start in range(0, len(notes), args.batch):
            analyzer.analyze_many(notes[start:start + args.batch])
        batched = time.perf_counter() - started
    finally:
        driver.close()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    print(f"{'mode':<28}{'notes/s':>10}{'s total':>10}")
    print(f"{'one at a time':<28}{len(notes) / single:>10.2f}{single:>10.2f}")
    print(f"{f'batched ({args.batch} per call)':<28}{len(notes) / batched:>10.2f}{batched:>10.2f}")
    print(f"ratio batched / one at a time: {single / batched:.2f}x; one note alone: p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
