"""The gradebook: one row per learner, the total, the maximum, one column per manifest task, and the
integrity flags (for the instructor: what the learner's code tried, e.g. ``blocked-import x2; forced-exit``).

The task columns come from :func:`autograder.runtime.manifest.load_tasks` (``task 1`` ... in
manifest order), so they follow the manifest when it changes. With a roster
(:mod:`autograder.formats.roster`), its columns (student id, name, email) follow ``learner``.

Every CSV cell that a spreadsheet would run as a formula is neutralised as OWASP
recommends against CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading ``'`` (a learner's folder could be named
``=HYPERLINK(...)``, and a roster's names come from elsewhere).

Besides ``gradebook.csv`` (UTF-8 without a BOM, unchanged), :data:`EXPORTS` are the files an
institution imports (``--export``): ``excel`` the same gradebook with a BOM, which Excel on Windows
needs to read "José" as UTF-8; ``canvas`` and ``moodle`` the total per student of the roster in the
columns those LMSs import (docs/instructors.md gives the column specs followed and their sources).
Only students on the roster are in them (the LMS matches its users by the roster's ids); one
without a report has an empty cell (no grade, not a 0).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from autograder.formats.roster import Roster, same_name
from autograder.runtime.atomic import atomic_write_text
from autograder.runtime.manifest import Task
from autograder.runtime.model import Report
from autograder.runtime.text import format_points, resolve_tasks

FIXED_COLUMNS = ("learner", "total", "max")
INTEGRITY_COLUMN = "integrity"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
ASSIGNMENT = "RNNs and LSTMs from scratch"   # the LMS column's default name (the assignment)
# --export name -> the file written in OUT
EXPORTS = {"excel": "gradebook-excel.csv", "canvas": "canvas.csv", "moodle": "moodle.csv"}
NEEDS_ROSTER = ("canvas", "moodle")
# Canvas's gradebook CSV: the user columns of its export, then one column per assignment.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
# Moodle's grade import (CSV): any columns, mapped on import; "ID number" maps to useridnumber.
MOODLE_COLUMNS = ("ID number", "Email address", "Full name")


def columns(tasks: Sequence[Task] | None = None, roster: Roster | None = None) -> list[str]:
    """``learner``, the roster's columns if any, ``total, max``, each task's label in manifest order,
    then ``integrity``."""
    extra = list(roster.headings) if roster is not None else []
    return [FIXED_COLUMNS[0], *extra, *FIXED_COLUMNS[1:], *(task.label for task in resolve_tasks(tasks)),
            INTEGRITY_COLUMN]


def row(learner: str, report: Report | None, tasks: Sequence[Task] | None = None,
        roster: Roster | None = None) -> list[str]:
    """One learner's cells; a task without any check in the report gets an empty cell, and so does
    every score of a learner without a report (on the roster, nothing submitted)."""
    tasks = resolve_tasks(tasks)
    cells = [learner, *(roster.cells(learner) if roster is not None else [])]
    if report is None:
        return cells + [""] * (3 + len(tasks))
    scores = report.task_scores()
    cells += [format_points(report.score), format_points(report.max_score)]
    for task in tasks:
        cells.append(format_points(scores[task.id][0]) if task.id in scores else "")
    return [*cells, integrity_cell(report)]


def integrity_cell(report: Report) -> str:
    """The kinds of the report's integrity flags, in the order first seen, with a count when repeated."""
    counts: dict[str, int] = {}
    for flag in report.integrity:
        kind = str(flag.get("kind", "unknown")) if isinstance(flag, dict) else "unknown"
        counts[kind] = counts.get(kind, 0) + 1
    return "; ".join(kind if count == 1 else f"{kind} x{count}" for kind, count in counts.items())


def rows(reports: Mapping[str, Report], tasks: Sequence[Task] | None = None, roster: Roster | None = None,
         absent: Collection[str] = ()) -> list[list[str]]:
    """A row per learner with a report, and an empty-scored one per learner of ``absent``, sorted by id."""
    learners = sorted({*reports, *absent})
    return [row(learner, reports.get(learner), tasks, roster) for learner in learners]


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it and never runs it: a leading ``'`` before a formula's start."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def to_csv(reports: Mapping[str, Report], tasks: Sequence[Task] | None = None, roster: Roster | None = None,
           absent: Collection[str] = ()) -> str:
    """The gradebook as CSV text, header first, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns(tasks, roster))
    writer.writerows([neutralise(cell) for cell in cells] for cells in rows(reports, tasks, roster, absent))
    return buffer.getvalue()


def write_gradebook(path: Path, reports: Mapping[str, Report], tasks: Sequence[Task] | None = None,
                    roster: Roster | None = None, absent: Collection[str] = ()) -> None:
    """Write the CSV to ``path`` atomically."""
    atomic_write_text(path, to_csv(reports, tasks, roster, absent))


def _csv_text(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in cells] for cells in body)
    return buffer.getvalue()


def _roster_totals(reports: Mapping[str, Report], roster: Roster) -> list[tuple[tuple[str, ...], str]]:
    """(student id, name, email) and the total, per student of the roster in its order ("" if no report)."""
    by_name = {same_name(learner): report for learner, report in reports.items()}
    totals: list[tuple[tuple[str, ...], str]] = []
    for folder, (student_id, name, email) in roster.entries.items():
        report = by_name.get(folder)
        totals.append(((student_id, name, email), format_points(report.score) if report is not None else ""))
    return totals


def to_canvas_csv(reports: Mapping[str, Report], roster: Roster, assignment: str = ASSIGNMENT) -> str:
    """Canvas's gradebook import: Student, ID, SIS User ID (the roster's student id), SIS Login ID (empty),
    Section (empty), then the assignment's column of totals."""
    body = [[name, "", student_id, "", "", total]
            for (student_id, name, _), total in _roster_totals(reports, roster)]
    return _csv_text([*CANVAS_COLUMNS, assignment], body)


def to_moodle_csv(reports: Mapping[str, Report], roster: Roster, assignment: str = ASSIGNMENT) -> str:
    """Moodle's grade import: ID number (the roster's student id), Email address, Full name, then the
    assignment's column of totals."""
    body = [[student_id, email, name, total] for (student_id, name, email), total in _roster_totals(reports, roster)]
    return _csv_text([*MOODLE_COLUMNS, assignment], body)


def write_exports(out: Path, exports: Collection[str], reports: Mapping[str, Report],
                  tasks: Sequence[Task] | None = None, roster: Roster | None = None,
                  absent: Collection[str] = ()) -> list[Path]:
    """Write each of ``exports`` (names of :data:`EXPORTS`) into ``out`` atomically; the paths written.
    ValueError for a name it does not know, or canvas/moodle without a roster."""
    written = []
    for name in exports:
        if name == "excel":
            text = BOM + to_csv(reports, tasks, roster, absent)
        elif name in NEEDS_ROSTER and roster is None:
            raise ValueError(f"the {name} export needs a roster")
        elif name == "canvas" and roster is not None:
            text = to_canvas_csv(reports, roster)
        elif name == "moodle" and roster is not None:
            text = to_moodle_csv(reports, roster)
        else:
            raise ValueError(f"no export named {name!r}")
        atomic_write_text(out / EXPORTS[name], text)
        written.append(out / EXPORTS[name])
    return written
