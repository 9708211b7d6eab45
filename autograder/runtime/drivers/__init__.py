"""Jobs the sandbox worker runs on a learner's package, inside the learner's process.

This folder is copied into each sandbox and loaded by path as a package of its own
(``sandbox/worker.py``: ``_sandbox_drivers``, which ``sys.modules`` no longer lists once loaded): its
modules import only the standard library, numpy and each other (relatively), never the grader's
package. Every job takes the imported submission package first, then the payload sent by the
grader, and returns plain data; nothing returned here is trusted: the grader compares it with
values it computed itself.

- ``payload.py``: the payload's conventions, the learner's functions, plain results, fixed randomness
- ``generic.py``: the generic jobs (call a function, a forward then its backward, finite
  differences, optimiser steps, the training runs)
- ``recorded.py``: task 8 on task 8's code, its lower modules served from a table of recorded calls
- ``guard.py``: tasks 4 and 6 on their own code, the activations they call fed clipped inputs
- ``reimport.py``: a learner's module imported anew under proxies (for the two above)
- ``sampling.py``: where a call stopped for time was spending it

:data:`JOBS` is the one table of what a grader's request may name: the worker copies it before any
learner code runs.
"""

from __future__ import annotations

from typing import Any

from .generic import (
    call,
    call_fresh,
    calls,
    finite_differences,
    forward_backward,
    optimiser_steps,
    train_loop,
    train_lstm,
)
from .guard import run_guarded
from .recorded import call_isolated, calls_isolated, train_loop_isolated
from .sampling import SAMPLE_MARK, run_sampled


def guarded(package: Any, inner: str, guard: dict, bound: float, answers: dict | None = None, **payload: Any) -> Any:
    """Run the job ``inner`` on a fresh import of ``payload["module"]`` in which the functions ``guard``
    names (module -> names) are the learner's own, on inputs clipped to [-bound, bound] or answered from
    ``answers`` (``guard.py``)."""
    job = globals()[_job_named(inner, "guarded")]
    return run_guarded(package, guard, bound, payload["module"], lambda: job(package, **payload), answers)


def sampled(package: Any, job: str, after: float, report: float, period: float, **payload: Any) -> Any:
    """Run the job ``job``, sampling where the learner's code spends its time once ``after`` seconds have
    passed (``sampling.py``)."""
    inner = globals()[_job_named(job)]
    return run_sampled(package, after, report, period, lambda: inner(package, **payload))


#: The jobs a grader's request may name, and nothing else of this package: the worker's table (copied before
#: any learner code runs), and the inner jobs ``sampled`` and ``guarded`` may run.
#: A tuple of names, each bound in this module: the inner jobs are looked up in its namespace, which the worker's
#: fingerprint covers (a learner's code rebinding one is tampering), never in a mutable table.
JOBS = ("call", "calls", "forward_backward", "finite_differences", "optimiser_steps", "train_lstm", "train_loop",
        "call_fresh", "call_isolated", "calls_isolated", "train_loop_isolated", "guarded", "sampled")


def _job_named(name: str, outer: str = "sampled") -> str:
    """``name`` if it is a job that the job ``outer`` may run inside itself (``sampled`` is always outermost)."""
    if name not in JOBS or name in (outer, "sampled"):
        raise LookupError(f"the grader has no inner job {name!r}")
    return name


__all__ = ["JOBS", "SAMPLE_MARK", "call", "call_fresh", "call_isolated", "calls", "calls_isolated",
           "finite_differences", "forward_backward", "guarded", "optimiser_steps", "sampled", "train_loop",
           "train_loop_isolated", "train_lstm"]
