"""FastRotatE scores (and gradients) as PyKEEN's RotatE does, on random inputs and through the model API."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from pykeen.models import RotatE  # noqa: E402
from pykeen.nn.modules import RotatEInteraction  # noqa: E402
from pykeen.triples import CoreTriplesFactory  # noqa: E402

from embeddings.config import TrainConfig  # noqa: E402
from embeddings.rotate import FastRotatE, FastRotatEInteraction, pykeen_model  # noqa: E402

SHAPES = {  # (h, r, t) batch shapes of sLCWA training, tail ranking, head ranking and 1-vs-many broadcasting
    "training": ((64,), (64,), (64,)),
    "score_t": ((8, 1), (8, 1), (1, 50)),
    "score_h": ((1, 50), (8, 1), (8, 1)),
    "negatives": ((16, 1), (16, 1), (16, 7)),
}


def _random(shape: tuple[int, ...], generator: torch.Generator, dim: int = 12) -> torch.Tensor:
    return torch.randn(*shape, dim, dtype=torch.cfloat, generator=generator).requires_grad_(True)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_fast_interaction_matches_pykeen_scores_and_gradients(name):
    generator = torch.Generator().manual_seed(sum(map(ord, name)))
    h, r, t = (_random(shape, generator) for shape in SHAPES[name])
    r_unit = (r / r.abs()).detach().requires_grad_(True)  # RotatE's constrainer keeps |r| = 1
    expected = RotatEInteraction()(h, r_unit, t)
    actual = FastRotatEInteraction()(h, r_unit, t)
    assert actual.shape == expected.shape
    torch.testing.assert_close(actual, expected, rtol=1e-5, atol=1e-5)
    weights = torch.randn(expected.shape, generator=generator)
    grads_expected = torch.autograd.grad((expected * weights).sum(), (h, r_unit, t))
    grads_actual = torch.autograd.grad((actual * weights).sum(), (h, r_unit, t))
    for got, want in zip(grads_actual, grads_expected):
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-5)


def test_zero_distance_has_a_finite_zero_gradient():
    h = torch.randn(3, 4, dtype=torch.cfloat, requires_grad=True)
    r = torch.ones(3, 4, dtype=torch.cfloat)
    scores = FastRotatEInteraction()(h, r, h.detach().clone())
    assert torch.equal(scores, torch.zeros(3))
    (grad,) = torch.autograd.grad(scores.sum(), h)
    assert torch.equal(grad, torch.zeros_like(grad))


def test_fast_model_is_pykeens_rotate_with_the_fast_interaction():
    triples = torch.tensor([[0, 0, 1], [1, 1, 2], [2, 0, 3], [3, 1, 0], [4, 0, 2]])
    factory = CoreTriplesFactory.create(mapped_triples=triples, num_entities=5, num_relations=2)
    torch.manual_seed(3)
    stock = RotatE(triples_factory=factory, embedding_dim=6)
    torch.manual_seed(3)
    fast = FastRotatE(triples_factory=factory, embedding_dim=6)
    assert isinstance(fast, RotatE) and isinstance(fast.interaction, FastRotatEInteraction)
    assert not list(fast.interaction.parameters())
    for got, want in zip(fast.state_dict().values(), stock.state_dict().values()):
        assert torch.equal(got, want)  # same seed, same initial weights: the swap consumes no randomness
    torch.testing.assert_close(fast.score_hrt(triples), stock.score_hrt(triples), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(fast.score_t(triples[:, :2]), stock.score_t(triples[:, :2]), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(fast.score_h(triples[:, 1:]), stock.score_h(triples[:, 1:]), rtol=1e-5, atol=1e-5)


def test_training_configuration_uses_the_fast_class_for_rotate_only():
    assert TrainConfig.for_model("RotatE").pipeline_kwargs()["model"] is FastRotatE
    assert pykeen_model("rotate") is FastRotatE
    assert TrainConfig.for_model("TransE").pipeline_kwargs()["model"] == "TransE"
