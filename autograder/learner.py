"""The learner's side of the visible checks, with expected values read from a pack: no reference code.

Shipped in a learner release as the package ``selfcheck`` (beside the judges, the engine and
the sandbox); ``python -m selfcheck check [DIR] [--task N] [--failed]`` there gives the verdicts,
points and messages that ``python -m autograder check`` gives in the kit for the same code.

    from selfcheck import check
    report = check(Path("exercises"), tasks=["6"])
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from . import pack
from .engine import GRADING_LIMITS, run_checks
from .judges import Check
from .model import Report, Status
from .report.terminal import format_selfcheck, is_terminal, printable, wants_colour

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
        meta, values = pack.read(path, lazy=True)
    except pack.PackError as err:
        raise CheckerError(f"cannot read the visible checks: {err}; get a fresh copy of the release") from None
    mine = {"format": pack.FORMAT, "kit_version": version(), "judging_sha256": pack.judging_digest(package)}
    for key, want in mine.items():
        if meta.get(key) != want:
            raise CheckerError(f"the visible checks in {path} were made for another version of this checker "
                               f"({key} {str(meta.get(key))[:12]}, this checker {str(want)[:12]}); "
                               "use the pack and the checker of the same release")
    checks = [Check(c["name"], c["task"], c["weight"], "visible", c["judge"], c["spec"]) for c in meta["checks"]]
    return VisibleChecks(checks, {c["name"]: c["points"] for c in meta["checks"]}, pack.Packed(values),
                         [PackTask(**t) for t in meta["tasks"]], meta["total_points"])


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
                      lambda c: 0, [t.module for t in visible.tasks], GRADING_LIMITS,
                      task_of={t.module: t.id for t in visible.tasks}, progress=progress)


def classroom_payload(report: Report) -> str:
    """GitHub Classroom's runner result (what autograding-grading-reporter decodes): base64 JSON, partial points."""
    tests = [{"name": r.name, "status": "pass" if r.status is Status.PASSED else "fail",
              "score": round(r.points, 4), "message": r.message, "test_code": f"python -m selfcheck check "
              f"--task {r.task}", "filename": "", "line_no": 0, "execution_time": ""} for r in report.results]
    failed = any(r.status is not Status.PASSED for r in report.results)
    payload = {"version": 1, "status": "fail" if failed else "pass",   # max_score: the sum of what tests can score
               "max_score": round(sum(round(r.max_points, 4) for r in report.results), 4), "tests": tests}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``python -m selfcheck``: check (the visible checks) or classroom (one task's payload for GitHub Classroom)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m selfcheck", description="Check your work with the "
                                     "visible checks (no answers inside: expected values only).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check", help="run the visible checks on your modules")
    run.add_argument("directory", nargs="?", default="exercises", help="your modules' folder (default: exercises)")
    run.add_argument("--task", action="append", metavar="N", help="only task N (repeat for several)")
    run.add_argument("--failed", action="store_true", help="run every check, list only those that did not pass")
    classroom = commands.add_parser("classroom", help="print one task's result for GitHub Classroom's reporter")
    classroom.add_argument("--task", required=True, metavar="N")
    classroom.add_argument("directory", nargs="?", default="exercises")
    options = parser.parse_args(argv)
    try:
        visible = load()
        tasks = options.task if options.command == "check" else [options.task]
        with Ticker(stderr) as ticker:
            report = check(Path(options.directory), tasks, visible, progress=ticker)
    except CheckerError as err:
        print(f"error: {err}", file=stderr)
        return EXIT_USAGE
    if options.command == "classroom":
        print(classroom_payload(report), file=stdout)
        return EXIT_OK
    stdout.write(format_selfcheck(report, total_points=visible.total_points, tasks=visible.tasks,
                                  failed_only=options.failed, only_tasks=tasks, colour=wants_colour(stdout),
                                  heading=f"Self-check of {printable(options.directory)} (visible checks only)"))
    return EXIT_OK if report.all_passed and report.results else EXIT_NOT_PASSED


def describe(visible: VisibleChecks) -> list[dict[str, Any]]:
    """One entry per visible check (name, task): what the pytest plugin collects."""
    return [{"name": c.name, "task": c.task} for c in visible.checks]
