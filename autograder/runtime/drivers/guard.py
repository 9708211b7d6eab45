"""Tasks 4 and 6 on their own code: the activations they call are kept out of their overflow.

:func:`run_guarded` runs a job on a fresh import of the learner's module in which the activations
it calls (task 2's ``sigmoid``, ``tanh``...) are the learner's own, fed inputs clipped to
[-bound, bound]: a task-2 overflow then costs task 2's points, not those of its callers.
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


def _clipped(fn: Any, bound: float) -> Any:
    """The learner's own ``fn`` on its input clipped to [-bound, bound] (sigmoid and tanh are 0, 1 or -1 to
    float64 precision beyond 700). An answer below float64 (a float32 sigmoid) is noted in ``_LOW_PRECISION``
    and widened, so the judge can keep task 2's precision out of its callers too."""
    def clipped(x: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(x, (np.ndarray, float, np.floating)) and np.asarray(x).dtype.kind == "f":
            x = np.clip(x, -bound, bound)
        result = fn(x, *args, **kwargs)
        if isinstance(result, (np.ndarray, np.floating)) and result.dtype.kind == "f" and result.dtype.itemsize < 8:
            _LOW_PRECISION.add(getattr(fn, "__name__", "?"))
            result = result.astype(np.float64)
        return result
    clipped.__name__ = clipped.__qualname__ = getattr(fn, "__name__", "clipped")
    return clipped


def run_guarded(package: Any, guard: dict, bound: float, target: str, job: Callable[[], Any]) -> Any:
    """``job()`` run after a fresh import of the learner's module ``target`` in which the functions ``guard``
    names (module -> names) are the learner's own, on inputs clipped to [-bound, bound]; a dict it returns
    gets "low_precision", the guarded functions that answered below float64, if any."""
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
                    setattr(proxy, attr, _clipped(value, bound) if attr in functions and callable(value) else value)
            sys.modules[proxy.__name__] = proxy
            setattr(package, name, proxy)
        fresh_import(f"{prefix}.{target}")
        _LOW_PRECISION.clear()
        value = job()
        if _LOW_PRECISION and isinstance(value, dict):
            value["low_precision"] = sorted(_LOW_PRECISION)
        return value
