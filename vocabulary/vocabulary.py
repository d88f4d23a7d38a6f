"""The vocabulary: canonical entries, aliases from every id system, and the surface forms the linker matches.

``Vocabulary.load_or_build(settings)`` reads the curated files under ``settings.data_dir`` once and caches the
result under ``settings.home / "vocabulary"``, keyed by a checksum of every input file (and the build code's
version), so a changed source file triggers a rebuild and an unchanged one a sub-second load.

Two variants are cached side by side: the shipped one (training + dev annotations, the default) and the tuning one
(training annotations only), which every measurement on a dev split must use — ``load_or_build(settings,
include_dev=False)``.
"""

from __future__ import annotations

import errno
import hashlib
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.models import Entity, NodeLabel
from core.errors import DataMissing, DiskFull
from core.memory import freeze_long_lived
from core.settings import Settings
from vocabulary import annotations as corpus
from vocabulary import chinese, concepts
from vocabulary.identity import IdentityResolver, IdentityStats
from vocabulary.readers import ReadReport, read_tsv_dicts

BUILD_VERSION = "10"  # 10: brand names of labelled products (rule 11); 9: one node per condition (rule 10); 6: shipped (train + dev annotations) and tuning (train only) variants; 7: MeSH 2024; 8: Chinese
LAY_TERMS = Path(__file__).with_name("lay_terms.tsv")
# Kinds of MeSH 2024 supplementary records that become entries (identity rule 9). Chosen on BC5CDR dev: the 5,730
# disease records (rare diseases mapped to disease headings) add 5 right disease mentions and change no chemical one.
SUPPLEMENTARY_KINDS = (NodeLabel.DRUG, NodeLabel.DISEASE)
# Folder under data_dir → the files the vocabulary reads from it.
INPUT_FILES = {
    "mesh-2015": ("descriptor-names.tsv", "tree-numbers.tsv.gz", "symptoms.tsv"),
    "mesh-2024-terms": ("descriptor-terms.tsv.gz", "supplementary-records.tsv.gz", "supplementary-terms.tsv.gz"),
    "disease-ontology": ("HumanDO.obo.gz", "DO-slim-to-mesh.tsv"),
    "drugcentral-2016": ("identifiers.tsv.gz", "drug_indication.tsv", "pharm_class.tsv.gz"),
    "hetionet": ("hetionet-v1.0-nodes.tsv",),
    "sider4": ("side-effect-terms.tsv",),
    "pharmacotherapydb": ("drugs.tsv", "diseases.tsv"),
    "fda-labels-full": ("manifest.tsv",),
    "openfda": ("harmonized.small.jsonl",),
    chinese.FOLDER: chinese.INPUT_FILES,
}
INPUT_FILES |= {folder: tuple(name for f, name in corpus.TRAINING_FILES + corpus.DEV_FILES if f == folder)
                for folder, _ in corpus.TRAINING_FILES}


@dataclass(frozen=True)
class VocabularyEntry:
    id: str
    label: NodeLabel
    name: str
    synonyms: tuple[str, ...]
    xrefs: tuple[str, ...]
    sources: tuple[str, ...]
    also: tuple[NodeLabel, ...] = ()  # further kinds of the same thing: a disease that is also a side effect

    def is_kind(self, label: NodeLabel) -> bool:
        return self.label is label or label in self.also


@dataclass(frozen=True)
class LayTerm:
    text: str
    id: str
    kind: str  # "lay" or "abbreviation"


class Vocabulary:
    """Read-only lookups over the resolved entries. Build with ``load_or_build`` or ``build``."""

    def __init__(
        self, entries: dict[str, VocabularyEntry], aliases: dict[str, tuple[str, ...]],
        annotations: dict[str, dict[str, float]], lay_terms: tuple[LayTerm, ...], digest: str = "",
        stats: IdentityStats | None = None, chinese_names: tuple[chinese.ChineseName, ...] = (),
    ) -> None:
        self.entries = entries
        self.aliases = aliases
        self.annotations = annotations
        self.lay_terms = lay_terms
        self.digest = digest
        self.stats = stats or IdentityStats()
        self.chinese_names = chinese_names
        self._chinese_index: chinese.ChineseIndex | None = None
        self._names_zh: dict[str, tuple[chinese.ChineseName, ...]] | None = None

    # public lookups ------------------------------------------------------------------------------------------
    def canonical_id(self, any_id: str, label: NodeLabel | None = None) -> str | None:
        """The canonical id for any known id (``DOID:10763``, ``UMLS:C0020538``, ``DRUGBANK:DB00331`` …), optionally
        of one kind; ``None`` when the id is unknown."""
        for canonical in self.aliases.get(any_id, ()):
            if label is None or self.entries[canonical].is_kind(label):
                return canonical
        return None

    def get(self, canonical_id: str) -> VocabularyEntry | None:
        return self.entries.get(canonical_id)

    def entity(self, any_id: str, source: str, label: NodeLabel | None = None) -> Entity | None:
        """The graph entity for an id, as one source states it (canonical id, preferred name, all known ids)."""
        canonical = self.canonical_id(any_id, label)
        if canonical is None:
            return None
        entry = self.entries[canonical]
        return Entity(id=entry.id, label=entry.label, name=entry.name, synonyms=entry.synonyms,
                      xrefs=entry.xrefs, sources=(source,))

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """Every ``(text, canonical id, kind)`` the linker can match; kind is name, synonym, lay, abbreviation or
        annotation (a training mention, already folded, with its most frequent id)."""
        for entry in self.entries.values():
            yield entry.name, entry.id, "name"
            for synonym in entry.synonyms:
                yield synonym, entry.id, "synonym"
        for term in self.lay_terms:
            yield term.text, term.id, term.kind
        for text in self.annotations:
            yield text, self.annotated_id(text), "annotation"

    def names_zh(self, canonical_id: str) -> tuple[chinese.ChineseName, ...]:
        """The Chinese names of one entry (preferred first), each with its source."""
        if getattr(self, "_names_zh", None) is None:
            by_id: dict[str, list[chinese.ChineseName]] = {}
            for name in self.chinese_names:  # already preferred first
                by_id.setdefault(name.id, []).append(name)
            self._names_zh = {entry_id: tuple(names) for entry_id, names in by_id.items()}
        return self._names_zh.get(canonical_id, ())

    @property
    def chinese_index(self) -> chinese.ChineseIndex:
        """Longest-match and fuzzy lookup over the Chinese names (built on first use)."""
        if getattr(self, "_chinese_index", None) is None:
            labels = {entry.id: entry.label for entry in self.entries.values()}
            self._chinese_index = chinese.ChineseIndex(self.chinese_names, labels)
        return self._chinese_index

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_chinese_index": None, "_names_zh": None}  # rebuilt on first use, not pickled

    def annotated_id(self, folded: str) -> str | None:
        """The id a folded mention text was most often annotated with in the corpora (ties: the smaller id)."""
        counts = self.annotations.get(folded)
        return max(counts, key=lambda entry_id: (counts[entry_id], entry_id)) if counts else None

    def __len__(self) -> int:
        return len(self.entries)

    # building ------------------------------------------------------------------------------------------------
    @classmethod
    def load_or_build(cls, settings: Settings, include_dev: bool | None = None) -> "Vocabulary":
        """The cached vocabulary for the current input files, building (and caching) it when they changed.

        ``include_dev``: read the dev splits' annotations too (default: ``settings.vocabulary_dev_annotations``);
        pass ``False`` for anything measured or tuned on a dev split.
        """
        include_dev = settings.vocabulary_dev_annotations if include_dev is None else include_dev
        variant = "shipped" if include_dev else "tuning"
        digest = input_digest(settings.data_dir, variant)
        cache = settings.home / "vocabulary" / f"vocabulary-{variant}-{digest[:16]}.pkl"
        if cache.exists():
            with cache.open("rb") as handle:
                vocabulary = pickle.load(handle)
            freeze_long_lived()  # read-only for the rest of the process: no collection walks it again
            return vocabulary
        if not settings.data_dir.is_dir():  # an empty vocabulary would replace the good cache and link nothing
            raise DataMissing(f"the data folder {settings.data_dir} does not exist, so no vocabulary can be built; "
                              "set MEDKG_DATA_DIR to the folder of the public data sets (shared/data)")
        vocabulary = cls.build(settings.data_dir, digest=digest, include_dev=include_dev)
        cache.parent.mkdir(parents=True, exist_ok=True)
        stale = [*cache.parent.glob(f"vocabulary-{variant}-*.pkl"), *cache.parent.glob("vocabulary-" + "?" * 16 + ".pkl")]
        for old in stale:  # this variant's older builds, and builds from before the variants
            old.unlink()
        temporary = cache.with_suffix(".tmp")
        try:
            with temporary.open("wb") as handle:
                pickle.dump(vocabulary, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as error:
            temporary.unlink(missing_ok=True)  # never a half-written cache
            if error.errno != errno.ENOSPC:
                raise
            raise DiskFull(f"no space left on the device: could not write the vocabulary cache {cache} ({error}); "
                           f"free some space under {settings.home} and run the command again") from error
        temporary.replace(cache)
        freeze_long_lived()
        return vocabulary

    @classmethod
    def build(
        cls, data_dir: Path, report: ReadReport | None = None, digest: str = "", include_dev: bool = False,
    ) -> "Vocabulary":
        """Read every available curated file under ``data_dir`` and resolve identities (missing folders skipped);
        the corpus annotations come from the training splits, and the dev splits too when ``include_dev``."""
        report = report or ReadReport()
        resolver = IdentityResolver()

        def folder(name: str) -> Path | None:
            path = data_dir / name
            return path if path.is_dir() else None

        if (path := folder("mesh-2015")) is not None:
            resolver.add_mesh(concepts.mesh(path, report))
        if (path := folder("disease-ontology")) is not None:
            resolver.add_disease_ontology(list(concepts.disease_ontology(path, report)))
        if (path := folder("drugcentral-2016")) is not None:
            resolver.add_drugcentral(list(concepts.drugcentral(path, report)))
            resolver.add_concepts(concepts.drugcentral_classes(path, report))
        for name, reader in (("hetionet", concepts.hetionet), ("sider4", concepts.sider_side_effects),
                             ("pharmacotherapydb", concepts.pharmacotherapydb)):
            if (path := folder(name)) is not None:
                resolver.add_concepts(reader(path, report))
        if (path := folder("drugcentral-2016")) is not None:
            resolver.add_names_only(concepts.drugcentral_indication_names(path, report))
        if (path := folder("mesh-2024-terms")) is not None:
            add_mesh_2024(resolver, path, report)
        resolver.merge_same_names()
        resolver.merge_conditions()
        resolver.add_brand_names(concepts.label_brand_names(
            data_dir / "fda-labels-full" / "manifest.tsv", data_dir / "openfda" / "harmonized.small.jsonl", report))
        by_text = resolver.add_annotations(corpus.training_annotations(data_dir, report, include_dev))
        entries = {
            key: VocabularyEntry(e.id, e.label, e.name, tuple(e.synonyms), tuple(e.xrefs), tuple(e.sources),
                                 tuple(e.also))
            for key, e in resolver.entries.items()
        }
        lay = tuple(read_lay_terms(LAY_TERMS, entries, report))
        annotations = {text: dict(counts) for text, counts in by_text.items()}
        vocabulary = cls(entries, resolver.sorted_aliases(), annotations, lay, digest, resolver.stats)
        vocabulary.chinese_names = tuple(read_all_chinese(vocabulary, data_dir, report))
        return vocabulary


def read_all_chinese(vocabulary: Vocabulary, data_dir: Path, report: ReadReport) -> Iterator[chinese.ChineseName]:
    """The openly licensed Chinese names of ``zh-medical-terms`` and the curated file, one row per (name, id)."""
    findings = chinese.finding_name_index((e.id, e.label, e.name, e.synonyms) for e in vocabulary.entries.values())
    names = [*chinese.read_chinese_names(data_dir, vocabulary.canonical_id, findings, report),
             *chinese.read_curated(chinese.CURATED, vocabulary.entries, report)]
    seen: set[tuple[str, str]] = set()
    for name in sorted(names, key=lambda name: not name.preferred):
        if (name.text, name.id) not in seen:
            seen.add((name.text, name.id))
            yield name


def add_mesh_2024(resolver: IdentityResolver, folder: Path, report: ReadReport) -> None:
    """Identity rules 8 and 9: MeSH 2024 entry terms, newer descriptors and supplementary concept records."""
    records = list(concepts.mesh_supplementary_records(folder, report))
    resolver.add_mesh_entry_terms(concepts.mesh_entry_terms(folder, report), {record.id for record in records})
    resolver.add_supplementary_records(records, SUPPLEMENTARY_KINDS)


def read_lay_terms(path: Path, entries: dict[str, VocabularyEntry], report: ReadReport) -> Iterator[LayTerm]:
    """The curated lay-term / abbreviation file: ``term, id, kind``; rows naming an unknown id are reported."""
    for line, row in read_tsv_dicts(path, report):
        if row["id"] not in entries:
            report.problem(path, line, "unknown id", row["id"])
            continue
        yield LayTerm(row["term"], row["id"], row["kind"])


def input_digest(data_dir: Path, variant: str = "tuning") -> str:
    """A checksum over the build version, the variant, the lay-term file and every vocabulary input file present."""
    digest = hashlib.sha256(f"{BUILD_VERSION}/{variant}".encode())
    paths = [LAY_TERMS, chinese.CURATED] + [data_dir / folder / name for folder, names in INPUT_FILES.items() for name in names]
    for path in paths:
        if path.exists():
            digest.update(str(path.relative_to(path.parent.parent)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for module in ("annotations", "chinese", "concepts", "identity", "normalize", "readers", "vocabulary"):
        digest.update(Path(__file__).with_name(f"{module}.py").read_bytes())
    return digest.hexdigest()


