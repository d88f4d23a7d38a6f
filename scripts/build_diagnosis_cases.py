"""Build the diagnosis evaluation cases from the Columbia disease–symptom KB (independent of the default graph).

The Columbia KB was mined from New York Presbyterian discharge summaries (Wang et al. 2008); medkg never imports it by
default (no licence stated), so its disease → symptom lists are an outside check of the graph's links. Each case is one
Columbia disease linked to a graph disease id (through its UMLS CUIs, then its name), stating its ``--stated``
strongest symptoms (the source lists them strongest first) in Columbia's own wording, with all of its symptoms as the
simulated patient's findings. Odd Columbia ranks form the dev split (for every design choice), even ranks the test
split (reported once). The Chinese cases state the same findings by their official Chinese names (HPO
translations and the MeSH symptom table of zh-medical-terms, CMeKG rows skipped); a stated finding without one is
left out, and a case is kept when at least two stated findings remain.

    python scripts/build_diagnosis_cases.py --out tests/data/diagnosis
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.settings import Settings
from ingest.sources.base import SourceIdResolver
from ingest.sources.findings import COLUMBIA_SYMPTOMS, columbia_disease, columbia_finding, columbia_rows, finding_index
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport, read_tsv_dicts


def chinese_names(data_dir: Path, report: ReadReport) -> dict[str, str]:
    names: dict[str, str] = {}
    folder = data_dir / "zh-medical-terms"
    for _, row in read_tsv_dicts(folder / "hp-zh.babelon.tsv", report):
        if row.get("predicate_id") == "rdfs:label" and row.get("translation_value"):
            names.setdefault(row["subject_id"], row["translation_value"])
    for _, row in read_tsv_dicts(folder / "mesh-symptom-zh.tsv", report):
        if not row["source_file"].startswith("cmekg") and row["preferred"] == "1":
            names.setdefault(f"MESH:{row['mesh_id']}", row["name_zh"])
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("tests/data/diagnosis"))
    parser.add_argument("--stated", type=int, default=4, help="how many of the strongest symptoms a case states")
    args = parser.parse_args()
    settings = Settings()
    vocabulary = Vocabulary.load_or_build(settings)
    report = ReadReport()
    folder = settings.data_dir / COLUMBIA_SYMPTOMS.folder
    index = finding_index(vocabulary, settings.data_dir, report)
    resolver = SourceIdResolver(vocabulary, COLUMBIA_SYMPTOMS.name, report)
    zh = chinese_names(settings.data_dir, report)
    cases: dict[str, dict] = {}
    for _, row in columbia_rows(folder, report):
        disease = columbia_disease(resolver, index, row)
        if disease is None:
            continue
        case = cases.setdefault(disease.id, {"id": f"columbia-{row['disease_rank']}", "disease": disease.name,
                                             "disease_ids": [disease.id], "findings": [], "patient_findings": [],
                                             "finding_ids": []})
        name = row["symptom_names"].split("|")[0]
        match = columbia_finding(index, vocabulary, row)
        case["patient_findings"].append(name)
        case["finding_ids"].append(match.id if match else None)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("dev", "test"):
        chosen = [case for case in cases.values() if split_of(case["id"]) == split]
        counts[split] = write_cases(chosen, args.out, split, args.stated, zh)
    print(f"cases written to {args.out}: {counts}")


def split_of(case_id: str) -> str:
    """Odd Columbia disease ranks are the dev split (every design choice), even ranks the test split (reported)."""
    return "dev" if int(case_id.split("-")[1]) % 2 else "test"


def write_cases(cases: list[dict], out: Path, split: str, stated: int, zh: dict[str, str]) -> tuple[int, int]:
    english = chinese = 0
    with (out / f"columbia-{split}-en.jsonl").open("w", encoding="utf-8") as en, \
            (out / f"columbia-{split}-zh.jsonl").open("w", encoding="utf-8") as zh_out:
        for case in cases:
            ids = case["finding_ids"]
            case["findings"] = case["patient_findings"][:stated]
            public = {key: value for key, value in case.items() if key != "finding_ids"}
            en.write(json.dumps({**public, "language": "en"}, ensure_ascii=False) + "\n")
            english += 1
            stated_zh = [zh[i] for i in ids[:stated] if i and i in zh]
            if len(stated_zh) >= 2:
                patient_zh = [zh[i] for i in ids if i and i in zh]
                zh_out.write(json.dumps({**public, "id": case["id"] + "-zh", "findings": stated_zh,
                                         "patient_findings": patient_zh, "language": "zh"}, ensure_ascii=False) + "\n")
                chinese += 1
    return english, chinese


if __name__ == "__main__":
    main()
