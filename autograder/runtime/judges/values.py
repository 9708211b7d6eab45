"""The judge of value checks: call the learner's function on every case and compare with the reference.

A case holds its inputs, the reference's output (or the exception the reference
raised: the learner's code must raise it too) and the outputs of the known mistakes,
by id, used to name what went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ..compare import RTOL, mismatch
from ..compat import zip
from ..describe import describe, facts_of
from ..explain import raised_on_valid_input
from ..sandbox import Kept
from .arrays import excerpt
from .base import Context, Failure, Problems, failure_of
from .specs import ValueSpec


@dataclass
class Case:
    label: str
    args: list
    kwargs: dict
    expected: Any = None
    raises: str | None = None
    mistakes: dict | None = None    # mistake id -> its output on this case


def named_mismatch(got: Any, want: Any, function: str, names: Sequence[str], rtol: float = RTOL) -> str | None:
    """:func:`mismatch`, naming a tuple's entries as the docstring's Returns block does (``cross_entropy: dscores``).

    Every wrong entry of a tuple (or value of a dict) is listed, one line each, the first as :func:`mismatch`
    words it and the others after "also wrong:", so that a learner sees all of them in one run.
    """
    if names and isinstance(want, tuple) and isinstance(got, (tuple, list)) and len(got) == len(want) == len(names):
        pairs = [(g, w, f"{function}: {name}") for name, g, w in zip(names, got, want, strict=True)]
    elif len(names) == 1 and not isinstance(want, tuple):
        return mismatch(got, want, f"{function}: {names[0]}", rtol)
    elif isinstance(want, dict) and isinstance(got, dict) and set(got) == set(want):
        pairs = [(got[key], item, f"{function}[{key!r}]") for key, item in want.items()]
    else:
        return mismatch(got, want, function, rtol)
    problems = [problem for g, w, label in pairs if (problem := mismatch(g, w, label, rtol))]
    return "\nalso wrong: ".join(problems) or None


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


def _containers(args: list, kwargs: dict) -> dict:
    """The driver's options for a call given a list or dict, which the learner's function receives as a Python
    object (arrays are observed in shared memory): send it back as the call left it ("after"), and, when no
    argument is a random generator (a second call would draw other numbers), call again on it ("again")."""
    if not any(isinstance(v, list) or (isinstance(v, dict) and "$batch" not in v and "$rng" not in v)
               for v in args):
        return {}
    return {"after": True} if _has_rng([args, kwargs]) else {"again": True}


def _has_rng(value: Any) -> bool:
    if isinstance(value, dict):
        return "$rng" in value or any(_has_rng(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_rng(v) for v in value)
    return False


MAX_PROBES = 6          # calls a wrong answer may cost to find an argument the learner's code does not use
PROBE_SHARE = 0.1       # ... made only when its own call used less than this share of the time limit


def _probe_path(k: int | list) -> tuple[int, Any]:
    """(argument index, dict key or None) of a probe: ``k``, or ``[k, key]`` for an entry of a dict argument."""
    return (int(k[0]), k[1]) if isinstance(k, (list, tuple)) else (k, None)


def probe_args(args: list, k: int | list) -> list:
    """``args`` with argument ``k`` (a float array), or entry ``key`` of dict argument ``k`` (``k`` = [k, key]),
    given other values: the same ones for the reference (part "probes", which arguments its answer depends on)
    and for the learner's code."""
    changed = list(args)
    index, key = _probe_path(k)
    array = args[index] if key is None else args[index][key]
    other = np.asarray(array + np.random.default_rng(index).standard_normal(np.shape(array)), dtype=array.dtype)
    changed[index] = other if key is None else {**args[index], key: other}
    return changed


def probe_name(names: Sequence[str], k: int | list) -> str | None:
    """The parameter (or the dict entry: ``state['lstm.bias_hh_l0']``) a probe changes, by the signature's names."""
    index, key = _probe_path(k)
    if index >= len(names):
        return None
    return names[index] if key is None else f"{names[index]}[{key!r}]"


def unused_inputs(ctx: Context, case: Case, index: int, result: Any, used: float) -> tuple[str, str] | None:
    """A wrong answer with the expected structure that stays exactly the same when an argument the reference's
    answer depends on (part "probes") gets other values: the learner's code does not use that argument. One call
    per such argument, with a small time limit; none when the first call was not quick."""
    spec = cast(ValueSpec, ctx.spec)
    names = spec.get("args", [])
    if used > PROBE_SHARE * ctx.call_seconds or not same_structure(result, case.expected):
        return None
    unused = []
    for k in ctx.expected("probes")[index][:MAX_PROBES]:
        name, payload = job(spec, "call", {"module": spec["module"], "function": spec["function"],
                                           "args": probe_args(case.args, k), "kwargs": case.kwargs,
                                           "n_out": spec.get("n_out")}, case_answers(ctx, index))
        outcome = ctx.probe(name, 4 * used + 0.2 * ctx.scale, **payload)
        if outcome is None or outcome.status != "ok":
            return None
        probed = probe_name(names, k)
        if identical(outcome.value["result"], result, strict=True) and probed:
            unused.append(probed)
    if not unused:
        return None
    one = len(unused) == 1
    listed = " or ".join(unused)
    return ("unused-input", f"your answer stays exactly the same when {listed} {'gets' if one else 'get'} other "
            f"values, while the expected one changes: your code does not use {listed} (or overwrites "
            f"{'it' if one else 'them'} before using {'it' if one else 'them'}).")


def same_structure(got: Any, want: Any) -> bool:
    """Whether ``got`` has ``want``'s containers, lengths, keys and array shapes (values aside)."""
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape
    if isinstance(want, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(same_structure(g, w) for g, w in zip(got, want, strict=True)))
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(same_structure(got[k], want[k]) for k in want)
    return not isinstance(got, (np.ndarray, list, tuple, dict)) and got is not None


def identical(a: Any, b: Any, strict: bool = False) -> bool:
    """Whether two answers are the same values of the same types (NaN equal to NaN). When that cannot be told
    (values the codec carried that numpy cannot compare): True, so that no change is claimed on a guess, or, with
    ``strict``, False, so that no sameness is."""
    try:
        return _identical(a, b)
    except Exception:
        return not strict


def _identical(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(_identical(a[k], b[k]) for k in a)
    if isinstance(a, (float, complex, np.generic)):
        return type(a) is type(b) and bool(np.array_equal(np.asarray(a), np.asarray(b),
                                                         equal_nan=np.asarray(a).dtype.kind in "fc"))
    return type(a) is type(b) and bool(a == b)


def check_called_again(reply: dict, result: Any, what: str, args: list) -> None:
    """The list and dict arguments come back as the call left them (``reply["after"]``): one that differs from
    what was sent (an entry replaced, an item popped) was changed by the call. Without a random generator among
    the arguments the function is also called a second time on the same objects (``call(again=True)``): a second
    result that differs from the first means the answer depends on something besides the arguments (a mutable
    default), or that the first call changed them in a way the second undid (blocks swapped in place twice)."""
    after = reply.get("after")
    if isinstance(after, list) and len(after) == len(args) and any(
            left is not None and isinstance(sent, (list, dict)) and mismatch(left, sent, "", rtol=0.0) is not None
            for left, sent in zip(after, args, strict=True)):
        raise Failure(f"{what}: after the call, a list or dict it was given holds other entries: your function "
                      "changed the caller's list or dict (d[k] = ..., s.pop(), s.append(...); dict(d), d.copy() and "
                      "s[:-1] make new ones to work on)", diagnostics={"pattern": "modifies-input"})
    raised = reply.get("again_raised")
    if raised is None and ("again" not in reply or identical(reply["again"], result)):
        return
    did = "returned another value" if raised is None else (
        f"raised {raised}" if isinstance(raised, str) and raised.isidentifier() else "raised an exception")
    raise Failure(f"{what}: called a second time on the same arguments, your function {did}: the first call "
                  "changed what it was given (x[...] = ..., x += ..., s.pop() and d[k] = ... change the caller's "
                  "arrays, lists and dicts; x.copy(), s[:-1] and dict(d) make new ones), or its result depends on "
                  "something other than its arguments", diagnostics={"pattern": "modifies-input"})


def failure(what: str, problem: str, mistake: tuple[str, str] | None, extra: str = "",
            pattern: tuple[str, str] | None = None, array: dict | None = None) -> Failure:
    """The Failure of a wrong value: the mismatch, what it looks like (``pattern``), the known mistake it
    matches, the failing array in small (arrays.py)."""
    message = f"{what}: {problem}{extra}"
    diagnostics: dict[str, Any] = {}
    if pattern:
        message += f"\nWhat the difference looks like: {pattern[1]}"
        diagnostics["pattern"] = pattern[0]
    if mistake:
        message += f"\nLikely mistake: {mistake[1]}"
        diagnostics["mistake"] = mistake[0]
    if array:
        diagnostics["array"] = array
    return Failure(message, diagnostics=diagnostics)


def pattern_of(got: Any, want: Any, args: Any, spec: Any, names: Sequence[str] = (),
               function: str = "") -> tuple[str, str] | None:
    """:func:`~autograder.runtime.describe.describe` of the output of ``function`` (the spec's by default), with the
    check's own wording of a pattern (spec "hints") if any."""
    facts = facts_of(args, spec.get("dims"), spec.get("args", ()), function or spec.get("function", ""))
    found = describe(got, want, facts, names)
    if found and found[0] in spec.get("hints", {}):
        return found[0], f"{found[1]} {spec['hints'][found[0]]}"
    return found


GUARD_BOUND = 700.0
#: The tolerance of a guarded check whose activations (task 2) answered in float32: their precision is task
#: 2's to lose (its own checks fail), so the cell (tasks 4 and 6) is held to what float32 inputs allow.
LOW_PRECISION_RTOL = 1e-5


def tolerance(value: Any, rtol: float) -> float:
    """``rtol``, or :data:`LOW_PRECISION_RTOL` when the guard saw a task-2 function answer below float64."""
    return max(rtol, LOW_PRECISION_RTOL) if isinstance(value, dict) and value.get("low_precision") else rtol


def job(spec: Any, name: str, payload: dict, answers: dict | None = None) -> tuple[str, dict]:
    """The driver job ``name`` as a check runs it: under ``spec["guard"]`` (the activations its module calls,
    fed inputs clipped to +-700, so that their own overflow is their task's business; with ``answers``, the case's
    recorded values of part "answers", a call on inputs the correct cell gives them is answered from those, so
    that no task-2 mistake reaches the cell's checks) if the spec says so."""
    if not spec.get("guard"):
        return name, payload
    return "guarded", {"inner": name, "guard": spec["guard"], "bound": GUARD_BOUND,
                       **({"answers": answers} if answers is not None else {}), **payload}


def case_answers(ctx: Context, index: int) -> dict | None:
    """Case ``index``'s recorded activations (part "answers") of a guarded check; None for any other check."""
    return ctx.expected("answers")[index] if ctx.spec.get("guard") else None


def own_calls(function: str, misses: Sequence[str] | None) -> str:
    """What an isolated task-8 check says of the calls its lower-level answers did not cover."""
    if not misses:
        return ""
    more = f" (then {', '.join(misses[1:4])}{', ...' if len(misses) > 4 else ''})" if len(misses) > 1 else ""
    return (f"\nThe first call of your {function} that a correct {function} does not make on this input: "
            f"{misses[0]}{more}. Your own code of the called functions answered it; compare what you pass "
            "with the docstrings.")


def _fresh_problems(value: dict, what: str, function: str, contiguous: bool = True) -> list[tuple[str, Failure]]:
    """The docstring's "a new contiguous array, never a view" (or "new arrays" alone, without ``contiguous``),
    measured in the learner's process: both problems when both are there."""
    found = []
    if value.get("views"):
        paths = ", ".join(f"{function}{path}" for path in value["views"][:3])
        found.append(("returns-a-view", Failure(
            f"{what}: {paths} {'is a view' if len(value['views']) == 1 else 'are views'} of an input array (sharing "
            "its memory), but the docstring promises new arrays: changing one would change the other. "
            "Return a copy (a.T.copy(), b.copy()); np.ascontiguousarray returns its very input when that "
            "is contiguous already.", diagnostics={"pattern": "returns-a-view"})))
    if contiguous and value.get("strided"):
        paths = ", ".join(f"{function}{path}" for path in value["strided"][:3])
        found.append(("not-contiguous", Failure(
            f"{what}: {paths} {'is' if len(value['strided']) == 1 else 'are'} not C-contiguous (a transposed "
            "view's layout); the docstring promises contiguous arrays: use np.ascontiguousarray.",
            diagnostics={"pattern": "not-contiguous"})))
    return found


#: The problems a value check can find, most important first: all of them are reported in one run.
IMPORTANCE = ("value", "error", "modifies-input", "returns-a-view", "not-contiguous")


def value(ctx: Context) -> dict:
    """spec: module, function, n_out, rtol, inputs_kept, names (of the outputs), mistakes [[id, message]],
    fresh (True: the outputs must be new contiguous arrays, never views of the inputs; "new": new arrays),
    isolated (task 8: the lower modules answer from the recorded calls of part "calls", one table per case),
    dims (the axis letters of each argument, to name a constant factor),
    hints (the check's own words for a pattern id), no_overflow (numpy's overflow raises in the call)."""
    spec = cast(ValueSpec, ctx.spec)
    module, function, n_out = spec["module"], spec["function"], spec.get("n_out")
    tables = ctx.expected("calls") if spec.get("isolated") else None
    problems = Problems(IMPORTANCE)
    answered = False    # a case returned normally: the function is written
    for index, case in enumerate(ctx.expected()):
        what = f"{function}({case.label})"
        if tables is not None:
            outcome = ctx.outcome("call_isolated", observe=("args",), module=module, function=function,
                                  args=case.args, kwargs=case.kwargs, table=Kept(tables[index]))
        else:
            name, payload = job(spec, "call_fresh" if spec.get("fresh") else "call", {
                "module": module, "function": function, "args": case.args, "kwargs": case.kwargs, "n_out": n_out,
                **({"no_overflow": True} if spec.get("no_overflow") else {}),
                **(_containers(case.args, case.kwargs) if spec.get("inputs_kept", True) else {})},
                case_answers(ctx, index))
            outcome = ctx.outcome(name, observe=("args",), **payload)
        answered = answered or outcome.status == "ok"
        if case.raises:
            if outcome.status == "error" and outcome.exc_type == case.raises:
                continue
            if answered and outcome.exc_type == "NotImplementedError":   # written: not the stub's own raise
                problems.add("error", Failure(
                    f"{what}: expected {case.raises}, got NotImplementedError: your function answers the valid "
                    "inputs and raises NotImplementedError, the stub's 'not written yet', for this one: raise "
                    f"{case.raises} as the docstring's 'Raises' line says", diagnostics={"pattern": "wrong-exception"}))
                continue
            if outcome.status == "ok":
                problems.add("value", Failure(
                    f"{what}: this input is invalid and should raise {case.raises}, but the call returned normally "
                    "(see the docstring's 'Raises' line)", diagnostics={"pattern": "missing-raise"}))
                continue
            failed = failure_of(outcome, what)
            if failed.status.value in ("not attempted", "timeout"):
                raise failed
            got = outcome.exc_type or outcome.status
            words, diagnostics = f"{what}: expected {case.raises}, got {got}: {outcome.error}", failed.diagnostics
            if outcome.status == "error" and diagnostics.get("pattern") != "raised-in-callee":   # not the docstring's
                words += (f"\nYour code let this input through its own check and {got} came from what it did next: "
                          f"check the input first (a bound with >= where > lets the edge through) and raise "
                          f"{case.raises} as the docstring says.")
                diagnostics = {**diagnostics, "pattern": "wrong-exception"}
            problems.add("error", Failure(words, diagnostics=diagnostics))
            continue
        if outcome.status != "ok":
            failed = failure_of(outcome, what)
            valid = raised_on_valid_input(outcome.exc_type) if "pattern" not in failed.diagnostics else None
            if valid and failed.status.value == "error":   # the reference returned normally on this input
                failed = Failure(f"{failed.message}\nWhat the error means: {valid[1]}", failed.status,
                                 {**failed.diagnostics, "pattern": valid[0]})
            if failed.status.value in ("not attempted", "timeout") or not problems.found:
                raise failed     # nothing else found yet: the error alone, as before
            problems.add("error", failed)
            continue
        result = outcome.value["result"]
        rtol = tolerance(outcome.value, spec.get("rtol", RTOL))
        problem = named_mismatch(result, case.expected, function, spec.get("names", ()), rtol)
        if problem:
            pattern = pattern_of(result, case.expected, case.args, spec, spec.get("names", ()))
            if pattern is None and tables is None and "value" not in problems.found:   # the one shown
                pattern = unused_inputs(ctx, case, index, result, outcome.seconds if outcome.cpu is None
                                        else outcome.cpu)
            failed = failure(what, problem, name_mistake(result, case, spec.get("mistakes", ())),
                             own_calls(function, outcome.value.get("misses")), pattern,
                             excerpt(result, case.expected, function, rtol, case.args))
            if outcome.value.get("misses"):
                failed.diagnostics.setdefault("pattern", "unexpected-call")
            problems.add("value", failed)
        if spec.get("inputs_kept", True):
            try:
                check_inputs_kept(outcome.observed.get("args"), case.args, what)
                check_called_again(outcome.value, result, what, case.args)
            except Failure as kept:
                problems.add("modifies-input", kept)
        if spec.get("fresh"):
            for kind, fresh in _fresh_problems(outcome.value, what, function, spec["fresh"] is True):
                problems.add(kind, fresh)
    problems.raise_all()
    return {"cases": [case.label for case in ctx.expected()]}
