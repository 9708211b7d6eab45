"""``check [DIR]``: a learner's self-check with the visible checks."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from autograder.channels.commands.common import (
    check_out_file,
    check_submission,
    report_bug,
    write_page,
)
from autograder.channels.options import (
    EXIT_NOT_PASSED,
    EXIT_OK,
    GraderFactory,
    assignment_tasks,
    make_grader,
)
from autograder.formats.html import learner_page
from autograder.grading.grader import Grader
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import load_tasks
from autograder.runtime.terminal import (
    format_selfcheck,
    printable,
    wants_colour,
)
from autograder.runtime.text import to_jsonable


def run_check(
    directory: Path = Path("exercises"),
    *,
    task: Sequence[str] | None = None,
    assignment: str | None = None,
    failed: bool = False,
    html: Path | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Self-check ``directory`` with the visible checks (of ``task`` ids only, if given); 0 if all passed.

    ``failed`` lists only the checks that did not pass. The output is the learner release's
    (``python -m selfcheck check``), check for check. With ``html``, the feedback is also written
    there as a page (see :mod:`autograder.runtime.text.html`). ``assignment``: only its tasks, out of its points.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    directory = Path(directory)
    check_submission(directory, "DIR")
    known = [t.id for t in load_tasks()]
    unknown = [t for t in task or () if t not in known]
    if unknown:
        raise SubmissionError(f"there is no task {', '.join(unknown)}; the tasks are {', '.join(known)}")
    chosen = assignment_tasks(assignment)
    outside = [t for t in task or () if chosen and t not in chosen["tasks"]]
    if outside:
        raise SubmissionError(f"task {', '.join(outside)} is not in assignment '{assignment}' (tasks "
                              f"{', '.join(chosen['tasks'])}); drop --task or --assignment")
    task = task or chosen.get("tasks")
    options = {"visibility": "visible", **({"tasks": tuple(task)} if task else {})}
    grader = make_grader(grader_factory, **options)
    if html is not None:
        check_out_file(Path(html), "--html", "report.html")
    try:
        report = grader.grade(directory, None)
    except SubmissionError:
        raise
    except Exception as exc:
        report_bug(stderr, "the self-check", exc)
        return EXIT_NOT_PASSED
    heading = (f"Self-check of {printable(str(directory))}"
               f"{', ' + printable(chosen['assignment']['title']) if chosen else ''} (visible checks only)")
    total = chosen["assignment"]["points"] if chosen else sum(t.points for t in load_tasks())
    stdout.write(format_selfcheck(report, total_points=total, failed_only=failed,
                                  only_tasks=task, colour=wants_colour(stdout), heading=heading))
    if html is not None:
        write_page(Path(html), learner_page(to_jsonable(report.to_dict()), heading=heading), stdout)
    return EXIT_OK if report.all_passed and report.results else EXIT_NOT_PASSED
