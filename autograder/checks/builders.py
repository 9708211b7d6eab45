"""The two shapes most checks take: compare values with the reference, and check gradients.

Inputs are generated on the trusted side, from the check's seed, once per
grading run; so are the expected values (the reference in ``solutions/``) and
the outputs of the known mistakes used to name what went wrong.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import drivers
from ..arrays import excerpt
from ..compare import RTOL, mismatch
from .base import Context, Failure, failure_of, register

FD_STEP = 1e-5
FD_SAMPLES = 50         # coordinates sampled per array in the learner's finite-difference check
FD_TOLERANCE = 1e-5     # norm-relative, with a floor of 1e-8 on the scale (tiny gradients, rounding noise)


@dataclass(frozen=True)
class Mistake:
    """A known mistake: an implementation of it, and what to tell a learner whose output matches it."""

    id: str
    message: str
    fn: Callable[..., Any]


@dataclass
class Case:
    label: str
    args: list
    kwargs: dict
    expected: Any = None
    raises: str | None = None
    mistakes: dict | None = None    # mistake id -> its output on this case


def reference(module: str, function: str) -> Callable[..., Any]:
    """The reference implementation ``solutions.<module>.<function>`` (trusted side only)."""
    return getattr(importlib.import_module(f"solutions.{module}"), function)


def _evaluate(fn: Callable[..., Any], args: list, kwargs: dict) -> tuple[Any, str | None]:
    try:
        with np.errstate(all="ignore"):     # mistakes such as an overflowing softmax warn by design
            return drivers._plain(fn(*drivers._materialise(copy.deepcopy(args)), **drivers._materialise(kwargs))), None
    except Exception as err:  # the reference rejects this input: the learner's code must too
        return None, type(err).__name__


def _name_mistake(value: Any, case: Case, mistakes: Sequence[Mistake], label: str) -> Mistake | None:
    for mistake in mistakes:
        output = (case.mistakes or {}).get(mistake.id)
        if output is not None and mismatch(value, output, label) is None:
            return mistake
    return None


def _check_inputs_kept(args_after: Any, args: list, what: str) -> None:
    sent = drivers._plain(drivers._materialise(copy.deepcopy(args)))
    sent = [None if isinstance(a, np.random.Generator) else a for a in sent]
    if mismatch(args_after, sent, "argument", rtol=0.0) is not None:
        raise Failure(f"{what} modified one of its inputs in place; work on new arrays (x = x + 1, not x += 1)")


def value_check(
    task: str, name: str, module: str, function: str,
    cases: Callable[[np.random.Generator], list[tuple[str, list, dict]]],
    weight: float = 1.0, mistakes: Sequence[Mistake] = (), rtol: float = RTOL,
    hidden_twin: bool = True, inputs_kept: bool = True, n_out: int | None = None,
) -> None:
    """Register a check that calls ``module.function`` on every case and compares with the reference.

    With ``n_out``, the function is a forward returning ``(*outputs, cache)``: only the
    outputs are compared, and mistakes' functions return the outputs alone.
    """
    full = reference(module, function)
    ref = full if n_out is None else (lambda *a, **k: full(*a, **k)[:n_out])

    def build(rng: np.random.Generator) -> list[Case]:
        built = []
        for label, args, kwargs in cases(rng):
            expected, raises = _evaluate(ref, args, kwargs)
            outputs = {m.id: _evaluate(m.fn, args, kwargs)[0] for m in mistakes} if raises is None else {}
            built.append(Case(label, args, kwargs, expected, raises, outputs))
        return built

    def run(ctx: Context) -> dict:
        built = ctx.shared(lambda: build(ctx.rng()))
        for case in built:
            what = f"{function}({case.label})"
            outcome = ctx.outcome("call", module=module, function=function, args=case.args,
                                  kwargs=case.kwargs, n_out=n_out)
            if case.raises:
                if outcome.status == "error" and outcome.exc_type == case.raises:
                    continue
                if outcome.status == "ok":
                    raise Failure(f"{what}: this input is invalid and should raise {case.raises}, "
                                  f"but the call returned normally")
                failure = failure_of(outcome, what)
                if failure.status.value == "not attempted":
                    raise failure
                raise Failure(f"{what}: expected {case.raises}, got {outcome.exc_type or outcome.status}: "
                              f"{outcome.error}")
            if outcome.status != "ok":
                raise failure_of(outcome, what)
            value = outcome.value["result"]
            problem = mismatch(value, case.expected, function, rtol)
            if problem:
                raise _failure(what, problem, _name_mistake(value, case, mistakes, function),
                               array=excerpt(value, case.expected, function, rtol, case.args))
            if inputs_kept:
                _check_inputs_kept(outcome.value["args_after"], case.args, what)
        return {"cases": [case.label for case in built]}

    register(task, name, weight, hidden_twin)(run)


def _failure(what: str, problem: str, mistake: Mistake | None, extra: str = "", array: dict | None = None) -> Failure:
    """The Failure of a wrong value: the message, the mistake it matches, the failing array in small."""
    message = f"{what}: {problem}{extra}"
    if mistake:
        message += f"\nLikely mistake: {mistake.message}"
    diagnostics = {"mistake": mistake.id} if mistake else {}
    return Failure(message, diagnostics={**diagnostics, "array": array} if array else diagnostics)


def gradient_check(
    task: str, name: str, module: str, forward: str, backward: str, n_out: int,
    cases: Callable[[np.random.Generator], list[tuple[str, list]]],
    grad_names: Sequence[str], weight: float = 1.0, mistakes: Sequence[Mistake] = (),
) -> None:
    """Register a check of ``backward`` against the reference gradients and the learner's own forward.

    ``cases(rng)`` gives (label, forward arguments); the k-th gradient returned
    by ``backward`` belongs to the k-th forward argument, as in every backward
    of this kit. Mistakes' ``fn(args, douts)`` return their gradients.
    """
    ref_forward, ref_backward = reference(module, forward), reference(module, backward)

    def build(rng: np.random.Generator) -> list[Case]:
        built = []
        for label, args in cases(rng):
            *outs, cache = ref_forward(*copy.deepcopy(args))
            douts = [rng.standard_normal(np.shape(o)) for o in outs]
            grads = drivers._plain(ref_backward(*douts, cache))
            coords = [rng.choice(np.size(a), size=min(FD_SAMPLES, np.size(a)), replace=False) for a in args]
            case = Case(label, args, {"douts": douts, "coords": coords}, (tuple(outs), grads))
            case.mistakes = {m.id: drivers._plain(m.fn(copy.deepcopy(args), douts)) for m in mistakes}
            built.append(case)
        return built

    def run(ctx: Context) -> dict:
        built = ctx.shared(lambda: build(ctx.rng()))
        for case in built:
            what = f"{backward}({case.label})"
            douts = case.kwargs["douts"]
            value = ctx.run("forward_backward", what, module=module, forward=forward, backward=backward,
                            args=case.args, douts=douts, n_out=n_out)
            want_outs, want_grads = case.expected
            forward_problem = mismatch(value["outputs"], want_outs, f"{forward} output")
            problem = mismatch(value["grads"], want_grads, backward)
            if problem is None and forward_problem is None:
                _check_inputs_kept(value["args_after"], case.args, f"{forward}({case.label})")
                _check_inputs_kept(value["douts_after"], douts, f"{backward}({case.label}), on its upstream gradient,")
                continue
            if problem is None:
                continue        # the forward check reports the forward's own mistake
            problem = _name_gradients(value["grads"], want_grads, grad_names) or problem
            extra = _blame(ctx, case, value, forward, module, n_out, forward_problem, grad_names)
            named = (dict(zip(grad_names, value["grads"], strict=True)), dict(zip(grad_names, want_grads, strict=True))
                     ) if isinstance(value["grads"], tuple) and len(value["grads"]) == len(want_grads) else None
            array = excerpt(*named, backward, masks=case.args) if named else None
            raise _failure(what, problem, _name_mistake(value["grads"], case, mistakes, backward), extra, array)
        return {"cases": [case.label for case in built]}

    register(task, name, weight)(run)


def _name_gradients(got: Any, want: Any, names: Sequence[str]) -> str | None:
    """A mismatch message naming the gradient (dWx, ...) rather than an index."""
    if isinstance(got, tuple) and len(got) == len(want):
        for grad_name, g, w in zip(names, got, want, strict=True):
            problem = mismatch(g, w, grad_name)
            if problem:
                return problem
    return None


def _blame(
    ctx: Context, case: Case, value: dict, forward: str, module: str, n_out: int,
    forward_problem: str | None, grad_names: Sequence[str],
) -> str:
    """Say whether the forward, the backward or both are wrong, from the learner's own finite differences."""
    grads = value["grads"]
    if not isinstance(grads, tuple) or len(grads) != len(case.args):
        return ""
    wrt = [k for k, g in enumerate(grads) if isinstance(g, np.ndarray) and g.shape == np.shape(case.args[k])]
    outcome = ctx.outcome("finite_differences", module=module, forward=forward, args=case.args,
                          douts=case.kwargs["douts"], n_out=n_out, wrt=wrt,
                          coords=[case.kwargs["coords"][k] for k in wrt], eps=FD_STEP)
    if outcome.status != "ok":
        return ""
    inconsistent = []
    for k, numeric in zip(wrt, outcome.value, strict=True):
        analytic = grads[k].reshape(-1)[case.kwargs["coords"][k]]
        scale = max(float(np.linalg.norm(numeric)), float(np.linalg.norm(analytic)), 1e-8)
        if not np.all(np.isfinite(analytic)) or np.linalg.norm(numeric - analytic) / scale > FD_TOLERANCE:
            inconsistent.append(grad_names[k])
    inconsistent += [grad_names[k] for k in range(len(grads)) if k not in wrt]
    if forward_problem and not inconsistent:
        return ("\nYour backward is the true gradient of your forward, but your forward is wrong "
                f"({forward_problem}): fix {forward} first.")
    if forward_problem:
        return (f"\nBoth are wrong: {forward} ({forward_problem}), and your backward is not the gradient "
                f"of your own forward either (finite differences disagree on {', '.join(inconsistent)}).")
    if inconsistent:
        return (f"\nYour forward is right; your backward is not its gradient: finite differences of your "
                f"forward disagree on {', '.join(inconsistent)}.")
    return ""


__all__ = ["Mistake", "gradient_check", "value_check"]
