"""What every channel decides the same way: the seed policy, exit codes, building the Grader.

The CLI, nbgrader's fast autograde and the Gradescope bundle all take the grading seed
from ``--seed`` or $AUTOGRADER_SEED and warn on the kit's public default; one copy here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from autograder.grading.grader import DEFAULT_SEED, GraderLike
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ManifestError

SEED_ENV = "AUTOGRADER_SEED"
ISOLATIONS = ("auto", "process", "namespace")
EXIT_OK, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_SEED_WARNING = (f"warning: grading with the kit's default seed; anyone with the kit can reproduce the "
                        f"hidden checks. Set --seed or {SEED_ENV} for a real course.")

GraderFactory = Callable[..., GraderLike]


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
