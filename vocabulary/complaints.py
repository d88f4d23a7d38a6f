"""A complaint at a body site, in a patient's words, → the English phrasings a finding name can have.

Patients name a site and what is wrong with it, in an order and wording no dictionary lists: "左臂放射痛" (radiating
pain in the left arm), "夜间手腕痛" (wrist pain at night), "背部僵硬", "stiff back", "swollen ankles". The finding
index knows "Pain in arm", "Wrist pain", "Heart murmurs" in a few English forms, so a complaint is read apart into its
site and its complaint and put back together as "<site> <complaint>", "<complaint> in <site>", "<complaint> of
<site>" (and "<adjective> <site>" for "cold feet"); the caller looks each one up and takes only what the index knows.

The Chinese sites (``body_sites.tsv``, written for medkg from standard anatomical words and their everyday forms, not
from any evaluation set) carry their English nouns and adjectives ("盆腔" → pelvic, pelvis). A Chinese phrase is read
only when it is a site and a complaint and nothing else, after the side ("左", "双侧"), the time ("夜间", "晨起") and
the speaker's words ("感觉", "有点") — so "一只眼闭不上" is left alone, not read as an eye complaint.
Inside a longer phrase (``chinese_complaints_within``) a site is read with the complaint word that follows it within a
few characters ("肩膀尖疼", "体重不知不觉下降"); a site with no complaint word after it still gives nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vocabulary.chinese import simplified
from vocabulary.findings import singular_word
from vocabulary.readers import ReadReport, read_tsv_dicts

BODY_SITES = Path(__file__).with_name("body_sites.tsv")

# Chinese complaint words (longest first when matched) → the English noun, or an adjective written before the site
ZH_COMPLAINTS: dict[str, str] = {
    "放射痛": "pain", "疼痛": "pain", "酸痛": "pain", "胀痛": "pain", "刺痛": "pain", "隐痛": "pain", "绞痛": "pain",
    "剧痛": "pain", "钝痛": "pain", "痛": "pain", "疼": "pain", "不舒服": "discomfort", "不适": "discomfort",
    "僵硬": "stiffness", "发僵": "stiffness", "发硬": "stiffness", "麻木": "numbness", "发麻": "numbness",
    "麻": "numbness", "肿胀": "swelling", "红肿": "swelling", "浮肿": "swelling", "肿": "swelling",
    "瘙痒": "itching", "发痒": "itching", "痒": "itching", "无力": "weakness", "乏力": "weakness", "没劲": "weakness",
    "抽筋": "cramp", "痉挛": "cramp", "杂音": "murmur", "发红": "redness", "压痛": "tenderness", "灼热": "burning",
    "烧灼感": "burning", "烧灼": "burning", "发抖": "tremor", "震颤": "tremor", "肿块": "mass", "包块": "mass",
    "萎缩": "atrophy", "出血": "bleeding", "流血": "bleeding",
    "下降": "loss", "减轻": "loss", "减少": "loss", "减退": "loss", "丧失": "loss", "增加": "gain",
}
ZH_ADJECTIVES: dict[str, str] = {"发凉": "cold", "冰凉": "cold", "发冷": "cold", "发紫": "blue", "发黄": "yellow"}
ZH_LEAD = re.compile(
    r"^(?:(?:感觉|觉得|感到|自觉|有点儿?|有些|一直|总是|经常|反复|持续|偶尔|有时|突然|"
    r"夜间|夜里|晚上|早上|晨起|白天|轻微|严重|剧烈|明显|左侧|右侧|双侧|两侧|一侧|单侧|左|右|双|两)的?)+")
ZH_AFTER_SITE = re.compile(r"^(?:部位|部|处|的|上|里|内|有|出现|长了|长)+")

# English adjectives of a complaint at a site ("stiff back" → back stiffness)
EN_ADJECTIVES: dict[str, str] = {
    "stiff": "stiffness", "swollen": "swelling", "numb": "numbness", "itchy": "itching", "weak": "weakness",
    "sore": "pain", "painful": "pain", "aching": "pain", "achy": "pain", "tender": "tenderness",
    "cramping": "cramp", "burning": "burning", "tingling": "tingling", "red": "redness", "bleeding": "bleeding",
}
EN_NOUNS = frozenset({"lump", "lumps", "mass", "rash", "bleeding", "discharge", "redness", "sore", "sores", "blisters",
                      "ulcer", "ulcers", "swelling", "pain", "numbness", "weakness", "stiffness", "itching"})
EN_NOUN_AT = re.compile(r"^(?P<noun>[a-z]+)\s+(?:in|on|of|from|around)\s+(?:(?:the|my|a|one|both|left|right)\s+)*"
                        r"(?P<site>[a-z]+)$", re.IGNORECASE)
EN_SITED = re.compile(r"^(?:(?:a|my|the|his|her|their|left|right|both)\s+)*(?P<adjective>[a-z]+)\s+"
                      r"(?:(?:left|right|both|lower|upper)\s+)?(?P<site>[a-z]+(?:\s[a-z]+)?)$", re.IGNORECASE)


# what a complaint of loss or gain is said of besides a site ("体重不知不觉下降" is weight loss, "听力减退" hearing loss)
ZH_FACULTIES: dict[str, tuple[str, ...]] = {"体重": ("weight",), "视力": ("vision",), "听力": ("hearing",)}


@cache
def body_sites(path: Path = BODY_SITES) -> dict[str, tuple[str, ...]]:
    """Chinese body-site words → their English nouns and adjectives (``body_sites.tsv``)."""
    report = ReadReport()
    return {simplified(row["zh"]): tuple(row["en"].split("|")) for _, row in read_tsv_dicts(path, report)}


@cache
def chinese_sites() -> dict[str, tuple[str, ...]]:
    """What a Chinese complaint is said of: the body sites and ``ZH_FACULTIES``."""
    return {**body_sites(), **ZH_FACULTIES}


@functools.lru_cache(maxsize=1)
def english_sites() -> frozenset[str]:
    """Every English body-site word ``body_sites.tsv`` gives ("palm", "sole", "feet", "gingival")."""
    return frozenset(word for english in body_sites().values() for word in english)


def site_words(site: str) -> tuple[str, ...]:
    """An English site and the other words ``body_sites.tsv`` gives it ("gum" → gum, gingival; "feet" → foot, feet)."""
    forms = [site]
    for english in body_sites().values():
        if site in english:
            forms.extend(english)
    return tuple(dict.fromkeys(forms))


def phrasings(site: str, complaint: str, adjective: bool = False) -> list[str]:
    """The ways a finding name can put ``complaint`` at ``site`` ("wrist pain", "pain in wrist", "pain of wrist")."""
    if adjective:
        return [f"{complaint} {site}"]
    return [f"{site} {complaint}", f"{complaint} in {site}", f"{complaint} of {site}"]


def chinese_complaint(phrase: str) -> list[str]:
    """English phrasings of a Chinese complaint that is one body site and one complaint ("左臂放射痛" → "arm pain",
    "pain in arm", …); ``[]`` when the phrase is anything more or less."""
    text = ZH_LEAD.sub("", simplified(phrase.strip()))
    sites = chinese_sites()
    for end in range(min(len(text) - 1, 5), 0, -1):
        english = sites.get(text[:end])
        if english is None:
            continue
        rest = ZH_AFTER_SITE.sub("", text[end:])
        if rest in ZH_COMPLAINTS:
            return [p for site in english for p in phrasings(site, ZH_COMPLAINTS[rest])]
        if rest in ZH_ADJECTIVES:
            return [p for site in english for p in phrasings(site, ZH_ADJECTIVES[rest], adjective=True)]
        return []
    return []


SITE_TO_COMPLAINT_GAP = 5  # characters of manner, place or time between a site and its complaint ("肩膀尖疼",
# "肛门刀割样疼", "眼眶周围剧烈刺痛", "头部一跳一跳地疼"), no more


@dataclass(frozen=True)
class SitedComplaint:
    """A body site and the complaint after it inside a longer Chinese phrase, with the span they cover."""

    start: int
    end: int
    phrasings: tuple[str, ...]


def chinese_complaints_within(phrase: str) -> list[SitedComplaint]:
    """Each site of a longer Chinese phrase followed, within ``SITE_TO_COMPLAINT_GAP`` characters and before the next
    site, by a complaint word ("早上下床头几步脚跟疼" → heel pain; "解大便时肛门刀割样疼" → anal pain), left to right;
    a site with no complaint after it gives nothing. Positions are those of the simplified phrase (same length)."""
    text = simplified(phrase)
    sites = _site_spans(text)
    found: list[SitedComplaint] = []
    for number, (start, end) in enumerate(sites):
        limit = min(sites[number + 1][0] if number + 1 < len(sites) else len(text),
                    end + SITE_TO_COMPLAINT_GAP + _LONGEST_COMPLAINT)
        complaint = _first_complaint(text, end, limit)
        if complaint is None:
            continue
        word_start, word = complaint
        if word_start - end > SITE_TO_COMPLAINT_GAP:
            continue
        english = chinese_sites()[text[start:end]]
        made = (ZH_COMPLAINTS[word], False) if word in ZH_COMPLAINTS else (ZH_ADJECTIVES[word], True)
        found.append(SitedComplaint(start, word_start + len(word), tuple(
            p for site in english for p in phrasings(site, made[0], adjective=made[1]))))
    return found


_LONGEST_COMPLAINT = max(map(len, (*ZH_COMPLAINTS, *ZH_ADJECTIVES)))


def _site_spans(text: str) -> list[tuple[int, int]]:
    """The longest site word at each position, left to right, not overlapping."""
    sites = chinese_sites()
    spans, position = [], 0
    while position < len(text):
        end = next((end for end in range(min(len(text), position + 5), position, -1) if text[position:end] in sites),
                   None)
        if end is None:
            position += 1
            continue
        spans.append((position, end))
        position = end
    return spans


def _first_complaint(text: str, start: int, limit: int) -> tuple[int, str] | None:
    """The first complaint word (the longest at its position) in ``text[start:limit]``."""
    for position in range(start, limit):
        for end in range(min(limit, position + _LONGEST_COMPLAINT), position, -1):
            if text[position:end] in ZH_COMPLAINTS or text[position:end] in ZH_ADJECTIVES:
                return position, text[position:end]
    return None


def english_complaint(phrase: str) -> list[str]:
    """Phrasings of "<adjective> <site>" ("stiff back" → "back stiffness", "stiffness in back", …) and of "<noun> in
    <site>" ("lump in the neck" → "neck lump", "neck mass", …); ``[]`` when the phrase is of neither form."""
    match = EN_NOUN_AT.match(phrase.strip())
    if match is not None and match["noun"].lower() in EN_NOUNS:  # "lump in the neck" → neck lump, neck mass
        noun = match["noun"].lower()
        return [p for n in dict.fromkeys((singular_word(noun), "mass" if noun.startswith("lump") else noun))
                for site in site_words(singular_word(match["site"].lower())) for p in phrasings(site, n)]
    match = EN_SITED.match(phrase.strip())
    if match is None or match["adjective"].lower() not in EN_ADJECTIVES:
        return []
    complaint = EN_ADJECTIVES[match["adjective"].lower()]
    return [p for site in site_words(match["site"].lower()) for p in phrasings(site, complaint)]
