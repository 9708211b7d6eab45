"""Task 8's unit checks measure task 8's code only: the calls it makes to tasks 1-7, recorded (trusted side).

``train.py`` builds on the learner's own data, activations, clipping, RNN, LSTM and optimiser.
For the checks of ``model_loss``, ``train`` and ``generate``, the driver job ``call_isolated``
re-imports the learner's ``train.py`` with those modules replaced by proxies that answer from a
table of plain values: the calls the reference makes on the check's inputs and what the
reference returns. This module records that table by running a private copy of the
reference's ``train.py`` whose imported building blocks are wrapped by recorders. No code
crosses to the learner's process, only the values of those calls (see STYLE.md, "Task 8 is
graded on task 8's code").
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.runtime.drivers.payload import materialise, plain
from autograder.runtime.judges import GraderBug

#: The modules under ``train.py`` whose functions the proxies serve, and the constants they hold.
LOWER = ("data", "activations", "clipping", "rnn", "lstm")
CONSTANTS = {"data": ("EOS", "UNK")}


def _private_train() -> Any:
    """A fresh copy of ``solutions.train`` (not in sys.modules): its globals can be wrapped thread-safely."""
    spec = importlib.util.find_spec("solutions.train")
    if spec is None or spec.loader is None:
        raise GraderBug("solutions.train cannot be found: the reference must be importable to record its calls")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def functions() -> dict[str, dict]:
    """Every public function of the lower modules: ``module.name -> {"params": [...], "defaults": {...}}``."""
    table = {}
    for name in LOWER:
        module = importlib.import_module(f"solutions.{name}")
        for attr, fn in vars(module).items():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not attr.startswith("_"):
                signature = inspect.signature(fn)
                table[f"{name}.{attr}"] = {
                    "params": list(signature.parameters),
                    "defaults": {k: p.default for k, p in signature.parameters.items()
                                 if p.default is not inspect.Parameter.empty}}
    return table


class Recorder:
    """Records every call of the wrapped functions: (module.name, bound arguments, result), caches as tokens."""

    def __init__(self) -> None:
        self.calls: list[list] = []
        self._caches: dict[int, tuple[int, Any]] = {}   # id(cache) -> (token, cache) (kept alive)

    def _token(self, value: Any) -> Any:
        known = self._caches.get(id(value))
        return {"$cache": known[0]} if known else value

    def wrap(self, qualname: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(fn)
        returns_cache = qualname.endswith("_forward")

        def recorded(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            sent = [self._token(a) for a in bound.arguments.values()]
            sent = plain(copy.deepcopy(sent))
            result = fn(*args, **kwargs)
            shown = result
            if returns_cache:
                token = len(self._caches)
                self._caches[id(result[-1])] = (token, result[-1])
                shown = (*result[:-1], {"$cache": token})
            self.calls.append([qualname, sent, plain(copy.deepcopy(shown))])
            return result
        return recorded

    def optimiser(self, optimiser: Any) -> Any:
        """Record ``optimiser.step(params, grads)`` as the parameters before, the gradients and after."""
        step = optimiser.step

        def recorded(params: dict, grads: dict) -> None:
            before = plain(copy.deepcopy([params, grads]))
            step(params, grads)
            self.calls.append(["optim.step", before, copy.deepcopy(dict(params))])
        optimiser.step = recorded
        return optimiser


def recorded_train(recorder: Recorder) -> Any:
    """A private reference ``train`` module whose building blocks of tasks 1-7 record their calls."""
    module = _private_train()
    for attr, value in list(vars(module).items()):
        home = getattr(value, "__module__", "") or ""
        if inspect.isfunction(value) and home.startswith("solutions.") and home.split(".")[1] in LOWER:
            setattr(module, attr, recorder.wrap(f"{home.split('.')[1]}.{value.__name__}", value))
    return module


def table(calls: list) -> dict:
    """What the driver's proxies need: the lower functions' signatures, the constants, the recorded calls.

    Equal arrays (the weights, passed to every step) are sent once: ``{"$a": k}`` stands for ``arrays[k]``.
    """
    arrays: list[np.ndarray] = []
    index: dict[tuple, int] = {}

    def pool(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            key = (value.dtype.str, value.shape, value.tobytes())
            if key not in index:
                index[key] = len(arrays)
                arrays.append(value)
            return {"$a": index[key]}
        if isinstance(value, dict):
            return value if set(value) == {"$cache"} else {k: pool(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(pool(v) for v in value)
        return value

    constants = {f"{m}.{c}": getattr(importlib.import_module(f"solutions.{m}"), c)
                 for m, names in CONSTANTS.items() for c in names}
    return {"functions": functions(), "constants": constants, "calls": pool(calls), "arrays": arrays}


def record(function: str, args: list, kwargs: dict) -> dict:
    """The table of the calls the reference ``train.<function>`` makes on these (transport-form) arguments."""
    recorder = Recorder()
    module = recorded_train(recorder)
    try:
        with np.errstate(all="ignore"):
            getattr(module, function)(*materialise(copy.deepcopy(args)),
                                      **materialise(copy.deepcopy(kwargs)))
    except ValueError:
        pass               # an invalid input: the reference raises before (or after) its calls
    return table(recorder.calls)


def record_cases(function: str) -> Callable[[int, Callable[[str], Any]], list]:
    """A builder of one table per case of a value check of ``train.<function>`` (its part "cases")."""
    return lambda seed, get: [record(function, case.args, case.kwargs) for case in get("cases")]
