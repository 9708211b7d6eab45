"""Running untrusted learner code: one worker process per submission, with limits, values back as data.

::

    from autograder.runtime.sandbox import Limits, Sandbox

    with Sandbox(Path("class/alice"), Path("autograder/runtime/drivers"), Limits(call_seconds=10),
                 hide=[...]) as box:
        outcome = box.run("lstm_forward", {"x": x, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})
        if outcome.status == "ok":
            ...  # outcome.value: plain data and numpy arrays, judged here, in the grader

``drivers.<job>(package, **payload)`` runs in the worker; ``package`` is the learner's package
(``importlib.import_module(package.__name__ + ".lstm")`` imports a module of it). What each
platform enforces is in ``isolation.py``; the format values travel in is in ``codec.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import portable
from .contract import RESULT_TOO_LARGE, UNSUPPORTED_RESULT, Limits, Outcome, SandboxError, format_seconds
from .isolation import isolation_support
from .kept import Kept
from .portable import PortableSandbox
from .process import Sandbox


def open_sandbox(submission: Path, drivers: Path, limits: Limits, hide: Sequence[Path], isolation: str,
                 blocked: Sequence[str]) -> Sandbox | PortableSandbox:
    """The POSIX :class:`Sandbox`, or the :class:`PortableSandbox` where the platform lacks what it needs
    (native Windows) or where ``isolation`` is "portable"."""
    if isolation == "portable" or (isolation != "namespace" and portable.needed()):
        return PortableSandbox(submission, drivers, limits, blocked=blocked)
    return Sandbox(submission, drivers, limits, hide, isolation, blocked=blocked)

__all__ = [
    "RESULT_TOO_LARGE",
    "UNSUPPORTED_RESULT",
    "Kept",
    "Limits",
    "Outcome",
    "PortableSandbox",
    "Sandbox",
    "SandboxError",
    "format_seconds",
    "isolation_support",
    "open_sandbox",
]
