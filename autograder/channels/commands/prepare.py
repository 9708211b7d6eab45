"""``prepare --out DIR``: every expected value for a seed, ahead of time, into a cache folder."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from autograder.channels.commands.common import (
    cache_option,
)
from autograder.channels.options import (
    EXIT_OK,
    GraderFactory,
    assignment_tasks,
    course_seed,
    make_grader,
)
from autograder.grading.grader import Grader
from autograder.runtime.errors import SubmissionError
from autograder.runtime.terminal import (
    printable,
)


def run_prepare(
    out: Path,
    *,
    seed: int | None = None,
    assignment: str | None = None,
    seed_derived: bool = False,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Fill the cache folder ``out`` with every expected value for the seed (so no submission pays for them)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    seed = course_seed(seed, environ, assignment, derived=seed_derived)
    options = cache_option(Path(out), {})
    grader = make_grader(grader_factory, seed=seed, visibility="all", **assignment_tasks(assignment), **options)
    for note in getattr(grader, "notes", []):
        print(note, file=stderr)
    try:
        written = grader.save_cache()
    except OSError as err:
        raise SubmissionError(f"cannot write the cache in '{out}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None
    print(f"wrote {printable(str(written))}" if written else f"{printable(str(out))} is up to date", file=stdout)
    return EXIT_OK
