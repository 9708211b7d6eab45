"""The grading core: run every check on one submission and return a Report.

The core knows nothing of the channel that calls it (the CLI's ``check``,
``grade`` and ``grade-class``, pytest, nbgrader, CI): each of those is a thin
adapter that builds a :class:`Grader` and serialises the :class:`Report`.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kit.manifest import MANIFEST, ROOT, ManifestError, Task, load_tasks

from .checks import REGISTRY, Check, Context, Failure, GraderBug, Memo, convergence, hidden_seed, visible_seed
from .model import CheckResult, Report, Status
from .sandbox import Limits, Sandbox, SandboxError

DEFAULT_SEED = 20261122
DRIVERS = Path(__file__).with_name("drivers.py")
NOTHING_FOUND = "no exercise module found"


class SubmissionError(ValueError):
    """The instructor's input is unusable (a missing path, not a folder): one line saying what to do."""


def hidden_paths(extra: tuple[Path, ...] = ()) -> list[Path]:
    """What a learner's process must not see: the kit's answers and tools, other packages, ``extra``.

    A path that holds what the learner's process needs (the Python installation, numpy, the
    temporary folder where sandboxes live) cannot be hidden and is left out.
    """
    paths = [ROOT / name for name in ("solutions", "autograder", "kit", "tests", "examples", "bench", ".git")]
    for package in ("torch", "nbgrader", "jupyter_server", "notebook"):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            paths += [Path(p) for p in spec.submodule_search_locations]
    needed = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, np.__file__, tempfile.gettempdir())]
    return [p for p in [*paths, *extra]
            if p.exists() and not any(n == p.resolve() or p.resolve() in n.parents for n in needed)]


class Grader:
    """Grades submissions against the reference; shared by every submission of one grading run.

    Expected values and the PyTorch run are computed once per Grader (lazily,
    thread-safely) and reused for every submission it grades, so one Grader can
    serve a whole class from several threads.

    - seed: the grading-time seed of the hidden checks (the visible checks use fixed seeds)
    - visibility: "all" (grading) or "visible" (a learner's self-check)
    - isolation: the sandbox mode, "auto", "process" or "namespace"
    - limits: the sandbox's limits per call and per submission
    - hide: more paths the learner's process must not see (the class folder, the output folder)
    """

    def __init__(
        self, seed: int = DEFAULT_SEED, visibility: str = "all", isolation: str = "auto",
        limits: Limits | None = None, hide: tuple[Path, ...] = (),
    ) -> None:
        if visibility not in ("all", "visible"):
            raise ValueError(f"visibility must be 'all' or 'visible', got {visibility!r}")
        self.seed = seed
        self.visibility = visibility
        self.isolation = isolation
        self.limits = limits or Limits(call_seconds=2.0, total_seconds=120.0)
        self.hide = hidden_paths(hide)
        self.memo = Memo()
        self.checks = selected_checks(visibility)
        self.points = check_points()
        self._prefetch: threading.Thread | None = None
        self._prefetch_lock = threading.Lock()

    def grade(self, submission: Path, name: str | None = None) -> Report:
        """Grade the folder ``submission``; never raises for anything the learner's code does.

        Raises SubmissionError only for the caller's mistakes (the path does not exist or
        is not a folder). A folder without any Python module gives a Report with every
        check NOT_ATTEMPTED and ``error`` set to the reason.
        """
        submission = Path(submission)
        if not submission.exists():
            raise SubmissionError(f"{submission} does not exist; give the folder of a learner's modules")
        if not submission.is_dir():
            raise SubmissionError(f"{submission} is not a folder; give the folder of a learner's modules")
        name = name or submission.resolve().name
        self._start_prefetch()
        start = time.perf_counter()
        modules = {task.module for task in load_tasks()}
        if not any((submission / f"{module}.py").is_file() for module in modules):
            reason = (f"{NOTHING_FOUND} in {submission}: expected files such as "
                      f"{', '.join(sorted(m + '.py' for m in modules)[:3])}, ...")
            below = sorted(p.name for p in submission.iterdir() if p.is_dir() and p.name != "__MACOSX"
                           and not p.name.startswith(".") and any((p / f"{m}.py").is_file() for m in modules))
            if below:
                reason += f"; they are one folder down, in '{below[0]}/': put them at the top of the submission"
            results = [self._result(check, Failure(f"not attempted: {reason}", Status.NOT_ATTEMPTED))
                       for check in self.checks]
            return Report(name, results, round(time.perf_counter() - start, 3), error=reason)
        results: dict[str, CheckResult] = {}
        integrity: list[dict[str, str]] = []
        # The convergence run goes first: the learner's training overlaps PyTorch's (in the prefetch).
        order = sorted(self.checks, key=lambda check: check.name != convergence.NAME)
        try:
            with Sandbox(submission, DRIVERS, self.limits, self.hide, self.isolation) as sandbox:
                for check in order:
                    context = Context(check, self._seed_of(check), sandbox, self.memo)
                    results[check.name] = self._run(check, context)
                    _record(integrity, check.name, sandbox.take_integrity())
                last = check.name if order else ""
            _record(integrity, last, sandbox.take_integrity())   # found while the sandbox closed
        except SandboxError as err:    # the machine could not start a sandbox: no learner code ran
            reason = f"the grader could not start a sandbox for this submission: {err}"
            failure = Failure(reason, Status.ERROR)
            return Report(name, [self._result(check, failure) for check in self.checks],
                          round(time.perf_counter() - start, 3), error=reason)
        return Report(name, [results[check.name] for check in self.checks], round(time.perf_counter() - start, 3),
                      integrity=integrity)

    def _run(self, check: Check, ctx: Context) -> CheckResult:
        try:
            diagnostics = check.run(ctx) or {}
        except Failure as failure:
            return self._result(check, failure)
        except GraderBug:
            raise                  # the kit's fault: the channel reports it, no learner is scored by it
        except Exception as err:   # the learner returned something the comparison could not digest
            return self._result(check, Failure(
                f"could not judge this check: the value returned led to {type(err).__name__}: {err}",
                Status.ERROR))
        return CheckResult(check.name, check.task, self.points[check.name], self.points[check.name],
                           Status.PASSED, "passed", check.visibility, diagnostics)

    def _result(self, check: Check, failure: Failure) -> CheckResult:
        return CheckResult(check.name, check.task, self.points[check.name], 0.0, failure.status,
                           failure.message, check.visibility, failure.diagnostics)

    def _start_prefetch(self) -> None:
        """Start the shared work in the background: the PyTorch run, then every check's expected values.

        The first learners' checks then find their expected values ready instead of
        computing them one thread at a time.
        """
        with self._prefetch_lock:
            if self._prefetch is None:
                self._prefetch = threading.Thread(target=self._prefetch_all, daemon=True)
                self._prefetch.start()

    def _prefetch_all(self) -> None:
        if any(c.name == convergence.NAME for c in self.checks):
            threading.Thread(target=convergence.prefetch, args=(self.memo,), daemon=True).start()
        for check in self.checks:
            try:   # a dry run: every check computes its shared values before it calls the sandbox
                check.run(Context(check, self._seed_of(check), _NoSandbox(), self.memo))
            except Exception:  # noqa: BLE001  _NoSandbox's stop, or a failure the real run will report
                pass

    def _seed_of(self, check: Check) -> int:
        return visible_seed(check.name) if check.visibility == "visible" else hidden_seed(check.name, self.seed)


def _record(integrity: list[dict[str, str]], check: str, flags: list[tuple[str, str]]) -> None:
    """Add the sandbox's flags under the check that raised them, each (kind, detail) once per report."""
    seen = {(flag["kind"], flag["detail"]) for flag in integrity}
    for kind, detail in flags:
        if (kind, detail) not in seen:
            seen.add((kind, detail))
            integrity.append({"kind": kind, "check": check, "detail": detail})


class _NoSandbox:
    """Stands in for a sandbox in dry runs: the first call to learner code ends the run."""

    def run(self, job: str, payload: dict, timeout: float | None = None):
        raise LookupError("dry run")


def selected_checks(visibility: str) -> list[Check]:
    """The checks of a grading run, in task order (the manifest's), registration order within a task."""
    tasks = load_tasks()
    check_manifest(tasks, REGISTRY)
    order = {task.id: k for k, task in enumerate(tasks)}
    checks = [c for c in REGISTRY if visibility == "all" or c.visibility == "visible"]
    return sorted(checks, key=lambda c: order[c.task])


def check_points() -> dict[str, float]:
    """Each check's points: its task's points shared in proportion to the weights of all its checks."""
    tasks = load_tasks()
    check_manifest(tasks, REGISTRY)
    points = {task.id: task.points for task in tasks}
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
                                f"for it in autograder/checks/ or remove the task")
