"""Question latency and throughput at 1 and 20 concurrent clients, medkg next to a naive baseline, in one run.

Ours: either the running API (``--url http://127.0.0.1:8000``, POST /api/v1/query) or, without ``--url``, the
QueryEngine in this process (labelled "engine": no HTTP). Baseline, in the same run: one hand-written Cypher
statement per question that finds the entity by a case-insensitive CONTAINS scan over names (no index, no linking,
no evidence) — what a first attempt without the query layer would do.

The questions (``mixed_questions``): medkg's own question set (tests/data/questions.jsonl, every intent, plain and
consumer wording, abbreviations, misspellings, Chinese) and MedQuAD's dev split (never its test split) — up to
``--per-type`` questions of each question type that maps to an intent medkg answers, plus a few it declines or does not
understand — de-duplicated and shuffled with a fixed seed. Each setting (clients × ours/baseline pair) gets its own
slice: no question is asked twice in a run, so a measured question never finds its own answer cached; entities do
repeat across questions, as they do in real traffic. The old 20-question mix is the warm-up.

    python bench/query_latency.py [--url URL] [--per-setting 200] [--clients 1 20] [--profile] [--no-models]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UP = [
    "what is the best treatment for hypertension", "which drugs treat type 2 diabetes mellitus", "best treatment for HTN",
    "first-line therapy for asthma", "what can I prescribe for migraine", "treatment for hypertention",
    "what is metformin indicated for", "what does lisinopril treat", "side effects of atorvastatin",
    "adverse reactions of warfarin", "contraindications of metformin", "does warfarin interact with aspirin",
    "dose of metformin", "mechanism of action of imatinib", "genes associated with breast cancer",
    "diseases similar to Crohn's disease", "高血压的最佳治疗是什么", "阿托伐他汀的副作用",
    "which drugs treat rheumatoid arthritis", "medications for parkinson's disease",
]
ANSWERED = {"treatment", "indications", "side_effects", "contraindications", "interactions", "dosage", "mechanism",
            "disease_genes"}
BASELINE_CYPHER = (
    "MATCH (e:Entity) WHERE toLower(e.name) CONTAINS $q "
    "MATCH (e)-[r]-(t:Entity) RETURN t.id AS id, t.name AS name, type(r) AS rel LIMIT 10"
)


def mixed_questions(data_dir: Path, per_type: int, seed: int = 19) -> list[tuple[str, str]]:
    """(question, the mention a baseline would search for), de-duplicated, shuffled with ``seed``."""
    from query import intents, question_sets

    own = [json.loads(line)["question"] for line in (ROOT / "tests/data/questions.jsonl").open(encoding="utf-8")]
    pairs = [(q, (intents.parse(q).mentions or (q,))[0]) for q in own]
    dev = [row for row in question_sets.medquad(data_dir) if row.set == "medquad-dev" and row.focus]
    answered = [row for row in dev if row.labels & ANSWERED]
    declined = [row for row in dev if not row.labels & ANSWERED]
    rng = random.Random(seed)
    picked = question_sets.sample_per_type(answered, per_type, seed) + rng.sample(declined, per_type)
    pairs += [(row.text, row.focus[0]) for row in picked]
    unique = list({question: (question, mention.lower()) for question, mention in pairs}.values())
    rng.shuffle(unique)
    return unique


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}


def measure(call: Callable[[int], None], indices: Sequence[int], clients: int) -> tuple[dict[str, float], float]:
    def timed(index: int) -> float:
        started = time.perf_counter()
        call(index)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        samples = list(pool.map(timed, indices))
    return percentiles(samples), len(indices) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the running API (medkg serve); without it the engine is called directly")
    parser.add_argument("--per-setting", type=int, default=200, help="distinct questions per (clients) setting")
    parser.add_argument("--per-type", type=int, default=40, help="MedQuAD dev questions per question type in the mix")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--profile", action="store_true",
                        help="engine mode: first answer one more slice one by one and print where the time goes")
    parser.add_argument("--no-models", action="store_true", help="engine mode: full-text linking only")
    args = parser.parse_args()

    from core.settings import Settings
    from graph.driver import open_driver

    settings = Settings()
    driver = open_driver(settings)
    questions = mixed_questions(settings.data_dir, args.per_type)
    print(f"loading {'nothing (API mode)' if args.url else 'the query engine and its models'} …", file=sys.stderr)
    ask, label, engine = _ours(args, driver, settings, [q for q, _ in questions])
    needed = args.per_setting * (len(args.clients) + int(args.profile))
    if needed > len(questions):
        parser.error(f"{needed} questions needed, the mix has {len(questions)}: lower --per-setting")
    for question in WARM_UP:  # model and query-plan warm-up; these questions are not measured
        ask(question)
    slices = [range(n * args.per_setting, (n + 1) * args.per_setting) for n in range(needed // args.per_setting)]
    if args.profile:
        _profile(engine, [questions[i][0] for i in slices.pop()])

    def baseline(index: int) -> None:
        driver.execute_query(BASELINE_CYPHER, q=questions[index][1], database_=settings.neo4j_database, routing_="r")

    print(f"{args.per_setting} distinct questions per setting from a mix of {len(questions)} (medkg's question set + "
          f"MedQuAD dev, {args.per_type} per type); no question repeats in the run")
    print(f"{'what':<34}{'clients':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'q/s':>8}{'ratio':>8}")
    for clients, indices in zip(args.clients, slices):
        ours_stats, ours_rate = measure(lambda i: ask(questions[i][0]), indices, clients)
        base_stats, base_rate = measure(baseline, indices, clients)
        for name, stats, rate in ((label, ours_stats, ours_rate), ("baseline: CONTAINS scan, 1 hop", base_stats,
                                                                     base_rate)):
            print(f"{name:<34}{clients:>8}{stats['p50']:>9.1f}{stats['p95']:>9.1f}{stats['p99']:>9.1f}"
                  f"{stats['mean']:>9.1f}{rate:>8.1f}{rate / base_rate:>7.2f}x")
    if getattr(engine, "retrieved", None) is not None:
        print(f"engine caches: linking {engine.linked.hits} hits / {engine.linked.misses} misses, retrieval "
              f"{engine.retrieved.hits} / {engine.retrieved.misses}, graph-version probes {engine.graph_version.probes}")
    driver.close()


def _profile(engine, questions: list[str]) -> None:  # noqa: ANN001 - QueryEngine
    """Answer ``questions`` one at a time and print the mean and p50 of each step (ms)."""
    if engine is None:
        raise SystemExit("--profile needs engine mode (no --url)")
    steps: dict[str, list[float]] = {}
    for question in questions:
        started = time.perf_counter()
        engine._learned_intent(question)  # noqa: SLF001 - timed alone; answer() then finds it decided
        intent_ms = (time.perf_counter() - started) * 1000
        answer = engine.answer(question, 10)
        timings = dict(answer.timings_ms)
        timings["intent (MiniLM + classifier)"] = intent_ms
        timings["other (parse, scope, answer model)"] = timings["total"] - sum(
            timings.get(step, 0.0) for step in ("link", "cypher", "kge"))
        timings["total"] += intent_ms
        timings["statements"] = float(len(answer.cypher))
        for step, value in timings.items():
            steps.setdefault(step, []).append(value)
    print(f"profile: {len(questions)} questions one by one ('link'/'cypher' only for questions that got that far)")
    for step, values in steps.items():
        print(f"  {step:<38} n={len(values):>4} mean {statistics.fmean(values):8.1f}  p50 {statistics.median(values):8.1f}")


def _ours(args: argparse.Namespace, driver, settings, questions: list[str]):  # noqa: ANN001, ANN202
    if args.url:
        import httpx

        client = httpx.Client(base_url=args.url, timeout=30, limits=httpx.Limits(max_connections=64))

        def via_api(question: str) -> None:
            client.post("/api/v1/query", json={"question": question, "limit": 10}).raise_for_status()

        return via_api, "medkg API (HTTP)", None
    from query.answer import QueryEngine

    engine = QueryEngine(driver, settings, load_models=not args.no_models)
    label = "QueryEngine (no HTTP)" + (" no models" if args.no_models else "")
    return (lambda question: engine.answer(question, 10)), label, engine


if __name__ == "__main__":
    main()
