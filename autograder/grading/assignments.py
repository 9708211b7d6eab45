"""The course's assignments (``course/assignments.toml``): which tasks each one holds, one list for every channel."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from autograder.runtime.manifest import ROOT, ManifestError, Task, load_tasks

ASSIGNMENTS = "course/assignments.toml"


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    tasks: tuple[Task, ...]


def load_assignments(root: Path = ROOT) -> list[Assignment]:
    """The course's assignments, each task id resolved against the manifest; ManifestError (one line) on a fault."""
    try:
        raw = tomllib.loads((root / ASSIGNMENTS).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ManifestError(f"{ASSIGNMENTS}: cannot read the assignments ({err})") from None
    tasks = {task.id: task for task in load_tasks(root / "tasks.toml")}
    assignments = []
    for entry in raw.get("assignment", []):
        ids = entry.get("tasks", [])
        unknown = [t for t in ids if t not in tasks]
        if not entry.get("id") or not ids or unknown:
            raise ManifestError(f"{ASSIGNMENTS}: assignment {entry.get('id')!r} needs an id and tasks from "
                                f"tasks.toml (unknown: {unknown}); fix {ASSIGNMENTS}")
        assignments.append(Assignment(entry["id"], entry.get("title", entry["id"]), tuple(tasks[t] for t in ids)))
    return assignments


def find_assignment(name: str, root: Path = ROOT) -> Assignment:
    """The assignment called ``name``; ManifestError naming the known ones if there is none."""
    assignments = load_assignments(root)
    for assignment in assignments:
        if assignment.id == name:
            return assignment
    raise ManifestError(f"there is no assignment '{name}' in {ASSIGNMENTS}; pick one of "
                        f"{', '.join(a.id for a in assignments)}")
