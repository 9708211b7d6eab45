# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/clipping.py by `make exercises`; kit maintainers edit that file, not this one.)
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
    raise NotImplementedError("task 5: clip_by_global_norm")


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
    raise NotImplementedError("task 5: clip_by_value")
