"""The Grader: run every check on one submission and return a Report.

The core knows nothing of the channel that calls it (the CLI's ``check``,
``grade`` and ``grade-class``, pytest, nbgrader, CI): each of those is a thin
adapter that builds a :class:`Grader` and serialises the :class:`Report`.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from autograder.expected import cache as expected_cache
from autograder.expected.checks import Computed, Memo, hidden_seed, visible_seed
from autograder.expected.selection import check_points, selected_checks
from autograder.runtime.engine import GRADING_LIMITS, AmbiguousSubmission, locate_modules, run_checks
from autograder.runtime.errors import SubmissionError
from autograder.runtime.judges import Check, GraderBug
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.model import Report, Status
from autograder.runtime.sandbox import Limits
from autograder.runtime.sandbox.isolation import probe_ahead

DEFAULT_SEED = 20261122
VISIBILITIES = ("all", "visible", "hidden")   # the checks a grader runs: every one, or those of one kind


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


def visible_seed_of(check: Check) -> int:
    return visible_seed(check.name)


class GraderLike(Protocol):
    """What the channels need of a :class:`autograder.grading.grader.Grader`."""

    seed: int
    visibility: str
    isolation: str

    def grade(self, submission: Path, name: str | None = None) -> Report: ...

    def save_cache(self) -> Path | None: ...


class Grader:
    """Grades submissions against the reference; shared by every submission of one grading run.

    Expected values and the PyTorch run are computed once per Grader (lazily,
    thread-safely, and ahead of time in a background thread) and reused for every
    submission it grades, so one Grader can serve a whole class from several threads.

    - seed: the grading-time seed of the hidden checks (the visible checks use fixed seeds)
    - visibility: "all" (grading), "visible" (a learner's self-check) or "hidden" (a notebook's hidden cell)
    - isolation: the sandbox mode, "auto", "process" or "namespace"
    - limits: the sandbox's limits per call and per submission
    - hide: more paths the learner's process must not see (the class folder, the output folder)
    - tasks: only the checks of these task ids (default: every task)
    - assignment: what grading records of the assignment graded (``Assignment.describe()``: id, title, tasks,
      points), written into every report.json and shown on the pages; None for the whole kit
    - exclude: the names of checks not to run: the report has no result for them and its total is out of
      fewer points (not for grades: the kit's tests leave out the end-to-end run where they judge the others)
    - cache: a folder of expected values (see ``autograder/expected/cache.py``): read now, written by :meth:`save_cache`
      or, when the first :meth:`grade` finds this seed missing, as soon as its background work has computed it
    """

    def __init__(
        self, seed: int = DEFAULT_SEED, visibility: str = "all", isolation: str = "auto",
        limits: Limits | None = None, hide: tuple[Path, ...] = (), tasks: tuple[str, ...] | None = None,
        exclude: tuple[str, ...] = (),
        cache: Path | None = None,
        assignment: dict[str, Any] | None = None,
    ) -> None:
        if visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, got {visibility!r}")
        if isolation != "process":
            probe_ahead()   # a root grader's namespace probe runs while the expected values load
        self.seed = seed
        self.visibility = visibility
        self.isolation = isolation
        self.assignment = assignment
        self.limits = limits or GRADING_LIMITS
        self.cache = Path(cache) if cache is not None else None
        self.hide = hidden_paths((*hide, *((self.cache.resolve(),) if self.cache else ())))
        self.memo = Memo()
        self.source = Computed(self.memo)
        self.checks = selected_checks(visibility, tasks, exclude)
        self.points = check_points()
        self.notes: list[str] = []     # one-line notes for the instructor (a cache file refused)
        self.cached = False
        self._load_cache()
        self._prefetch: threading.Thread | None = None
        self._prefetch_lock = threading.Lock()

    def grade(self, submission: Path, name: str | None = None) -> Report:
        """Grade the folder ``submission``; never raises for anything the learner's code does.

        ``submission`` may hold the modules themselves or a folder that does (a learner release's
        repository, modules in ``exercises/``): :func:`~autograder.engine.locate_modules` picks the
        folder; nothing else of the submission is used (a learner's ``selfcheck/`` or ``tests/`` never).
        Raises SubmissionError only for the caller's mistakes (the path does not exist or
        is not a folder, or the modules are in two folders). A folder without any exercise module
        gives a Report with every check NOT_ATTEMPTED and ``error`` set to the reason.
        """
        submission = Path(submission)
        if not submission.exists():
            raise SubmissionError(f"{submission} does not exist; give the folder of a learner's modules")
        if not submission.is_dir():
            raise SubmissionError(f"{submission} is not a folder; give the folder of a learner's modules")
        name = name or submission.resolve().name
        try:
            submission = locate_modules(submission, [task.module for task in load_tasks()])
        except AmbiguousSubmission as err:
            raise SubmissionError(f"{submission}: {err}") from None
        self._start_prefetch()
        report = run_checks(submission, name, self.checks, self.points, self.source,
                            self.seed_of, [task.module for task in load_tasks()], self.limits, self.hide,
                            self.isolation)
        self._earlier_tasks_first(submission, name, report)
        return report

    def _earlier_tasks_first(self, submission: Path, name: str, report: Report) -> None:
        """An end-to-end check (spec "uses") that failed while some task it runs was not graded (an earlier
        assignment's): run those tasks' visible checks on the same files, for its message only (their results
        are not in the report), and say which to fix first, as the engine does for the tasks graded with it."""
        graded = {check.task for check in self.checks}
        by_name = {check.name: check for check in self.checks}
        for result in report.results:
            check = by_name.get(result.name)
            others = tuple(u for u in (check.spec.get("uses", ()) if check else ()) if u not in graded)
            if result.status is Status.PASSED or not others or report.error:
                continue
            earlier = run_checks(submission, name, selected_checks("visible", others), self.points, self.source,
                                 visible_seed_of, [task.module for task in load_tasks()], self.limits, self.hide,
                                 self.isolation)
            failing = sorted({r.task for r in earlier.results if r.status is not Status.PASSED}, key=int)
            if failing:
                tasks = ", ".join(failing)
                result.message += (
                    f"\nFix task{'s' if len(failing) > 1 else ''} {tasks} first (an earlier assignment's, not graded "
                    f"here: {'their' if len(failing) > 1 else 'its'} visible checks fail on the files you handed "
                    "in): this end-to-end check runs your code of those tasks too.")

    def save_cache(self) -> Path | None:
        """Write every expected value of this grader's seed to its cache folder, computing what is missing.

        Returns the file written (None without a cache folder, or when it was read warm or another process
        sharing the folder filled it meanwhile).
        """
        if self.cache is None or self.cached:
            return None
        claim = expected_cache.claim(self.cache, self.seed)   # waits while another process fills it
        try:
            self._load_cache()
            return None if self.cached else self._fill_cache()
        finally:
            claim.release()

    def _load_cache(self) -> None:
        """Take what the cache folder holds for this seed; ``cached`` says whether it has every value needed."""
        if self.cache is None:
            return
        values, note = expected_cache.load(self.cache, self.seed)
        self.notes += [note] if note and note not in self.notes else []
        self.memo.preload(values)
        self.cached = all((c.name, self.seed_of(c), part) in values for c in self.checks for part in c.build)

    def _fill_cache(self) -> Path:
        """(This seed's file claimed) compute what is missing and write the file."""
        assert self.cache is not None
        self.prepare()
        self.cached = True
        return expected_cache.save(self.cache, self.seed, self.memo.values())

    def seed_of(self, check: Check) -> int:
        return visible_seed(check.name) if check.visibility == "visible" else hidden_seed(check.name, self.seed)

    def _start_prefetch(self) -> None:
        """Start the shared work in the background: the PyTorch run, then every check's expected values.

        The first learners' checks then find their expected values ready instead of
        computing them one thread at a time. With a cache folder that lacks this seed's values, the
        work is claimed first: another process filling the same file is waited for and its file read;
        otherwise the background thread fills it as soon as it is done (and releases the claim).
        """
        with self._prefetch_lock:
            if self._prefetch is None:
                claim = None
                if self.cache is not None and not self.cached:
                    claim = expected_cache.claim(self.cache, self.seed)
                    self._load_cache()
                self._prefetch = threading.Thread(target=self._prefetch_all, args=(claim,), daemon=True)
                self._prefetch.start()

    def _prefetch_all(self, claim: expected_cache.Claim | None) -> None:
        try:
            if not self.cached:
                self.prepare(quiet=True)
            if claim is not None and not self.cached:
                self._fill_cache()   # everything is computed by now, unless a builder failed: then it raises
        except (GraderBug, OSError):
            pass      # the check that needs the value reports the failure; the channel's save_cache says why
        finally:
            if claim is not None:
                claim.release()

    def prepare(self, quiet: bool = False) -> None:
        """Compute every expected value of this grader's checks (the parts a check declares slow first, apart)."""
        parts = [(check, part) for check in self.checks for part in check.build]
        slow = [(c, p) for c, p in parts if p in c.spec.get("slow", ())]
        threads = [threading.Thread(target=self._compute, args=(c, p, quiet), daemon=True) for c, p in slow]
        for thread in threads:
            thread.start()
        for check, part in parts:
            if (check, part) not in slow:
                self._compute(check, part, quiet)
        for thread in threads:
            thread.join()

    def _compute(self, check: Check, part: str, quiet: bool) -> None:
        try:
            self.source.expected(check, self.seed_of(check), part)
        except GraderBug:
            if not quiet:
                raise      # quiet (a prefetch): the check itself recomputes and reports the failure
