"""The two shapes most checks take: compare values with the reference, and check gradients.

Inputs are generated on the trusted side, from the check's seed, once per grading run;
so are the expected values (the reference in ``solutions/``) and the outputs of the
known mistakes used to name what went wrong. The judges that use them are in
``autograder/runtime/judges/`` (values, gradients); nothing here is shipped to learners.
"""

from __future__ import annotations

import copy
import importlib
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.expected.checks.answers import record_answers
from autograder.expected.checks.base import register
from autograder.expected.checks.returns import output_names
from autograder.runtime.compare import RTOL
from autograder.runtime.drivers.payload import materialise, plain
from autograder.runtime.judges import Case
from autograder.runtime.judges.base import Builder
from autograder.runtime.judges.gradients import FD_SAMPLES
from autograder.runtime.judges.specs import GradientSpec, Shared, ValueSpec
from autograder.runtime.judges.values import identical, probe_args


@dataclass(frozen=True)
class Mistake:
    """A known mistake: an implementation of it, and what to tell a learner whose output matches it."""

    id: str
    message: str
    fn: Callable[..., Any]


def reference(module: str, function: str) -> Callable[..., Any]:
    """The reference implementation ``solutions.<module>.<function>`` (trusted side only)."""
    return getattr(importlib.import_module(f"solutions.{module}"), function)


def messages(mistakes: Sequence[Mistake]) -> list[list[str]]:
    """What a judge needs of the mistakes: [id, message] pairs (their outputs travel with the cases)."""
    return [[m.id, m.message] for m in mistakes]


def _evaluate(fn: Callable[..., Any], args: list, kwargs: dict) -> tuple[Any, str | None]:
    try:
        with np.errstate(all="ignore"):     # mistakes such as an overflowing softmax warn by design
            return plain(fn(*materialise(copy.deepcopy(args)), **materialise(kwargs))), None
    except Exception as err:  # the reference rejects this input: the learner's code must too
        return None, type(err).__name__


def _changes(ref: Callable[..., Any], args: list, kwargs: dict, expected: Any) -> bool:
    """Whether the reference answers ``args`` with another value than ``expected`` (and does not raise)."""
    value, raises = _evaluate(ref, args, kwargs)
    return raises is None and not identical(value, expected, strict=True)


def _extras(dims: Sequence[str] | None, hints: dict[str, str] | None, guard: dict | None = None) -> Shared:
    """Optional spec keys: each argument's axis letters and the check's words for a pattern (structural
    diagnoses); the lower functions fed clipped inputs, or answered from part "answers" (``guard``, see
    drivers/guard.py and answers.py)."""
    extras = Shared()
    if dims:
        extras["dims"] = list(dims)
    if hints:
        extras["hints"] = dict(hints)
    if guard:
        extras["guard"] = dict(guard)
    return extras


def value_check(
    task: str, name: str, module: str, function: str,
    cases: Callable[[np.random.Generator], list[tuple[str, list, dict]]],
    weight: float = 1.0, mistakes: Sequence[Mistake] = (), rtol: float = RTOL,
    hidden_twin: bool = True, inputs_kept: bool = True, n_out: int | None = None, fresh: bool | str = False,
    dims: Sequence[str] | None = None, hints: dict[str, str] | None = None, isolated: bool = False,
    guard: dict[str, list[str]] | None = None, no_overflow: bool = False,
) -> None:
    """Register a check that calls ``module.function`` on every case and compares with the reference.

    With ``n_out``, the function is a forward returning ``(*outputs, cache)``: only the
    outputs are compared, and mistakes' functions return the outputs alone. ``isolated``
    (task 8): the lower modules answer from the reference's recorded calls (part "calls"). ``fresh``:
    True, every returned array is new (shares no memory with an argument) and C-contiguous; "new", new only.
    ``no_overflow``: the docstring promises no overflow, so a numpy overflow in the call raises
    FloatingPointError (a right value computed through an inf, in a branch np.where discards, still fails).
    """
    full = reference(module, function)
    ref = full if n_out is None else (lambda *a, **k: full(*a, **k)[:n_out])
    names = output_names(module, function)

    def build(seed: int, get: Callable[[str], Any]) -> list[Case]:
        built = []
        for label, args, kwargs in cases(np.random.default_rng(seed)):
            expected, raises = _evaluate(ref, args, kwargs)
            outputs = {m.id: _evaluate(m.fn, args, kwargs)[0] for m in mistakes} if raises is None else {}
            built.append(Case(label, args, kwargs, expected, raises, outputs))
        return built

    def probes(seed: int, get: Callable[[str], Any]) -> list[list]:
        """Per case, the float array arguments (k) and float array entries of dict arguments ([k, key]) the
        reference's answer changes with (judges/values.unused_inputs)."""
        found: list[list] = []
        for case in get("cases"):
            floats: list = [] if case.raises else [
                path for k, a in enumerate(case.args) for path, entry in (
                    [(k, a)] if isinstance(a, np.ndarray) else
                    [([k, key], v) for key, v in a.items()] if isinstance(a, dict) and "$batch" not in a else [])
                if isinstance(entry, np.ndarray) and entry.dtype.kind == "f" and entry.size]
            found.append([k for k in floats if _changes(ref, probe_args(case.args, k), case.kwargs, case.expected)])
        return found

    spec = ValueSpec(module=module, function=function, n_out=n_out, rtol=rtol, inputs_kept=inputs_kept,
                     names=list(names[:n_out] if n_out else names), mistakes=messages(mistakes),
                     args=list(inspect.signature(full).parameters))
    if fresh:
        spec["fresh"] = fresh
    if no_overflow:
        spec["no_overflow"] = True
    spec.update(_extras(dims, hints, guard))
    parts: dict[str, Builder] = {"cases": build, "probes": probes}
    if guard:
        parts["answers"] = record_answers(module, function, guard)
    if isolated:
        from autograder.expected.checks.isolation import record_cases

        spec["isolated"] = True
        parts["calls"] = record_cases(function)
    register(task, name, "value", spec, parts, weight, hidden_twin)


def gradient_check(
    task: str, name: str, module: str, forward: str, backward: str, n_out: int,
    cases: Callable[[np.random.Generator], list[tuple[str, list]]],
    grad_names: Sequence[str], weight: float = 1.0, mistakes: Sequence[Mistake] = (),
    dims: Sequence[str] | None = None, hints: dict[str, str] | None = None,
    guard: dict[str, list[str]] | None = None,
) -> None:
    """Register a check of ``backward`` against the reference gradients and the learner's own forward.

    ``cases(rng)`` gives (label, forward arguments); the k-th gradient returned
    by ``backward`` belongs to the k-th forward argument, as in every backward
    of this kit. Mistakes' ``fn(args, douts)`` return their gradients.
    """
    ref_forward, ref_backward = reference(module, forward), reference(module, backward)

    def build(seed: int, get: Callable[[str], Any]) -> list[Case]:
        rng = np.random.default_rng(seed)
        built = []
        for label, args in cases(rng):
            *outs, cache = ref_forward(*copy.deepcopy(args))
            douts = [rng.standard_normal(np.shape(o)) for o in outs]
            grads = plain(ref_backward(*douts, cache))
            coords = [rng.choice(np.size(a), size=min(FD_SAMPLES, np.size(a)), replace=False) for a in args]
            case = Case(label, args, {"douts": douts, "coords": coords}, (tuple(outs), grads))
            case.mistakes = {m.id: plain(m.fn(copy.deepcopy(args), douts)) for m in mistakes}
            built.append(case)
        return built

    spec = GradientSpec(module=module, forward=forward, backward=backward, n_out=n_out,
                        names=list(output_names(module, forward)[:n_out]), grad_names=list(grad_names),
                        mistakes=messages(mistakes), **_extras(dims, hints, guard))
    parts: dict[str, Builder] = {"cases": build}
    if guard:
        parts["answers"] = record_answers(module, forward, guard)
    register(task, name, "gradient", spec, parts, weight)


__all__ = ["Mistake", "gradient_check", "messages", "reference", "value_check"]
