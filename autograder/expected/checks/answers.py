"""Tasks 4 and 6 graded on their own code: the activations (task 2) they call, answered from recorded values.

An RNN or LSTM calls the learner's own ``sigmoid`` and ``tanh`` (task 2, an earlier week's in a weekly course).
A task-2 mistake would cost the cell's checks too: a float32 sigmoid, whose rounding the gradients amplify past
their tolerance, or any wrong or unfinished activation. So, for a guarded check (spec "guard", see
``drivers.guarded``), this builder records, per case, every input the reference cell gives its activations
(the gates' pre-activations and the cell states, step by step) with the activations' values there, and the
guard answers a learner's call whose every input is one of them (to 1e-9) from that table, the learner's own
function otherwise. A correct cell then meets correct activations whatever task 2's state; a wrong cell sends
other inputs, meets the learner's own activations, and fails on its own mistake. Elementwise functions only:
the table is a lookup per element, whatever slices the learner's code activates. Only values cross to the
learner's process, never code.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.runtime.drivers.payload import materialise
from autograder.runtime.judges import GraderBug

#: A sequence forward -> its step, the number of state arrays the step carries (h; h and c).
STEPS = {"rnn_forward": ("rnn_step_forward", 1), "lstm_forward": ("lstm_step_forward", 2)}


class _Numpy:
    """numpy, whose ``tanh`` records its input (the reference cells call np.tanh for the candidate and the cell)."""

    def __init__(self, seen: list[np.ndarray]) -> None:
        self._seen = seen

    def tanh(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        self._seen.append(np.array(x, dtype=float, copy=True).ravel())
        return np.tanh(x, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)


def _private(module: str, seen: list[np.ndarray], guarded: list[str]) -> Any:
    """A fresh copy of ``solutions.<module>`` whose activations (imported from task 2) and np.tanh record inputs."""
    spec = importlib.util.find_spec(f"solutions.{module}")
    if spec is None or spec.loader is None:
        raise GraderBug(f"solutions.{module} cannot be found: the reference must be importable to record its calls")
    private = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(private)
    private.__dict__["np"] = _Numpy(seen)
    for name in guarded:
        function = getattr(private, name, None)
        if callable(function):
            def recorded(x: Any, *args: Any, _f: Callable[..., Any] = function, **kwargs: Any) -> Any:
                seen.append(np.array(x, dtype=float, copy=True).ravel())
                return _f(x, *args, **kwargs)
            setattr(private, name, recorded)
    return private


def inputs(module: str, forward: str, args: list, guarded: list[str]) -> np.ndarray:
    """Every input the reference ``module.forward`` gives its activations on ``args``, sorted, each once (a sequence
    forward is replayed step by step, so the fused reference's inputs are those of its steps)."""
    seen: list[np.ndarray] = []
    private = _private(module, seen, guarded)
    args = materialise(copy.deepcopy(args))
    with np.errstate(all="ignore"):
        try:
            if forward in STEPS:
                step, carried = STEPS[forward]
                x, states, weights = args[0], list(args[1:1 + carried]), args[1 + carried:]
                for t in range(np.shape(x)[1]):
                    states = list(getattr(private, step)(x[:, t], *states, *weights)[:carried])
            else:
                getattr(private, forward)(*args)
        except (ValueError, IndexError, TypeError):
            pass           # an invalid input: the reference raises; its calls until then are recorded
    values = np.concatenate(seen) if seen else np.zeros(0)
    return np.unique(values[np.isfinite(values)])


def record_answers(module: str, forward: str, guard: dict[str, list[str]]) -> Callable[[int, Callable], list]:
    """The builder of part "answers": per case of part "cases", {"x": the sorted inputs, "y": {function: its
    reference values at them}} for the guarded activations (``drivers.guarded`` answers from it)."""
    functions = [name for names in guard.values() for name in names]
    reference = {name: getattr(importlib.import_module(f"solutions.{home}"), name)
                 for home, names in guard.items() for name in names}

    def build(seed: int, get: Callable[[str], Any]) -> list:
        tables = []
        for case in get("cases"):
            x = inputs(module, forward, case.args, functions)
            with np.errstate(all="ignore"):
                tables.append({"x": x, "y": {name: np.asarray(reference[name](x.copy()), dtype=float)
                                             for name in functions}})
        return tables
    return build
