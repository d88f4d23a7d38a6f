"""Chinese problem and drug mentions that no graph name matches, found by how Chinese clinical terms are built.

A Chinese diagnosis is a head noun with modifiers in front of it (胃体小弯溃疡型管状**腺癌**, 慢性萎缩性**胃炎**,
子宫多发**肌瘤**), and a Chinese generic drug name carries the Chinese form of its INN stem (奥沙利**铂** -platin,
伊马**替尼** -tinib, 帕妥珠**单抗** -mab, 卡培**他滨** -citabine). A record names far more of both than any
vocabulary holds in Chinese, so the note reader also takes:

- a run of term characters that ends in a diagnosis head (``PROBLEM_HEADS``) and does not go on into another word
  (肿瘤**科**, 病**理**, 癌**胚**抗原) or into a procedure (胃癌**根治术**);
- a run that ends in a drug stem (``DRUG_STEMS``, the stems of China's generic-name rules for INN stems), with its
  dosage form (卡培他滨**片**); a brand name written right before a dose (希罗达 1.5g) is a drug too.

The run starts after punctuation, a number or a cue word (诊断为, 考虑, 予, 无 …), at most ``MAX_CHARS`` long.
Each span is then linked through the vocabulary's Chinese index (exact key, record variants such as 癌 ⇔ 恶性肿瘤,
then the fuzzy rule) and, failing that, through its shorter right-hand parts (家属认同直肠癌 → 直肠癌); the mention
becomes the shortest part that names the linked node. What links to no graph node stays in the note as an unlinked
problem or drug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from graph.models import NodeLabel
from vocabulary.chinese import another_drug_before

# Longest first where one ends another (综合征 before 征 is not listed; 恶性肿瘤 before 肿瘤 before 瘤).
PROBLEM_HEADS = (
    "综合征", "综合症", "恶性肿瘤", "肿瘤", "转移瘤", "癌", "瘤", "炎", "病", "症", "息肉", "溃疡", "囊肿", "结石", "梗阻",
    "梗死", "梗塞", "积液", "增生", "出血", "骨折", "感染", "衰竭", "功能不全", "狭窄", "硬化", "结节", "占位",
    "畸形", "损伤", "中毒", "穿孔", "脱垂", "疝", "瘘", "栓塞", "血栓形成", "血栓", "转移", "抑制", "异型增生",
    "内瘤变", "脓肿", "坏死", "水肿", "积水", "破裂", "扩张", "失常", "缺血", "缺损", "肥大", "肿大",
)
# Words that end in a head but name no problem: onset (发病, 起病), treatment (对症, 抗感染, 消炎), a contraindication
# to surgery (手术禁忌症).
NOT_A_TERM = re.compile(r"(?:发|起|患|就|看|治|致)病$|对症$|(?:消|抗)炎$|(?:抗|防|控制)感染$|禁忌症$")
FINDING_HEADS = frozenset({"积液", "出血", "水肿", "积水", "肿大", "增生", "扩张", "结节", "占位", "抑制",
                           "狭窄", "坏死", "缺血", "肥大", "转移"})
# Characters after a head that make it part of another word: 病理 (pathology), 病灶, 病人, 病房, 病程, 病情, 病例,
# 病毒 (virus), 病原, 病因, 病历, 癌胚 (CEA), 症状, 肿瘤科 / 医院 / 标志物, 炎症 (the word "inflammation").
NOT_A_HEAD_BEFORE = frozenset("理灶人房区程情例毒原因历胚状科院标指症性史")
# A procedure named after its disease: 胃癌根治术, 直肠癌切除术 (but 直肠癌术后 is the disease, treated).
PROCEDURE_AFTER = re.compile(r"(?:根治|切除|扩大根治|姑息|手)?术(?!后)|根治术|切除术")
DRUG_STEMS = (
    "铂", "他滨", "替尼", "单抗", "替康", "比星", "紫杉醇", "他赛", "长春碱", "长春新碱", "尿嘧啶", "替加氟", "吉奥",
    "非尼", "蝶呤", "磷酰胺", "沙星", "霉素", "西林", "培南", "环素", "康唑", "拉唑", "替丁", "洛韦", "司他韦", "洛尔", "地平",
    "普利", "沙坦", "他汀", "列汀", "双胍", "两胍", "格列", "格雷", "沙班", "肝素", "胰岛素", "米松", "尼松", "尼龙",
    "西泮", "唑仑", "司琼", "洛芬", "昔布", "膦酸", "曲坦", "卡因", "噻嗪", "塞米", "西汀", "普兰", "哌酮", "哌隆",
    "氮平", "硫平", "西平", "波糖", "司钠", "唑胺", "地尔", "莫司", "珠单抗",
)
DRUG_PREFIXES = ("头孢",)  # 头孢曲松, 头孢他啶: the stem comes first
DOSAGE_FORMS = ("脂质体", "缓释片", "控释片", "肠溶片", "注射液", "注射剂", "胶囊", "颗粒", "片", "针", "口服液", "滴眼液", "软膏", "乳膏")
MAX_CHARS = 16
MIN_CHARS = 2
# Words that end a run on their left: the term starts after them. Longest first.
CUE_WORDS = tuple(sorted((
    "诊断为", "诊断", "考虑为", "考虑", "提示", "出现", "发现", "确诊为", "确诊", "合并", "继发", "既往", "怀疑", "疑似",
    "明确", "符合", "病理示", "病理", "伴有", "并发", "患有", "患", "诊为", "示", "为", "因", "于", "行", "有", "无", "未",
    "伴", "及", "和", "或", "并", "见", "予", "给予", "予以", "加用", "改用", "口服", "静滴", "静脉滴注", "服用", "使用",
    "应用", "联合", "方案", "含", "否认", "排除", "除外", "所致", "引起", "导致", "后", "前", "时", "的", "是", "在", "从",
    "曾", "经", "以", "至", "致", "呈", "可", "可见", "拟", "再", "又", "及其", "与", "等", "仍", "已", "均", "较", "约",
    "多次", "反复", "明显", "少量", "大量", "部分", "少许", "多枚", "多个", "数个", "一个", "个别", "患者", "病人",
    "开始", "继续", "停用", "改为", "换用", "静推", "皮下", "注射", "当地", "到", "家属", "同意", "拒绝", "分离",
    "减量", "加量", "剂量", "包括", "追问", "疑为", "可疑", "疑", "术后", "化疗", "入院", "我院", "外院", "查", "检查",
    "复查", "ct", "mri",
), key=len, reverse=True))
# One-character cues that end a run wherever they stand (the others only where no known word holds them)
ALWAYS_CUES = frozenset("的因于伴予示及和或")
COUNTED = "型度期级"
TERM_CHAR = re.compile(r"[\u3400-\u9fffa-z0-9\-]")
# A dose after a name; volumes (ml) are left out: drainage, urine and blood loss are measured in them too.
DOSE_AFTER = re.compile(r"\s*[:：]?\s*\d+(?:\.\d+)?\s*(?:mg|g|ug|μg|mcg|iu|u|万?单位|毫克|微克|克)(?![a-z/])",
                        re.IGNORECASE)
NOT_A_DRUG_BEFORE_DOSE = re.compile(r"[量液重压]$")  # 尿量, 引流液, 体重, 血压 — measurements, not drugs

SpanLinker = Callable[[str, bool], tuple[str, str] | None]  # (span, is_drug) → (graph id, method) or None


def problem_spans(text: str, words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans that end in a diagnosis head, each the longest run of term characters before it (``words``: the
    character pairs of known Chinese names, ``known_pairs``)."""
    folded = text.lower()
    found: list[tuple[int, int]] = []
    for end in range(1, len(text) + 1):
        head = next((h for h in PROBLEM_HEADS if folded.endswith(h, 0, end)), None)
        if head is None or (end < len(text) and folded[end] in NOT_A_HEAD_BEFORE):
            continue
        if PROCEDURE_AFTER.match(folded, end):
            continue
        if end < len(text) and any(folded.startswith(h, end) for h in PROBLEM_HEADS if len(h) > 1):
            continue  # 肺癌转移 → the run goes on to a longer head
        start = run_start(folded, end - len(head), end, words)
        # a finding's head needs the organ it is about in front of it (脾肿大, 盆腔积液; not 肿大 or 多枚肿大)
        modifiers = 2 if head in FINDING_HEADS else 1
        if end - start >= max(MIN_CHARS, len(head) + modifiers) and not NOT_A_TERM.search(folded[start:end]):
            found.append((start, end))
    return _outermost(found)


def drug_spans(text: str, words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans that end in a drug stem (with a dosage form after it) or start with a stem prefix, and Chinese names
    written right before a dose."""
    folded = text.lower()
    found: list[tuple[int, int]] = []
    for end in range(1, len(text) + 1):
        stem = next((s for s in DRUG_STEMS if folded.endswith(s, 0, end)), None)
        if stem is None or any(folded.startswith(s, end) for s in DRUG_STEMS):
            continue  # 紫杉醇 goes on: the longest stem ends the name
        start = run_start(folded, end - len(stem), end, words)
        end += _form_at(folded, end)
        if end - start >= MIN_CHARS and _chinese(folded[start:end]):
            found.append((start, end))
    for prefix in DRUG_PREFIXES:
        for match in re.finditer(re.escape(prefix) + r"[\u3400-\u9fff]{1,4}", folded):
            found.append(match.span())
    for match in DOSE_AFTER.finditer(folded):
        end = match.start()
        start = run_start(folded, end, end, words)
        if 2 <= end - start <= 8 and _chinese(folded[start:end]) and not NOT_A_DRUG_BEFORE_DOSE.search(folded[:end]):
            found.append((start, end))
    return _outermost(found)


def run_start(folded: str, head_start: int, end: int, words: frozenset[str] = frozenset()) -> int:
    """Where the term ending at ``end`` starts: the run of term characters before its head, cut after the last cue
    word inside it (a one-character cue only where it is not part of a known word, see ``_inside_a_word``), at most
    ``MAX_CHARS`` long."""
    start = head_start
    while start > 0 and end - start < MAX_CHARS and TERM_CHAR.match(folded[start - 1]):
        start -= 1
    while start < head_start and not _chinese(folded[start]):  # a run does not start with digits or letters
        start += 1
    if start > 0 and folded[start] in COUNTED:
        while start > 0 and folded[start - 1].isalnum() and not _chinese(folded[start - 1]):
            start -= 1  # … unless they count: ii型呼吸衰竭, 2型糖尿病
    position = start
    cut = start
    while position < head_start:
        cue = next((c for c in CUE_WORDS if folded.startswith(c, position) and position + len(c) <= head_start), None)
        if cue is not None and not _inside_a_word(folded, position, cue, start, words):
            cut = position + len(cue)
            position = cut
        else:
            position += 1
    return cut


def _inside_a_word(folded: str, position: int, cue: str, start: int, words: frozenset[str]) -> bool:
    """Whether a one-character cue is part of a known word here: 前 in 前列腺癌, 行 in 流行性腮腺炎, 经 in 神经炎, 再 in
    再生障碍性贫血 — two characters that some known name contains (``words``) start or end with it."""
    if len(cue) > 1 or cue in ALWAYS_CUES:
        return False
    return folded[position:position + 2] in words or (position > start and folded[position - 1:position + 1] in words)


def link_span(span: str, is_drug: bool, link: SpanLinker) -> tuple[str, str, int] | None:
    """``(graph id, method, cut)``: the node that the span, or else its longest right-hand part, links to, and the
    shortest right-hand part (from ``cut``) that still links to it — the words that name what is linked
    (家属认同直肠癌 → 直肠癌; 胃体小弯溃疡型管状腺癌 keeps 胃 for gastric adenocarcinoma). A drug links as a whole."""
    if is_drug:  # a drug's name is not built head-last: 左氧氟沙星 is no kind of 氧氟沙星; only its dosage form goes
        form = next((f for f in DOSAGE_FORMS if span.endswith(f) and len(span) - len(f) >= MIN_CHARS), "")
        found = link(span, True) or (link(span[: -len(form)], True) if form else None)
        return (found[0], found[1], 0) if found else None
    parts = [cut for cut in range(0, len(span) - MIN_CHARS + 1) if cut == 0 or _chinese(span[cut])]
    for position, cut in enumerate(parts):
        found = link(span[cut:], is_drug)
        if found is None:
            continue
        best = (found[0], found[1], cut)
        for shorter in parts[position + 1:]:
            again = link(span[shorter:], is_drug)
            if again is not None and again[0] == found[0]:
                best = (again[0], again[1], shorter)
        return best
    return None


def changes_the_name(text: str, start: int, end: int, inside: list[tuple[int, int, object]], is_drug: bool) -> bool:
    """Whether a span that links nowhere is another word than the names tagged inside it, so the span wins: the
    last name does not end it (叶酸 in 亚叶酸钙 — a dosage form after a drug's name does not count), or a drug's name
    has a prefix that makes another drug (左氧氟沙星)."""
    last_start, last_end = max((item[0], item[1]) for item in inside)
    rest = text[last_end:end].lower()
    if rest and not (is_drug and rest in DOSAGE_FORMS):
        return True
    return is_drug and another_drug_before(text[start:last_start], last_start - start)


def problem_label(span: str) -> str:
    """An unlinked problem is a disease unless its head names a finding (积液, 水肿, 出血 …)."""
    head = next((h for h in PROBLEM_HEADS if span.lower().endswith(h)), "")
    return NodeLabel.PHENOTYPE.value if head in FINDING_HEADS else NodeLabel.DISEASE.value


def known_pairs(names: Iterable[str]) -> frozenset[str]:
    """Every two-character sequence of the given Chinese names (the words a one-character cue may be part of)."""
    return frozenset(name[i:i + 2] for name in names for i in range(len(name) - 1) if _chinese(name[i:i + 2]))


def _form_at(folded: str, position: int) -> int:
    return next((len(f) for f in DOSAGE_FORMS if folded.startswith(f, position)), 0)


def _chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside a longer one, in reading order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            if end > kept[-1][1] and start == kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept
