"""Run reports: per source, documents read, facts written, skipped, quarantined, seconds, documents/s and the
time spent in each stage (parse, NLP, link, write). Stored as JSON on the run's ledger node."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PARTIAL_EXIT_CODE = 3  # the run finished, but some records or files went to the quarantine
STAGES = ("parse", "nlp", "link", "write")


@dataclass
class SourceReport:
    source: str
    files_seen: int = 0
    files_processed: int = 0
    files_skipped: int = 0
    files_reextracted: int = 0  # done before by another extractor version (or killed mid re-extraction): redone
    documents_read: int = 0
    documents_skipped: int = 0
    documents_without_subject: int = 0  # labels whose drug the vocabulary does not know: document, no facts
    facts_written: int = 0
    evidence_written: int = 0
    dosage_texts: int = 0
    dose_rules: int = 0  # typed rules parsed from the dosage texts (nlp.dose_rules)
    label_warnings: int = 0
    retracted: int = 0
    evidence_superseded: int = 0  # evidence of re-extracted documents retracted because the new extractor replaced it
    quarantined: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: {stage: 0.0 for stage in STAGES})
    details: dict[str, Any] = field(default_factory=dict)  # per file, what a source counts beyond these (pubtator3)

    @property
    def documents_per_second(self) -> float:
        return self.documents_read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "documents_per_second": round(self.documents_per_second, 2)}


@dataclass
class RunReport:
    run_id: str
    executor: str
    extractor: str = ""  # name and version of the extractor that ran (empty when no document was read)
    sources: dict[str, SourceReport] = field(default_factory=dict)
    quarantine: list[dict[str, str]] = field(default_factory=list)

    def source(self, name: str) -> SourceReport:
        return self.sources.setdefault(name, SourceReport(source=name))

    @property
    def partial(self) -> bool:
        return any(report.quarantined for report in self.sources.values())

    @property
    def status(self) -> str:
        return "partial" if self.partial else "done"

    @property
    def exit_code(self) -> int:
        return PARTIAL_EXIT_CODE if self.partial else 0

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "executor": self.executor, "extractor": self.extractor, "status": self.status,
                "sources": {name: report.as_dict() for name, report in self.sources.items()},
                "quarantine": self.quarantine[:200]}
