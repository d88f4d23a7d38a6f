"""Read-only Cypher templates of the clinical layer (closed labels and types only; every value is a parameter)."""

from __future__ import annotations

from graph.cypher import DOCUMENT, DOSAGE_TEXT, DOSE_RULE, ENTITY, EVIDENCE, LABEL_WARNING, is_active
from graph.models import EvidenceKind, LinkType, NodeLabel, RelType

_PRESENTS = RelType.PRESENTS.value
_DISEASE = NodeLabel.DISEASE.value
_IS_A = RelType.IS_A.value
_PHENOTYPE = NodeLabel.PHENOTYPE.value


def _condition(node: str) -> str:
    """``node`` is a disease the differential can rank: a Disease, or a condition the vocabulary files as a symptom
    (MeSH lists Down syndrome, narcolepsy, restless legs syndrome and tinea pedis under Signs and Symptoms, so their
    nodes are Phenotypes) that presents findings of its own."""
    return f"({node}:{_DISEASE} OR ({node}:{_PHENOTYPE} AND ({node})-[:{_PRESENTS}]->()))"



def presents_links() -> str:
    """Every active disease → finding link with its sources, the frequencies stated by the sources in
    ``$frequency_sources`` (whose evidence confidence is a share of patients, not a belief in the fact), and how
    many of its evidence statements there are and come from a page of NIH's rare-disease sites (URLs starting with
    one of ``$rare_sites``)."""
    evidence = f"(e:{EVIDENCE} {{rel_key: '{_PRESENTS}|' + d.id + '|' + f.id}}) WHERE e.retracted_at IS NULL"
    return (
        f"MATCH (d:{ENTITY})-[r:{_PRESENTS}]->(f:{ENTITY}) WHERE {_condition('d')} AND {is_active('r')} "
        f"RETURN d.id AS disease_id, d.name AS disease, coalesce(d.synonyms, []) AS disease_synonyms, "
        f"f.id AS finding_id, f.name AS finding, coalesce(f.synonyms, []) AS finding_synonyms, "
        f"coalesce(r.sources, []) AS sources, "
        f"COLLECT {{ MATCH {evidence} AND e.source IN $frequency_sources RETURN e.confidence }} AS stated, "
        f"COUNT {{ MATCH {evidence} }} AS evidence, "
        f"COUNT {{ MATCH {evidence} AND any(site IN $rare_sites WHERE e.url STARTS WITH site) }} AS rare_evidence"
    )


# how many distinct drugs the graph says treat, are indicated for or palliate the disease ``d``, or one of its subtypes
# up to ``SUBTYPE_DEPTH`` IS_A steps below it that presents no finding of its own (the diagnosis prior's count): the
# differential cannot show such a subtype, so the disease stands for it ("Meningitis" for bacterial meningitis, whose
# drugs are filed under it); a subtype with findings is a candidate itself and is not counted twice, which also keeps
# headings ("Heart Diseases") from taking their members' weight
SUBTYPE_DEPTH = 2
_TREATMENT_COUNT = (f"size(COLLECT {{ MATCH (d)<-[:{_IS_A}*0..{SUBTYPE_DEPTH}]-(kind:{ENTITY})"
                    f"<-[:{RelType.TREATS.value}|{RelType.INDICATED_FOR.value}|{RelType.PALLIATES.value}]-(drug) "
                    f"WHERE kind = d OR kind:{_DISEASE} AND NOT (kind)-[:{_PRESENTS}]->() RETURN DISTINCT drug.id }})")


def sex_specific_diseases() -> str:
    """Diseases presenting a finding that the hierarchy files under the diseases of one sex: ``$female`` or ``$male``
    heading ids (genital diseases, pregnancy), reached through IS_A edges of ``$hierarchy_source`` after at most one
    step of any source (a Disease Ontology term filed under a MeSH one) and never through ``$not_maternal`` (fetal
    diseases, veterinary abortion). A disease under both sexes' headings (syphilis, HIV) is returned as neither."""
    def under(headings: str) -> str:
        return (f"EXISTS {{ MATCH (d)-[:{_IS_A}*0..1]->(m:{ENTITY}) MATCH p = (m)-[:{_IS_A}*0..8]->(h:{ENTITY}) "
                f"WHERE h.id IN ${headings} AND all(r IN relationships(p) WHERE $hierarchy_source IN r.sources) "
                f"AND none(n IN nodes(p) WHERE n.id IN $not_maternal) }}")
    return (
        f"MATCH (d:{ENTITY}) WHERE {_condition('d')} AND (d)-[:{_PRESENTS}]->() "
        f"WITH d, {under('female')} AS female, {under('male')} AS male WHERE female <> male "
        f"RETURN d.id AS disease_id, CASE WHEN female THEN 'female' ELSE 'male' END AS sex"
    )


def diseases_among() -> str:
    """Which of the finding ids ``$ids`` are diseases too ("Conjunctivitis", a finding of measles and a disease of its
    own), with their names and how many drugs the graph says treat them."""
    return (
        f"MATCH (d:{ENTITY}) WHERE d.id IN $ids AND {_condition('d')} "
        f"RETURN d.id AS disease_id, d.name AS disease, coalesce(d.synonyms, []) AS disease_synonyms, "
        f"{_TREATMENT_COUNT} AS treatments"
    )


def treatment_counts() -> str:
    """How many drugs the graph says treat or are indicated for each disease that presents any finding, or for one of
    its subtypes."""
    return (
        f"MATCH (d:{ENTITY}) WHERE {_condition('d')} AND (d)-[:{_PRESENTS}]->() "
        f"RETURN d.id AS disease_id, {_TREATMENT_COUNT} AS treatments"
    )


def link_evidence() -> str:
    """Up to ``$limit`` evidence of each disease → finding pair in ``$pairs`` (``[disease_id, finding_id]``)."""
    return (
        f"UNWIND $pairs AS pair "
        f"OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: '{_PRESENTS}|' + pair[0] + '|' + pair[1]}}) "
        f"WHERE e.retracted_at IS NULL "
        f"WITH pair, e ORDER BY e.confidence DESC "
        f"RETURN pair[0] AS disease_id, pair[1] AS finding_id, collect(e {{.source, .document_id, .text, .url, "
        f".confidence, .kind, .extractor, .extractor_version}})[..$limit] AS evidence"
    )


def _relation_evidence(rel: str) -> str:
    """Up to three active evidence of relationship ``rel`` (looked up by ``rel_key``), best first."""
    return (
        f"COLLECT {{ MATCH (e:{EVIDENCE} {{rel_key: type({rel}) + '|' + startNode({rel}).id + '|' + endNode({rel}).id}}) "
        f"WHERE e.retracted_at IS NULL RETURN e {{.source, .document_id, .text, .url, .section, .kind, "
        f".confidence, .extractor, .extractor_version}} "
        f"ORDER BY e.confidence DESC LIMIT 3 }}"
    )


# Note analysis -------------------------------------------------------------------------------------------------
NOTE_LABELS = (NodeLabel.DISEASE, NodeLabel.PHENOTYPE, NodeLabel.ADVERSE_EVENT, NodeLabel.DRUG, NodeLabel.DRUG_CLASS)
_TREATING = "|".join(t.value for t in (RelType.TREATS, RelType.INDICATED_FOR, RelType.PALLIATES))


def note_lexicon() -> str:
    """Names and synonyms of every entity a note can mention (problems and drugs), for the note tagger; a drug is
    ``therapeutic`` when the graph says what it treats or which drug class it belongs to, or it is a kind of a drug
    that treats something (a combination product, "Trimethoprim-Sulfamethoxazole Combination" IS_A Sulfamethoxazole,
    that the graph links to nothing itself)."""
    labels = " OR ".join(f"n:{label.value}" for label in NOTE_LABELS)
    return (f"MATCH (n:{ENTITY}) WHERE {labels} "
            f"RETURN n.id AS id, [x IN labels(n) WHERE x <> '{ENTITY}'] AS labels, n.name AS name, "
            f"coalesce(n.synonyms, []) AS synonyms, "
            f"(EXISTS {{ (n)-[:{_TREATING}|{RelType.HAS_CLASS.value}|{RelType.CONTRAINDICATED_FOR.value}]->() }} "
            f"OR (n:{NodeLabel.DRUG.value} AND EXISTS {{ (n)-[:{RelType.IS_A.value}]->(:{NodeLabel.DRUG.value})"
            f"-[:{_TREATING}]->() }})) AS therapeutic")


def evidence_counts() -> str:
    """Active evidence on each entity's relationships, for the ids in ``$ids``."""
    return (f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) "
            f"RETURN n.id AS id, reduce(total = 0, r IN [(n)-[r]-(:{ENTITY}) WHERE {is_active('r')} | r] | "
            f"total + coalesce(r.evidence_count, 0)) AS evidence_count")


def relations_between(types: tuple[RelType, ...]) -> str:
    """Active relationships of ``types`` from an id in ``$heads`` to an id in ``$tails``, with their best evidence."""
    joined = "|".join(t.value for t in types)
    return (
        f"MATCH (h:{ENTITY})-[r:{joined}]->(t:{ENTITY}) WHERE h.id IN $heads AND t.id IN $tails AND h <> t "
        f"AND {is_active('r')} "
        f"RETURN h.id AS head, h.name AS head_name, type(r) AS type, t.id AS tail, t.name AS tail_name, "
        f"{_relation_evidence('r')} AS evidence"
    )


def effects_among_problems() -> str:
    """Active CAUSES from the drugs ``$drugs`` to a disease that one of the note's ``$problems`` is, or is a kind of
    (up to two IS_A steps up: the melena of a note is a gastrointestinal hemorrhage a label names), leaving out a
    drug that also treats, palliates or is indicated for that problem; with evidence, the closest effect first."""
    return (
        f"UNWIND $problems AS pid MATCH (p:{ENTITY} {{id: pid}}) "
        f"MATCH path = (p)-[:{RelType.IS_A.value}*0..2]->(effect:{NodeLabel.DISEASE.value}) "
        f"MATCH (d:{ENTITY})-[r:{RelType.CAUSES.value}]->(effect) WHERE d.id IN $drugs AND {is_active('r')} "
        f"AND NOT EXISTS {{ (d)-[:{_TREATING}]->(p) }} "
        f"WITH d, p, effect, r, min(length(path)) AS steps "
        f"RETURN d.id AS drug, d.name AS drug_name, p.id AS problem, p.name AS problem_name, "
        f"effect.name AS effect, steps, {_relation_evidence('r')} AS evidence ORDER BY steps"
    )


def _epc_statements(drug: str) -> str:
    """The DrugCentral evidence of ``HAS_CLASS`` from ``drug`` to ``c`` that states the class type ``EPC``."""
    return (
        f"COLLECT {{ MATCH (e:{EVIDENCE} {{rel_key: '{RelType.HAS_CLASS.value}|' + {drug}.id + '|' + c.id}}) "
        f"WHERE e.retracted_at IS NULL AND e.text CONTAINS ' EPC ' "
        f"RETURN e {{.source, .document_id, .text, .url, .kind}} }}"
    )


def shared_classes() -> str:
    """Pairs of drugs in ``$ids`` that share an FDA Established Pharmacologic Class: a ``HAS_CLASS`` whose
    DrugCentral evidence states the type ``EPC`` for both drugs (not MeSH's broad pharmacological actions), with
    those statements."""
    return (
        f"MATCH (a:{ENTITY})-[r1:{RelType.HAS_CLASS.value}]->(c:{ENTITY})<-[r2:{RelType.HAS_CLASS.value}]-"
        f"(b:{ENTITY}) WHERE a.id IN $ids AND b.id IN $ids AND a.id < b.id AND {is_active('r1')} "
        f"AND {is_active('r2')} "
        f"WITH a, b, c, {_epc_statements('a')} AS of_a, {_epc_statements('b')} AS of_b "
        f"WHERE size(of_a) > 0 AND size(of_b) > 0 "
        f"RETURN a.id AS a, a.name AS a_name, b.id AS b, b.name AS b_name, c.id AS class_id, c.name AS class_name, "
        f"of_a + of_b AS evidence"
    )


def allergy_matches() -> str:
    """Drugs in ``$ids`` that are, belong to a class of, or are a kind of (``IS_A`` up to 3 steps) an allergen in
    ``$allergens``."""
    return (
        f"MATCH (d:{ENTITY}) WHERE d.id IN $ids "
        f"MATCH (a:{ENTITY}) WHERE a.id IN $allergens "
        f"OPTIONAL MATCH path = (d)-[:{RelType.HAS_CLASS.value}|{RelType.IS_A.value}*1..3]->(a) "
        f"WITH d, a, path WHERE d = a OR path IS NOT NULL "
        f"RETURN d.id AS drug, d.name AS drug_name, a.id AS allergen, a.name AS allergen_name, "
        f"[n IN nodes(path) | n.name] AS via"
    )


def treating_drugs() -> str:
    """For each disease in ``$diseases``, which drugs in ``$drugs`` treat, palliate or are indicated for it, for a
    kind of it (``IS_A`` up to 2 steps down) or for what it is a kind of (up to 2 steps up). A drug named in
    ``$names`` (lower case) also counts through the products of its family ("insulin" → "insulin glargine")."""
    return (f"UNWIND $diseases AS disease MATCH (p:{ENTITY} {{id: disease}}) "
            f"OPTIONAL MATCH (d:{ENTITY})-[r:{_TREATING}]->(t:{ENTITY}) "
            f"WHERE (d.id IN $drugs OR any(n IN $names WHERE toLower(d.name) STARTS WITH n + ' ')) "
            f"AND {is_active('r')} "
            f"AND (t = p OR (t)-[:{RelType.IS_A.value}*1..2]->(p) OR (p)-[:{RelType.IS_A.value}*1..2]->(t)) "
            f"RETURN disease, collect(DISTINCT d.id) AS drugs")


# MeSH's "Disease" (C23's "Pathologic Processes" child that the disease categories hang from) and the C23 root:
# a problem reaching the root without going through a disease category ("Inflammation", "Hemorrhage", "Syndrome")
# is a process or a finding, not a disease to suggest treatment for.
DISEASE_ROOT = "MESH:D004194"
GENERAL_PROCESS_ROOT = "MESH:D013568"


def problem_roles() -> str:
    """For each id in ``$ids``: ``general`` when it is no kind of a disease category (every IS_A path ends at the
    pathologic-process root without passing a category under "Disease"), and ``has_listed_kind`` when another id
    of ``$ids`` is a kind of it (up to 3 steps: "type 2 diabetes" for "diabetes")."""
    is_a = RelType.IS_A.value
    return (f"UNWIND $ids AS pid MATCH (p:{ENTITY} {{id: pid}}) "
            f"RETURN pid AS id, "
            f"NOT EXISTS {{ MATCH (p)-[:{is_a}*1..8]->(:{ENTITY})-[:{is_a}]->(:{ENTITY} {{id: '{DISEASE_ROOT}'}}) }} "
            f"AND NOT EXISTS {{ MATCH (p)-[:{is_a}*0..8]->(root:{ENTITY}) WHERE NOT (root)-[:{is_a}]->() "
            f"AND root.id <> '{GENERAL_PROCESS_ROOT}' }} AS general, "
            f"EXISTS {{ MATCH (o:{ENTITY})-[:{is_a}*1..3]->(p) WHERE o.id IN $ids AND o.id <> pid }} AS has_listed_kind")


# Patient review of treatment candidates (clinical.treatment) ------------------------------------------------------
def contraindications_for_conditions() -> str:
    """Active CONTRAINDICATED_FOR from the drugs ``$drugs`` to the patient's conditions ``$conditions`` or to what
    they are a kind of (up to two IS_A steps up), with evidence."""
    return (
        f"UNWIND $conditions AS condition_id MATCH (c:{ENTITY} {{id: condition_id}}) "
        f"MATCH (c)-[:{RelType.IS_A.value}*0..2]->(target:{ENTITY}) "
        f"MATCH (d:{ENTITY})-[r:{RelType.CONTRAINDICATED_FOR.value}]->(target) "
        f"WHERE d.id IN $drugs AND {is_active('r')} "
        f"RETURN DISTINCT d.id AS drug_id, c.name AS condition, target.name AS target, "
        f"{_relation_evidence('r')} AS evidence"
    )


def interactions_with_medications() -> str:
    """Active INTERACTS_WITH (either direction) between the drugs ``$drugs`` and the patient's ``$medications``."""
    return (
        f"MATCH (d:{ENTITY})-[r:{RelType.INTERACTS_WITH.value}]-(m:{ENTITY}) "
        f"WHERE d.id IN $drugs AND d.id <> m.id AND {is_active('r')} "
        f"AND (m.id IN $medications OR any(n IN $names WHERE toLower(m.name) STARTS WITH n + ' ')) "
        f"RETURN DISTINCT d.id AS drug_id, m.name AS medication, coalesce(r.sources, []) AS sources, "
        f"{_relation_evidence('r')} AS evidence"
    )


def label_warnings_of() -> str:
    """Label warnings of the drugs ``$drugs`` about the groups ``$populations``, from current (not superseded)
    labels, with the label's citation."""
    return (
        f"MATCH (w:{LABEL_WARNING}) WHERE w.drug_id IN $drugs AND w.population IN $populations "
        f"OPTIONAL MATCH (doc:{DOCUMENT} {{id: w.document_id}}) "
        f"WITH w, doc WHERE doc IS NULL OR (coalesce(doc.current, true) AND NOT coalesce(doc.deleted, false)) "
        f"RETURN w.drug_id AS drug_id, w.population AS population, w.kind AS kind, w.section AS section, "
        f"w.text AS text, w.document_id AS document_id, coalesce(doc.source, 'label') AS source, doc.url AS url, "
        f"doc.title AS title ORDER BY w.id"
    )


THERAPEUTIC_USES = "MESH:D045506"  # MeSH's "Therapeutic Uses" (D27.505.954): classes of drugs by what they are for


def class_siblings() -> str:
    """For each drug in ``$drugs``: whether it has a current label in the graph, and each of its classes by
    mechanism — an FDA Established Pharmacologic Class (DrugCentral states the type ``EPC``) or a MeSH pharmacological
    action that is no kind of "Therapeutic Uses" (``Serotonin Uptake Inhibitors``, not ``Anticholesteremic Agents``,
    whose members share a use, not a mechanism) — with at most ``$max_members`` members, together with the class's
    other members that have a current label (the drugs whose labels can speak for the class)."""
    has_label = LinkType.HAS_LABEL.value
    current = "coalesce(l.current, true) AND NOT coalesce(l.deleted, false)"
    return (
        f"MATCH (d:{ENTITY}) WHERE d.id IN $drugs "
        f"WITH d, EXISTS {{ MATCH (d)-[:{has_label}]->(l:{DOCUMENT}) WHERE {current} AND coalesce(l.complete, true) }} "
        f"AS labelled "
        f"MATCH (d)-[r:{RelType.HAS_CLASS.value}]->(c:{ENTITY}) WHERE {is_active('r')} "
        f"AND COUNT {{ (c)<-[:{RelType.HAS_CLASS.value}]-() }} <= $max_members "
        f"AND (size({_epc_statements('d')}) > 0 "
        f"OR NOT EXISTS {{ (c)-[:{RelType.IS_A.value}*1..8]->(:{ENTITY} {{id: '{THERAPEUTIC_USES}'}}) }}) "
        f"RETURN d.id AS drug_id, labelled, c.id AS class_id, c.name AS class_name, "
        f"COLLECT {{ MATCH (c)<-[:{RelType.HAS_CLASS.value}]-(s:{ENTITY})-[:{has_label}]->(l:{DOCUMENT}) "
        f"WHERE s <> d AND {current} RETURN DISTINCT s {{.id, .name}} }} AS siblings"
    )


def labelled_drugs() -> str:
    """Which of the drugs ``$drugs`` have a current (not superseded, not deleted) whole label in the graph (not only
    a section of one: ``ingest.readers.fda_ars`` documents are ``complete: false``)."""
    return (
        f"MATCH (d:{ENTITY})-[:{LinkType.HAS_LABEL.value}]->(l:{DOCUMENT}) WHERE d.id IN $drugs "
        f"AND coalesce(l.current, true) AND NOT coalesce(l.deleted, false) AND coalesce(l.complete, true) "
        f"RETURN DISTINCT d.id AS drug_id"
    )


def class_statement_warnings() -> str:
    """Warnings of the kinds ``$kinds`` (Boxed Warning, Contraindications, population sections) about the groups
    ``$populations`` whose text states one of the class phrases ``$patterns`` (``clinical.class_statements``), from
    current labels, with the stating drug's name."""
    return (
        f"MATCH (w:{LABEL_WARNING}) WHERE w.population IN $populations AND w.kind IN $kinds "
        f"AND any(p IN $patterns WHERE w.text =~ p) "
        f"OPTIONAL MATCH (doc:{DOCUMENT} {{id: w.document_id}}) "
        f"WITH w, doc WHERE doc IS NULL OR (coalesce(doc.current, true) AND NOT coalesce(doc.deleted, false)) "
        f"OPTIONAL MATCH (drug:{ENTITY} {{id: w.drug_id}}) "
        f"RETURN w.drug_id AS drug_id, drug.name AS drug_name, w.population AS population, w.kind AS kind, "
        f"w.section AS section, w.text AS text, w.document_id AS document_id, "
        f"coalesce(doc.source, 'label') AS source, doc.url AS url, doc.title AS title ORDER BY w.id"
    )


def drug_classes_of() -> str:
    """Names, synonyms and class names of the drugs ``$drugs`` (for allergy checks)."""
    return (
        f"MATCH (d:{ENTITY}) WHERE d.id IN $drugs "
        f"RETURN d.id AS drug_id, d.name AS name, coalesce(d.synonyms, []) AS synonyms, "
        f"COLLECT {{ MATCH (d)-[:{RelType.HAS_CLASS.value}]->(k:{ENTITY}) RETURN k.name }} AS classes"
    )


def dose_rules_of() -> str:
    """Drug ``$id``'s verbatim dosage texts from current (not superseded) labels, newest first, each with its label
    citation and its typed dose rules (the DoseRule nodes' properties, ``DoseRule.from_row``)."""
    link = LinkType
    return (
        f"MATCH (x:{DOSAGE_TEXT}) WHERE x.drug_id = $id "
        f"OR EXISTS {{ (x)-[:{link.DOSAGE_OF.value}]->(:{ENTITY} {{id: $id}}) }} "
        f"OPTIONAL MATCH (d:{DOCUMENT})-[:{link.HAS_DOSAGE.value}]->(x) "
        f"WITH x, d WHERE d IS NULL OR (coalesce(d.current, true) AND NOT coalesce(d.deleted, false)) "
        f"RETURN x.id AS id, x.text AS text, x.title AS heading, coalesce(d.id, x.document_id) AS document_id, "
        f"d.title AS title, coalesce(x.set_id, d.set_id) AS set_id, coalesce(x.version, d.version) AS version, "
        f"toString(d.published) AS published, d.url AS url, d.source AS source, "
        f"COLLECT {{ MATCH (x)-[:{link.STATES_RULE.value}]->(r:{DOSE_RULE}) RETURN properties(r) }} AS rules "
        f"ORDER BY published DESC, document_id, x.position LIMIT $limit"
    )


def interaction_statements_of() -> str:
    """The Drug Interactions statements of the labels of the patient's ``$medications`` (or of their salts: a label
    drug whose name starts with one of ``$names``, "Lithium Carbonate" for "lithium"), from current labels. They often
    name a class ("Diuretics, NSAID … may increase lithium serum concentrations")."""
    return (
        f"MATCH (m:{ENTITY})-[:{LinkType.HAS_LABEL.value}]->(l:{DOCUMENT}) "
        f"WHERE (m.id IN $medications OR any(n IN $names WHERE toLower(m.name) STARTS WITH n + ' ')) "
        f"AND coalesce(l.current, true) "
        f"MATCH (e:{EVIDENCE} {{document_id: l.id}}) WHERE e.rel_type = '{RelType.INTERACTS_WITH.value}' "
        f"AND e.retracted_at IS NULL "
        f"RETURN DISTINCT m.id AS drug_id, m.name AS medication, e.text AS text, l.source AS source, "
        f"l.id AS document_id, "
        f"l.url AS url, e.section AS section"
    )
