"""The generic jobs: call the learner's functions with the grader's inputs, return what they give.

Every job takes the imported submission package first, then the payload sent by the grader
(``payload.py``: its conventions), and returns plain data. Nothing returned here is trusted: the
grader compares it with values it computed itself, and reads the arrays a call may modify from the
memory it shares with the worker.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np

from .payload import (
    Batch,
    copied,
    learner_function,
    learner_module,
    left,
    materialise,
    outputs,
    plain,
    with_fixed_randomness,
    zip_strict,
)


@with_fixed_randomness
def call(
    package: Any, module: str, function: str, args: list, kwargs: dict | None = None, n_out: int | None = None,
    again: bool = False, after: bool = False, no_overflow: bool = False,
) -> dict:
    """Call ``module.function(*args, **kwargs)``; return its result (with ``no_overflow``, a numpy overflow in
    the call raises FloatingPointError: the docstring promises none).

    Whether the call modified its array arguments is read by the grader itself (``Sandbox.run(observe=...)``).
    With ``after`` (implied by ``again``), the list and dict arguments are returned as the call left them
    (``"after"``); with ``again``, the function is then called a second time on the same argument objects and
    that result is returned too (``"again"``): an answer that depends on something else than its arguments
    shows as a second value the grader compares itself.

    With ``n_out``, the function is a forward returning ``(*outs, cache)``: only the
    outputs are returned (the cache is the learner's own business).
    """
    args, kwargs = materialise(args), materialise(kwargs or {})
    fn = learner_function(package, module, function)
    result = plain(_outputs(_called(fn, args, kwargs, no_overflow), n_out, function))
    return {"result": copied(result) if again else result, **_followed(fn, args, kwargs, n_out, function, again, after)}


def _called(fn: Any, args: list, kwargs: dict, no_overflow: bool) -> Any:
    """``fn(*args, **kwargs)``; with ``no_overflow`` (the docstring promises none), a numpy overflow in it raises."""
    with np.errstate(over="raise") if no_overflow else contextlib.nullcontext():
        return fn(*args, **kwargs)


def _outputs(result: Any, n_out: int | None, function: str) -> Any:
    return result if n_out is None else outputs(result, n_out, function)


def _followed(fn: Any, args: list, kwargs: dict, n_out: int | None, function: str, again: bool,
              after: bool) -> dict:
    """What :func:`call` and :func:`call_fresh` add to the first call's reply: :func:`_again`'s, or the list and
    dict arguments as the call left them alone, or nothing."""
    if again:
        return _again(fn, args, kwargs, n_out, function)
    return {"after": left(args)} if after else {}


def _again(fn: Any, args: list, kwargs: dict, n_out: int | None, function: str) -> dict:
    """The list and dict arguments as the first call left them ({"after": one per argument, None for the others}),
    then the second call on the same objects: {"again": its result}, or {"again_raised": the exception's type}."""
    reply = {"after": left(args)}
    try:
        return {**reply, "again": plain(_outputs(fn(*args, **kwargs), n_out, function))}
    except Exception as exc:     # the first call's answer stands; the grader says what the second one did
        try:
            return {**reply, "again_raised": str(type(exc).__name__)[:100]}
        except Exception:
            return {**reply, "again_raised": "an exception"}


@with_fixed_randomness
def calls(package: Any, module: str, function: str, arg_lists: list) -> list:
    """Call the function once per argument list, in order, in one process; return every result."""
    fn = learner_function(package, module, function)
    return [plain(fn(*materialise(args))) for args in arg_lists]


@with_fixed_randomness
def forward_backward(
    package: Any, module: str, forward: str, backward: str, args: list, douts: list, n_out: int
) -> dict:
    """Run ``forward(*args) -> (*outs, cache)``, then ``backward(*douts, cache)``."""
    args = materialise(args)
    returned = learner_function(package, module, forward)(*args)
    outs, cache = outputs(returned, n_out, forward), returned[n_out]
    grads = learner_function(package, module, backward)(*douts, cache)
    return {"outputs": plain(outs), "grads": plain(grads)}


@with_fixed_randomness
def finite_differences(
    package: Any, module: str, forward: str, args: list, douts: list, n_out: int,
    wrt: list, coords: list, eps: float,
) -> list:
    """Centred differences of ``L = sum_k <outs_k, douts_k>`` for the learner's own forward.

    ``wrt[j]`` is the index of an argument and ``coords[j]`` flat indices into it;
    returns, per argument, the array of ``(L(x + eps) - L(x - eps)) / (2 eps)``.
    """
    args = materialise(args)
    fn = learner_function(package, module, forward)

    def loss() -> float:
        outs = fn(*args)[:n_out]
        return float(sum(np.sum(np.asarray(o, dtype=float) * d) for o, d in zip_strict(outs, douts)))

    numeric = []
    for index, flat in zip_strict(wrt, coords):
        target = args[index].reshape(-1)        # a view: perturbing it perturbs the argument
        values = []
        for k in flat:
            old = target[k]
            target[k] = old + eps
            plus = loss()
            target[k] = old - eps
            minus = loss()
            target[k] = old
            values.append((plus - minus) / (2 * eps))
        numeric.append(np.array(values))
    return numeric


@with_fixed_randomness
def optimiser_steps(package: Any, name: str, options: dict, params: dict, grads_per_step: list) -> dict:
    """Create ``optim.<name>(**options)`` and call ``step`` once per gradient dict.

    Returns the parameters after every step. Whether ``step`` updated the caller's arrays in place
    and left the gradients alone, the grader reads itself from the arrays it shares with this process.
    """
    optimiser = getattr(learner_module(package, "optim"), name)(**options)
    after = []
    for grads in grads_per_step:
        optimiser.step(params, grads)
        after.append({k: np.array(v, dtype=float, copy=True) for k, v in params.items()})
    return {"params": after}


@with_fixed_randomness
def train_lstm(package: Any, params: dict, train: list, epochs: int, lr: float, max_norm: float) -> dict:
    """The convergence run: the learner's model_loss, clip_by_global_norm and Adam, full batch.

    Returns the training loss of every epoch and the final parameters.
    """
    model_loss = learner_function(package, "train", "model_loss")
    clip = learner_function(package, "clipping", "clip_by_global_norm")
    optimiser = learner_function(package, "optim", "Adam")(lr=lr)
    batch = Batch(*train)
    losses = []
    for _epoch in range(epochs):
        loss, grads = model_loss(params, batch, "lstm")
        grads, _ = clip(grads, max_norm)
        optimiser.step(params, grads)
        losses.append(float(loss))
    return {"losses": losses, "params": params}


@with_fixed_randomness
def train_loop(package: Any, params: dict, train: list, val: list, options: dict, lr: float) -> dict:
    """The learner's ``train`` with the learner's Adam; returns the history and the final parameters."""
    optimiser = learner_function(package, "optim", "Adam")(lr=lr)
    history = learner_function(package, "train", "train")(params, Batch(*train), Batch(*val), optimiser, **options)
    return {"history": plain(history), "params": params}


def _arrays(value: Any, path: str = "") -> list:
    """Every numpy array inside ``value``, with its path (``['out.bias']``, ``[1]``)."""
    if isinstance(value, np.ndarray):
        return [(path, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _arrays(v, f"{path}[{k!r}]")]
    if isinstance(value, (list, tuple)):
        return [item for k, v in enumerate(value) for item in _arrays(v, f"{path}[{k}]")]
    return []


@with_fixed_randomness
def call_fresh(
    package: Any, module: str, function: str, args: list, kwargs: dict | None = None, n_out: int | None = None,
    again: bool = False, after: bool = False, no_overflow: bool = False,
) -> dict:
    """:func:`call`, and the paths of the returned arrays that share memory with an argument or are not
    C-contiguous (aliasing is lost in transport, so it is measured here)."""
    args, kwargs = materialise(args), materialise(kwargs or {})
    inputs = [a for _, a in _arrays(args)]
    fn = learner_function(package, module, function)
    result = _outputs(_called(fn, args, kwargs, no_overflow), n_out, function)
    arrays = _arrays(result)
    views = [path for path, a in arrays if any(np.shares_memory(a, b) for b in inputs)]
    strided = [path for path, a in arrays if not a.flags.c_contiguous]
    plain_result = plain(result)
    return {"result": copied(plain_result) if again else plain_result, "views": views, "strided": strided,
            **_followed(fn, args, kwargs, n_out, function, again, after)}
