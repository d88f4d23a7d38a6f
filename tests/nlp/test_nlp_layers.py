"""The one import direction inside ``nlp``, checked on every module (imports inside functions included).

Layers, lowest first; a module may import only modules of a lower layer, never one of its own or a higher one:

0. records and readers that import no other ``nlp`` module: types, tokens, metrics, postprocess, negation,
   corpora (the corpus readers and the BC5CDR held-out split), registry, dose_units (pint units for dose rules),
   dose_patterns (the words and patterns of label dosing text),
   augment (entity-substitution copies of relation examples)
1. re_data (relation candidates and training examples), engine (the torch side: devices, optimiser, batching),
   dose_rules (label dosing sentences → typed rules)
2. ner, relations (the two models), dose_tables (label dosing tables → text and typed rules)
3. evaluation (scoring, also the document-level threshold choice training uses), extractor (what ingest runs)
4. training, model_eval, pretraining (the front doors: train and register a model; score a registered one;
   pretrain a base encoder)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from import_scan import imported_modules

NLP = Path(__file__).resolve().parents[2] / "nlp"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"types", "tokens", "metrics", "postprocess", "negation", "corpora", "registry", "dose_units",
               "augment", "dose_patterns"}),
    frozenset({"re_data", "engine", "dose_rules"}),
    frozenset({"ner", "relations", "dose_tables"}),
    frozenset({"evaluation", "extractor"}),
    frozenset({"training", "model_eval", "pretraining"}),
)
LAYER_OF = {module: number for number, modules in enumerate(LAYERS) for module in modules}


def nlp_modules_imported(path: Path) -> set[str]:
    """The ``nlp`` modules one module imports (``from nlp import corpora`` and ``from nlp.corpora import X`` both
    name ``corpora``)."""
    return {name.split(".")[1] for name in imported_modules(path) if name.startswith("nlp.")} - {"__init__"}


def modules() -> list[str]:
    return sorted(path.stem for path in NLP.glob("*.py") if path.stem != "__init__")


def test_every_module_is_placed() -> None:
    """A new ``nlp`` module must be given its layer before it can land."""
    assert set(modules()) == set(LAYER_OF)


@pytest.mark.parametrize("module", modules())
def test_a_module_imports_only_lower_layers(module: str) -> None:
    imported = nlp_modules_imported(NLP / f"{module}.py")
    wrong = {name: LAYER_OF.get(name) for name in imported if LAYER_OF.get(name, len(LAYERS)) >= LAYER_OF[module]}
    assert not wrong, f"nlp.{module} (layer {LAYER_OF[module]}) imports a module of its own or a higher layer"


def test_the_checker_sees_every_form_of_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from nlp import corpora, re_data\nfrom nlp.ner import NerModel\n"
                      "def f():\n    import nlp.training\n    from nlp.evaluation import document_threshold\n",
                      encoding="utf-8")
    assert nlp_modules_imported(module) == {"corpora", "re_data", "ner", "training", "evaluation"}
