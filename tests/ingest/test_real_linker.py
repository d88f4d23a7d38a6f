"""End to end with the REAL vocabulary and linker (vocabulary), not the stand-in terms table: bundled SPL
labels and a PubMed file become canonical, sensible facts with the label sentences as evidence."""

from __future__ import annotations

import pytest
from _ingest_support import DATA

from graph.models import NodeLabel
from ingest.pipeline import ingest_paths
from ingest.pipeline.subjects import SubjectResolver, combination_ingredients
from ingest.readers.types import LabelProduct

pytestmark = pytest.mark.slow

LABELS = DATA / "spl-xml-samples"
ATORVASTATIN, SILDENAFIL = "MESH:D000069059", "MESH:D000068677"
ERECTILE_DYSFUNCTION = "MESH:D007172"
LIPID_DISORDERS = {"MESH:D006949", "MESH:D006937", "MESH:D050171", "MESH:D006938"}  # hyperlipidemias,
# hypercholesterolemia, dyslipidemias, hypercholesterolemia familial
NOT_INDICATIONS = {"MESH:D006973", "MESH:D007674", "MESH:D004194", "DOID:9617"}  # hypertension (a risk factor),
# kidney diseases (from "TG"), disease, orthostatic proteinuria (a near match for the phenotype "albuminuria")


def _rows(driver, database: str, query: str, **params):
    with driver.session(database=database) as session:
        return session.run(query, **params).data()


def test_label_drug_names_resolve_to_the_ingredient(real_linker):
    resolver = SubjectResolver(real_linker)
    for names in (("LIPITOR (atorvastatin calcium) tablets",), ("Lipitor", "ATORVASTATIN CALCIUM TRIHYDRATE"),
                  ("Atorvastatin Calcium Tablets USP, 10 mg",)):
        assert resolver.resolve(LabelProduct(names=names)).id == ATORVASTATIN, names
    assert resolver.resolve(LabelProduct(names=("Viagra",), unii=("3M7OB98Y7H",))).id == SILDENAFIL
    assert resolver.resolve(LabelProduct(names=("Zyxoquabine tablets",))) is None


def test_a_combination_product_resolves_to_the_combination_not_its_first_ingredient(real_linker):
    # the co-amoxiclav label (its openFDA names as the 308-label set has them) was Amoxicillin's, so "amoxicillin
    # dose" was answered from it and "amoxicillin clavulanate dose" found no label
    resolver = SubjectResolver(real_linker)
    names = ("Amoxicillin and Clavulanate Potassium", "AMOXICILLIN AND CLAVULANATE POTASSIUM", "AMOXICILLIN",
             "CLAVULANATE POTASSIUM")
    assert resolver.resolve(LabelProduct(names=names)).name == "Amoxicillin-Potassium Clavulanate Combination"
    # no entry for the combination in the vocabulary: its ingredient, as before
    assert resolver.resolve(LabelProduct(names=("Zyxo and Lipitor", "LIPITOR"))).id == ATORVASTATIN
    assert combination_ingredients("RIFAMPIN, ISONIAZID AND PYRAZINAMIDE") == ["rifampin", "isoniazid", "pyrazinamide"]
    assert combination_ingredients("ATORVASTATIN CALCIUM") == ["atorvastatin"]


def test_a_combination_without_a_vocabulary_entry_is_made_from_its_ingredients(real_linker):
    # Trezix (acetaminophen, caffeine, dihydrocodeine) resolved to acetaminophen: its opioid contraindication
    # (asthma) then excluded acetaminophen for an asthmatic patient
    resolver = SubjectResolver(real_linker)
    names = ("Trezix", "ACETAMINOPHEN, CAFFEINE, DIHYDROCODEINE BITARTRATE", "ACETAMINOPHEN", "CAFFEINE",
             "DIHYDROCODEINE BITARTRATE")
    subject = resolver.resolve(LabelProduct(names=names))
    ingredients = {entry.name.lower() for entry in subject.ingredients}
    assert subject.id.startswith("MEDKG:combination/") and ingredients == {"acetaminophen", "caffeine", "dihydrocodeine"}
    assert subject.brands == ("Trezix",) and subject.name == "Acetaminophen / Caffeine / dihydrocodeine"
    # the same product under other names is the same node; a brand the vocabulary knows as the combination is taken
    assert resolver.resolve(LabelProduct(names=("DIHYDROCODEINE, ACETAMINOPHEN AND CAFFEINE",))).id == subject.id
    viekira = resolver.resolve(LabelProduct(names=("Viekira Pak", "DASABUVIR AND OMBITASVIR AND PARITAPREVIR AND "
                                                                  "RITONAVIR")))
    assert viekira.name == "Viekira Pak" and not getattr(viekira, "ingredients", ())


def test_a_combination_label_is_the_combinations_and_its_ingredients_keep_none_of_it(
        tmp_path, driver, database, neo4j_settings, real_linker, real_extractor):
    import gzip
    with gzip.open(DATA / "fda-labels-full" / "fda_labels_dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        trezix = next(line for line in lines if '"Trezix"' in line)
    path = tmp_path / "trezix.jsonl"
    path.write_text(trezix, encoding="utf-8")
    report = ingest_paths(driver, neo4j_settings, [path], "labels", linker=real_linker, extractor=real_extractor,
                          executor="serial", progress=False)
    assert report.exit_code == 0
    [row] = _rows(driver, database, """
        MATCH (c:Drug)-[:HAS_LABEL]->(:DrugLabel)
        RETURN c.id AS id, c.synonyms AS synonyms, [(c)-[:IS_A]->(i) | i.name] AS ingredients,
               COUNT { (c)<-[:WARNING_OF]-() } AS warnings, COUNT { (c)-[:CONTRAINDICATED_FOR]->() } AS contra,
               [(c)-[r]->(x) WHERE type(r) <> 'IS_A' AND (c)-[:IS_A]->(x) | x.name] AS to_ingredients""")
    assert row["id"].startswith("MEDKG:combination/") and "Trezix" in row["synonyms"]
    assert sorted(name.lower() for name in row["ingredients"]) == ["acetaminophen", "caffeine", "dihydrocodeine"]
    assert row["warnings"] > 0 and row["contra"] > 0 and row["to_ingredients"] == []
    acetaminophen = _rows(driver, database, """
        MATCH (a:Drug {id: 'MESH:D000082'}) RETURN COUNT { (a)-[:HAS_LABEL]->() } AS labels,
               COUNT { (a)<-[:WARNING_OF|DOSAGE_OF]-() } AS texts, COUNT { (a)-[:CAUSES|CONTRAINDICATED_FOR]->() } AS facts""")
    assert acetaminophen == [{"labels": 0, "texts": 0, "facts": 0}]


def test_labels_and_an_abstract_with_the_real_linker(driver, database, neo4j_settings, real_linker, real_extractor):
    labels = [LABELS / "lipitor-orig.xml", LABELS / "viagra-64f8040f-938d-4236-8e22-c838c9b5f8da.xml"]
    report = ingest_paths(driver, neo4j_settings, labels, "labels", linker=real_linker, extractor=real_extractor,
                          executor="serial", progress=False)
    source = report.sources["labels"]
    assert report.exit_code == 0 and source.documents_read == 2 and source.documents_without_subject == 0
    indicated = _rows(driver, database, """
        MATCH (drug:Drug {id: $drug})-[r:INDICATED_FOR]->(disease:Disease)
        MATCH (e:Evidence {rel_key: 'INDICATED_FOR|' + $drug + '|' + disease.id})-[:FROM_DOCUMENT]->(d:DrugLabel)
        RETURN disease.id AS id, disease.name AS name, e.text AS text, e.section AS section, d.id AS doc,
               r.active AS active""", drug=ATORVASTATIN)
    lipid = [row for row in indicated if row["id"] in LIPID_DISORDERS]
    assert lipid, f"no hyperlipidemia-type indication for atorvastatin among {[r['name'] for r in indicated]}"
    assert all(row["active"] and "@v11" in row["doc"] for row in lipid)
    assert any(row["section"] == "1.2 Hyperlipidemia" and "hypercholesterolemia" in row["text"] for row in lipid)
    # risk factors, exclusions, histories, abbreviations of other things and generic words are no indications
    assert not {row["id"] for row in indicated} & NOT_INDICATIONS, [(r["name"], r["text"]) for r in indicated]
    prevention = [row for row in indicated if row["id"] == "MESH:D009203"]  # myocardial infarction
    assert any(row["section"] == "1.1 Prevention of Cardiovascular Disease" for row in prevention)
    # the "Limitations of Use" subsection (types I and V hyperlipoproteinemia were not studied) is no indication
    assert not any("Limitations" in (row["section"] or "") for row in indicated)
    assert not any("hyperlipoproteinemia" in row["name"].lower() for row in indicated)
    sildenafil = _rows(driver, database, "MATCH (:Drug {id: $drug})-[r:INDICATED_FOR]->(x) RETURN x.id AS id",
                       drug=SILDENAFIL)
    assert {row["id"] for row in sildenafil} == {ERECTILE_DYSFUNCTION}
    heads = _rows(driver, database, "MATCH (h)-[r:INDICATED_FOR|CONTRAINDICATED_FOR]->() RETURN DISTINCT h.id AS id")
    assert {row["id"] for row in heads} <= {ATORVASTATIN, SILDENAFIL}  # the label's own drug is the subject
    dosage = _rows(driver, database, "MATCH (x:DosageText)-[:DOSAGE_OF]->(:Drug {id: $drug}) RETURN x.text AS text",
                   drug=ATORVASTATIN)
    assert any("10 or 20 mg once daily" in row["text"] for row in dosage)

    pubmed = ingest_paths(driver, neo4j_settings, [DATA / "pubmed-xml-samples" / "pubmed-29768149.xml"], "pubmed",
                          linker=real_linker, extractor=real_extractor, executor="serial", progress=False)
    assert pubmed.sources["pubmed"].facts_written > 0
    facts = _rows(driver, database, """
        MATCH (h:Drug)-[r:TREATS|CAUSES]->(t) WHERE r.active
        MATCH (e:Evidence {rel_key: type(r) + '|' + h.id + '|' + t.id})
              -[:FROM_DOCUMENT]->(:Publication {id: 'PMID:29768149'})
        RETURN type(r) AS type, h.id AS head, h.name AS drug, t.id AS tail, t.name AS disease, labels(t) AS labels,
               e.text AS text""")
    assert facts
    for fact in facts:  # canonical ids of the right kinds, and the evidence sentence names both ends
        assert real_linker.vocabulary.get(fact["head"]).label is NodeLabel.DRUG
        assert real_linker.vocabulary.get(fact["tail"]).label in (NodeLabel.DISEASE, NodeLabel.ADVERSE_EVENT,
                                                                  NodeLabel.PHENOTYPE)
    budesonide_for_asthma = ("TREATS", "MESH:D019819", "MESH:D001249")
    assert budesonide_for_asthma in {(f["type"], f["head"], f["tail"]) for f in facts}, facts


def test_end_to_end_cid_normalisation_maps_gold_and_predicted_ids_alike(real_linker):
    """``evaluation.linker_documents``: gold spans linked by the real linker land on the same canonical ids as the
    gold MeSH relations mapped through the vocabulary, so a perfect tagger can score CID pairs."""
    from nlp import corpora
    from nlp.evaluation import linker_documents

    docs = corpora.bc5cdr(DATA, "dev")[:15]
    spans = [[(m.start, m.end, m.label, 1.0) for m in doc.mentions] for doc in docs]
    linked = linker_documents(docs, spans, real_linker)
    gold_pairs = [(doc.doc_id, a, b) for doc in linked for kind, a, b in doc.relations if kind == "CID"]
    assert gold_pairs and all(a.startswith(("MESH:", "DOID:", "DB")) or ":" in a for _, a, _ in gold_pairs)
    reachable = sum(1 for doc in linked for kind, a, b in doc.relations if kind == "CID"
                    and any(a in m.ids for m in doc.mentions) and any(b in m.ids for m in doc.mentions))
    # Both ends found for most gold pairs (18 of 24 here). Composite mentions ("hemorrhagic cystitis" is annotated
    # with two MeSH ids, the linker returns one) and a few DOID/UMLS choices cap this below 1.
    assert reachable / len(gold_pairs) >= 0.6
    assert all(len(m.ids) == 1 for doc in linked for m in doc.mentions)


def test_weak_fuzzy_links_of_tagged_mentions_do_not_become_facts(real_linker):
    """A tagger's span is no misspelling: "glycemic" reaches "hypoglycemic coma" only by character n-grams, and
    ingest must not turn that into an indication; exact and typo-free links still pass."""
    from vocabulary.confidence import DISEASE_LABELS, confident_mention_link

    weak = real_linker.link("glycemic", labels=DISEASE_LABELS)
    assert weak is None or not confident_mention_link(weak)
    assert confident_mention_link(real_linker.link("type 2 diabetes mellitus", labels=DISEASE_LABELS))
    assert confident_mention_link(real_linker.link("metformin hydrochloride", labels=None))
    assert not confident_mention_link(None)
