"""Judges of tasks 7 and 8 beyond plain values: optimiser steps, state between calls, the training loop."""

from __future__ import annotations

from typing import Any, cast

from ..compare import mismatch
from ..compat import zip
from ..describe import describe
from ..sandbox import Kept
from .base import Context, Failure, Problems, failure_of
from .specs import OptimiserSpec, TrainLoopSpec
from .values import failure, named_mismatch, own_calls

SHARED_STATE = ("the optimiser's state is shared between parameters: one m (and v, or s, or velocity) for all of "
                "them mixes arrays of different shapes. Keep one state per parameter, in a dict keyed by its name "
                "(self.m[name]).")


def optimiser(ctx: Context) -> dict:
    """spec: name, options, mistakes [[id, message]]; expected: params, grads, the reference's steps, mistakes'."""
    spec = cast(OptimiserSpec, ctx.spec)
    name, options = spec["name"], spec["options"]
    params, grads, expected, mistakes = ctx.expected()
    outcome = ctx.outcome("optimiser_steps", observe=("params", "grads_per_step"), name=name, options=options,
                          params=params, grads_per_step=grads)
    if outcome.status == "error" and "broadcast" in outcome.error:
        raise failure(f"{name}.step", f"failed: {outcome.error}", None, pattern=("state-shared", SHARED_STATE))
    if outcome.status != "ok":
        raise failure_of(outcome, f"{name}.step")
    value = outcome.value
    problems = Problems(("value", "not-in-place", "modifies-input"))
    problem = _steps_mismatch(value["params"], expected)
    if problem:
        named = [(i, m) for i, m in spec.get("mistakes", []) if mismatch(value["params"], mistakes[i], "") is None]
        problems.add("value", failure(f"{name}.step", problem, named[0] if named else None,
                                      pattern=describe(value["params"], expected) or _first_step(value["params"],
                                                                                                  expected)))
    # read by the grader from the arrays it shares with the worker: the caller's own arrays after the last step,
    # which updates in place leave equal to the last parameters (the expected ones, or the learner's when wrong)
    left = outcome.observed.get("params")
    last = expected[-1] if not problem else _last(value["params"])
    if left is None or (last is not None and mismatch(left, last, "parameters") is not None):
        problems.add("not-in-place", Failure(
            f"{name}.step replaced the arrays in the params dict; update them in place (params[k] -= ...) so that "
            "every holder of the dict sees the new values", diagnostics={"pattern": "not-in-place"}))
    if mismatch(outcome.observed.get("grads_per_step"), grads, "gradients", rtol=0.0):
        problems.add("modifies-input", Failure(f"{name}.step modified the gradients; leave them untouched",
                                               diagnostics={"pattern": "modifies-input"}))
    problems.raise_all()
    return {}


def _last(steps: Any) -> Any:
    """The last step's parameters the learner's run reported (None if it reported no list of steps)."""
    return steps[-1] if isinstance(steps, list) and steps else None


def _steps_mismatch(got: Any, want: list) -> str | None:
    """The first step whose parameters differ, naming every parameter wrong there ("after step 2: params['W']")."""
    if not isinstance(got, list) or len(got) != len(want):
        return mismatch(got, want, "the parameters after each step")
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        problem = named_mismatch(g, w, f"after step {k + 1} of {len(want)}: params", ())
        if problem:
            return problem
    return None


def _first_step(got: list, want: list) -> tuple[str, str] | None:
    """Which step goes wrong first: step 1 (the rule itself) or a later one (the state carried between steps)."""
    if not isinstance(got, list) or len(got) != len(want):
        return None
    bad = [k for k, (g, w) in enumerate(zip(got, want, strict=True)) if mismatch(g, w, "") is not None]
    if bad and bad[0] > 0:
        return ("later-steps", f"step 1 is right and step {bad[0] + 1} is wrong: the update rule is right, what is "
                "carried from one step to the next is not (the running averages, the step count t, the bias "
                "correction, or a state shared between parameters).")
    if bad:
        return ("first-step", "the very first step is already wrong: check the update rule itself, and the "
                "state's starting value (m = v = 0, s = 0; with momentum, v starts at g).")
    return None


def state_reset(ctx: Context) -> dict:
    """The same batch twice in a row, in one process: fails only if the two results differ (state carried).

    Whether the loss is right is the model_loss check's business, not this one's.
    """
    args, _ = ctx.expected()
    if ctx.spec.get("isolated"):
        first, second = ctx.run("calls_isolated", "model_loss", module="train", function="model_loss",
                                arg_lists=[args, args], table=Kept(ctx.expected("calls")))["results"]
    else:
        first, second = ctx.run("calls", "model_loss", module="train", function="model_loss", arg_lists=[args, args])
    if mismatch(second[0], first[0], "loss") is not None:
        raise Failure("model_loss gives two different losses for the same batch in two calls in a row: the "
                      "hidden state is not reset between sequences. Start every call from h0 = 0 (and c0 = 0), "
                      "never from a state kept from an earlier call.", diagnostics={"mistake": "state-not-reset"})
    return {}


def train_loop(ctx: Context) -> dict:
    """spec: options (of train), lr (of Adam); expected: params, train, val, the reference's history and params."""
    spec = cast(TrainLoopSpec, ctx.spec)
    options, lr = spec["options"], spec["lr"]
    params, train, val, history, trained = ctx.expected()
    if ctx.spec.get("isolated"):
        outcome = ctx.outcome("train_loop_isolated", params=params, train=train, val=val, options=options, lr=lr,
                              table=Kept(ctx.expected("calls")))
    else:
        outcome = ctx.outcome("train_loop", params=params, train=train, val=val, options=options, lr=lr)
    if outcome.status == "error" and options.get("cell") == "rnn" and "lstm" in outcome.error:
        raise failure("train", f"failed: {outcome.error}", None, pattern=(
            "cell-ignored", "train(..., cell='rnn') ran your LSTM code on RNN parameters: pass cell on to "
            "model_loss (model_loss(params, batch, cell)) for training and validation alike."))
    if outcome.status != "ok":
        raise failure_of(outcome, "train")
    value = outcome.value
    problem = mismatch(value["history"], history, "history") or mismatch(value["params"], trained, "params")
    if problem:
        shown = ", ".join(f"{k}={v!r}" for k, v in options.items())
        mistakes = ctx.expected("mistakes") if ctx.spec.get("mistakes") else {}
        named = [(i, m) for i, m in ctx.spec.get("mistakes", ())
                 if mismatch(value["history"], mistakes[i], "") is None]
        pattern = _history_pattern(value["history"], history, mismatch(value["params"], trained, "") is None)
        failed = failure(f"train ({shown})", problem, named[0] if named else None,
                         own_calls("train", value.get("misses")), pattern)
        if value.get("misses"):
            failed.diagnostics.setdefault("pattern", "unexpected-call")
        raise failed
    return {}


def _history_pattern(got: Any, want: dict, trained_right: bool) -> tuple[str, str] | None:
    """Which part of the history is wrong: only the recorded losses (the training itself right), or only
    the epochs after the first (what changes from one epoch to the next); else how it differs (describe)."""
    if not isinstance(got, dict):
        return None
    wrong = [key for key in want if mismatch(got.get(key), want[key], "") is not None]
    losses = got.get("train_loss")
    if (not trained_right and isinstance(losses, list) and len(losses) == len(want["train_loss"]) > 1
            and mismatch(losses[0], want["train_loss"][0], "") is None):
        return ("later-epochs", "the first epoch is exactly right and a later one is not: look at what changes "
                "from one epoch to the next (one rng for the whole run, one permutation per epoch; the optimiser "
                "kept across epochs; nothing reset).")
    if not trained_right:
        return describe(got, want)
    if wrong == ["train_loss"]:
        return ("history-train-loss", "the parameters are trained exactly right and the validation losses are right; "
                "only the recorded training loss is wrong: it is the mean over the epoch's tokens, each batch's "
                "loss weighted by its number of valid tokens (mask.sum()).")
    if wrong == ["val_loss"]:
        return ("history-val-loss", "the parameters are trained exactly right; only the validation loss is wrong: "
                "after each epoch, model_loss on val_batch with the updated parameters.")
    return describe(got, want)
