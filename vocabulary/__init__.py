"""Vocabulary, canonical identity and the entity linker shared by ingest and the query layer.

Public API (names are stable; other packages call them):

- ``Vocabulary.load_or_build(settings) -> Vocabulary``: canonical entries (id, kind, preferred name, synonyms,
  cross-references, sources) built from the curated files under ``settings.data_dir`` plus the *training*
  annotations of BC5CDR / NCBI-disease / BioRED; cached under ``settings.home / "vocabulary"`` and rebuilt when an
  input file's checksum changes.
- ``vocabulary.canonical_id(any_id, label=None) -> str | None``: ``DOID:10763``, ``UMLS:C0020538``,
  ``DRUGBANK:DB00331`` … → the canonical id (``MESH:D006973`` …). ``vocabulary.entity(any_id, source)`` gives the
  ``graph.models.Entity`` to write for it.
- ``Linker(vocabulary, embedder: TextEmbedder | None = None)``; ``linker.link(mention, labels=None, context=None)
  -> LinkResult | None`` (best candidate above the threshold, else None) and ``linker.candidates(mention, k=10,
  labels=None) -> list[LinkResult]``.
- ``LinkResult(id, name, label, score, method, runner_up_id, runner_up_score)``, frozen.
- ``TextEmbedder`` (``vocabulary.embedder``): the local MiniLM, mean pooled and L2-normalised, batched.
- Chinese (``vocabulary.chinese``): ``vocabulary.chinese_names`` (every ``ChineseName(text, id, source)``, openly
  licensed sources and ``zh_terms.tsv``), ``vocabulary.names_zh(id)``, ``vocabulary.chinese_index.find_all(text)``
  (longest match in running text) and ``Linker.link`` of a Chinese mention; ``zh_key`` is the one normalisation
  (OpenCC Traditional → Simplified, numerals, punctuation).

Merge rules: ``vocabulary.identity`` and docs/schema.md ("Curated imports").
"""

from vocabulary.linker import Linker, LinkResult
from vocabulary.vocabulary import Vocabulary, VocabularyEntry

__all__ = ["Linker", "LinkResult", "Vocabulary", "VocabularyEntry"]
