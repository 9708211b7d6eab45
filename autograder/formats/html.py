"""A learner's feedback page: one self-contained HTML file rendered from report.json.

The page is a pure function of the report's dictionary (``Report.to_dict()``, the
schema the README documents) and of ``released``; ``python -m autograder render``
re-renders it from the file. Everything is inline: the CSS, and the pictures as PNG
data URIs; nothing is fetched. Text from the learner's code (messages, printed
output, their folder's name) is HTML-escaped by jinja2's autoescaping.

What a learner may see: before release (``released=False``) the page holds the
visible checks only, with a count of the hidden ones, and no total that includes
them (the visible points could be subtracted from it); once released, every check.
Integrity flags never appear on it: they are for the instructor (dashboard, gradebook).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from autograder.formats.plots import convergence_alt, convergence_plot, error_map
from autograder.formats.templating import environment
from autograder.runtime.engine import NOTHING_FOUND
from autograder.runtime.manifest import Task
from autograder.runtime.model import CheckResult, Report, Status, load_report
from autograder.runtime.text import checks_by_task, format_points, task_titles

TEMPLATES = Path(__file__).with_name("templates")
MAX_OUTPUT_CHARS = 4000   # of a check's printed output shown on the page
#: The convergence thresholds of reports that do not record theirs (written before the judge recorded them).
UNRECORDED_THRESHOLDS = {"early_steps": 20, "early_rtol": 1e-6, "to_torch": 0.02, "to_floor": 0.05}
STATUS_CLASSES = {Status.PASSED: "passed", Status.FAILED: "failed", Status.NOT_ATTEMPTED: "skipped",
                  Status.ERROR: "failed", Status.TIMEOUT: "failed"}

ENVIRONMENT = environment(TEMPLATES, html=True, points=format_points)


@dataclass
class ArrayView:
    """What the page shows of a failing array (the ``array`` diagnostic, autograder/arrays.py)."""

    name: str
    shape: str
    wrong: str
    where: str | None
    worst: list[dict[str, Any]]
    got: list[list[Any]]
    expected: list[list[Any]]
    plot: str


@dataclass
class CheckView:
    """What the page shows of one check."""

    name: str
    status: str
    css: str
    points: str
    max_points: str
    message: str
    mistake: str | None = None
    output: str | None = None
    plot: str | None = None
    plot_alt: str = ""
    summary: str | None = None
    array: ArrayView | None = None


@dataclass
class TaskView:
    id: str
    title: str
    points: str
    max_points: str
    css: str
    checks: list[CheckView] = field(default_factory=list)


def array_view(data: Any) -> ArrayView | None:
    """The view of an ``array`` diagnostic; None if there is none or it is not one (a hand-edited file)."""
    if not isinstance(data, dict):
        return None
    try:
        mask = data.get("mask")
        return ArrayView(
            name=str(data["name"]), shape="(" + ", ".join(str(int(n)) for n in data["shape"]) + ")",
            wrong=f"{int(data['wrong_entries'])} of {int(data['entries'])} entries wrong",
            where=str(data["where"]) if data.get("where") else None,
            worst=[{"index": "(" + ", ".join(str(int(i)) for i in entry["index"]) + ")", "got": entry["got"],
                    "expected": entry["expected"]} for entry in data["worst"]],
            got=[list(row) for row in data["got"]], expected=[list(row) for row in data["expected"]],
            plot=error_map(data["error_map"], [str(axis) for axis in data["map_axes"]],
                           mask if isinstance(mask, list) else None))
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def thresholds_of(diagnostics: dict[str, Any]) -> dict[str, float]:
    """The convergence thresholds the grading used, as its report recorded them (reports written before
    they were recorded: the thresholds in force then), so that a page is a function of its report alone."""
    recorded = diagnostics.get("thresholds")
    if isinstance(recorded, dict) and set(recorded) == set(UNRECORDED_THRESHOLDS) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in recorded.values()):
        return {key: recorded[key] for key in UNRECORDED_THRESHOLDS}
    return dict(UNRECORDED_THRESHOLDS)


def check_view(check: CheckResult) -> CheckView:
    diagnostics = check.diagnostics if isinstance(check.diagnostics, dict) else {}
    output = diagnostics.get("output")
    if isinstance(output, str) and len(output) > MAX_OUTPUT_CHARS:
        output = output[:MAX_OUTPUT_CHARS] + f"\n... ({len(output) - MAX_OUTPUT_CHARS} more characters not shown)"
    mistake = diagnostics.get("mistake")
    plot, plot_alt = None, ""
    if "torch_train_loss" in diagnostics:
        limits = thresholds_of(diagnostics)
        arguments = (diagnostics, int(limits["early_steps"]), limits["early_rtol"], limits["to_torch"],
                     limits["to_floor"])
        plot, plot_alt = convergence_plot(*arguments), convergence_alt(*arguments)
    summary = diagnostics.get("summary")
    return CheckView(
        name=check.name, status=check.status.value, css=STATUS_CLASSES[check.status],
        points=format_points(check.points), max_points=format_points(check.max_points),
        message=check.remark,
        mistake=mistake if isinstance(mistake, str) else None, output=output if isinstance(output, str) else None,
        plot=plot, plot_alt=plot_alt, summary=summary if isinstance(summary, str) else None,
        array=array_view(diagnostics.get("array")),
    )


def learner_error(error: str | None) -> str | None:
    """The submission's error as the learner reads it: without the instructor's path to their folder."""
    if error and error.startswith(NOTHING_FOUND):
        return re.sub(rf"^{NOTHING_FOUND} in .*?: expected", f"{NOTHING_FOUND} in your submission: expected", error,
                      count=1, flags=re.S)
    return error


def learner_page(
    data: dict[str, Any], *, released: bool = False, heading: str | None = None,
    tasks: Sequence[Task] | None = None,
) -> str:
    """The learner's page for the report.json dictionary ``data`` (see the module docstring)."""
    report = load_report(data)
    report = Report(report.submission, report.results, report.execution_time, learner_error(report.error))
    shown = [check for check in report.results if released or check.visibility == "visible"]
    if report.error:   # said once, in the banner, not again under every check
        shown = [replace(check, message="") if check.status is Status.NOT_ATTEMPTED else check for check in shown]
    hidden = len(report.results) - len(shown)
    view = Report(report.submission, shown, report.execution_time, report.error)
    titles, scores = task_titles(tasks), view.task_scores()
    task_views = []
    for task_id, checks in checks_by_task(view, tasks):
        earned, possible = scores[task_id]
        task_views.append(TaskView(
            id=task_id, title=titles.get(task_id, ""), points=format_points(earned),
            max_points=format_points(possible), css="passed" if earned >= possible else "failed",
            checks=[check_view(check) for check in checks]))
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    passed = sum(check.status is Status.PASSED for check in shown)
    return ENVIRONMENT.get_template("learner.html.j2").render(
        heading=heading or f"Feedback for {report.submission}", error=report.error, tasks=task_views,
        score=format_points(view.score), max_score=format_points(view.max_score), passed=passed, checks=len(shown),
        hidden=hidden,
        graded_at=metadata.get("graded_at") if isinstance(metadata.get("graded_at"), str) else None,
        assignment=assignment_view(metadata.get("assignment")),
    )


def assignment_view(recorded: Any) -> dict[str, Any] | None:
    """What a page shows of a recorded assignment (report.json's metadata ``assignment``), None for the whole kit
    or a record that is not one."""
    if not isinstance(recorded, dict) or not isinstance(recorded.get("id"), str):
        return None
    points = recorded.get("points")
    return {"id": recorded["id"], "title": str(recorded.get("title") or recorded["id"]),
            "tasks": [str(t) for t in recorded.get("tasks", []) if isinstance(t, (str, int))],
            "points": format_points(points) if isinstance(points, (int, float)) else "its"}
