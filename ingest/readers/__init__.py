"""Readers: plain generators of documents (they know nothing of Neo4j).

Every reader yields :class:`SourceDocument` records, :class:`Deletion` records (PubMed ``DeleteCitation``) and
:class:`Rejected` records for input it could not read (the pipeline quarantines them and carries on).
"""

from ingest.readers.types import Deletion, GoldAnnotation, LabelProduct, Rejected, Section, Skipped, SourceDocument

__all__ = ["Deletion", "GoldAnnotation", "LabelProduct", "Rejected", "Section", "Skipped", "SourceDocument"]
