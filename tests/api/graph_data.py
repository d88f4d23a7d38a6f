"""A small, real-looking graph for the API and browser tests: curated, label and literature evidence, a drug label
with verbatim Dosage and Administration text stored as the ingest pipeline stores it (``DosageText`` nodes from
``GraphWriter.write_dosage_texts``), and disease → finding ``PRESENTS`` links as the ``medquad-symptoms`` source
writes them (MedlinePlus "Symptoms of X include …" sentences; the evidence confidence is the stated frequency, 0.5 for
a finding named in prose). Ids and sentences follow the real sources (MeSH, PubMed, DailyMed, MedlinePlus)."""

from __future__ import annotations

from neo4j import Driver

from graph.models import (
    Document, DocumentLabel, DosageText, Entity, Evidence, EvidenceKind, LabelWarning, NodeLabel, Population, Relation,
    RelType, WarningKind,
)
from graph.writer import GraphWriter, WriteSummary
from nlp.dose_rules import parse_dosage_text

HYPERTENSION = "MESH:D006973"
DIABETES_T2 = "MESH:D003924"
LISINOPRIL = "MESH:D017706"
AMLODIPINE = "MESH:D017311"
HYDROCHLOROTHIAZIDE = "MESH:D006852"
METFORMIN = "MESH:D008687"
ATORVASTATIN = "MESH:D000069059"
MYALGIA = "MESH:D063806"
MENINGITIS = "MESH:D008581"
INFLUENZA = "MESH:D007251"
STROKE = "MESH:D020521"
MIGRAINE = "MESH:D008881"
HEADACHE = "MESH:D006261"
FEVER = "MESH:D005334"
STIFF_NECK = "UMLS:C0151315"
COUGH = "MESH:D003371"
CLOPIDOGREL = "MESH:D000077144"

METFORMIN_SET_ID = "d2c5a9f7-3c1b-4e0e-9f52-0a1d6f0b8d11"
METFORMIN_LABEL = f"SETID:{METFORMIN_SET_ID}@v12"
METFORMIN_DOSAGE = (
    "2.2 Recommended Dosage: The recommended starting dose of metformin hydrochloride tablets is 500 mg orally "
    "twice a day or 850 mg once a day, given with meals. Increase the dose in increments of 500 mg weekly or "
    "850 mg every 2 weeks, up to a maximum recommended dose of 2550 mg daily, given in divided doses."
)
PHARMACOTHERAPYDB = "pharmacotherapydb@1.0"
MEDQUAD = "medquad-symptoms@577bd37"
MENINGITIS_SYMPTOMS = ("Symptoms of meningitis include sudden fever, severe headache and a stiff neck; later there "
                       "may be nausea, vomiting and confusion.")

ENTITIES = [
    Entity(id=HYPERTENSION, label=NodeLabel.DISEASE, name="Hypertension", synonyms=("high blood pressure",),
           xrefs=("DOID:10763",), sources=("mesh",)),
    Entity(id=DIABETES_T2, label=NodeLabel.DISEASE, name="Diabetes Mellitus, Type 2",
           synonyms=("type 2 diabetes",), xrefs=("DOID:9352",), sources=("mesh",)),
    Entity(id=LISINOPRIL, label=NodeLabel.DRUG, name="Lisinopril", xrefs=("DRUGBANK:DB00722",), sources=("mesh",)),
    Entity(id=AMLODIPINE, label=NodeLabel.DRUG, name="Amlodipine", xrefs=("DRUGBANK:DB00381",), sources=("mesh",)),
    Entity(id=HYDROCHLOROTHIAZIDE, label=NodeLabel.DRUG, name="Hydrochlorothiazide", synonyms=("HCTZ",),
           sources=("mesh",)),
    Entity(id=METFORMIN, label=NodeLabel.DRUG, name="Metformin", xrefs=("DRUGBANK:DB00331",), sources=("mesh",)),
    Entity(id=ATORVASTATIN, label=NodeLabel.DRUG, name="Atorvastatin", sources=("mesh",)),
    Entity(id=MYALGIA, label=NodeLabel.ADVERSE_EVENT, name="Myalgia", synonyms=("muscle pain", "肌痛"),
           sources=("mesh",)),
    Entity(id=MENINGITIS, label=NodeLabel.DISEASE, name="Meningitis", synonyms=("脑膜炎",), xrefs=("DOID:9471",),
           sources=("mesh",)),
    Entity(id=INFLUENZA, label=NodeLabel.DISEASE, name="Influenza, Human", synonyms=("flu", "流行性感冒"),
           xrefs=("DOID:8469",), sources=("mesh",)),
    Entity(id=MIGRAINE, label=NodeLabel.DISEASE, name="Migraine Disorders", synonyms=("migraine", "偏头痛"),
           xrefs=("DOID:6364",), sources=("mesh",)),
    # MeSH's heading shares no word with a label's "Recent Stroke": the question's own word chooses the indication
    Entity(id=STROKE, label=NodeLabel.DISEASE, name="Cerebrovascular Accident", synonyms=("stroke",),
           sources=("mesh",)),
    Entity(id=HEADACHE, label=NodeLabel.PHENOTYPE, name="Headache", synonyms=("头痛",), sources=("mesh",)),
    Entity(id=FEVER, label=NodeLabel.PHENOTYPE, name="Fever", synonyms=("pyrexia", "发热"), sources=("mesh",)),
    Entity(id=STIFF_NECK, label=NodeLabel.PHENOTYPE, name="Neck stiffness", synonyms=("stiff neck", "颈部僵硬"),
           sources=("umls",)),
    Entity(id=COUGH, label=NodeLabel.PHENOTYPE, name="Cough", synonyms=("咳嗽",), sources=("mesh",)),
    Entity(id=CLOPIDOGREL, label=NodeLabel.DRUG, name="Clopidogrel", synonyms=("Plavix",), sources=("mesh",)),
]

DOCUMENTS = [
    Document(id=PHARMACOTHERAPYDB, label=DocumentLabel.SOURCE_RELEASE, source="pharmacotherapydb", version="1.0",
             title="PharmacotherapyDB 1.0", url="https://doi.org/10.6084/m9.figshare.3103054"),
    Document(id="PMID:23817082", label=DocumentLabel.PUBLICATION, source="pubmed", published="2013-07-01",
             title="Amlodipine versus lisinopril in hypertension", url="https://pubmed.ncbi.nlm.nih.gov/23817082/"),
    Document(id=METFORMIN_LABEL, label=DocumentLabel.DRUG_LABEL, source="dailymed", version="12",
             title="METFORMIN HYDROCHLORIDE tablets", published="2023-05-10",
             url="https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=d2c5a9f7-3c1b-4e0e-9f52-0a1d6f0b8d11",
             properties={"set_id": METFORMIN_SET_ID}),
    Document(id=MEDQUAD, label=DocumentLabel.SOURCE_RELEASE, source="medquad-symptoms", version="577bd37",
             title="MedQuAD symptom answers (NIH pages)", url="https://github.com/abachaa/MedQuAD"),
]
DOSAGE_TEXTS = [DosageText(
    id=f"{METFORMIN_LABEL}#dosage-4", document_id=METFORMIN_LABEL, text=METFORMIN_DOSAGE,
    title="2 DOSAGE AND ADMINISTRATION", section="Dosage and Administration", position=4,
    set_id=METFORMIN_SET_ID, version="12", drug_id=METFORMIN, disease_id=DIABETES_T2,
)]



def _openfda_label(set_id: str, version: str, title: str, published: str) -> Document:
    return Document(id=f"SETID:{set_id}@v{version}", label=DocumentLabel.DRUG_LABEL, source="openfda", version=version,
                    title=title, published=published,
                    url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}", properties={"set_id": set_id})


# a label that doses each indication apart (from Plavix's section 2)
CLOPIDOGREL_SET_ID = "01b14603-8f29-4fa3-8d7e-9d523f802e0b"
CLOPIDOGREL_LABEL = f"SETID:{CLOPIDOGREL_SET_ID}@v7"
CLOPIDOGREL_DOSAGE = (
    "2.1 Acute Coronary Syndrome Initiate Plavix with a single 300 mg oral loading dose and then continue at 75 mg "
    "once daily. 2.2 Recent MI, Recent Stroke, or Established Peripheral Arterial Disease The recommended daily dose "
    "of Plavix is 75 mg once daily orally, without a loading dose.")
DOCUMENTS.append(_openfda_label(CLOPIDOGREL_SET_ID, "7", "PLAVIX tablets", "2022-09-01"))
DOSAGE_TEXTS.append(DosageText(
    id=f"{CLOPIDOGREL_LABEL}#dosage-2", document_id=CLOPIDOGREL_LABEL, text=CLOPIDOGREL_DOSAGE,
    title="2 DOSAGE AND ADMINISTRATION", section="Dosage and Administration", position=2,
    set_id=CLOPIDOGREL_SET_ID, version="7", drug_id=CLOPIDOGREL,
))


LISINOPRIL_SET_ID = "e8e1ae54-0bff-4e7e-8a07-5b3d4b9c1a2f"
LISINOPRIL_LABEL = f"SETID:{LISINOPRIL_SET_ID}@v30"
LISINOPRIL_BOXED = ("WARNING: FETAL TOXICITY When pregnancy is detected, discontinue lisinopril as soon as possible. "
                    "Drugs that act directly on the renin-angiotensin system can cause injury and death to the "
                    "developing fetus.")
DOCUMENTS.append(_openfda_label(LISINOPRIL_SET_ID, "30", "LISINOPRIL tablets", "2023-08-01"))
LABEL_WARNINGS = [LabelWarning(
    id=f"{LISINOPRIL_LABEL}#warning-0", population=Population.PREGNANCY, kind=WarningKind.BOXED_WARNING,
    section="Boxed Warning", text=LISINOPRIL_BOXED, document_id=LISINOPRIL_LABEL, set_id=LISINOPRIL_SET_ID,
    version="30", drug_id=LISINOPRIL,
)]


def _curated(note: str) -> Evidence:
    return Evidence(source="pharmacotherapydb", source_version="1.0", document_id=PHARMACOTHERAPYDB, text=note,
                    kind=EvidenceKind.CURATED_RECORD)


def _pubmed(pmid: str, text: str, confidence: float) -> Evidence:
    return Evidence(source="pubmed", document_id=f"PMID:{pmid}", text=text, extractor="biobert-re",
                    extractor_version="1", confidence=confidence, section="abstract",
                    url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", kind=EvidenceKind.LITERATURE_EXTRACTION)


def _label(text: str, section: str) -> Evidence:
    return Evidence(source="dailymed", source_version="12", document_id=METFORMIN_LABEL, text=text, section=section,
                    extractor="spl-sections", confidence=1.0, kind=EvidenceKind.LABEL_STATEMENT)


def _medquad(text: str, page: str, frequency: float = 0.5) -> Evidence:
    return Evidence(source="medquad-symptoms", source_version="577bd37", document_id=MEDQUAD, text=text,
                    confidence=frequency, url=f"https://medlineplus.gov/{page}.html", kind=EvidenceKind.CURATED_RECORD)


FLU_SYMPTOMS = ("Symptoms of flu include fever, cough, sore throat, runny or stuffy nose, muscle or body aches, "
                "headaches and fatigue.")
MIGRAINE_SYMPTOMS = "Migraines are a common type of headache; symptoms include throbbing headache, nausea and vomiting."
PRESENTS = [
    (MENINGITIS, HEADACHE, MENINGITIS_SYMPTOMS, "meningitis", 0.9),
    (MENINGITIS, FEVER, MENINGITIS_SYMPTOMS, "meningitis", 0.8),
    (MENINGITIS, STIFF_NECK, MENINGITIS_SYMPTOMS, "meningitis", 0.8),
    (INFLUENZA, FEVER, FLU_SYMPTOMS, "flu", 0.9),
    (INFLUENZA, COUGH, FLU_SYMPTOMS, "flu", 0.8),
    (INFLUENZA, MYALGIA, FLU_SYMPTOMS, "flu", 0.6),
    (INFLUENZA, HEADACHE, FLU_SYMPTOMS, "flu", 0.5),
    (MIGRAINE, HEADACHE, MIGRAINE_SYMPTOMS, "migraine", 0.95),
]

RELATIONS = [
    Relation(type=RelType.TREATS, head=LISINOPRIL, tail=HYPERTENSION, evidence=(
        _curated("disease modifying (3 curators, 4 resources)"),
        _pubmed("23817082", "Lisinopril lowered systolic blood pressure in patients with essential hypertension.",
                0.93),
    )),
    Relation(type=RelType.TREATS, head=AMLODIPINE, tail=HYPERTENSION, evidence=(
        _pubmed("23817082", "Amlodipine was as effective as lisinopril in reducing blood pressure in hypertension.",
                0.88),
    )),
    Relation(type=RelType.TREATS, head=HYDROCHLOROTHIAZIDE, tail=HYPERTENSION, evidence=(
        _curated("disease modifying (2 curators, 3 resources)"),
    )),
    Relation(type=RelType.INDICATED_FOR, head=METFORMIN, tail=DIABETES_T2, evidence=(
        _label("Metformin hydrochloride tablets are indicated as an adjunct to diet and exercise to improve "
               "glycemic control in adults and pediatric patients 10 years of age and older with type 2 diabetes "
               "mellitus.", "Indications and Usage"),
    )),
    Relation(type=RelType.CAUSES, head=ATORVASTATIN, tail=MYALGIA, evidence=(
        _pubmed("15199094", "Myalgia was the most frequent adverse event reported with atorvastatin.", 0.81),
    )),
    *(Relation(type=RelType.PRESENTS, head=disease, tail=finding, evidence=(_medquad(text, page, frequency),))
      for disease, finding, text, page, frequency in PRESENTS),
]


def write_test_graph(driver: Driver, database: str) -> WriteSummary:
    """Write the test graph into an (emptied) database; returns what was written."""
    writer = GraphWriter(driver, database)
    summary = writer.write(entities=ENTITIES, documents=DOCUMENTS, relations=RELATIONS)
    writer.write_dosage_texts(DOSAGE_TEXTS)
    writer.write_dose_rules([rule for text in DOSAGE_TEXTS for rule in parse_dosage_text(text)])
    writer.write_label_warnings(LABEL_WARNINGS)
    return summary
