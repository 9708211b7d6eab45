"""The judge of value checks: call the learner's function on every case and compare with the reference.

A case holds its inputs, the reference's output (or the exception the reference
raised: the learner's code must raise it too) and the outputs of the known mistakes,
by id, used to name what went wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import drivers
from ..compare import RTOL, mismatch
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


def check_inputs_kept(args_after: Any, args: list, what: str) -> None:
    sent = drivers._plain(drivers._materialise(copy.deepcopy(args)))
    sent = [None if isinstance(a, np.random.Generator) else a for a in sent]
    if mismatch(args_after, sent, "argument", rtol=0.0) is not None:
        raise Failure(f"{what} modified one of its inputs in place; work on new arrays (x = x + 1, not x += 1)")


def failure(what: str, problem: str, mistake: tuple[str, str] | None, extra: str = "",
            array: dict | None = None) -> Failure:
    """The Failure of a wrong value: the message, the mistake it matches, the failing array in small (arrays.py)."""
    message = f"{what}: {problem}{extra}"
    if mistake:
        message += f"\nLikely mistake: {mistake[1]}"
    diagnostics = {"mistake": mistake[0]} if mistake else {}
    return Failure(message, diagnostics={**diagnostics, "array": array} if array else diagnostics)


def value(ctx: Context) -> dict:
    """spec: module, function, n_out, rtol, inputs_kept, names (of the outputs), mistakes [[id, message]]."""
    spec = ctx.spec
    module, function, n_out = spec["module"], spec["function"], spec.get("n_out")
    for case in ctx.expected():
        what = f"{function}({case.label})"
        outcome = ctx.outcome("call", module=module, function=function, args=case.args,
                              kwargs=case.kwargs, n_out=n_out)
        if case.raises:
            if outcome.status == "error" and outcome.exc_type == case.raises:
                continue
            if outcome.status == "ok":
                raise Failure(f"{what}: this input is invalid and should raise {case.raises}, "
                              f"but the call returned normally")
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
            raise failure(what, problem, name_mistake(result, case, spec.get("mistakes", ())),
                          array=excerpt(result, case.expected, function, spec.get("rtol", RTOL), case.args))
        if spec.get("inputs_kept", True):
            check_inputs_kept(outcome.value["args_after"], case.args, what)
    return {"cases": [case.label for case in ctx.expected()]}
