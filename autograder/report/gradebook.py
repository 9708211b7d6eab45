"""The gradebook: one row per learner, the total, the maximum, one column per manifest task, and the
integrity flags (for the instructor: what the learner's code tried, e.g. ``blocked-import x2; forced-exit``).

The task columns come from :func:`kit.manifest.load_tasks` (``task 1`` ... in
manifest order), so they follow the manifest when it changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from kit.manifest import Task

from ..atomic import atomic_write_text
from ..model import Report
from . import format_points, resolve_tasks

FIXED_COLUMNS = ("learner", "total", "max")
INTEGRITY_COLUMN = "integrity"


def columns(tasks: Sequence[Task] | None = None) -> list[str]:
    """``learner, total, max``, each task's label (``task 1``, ...) in manifest order, then ``integrity``."""
    return [*FIXED_COLUMNS, *(task.label for task in resolve_tasks(tasks)), INTEGRITY_COLUMN]


def row(learner: str, report: Report, tasks: Sequence[Task] | None = None) -> list[str]:
    """One learner's cells; a task without any check in the report gets an empty cell."""
    scores = report.task_scores()
    cells = [learner, format_points(report.score), format_points(report.max_score)]
    for task in resolve_tasks(tasks):
        cells.append(format_points(scores[task.id][0]) if task.id in scores else "")
    return [*cells, integrity_cell(report)]


def integrity_cell(report: Report) -> str:
    """The kinds of the report's integrity flags, in the order first seen, with a count when repeated."""
    counts: dict[str, int] = {}
    for flag in report.integrity:
        kind = str(flag.get("kind", "unknown")) if isinstance(flag, dict) else "unknown"
        counts[kind] = counts.get(kind, 0) + 1
    return "; ".join(kind if count == 1 else f"{kind} x{count}" for kind, count in counts.items())


def rows(reports: Mapping[str, Report], tasks: Sequence[Task] | None = None) -> list[list[str]]:
    """A row per learner, sorted by learner id."""
    return [row(learner, reports[learner], tasks) for learner in sorted(reports)]


def to_csv(reports: Mapping[str, Report], tasks: Sequence[Task] | None = None) -> str:
    """The gradebook as CSV text, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns(tasks))
    writer.writerows(rows(reports, tasks))
    return buffer.getvalue()


def write_gradebook(path: Path, reports: Mapping[str, Report], tasks: Sequence[Task] | None = None) -> None:
    """Write the CSV to ``path`` atomically."""
    atomic_write_text(path, to_csv(reports, tasks))
