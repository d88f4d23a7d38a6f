"""Pure unit: link predictions are shown only from a run that evaluated well enough on held-out triples."""

from pathlib import Path
from types import SimpleNamespace

from core.settings import Settings
from query.answer import _good_enough


def _predictor(hits_at_10: float | None) -> SimpleNamespace:
    metrics = {} if hits_at_10 is None else {"test": {"hits_at_10": hits_at_10}}
    return SimpleNamespace(run=SimpleNamespace(metrics=metrics), path=Path("/runs/x"))


def test_a_weak_run_gives_no_hypotheses(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, kge_min_hits_at_10=0.1)
    assert _good_enough(_predictor(0.066), settings) is False
    assert _good_enough(_predictor(None), settings) is False


def test_a_good_run_gives_hypotheses(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, kge_min_hits_at_10=0.1)
    assert _good_enough(_predictor(0.31), settings) is True
    assert _good_enough(_predictor(0.05), Settings(home=tmp_path, kge_min_hits_at_10=0.0)) is True
