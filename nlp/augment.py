"""Synthetic training data for a rare relation (issue #25): entity-substitution augmentation of TREATS examples.

The baseline the issue names before a generator: each TREATS training example (a BioRED chemical–disease
``Negative_Correlation`` pair in its sentence window) is copied ``per_example`` times with its two marked mentions
replaced by another pair's names, keeping the words around them — the words are what says "treats". A positive
example takes a curated indication pair (PharmacotherapyDB "disease modifying" / "symptomatic" indications, CC0),
so the copy states something true; a negative example takes a drug and a disease that PharmacotherapyDB does not
pair, so its label stays right. The copies teach the head the context, not the names of BioRED's few drugs.

Copies are training data only: the held-out and test figures are measured on real sentences, and a copy never
carries a held-out document's group (it keeps its source example's group, which is a training document).
Examples are ``nlp.corpora.RelationExample`` records (copied with ``dataclasses.replace``: this module sits below
the corpus readers in ``nlp``'s layers and imports none of them).
"""

from __future__ import annotations

import csv
import dataclasses
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

INDICATION_CATEGORIES = ("DM", "SYM")  # disease modifying, symptomatic; "NOT" (non-indications) never a positive


def indication_pairs(data_dir: Path) -> list[tuple[str, str]]:
    """(drug name, disease name) of PharmacotherapyDB's indications."""
    with open(data_dir / "pharmacotherapydb" / "indications.tsv", encoding="utf-8", newline="") as handle:
        return [(row["drug"], row["disease"]) for row in csv.DictReader(handle, delimiter="\t")
                if row["category"] in INDICATION_CATEGORIES]


def substitute(example: Any, head_name: str, tail_name: str) -> Any:
    """The example with its head and tail mentions replaced by the given names, spans moved to match."""
    (h0, h1), (t0, t1) = example.head, example.tail
    first, second = sorted([(h0, h1, head_name, "head"), (t0, t1, tail_name, "tail")])
    text = example.text
    new = text[:first[0]] + first[2] + text[first[1]:second[0]] + second[2] + text[second[1]:]
    spans = {first[3]: (first[0], first[0] + len(first[2]))}
    shift = len(first[2]) - (first[1] - first[0])
    spans[second[3]] = (second[0] + shift, second[0] + shift + len(second[2]))
    return dataclasses.replace(example, text=new, head=spans["head"], tail=spans["tail"],
                               meta={**example.meta, "augmented": "entity-substitution"})


def augment_treats(examples: Sequence[Any], pairs: Sequence[tuple[str, str]], per_example: int,
                   seed: int = 13) -> list[Any]:
    """``per_example`` substituted copies of every TREATS-task example (positives with indication pairs, negatives
    with unpaired names); other examples are not copied."""
    rng = random.Random(seed)
    indicated = set(pairs)
    drugs = sorted({drug for drug, _ in pairs})
    diseases = sorted({disease for _, disease in pairs})
    copies = []
    for example in examples:
        if example.meta.get("task") != "TREATS" or _overlapping(example):
            continue
        for _ in range(per_example):
            if example.label == "TREATS":
                drug, disease = rng.choice(pairs)
            else:
                drug, disease = rng.choice(drugs), rng.choice(diseases)
                while (drug, disease) in indicated:
                    drug, disease = rng.choice(drugs), rng.choice(diseases)
            copies.append(substitute(example, drug, disease))
    return copies


def _overlapping(example: Any) -> bool:
    (h0, h1), (t0, t1) = example.head, example.tail
    return h0 < t1 and t0 < h1
