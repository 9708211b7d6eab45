"""Jobs the sandbox worker runs on a learner's package, inside the learner's process.

This file is copied into each sandbox and loaded by path: it may import only
the standard library and numpy. Every job takes the imported submission
package first, then the payload sent by the grader, and returns plain data
(arrays, numbers, strings, lists, tuples, dicts). Nothing returned here is
trusted: the grader compares it with values it computed itself.

Payload conventions: ``{"$rng": seed}`` becomes ``np.random.default_rng(seed)``
and ``{"$batch": [X, y, mask]}`` a ``Batch`` named tuple, wherever they appear
in arguments.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from typing import Any

import numpy as np

Batch = namedtuple("Batch", ["X", "y", "mask"])


def _module(package: Any, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def _function(package: Any, module: str, function: str) -> Any:
    return getattr(_module(package, module), function)


def _materialise(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$rng"}:
            return np.random.default_rng(value["$rng"])
        if set(value) == {"$batch"}:
            return Batch(*value["$batch"])
        return {k: _materialise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialise(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_materialise(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    """Turn named tuples into tuples so that the codec carries them."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def call(
    package: Any, module: str, function: str, args: list, kwargs: dict | None = None, n_out: int | None = None
) -> dict:
    """Call ``module.function(*args, **kwargs)``; return its result and the arguments afterwards.

    With ``n_out``, the function is a forward returning ``(*outs, cache)``: only the
    outputs are returned (the cache is the learner's own business).
    """
    args = _materialise(args)
    result = _function(package, module, function)(*args, **_materialise(kwargs or {}))
    if n_out is not None:
        result = _outputs(result, n_out, function)
    return {"result": _plain(result), "args_after": _plain(_snapshot(args))}


def _outputs(returned: Any, n_out: int, forward: str) -> tuple:
    if not isinstance(returned, (tuple, list)) or len(returned) != n_out + 1:
        got = type(returned).__name__ + (f" of length {len(returned)}" if isinstance(returned, (tuple, list)) else "")
        raise TypeError(f"{forward} must return a tuple of {n_out + 1} values "
                        f"({n_out} output(s) and the cache), got {got}")
    return tuple(returned[:n_out])


def calls(package: Any, module: str, function: str, arg_lists: list) -> list:
    """Call the function once per argument list, in order, in one process; return every result."""
    fn = _function(package, module, function)
    return [_plain(fn(*_materialise(args))) for args in arg_lists]


def forward_backward(
    package: Any, module: str, forward: str, backward: str, args: list, douts: list, n_out: int
) -> dict:
    """Run ``forward(*args) -> (*outs, cache)``, then ``backward(*douts, cache)``."""
    args = _materialise(args)
    returned = _function(package, module, forward)(*args)
    outs, cache = _outputs(returned, n_out, forward), returned[n_out]
    grads = _function(package, module, backward)(*douts, cache)
    return {"outputs": _plain(outs), "grads": _plain(grads), "args_after": _plain(_snapshot(args)),
            "douts_after": _plain(_snapshot(douts))}


def finite_differences(
    package: Any, module: str, forward: str, args: list, douts: list, n_out: int,
    wrt: list, coords: list, eps: float,
) -> list:
    """Centred differences of ``L = sum_k <outs_k, douts_k>`` for the learner's own forward.

    ``wrt[j]`` is the index of an argument and ``coords[j]`` flat indices into it;
    returns, per argument, the array of ``(L(x + eps) - L(x - eps)) / (2 eps)``.
    """
    args = _materialise(args)
    fn = _function(package, module, forward)

    def loss() -> float:
        outs = fn(*args)[:n_out]
        return float(sum(np.sum(np.asarray(o, dtype=float) * d) for o, d in zip(outs, douts, strict=True)))

    numeric = []
    for index, flat in zip(wrt, coords, strict=True):
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


def optimiser_steps(package: Any, name: str, options: dict, params: dict, grads_per_step: list) -> dict:
    """Create ``optim.<name>(**options)`` and call ``step`` once per gradient dict.

    Returns the parameters after every step, whether ``step`` kept the caller's
    arrays (in-place update), and the gradients afterwards.
    """
    optimiser = getattr(_module(package, "optim"), name)(**options)
    arrays = {k: id(v) for k, v in params.items()}
    after = []
    for grads in grads_per_step:
        optimiser.step(params, grads)
        after.append({k: np.array(v, dtype=float, copy=True) for k, v in params.items()})
    in_place = all(id(params[k]) == ident for k, ident in arrays.items())
    return {"params": after, "in_place": in_place, "grads_after": grads_per_step}


def train_lstm(package: Any, params: dict, train: list, epochs: int, lr: float, max_norm: float) -> dict:
    """The convergence run: the learner's model_loss, clip_by_global_norm and Adam, full batch.

    Returns the training loss of every epoch and the final parameters.
    """
    model_loss = _function(package, "train", "model_loss")
    clip = _function(package, "clipping", "clip_by_global_norm")
    optimiser = _function(package, "optim", "Adam")(lr=lr)
    batch = Batch(*train)
    losses = []
    for _epoch in range(epochs):
        loss, grads = model_loss(params, batch, "lstm")
        grads, _ = clip(grads, max_norm)
        optimiser.step(params, grads)
        losses.append(float(loss))
    return {"losses": losses, "params": params}


def train_loop(package: Any, params: dict, train: list, val: list, options: dict, lr: float) -> dict:
    """The learner's ``train`` with the learner's Adam; returns the history and the final parameters."""
    optimiser = _function(package, "optim", "Adam")(lr=lr)
    history = _function(package, "train", "train")(params, Batch(*train), Batch(*val), optimiser, **options)
    return {"history": _plain(history), "params": params}


def _snapshot(args: Any) -> Any:
    """A copy of the arguments, to show the grader whether the call modified them.

    Made here, type by type, not with ``copy.deepcopy``, whose dispatch table learner code could
    fill; the worker checks after every call that nothing this module uses was rebound.
    """
    return _copy([None if isinstance(a, np.random.Generator) else a for a in args])


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def _with_fixed_randomness(job: Any) -> Any:
    """``job`` that first resets every global random state the learner's code can reach.

    Code that draws from ``np.random`` or ``random`` instead of the generator it is given
    then gets the same draws in every grading, whatever ran before in the process.
    """
    import functools
    import random

    @functools.wraps(job)
    def run(*args: Any, **kwargs: Any) -> Any:
        np.random.seed(0)
        random.seed(0)
        return job(*args, **kwargs)
    return run


for _job in ("call", "calls", "forward_backward", "finite_differences", "optimiser_steps", "train_lstm", "train_loop"):
    globals()[_job] = _with_fixed_randomness(globals()[_job])
