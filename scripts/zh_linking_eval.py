"""Accuracy of the Chinese entity linker on mentions of Chinese clinical records (cEHRNER, issue #21).

The set: every distinct mention with Chinese characters of the classes 疾病和诊断 (disease), 药物 (drug) and 症状
(symptom) in cEHRNER's dev and test files (``../shared/data/zh-emr-cehrner``; its own dev/test split). Each mention
was given, by hand, the English name of the concept it names (alternatives most specific first, ``NIL`` when it names
no single concept: several diagnoses in one span, a procedure state, a bare morphology fragment, a Chinese patent
medicine; ``SKIP`` for the two brand names the annotator could not name, left out); ``resolve`` turns those English names into vocabulary ids with the English linker (first alternative
linked with a score ≥ 0.9), and the ids were checked by hand. Files: ``tests/data/zh_linking/{dev,test}.tsv``.

    .venv/bin/python scripts/zh_linking_eval.py resolve tests/data/zh_linking/dev-gold-names.txt --split dev  # once
    .venv/bin/python scripts/zh_linking_eval.py eval --split dev              # rules are developed on dev
    .venv/bin/python scripts/zh_linking_eval.py eval --split test             # reported once
    .venv/bin/python scripts/zh_linking_eval.py eval --split test --traditional  # the same, Traditional script

Scores, per mention (type counts; each distinct mention once): right (linked id = gold id), wrong (another id),
abstained (nothing above the threshold); over mentions whose concept is in the vocabulary, and separately the
mentions whose concept the vocabulary lacks and the NIL ones (any link there is wrong); "right" also when the
vocabulary holds the concept twice, unmerged (entries sharing an id or a name). Baseline: the curated file alone
(``vocabulary/zh_terms.tsv`` through ``query.lexicon.chinese_names``, exact longest match), as the query layer uses
it without a vocabulary (its first 124 rows are the hand lexicon before #21); and what the opt-in names (CMeKG rows,
SIDER-derived table; not in the shipped vocabulary) would add.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from core.settings import Settings
from graph.models import NodeLabel
from query.lexicon import chinese_names
from vocabulary import Linker, Vocabulary, chinese
from vocabulary.chinese import ChineseIndex, finding_name_index, read_chinese_names, zh_key
from vocabulary.normalize import fold
from vocabulary.readers import ReadReport

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "zh_linking"
LABELS = {
    "疾病和诊断": (NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT),
    "症状": (NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT, NodeLabel.DISEASE),
    "药物": (NodeLabel.DRUG, NodeLabel.DRUG_CLASS),
}
HEADER = ("mention", "class", "count", "gold_names", "gold_id", "gold_name")


def mentions(split: str) -> dict[str, tuple[str, int]]:
    import json
    import re

    found: dict[str, tuple[str, int]] = {}
    path = Settings().data_dir / "zh-emr-cehrner" / f"{split}.json"
    for line in path.read_text(encoding="utf-8").splitlines():
        for item in json.loads(line)["mention_data"]:
            if item["label"] in LABELS and re.search(r"[\u4e00-\u9fff]", item["mention"]):
                label, count = found.get(item["mention"], (item["label"], 0))
                found[item["mention"]] = (label, count + 1)
    return found


def resolve(gold_file: Path, split: str) -> None:
    """Hand-written ``mention<TAB>English names`` → the split's TSV with the linked gold ids."""
    linker = Linker(Vocabulary.load_or_build(Settings()), use_fuzzy=False)
    names = dict(line.split("\t", 1) for line in gold_file.read_text(encoding="utf-8").splitlines() if line)
    rows = ["\t".join(HEADER)]
    for mention, (label, count) in mentions(split).items():
        wanted = names[mention].strip()
        gold_id = gold_name = ""
        for alternative in wanted.split("|") if wanted not in ("NIL", "SKIP") else ():
            result = linker.link(alternative, labels=LABELS[label])
            if result is not None and result.score >= 0.9:
                gold_id, gold_name = result.id, result.name
                break
        rows.append("\t".join((mention, label, str(count), wanted, gold_id, gold_name)))
    (DATA / f"{split}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def read_gold(split: str) -> list[dict[str, str]]:
    lines = (DATA / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(HEADER, line.split("\t"))) for line in lines[1:] if line]
    return [row for row in rows if row["gold_names"] != "SKIP"]  # brand names the annotator could not name


def same_concept(vocabulary: Vocabulary, linked: str, gold: str) -> bool:
    """One id, or two entries the vocabulary did not merge that share an id or a name (DOID:1993 "rectum cancer"
    and MESH:D012004 "Rectal Neoplasms", synonym "rectum cancer")."""
    gold = gold if gold in vocabulary.entries else vocabulary.canonical_id(gold) or gold  # ids merged since
    if linked == gold:
        return True
    if gold not in vocabulary.entries:
        return False
    one, other = vocabulary.entries[linked], vocabulary.entries[gold]
    names = {fold(text) for text in (one.name, *one.synonyms)} & {fold(text) for text in (other.name, *other.synonyms)}
    return bool(names or {one.id, *one.xrefs} & {other.id, *other.xrefs})


def evaluate(split: str, show: bool, traditional: bool) -> None:
    settings = Settings()
    vocabulary = Vocabulary.load_or_build(settings)
    linker = Linker(vocabulary)
    labels = {e.id: e.label for e in vocabulary.entries.values()}
    exact_only = ChineseIndex(vocabulary.chinese_names, labels)
    findings = finding_name_index((e.id, e.label, e.name, e.synonyms) for e in vocabulary.entries.values())
    opt_in = ChineseIndex([*vocabulary.chinese_names, *read_chinese_names(
        settings.data_dir, vocabulary.canonical_id, findings, ReadReport(), restricted=True)], labels)
    curated = {zh_key(n.text): n.id for n in chinese.read_curated(chinese.CURATED, vocabulary.entries, ReadReport())}

    def by_linker(mention: str, label: str) -> str | None:
        result = linker.link(mention, labels=LABELS[label])
        return result.id if result else None

    def by_exact(mention: str, label: str) -> str | None:
        candidates = [c for c in exact_only.candidates(mention, 1, LABELS[label]) if c.method != "fuzzy"]
        return candidates[0].id if candidates else None

    def by_opt_in(mention: str, label: str) -> str | None:
        found = opt_in.link(mention, LABELS[label])
        return found.id if found and found.score >= linker.threshold else None

    def by_old_lexicon(mention: str, label: str) -> str | None:
        found = chinese_names(mention)
        whole = [zh for zh, _ in found if zh == mention]
        return curated.get(zh_key(whole[0])) if whole else None

    gold = read_gold(split)
    if traditional:  # the same mentions in Traditional characters (OpenCC s2t): linking should not change
        import opencc

        to_traditional = opencc.OpenCC("s2t")
        gold = [{**row, "mention": to_traditional.convert(row["mention"])} for row in gold]
    in_vocabulary = [row for row in gold if row["gold_id"]]
    outside = [row for row in gold if not row["gold_id"] and row["gold_names"] != "NIL"]
    nil = [row for row in gold if row["gold_names"] == "NIL"]
    print(f"cEHRNER {split}: {len(gold)} distinct Chinese mentions — {len(in_vocabulary)} name a vocabulary concept, "
          f"{len(outside)} a concept the vocabulary lacks, {len(nil)} no single concept (NIL)")
    print(f"{'method':34s} {'right':>12s} {'wrong':>6s} {'abstained':>9s}   linked NIL/outside (wrong by definition)")
    for name, method in (("curated zh_terms.tsv alone", by_old_lexicon), ("vocabulary, exact + normalised", by_exact),
                         ("vocabulary linker (+ fuzzy)", by_linker),
                         ("linker + opt-in CMeKG/SIDER names", by_opt_in)):
        outcome: Counter[str] = Counter()
        for row in in_vocabulary:
            linked = method(row["mention"], row["class"])
            right = linked is not None and same_concept(vocabulary, linked, row["gold_id"])
            outcome["abstained" if linked is None else "right" if right else "wrong"] += 1
        spurious = sum(method(row["mention"], row["class"]) is not None for row in outside + nil)
        total = len(in_vocabulary)
        print(f"{name:34s} {outcome['right']:4d} ({outcome['right'] / total:5.1%}) {outcome['wrong']:6d} "
              f"{outcome['abstained']:9d}   {spurious} of {len(outside) + len(nil)}")
    if show:
        for row in in_vocabulary:
            linked = linker.link(row["mention"], labels=LABELS[row["class"]])
            if linked is None or not same_concept(vocabulary, linked.id, row["gold_id"]):
                print(f"  {row['mention']} → {linked.id + ' ' + linked.name if linked else '-'} "
                      f"(gold {row['gold_id']} {row['gold_name']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("resolve", "eval"))
    parser.add_argument("gold_file", nargs="?", type=Path, help="resolve: the hand-written mention → English names")
    parser.add_argument("--split", choices=("dev", "test"), required=True)
    parser.add_argument("--show", action="store_true", help="eval: list the mentions not linked right")
    parser.add_argument("--traditional", action="store_true", help="eval: the mentions converted to Traditional")
    args = parser.parse_args()
    if args.command == "resolve":
        if args.gold_file is None:
            parser.error("resolve needs the hand-written gold file")
        resolve(args.gold_file, args.split)
    else:
        evaluate(args.split, args.show, args.traditional)


if __name__ == "__main__":
    main()
