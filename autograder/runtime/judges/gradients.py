"""The judge of gradient checks: a backward against the reference's gradients and the learner's own forward.

When the gradients are wrong, centred finite differences of the learner's own forward
(computed in the sandbox, judged here) say whether the forward, the backward or both are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np

from ..compare import RTOL, mismatch
from ..compat import zip
from .arrays import excerpt
from .base import Context, Failure, combine, failure_of
from .specs import GradientSpec
from .values import (
    Case,
    case_answers,
    check_inputs_kept,
    failure,
    job,
    name_mistake,
    named_mismatch,
    pattern_of,
    tolerance,
)

FD_STEP = 1e-5
FD_SAMPLES = 50         # coordinates sampled per array in the learner's finite-difference check
FD_TOLERANCE = 1e-5     # norm-relative, with a floor of 1e-8 on the scale (tiny gradients, rounding noise)


def gradient(ctx: Context) -> dict:
    """spec: module, forward, backward, n_out, names (of the forward's outputs), grad_names, mistakes, dims, hints.

    A case's ``expected`` is (forward outputs, gradients); its kwargs hold the upstream
    gradients ``douts`` and the sampled coordinates ``coords`` of each argument.
    """
    spec = cast(GradientSpec, ctx.spec)
    module, forward, backward, n_out = spec["module"], spec["forward"], spec["backward"], spec["n_out"]
    for index, case in enumerate(ctx.expected()):
        what = f"{backward}({case.label})"
        douts = case.kwargs["douts"]
        name, payload = job(spec, "forward_backward", {"module": module, "forward": forward, "backward": backward,
                                                       "args": case.args, "douts": douts, "n_out": n_out},
                            case_answers(ctx, index))
        outcome = ctx.outcome(name, observe=("args", "douts"), **payload)
        if outcome.status != "ok":
            raise failure_of(outcome, what)
        value = outcome.value
        want_outs, want_grads = case.expected
        rtol = tolerance(value, RTOL)
        forward_problem = named_mismatch(value["outputs"], want_outs, forward, spec.get("names", ()), rtol)
        problem = mismatch(value["grads"], want_grads, backward, rtol)
        if problem is None and forward_problem is None:
            check_inputs_kept(outcome.observed.get("args"), case.args, f"{forward}({case.label})")
            check_inputs_kept(outcome.observed.get("douts"), douts,
                              f"{backward}({case.label}), on its upstream gradient,")
            continue
        if problem is None:
            continue        # the forward check reports the forward's own mistake
        problem = _name_gradients(value["grads"], want_grads, spec["grad_names"], rtol) or problem
        pattern = (pattern_of(value["outputs"], want_outs, case.args, spec, spec.get("names", ()), forward)
                   if forward_problem else pattern_of(value["grads"], want_grads, case.args, spec, spec["grad_names"],
                                                      backward))
        # float32 rounding or NaN also spoil finite differences: then the pattern says it all
        blamed, extra = ((None, "") if pattern and pattern[0] in ("precision", "overflow")
                         else _blame(ctx, case, value, forward_problem))
        grads, names = value["grads"], spec["grad_names"]
        named = isinstance(grads, tuple) and len(grads) == len(want_grads) == len(names)
        array = excerpt(dict(zip(names, grads, strict=True)), dict(zip(names, want_grads, strict=True)), backward,
                        masks=case.args) if named else None
        failed = failure(what, problem, name_mistake(grads, case, spec.get("mistakes", ())), extra, pattern, array)
        if blamed:
            failed.diagnostics.setdefault("pattern", blamed)
        raise combine([failed, *_inputs_changed(outcome.observed, case, forward, backward)])
    return {"cases": [case.label for case in ctx.expected()]}


def _inputs_changed(observed: dict, case: Case, forward: str, backward: str) -> list[Failure]:
    """The modifies-input problem of a case whose gradients are wrong too (reported with them, in one run), from
    the arrays the grader read back itself."""
    for after, sent, what in ((observed.get("args"), case.args, f"{forward}({case.label})"),
                              (observed.get("douts"), case.kwargs["douts"],
                               f"{backward}({case.label}), on its upstream gradient,")):
        try:
            check_inputs_kept(after, sent, what)
        except Failure as kept:
            return [kept]
    return []


def _name_gradients(got: Any, want: Any, names: Sequence[str], rtol: float = RTOL) -> str | None:
    """A mismatch message naming the gradient (dWx, ...) rather than an index: every wrong one, one a line."""
    if isinstance(got, tuple) and len(got) == len(want):
        problems = [problem for grad_name, g, w in zip(names, got, want, strict=True)
                    if (problem := mismatch(g, w, grad_name, rtol))]
        return "\nalso wrong: ".join(problems) or None
    return None


def _blame(ctx: Context, case: Case, value: dict, forward_problem: str | None) -> tuple[str | None, str]:
    """(pattern id, sentence): whether the forward, the backward or both are wrong, by the learner's own
    finite differences."""
    spec = cast(GradientSpec, ctx.spec)
    forward, grad_names = spec["forward"], spec["grad_names"]
    grads = value["grads"]
    if not isinstance(grads, tuple) or len(grads) != len(case.args):
        return None, ""
    wrt = [k for k, g in enumerate(grads) if isinstance(g, np.ndarray) and g.shape == np.shape(case.args[k])]
    name, payload = job(spec, "finite_differences", {
        "module": spec["module"], "forward": forward, "args": case.args, "douts": case.kwargs["douts"],
        "n_out": spec["n_out"], "wrt": wrt, "coords": [case.kwargs["coords"][k] for k in wrt], "eps": FD_STEP})
    outcome = ctx.outcome(name, **payload)
    if outcome.status != "ok":
        return None, ""
    inconsistent = []
    for k, numeric in zip(wrt, outcome.value, strict=True):
        analytic = grads[k].reshape(-1)[case.kwargs["coords"][k]]
        scale = max(float(np.linalg.norm(numeric)), float(np.linalg.norm(analytic)), 1e-8)
        if not np.all(np.isfinite(analytic)) or np.linalg.norm(numeric - analytic) / scale > FD_TOLERANCE:
            inconsistent.append(grad_names[k])
    inconsistent += [grad_names[k] for k in range(len(grads)) if k not in wrt]
    if forward_problem and not inconsistent:
        return "forward-wrong", ("\nYour backward is the true gradient of your forward, but your forward is wrong "
                                 f"({forward_problem}): fix {forward} first.")
    if forward_problem:
        return "both-wrong", (f"\nBoth are wrong: {forward} ({forward_problem}), and your backward is not the "
                              f"gradient of your own forward either (finite differences disagree on "
                              f"{', '.join(inconsistent)}).")
    if inconsistent:
        return "backward-not-gradient", (f"\nYour forward is right; your backward is not its gradient: finite "
                                         f"differences of your forward disagree on {', '.join(inconsistent)}.")
    return None, ""
