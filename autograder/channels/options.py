"""What every channel decides the same way: the seed policy, exit codes, building the Grader.

The seed policy, one copy for the CLI, nbgrader's autograde paths and the Gradescope bundle: the course's
secret comes from ``--seed`` or $AUTOGRADER_SEED, and nothing that grades hidden checks runs without it
(the kit's default seed is public: with the kit, it reproduces every hidden input). An assignment's
hidden checks use a seed derived from the secret and the assignment's id (HMAC-SHA256), so that what one
assignment's grading exposes (a stock nbgrader kernel reads $AUTOGRADER_ASSIGNMENT_SEED) reveals nothing
of another assignment's inputs, nor the secret.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from autograder.grading.assignments import find_assignment
from autograder.grading.grader import GraderLike
from autograder.runtime.engine import GRADING_LIMITS
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ManifestError, Task, load_tasks
from autograder.runtime.sandbox import Limits

SEED_ENV = "AUTOGRADER_SEED"
#: The one seed a stock nbgrader kernel is given: its assignment's, derived (never the course's secret).
ASSIGNMENT_SEED_ENV = "AUTOGRADER_ASSIGNMENT_SEED"
ISOLATIONS = ("auto", "process", "namespace")
EXIT_OK, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
NO_SEED = (f"no course seed: pass --seed N or set {SEED_ENV} (the hidden checks' inputs come from it: keep it "
           f"secret; `python3 -c 'import secrets; print(secrets.randbits(63))'` makes one)")

GraderFactory = Callable[..., GraderLike]
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?", re.IGNORECASE)


def course_seed(seed: int | None = None, environ: Mapping[str, str] | None = None,
                assignment: str | None = None, *, derived: bool = False) -> int:
    """The grading seed: ``seed``, else $AUTOGRADER_SEED (the course's secret), derived for ``assignment`` when
    one is given (:func:`assignment_seed`) unless ``derived`` (``seed`` is that assignment's already: a Gradescope
    bundle holds its assignment's seed, never the secret); SubmissionError (one line) when neither is given or it
    is unusable."""
    if seed is None:
        environ = os.environ if environ is None else environ
        text = environ.get(SEED_ENV, "").strip()
        if not text:
            raise SubmissionError(NO_SEED)
        try:
            seed = int(text)
        except ValueError:
            raise SubmissionError(
                f"{SEED_ENV}={text!r} is not an integer; set it to one or pass --seed N") from None
    if seed < 0:
        raise SubmissionError(f"the seed must be a non-negative integer, not {seed}; pass --seed N, N >= 0")
    return seed if assignment is None or derived else assignment_seed(seed, assignment)


def assignment_seed(secret: int, assignment: str) -> int:
    """The seed of one assignment's hidden checks: HMAC-SHA256 of its id keyed by the course's secret, 56 bits."""
    mac = hmac.new(str(secret).encode(), f"rnn-lstm-kit assignment {assignment}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[:7], "big")


def assignment_tasks(assignment: str | None) -> dict[str, Any]:
    """The Grader's ``tasks`` and ``assignment`` options for ``--assignment`` (course/assignments.toml): {} for the
    whole course; SubmissionError (one line, naming the known ones) for an unknown assignment."""
    if assignment is None:
        return {}
    try:
        found = find_assignment(assignment)
    except ManifestError as err:
        raise SubmissionError(str(err)) from None
    return {"tasks": tuple(task.id for task in found.tasks), "assignment": found.describe()}


def graded_tasks(options: Mapping[str, Any]) -> list[Task] | None:
    """The manifest's tasks that :func:`assignment_tasks`'s ``options`` grade (None: every task)."""
    ids = options.get("tasks")
    return None if ids is None else [task for task in load_tasks() if task.id in ids]


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
