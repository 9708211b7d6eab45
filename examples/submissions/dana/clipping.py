"""Task 5: gradient clipping, by global norm and by value.

Gradients travel as a dict ``name -> array`` (the same keys as the parameters).
Neither function modifies its input or the arrays in it.
"""

from __future__ import annotations

import numpy as np


def clip_by_global_norm(
    grads: dict[str, np.ndarray], max_norm: float
) -> tuple[dict[str, np.ndarray], float]:
    """Rescale all gradients together so that their joint L2 norm is at most ``max_norm``.

    The global norm treats every gradient as part of one long vector:
    ``norm = sqrt(sum_k sum_i g_k[i]^2)``. If ``norm > max_norm``, every gradient
    is multiplied by the same factor ``max_norm / norm`` (the direction of the
    whole update is kept); otherwise the gradients are returned unchanged
    (their own arrays will do: no copy is needed). Clipping each gradient by
    its own norm is a different operation: it changes the direction of the update.

    Inputs:
    - grads: dict of float arrays of any shapes
    - max_norm: threshold, > 0

    Returns a tuple of:
    - clipped: dict with the same keys and shapes
    - norm: the global norm before clipping

    Raises ValueError if ``max_norm <= 0``.
    """
    # Hint: one norm over every gradient (sum the squares of all of them), then one common scale.
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    # Squares of entries above 1e154 overflow: measure in units of the largest entry.
    big = max((float(np.max(np.abs(g))) for g in grads.values() if g.size), default=0.0)
    unit = big if big > 0 else 1.0
    norm = unit * float(np.sqrt(sum(float(np.sum((g / unit) ** 2)) for g in grads.values())))
    if norm <= max_norm:
        return dict(grads), norm
    scale = max_norm / norm
    return {name: g * scale for name, g in grads.items()}, norm


def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
    """Clamp every gradient entry to ``[-clip_value, clip_value]``.

    Inputs:
    - grads: dict of float arrays of any shapes
    - clip_value: threshold, > 0

    Returns:
    - clipped: dict with the same keys and shapes; entries already within the
      bounds keep their exact value

    Raises ValueError if ``clip_value <= 0``.
    """
    # Hint: np.clip on each array returns a new one.
    if clip_value <= 0:
        raise ValueError(f"clip_value must be positive, got {clip_value}")
    return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}
