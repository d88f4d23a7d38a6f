"""Disease → finding sources on small real fixtures (tests/data/curated: DO has_symptom definitions, MedQuAD symptom
answers, the Columbia knowledge base, Chinese names) with the real vocabulary; imports into the session's Neo4j."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from neo4j import Driver

from graph.models import Entity, NodeLabel, Relation, RelType
from graph.writer import GraphWriter
from ingest.sources.findings import (
    PROSE_FREQUENCY, finding_index, focus_names, medquad_links, plain_focus, presentation_clauses,
    split_by_named_disease, symptom_sentences, unglue,
)
from ingest.sources.registry import get_source, import_source, read_facts
from vocabulary import Vocabulary
from vocabulary.readers import ReadReport

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"
FEVER, HEADACHE, CHEST_PAIN, TREMOR = "MESH:D005334", "MESH:D006261", "MESH:D002637", "MESH:D014202"
ACERULOPLASMINEMIA = "DOID:0050711"


def _facts(name: str, vocabulary: Vocabulary) -> tuple[dict[str, Entity], dict[tuple[str, str], Relation],
                                                       ReadReport]:
    spec = get_source(name)
    entities, relations, report = read_facts(spec, CURATED / spec.folder, vocabulary)
    assert all(r.type is RelType.PRESENTS for r in relations)
    return {e.id: e for e in entities}, {(r.head, r.tail): r for r in relations}, report


def _gard_answer(row_id: str) -> str:
    with gzip.open(CURATED / "medquad" / "medquad.jsonl.gz", "rt", encoding="utf-8") as handle:
        return next(row["answer"] for row in map(json.loads, handle) if row["id"] == row_id)


def test_do_has_symptom_statements_link_diseases_to_findings(vocabulary: Vocabulary) -> None:
    entities, relations, report = _facts("do-symptoms", vocabulary)
    chikungunya = {tail for head, tail in relations if head == "DOID:0050012"}
    assert chikungunya == {FEVER, "MESH:D018771"}  # arthralgia; "maculopapular rash" is not a known name
    rocky_mountain = relations[("MESH:D012373", HEADACHE)]  # DOID:0050052 merged into its MeSH descriptor
    evidence = rocky_mountain.evidence[0]
    assert "has_symptom headache" in evidence.text and evidence.confidence == pytest.approx(0.6)
    assert entities[HEADACHE].label is NodeLabel.PHENOTYPE
    obo = report.files[str(CURATED / "disease-ontology" / "HumanDO.obo.gz")]
    assert obo.problems["symptom name not in vocabulary"] == 2


DO_TERMS = """format-version: 1.2

[Term]
id: DOID:9778
name: irritable bowel syndrome
def: "A syndrome that is a functional bowel disorder characterized by chronic abdominal pain, discomfort, bloating, and alteration of bowel habits in the absence of any detectable organic cause." [url:http\\://digestive.niddk.nih.gov/]

[Term]
id: DOID:12365
name: malaria
def: "A parasitic protozoa infectious disease characterized as a vector-borne infectious disease caused by the presence of protozoan parasites of the genus Plasmodium, transmitted by the bite of anopheline mosquitoes, and characterized by periodic attacks of chills and fever that coincide with mass destruction of blood cells." [url:http\\://en.wikipedia.org/wiki/Malaria]

[Term]
id: DOID:3324
name: pleural disease
def: "A respiratory system disease located_in the pleura. Common causes of pleural diseases include congestive heart failure, malignancy and pulmonary embolism." [url:http\\://en.wikipedia.org/wiki/Pleural_disease]
"""


def _do_facts(tmp_path: Path, obo: str, vocabulary: Vocabulary) -> tuple[list[Relation], dict[str, str]]:
    """do-symptoms' relations over a HumanDO.obo of these terms, and the names of their entities by id."""
    folder = tmp_path / "disease-ontology"
    folder.mkdir()
    with gzip.open(folder / "HumanDO.obo.gz", "wt", encoding="utf-8") as handle:
        handle.write(obo)
    entities, relations, _ = read_facts(get_source("do-symptoms"), folder, vocabulary)
    return list(relations), {entity.id: entity.name for entity in entities}


def test_do_definitions_give_the_findings_of_their_presentation_clauses(tmp_path: Path,
                                                                        vocabulary: Vocabulary) -> None:
    relations, names = _do_facts(tmp_path, DO_TERMS, vocabulary)
    found = {(names[r.head], names[r.tail]) for r in relations}
    assert {("Irritable Bowel Syndrome", "Abdominal Pain"), ("Malaria", "Chills"), ("Malaria", "Fever")} <= found
    assert ("Malaria", "Periodic") not in found  # "periodic attacks" is a pattern, not a finding
    assert not any(disease == "Pleural Diseases" for disease, _ in found)  # "causes of … include" lists causes
    assert all(r.evidence[0].confidence == pytest.approx(PROSE_FREQUENCY) for r in relations)
    # the list ends where the cause, transmission or a new clause begins
    assert presentation_clauses("A disease characterized by fever and rash caused by a virus. It causes "
                                "itching; it is common.") == [" fever and rash ", " itching"]
    assert presentation_clauses("An arrhythmia with an increased risk of sudden death, characterized by "
                                "palpitations rather than by syncope.") == [" palpitations "]



DO_PROSE = """format-version: 1.2

[Term]
id: DOID:0050495
name: exanthema subitum
def: "A viral infectious disease that results_in infection in infants and children, located_in skin, has_material_basis_in Human herpesvirus 6 and has_symptom sudden high fever, and has_symptom red rash that occurs first on the trunk then spreading to legs and neck." [url:http\\://en.wikipedia.org/wiki/Exanthema_subitum]

[Term]
id: DOID:12765
name: peritonsillar abscess
def: "A tonsillitis which involves collection of pus beside the tonsil. Progressively worsening unilateral sore throat and headache usually are the earliest symptoms. It may occur with syphilis and tuberculosis, both characterized by fever." [url:http\\://en.wikipedia.org/wiki/Peritonsillar_abscess]
"""


def test_do_symptom_phrases_that_are_no_name_and_later_symptom_sentences_give_their_findings(
        tmp_path: Path, vocabulary: Vocabulary) -> None:
    relations, names = _do_facts(tmp_path, DO_PROSE, vocabulary)
    found = {(names[r.head], names[r.tail]) for r in relations}
    # "sudden high fever" names no finding as a whole; the finding inside it counts, at the has_symptom frequency
    assert ("Exanthema Subitum", "Fever") in found
    subitum = next(r for r in relations if names[r.head] == "Exanthema Subitum" and names[r.tail] == "Fever")
    assert subitum.evidence[0].confidence == pytest.approx(0.6)
    # a later sentence that says what the patient has gives its signs; the diseases a sentence names do not count
    peritonsillar = {finding for disease, finding in found if disease.lower() == "peritonsillar abscess"}
    assert "Headache" in peritonsillar, found
    assert not peritonsillar & {"Syphilis", "Tuberculosis"}  # "It may occur with syphilis …" is no presentation


def test_gard_table_rows_give_frequencies(vocabulary: Vocabulary) -> None:
    index = finding_index(vocabulary, CURATED, ReadReport())
    links = medquad_links(_gard_answer("2_GARD_QA/0000034#2"), index, "medquad-symptoms")
    by_name = {link.finding.name: link for link in links}
    assert by_name["Tremor"].frequency == pytest.approx(0.9) and by_name["Tremor"].text == "Tremor 90%"
    assert by_name["Abnormal renal physiology"].frequency == pytest.approx(0.9)  # the table's first row
    assert by_name["Developmental regression"].frequency == pytest.approx(0.5)
    assert by_name["Hypothyroidism"].frequency == pytest.approx(0.075)
    assert by_name["Ataxia"].frequency == PROSE_FREQUENCY  # listed without a frequency
    assert by_name["Abnormal renal physiology"].finding.synonyms == ("肾脏生理异常",)  # HPO, with its Chinese label
    assert not any("inheritance" in name for name in by_name)


def test_medquad_answers_link_their_focus_to_findings(vocabulary: Vocabulary) -> None:
    entities, relations, _ = _facts("medquad-symptoms", vocabulary)
    tremor = relations[(ACERULOPLASMINEMIA, TREMOR)].evidence[0]
    assert (tremor.text, tremor.confidence) == ("Tremor 90%", pytest.approx(0.9))
    assert tremor.url and tremor.url.startswith("https://rarediseases.info.nih.gov")
    anemia = {tail for head, tail in relations if head == "MESH:D000740"}  # NHLBI list: one finding a line
    assert {CHEST_PAIN, HEADACHE, "MESH:D004244", "MESH:D010167"} <= anemia  # dizziness, pallor ("pale skin")
    assert ("MESH:D006967", "MESH:D012912") in relations  # a MedlinePlus topic: allergy → sneezing
    hyperthyroidism = {tail for head, tail in relations if head == "MESH:D006980"}  # NIDDK
    assert {"MESH:D015431", "MESH:D006042"} <= hyperthyroidism  # weight loss, goiter
    assert all(entities[tail].name != "Hyperthyroidism" for tail in hyperthyroidism)  # not its own finding
    assert not any(head == tail for head, tail in relations)


def test_a_medlineplus_list_links_its_everyday_words_and_not_its_risk_factors(vocabulary: Vocabulary) -> None:
    answer = ("Urinary tract infections (UTIs) are the second most common type of infection in the body. You may "
              "have a UTI if you notice - Pain or burning when you urinate - Fever, tiredness, or shakiness - An urge "
              "to urinate often - Urine that looks cloudy People of any age or sex can get UTIs. You're also at "
              "higher risk if you have diabetes, need a tube to drain your bladder, or have a spinal cord injury.")
    index = finding_index(vocabulary, CURATED, ReadReport())
    found = {link.finding.name for link in medquad_links(symptom_sentences(answer), index, "medquad-symptoms")}
    assert {"Dysuria", "Fever", "Polyuria", "Cloudy urine"} <= found  # "an urge to urinate often": frequency
    assert not any("diabetes" in name.lower() or "spinal" in name.lower() for name in found)


def test_a_page_on_two_diseases_gives_each_its_own_symptom_sentences(vocabulary: Vocabulary) -> None:
    index = finding_index(vocabulary, CURATED, ReadReport())
    encephalitis = Entity(id="MESH:D004660", label=NodeLabel.DISEASE, name="Encephalitis", sources=("medquad-symptoms",))
    answer = ("Symptoms of encephalitis include sudden fever, headache and confusion. Symptoms of meningitis, which may "
              "appear suddenly, often include high fever, severe and persistent headache, stiff neck and vomiting.")
    parts = {owner.name: text for owner, text in split_by_named_disease(answer, "Meningitis and Encephalitis", index,
                                                                        encephalitis)}
    assert set(parts) == {"Encephalitis", "Meningitis"} and parts["Meningitis"].startswith("Symptoms of meningitis")
    # one disease on its page: a broader word in a sentence takes nothing away ("symptoms of angioedema")
    one = list(split_by_named_disease("Symptoms of angioedema include swelling.", "hereditary angioedema", index,
                                      encephalitis))
    assert [owner.id for owner, _ in one] == ["MESH:D004660"]


def test_presentation_sentences_and_page_titles() -> None:
    answer = ("Anyone can get meningitis. You should seek medical care quickly if you have - A sudden fever - A stiff "
              "neck Early treatment can help. You are at higher risk if you have diabetes. Vaccines prevent some.")
    assert symptom_sentences(answer) == ("You should seek medical care quickly if you have - A sudden fever - A stiff "
                                         "neck Early treatment can help.")
    assert symptom_sentences("It is characterized by fever and rash.") == "It is characterized by fever and rash."
    # MedlinePlus's Mumps and Lactose Intolerance pages had given no finding at all
    mumps = "Mumps is an illness caused by the mumps virus. It starts with - Fever - Headache - Muscle aches"
    assert symptom_sentences(mumps) == "It starts with - Fever - Headache - Muscle aches"
    lactose = "Lactose is the sugar found in milk. You may also have - Gas - Diarrhea Your doctor may do a test."
    assert symptom_sentences(lactose) == "You may also have - Gas - Diarrhea Your doctor may do a test."
    # the page's disease (or "it") as what can cause the findings, not a habit or an untreated disease's complications
    gonorrhea = ("Gonorrhea is a sexually transmitted disease. In men, gonorrhea can cause pain when urinating. "
                 "If untreated, it can cause problems with the prostate. Later, it can cause bleeding between periods. "
                 "Smoking can cause cough.")
    assert symptom_sentences(gonorrhea, "Gonorrhea") == ("In men, gonorrhea can cause pain when urinating. Later, it "
                                                         "can cause bleeding between periods.")
    assert [plain_focus(t) for t in ("Kidney Stones in Adults", "What I need to know about Gallstones",
                                     "Lymphocytic Choriomeningitis (LCM)", "Parasites - Scabies")] == [
        "Kidney Stones", "Gallstones", "Lymphocytic Choriomeningitis", "Scabies"]
    # NIDDK's, CDC's and NIHSeniorHealth's titles name the disease after a colon, last of " - " parts, or in brackets
    assert focus_names("Prostate Enlargement: Benign Prostatic Hyperplasia")[-1] == "Benign Prostatic Hyperplasia"
    assert focus_names("Parasites - Lice - Head Lice")[-1] == "Head Lice"
    assert "Periodontal Disease" in focus_names("Gum (Periodontal) Disease")


def test_columbia_ranks_become_frequencies(vocabulary: Vocabulary) -> None:
    _, relations, _ = _facts("columbia-symptoms", vocabulary)
    chest_pain = relations[("MESH:D006973", CHEST_PAIN)].evidence[0]  # hypertension, "pain chest" ranked first
    assert chest_pain.confidence == pytest.approx(0.8) and "pain chest (rank 1)" in chest_pain.text
    assert relations[("MESH:D011014", FEVER)].evidence[0].confidence == pytest.approx(0.75)  # pneumonia, rank 2


def test_chinese_names_join_the_canonical_nodes(vocabulary: Vocabulary) -> None:
    entities, relations, _ = _facts("zh-names", vocabulary)
    assert not relations
    assert {"2型糖尿病", "第二型糖尿病"} <= set(entities["MESH:D003924"].synonyms)  # DOID:9352, two rows
    assert {"发热", "发烧"} <= set(entities[FEVER].synonyms)
    assert "小儿发热" not in entities[FEVER].synonyms  # a CMeKG row: skipped
    assert not {"DOID:9352", "DOID:18"} & set(entities)  # merged; only a CMeKG name
    assert "心梗" in entities["MESH:D009203"].synonyms  # the curated file (vocabulary/zh_terms.tsv)


def test_licence_restricted_chinese_names_are_opt_in_only(vocabulary: Vocabulary) -> None:
    assert not get_source("zh-names-opt-in").default
    entities, _, _ = _facts("zh-names-opt-in", vocabulary)
    assert "小儿发热" in entities[FEVER].synonyms and not {"发热", "发烧"} & set(entities[FEVER].synonyms)


def _presents(driver: Driver, database: str, head: str, tail: str) -> dict:
    with driver.session(database=database) as session:
        return session.run(
            "MATCH (:Entity {id: $head})-[r:PRESENTS]->(:Entity {id: $tail}) "
            "MATCH (e:Evidence {rel_type: 'PRESENTS', head: $head, tail: $tail}) "
            "RETURN r.best_confidence AS best, r.sources AS sources, collect(e.text) AS texts, "
            "collect(e.confidence) AS confidences", head=head, tail=tail).single().data()


def _counts(driver: Driver, database: str) -> dict[str, int]:
    with driver.session(database=database) as session:
        return session.run(
            "CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } "
            "CALL { MATCH (n) UNWIND coalesce(n.synonyms, []) AS s RETURN count(s) AS synonyms } "
            "RETURN nodes, rels, synonyms").single().data()


def test_finding_sources_import_once_and_read_back(driver: Driver, database: str, vocabulary: Vocabulary) -> None:
    writer = GraphWriter(driver, database)
    names = ("do-symptoms", "medquad-symptoms", "zh-names")
    results = [import_source(get_source(n), CURATED / get_source(n).folder, vocabulary, writer) for n in names]
    assert all(result.entities > 0 for result in results) and results[0].relations_missing_ends == 0
    tremor = _presents(driver, database, ACERULOPLASMINEMIA, TREMOR)
    assert tremor == {"best": pytest.approx(0.9), "sources": ["medquad-symptoms"], "texts": ["Tremor 90%"],
                      "confidences": [pytest.approx(0.9)]}
    fever = _presents(driver, database, "DOID:0050012", FEVER)
    assert fever["best"] == pytest.approx(0.6) and "has_symptom fever" in fever["texts"][0]
    with driver.session(database=database) as session:
        node = session.run("MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, n.synonyms AS synonyms",
                           id=FEVER).single()
    assert "Phenotype" in node["labels"] and {"发热", "发烧"} <= set(node["synonyms"])
    first = _counts(driver, database)
    for name in names:
        import_source(get_source(name), CURATED / get_source(name).folder, vocabulary, writer)
    assert _counts(driver, database) == first


def test_cmekg_symptom_triples_link_chinese_names_to_the_same_nodes(vocabulary: Vocabulary) -> None:
    """CMeKG (opt-in) states symptoms in Chinese; they reach the nodes the English sources use (发热 → Fever)."""
    entities, relations, report = _facts("cmekg-symptoms", vocabulary)
    influenza = next(e for e in entities.values() if e.name.lower().startswith("influenza"))
    findings = {tail for head, tail in relations if head == influenza.id}
    assert {FEVER, HEADACHE} <= findings
    evidence = relations[(influenza.id, FEVER)].evidence[0]
    assert evidence.text.startswith("流行性感冒 常见症状") and evidence.confidence == pytest.approx(0.5)
    assert report.problem_count > 0  # symptom names no Chinese label reaches are reported, not guessed


def _medquad_facts(tmp_path: Path, rows: list[dict], vocabulary: Vocabulary) -> list:
    """What the MedQuAD reader makes of ``rows`` (written as a one-file source)."""
    from ingest.sources.findings import read_medquad_symptoms

    folder = tmp_path / "medquad"
    folder.mkdir(parents=True)
    with gzip.open(folder / "medquad.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    return list(read_medquad_symptoms(folder, vocabulary, ReadReport()))


def _medquad_heads(tmp_path: Path, rows: list[dict], vocabulary: Vocabulary) -> tuple[set[str], dict[str, str]]:
    """The diseases that MedQuAD rows link findings to, and every entity's name."""
    facts = _medquad_facts(tmp_path, rows, vocabulary)
    return ({fact.head for fact in facts if isinstance(fact, Relation)},
            {fact.id: fact.name for fact in facts if isinstance(fact, Entity)})


def test_medquad_pages_about_topics_or_symptoms_make_no_disease(tmp_path: Path, vocabulary: Vocabulary) -> None:
    rows = [
        {"id": "t/1#1", "focus": "Blood Thinners", "focus_category": "Other", "question_type": "information",
         "answer": "You may have bleeding or bruising if you take them."},
        {"id": "t/2#1", "focus": "Cough", "question_type": "symptoms", "answer": "Symptoms include fever and chills."},
        {"id": "t/3#1", "focus": "Ear Infections", "focus_category": "Disease", "focus_cui": ["C0699744"],
         "focus_synonyms": ["Otitis media"], "question_type": "information",
         "answer": "Here are a few things to look for - Tugging at ears - Fever - Hearing problems"},
    ]
    heads, names = _medquad_heads(tmp_path, rows, vocabulary)
    assert [names[head] for head in heads] in (["Otitis"], ["Otitis Media"])  # a graph disease, not a new node
    assert not any(name in ("Blood Thinners", "Cough") for name in (names[head] for head in heads))


def test_pages_on_a_condition_mesh_files_as_a_symptom_meet_on_its_node(tmp_path: Path,
                                                                        vocabulary: Vocabulary) -> None:
    """MedlinePlus's and NHLBI's "Angina" pages (UMLS C0002962, a Finding) are MeSH's Angina Pectoris, one node; a
    rare disease named by a feature ("… seizures of infancy", CUI of Seizures) and a page typed as a sign or symptom
    ("Fainting") are not given to the symptom."""
    rows = [
        {"id": "m/1#1", "focus": "Angina", "focus_category": "Disease", "focus_cui": ["C0002962"],
         "semantic_type": ["T033"], "source": "MPlusHealthTopics", "question_type": "information",
         "answer": "Angina is chest pain. Symptoms include chest pain and shortness of breath."},
        {"id": "n/1#1", "focus": "Angina", "focus_cui": ["C0002962"], "semantic_type": ["T033"], "source": "NHLBI",
         "question_type": "symptoms", "answer": "Pain and discomfort are the main symptoms: nausea, sweating."},
        {"id": "g/1#1", "focus": "Malignant migrating partial seizures of infancy", "focus_cui": ["C0036572"],
         "semantic_type": ["T184"], "source": "GHR", "question_type": "symptoms", "answer": "Symptoms include fever."},
    ]
    heads, names = _medquad_heads(tmp_path, rows, vocabulary)
    angina = vocabulary.entity("UMLS:C0002962", "test")
    assert angina is not None and angina.label is NodeLabel.PHENOTYPE
    assert angina.id in heads and not any(head.startswith("MEDQUAD:") and names[head] == "Angina" for head in heads)
    seizures = vocabulary.entity("UMLS:C0036572", "test")
    assert seizures is not None and seizures.id not in heads  # not Seizures


def test_a_syndrome_annotated_with_the_cuis_of_its_parts_is_not_given_to_a_part(tmp_path: Path,
                                                                                 vocabulary: Vocabulary) -> None:
    """GARD rows as MedQuAD has them: the syndrome's CUIs list Diabetes Mellitus / Epilepsy first; the syndrome's
    symptoms must not become those of diabetes or epilepsy. A single-CUI page still links its disease."""
    answer = "What are the signs and symptoms? Symptoms include seizures, short stature and fever."
    rows = [
        {"id": "2_GARD_QA/0002146#1", "focus": "Epiphyseal dysplasia multiple with early-onset diabetes mellitus",
         "focus_cui": ["C0011849", "C1833334", "C0392476"], "question_type": "symptoms", "answer": answer,
         "focus_synonyms": ["Wolcott Rallison syndrome", "MED-IDDM syndrome", "IDDM-MED syndrome"]},
        {"id": "2_GARD_QA/0000291#1", "focus": "Amish infantile epilepsy syndrome",
         "focus_cui": ["C0014544", "C1836824"], "question_type": "symptoms", "answer": answer,
         "focus_synonyms": ["GM3 synthase deficiency", "Epilepsy syndrome, infantile-onset symptomatic"]},
        {"id": "t/9#1", "focus": "Epilepsy", "focus_cui": ["C0014544"], "question_type": "symptoms",
         "answer": answer},
    ]
    heads, names = _medquad_heads(tmp_path, rows, vocabulary)
    assert "MESH:D003920" not in heads  # Diabetes Mellitus
    assert "MESH:D004827" in heads  # Epilepsy, from its own page only
    assert heads - {"MESH:D004827"} == {"MESH:C536739", "UMLS:C1836824"}  # MeSH's record for Wolcott-Rallison;
    assert names["UMLS:C1836824"] == "Amish infantile epilepsy syndrome"  # a node of its own, under its own CUI


def test_a_page_about_prevention_gives_its_complications_warning_signs_to_no_disease(tmp_path: Path,
                                                                                      vocabulary: Vocabulary) -> None:
    rows = [
        {"id": "5_NIDDK/0000123#2", "focus": "Prevent diabetes problems: Keep your heart and blood vessels healthy",
         "focus_cui": ["C0011849"], "question_type": "symptoms",
         "answer": "You may have one or more of the following warning signs: - chest pain or discomfort - "
                   "shortness of breath - sweating"},
        {"id": "t/10#1", "focus": "Diabetes", "focus_cui": ["C0011849"], "question_type": "symptoms",
         "answer": "Symptoms include extreme thirst, frequent urination and fatigue."},
    ]
    heads, _ = _medquad_heads(tmp_path, rows, vocabulary)
    assert heads == {"MESH:D003920"}  # the disease's own page only
    relations = [fact for fact in _medquad_facts(tmp_path / "again", rows, vocabulary) if isinstance(fact, Relation)]
    assert CHEST_PAIN not in {relation.tail for relation in relations}


def test_a_rare_disease_page_named_by_its_features_is_none_of_them(tmp_path: Path, vocabulary: Vocabulary) -> None:
    """GARD names syndromes by their features and MedQuAD gives such a page the CUIs of those features (in the title
    in any word order, plural or by a synonym) or of another concept no word of the title names; the syndrome gets
    a node of its own. A consumer page keeps its broader disease: H1N1 flu is influenza."""
    answer = "Symptoms include fever, sore throat and swollen lymph nodes."
    rows = [
        {"id": "2_GARD_QA/1#1", "focus": "Periodic fever, aphthous stomatitis, pharyngitis and adenitis",
         "focus_cui": ["C0015974", "C0038363", "C0031350", "C0585213", "C0001416", "C0024205", "C0016514"],
         "focus_synonyms": ["PFAPA", "Marshall Syndrome"], "source": "GARD", "question_type": "symptoms",
         "answer": answer},
        {"id": "2_GARD_QA/2#1", "focus": "Tremors, nystagmus and duodenal ulcers",
         "focus_cui": ["C0013295", "C0040822", "C0028738"], "source": "GARD", "question_type": "symptoms",
         "focus_synonyms": ["Essential tremors, nystagmus and duodenal ulceration"], "answer": answer},
        {"id": "9_MPlus/3#1", "focus": "H1N1 Flu (Swine Flu)", "focus_cui": ["C0021400", "C2076600"],
         "focus_synonyms": ["Swine flu"], "source": "MPlusHealthTopics", "question_type": "symptoms",
         "answer": answer},
    ]
    heads, names = _medquad_heads(tmp_path, rows, vocabulary)
    assert not {names[head] for head in heads} & {"Stomatitis, Aphthous", "Foot-and-Mouth Disease", "Duodenal Ulcer",
                                                  "Nystagmus, Pathologic"}
    assert "MESH:D007251" in heads  # Influenza, Human
    assert plain_focus("Pyelonephritis: Kidney Infection") == "Pyelonephritis"


def test_a_title_that_denies_its_cui_and_pages_under_a_generic_cui_keep_apart(tmp_path: Path,
                                                                              vocabulary: Vocabulary) -> None:
    """MedQuAD gives "Adult Non-Hodgkin Lymphoma" the CUI of Hodgkin Disease; and pages whose CUIs are all known
    but none is theirs (here only "Syndrome", C0039082) had been filed under that CUI: 210 findings of unrelated
    syndromes on one node. Each such page is now a node of its own."""
    answer = "Symptoms include fever, night sweats and weight loss."
    rows = [
        {"id": "1_CancerGov_QA/0000001#3", "focus": "Adult Non-Hodgkin Lymphoma", "focus_cui": ["C0019829"],
         "source": "CancerGov", "question_type": "symptoms", "answer": answer},
        {"id": "2_GARD_QA/0009991#2", "focus": "Made-up syndrome one", "focus_cui": ["C0039082"], "source": "GARD",
         "question_type": "symptoms", "answer": answer},
        {"id": "2_GARD_QA/0009992#2", "focus": "Made-up syndrome two", "focus_cui": ["C0039082"], "source": "GARD",
         "question_type": "symptoms", "answer": answer},
    ]
    heads, names = _medquad_heads(tmp_path, rows, vocabulary)
    assert "MESH:D006689" not in heads and "MESH:D008228" in heads  # Lymphoma, Non-Hodgkin, not Hodgkin Disease
    assert {"MEDQUAD:2_GARD_QA/0009991", "MEDQUAD:2_GARD_QA/0009992"} <= heads
    assert "UMLS:C0039082" not in heads


def test_a_finding_glued_to_its_definition_is_read_apart(vocabulary: Vocabulary) -> None:
    """MedQuAD lost the dash between a term and its definition on NIDDK pages ("nocturiafrequent urination during
    periods of sleep"); a one-word finding name glued to a common word is split, nothing else is."""
    index = finding_index(vocabulary, CURATED, ReadReport())
    words = frozenset({"frequent", "urination", "when", "hips", "form", "the"})
    text = "- nocturiafrequent urination - jaundicewhen the skin yellows - hardships - morbilliform rash - nocturia"
    assert unglue(text, index, words) == ("- nocturia frequent urination - jaundice when the skin yellows - hardships "
                                          "- morbilliform rash - nocturia")
    assert "Nocturia" in {link.finding.name for link in medquad_links(unglue(text, index, words), index, "t")}
