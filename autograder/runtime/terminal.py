"""The plain-text summary of a report, and tables, for a terminal or a log.

Colour (ANSI, on the status labels only) is opt-in through ``colour``; callers
pass :func:`wants_colour` of their stream, so pipes, files and CI logs get plain text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from .compat import zip
from .model import CheckResult, Report, Status
from .text import TaskInfo, checks_by_task, diagnostic_lines, format_points, task_titles

if TYPE_CHECKING:
    pass

LABELS = {
    Status.PASSED: "passed",
    Status.FAILED: "FAILED",
    Status.NOT_ATTEMPTED: "not attempted",
    Status.ERROR: "ERROR",
    Status.TIMEOUT: "TIMEOUT",
}
COLOURS = {Status.PASSED: "32", Status.NOT_ATTEMPTED: "33"}  # green, yellow; the rest red
LABEL_WIDTH = max(len(label) for label in LABELS.values()) + 2
DETAIL_INDENT = " " * 6


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (False for pipes, files, StringIO, closed streams)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(callable(isatty) and isatty())
    except ValueError:  # a closed stream
        return False


def wants_colour(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only for a terminal, and not when NO_COLOR is set or TERM is dumb."""
    return is_terminal(stream) and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"


def printable(text: str) -> str:
    """``text`` safe for a terminal: control, format and undecodable characters become ``\\xNN`` escapes.

    A learner's folder name, or the message of an exception their code raised, could
    otherwise move the cursor, recolour the screen or break a table's lines.
    """
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def status_label(status: Status, colour: bool = False) -> str:
    """``[passed]``, ``[FAILED]``, ... padded to one width; coloured if asked."""
    label = f"[{LABELS[status]}]".ljust(LABEL_WIDTH)
    if not colour:
        return label
    return f"\x1b[{COLOURS.get(status, '31')}m{label}\x1b[0m"


def format_check(check: CheckResult, colour: bool = False) -> list[str]:
    """One status line; a check that did not pass gets its message and diagnostics indented below, one that passed
    its message only if it says more than "passed" (a call near its time limit)."""
    line = f"  {status_label(check.status, colour)} {printable(check.name)}"
    details = check.remark.splitlines()
    if check.status is not Status.PASSED:
        details += diagnostic_lines(check.diagnostics)
    return [line] + [f"{DETAIL_INDENT}{printable(text)}".rstrip() for text in details]


def format_report(
    report: Report, *, tasks: Sequence[TaskInfo] | None = None, colour: bool = False, heading: str | None = None,
    failed_only: bool = False,
) -> str:
    """The summary of one report: per task its id, title and points, then one line per check.

    With ``failed_only``, tasks whose checks all passed and passed checks are left out.
    Ends with the line ``score X / Y``.
    """
    lines = [printable(heading if heading is not None else f"Results for {report.submission}")]
    if report.error:
        lines.append(f"Could not grade this submission: {report.error}")
    titles = task_titles(tasks)
    scores = report.task_scores()
    for task_id, checks in checks_by_task(report, tasks):
        if failed_only:
            checks = [check for check in checks if check.status is not Status.PASSED]
            if not checks:
                continue
        earned, possible = scores[task_id]
        name = f"task {task_id}: {titles[task_id]}" if titles.get(task_id) else f"task {task_id}"
        lines += ["", f"{name}  {format_points(earned)} / {format_points(possible)}"]
        for check in checks:
            lines += format_check(check, colour)
    passed = sum(check.status is Status.PASSED for check in report.results)
    lines += ["", f"{passed} of {len(report.results)} checks passed",
              f"score {format_points(report.score)} / {format_points(report.max_score)}"]
    return "\n".join(lines) + "\n"


def format_selfcheck(
    report: Report, *, total_points: float, tasks: Sequence[TaskInfo] | None = None, failed_only: bool = False,
    only_tasks: Sequence[str] | None = None, colour: bool = False, heading: str | None = None,
) -> str:
    """A learner's self-check: :func:`format_report` (with ``failed_only``, only the checks that did not
    pass are listed), then a line saying what the score covers."""
    text = format_report(report, tasks=tasks, colour=colour, heading=heading, failed_only=failed_only)
    scope = f"visible checks of task {', '.join(only_tasks)}" if only_tasks else "visible checks"
    return text + (f"{scope}: {format_points(report.max_score)} of the {format_points(total_points)} "
                   "points; the rest are hidden until grading\n")


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table: the first column left-aligned, the others right-aligned, a rule under the header.

    Cells go through :func:`printable`, so a name with control characters cannot garble the table.
    """
    header = [printable(cell) for cell in header]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(cell) for cell in header]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)]) + "\n"
