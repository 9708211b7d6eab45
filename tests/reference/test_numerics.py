"""Numerical robustness of tasks 2, 3 and 5: activations and softmax at extreme inputs, the masked
cross-entropy, gradient clipping and orthogonal initialisation.

"No warning" is checked strictly: overflow, invalid operations and division by zero raise
(``np.errstate``) and every Python warning is an error. Underflow alone stays allowed, because a
correct result *must* underflow: softmax([1e4, -1e4])[1] is exp(-2e4), which is 0 in float64.
"""

from __future__ import annotations

import contextlib
import copy
import math
import warnings
from collections.abc import Iterator
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import array_shapes, float_arrays, grad_dicts, huge_floats, no_deadline, small_floats

from solutions.activations import cross_entropy, sigmoid, sigmoid_grad, softmax, tanh, tanh_grad
from solutions.clipping import clip_by_global_norm, clip_by_value
from solutions.initialisation import init_lstm_params, init_rnn_params, orthogonal


@contextlib.contextmanager
def strict_fp() -> Iterator[None]:
    """Overflow, invalid operations, division by zero and any warning raise inside this block."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield


EXTREMES = np.array([-1e4, -800.0, -710.0, -30.0, -1.0, 0.0, 1.0, 30.0, 710.0, 800.0, 1e4])


def test_strict_fp_catches_the_naive_formulas():
    """Negative control: do the naive sigmoid and softmax raise inside strict_fp at these inputs?"""
    with strict_fp(), pytest.raises(FloatingPointError):
        1.0 / (1.0 + np.exp(-EXTREMES))
    with strict_fp(), pytest.raises(FloatingPointError):
        np.exp(np.array([1e4, 0.0])) / np.exp(np.array([1e4, 0.0])).sum()
    with strict_fp(), pytest.raises(FloatingPointError):  # all logits very negative: 0 / 0
        np.exp(np.full(3, -1e4)) / np.exp(np.full(3, -1e4)).sum()


# --- softmax -------------------------------------------------------------------------------------


@pytest.mark.parametrize("logits, expected", [
    ([1e4, -1e4, 0.0], [1.0, 0.0, 0.0]),
    ([1e4, 1e4], [0.5, 0.5]),
    ([-1e4, -1e4, -1e4], [1 / 3, 1 / 3, 1 / 3]),
    ([-1e4, 1e4 - 1.0, 1e4], [0.0, 1 / (1 + math.e), math.e / (1 + math.e)]),
    ([800.0, -800.0, 799.0], [1 / (1 + math.exp(-1)), 0.0, math.exp(-1) / (1 + math.exp(-1))]),
])
def test_softmax_at_extreme_logits(logits, expected):
    """Is softmax finite and right, with no overflow or warning, at logits of +-1e4 and mixed?"""
    with strict_fp():
        p = softmax(np.array(logits))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, expected, rtol=1e-12, atol=1e-300)


@no_deadline
@given(x=float_arrays(array_shapes(min_dims=1, max_dims=3), huge_floats))
def test_softmax_sums_to_one_for_any_finite_logits(x):
    """For any logits in [-1e4, 1e4], is softmax in [0, 1], finite, summing to 1 along the last axis?"""
    with strict_fp():
        p = softmax(x)
    assert p.shape == x.shape
    assert np.all(np.isfinite(p)) and np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    at_max_logit = np.take_along_axis(p, x.argmax(axis=-1)[..., None], axis=-1)[..., 0]
    assert np.array_equal(at_max_logit, p.max(axis=-1))  # the largest logit gets the largest probability


@no_deadline
@given(x=float_arrays(array_shapes(min_dims=1, max_dims=3), small_floats))
def test_softmax_matches_exp_over_sum_on_moderate_logits(x):
    """On logits in [-100, 100], does softmax equal exp(x) / sum(exp(x)), and ignore a constant shift?"""
    e = np.exp(x)
    np.testing.assert_allclose(softmax(x), e / e.sum(axis=-1, keepdims=True), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(softmax(x + 500.0), softmax(x), rtol=1e-9, atol=1e-300)


@no_deadline
@given(x=float_arrays(st.tuples(st.integers(1, 5), st.integers(1, 5)), huge_floats))
def test_softmax_axis(x):
    """Does softmax(x, axis=0) normalise the columns (the transpose of softmax over rows)?"""
    with strict_fp():
        p = softmax(x, axis=0)
    np.testing.assert_allclose(p.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(p, softmax(x.T).T, rtol=1e-12, atol=0)


# --- cross-entropy ------------------------------------------------------------------------------------


def test_cross_entropy_on_a_hand_computed_example():
    """Does a tiny masked example give loss 1.5 ln 2 and the hand-computed gradient?"""
    scores = np.array([[[0.0, 0.0], [math.log(3.0), 0.0], [50.0, -50.0]]])
    y = np.array([[0, 1, 1]])
    mask = np.array([[True, True, False]])
    # Row 1: p = (1/2, 1/2), target 0: -ln(1/2) = ln 2. Row 2: p = (3/4, 1/4), target 1: ln 4.
    loss, dscores = cross_entropy(scores, y, mask)
    assert loss == pytest.approx(1.5 * math.log(2.0), rel=1e-14)
    expected = np.array([[[-1 / 4, 1 / 4], [3 / 8, -3 / 8], [0.0, 0.0]]])
    np.testing.assert_allclose(dscores, expected, rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("big", [1e4, 1e6, 800.0])
def test_cross_entropy_is_finite_when_a_wrong_class_dominates(big):
    """With score `big` on a wrong class, is the loss about `big` (not inf) and the gradient finite?"""
    scores = np.array([[[big, 0.0, 0.0], [0.0, -big, big]]])
    y = np.array([[1, 1]])
    mask = np.ones((1, 2), dtype=bool)
    with strict_fp():
        loss, dscores = cross_entropy(scores, y, mask)
    assert math.isfinite(loss)
    # -log p = big - 0 for row 1 and big - (-big) = 2 big for row 2 (the other terms vanish).
    assert loss == pytest.approx((big + 2 * big) / 2, rel=1e-12)
    assert np.all(np.isfinite(dscores))
    np.testing.assert_allclose(dscores, np.array([[[1.0, -1.0, 0.0], [0.0, -1.0, 1.0]]]) / 2, atol=1e-12)


def test_cross_entropy_is_zero_when_the_target_dominates():
    """With score 1e4 on the target, is the loss 0 (not nan) and the gradient 0?"""
    scores = np.array([[[1e4, -1e4, 0.0]]])
    with strict_fp():
        loss, dscores = cross_entropy(scores, np.array([[0]]), np.array([[True]]))
    assert loss == 0.0 and not np.any(dscores)


@st.composite
def masked_problems(draw, elements=small_floats):
    """scores (N, T, V), targets y (N, T) in [0, V) and a mask with at least one True entry."""
    N, T, V = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 5))
    scores = draw(float_arrays((N, T, V), elements))
    y = np.array(draw(st.lists(st.integers(0, V - 1), min_size=N * T, max_size=N * T))).reshape(N, T)
    mask = np.array(draw(st.lists(st.booleans(), min_size=N * T, max_size=N * T))).reshape(N, T)
    assume(mask.any())
    return scores, y, mask


@no_deadline
@given(problem=masked_problems())
def test_cross_entropy_matches_its_formula(problem):
    """Is the loss the mean of -log p over valid tokens, and dscores = mask (p - onehot(y)) / M?"""
    scores, y, mask = problem
    loss, dscores = cross_entropy(scores, y, mask)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    M = mask.sum()
    picked = np.take_along_axis(p, y[..., None], axis=-1)[..., 0]
    assert loss == pytest.approx(-np.log(picked[mask]).sum() / M, rel=1e-10, abs=1e-12)
    onehot = np.eye(scores.shape[-1])[y]
    np.testing.assert_allclose(dscores, mask[..., None] * (p - onehot) / M, rtol=1e-10, atol=1e-14)
    assert dscores.shape == scores.shape


@no_deadline
@given(problem=masked_problems(huge_floats), data=st.data())
def test_masked_entries_do_not_change_the_loss(problem, data):
    """Do scores and targets at masked positions leave the loss and the valid rows of dscores unchanged?"""
    scores, y, mask = problem
    with strict_fp():
        loss, dscores = cross_entropy(scores, y, mask)
    other_scores = scores.copy()
    other_y = y.copy()
    hidden = ~mask
    other_scores[hidden] = data.draw(float_arrays(other_scores[hidden].shape, huge_floats))
    other_y[hidden] = data.draw(st.integers(-1000, 1000))  # any junk: never read
    with strict_fp():
        other_loss, other_dscores = cross_entropy(other_scores, other_y, mask)
    assert math.isfinite(loss)
    assert other_loss == loss
    assert np.array_equal(other_dscores[mask], dscores[mask])
    assert not other_dscores[hidden].any() and not dscores[hidden].any()


def test_unmasked_entries_do_change_the_loss():
    """Negative control: does changing one valid score or target change the loss?"""
    scores = np.random.default_rng(0).standard_normal((2, 3, 4))
    y = np.array([[0, 1, 2], [3, 0, 1]])
    mask = np.array([[True, True, False], [True, False, False]])
    loss = cross_entropy(scores, y, mask)[0]
    changed = scores.copy()
    changed[1, 0, 2] += 1.0
    assert cross_entropy(changed, y, mask)[0] != loss
    other_y = y.copy()
    other_y[0, 1] = 3
    assert cross_entropy(scores, other_y, mask)[0] != loss


def test_cross_entropy_does_not_modify_its_inputs():
    """Are scores, y and mask left untouched by cross_entropy?"""
    rng = np.random.default_rng(1)
    scores, y, mask = rng.standard_normal((2, 3, 4)), rng.integers(0, 4, (2, 3)), rng.random((2, 3)) < 0.7
    mask[0, 0] = True
    before = copy.deepcopy((scores, y, mask))
    cross_entropy(scores, y, mask)
    assert all(np.array_equal(a, b) for a, b in zip(before, (scores, y, mask), strict=True))


# --- sigmoid and tanh ----------------------------------------------------------------------------


def decimal_sigmoid(x: float) -> float:
    """1 / (1 + exp(-x)) in 60-digit decimal arithmetic, rounded to float."""
    with localcontext() as ctx:
        ctx.prec = 60
        return float(1 / (1 + (-Decimal(x)).exp()))


def decimal_tanh(x: float) -> float:
    """tanh(x) = (1 - exp(-2x)) / (1 + exp(-2x)) in 60-digit decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = 60
        e = (-2 * Decimal(x)).exp()
        return float((1 - e) / (1 + e))


def test_sigmoid_and_tanh_at_extreme_inputs():
    """At +-1e4, +-800, +-710, are sigmoid and tanh finite, warning-free and exactly right?"""
    with strict_fp():
        s, t = sigmoid(EXTREMES), tanh(EXTREMES)
        ds, dt = sigmoid_grad(EXTREMES), tanh_grad(EXTREMES)
    for values in (s, t, ds, dt):
        assert values.shape == EXTREMES.shape and np.all(np.isfinite(values))
    np.testing.assert_allclose(s, [decimal_sigmoid(x) for x in EXTREMES], rtol=1e-14, atol=0)
    np.testing.assert_allclose(t, [decimal_tanh(x) for x in EXTREMES], rtol=1e-14, atol=0)
    assert s[0] == 0.0 and s[-1] == 1.0 and t[0] == -1.0 and t[-1] == 1.0
    assert np.all(ds >= 0) and np.all(dt >= 0) and ds[0] == ds[-1] == 0.0 and dt[0] == dt[-1] == 0.0


@pytest.mark.parametrize("x", [-700.0, -300.0, -40.0, -20.0])
def test_sigmoid_keeps_relative_accuracy_for_negative_inputs(x):
    """For very negative x, is sigmoid(x) ~ exp(x) to full relative precision (not rounded to 0)?"""
    with strict_fp():
        value = float(sigmoid(np.array([x]))[0])
    assert value == pytest.approx(decimal_sigmoid(x), rel=1e-14)
    assert value > 0.0


@no_deadline
@given(x=float_arrays(array_shapes(), huge_floats))
def test_sigmoid_and_tanh_ranges_and_symmetry(x):
    """For any finite x, are sigmoid in [0, 1] and tanh in [-1, 1], with s(-x) = 1 - s(x) and tanh odd?"""
    with strict_fp():
        s, s_neg, t, t_neg = sigmoid(x), sigmoid(-x), tanh(x), tanh(-x)
    assert s.shape == t.shape == x.shape
    assert np.all((s >= 0) & (s <= 1)) and np.all((t >= -1) & (t <= 1))
    np.testing.assert_allclose(s + s_neg, 1.0, rtol=0, atol=1e-15)
    assert np.array_equal(t_neg, -t)


@no_deadline
@given(x=float_arrays(array_shapes(), st.floats(-12.0, 12.0)))
def test_derivatives_take_the_pre_activation(x):
    """Do sigmoid_grad(x) and tanh_grad(x) equal centred differences of sigmoid and tanh at x?"""
    h = 1e-6
    numeric_s = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    numeric_t = (tanh(x + h) - tanh(x - h)) / (2 * h)
    np.testing.assert_allclose(sigmoid_grad(x), numeric_s, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(tanh_grad(x), numeric_t, rtol=1e-6, atol=1e-9)


def test_derivative_of_the_activated_value_is_detected():
    """Negative control: does a derivative fed the activated value, s(s(x))(1 - s(s(x))), fail the check?"""
    x = np.linspace(-4.0, 4.0, 9)
    h = 1e-6
    numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    wrong = sigmoid(sigmoid(x)) * (1 - sigmoid(sigmoid(x)))
    assert not np.allclose(wrong, numeric, rtol=1e-6, atol=1e-9)
    wrong_t = 1 - np.tanh(np.tanh(x)) ** 2
    assert not np.allclose(wrong_t, (tanh(x + h) - tanh(x - h)) / (2 * h), rtol=1e-6, atol=1e-9)


def test_activations_work_on_any_shape():
    """Do the activations keep the shape of 0-d to 3-d inputs?"""
    for shape in [(), (3,), (2, 3), (2, 1, 4)]:
        x = np.random.default_rng(0).standard_normal(shape)
        for f in (sigmoid, sigmoid_grad, tanh, tanh_grad):
            assert np.shape(f(x)) == shape


# --- clipping --------------------------------------------------------------------------------------


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """The L2 norm of every gradient taken as one long vector (math.hypot: no overflow, no underflow)."""
    return math.hypot(*(float(v) for g in grads.values() for v in g.ravel()))


def assert_global_norm_clip(grads, clipped, norm, max_norm) -> None:
    """Every property a global-norm clip must have, for the output ``clipped, norm`` of ``grads``."""
    assert clipped is not grads and set(clipped) == set(grads)
    assert norm == pytest.approx(global_norm(grads), rel=1e-12, abs=1e-300)
    for name, g in grads.items():
        assert clipped[name].shape == g.shape
    if global_norm(grads) <= max_norm:
        for name, g in grads.items():  # untouched, bit for bit
            assert np.array_equal(clipped[name], g) and clipped[name].tobytes() == g.tobytes()
        return
    assert global_norm(clipped) == pytest.approx(max_norm, rel=1e-12)
    scale = max_norm / global_norm(grads)  # one common factor: the direction is kept
    for name, g in grads.items():
        np.testing.assert_allclose(clipped[name], g * scale, rtol=1e-12, atol=0)


def per_tensor_clip(grads, max_norm):
    """A wrong clip (each gradient by its own norm), for the negative control."""
    out = {}
    for name, g in grads.items():
        n = float(np.linalg.norm(g))
        out[name] = g * (max_norm / n) if n > max_norm else g
    return out, global_norm(grads)


@no_deadline
@given(grads=grad_dicts(), max_norm=st.floats(1e-3, 1e3))
def test_clip_by_global_norm_properties(grads, max_norm):
    """Is every gradient set either left bit-for-bit alone or scaled by one factor to norm max_norm?"""
    before = copy.deepcopy(grads)
    clipped, norm = clip_by_global_norm(grads, max_norm)
    assert_global_norm_clip(grads, clipped, norm, max_norm)
    assert set(grads) == set(before)
    assert all(grads[k].tobytes() == before[k].tobytes() for k in grads)  # input not modified


def test_clip_by_global_norm_scales_large_gradients():
    """With norm 13 and threshold 1, are both tensors scaled by 1/13 and the pre-clip norm 13 returned?"""
    grads = {"Wx": np.array([[3.0, 0.0], [0.0, 4.0]]), "b": np.array([12.0])}
    before = copy.deepcopy(grads)
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(13.0, rel=1e-15)
    np.testing.assert_allclose(clipped["Wx"], before["Wx"] / 13.0, rtol=1e-15)
    np.testing.assert_allclose(clipped["b"], [12.0 / 13.0], rtol=1e-15)
    assert global_norm(clipped) == pytest.approx(1.0, rel=1e-12)
    assert all(np.array_equal(grads[k], before[k]) for k in grads)


@pytest.mark.parametrize("max_norm", [13.0, 13.5, 1e9])
def test_clip_by_global_norm_leaves_small_gradients_bitwise_unchanged(max_norm):
    """Under (or at) the threshold, are the gradients returned with exactly the same values?"""
    rng = np.random.default_rng(2)
    grads = {"Wx": np.array([[3.0, 0.0], [0.0, 4.0]]), "b": np.array([12.0]), "Wh": rng.standard_normal(0)}
    clipped, norm = clip_by_global_norm(grads, max_norm)
    assert norm == 13.0
    for name, g in grads.items():
        assert clipped[name].dtype == g.dtype and clipped[name].tobytes() == g.tobytes()


def test_per_tensor_clipping_is_detected():
    """Negative control: does a per-tensor clip fail the global-norm assertions that the solution passes?"""
    grads = {"Wx": np.full((2, 2), 10.0), "b": np.array([0.5, -0.5])}
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert_global_norm_clip(grads, clipped, norm, 1.0)
    wrong, wrong_norm = per_tensor_clip(grads, 1.0)
    with pytest.raises(AssertionError):
        assert_global_norm_clip(grads, wrong, wrong_norm, 1.0)


@no_deadline
@given(grads=grad_dicts(), clip_value=st.floats(1e-3, 50.0))
def test_clip_by_value_clamps_and_keeps_in_bound_entries(grads, clip_value):
    """Is every entry clamped to [-c, c], in-bound entries kept exactly, and the input left alone?"""
    before = copy.deepcopy(grads)
    clipped = clip_by_value(grads, clip_value)
    assert clipped is not grads and set(clipped) == set(grads)
    for name, g in before.items():
        out = clipped[name]
        assert out.shape == g.shape
        assert np.all(np.abs(out) <= clip_value)
        inside = np.abs(g) <= clip_value
        assert np.array_equal(out[inside], g[inside])
        assert np.all(out[g > clip_value] == clip_value) and np.all(out[g < -clip_value] == -clip_value)
        assert grads[name].tobytes() == g.tobytes()


# --- orthogonal initialisation --------------------------------------------------------------------------

SHAPES = [(4, 4), (3, 7), (7, 3), (1, 5), (5, 1), (1, 1), (50, 200), (200, 50)]


def orthonormality_error(W: np.ndarray) -> float:
    """max |W^T W - I| if W is tall or square, else max |W W^T - I|."""
    G = W.T @ W if W.shape[0] >= W.shape[1] else W @ W.T
    return float(np.max(np.abs(G - np.eye(G.shape[0]))))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_orthogonal_has_orthonormal_columns_or_rows(shape, seed):
    """Is W.T @ W = I (rows >= cols) or W @ W.T = I (rows < cols) to 1e-12, with W of the given shape?"""
    W = orthogonal(shape, np.random.default_rng(seed))
    assert W.shape == shape and W.dtype == np.float64
    assert orthonormality_error(W) < 1e-12


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_orthogonal_is_the_sign_corrected_q_of_the_documented_draw(shape, seed):
    """Is Q^T A upper triangular with a positive diagonal, for the documented draw A, and one draw only?"""
    rows, cols = shape
    W = orthogonal(shape, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((max(rows, cols), min(rows, cols)))
    Q = W if rows >= cols else W.T
    R = Q.T @ A
    assert np.max(np.abs(np.tril(R, k=-1))) < 1e-10 * max(1.0, np.abs(R).max())
    assert np.all(np.diag(R) > 0)
    np.testing.assert_allclose(Q @ R, A, atol=1e-10, rtol=0)
    # Exactly one call of that shape: the caller's generator is left where that one draw leaves it.
    after = np.random.default_rng(seed)
    orthogonal(shape, after)
    assert after.standard_normal() == rng.standard_normal()


def test_sign_check_catches_a_q_without_sign_correction():
    """Negative control: does numpy's raw QR (no sign fix) fail the positive-diagonal check for this draw?"""
    A = np.random.default_rng(0).standard_normal((7, 3))
    Q, _ = np.linalg.qr(A)
    assert orthonormality_error(Q) < 1e-12  # orthogonal all the same: only the sign check sees it
    assert not np.all(np.diag(Q.T @ A) > 0)


def test_orthogonal_is_deterministic_for_a_seed():
    """Do two generators with the same seed give the same matrix, and different seeds different ones?"""
    first = orthogonal((6, 4), np.random.default_rng(11))
    assert np.array_equal(orthogonal((6, 4), np.random.default_rng(11)), first)
    assert not np.allclose(orthogonal((6, 4), np.random.default_rng(12)), first)


D, H, V = 5, 3, 4


def test_rnn_params_shapes_zero_biases_and_draw_order():
    """Does init_rnn_params give the documented shapes, zero biases, and draw Wx, Wh, Wy in order?"""
    params = init_rnn_params(D, H, V, np.random.default_rng(3))
    assert {k: v.shape for k, v in params.items()} == {
        "Wx": (D, H), "Wh": (H, H), "b": (H,), "Wy": (H, V), "by": (V,)}
    assert all(v.dtype == np.float64 for v in params.values())
    assert not params["b"].any() and not params["by"].any()
    rng = np.random.default_rng(3)
    for name, shape in [("Wx", (D, H)), ("Wh", (H, H)), ("Wy", (H, V))]:
        assert np.array_equal(params[name], orthogonal(shape, rng)), name
        assert orthonormality_error(params[name]) < 1e-12


@pytest.mark.parametrize("dims", [(D, H, V), (4, 50, 4), (2, 6, 9)])
def test_lstm_params_gate_blocks_are_orthogonal(dims):
    """Does init_lstm_params give the documented shapes, zero biases, and orthogonal gate blocks?"""
    d, h, v = dims
    params = init_lstm_params(d, h, v, np.random.default_rng(4))
    assert {k: a.shape for k, a in params.items()} == {
        "Wx": (d, 4 * h), "Wh": (h, 4 * h), "b": (4 * h,), "Wy": (h, v), "by": (v,)}
    assert not params["b"].any() and not params["by"].any()
    blocks = [params["Wh"][:, k * h : (k + 1) * h] for k in range(4)]
    for block in blocks:
        assert np.max(np.abs(block.T @ block - np.eye(h))) < 1e-12
        assert np.max(np.abs(block @ block.T - np.eye(h))) < 1e-12
    for k in range(4):
        assert orthonormality_error(params["Wx"][:, k * h : (k + 1) * h]) < 1e-12
    assert orthonormality_error(params["Wy"]) < 1e-12
    # Four different draws (not one block repeated), in the documented order.
    assert all(not np.allclose(blocks[0], other) for other in blocks[1:])
    rng = np.random.default_rng(4)
    expected_wx = np.concatenate([orthogonal((d, h), rng) for _ in range(4)], axis=1)
    expected_wh = np.concatenate([orthogonal((h, h), rng) for _ in range(4)], axis=1)
    assert np.array_equal(params["Wx"], expected_wx) and np.array_equal(params["Wh"], expected_wh)
    assert np.array_equal(params["Wy"], orthogonal((h, v), rng))


def test_clip_by_global_norm_survives_huge_gradients():
    """Are gradients whose squares overflow (entries of 1e200) still scaled down to max_norm, not zeroed?"""
    grads = {"W": np.array([3e200, -4e200]), "b": np.array([0.0])}
    with np.errstate(all="raise"):
        clipped, norm = clip_by_global_norm(grads, 5.0)
    assert norm == pytest.approx(5e200, rel=1e-12)
    np.testing.assert_allclose(clipped["W"], [3.0, -4.0], rtol=1e-12)
