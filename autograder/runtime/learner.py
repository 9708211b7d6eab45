"""The learner's side of the visible checks, with expected values read from a pack: no reference code.

Shipped in a learner release as the package ``selfcheck`` (beside the judges, the engine and
the sandbox); ``python -m selfcheck check [DIR] [--task N] [--assignment A] [--failed]`` there gives the verdicts,
points and messages that ``python -m autograder check`` gives in the kit for the same code.

    from selfcheck import check
    report = check(Path("exercises"), tasks=["6"])
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from . import pack
from .engine import GRADING_LIMITS, run_checks
from .judges import Check
from .model import Report, Status
from .terminal import format_selfcheck, is_terminal, printable, wants_colour

PACK = Path(__file__).with_name("pack.npz")
VERSION_FILE = Path(__file__).with_name("VERSION")
EXIT_OK, EXIT_NOT_PASSED, EXIT_USAGE = 0, 1, 2


class CheckerError(ValueError):
    """Unusable input (a missing folder, a foreign pack, an unknown task): one line saying what to do."""


@dataclass(frozen=True)
class PackTask:
    id: str
    title: str
    module: str
    points: float


@dataclass
class VisibleChecks:
    """A pack, loaded: its checks, their points and expected values, the tasks and the course's total points."""

    checks: list[Check]
    points: dict[str, float]
    source: pack.Packed
    tasks: list[PackTask]
    total_points: float
    #: The assignments whose checks the pack holds ({"id", "title", "tasks", "points"}): a release of one
    #: assignment holds that one; a release of the whole kit, every assignment of the course.
    assignments: list[dict[str, Any]] = field(default_factory=list)
    #: Every module the checks may import: the tasks' and those of earlier tasks they build on (carried).
    modules: list[str] = field(default_factory=list)

    def assignment(self, name: str) -> dict[str, Any]:
        """The assignment called ``name``; CheckerError naming those of this release if there is none."""
        for assignment in self.assignments:
            if assignment.get("id") == name:
                return assignment
        known = ", ".join(str(a.get("id")) for a in self.assignments) or "none"
        raise CheckerError(f"this release holds no assignment '{name}' (it holds: {known}); check the name in "
                           "your course's instructions, or leave --assignment out")

    def select(self, tasks: Sequence[str] | None) -> list[Check]:
        if not tasks:
            return self.checks
        known = [task.id for task in self.tasks]
        unknown = [t for t in tasks if t not in known]
        if unknown:
            raise CheckerError(f"there is no task {', '.join(unknown)}; the tasks are {', '.join(known)}")
        return [c for c in self.checks if c.task in tasks]


def version() -> str:
    return VERSION_FILE.read_text().strip() if VERSION_FILE.exists() else "kit"


def load(path: Path = PACK) -> VisibleChecks:
    """The pack at ``path``; CheckerError (one line) if it is missing, damaged or made for another checker."""
    package = Path(__file__).parent
    try:
        meta, values = pack.read(path, expect={"format": pack.FORMAT}, lazy=True)
    except pack.PackError as err:
        raise CheckerError(f"cannot read the visible checks: {err}; get a fresh copy of the release") from None
    mine = {"format": pack.FORMAT, "kit_version": version(), "judging_sha256": pack.judging_digest(package)}
    for key, want in mine.items():
        if meta.get(key) != want:
            raise CheckerError(f"the visible checks in {path} were made for another version of this checker "
                               f"({key} {str(meta.get(key))[:12]}, this checker {str(want)[:12]}); "
                               "use the pack and the checker of the same release")
    checks = [Check(c["name"], c["task"], c["weight"], "visible", c["judge"], c["spec"]) for c in meta["checks"]]
    tasks = [PackTask(**t) for t in meta["tasks"]]
    return VisibleChecks(checks, {c["name"]: c["points"] for c in meta["checks"]}, pack.Packed(values),
                         tasks, meta["total_points"], list(meta.get("assignments", [])),
                         list(meta.get("modules", [t.module for t in tasks])))


class Ticker:
    """Which check is running, on one line of a terminal that is rewritten in place (with the seconds it has
    been running, once past ``quiet`` seconds); nothing at all on anything but a terminal."""

    def __init__(self, stream: TextIO, quiet: float = 2.0) -> None:
        self.stream, self.quiet = stream, quiet
        self.name, self.since = "", 0.0
        self.shown = False
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Ticker:
        if is_terminal(self.stream):
            self.thread = threading.Thread(target=self._tick, name="selfcheck-ticker", daemon=True)
            self.thread.start()
        return self

    def __call__(self, check: Check) -> None:
        with self.lock:
            self.name, self.since = check.name, time.monotonic()

    def _tick(self) -> None:
        while not self.stop.wait(1.0):
            with self.lock:
                running = time.monotonic() - self.since
                if self.name and running >= self.quiet:
                    line = printable(f"running: {self.name} ({running:.0f} s)")[:100]
                    self.stream.write(f"\r{line}\x1b[K")
                    self.stream.flush()
                    self.shown = True

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()


def check(directory: Path = Path("exercises"), tasks: Sequence[str] | None = None,
          visible: VisibleChecks | None = None, names: Sequence[str] | None = None,
          progress: Callable[[Check], None] | None = None) -> Report:
    """Run the visible checks (of ``tasks``, or only those called ``names``) on the modules in ``directory``;
    ``progress`` is called with each check as it starts."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CheckerError(f"'{directory}' is not a folder; run the checker from the folder that holds "
                           "selfcheck/ and exercises/, or give the folder of your modules")
    visible = visible or load()
    checks = visible.select(tasks)
    if names is not None:
        checks = [c for c in checks if c.name in set(names)]
    return run_checks(directory, directory.resolve().name, checks, visible.points, visible.source,
                      lambda c: 0, visible.modules or [t.module for t in visible.tasks], GRADING_LIMITS,
                      task_of={t.module: t.id for t in visible.tasks}, progress=progress)


# GitHub Classroom: one runner per task, in the schema of GitHub's own graders (autograding-command-grader:
# version 1; statuses "pass", "fail", "error"; integer max_score and scores; duration in milliseconds).
# The grading reporter records the sum of every test's score over the sum of the runners' max_score:
# whole numbers, so its floating-point sums are exact and a perfect submission gets exactly full marks.
CLASSROOM_VERSION = 1
CLASSROOM_ROUNDING = ("each task: its points times the share of its visible checks' weight that passed, "
                      "rounded to the nearest whole point, halves up")


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def classroom_points(report: Report, visible: VisibleChecks, task: str) -> tuple[int, int]:
    """(points, out of) of ``task`` on GitHub Classroom from ``report``'s visible checks (CLASSROOM_ROUNDING)."""
    weights = {c.name: Fraction(str(c.weight)) for c in visible.checks if c.task == task}
    out_of = round_half_up(Fraction(str(next(t.points for t in visible.tasks if t.id == task))))
    passed = sum((weights[r.name] for r in report.results if r.name in weights and r.status is Status.PASSED),
                 Fraction(0))
    total = sum(weights.values(), Fraction(0))
    return (round_half_up(out_of * passed / total) if total else 0), out_of


def classroom_result(report: Report, visible: VisibleChecks, task: str, duration_ms: int = 0) -> dict[str, Any]:
    """Task ``task``'s runner result: one test per visible check, the task's whole points shared among the
    checks that passed (largest remainders by weight), so the tests' scores add up to :func:`classroom_points`."""
    points, out_of = classroom_points(report, visible, task)
    weights = {c.name: Fraction(str(c.weight)) for c in visible.checks if c.task == task}
    results = [r for r in report.results if r.name in weights]
    passed = [r for r in results if r.status is Status.PASSED]
    scores = _shares(points, [weights[r.name] for r in passed])
    score_of = {r.name: scores[k] for k, r in enumerate(passed)}
    tests = [{"name": r.name, "status": "pass" if r.status is Status.PASSED else "fail",
              "score": score_of.get(r.name, 0), "message": r.message, "test_code": f"python -m selfcheck check "
              f"--task {task}", "filename": "", "line_no": 0, "duration": duration_ms // max(len(results), 1)}
             for r in results]
    if not tests or report.error:     # nothing judged (no module found): say why, as GitHub's graders do
        return classroom_error(task, out_of, report.error or "no visible check ran", duration_ms)
    status = "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    return {"version": CLASSROOM_VERSION, "status": status, "max_score": out_of, "tests": tests}


def classroom_error(task: str, out_of: int, message: str, duration_ms: int = 0) -> dict[str, Any]:
    """A runner result scoring 0 of ``out_of`` with status "error" and ``message`` (the reporter prints it)."""
    test = {"name": f"Task {task}", "status": "error", "score": 0, "message": message,
            "test_code": f"python -m selfcheck check --task {task}", "filename": "", "line_no": 0,
            "duration": duration_ms}
    return {"version": CLASSROOM_VERSION, "status": "error", "max_score": out_of, "tests": [test]}


def encode(result: dict[str, Any]) -> str:
    """A runner result as the reporter reads it: base64 of its JSON."""
    return base64.b64encode(json.dumps(result).encode()).decode()


def _shares(total: int, weights: Sequence[Fraction]) -> list[int]:
    """``total`` whole points shared in proportion to ``weights`` (largest remainders, the first on a tie)."""
    whole = sum(weights, Fraction(0))
    if not weights or not whole:
        return [0] * len(weights)
    quotas = [total * w / whole for w in weights]
    shares = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda k: (-(quotas[k] - shares[k]), k))
    for k in order[:total - sum(shares)]:
        shares[k] += 1
    return shares


def run_classroom(task: str, directory: Path, points: int | None, stdout: TextIO, stderr: TextIO) -> int:
    """``classroom --task N``: the runner result on stdout (always one, whatever happens), the report on stderr."""
    start = time.perf_counter()
    out_of = points if points is not None else 0
    try:
        visible = load()
        visible.select([task])
        out_of = points if points is not None else round_half_up(
            Fraction(str(next(t.points for t in visible.tasks if t.id == task))))
        if not Path(directory).is_dir():
            raise CheckerError(f"there is no folder '{directory}' with your modules; put them back in "
                               "exercises/ (as the release has them) and push again")
        report = check(Path(directory), [task], visible)
        duration = round((time.perf_counter() - start) * 1000)
        result = classroom_result(report, visible, task, duration)
        result["max_score"] = out_of
        stderr.write(format_selfcheck(report, total_points=visible.total_points, tasks=visible.tasks,
                                      only_tasks=[task], heading=f"Task {task}, visible checks"))
        stderr.write(f"GitHub Classroom: {sum(t['score'] for t in result['tests'])}/{out_of} points for task "
                     f"{task} ({CLASSROOM_ROUNDING})\n")
    except Exception as err:   # the checker itself could not run: still a result, with the reason
        message = str(err) if isinstance(err, CheckerError) else f"the checker failed: {type(err).__name__}: {err}"
        stderr.write(f"error: {message}\n")
        result = classroom_error(task, out_of, message, round((time.perf_counter() - start) * 1000))
    print(encode(result), file=stdout)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``python -m selfcheck``: check (the visible checks) or classroom (one task's result for GitHub Classroom)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m selfcheck", description="Check your work with the "
                                     "visible checks (no answers inside: expected values only).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check", help="run the visible checks on your modules")
    run.add_argument("directory", nargs="?", default="exercises", help="your modules' folder (default: exercises)")
    run.add_argument("--task", action="append", metavar="N", help="only task N (repeat for several)")
    run.add_argument("--assignment", metavar="A", help="only the tasks of assignment A (a weekly course)")
    run.add_argument("--failed", action="store_true", help="run every check, list only those that did not pass")
    classroom = commands.add_parser("classroom", help="print one task's result for GitHub Classroom's reporter")
    classroom.add_argument("--task", required=True, metavar="N")
    classroom.add_argument("--points", type=int, metavar="P", help="the task's points (default: the pack's)")
    classroom.add_argument("directory", nargs="?", default="exercises")
    options = parser.parse_args(argv)
    if options.command == "classroom":
        return run_classroom(options.task, Path(options.directory), options.points, stdout, stderr)
    total, heading = None, f"Self-check of {printable(options.directory)} (visible checks only)"
    try:
        visible = load()
        if options.assignment is not None:
            chosen = visible.assignment(options.assignment)
            ids = [str(t) for t in chosen.get("tasks", [])]
            outside = [t for t in options.task or () if t not in ids]
            if outside:
                raise CheckerError(f"task {', '.join(outside)} is not in assignment '{options.assignment}' "
                                   f"(tasks {', '.join(ids)}); drop --task or --assignment")
            options.task = options.task or ids
            total = chosen.get("points")
            heading = f"Self-check of {printable(options.directory)}, {printable(str(chosen.get('title')))} " \
                      "(visible checks only)"
        with Ticker(stderr) as ticker:
            report = check(Path(options.directory), options.task, visible, progress=ticker)
    except CheckerError as err:
        print(f"error: {err}", file=stderr)
        return EXIT_USAGE
    stdout.write(format_selfcheck(report, total_points=total if total is not None else visible.total_points,
                                  tasks=visible.tasks, failed_only=options.failed, only_tasks=options.task,
                                  colour=wants_colour(stdout), heading=heading))
    tasks = options.task or [t.id for t in visible.tasks]
    earned = [classroom_points(report, visible, task) for task in tasks]
    stdout.write(f"GitHub Classroom grade from these checks: {sum(p for p, _ in earned)}/{sum(o for _, o in earned)}"
                 f" ({CLASSROOM_ROUNDING})\n")
    return EXIT_OK if report.all_passed and report.results else EXIT_NOT_PASSED


def describe(visible: VisibleChecks) -> list[dict[str, Any]]:
    """One entry per visible check (name, task): what the pytest plugin collects."""
    return [{"name": c.name, "task": c.task} for c in visible.checks]
