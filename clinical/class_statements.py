"""Class statements: a firm label warning written of a whole class of drugs, which one label is enough to carry.

FDA's class labeling puts the same Boxed Warning on every member of some classes and writes it of the class:
"Drugs that act directly on the renin-angiotensin system can cause injury and death to the developing fetus" (every
ACE inhibitor, angiotensin receptor blocker and aliskiren), "Elderly patients with dementia-related psychosis
treated with antipsychotic drugs are at an increased risk of death"; lithium's Drug Interactions name
"renin-angiotensin system antagonists". The class rule of ``clinical.treatment`` needs
two agreeing labels of a class before it speaks for an unlabelled member; a label that states the reason *of the
class* speaks for it alone, and an interaction statement that names the class by such a phrase names each member. ``class_statements.tsv`` lists the phrases FDA writes and the class nodes (FDA
Established Pharmacologic Classes and MeSH pharmacological actions, by name) each phrase covers; the evidence is
always the label sentence in the graph, never the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("class_statements.tsv")


@dataclass(frozen=True)
class ClassStatement:
    """One phrase FDA uses for a class (a regular expression, any case) and the class names it covers."""

    phrase: str
    classes: frozenset[str]
    where: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.phrase, re.IGNORECASE)

    def cypher_pattern(self) -> str:
        """The phrase as a Cypher ``=~`` pattern over a whole text (a parameter, never spliced into a query)."""
        return f"(?is).*(?:{self.phrase}).*"


@lru_cache(maxsize=1)
def class_statements() -> tuple[ClassStatement, ...]:
    rows = TABLE.read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        if row.strip():
            phrase, classes, where = row.split("\t")
            found.append(ClassStatement(phrase, frozenset(c.strip().lower() for c in classes.split("|")), where))
    return tuple(found)


def covered_classes(text: str) -> tuple[str, frozenset[str]]:
    """The class phrase a warning text states (as written) and the class names (lower case) it covers; ("", ∅) when
    it states none."""
    for statement in class_statements():
        match = statement.pattern.search(text)
        if match:
            return match.group(0), statement.classes
    return "", frozenset()
