"""What a check is, what it sees while it runs, and the registry of all checks.

A check belongs to one task of the manifest, has a weight (its share of the
task's points), a visibility, and a function ``run(ctx)`` that returns
diagnostics when the learner's work passes and raises :class:`Failure` when it
does not. Checks come in pairs: the same check on fixed inputs (visible to
learners' self-checks) and on inputs drawn from the grading-time seed (hidden).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Status
from ..sandbox import Outcome

CheckFn = Callable[["Context"], "dict[str, Any] | None"]


class GraderBug(RuntimeError):
    """The grader itself failed (computing expected values): never the learner's fault, never scored."""


class Failure(Exception):
    """The learner's work did not pass a check; ``message`` is for the learner."""

    def __init__(self, message: str, status: Status = Status.FAILED, diagnostics: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.diagnostics = diagnostics or {}


@dataclass(frozen=True)
class Check:
    name: str
    task: str
    weight: float
    visibility: str
    run: CheckFn


class Memo:
    """Values shared by every submission of a grading run (expected values, PyTorch runs)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._locks: dict[Any, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._guard:
            if key in self._values:
                return self._values[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:                      # one thread computes, the others wait for its value
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]


class Context:
    """What a running check sees: its input seed, the learner's sandbox and the shared memo."""

    def __init__(self, check: Check, seed: int, sandbox: Any, memo: Memo) -> None:
        self.check = check
        self.seed = seed
        self.sandbox = sandbox
        self.memo = memo

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def shared(self, compute: Callable[[], Any], *key: Any) -> Any:
        """``compute()``, once per grading run for this check, seed and ``key``; its failure is a GraderBug."""
        def guarded() -> Any:
            try:
                return compute()
            except Exception as err:
                raise GraderBug(f"{self.check.name}: computing the expected values failed: "
                                f"{type(err).__name__}: {err}") from err
        return self.memo.get((self.check.name, self.seed, *key), guarded)

    def outcome(self, job: str, timeout: float | None = None, **payload: Any) -> Outcome:
        """Run a driver job in the learner's sandbox (default time limit unless ``timeout``)."""
        return self.sandbox.run(job, payload, timeout=timeout)

    def run(self, job: str, what: str, timeout: float | None = None, **payload: Any) -> Any:
        """Run a driver job; return its value, or raise the Failure that its outcome means."""
        outcome = self.outcome(job, timeout, **payload)
        if outcome.status == "ok":
            return outcome.value
        raise failure_of(outcome, what)


def failure_of(outcome: Outcome, what: str) -> Failure:
    """The learner-facing Failure for a job that did not return normally."""
    printed = {"output": outcome.output} if outcome.output else {}
    if outcome.status == "timeout":
        return Failure(f"{what}: {outcome.error}; look for a loop that never ends", Status.TIMEOUT, printed)
    if outcome.exc_type == "NotImplementedError":
        function = what.split("(")[0].split(":")[0]
        return Failure(f"not attempted: {function} still raises NotImplementedError", Status.NOT_ATTEMPTED)
    if outcome.exc_type == "ModuleNotFoundError" and "submission." in outcome.error:
        missing = outcome.error.split("submission.")[-1].split("'")[0]
        return Failure(f"not attempted: {missing}.py is missing from the submission", Status.NOT_ATTEMPTED)
    return Failure(f"{what} failed: {outcome.error}", Status.ERROR, printed)


REGISTRY: list[Check] = []


def visible_seed(name: str) -> int:
    """The fixed seed of a visible check: stable across runs and machines."""
    return zlib.crc32(name.encode())


def hidden_seed(name: str, grading_seed: int) -> int:
    """The seed of a hidden check, drawn from the grading-time seed (never shown to learners)."""
    return zlib.crc32(f"{grading_seed}:{name}".encode())


def register(task: str, name: str, weight: float = 1.0, hidden_twin: bool = True) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as a visible check and, unless ``hidden_twin`` is False, a hidden twin."""

    def add(fn: CheckFn) -> CheckFn:
        if hidden_twin:
            REGISTRY.append(Check(f"{name} (fixed inputs)", task, weight, "visible", fn))
            REGISTRY.append(Check(f"{name} (hidden inputs)", task, weight, "hidden", fn))
        else:
            REGISTRY.append(Check(name, task, weight, "visible", fn))
        return fn

    return add
