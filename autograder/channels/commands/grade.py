"""``grade SUBMISSION --out FILE``: one submission, every check, Gradescope's results.json."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from autograder.channels.commands.common import (
    cache_option,
    check_out_file,
    check_submission,
    report_bug,
    save_cache,
    write_page,
)
from autograder.channels.options import (
    EXIT_NOT_PASSED,
    EXIT_OK,
    GraderFactory,
    assignment_tasks,
    check_isolation,
    course_seed,
    graded_tasks,
    grading_limits,
    make_grader,
)
from autograder.formats.gradescope import failure_results, to_gradescope
from autograder.formats.html import learner_page
from autograder.grading.classroom import one_line
from autograder.grading.files import is_ignored
from autograder.grading.grader import Grader
from autograder.runtime.atomic import atomic_write_json
from autograder.runtime.errors import SubmissionError
from autograder.runtime.terminal import (
    format_report,
    printable,
    wants_colour,
)
from autograder.runtime.text import to_jsonable


def run_grade(
    submission: Path,
    out: Path,
    *,
    seed: int | None = None,
    assignment: str | None = None,
    seed_derived: bool = False,
    isolation: str = "auto",
    cache: Path | None = None,
    html: Path | None = None,
    memory: str | None = None,
    call_seconds: float | None = None,
    submission_seconds: float | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Grade one submission with every check; write Gradescope's results.json to ``out``; print the summary.

    With ``cache`` (or $AUTOGRADER_CACHE), expected values are read from that folder, or
    written there after grading when it holds none for this seed and code.
    With ``html``, the learner's page is written there too, as before release (no hidden check on it).

    0 when grading succeeded, whatever the learner scored; 1 when the autograder itself
    failed (``out`` then holds a score-0 result saying so).
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    submission, out = Path(submission), Path(out)
    seed = course_seed(seed, environ, assignment, derived=seed_derived)
    tasks = assignment_tasks(assignment)
    check_isolation(isolation)
    limits = grading_limits(memory, call_seconds, submission_seconds)
    check_submission(submission, "SUBMISSION")
    _check_not_a_class(submission)
    check_out_file(out)
    _check_out_is_ours(submission, out)
    if html is not None:
        check_out_file(Path(html), "--html", "report.html")
        if submission.resolve() in Path(html).resolve().parents:
            raise SubmissionError(f"--html '{html}' is inside SUBMISSION '{submission}'; choose a path outside it")
        if Path(html).resolve() == out.resolve():
            raise SubmissionError(f"--html '{html}' is the file of --out; give the page another name, "
                                  "e.g. report.html")
    # No extra paths to hide: results.json holds nothing before it is written, and the sandbox
    # cannot write outside its home (namespace mode). Hiding its folder broke --out under /tmp.
    grader = make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation, **tasks,
                          **cache_option(cache, environ),
                          **({"limits": limits} if limits else {}))
    try:
        report = grader.grade(submission, None)
        results = to_gradescope(report)
        save_cache(grader, stderr)
    except SubmissionError:
        raise
    except Exception as exc:
        _write_results(out, failure_results(one_line(exc), tasks=graded_tasks(tasks)))
        report_bug(stderr, "grading", exc)
        return EXIT_NOT_PASSED
    _write_results(out, results)
    stdout.write(format_report(report, colour=wants_colour(stdout)))
    print(f"wrote {printable(str(out))}", file=stdout)
    if html is not None:
        recorded = {"assignment": getattr(grader, "assignment", None)}   # the page names the assignment graded
        write_page(Path(html), learner_page(to_jsonable({**report.to_dict(), "metadata": recorded})), stdout)
    return EXIT_OK


def _check_not_a_class(submission: Path) -> None:
    """``grade`` given a class folder (no module of its own, sub-folders holding modules): point to grade-class."""
    try:
        if any(submission.glob("*.py")):
            return
        learners = sorted(p.name for p in submission.iterdir()
                          if p.is_dir() and not is_ignored(p) and any(p.glob("*.py")))
    except OSError:
        return     # the grader reports what it cannot read
    if len(learners) > 1:
        raise SubmissionError(f"SUBMISSION '{submission}' holds learner folders ({', '.join(learners[:3])}"
                              f"{', ...' if len(learners) > 3 else ''}), not a learner's modules; "
                              f"did you mean grade-class?")


def _check_out_is_ours(submission: Path, out: Path) -> None:
    """Refuse an --out inside the submission, and overwriting a file that is not a results.json of ours."""
    real_sub, real_out = submission.resolve(), out.resolve()
    if real_sub in real_out.parents or real_out == real_sub:
        raise SubmissionError(f"--out '{out}' is inside SUBMISSION '{submission}'; the results would overwrite "
                              "or join the learner's files: choose a path outside it")
    if not out.exists():
        return
    try:
        previous = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size < 2**26 else None
    except (OSError, UnicodeDecodeError, ValueError):
        previous = None
    if not (isinstance(previous, dict) and isinstance(previous.get("tests"), list) and "score" in previous):
        raise SubmissionError(f"--out '{out}' exists and is not a results file written by the grader; "
                              "move it away or choose another path (only a previous results.json is replaced)")


def _write_results(out: Path, results: dict[str, Any]) -> None:
    """Write results.json atomically; a failing disk is the caller's to fix (SubmissionError)."""
    try:
        atomic_write_json(out, results)
    except OSError as err:
        raise SubmissionError(f"cannot write --out '{out}' ({err.strerror or err}); "
                              "free some space or choose another path") from None
