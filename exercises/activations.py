# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/activations.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 2: activations, their derivatives, a stable softmax and the masked cross-entropy.

Every function works elementwise on arrays of any shape unless stated; the
derivatives take the *pre-activation* x, never the activated value.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid, ``s(x) = 1 / (1 + exp(-x))``, without overflow.

    ``exp(-x)`` overflows for x < -709; compute with ``exp(-|x|)``, which never does:
    ``s(x) = 1 / (1 + exp(-x))`` for x >= 0 and ``exp(x) / (1 + exp(x))`` for x < 0.

    Inputs:
    - x: float array of any shape

    Returns:
    - s: array of the same shape, entries in [0, 1]
    """
    # Hint: e = np.exp(-np.abs(x)) is at most 1; pick 1 / (1 + e) or e / (1 + e) by the sign of x.
    raise NotImplementedError("task 2: sigmoid")


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of the sigmoid at the pre-activation x: ``s'(x) = s(x) (1 - s(x))``.

    Inputs:
    - x: float array of any shape (the input of the sigmoid, not its output)

    Returns:
    - ds: array of the same shape
    """
    # Hint: evaluate s = sigmoid(x) once and combine.
    raise NotImplementedError("task 2: sigmoid_grad")


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)``, finite for every finite x.

    Inputs:
    - x: float array of any shape

    Returns:
    - t: array of the same shape, entries in [-1, 1]
    """
    # Hint: the textbook formula gives inf / inf = nan for |x| > 710; np.tanh is stable.
    raise NotImplementedError("task 2: tanh")


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of tanh at the pre-activation x: ``tanh'(x) = 1 - tanh(x)^2``.

    Inputs:
    - x: float array of any shape (the input of tanh, not its output)

    Returns:
    - dt: array of the same shape
    """
    # Hint: if you already hold t = tanh(x), the derivative is 1 - t**2; do not apply tanh twice.
    raise NotImplementedError("task 2: tanh_grad")


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along ``axis``: ``p_k = exp(x_k - m) / sum_j exp(x_j - m)``, m = max_j x_j.

    Subtracting the maximum changes nothing mathematically and keeps every
    exponent <= 0, so logits of +-1e4 give no overflow and no NaN.

    Inputs:
    - x: float array of any shape
    - axis: the axis that sums to one

    Returns:
    - p: array of the same shape, entries in [0, 1], summing to 1 along ``axis``
    """
    # Hint: x - x.max(axis=axis, keepdims=True) before np.exp; keepdims makes the shapes broadcast.
    raise NotImplementedError("task 2: softmax")


def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
    """Masked mean cross-entropy of softmax(scores) against integer targets, and its gradient.

    With ``p = softmax(scores)`` over the last axis and M = number of True
    entries of ``mask``:

        loss = -(1 / M) * sum_{n,t: mask[n,t]} log p[n, t, y[n, t]]
        dscores[n, t, :] = mask[n, t] * (p[n, t, :] - onehot(y[n, t])) / M

    Compute ``log p`` as ``x - m - log(sum(exp(x - m)))`` (log-sum-exp), never as
    ``log(softmax)``, which gives -inf for probabilities that underflow to 0.
    Padded steps (mask False) contribute nothing, whatever their targets hold.

    Inputs:
    - scores: float array of shape (N, T, V)
    - y: int array of shape (N, T), entries in [0, V) where mask is True
    - mask: bool array of shape (N, T) with at least one True entry

    Returns a tuple of:
    - loss: float, nats per valid token
    - dscores: float array of shape (N, T, V), the gradient of loss w.r.t. scores

    Raises ValueError if the mask selects no token (the mean is undefined).
    """
    # Hint: work on the valid rows only (scores[mask], y[mask]) and scatter the gradient back.
    raise NotImplementedError("task 2: cross_entropy")
