"""The course's assignments (``course/assignments.toml``): which tasks each one holds, one list for every channel.

An assignment may build on modules of tasks it does not grade (week 3's ``lstm.py`` imports ``activations.py``
of week 1; task 8's end-to-end run trains with Adam of task 7): those are its *carried* modules, the learner's
own earlier files, which its notebook and its learner release carry as ungraded code.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.expected.checks import REGISTRY
from autograder.runtime.manifest import ROOT, ManifestError, Task, load_tasks

ASSIGNMENTS = "course/assignments.toml"
#: The assignment of a course that runs the kit as one (every channel's default; the Makefile's ASSIGNMENT).
DEFAULT_ASSIGNMENT = "rnn-lstm"


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    tasks: tuple[Task, ...]
    carried: tuple[Task, ...] = ()   # the tasks whose modules it uses but does not grade, in the manifest's order

    @property
    def points(self) -> float:
        return float(sum(task.points for task in self.tasks))

    def describe(self) -> dict[str, object]:
        """What report.json, shard.json and the pages record of it."""
        return {"id": self.id, "title": self.title, "tasks": [task.id for task in self.tasks],
                "points": self.points}


def _relative_imports(path: Path) -> set[str]:
    """The modules ``path`` imports relatively (``from .activations import sigmoid`` -> activations)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    return {node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


def carried_tasks(ids: tuple[str, ...], all_tasks: Sequence[Task], root: Path = ROOT) -> tuple[Task, ...]:
    """The tasks outside ``ids`` whose modules those tasks' modules import (transitively, from solutions/) or
    whose code their checks run (a check's spec "uses": the end-to-end run), in the manifest's order."""
    by_module = {task.module: task for task in all_tasks}
    by_id = {task.id: task for task in all_tasks}
    needed = {by_id[t].module for t in ids}
    needed |= {by_id[u].module for check in REGISTRY if check.task in ids
               for u in check.spec.get("uses", ()) if u in by_id}
    todo = list(needed)
    while todo:
        for name in _relative_imports(root / "solutions" / f"{todo.pop()}.py"):
            if name in by_module and name not in needed:
                needed.add(name)
                todo.append(name)
    own = {by_id[t].module for t in ids}
    return tuple(task for task in all_tasks if task.module in needed - own)


def load_assignments(root: Path = ROOT) -> list[Assignment]:
    """The course's assignments, each task id resolved against the manifest; ManifestError (one line) on a fault."""
    try:
        raw = tomllib.loads((root / ASSIGNMENTS).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ManifestError(f"{ASSIGNMENTS}: cannot read the assignments ({err})") from None
    all_tasks = load_tasks(root / "tasks.toml")
    tasks = {task.id: task for task in all_tasks}
    assignments: list[Assignment] = []
    for entry in raw.get("assignment", []):
        ids = entry.get("tasks", [])
        unknown = [t for t in ids if t not in tasks]
        if not entry.get("id") or not ids or unknown:
            raise ManifestError(f"{ASSIGNMENTS}: assignment {entry.get('id')!r} needs an id and tasks from "
                                f"tasks.toml (unknown: {unknown}); fix {ASSIGNMENTS}")
        if any(a.id == entry["id"] for a in assignments):
            raise ManifestError(f"{ASSIGNMENTS}: two assignments are called {entry['id']!r}; give each its own id")
        assignments.append(Assignment(entry["id"], entry.get("title", entry["id"]), tuple(tasks[t] for t in ids),
                                      carried_tasks(tuple(ids), all_tasks, root)))
    return assignments


def find_assignment(name: str, root: Path = ROOT) -> Assignment:
    """The assignment called ``name``; ManifestError naming the known ones if there is none."""
    assignments = load_assignments(root)
    for assignment in assignments:
        if assignment.id == name:
            return assignment
    raise ManifestError(f"there is no assignment '{name}' in {ASSIGNMENTS}; pick one of "
                        f"{', '.join(a.id for a in assignments)}")
