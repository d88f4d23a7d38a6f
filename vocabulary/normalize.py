"""Text folding shared by the vocabulary and the linker: one normalising resolver instead of case-variant dicts."""

from __future__ import annotations

import re
import unicodedata
from itertools import islice, product

_NON_WORD = re.compile(r"[^0-9a-z]+")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "ω": "omega",
}
_STOP_SUFFIXES = (" nos", " unspecified", " disease nos", " disorder nos")


def fold(text: str) -> str:
    """Lower case, accents and Greek letters spelled out, punctuation to single spaces: ``"Alzheimer's"`` →
    ``"alzheimer s"``, ``"TNF-α"`` → ``"tnf alpha"``."""
    text = text.lower()
    if not text.isascii():  # plain ASCII (most names) needs no Greek spelling or accent stripping
        text = "".join(_GREEK.get(ch, ch) for ch in text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text).strip()
    for suffix in _STOP_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    return text


def tight(text: str) -> str:
    """The folded text without spaces and a trailing plural/possessive 's': ``"Alzheimer's"`` and ``"alzheimers"``
    both become ``"alzheimer"``; ``"beta-catenin"`` and ``"betacatenin"`` agree."""
    return tight_folded(fold(text))


def tight_folded(folded: str) -> str:
    """``tight`` of a text already folded (the exact index folds each name once)."""
    words = [w for w in folded.split(" ") if w and w != "s"]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return "".join(words)


_BAG_STOPWORDS = frozenset({"of", "the", "and", "in", "with", "to", "for", "by", "a", "an", "s"})
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


def bag(text: str) -> str:
    """The folded words in sorted order, without small words and a plural s, letters split from digits: word
    order stops mattering (``"alpha2-adrenergic receptor agonist"`` and ``"Adrenergic alpha-2 Receptor
    Agonists"`` agree, as do ``"cancer of the lung"`` and ``"lung cancer"``)."""
    return bag_folded(fold(text))


def bag_folded(folded: str) -> str:
    """``bag`` of a text already folded."""
    words = _LETTER_DIGIT.sub(" ", folded).split()
    kept = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _BAG_STOPWORDS]
    return " ".join(sorted(kept))


def uninverted(name: str) -> str:
    """A MeSH heading in the order a person says it: "Diabetes Mellitus, Type 2" → "Type 2 Diabetes Mellitus",
    "Contraceptives, Oral, Combined" → "Combined Oral Contraceptives"; unchanged without one or two ", "."""
    return " ".join(reversed(name.split(", "))) if 1 <= name.count(", ") <= 2 else name


def name_variants(name: str) -> list[str]:
    """Extra surface forms of a curated name: MeSH's inverted ``"Diabetes Mellitus, Type 2"`` also as
    ``"Type 2 Diabetes Mellitus"`` (``"Contraceptives, Oral, Combined"`` as ``"Combined Oral Contraceptives"``);
    ``"X (Y)"`` also as ``"X"``; a pharmacologic action ``"… Agents"`` also as ``"… Drugs"``; a combination product
    ``"Trimethoprim-Sulfamethoxazole Combination"`` (``"… drug combination"``) also as its ingredients alone, the way
    notes and questions write it ("trimethoprim-sulfamethoxazole")."""
    variants: list[str] = []
    combined = re.sub(r"\s+(?:drug\s+)?combination$", "", name, flags=re.IGNORECASE).rstrip(" ,")
    if combined != name and re.search(r"[-,/ ]", combined):
        variants.append(combined)
    inverted = combined if combined in variants else name  # "ledipasvir, sofosbuvir" also as "sofosbuvir ledipasvir"
    if uninverted(inverted) != inverted:
        variants.append(uninverted(inverted))
    stripped = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    if stripped and stripped != name:
        variants.append(stripped)
    for variant in [name, *variants]:
        if variant.endswith(" Agents"):
            variants.append(variant[: -len("Agents")] + "Drugs")
    return variants


# Counter-ions, hydrates and common ester parts that a mention may add to a substance's name ("metformin
# hydrochloride", "sodium deoxycholate"); only tried when the whole mention matched nothing exactly.
_SALT_WORDS = frozenset("""
    hydrochloride dihydrochloride hcl hydrobromide hbr sulfate sulphate bisulfate sodium disodium potassium
    dipotassium calcium magnesium lithium maleate fumarate mesylate mesilate dimesylate citrate tartrate
    bitartrate bromide chloride iodide phosphate diphosphate succinate besylate besilate hyclate tosylate
    lactate gluconate nitrate pamoate malate acetate monohydrate dihydrate trihydrate hydrate anhydrous salt
""".split())


def chemical_variants(folded: str) -> list[str]:
    """Other spellings of a folded chemical mention, best first: without counter-ions/hydrates at either end
    (``"metformin hydrochloride"`` → ``"metformin"``), and a carboxylate as its acid (``"kainate"`` →
    ``"kainic acid"``, ``"sodium deoxycholate"`` → ``"deoxycholic acid"``)."""
    words = folded.split()
    variants: list[str] = []
    core = list(words)
    while len(core) > 1 and core[-1] in _SALT_WORDS:
        core.pop()
    while len(core) > 1 and core[0] in _SALT_WORDS:
        core.pop(0)
    if core != words:
        variants.append(" ".join(core))
    last = core[-1] if core else ""
    if len(last) > 5 and last.endswith("ate") and last not in _SALT_WORDS:
        variants.append(" ".join([*core[:-1], last[:-3] + "ic", "acid"]))
    return [v for v in dict.fromkeys(variants) if v and v != folded]


# An organ's adjective and its noun, both ways (MeSH names some organs' diseases by one, some by the other).
ORGAN_FORMS: dict[str, tuple[str, ...]] = {
    "renal": ("kidney",), "kidney": ("renal",), "hepatic": ("liver",), "liver": ("hepatic",),
    "cardiac": ("heart",), "heart": ("cardiac",), "pulmonary": ("lung",), "lung": ("pulmonary",),
    "cerebral": ("brain",), "brain": ("cerebral",), "gastric": ("stomach",), "stomach": ("gastric",),
    "colonic": ("colon",), "colon": ("colonic",), "pharyngeal": ("throat", "pharynx"), "throat": ("pharyngeal",),
    "gallbladder": ("gall bladder",), "ocular": ("eye",), "cutaneous": ("skin",), "dermal": ("skin",),
    "visual": ("vision",), "auditory": ("hearing",),
}
# How papers write a condition MeSH names otherwise: an organ's adjective for its noun and back ("renal impairment",
# "liver tumors", "cerebral lesions", "visual deficits"), and a vague word for damage or trouble as MeSH's "Diseases"
# / "Disorders" / "Insufficiency" ("neurological dysfunction" → Nervous System Diseases). Only tried when the whole
# mention matched nothing exactly; each variant must then match a name exactly (or in another word order).
_CONDITION_WORDS: dict[str, tuple[str, ...]] = {
    **ORGAN_FORMS,
    "neurological": ("neurologic", "nervous system"), "neurologic": ("neurological",),
    "tumor": ("neoplasms",), "tumors": ("neoplasms",), "tumour": ("neoplasms",), "tumours": ("neoplasms",),
    "cancer": ("neoplasms",), "cancers": ("neoplasms",),
    "deficit": ("disorders",), "deficits": ("disorders",), "disturbance": ("disorders",),
    "disturbances": ("disorders",), "abnormalities": ("disorders", "diseases"),
    "dysfunction": ("disorders", "diseases"), "dysfunctions": ("disorders", "diseases"),
    "impairment": ("insufficiency", "diseases"), "problems": ("disorders", "diseases"),
    "lesion": ("diseases",), "lesions": ("diseases",), "damage": ("diseases",),
    "involvement": ("diseases",), "complications": ("diseases",), "toxicity": ("diseases",),
    "disorder": ("disorders", "diseases"), "disease": ("diseases",),
}
CONDITION_VARIANTS_MAX = 32


def condition_variants(folded: str) -> list[tuple[str, int]]:
    """Other wordings of a folded disease mention in MeSH's style with how many words each changed, fewest first
    (``"renal impairment"`` → ``("renal insufficiency", 1)``, …, ``("kidney diseases", 2)``): every combination of
    the words' alternatives, at most ``CONDITION_VARIANTS_MAX``; empty when no word has one."""
    written = folded.split()
    options = [(word, *_CONDITION_WORDS.get(word, ())) for word in written]
    if all(len(choices) == 1 for choices in options):
        return []
    variants = {" ".join(words): sum(new != old for new, old in zip(words, written))
                for words in islice(product(*options), CONDITION_VARIANTS_MAX + 1)}
    variants.pop(folded, None)
    return sorted(variants.items(), key=lambda item: item[1])


# Ionic formulas and ions, written as in abstracts ("CaCl2", "ZnSO(4)", "NaHCO3", "Ca2+"), → names the vocabulary
# knows ("calcium chloride"). Names are given per element, most usual first.
_CATIONS = {
    "Li": ("lithium",), "Na": ("sodium",), "K": ("potassium",), "Rb": ("rubidium",), "Cs": ("cesium",),
    "Mg": ("magnesium",), "Ca": ("calcium",), "Sr": ("strontium",), "Ba": ("barium",), "Al": ("aluminum",),
    "Zn": ("zinc",), "Cd": ("cadmium",), "Hg": ("mercuric", "mercury"), "Pb": ("lead",), "Ag": ("silver",),
    "Fe": ("ferrous", "ferric", "iron"), "Cu": ("cupric", "copper"), "Co": ("cobalt",), "Ni": ("nickel",),
    "Mn": ("manganese",), "NH4": ("ammonium",), "Gd": ("gadolinium",), "Tl": ("thallium",), "Sn": ("tin",),
}
_ANIONS = {
    "Cl": "chloride", "Br": "bromide", "I": "iodide", "F": "fluoride", "SO4": "sulfate", "SO3": "sulfite",
    "NO3": "nitrate", "NO2": "nitrite", "CO3": "carbonate", "HCO3": "bicarbonate", "PO4": "phosphate",
    "OH": "hydroxide", "O": "oxide", "CN": "cyanide", "S": "sulfide", "MnO4": "permanganate",
    "ClO4": "perchlorate", "CrO4": "chromate", "Cr2O7": "dichromate", "AsO2": "arsenite", "AsO4": "arsenate",
}
_COUNT = r"(?:\(?\d{1,2}\)?|_\d{1,2})?"
_FORMULA = re.compile(
    r"^(?P<cation>" + "|".join(sorted(_CATIONS, key=len, reverse=True)) + r")" + _COUNT
    + r"\(?(?P<anion>" + "|".join(sorted(_ANIONS, key=len, reverse=True)) + r")\)?" + _COUNT + r"$"
)
_ION = re.compile(r"^(?P<element>" + "|".join(sorted(_CATIONS, key=len, reverse=True)) + r")\s*\(?\d?[+]{1,3}\)?$")


def formula_names(mention: str) -> list[str]:
    """Names an ionic formula or a cation stands for: ``"CaCl2"`` → ``["calcium chloride"]``, ``"ZnSO(4)"`` →
    ``["zinc sulfate"]``, ``"Ca2+"`` → ``["calcium"]``; empty for anything else (case matters: "co" is no cobalt)."""
    text = re.sub(r"\((\d{1,2})\)", r"\1", mention.strip().replace(" ", ""))  # "ZnSO(4)" → "ZnSO4"
    if match := _FORMULA.match(text):
        return [f"{name} {_ANIONS[match['anion']]}" for name in _CATIONS[match["cation"]]]
    if match := _ION.match(text):
        return [name for name in _CATIONS[match["element"]] if name not in ("ferrous", "ferric", "cupric", "mercuric")]
    return []
