"""The task manifest (``tasks.toml``): the one list of learner tasks.

Everything that lists tasks (stubs, the README's task table, the grader) reads it
through :func:`load_tasks`, so no list of tasks is ever written by hand twice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]   # the kit's root (in a learner release: unused)
MANIFEST = ROOT / "tasks.toml"
VISIBILITIES = ("visible", "hidden")


class ManifestError(ValueError):
    """The manifest is malformed; the message names the task and the field."""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    module: str
    functions: tuple[str, ...]
    points: int
    visibility: str

    @property
    def label(self) -> str:
        """How messages name the task, e.g. ``task 6``."""
        return f"task {self.id}"


def parse_tasks(text: str, source: str = "tasks.toml") -> tuple[Task, ...]:
    """Parse and validate a manifest's text; raise ManifestError naming the fault."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ManifestError(f"{source}: not valid TOML ({err})") from None
    entries = raw.get("task")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"{source}: no [[task]] entries")
    tasks: list[Task] = []
    fields = {"id": str, "title": str, "module": str, "functions": list, "points": int, "visibility": str}
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: task #{number}"
        for name, kind in fields.items():
            if not isinstance(entry.get(name), kind):
                raise ManifestError(f"{where}: field '{name}' is missing or not a {kind.__name__}")
        unknown = set(entry) - set(fields)
        if unknown:
            raise ManifestError(f"{where}: unknown field(s) {sorted(unknown)}")
        if entry["visibility"] not in VISIBILITIES:
            raise ManifestError(f"{where}: visibility must be one of {VISIBILITIES}")
        if entry["points"] <= 0 or not entry["functions"]:
            raise ManifestError(f"{where}: points must be positive and functions non-empty")
        tasks.append(Task(
            id=entry["id"], title=entry["title"], module=entry["module"],
            functions=tuple(entry["functions"]), points=entry["points"],
            visibility=entry["visibility"],
        ))
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise ManifestError(f"{source}: task ids repeat: {ids}")
    owners = [(t.module, f) for t in tasks for f in t.functions]
    if len(set(owners)) != len(owners):
        raise ManifestError(f"{source}: a function is listed under two tasks")
    return tuple(tasks)


@cache
def load_tasks(path: Path = MANIFEST) -> tuple[Task, ...]:
    """The tasks of the manifest at ``path``, in manifest order."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ManifestError(f"cannot read the task manifest {path}: {err.strerror}") from None
    return parse_tasks(text, source=path.name)
