"""Centred finite differences, and the error measure that judges a backward pass by them.

For a scalar function ``f`` of named arrays (``f(**arrays) -> float``), the numerical gradient of
entry ``k`` of array ``name`` is

    (f(..., name + step * e_k, ...) - f(..., name - step * e_k, ...)) / (2 * step),   step = 1e-5,

and a backward pass is judged, per array, by the norm-relative error

    ||num - ana|| / max(||num||, ||ana||, tiny)

with Frobenius norms over the whole array; it is below 1e-6 for a correct backward on well-scaled
float64 inputs (typically 1e-10 to 1e-8), and of order 1 for a wrong one (a dropped term, a
derivative at the wrong point, a missing 1/M).

Why not the element-wise relative error ``|num_k - ana_k| / max(|num_k|, |ana_k|)``: the
centred difference has an *absolute* error per entry, of order ``step^2 |f'''| + eps |f| / step``
(about 1e-11 to 1e-10 here: truncation plus round-off of f's value), whatever the size of the
entry. Entries whose true value is tiny, which backpropagation through time produces all the time
(gradients that pass through several saturated gates, or through products of forget gates), then
get a huge element-wise relative error although the gradient is right: an absolute error of 1e-11
on an entry of 1e-7 is already 1e-4. Measured on the correct reference ``lstm_backward``
(N=2, T=6, D=3, H=4, weights with standard deviation 5 / sqrt(fan_in), so that many gates
saturate): an entry of dWh of 6e-9 showed an element-wise error of 1.5e-3, entries near 1e-6
errors up to 6e-5, while the norm-relative errors of the same arrays stayed below 1e-9. Any
element-wise threshold loose enough to pass these would also pass real mistakes in small entries.
The norm-relative error measures the discrepancy at the array's own scale, which is the scale of
the finite-difference error, so one threshold (1e-6) works for every array and every shape.

``numerical_gradients`` perturbs private copies, so the caller's arrays are never modified.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

STEP = 1e-5
TINY = 1e-300


def norm_rel_error(numerical: np.ndarray, analytic: np.ndarray) -> float:
    """``||numerical - analytic|| / max(||numerical||, ||analytic||, tiny)``; 0 when both are 0."""
    numerical = np.asarray(numerical, dtype=np.float64)
    analytic = np.asarray(analytic, dtype=np.float64)
    scale = max(float(np.linalg.norm(numerical)), float(np.linalg.norm(analytic)), TINY)
    return float(np.linalg.norm(numerical - analytic)) / scale


def numerical_gradients(
    f: Callable[..., float],
    arrays: Mapping[str, np.ndarray],
    names: Iterable[str] | None = None,
    step: float = STEP,
) -> dict[str, np.ndarray]:
    """Centred-difference gradient of the scalar ``f(**arrays)`` w.r.t. each array in ``names``.

    Inputs:
    - f: called as ``f(**arrays)`` with float64 arrays of the same shapes, returns a float
    - arrays: the point at which to differentiate (not modified)
    - names: which arrays to differentiate against (default: all)
    - step: the finite-difference step

    Returns:
    - grads: dict name -> array of the same shape as ``arrays[name]``
    """
    point = {name: np.array(a, dtype=np.float64, copy=True) for name, a in arrays.items()}
    grads = {}
    for name in arrays if names is None else names:
        a = point[name]
        grad = np.empty_like(a)
        for k in np.ndindex(a.shape):
            old = a[k]
            a[k] = old + step
            plus = float(f(**point))
            a[k] = old - step
            minus = float(f(**point))
            a[k] = old
            grad[k] = (plus - minus) / (2.0 * step)
        grads[name] = grad
    return grads


def gradient_errors(
    f: Callable[..., float],
    arrays: Mapping[str, np.ndarray],
    analytic: Mapping[str, np.ndarray],
    step: float = STEP,
) -> dict[str, float]:
    """Norm-relative error of each analytic gradient against centred finite differences.

    Inputs:
    - f, arrays: as in ``numerical_gradients``
    - analytic: dict name -> claimed gradient of ``f`` w.r.t. ``arrays[name]``; only these names
      are checked (a shape mismatch raises ValueError)

    Returns:
    - errors: dict name -> ``||num - ana|| / max(||num||, ||ana||, tiny)``
    """
    numerical = numerical_gradients(f, arrays, names=list(analytic), step=step)
    errors = {}
    for name, ana in analytic.items():
        ana = np.asarray(ana)
        if ana.shape != numerical[name].shape:
            raise ValueError(f"gradient of {name}: shape {ana.shape}, but {name} has {numerical[name].shape}")
        errors[name] = norm_rel_error(numerical[name], ana)
    return errors
