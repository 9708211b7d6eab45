"""Which checks a grading run has and what each is worth: the manifest's tasks shared among their checks."""

from __future__ import annotations

from collections.abc import Sequence

from autograder.expected.checks import REGISTRY
from autograder.runtime.judges import Check
from autograder.runtime.manifest import MANIFEST, ManifestError, Task, load_tasks


def selected_checks(
    visibility: str, tasks: tuple[str, ...] | None = None, exclude: tuple[str, ...] = (),
) -> list[Check]:
    """The checks of a grading run, in task order (the manifest's), registration order within a task; those
    named in ``exclude`` left out."""
    manifest = load_tasks()
    check_manifest(manifest, REGISTRY)
    order = {task.id: k for k, task in enumerate(manifest)}
    checks = [c for c in REGISTRY if (visibility == "all" or c.visibility == visibility)
              and (tasks is None or c.task in tasks) and c.name not in exclude]
    return sorted(checks, key=lambda c: order[c.task])


def check_points() -> dict[str, float]:
    """Each check's points: its task's points shared in proportion to the weights of all its checks."""
    manifest = load_tasks()
    check_manifest(manifest, REGISTRY)
    points = {task.id: task.points for task in manifest}
    totals: dict[str, float] = {}
    for check in REGISTRY:
        totals[check.task] = totals.get(check.task, 0.0) + check.weight
    return {c.name: points[c.task] * c.weight / totals[c.task] for c in REGISTRY}


def check_manifest(tasks: Sequence[Task], checks: Sequence[Check]) -> None:
    """Raise ManifestError (one line naming it) for a check of an unknown task or a task without checks.

    Either would grade out of the wrong total: a task without checks silently gives its points
    to no one, a check of an unknown task has no points to share.
    """
    ids = {task.id for task in tasks}
    for check in checks:
        if check.task not in ids:
            raise ManifestError(f"the check '{check.name}' belongs to task '{check.task}', which {MANIFEST.name} "
                                f"does not list; add the task or correct the check's task")
    for task in tasks:
        if not any(check.task == task.id for check in checks):
            raise ManifestError(f"{MANIFEST.name}: task {task.id} ('{task.title}') has no checks; add checks "
                                f"for it in autograder/expected/checks/ or remove the task")
