"""The registry of all checks, their seeds, and the memo of expected values (trusted side only).

Checks come in pairs: the same check on fixed inputs (visible to learners'
self-checks) and on inputs drawn from the grading-time seed (hidden). Each is a
:class:`~autograder.runtime.judges.Check`: a judge (shipped to learners) and the builders
of its expected values (never shipped).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from autograder.runtime.judges import Check, GraderBug, visible_seed
from autograder.runtime.judges.base import Builder
from autograder.runtime.judges.specs import unknown_keys

REGISTRY: list[Check] = []


def hidden_seed(name: str, grading_seed: int) -> int:
    """The seed of a hidden check, drawn from the grading-time seed (never shown to learners)."""
    return zlib.crc32(f"{grading_seed}:{name}".encode())


def register(
    task: str, name: str, judge: str, spec: Mapping[str, Any], build: Mapping[str, Builder],
    weight: float = 1.0, hidden_twin: bool = True,
) -> None:
    """Register a visible check and, unless ``hidden_twin`` is False, its hidden twin.

    Raises TypeError (the kit's own mistake, at import) for a spec key that its judge does not read
    (``autograder/runtime/judges/specs.py`` lists them)."""
    unknown = unknown_keys(judge, spec)
    if unknown:
        raise TypeError(f"the check {name!r} (task {task}) has spec keys its judge {judge!r} does not read: "
                        f"{', '.join(unknown)}; correct them or declare them in runtime/judges/specs.py")
    if hidden_twin:
        REGISTRY.append(Check(f"{name} (fixed inputs)", task, weight, "visible", judge, spec, build))
        REGISTRY.append(Check(f"{name} (hidden inputs)", task, weight, "hidden", judge, spec, build))
    else:
        REGISTRY.append(Check(name, task, weight, "visible", judge, spec, build))


class Memo:
    """Expected values shared by every submission of a grading run, computed once each, thread-safely.

    Keyed by (check name, seed, part). ``preload`` fills it from a cache; ``values`` is what
    a cache stores.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, int, str], Any] = {}
        self._locks: dict[Any, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: tuple[str, int, str], compute: Callable[[], Any]) -> Any:
        with self._guard:
            if key in self._values:
                return self._values[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:                      # one thread computes, the others wait for its value
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]

    def preload(self, values: Mapping[tuple[str, int, str], Any]) -> None:
        with self._guard:
            self._values.update(values)

    def values(self) -> dict[tuple[str, int, str], Any]:
        with self._guard:
            return dict(self._values)


class Computed:
    """The kit's source of expected values: each check's builders, run once per grading run (memoised)."""

    def __init__(self, memo: Memo | None = None) -> None:
        self.memo = memo or Memo()

    def expected(self, check: Check, seed: int, part: str) -> Any:
        def compute() -> Any:
            try:
                return check.build[part](seed, lambda other: self.expected(check, seed, other))
            except GraderBug:
                raise
            except Exception as err:
                raise GraderBug(f"{check.name}: computing the expected values failed: "
                                f"{type(err).__name__}: {err}") from err
        return self.memo.get((check.name, seed, part), compute)

    def model_loss(self, ctx: Any, params: dict, batch: list) -> float:
        """The reference's model_loss: the trusted judge of a learner's trained weights."""
        from solutions.data import Batch
        from solutions.train import model_loss

        return model_loss(params, Batch(*batch), "lstm")[0]


__all__ = ["REGISTRY", "Computed", "Memo", "hidden_seed", "register", "visible_seed"]
