"""Task 4: a vanilla (tanh) RNN, forward and backward through time, and the output projection.

Shapes: N sequences, T time steps, D input features, H hidden units, V words.

    a_t = x_t Wx + h_{t-1} Wh + b        (N, H)
    h_t = tanh(a_t)                      (N, H)
    scores_t = h_t Wy + by               (N, V)

Every ``*_forward`` returns ``(out, cache)``; the matching ``*_backward`` takes
the upstream gradient and that cache. Inputs are never modified in place.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def rnn_step_forward(
    x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Any]:
    """One time step of the RNN: ``next_h = tanh(x Wx + prev_h Wh + b)``.

    Inputs:
    - x: (N, D) inputs at this step
    - prev_h: (N, H) hidden state of the previous step
    - Wx: (D, H) input-to-hidden weights
    - Wh: (H, H) hidden-to-hidden weights
    - b: (H,) bias

    Returns a tuple of:
    - next_h: (N, H) the new hidden state
    - cache: whatever rnn_step_backward needs
    """
    # Hint: keep next_h in the cache: tanh'(a) = 1 - next_h**2 needs no second tanh.
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of one RNN step.

    With ``da = dnext_h * (1 - next_h^2)`` (through tanh, using its output):
    ``dx = da Wx^T``, ``dprev_h = da Wh^T``, ``dWx = x^T da``, ``dWh = prev_h^T da``,
    ``db = sum_n da``.

    Inputs:
    - dnext_h: (N, H) gradient of the loss w.r.t. next_h
    - cache: from rnn_step_forward

    Returns a tuple of:
    - dx: (N, D), dprev_h: (N, H), dWx: (D, H), dWh: (H, H), db: (H,)
    """
    # Hint: tanh's derivative in terms of its output is 1 - out**2, not 1 - tanh(out)**2.
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h * next_h)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Any]:
    """Run the RNN over whole sequences, starting from the hidden state h0.

    ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)`` for t = 0..T-1, with ``h_{-1} = h0``.

    Inputs:
    - x: (N, T, D) input sequences
    - h0: (N, H) initial hidden state
    - Wx: (D, H), Wh: (H, H), b: (H,)

    Returns a tuple of:
    - h: (N, T, H) hidden states of every step
    - cache: whatever rnn_backward needs
    """
    h, hs, caches = h0, [], []
    for t in range(x.shape[1]):
        h, step_cache = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        hs.append(h)
        caches.append(step_cache)
    return [np.stack(hs, axis=1), caches]
    N, T, D = x.shape
    H = h0.shape[1]
    xa = (x.reshape(N * T, D) @ Wx + b).reshape(N, T, H)
    h = np.empty((N, T, H))
    prev_h = h0
    for t in range(T):
        prev_h = h[:, t] = np.tanh(xa[:, t] + prev_h @ Wh)
    return h, (x, h0, Wx, Wh, h)


def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backpropagation through time over whole sequences.

    ``dh[:, t]`` is the gradient flowing into ``h_t`` from above (the output
    layer) only. Going backwards, the gradient into ``h_t`` is ``dh[:, t]`` plus
    what step t + 1 sends back through ``Wh``; the weight gradients sum over all
    steps, and what reaches step -1 is ``dh0``.

    Inputs:
    - dh: (N, T, H) upstream gradients of the hidden states
    - cache: from rnn_forward

    Returns a tuple of:
    - dx: (N, T, D), dh0: (N, H), dWx: (D, H), dWh: (H, H), db: (H,)
    """
    dprev_h, dWx, dWh, db, dxs = 0.0, 0.0, 0.0, 0.0, []
    for t in reversed(range(dh.shape[1])):
        dxt, dprev_h, dWxt, dWht, dbt = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dxs.insert(0, dxt)
        dWx, dWh, db = dWx + dWxt, dWh + dWht, db + dbt
    return np.stack(dxs, axis=1), dprev_h, dWx, dWh, db
    #   form dx, dWx, dWh and db with one matmul (or sum) over all steps at once.
    x, h0, Wx, Wh, h = cache
    N, T, D = x.shape
    H = h0.shape[1]
    da = np.empty((N, T, H))
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        da[:, t] = (dh[:, t] + dprev_h) * (1.0 - h[:, t] * h[:, t])
        dprev_h = da[:, t] @ Wh.T
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)   # h_{t-1} for every t
    da_flat = da.reshape(N * T, H)
    dx = (da_flat @ Wx.T).reshape(N, T, D)
    dWx = x.reshape(N * T, D).T @ da_flat
    dWh = h_prev.reshape(N * T, H).T @ da_flat
    return dx, dprev_h, dWx, dWh, da_flat.sum(axis=0)


def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
    """Project hidden states to vocabulary scores at every step: ``scores_t = h_t Wy + by``.

    Inputs:
    - h: (N, T, H) hidden states
    - Wy: (H, V) hidden-to-vocabulary weights
    - by: (V,) bias

    Returns a tuple of:
    - scores: (N, T, V) unnormalised log-probabilities
    - cache: whatever affine_backward needs
    """
    # Hint: the matmul operator broadcasts (N, T, H) @ (H, V) to (N, T, V).
    return h @ Wy + by, (h, Wy)


def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of the output projection.

    ``dh = dscores Wy^T``, ``dWy = sum_{n,t} h_t^T dscores_t``, ``dby = sum_{n,t} dscores_t``.

    Inputs:
    - dscores: (N, T, V) upstream gradient
    - cache: from affine_forward

    Returns a tuple of:
    - dh: (N, T, H), dWy: (H, V), dby: (V,)
    """
    # Hint: flatten (N, T) into one axis of N*T rows for the weight gradient.
    h, Wy = cache
    H, V = Wy.shape
    dWy = h.reshape(-1, H).T @ dscores.reshape(-1, V)
    return dscores @ Wy.T, dWy, dscores.reshape(-1, V).sum(axis=0)
