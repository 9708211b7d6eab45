"""What every job shares: the payload's conventions, the learner's functions, plain results, fixed randomness.

Payload conventions: ``{"$rng": seed}`` becomes ``np.random.default_rng(seed)`` and
``{"$batch": [X, y, mask]}`` a ``Batch`` named tuple, wherever they appear in arguments
(:func:`materialise`); what a job returns goes through :func:`plain` (named tuples become tuples,
which the codec carries).
"""

from __future__ import annotations

import functools
import importlib
import random
import sys
from collections import namedtuple
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

Batch = namedtuple("Batch", ["X", "y", "mask"])

Job = TypeVar("Job", bound=Callable[..., Any])


if sys.version_info >= (3, 10):  # noqa: UP036 - the learner release's checker runs on Python 3.9 too
    zip_strict = functools.partial(zip, strict=True)
else:   # loaded in the worker without the package (sandbox/worker.py): compat.py's zip, again
    def zip_strict(*iterables: Any) -> Any:
        iterators = [iter(iterable) for iterable in iterables]
        missing = object()
        while True:
            items = [next(iterator, missing) for iterator in iterators]
            done = [item is missing for item in items]
            if all(done):
                return
            if any(done):
                raise ValueError(f"zip() argument {done.index(not done[0]) + 1} is "
                                 f"{'shorter' if done[0] is False else 'longer'} than argument 1")
            yield tuple(items)


def learner_module(package: Any, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def learner_function(package: Any, module: str, function: str) -> Any:
    return getattr(learner_module(package, module), function)


def materialise(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$rng"}:
            return np.random.default_rng(value["$rng"])
        if set(value) == {"$batch"}:
            return Batch(*value["$batch"])
        return {k: materialise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialise(v) for v in value]
    if isinstance(value, tuple):
        return tuple(materialise(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """Turn named tuples into tuples so that the codec carries them."""
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def outputs(returned: Any, n_out: int, forward: str) -> tuple:
    """The outputs of a forward returning ``(*outs, cache)`` (the cache is the learner's own business)."""
    if not isinstance(returned, (tuple, list)) or len(returned) != n_out + 1:
        got = type(returned).__name__ + (f" of length {len(returned)}" if isinstance(returned, (tuple, list)) else "")
        raise TypeError(f"{forward} must return a tuple of {n_out + 1} values "
                        f"({n_out} output(s) and the cache), got {got}")
    return tuple(returned[:n_out])


def with_fixed_randomness(job: Job) -> Job:
    """``job`` that first resets every global random state the learner's code can reach.

    Code that draws from ``np.random`` or ``random`` instead of the generator it is given
    then gets the same draws in every grading, whatever ran before in the process.
    """
    @functools.wraps(job)
    def run(*args: Any, **kwargs: Any) -> Any:
        np.random.seed(0)
        random.seed(0)
        return job(*args, **kwargs)
    return run  # type: ignore[return-value]


def copied(value: Any) -> Any:
    """``value`` (a tree of tuples, lists and dicts) with its arrays copied: what a later call does to them in
    place does not reach it."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(copied(v) for v in value)
    if isinstance(value, dict):
        return {k: copied(v) for k, v in value.items()}
    return value


def left(args: list) -> list:
    """The list and dict arguments as a call left them (copies, None for any other argument): the grader compares
    them with what it sent (judges/values.check_called_again)."""
    return [copied(plain(a)) if isinstance(a, (list, dict)) else None for a in args]
