"""Tasks 4 and 6 on their own code: the activations they call are kept out of their overflow.

:func:`run_guarded` runs a job on a fresh import of the learner's module in which the activations
it calls (task 2's ``sigmoid``, ``tanh``...) are the learner's own, fed inputs clipped to
[-bound, bound]: a task-2 overflow then costs task 2's points, not those of its callers; a call on an
input the check's recorded answers hold (autograder/expected/checks/answers.py) is answered from them,
so that no task-2 mistake at all reaches its callers' checks.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from .reimport import fresh_import, unimported

_LOW_PRECISION: set[str] = set()   # guarded functions that answered below float64 during the current job


def _answered(x: Any, answers: dict | None, name: str) -> Any:
    """``name``'s recorded value at every entry of ``x`` if each is one of the recorded inputs (to 1e-9), else None.

    ``answers`` ({"x": sorted inputs, "y": {name: values}}) holds what the correct cell gives its activations on
    the check's input: a cell that sends those gets correct activations, whatever task 2's state."""
    if not answers or name not in answers.get("y", {}) or not isinstance(x, (np.ndarray, float, np.floating)):
        return None
    known, values, wanted = answers["x"], answers["y"][name], np.asarray(x, dtype=float)
    if known.size == 0 or wanted.size == 0 or not np.all(np.isfinite(wanted)):
        return None
    at = np.clip(np.searchsorted(known, wanted), 1, known.size - 1) if known.size > 1 else np.zeros(wanted.shape, int)
    nearest = np.where(np.abs(known[at - 1] - wanted) < np.abs(known[at] - wanted), at - 1, at) if known.size > 1 \
        else at
    if not np.all(np.abs(known[nearest] - wanted) <= 1e-9 * np.maximum(1.0, np.abs(wanted))):
        return None
    found = values[nearest]
    return found if isinstance(x, np.ndarray) else np.float64(found)


def _clipped(fn: Any, bound: float, answers: dict | None = None, name: str = "") -> Any:
    """The learner's own ``fn`` on its input clipped to [-bound, bound] (sigmoid and tanh are 0, 1 or -1 to
    float64 precision beyond 700). An answer below float64 (a float32 sigmoid) is noted in ``_LOW_PRECISION``
    and widened, so the judge can keep task 2's precision out of its callers too. A call on inputs ``answers``
    records is answered from it (:func:`_answered`)."""
    def clipped(x: Any, *args: Any, **kwargs: Any) -> Any:
        found = None if args or kwargs else _answered(x, answers, name)
        if found is not None:
            return found
        if isinstance(x, (np.ndarray, float, np.floating)) and np.asarray(x).dtype.kind == "f":
            x = np.clip(x, -bound, bound)
        result = fn(x, *args, **kwargs)
        if isinstance(result, (np.ndarray, np.floating)) and result.dtype.kind == "f" and result.dtype.itemsize < 8:
            _LOW_PRECISION.add(getattr(fn, "__name__", "?"))
            result = result.astype(np.float64)
        return result
    clipped.__name__ = clipped.__qualname__ = getattr(fn, "__name__", "clipped")
    return clipped


def run_guarded(package: Any, guard: dict, bound: float, target: str, job: Callable[[], Any],
                answers: dict | None = None) -> Any:
    """``job()`` run after a fresh import of the learner's module ``target`` in which the functions ``guard``
    names (module -> names) are the learner's own, on inputs clipped to [-bound, bound] or answered from
    ``answers``; a dict it returns gets "low_precision", the guarded functions that answered below float64."""
    prefix = package.__name__
    try:
        reals = {name: importlib.import_module(f"{prefix}.{name}") for name in guard}
    except Exception:      # nothing to guard: the job meets the failure where it would anyway
        return job()
    with unimported(package):
        for name, functions in guard.items():
            real = reals[name]
            proxy = types.ModuleType(f"{prefix}.{name}")
            proxy.__package__ = prefix
            for attr, value in vars(real).items():
                if not attr.startswith("__"):
                    setattr(proxy, attr, _clipped(value, bound, answers, attr)
                            if attr in functions and callable(value) else value)
            sys.modules[proxy.__name__] = proxy
            setattr(package, name, proxy)
        fresh_import(f"{prefix}.{target}")
        _LOW_PRECISION.clear()
        value = job()
        if _LOW_PRECISION and isinstance(value, dict):
            value["low_precision"] = sorted(_LOW_PRECISION)
        return value
