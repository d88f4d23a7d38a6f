"""Rebuild the small curated-source fixtures from ../shared/data (run from the repository root).

Each file keeps the header and the rows about a handful of entities (hypertension, type 2 diabetes, lung cancer,
metformin, aspirin, …), plus a few deliberately broken rows for the bad-input tests. SIDER rows are
CC BY-NC-SA 4.0: fine for tests, never part of the default demo.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
OUT = Path(__file__).resolve().parent
DOIDS = {"DOID:10763", "DOID:9352", "DOID:1324", "DOID:4", "DOID:9351", "DOID:7", "DOID:14566", "DOID:162",
         "DOID:1287", "DOID:3393"}
MESH = {"D006973", "D003924", "D003920", "D008175", "D008687", "D001241", "D002318", "D014652", "D009369",
        "D010146", "D011471", "D012140", "D006949"}
DRUGBANK = {"DB00331", "DB00945", "DB00936", "DB01076"}
GENES = {"5465", "5468", "1576", "5742", "5743", "183"}
# Disease → finding sources: DO terms with has_symptom definitions (chikungunya, Rocky Mountain spotted fever,
# La Crosse encephalitis, aspiration pneumonia), MedQuAD answers (GARD HPO tables with and without frequencies,
# NIDDK, NHLBI, MedlinePlus topics, rows of other question types), three Columbia diseases, Chinese names.
SYMPTOM_DOIDS = {"DOID:0050012", "DOID:0050052", "DOID:0050118", "DOID:0050152"}
MEDQUAD_IDS = {"2_GARD_QA/0000004#1", "2_GARD_QA/0000011#2", "2_GARD_QA/0000034#1", "2_GARD_QA/0000034#2",
               "5_NIDDK_QA/0000008#3", "5_NIDDK_QA/0000008#4", "5_NIDDK_QA/0000004#2", "8_NHLBI_QA_XML/0000001#4",
               "8_NHLBI_QA_XML/0000002#5", "4_MPlus_Health_Topics_QA/0000006#1",
               "4_MPlus_Health_Topics_QA/0000022#1", "10_MPlus_ADAM_QA/0000002#1"}
COLUMBIA_DISEASES = {"C0020538", "C0011847", "C0032285"}  # hypertensive disease, diabetes, pneumonia
ZH_MESH = {"D001247", "D002637", "D005334", "D006261"}  # asthenia, chest pain, fever, headache
ZH_DOIDS = {"DOID:9352", "DOID:18", "DOID:0050118"}  # DOID:18 has a CMeKG row only (skipped by the reader)
CMEKG_DISEASES = {"流行性感冒", "高血压"}  # influenza, hypertension: their symptom triples (opt-in source)
HPO_ALWAYS = {"HP:0000001", "HP:0000007"}  # "All" and an inheritance mode: not findings


def lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return handle.read().splitlines(keepends=True)


def write(name: str, rows: list[str]) -> None:
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(rows).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)


def keep(folder: str, name: str, test, extra: list[str] = ()) -> None:  # type: ignore[no-untyped-def]
    rows = lines(DATA / folder / name)
    write(f"{folder}/{name}", [rows[0]] + [r for r in rows[1:] if test(r)] + list(extra))


def obo() -> None:
    text = "".join(lines(DATA / "disease-ontology" / "HumanDO.obo.gz"))
    header, *stanzas = text.split("\n[Term]\n")
    chosen = [s for s in stanzas if re.match(r"id: (\S+)", s).group(1) in DOIDS | SYMPTOM_DOIDS]
    broken = "id: DOID:999999\nname: a broken stanza\nthis line has no tag\n"
    write("disease-ontology/HumanDO.obo.gz", [header + "\n[Term]\n" + "\n[Term]\n".join(chosen + [broken]) + "\n"])


def findings() -> None:
    medquad = [r for r in lines(DATA / "medquad" / "medquad.jsonl.gz") if json.loads(r)["id"] in MEDQUAD_IDS]
    write("medquad/medquad.jsonl.gz", medquad)  # JSON lines: no header row
    answers = " ".join(json.loads(r)["answer"] or "" for r in medquad)

    def hpo_label_in_answers(row: str) -> bool:
        _, _, hpo_id, predicate, label, *_ = row.split("\t")
        return predicate == "rdfs:label" and (hpo_id in HPO_ALWAYS or f" {label} " in answers)

    keep("zh-medical-terms", "hp-zh.babelon.tsv", hpo_label_in_answers)
    keep("zh-medical-terms", "mesh-symptom-zh.tsv", lambda r: r.split("\t")[0] in ZH_MESH)
    keep("zh-medical-terms", "doid-zh.tsv", lambda r: r.split("\t")[0] in ZH_DOIDS)
    keep("columbia-disease-symptom-kb", "disease_symptom_kb.tsv", lambda r: r.split("\t")[1] in COLUMBIA_DISEASES)
    keep("zh-medical-terms", "cmekg-entities.tsv", lambda r: r.split("\t")[0] in CMEKG_DISEASES)
    keep("zh-medical-terms", "cmekg-triples.tsv.gz", lambda r: r.split("\t")[0] in CMEKG_DISEASES
         and r.split("\t")[1] in ("常见症状", "相关症状", "英文名称"))


def main() -> None:
    obo()
    keep("disease-ontology", "DO-slim-to-mesh.tsv", lambda r: r.split("\t")[0] in DOIDS)
    keep("mesh-2015", "descriptor-names.tsv", lambda r: r.split("\t")[0] in MESH)
    keep("mesh-2015", "tree-numbers.tsv.gz", lambda r: r.split("\t")[0] in MESH)
    keep("mesh-2015", "symptoms.tsv", lambda r: r.split("\t")[0] in MESH)
    dc_ids = {r.split("\t")[0] for r in lines(DATA / "drugcentral-2016" / "identifiers.tsv.gz")
              if any(f'"{db}"' in r for db in DRUGBANK)}
    for name in ("identifiers.tsv.gz", "drug_indication.tsv", "drug_target.tsv", "pharm_class.tsv.gz"):
        keep("drugcentral-2016", name, lambda r: r.split("\t")[0] in dc_ids)
    keep("hetionet", "hetionet-v1.0-nodes.tsv", lambda r: r.split("\t")[0].split("::")[-1] in
         DOIDS | DRUGBANK | GENES | {"C0020538", "D010146", "N0000175566"} or r.startswith("Anatomy::UBERON:0002048"))
    ids = {f"Disease::{d}" for d in DOIDS} | {f"Compound::{d}" for d in DRUGBANK} | {f"Gene::{g}" for g in GENES}
    keep("hetionet", "hetionet-v1.0-edges-5k.sif.gz",
         lambda r: r.split("\t")[0] in ids and r.split("\t")[2].strip() in ids | {"Anatomy::UBERON:0002048"},
         extra=["Compound::DB00331\tCtD\n"])  # a row with a missing column
    keep("hetionet", "DaG-association.tsv", lambda r: r.split("\t")[0] in DOIDS and r.split("\t")[2] in GENES)
    keep("hetionet", "CbG-binding.tsv", lambda r: r.split("\t")[0] in DRUGBANK and r.split("\t")[1] in GENES)
    keep("pharmacotherapydb", "indications.tsv",
         lambda r: r.split("\t")[0] in DOIDS and r.split("\t")[1] in DRUGBANK,
         extra=["DOID:10763\tDB00331\thypertension\tMetformin\tDM\n",  # wrong column count
                "XYZ:1\tDB00331\tsomething\tMetformin\tDM\t1\t1\n"])  # unknown id prefix
    for name in ("drugs.tsv", "diseases.tsv"):
        keep("pharmacotherapydb", name, lambda r: r.split("\t")[0] in DOIDS | DRUGBANK)
    keep("clinicaltrials-drug-disease", "DrugBank-DO-slim-counts.tsv",
         lambda r: r.split("\t")[0] in DRUGBANK and r.split("\t")[1] in DOIDS)
    keep("sider4", "indications_drugbank.tsv.gz", lambda r: r.split("\t")[0] in DRUGBANK)
    stitch = {r.split("\t")[3] for r in lines(OUT / "sider4" / "indications_drugbank.tsv.gz")[1:]}
    se = [r for r in lines(DATA / "sider4" / "meddra_all_se.tsv.gz") if r.split("\t")[0] in stitch][:300]
    write("sider4/meddra_all_se.tsv.gz", se)
    keep("sider4", "side-effect-terms.tsv", lambda r: False)
    findings()
    print("fixtures written under", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
