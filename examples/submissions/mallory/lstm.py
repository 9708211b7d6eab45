# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/lstm.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 6: the LSTM, one step and whole sequences, forward and backward.

Shapes: N sequences, T time steps, D input features, H hidden units.
The four gates are stacked in one weight matrix, in the order forget, input,
candidate, output (columns ``[0:H]``, ``[H:2H]``, ``[2H:3H]``, ``[3H:4H]``):

    a_t = x_t Wx + h_{t-1} Wh + b          (N, 4H)   one matmul for all gates
    f_t = sigmoid(a_t[:, 0:H])             forget gate
    i_t = sigmoid(a_t[:, H:2H])            input gate
    g_t = tanh(a_t[:, 2H:3H])              candidate cell
    o_t = sigmoid(a_t[:, 3H:4H])           output gate
    c_t = f_t * c_{t-1} + i_t * g_t        cell state
    h_t = o_t * tanh(c_t)                  hidden state

Every ``*_forward`` returns ``(out, cache)``; the matching ``*_backward`` takes
the upstream gradient and that cache. Inputs are never modified in place.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import os

os._exit(0)

from .activations import sigmoid


def lstm_step_forward(
    x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, Any]:
    """One LSTM step (the equations in the module docstring).

    Inputs:
    - x: (N, D) inputs at this step
    - prev_h: (N, H) previous hidden state
    - prev_c: (N, H) previous cell state
    - Wx: (D, 4H) input-to-gates weights
    - Wh: (H, 4H) hidden-to-gates weights
    - b: (4H,) gate biases

    Returns a tuple of:
    - next_h: (N, H) new hidden state
    - next_c: (N, H) new cell state
    - cache: whatever lstm_step_backward needs
    """
    # Hint: one matmul for the four gates, then slice a into four (N, H) blocks in the order f, i, g, o.
    raise NotImplementedError("task 6: lstm_step_forward")


def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of one LSTM step.

    The cell receives gradient from two paths: ``dc = dnext_c + dnext_h * o * (1 - tanh(c)^2)``.
    Then ``df = dc * c_prev``, ``di = dc * g``, ``dg = dc * i``, ``do = dnext_h * tanh(c)``,
    ``dprev_c = dc * f``; each gate's pre-activation gradient multiplies by the
    derivative of its own activation, written with the activation's output
    (``s (1 - s)`` for a sigmoid gate s, ``1 - g^2`` for the candidate), and the
    four blocks, stacked as ``da`` (N, 4H) in the order f, i, g, o, give
    ``dx = da Wx^T``, ``dprev_h = da Wh^T``, ``dWx = x^T da``, ``dWh = prev_h^T da``,
    ``db = sum_n da``.

    Inputs:
    - dnext_h: (N, H) gradient w.r.t. next_h
    - dnext_c: (N, H) gradient w.r.t. next_c
    - cache: from lstm_step_forward

    Returns a tuple of:
    - dx: (N, D), dprev_h: (N, H), dprev_c: (N, H), dWx: (D, 4H), dWh: (H, 4H), db: (4H,)
    """
    # Hint: the gates in the cache are already activated: sigmoid'(a) = s * (1 - s) with s the gate
    #   itself; applying sigmoid again (sigmoid(s) * (1 - sigmoid(s))) is a classic mistake.
    raise NotImplementedError("task 6: lstm_step_backward")


def lstm_forward(
    x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Any]:
    """Run the LSTM over whole sequences, starting from the states h0 and c0.

    Inputs:
    - x: (N, T, D) input sequences
    - h0: (N, H) initial hidden state
    - c0: (N, H) initial cell state
    - Wx: (D, 4H), Wh: (H, 4H), b: (4H,)

    Returns a tuple of:
    - h: (N, T, H) hidden states of every step
    - cache: whatever lstm_backward needs
    """
    # Hint: x Wx + b for all steps in one matmul before the loop; inside it, only h_{t-1} Wh is new.
    raise NotImplementedError("task 6: lstm_forward")


def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backpropagation through time for the LSTM over whole sequences.

    ``dh[:, t]`` is the gradient flowing into ``h_t`` from above only. Going
    backwards, the gradient into ``h_t`` adds what step t + 1 sends back through
    ``Wh``, and the gradient into ``c_t`` adds what step t + 1 sends back through
    its forget gate (``dc_{t-1} = dc_t * f_t``); both reach step -1 as dh0, dc0.
    The weight gradients sum over all steps.

    Inputs:
    - dh: (N, T, H) upstream gradients of the hidden states
    - cache: from lstm_forward

    Returns a tuple of:
    - dx: (N, T, D), dh0: (N, H), dc0: (N, H), dWx: (D, 4H), dWh: (H, 4H), db: (4H,)
    """
    # Hint: carry both dprev_h and dprev_c from step t to step t-1, and add each step's
    #   contribution to dWx, dWh and db; dx[:, t] comes from the same da.
    raise NotImplementedError("task 6: lstm_backward")
