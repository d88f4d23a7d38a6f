"""Agreement@5 of English and Chinese questions (issue #21): the same question asked in both languages should give the
same top answers.

``build`` writes ``tests/data/zh_agreement/pairs.tsv``: for each intent, entities of the kind the intent asks about
that have a Chinese name in the vocabulary (its preferred one: WHO ICD-10 zh, Taiwan ICD-10-CM, 国家临床版, WHO EML
zh, HPO zh or the curated file), taken in a seeded random order; among the first 60, a pair is kept when its English
question gets at least one answer from the graph. The demo graph states no side effects, contraindications,
interactions or label dosage texts, so for those intents the pairs are filled with English questions that are
understood (the planned intent, an entity linked) but have no answer (``english_answered`` 0); they measure only
whether both languages understand the question alike. Nothing else is looked at: the Chinese side is not asked
while building. English and Chinese phrasings rotate through fixed templates (the natural forms of the issue:
…怎么治, …吃什么药好, …能和…一起吃吗, …一次吃多少, …孕妇能用吗 …). Diagnosis pairs take two findings of one disease
that both have a Chinese name in the graph.

``eval`` asks both sides of every pair through the clinical front door (``ClinicalEngine``, as the API and ``medkg
ask`` do) against the graph named by the settings (the demo graph by default; read-only) and prints agreement@5 per
intent and overall (``query.evaluation.agreement_at_k``, over pairs whose English side was answered) and the share of
all pairs understood alike (same intent, same linked entities), with ``--show`` the pairs that differ.

    .venv/bin/python scripts/zh_agreement_eval.py build      # once; the set is then fixed
    .venv/bin/python scripts/zh_agreement_eval.py eval [--show]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.settings import Settings
from graph.models import NodeLabel

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "zh_agreement" / "pairs.tsv"
HEADER = ("intent", "ids", "english", "chinese", "english_answered")
SEED = 21
MAX_TRIES = 60
ASKED = {"interaction_pair": "interactions"}  # the intent a pair group's questions have
# intent → (how many pairs, kind of entity, English templates, Chinese templates); {en}/{zh}, pairs {en2}/{zh2}.
PLAN: dict[str, tuple[int, NodeLabel, tuple[str, ...], tuple[str, ...]]] = {
    "treatment": (10, NodeLabel.DISEASE, ("best treatment for {en}", "what drugs treat {en}", "how to treat {en}"),
                  ("{zh}怎么治", "{zh}吃什么药好", "{zh}的治疗药物")),
    "indications": (6, NodeLabel.DRUG, ("what is {en} used for", "indications of {en}"),
                    ("{zh}治什么病", "{zh}的适应症")),
    "side_effects": (6, NodeLabel.DRUG, ("side effects of {en}", "adverse effects of {en}"),
                     ("{zh}的副作用", "{zh}有什么不良反应")),
    "contraindications": (6, NodeLabel.DRUG, ("contraindications of {en}", "is {en} contraindicated in pregnancy"),
                          ("{zh}的禁忌症", "{zh}孕妇能用吗")),
    "interactions": (6, NodeLabel.DRUG, ("what drugs interact with {en}", "drug interactions of {en}"),
                     ("{zh}的相互作用", "{zh}和哪些药有相互作用")),
    "interaction_pair": (4, NodeLabel.DRUG, ("can I take {en} with {en2}",), ("{zh}能和{zh2}一起吃吗",)),
    "dosage": (6, NodeLabel.DRUG, ("dose of {en}", "how much {en} should I take"),
               ("{zh}一次吃多少", "{zh}的用法用量")),
    "mechanism": (5, NodeLabel.DRUG, ("mechanism of action of {en}", "how does {en} work"),
                  ("{zh}的作用机制", "{zh}是怎么起作用的")),
    "disease_genes": (4, NodeLabel.DISEASE, ("genes associated with {en}",), ("{zh}的相关基因",)),
    "similar": (4, NodeLabel.DISEASE, ("diseases similar to {en}",), ("与{zh}相似的疾病",)),
    "diagnosis": (5, NodeLabel.PHENOTYPE, ("what could cause {en} and {en2}",), ("{zh}、{zh2}可能是什么病",)),
}


def open_engine(settings: Settings) -> tuple[Any, Any]:
    """The clinical front door over the settings' graph, with the shipped models (linker, embedder, predictor)."""
    from clinical.engine import ClinicalEngine
    from graph.driver import open_driver
    from query.answer import QueryEngine
    from query.safety import ReadOnlyRunner

    driver = open_driver(settings)
    engine = ClinicalEngine(QueryEngine(driver, settings, load_models=True),
                            lambda: ReadOnlyRunner.from_settings(driver, settings))
    return engine, driver


def _progress(done: int, total: int, started: float) -> None:
    print(f"\r{done}/{total} ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr, flush=True)


# building ---------------------------------------------------------------------------------------------------------
def named_entries(vocabulary: Any, label: NodeLabel, rng: random.Random) -> list[tuple[str, str, str]]:
    """(id, English name, preferred Chinese name) of the vocabulary's entries of one kind, in a seeded order."""
    found = {}
    for name in vocabulary.chinese_names:
        entry = vocabulary.entries.get(name.id)
        if entry is not None and entry.label == label and name.id not in found:
            found[name.id] = (name.id, entry.name, vocabulary.names_zh(name.id)[0].text)
    ordered = sorted(found.values())
    rng.shuffle(ordered)
    return ordered


def finding_pairs(knowledge: Any, rng: random.Random) -> list[tuple[str, str, str, str, str, str]]:
    """Two findings with Chinese names presented by one disease, for diagnosis pairs (seeded order)."""
    pairs = []
    for disease in sorted(knowledge.expected):
        named = sorted(f for f in knowledge.expected[disease] if knowledge.finding_zh.get(f))
        if len(named) >= 2:
            first, second = rng.sample(named, 2)
            pairs.append((first, knowledge.finding_names[first].lower(), knowledge.finding_zh[first],
                          second, knowledge.finding_names[second].lower(), knowledge.finding_zh[second]))
    rng.shuffle(pairs)
    return pairs


def candidates(intent: str, engine: Any, vocabulary: Any, rng: random.Random) -> Iterator[dict[str, str]]:
    wanted, label, english, chinese = PLAN[intent]
    if intent == "diagnosis":
        for a, en, zh, b, en2, zh2 in finding_pairs(engine.knowledge, rng):
            yield {"ids": f"{a},{b}", "en": en, "zh": zh, "en2": en2, "zh2": zh2}
        return
    entries = named_entries(vocabulary, label, rng)
    if intent == "interaction_pair":
        for (a, en, zh), (b, en2, zh2) in zip(entries[::2], entries[1::2]):
            yield {"ids": f"{a},{b}", "en": en.lower(), "zh": zh, "en2": en2.lower(), "zh2": zh2}
        return
    for entry_id, en, zh in entries:
        yield {"ids": entry_id, "en": en.lower(), "zh": zh}


def build(engine: Any, vocabulary: Any, path: Path) -> None:
    rng = random.Random(SEED)
    rows = []
    for intent, (wanted, _, english, chinese) in PLAN.items():
        answered: list[tuple[str, ...]] = []
        understood: list[tuple[str, ...]] = []
        for tried, values in enumerate(candidates(intent, engine, vocabulary, rng)):
            if len(answered) >= wanted or tried >= MAX_TRIES:
                break
            kept = len(answered) + len(understood)
            question = english[kept % len(english)].format(**values)
            answer = engine.answer(question, 5)
            row = (intent, values["ids"], question, chinese[kept % len(chinese)].format(**values))
            if answer.answers:
                answered.append((*row, "1"))
            elif answer.entities and answer.intent.value == ASKED.get(intent, intent):
                understood.append((*row, "0"))
        chosen = answered + understood[:wanted - len(answered)]
        rows.extend(chosen)
        print(f"{intent}: {len(chosen)} pairs ({len(answered)} answered in English)", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} pairs to {path}")


# evaluating -------------------------------------------------------------------------------------------------------
def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def understood_alike(english: Any, chinese: Any) -> bool:
    """Same intent and the same linked entities (in any order)."""
    return english.intent == chinese.intent and {e.id for e in english.entities} == {e.id for e in chinese.entities}


def evaluate(ask: Callable[[str], Any], pairs: list[dict[str, str]], show: bool) -> dict[str, dict[str, float]]:
    """Per intent: pairs, pairs answered in English, mean agreement@5 over those, share understood alike."""
    from query.evaluation import agreement_at_k

    agreement: dict[str, list[float]] = defaultdict(list)
    alike: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    for done, pair in enumerate(pairs, 1):
        english, chinese = ask(pair["english"]), ask(pair["chinese"])
        same = understood_alike(english, chinese)
        alike[pair["intent"]].append(float(same))
        score = None
        if pair["english_answered"] == "1":
            score = agreement_at_k(english, chinese, 5) or 0.0
            agreement[pair["intent"]].append(score)
        if show and (not same or (score is not None and score < 1.0)):
            print(f"\n{'-' if score is None else f'{score:.1f}'}  {pair['english']}  |  {pair['chinese']}\n"
                  f"     en {english.intent.value} {[e.id for e in english.entities]} "
                  f"{[a.id for a in english.answers[:5]]}\n"
                  f"     zh {chinese.intent.value} {[e.id for e in chinese.entities]} "
                  f"{[a.id for a in chinese.answers[:5]]} {chinese.message or ''}", file=sys.stderr)
        _progress(done, len(pairs), started)
    print(file=sys.stderr)
    table = {}
    for intent in [*alike, "overall"]:
        scores = agreement.get(intent, []) if intent != "overall" else [v for vs in agreement.values() for v in vs]
        same = alike[intent] if intent != "overall" else [v for vs in alike.values() for v in vs]
        table[intent] = {"pairs": len(same), "answered": len(scores),
                         "agreement": sum(scores) / len(scores) if scores else float("nan"),
                         "alike": sum(same) / len(same)}
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help=f"write the pair set ({PAIRS.relative_to(PAIRS.parents[3])})")
    evaluation = commands.add_parser("eval", help="ask both sides of every pair; agreement@5 per intent")
    evaluation.add_argument("--show", action="store_true", help="print the pairs that do not agree fully")
    evaluation.add_argument("--pairs", type=Path, default=PAIRS, help="the pair set (TSV: intent, ids, english, "
                                                                        "chinese)")
    args = parser.parse_args(argv)
    if args.command == "eval" and not args.pairs.exists():
        print(f"error: {args.pairs} does not exist; run 'build' first", file=sys.stderr)
        return 2
    settings = Settings()
    print("loading models (about a minute) …", file=sys.stderr)
    try:
        engine, driver = open_engine(settings)
    except Exception as error:  # no graph: say so plainly
        print(f"error: cannot open the graph at {settings.bolt_uri}: {error}", file=sys.stderr)
        return 1
    try:
        if args.command == "build":
            vocabulary = engine.query_engine.resolver.linker.vocabulary
            build(engine, vocabulary, PAIRS)
            return 0
        table = evaluate(lambda question: engine.answer(question, 5), read_pairs(args.pairs), args.show)
    finally:
        driver.close()
    print("| intent | pairs | answered in English | agreement@5 (answered pairs) | same intent and entities |\n"
          "|---|---|---|---|---|")
    for intent, row in table.items():
        agreement = "–" if row["answered"] == 0 else f"{row['agreement']:.3f}"
        print(f"| {intent} | {row['pairs']} | {row['answered']} | {agreement} | {row['alike']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
