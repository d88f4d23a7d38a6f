"""Chinese names of vocabulary entries, and linking Chinese mentions (no word spaces) to them.

Names come from ``zh-medical-terms`` (``../shared/data``; SOURCE.md there) joined to our ids through codes first and
English names second, plus the small curated file ``zh_terms.tsv`` beside this module (everyday names and
abbreviations: 心梗, 心衰, 慢阻肺 …). Every name keeps its source. By default only openly licensed names are read:

- ``doid-zh.tsv``: Disease Ontology diseases via their ICD-10-CM cross-references or English names → WHO ICD-10 zh
  (GPL-3.0+), 国家临床版 2.0 (public standard), Taiwan ICD-10-CM (OGDL-TW v1.0, converted with OpenCC);
- ``drugcentral-zh.tsv``: DrugCentral drugs → WHO essential-medicines zh names (GPL-3.0+);
- ``mesh-symptom-zh.tsv``: MeSH symptoms → HPO zh, WHO, Taiwan; ``hp-zh.babelon.tsv``: every official HPO Chinese
  label whose English label is the name or a synonym of a finding entry (symptom, side effect or condition).

Opt-in only (``restricted=True``): rows that come from CMeKG (upstream terms unclear) and the SIDER-derived
side-effect table (CC BY-NC-SA).

Matching is on a normalised key (``zh_key``): Traditional → Simplified (OpenCC ``t2s``), full-width → half-width,
Roman and Chinese numerals before 型/度/期/级/类 → Arabic digits (II型, 二型, 第二型 → 2型), punctuation, spaces
and ICD dagger notes dropped. ``ChineseIndex.find_all`` takes the longest known name at each position of a text
(forward maximum matching); ``ChineseIndex.link`` scores one mention: an exact key, else the nearest name by
character similarity, with the English linker's threshold discipline.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import TypeVar

from graph.models import NodeLabel
from vocabulary.normalize import fold
from vocabulary.readers import ReadReport, read_tsv_dicts

FOLDER = "zh-medical-terms"
CURATED = Path(__file__).with_name("zh_terms.tsv")
INPUT_FILES = ("doid-zh.tsv", "drugcentral-zh.tsv", "mesh-symptom-zh.tsv", "hp-zh.babelon.tsv")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
RESIDUAL = re.compile(r"其他|未特指|他处|不可归类|未分类")  # residual ICD categories: never a synonym of a named concept
DAGGER_NOTE = re.compile(r"[(（][A-Z]\d{2}[^)）]*[)）]")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_CHINESE_DIGITS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
_COUNTED = "型度期级类相"  # words a numeral counts: 2型, II度, 三期
_ROMAN_BEFORE = re.compile(rf"(?<![a-z])(iv|vi|v|i{{1,3}})(?=[{_COUNTED}])")
_CHINESE_BEFORE = re.compile(rf"第?([一二两三四五六])(?=[{_COUNTED}])")
_ARABIC_BEFORE = re.compile(rf"第(\d)(?=[{_COUNTED}])")
_NOT_KEPT = re.compile(r"[^\w]|_")
SOURCE_OF_FILE = {
    "icd10-who-zh.tsv": "who-icd10-zh", "icd10-cn-clinical-2.0.tsv": "cn-clinical-2.0",
    "icd10cm-tw-2023.tsv.gz": "tw-icd10cm", "hp-zh.babelon.tsv": "hpo-zh", "who-eml-zh.tsv": "who-eml-zh",
    "cmekg-entities.tsv": "cmekg", "cmekg-triples.tsv.gz": "cmekg",
}
RESTRICTED_SOURCES = frozenset({"cmekg", "sider-derived"})
FINDING_PREFERENCE = {NodeLabel.PHENOTYPE: 0, NodeLabel.ADVERSE_EVENT: 1, NodeLabel.DISEASE: 2}
# Clinical-record modifiers that do not change the concept at the vocabulary's granularity: differentiation and
# grade, TNM stage, "after surgery / chemotherapy", "to be investigated", laterality, brackets (a variant key only).
MODIFIERS = re.compile(
    r"[高中低]?[-至]?[高中低](?:度)?分化|\d?[-~]?\d?级|p?t\d[a-c]?n\d[a-c]?m[\dx0o]|[ivx]+[a-c]?期|"
    r"术后.*$|(?:综合)?治疗后$|分期.*$|待查$|复发$|化疗$|根治$|^[左右双]侧?|型$")
SUFFIX_VARIANTS = (("恶性肿瘤", "癌"), ("癌", "恶性肿瘤"), ("ca", "癌"), ("mt", "恶性肿瘤"), ("病", ""), ("症", ""))
NEGATIONS = frozenset("非无不未")
NOT_VARIED = frozenset({NodeLabel.DRUG, NodeLabel.DRUG_CLASS, NodeLabel.GENE})
# Prefixes that make another drug of a name: levo-/dextro- (左, 右), folinic (亚叶酸), racemic, nor- (去甲), compound
DRUG_NAME_PREFIXES = ("左", "右", "消旋", "去甲", "亚", "复方")
VARIANT_FACTOR = 0.95  # a name reached only through a modifier or suffix rule
T = TypeVar("T")
MIN_KEY = 2  # one character names nothing reliably (痛, 热)
GENERIC = frozenset({"疾病", "症状", "体征", "综合征", "药物", "疾患", "障碍", "病变", "异常", "感染", "肿瘤"})
FORM_WEIGHTS = {"name": 1.0, "synonym": 0.98, "curated": 0.99}
NORMALISED_FACTOR = 0.97  # the key matched only after numeral / script normalisation
FUZZY_FACTOR, FUZZY_FLOOR, FUZZY_K = 0.92, 0.75, 20


@dataclass(frozen=True)
class ChineseName:
    text: str
    id: str
    source: str
    preferred: bool = False


@dataclass(frozen=True)
class ChineseMatch:
    id: str
    text: str  # as written in the mention or text
    name: str  # the vocabulary's Chinese name it matched
    score: float
    method: str  # exact, normalised, fuzzy
    start: int = 0
    end: int = 0


# normalisation -------------------------------------------------------------------------------------------------
@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text))


def simplified(text: str) -> str:
    """Traditional characters and Taiwanese variants → Simplified (OpenCC ``t2s``)."""
    return _converter().convert(text) if has_chinese(text) else text


# Everyday words and the written words of names that mean the same, read as the written one in every key (names and
# mentions alike, so either spelling meets the other): 疼 is 痛 ("关节疼" = "关节痛"), 怕 is 畏 ("怕光" = "畏光"), 发痒
# is 瘙痒, 不清 is 模糊 ("意识不清" = "意识模糊"), 发硬 is 僵硬; and the everyday words of body parts: 胸口 is 胸
# ("胸口疼" = "胸痛"), 眼睛 眼, 肚子 腹 ("肚子胀" = "腹胀"), 膝盖 膝, 肩膀 肩, 嗓子 咽 ("嗓子疼" = "咽痛")
ZH_EVERYDAY = (("疼", "痛"), ("怕", "畏"), ("发痒", "瘙痒"), ("不清", "模糊"), ("发硬", "僵硬"), ("胸口", "胸"),
               ("眼睛", "眼"), ("肚子", "腹"), ("膝盖", "膝"), ("肩膀", "肩"), ("嗓子", "咽"))


def zh_key(text: str) -> str:
    """The matching key of a Chinese name: ``"第II型 糖尿病"``, ``"二型糖尿病"``, ``"2型糖尿病"`` → ``"2型糖尿病"``;
    ``"氣喘"`` → ``"气喘"``; ``"关节疼"`` → ``"关节痛"`` (``ZH_EVERYDAY``)."""
    text = DAGGER_NOTE.sub("", simplified(unicodedata.normalize("NFKC", text))).lower()
    text = _NOT_KEPT.sub("", text)
    text = _ROMAN_BEFORE.sub(lambda m: _ROMAN[m.group(1)], text)
    text = _CHINESE_BEFORE.sub(lambda m: _CHINESE_DIGITS[m.group(1)], text)
    text = _ARABIC_BEFORE.sub(r"\1", text)
    for word, written in ZH_EVERYDAY:
        text = text.replace(word, written)
    return text


def first_chinese(texts: Iterable[str]) -> str | None:
    """The first of ``texts`` written in Chinese characters (a graph node's Chinese synonym), or None."""
    return next((text for text in texts if has_chinese(text)), None)


def shown_name(name: str, name_zh: str | None, language: str) -> str:
    """An entity's name as text in ``language`` shows it: in Chinese its Chinese name with the English beside it
    ("二甲双胍 (Metformin)"), else the English name."""
    return f"{name_zh} ({name})" if language == "zh" and name_zh else name


def clean_name(text: str) -> str:
    """A name as shown: without ICD dagger notes and surrounding spaces."""
    return DAGGER_NOTE.sub("", text).strip()


# reading ---------------------------------------------------------------------------------------------------------
def read_chinese_names(
    data_dir: Path, canonical: Callable[[str], str | None], finding_names: dict[str, tuple[str, ...]], report: ReadReport,
    restricted: bool = False,
) -> Iterator[ChineseName]:
    """Chinese names joined to canonical ids. ``canonical`` maps any id to the canonical one; ``finding_names``
    maps folded English names of finding entries to their id (for HPO labels). Without ``restricted`` only openly
    licensed rows; with it only the opt-in ones (CMeKG rows, the SIDER-derived table). An HPO label names every
    finding entry of its English name (a MeSH symptom and a SIDER side effect of one name are one concept)."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return
    tables = (("doid-zh.tsv", "doid", ""), ("drugcentral-zh.tsv", "drug_id", "DRUGCENTRAL:"),
              ("mesh-symptom-zh.tsv", "mesh_id", "MESH:"))
    if restricted:
        tables += (("sider-side-effect-zh.tsv", "umls_cui", "UMLS:"),)
    for file_name, id_column, prefix in tables:
        path = folder / file_name
        if not path.exists():
            continue
        for line, row in read_tsv_dicts(path, report):
            source = "sider-derived" if file_name.startswith("sider") else SOURCE_OF_FILE.get(row["source_file"], "")
            if (source in RESTRICTED_SOURCES) != restricted or not row.get("name_zh"):
                continue
            preferred = row.get("preferred") == "1"
            if RESIDUAL.search(row["name_zh"]) and not preferred:
                continue
            entry_id = canonical(f"{prefix}{row[id_column]}")
            if entry_id is None:
                report.problem(path, line, "id not in vocabulary", row[id_column])
                continue
            yield ChineseName(clean_name(row["name_zh"]), entry_id, source or row["source_file"], preferred)
    hpo = folder / "hp-zh.babelon.tsv"
    if not restricted and hpo.exists():
        for _, row in read_tsv_dicts(hpo, report):
            for entry_id in finding_names.get(fold(row.get("source_value", "")), ()) if row.get("translation_value") else ():
                yield ChineseName(clean_name(row["translation_value"]), entry_id, "hpo-zh")


def finding_name_index(entries: Iterable[tuple[str, NodeLabel, str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """Folded English names and synonyms of finding entries (symptom, side effect, condition) → their ids."""
    ids: dict[str, dict[str, None]] = defaultdict(dict)
    for entry_id, label, name, synonyms in entries:
        if label in FINDING_PREFERENCE:
            for text in (name, *synonyms):
                if key := fold(text):
                    ids[key][entry_id] = None
    return {key: tuple(found) for key, found in ids.items()}


def read_curated(path: Path, known: Collection[str], report: ReadReport) -> Iterator[ChineseName]:
    """The curated file (``term, id, name``: the English name is for the reader); unknown ids are reported."""
    for line, row in read_tsv_dicts(path, report):
        if row["id"] not in known:
            report.problem(path, line, "unknown id", row["id"])
            continue
        yield ChineseName(row["term"], row["id"], "medkg-curated")


# linking -----------------------------------------------------------------------------------------------------------
class ChineseIndex:
    """Normalised Chinese keys → ``{id: weight}``, with longest-match search over running text and fuzzy lookup of
    single mentions. ``labels`` (id → NodeLabel) lets callers restrict matches to kinds of entity."""

    def __init__(self, names: Iterable[ChineseName], labels: dict[str, NodeLabel]) -> None:
        self.labels = labels
        self.keys: dict[str, dict[str, float]] = defaultdict(dict)
        self.shown: dict[str, str] = {}  # key → a name as written
        self.written: dict[str, set[str]] = defaultdict(set)  # key → the names as written (lower case, no spaces)
        for name in names:
            key = zh_key(name.text)
            if len(key) < MIN_KEY or not has_chinese(key) or key in GENERIC:
                continue
            kind = "curated" if name.source == "medkg-curated" else "name" if name.preferred else "synonym"
            weight = FORM_WEIGHTS[kind]
            if weight > self.keys[key].get(name.id, 0.0):
                self.keys[key][name.id] = weight
            self.shown.setdefault(key, name.text)
            self.written[key].add(_NOT_KEPT.sub("", name.text.lower()))
        self.longest = max((len(key) for key in self.keys), default=0)
        self._grams: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def _best(self, key: str, labels: Collection[NodeLabel] | None) -> tuple[str, float] | None:
        ids = {i: w for i, w in self.keys.get(key, {}).items() if not labels or self.labels.get(i) in labels}
        if not ids:
            return None
        return max(ids.items(), key=lambda item: (item[1], _prefix_rank(item[0]), item[0]))

    def link(self, mention: str, labels: Collection[NodeLabel] | None = None) -> ChineseMatch | None:
        """The best entry for one mention: exact key (1.0 or the form's weight; ×0.97 when only the normalised
        form matched), else the most similar name (×0.92 of a character similarity of at least 0.75)."""
        candidates = self.candidates(mention, 1, labels)
        return candidates[0] if candidates else None

    def candidates(self, mention: str, k: int = 5, labels: Collection[NodeLabel] | None = None) -> list[ChineseMatch]:
        key = zh_key(mention)
        exact = self._best(key, labels)
        if exact is not None:
            written = _NOT_KEPT.sub("", mention.lower())
            literal = written == key or written in self.written.get(key, ())  # a name as written, or its key
            score = exact[1] * (1.0 if literal else NORMALISED_FACTOR)
            return [ChineseMatch(exact[0], mention, self.shown[key], round(score, 4),
                                 "exact" if literal else "normalised", 0, len(mention))]
        # The variant rules are a diagnosis's: 左 is laterality in 左侧肺癌, but 左氧氟沙星 is levofloxacin.
        diagnoses = set(labels or NodeLabel) - NOT_VARIED
        for variant in variant_keys(key) if diagnoses else ():
            found = self._best(variant, diagnoses)
            if found is not None:
                return [ChineseMatch(found[0], mention, self.shown[variant], round(found[1] * VARIANT_FACTOR, 4),
                                     "variant", 0, len(mention))]
        return self._fuzzy(mention, key, k, labels)

    def _fuzzy(self, mention: str, key: str, k: int, labels: Collection[NodeLabel] | None) -> list[ChineseMatch]:
        if len(key) < MIN_KEY:
            return []
        counts: dict[str, int] = defaultdict(int)
        for gram in _bigrams(key):
            for candidate in self.grams.get(gram, ()):
                counts[candidate] += 1
        shortlist = sorted(counts, key=lambda c: (-counts[c], abs(len(c) - len(key)), c))[:FUZZY_K * 5]
        scored: dict[str, tuple[float, str]] = {}
        for candidate in shortlist:
            ratio = SequenceMatcher(None, key, candidate).ratio()
            best = self._best(candidate, labels)
            if ratio < FUZZY_FLOOR or best is None or not _inserted_only(key, candidate):
                continue
            if self.labels.get(best[0]) in NOT_VARIED and key.endswith(candidate) \
                    and another_drug_before(key, len(key) - len(candidate)):
                continue  # 左氧氟沙星 is not a spelling of 氧氟沙星
            score = FUZZY_FACTOR * ratio * best[1]
            if score > scored.get(best[0], (0.0, ""))[0]:
                scored[best[0]] = (score, candidate)
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:k]
        return [ChineseMatch(i, mention, self.shown[c], round(s, 4), "fuzzy", 0, len(mention)) for i, (s, c) in ranked]

    @property
    def grams(self) -> dict[str, list[str]]:
        if self._grams is None:
            grams: dict[str, list[str]] = defaultdict(list)
            for key in self.keys:
                for gram in set(_bigrams(key)):
                    grams[gram].append(key)
            self._grams = dict(grams)
        return self._grams

    def find_all(self, text: str, labels: Collection[NodeLabel] | None = None) -> list[ChineseMatch]:
        """Known names in running text, longest first at each position, not overlapping, in reading order."""
        def lookup(start: int, end: int) -> ChineseMatch | None:
            span = text[start:end]
            key = zh_key(span)
            best = self._best(key, labels)
            if best is None or (self.labels.get(best[0]) in NOT_VARIED and another_drug_before(text, start)):
                return None
            literal = _NOT_KEPT.sub("", span.lower()) == key
            return ChineseMatch(best[0], span, self.shown[key], round(best[1] * (1.0 if literal else NORMALISED_FACTOR), 4),
                                "exact" if literal else "normalised", start, end)

        return [match for _, _, match in scan(text, self.longest, lookup)]


def another_drug_before(text: str, start: int) -> bool:
    """Whether the drug name at ``start`` is the end of another drug's name: 左氧氟沙星 (levofloxacin) is not
    氧氟沙星 (ofloxacin), 亚叶酸 (folinic acid) not 叶酸 (folic acid)."""
    return text[:start].endswith(DRUG_NAME_PREFIXES)


def longest_matches(text: str, names: dict[str, str]) -> list[tuple[str, str]]:
    """``(span, value)`` for each name of ``names`` (keyed by ``zh_key``) in ``text``, longest at each position,
    in reading order (the query layer's fallback over the curated file when no vocabulary is loaded)."""
    longest = max((len(key) for key in names), default=0)
    return [(text[start:end], value) for start, end, value in scan(text, longest, lambda s, e: names.get(zh_key(text[s:e])))]


def scan(text: str, longest: int, lookup: Callable[[int, int], T | None]) -> list[tuple[int, int, T]]:
    """Forward maximum matching: at each position the longest span (of at most ``longest`` key characters, plus a
    few that normalisation may drop) that ``lookup(start, end)`` knows; unknown characters are skipped."""
    found: list[tuple[int, int, T]] = []
    start = 0
    while start < len(text):
        for end in range(min(len(text), start + longest + 4), start + MIN_KEY - 1, -1):
            span = text[start:end]
            if not _clean_edges(span) or len(key := zh_key(span)) < MIN_KEY or not has_chinese(key):
                continue
            value = lookup(start, end)
            if value is not None:
                found.append((start, end, value))
                start = end
                break
        else:
            start += 1
    return found


def states_all(mention: str, name: str) -> bool:
    """Whether every character of ``name`` appears, in order, in ``mention`` (胃窦癌 states 胃癌; 肿大 does not state
    脾肿大)."""
    rest = iter(mention)
    return all(char in rest for char in name)


def _inserted_only(one: str, other: str) -> bool:
    """Whether the shorter key is the longer one with characters left out (急性心肌梗死 / 心肌梗死), none of them a
    negation (慢性非萎缩性胃炎 is no 慢性萎缩性胃炎): in Chinese one character is one morpheme, so a substituted
    one changes the concept (肝功能不全 / 肾功能不全)."""
    short, long = sorted((one, other), key=len)
    if not states_all(long, short):
        return False
    inserted = set(long) - set(short)
    return not inserted & NEGATIONS


def variant_keys(key: str) -> list[str]:
    """Keys a mention may also be known by: without clinical-record modifiers, with 癌 ⇔ 恶性肿瘤 and the record
    shorthand ca / mt, without a final 病 / 症."""
    stripped, previous = key, ""
    while stripped != previous:  # 直肠癌根治术后 → 直肠癌根治 → 直肠癌
        previous, stripped = stripped, MODIFIERS.sub("", stripped)
    found = [stripped] if stripped != key else []
    for text in (key, stripped):
        for suffix, replacement in SUFFIX_VARIANTS:
            if text.endswith(suffix) and len(text) > len(suffix):
                found.append(text[: -len(suffix)] + replacement)
    return [variant for variant in dict.fromkeys(found) if len(variant) >= MIN_KEY and variant != key]


def _clean_edges(span: str) -> bool:
    return not (_NOT_KEPT.match(span[0]) or _NOT_KEPT.match(span[-1]))


def _bigrams(key: str) -> list[str]:
    return [key[i:i + 2] for i in range(len(key) - 1)] or [key]


def _prefix_rank(entry_id: str) -> int:
    return {"MESH": 3, "DOID": 2, "DRUGCENTRAL": 1}.get(entry_id.partition(":")[0], 0)
