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

import contextlib
import importlib
import sys
from collections import namedtuple
from collections.abc import Iterator
from typing import Any

import numpy as np

Batch = namedtuple("Batch", ["X", "y", "mask"])


if sys.version_info >= (3, 10):  # noqa: UP036 - the learner release's checker runs on Python 3.9 too
    _zip = zip
else:   # this file is loaded alone, by path (sandbox/worker.py): compat.py's zip, again
    def _zip(*iterables: Any, strict: bool = False) -> Any:
        if not strict:
            yield from zip(*iterables)  # noqa: B905
            return
        iterators = [iter(iterable) for iterable in iterables]
        missing = object()
        while True:
            items = [next(iterator, missing) for iterator in iterators]
            done = [item is missing for item in items]
            if all(done):
                return
            if any(done):
                raise ValueError(f"zip() argument {done.index(not done[0]) + 1} is "
                                 f"{'shorter' if done[0] is False else 'longer'} than argument 1")
            yield tuple(items)


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
    """Call ``module.function(*args, **kwargs)``; return its result.

    Whether the call modified its arguments is read by the grader itself (``Sandbox.run(observe=...)``).

    With ``n_out``, the function is a forward returning ``(*outs, cache)``: only the
    outputs are returned (the cache is the learner's own business).
    """
    args = _materialise(args)
    result = _function(package, module, function)(*args, **_materialise(kwargs or {}))
    if n_out is not None:
        result = _outputs(result, n_out, function)
    return {"result": _plain(result)}


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
    return {"outputs": _plain(outs), "grads": _plain(grads)}


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
        return float(sum(np.sum(np.asarray(o, dtype=float) * d) for o, d in _zip(outs, douts, strict=True)))

    numeric = []
    for index, flat in _zip(wrt, coords, strict=True):
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

    Returns the parameters after every step. Whether ``step`` updated the caller's arrays in place
    and left the gradients alone, the grader reads itself from the arrays it shares with this process.
    """
    optimiser = getattr(_module(package, "optim"), name)(**options)
    after = []
    for grads in grads_per_step:
        optimiser.step(params, grads)
        after.append({k: np.array(v, dtype=float, copy=True) for k, v in params.items()})
    return {"params": after}


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


def _arrays(value: Any, path: str = "") -> list:
    """Every numpy array inside ``value``, with its path (``['out.bias']``, ``[1]``)."""
    if isinstance(value, np.ndarray):
        return [(path, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _arrays(v, f"{path}[{k!r}]")]
    if isinstance(value, (list, tuple)):
        return [item for k, v in enumerate(value) for item in _arrays(v, f"{path}[{k}]")]
    return []


def call_fresh(
    package: Any, module: str, function: str, args: list, kwargs: dict | None = None, n_out: int | None = None
) -> dict:
    """:func:`call`, and the paths of the returned arrays that share memory with an argument or are not
    C-contiguous (aliasing is lost in transport, so it is measured here)."""
    args = _materialise(args)
    inputs = [a for _, a in _arrays(args)]
    result = _function(package, module, function)(*args, **_materialise(kwargs or {}))
    if n_out is not None:
        result = _outputs(result, n_out, function)
    arrays = _arrays(result)
    views = [path for path, a in arrays if any(np.shares_memory(a, b) for b in inputs)]
    strided = [path for path, a in arrays if not a.flags.c_contiguous]
    return {"result": _plain(result), "views": views, "strided": strided}


call_fresh = _with_fixed_randomness(call_fresh)


# --- task 8 on task 8's code: the lower modules served from a table of recorded values ------------
#
# ``table`` (built on the trusted side by autograder/expected/checks/isolation.py) holds plain data only:
# "functions" (module.name -> params, defaults) of data, activations, clipping, rnn and lstm;
# "constants"; "arrays" (a pool; {"$a": k} stands for arrays[k]); "calls": [name, bound arguments,
# result], what the reference's train.py passes to those functions on this input and what it gets
# back, with {"$cache": k} for the opaque caches. A call found in the table (tight tolerance) is
# answered from it; any other call goes to the learner's own function and is reported in "misses".

class _Cache:
    """An opaque stand-in for a cache of the table: the learner's code only hands it back to a backward.

    It remembers the forward call it came from, so that a backward the table does not answer can
    be given the learner's own cache of that same forward call.
    """

    __slots__ = ("token", "forward", "args")

    def __init__(self, token: int, forward: Any = None, args: Any = None) -> None:
        self.token, self.forward, self.args = token, forward, args

    def __repr__(self) -> str:
        return f"<cache {self.token}>"


def _pooled(value: Any, arrays: list, forward: Any = None, args: Any = None) -> Any:
    """A table value in the form the learner's code gets: pooled arrays (copied), caches as _Cache."""
    if isinstance(value, dict):
        if set(value) == {"$a"}:
            return np.array(arrays[value["$a"]], copy=True)
        if set(value) == {"$cache"}:
            return _Cache(value["$cache"], forward, args)
        return {k: _pooled(v, arrays, forward, args) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_pooled(v, arrays, forward, args) for v in value)
    return value


def _close(got: Any, want: Any, arrays: list) -> bool:
    """Whether an argument the learner's code passes is the one of the table (arrays to ~1e-9)."""
    if isinstance(want, dict) and set(want) == {"$cache"}:
        return isinstance(got, _Cache) and got.token == want["$cache"]
    if isinstance(want, dict) and set(want) == {"$a"}:
        want = arrays[want["$a"]]
    if isinstance(got, _Cache):
        return False
    if isinstance(want, np.ndarray) or isinstance(got, np.ndarray):
        try:
            g, w = np.asarray(got), np.asarray(want)
            if g.shape != w.shape or g.dtype == object:
                return False
            if w.dtype.kind in "fc" or g.dtype.kind in "fc":
                return bool(np.array_equal(g, w) or np.allclose(g, w, rtol=1e-9, atol=1e-12, equal_nan=True))
            return bool(np.array_equal(g, w))
        except Exception:
            return False
    if isinstance(want, (bool, np.bool_)) or isinstance(got, (bool, np.bool_)):
        return isinstance(got, (bool, np.bool_)) and isinstance(want, (bool, np.bool_)) and bool(got) == bool(want)
    if isinstance(want, (int, float, np.number)):
        return (isinstance(got, (int, float, np.number)) and
                bool(np.isclose(float(got), float(want), rtol=1e-9, atol=1e-12)))
    if isinstance(want, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(_close(g, w, arrays) for g, w in _zip(got, want, strict=True)))
    if isinstance(want, dict):
        return (isinstance(got, dict) and set(got) == set(want)
                and all(_close(got[k], want[k], arrays) for k in want))
    return type(got) is type(want) and got == want


def _bind(info: dict, args: tuple, kwargs: dict) -> list | None:
    """The arguments in the signature's order, defaults filled in; None if they do not fit it."""
    params = info["params"]
    values: dict[str, Any] = {}
    if len(args) > len(params):
        return None
    values.update(_zip(params, args, strict=False))
    for key, value in kwargs.items():
        if key not in params or key in values:
            return None
        values[key] = value
    for key in params:
        if key not in values:
            if key not in info["defaults"]:
                return None
            values[key] = info["defaults"][key]
    return [values[key] for key in params]


class _Served:
    """The proxies of one isolated job: answers from the table, the learner's own function otherwise."""

    def __init__(self, package: Any, table: dict, real: dict) -> None:
        self.package, self.table, self.real = package, table, real
        self.arrays = table.get("arrays", [])
        self.misses: list[str] = []

    def own(self, module: str, name: str) -> Any:
        real = self.real[module]
        if isinstance(real, BaseException):
            raise real
        return getattr(real, name)

    def function(self, qualname: str) -> Any:
        info = self.table["functions"][qualname]
        module, name = qualname.split(".")
        calls = [(sent, result) for called, sent, result in self.table["calls"] if called == qualname]
        cursor = [0]        # a correct caller makes the calls in the recorded order: try the next one first

        def served(*args: Any, **kwargs: Any) -> Any:
            bound = _bind(info, args, kwargs)
            if bound is not None:
                for k in range(len(calls)):
                    at = (cursor[0] + k) % len(calls)
                    sent, result = calls[at]
                    if len(sent) == len(bound) and all(_close(g, w, self.arrays)
                                                       for g, w in _zip(bound, sent, strict=True)):
                        cursor[0] = at + 1
                        return _pooled(result, self.arrays, (module, name), bound)
            self.misses.append(self.difference(name, info, bound, calls[cursor[0] % len(calls)][0] if calls else None))
            own = [a if not isinstance(a, _Cache) else self.own(*a.forward)(*a.args)[-1] for a in args]
            return self.own(module, name)(*own, **kwargs)
        served.__name__ = served.__qualname__ = name
        return served

    def first_misses(self) -> list[str]:
        return list(dict.fromkeys(self.misses))

    def difference(self, name: str, info: dict, bound: list | None, expected: list | None) -> str:
        """``name(arg=...)``: the call, naming the arguments that differ from the next call a correct caller makes."""
        if bound is None or expected is None or len(expected) != len(bound):
            return f"{name}(...)"
        differ = [p for p, g, w in _zip(info["params"], bound, expected, strict=True) if not _close(g, w, self.arrays)]
        return f"{name}({', '.join(differ)} differing)" if differ else f"{name}(...)"

    def module(self, name: str) -> Any:
        import types

        proxy = types.ModuleType(f"{self.package.__name__}.{name}")
        proxy.__package__ = self.package.__name__
        for qualname in self.table["functions"]:
            if qualname.startswith(f"{name}."):
                setattr(proxy, qualname.split(".")[1], self.function(qualname))
        for qualname, value in self.table.get("constants", {}).items():
            if qualname.startswith(f"{name}."):
                setattr(proxy, qualname.split(".")[1], value)
        if name == "data":
            setattr(proxy, "Batch", Batch)   # noqa: B010 - a module made here, typed as any module

        def missing(attr: str) -> Any:          # anything else: the learner's own module
            if attr.startswith("__"):
                raise AttributeError(attr)
            return self.own(name, attr)
        setattr(proxy, "__getattr__", missing)   # noqa: B010 - the module-level __getattr__ of PEP 562
        return proxy

    def optimiser(self, make: Any) -> Any:
        served, calls = self, [(sent, after) for called, sent, after in self.table["calls"] if called == "optim.step"]

        class Optimiser:
            """Applies the recorded updates; the learner's own optimiser for any other step."""

            own = None

            def step(self, params: dict, grads: dict) -> None:
                for sent, after in calls:
                    if _close([params, grads], sent, served.arrays):
                        for key, value in _pooled(after, served.arrays).items():
                            if isinstance(params.get(key), np.ndarray) and params[key].shape == value.shape:
                                params[key][...] = value
                            else:
                                params[key] = value
                        return
                served.misses.append("optimizer.step")
                self.own = self.own or make()
                self.own.step(params, grads)
        return Optimiser()


_CODE: dict = {}    # compiled learner modules, by (path, size, mtime): a fresh import costs no compile


def _fresh_import(full: str) -> Any:
    """A new module object for ``full``, executed anew (its imports see the current sys.modules)."""
    import importlib.util
    import os
    import sys

    sys.modules.pop(full, None)
    spec = importlib.util.find_spec(full)
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return importlib.import_module(full)
    stat = os.stat(spec.origin)
    key = (spec.origin, stat.st_size, stat.st_mtime_ns)
    if key not in _CODE:
        with open(spec.origin, "rb") as source:
            _CODE[key] = compile(source.read(), spec.origin, "exec")
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    try:
        exec(_CODE[key], module.__dict__)
    except BaseException:
        sys.modules.pop(full, None)
        raise
    return module


@contextlib.contextmanager
def _unimported(package: Any) -> Iterator[None]:
    """Inside, none of ``package``'s modules is imported: each import runs the module anew and sees the
    proxies the caller puts in sys.modules, however it imports them (``from .optim import *`` hands on
    what optim.py star-imported from lstm.py, each module made from a notebook star-importing every
    module above it). Afterwards sys.modules and the package's attributes are as before, whatever
    happens: every other job sees the learner's own modules."""
    import sys

    prefix = f"{package.__name__}."
    saved = {full: module for full, module in sys.modules.items() if full.startswith(prefix)}
    attrs = {full[len(prefix):]: package.__dict__.get(full[len(prefix):]) for full in saved}

    def forget() -> None:
        for full in [full for full in sys.modules if full.startswith(prefix)]:
            sys.modules.pop(full, None)
            package.__dict__.pop(full[len(prefix):], None)
    forget()
    try:
        yield
    finally:
        forget()
        sys.modules.update(saved)
        for name, value in attrs.items():
            if value is not None:
                setattr(package, name, value)


def _isolated(package: Any, module: str, table: dict, job: Any) -> Any:
    """Run ``job(fresh_module, served)`` on a fresh import of ``module`` whose lower modules are proxies.

    Every other module of the package is imported anew under the proxies (:func:`_unimported`).
    """
    import sys

    lower = sorted({qualname.split(".")[0] for qualname in table["functions"]})
    real: dict = {}
    for name in lower:
        try:
            real[name] = importlib.import_module(f"{package.__name__}.{name}")
        except Exception as err:      # a broken lower module is that task's business, unless it is called
            real[name] = err
    served = _Served(package, table, real)
    with _unimported(package):
        for name in lower:
            proxy = served.module(name)
            sys.modules[proxy.__name__] = proxy
            setattr(package, name, proxy)
        return job(_fresh_import(f"{package.__name__}.{module}"), served)


def call_isolated(
    package: Any, module: str, function: str, args: list, table: dict, kwargs: dict | None = None
) -> dict:
    """:func:`call` on a fresh import of ``module`` whose lower modules answer from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        called = _materialise(args)
        result = getattr(fresh, function)(*called, **_materialise(kwargs or {}))
        return {"result": _plain(result), "misses": served.first_misses()}
    return _isolated(package, module, table, job)


def calls_isolated(package: Any, module: str, function: str, arg_lists: list, table: dict) -> dict:
    """:func:`calls` (one process, in order) with the lower modules answering from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        fn = getattr(fresh, function)
        return {"results": [_plain(fn(*_materialise(a))) for a in arg_lists], "misses": served.first_misses()}
    return _isolated(package, module, table, job)


def train_loop_isolated(package: Any, params: dict, train: list, val: list, options: dict, lr: float,
                        table: dict) -> dict:
    """:func:`train_loop` with the lower modules and the optimiser's steps answering from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        optimiser = served.optimiser(lambda: _function(package, "optim", "Adam")(lr=lr))
        history = fresh.train(params, Batch(*train), Batch(*val), optimiser, **options)
        return {"history": _plain(history), "params": params, "misses": served.first_misses()}
    return _isolated(package, "train", table, job)


for _job in ("call_isolated", "calls_isolated", "train_loop_isolated"):
    globals()[_job] = _with_fixed_randomness(globals()[_job])


# --- tasks 4 and 6 on their own code: the activations they call are kept out of their overflow -------

_LOW_PRECISION: set[str] = set()   # guarded functions that answered below float64 during the current job


def _answered(x: Any, answers: dict | None, name: str) -> Any:
    """``name``'s recorded value at every entry of ``x`` if each is one of the recorded inputs (to 1e-9), else None.

    ``answers`` ({"x": sorted inputs, "y": {name: values}}, autograder/expected/checks/answers.py) holds what the
    correct cell gives its activations on the check's input: a cell that sends those gets correct activations,
    whatever task 2's state."""
    if not answers or name not in answers.get("y", {}) or not isinstance(x, (np.ndarray, float, np.floating)):
        return None
    known, values, wanted = answers["x"], answers["y"][name], np.asarray(x, dtype=float)
    if known.size == 0 or wanted.size == 0 or not np.all(np.isfinite(wanted)):
        return None
    at = np.clip(np.searchsorted(known, wanted), 1, known.size - 1) if known.size > 1 else np.zeros(wanted.shape, int)
    nearest = np.where(np.abs(known[at - 1] - wanted) < np.abs(known[at] - wanted), at - 1, at) if known.size > 1 \
        else at
    if not np.all(np.abs(known[nearest] - wanted) <= 1e-9 * np.maximum(1.0, np.abs(wanted))):
        return None
    found = values[nearest]
    return found if isinstance(x, np.ndarray) else np.float64(found)


def _clipped(fn: Any, bound: float, answers: dict | None = None, name: str = "") -> Any:
    """The learner's own ``fn`` on its input clipped to [-bound, bound] (sigmoid and tanh are 0, 1 or -1 to
    float64 precision beyond 700): a task-2 overflow then costs task 2's points, not those of its callers.
    An answer below float64 (a float32 sigmoid) is noted in ``_LOW_PRECISION`` and widened, so the judge can
    keep task 2's precision out of its callers too. A call on inputs ``answers`` records is answered from it
    (:func:`_answered`): then no task-2 mistake at all reaches the caller's checks."""
    def clipped(x: Any, *args: Any, **kwargs: Any) -> Any:
        found = None if args or kwargs else _answered(x, answers, name)
        if found is not None:
            return found
        if isinstance(x, (np.ndarray, float, np.floating)) and np.asarray(x).dtype.kind == "f":
            x = np.clip(x, -bound, bound)
        result = fn(x, *args, **kwargs)
        if isinstance(result, (np.ndarray, np.floating)) and result.dtype.kind == "f" and result.dtype.itemsize < 8:
            _LOW_PRECISION.add(getattr(fn, "__name__", "?"))
            result = result.astype(np.float64)
        return result
    clipped.__name__ = clipped.__qualname__ = getattr(fn, "__name__", "clipped")
    return clipped


def guarded(package: Any, inner: str, guard: dict, bound: float, answers: dict | None = None, **payload: Any) -> Any:
    """Run the job ``inner`` on a fresh import of ``payload["module"]`` in which the functions ``guard``
    names (module -> names) are the learner's own, on inputs clipped to [-bound, bound], or answered from
    ``answers`` (:func:`_clipped`)."""
    import sys
    import types

    prefix, target = package.__name__, payload["module"]
    try:
        reals = {name: importlib.import_module(f"{prefix}.{name}") for name in guard}
    except Exception:      # nothing to guard: the job meets the failure where it would anyway
        return globals()[_job_named(inner, 'guarded')](package, **payload)
    with _unimported(package):
        for name, functions in guard.items():
            real = reals[name]
            proxy = types.ModuleType(f"{prefix}.{name}")
            proxy.__package__ = prefix
            for attr, value in vars(real).items():
                if not attr.startswith("__"):
                    setattr(proxy, attr, _clipped(value, bound, answers, attr)
                            if attr in functions and callable(value) else value)
            sys.modules[proxy.__name__] = proxy
            setattr(package, name, proxy)
        _fresh_import(f"{prefix}.{target}")
        _LOW_PRECISION.clear()
        value = globals()[_job_named(inner, 'guarded')](package, **payload)
        if _LOW_PRECISION and isinstance(value, dict):
            value["low_precision"] = sorted(_LOW_PRECISION)
        return value


# --- a call stopped for time: which of the learner's functions was running, and was it progressing -----

SAMPLE_MARK = "\x1e[autograder-sample] "   # starts the one line the sampler writes to the output pipe


def sampled(package: Any, job: str, after: float, report: float, period: float, **payload: Any) -> Any:
    """Run the job ``job``; if it is still running ``after`` seconds in, sample the main thread's stack
    every ``period`` seconds, and at ``report`` seconds write one line (SAMPLE_MARK + JSON) to fd 2: per
    learner function found innermost on the stack (its file and name), the samples it was seen in, how
    many different calls of it were seen, and the lines it was on. The grader reads that line only when
    the call then runs out of time (it strips it from the output otherwise); nothing here changes a value."""
    import json
    import os
    import sys
    import threading
    import time

    where = os.path.join(list(package.__path__)[0], "")
    main, stop = threading.get_ident(), threading.Event()

    def innermost(frame: Any) -> Any:
        while frame is not None and not frame.f_code.co_filename.startswith(where):
            frame = frame.f_back
        return frame

    def sample() -> None:
        if stop.wait(after):
            return
        seen: dict[str, dict[str, Any]] = {}
        held: dict[str, Any] = {}       # the last frame seen per function: a new one is a new call
        total, first = 0, time.monotonic()
        while time.monotonic() - started < report and not stop.wait(period):
            frame = innermost(sys._current_frames().get(main))
            if frame is None:
                continue
            total += 1
            key = f"{frame.f_code.co_filename[len(where):]}:{frame.f_code.co_name}"
            entry = seen.setdefault(key, {"samples": 0, "calls": 0, "lines": []})
            entry["samples"] += 1
            if held.get(key) is not frame:
                entry["calls"] += 1
                held[key] = frame
            if frame.f_lineno not in entry["lines"] and len(entry["lines"]) < 8:
                entry["lines"].append(frame.f_lineno)
        held.clear()
        if stop.is_set():
            return
        line = SAMPLE_MARK + json.dumps({"seconds": time.monotonic() - first, "samples": total,
                                         "functions": seen}) + "\n"
        with contextlib.suppress(OSError):
            os.write(2, line.encode())

    started = time.monotonic()
    thread = threading.Thread(target=sample, name="autograder-sampler", daemon=True)
    thread.start()
    try:
        return globals()[_job_named(job)](package, **payload)
    finally:
        stop.set()


#: The jobs a grader's request may name, and nothing else of this module: the worker's table (copied before
#: any learner code runs), and the inner jobs ``sampled`` and ``guarded`` may run.
JOBS = ("call", "calls", "forward_backward", "finite_differences", "optimiser_steps", "train_lstm", "train_loop",
        "call_fresh", "call_isolated", "calls_isolated", "train_loop_isolated", "guarded", "sampled")


def _job_named(name: str, outer: str = "sampled") -> str:
    """``name`` if it is a job that the job ``outer`` may run inside itself (``sampled`` is always outermost)."""
    if name not in JOBS or name in (outer, "sampled"):
        raise LookupError(f"the grader has no inner job {name!r}")
    return name
