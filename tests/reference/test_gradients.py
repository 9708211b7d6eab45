"""Are the backward passes right by centred finite differences, and can these checks fail at all?

Every backward of the reference solutions (RNN and LSTM, step and sequence; affine_backward;
cross_entropy's dscores; model_loss's gradients for both cells) is compared with centred finite
differences (step 1e-5) over every coordinate of every input, on tiny shapes. The measure is the
norm-relative error of tests/reference/gradcheck.py, per array, below 1e-6 (its docstring explains why not
an element-wise error).

The negative controls then feed deliberately broken backwards through the same helper: each is
named for a classic mistake, and each must give an error far above the threshold, while the same
code without the mistake passes. A check that cannot fail proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import gradient_errors, norm_rel_error
from oracles import affine_inputs, cell_inputs

from solutions import activations, lstm, rnn
from solutions.data import build_vocab, generate_dataset, make_batch
from solutions.train import model_loss

FD_TOL = 1e-6       # threshold of a correct backward
FAR_ABOVE = 1e-2    # what a broken backward must exceed: four orders of magnitude above FD_TOL


class Shape(NamedTuple):
    N: int
    T: int
    D: int
    H: int
    V: int
    scale: float = 1.0

    def __str__(self) -> str:
        return f"N={self.N}, T={self.T}, D={self.D}, H={self.H}, V={self.V}, scale={self.scale}"


SHAPES = [
    pytest.param(Shape(2, 3, 3, 4, 5), id="N2-T3-D3-H4"),
    pytest.param(Shape(2, 1, 3, 4, 5), id="T=1"),
    pytest.param(Shape(1, 3, 1, 1, 1), id="N=D=H=V=1"),
    pytest.param(Shape(2, 4, 3, 4, 5, scale=3.0), id="saturating"),
]

# name -> (forward, backward, inputs); forward(*inputs) -> (*outputs, cache),
# backward(*upstream, cache) -> one gradient per input, in input order.
OPS: dict[str, tuple[Callable, Callable, Callable[[np.random.Generator, Shape], dict]]] = {
    "rnn_step": (rnn.rnn_step_forward, rnn.rnn_step_backward,
                 lambda r, s: cell_inputs(r, "rnn", s.N, s.T, s.D, s.H, step=True, scale=s.scale)),
    "rnn": (rnn.rnn_forward, rnn.rnn_backward,
            lambda r, s: cell_inputs(r, "rnn", s.N, s.T, s.D, s.H, step=False, scale=s.scale)),
    "affine": (rnn.affine_forward, rnn.affine_backward,
               lambda r, s: affine_inputs(r, s.N, s.T, s.H, s.V)),
    "lstm_step": (lstm.lstm_step_forward, lstm.lstm_step_backward,
                  lambda r, s: cell_inputs(r, "lstm", s.N, s.T, s.D, s.H, step=True, scale=s.scale)),
    "lstm": (lstm.lstm_forward, lstm.lstm_backward,
             lambda r, s: cell_inputs(r, "lstm", s.N, s.T, s.D, s.H, step=False, scale=s.scale)),
}


def projection(forward: Callable, upstream: list[np.ndarray]) -> Callable[..., float]:
    """The scalar ``sum_k <forward(**arrays)[k], upstream[k]>``, whose gradient the backward returns."""
    def f(**arrays: np.ndarray) -> float:
        *outs, _ = forward(*arrays.values())
        return float(sum(np.sum(o * u) for o, u in zip(outs, upstream, strict=True)))
    return f


def assert_errors_below(errors: dict[str, float], tol: float, what: str) -> None:
    bad = {name: f"{err:.3e}" for name, err in errors.items() if not err < tol}
    assert not bad, f"{what}: norm-relative errors against finite differences >= {tol:.0e}: {bad}"


def assert_errors_far_above(errors: dict[str, float], what: str) -> None:
    worst = max(errors.values())
    assert worst > FAR_ABOVE, (
        f"{what}: the broken backward passes the finite-difference check (worst error {worst:.3e}, "
        f"all errors {({k: f'{v:.1e}' for k, v in errors.items()})})"
    )


# ------------------------------------------------------------------------------------------------
# The helper itself


def test_gradcheck_is_exact_on_a_known_function(rng: np.random.Generator) -> None:
    """Does the finite-difference helper reproduce a hand-derived gradient and leave its inputs alone?"""
    A, B = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    A0, B0 = A.copy(), B.copy()

    def f(A: np.ndarray, B: np.ndarray) -> float:            # f = sum(tanh(A B))
        return float(np.tanh(A @ B).sum())

    G = 1.0 - np.tanh(A @ B) ** 2
    errors = gradient_errors(f, {"A": A, "B": B}, {"A": G @ B.T, "B": A.T @ G})
    assert_errors_below(errors, 1e-8, "sum(tanh(A B))")
    assert np.array_equal(A, A0) and np.array_equal(B, B0), "numerical_gradients modified its inputs"
    with pytest.raises(ValueError, match="shape"):
        gradient_errors(f, {"A": A, "B": B}, {"A": G})


def test_norm_rel_error_is_zero_for_two_zero_arrays() -> None:
    """Is the error of a gradient that is exactly zero on both sides 0, not nan?"""
    assert norm_rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert norm_rel_error(np.ones(3), -np.ones(3)) == 2.0


# ------------------------------------------------------------------------------------------------
# 3. Every backward by finite differences


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", list(OPS))
def test_backward_matches_finite_differences(name: str, shape: Shape, rng: np.random.Generator) -> None:
    """Does each backward (rnn_step, rnn, affine, lstm_step, lstm) agree with centred finite differences?"""
    forward, backward, make_inputs = OPS[name]
    inputs = make_inputs(rng, shape)
    *outs, cache = forward(*inputs.values())
    upstream = [rng.standard_normal(o.shape) for o in outs]
    grads = backward(*upstream, cache)
    analytic = dict(zip(inputs, grads, strict=True))
    errors = gradient_errors(projection(forward, upstream), inputs, analytic)
    assert_errors_below(errors, FD_TOL, f"{name}_backward, {shape}")


def ce_case(rng: np.random.Generator, lengths: list[int], T: int, V: int):
    mask = np.arange(T)[None, :] < np.array(lengths)[:, None]
    y = rng.integers(0, V, size=mask.shape)
    y[~mask] = -1                                           # junk on padding: must never be read
    return rng.standard_normal((len(lengths), T, V)) * 2.0, y, mask


@pytest.mark.parametrize("lengths", [pytest.param([3, 3], id="full"), pytest.param([4, 1, 2], id="padded"),
                                     pytest.param([1], id="one-token")])
def test_cross_entropy_dscores_match_finite_differences(lengths: list[int], rng: np.random.Generator) -> None:
    """Is cross_entropy's dscores the gradient of its loss, and exactly 0 on masked positions?"""
    scores, y, mask = ce_case(rng, lengths, T=max(lengths), V=5)
    loss, dscores = activations.cross_entropy(scores, y, mask)
    errors = gradient_errors(lambda scores: activations.cross_entropy(scores, y, mask)[0],
                             {"scores": scores}, {"scores": dscores})
    assert_errors_below(errors, FD_TOL, f"cross_entropy dscores, scores {scores.shape}, lengths {lengths}")
    assert np.all(dscores[~mask] == 0.0), f"dscores {dscores.shape}: nonzero on masked positions"


@pytest.fixture(scope="module")
def batch():
    """A real padded batch of the toy language: 3 sequences, V = 4 words, T = 10 steps."""
    sequences = generate_dataset(3, "anbn", seed=2)
    word_to_idx, _ = build_vocab(sequences)
    b = make_batch(sequences, word_to_idx)
    assert (~b.mask).any(), "the test needs padding"
    return b


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_model_loss_grads_match_finite_differences(cell: str, batch, rng: np.random.Generator) -> None:
    """Are model_loss's gradients, for both cells, those of its loss, on a real padded batch?"""
    V, H = batch.X.shape[2], 4
    inputs = cell_inputs(rng, cell, 1, 1, V, H, step=False)
    params = {"Wx": inputs["Wx"], "Wh": inputs["Wh"], "b": inputs["b"],
              "Wy": rng.standard_normal((H, V)) / np.sqrt(H), "by": rng.standard_normal(V)}
    _, grads = model_loss(params, batch, cell)
    errors = gradient_errors(lambda **p: model_loss(p, batch, cell)[0], params, grads)
    assert_errors_below(errors, FD_TOL, f"model_loss grads, cell={cell}, batch X {batch.X.shape}")


# ------------------------------------------------------------------------------------------------
# 4. Negative controls: broken backwards must fail the same check


def rnn_backward_by_steps(dh, x, h0, Wx, Wh, b, carry_dprev_h: bool) -> dict[str, np.ndarray]:
    """BPTT built from the step functions; carry_dprev_h=False drops the gradient through time."""
    caches, h = [], h0
    for t in range(x.shape[1]):
        h, cache = rnn.rnn_step_forward(x[:, t], h, Wx, Wh, b)
        caches.append(cache)
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx), "Wh": np.zeros_like(Wh), "b": np.zeros_like(b)}
    dprev_h = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        dx, dprev_h, dWx, dWh, db = rnn.rnn_step_backward(dh[:, t] + dprev_h, caches[t])
        grads["x"][:, t] = dx
        grads["Wx"] += dWx
        grads["Wh"] += dWh
        grads["b"] += db
        if not carry_dprev_h and t > 0:
            dprev_h = np.zeros_like(dprev_h)
    return {"x": grads["x"], "h0": dprev_h, "Wx": grads["Wx"], "Wh": grads["Wh"], "b": grads["b"]}


def lstm_backward_by_steps(dh, x, h0, c0, Wx, Wh, b, carry_dprev_c: bool) -> dict[str, np.ndarray]:
    """LSTM BPTT from the step functions; carry_dprev_c=False drops the cell's path through time."""
    caches, h, c = [], h0, c0
    for t in range(x.shape[1]):
        h, c, cache = lstm.lstm_step_forward(x[:, t], h, c, Wx, Wh, b)
        caches.append(cache)
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx), "Wh": np.zeros_like(Wh), "b": np.zeros_like(b)}
    dprev_h, dprev_c = np.zeros_like(h0), np.zeros_like(c0)
    for t in reversed(range(x.shape[1])):
        dx, dprev_h, dprev_c, dWx, dWh, db = lstm.lstm_step_backward(dh[:, t] + dprev_h, dprev_c, caches[t])
        grads["x"][:, t] = dx
        grads["Wx"] += dWx
        grads["Wh"] += dWh
        grads["b"] += db
        if not carry_dprev_c and t > 0:
            dprev_c = np.zeros_like(dprev_c)
    return {"x": grads["x"], "h0": dprev_h, "c0": dprev_c,
            "Wx": grads["Wx"], "Wh": grads["Wh"], "b": grads["b"]}


def manual_rnn_step_backward(dnext_h, x, prev_h, Wx, Wh, b, derivative_of_output: bool) -> dict:
    """RNN step backward in NumPy; the mistake applies tanh_grad to next_h, the *activated* value."""
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    local = activations.tanh_grad(next_h) if derivative_of_output else 1.0 - next_h**2
    da = dnext_h * local
    return {"x": da @ Wx.T, "prev_h": da @ Wh.T, "Wx": x.T @ da, "Wh": prev_h.T @ da, "b": da.sum(axis=0)}


def manual_lstm_step_backward(
    dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b, derivative_of_output: bool
) -> dict:
    """LSTM step backward in NumPy; the mistake applies sigmoid_grad / tanh_grad to the gates' outputs."""
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    f, i, o = (activations.sigmoid(a[:, k * H : (k + 1) * H]) for k in (0, 1, 3))
    g = np.tanh(a[:, 2 * H : 3 * H])
    tanh_c = np.tanh(f * prev_c + i * g)
    if derivative_of_output:                       # sigmoid'(s) and tanh'(t) of already activated values
        dsig, dtanh = activations.sigmoid_grad, activations.tanh_grad
    else:                                          # the derivative written with the output
        dsig, dtanh = (lambda s: s * (1.0 - s)), (lambda t: 1.0 - t * t)
    dc = dnext_c + dnext_h * o * dtanh(tanh_c)
    da = np.concatenate(
        [dc * prev_c * dsig(f), dc * g * dsig(i), dc * i * dtanh(g), dnext_h * tanh_c * dsig(o)], axis=1
    )
    return {"x": da @ Wx.T, "prev_h": da @ Wh.T, "prev_c": dc * f, "Wx": x.T @ da, "Wh": prev_h.T @ da,
            "b": da.sum(axis=0)}


CONTROL_SHAPE = Shape(2, 4, 3, 4, 5)
CARRY = [pytest.param(True, id="carried"), pytest.param(False, id="dropped")]
MISTAKE = [pytest.param(False, id="correct"), pytest.param(True, id="mistake")]


@pytest.mark.parametrize("carry", CARRY)
def test_control_rnn_backward_not_carrying_dprev_h(carry: bool, rng: np.random.Generator) -> None:
    """Does the check catch an RNN backward that zeroes dprev_h between steps (truncated BPTT)?"""
    s = CONTROL_SHAPE
    inputs = cell_inputs(rng, "rnn", s.N, s.T, s.D, s.H, step=False)
    dh = rng.standard_normal((s.N, s.T, s.H))
    grads = rnn_backward_by_steps(dh, *inputs.values(), carry_dprev_h=carry)
    errors = gradient_errors(projection(rnn.rnn_forward, [dh]), inputs, grads)
    if carry:
        assert_errors_below(errors, FD_TOL, "rnn BPTT from steps (correct)")
    else:
        assert_errors_far_above(errors, "rnn backward with dprev_h zeroed between steps")


@pytest.mark.parametrize("carry", CARRY)
def test_control_lstm_backward_not_carrying_dprev_c(carry: bool, rng: np.random.Generator) -> None:
    """Does the check catch an LSTM backward that drops the cell state's gradient between steps?"""
    s = CONTROL_SHAPE
    inputs = cell_inputs(rng, "lstm", s.N, s.T, s.D, s.H, step=False)
    dh = rng.standard_normal((s.N, s.T, s.H))
    grads = lstm_backward_by_steps(dh, *inputs.values(), carry_dprev_c=carry)
    errors = gradient_errors(projection(lstm.lstm_forward, [dh]), inputs, grads)
    if carry:
        assert_errors_below(errors, FD_TOL, "lstm BPTT from steps (correct)")
    else:
        assert_errors_far_above(errors, "lstm backward with dprev_c zeroed between steps")


@pytest.mark.parametrize("mistake", MISTAKE)
def test_control_rnn_step_backward_tanh_grad_of_activated_value(
    mistake: bool, rng: np.random.Generator
) -> None:
    """Does the check catch tanh_grad applied to next_h (the activated value) instead of 1 - next_h^2?"""
    s = CONTROL_SHAPE
    inputs = cell_inputs(rng, "rnn", s.N, s.T, s.D, s.H, step=True)
    dnext_h = rng.standard_normal((s.N, s.H))
    grads = manual_rnn_step_backward(dnext_h, *inputs.values(), derivative_of_output=mistake)
    errors = gradient_errors(projection(rnn.rnn_step_forward, [dnext_h]), inputs, grads)
    if mistake:
        assert_errors_far_above(errors, "rnn step backward with tanh_grad(next_h)")
    else:
        assert_errors_below(errors, FD_TOL, "manual rnn step backward (correct)")


@pytest.mark.parametrize("mistake", MISTAKE)
def test_control_lstm_step_backward_sigmoid_grad_of_activated_gates(
    mistake: bool, rng: np.random.Generator
) -> None:
    """Does the check catch sigmoid_grad(f) (the derivative at the gate's output) instead of f (1 - f)?"""
    s = CONTROL_SHAPE
    inputs = cell_inputs(rng, "lstm", s.N, s.T, s.D, s.H, step=True)
    dnext_h, dnext_c = rng.standard_normal((s.N, s.H)), rng.standard_normal((s.N, s.H))
    grads = manual_lstm_step_backward(dnext_h, dnext_c, *inputs.values(), derivative_of_output=mistake)
    errors = gradient_errors(projection(lstm.lstm_step_forward, [dnext_h, dnext_c]), inputs, grads)
    if mistake:
        assert_errors_far_above(errors, "lstm step backward with sigmoid_grad of the activated gates")
    else:
        assert_errors_below(errors, FD_TOL, "manual lstm step backward (correct)")


def test_control_cross_entropy_sum_instead_of_mean(rng: np.random.Generator) -> None:
    """Does the check catch a dscores that forgets the 1/M of the mean (the gradient of the summed loss)?"""
    scores, y, mask = ce_case(rng, [4, 1, 2], T=4, V=5)
    _, dscores = activations.cross_entropy(scores, y, mask)
    errors = gradient_errors(lambda scores: activations.cross_entropy(scores, y, mask)[0],
                             {"scores": scores}, {"scores": dscores * mask.sum()})
    assert_errors_far_above(errors, "cross_entropy dscores without 1/M")


def test_control_cross_entropy_gradient_on_padding(rng: np.random.Generator) -> None:
    """Does the check catch a dscores that ignores the mask (p - onehot(y) on padded steps too)?"""
    scores, y, mask = ce_case(rng, [4, 1, 2], T=4, V=5)
    p = activations.softmax(scores)
    onehot = np.eye(5)[np.where(mask, y, 0)]
    unmasked = (p - onehot) / mask.sum()
    errors = gradient_errors(lambda scores: activations.cross_entropy(scores, y, mask)[0],
                             {"scores": scores}, {"scores": unmasked})
    assert_errors_far_above(errors, "cross_entropy dscores nonzero on padding")

