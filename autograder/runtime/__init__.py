"""What ships to learners, whole: the learner release's ``selfcheck/`` is a copy of this folder and a pack.

The result model (``model``), comparisons and diagnoses (``compare``, ``judges/``), the calls
into a learner's code (``drivers``) run in the sandbox (``sandbox/``), the engine that runs
checks (``engine``), expected values as files (``pack``), the terminal text (``terminal``,
``text``) and the learner's checker (``learner``, ``pytest_visible``). It imports only the
standard library, numpy and itself, and holds no reference code and no expected value.

    python -m selfcheck check [DIR] [--task N] [--failed]      (in a learner release)
"""

from typing import Any

__all__ = ["CheckerError", "check", "load"]


def __getattr__(name: str) -> Any:   # the checker's API, imported on first use (not by every runtime import)
    if name in __all__:
        from . import learner
        return getattr(learner, name)
    raise AttributeError(name)
