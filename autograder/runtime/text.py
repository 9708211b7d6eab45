"""What every text of a report shares: how points print, diagnostics as lines, checks grouped by task.

Used by the terminal summary (:mod:`.terminal`) and by the instructor's formats
(``autograder/formats/``: Gradescope's JSON, the gradebook, the HTML pages).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .model import CheckResult, Report

if TYPE_CHECKING:     # a learner release ships this module without the kit: tasks come from its pack
    from .manifest import Task

MAX_DIAGNOSTIC_CHARS = 1000
PAGE_ONLY_DIAGNOSTICS = frozenset({"array", "thresholds"})  # drawn on the HTML page; the message says it in words


def format_points(value: float) -> str:
    """Points as people write them: ``10``, ``2.5``, ``3.33`` (at most 2 decimals)."""
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return repr(rounded)


def to_jsonable(value: Any) -> Any:
    """``value`` made strict-JSON-safe: NaN/inf become strings, NumPy values plain Python, tuples lists.

    Anything else json cannot take becomes its ``str``; nothing raises.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    tolist = getattr(value, "tolist", None)  # NumPy scalars and arrays
    if callable(tolist):
        try:
            return to_jsonable(tolist())
        except Exception:  # a diagnostic must never break a report
            pass
    return str(value)


def diagnostic_lines(diagnostics: dict[str, Any]) -> list[str]:
    """``key: value`` lines, one per diagnostic but the page's own; long values are cut at MAX_DIAGNOSTIC_CHARS.

    What the learner's code printed comes last, as the lines it printed.
    """
    lines = []
    for key, value in diagnostics.items():
        if key in PAGE_ONLY_DIAGNOSTICS or (key == "output" and isinstance(value, str)):
            continue
        value = to_jsonable(value)
        text = value if isinstance(value, str) else json.dumps(value)
        if len(text) > MAX_DIAGNOSTIC_CHARS:
            text = text[:MAX_DIAGNOSTIC_CHARS] + " ... (cut)"
        lines.append(f"{key}: {text}")
    printed = diagnostics.get("output")
    if isinstance(printed, str) and printed:
        lines += ["your code printed:", *(f"  | {line}" for line in printed.splitlines())]
    return lines


def resolve_tasks(tasks: Sequence[Task] | None) -> tuple[Task, ...]:
    """``tasks`` if given, else the manifest's."""
    if tasks is not None:
        return tuple(tasks)
    from .manifest import load_tasks

    return load_tasks()


class TaskInfo(Protocol):
    """What the texts of a report need of a task: the manifest's ``Task``, or a learner release's ``PackTask``."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


def _given_or_manifest(tasks: Sequence[TaskInfo] | None) -> Sequence[TaskInfo]:
    return tasks if tasks is not None else resolve_tasks(None)


def checks_by_task(
    report: Report, tasks: Sequence[TaskInfo] | None = None,
) -> list[tuple[str, list[CheckResult]]]:
    """The report's checks grouped by task id: manifest order first, then unknown ids as they ran."""
    order = [task.id for task in _given_or_manifest(tasks)]
    groups: dict[str, list[CheckResult]] = {}
    for result in report.results:
        groups.setdefault(result.task, []).append(result)
    known = [(task_id, groups[task_id]) for task_id in order if task_id in groups]
    unknown = [(task_id, checks) for task_id, checks in groups.items() if task_id not in order]
    return known + unknown


def task_titles(tasks: Sequence[TaskInfo] | None = None) -> dict[str, str]:
    """Task id -> title, from ``tasks`` or the manifest."""
    return {task.id: task.title for task in _given_or_manifest(tasks)}
