"""The judge of value checks: call the learner's function on every case and compare with the reference.

A case holds its inputs, the reference's output (or the exception the reference
raised: the learner's code must raise it too) and the outputs of the known mistakes,
by id, used to name what went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..compare import RTOL, describe, facts_of, mismatch
from ..compat import zip
from .arrays import excerpt
from .base import Context, Failure, failure_of


@dataclass
class Case:
    label: str
    args: list
    kwargs: dict
    expected: Any = None
    raises: str | None = None
    mistakes: dict | None = None    # mistake id -> its output on this case


def named_mismatch(got: Any, want: Any, function: str, names: Sequence[str], rtol: float = RTOL) -> str | None:
    """:func:`mismatch`, naming a tuple's entries as the docstring's Returns block does (``cross_entropy: dscores``)."""
    if names and isinstance(want, tuple) and isinstance(got, (tuple, list)) and len(got) == len(want) == len(names):
        for name, g, w in zip(names, got, want, strict=True):
            problem = mismatch(g, w, f"{function}: {name}", rtol)
            if problem:
                return problem
        return None
    if len(names) == 1 and not isinstance(want, tuple):
        return mismatch(got, want, f"{function}: {names[0]}", rtol)
    return mismatch(got, want, function, rtol)


def name_mistake(value: Any, case: Case, mistakes: Sequence[Sequence[str]]) -> tuple[str, str] | None:
    """The first known mistake (id, message) whose output on ``case`` ``value`` matches."""
    for mistake_id, message in mistakes:
        output = (case.mistakes or {}).get(mistake_id)
        if output is not None and mismatch(value, output, "") is None:
            return mistake_id, message
    return None


def check_inputs_kept(after: Any, args: list, what: str) -> None:
    """``after``: the arguments as the call left them, read by the grader from the memory it shares with the
    worker (``Outcome.observed``), never a report of the worker's."""
    if after is None or mismatch(after, args, "argument", rtol=0.0) is not None:
        raise Failure(f"{what} modified one of its inputs in place; work on new arrays (x = x + 1, not x += 1)",
                      diagnostics={"pattern": "modifies-input"})


def failure(what: str, problem: str, mistake: tuple[str, str] | None, extra: str = "",
            pattern: tuple[str, str] | None = None, array: dict | None = None) -> Failure:
    """The Failure of a wrong value: the mismatch, what it looks like (``pattern``), the known mistake it
    matches, the failing array in small (arrays.py)."""
    message = f"{what}: {problem}{extra}"
    diagnostics = {}
    if pattern:
        message += f"\nWhat the difference looks like: {pattern[1]}"
        diagnostics["pattern"] = pattern[0]
    if mistake:
        message += f"\nLikely mistake: {mistake[1]}"
        diagnostics["mistake"] = mistake[0]
    if array:
        diagnostics["array"] = array
    return Failure(message, diagnostics=diagnostics)


def pattern_of(got: Any, want: Any, args: Any, spec: Any, names: Sequence[str] = ()) -> tuple[str, str] | None:
    """:func:`~autograder.runtime.compare.describe`, with the check's own wording of a pattern (spec "hints") if any."""
    found = describe(got, want, facts_of(args, spec.get("dims")), names)
    if found and found[0] in spec.get("hints", {}):
        return found[0], f"{found[1]} {spec['hints'][found[0]]}"
    return found


GUARD_BOUND = 700.0


def job(spec: Any, name: str, payload: dict) -> tuple[str, dict]:
    """The driver job ``name`` as a check runs it: under ``spec["guard"]`` (the activations its module calls,
    fed inputs clipped to +-700, so that their own overflow is their task's business) if the spec says so."""
    if not spec.get("guard"):
        return name, payload
    return "guarded", {"inner": name, "guard": spec["guard"], "bound": GUARD_BOUND, **payload}


def own_calls(function: str, misses: Sequence[str] | None) -> str:
    """What an isolated task-8 check says of the calls its lower-level answers did not cover."""
    if not misses:
        return ""
    more = f" (then {', '.join(misses[1:4])}{', ...' if len(misses) > 4 else ''})" if len(misses) > 1 else ""
    return (f"\nThe first call of your {function} that a correct {function} does not make on this input: "
            f"{misses[0]}{more}. Your own code of the called functions answered it; compare what you pass "
            "with the docstrings.")


def _check_fresh(value: dict, what: str, function: str) -> None:
    """The docstring's "a new contiguous array, never a view": measured in the learner's process."""
    if value.get("views"):
        raise Failure(f"{what}: {function}{value['views'][0]} is a view of an input array (it shares its "
                      "memory), but the docstring promises new arrays: changing one would change the other. "
                      "Return a copy (a.T.copy(), b.copy()); np.ascontiguousarray returns its very input when that "
                      "is contiguous already.",
                      diagnostics={"pattern": "returns-a-view"})
    if value.get("strided"):
        raise Failure(f"{what}: {function}{value['strided'][0]} is not C-contiguous (a transposed view's "
                      "layout); the docstring promises contiguous arrays: use np.ascontiguousarray.",
                      diagnostics={"pattern": "not-contiguous"})


def value(ctx: Context) -> dict:
    """spec: module, function, n_out, rtol, inputs_kept, names (of the outputs), mistakes [[id, message]],
    fresh (the outputs must be new contiguous arrays, never views of the inputs), isolated (task 8: the lower
    modules answer from the recorded calls of part "calls", one table per case), dims (the axis letters of
    each argument, to name a constant factor), hints (the check's own words for a pattern id)."""
    spec = ctx.spec
    module, function, n_out = spec["module"], spec["function"], spec.get("n_out")
    tables = ctx.expected("calls") if spec.get("isolated") else None
    for index, case in enumerate(ctx.expected()):
        what = f"{function}({case.label})"
        if tables is not None:
            outcome = ctx.outcome("call_isolated", observe=("args",), module=module, function=function,
                                  args=case.args, kwargs=case.kwargs, table=tables[index])
        else:
            name, payload = job(spec, "call_fresh" if spec.get("fresh") else "call", {
                "module": module, "function": function, "args": case.args, "kwargs": case.kwargs, "n_out": n_out})
            outcome = ctx.outcome(name, observe=("args",), **payload)
        if case.raises:
            if outcome.status == "error" and outcome.exc_type == case.raises:
                continue
            if outcome.status == "ok":
                raise Failure(f"{what}: this input is invalid and should raise {case.raises}, "
                              f"but the call returned normally (see the docstring's 'Raises' line)",
                              diagnostics={"pattern": "missing-raise"})
            failed = failure_of(outcome, what)
            if failed.status.value == "not attempted":
                raise failed
            raise Failure(f"{what}: expected {case.raises}, got {outcome.exc_type or outcome.status}: "
                          f"{outcome.error}")
        if outcome.status != "ok":
            raise failure_of(outcome, what)
        result = outcome.value["result"]
        problem = named_mismatch(result, case.expected, function, spec.get("names", ()), spec.get("rtol", RTOL))
        if problem:
            failed = failure(what, problem, name_mistake(result, case, spec.get("mistakes", ())),
                             own_calls(function, outcome.value.get("misses")),
                             pattern_of(result, case.expected, case.args, spec, spec.get("names", ())),
                             excerpt(result, case.expected, function, spec.get("rtol", RTOL), case.args))
            if outcome.value.get("misses"):
                failed.diagnostics.setdefault("pattern", "unexpected-call")
            raise failed
        if spec.get("inputs_kept", True):
            check_inputs_kept(outcome.observed.get("args"), case.args, what)
        if spec.get("fresh"):
            _check_fresh(outcome.value, what, function)
    return {"cases": [case.label for case in ctx.expected()]}
