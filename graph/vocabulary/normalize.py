"""Text folding shared by the vocabulary and the linker: one normalising resolver instead of case-variant dicts."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "ω": "omega",
}
_STOP_SUFFIXES = (" nos", " unspecified", " disease nos", " disorder nos")


def fold(text: str) -> str:
    """Lower case, accents and Greek letters spelled out, punctuation to single spaces: ``"Alzheimer's"`` →
    ``"alzheimer s"``, ``"TNF-α"`` → ``"tnf alpha"``."""
    text = "".join(_GREEK.get(ch, ch) for ch in text.lower())
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
    words = [w for w in fold(text).split(" ") if w and w != "s"]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return "".join(words)


_BAG_STOPWORDS = frozenset({"of", "the", "and", "in", "with", "to", "for", "by", "a", "an", "s"})
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


def bag(text: str) -> str:
    """The folded words in sorted order, without small words and a plural s, letters split from digits: word
    order stops mattering (``"alpha2-adrenergic receptor agonist"`` and ``"Adrenergic alpha-2 Receptor
    Agonists"`` agree, as do ``"cancer of the lung"`` and ``"lung cancer"``)."""
    words = _LETTER_DIGIT.sub(" ", fold(text)).split()
    kept = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _BAG_STOPWORDS]
    return " ".join(sorted(kept))


def name_variants(name: str) -> list[str]:
    """Extra surface forms of a curated name: MeSH's inverted ``"Diabetes Mellitus, Type 2"`` also as
    ``"Type 2 Diabetes Mellitus"`` (``"Contraceptives, Oral, Combined"`` as ``"Combined Oral Contraceptives"``);
    ``"X (Y)"`` also as ``"X"``; a pharmacologic action ``"… Agents"`` also as ``"… Drugs"``."""
    variants: list[str] = []
    if 1 <= name.count(", ") <= 2:
        variants.append(" ".join(reversed(name.split(", "))))
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
