"""What each judge reads from its check's spec (plain data, shipped in a learner release's pack).

One TypedDict per judge, so that mypy checks every key a builder writes and a judge reads, and
:func:`unknown_keys` lets ``register`` refuse a misspelt key when the kit starts (a key no judge
reads would otherwise be silently ignored). The keys of :class:`Shared` are read by the engine and
the grader, whatever the judge.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class Shared(TypedDict, total=False):
    uses: list[str]                # tasks an end-to-end check runs the code of: "fix task N first"
    first: bool                    # the engine runs it before the others (its expected values are slow)
    slow: list[str]                # expected-value parts the grader computes first, each in a thread
    isolated: bool                 # task 8: the lower modules answer from the reference's recorded calls
    guard: dict[str, list[str]]    # module -> activations fed clipped inputs (drivers.guarded)
    dims: list[str]                # each argument's axis letters, for the structural diagnoses
    hints: dict[str, str]          # pattern id -> the check's own words for it
    mistakes: list[list[str]]      # [id, message] of the known mistakes, in the order of their outputs


class ValueSpec(Shared, total=False):
    module: str
    function: str
    n_out: int | None              # a forward: compare the first n_out outputs, not the cache
    rtol: float
    inputs_kept: bool              # the inputs must come back unmodified
    names: list[str]               # the outputs' names, as the docstring gives them
    args: list[str]                # the parameters' names, as the signature gives them
    fresh: bool | str              # True: new and C-contiguous arrays; "new": new only
    no_overflow: bool              # the docstring promises no overflow: numpy's overflow raises in the call


class GradientSpec(Shared, total=False):
    module: str
    forward: str
    backward: str
    n_out: int
    names: list[str]
    grad_names: list[str]


class OptimiserSpec(Shared, total=False):
    name: str                      # SGD, RMSprop, Adam
    options: dict[str, Any]


class TrainLoopSpec(Shared, total=False):
    options: dict[str, Any]
    lr: float


SPECS: dict[str, type] = {"value": ValueSpec, "gradient": GradientSpec, "optimiser": OptimiserSpec,
                          "train_loop": TrainLoopSpec, "state_reset": Shared, "convergence": Shared}


def unknown_keys(judge: str, spec: Mapping[str, Any]) -> list[str]:
    """The keys of ``spec`` that the judge ``judge`` does not read (all of them for an unknown judge)."""
    known = SPECS.get(judge)
    if known is None:
        return sorted(spec)
    keys = set(getattr(known, "__required_keys__", set())) | set(getattr(known, "__optional_keys__", set()))
    return sorted(set(spec) - keys)
