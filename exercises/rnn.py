# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/rnn.py by `make exercises`; kit maintainers edit that file, not this one.)
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
    raise NotImplementedError("task 4: rnn_step_forward")


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
    raise NotImplementedError("task 4: rnn_step_backward")


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
    # Hint: x Wx + b does not depend on h: compute it for all steps in one matmul, then loop over t.
    raise NotImplementedError("task 4: rnn_forward")


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
    # Hint: carry dprev_h from step t to step t-1; collect da for every step, then
    #   form dx, dWx, dWh and db with one matmul (or sum) over all steps at once.
    raise NotImplementedError("task 4: rnn_backward")


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
    raise NotImplementedError("task 4: affine_forward")


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
    raise NotImplementedError("task 4: affine_backward")
