"""Question latency: p50/p95/p99 for a mix of questions at 1 and 20 concurrent clients, next to a naive baseline.

Ours: either the running API (``--url http://127.0.0.1:8000``, POST /api/v1/query) or, without ``--url``, the
QueryEngine in this process (labelled "engine": no HTTP). Baseline, in the same run: one hand-written Cypher
statement per question that finds the entity by a case-insensitive CONTAINS scan over names (no index, no linking,
no evidence) — what a first attempt without the query layer would do.

    python bench/query_latency.py [--url URL] [--rounds 5] [--clients 1 20] [--no-models]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MIX = [
    "what is the best treatment for hypertension", "which drugs treat type 2 diabetes mellitus", "best treatment for HTN",
    "first-line therapy for asthma", "what can I prescribe for migraine", "treatment for hypertention",
    "what is metformin indicated for", "what does lisinopril treat", "side effects of atorvastatin",
    "adverse reactions of warfarin", "contraindications of metformin", "does warfarin interact with aspirin",
    "dose of metformin", "mechanism of action of imatinib", "genes associated with breast cancer",
    "diseases similar to Crohn's disease", "高血压的最佳治疗是什么", "阿托伐他汀的副作用",
    "which drugs treat rheumatoid arthritis", "medications for parkinson's disease",
]
BASELINE_MENTIONS = ["hypertension", "diabetes", "hypertension", "asthma", "migraine", "hypertension", "metformin",
                     "lisinopril", "atorvastatin", "warfarin", "metformin", "warfarin", "metformin", "imatinib",
                     "breast cancer", "crohn", "hypertension", "atorvastatin", "rheumatoid arthritis", "parkinson"]
BASELINE_CYPHER = (
    "MATCH (e:Entity) WHERE toLower(e.name) CONTAINS $q "
    "MATCH (e)-[r]-(t:Entity) RETURN t.id AS id, t.name AS name, type(r) AS rel LIMIT 10"
)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}


def measure(call: Callable[[int], None], n_calls: int, clients: int) -> tuple[dict[str, float], float]:
    def timed(index: int) -> float:
        started = time.perf_counter()
        call(index)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        samples = list(pool.map(timed, range(n_calls)))
    return percentiles(samples), n_calls / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the running API (medkg serve); without it the engine is called directly")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question mix per setting")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--no-models", action="store_true", help="engine mode: full-text linking only")
    args = parser.parse_args()

    from graph.driver import open_driver
    from core.settings import Settings

    settings = Settings()
    driver = open_driver(settings)
    database = settings.neo4j_database
    ours, label = _ours(args, driver, settings)
    for question in MIX:  # warm-up: caches, JIT of query plans, models
        ours(MIX.index(question))

    def baseline(index: int) -> None:
        mention = BASELINE_MENTIONS[index % len(BASELINE_MENTIONS)]
        driver.execute_query(BASELINE_CYPHER, q=mention, database_=database, routing_="r")

    n_calls = args.rounds * len(MIX)
    print(f"{n_calls} questions per setting, mix of {len(MIX)} (all intents, abbreviations, misspelling, Chinese)")
    print(f"{'what':<34}{'clients':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'q/s':>8}")
    for clients in args.clients:
        for name, call in ((label, ours), ("baseline: CONTAINS scan, 1 hop", baseline)):
            stats, throughput = measure(call, n_calls, clients)
            print(f"{name:<34}{clients:>8}{stats['p50']:>9.1f}{stats['p95']:>9.1f}{stats['p99']:>9.1f}"
                  f"{stats['mean']:>9.1f}{throughput:>8.1f}")
    driver.close()


def _ours(args: argparse.Namespace, driver, settings) -> tuple[Callable[[int], None], str]:  # noqa: ANN001
    if args.url:
        import httpx

        client = httpx.Client(base_url=args.url, timeout=30, limits=httpx.Limits(max_connections=64))

        def via_api(index: int) -> None:
            response = client.post("/api/v1/query", json={"question": MIX[index % len(MIX)], "limit": 10})
            response.raise_for_status()

        return via_api, "medkg API (HTTP)"
    from query.answer import QueryEngine

    engine = QueryEngine(driver, settings, load_models=not args.no_models)

    def via_engine(index: int) -> None:
        engine.answer(MIX[index % len(MIX)], 10)

    return via_engine, "QueryEngine (no HTTP)" + (" no models" if args.no_models else "")


if __name__ == "__main__":
    main()
