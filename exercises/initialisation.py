# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/initialisation.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 3: orthogonal initialisation of the weights, zero biases.

Parameter names and shapes (D inputs, H hidden units, V words):

- RNN:  Wx (D, H), Wh (H, H), b (H,), Wy (H, V), by (V,)
- LSTM: Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,), with the four
  gate blocks stacked in the order forget, input, candidate, output
  (columns ``[0:H]``, ``[H:2H]``, ``[2H:3H]``, ``[3H:4H]``).
"""

from __future__ import annotations

import numpy as np


def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A random (semi-)orthogonal matrix of any rectangular shape (rows, cols).

    Draw ``A = rng.standard_normal((max(rows, cols), min(rows, cols)))`` (one
    call, exactly this shape), take its reduced QR decomposition ``A = Q R``
    and flip the sign of each column of Q where ``R``'s diagonal is negative
    (``Q * sign(diag(R))``), which makes Q uniformly distributed and the result
    unique for a given draw. Transpose when rows < cols.

    Then ``W.T @ W = I`` when rows >= cols, and ``W @ W.T = I`` otherwise.

    Inputs:
    - shape: (rows, cols), both >= 1
    - rng: a numpy Generator

    Returns:
    - W: float64 array of shape (rows, cols)
    """
    # Hint: np.linalg.qr returns the reduced Q, of A's shape; np.sign(np.diag(R)) fixes the signs.
    raise NotImplementedError("task 3: orthogonal")


def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Parameters of a vanilla RNN language model: orthogonal weights, zero biases.

    Draw, in this order, ``Wx = orthogonal((D, H))``, ``Wh = orthogonal((H, H))``,
    ``Wy = orthogonal((H, V))``; ``b`` and ``by`` are zeros.

    Returns:
    - params: dict with Wx (D, H), Wh (H, H), b (H,), Wy (H, V), by (V,)
    """
    # Hint: three calls to orthogonal with the same rng, in the order above.
    raise NotImplementedError("task 3: init_rnn_params")


def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Parameters of an LSTM language model: each gate's block orthogonal, zero biases.

    Draw, in this order: for each gate (forget, input, candidate, output) a
    ``(D, H)`` block of Wx; then for each gate an ``(H, H)`` block of Wh; then
    ``Wy = orthogonal((H, V))``. Stack the blocks side by side (columns).
    ``b`` and ``by`` are zeros.

    Returns:
    - params: dict with Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,)
    """
    # Hint: np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1) for Wx, same for Wh.
    raise NotImplementedError("task 3: init_lstm_params")
