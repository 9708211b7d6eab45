"""Judges of tasks 7 and 8 beyond plain values: optimiser steps, state between calls, the training loop."""

from __future__ import annotations

from ..compare import mismatch
from .base import Context, Failure


def optimiser(ctx: Context) -> dict:
    """spec: name, options, mistakes [[id, message]]; expected: params, grads, the reference's steps, mistakes'."""
    name, options = ctx.spec["name"], ctx.spec["options"]
    params, grads, expected, mistakes = ctx.expected()
    value = ctx.run("optimiser_steps", f"{name}.step", name=name, options=options, params=params,
                    grads_per_step=grads)
    problem = mismatch(value["params"], expected, "parameters after each step")
    if problem:
        named = [(i, m) for i, m in ctx.spec.get("mistakes", ()) if mismatch(value["params"], mistakes[i], "") is None]
        raise Failure(f"{name}.step: {problem}" + (f"\nLikely mistake: {named[0][1]}" if named else ""),
                      diagnostics={"mistake": named[0][0]} if named else {})
    if not value["in_place"]:
        raise Failure(f"{name}.step replaced the arrays in the params dict; update them in place "
                      "(params[k] -= ...) so that every holder of the dict sees the new values")
    if mismatch(value["grads_after"], grads, "gradients", rtol=0.0):
        raise Failure(f"{name}.step modified the gradients; leave them untouched")
    return {}


def state_reset(ctx: Context) -> dict:
    """The same batch twice in a row, in one process: both results must be the reference's."""
    args, expected = ctx.expected()
    first, second = ctx.run("calls", "model_loss", module="train", function="model_loss", arg_lists=[args, args])
    if mismatch(second[0], first[0], "loss") is not None:
        raise Failure("model_loss gives two different losses for the same batch in two calls in a row: the "
                      "hidden state is not reset between sequences. Start every call from h0 = 0 (and c0 = 0), "
                      "never from a state kept from an earlier call.", diagnostics={"mistake": "state-not-reset"})
    problem = mismatch(first[0], expected, "loss")
    if problem:
        raise Failure(f"model_loss: {problem} (see the model_loss check)")
    return {}


def train_loop(ctx: Context) -> dict:
    """spec: options (of train), lr (of Adam); expected: params, train, val, the reference's history and params."""
    options, lr = ctx.spec["options"], ctx.spec["lr"]
    params, train, val, history, trained = ctx.expected()
    value = ctx.run("train_loop", "train", params=params, train=train, val=val, options=options, lr=lr)
    problem = mismatch(value["history"], history, "history") or mismatch(value["params"], trained, "params")
    if problem:
        shown = ", ".join(f"{k}={v}" for k, v in options.items() if k != "cell")
        raise Failure(f"train ({shown}): {problem}")
    return {}
