"""What every channel decides the same way: the seed policy, exit codes, building the Grader.

The CLI, nbgrader's fast autograde and the Gradescope bundle all take the grading seed
from ``--seed`` or $AUTOGRADER_SEED and warn on the kit's public default; one copy here.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from autograder.grading.grader import DEFAULT_SEED, GraderLike
from autograder.runtime.engine import GRADING_LIMITS
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ManifestError
from autograder.runtime.sandbox import Limits

SEED_ENV = "AUTOGRADER_SEED"
ISOLATIONS = ("auto", "process", "namespace")
EXIT_OK, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_SEED_WARNING = (f"warning: grading with the kit's default seed; anyone with the kit can reproduce the "
                        f"hidden checks. Set --seed or {SEED_ENV} for a real course.")

GraderFactory = Callable[..., GraderLike]
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?", re.IGNORECASE)


def resolve_seed(seed: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """``seed`` if given, else $AUTOGRADER_SEED, else DEFAULT_SEED; raises SubmissionError if unusable."""
    if seed is None:
        environ = os.environ if environ is None else environ
        text = environ.get(SEED_ENV, "").strip()
        if not text:
            return DEFAULT_SEED
        try:
            seed = int(text)
        except ValueError:
            raise SubmissionError(
                f"{SEED_ENV}={text!r} is not an integer; set it to one or pass --seed N") from None
    if seed < 0:
        raise SubmissionError(f"the seed must be a non-negative integer, not {seed}; pass --seed N, N >= 0")
    return seed


def uses_default_seed(seed: int | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether neither ``seed`` nor $AUTOGRADER_SEED is given, so the hidden checks use the kit's DEFAULT_SEED."""
    environ = os.environ if environ is None else environ
    return seed is None and not environ.get(SEED_ENV, "").strip()


def warn_if_default_seed(seed: int | None, environ: Mapping[str, str] | None, stderr: TextIO) -> None:
    if uses_default_seed(seed, environ):
        print(DEFAULT_SEED_WARNING, file=stderr)


def check_isolation(isolation: str) -> None:
    if isolation not in ISOLATIONS:
        raise SubmissionError(f"--isolation {isolation!r} is unknown; pick one of {', '.join(ISOLATIONS)}")


def make_grader(grader_factory: GraderFactory, **options: Any) -> GraderLike:
    """Build the grader; a ValueError from it (an option this machine cannot honour) is the caller's input."""
    try:
        return grader_factory(**options)
    except SubmissionError:
        raise
    except ManifestError as err:
        raise SubmissionError(str(err)) from None
    except ValueError as err:
        raise SubmissionError(f"cannot set up the grader ({err}); check --seed and --isolation") from None


def parse_memory(text: str | int) -> int:
    """``"512M"``, ``"1G"``, ``"768MiB"``, ``"1.5GB"`` or a number of bytes -> bytes (binary units)."""
    match = _MEMORY.fullmatch(str(text).strip())
    if not match or not (size := int(float(match[1]) * _UNITS[match[2].upper()])) > 0:
        raise SubmissionError(f"--memory {text!r} is not a size; give e.g. 512M or 1G")
    return size


def grading_limits(memory: str | int | None = None, call_seconds: float | None = None,
                   submission_seconds: float | None = None) -> Limits | None:
    """The grader's limits with those given replaced (memory per submission, time per call and per
    submission); None when none is given (the grader's own, :data:`GRADING_LIMITS`)."""
    if memory is None and call_seconds is None and submission_seconds is None:
        return None
    changes: dict[str, Any] = {}
    if memory is not None:
        changes["memory_bytes"] = parse_memory(memory)
    for flag, name, value in (("--call-seconds", "call_seconds", call_seconds),
                              ("--submission-seconds", "total_seconds", submission_seconds)):
        if value is not None:
            if not float(value) > 0:
                raise SubmissionError(f"{flag} must be a positive number of seconds, not {value}")
            changes[name] = float(value)
    return dataclasses.replace(GRADING_LIMITS, **changes)
