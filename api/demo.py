"""The main job end to end: Neo4j, schema, curated sources, NER/RE models, literature and labels, knowledge-graph
embeddings, example questions, then the served page.

Each step records what it built in ``$MEDKG_HOME/demo-state.json``; a second run reuses finished steps (and the
ingest ledger skips unchanged files), so it serves within a minute. ``fast`` uses small models and fewer
documents, for quick looks and CI.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver
from rich.console import Console

from core.settings import Settings

EXAMPLE_QUESTIONS = (
    "best treatment for hypertension",
    "side effects of atorvastatin",
    "what is metformin indicated for",
)
STATE_FILE = "demo-state.json"
FULL_LABELS = "fda-labels-full/fda_labels_dev.jsonl.gz"  # 308 whole openFDA labels (population warnings, dosage)
# The Boxed Warnings of the FDA–NLM adverse-reaction pilot's 101 labels (partial labels: ingest.readers.fda_ars; the
# other section files of the folder are set aside with their reason). Public domain label text, NLM BSD-style licence.
ARS_BOXED_WARNINGS = "fda-adr-labels/Txt"
# The fast profile imports the whole labels of these drugs only (generic-name prefixes): the dosing and patient
# examples' drugs (metformin eGFR, amoxicillin mg/kg, warfarin interactions, lithium), 5 labels, 0.6 MB of text —
# each whole label runs through the NER/RE models, so more labels cost minutes.
FAST_LABEL_GENERICS = ("METFORMIN", "WARFARIN", "AMOXICILLIN", "LITHIUM")
# The full demo imports all 308 whole labels (~2.5 min on 2 cores since a label's sentences skip the relation model;
# ~25 min before). ``--common-labels`` imports only these commonly prescribed, commonly asked-about drugs' (18 labels).
COMMON_LABEL_GENERICS = (
    "AMOXICILLIN", "APIXABAN", "ATORVASTATIN", "CLOPIDOGREL", "LITHIUM", "METFORMIN", "METOPROLOL", "NAPROXEN",
    "PANTOPRAZOLE", "PREDNISONE", "SERTRALINE", "SIMVASTATIN", "USTEKINUMAB", "WARFARIN",
)


@dataclass
class DemoPlan:
    """What the demo builds; ``fast`` shrinks every step."""

    fast: bool
    rebuild: bool = False
    pubmed_files: tuple[str, ...] = ()
    label_files: tuple[str, ...] = ()
    label_subset: tuple[str, ...] = ()  # generic-name prefixes: import only these drugs' whole labels (FULL_LABELS)
    # The full plan is sized for a first run within 30 minutes on 2 CPU cores; `medkg model train ner|re` with more
    # epochs and examples builds better models, which a later demo run reuses (the latest registered version).
    ner_epochs: int = 2
    ner_max_docs: int | None = None
    ner_layers: int | None = None
    re_epochs: int = 1
    re_max_docs: int | None = None
    re_max_examples: int | None = 6000  # 3,000 saw half the TREATS examples (held-out TREATS pairs F1 0.442 → 0.52)
    re_layers: int | None = None
    re_threshold_docs: int | None = 40  # held-out BC5CDR documents for the document-level CID threshold
    kge_model: str = "RotatE"
    kge_epochs: int = 40
    kge_batch_size: int = 2048
    kge_held_out: float = 0.1  # validation and test fraction each
    kge_scored: int = 500  # held-out triples scored for early stopping and test metrics (a fixed sample)
    kge_precision_queries: int = 150  # held-out queries per relation and side for the hypotheses' precision bar

    @classmethod
    def for_mode(cls, fast: bool, rebuild: bool = False, common_labels: bool = False) -> "DemoPlan":
        if fast:
            return cls(
                fast=True, rebuild=rebuild,
                pubmed_files=("pubmed-xml-samples/pubmed-29768149.xml", "pubmed-xml-samples/test_current_medline.xml.gz"),
                label_files=("spl-xml-samples/lipitor-orig.xml", "spl-xml-samples/viagra-64f8040f-938d-4236-8e22-c838c9b5f8da.xml",
                             "spl-xml-samples/humira.xml", f"{ARS_BOXED_WARNINGS}/AZILSARTAN_boxed_warnings.txt"),
                label_subset=FAST_LABEL_GENERICS,
                ner_epochs=2, ner_max_docs=200, ner_layers=2, re_epochs=1, re_max_docs=20, re_max_examples=400,
                re_layers=2,
                kge_model="TransE", kge_epochs=4, kge_batch_size=8192, kge_held_out=0.02,
                kge_precision_queries=50,
            )
        return cls(
            fast=False, rebuild=rebuild,
            pubmed_files=("pubmed-xml-samples",),
            label_files=("spl-xml-samples", "dailymed-indications-text/curation.jsonl", ARS_BOXED_WARNINGS,
                         *(() if common_labels else (FULL_LABELS,))),
            label_subset=COMMON_LABEL_GENERICS if common_labels else (),
        )


@dataclass
class DemoState:
    path: Path
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> "DemoState":
        path = settings.home / STATE_FILE
        steps = json.loads(path.read_text()) if path.exists() else {}
        return cls(path, steps)

    def done(self, step: str, mode: str) -> bool:
        return self.steps.get(step, {}).get("mode") in {mode, "full"}

    def record(self, step: str, mode: str, **facts: Any) -> None:
        self.steps[step] = {"mode": mode, "finished": time.strftime("%Y-%m-%dT%H:%M:%S"), **facts}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.steps, indent=2, default=str))


class Demo:
    def __init__(self, settings: Settings, plan: DemoPlan, console: Console) -> None:
        self.settings, self.plan, self.console = settings, plan, console
        self.state = DemoState.load(settings)
        self.mode = "fast" if plan.fast else "full"
        self.timings: dict[str, float] = {}
        self.summary: dict[str, Any] = {}

    def step(self, name: str, action: Callable[[], dict[str, Any]], reusable: bool = True) -> None:
        if reusable and not self.plan.rebuild and self.state.done(name, self.mode):
            self.console.print(f"[dim]✓ {name}: reused ({self.state.steps[name]['finished']})[/]")
            self.summary[name] = {k: v for k, v in self.state.steps[name].items() if k not in {"mode", "finished"}}
            return
        self.console.rule(f"[bold]{name}")
        started = time.perf_counter()
        facts = action()
        self.timings[name] = time.perf_counter() - started
        self.summary[name] = facts
        if reusable:
            self.state.record(name, self.mode, **facts)
        self.console.print(f"[green]✓ {name}[/] in {self.timings[name]:.1f} s")

    # Steps ---------------------------------------------------------------------------------------------------
    def curated_sources(self, driver: Driver) -> dict[str, Any]:
        from vocabulary.vocabulary import Vocabulary
        from graph.writer import GraphWriter
        from ingest.sources.registry import import_defaults

        vocabulary = Vocabulary.load_or_build(self.settings)
        writer = GraphWriter(driver, self.settings.neo4j_database, self.settings.write_batch_size)
        results = import_defaults(self.settings, vocabulary, writer)
        return {r.source: {"entities": r.entities, "relations": r.relations, "problems": r.problems} for r in results}

    def models(self) -> dict[str, Any]:
        from nlp.registry import ModelNotFound, resolve
        from nlp.training import train_ner, train_re

        facts: dict[str, Any] = {}
        for kind, train, epochs, options in (
            ("ner", train_ner, self.plan.ner_epochs,
             {"max_docs": self.plan.ner_max_docs, "num_layers": self.plan.ner_layers}),
            ("re", train_re, self.plan.re_epochs, {"max_docs": self.plan.re_max_docs, "num_layers": self.plan.re_layers,
                                                    "max_examples": self.plan.re_max_examples,
                                                    "threshold_docs": self.plan.re_threshold_docs}),
        ):
            try:
                found = resolve(self.settings.models_dir, "latest", kind)
                facts[kind] = {"model": found.name, "reused": True}
                continue
            except ModelNotFound:
                pass
            self.console.print(f"training the {kind.upper()} model ({epochs} epoch(s)) …")
            path = train(self.settings, epochs=epochs, progress=self.console.print, **options)
            facts[kind] = {"model": path.name, "reused": False}
        return facts

    def documents(self, driver: Driver) -> dict[str, Any]:
        from ingest.pipeline.run import ingest_paths

        data = self.settings.data_dir
        facts: dict[str, Any] = {}
        labels = [data / f for f in self.plan.label_files]
        if self.plan.label_subset:
            subset_name = "fda_labels_fast.jsonl.gz" if self.plan.fast else "fda_labels_common.jsonl.gz"
            labels.append(label_subset(data / FULL_LABELS, self.settings.home / "demo" / subset_name,
                                       self.plan.label_subset))
        for source, paths in (("pubmed", [data / f for f in self.plan.pubmed_files]), ("labels", labels)):
            report = ingest_paths(driver, self.settings, paths, source=source,
                                  executor="serial" if self.plan.fast else "process")
            facts[source] = _report_facts(report)
        return facts

    def embeddings(self, driver: Driver) -> dict[str, Any]:
        import embeddings  # PyKEEN's INFO lines: kept off the console by api.cli.common.configure_console_logging

        run = embeddings.train(driver, self.settings, model=self.plan.kge_model, epochs=self.plan.kge_epochs,
                               batch_size=self.plan.kge_batch_size, validation_fraction=self.plan.kge_held_out,
                               test_fraction=self.plan.kge_held_out, max_evaluation_triples=self.plan.kge_scored,
                               precision_queries=self.plan.kge_precision_queries)
        embeddings.write_back(driver, self.settings.neo4j_database, run)
        return {"run": run.name, "metrics": _headline_metrics(run.metrics)}

    def ask_examples(self, driver: Driver) -> list[dict[str, Any]]:
        from query.answer import QueryEngine

        engine = QueryEngine(driver, self.settings, load_models=True)
        shown = []
        for question in EXAMPLE_QUESTIONS:
            answer = engine.answer(question, limit=3)
            shown.append({"question": question, "answers": [
                (a.name, round(a.score, 2), len(a.evidence), a.hypothesis) for a in answer.answers]})
        return shown


def label_subset(source: Path, target: Path, generics: tuple[str, ...]) -> Path:
    """The records of the whole-label file whose ``openfda.generic_name`` starts with one of ``generics``, written
    (verbatim lines, gzipped) to ``target`` once; the same bytes every time, so the ingest ledger skips it later."""
    if target.exists():
        return target
    import gzip

    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle
                 if any(name.upper().startswith(generics)
                        for name in json.loads(line).get("openfda", {}).get("generic_name", []))]
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out, gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as zipped:
        zipped.write("".join(lines).encode("utf-8"))
    return target


def _report_facts(report: Any) -> dict[str, Any]:
    data = report.as_dict()
    return {"status": data["status"], "extractor": data["extractor"], "sources": data["sources"]}


def _headline_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    flat = metrics.get("test", metrics) if isinstance(metrics, dict) else {}
    return {k: v for k, v in flat.items() if isinstance(v, (int, float)) and k in {
        "mrr", "hits_at_1", "hits_at_3", "hits_at_10", "MRR", "Hits@10"}}
