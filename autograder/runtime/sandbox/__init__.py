"""Running untrusted learner code: one worker process per submission, with limits, values back as data.

::

    from autograder.runtime.sandbox import Limits, Sandbox

    with Sandbox(Path("class/alice"), Path("autograder/runtime/drivers.py"), Limits(call_seconds=10),
                 hide=[...]) as box:
        outcome = box.run("lstm_forward", {"x": x, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})
        if outcome.status == "ok":
            ...  # outcome.value: plain data and numpy arrays, judged here, in the grader

``drivers.<job>(package, **payload)`` runs in the worker; ``package`` is the learner's package
(``importlib.import_module(package.__name__ + ".lstm")`` imports a module of it). What each
platform enforces is in ``isolation.py``; the format values travel in is in ``codec.py``.
"""

from .contract import RESULT_TOO_LARGE, UNSUPPORTED_RESULT, Limits, Outcome, SandboxError
from .isolation import isolation_support
from .process import Sandbox

__all__ = [
    "RESULT_TOO_LARGE",
    "UNSUPPORTED_RESULT",
    "Limits",
    "Outcome",
    "Sandbox",
    "SandboxError",
    "isolation_support",
]
