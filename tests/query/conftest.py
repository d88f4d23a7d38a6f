"""A small populated graph for the query tests: real entities, relations and evidence copied from the bundled data
(PharmacotherapyDB, DailyMed/SPL labels, SIDER, DDI-2013, Hetionet, BC5CDR PubMed sentences), written through
GraphWriter."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.models import (
    Document, DocumentLabel, DosageText, Entity, Evidence, EvidenceKind, NodeLabel, Relation, RelType,
)
from core.settings import Settings
from graph.writer import GraphWriter
from nlp.dose_rules import parse_dosage_text
from query.answer import QueryEngine
from query.safety import ReadOnlyRunner

D, DR, G, AE = NodeLabel.DISEASE, NodeLabel.DRUG, NodeLabel.GENE, NodeLabel.ADVERSE_EVENT
PTDB = "pharmacotherapydb@1.0"
LIPITOR = "SETID:c6e131fe-e7df-4876-83f7-9156fc4e8228@v11"
LIPITOR_URL = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=c6e131fe-e7df-4876-83f7-9156fc4e8228"
LIPITOR_DOSAGE = (
    "Dose range: 10 to 80 mg once daily (2.1). Recommended start dose: 10 or 20 mg once daily (2.1). Patients "
    "requiring large LDL-C reduction (>45%) may start at 40 mg once daily (2.1). Pediatric starting dose: 10 mg once "
    "daily; maximum recommended dose: 20 mg once daily (2.2)."
)
NORVASC = "SETID:abd6a2ca-40c2-485c-bc53-db1c652505ed@v4"

ENTITIES = [
    Entity(id="MESH:D006973", label=D, name="Hypertension", synonyms=("High blood pressure",), xrefs=("DOID:10763",)),
    Entity(id="MESH:D003924", label=D, name="Diabetes Mellitus, Type 2", synonyms=("type 2 diabetes mellitus",),
           xrefs=("DOID:9352",)),
    Entity(id="MESH:D009203", label=D, name="Myocardial Infarction", synonyms=("heart attack",), xrefs=("DOID:5844",)),
    Entity(id="MESH:D006937", label=D, name="Hypercholesterolemia", xrefs=("DOID:13810",)),
    Entity(id="MESH:D003327", label=D, name="Coronary Artery Disease", xrefs=("DOID:3393",)),
    Entity(id="MESH:D051437", label=D, name="Renal Insufficiency", synonyms=("kidney failure",)),
    Entity(id="MESH:D017311", label=DR, name="Amlodipine", synonyms=("Norvasc",), xrefs=("DRUGBANK:DB00381",)),
    Entity(id="MESH:D017706", label=DR, name="Lisinopril", xrefs=("DRUGBANK:DB00722",)),
    Entity(id="MESH:D006852", label=DR, name="Hydrochlorothiazide", xrefs=("DRUGBANK:DB00999",)),
    Entity(id="MESH:D008687", label=DR, name="Metformin", synonyms=("Glucophage",), xrefs=("DRUGBANK:DB00331",)),
    Entity(id="MESH:D001241", label=DR, name="Aspirin", synonyms=("acetylsalicylic acid",), xrefs=("DRUGBANK:DB00945",)),
    Entity(id="MESH:D014859", label=DR, name="Warfarin", synonyms=("Coumadin",), xrefs=("DRUGBANK:DB00682",)),
    Entity(id="MESH:D000069059", label=DR, name="Atorvastatin", synonyms=("Lipitor",), xrefs=("DRUGBANK:DB01076",)),
    Entity(id="MESH:D019821", label=DR, name="Simvastatin", xrefs=("DRUGBANK:DB00641",)),
    Entity(id="UMLS:C0231528", label=AE, name="Myalgia"),
    Entity(id="UMLS:C0035410", label=AE, name="Rhabdomyolysis"),
    Entity(id="NCBIGENE:3156", label=G, name="HMGCR"),
    Entity(id="NCBIGENE:6934", label=G, name="TCF7L2"),
]
DOCUMENTS = [
    Document(id=PTDB, label=DocumentLabel.SOURCE_RELEASE, title="PharmacotherapyDB v1.0", source="pharmacotherapydb"),
    Document(id=LIPITOR, label=DocumentLabel.DRUG_LABEL, title="LIPITOR (atorvastatin calcium) tablets",
             source="dailymed", version="11", url=LIPITOR_URL, published="2015-06-01"),
    Document(id=NORVASC, label=DocumentLabel.DRUG_LABEL, title="NORVASC (amlodipine besylate) tablets",
             source="dailymed", version="4", published="2019-01-01"),
    Document(id="PMID:2375326", label=DocumentLabel.PUBLICATION, title="Clopidogrel…", source="pubmed",
             published="1990"),
]


def _curated(text: str, confidence: float = 0.9) -> Evidence:
    return Evidence(source="pharmacotherapydb", source_version="1.0", document_id=PTDB, text=text,
                    confidence=confidence, kind=EvidenceKind.CURATED_RECORD)


def _label(document: str, text: str, section: str = "Indications and Usage") -> Evidence:
    return Evidence(source="dailymed", document_id=document, text=text, section=section, extractor="spl-sections",
                    confidence=0.95, kind=EvidenceKind.LABEL_STATEMENT)


def _rel(rel_type: RelType, head: str, tail: str, *evidence: Evidence) -> Relation:
    return Relation(type=rel_type, head=head, tail=tail, evidence=evidence)


RELATIONS = [
    _rel(RelType.TREATS, "MESH:D017311", "MESH:D006973", _curated("Amlodipine – hypertension: DM (3 curators)", 1.0),
         _label(NORVASC, "NORVASC is indicated for the treatment of hypertension, to lower blood pressure.")),
    _rel(RelType.INDICATED_FOR, "MESH:D017311", "MESH:D006973",
         _label(NORVASC, "NORVASC is indicated for the treatment of hypertension, to lower blood pressure.")),
    _rel(RelType.TREATS, "MESH:D017706", "MESH:D006973", _curated("Lisinopril – hypertension: DM (2 curators)", 1.0)),
    _rel(RelType.TREATS, "MESH:D006852", "MESH:D006973", _curated("Hydrochlorothiazide – hypertension: DM", 0.9)),
    _rel(RelType.TREATS, "MESH:D008687", "MESH:D003924", _curated("Metformin – type 2 diabetes mellitus: DM", 1.0)),
    _rel(RelType.TREATS, "MESH:D001241", "MESH:D009203", _curated("Aspirin – myocardial infarction: DM", 0.9),
         Evidence(source="pubmed", document_id="PMID:2375326", extractor="re-model", confidence=0.81,
                  text="Aspirin reduced reinfarction after acute myocardial infarction.",
                  kind=EvidenceKind.LITERATURE_EXTRACTION)),
    _rel(RelType.TREATS, "MESH:D000069059", "MESH:D006937",
         _label(LIPITOR, "LIPITOR is indicated as an adjunct to diet to reduce elevated total-C, LDL-C … in adult "
                         "patients with primary hyperlipidemia.")),
    _rel(RelType.CAUSES, "MESH:D000069059", "UMLS:C0231528",
         Evidence(source="sider", document_id="sider@4.1", text="atorvastatin — myalgia (SIDER 4.1)", confidence=0.9,
                  kind=EvidenceKind.CURATED_RECORD)),
    _rel(RelType.CAUSES, "MESH:D000069059", "UMLS:C0035410",
         _label(LIPITOR, "Rare cases of rhabdomyolysis with acute renal failure secondary to myoglobinuria have been "
                         "reported with HMG-CoA reductase inhibitors, including LIPITOR.", "Warnings and Precautions")),
    _rel(RelType.CONTRAINDICATED_FOR, "MESH:D008687", "MESH:D051437",
         Evidence(source="dailymed", document_id="SETID:metformin-example@v1", extractor="spl-sections",
                  text="Metformin is contraindicated in patients with severe renal impairment (eGFR below 30).",
                  section="Contraindications", confidence=0.9, kind=EvidenceKind.LABEL_STATEMENT)),
    _rel(RelType.INTERACTS_WITH, "MESH:D014859", "MESH:D001241",
         Evidence(source="ddi2013", document_id="DDI-DrugBank.d519", extractor="ddi-corpus", confidence=0.95,
                  text="Aspirin may increase the anticoagulant effect of warfarin.",
                  kind=EvidenceKind.LITERATURE_EXTRACTION)),
    _rel(RelType.TARGETS, "MESH:D000069059", "NCBIGENE:3156",
         Evidence(source="drugcentral", document_id="drugcentral@2016", text="atorvastatin inhibits HMGCR (ChEMBL)",
                  confidence=1.0, kind=EvidenceKind.CURATED_RECORD)),
    _rel(RelType.ASSOCIATED_WITH, "MESH:D003924", "NCBIGENE:6934",
         Evidence(source="hetionet", document_id="hetionet@1.0", text="DaG association (GWAS Catalog, DISEASES)",
                  confidence=0.9, kind=EvidenceKind.CURATED_RECORD)),
    _rel(RelType.RESEMBLES, "MESH:D000069059", "MESH:D019821",
         Evidence(source="hetionet", document_id="hetionet@1.0", text="CrC: Tanimoto similarity 0.62",
                  confidence=0.62, kind=EvidenceKind.CURATED_RECORD)),
    _rel(RelType.RESEMBLES, "MESH:D006973", "MESH:D003327",
         Evidence(source="hetionet", document_id="hetionet@1.0", text="DrD: MEDLINE co-occurrence", confidence=0.7,
                  kind=EvidenceKind.CURATED_RECORD)),
]


# The Dosage and Administration section of the Lipitor label (spl-xml-samples/lipitor-orig.xml), as the ingest
# pipeline stores it (GraphWriter.write_dosage_texts).
DOSAGE_TEXTS = [DosageText(
    id=f"{LIPITOR}#dosage-5", document_id=LIPITOR, text=LIPITOR_DOSAGE, title="2 DOSAGE AND ADMINISTRATION",
    section="Dosage and Administration", position=5, set_id="c6e131fe-e7df-4876-83f7-9156fc4e8228",
    version="11", drug_id="MESH:D000069059",
)]


@pytest.fixture
def populated(driver: Driver, database: str) -> Driver:
    writer = GraphWriter(driver, database)
    writer.write(entities=ENTITIES, documents=DOCUMENTS, relations=RELATIONS)
    writer.write_dosage_texts(DOSAGE_TEXTS)
    writer.write_dose_rules([rule for text in DOSAGE_TEXTS for rule in parse_dosage_text(text)])
    return driver


@pytest.fixture
def engine(populated: Driver, neo4j_settings: Settings) -> QueryEngine:
    return QueryEngine(populated, neo4j_settings)


@pytest.fixture
def runner(populated: Driver, neo4j_settings: Settings) -> ReadOnlyRunner:
    return ReadOnlyRunner.from_settings(populated, neo4j_settings)
