"""Question understanding (#19): intent accuracy and focus-entity resolution on held-out public question sets,
today's rules vs rules + the learned classifier, in one run.

    .venv/bin/python scripts/question_understanding_eval.py [--data ../shared/data] [--focus-per-set 150]

Intent sets (held out; never used for a choice): the MedQuAD test split by focus (at most 100 questions per question
type), the 104 TREC 2017 LiveQA-Med test questions (the message as sent, and NLM's one-line summary), and the typed
consumer questions of MEDIQA 2021 QS validation + the MeQSum rows that are LiveQA test questions (the message and
the expert summary). A question is right when the label chosen is one its types map to (query/intent_types.tsv),
"unknown"/"out_of_scope" included; "answerable" counts only questions of a type medkg answers.

Focus: the running graph (Settings: bolt://127.0.0.1:7687 by default) through QueryEngine(load_models=True), as the
API builds it; each question is parsed and its mentions linked (QueryEngine._link) whatever the intent. Resolved =
a linked entity whose name, a synonym or a UMLS xref matches the annotated focus (equal, or one contains the other
as whole words). Brand names: MedQuAD drug questions (of every split: linking is not learned) whose drug has a
brand in the FDA label manifest (fda-labels-full) or an NDA/BLA brand in the openFDA harmonisation sample, the
brand written instead of the generic; resolved = the generic's node.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings  # noqa: E402
from graph.driver import open_driver  # noqa: E402
from query import intent_classifier, intents, question_sets, templates  # noqa: E402
from query.answer import QueryEngine, _embedding_intent_classifier  # noqa: E402
from query.models import Intent  # noqa: E402
from query.question_sets import LabelledQuestion  # noqa: E402

ANSWERABLE = {intent.value for intent in Intent} - {"unknown", "diagnosis"}


def intent_sets(data: Path) -> dict[str, list[LabelledQuestion]]:
    medquad = [row for row in question_sets.medquad(data) if row.set == "medquad-test"]
    return {"medquad-test": question_sets.sample_per_type(medquad, 100, seed=1),
            "liveqa-test (message)": list(question_sets.liveqa(data, "test")),
            "liveqa-test (NLM summary)": list(question_sets.liveqa(data, "test", summary=True)),
            "chq (message)": list(question_sets.chq(data, summary=False)),
            "chq (expert summary)": list(question_sets.chq(data, summary=True))}


def intent_table(sets: dict[str, list[LabelledQuestion]], deciders: dict[str, Callable[[str], str]]) -> None:
    print("\n## Intent accuracy (label ∈ the mapped labels of the question's types)")
    print(f"{'set':<28}{'n':>6}{'n answerable':>14}  " + "  ".join(f"{name:>26}" for name in deciders))
    for name, rows in sets.items():
        answerable = [row for row in rows if row.labels & ANSWERABLE]
        cells = []
        for decide in deciders.values():
            labels = {row.id: decide(row.text) for row in rows}
            overall = sum(labels[row.id] in row.labels for row in rows) / len(rows)
            sub = sum(labels[row.id] in row.labels for row in answerable) / max(1, len(answerable))
            cells.append(f"{overall:.3f} (answerable {sub:.3f})")
        print(f"{name:<28}{len(rows):>6}{len(answerable):>14}  " + "  ".join(f"{c:>26}" for c in cells))


def _fold(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'s", "s")).strip() + " "


def focus_matches(focus: str, names: list[str], xrefs: list[str], cuis: tuple[str, ...] = ()) -> bool:
    wanted = _fold(focus)
    if len(wanted.strip()) < 3:
        return False
    for name in names:
        got = _fold(name)
        if len(got.strip()) >= 3 and (got == wanted or got in wanted or wanted in got):
            return True
    return any(cui and cui in xref for cui in cuis for xref in xrefs)


def brand_questions(data: Path, drug_rows: list[LabelledQuestion]) -> list[LabelledQuestion]:
    """Drug questions of the test split with an innovator brand name written instead of the generic."""
    pairs = []
    with (data / "fda-labels-full" / "manifest.tsv").open(encoding="utf-8") as handle:
        pairs += [(row["generic_name"], row["brand_name"]) for row in csv.DictReader(handle, delimiter="\t")]
    for line in (data / "openfda" / "harmonized.small.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if str(row.get("application_number", "")).startswith(("NDA", "BLA")):
            pairs.append((row.get("generic_name") or "", row.get("brand_name") or ""))
    brands: dict[str, str] = {}
    for generic, brand in pairs:
        generic, brand = generic.strip(), brand.strip()
        if (brand and generic and "," not in generic and " and " not in generic.lower()
                and _fold(brand) not in _fold(generic) and _fold(generic) not in _fold(brand)):
            brands.setdefault(_fold(generic).strip(), brand)
    out = []
    for row in drug_rows:
        focus = row.focus[0]
        brand = next((b for g, b in sorted(brands.items()) if f" {g} ".startswith(_fold(focus))), None)
        if brand and re.search(re.escape(focus), row.text, re.IGNORECASE):
            text = re.sub(re.escape(focus), brand, row.text, flags=re.IGNORECASE)
            out.append(LabelledQuestion(row.id + "#brand", "brand", text, row.labels, row.types, row.focus))
    return out


def focus_sets(data: Path, per_set: int) -> dict[str, list[LabelledQuestion]]:
    medquad = [row for row in question_sets.medquad(data) if row.set == "medquad-test"]
    rng = random.Random(2)
    rng.shuffle(medquad)

    def one_per_focus(rows: list[LabelledQuestion]) -> list[LabelledQuestion]:
        seen: dict[str, LabelledQuestion] = {}
        for row in rows:
            seen.setdefault(row.focus[0].lower(), row)
        return list(seen.values())

    drugs = one_per_focus([r for r in medquad if r.focus_category[:1] == ("Drug",)])
    diseases = one_per_focus([r for r in medquad if r.focus_category[:1] != ("Drug",) and r.focus_cui])
    every_drug = [r for r in question_sets.medquad(data) if r.focus_category[:1] == ("Drug",)]
    rng.shuffle(every_drug)  # linking is not learned: the brand set takes drug foci of every split
    brands = brand_questions(data, one_per_focus(every_drug))
    liveqa = [row for row in question_sets.liveqa(data, "test", summary=True) if row.focus]
    chq = [row for row in question_sets.chq(data, summary=True) if row.focus]
    dev_messages = [row for row in question_sets.liveqa(data, "train") if row.focus]
    dev_summaries = [row for row in question_sets.chq_dev(data) if row.focus]
    return {"dev: liveqa-train (message)": dev_messages, "dev: meqsum of liveqa-train (summary)": dev_summaries,
            "medquad-test drugs": drugs[:per_set], "medquad-test diseases": diseases[:per_set],
            "medquad drugs, brand name (all splits)": brands[:per_set], "liveqa-test (NLM summary)": liveqa,
            "chq (expert summary)": chq}


def resolved(engine: QueryEngine, row: LabelledQuestion, parsed: intents.ParsedQuestion,
             first_only: bool = False) -> bool:
    """Some linked entity (``first_only``: the first, which an answer is about) matches the annotated focus."""
    runner = engine.runner()
    entities = engine._link(runner, parsed)[:1 if first_only else None]
    if not entities:
        return False
    rows = runner.run(templates.entities_by_ids(), {"ids": [e.id for e in entities]})
    for entity in rows:
        names = [entity["name"] or "", *(entity.get("synonyms") or [])]
        if any(focus_matches(focus, names, list(entity.get("xrefs") or []), row.focus_cui) for focus in row.focus):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--focus-per-set", type=int, default=150)
    parser.add_argument("--no-focus", action="store_true", help="intent accuracy only")
    parser.add_argument("--no-intent", action="store_true", help="focus resolution only")
    parser.add_argument("--focus-set", action="append", help="only these focus sets (by name; repeatable)")
    args = parser.parse_args()
    settings = Settings()
    started = time.perf_counter()
    driver = open_driver(settings)
    engine = QueryEngine(driver, settings, load_models=True)
    model = engine._intent_classifier
    if model is None:
        print("no learned classifier (embedder or weights missing)")
        return 1
    cached = question_sets.CachedEmbedder(model.embedder, settings.home / "cache" / "intent-embeddings.npz")
    model.embedder = cached
    mode, threshold = model.meta["mode"], float(model.meta["threshold"])
    examples = _embedding_intent_classifier(cached)  # = engine._intent_fallback, over cached embeddings

    def today(text: str) -> str:  # today's engine: scope, cue patterns, nearest-example embedding fallback
        label = intent_classifier.decide(text, None, mode, threshold)
        if label == "unknown" and examples is not None:
            found = examples(text)
            return found.value if found else "unknown"
        return label

    sets = intent_sets(args.data)
    for rows in sets.values():
        cached.encode([row.text for row in rows])
    cached.save()
    print(f"classifier: {model.meta.get('trained_on')}; mode {mode}, threshold {threshold}, C {model.meta.get('C')}")
    if not args.no_intent:
        intent_table(sets, {
            "rules only": lambda text: intent_classifier.decide(text, None, mode, threshold),
            "today (rules+examples)": today,
            "rules + classifier": lambda text: model.label(text),
        })
    if not args.no_focus:
        print("\n## Focus resolved (a linked entity matches the annotated focus)")
        print(f"{'set':<42}{'n':>5}{'today':>9}{'rules+classifier':>18}{'first entity':>14}{'nothing linked':>16}")
        for name, rows in focus_sets(args.data, args.focus_per_set).items():
            if args.focus_set and name not in args.focus_set:
                continue
            before = after = first = nothing = 0
            for row in rows:
                before += resolved(engine, row, intents.parse(row.text, fallback=examples,
                                                              chinese_names=engine._chinese_names))
                learned = engine._learned_intent(row.text)
                intent = Intent(learned) if learned in {i.value for i in Intent} else None
                parsed = intents.parse(row.text, fallback=examples, chinese_names=engine._chinese_names,
                                       intent=intent)
                after += resolved(engine, row, parsed)
                first += resolved(engine, row, parsed, first_only=True)
                nothing += not engine._link(engine.runner(), parsed)
            n = max(1, len(rows))  # the rest (1 - first entity - nothing linked) is a first entity that is wrong
            print(f"{name:<42}{len(rows):>5}{before / n:>9.3f}{after / n:>18.3f}{first / n:>14.3f}"
                  f"{nothing / n:>16.3f}", flush=True)
    driver.close()
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
