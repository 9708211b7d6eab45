"""A report in Gradescope's ``results.json`` schema.

Gradescope knows two test statuses, "passed" and "failed": a check that was not
attempted, raised or timed out is "failed", and its own status is written into
the test's name (``name [timeout]``) and the first line of its output.
Visible checks are "visible"; hidden ones "after_published" (shown once grades are
published). Every number is checked to be finite before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from autograder.runtime.manifest import Task
from autograder.runtime.model import CheckResult, Report, Status
from autograder.runtime.text import checks_by_task, diagnostic_lines, format_points, resolve_tasks, task_titles

VISIBILITY = {"visible": "visible", "hidden": "after_published"}
GRADESCOPE_VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
OUTPUT_FORMAT = "text"  # preformatted: keeps our line breaks and indentation


def test_name(check: CheckResult) -> str:
    """The check's name; statuses Gradescope lacks are appended, e.g. ``lstm_forward: shapes [timeout]``."""
    if check.status in (Status.PASSED, Status.FAILED):
        return check.name
    return f"{check.name} [{check.status.value}]"


def test_output(check: CheckResult) -> str:
    """The message, then the diagnostics as ``key: value`` lines; first our status if Gradescope lacks it."""
    parts = []
    if check.status not in (Status.PASSED, Status.FAILED):
        parts.append(f"Status: {check.status.value}")
    if check.message.strip():
        parts.append(check.message.strip())
    lines = diagnostic_lines(check.diagnostics)
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def test_entry(check: CheckResult, number: str) -> dict[str, Any]:
    """One element of ``tests``."""
    if check.visibility not in VISIBILITY:
        raise ValueError(
            f"check {check.name!r}: visibility {check.visibility!r} is not one of {tuple(VISIBILITY)}")
    return {
        "name": test_name(check),
        "number": number,
        "score": check.points,
        "max_score": check.max_points,
        "status": "passed" if check.status is Status.PASSED else "failed",
        "output": test_output(check),
        "output_format": OUTPUT_FORMAT,
        "visibility": VISIBILITY[check.visibility],
    }


def summary_output(report: Report, tasks: Sequence[Task] | None = None) -> str:
    """The overall ``output``: the visible checks' score, why the submission could not be graded (if so),
    and the visible checks' points per task.

    Gradescope shows this text at once, whatever the tests' visibility, so nothing in it
    comes from the hidden checks' results (not even a total including them, from which
    the visible points could be subtracted): they stay unseen until grades are published,
    like their tests. The top-level score is Gradescope's to show or hide, per its settings.
    """
    visible = [check for check in report.results if check.visibility == "visible"]
    earned, possible = sum(c.points for c in visible), sum(c.max_points for c in visible)
    lines = [f"Visible checks: {format_points(earned)} / {format_points(possible)}"]
    if report.error:
        lines.append(f"Your submission could not be graded: {report.error}")
    hidden = len(report.results) - len(visible)
    if hidden:
        lines.append("Visible checks per task:")
    titles = task_titles(tasks)
    for task_id, checks in checks_by_task(report, tasks):
        shown = [check for check in checks if check.visibility == "visible"]
        if not shown:
            continue
        earned, possible = sum(c.points for c in shown), sum(c.max_points for c in shown)
        name = f"task {task_id}: {titles[task_id]}" if titles.get(task_id) else f"task {task_id}"
        lines.append(f"{name}  {format_points(earned)} / {format_points(possible)}")
    if hidden:
        lines.append(f"{hidden} hidden checks: their results are shown once grades are published.")
    return "\n".join(lines)


def to_gradescope(
    report: Report, *, tasks: Sequence[Task] | None = None, visibility: str | None = None,
) -> dict[str, Any]:
    """``report`` as a Gradescope results dict; ``visibility`` (top-level, optional) is left out when None.

    Tests are numbered "<task id>.<index within the task>" (e.g. "6.2"), in the order the checks ran.
    Raises ValueError for a non-finite number or an unknown visibility.
    """
    _check_finite("execution_time", report.execution_time)
    for check in report.results:
        _check_finite(f"check {check.name!r}: points", check.points)
        _check_finite(f"check {check.name!r}: max_points", check.max_points)
    index: dict[str, int] = {}
    tests = []
    for check in report.results:
        index[check.task] = index.get(check.task, 0) + 1
        tests.append(test_entry(check, f"{check.task}.{index[check.task]}"))
    data: dict[str, Any] = {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.execution_time),
        "output": summary_output(report, tasks),
        "output_format": OUTPUT_FORMAT,
        "tests": tests,
    }
    if visibility is not None:
        if visibility not in GRADESCOPE_VISIBILITIES:
            raise ValueError(f"visibility {visibility!r} is not one of {GRADESCOPE_VISIBILITIES}")
        data["visibility"] = visibility
    return data


def failure_results(reason: str, *, tasks: Sequence[Task] | None = None) -> dict[str, Any]:
    """The results of a submission the autograder failed on (a bug of ours, not the learner's): score 0.

    ``max_score`` is the manifest's total, so Gradescope still shows the assignment's scale.
    """
    max_score = float(sum(task.points for task in resolve_tasks(tasks)))
    output = (
        "Grading failed: the autograder hit an internal error, which is not a fault of your code. "
        "Your instructor will regrade this submission.\n"
        f"Details: {reason}"
    )
    return {"score": 0.0, "max_score": max_score, "execution_time": 0, "output": output,
            "output_format": OUTPUT_FORMAT, "tests": []}


def _check_finite(what: str, value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"{what} is {value!r}, not a finite number")
