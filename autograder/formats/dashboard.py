"""The class dashboard (``OUT/index.html``) and the rendering of a whole output folder.

The dashboard is for the instructor: the score distribution, mean and pass rate per
task and per check (hidden ones included), the most common named mistakes with the
learners who made them, the learners whose grading hit a limit, the integrity flags,
the learners who could not be graded, and a link to each learner's page. Like the
learners' pages it is a pure function of the report.json files: :func:`render_folder`
rebuilds every page from them, and ``grade-class --html`` calls it on every run.
"""

from __future__ import annotations

import contextlib
import json
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autograder.formats.html import ENVIRONMENT, assignment_view, learner_page
from autograder.formats.plots import score_histogram
from autograder.formats.roster import plural
from autograder.formats.similarity_page import SIMILARITY_FILE, SIMILARITY_JSON
from autograder.runtime.atomic import atomic_write_text
from autograder.runtime.manifest import Task
from autograder.runtime.model import Report, ReportFormatError, Status, read_report_file
from autograder.runtime.sandbox.isolation import SANDBOX_FILE
from autograder.runtime.text import format_points, resolve_tasks

# The files of OUT, named here once: grading/ writes report.json and grading-error.txt, this page reads them.
REPORT_FILE, PAGE_FILE, DASHBOARD_FILE, ERROR_FILE = "report.json", "report.html", "index.html", "grading-error.txt"
OUTPUT_CAP_NOTE = "[output truncated"     # what the sandbox appends to printed output it cut
MEMORY_ERROR = "MemoryError"
ABSENT = "on the roster, no submission (no folder in ROOT)"


@dataclass
class RenderSummary:
    """What :func:`render_folder` wrote: the learners whose page it wrote, and those it could not, with why."""

    pages: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)

    def line(self, out: Path) -> str:
        text = f"wrote {plural(len(self.pages), 'learner page')} and {out / DASHBOARD_FILE}"
        if self.unreadable:
            text += f"; {len(self.unreadable)} {REPORT_FILE} could not be read (see the dashboard)"
        return text


def limits_hit(report: Report) -> dict[str, list[str]]:
    """Limit ("time", "memory", "output cap") -> the names of the checks that ran into it."""
    hits: dict[str, list[str]] = {}
    for check in report.results:
        output = check.diagnostics.get("output") if isinstance(check.diagnostics, dict) else None
        if check.status is Status.TIMEOUT:
            hits.setdefault("time", []).append(check.name)
        elif check.status is Status.ERROR and MEMORY_ERROR in check.message:
            hits.setdefault("memory", []).append(check.name)
        if isinstance(output, str) and OUTPUT_CAP_NOTE in output:
            hits.setdefault("output cap", []).append(check.name)
    return hits


def _flag(flag: Any) -> dict[str, str]:
    """An integrity flag with its three fields as text, whatever a report.json holds."""
    flag = flag if isinstance(flag, dict) else {"detail": flag}
    return {key: str(flag.get(key, "")) for key in ("kind", "check", "detail")}


def _rate(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


#: The most similar pairs the dashboard lists; the similarity page has them all.
SIMILAR_ROWS = 50


def dashboard_page(
    reports: dict[str, Report], *, not_graded: dict[str, str] | None = None, tasks: Sequence[Task] | None = None,
    absent: Collection[str] = (), sandbox: Sequence[dict[str, Any]] = (),
    similar: Sequence[dict[str, Any]] | None = None, assignment: dict[str, Any] | None = None,
) -> str:
    """The dashboard of ``reports`` (learner id -> report); ``not_graded``: learner id -> why there is no report;
    ``absent``: students of the roster without a folder; ``sandbox``: each distinct record of what the
    sandbox enforced on the grading machine (``sandbox.json``, one per shard that differs); ``similar``: the
    pairs of ``similarity.json`` (None: similarity was not run), the SIMILAR_ROWS most similar each linked to its
    side-by-side, the rest counted. Every statistic
    is over the learners whose submission was graded; those whose submission could not be (a report with an
    error: no module found), those without a report and the absent are counted apart and listed under "Not graded".
    ``assignment``: what the reports record of the assignment graded (shown; its tasks are the rows by default)."""
    shown = assignment_view(assignment)
    if tasks is None and shown is not None:
        tasks = [task for task in resolve_tasks(None) if task.id in shown["tasks"]]
    tasks = resolve_tasks(tasks)
    learners = sorted(reports)
    graded = [name for name in learners if not reports[name].error]
    scores = [reports[name].score for name in graded]
    max_score = max((reports[name].max_score for name in learners), default=float(sum(t.points for t in tasks)))

    task_rows = []
    for task in tasks:
        earned = [pair for name in graded if (pair := reports[name].task_scores().get(task.id)) is not None]
        full = sum(got >= possible for got, possible in earned)
        task_rows.append({"label": task.label, "title": task.title, "points": format_points(task.points),
                          "mean": format_points(statistics.fmean(g for g, _ in earned)) if earned else "",
                          "rate": _rate(full, len(earned))})

    checks: dict[str, dict[str, Any]] = {}
    mistakes: dict[str, set[str]] = {}
    for name in graded:
        for check in reports[name].results:
            row = checks.setdefault(check.name, {"name": check.name, "task": check.task, "visibility":
                                                 check.visibility, "max": check.max_points, "points": [],
                                                 "statuses": {}, "failed": []})
            row["points"].append(check.points)
            row["statuses"][check.status.value] = row["statuses"].get(check.status.value, 0) + 1
            if check.status is not Status.PASSED:
                row["failed"].append(_link(name))
            mistake = check.diagnostics.get("mistake") if isinstance(check.diagnostics, dict) else None
            if isinstance(mistake, str):
                mistakes.setdefault(mistake, set()).add(name)
    check_rows = [{**row, "mean": format_points(statistics.fmean(row["points"])), "max": format_points(row["max"]),
                   "rate": _rate(row["statuses"].get(Status.PASSED.value, 0), len(row["points"])),
                   "others": ", ".join(f"{count} {status}" for status, count in sorted(row["statuses"].items())
                                       if status != Status.PASSED.value)}
                  for row in checks.values()]
    not_graded = {**(not_graded or {}), **{name: ABSENT for name in absent if name not in reports}}
    errors = [(name, reports[name].error) for name in learners if reports[name].error]

    return ENVIRONMENT.get_template("dashboard.html.j2").render(
        count=len(graded), max_score=format_points(max_score), apart=len(errors) + len(not_graded),
        mean=format_points(statistics.fmean(scores)) if scores else "",
        median=format_points(statistics.median(scores)) if scores else "",
        all_passed=sum(reports[name].all_passed for name in graded),
        histogram=score_histogram(scores, max_score) if scores else None,
        tasks=task_rows, checks=check_rows, sandbox=sandbox, assignment=shown, similarity_page=SIMILARITY_FILE,
        similar=None if similar is None else similar[:SIMILAR_ROWS],
        similar_more=max(0, len(similar or ()) - SIMILAR_ROWS),
        mistakes=sorted(((mistake, sorted(names)) for mistake, names in mistakes.items()),
                        key=lambda item: (-len(item[1]), item[0])),
        limits=[(name, limit, checks) for name in learners for limit, checks in limits_hit(reports[name]).items()],
        integrity=[(name, [_flag(flag) for flag in reports[name].integrity]) for name in learners
                   if reports[name].integrity],
        errors=errors,
        not_graded=sorted(not_graded.items()),
        learners=[{**_link(name), "score": format_points(reports[name].score),
                   "max": format_points(reports[name].max_score), "flags": len(reports[name].integrity),
                   "graded": not reports[name].error}
                  for name in learners],
    )


def _link(name: str) -> dict[str, str]:
    """A learner's name and the relative address of their page."""
    return {"name": name, "href": f"{quote(name)}/{PAGE_FILE}"}


def read_sandbox(out: Path) -> list[dict[str, Any]]:
    """The distinct sandbox records of ``out/sandbox.json`` (written by grade-class, merged by merge), [] without."""
    return _read_list(Path(out) / SANDBOX_FILE) or []


def _read_list(path: Path) -> list[dict[str, Any]] | None:
    """The objects of the JSON list in ``path``; None when it is missing or not such a list."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else None


def render_folder(
    out: Path, *, learners: Collection[str] | None = None, released: bool = False,
    tasks: Sequence[Task] | None = None, absent: Collection[str] = (),
) -> RenderSummary:
    """Write ``out/<learner>/report.html`` from each ``out/<learner>/report.json``, then ``out/index.html``.

    With ``learners``, only their folders (those grade-class graded this time or kept); ``absent``: the
    roster's students without a folder, listed on the dashboard.
    A folder without a readable report.json loses its stale page and is listed on the
    dashboard as not graded. Raises OSError if a page cannot be written.
    """
    out = Path(out)
    summary, reports, not_graded = RenderSummary(), {}, {}
    assignments: dict[Any, Any] = {}   # the assignments the reports record, by id
    for folder in sorted(out.iterdir()):
        if learners is not None and folder.name not in learners:
            continue
        if not folder.is_dir() or folder.is_symlink() or folder.name.startswith(".") or folder.name == "__pycache__":
            continue
        try:
            report, data = read_report_file(folder / REPORT_FILE)
        except ReportFormatError as err:
            with contextlib.suppress(FileNotFoundError):
                (folder / PAGE_FILE).unlink()       # a page must not outlive its report
            if (folder / ERROR_FILE).exists():
                not_graded[folder.name] = f"the autograder failed on it: see {folder.name}/{ERROR_FILE}"
            else:
                not_graded[folder.name] = f"{REPORT_FILE} is missing or unusable: {err}"
                if (folder / REPORT_FILE).exists():
                    summary.unreadable[folder.name] = str(err)
            continue
        atomic_write_text(folder / PAGE_FILE, learner_page(data, released=released, tasks=tasks))
        reports[folder.name] = report
        summary.pages.append(folder.name)
        recorded = (data.get("metadata") or {}).get("assignment") if isinstance(data.get("metadata"), dict) else None
        assignments[recorded.get("id") if isinstance(recorded, dict) else None] = recorded
    atomic_write_text(out / DASHBOARD_FILE, dashboard_page(reports, not_graded=not_graded, tasks=tasks,
                                                                   absent=absent, sandbox=read_sandbox(out),
                                                                   similar=_read_list(out / SIMILARITY_JSON),
                                                                   assignment=next(iter(assignments.values()))
                                                                   if len(assignments) == 1 else None))
    return summary
