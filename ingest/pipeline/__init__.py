"""The ingest pipeline: readers → sentences → extractor → linker → facts with evidence → the graph writer,
with a ledger of processed files, a quarantine and run reports. Start at :func:`ingest_paths`."""

from ingest.pipeline.report import PARTIAL_EXIT_CODE, RunReport, SourceReport
from ingest.pipeline.run import IngestJob, ingest_paths

__all__ = ["PARTIAL_EXIT_CODE", "IngestJob", "RunReport", "SourceReport", "ingest_paths"]
