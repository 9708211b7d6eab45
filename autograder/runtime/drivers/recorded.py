"""Task 8 on task 8's code: the lower modules served from a table of recorded values.

``table`` (built on the trusted side by autograder/expected/checks/isolation.py) holds plain data only:
"functions" (module.name -> params, defaults) of data, activations, clipping, rnn and lstm;
"constants"; "arrays" (a pool; {"$a": k} stands for arrays[k]); "calls": [name, bound arguments,
result], what the reference's train.py passes to those functions on this input and what it gets
back, with {"$cache": k} for the opaque caches. A call found in the table (tight tolerance) is
answered from it; any other call goes to the learner's own function and is reported in "misses".
The table is read, never changed: what the learner's code gets of it is copied (arrays) or
immutable (numbers, strings), so one table can serve every call of a worker.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

import numpy as np

from .payload import Batch, learner_function, left, materialise, plain, with_fixed_randomness, zip_strict
from .reimport import fresh_import, unimported


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
                and all(_close(g, w, arrays) for g, w in zip_strict(got, want)))
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
    values.update(zip(params, args))  # noqa: B905 - fewer arguments than parameters (Python 3.9: no strict)
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
                                                       for g, w in zip_strict(bound, sent)):
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
        differ = [p for p, g, w in zip_strict(info["params"], bound, expected) if not _close(g, w, self.arrays)]
        return f"{name}({', '.join(differ)} differing)" if differ else f"{name}(...)"

    def module(self, name: str) -> Any:
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


def _isolated(package: Any, module: str, table: dict, job: Any) -> Any:
    """Run ``job(fresh_module, served)`` on a fresh import of ``module`` whose lower modules are proxies.

    Every other module of the package is imported anew under the proxies (:func:`reimport.unimported`).
    """
    lower = sorted({qualname.split(".")[0] for qualname in table["functions"]})
    real: dict = {}
    for name in lower:
        try:
            real[name] = importlib.import_module(f"{package.__name__}.{name}")
        except Exception as err:      # a broken lower module is that task's business, unless it is called
            real[name] = err
    served = _Served(package, table, real)
    with unimported(package):
        for name in lower:
            proxy = served.module(name)
            sys.modules[proxy.__name__] = proxy
            setattr(package, name, proxy)
        return job(fresh_import(f"{package.__name__}.{module}"), served)


@with_fixed_randomness
def call_isolated(
    package: Any, module: str, function: str, args: list, table: dict, kwargs: dict | None = None
) -> dict:
    """:func:`generic.call` on a fresh import of ``module`` whose lower modules answer from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        called = materialise(args)
        result = getattr(fresh, function)(*called, **materialise(kwargs or {}))
        return {"result": plain(result), "after": left(called), "misses": served.first_misses()}
    return _isolated(package, module, table, job)


@with_fixed_randomness
def calls_isolated(package: Any, module: str, function: str, arg_lists: list, table: dict) -> dict:
    """:func:`generic.calls` (one process, in order) with the lower modules answering from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        fn = getattr(fresh, function)
        return {"results": [plain(fn(*materialise(a))) for a in arg_lists], "misses": served.first_misses()}
    return _isolated(package, module, table, job)


@with_fixed_randomness
def train_loop_isolated(package: Any, params: dict, train: list, val: list, options: dict, lr: float,
                        table: dict) -> dict:
    """:func:`generic.train_loop` with the lower modules and the optimiser's steps answering from ``table``."""
    def job(fresh: Any, served: _Served) -> dict:
        optimiser = served.optimiser(lambda: learner_function(package, "optim", "Adam")(lr=lr))
        history = fresh.train(params, Batch(*train), Batch(*val), optimiser, **options)
        return {"history": plain(history), "params": params, "misses": served.first_misses()}
    return _isolated(package, "train", table, job)
