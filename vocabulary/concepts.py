"""What each curated file says exists: ``Concept`` records in the source's own ids, before identity resolution.

One reader per source file family; each takes the source's folder and a ``ReadReport``. Ids are normalised to
``PREFIX:LOCAL`` with the prefixes of ``ID_PREFIXES`` (``MSH:`` → ``MESH:``, ``UMLS_CUI:`` → ``UMLS:`` …); an
xref whose prefix is unknown is reported and dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.models import NodeLabel
from vocabulary.readers import ReadReport, read_jsonl, read_obo_terms, read_tsv_dicts

# Source prefix → our prefix. Values are what appears in ids; anything not here is an "unknown id prefix".
ID_PREFIXES = {
    "MSH": "MESH", "MESH": "MESH", "UMLS_CUI": "UMLS", "UMLS": "UMLS", "OMIM": "OMIM", "NCI": "NCIT",
    "NCI2009_04D": "NCIT", "ICD9CM": "ICD9CM", "ICD9": "ICD9CM", "ICD10CM": "ICD10CM", "ICD10": "ICD10CM",
    "ORDO": "ORPHANET", "Orphanet": "ORPHANET", "EFO": "EFO", "KEGG": "KEGG", "HP": "HP", "MEDDRA": "MEDDRA",
    "SNOMEDCT": "SNOMEDCT", "SNOMEDCT_2010_1_31": "SNOMEDCT", "SNOMEDCT_2013_01_31": "SNOMEDCT",
    "SNOMEDCT_US": "SNOMEDCT", "DOID": "DOID", "DRUGBANK_ID": "DRUGBANK", "DRUGBANK": "DRUGBANK",
    "RXNORM": "RXNORM", "UMLSCUI": "UMLS", "CHEBI": "CHEBI", "PUBCHEM_CID": "PUBCHEM", "ChEMBL_ID": "CHEMBL",
    "UNII": "UNII", "MESH_DESCRIPTOR_UI": "MESH", "MESH_SUPPLEMENTAL_RECORD_UI": "MESH", "NDFRT": "NDFRT",
    "NUI": "NDFRT", "KEGG_DRUG": "KEGG", "IUPHAR_LIGAND_ID": "IUPHAR", "INN_ID": "INN", "CSP": "CSP",
    "CTV3": "CTV3", "EFOpat_id": "EFO", "MTH": "UMLS", "WHO": "WHOART", "NCBIGENE": "NCBIGENE",
}
# Identifier types of DrugCentral's identifiers.tsv that are kept as cross-references (others are ignored).
DRUGCENTRAL_XREF_TYPES = (
    "DRUGBANK_ID", "MESH_DESCRIPTOR_UI", "MESH_SUPPLEMENTAL_RECORD_UI", "RXNORM", "UMLSCUI", "CHEBI",
    "PUBCHEM_CID", "ChEMBL_ID", "UNII",
)
HETIONET_KINDS = {
    "Compound": NodeLabel.DRUG, "Disease": NodeLabel.DISEASE, "Gene": NodeLabel.GENE,
    "Side Effect": NodeLabel.ADVERSE_EVENT, "Symptom": NodeLabel.PHENOTYPE, "Pathway": NodeLabel.PATHWAY,
    "Anatomy": NodeLabel.ANATOMY, "Pharmacologic Class": NodeLabel.DRUG_CLASS,
}


@dataclass(frozen=True)
class Concept:
    """A thing one source names: its id in that source, kind, preferred name, synonyms and cross-references."""

    id: str
    label: NodeLabel
    name: str
    source: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    curated_mesh: str | None = None  # a hand-made DOID → MeSH mapping (DO-slim-to-mesh), preferred to xrefs


def normalise_id(raw: str) -> str | None:
    """``"MSH:D006973"`` → ``"MESH:D006973"``; ``None`` when the prefix is unknown."""
    prefix, sep, local = raw.strip().partition(":")
    if not sep or not local:
        return None
    ours = ID_PREFIXES.get(prefix)
    return f"{ours}:{local.strip()}" if ours else None


def hetionet_id(raw: str) -> tuple[NodeLabel, str] | None:
    """``"Disease::DOID:10763"`` → ``(Disease, "DOID:10763")``; ``None`` for kinds we do not model."""
    kind, _, local = raw.partition("::")
    label = HETIONET_KINDS.get(kind)
    if label is None or not local:
        return None
    if label is NodeLabel.DRUG:
        return label, f"DRUGBANK:{local}"
    if label is NodeLabel.GENE:
        return label, f"NCBIGENE:{local}"
    if label is NodeLabel.ADVERSE_EVENT:
        return label, f"UMLS:{local}"
    if label is NodeLabel.PHENOTYPE:
        return label, f"MESH:{local}"
    if label is NodeLabel.PATHWAY:
        return label, ("WIKIPATHWAYS:" if local.startswith("WP") else "PATHWAYCOMMONS:") + local
    if label is NodeLabel.DRUG_CLASS:
        return label, f"NDFRT:{local}"
    return label, local  # DOID:…, UBERON:…


# Disease Ontology ------------------------------------------------------------------------------------------------
def disease_ontology(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """Live (non-obsolete) DO terms with exact synonyms, known-prefix xrefs and is_a parents."""
    path = folder / "HumanDO.obo.gz"
    extra_mesh = _do_slim_to_mesh(folder, report)
    for stanza in read_obo_terms(path, report):
        if stanza.first("is_obsolete") == "true":
            continue
        doid = stanza.first("id")
        if not doid.startswith("DOID:"):
            report.problem(path, stanza.line, "unknown id prefix", doid)
            continue
        xrefs = []
        for raw in stanza.tags.get("xref", []) + stanza.tags.get("alt_id", []):
            xref = normalise_id(raw.split(" ")[0])
            if xref is None:
                report.problem(path, stanza.line, "unknown id prefix", raw)
            else:
                xrefs.append(xref)
        curated = extra_mesh.get(doid)
        if curated:
            xrefs.append(curated)
        synonyms = [s.split('"')[1] for s in stanza.tags.get("synonym", []) if '"' in s and " EXACT" in s]
        yield Concept(
            id=doid, label=NodeLabel.DISEASE, name=stanza.first("name"), source="disease-ontology",
            synonyms=tuple(s.strip() for s in synonyms), xrefs=tuple(dict.fromkeys(xrefs)),
            parents=tuple(stanza.tags.get("is_a", [])), curated_mesh=curated,
        )


def _do_slim_to_mesh(folder: Path, report: ReadReport) -> dict[str, str]:
    path = folder / "DO-slim-to-mesh.tsv"
    if not path.exists():
        return {}
    return {row["doid_code"]: f"MESH:{row['mesh_id']}" for _, row in read_tsv_dicts(path, report)}


# MeSH ------------------------------------------------------------------------------------------------------------
def mesh_label(tree_numbers: list[str], is_symptom: bool) -> NodeLabel | None:
    """Kind of a MeSH descriptor from its tree numbers: symptoms → Phenotype, C and F03 → Disease, D27
    (pharmacologic actions) → DrugClass, other D → Drug; anatomy, organisms, procedures … are not modelled."""
    if is_symptom:
        return NodeLabel.PHENOTYPE
    if any(t.startswith(("C", "F03")) for t in tree_numbers):
        return NodeLabel.DISEASE
    if any(t.startswith("D27") for t in tree_numbers):
        return NodeLabel.DRUG_CLASS
    if any(t.startswith("D") for t in tree_numbers):
        return NodeLabel.DRUG
    return None


def mesh(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """MeSH 2015 descriptors of the kinds we model (see ``mesh_label``)."""
    trees: dict[str, list[str]] = defaultdict(list)
    for _, row in read_tsv_dicts(folder / "tree-numbers.tsv.gz", report):
        trees[row["mesh_id"]].append(row["mesh_tree_number"])
    symptoms = {row["mesh_id"] for _, row in read_tsv_dicts(folder / "symptoms.tsv", report)}
    path = folder / "descriptor-names.tsv"
    for line, row in read_tsv_dicts(path, report):
        mesh_id = row["mesh_id"]
        if not mesh_id.startswith("D"):
            report.problem(path, line, "unknown id prefix", mesh_id)
            continue
        label = mesh_label(trees.get(mesh_id, []), mesh_id in symptoms)
        if label is not None:
            yield Concept(id=f"MESH:{mesh_id}", label=label, name=row["mesh_name"], source="mesh",
                          parents=tuple(trees.get(mesh_id, [])))


# DrugCentral -----------------------------------------------------------------------------------------------------
def drugcentral(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """One drug per DrugCentral DRUG_ID, with its DrugBank/MeSH/RxNorm/UMLS/ChEBI/PubChem/ChEMBL/UNII ids."""
    names: dict[str, str] = {}
    xrefs: dict[str, list[str]] = defaultdict(list)
    for _, row in read_tsv_dicts(folder / "identifiers.tsv.gz", report, unquote=True):
        names.setdefault(row["DRUG_ID"], row["DRUG_NAME"])
        if row["ID_TYPE"] in DRUGCENTRAL_XREF_TYPES:
            value = row["IDENTIFIER"]
            if row["ID_TYPE"] == "CHEBI":
                value = value.removeprefix("CHEBI:")
            xrefs[row["DRUG_ID"]].append(f"{ID_PREFIXES[row['ID_TYPE']]}:{value}")
    for _, row in read_tsv_dicts(folder / "drug_indication.tsv", report):
        names.setdefault(row["DRUG_ID"], row["DRUG_NAME"])
    for drug_id, name in names.items():
        yield Concept(id=f"DRUGCENTRAL:{drug_id}", label=NodeLabel.DRUG, name=name, source="drugcentral",
                      xrefs=tuple(dict.fromkeys(xrefs.get(drug_id, ()))))


# Hetionet, SIDER, PharmacotherapyDB --------------------------------------------------------------------------------
def hetionet(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """Hetionet v1.0 nodes of the kinds we model (biological processes, cellular components and molecular
    functions are skipped)."""
    for _, row in read_tsv_dicts(folder / "hetionet-v1.0-nodes.tsv", report):
        parsed = hetionet_id(row["id"])
        if parsed is not None:
            label, node_id = parsed
            yield Concept(id=node_id, label=label, name=row["name"], source="hetionet")


def sider_side_effects(folder: Path, report: ReadReport) -> Iterator[Concept]:
    for _, row in read_tsv_dicts(folder / "side-effect-terms.tsv", report):
        yield Concept(id=f"UMLS:{row['umls_cui_from_meddra']}", label=NodeLabel.ADVERSE_EVENT,
                      name=row["side_effect_name"], source="sider")


def pharmacotherapydb(folder: Path, report: ReadReport) -> Iterator[Concept]:
    for _, row in read_tsv_dicts(folder / "drugs.tsv", report):
        yield Concept(id=f"DRUGBANK:{row['drugbank_id']}", label=NodeLabel.DRUG, name=row["drug"],
                      source="pharmacotherapydb")
    for _, row in read_tsv_dicts(folder / "diseases.tsv", report):
        yield Concept(id=row["doid_id"], label=NodeLabel.DISEASE, name=row["disease"], source="pharmacotherapydb")


def drugcentral_classes(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """Pharmacologic classes named in DrugCentral's pharm_class table (MeSH PA, FDA EPC/MoA/PE, ChEBI roles)."""
    seen: set[str] = set()
    path = folder / "pharm_class.tsv.gz"
    for line, row in read_tsv_dicts(path, report):
        class_id = drugcentral_class_id(row["SOURCE"], row["CLASS_SOURCE_ID"])
        if class_id is None:
            report.problem(path, line, "unknown id prefix", f"{row['SOURCE']} {row['CLASS_SOURCE_ID']}")
            continue
        if class_id not in seen:
            seen.add(class_id)
            yield Concept(id=class_id, label=NodeLabel.DRUG_CLASS, name=row["CLASS"], source="drugcentral")


def drugcentral_class_id(source: str, local: str) -> str | None:
    if source == "MeSH":
        return f"MESH:{local}"
    if source == "FDA":
        return f"NDFRT:{local}"
    if source == "CHEBI":
        return f"CHEBI:{local.removeprefix('CHEBI:')}"
    return None


def drugcentral_indication_names(folder: Path, report: ReadReport) -> Iterator[Concept]:
    """DrugCentral's indication names by UMLS CUI (FDB wording: "Renal impairment", "Cardiac failure"), used only
    as extra names of diseases the vocabulary already knows by that CUI."""
    seen: set[str] = set()
    for _, row in read_tsv_dicts(folder / "drug_indication.tsv", report):
        if row["UMLS_CUI"] and row["UMLS_CUI"] not in seen:
            seen.add(row["UMLS_CUI"])
            yield Concept(id=f"UMLS:{row['UMLS_CUI']}", label=NodeLabel.DISEASE, name=row["INDICATION_FDB"],
                          source="drugcentral")


# MeSH 2024 entry terms and supplementary concept records ----------------------------------------------------------
@dataclass(frozen=True)
class MeshRecord:
    """A MeSH 2024 record with its terms: a descriptor (``MESH:D…``) or a supplementary concept record
    (``MESH:C…``, with the descriptors it is heading-mapped to). Its kind is decided in identity resolution, from
    the 2015 descriptor it is (or maps to)."""

    id: str
    name: str
    terms: tuple[str, ...]
    mapped: tuple[str, ...] = ()


def mesh_entry_terms(folder: Path, report: ReadReport) -> Iterator[MeshRecord]:
    """Every MeSH 2024 descriptor with the terms of all its concepts (brand names, narrower concepts …); NLM's
    word-order permutations ("Acid, Ascorbic") are left out: they never occur in text, and the linker's
    word-order key already finds them."""
    names: dict[str, str] = {}
    terms: dict[str, list[str]] = defaultdict(list)
    for _, row in read_tsv_dicts(folder / "descriptor-terms.tsv.gz", report):
        names.setdefault(row["mesh_id"], row["mesh_name"])
        if row["is_permuted_term"] != "Y":
            terms[row["mesh_id"]].append(row["term"])
    for mesh_id, name in names.items():
        yield MeshRecord(f"MESH:{mesh_id}", name, tuple(terms[mesh_id]))


def mesh_supplementary_records(folder: Path, report: ReadReport) -> Iterator[MeshRecord]:
    """Every MeSH 2024 supplementary concept record: name, synonyms and heading-mapped descriptors."""
    terms: dict[str, list[str]] = defaultdict(list)
    for _, row in read_tsv_dicts(folder / "supplementary-terms.tsv.gz", report):
        terms[row["scr_id"]].append(row["term"])
    path = folder / "supplementary-records.tsv.gz"
    for line, row in read_tsv_dicts(path, report):
        if not row["scr_id"].startswith("C"):
            report.problem(path, line, "unknown id prefix", row["scr_id"])
            continue
        mapped = tuple(f"MESH:{d}" for d in row["mapped_descriptor_ids"].split("|") if d)
        yield MeshRecord(f"MESH:{row['scr_id']}", row["scr_name"], tuple(terms.pop(row["scr_id"], ())), mapped)


# Brand names of labelled products ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BrandName:
    """A product's brand and the one active ingredient it is a brand of ("ZIAGEN" → "ABACAVIR SULFATE"); ``unii``
    when the source gives the ingredient's UNII."""

    brand: str
    generic: str
    unii: str | None = None


_SEVERAL = re.compile(r",|;|/| and | with |\+", re.IGNORECASE)


def label_brand_names(manifest: Path | None, harmonized: Path | None, report: ReadReport) -> Iterator[BrandName]:
    """Single-ingredient brands of FDA labels: the full labels' manifest (``fda-labels-full``: brand_name,
    generic_name) and the openFDA harmonisation sample's innovator products (NDA/BLA only: an ANDA or OTC
    "brand" is often a generic phrase such as "Pain Relief"). Combination products are left out: a brand of two
    drugs is neither of them."""
    if manifest is not None and manifest.exists():
        for _, row in read_tsv_dicts(manifest, report):
            brand, generic = (row.get("brand_name") or "").strip(), (row.get("generic_name") or "").strip()
            if brand and generic and not _SEVERAL.search(generic) and not _SEVERAL.search(brand):
                yield BrandName(brand, generic)
    if harmonized is not None and harmonized.exists():
        for _, row in read_jsonl(harmonized, report):
            uniis = [item.get("unii") for item in row.get("unii_indexing") or [] if item.get("unii")]
            brand, generic = str(row.get("brand_name") or "").strip(), str(row.get("generic_name") or "").strip()
            if (str(row.get("application_number", "")).startswith(("NDA", "BLA")) and len(uniis) == 1
                    and brand and generic and not _SEVERAL.search(generic) and not _SEVERAL.search(brand)):
                yield BrandName(brand, generic, uniis[0])
