"""Compare a learner's value with the expected one, and say in one line what differs.

Float arrays are compared by their norm-relative error,
``||got - want|| / ||want||``, with a tolerance of 1e-7: a correct float64
implementation reproduces the reference to about 1e-14 whatever order it
sums in, while every real mistake seen in this kit's exercises is off by more
than 1e-4; element-wise relative errors would flag correct work on entries near
zero. Integer, boolean and string values must be equal.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .compat import zip

RTOL = 1e-7
ATOL = 1e-12   # per entry, so that an expected all-zero array accepts rounding noise


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def mismatch(got: Any, want: Any, name: str, rtol: float = RTOL) -> str | None:
    """None when ``got`` matches ``want``; otherwise one line naming ``name``, what was expected and got."""
    if isinstance(want, np.ndarray):
        return _array_mismatch(got, want, name, rtol)
    if isinstance(want, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)) or bool(got) != bool(want):
            return f"{name}: expected {bool(want)}, got {_show(got)}"
        return None
    if is_number(want):
        if not is_number(got) and not (isinstance(got, np.ndarray) and got.shape == ()):
            return f"{name}: expected a number, got {_show(got)}"
        if isinstance(want, (int, np.integer)):     # an index, a count: exact, and said as the numbers
            return None if float(got) == int(want) else f"{name}: expected {int(want)}, got {show_number(got)}"
        g, w = float(got), float(want)
        if not math.isfinite(g):
            return f"{name}: got {g}, expected {w:.6g}"
        if abs(g - w) > rtol * abs(w) + ATOL:
            if w == 0:
                return f"{name}: expected 0, got {g:.10g} (absolute error {abs(g):.1e}, tolerance {ATOL:.0e})"
            return f"{name}: expected {w:.10g}, got {g:.10g} (relative error {abs(g - w) / abs(w):.1e})"
        return None
    if isinstance(want, str) or want is None:
        return None if got == want and type(got) is type(want) else f"{name}: expected {want!r}, got {_show(got)}"
    if isinstance(want, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return f"{name}: expected a {type(want).__name__} of {len(want)} values, got {_show(got)}"
        if len(got) != len(want):
            return f"{name}: expected {len(want)} values, got {len(got)}"
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            problem = mismatch(g, w, f"{name}[{index}]", rtol)
            if problem:
                return problem
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{name}: expected a dict with keys {sorted(want)}, got {_show(got)}"
        if set(got) != set(want):
            return f"{name}: expected keys {sorted(want)}, got {sorted(map(str, got))}"
        for key in want:
            problem = mismatch(got[key], want[key], f"{name}[{key!r}]", rtol)
            if problem:
                return problem
        return None
    raise TypeError(f"cannot compare expected values of type {type(want).__name__}")


def _array_mismatch(got: Any, want: np.ndarray, name: str, rtol: float) -> str | None:
    if not isinstance(got, np.ndarray):
        return f"{name}: expected a numpy array of shape {want.shape}, got {_show(got)}"
    if got.shape != want.shape:
        return f"{name}: expected shape {want.shape}, got {got.shape}"
    if want.dtype.kind == "f":
        if got.dtype.kind != "f":
            return f"{name}: got dtype {got.dtype} where float64 values are expected (the docstring's dtype)"
        if got.dtype.kind == "f" and got.dtype.itemsize < 8:
            return f"{name}: got {got.dtype}; compute in float64 (float32 loses 9 of the 16 digits checked)"
        finite = np.isfinite(want)
        if finite.all():   # normally: every entry compared, without copying the finite ones out
            if not np.isfinite(got).all():
                return f"{name}: contains {'NaN' if np.isnan(got).any() else 'inf'} (shape {got.shape}) where the " \
                       "expected values are finite"
            places = None
            got, want = got.ravel(), want.ravel()
        else:
            if not np.array_equal(np.isfinite(got), finite) or not np.array_equal(got[~finite], want[~finite],
                                                                                   equal_nan=True):
                bad = "NaN" if np.isnan(got).any() else "inf"
                return f"{name}: contains {bad} (shape {got.shape}) where the expected values are finite"
            places = np.argwhere(finite)
            got, want = got[finite], want[finite]          # compare the finite entries
        difference = got.astype(float) - want
        diff = float(np.linalg.norm(difference))
        scale = float(np.linalg.norm(want))
        if diff > rtol * scale + ATOL * math.sqrt(want.size):
            worst = int(np.argmax(np.abs(difference)))
            error = (f"relative error {diff / scale:.1e} (tolerance {rtol:.0e})" if scale > 0 else
                     f"absolute error {diff:.1e} where all expected values are 0 "
                     f"(tolerance {ATOL * math.sqrt(want.size):.0e})")
            index = np.unravel_index(worst, finite.shape) if places is None else places[worst]
            return (f"{name}: {error}, shape {finite.shape}; largest difference at index "
                    f"{tuple(int(i) for i in index)}: expected {want[worst]:.6g}, got {got[worst]:.6g}")
        return None
    if got.dtype.kind not in "iub" or not np.array_equal(got, want):
        return f"{name}: expected {want.dtype} values {_preview(want)}, got {got.dtype} {_preview(got)}"
    if want.dtype.kind in "iu" and got.dtype != want.dtype:
        return (f"{name}: right values, but of dtype {got.dtype}; the docstring's is {want.dtype} "
                f"(np.array(..., dtype=np.{want.dtype}))")
    return None


def show_number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.10g}"


def _preview(array: np.ndarray) -> str:
    return np.array2string(array, threshold=12, edgeitems=3).replace("\n", " ")


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"
