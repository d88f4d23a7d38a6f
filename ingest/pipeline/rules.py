"""The version of the rules that turn extractions into facts, part of every extractor identity the ledger records.

A file is re-extracted when the extractor that did it differs from this run's (``ingest.pipeline.ledger.plan_file``),
and the re-extraction retracts the evidence the new run no longer states. The model is not all of an extractor:
the fact builder's rules (a label's own indication is no adverse reaction, negation scope in long sentences, the
subject of a text-only label …) decide what reaches the graph too. So the identity is the model's version plus
``FACT_RULES_VERSION`` ("v2+rules.12"). After an upgrade whose rules state different facts, an ingest with
``--reextract-rules`` re-extracts the files the same model did under other rules and retracts what the old rules
wrote and the new ones do not; without it they are kept (an upgrade must not start an unplanned re-extraction of
the whole history); each ledgered file's ``extractor_version`` says which rules did it. Bump
``FACT_RULES_VERSION`` when a change to ``RULE_MODULES`` changes what they state; the test
``tests/ingest/test_rules_version.py`` fails when those modules change without the recorded digest being updated,
so the decision is made consciously.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.pipeline.ledger import RULES_MARK

# 7: twenty-third session, first recorded (graphs written before carry none); 8: thirtieth, "8. 2 Lactation"
# headings and Geriatric Use dosing texts; 9: thirty-first, firm renal/hepatic sentences of Warnings (and Precautions);
# 10: thirty-second, Clinical Pharmacology's; 11: thirty-third, the dose parser joins the rule modules (a label's
# DoseRules are what its re-extraction re-parses: combination products in units, indications of headings); 12:
# thirty-fourth, short forms and organ-grade dose changes; 13: thirty-fifth, highlights bullets name their indication,
# "X for 7 days, followed by Y" keeps each part's own duration; 14: thirty-sixth, a combination product's label is the
# combination's (the vocabulary's entry naming every ingredient), not its first ingredient's
FACT_RULES_VERSION = "16"
_ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = (
    "ingest/pipeline/facts.py", "ingest/pipeline/negation.py", "ingest/pipeline/subjects.py",
    "ingest/pipeline/label_warnings.py", "ingest/pipeline/sentences.py", "ingest/pipeline/mention_links.py",
    "ingest/pipeline/stages.py", "nlp/negation.py", "nlp/postprocess.py",
    "nlp/dose_rules.py", "nlp/dose_tables.py", "nlp/dose_patterns.py", "nlp/dose_units.py",
)


def versioned(extractor_version: object) -> str:
    """An extractor's version as the ledger and the evidence record it: the model's, plus the fact rules'."""
    return f"{extractor_version}{RULES_MARK}{FACT_RULES_VERSION}"


def rules_digest() -> str:
    """SHA-256 over the rule modules' source, in ``RULE_MODULES`` order."""
    digest = hashlib.sha256()
    for module in RULE_MODULES:
        digest.update(module.encode())
        digest.update((_ROOT / module).read_bytes())
    return digest.hexdigest()
