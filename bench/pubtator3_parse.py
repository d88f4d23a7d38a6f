"""Parse + map rate of PubTator3's relation file, next to plain CSV reading of the same file, in one run.

Usage: python bench/pubtator3_parse.py [--lines 1000000] [--repeat 1] [--keep PATH]

Generates a gzipped ``relation2pubtator3`` file of ``--lines`` lines in the bulk file's exact layout (PMID, type,
role 1, role 2; the real file's mix of types and pairs, roles in either order, ids drawn from the vocabulary's
MeSH drugs and diseases and NCBI genes plus ids it does not know, some ``-``, some variants), then times, on
the same file:

* baseline: ``csv.reader`` over the gunzipped text (what any loader must at least do);
* medkg: ``ingest.readers.pubtator3.Pubtator3Reader`` + ``ingest.pipeline.pubtator3_map.Pubtator3Mapper``: every
  line parsed, ids resolved through the vocabulary, relation types mapped, typed ``Relation``/``Entity`` models
  with their evidence built (everything the writer is given; nothing is written).

Prints lines/s of both and their ratio, and the mapping counts. Loads the vocabulary of ``Settings()`` first
(not timed).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import Settings  # noqa: E402
from graph.models import NodeLabel  # noqa: E402
from ingest.pipeline.pubtator3 import fact_batches  # noqa: E402
from ingest.pipeline.pubtator3_map import Pubtator3Mapper  # noqa: E402
from ingest.readers.pubtator3 import Pubtator3Reader  # noqa: E402
from vocabulary import Vocabulary  # noqa: E402

# (type, pair, share of the real file's 40.4M lines: docs/pubtator3.md, tests/data/pubtator3/README.md)
MIX = [("associate", ("Gene", "Disease"), 0.30), ("associate", ("Chemical", "Disease"), 0.12),
       ("associate", ("Gene", "Gene"), 0.05), ("treat", ("Chemical", "Disease"), 0.18),
       ("negative_correlate", ("Chemical", "Gene"), 0.10), ("cause", ("Chemical", "Disease"), 0.09),
       ("positive_correlate", ("Chemical", "Gene"), 0.09), ("stimulate", ("Chemical", "Gene"), 0.02),
       ("inhibit", ("Chemical", "Gene"), 0.015), ("cotreat", ("Chemical", "Chemical"), 0.014),
       ("compare", ("Chemical", "Chemical"), 0.013), ("interact", ("Chemical", "Gene"), 0.007),
       ("associate", ("ProteinMutation", "Disease"), 0.005), ("prevent", ("Chemical", "Disease"), 0.001),
       ("drug_interact", ("Chemical", "Chemical"), 0.001)]
UNKNOWN_SHARE = 0.15  # ids the vocabulary does not know (newer MeSH, non-human genes)
DASH_SHARE = 0.02


def id_pools(vocabulary: Vocabulary) -> dict[str, list[str]]:
    """PubTator3-style ids of the vocabulary's entries: MeSH for chemicals and diseases, Entrez digits for genes."""
    pools: dict[str, list[str]] = {"Chemical": [], "Disease": [], "Gene": []}
    for entry in vocabulary.entries.values():
        if entry.id.startswith("MESH:") and entry.label is NodeLabel.DRUG:
            pools["Chemical"].append(entry.id)
        elif entry.id.startswith("MESH:") and entry.label is NodeLabel.DISEASE:
            pools["Disease"].append(entry.id)
        elif entry.id.startswith("NCBIGENE:"):
            pools["Gene"].append(entry.id.split(":", 1)[1])
    return pools


def role(rng: random.Random, entity_type: str, pools: dict[str, list[str]]) -> str:
    if entity_type == "ProteinMutation":
        return f"ProteinMutation|RS#:{rng.randrange(10**8)};CorrespondingGene:{rng.randrange(10**5)}"
    draw = rng.random()
    if draw < DASH_SHARE:
        return f"{entity_type}|-"
    if draw < DASH_SHARE + UNKNOWN_SHARE:
        return f"{entity_type}|" + (str(10**7 + rng.randrange(10**6)) if entity_type == "Gene"
                                    else f"MESH:D9{rng.randrange(10**5):05d}")
    return f"{entity_type}|{rng.choice(pools[entity_type])}"


def generate(path: Path, lines: int, pools: dict[str, list[str]], seed: int = 7) -> None:
    rng = random.Random(seed)
    kinds = [(name, pair) for name, pair, _ in MIX]
    weights = [share for *_, share in MIX]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as handle:
        for n in range(lines):
            name, pair = rng.choices(kinds, weights)[0]
            first, second = pair if rng.random() < 0.5 else pair[::-1]
            handle.write(f"{10_000_000 + n // 3}\t{name}\t{role(rng, first, pools)}\t{role(rng, second, pools)}\n")


def baseline(path: Path) -> tuple[int, float, float]:
    """Lines, wall seconds and CPU seconds of plain ``csv.reader`` over the gunzipped file."""
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    with gzip.open(path, "rb") as raw:
        for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""), delimiter="\t",
                            quoting=csv.QUOTE_NONE):
            count += 1
    return count, time.perf_counter() - started, time.process_time() - cpu


def parse_and_map(path: Path, vocabulary: Vocabulary) -> tuple[int, float, float, Pubtator3Mapper]:
    """Lines, wall and CPU seconds of medkg's reader and mapper over the file (typed facts built, none written)."""
    started, cpu = time.perf_counter(), time.process_time()
    mapper = Pubtator3Mapper(vocabulary)
    facts = 0
    for batch in fact_batches(Pubtator3Reader(path), mapper):
        facts += len(batch.relations)
    return mapper.counts.lines, time.perf_counter() - started, time.process_time() - cpu, mapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="time each way this many times, keep the best")
    parser.add_argument("--keep", type=Path, help="write the generated file here (default: a temporary folder)")
    args = parser.parse_args()
    vocabulary = Vocabulary.load_or_build(Settings())
    pools = id_pools(vocabulary)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "relation2pubtator3.gz"
        started = time.perf_counter()
        generate(path, args.lines, pools)
        print(f"generated {args.lines:,} lines ({path.stat().st_size / 1e6:.1f} MB gzip) in "
              f"{time.perf_counter() - started:.1f} s")
        base = min((baseline(path) for _ in range(args.repeat)), key=lambda r: r[1])
        ours = min((parse_and_map(path, vocabulary) for _ in range(args.repeat)), key=lambda r: r[1])
    for name, (lines, wall, cpu, *_) in (("csv.reader (baseline)", base), ("parse + map (medkg)  ", ours)):
        print(f"{name}: {lines:,} lines, wall {wall:.2f} s = {lines / wall:,.0f} lines/s, "
              f"CPU {cpu:.2f} s = {lines / cpu:,.0f} lines/CPU-s")
    print(f"medkg / baseline: {base[1] / ours[1]:.3f} (wall), {base[2] / ours[2]:.3f} (CPU)")
    counts = ours[3].counts
    print(f"relations mapped: {dict(counts.relations_mapped)}")
    print("skipped (top 8): " + ", ".join(f"{reason}: {n:,}" for reason, n in counts.skipped.most_common(8)))


if __name__ == "__main__":
    main()
