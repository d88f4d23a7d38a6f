"""CID end to end through the real ingest path (issue #18 item 4), beside the model's own end-to-end evaluation.

The BC5CDR test abstracts (500, PubTator format) are ingested with the registered NER/RE models by
``ingest.pipeline.ingest_paths`` — reader, NLP stage, relation gate, linker, fact rules, the one writer — into a
scratch Neo4j started for the purpose; the CAUSES facts whose evidence comes from those documents are read back
from the graph as (document, chemical id, disease id) and scored against BC5CDR's CID pairs, gold ids mapped to
canonical ids as the model's evaluation maps them (``nlp.evaluation.linker_documents``). In the same run:

- ``passages``: ingest as it is now: an article is one passage (title and abstract), relations across sentences
  are found, their evidence cites each sentence;
- ``sentences``: the same models given one sentence at a time (how ingest ran before), for the difference;
- ``model``: ``medkg model eval <re> --tasks cid-e2e`` figures of the same models (stored in its metrics.json).

The graph's CAUSES also holds what the ADE head found (drug → adverse effect is CAUSES as well); the figures are
what the graph says, not the CID head alone. Nothing is tuned here: thresholds are the model's own.

    MEDKG_HOME=/tmp/h .venv/bin/python scripts/cid_through_ingest.py [--max-docs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from core.settings import Settings
from graph.driver import open_driver
from graph.launcher import free_port, start_server, stop_server
from graph.writer import clear_database, create_schema
from ingest.pipeline import ingest_paths
from ingest.pipeline.model_extractor import trained_extractor
from nlp import corpora
from nlp.metrics import pair_scores
from vocabulary import Linker, Vocabulary

FACTS = ("MATCH (e:Evidence {rel_type: 'CAUSES'}) WHERE e.document_id IN $documents AND e.retracted_at IS NULL "
         "AND e.kind = 'literature-extraction' "
         "RETURN e.document_id AS document, e.head AS head, e.tail AS tail, "
         "e.sentence_offsets IS NOT NULL AS across")


def gold_pairs(docs, vocabulary: Vocabulary) -> set[tuple[str, str, str]]:
    def canonical(mesh: str) -> str:
        return vocabulary.canonical_id(f"MESH:{mesh}") or f"MESH:{mesh}"

    return {(f"PMID:{d.doc_id}", canonical(a), canonical(b)) for d in docs for kind, a, b in d.relations
            if kind == "CID"}


def pubtator_blocks(settings: Settings, pmids: set[str]) -> str:
    """The PubTator blocks of these documents, as BC5CDR ships them (test, or train and dev for held-out ones)."""
    blocks = []
    for name in ("train", "dev", "test"):
        text = (settings.data_dir / "bc5cdr" / corpora.BC5CDR_FILES[name]).read_text(encoding="utf-8")
        blocks += [block for block in text.strip().split("\n\n") if block.split("|", 1)[0] in pmids]
    return "\n\n".join(blocks) + "\n"


def ingest_and_score(driver, settings: Settings, path: Path, extractor, linker: Linker, gold: set,
                     documents: list[str]) -> dict:
    clear_database(driver, settings.neo4j_database)
    create_schema(driver, settings.neo4j_database, settings.embedding_dim)
    started = time.perf_counter()
    report = ingest_paths(driver, settings, [path], "pubtator", extractor=extractor, linker=linker,
                          executor="serial", progress=False)
    seconds = time.perf_counter() - started
    with driver.session(database=settings.neo4j_database) as session:
        rows = session.run(FACTS, documents=documents).data()
    found = {(r["document"], r["head"], r["tail"]) for r in rows}
    across = {(r["document"], r["head"], r["tail"]) for r in rows if r["across"]}
    only_across = across - {(r["document"], r["head"], r["tail"]) for r in rows if not r["across"]}
    return {"scores": pair_scores(gold, found), "facts": len(found), "seconds": round(seconds, 1),
            "documents_read": report.sources["pubtator"].documents_read,
            "facts_only_across_sentences": len(only_across), "right_only_across_sentences": len(only_across & gold)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "heldout"), default="test",
                        help="BC5CDR test (report), or the held-out train+dev documents no model trained on "
                             "(choices)")
    parser.add_argument("--max-docs", type=int, default=None, help="the first N abstracts (default all)")
    parser.add_argument("--skip-model-eval", action="store_true", help="leave out the model's own evaluation")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    settings = Settings()
    factory = trained_extractor(settings)
    if factory.re_path is None:
        print("no RE model registered: `medkg model train re` first", file=sys.stderr)
        return 2
    docs = list(corpora.bc5cdr(settings.data_dir, "test") if args.split == "test"
                else corpora.bc5cdr_training_split(settings.data_dir)[1])[:args.max_docs]
    scratch = Path(tempfile.mkdtemp(prefix="cid-ingest-"))
    path = scratch / f"{args.split}.PubTator.txt"
    path.write_text(pubtator_blocks(settings, {d.doc_id for d in docs}), encoding="utf-8")

    vocabulary = Vocabulary.load_or_build(settings)
    linker = Linker(vocabulary)
    gold, documents = gold_pairs(docs, vocabulary), [f"PMID:{d.doc_id}" for d in docs]
    figures: dict = {"documents": len(docs), "gold_pairs": len(gold), "models": f"{factory.name} {factory.version}"}
    graph = settings.model_copy(update={"home": scratch / "home", "bolt_port": free_port(), "neo4j_uri": None})
    start_server(graph)
    try:
        driver = open_driver(graph)
        extractor = factory()
        for mode, document_level in (("passages", True), ("sentences", False)):
            extractor.document_level = document_level
            figures[mode] = ingest_and_score(driver, graph, path, extractor, linker, gold, documents)
            print(f"{mode}: {json.dumps(figures[mode])}", file=sys.stderr)
        driver.close()
    finally:
        stop_server(graph)
    if not args.skip_model_eval:
        from nlp.model_eval import EvalOptions, evaluate_model

        from nlp.model_eval import EvalSplit

        own = evaluate_model(settings, factory.re_path, EvalOptions(
            split=EvalSplit(args.split), max_docs=args.max_docs, tasks=("cid-e2e",)))
        figures["model"] = own.figures.get("cid_end_to_end")
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"BC5CDR {args.split}, {len(docs)} abstracts, {len(gold)} CID pairs, models {figures['models']}")
        print(f"{'path':<44} {'P':>6} {'R':>6} {'F1':>6}")
        rows = [("ingest, article as one passage (now)", figures["passages"]["scores"]),
                ("ingest, sentence by sentence (before)", figures["sentences"]["scores"])]
        if figures.get("model"):
            rows += [("model's own end to end (no negation filter)", figures["model"]["scores"]),
                     ("model's own end to end, negation filter", figures["model"]["negation_filter"])]
        for name, scores in rows:
            print(f"{name:<44} {scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}")
        passages = figures["passages"]
        print(f"facts only found across sentences: {passages['facts_only_across_sentences']} "
              f"({passages['right_only_across_sentences']} right); ingest {passages['seconds']} s vs "
              f"{figures['sentences']['seconds']} s sentence by sentence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
