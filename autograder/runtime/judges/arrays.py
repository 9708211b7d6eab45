"""A failing array, small: what the feedback page shows of a value that differs from the reference.

Computed on the trusted side when a check fails, and stored in the check's
diagnostics as ``array`` (JSON: lists of rounded floats): the first rows of the
learner's array and of the expected one, the worst entries and where they are, a
map of the absolute error over the leading axes (for a batch (N, T, ...): one cell
per sequence and step), and, when the inputs hold a mask of those axes, whether the
errors sit at padded positions, valid ones, or both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..compare import RTOL, mismatch
from ..compat import zip

MAX_ROWS, MAX_COLUMNS, WORST = 4, 8, 5
MAP_ROWS, MAP_COLUMNS = 20, 40
DIGITS = 6


def _round(value: float) -> float | str:
    return float(f"{value:.{DIGITS}g}") if math.isfinite(value) else str(value)


def _rows(array: np.ndarray) -> list[list[float | str]]:
    flat = array.reshape(1, -1) if array.ndim < 2 else array.reshape(-1, array.shape[-1])
    return [[_round(float(x)) for x in row[:MAX_COLUMNS]] for row in flat[:MAX_ROWS]]


def first_mismatch(got: Any, want: Any, name: str, rtol: float = RTOL) -> tuple[str, np.ndarray, np.ndarray] | None:
    """The first float array of ``want`` (walking dicts, lists and tuples as ``mismatch`` does) that ``got``
    gets wrong with the right shape: (its label, got, want); None if there is none."""
    if isinstance(want, np.ndarray):
        if (want.dtype.kind == "f" and isinstance(got, np.ndarray) and got.shape == want.shape and want.size
                and got.dtype.kind in "fiub" and mismatch(got, want, name, rtol)):
            return name, got.astype(float), want
        return None
    if isinstance(want, dict) and isinstance(got, dict):
        pairs = [(f"{name}[{key!r}]", got.get(key), item) for key, item in want.items()]
    elif isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(want):
        pairs = [(f"{name}[{k}]", g, w) for k, (g, w) in enumerate(zip(got, want, strict=True))]
    else:
        return None
    for label, g, w in pairs:
        found = first_mismatch(g, w, label, rtol)
        if found:
            return found
    return None


def excerpt(got: Any, want: Any, name: str, rtol: float = RTOL, masks: Sequence[Any] = ()) -> dict[str, Any] | None:
    """The ``array`` diagnostic of a failing value (see the module docstring), or None; never raises."""
    try:
        found = first_mismatch(got, want, name, rtol)
        return _excerpt(*found, [m for m in masks if isinstance(m, np.ndarray) and m.dtype == bool]) if found else None
    except Exception:  # noqa: BLE001  a diagnostic must never change a verdict
        return None


def _excerpt(label: str, got: np.ndarray, want: np.ndarray, masks: list[np.ndarray]) -> dict[str, Any]:
    error = np.abs(got - want)
    error[~np.isfinite(error)] = np.inf
    order = np.argsort(-error, axis=None, kind="stable")[:WORST]
    worst = [{"index": [int(i) for i in np.unravel_index(k, want.shape)], "got": _round(float(got.flat[k])),
              "expected": _round(float(want.flat[k]))} for k in order if error.flat[k] > 0]
    # an entry is wrong when off by more than the comparison's tolerance, spread over every entry
    wrong = error > RTOL * float(np.linalg.norm(want)) / math.sqrt(want.size) + 1e-12
    leading = error.reshape(1, -1) if error.ndim < 2 else error.reshape(*error.shape[:2], -1).max(axis=-1)
    data: dict[str, Any] = {
        "name": label, "shape": list(want.shape), "got": _rows(got), "expected": _rows(want), "worst": worst,
        "wrong_entries": int(wrong.sum()), "entries": int(want.size),
        "error_map": [[_round(float(x)) for x in row[:MAP_COLUMNS]] for row in leading[:MAP_ROWS]],
        "map_axes": ["", "index"] if error.ndim < 2 else ["axis 0", "axis 1"],
    }
    for mask in masks:
        if mask.ndim == 2 and want.shape[:2] == mask.shape:
            at = wrong.reshape(*mask.shape, -1).any(axis=-1)
            padded, valid = bool((at & ~mask).any()), bool((at & mask).any())
            data["where"] = ("wrong only at padded positions (mask False)" if padded and not valid else
                             "wrong only at valid positions (mask True)" if valid and not padded else
                             "wrong at valid and padded positions" if valid else None)
            data["mask"] = [[bool(x) for x in row[:MAP_COLUMNS]] for row in mask[:MAP_ROWS]]
            data["map_axes"] = ["sequence n", "step t"]
            break
    return data
