"""Are the reference solutions right? Checked against PyTorch in float64, never against themselves.

- Every forward and backward of solutions/rnn.py, solutions/lstm.py and solutions/activations.py
  against the independent torch oracles of tests/reference/oracles.py and torch autograd through them,
  with random upstream gradients, on several shapes including T = 1, N = 1, H = 1 and D = 1.
- The sequence forwards against ``torch.nn.LSTM`` / ``torch.nn.RNN`` with mapped weights, the
  torch_port mapping (round trip, bias folding), and ``train.model_loss`` against ``TorchLSTM``
  (and nn.RNN + nn.Linear) with ``F.cross_entropy`` on a real padded batch.
- No forward or backward modifies its inputs.
- The optimisers against ``torch.optim`` over five steps.

Errors are norm-relative (``||a - b|| / max(||b||, 1e-300)``, see tests/reference/oracles.py for why) and
must stay below 1e-9: both sides compute the same float64 maths in a different order, so they
agree to within a few hundred ulps of each array's scale.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import oracles
import pytest
import torch
from oracles import affine_inputs, assert_close, cell_inputs, rel_error, tensor
from torch import nn
from torch.nn import functional

from solutions import activations, lstm, optim, rnn
from solutions.data import build_vocab, generate_dataset, make_batch
from solutions.torch_model import TorchLSTM
from solutions.torch_port import from_torch_state, to_torch_state
from solutions.train import model_loss

pytestmark = pytest.mark.usefixtures("torch_float64")

TOL = 1e-9


class Shape(NamedTuple):
    N: int
    T: int
    D: int
    H: int
    V: int
    scale: float = 1.0          # weights' standard deviation times sqrt(fan_in); 3 saturates gates

    def __str__(self) -> str:
        return f"N={self.N}, T={self.T}, D={self.D}, H={self.H}, V={self.V}, scale={self.scale}"


SHAPES = [
    pytest.param(Shape(2, 3, 4, 5, 6), id="N2-T3-D4-H5"),
    pytest.param(Shape(3, 1, 4, 5, 6), id="T=1"),
    pytest.param(Shape(1, 4, 3, 5, 6), id="N=1"),
    pytest.param(Shape(3, 4, 3, 1, 6), id="H=1"),
    pytest.param(Shape(3, 4, 1, 5, 6), id="D=1"),
    pytest.param(Shape(1, 1, 1, 1, 1), id="all-1"),
    pytest.param(Shape(4, 7, 5, 6, 7, scale=3.0), id="saturating"),
]


# ------------------------------------------------------------------------------------------------
# The functions under test, each with its oracle and its inputs


@dataclass(frozen=True)
class Op:
    """A forward/backward pair of the solutions, the oracle it must match and its random inputs."""

    forward_name: str
    backward_name: str
    forward: Callable[..., tuple]                 # (*inputs) -> (*outputs, cache)
    backward: Callable[..., tuple]                # (*upstream, cache) -> gradients, in input order
    oracle: Callable[..., tuple]                  # (*torch inputs) -> outputs
    inputs: Callable[[np.random.Generator, Shape], dict[str, np.ndarray]]
    outputs: tuple[str, ...]                      # names of the forward's outputs, cache excluded


OPS = {
    "rnn_step": Op(
        "rnn_step_forward", "rnn_step_backward", rnn.rnn_step_forward, rnn.rnn_step_backward,
        oracles.rnn_step,
        lambda r, s: cell_inputs(r, "rnn", s.N, s.T, s.D, s.H, step=True, scale=s.scale), ("next_h",),
    ),
    "rnn": Op(
        "rnn_forward", "rnn_backward", rnn.rnn_forward, rnn.rnn_backward, oracles.rnn,
        lambda r, s: cell_inputs(r, "rnn", s.N, s.T, s.D, s.H, step=False, scale=s.scale), ("h",),
    ),
    "affine": Op(
        "affine_forward", "affine_backward", rnn.affine_forward, rnn.affine_backward, oracles.affine,
        lambda r, s: affine_inputs(r, s.N, s.T, s.H, s.V), ("scores",),
    ),
    "lstm_step": Op(
        "lstm_step_forward", "lstm_step_backward", lstm.lstm_step_forward, lstm.lstm_step_backward,
        oracles.lstm_step,
        lambda r, s: cell_inputs(r, "lstm", s.N, s.T, s.D, s.H, step=True, scale=s.scale),
        ("next_h", "next_c"),
    ),
    "lstm": Op(
        "lstm_forward", "lstm_backward", lstm.lstm_forward, lstm.lstm_backward, oracles.lstm,
        lambda r, s: cell_inputs(r, "lstm", s.N, s.T, s.D, s.H, step=False, scale=s.scale), ("h",),
    ),
}
OP_PARAMS = [pytest.param(op, id=name) for name, op in OPS.items()]


def run_forward(op: Op, inputs: dict[str, np.ndarray]) -> tuple[list[np.ndarray], Any]:
    *outs, cache = op.forward(*inputs.values())
    return outs, cache


# ------------------------------------------------------------------------------------------------
# 1. Forward and backward of rnn.py and lstm.py against the torch oracles


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("op", OP_PARAMS)
def test_forward_matches_torch_oracle(op: Op, shape: Shape, rng: np.random.Generator) -> None:
    """Does each forward (rnn_step, rnn, affine, lstm_step, lstm) compute what the torch oracle does?"""
    inputs = op.inputs(rng, shape)
    outs, _ = run_forward(op, inputs)
    expected = oracles.forward(op.oracle, inputs)
    assert len(outs) == len(op.outputs), (
        f"{op.forward_name} returned {len(outs)} arrays and a cache, expected {', '.join(op.outputs)}, cache"
    )
    for name, out, exp in zip(op.outputs, outs, expected, strict=True):
        assert_close(out, exp, f"{op.forward_name} {name}", TOL, str(shape))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("op", OP_PARAMS)
def test_backward_matches_torch_autograd(op: Op, shape: Shape, rng: np.random.Generator) -> None:
    """Does each backward give torch autograd's gradient of every input, initial states included?"""
    inputs = op.inputs(rng, shape)
    outs, cache = run_forward(op, inputs)
    upstream = [rng.standard_normal(out.shape) for out in outs]
    _, expected = oracles.vjp(op.oracle, inputs, upstream)
    grads = op.backward(*upstream, cache)
    assert len(grads) == len(inputs), (
        f"{op.backward_name} returned {len(grads)} gradients, expected {len(inputs)} ({', '.join(inputs)})"
    )
    for name, grad in zip(inputs, grads, strict=True):
        assert_close(grad, expected[name], f"{op.backward_name} d{name}", TOL, str(shape))


def test_oracle_gate_order_matters(rng: np.random.Generator) -> None:
    """Would the comparison notice PyTorch's gate order (i, f, g, o) in place of the kit's (f, i, g, o)?"""
    inputs = cell_inputs(rng, "lstm", 3, 1, 4, 5, step=True)
    next_h, next_c, _ = lstm.lstm_step_forward(*inputs.values())
    swapped = oracles.forward(lambda *a: oracles.lstm_step(*a, gate_order="ifgo"), inputs)
    for name, out, exp in (("next_h", next_h, swapped[0]), ("next_c", next_c, swapped[1])):
        err = rel_error(out, exp)
        assert err > 1e3 * TOL, f"{name}: error {err:.3e} vs the swapped-gate oracle, not far above {TOL}"


# ------------------------------------------------------------------------------------------------
# 1. Activations, softmax and the masked cross-entropy


ACTIVATION_INPUTS = [
    pytest.param(np.array([-1000.0, -745.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 745.0, 1000.0]),
                 id="extremes"),
    pytest.param(np.linspace(-6.0, 6.0, 12).reshape(3, 4), id="3x4"),
    pytest.param(np.random.default_rng(5).standard_normal((2, 3, 4)) * 4.0, id="2x3x4"),
    pytest.param(np.array(0.7), id="0-d"),
]
ACTIVATIONS = {
    "sigmoid": (activations.sigmoid, activations.sigmoid_grad, torch.sigmoid),
    "tanh": (activations.tanh, activations.tanh_grad, torch.tanh),
}


@pytest.mark.parametrize("x", ACTIVATION_INPUTS)
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_matches_torch(name: str, x: np.ndarray) -> None:
    """Do sigmoid and tanh equal torch.sigmoid and torch.tanh, extreme inputs included?"""
    fn, _, torch_fn = ACTIVATIONS[name]
    assert_close(fn(x), torch_fn(tensor(x)).numpy(), name, TOL, f"x of shape {x.shape}")


@pytest.mark.parametrize("x", ACTIVATION_INPUTS)
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_grad_matches_autograd(name: str, x: np.ndarray, rng: np.random.Generator) -> None:
    """Do sigmoid_grad and tanh_grad, at the pre-activation, give torch autograd's derivative?"""
    _, grad_fn, torch_fn = ACTIVATIONS[name]
    upstream = rng.standard_normal(x.shape)
    leaf = tensor(x, requires_grad=True)
    (expected,) = torch.autograd.grad((torch_fn(leaf) * tensor(upstream)).sum(), leaf)
    assert_close(upstream * grad_fn(x), expected.numpy(), f"{name}_grad", TOL, f"x of shape {x.shape}")


@pytest.mark.parametrize("axis", [-1, 0, 1])
@pytest.mark.parametrize("scale", [pytest.param(1.0, id="logits~1"), pytest.param(1e4, id="logits~1e4")])
def test_softmax_matches_torch(axis: int, scale: float, rng: np.random.Generator) -> None:
    """Does softmax equal torch.softmax along every axis, even for logits of size 1e4?"""
    x = rng.standard_normal((3, 4, 5)) * scale
    assert_close(activations.softmax(x, axis=axis), oracles.softmax(tensor(x), axis).numpy(),
                 "softmax", TOL, f"x of shape {x.shape}, axis={axis}")


class CECase(NamedTuple):
    N: int
    T: int
    V: int
    lengths: tuple[int, ...] | None     # valid steps per sequence (a prefix), None: explicit mask
    scale: float = 1.0
    mask: tuple[tuple[bool, ...], ...] | None = None


CE_CASES = [
    pytest.param(CECase(2, 3, 5, (3, 3)), id="full-mask"),
    pytest.param(CECase(3, 4, 5, (4, 2, 1)), id="padded"),
    pytest.param(CECase(4, 6, 7, (6, 3, 1, 5), scale=1e3), id="padded-logits~1e3"),
    pytest.param(CECase(2, 3, 4, None, mask=((False, False, False), (True, False, False))), id="one-token"),
    pytest.param(CECase(3, 4, 5, None, mask=((True, False, True, False),) * 3), id="holes"),
    pytest.param(CECase(1, 1, 2, (1,)), id="N=1-T=1"),
    pytest.param(CECase(2, 2, 1, (2, 1)), id="V=1"),
]


def ce_inputs(case: CECase, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, targets and mask; masked targets hold out-of-range junk that must never be read."""
    if case.mask is not None:
        mask = np.array(case.mask, dtype=bool)
    else:
        mask = np.arange(case.T)[None, :] < np.array(case.lengths)[:, None]
    scores = rng.standard_normal((case.N, case.T, case.V)) * case.scale
    y = rng.integers(0, case.V, size=(case.N, case.T))
    y[~mask] = np.where(rng.random(int((~mask).sum())) < 0.5, -1, case.V + 7)
    return scores, y, mask


@pytest.mark.parametrize("case", CE_CASES)
def test_cross_entropy_matches_torch(case: CECase, rng: np.random.Generator) -> None:
    """Do cross_entropy's loss and dscores match torch's masked mean cross-entropy and its gradient?"""
    scores, y, mask = ce_inputs(case, rng)
    loss, dscores = activations.cross_entropy(scores, y, mask)
    leaf = tensor(scores, requires_grad=True)
    expected_loss = oracles.cross_entropy(leaf, y, mask)
    (expected_dscores,) = torch.autograd.grad(expected_loss, leaf)
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, expected float"
    assert_close(np.array(loss), expected_loss.detach().numpy(), "loss", TOL, str(case))
    assert_close(dscores, expected_dscores.numpy(), "dscores", TOL, str(case))
    masked = dscores[~mask]
    assert np.all(masked == 0.0), (
        f"dscores of shape {dscores.shape}: {int((masked != 0).sum())} nonzero entries on masked positions"
    )


# ------------------------------------------------------------------------------------------------
# 2. nn.LSTM, nn.RNN, the torch_port mapping and model_loss


def lstm_params(rng: np.random.Generator, shape: Shape) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """x, h0, c0 and a full LSTM language-model parameter dict (random, nonzero biases)."""
    cell = cell_inputs(rng, "lstm", shape.N, shape.T, shape.D, shape.H, step=False, scale=shape.scale)
    out = affine_inputs(rng, shape.N, shape.T, shape.H, shape.V)
    params = {"Wx": cell["Wx"], "Wh": cell["Wh"], "b": cell["b"], "Wy": out["Wy"], "by": out["by"]}
    return cell["x"], cell["h0"], cell["c0"], params


@pytest.mark.parametrize("shape", SHAPES)
def test_lstm_forward_matches_nn_lstm(shape: Shape, rng: np.random.Generator) -> None:
    """Does lstm_forward equal torch.nn.LSTM (batch_first, float64) loaded through TorchLSTM.from_numpy?"""
    x, h0, c0, params = lstm_params(rng, shape)
    model = TorchLSTM.from_numpy(params)
    with torch.no_grad():
        expected_h, _ = model.lstm(tensor(x), (tensor(h0)[None], tensor(c0)[None]))
        expected_scores = model(tensor(x))
    h, _ = lstm.lstm_forward(x, h0, c0, params["Wx"], params["Wh"], params["b"])
    assert_close(h, expected_h.numpy(), "lstm_forward h", TOL, f"{shape}, nonzero h0, c0")
    zeros = np.zeros((shape.N, shape.H))
    h_zero, _ = lstm.lstm_forward(x, zeros, zeros, params["Wx"], params["Wh"], params["b"])
    scores, _ = rnn.affine_forward(h_zero, params["Wy"], params["by"])
    assert_close(scores, expected_scores.numpy(), "scores", TOL, f"{shape}, zero initial states")


def test_torch_state_round_trip_is_exact(rng: np.random.Generator) -> None:
    """Does from_torch_state(to_torch_state(p)) give p back exactly, in new arrays, in PyTorch's layout?"""
    shape = Shape(2, 3, 4, 5, 6)
    _, _, _, params = lstm_params(rng, shape)
    originals = copy.deepcopy(params)
    state = to_torch_state(params)
    D, H, V = shape.D, shape.H, shape.V
    layout = {
        "lstm.weight_ih_l0": (4 * H, D), "lstm.weight_hh_l0": (4 * H, H),
        "lstm.bias_ih_l0": (4 * H,), "lstm.bias_hh_l0": (4 * H,),
        "out.weight": (V, H), "out.bias": (V,),
    }
    assert {k: v.shape for k, v in state.items()} == layout, "to_torch_state: keys or shapes differ"
    # PyTorch's gate order is i, f, g, o: its first block is the kit's input gate.
    np.testing.assert_array_equal(state["lstm.weight_ih_l0"][:H], params["Wx"][:, H : 2 * H].T)
    np.testing.assert_array_equal(state["lstm.bias_ih_l0"][H : 2 * H], params["b"][:H])
    back = from_torch_state(state)
    assert set(back) == set(params), f"from_torch_state keys {sorted(back)}"
    for name, a in params.items():
        assert back[name].shape == a.shape, f"{name}: shape {back[name].shape} after the round trip"
        assert np.array_equal(back[name], a), f"{name} (shape {a.shape}): the round trip is not exact"
        assert back[name].dtype == np.float64, f"{name}: dtype {back[name].dtype}"
        assert not np.shares_memory(back[name], a), f"{name}: from_torch_state returned a view of the input"
        np.testing.assert_array_equal(a, originals[name], err_msg=f"{name} modified by the mapping")
    for name, a in state.items():
        assert a.dtype == np.float64 and a.flags.c_contiguous, f"state[{name!r}]: not contiguous float64"
        views = [p for p in params.values() if np.shares_memory(a, p)]
        assert not views, f"state[{name!r}] (shape {a.shape}) is a view of a parameter"


def test_from_torch_state_folds_both_biases(rng: np.random.Generator) -> None:
    """Does from_torch_state fold bias_ih + bias_hh, so lstm_forward equals a randomly initialised nn.LSTM?"""
    D, H, V, N, T = 4, 5, 6, 3, 5
    model = TorchLSTM(D, H, V)                              # PyTorch's random init: both biases nonzero
    state = {name: t.detach().numpy().copy() for name, t in model.state_dict().items()}
    assert np.abs(state["lstm.bias_hh_l0"]).max() > 1e-2, "the test needs a nonzero bias_hh"
    params = from_torch_state(state)
    x = rng.standard_normal((N, T, D))
    with torch.no_grad():
        expected_h, _ = model.lstm(tensor(x))
        expected_scores = model(tensor(x))
    zeros = np.zeros((N, H))
    h, _ = lstm.lstm_forward(x, zeros, zeros, params["Wx"], params["Wh"], params["b"])
    scores, _ = rnn.affine_forward(h, params["Wy"], params["by"])
    assert_close(h, expected_h.numpy(), "lstm_forward h", TOL, "parameters from nn.LSTM")
    assert_close(scores, expected_scores.numpy(), "scores", TOL, "parameters from TorchLSTM")
    # Negative control: dropping bias_hh would be caught.
    no_hh = from_torch_state({**state, "lstm.bias_hh_l0": np.zeros(4 * H)})
    h_no_hh, _ = lstm.lstm_forward(x, zeros, zeros, no_hh["Wx"], no_hh["Wh"], no_hh["b"])
    assert rel_error(h_no_hh, expected_h.numpy()) > 1e-3, "the comparison cannot see bias_hh"


def nn_rnn_from_numpy(Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> nn.RNN:
    """nn.RNN holding the kit's RNN weights: weight_ih = Wx^T, weight_hh = Wh^T, bias_ih = b, bias_hh = 0."""
    D, H = Wx.shape
    module = nn.RNN(D, H, nonlinearity="tanh", batch_first=True, dtype=torch.float64)
    module.load_state_dict({
        "weight_ih_l0": tensor(Wx.T), "weight_hh_l0": tensor(Wh.T),
        "bias_ih_l0": tensor(b), "bias_hh_l0": torch.zeros(H, dtype=torch.float64),
    })
    return module


@pytest.mark.parametrize("shape", SHAPES)
def test_rnn_forward_matches_nn_rnn(shape: Shape, rng: np.random.Generator) -> None:
    """Does rnn_forward equal torch.nn.RNN (tanh, batch_first, float64) with the weights mapped by hand?"""
    inputs = cell_inputs(rng, "rnn", shape.N, shape.T, shape.D, shape.H, step=False, scale=shape.scale)
    module = nn_rnn_from_numpy(inputs["Wx"], inputs["Wh"], inputs["b"])
    with torch.no_grad():
        expected, _ = module(tensor(inputs["x"]), tensor(inputs["h0"])[None])
    h, _ = rnn.rnn_forward(*inputs.values())
    assert_close(h, expected.numpy(), "rnn_forward h", TOL, str(shape))


def real_batch(variant: str, num: int = 6, seed: int = 3):
    """A padded next-token batch of the toy language, made with solutions.data."""
    sequences = generate_dataset(num, variant, seed=seed)
    word_to_idx, _ = build_vocab(sequences)
    batch = make_batch(sequences, word_to_idx)
    assert (~batch.mask).any(), "the test needs a padded batch"
    return batch, len(word_to_idx)


def torch_lm_loss(cell: str, params: dict[str, np.ndarray], batch) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradients (NumPy layout) of the PyTorch twin of model_loss, by autograd.

    bias_hh is frozen at zero: the kit's b maps to bias_ih alone, and the gradient of
    ``bias_ih + bias_hh`` is the same for both, so counting both would double db.
    """
    X, mask = tensor(batch.X), torch.from_numpy(batch.mask.copy())
    y = torch.from_numpy(batch.y.astype(np.int64))
    if cell == "lstm":
        model = TorchLSTM.from_numpy(params)
        model.lstm.bias_hh_l0.requires_grad_(False)
        scores = model(X)
    else:
        recurrent = nn_rnn_from_numpy(params["Wx"], params["Wh"], params["b"])
        recurrent.bias_hh_l0.requires_grad_(False)
        out = nn.Linear(*params["Wy"].shape, dtype=torch.float64)
        out.load_state_dict({"weight": tensor(params["Wy"].T), "bias": tensor(params["by"])})
        scores = out(recurrent(X)[0])
        model = nn.ModuleDict({"lstm": recurrent, "out": out})
    loss = functional.cross_entropy(scores[mask], y[mask])
    loss.backward()
    grads = {
        name: (p.grad if p.grad is not None else torch.zeros_like(p)).numpy().copy()
        for name, p in model.named_parameters()
    }
    if cell == "lstm":
        return loss.item(), from_torch_state(grads)
    return loss.item(), {
        "Wx": grads["lstm.weight_ih_l0"].T, "Wh": grads["lstm.weight_hh_l0"].T, "b": grads["lstm.bias_ih_l0"],
        "Wy": grads["out.weight"].T, "by": grads["out.bias"],
    }


def lm_params(rng: np.random.Generator, cell: str, V: int, H: int) -> dict[str, np.ndarray]:
    """Random language-model parameters for one-hot inputs (D = V), biases nonzero."""
    weights = cell_inputs(rng, cell, 1, 1, V, H, step=False)
    out = affine_inputs(rng, 1, 1, H, V)
    return {"Wx": weights["Wx"], "Wh": weights["Wh"], "b": weights["b"], "Wy": out["Wy"], "by": out["by"]}


@pytest.mark.parametrize("variant", ["anbn", "anbnan"])
@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_model_loss_matches_torch(cell: str, variant: str, rng: np.random.Generator) -> None:
    """Do model_loss's loss and gradients equal the PyTorch twin's masked cross-entropy and autograd?"""
    batch, V = real_batch(variant)
    H = 5
    params = lm_params(rng, cell, V, H)
    loss, grads = model_loss(params, batch, cell)
    expected_loss, expected_grads = torch_lm_loss(cell, params, batch)
    context = f"cell={cell}, batch X {batch.X.shape}, {int(batch.mask.sum())} valid tokens"
    assert_close(np.array(loss), np.array(expected_loss), "loss", TOL, context)
    assert set(grads) == set(params), f"model_loss returned gradients for {sorted(grads)}"
    for name in params:
        assert_close(grads[name], expected_grads[name], f"d{name}", TOL, context)


# ------------------------------------------------------------------------------------------------
# 5. Inputs are never modified in place


def assert_unchanged(arrays: dict[str, np.ndarray], originals: dict[str, np.ndarray], what: str) -> None:
    for name, original in originals.items():
        assert np.array_equal(arrays[name], original), (
            f"{what} modified {name} (shape {original.shape}) in place"
        )


@pytest.mark.parametrize("shape", [SHAPES[0], SHAPES[1], SHAPES[-1]])
@pytest.mark.parametrize("op", OP_PARAMS)
def test_forward_and_backward_leave_inputs_alone(op: Op, shape: Shape, rng: np.random.Generator) -> None:
    """Do forward and backward leave their inputs, the upstream gradients and the outputs unchanged?"""
    inputs = op.inputs(rng, shape)
    originals = copy.deepcopy(inputs)
    outs, cache = run_forward(op, inputs)
    assert_unchanged(inputs, originals, op.forward_name)
    outputs = dict(zip(op.outputs, outs, strict=True))
    output_copies = copy.deepcopy(outputs)
    upstream = {f"d{name}": rng.standard_normal(o.shape) for name, o in outputs.items()}
    upstream_copies = copy.deepcopy(upstream)
    first = op.backward(*upstream.values(), cache)
    assert_unchanged(inputs, originals, op.backward_name)
    assert_unchanged(upstream, upstream_copies, op.backward_name)
    assert_unchanged(outputs, output_copies, op.backward_name)   # the cache may hold the outputs
    second = op.backward(*upstream.values(), cache)
    for name, g1, g2 in zip(inputs, first, second, strict=True):
        assert np.array_equal(g1, g2), f"{op.backward_name} d{name}: a second call on the same cache differs"


def test_activations_leave_inputs_alone(rng: np.random.Generator) -> None:
    """Do the activations, softmax and cross_entropy leave their inputs unchanged?"""
    x = rng.standard_normal((3, 4, 5)) * 10
    x_copy = x.copy()
    for fn in (activations.sigmoid, activations.sigmoid_grad, activations.tanh, activations.tanh_grad,
               activations.softmax):
        fn(x)
        assert np.array_equal(x, x_copy), f"{fn.__name__} modified x (shape {x.shape}) in place"
    scores, y, mask = ce_inputs(CECase(3, 4, 5, (4, 2, 1)), rng)
    originals = {"scores": scores.copy(), "y": y.copy(), "mask": mask.copy()}
    activations.cross_entropy(scores, y, mask)
    assert_unchanged({"scores": scores, "y": y, "mask": mask}, originals, "cross_entropy")


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_model_loss_leaves_params_and_batch_alone(cell: str, rng: np.random.Generator) -> None:
    """Does model_loss leave the parameters and the batch unchanged?"""
    batch, V = real_batch("anbn")
    params = lm_params(rng, cell, V, 4)
    originals = copy.deepcopy(params)
    batch_originals = {k: v.copy() for k, v in batch._asdict().items()}
    model_loss(params, batch, cell)
    assert_unchanged(params, originals, "model_loss")
    assert_unchanged(batch._asdict(), batch_originals, "model_loss")


# ------------------------------------------------------------------------------------------------
# 6. Optimisers against torch.optim


OPTIMISERS = [
    pytest.param(lambda: optim.SGD(lr=0.1),
                 lambda ps: torch.optim.SGD(ps, lr=0.1, foreach=False), id="SGD"),
    pytest.param(lambda: optim.SGD(lr=0.05, momentum=0.9),
                 lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, foreach=False), id="SGD-momentum"),
    pytest.param(lambda: optim.RMSprop(lr=0.01),
                 lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.99, eps=1e-8, foreach=False),
                 id="RMSprop-default"),
    pytest.param(lambda: optim.RMSprop(lr=0.05, alpha=0.9, eps=1e-6),
                 lambda ps: torch.optim.RMSprop(ps, lr=0.05, alpha=0.9, eps=1e-6, foreach=False),
                 id="RMSprop-alpha0.9"),
    pytest.param(lambda: optim.Adam(lr=0.01),
                 lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, foreach=False),
                 id="Adam-default"),
    pytest.param(lambda: optim.Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6),
                 lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, foreach=False),
                 id="Adam-betas0.8-0.99"),
]
STEPS = 5
OPT_TOL = 1e-12


def optimiser_problem(rng: np.random.Generator) -> tuple[dict[str, np.ndarray], list[dict[str, np.ndarray]]]:
    """Three parameters and five fixed gradients each; ``tiny``'s gradients are so small that eps matters."""
    params = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(4),
              "tiny": rng.standard_normal((2, 3, 2))}
    scales = {"W": 1.0, "b": 3.0, "tiny": 1e-8}
    grads = [{name: rng.standard_normal(p.shape) * scales[name] for name, p in params.items()}
             for _ in range(STEPS)]
    return params, grads


@pytest.mark.parametrize(("make_ours", "make_torch"), OPTIMISERS)
def test_optimiser_matches_torch_optim(make_ours, make_torch, rng: np.random.Generator) -> None:
    """Does the optimiser follow torch.optim's trajectory, step by step, over five steps?"""
    params, grads = optimiser_problem(rng)
    start = copy.deepcopy(params)
    leaves = {name: tensor(p, requires_grad=True) for name, p in params.items()}
    ours, theirs = make_ours(), make_torch(list(leaves.values()))
    for step, g in enumerate(grads, start=1):
        ours.step(params, g)
        for name, leaf in leaves.items():
            leaf.grad = tensor(g[name])
        theirs.step()
        for name, p in params.items():
            expected = leaves[name].detach().numpy()
            context = f"{type(ours).__name__}, step {step}"
            assert_close(p, expected, name, OPT_TOL, context)
            # The displacement from the start is a stricter test than the values themselves.
            assert_close(p - start[name], expected - start[name], f"{name} - {name}_0", 1e-10, context)


@pytest.mark.parametrize(("make_ours", "make_torch"), OPTIMISERS)
def test_optimiser_updates_in_place_and_leaves_grads(make_ours, make_torch, rng: np.random.Generator) -> None:
    """Does step update the very same parameter arrays in place and leave the gradients untouched?"""
    params, grads = optimiser_problem(rng)
    arrays = dict(params)
    opt = make_ours()
    for g in grads:
        before = {name: p.copy() for name, p in params.items()}
        g_copies = copy.deepcopy(g)
        g_arrays = dict(g)
        opt.step(params, g)
        for name, p in params.items():
            assert p is arrays[name], f"{name}: step rebound the dict entry instead of updating in place"
            assert not np.array_equal(p, before[name]), f"{name} (shape {p.shape}) did not change"
            assert g[name] is g_arrays[name], f"grads[{name!r}] rebound by step"
            assert np.array_equal(g[name], g_copies[name]), (
                f"grads[{name!r}] (shape {p.shape}) modified by step"
            )
