"""Checks of tasks 2 (activations and loss), 3 (initialisation) and 5 (gradient clipping)."""

from __future__ import annotations

import numpy as np

from autograder.expected.checks.builders import Mistake, value_check

EXTREME = np.array([-1e4, -800.0, -30.0, -1e-3, 0.0, 1e-3, 30.0, 800.0, 1e4])


def _elementwise(rng):
    return [("random (4, 5)", [rng.standard_normal((4, 5))], {}),
            ("extreme values -1e4..1e4", [EXTREME.copy()], {}),
            ("a 0-d array", [np.array(float(rng.standard_normal()))], {})]


value_check("2", "sigmoid: values, no overflow", "activations", "sigmoid", _elementwise, no_overflow=True, hints={
    "overflow": "exp(-x) overflows for x < -709 (and exp(x) for x > 709): compute with e = exp(-|x|), "
                "1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0."})
value_check("2", "tanh: values, no overflow", "activations", "tanh", _elementwise, no_overflow=True, hints={
    "overflow": "the textbook (e^x - e^-x) / (e^x + e^-x) is inf / inf past |x| = 710: use np.tanh."})

PRE_ACTIVATION = ("{name} takes the pre-activation x and returns the derivative at x; the formula "
                  "{formula} is the derivative written with the activation's output, so it must be applied "
                  "to {f}(x), not to x itself.")
TWICE = ("{f} is applied twice: {name}(x) computes {v} = {f}(x) and then the derivative of {f} at {v}; the "
         "derivative at x is {formula} with {v} = {f}(x), {f} applied once (the hint's warning).")


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


value_check("2", "sigmoid_grad: derivative at the pre-activation", "activations", "sigmoid_grad", _elementwise,
            mistakes=[Mistake("activated-derivative", PRE_ACTIVATION.format(
                name="sigmoid_grad", formula="s * (1 - s)", f="sigmoid"), lambda x: x * (1 - x)),
                Mistake("activation-twice", TWICE.format(f="sigmoid", name="sigmoid_grad", v="s",
                                                         formula="s * (1 - s)"),
                        lambda x: _sigmoid(_sigmoid(x)) * (1 - _sigmoid(_sigmoid(x))))])
value_check("2", "tanh_grad: derivative at the pre-activation", "activations", "tanh_grad", _elementwise,
            mistakes=[Mistake("activated-derivative", PRE_ACTIVATION.format(
                name="tanh_grad", formula="1 - t**2", f="tanh"), lambda x: 1 - x**2),
                Mistake("activation-twice", TWICE.format(f="tanh", name="tanh_grad", v="t", formula="1 - t**2"),
                        lambda x: 1 - np.tanh(np.tanh(x)) ** 2)])

OVERFLOW = ("softmax overflows: exp(1000) is inf and inf / inf is NaN. Subtract each row's maximum "
            "before exponentiating; the result is mathematically the same.")


def _softmax(rng):
    return [("random (3, 4, 5)", [rng.standard_normal((3, 4, 5))], {}),
            ("logits of +-1e4", [np.array([[1e4, -1e4, 0.0], [1e4, 1e4, -1e4]])], {}),
            ("axis=0", [rng.standard_normal((4, 3))], {"axis": 0}),
            ("a 1-d vector", [rng.standard_normal(5)], {}),
            ("a 1-d vector of logits +-1e4", [np.array([1e4, -1e4, 0.0, 9999.0])], {}),
            ("logits all near -1e3 (each exp underflows to 0 unless shifted)",
             [np.array([[-1000.0, -1001.0, -1002.0], [-2000.0, -1999.0, -1998.0]])], {}),
            ("axis=1 of a (2, 3, 4) array", [rng.standard_normal((2, 3, 4))], {"axis": 1}),
            ("axis=-2 of a (2, 3, 4) array", [rng.standard_normal((2, 3, 4))], {"axis": -2}),
            # each row its own maximum: shifting by the whole array's maximum underflows the low row to 0 / 0
            ("a row near +1e4 and a row near -1e4", [np.array([[1e4, 1e4 - 1.0, 1e4 - 2.0],
                                                              [-1e4, -1e4 + 1.0, -1e4 + 2.0]])], {})]


value_check("2", "softmax: stable at logits of +-1e4", "activations", "softmax", _softmax,
            hints={"overflow": "subtract each row's maximum (along axis, keepdims=True) before np.exp, not the "
                               "whole array's: a row far below the global maximum underflows to 0 / 0."}, mistakes=[
    Mistake("softmax-overflow", OVERFLOW, lambda x, axis=-1: np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True)),
])


def _ce_reference(scores, y, mask, *, over_vocab=False, all_tokens=False, sign=1.0):
    shifted = scores - scores.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    count = mask.size if all_tokens else mask.sum()
    loss = -(picked * mask).sum() / count / (scores.shape[-1] if over_vocab else 1)
    d = np.exp(log_p)
    np.put_along_axis(d, y[..., None], np.take_along_axis(d, y[..., None], axis=-1) - sign, axis=-1)
    d = d * mask[..., None] / count / (scores.shape[-1] if over_vocab else 1)
    return float(loss), d


def _cross_entropy(rng):
    N, T, V = 3, 4, 5
    mask = np.ones((N, T), dtype=bool)
    mask[0, 2:] = mask[2, 3:] = False
    y = rng.integers(0, V, size=(N, T))
    big = rng.standard_normal((N, T, V)) * 1e4
    return [("a padded batch (N=3, T=4, V=5)", [rng.standard_normal((N, T, V)), y, mask], {}),
            ("logits of +-1e4", [big, y, mask], {}),
            ("no padding, N=1, T=1", [rng.standard_normal((1, 1, V)), y[:1, :1], np.ones((1, 1), bool)], {}),
            # "whatever their targets hold": PyTorch users pad with -100; padded steps must neither count nor raise
            ("padded targets out of range (-100 and V + 2), which must contribute nothing and raise nothing",
             [rng.standard_normal((N, T, V)), np.where(mask, y, np.where(np.arange(T) % 2, -100, V + 2)), mask], {}),
            ("an all-False mask", [rng.standard_normal((N, T, V)), y, np.zeros((N, T), bool)], {}),
            ("a mask with holes (False at the start and in the middle)",
             [rng.standard_normal((N, T, V)), y, np.array([[False, True, False, True], [True, False, True, True],
                                                          [False, False, True, True]])], {})]


CE_OVERFLOW = ("Take log p = x - m - log(sum(exp(x - m))) with m the row's maximum (log-sum-exp): exp of the "
               "raw logits overflows, and log(softmax(x)) is -inf wherever a probability underflows to 0.")
value_check("2", "cross_entropy: masked mean and its gradient", "activations", "cross_entropy", _cross_entropy,
            weight=2, dims=["NTV", "NT", "NT"], hints={"overflow": CE_OVERFLOW}, mistakes=[
                Mistake("ce-mean-over-vocab", "the loss is averaged over the vocabulary too (np.mean over "
                        "V entries of log(p) * onehot): cross-entropy sums over the vocabulary and averages "
                        "over the valid tokens only.", lambda s, y, m: _ce_reference(s, y, m, over_vocab=True)),
                Mistake("ce-padding", "padded steps are counted: divide by the number of valid tokens "
                        "(mask.sum()), not by N*T, and give padded steps zero gradient.",
                        lambda s, y, m: _ce_reference(s, y, m, all_tokens=True)),
                Mistake("ce-mask-ignored", "the mask is ignored: padded steps are scored and counted. Sum "
                        "over the valid tokens only (mask True) and divide by their number M = mask.sum(); padded "
                        "steps get zero gradient.", lambda s, y, m: _ce_reference(s, y, np.ones_like(m))),
                Mistake("ce-gradient-sign", "the gradient of the loss w.r.t. the scores is p - onehot(y): "
                        "subtract 1 at the target (p[y] -= 1), don't add it.",
                        lambda s, y, m: _ce_reference(s, y, m, sign=-1.0)),
            ])


def _orthogonal(rng):
    seed = int(rng.integers(1 << 30))
    return [(f"shape {shape}", [shape, {"$rng": seed}], {}) for shape in [(4, 4), (3, 7), (7, 3), (1, 5), (6, 1)]]


def _no_sign_fix(shape, rng):
    rows, cols = shape
    q, _ = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    return q if rows >= cols else q.T


value_check("3", "orthogonal: QR with sign correction, any shape", "initialisation", "orthogonal", _orthogonal,
            weight=2, mistakes=[Mistake("orthogonal-no-sign", "the signs are not corrected: multiply each "
                                "column of Q by the sign of R's diagonal entry (Q * np.sign(np.diag(R))).",
                                _no_sign_fix)])


def _init(rng):
    seed = int(rng.integers(1 << 30))
    return [("D=4, H=5, V=4", [4, 5, 4, {"$rng": seed}], {}), ("D=3, H=1, V=2", [3, 1, 2, {"$rng": seed + 1}], {})]


value_check("3", "init_rnn_params: shapes, draws, zero biases", "initialisation", "init_rnn_params", _init)
value_check("3", "init_lstm_params: per-gate blocks, zero biases", "initialisation", "init_lstm_params", _init)


def _grads(rng, scale):
    return {"Wx": scale * rng.standard_normal((3, 8)), "Wh": scale * rng.standard_normal((2, 8)),
            "b": scale * rng.standard_normal(8)}


def _norm_of(grads, norm):
    """``grads`` scaled to a global norm of ``norm``."""
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    return {k: g * (norm / total) for k, g in grads.items()}


def _global_norm(rng):
    return [("gradients under the threshold", [_grads(rng, 0.01), 5.0], {}),
            ("gradients over the threshold", [_grads(rng, 10.0), 5.0], {}),
            ("all-zero gradients (norm 0)", [_grads(rng, 0.0), 5.0], {}),
            ("a norm of 3.5, between sqrt(max_norm) and max_norm = 5", [_norm_of(_grads(rng, 1.0), 3.5), 5.0], {}),
            ("each gradient's norm 3.2 under max_norm = 5, their global norm 5.5 over it",
             [{k: _norm_of({k: g}, 3.2)[k] for k, g in _grads(rng, 1.0).items()}, 5.0], {}),
            ("a 0-d gradient among them (any shapes), over the threshold",
             [{**_grads(rng, 3.0), "s": np.array(4.0)}, 5.0], {}),
            ("no gradients, max_norm=5", [{}, 5.0], {}),
            ("an int threshold, max_norm=5 (a number > 0: an int is one)", [_grads(rng, 10.0), 5], {}),
            ("max_norm=0", [_grads(rng, 1.0), 0.0], {}), ("max_norm=-1", [_grads(rng, 1.0), -1.0], {}),
            ("no gradients, max_norm=0", [{}, 0.0], {})]


def _per_tensor(grads, max_norm):
    clipped = {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}
    return clipped, float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))


def _by_value(grads, max_norm):
    return ({k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()},
            float(np.sqrt(sum(np.sum(g * g) for g in grads.values()))))


value_check("5", "clip_by_global_norm: one norm for all gradients", "clipping", "clip_by_global_norm",
            _global_norm, weight=2, mistakes=[
                Mistake("clip-by-value", "this clamps every entry to [-max_norm, max_norm] (clipping by "
                        "value); clipping by global norm rescales all gradients by one factor, max_norm / norm, "
                        "when their joint norm exceeds max_norm.", _by_value),
                Mistake("clip-per-tensor", "each gradient is clipped by its own norm; clipping by global "
                        "norm computes one norm over all gradients together and scales them all by the same "
                        "factor, which keeps the direction of the update.", _per_tensor)])
value_check("5", "clip_by_value: elementwise clamp", "clipping", "clip_by_value", lambda rng: [
    ("mixed magnitudes", [_grads(rng, 3.0), 1.0], {}), ("clip_value=-1", [_grads(rng, 1.0), -1.0], {}),
    ("clip_value=0", [_grads(rng, 1.0), 0.0], {}), ("no gradients, clip_value=0", [{}, 0.0], {}),
    ("a 0-d gradient among them (any shapes)", [{**_grads(rng, 3.0), "s": np.array(-4.0)}, 1.0], {}),
    ("a gradient with no entries among them (shape (0, 3))", [{**_grads(rng, 3.0), "e": np.zeros((0, 3))}, 1.0], {}),
    ("one gradient already within the bounds, an int threshold", [{**_grads(rng, 3.0), "b": np.full(8, 0.5)}, 2],
     {})])
