"""Which relationships answer which intent, for the kind of entity the question is about.

A plan is the intent actually answered (a question "what does metformin treat" parsed as treatment is answered as
indications once metformin links to a Drug), the hops to follow, and the relation a link predictor is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.models import NodeLabel as L
from graph.models import RelType as R
from query.models import Intent
from query.templates import Hop

_TREATING = (R.TREATS, R.PALLIATES, R.INDICATED_FOR)
_CONDITIONS = (L.DISEASE, L.PHENOTYPE, L.ADVERSE_EVENT)


@dataclass(frozen=True)
class Plan:
    intent: Intent
    hops: tuple[Hop, ...]
    predict: tuple[str, str] | None = None  # (relation, "tails" | "heads") for the link predictor


_PLANS: dict[tuple[Intent, str], Plan] = {}


def _add(intent: Intent, labels: tuple[L, ...], hops: tuple[Hop, ...], predict: tuple[str, str] | None = None) -> None:
    for label in labels:
        _PLANS[(intent, label.value)] = Plan(intent, hops, predict)


_add(Intent.TREATMENT, _CONDITIONS, (Hop(_TREATING, "in", (L.DRUG,)),), (R.TREATS.value, "heads"))
_add(Intent.INDICATIONS, (L.DRUG,), (Hop(_TREATING, "out", _CONDITIONS),), (R.TREATS.value, "tails"))
_add(Intent.SIDE_EFFECTS, (L.DRUG,), (Hop((R.CAUSES,), "out", (L.ADVERSE_EVENT, L.DISEASE, L.PHENOTYPE)),),
     (R.CAUSES.value, "tails"))
_add(Intent.SIDE_EFFECTS, _CONDITIONS, (Hop((R.CAUSES,), "in", (L.DRUG,)),), (R.CAUSES.value, "heads"))
_add(Intent.CONTRAINDICATIONS, (L.DRUG,), (Hop((R.CONTRAINDICATED_FOR,), "out", _CONDITIONS),))
_add(Intent.CONTRAINDICATIONS, _CONDITIONS, (Hop((R.CONTRAINDICATED_FOR,), "in", (L.DRUG,)),))
_add(Intent.INTERACTIONS, (L.DRUG,), (Hop((R.INTERACTS_WITH,), "both", (L.DRUG,)),), (R.INTERACTS_WITH.value, "tails"))
_add(Intent.MECHANISM, (L.DRUG,), (Hop((R.TARGETS,), "out", (L.GENE,)), Hop((R.HAS_CLASS,), "out", (L.DRUG_CLASS,))),
     (R.TARGETS.value, "tails"))
_add(Intent.MECHANISM, (L.GENE,), (Hop((R.TARGETS,), "in", (L.DRUG,)),), (R.TARGETS.value, "heads"))
_add(Intent.DISEASE_GENES, (L.DISEASE,), (Hop((R.ASSOCIATED_WITH,), "out", (L.GENE,)),),
     (R.ASSOCIATED_WITH.value, "tails"))
_add(Intent.DISEASE_GENES, (L.GENE,), (Hop((R.ASSOCIATED_WITH,), "in", (L.DISEASE,)),))
_add(Intent.SYMPTOMS, (L.DISEASE,), (Hop((R.PRESENTS,), "out", (L.PHENOTYPE, L.ADVERSE_EVENT, L.DISEASE)),))
_add(Intent.SIMILAR, (L.DISEASE,), (Hop((R.RESEMBLES,), "both", (L.DISEASE,)),), (R.RESEMBLES.value, "tails"))
_add(Intent.SIMILAR, (L.DRUG,), (Hop((R.RESEMBLES,), "both", (L.DRUG,)),), (R.RESEMBLES.value, "tails"))

# A question whose cue says one intent but whose entity is of another kind is answered as its sibling.
_REROUTE = {
    (Intent.TREATMENT, L.DRUG.value): Intent.INDICATIONS,
    (Intent.INDICATIONS, L.DISEASE.value): Intent.TREATMENT,
    (Intent.INDICATIONS, L.PHENOTYPE.value): Intent.TREATMENT,
    (Intent.DISEASE_GENES, L.DRUG.value): Intent.MECHANISM,
    (Intent.MECHANISM, L.DISEASE.value): Intent.DISEASE_GENES,
    (Intent.DOSAGE, L.DISEASE.value): Intent.TREATMENT,
    (Intent.SYMPTOMS, L.DRUG.value): Intent.SIDE_EFFECTS,  # "symptoms of metformin": what it causes
}


def plan_for(intent: Intent, entity_type: str) -> Plan | None:
    """The plan for an intent about an entity of ``entity_type`` (rerouted to a sibling intent if needed)."""
    intent = _REROUTE.get((intent, entity_type), intent)
    return _PLANS.get((intent, entity_type))
