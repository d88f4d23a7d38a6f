"""Identity resolution: from the sources' concepts to one canonical id per real-world thing.

The merge rules (also in docs/schema.md, "Curated imports"):

1. A MeSH descriptor is always its own canonical entry (``MESH:D…``), kind from its tree numbers.
2. A DO term merges into a MeSH Disease descriptor when the mapping is one-to-one: the DOID has exactly one MeSH
   descriptor xref (``MESH:D…``; supplementary ``MESH:C…`` xrefs do not count) (or a hand-made DO-slim-to-mesh mapping, which then counts alone), and no other such DOID claims that
   descriptor — or, if several do, this DOID is the only one with a hand-made mapping to it, or else the only one
   whose name or exact synonym equals the descriptor's name. One-to-many and ambiguous many-to-one DOIDs stay
   their own entries (``DOID:…``) and keep the MeSH ids as plain cross-references.
3. A DrugCentral drug merges into a MeSH Drug descriptor under the same one-to-one rule (a descriptor newer than
   MeSH 2015 becomes the canonical id itself); else it is keyed by its
   single MeSH supplementary record (``MESH:C…``), else its DrugBank id, else ``DRUGCENTRAL:<id>``. A DrugBank id
   becomes an alias only when the drug has exactly one (DrugCentral lists salicylic acid's DB00936 under aspirin);
   otherwise it is held back until a source names it, and attaches only if that name is one of the drug's names.
4. Every other id of a concept (UMLS, OMIM, RxNorm, ChEBI, PubChem, alt DOIDs …) becomes an alias of its
   canonical entry. An alias is looked up per kind: ``UMLS:C0020538`` is both the Hetionet side effect
   "Hypertension" (AdverseEvent) and an xref of the DO disease; entries are never merged across kinds.
5. Concepts of later sources (Hetionet, SIDER, PharmacotherapyDB, training annotations) attach to the entry
   their id already resolves to (same kind), else become a new entry with their own id. A training-annotation id
   we do not know (a newer MeSH id) whose mention texts are names of exactly one entry of that kind becomes an
   alias of that entry. An id is never two entries: a concept whose id is already an entry of another kind
   (DrugCentral calls MeSH "Delayed-Action Preparations" a class; MeSH files it under drugs) joins that entry.
6. A drug or drug class that rules 3–5 leave unresolved (an FDA/NDF-RT or ChEBI class, a DrugBank-only compound)
   joins the MeSH entry of the same kind whose name or synonym is the same (case, punctuation, spaces and a
   final plural s ignored), when exactly one has it: NDF-RT "Diuretics" and MeSH "Diuretics" are one class. A
   class may also join a MeSH chemical-group entry filed under drugs ("Macrolides"); the node keeps MeSH's kind.
7. Name match (after rules 1–6, before the training annotations): two entries of the same kind (Disease, Drug or
   DrugClass) whose *preferred* names fold to the same text become one when they do not conflict: for every
   vocabulary (id prefix; MeSH descriptors ``MESH:D…`` and supplementary records ``MESH:C…`` count as two) in
   which both have ids (own id and cross-references), they share at least one. The entry kept is the preferred
   one (MeSH, then DOID, DrugBank …); the other's id becomes its alias. So DO "aortic aneurysm" (xrefs
   MESH:D001014 and D001019) joins MeSH "Aortic Aneurysm", DrugCentral's "carbon dioxide" keyed by DrugBank
   joins MeSH "Carbon Dioxide"; two genes named FFAR2 (different Entrez ids), DO "bulimia nervosa" (xref MeSH
   "Bulimia", not "Bulimia Nervosa") or a second DOID for a descriptor that already has one stay apart.
   Pathways are not merged by name (Pathway Commons and WikiPathways curate different gene sets).
8. MeSH 2024 (after rules 1–6, before rule 7): a descriptor's entry terms (all its concepts' terms, without NLM's
   word-order permutations) are names of the entry its id resolves to. A descriptor newer than MeSH 2015 that
   no id resolves joins the one Drug, DrugClass or Disease entry one of its terms names: an entry keyed by a
   2015 supplementary record that MeSH 2024 no longer has is re-keyed to the descriptor (gabapentin
   ``MESH:C040029`` → ``MESH:D000077206``, the old id an alias); any other such entry takes the descriptor as an
   alias; a 2015 descriptor never does (a newer descriptor split from it is another thing).
9. A MeSH 2024 supplementary concept record (``MESH:C…``) joins the entry its id already resolves to (a
   DrugCentral drug keyed or cross-referenced by it), else becomes its own entry: a Drug when one of the
   descriptors it is heading-mapped to is a Drug or DrugClass, else a Disease when one is a Disease. It never
   becomes an alias of those descriptors: a heading mapping says "indexed under", not "the same thing" (crocin
   is not Carotenoids). Records mapped to nothing we model
   (organisms, protocols) are skipped. Rule 7 then merges same-named entries (a DrugBank-keyed "lometrexol"
   joins its record), keeping a descriptor over a record.
10. One node per condition (after rule 7: its own name merges come first): a side effect (SIDER/Hetionet ``AdverseEvent``,
   MedDRA names keyed by UMLS) or a non-MeSH symptom joins the Disease or Phenotype entry that is the same
   condition — the one entry of those kinds that lists its id as a cross-reference (DO gives diseases their UMLS
   ids), else the one disease or MeSH symptom whose preferred name is its name, else the one MeSH descriptor of
   those kinds with its name as an entry term ("Cardiac failure" is an entry term of Heart Failure); where a step
   finds several, the one of them that also has its name. The entry keeps its kind and records the side effect's kind in ``also``, so a
   lookup of the side effect's id *as a side effect* still finds it; the UMLS id becomes an alias. Several
   candidates: no merge. A DO disease left unmerged by rules 2 and 7 joins the one MeSH symptom of its preferred
   name (DO "constipation", "purpura"). So "side effects of X" and a differential count one Heart Failure, not two.
11. Brand names of single-ingredient FDA-labelled products (after rule 10): a brand is a name of the one Drug entry
   its ingredient resolves to — by the ingredient's UNII where the source gives it, else by the generic name as
   written or without its salt ("ABACAVIR SULFATE" → abacavir) — unless the brand already names another entry
   (of any kind) or the ingredient resolves to none or several. "Lipitor" is a name of atorvastatin; a brand of
   two drugs is never added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from graph.models import NodeLabel
from vocabulary.annotations import AnnotatedName
from vocabulary.concepts import BrandName, Concept, MeshRecord
from vocabulary.normalize import chemical_variants, fold, name_variants, tight

# BC5CDR's annotation guidelines (chemical-induced disease, MeSH 2015-era ids) are the ones our mentions follow
# most closely; NCBI-disease and BioRED votes count half when they disagree (chosen on BC5CDR dev, not test).
ANNOTATION_WEIGHTS = {"bc5cdr": 1.0, "ncbi-disease": 0.5, "biored": 0.5}
# Rule 6: kind of an unresolved concept → kinds of MeSH entries it may join by name. MeSH files chemical groups
# ("Macrolides", "Barbiturates") under drugs, so a class may join a MeSH drug entry.
NAME_MERGE_TARGETS = {
    NodeLabel.DRUG: (NodeLabel.DRUG,), NodeLabel.DRUG_CLASS: (NodeLabel.DRUG_CLASS, NodeLabel.DRUG),
}
PREFIX_PREFERENCE = ("MESH", "DOID", "DRUGBANK", "NCBIGENE", "UMLS")
# Rule 7: kinds whose entries merge by preferred name when their ids do not conflict.
NAME_MATCH_KINDS = (NodeLabel.DISEASE, NodeLabel.DRUG, NodeLabel.DRUG_CLASS)
# Rule 10: kinds that join a condition entry, and the kinds of entry they may join.
CONDITION_JOINERS = (NodeLabel.ADVERSE_EVENT, NodeLabel.PHENOTYPE)
CONDITION_KINDS = (NodeLabel.DISEASE, NodeLabel.PHENOTYPE)
MESH_2024 = "mesh-2024"  # the source name of rules 8 and 9


@dataclass
class Entry:
    """One canonical thing; mutable while the vocabulary is built, then treated as read-only."""

    id: str
    label: NodeLabel
    name: str
    synonyms: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    also: list[NodeLabel] = field(default_factory=list)  # further kinds of the same thing (rule 10)

    def is_kind(self, label: NodeLabel) -> bool:
        return self.label is label or label in self.also

    def add_names(self, names: Iterable[str]) -> None:
        known = {self.name.casefold(), *(s.casefold() for s in self.synonyms)}
        for name in names:
            if name and name.casefold() not in known:
                known.add(name.casefold())
                self.synonyms.append(name)

    def absorb(self, concept: Concept, include_name: bool = True) -> None:
        self.add_names(([concept.name] if include_name else []) + list(concept.synonyms))
        for xref in (concept.id, *concept.xrefs):
            if xref != self.id and xref not in self.xrefs:
                self.xrefs.append(xref)
        if concept.source not in self.sources:
            self.sources.append(concept.source)


@dataclass
class IdentityStats:
    merged_doid_mesh: int = 0
    unmerged_doid_one_to_many: int = 0
    unmerged_doid_many_to_one: int = 0
    merged_drug_mesh: int = 0
    ambiguous_aliases: int = 0
    kind_conflicts: int = 0
    merged_by_name: int = 0
    name_conflicts: int = 0
    newer_descriptors_joined: int = 0
    supplementary_entries: int = 0
    merged_conditions: int = 0
    ambiguous_conditions: int = 0
    brand_names: int = 0
    brand_names_skipped: int = 0


class IdentityResolver:
    """Collects entries and aliases by the rules above; ``resolve`` is the per-kind alias lookup."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.aliases: dict[str, list[str]] = defaultdict(list)
        self.held_back: dict[str, list[str]] = defaultdict(list)  # ambiguous xref → entries that list it
        self._mesh_names: dict[tuple[NodeLabel, str], list[str]] | None = None
        self.stats = IdentityStats()

    # lookups -------------------------------------------------------------------------------------------------
    def resolve(self, any_id: str, label: NodeLabel | None = None) -> str | None:
        for canonical in self.aliases.get(any_id, ()):
            if label is None or self.entries[canonical].is_kind(label):
                return canonical
        return None

    def _add_alias(self, alias: str, canonical: str) -> None:
        targets = self.aliases[alias]
        if canonical in targets:
            return
        label = self.entries[canonical].label
        if any(self.entries[t].label is label for t in targets):
            self.stats.ambiguous_aliases += 1
        targets.append(canonical)

    def _new_entry(self, entry_id: str, concept: Concept) -> Entry:
        entry = Entry(entry_id, concept.label, concept.name)
        self.entries[entry_id] = entry
        self._add_alias(entry_id, entry_id)
        return entry

    def _attach(self, entry: Entry, concept: Concept, aliases: Iterable[str]) -> None:
        entry.absorb(concept, include_name=concept.name != entry.name)
        for alias in aliases:
            if alias not in self.entries or alias == entry.id:
                self._add_alias(alias, entry.id)

    # rules ---------------------------------------------------------------------------------------------------
    def add_mesh(self, concepts: Iterable[Concept]) -> None:
        for concept in concepts:
            entry = self._new_entry(concept.id, concept)
            entry.sources.append(concept.source)

    def add_disease_ontology(self, concepts: list[Concept]) -> None:
        claims: dict[str, list[Concept]] = defaultdict(list)
        for concept in concepts:
            mesh_ids = [concept.curated_mesh] if concept.curated_mesh else [
                x for x in concept.xrefs if x.startswith("MESH:D")]
            if len(mesh_ids) == 1 and self._is(mesh_ids[0], NodeLabel.DISEASE):
                claims[mesh_ids[0]].append(concept)
            elif len(mesh_ids) > 1:
                self.stats.unmerged_doid_one_to_many += 1
        merged: dict[str, str] = {}
        for mesh_id, claimants in claims.items():
            winner = _single_name_match(self.entries[mesh_id].name, claimants)
            if winner is not None:
                merged[winner.id] = mesh_id
            self.stats.unmerged_doid_many_to_one += len(claimants) - (winner is not None)
        self.stats.merged_doid_mesh += len(merged)
        for concept in concepts:
            entry = self.entries.get(merged.get(concept.id, "")) or self._new_entry(concept.id, concept)
            aliases = [concept.id] + [x for x in concept.xrefs if not x.startswith("MESH:")]
            self._attach(entry, concept, aliases)

    def add_drugcentral(self, concepts: list[Concept]) -> None:
        claims = Counter(x for c in concepts for x in set(c.xrefs) if x.startswith("MESH:"))
        for concept in concepts:
            entry_id = self._drug_canonical(concept, claims)
            entry = self.entries.get(entry_id) or self._new_entry(entry_id, concept)
            if entry.id.startswith("MESH:D"):
                self.stats.merged_drug_mesh += entry.id != concept.id
            drugbank = [x for x in concept.xrefs if x.startswith("DRUGBANK:")]
            aliases = [concept.id] + [
                x for x in concept.xrefs
                if (not x.startswith("MESH:D") or x == entry.id) and (len(drugbank) == 1 or x not in drugbank)
            ]
            self._attach(entry, concept, aliases)
            if len(drugbank) > 1:
                for xref in drugbank:
                    self.held_back[xref].append(entry.id)

    def _drug_canonical(self, concept: Concept, claims: Counter[str]) -> str:
        descriptors = [x for x in concept.xrefs if x.startswith("MESH:D")]
        if len(descriptors) == 1 and claims[descriptors[0]] == 1 and (
            descriptors[0] not in self.entries or self._is(descriptors[0], NodeLabel.DRUG)
        ):
            return descriptors[0]
        supplementary = [x for x in concept.xrefs if x.startswith("MESH:C")]
        if len(supplementary) == 1 and claims[supplementary[0]] == 1 and supplementary[0] not in self.entries:
            return supplementary[0]
        drugbank = [x for x in concept.xrefs if x.startswith("DRUGBANK:")]
        if len(drugbank) == 1 and self.resolve(drugbank[0], NodeLabel.DRUG) is None:
            return drugbank[0]
        return concept.id

    def add_concepts(self, concepts: Iterable[Concept]) -> None:
        """Rule 5: attach to the entry the id already resolves to, else a new entry."""
        for concept in concepts:
            canonical = (self.resolve(concept.id, concept.label) or self._confirmed_by_name(concept)
                         or self._same_named_mesh(concept))
            if canonical is None and concept.id in self.entries:  # the id is taken by an entry of another kind
                self.stats.kind_conflicts += 1
                canonical = concept.id
            entry = self.entries[canonical] if canonical else self._new_entry(concept.id, concept)
            self._attach(entry, concept, [concept.id, *concept.xrefs])

    def add_names_only(self, concepts: Iterable[Concept]) -> None:
        """Extra names for entries that the concept's id already resolves to (same kind); nothing new is made."""
        for concept in concepts:
            canonical = self.resolve(concept.id, concept.label)
            if canonical is not None:
                self.entries[canonical].add_names([concept.name, *concept.synonyms])

    def add_brand_names(self, brands: Iterable[BrandName]) -> None:
        """Rule 11: a single-ingredient product's brand is a name of its ingredient's one Drug entry."""
        drugs = self._names_by_label()
        named: dict[str, set[str]] = defaultdict(set)
        for (_, text), ids in drugs.items():
            named[text].update(ids)
        for brand in brands:
            target = self._brand_target(brand, drugs)
            others = named.get(tight(brand.brand), set()) - ({target} if target else set())
            if target is None or others or tight(brand.brand) == tight(brand.generic):
                self.stats.brand_names_skipped += 1
                continue
            entry = self.entries[target]
            if brand.brand.casefold() not in {n.casefold() for n in (entry.name, *entry.synonyms)}:
                entry.add_names([brand.brand])
                named[tight(brand.brand)].add(target)
                self.stats.brand_names += 1

    def _brand_target(self, brand: BrandName, drugs: dict[tuple[NodeLabel, str], list[str]]) -> str | None:
        if brand.unii and (found := self.resolve(f"UNII:{brand.unii}", NodeLabel.DRUG)) is not None:
            return found
        for text in (fold(brand.generic), *chemical_variants(fold(brand.generic))):
            ids = set(drugs.get((NodeLabel.DRUG, tight(text)), ()))
            if ids:
                return ids.pop() if len(ids) == 1 else None
        return None

    def merge_conditions(self) -> None:
        """Rule 10: a DO disease joins the MeSH symptom of its name; then a side effect or non-MeSH symptom joins the
        one Disease/Phenotype entry that is the same condition (by cross-reference, else by name or entry term)."""
        symptoms: dict[str, set[str]] = defaultdict(set)  # MeSH symptoms by name, inverted names re-ordered
        for entry in self.entries.values():
            if entry.label is NodeLabel.PHENOTYPE and entry.id.startswith("MESH:D"):
                for name in (entry.name, *name_variants(entry.name)):
                    symptoms[fold(name)].add(entry.id)
        merged: dict[str, str] = {}
        for entry_id, target in self._doid_symptoms(symptoms).items():  # DO "constipation" is MeSH's symptom
            merged[entry_id] = self._join_condition(self.entries[entry_id], target)
        self._repoint(merged)
        preferred, terms = self._condition_names()
        joined: dict[str, str] = {}
        for entry in list(self.entries.values()):
            if entry.label in CONDITION_JOINERS and not entry.id.startswith("MESH:"):
                target = self._condition_target(entry, preferred, terms)
                if target is not None:
                    joined[entry.id] = self._join_condition(entry, target)
        self._repoint(joined)
        self.stats.merged_conditions += len(merged) + len(joined)

    def _doid_symptoms(self, symptoms: dict[str, set[str]]) -> dict[str, str]:
        """DO diseases rule 2 left alone because their MeSH descriptor is filed as a symptom: each joins the MeSH
        symptom that is its one descriptor cross-reference when one of its names is a name or entry term of that
        descriptor, the only such claimant ("progressive supranuclear palsy" ``DOID:678`` → "Supranuclear Palsy,
        Progressive" ``MESH:D013494``); else the one MeSH symptom of its name, inverted names re-ordered, or of its
        exact synonyms when its name is none."""
        claims: dict[str, list[Entry]] = defaultdict(list)
        alone = [e for e in self.entries.values() if e.label is NodeLabel.DISEASE and e.id.startswith("DOID:")]
        for entry in alone:
            descriptors = [x for x in dict.fromkeys(entry.xrefs) if x.startswith("MESH:D")]
            if len(descriptors) == 1 and self._is(descriptors[0], NodeLabel.PHENOTYPE):
                claims[descriptors[0]].append(entry)
        targets: dict[str, str] = {}
        for descriptor, claimants in claims.items():
            mesh = self.entries[descriptor]
            names = {fold(n) for n in (mesh.name, *name_variants(mesh.name), *mesh.synonyms)}
            named = [c for c in claimants if names & {fold(n) for n in (c.name, *c.synonyms)}]
            if len(named) == 1:  # the cross-reference and a name agree (DO's "obstructive sleep apnea" lists
                targets[named[0].id] = descriptor  # "Sleep Apnea Syndromes": no name of it, no merge)
        for entry in alone:
            named = symptoms.get(fold(entry.name), set()) or {
                target for synonym in entry.synonyms for target in symptoms.get(fold(synonym), ())}
            if entry.id not in targets and len(named) == 1:  # by its name, else by its exact synonyms (DO's "benign
                targets[entry.id] = next(iter(named))  # paroxysmal positional nystagmus" lists "… vertigo")
        return targets

    def _condition_names(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Folded preferred names of diseases and MeSH symptoms, and entry terms of MeSH condition descriptors."""
        preferred: dict[str, set[str]] = defaultdict(set)
        terms: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            mesh_condition = entry.label in CONDITION_KINDS and entry.id.startswith("MESH:D")
            if entry.label is NodeLabel.DISEASE or mesh_condition:
                preferred[fold(entry.name)].add(entry.id)
            if mesh_condition:
                for name in entry.synonyms:
                    terms[fold(name)].add(entry.id)
        return preferred, terms

    def _join_condition(self, entry: Entry, target: str) -> str:
        """``entry`` becomes part of ``target``: names, ids, sources and its kinds; returns ``target``."""
        keeper = self.entries[target]
        keeper.add_names([entry.name, *entry.synonyms])
        keeper.xrefs.extend(x for x in dict.fromkeys((entry.id, *entry.xrefs)) if x != keeper.id and x not in keeper.xrefs)
        keeper.sources.extend(s for s in entry.sources if s not in keeper.sources)
        for label in (entry.label, *entry.also):
            if not keeper.is_kind(label):
                keeper.also.append(label)
        del self.entries[entry.id]
        return target

    def _condition_target(self, entry: Entry, preferred: dict[str, set[str]], terms: dict[str, set[str]]) -> str | None:
        """The one condition entry listing the id, else the one disease or descriptor so named, else the one
        descriptor with that entry term; at a step that finds several, the one of them that also has the name;
        ``None`` when there is none or it stays ambiguous."""
        name = fold(entry.name)
        named = preferred.get(name, set()) | terms.get(name, set())
        for candidates in ({t for t in self.aliases.get(entry.id, ()) if t != entry.id and t in self.entries
                            and self.entries[t].label in CONDITION_KINDS},
                           preferred.get(name, set()), terms.get(name, set())):
            if len(candidates) > 1:
                candidates = candidates & named
            if len(candidates) == 1:
                return next(iter(candidates))
            if candidates:
                self.stats.ambiguous_conditions += 1
                return None
        return None

    def add_mesh_entry_terms(self, records: Iterable[MeshRecord], current_records: Collection[str]) -> None:
        """Rule 8: MeSH 2024 entry terms as names; newer descriptors join the one entry a term of theirs names."""
        newer: list[MeshRecord] = []
        for record in records:
            canonical = self.resolve(record.id)
            if canonical is None:
                newer.append(record)
            else:
                self._add_mesh_names(self.entries[canonical], record)
        names = self._names_by_label()
        rekeyed: dict[str, str] = {}
        for record in newer:
            matches = {rekeyed.get(i, i) for text in {tight(t) for t in (record.name, *record.terms)}
                       for label in NAME_MATCH_KINDS for i in names.get((label, text), ())}
            if len(matches) != 1 or (entry_id := matches.pop()).startswith("MESH:D"):
                continue
            entry = self.entries[entry_id]
            if entry_id.startswith("MESH:C") and entry_id not in current_records:
                self._rekey(entry, record.id)
                rekeyed[entry_id] = record.id
            else:
                self._add_alias(record.id, entry_id)
                entry.xrefs.append(record.id)
            self._add_mesh_names(entry, record)
        self._repoint(rekeyed)
        self.stats.newer_descriptors_joined += len(newer) - sum(1 for r in newer if self.resolve(r.id) is None)

    def add_supplementary_records(self, records: Iterable[MeshRecord], kinds: Collection[NodeLabel]) -> None:
        """Rule 9: a supplementary record joins the entry its id resolves to, else is its own entry."""
        for record in records:
            label = self._supplementary_label(record)
            if label is None or label not in kinds:
                continue
            canonical = self.resolve(record.id)
            if canonical is None:
                entry = self._new_entry(record.id, Concept(record.id, label, record.name, MESH_2024))
                self.stats.supplementary_entries += 1
            else:
                entry = self.entries[canonical]
            self._add_mesh_names(entry, record)

    def _supplementary_label(self, record: MeshRecord) -> NodeLabel | None:
        labels = {self.entries[c].label for m in record.mapped if (c := self.resolve(m)) is not None}
        if labels & {NodeLabel.DRUG, NodeLabel.DRUG_CLASS}:
            return NodeLabel.DRUG
        return NodeLabel.DISEASE if NodeLabel.DISEASE in labels else None

    @staticmethod
    def _add_mesh_names(entry: Entry, record: MeshRecord) -> None:
        entry.add_names([record.name, *record.terms])
        if MESH_2024 not in entry.sources:
            entry.sources.append(MESH_2024)

    def _rekey(self, entry: Entry, new_id: str) -> None:
        """The entry's canonical id becomes ``new_id``; the old id stays as a cross-reference (the caller repoints
        the aliases)."""
        old_id = entry.id
        del self.entries[old_id]
        entry.id = new_id
        entry.xrefs[:] = [old_id, *(x for x in entry.xrefs if x not in (old_id, new_id))]
        self.entries[new_id] = entry
        self._add_alias(new_id, new_id)

    def add_annotations(self, annotations: Iterable[AnnotatedName]) -> dict[str, dict[str, float]]:
        """Training mentions → weighted counts per folded text; an unknown id becomes an entry named by its most
        frequent mention."""
        by_text: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        unknown: dict[tuple[str, NodeLabel], Counter[str]] = defaultdict(Counter)
        for annotation in annotations:
            canonical = self.resolve(annotation.id, None)
            if canonical is None:
                unknown[(annotation.id, annotation.label)][annotation.text] += 1
                canonical = annotation.id
            by_text[fold(annotation.text)][canonical] += ANNOTATION_WEIGHTS.get(annotation.corpus, 1.0)
        names = self._names_by_label()
        renamed: dict[str, str] = {}
        for (concept_id, label), texts in unknown.items():
            if concept_id in self.entries:
                continue
            name = texts.most_common(1)[0][0]
            concept = Concept(concept_id, label, name, "training-annotations", synonyms=tuple(texts))
            same_name = sorted({i for text in texts for i in names.get((label, tight(text)), [])})
            if len(same_name) > 1:  # "aripiprazole" is also a synonym of aripiprazole lauroxil: the entry so named
                written = {tight(text) for text in texts}
                same_name = [i for i in same_name if tight(self.entries[i].name) in written]
            if len(same_name) == 1:  # a newer MeSH id for a drug we know by name: alias, not a second entry
                self._attach(self.entries[same_name[0]], concept, [concept_id])
                renamed[concept_id] = same_name[0]
            else:
                self._new_entry(concept_id, concept).absorb(concept, include_name=False)
        for counts in by_text.values():
            for old, new in renamed.items():
                if old in counts:
                    counts[new] = counts.get(new, 0.0) + counts.pop(old)
        return by_text

    def merge_same_names(self) -> None:
        """Rule 7: entries of one kind with the same folded preferred name and no conflicting ids become one."""
        groups: dict[tuple[NodeLabel, str], list[str]] = defaultdict(list)
        for entry in self.entries.values():
            if entry.label in NAME_MATCH_KINDS and (key := fold(entry.name)):
                groups[(entry.label, key)].append(entry.id)
        merged: dict[str, str] = {}
        for ids in groups.values():
            if len(ids) < 2:
                continue
            keeper, *others = (self.entries[i] for i in sorted(ids, key=_preference))
            if any(_vocabulary(o.id) == _vocabulary(keeper.id) for o in others):
                self.stats.name_conflicts += 1  # two entries of the keeper's own vocabulary: ambiguous name
                continue
            for other in others:
                if conflicting_ids(keeper, other):
                    self.stats.name_conflicts += 1
                    continue
                keeper.add_names([other.name, *other.synonyms])
                keeper.xrefs.extend(x for x in dict.fromkeys((other.id, *other.xrefs))
                                    if x != keeper.id and x not in keeper.xrefs)
                keeper.sources.extend(s for s in other.sources if s not in keeper.sources)
                merged[other.id] = keeper.id
                del self.entries[other.id]
        self.stats.merged_by_name += len(merged)
        self._repoint(merged)

    def _repoint(self, merged: dict[str, str]) -> None:
        """Aliases and held-back ids of merged-away entries now lead to the entry that absorbed them."""
        if not merged:
            return
        for table in (self.aliases, self.held_back):
            for alias, targets in table.items():
                if any(t in merged for t in targets):
                    table[alias] = list(dict.fromkeys(merged.get(t, t) for t in targets))
        self._mesh_names = None

    def _names_by_label(self) -> dict[tuple[NodeLabel, str], list[str]]:
        names: dict[tuple[NodeLabel, str], list[str]] = defaultdict(list)
        for entry in self.entries.values():
            for name in {tight(n) for n in (entry.name, *entry.synonyms)}:
                names[(entry.label, name)].append(entry.id)
        return names

    def _same_named_mesh(self, concept: Concept) -> str | None:
        """Rule 6: a drug or drug class unknown by id joins the one MeSH entry of its kind with the same name."""
        targets = NAME_MERGE_TARGETS.get(concept.label)
        if not targets:
            return None
        if self._mesh_names is None:
            self._mesh_names = defaultdict(list)
            for entry in self.entries.values():
                if entry.id.startswith("MESH:") and entry.label in NAME_MERGE_TARGETS:
                    names = (entry.name, *name_variants(entry.name), *entry.synonyms)
                    for name in {tight(n) for n in names}:
                        self._mesh_names[(entry.label, name)].append(entry.id)
        name = tight(concept.name)
        for label in targets:  # the concept's own kind first
            matches = self._mesh_names.get((label, name), [])
            if matches:
                return matches[0] if len(matches) == 1 else None
        return None

    def _confirmed_by_name(self, concept: Concept) -> str | None:
        """A held-back xref attaches to the one entry that lists it and also has the concept's name."""
        name = fold(concept.name)
        matches = [
            entry_id for entry_id in self.held_back.get(concept.id, ())
            if name in {fold(n) for n in (self.entries[entry_id].name, *self.entries[entry_id].synonyms)}
        ]
        return matches[0] if len(matches) == 1 else None

    def _is(self, entry_id: str, label: NodeLabel) -> bool:
        entry = self.entries.get(entry_id)
        return entry is not None and entry.label is label

    def sorted_aliases(self) -> dict[str, tuple[str, ...]]:
        """Alias → canonical ids, best first: an entry's own id first, then by prefix preference."""
        return {
            alias: tuple(sorted(targets, key=lambda t: (t != alias, *_preference(t))))
            for alias, targets in self.aliases.items()
        }


def _preference(entry_id: str) -> tuple[int, bool, str]:
    """Prefix rank (MeSH first), a MeSH descriptor before a supplementary record, then the id."""
    prefix = entry_id.partition(":")[0]
    rank = PREFIX_PREFERENCE.index(prefix) if prefix in PREFIX_PREFERENCE else len(PREFIX_PREFERENCE)
    return rank, entry_id.startswith("MESH:C"), entry_id


def _vocabulary(entry_id: str) -> str:
    """The id system an id belongs to; MeSH descriptors (``MESH:D…``) and supplementary records (``MESH:C…``)
    are two."""
    prefix, _, local = entry_id.partition(":")
    return f"{prefix}:{local[:1]}" if prefix == "MESH" else prefix


def conflicting_ids(first: Entry, second: Entry) -> bool:
    """True when, in some id system where both entries have ids, they share none (rule 7)."""
    def by_vocabulary(entry: Entry) -> dict[str, set[str]]:
        ids: dict[str, set[str]] = defaultdict(set)
        for any_id in (entry.id, *entry.xrefs):
            ids[_vocabulary(any_id)].add(any_id)
        return ids

    ours, theirs = by_vocabulary(first), by_vocabulary(second)
    return any(not ours[v] & theirs[v] for v in ours.keys() & theirs.keys())


def _single_name_match(mesh_name: str, claimants: list[Concept]) -> Concept | None:
    if len(claimants) == 1:
        return claimants[0]
    curated = [c for c in claimants if c.curated_mesh]
    if len(curated) == 1:
        return curated[0]
    targets = {tight(mesh_name), *(tight(v) for v in name_variants(mesh_name))}
    matching = [c for c in claimants if targets & {tight(n) for n in (c.name, *c.synonyms)}]
    return matching[0] if len(matching) == 1 else None
