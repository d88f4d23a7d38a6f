"""Treatment candidates re-ranked for one patient: never silently — every change carries its reason and evidence.

The query layer ranks the drugs for a disease as for an average patient (``query.ranking``). Here each candidate is
checked against the patient (``clinical.patient.PatientContext``), with these rules and sources:

- **contraindicated-condition** (exclude): an active ``CONTRAINDICATED_FOR`` from the drug to one of the patient's
  conditions, or to what it is a kind of (two ``IS_A`` steps) — label Contraindications sections, DrugCentral;
- **allergy** (exclude): the drug's name, synonyms or classes (``HAS_CLASS``) name the allergen, or its label's
  Contraindications text names it;
- **interaction** (demote): an active ``INTERACTS_WITH`` between the drug and a current medication — label Drug
  Interactions sections (and any curated interaction source), with the interaction's evidence;
- **label-warning** on the patient's group (``graph.models.LabelWarning``: pregnancy, lactation, pediatric,
  geriatric, renal, hepatic): a Contraindications sentence naming the group excludes (a renal one whose stated
  eGFR/CrCl limit the patient is above only demotes); a Boxed Warning naming pregnancy excludes, naming another group
  demotes; a population section that says the drug is contraindicated, not recommended, to be avoided, can cause
  fetal harm, raises the risk of malformations in humans, or not established in children demotes; any other
  population text is a caution (kept in place).
- **class-…** (demote): where medkg holds no label of the drug, the labels of its class speak for it: when at least
  two, and at least half, of the labelled drugs of one of its specific classes (at most 40 members, not a broad one
  such as "Cardiovascular Agents") state the same reason as a contraindication or a boxed warning (the form FDA class
  labeling takes), the drug is demoted, citing them (levomilnacipran, no label here, for a child: 10 of 10 labelled
  Serotonin Uptake Inhibitors carry the pediatric Boxed Warning). An inference from the class, so never an exclusion.

Demoted candidates move below every candidate that is neither demoted nor excluded, in their blind order;
excluded ones leave the ranking and are listed in the review with their reasons.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from clinical import templates
from clinical.class_statements import class_statements, covered_classes
from clinical.models import PatientAction, PatientFlag, PatientReview, ReviewedCandidate
from clinical.patient import AgeGroup, HepaticImpairment, PatientContext
from clinical.patient_text import HEPATIC_CONDITION, RENAL_CONDITION
from clinical.pediatric_use import establishing_sentence
from graph.models import EvidenceKind, NodeLabel, Population, WarningKind
from query.messages import listed, say
from query.models import Answer, AnswerItem, EntityMatch, EvidenceRef
from query.safety import ReadOnlyRunner

Resolve = Callable[[ReadOnlyRunner, str, Sequence[NodeLabel]], EntityMatch | None]
RENAL_LIMIT = 60.0  # mL/min: below it the label's renal impairment text applies
SOURCES = ("CONTRAINDICATED_FOR relations (label Contraindications sections, DrugCentral) with their evidence",
           "INTERACTS_WITH relations (label Drug Interactions sections) with their evidence",
           "LabelWarning nodes (label Boxed Warning, Contraindications and population sections, verbatim)",
           "HAS_CLASS drug classes, drug names and synonyms (allergies)")
UNKNOWN = re.compile(r"not known (whether|if)|unknown whether|no (data|information)", re.I)
STRONG = re.compile(r"contraindicated|(may|can) cause (fetal )?harm|should not be (used|administered|given)|must not|not recommended|\bavoid|"
                    r"do not (use|administer)|fetal (toxicity|harm)|can cause fetal|category x|discontinue .{0,40}"
                    r"pregnan", re.I)
# a pregnancy section's human risk statement ("prenatal exposure to phenytoin may increase the risks for congenital
# malformations"), not one that denies, hedges or only reports animals ("have not identified an association … and an
# increased risk", "although early studies reported", "a small increase", "in rats")
TERATOGENIC = re.compile(r"(increases?|increased?) (in )?(the )?(risks?|incidences?|rates?) (of|for) [^.]{0,50}"
                         r"(malformations?|birth defects?|neural tube defects?)", re.I)
NOT_TERATOGENIC = re.compile(r"\b(no|not|nor|without|although|small|some|inconsistent|insufficient)\b|animal|"
                             r"\b(rats?|rabbits?|mice)\b", re.I)
NOT_ESTABLISHED = re.compile(r"(safety|effectiveness|efficacy)[^.]{0,60}(not|never) (been )?established", re.I)
LIMIT = re.compile(r"(?:egfr|crcl|creatinine clearance)[^.]{0,40}?(?:below|less than|under|<|≤)\s*(\d+)", re.I)
BROAD_CLASSES = {"enzyme inhibitor", "cardiovascular", "protease inhibitor", "membrane transport modulator",
                 "antihypertensive", "analgesic", "sensory system", "central nervous system", "anti inflammatory",
                 "vasodilator", "prodrug", "cytochrome p 450 enzyme inhibitor", "cytochrome p 450 cyp3a inhibitor",
                 "cytochrome p 450 cyp2d6 inhibitor", "antineoplastic", "anti infective", "anti bacterial",
                 "psychotropic", "neurotransmitter", "central nervous system depressant"}  # as _words
ORDER = {PatientAction.KEPT: 0, PatientAction.CAUTION: 0, PatientAction.DEMOTED: 1, PatientAction.EXCLUDED: 2}
SEVERITY = {PatientAction.KEPT: 0, PatientAction.CAUTION: 1, PatientAction.DEMOTED: 2, PatientAction.EXCLUDED: 3}
EXCERPT = 400
DEMOTING = (PatientAction.DEMOTED, PatientAction.EXCLUDED)
# class abbreviations as labels write them (singular; a plural "s" is read too), spelt out as class names are
ABBREVIATIONS = {"nsaid": "nonsteroidal anti inflammatory", "maoi": "monoamine oxidase inhibitor",
                 "ssri": "selective serotonin reuptake inhibitor",
                 "snri": "serotonin norepinephrine reuptake inhibitor",
                 "tca": "tricyclic antidepressant", "ppi": "proton pump inhibitor",
                 "arb": "angiotensin receptor blocker", "ace": "angiotensin converting enzyme",
                 "cox 2": "cyclooxygenase 2", "pde5": "phosphodiesterase 5"}
CLASS_MEMBERS = 40  # a class with more members is too broad to speak for one of them ("Antihypertensive Agents")
CLASS_SHARE = 0.5  # share of the class's labelled drugs that must carry a reason for it to count for the class
CLASS_AGREE = 2  # labels that must agree: one label is that drug's statement, not yet the class's
CLASS_NAMED = 3  # siblings named (and cited) in a class flag


def populations_of(patient: PatientContext) -> list[Population]:
    """The label warning groups that apply to the patient."""
    groups = []
    conditions = {c.lower() for c in patient.conditions}
    if patient.pregnant:
        groups.append(Population.PREGNANCY)
    if patient.lactating:
        groups.append(Population.LACTATION)
    if patient.age_group is not None and patient.age_group.pediatric:
        groups.append(Population.PEDIATRIC)
    if patient.age_group is AgeGroup.GERIATRIC:
        groups.append(Population.GERIATRIC)
    renal = patient.renal_function
    if (renal is not None and renal < RENAL_LIMIT) or RENAL_CONDITION in conditions:
        groups.append(Population.RENAL)
    if (patient.hepatic_impairment not in (None, HepaticImpairment.NONE)) or HEPATIC_CONDITION in conditions:
        groups.append(Population.HEPATIC)
    return groups


class TreatmentReviewer:
    """Checks treatment candidates against a patient through read-only templates (``clinical.templates``)."""

    def __init__(self, runner: ReadOnlyRunner, resolve: Resolve) -> None:
        self.runner = runner
        self.resolve = resolve

    def review(self, answer: Answer, patient: PatientContext, understood: Sequence[str] = (),
               limit: int = 10) -> Answer:
        """``answer`` re-ranked for ``patient`` (at most ``limit`` items), with the review in ``answer.patient``."""
        drugs = [item for item in answer.answers if item.type == NodeLabel.DRUG.value]
        linked, unlinked = self._link(patient)
        groups = populations_of(patient)
        flags = self._flags([d.id for d in drugs], linked, patient, groups)
        self._add_class_flags(flags, [d.id for d in drugs], linked, patient, groups)
        self._add_class_statement_flags(flags, [d.id for d in drugs], groups)
        self._ease_for_established_pediatric_use(flags, [d.id for d in drugs], answer, patient)
        reviewed = [_reviewed(item, position, flags.get(item.id, [])) for position, item in enumerate(drugs, 1)]
        action = {r.id: r.action for r in reviewed}
        kept = [item for item in answer.answers if action.get(item.id, PatientAction.KEPT) is not PatientAction.EXCLUDED]
        kept.sort(key=lambda item: ORDER[action.get(item.id, PatientAction.KEPT)])  # stable: blind order inside
        review = PatientReview(
            patient=patient.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            understood=list(understood), linked={k: [m.name for m in v] for k, v in linked.items() if v},
            unlinked=unlinked, populations=[g.value for g in groups], candidates=reviewed, sources=list(SOURCES))
        return answer.model_copy(update={"answers": kept[:limit], "patient": review.model_dump(mode="json"),
                                         "message": _message(answer.message, reviewed, answer.language)})

    def check(self, drug: EntityMatch, patient: PatientContext, understood: Sequence[str] = ()) -> PatientReview:
        """One drug against one patient ("can she take metformin with an eGFR of 25?"): the same rules as the
        ranking review, the drug as the only candidate, its verdict kept even when it would be excluded."""
        return self.check_many([drug], patient, understood)

    def check_many(self, drugs: Sequence[EntityMatch], patient: PatientContext,
                   understood: Sequence[str] = ()) -> PatientReview:
        """Several drugs (a note's medication list) against one patient, each judged alone as ``check`` judges one,
        in one pass of the review's reads; a verdict per drug, in the order given."""
        linked, unlinked = self._link(patient)
        groups = populations_of(patient)
        ids = list(dict.fromkeys(drug.id for drug in drugs))
        flags = self._flags(ids, linked, patient, groups)
        self._add_class_flags(flags, ids, linked, patient, groups)
        self._add_class_statement_flags(flags, ids, groups)
        labelled = {row["drug_id"] for row in self.runner.run(templates.labelled_drugs(), {"drugs": ids})}
        verdicts = [_reviewed(AnswerItem(id=drug.id, name=drug.name, type=NodeLabel.DRUG.value, score=1.0), position,
                              flags.get(drug.id, [])).model_copy(update={"labelled": drug.id in labelled})
                    for position, drug in enumerate(drugs, 1)]
        return PatientReview(
            patient=patient.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            understood=list(understood), linked={k: [m.name for m in v] for k, v in linked.items() if v},
            unlinked=unlinked, populations=[g.value for g in groups],
            candidates=verdicts, sources=list(SOURCES))

    def _link(self, patient: PatientContext) -> tuple[dict[str, list[EntityMatch]], list[str]]:
        wanted = {"conditions": (patient.conditions, (NodeLabel.DISEASE, NodeLabel.PHENOTYPE)),
                  "medications": (patient.medications, (NodeLabel.DRUG,)),
                  "allergies": (patient.allergies, (NodeLabel.DRUG, NodeLabel.DRUG_CLASS))}
        linked: dict[str, list[EntityMatch]] = {}
        unlinked: list[str] = []
        for key, (names, labels) in wanted.items():
            linked[key] = []
            for name in names:
                match = self.resolve(self.runner, name, labels)
                (linked[key].append(match) if match is not None else unlinked.append(name))
        return linked, unlinked

    def _flags(self, drug_ids: list[str], linked: dict[str, list[EntityMatch]], patient: PatientContext,
               groups: list[Population]) -> dict[str, list[PatientFlag]]:
        flags: dict[str, list[PatientFlag]] = defaultdict(list)
        if not drug_ids:
            return flags
        conditions = [m.id for m in linked.get("conditions", [])]
        medications = [m.id for m in linked.get("medications", [])]
        # salts and products named after a medication count as it ("lithium" → "Lithium Carbonate"), linked or not
        names = list(dict.fromkeys([*(m.name.lower() for m in linked.get("medications", [])),
                                    *(name.strip().lower() for name in patient.medications)]))
        if conditions:
            for row in self.runner.run(templates.contraindications_for_conditions(),
                                       {"drugs": drug_ids, "conditions": conditions}):
                flags[row["drug_id"]].append(_contraindication_flag(row))
        if names:
            for row in self.runner.run(templates.interactions_with_medications(),
                                       {"drugs": drug_ids, "medications": medications, "names": names}):
                flags[row["drug_id"]].append(_interaction_flag(row))
        populations = [g.value for g in groups] + ([Population.ALL.value] if patient.allergies or names else [])
        warnings = self.runner.run(templates.label_warnings_of(), {"drugs": drug_ids, "populations": populations}) \
            if populations else []
        phrases = self._medication_phrases(medications, names)
        for row in warnings:
            found = ([_allergy_text_flag(row, patient.allergies), _medication_text_flag(row, phrases)]
                     if row["population"] == Population.ALL.value else [_warning_flag(row, patient)])
            flags[row["drug_id"]].extend(flag for flag in found if flag is not None)
        if not patient.allergies and not names:
            return flags
        statements = self.runner.run(templates.interaction_statements_of(),
                                     {"medications": medications, "names": names}) if names else []
        own = self.runner.run(templates.interaction_statements_of(), {"medications": drug_ids, "names": []}) \
            if names else []
        for row in own:
            flag = _own_interaction_flag(row, phrases)
            if flag is not None:
                flags[row["drug_id"]].append(flag)
        allergens = [*patient.allergies, *(m.name for m in linked.get("allergies", []))]
        for row in self.runner.run(templates.drug_classes_of(), {"drugs": drug_ids}):
            found = [_allergy_class_flag(row, allergens) if allergens else None,
                     _class_interaction_flag(row, statements)]
            flags[row["drug_id"]].extend(flag for flag in found if flag is not None)
        return flags

    def pair_interactions(self, drug: EntityMatch, other: EntityMatch) -> list[tuple[str, PatientFlag]]:
        """What the labels say about taking ``drug`` with ``other`` when no interaction is recorded for the pair:
        the interaction and contraindication rules of the review with ``other`` as the medication taken, both ways,
        and the class rule — here any interaction statement counts when two and half of a class's labels make it
        (a question about a pair asks what the labels say, not whether to demote)."""
        found: list[tuple[str, PatientFlag]] = []
        for candidate, taken in ((drug, other), (other, drug)):
            patient = PatientContext(medications=(taken.name,))
            linked = {"conditions": [], "medications": [taken], "allergies": []}
            flags = self._flags([candidate.id], linked, patient, [])
            self._add_class_flags(flags, [candidate.id], linked, patient, [], firm_only=False)
            found += [(candidate.name, f) for f in _not_with_itself(flags.get(candidate.id, []), candidate.name)
                      if f.rule.endswith("interaction")]
        unique: dict[tuple, tuple[str, PatientFlag]] = {}  # one statement read from both sides is shown once
        for name, flag in found:
            unique.setdefault(tuple((ref.document_id, ref.text) for ref in flag.evidence) or (flag.reason,),
                              (name, flag))
        return list(unique.values())

    def _add_class_flags(self, flags: dict[str, list[PatientFlag]], drug_ids: list[str],
                         linked: dict[str, list[EntityMatch]], patient: PatientContext,
                         groups: list[Population], firm_only: bool = True) -> None:
        """Flags a drug's own labels cannot give because medkg holds no label of it: when at least ``CLASS_AGREE``
        and at least ``CLASS_SHARE`` of the labelled drugs of one of its classes by mechanism are flagged for the same
        firm reason (any demoting one when not ``firm_only``), the drug is demoted — never excluded — with their
        statements as evidence."""
        rows = [row for row in self.runner.run(templates.class_siblings(),
                                               {"drugs": drug_ids, "max_members": CLASS_MEMBERS})
                if row["siblings"] and _class_phrase(row["class_name"] or "")]
        sibling_ids = sorted({s["id"] for row in rows for s in row["siblings"]})
        if not sibling_ids:
            return
        of_siblings = self._flags(sibling_ids, linked, patient, groups)
        best: dict[tuple[str, str, str], tuple[dict[str, Any], list[tuple[str, PatientFlag]]]] = {}
        for row in rows:
            for key, flagged in _shared_flags(row["siblings"], of_siblings, firm_only).items():
                if _speaks_for_itself(row, key, flags.get(row["drug_id"], [])):
                    continue
                held = best.get((row["drug_id"], *key))
                if held is None or len(flagged) > len(held[1]):
                    best[(row["drug_id"], *key)] = (row, flagged)
        for (drug_id, *key), (row, flagged) in best.items():
            flags[drug_id].append(_class_flag(row, (key[0], key[1]), flagged))

    def _add_class_statement_flags(self, flags: dict[str, list[PatientFlag]], drug_ids: list[str],
                                   groups: list[Population]) -> None:
        """Flags one label gives a whole class (``clinical.class_statements``): a Boxed Warning or contraindication on
        the patient's group that states the reason of a class ("Drugs that act directly on the renin-angiotensin
        system …"), or a firm sentence of a population section that names the class ("Avoid use of NSAIDs … in
        pregnant women at about 30 weeks gestation and later"), demotes — never excludes — each candidate medkg holds
        no whole label of whose classes that phrase covers, citing the sentence; unless the candidate has a flag for
        the same reason already."""
        if not drug_ids or not groups:
            return
        statements = self.runner.run(templates.class_statement_warnings(), {
            "populations": [g.value for g in groups], "patterns": [c.cypher_pattern() for c in class_statements()],
            "kinds": [WarningKind.BOXED_WARNING.value, WarningKind.CONTRAINDICATION.value,
                      WarningKind.POPULATION_SECTION.value]})
        if not statements:
            return
        labelled = {row["drug_id"] for row in self.runner.run(templates.labelled_drugs(), {"drugs": drug_ids})}
        for row in self.runner.run(templates.drug_classes_of(), {"drugs": drug_ids}):
            if row["drug_id"] in labelled:
                continue
            classes = {c.lower(): c for c in row["classes"] if c}
            for statement in statements:
                flag = _class_statement_flag(statement, classes)
                own = flags[row["drug_id"]]
                if flag is not None and statement["drug_id"] != row["drug_id"] and not any(
                        f.about == flag.about and f.action in DEMOTING for f in own):
                    own.append(flag)

    def _ease_for_established_pediatric_use(self, flags: dict[str, list[PatientFlag]], drug_ids: list[str],
                                            answer: Answer, patient: PatientContext) -> None:
        """A child's demotions on the pediatric group become cautions for a drug whose own Pediatric Use section
        establishes it for the disease asked about at the child's age (``clinical.pediatric_use``), citing that
        sentence beside the warning."""
        diseases = [name for e in answer.entities if e.type == NodeLabel.DISEASE.value for name in (e.name, e.mention)]
        if patient.age_years is None or not diseases or not any(
                f.about == Population.PEDIATRIC.value and f.action is PatientAction.DEMOTED
                for found in flags.values() for f in found):
            return
        sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.runner.run(templates.label_warnings_of(),
                                   {"drugs": drug_ids, "populations": [Population.PEDIATRIC.value]}):
            if row["kind"] == WarningKind.POPULATION_SECTION.value:
                sections[row["drug_id"]].append(row)
        for drug_id, rows in sections.items():
            found = next(((row, sentence) for row in rows if (sentence := establishing_sentence(
                [row["text"]], diseases, patient.age_years)) is not None), None)
            if found is None:
                continue
            flags[drug_id] = [_eased(f, *found) if f.about == Population.PEDIATRIC.value
                              and f.action is PatientAction.DEMOTED and f.rule == "label-warning" else f
                              for f in flags[drug_id]]

    def _medication_phrases(self, medications: list[str], names: list[str]) -> list[tuple[str, str]]:
        """(phrase, medication) for each current medication: its names and its specific classes' names."""
        phrases = [(name, name) for name in names]
        if medications:
            for row in self.runner.run(templates.drug_classes_of(), {"drugs": medications}):
                phrases += [(phrase, row["name"]) for c in row["classes"] if c and (phrase := _class_phrase(c))]
        return phrases


def _shared_flags(siblings: list[dict[str, str]], of_siblings: dict[str, list[PatientFlag]],
                  firm_only: bool = True) -> dict[tuple[str, str], list[tuple[str, PatientFlag]]]:
    """(rule, about) → [(sibling name, its flag)] for the firm reasons (``_firm``; any demoting one when not
    ``firm_only``) that at least ``CLASS_AGREE`` and at least ``CLASS_SHARE`` of the labelled siblings share
    (allergies are checked on the drug itself)."""
    found: dict[tuple[str, str], dict[str, tuple[str, PatientFlag]]] = defaultdict(dict)
    for sibling in siblings:
        name = sibling["name"] or sibling["id"]
        for flag in _not_with_itself(of_siblings.get(sibling["id"], []), name):
            if flag.rule != "allergy" and (_firm(flag) if firm_only else flag.action in DEMOTING):
                found[(flag.rule, flag.about)].setdefault(name, (name, flag))
    return {key: list(by_name.values()) for key, by_name in found.items()
            if len(by_name) >= max(CLASS_AGREE, CLASS_SHARE * len(siblings))}


def _firm(flag: PatientFlag) -> bool:
    """A reason the label states as a contraindication or a boxed warning (what FDA class labeling is written in), not
    a caution read from a population section or an interaction listing."""
    return flag.action is PatientAction.EXCLUDED or any("boxed" in (ref.section or "").lower() for ref in flag.evidence)


def _speaks_for_itself(row: dict[str, Any], key: tuple[str, str], own: list[PatientFlag]) -> bool:
    """The drug's own label decides (what a label leaves unsaid is its statement too), or a flag of its own for the
    same reason stands already."""
    rule, about = key
    return bool(row["labelled"]) or any(flag.rule == rule and flag.about == about for flag in own)


def _class_flag(row: dict[str, Any], key: tuple[str, str], flagged: list[tuple[str, PatientFlag]]) -> PatientFlag:
    rule, about = key
    names = ", ".join(name for name, _ in flagged[:CLASS_NAMED])
    more = f" and {len(flagged) - CLASS_NAMED} more" if len(flagged) > CLASS_NAMED else ""
    first = flagged[0][1]
    return PatientFlag(
        rule=f"class-{rule}", action=PatientAction.DEMOTED, about=about,
        reason=f"no label of this drug in medkg; {len(flagged)} of {len(row['siblings'])} labelled drugs of its class "
               f"{row['class_name']} state it: {names}{more} ({first.reason})",
        evidence=[ref for _, flag in flagged[:CLASS_NAMED] for ref in flag.evidence[:1]])


def _class_statement_flag(row: dict[str, Any], classes: dict[str, str]) -> PatientFlag | None:
    """The flag a class statement gives a drug of one of the classes it covers (``classes``: lower-case name →
    name; None for a drug of none)."""
    phrase, covered = covered_classes(row["text"] or "")
    shared = [classes[c] for c in sorted(covered & set(classes))]
    if not shared:
        return None
    naming = re.compile(re.escape(phrase), re.I)
    if row["kind"] == WarningKind.POPULATION_SECTION.value:  # a population section speaks for the class only in a
        quote = next((s for s in _sentences(row["text"] or "")  # firm sentence that names it ("Avoid use of NSAIDs
                      if naming.search(s) and STRONG.search(s)), None)  # … in pregnant women at about 30 weeks")
        if quote is None:
            return None
    else:
        quote = _sentence(row["text"] or "", naming) or row["text"]
    stating = row["drug_name"] or row["drug_id"] or "a drug"
    return PatientFlag(
        rule="class-label-warning", action=PatientAction.DEMOTED, about=row["population"],
        reason=f"no label of this drug in medkg; the {_section_name(row['section'])} of {stating} states it of "
               f"\"{phrase}\", which include its class {shared[0]}",
        evidence=[_label_ref(row, quote)])


def _section_name(section: str | None) -> str:
    """"Boxed Warning", "Contraindications" as they are; "Pregnancy" → "Pregnancy section"."""
    section = section or "label"
    return section if re.search(r"(?:warnings?|contraindications|section)$", section, re.I) else f"{section} section"


def _eased(flag: PatientFlag, row: dict[str, Any], sentence: str) -> PatientFlag:
    """A pediatric demotion as a caution, with the sentence that establishes the use for this child."""
    return flag.model_copy(update={
        "action": PatientAction.CAUTION,
        "reason": f"{flag.reason}; its label establishes use for this disease at this age (read the warning)",
        "evidence": [*flag.evidence, _label_ref(row, sentence)]})


def _reviewed(item: AnswerItem, position: int, flags: list[PatientFlag]) -> ReviewedCandidate:
    """The candidate's action: its most severe flag's (an interaction with itself — the patient already takes it,
    or a salt of it — is no flag)."""
    flags = _not_with_itself(flags, item.name)
    unique = list({(f.rule, f.about, f.reason): f for f in flags}.values())
    unique.sort(key=lambda f: -SEVERITY[f.action])
    action = unique[0].action if unique else PatientAction.KEPT
    return ReviewedCandidate(id=item.id, name=item.name, action=action, flags=unique, blind_rank=position)


def _not_with_itself(flags: list[PatientFlag], name: str) -> list[PatientFlag]:
    """Without interactions with the drug itself (the patient already takes it, or a salt of it)."""
    name = name.lower()
    return [f for f in flags if not (f.rule.endswith("interaction") and (f.about.lower() in name
                                                                         or name in f.about.lower()))]


def _message(message: str | None, reviewed: list[ReviewedCandidate], language: str = "en") -> str | None:
    excluded = [r.name for r in reviewed if r.action is PatientAction.EXCLUDED]
    demoted = [r.name for r in reviewed if r.action is PatientAction.DEMOTED]
    parts = [message] if message else []
    if excluded:
        parts.append(say("patient_excluded", language, drugs=listed(excluded, language)))
    if demoted:
        parts.append(say("patient_demoted", language, drugs=listed(demoted, language)))
    return " ".join(parts) or None


def _refs(rows: list[dict[str, Any]]) -> list[EvidenceRef]:
    return [EvidenceRef(source=e.get("source") or "?", document_id=e.get("document_id"), text=_excerpt(e.get("text")),
                        url=e.get("url"), section=e.get("section"),
                        kind=EvidenceKind(e["kind"]) if e.get("kind") in EvidenceKind._value2member_map_ else None)
            for e in rows if e]


def _contraindication_flag(row: dict[str, Any]) -> PatientFlag:
    via = "" if row["target"] == row["condition"] else f" (as {row['target']})"
    return PatientFlag(rule="contraindicated-condition", action=PatientAction.EXCLUDED, about=row["condition"],
                       reason=f"contraindicated in {row['condition']}{via}", evidence=_refs(row["evidence"]))


def _interaction_flag(row: dict[str, Any]) -> PatientFlag:
    sources = ", ".join(row["sources"]) or "the graph"
    return PatientFlag(rule="interaction", action=PatientAction.DEMOTED, about=row["medication"],
                       reason=f"interacts with {row['medication']}, a current medication (source: {sources})",
                       evidence=_refs(row["evidence"]))


def _label_ref(row: dict[str, Any], text: str) -> EvidenceRef:
    return EvidenceRef(source=row["source"], document_id=row["document_id"], text=_excerpt(text), url=row["url"],
                       section=row["section"], kind=EvidenceKind.LABEL_STATEMENT)


def _warning_flag(row: dict[str, Any], patient: PatientContext) -> PatientFlag | None:
    """A label warning on the patient's group: its action by where it stands and what it says."""
    text, group, kind = row["text"] or "", row["population"], row["kind"]
    strong = (_sentence(text, STRONG, UNKNOWN)
              or (group == Population.PEDIATRIC.value and _sentence(text, NOT_ESTABLISHED))
              or (group == Population.PREGNANCY.value and _sentence(text, TERATOGENIC, NOT_TERATOGENIC)))
    if kind == WarningKind.CONTRAINDICATION.value:
        action, quote = PatientAction.EXCLUDED, text
        limit = LIMIT.search(text)
        renal = patient.renal_function
        if group == Population.RENAL.value and limit and renal is not None and renal >= float(limit[1]):
            action = PatientAction.DEMOTED
        reason = f"label Contraindications name {group}"
    elif kind == WarningKind.BOXED_WARNING.value:
        action = PatientAction.EXCLUDED if group == Population.PREGNANCY.value else PatientAction.DEMOTED
        quote, reason = text, f"Boxed Warning on {group}"
    elif strong:
        action, quote, reason = PatientAction.DEMOTED, strong, f"label {row['section']} section warns ({group})"
    else:
        action, quote, reason = PatientAction.CAUTION, text, f"label has a {row['section']} section ({group}): read it"
    return PatientFlag(rule="label-warning", action=action, about=group, reason=reason,
                       evidence=[_label_ref(row, quote)])


def _allergy_text_flag(row: dict[str, Any], allergies: Sequence[str]) -> PatientFlag | None:
    if row["kind"] != WarningKind.CONTRAINDICATION.value:
        return None
    for allergen in allergies:
        sentence = _sentence(row["text"] or "", re.compile(rf"(hypersensitiv|allerg|anaphyla)[^.]*\b"
                                                            rf"{re.escape(_stem(allergen))}", re.I))
        if sentence:
            return PatientFlag(rule="allergy", action=PatientAction.EXCLUDED, about=allergen,
                               reason=f"label Contraindications name hypersensitivity to {allergen}",
                               evidence=[_label_ref(row, sentence)])
    return None


def _allergy_class_flag(row: dict[str, Any], allergens: Sequence[str]) -> PatientFlag | None:
    names = [row["name"] or "", *row["synonyms"]]
    for allergen in allergens:
        stem = _stem(allergen)
        if len(stem) < 4:
            continue
        hit_name = next((n for n in names if stem in n.lower()), None)
        hit_class = next((c for c in row["classes"] if c and stem in c.lower()), None)
        if hit_name or hit_class:
            what = f"its name {hit_name!r}" if hit_name else f"its class {hit_class!r}"
            return PatientFlag(rule="allergy", action=PatientAction.EXCLUDED, about=allergen,
                               reason=f"allergy to {allergen}: {what} names it",
                               evidence=[EvidenceRef(source="graph", text=f"{row['name']}: classes "
                                                     f"{', '.join(c for c in row['classes'] if c) or 'none'}",
                                                     kind=EvidenceKind.CURATED_RECORD)])
    return None


def _class_interaction_flag(row: dict[str, Any], statements: list[dict[str, Any]]) -> PatientFlag | None:
    """A current medication's label names the candidate (or a specific class of it) in a Drug Interactions
    sentence."""
    names = [(name, name) for name in (row["name"], *row["synonyms"]) if name]
    names += [(_class_phrase(c), c) for c in row["classes"] if c and _class_phrase(c)]
    classes = {c.lower(): c for c in row["classes"] if c}
    for statement in statements:
        text = _words(statement["text"] or "")
        hit = next((label for phrase, label in names if len(phrase) >= 5 and _words(phrase) in text), None)
        if hit is None:  # a class phrase FDA writes ("renin-angiotensin system antagonists") covering its class
            phrase, covered = covered_classes(statement["text"] or "")
            hit = next((f"{classes[c]} (\"{phrase}\")" for c in sorted(covered & set(classes))), None)
        if hit is not None:
            return PatientFlag(
                rule="interaction", action=PatientAction.DEMOTED, about=statement["medication"],
                reason=f"{statement['medication']}'s label names {hit} (of {row['name']}) among its drug "
                       f"interactions", evidence=[_label_ref({**statement, "section": statement["section"]},
                                                             statement["text"] or "")])
    return None


def _named(text: str, phrases: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first (phrase, medication) whose phrase stands in ``text`` as whole words."""
    words = _words(text)
    return next(((phrase, medication) for phrase, medication in phrases
                 if len(phrase) >= 5 and _words(phrase) in words), None)


def _medication_text_flag(row: dict[str, Any], phrases: list[tuple[str, str]]) -> PatientFlag | None:
    """The candidate's label Contraindications name a current medication or its class: excluded."""
    if row["kind"] != WarningKind.CONTRAINDICATION.value or not phrases:
        return None
    found = _named(row["text"] or "", phrases)
    if found is None:
        return None
    sentence = _naming_sentence(row["text"] or "", found[0])
    return PatientFlag(rule="interaction", action=PatientAction.EXCLUDED, about=found[1],
                       reason=f"label Contraindications name {found[0]} ({found[1]}, a current medication)",
                       evidence=[_label_ref(row, sentence)])


def _own_interaction_flag(row: dict[str, Any], phrases: list[tuple[str, str]]) -> PatientFlag | None:
    """The candidate's own label names a current medication or its class among its drug interactions: demoted."""
    found = _named(row["text"] or "", phrases)
    if found is None:
        return None
    quote = _naming_sentence(row["text"] or "", found[0])
    return PatientFlag(rule="interaction", action=PatientAction.DEMOTED, about=found[1],
                       reason=f"its label names {found[0]} ({found[1]}, a current medication) among its drug "
                              f"interactions", evidence=[_label_ref(row, quote)])


def _naming_sentence(text: str, phrase: str) -> str:
    """The sentence of ``text`` that names ``phrase`` (compared as ``_words``: "MAOIs" names "monoamine oxidase
    inhibitor"), verbatim; the whole text when no single sentence does."""
    wanted = _words(phrase)
    return next((sentence.strip() for sentence in _sentences(text) if wanted in _words(sentence)), text)


def _class_phrase(name: str) -> str | None:
    """A class name as labels write it ("Anti-Inflammatory Agents, Non-Steroidal" → "non steroidal anti inflammatory");
    None for classes too broad to name an interaction ("Enzyme Inhibitors", "Cardiovascular Agents")."""
    words = _words(name).split()
    if "," in name:  # MeSH "Anti-Inflammatory Agents, Non-Steroidal"
        head, _, tail = name.partition(",")
        words = _words(f"{tail} {head}").split()
    words = [w for w in words if w not in {"agent", "compound", "drug"}]
    phrase = " ".join(words)
    return None if not words or phrase in BROAD_CLASSES or len(words) == 1 and len(phrase) < 8 else phrase


def _words(text: str) -> str:
    """Lower-case singular words between single spaces; "non-steroidal" and "nonsteroidal" alike, the class
    abbreviations labels use ("NSAIDs", "MAOIs", "SSRIs" …) spelt out."""
    words = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "
    words = re.sub(r" non ", " non", words)
    for short, long in ABBREVIATIONS.items():
        words = re.sub(rf" {short}s? ", f" {long} ", words)
    return " " + " ".join(_singular(word) for word in words.split()) + " "


def _singular(word: str) -> str:
    """"inhibitors" → "inhibitor", so that "an MAOI" and "Monoamine Oxidase Inhibitors" meet ("class", "analgesics"
    → "analgesic"; short words and "-ss"/"-us"/"-is" endings kept)."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _stem(name: str) -> str:
    """"penicillins" → "penicillin": the allergen word as it stands inside longer names."""
    word = name.strip().lower()
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _sentence(text: str, pattern: re.Pattern[str], unless: re.Pattern[str] | None = None) -> str | None:
    """The first sentence of ``text`` that matches ``pattern`` (and not ``unless``), verbatim, or None."""
    for sentence in _sentences(text):
        if pattern.search(sentence) and not (unless is not None and unless.search(sentence)):
            return sentence.strip()
    return None


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def _excerpt(text: str | None) -> str | None:
    if text is None or len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0] + " …"
