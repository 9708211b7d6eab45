"""Grade a whole class: every learner's folder under ROOT, in parallel, resumably.

The folders and files it reads and writes, and when a learner's report counts as fresh, are in
:mod:`autograder.grading.files`. Every file is written atomically, and report.json only after
results.json, so an interruption at any point leaves finished learners complete and the others
to be graded by the next run; ``--html`` pages are rendered from the report.json files afterwards.
"""

from __future__ import annotations

import contextlib
import json
import stat
import sys
import threading
import traceback
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from autograder.expected.digest import code_digest, manifest_digest
from autograder.formats import gradebook
from autograder.formats.dashboard import ERROR_FILE, REPORT_FILE
from autograder.formats.gradescope import failure_results, to_gradescope
from autograder.formats.progress import Progress
from autograder.formats.roster import Roster
from autograder.grading.files import (
    GRADEBOOK_FILE,
    RESULTS_FILE,
    collect_reports,
    expected_metadata,
    path_status,
    scan_root,
    submission_digest,
    up_to_date_report,
)
from autograder.grading.grader import GraderLike
from autograder.runtime.atomic import TEMP_SUFFIX, atomic_write_json, atomic_write_text, check_writable_folder
from autograder.runtime.engine import NOTHING_FOUND, AmbiguousSubmission, locate_modules
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import Task, load_tasks
from autograder.runtime.model import Report
from autograder.runtime.text import resolve_tasks, to_jsonable


@dataclass
class ClassSummary:
    """What one ``grade_class`` run did; learner ids in each list."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)      # learner -> one-line reason it was not graded
    tracebacks: set[str] = field(default_factory=set)        # the failed whose OUT/<learner>/grading-error.txt
                                                             # holds the traceback of an autograder bug
    ignored: dict[str, str] = field(default_factory=dict)    # ROOT entry -> why it is not a learner's folder
    empty: list[str] = field(default_factory=list)           # graded 0 because no exercise module was found
    not_graded: list[str] = field(default_factory=list)      # left for the next run by an interruption
    interrupted: bool = False
    reports: dict[str, Report] = field(default_factory=dict)  # every valid report.json of a learner, at the end

    def line(self) -> str:
        """``graded 12, skipped 38 up to date, 0 failed to grade`` (plus what an interruption left and
        the entries of ROOT that are not learners' folders)."""
        text = (f"graded {len(self.graded)}, skipped {len(self.skipped)} up to date, "
                f"{len(self.failed)} failed to grade")
        if self.empty:
            text += f", {len(self.empty)} with no exercise module found (scored 0: {', '.join(self.empty[:5])})"
        if self.ignored:
            count = len(self.ignored)
            text += f", ignored {count} {'entry' if count == 1 else 'entries'} of ROOT (see the notes)"
        if self.interrupted:
            text += f", {len(self.not_graded)} left by the interruption"
        return text


@dataclass
class _Outcome:
    learner: str
    state: str                  # "graded", "failed" or "cancelled"
    reason: str = ""
    traceback: bool = False     # a failure whose traceback is in grading-error.txt (an autograder bug)
























def check_class_paths(root: Path, out: Path, jobs: int) -> tuple[list[Path], dict[str, str]]:
    """Validate the instructor's arguments; return the learner folders and the ignored entries of ROOT
    (see :func:`scan_root`). Creates OUT if missing, but not its missing parents. Raises SubmissionError."""
    if jobs < 1:
        raise SubmissionError(f"--jobs must be at least 1, not {jobs}; pass --jobs N with N >= 1")
    root, out = Path(root), Path(out)
    what_to_do = "give the folder that holds one sub-folder per learner"
    root_status = path_status(root, "ROOT")
    if root_status is None:
        raise SubmissionError(f"ROOT '{root}' does not exist; {what_to_do}")
    if not stat.S_ISDIR(root_status.st_mode):
        raise SubmissionError(f"ROOT '{root}' is not a folder; {what_to_do}")
    try:
        learners, ignored = scan_root(root)
    except OSError as err:
        raise SubmissionError(f"cannot list ROOT '{root}' ({err.strerror or err}); {what_to_do}") from None
    if not learners and ignored:
        name, reason = next(iter(ignored.items()))
        raise SubmissionError(f"ROOT '{root}' has no learner folders it can grade; {len(ignored)} ignored, "
                              f"e.g. {name!r}: {reason}")
    if not learners:
        raise SubmissionError(f"ROOT '{root}' has no learner folders; {what_to_do} (named by learner id)")
    out_status = path_status(out, "--out")
    real_root, real_out = root.resolve(), out.resolve()
    if real_out == real_root or real_root in real_out.parents:
        raise SubmissionError(f"--out '{out}' is inside ROOT '{root}'; choose an output folder outside ROOT")
    if real_out in real_root.parents:
        raise SubmissionError(f"--out '{out}' contains ROOT '{root}': learners' result folders would land next "
                              "to (or over) the class folder; choose an output folder outside ROOT")
    if out_status is not None and not stat.S_ISDIR(out_status.st_mode):
        raise SubmissionError(f"--out '{out}' is a file; give a folder for the results (created if missing)")
    if out_status is None:
        parent_status = path_status(out.parent, "the folder of --out")
        if parent_status is None or not stat.S_ISDIR(parent_status.st_mode):
            problem = "does not exist" if parent_status is None else "is not a folder"
            raise SubmissionError(f"the folder '{out.parent}' of --out '{out}' {problem}; correct the path "
                                  "(OUT itself is created if missing, but not the folders above it)")
    gradebook_status = path_status(out / GRADEBOOK_FILE, "--out")
    if gradebook_status is not None and not stat.S_ISREG(gradebook_status.st_mode):
        raise SubmissionError(f"'{out / GRADEBOOK_FILE}' is not a file; move it out of --out '{out}', "
                              "where the gradebook is written")
    try:
        check_writable_folder(out, create=True)
    except OSError as err:
        raise SubmissionError(f"cannot write to --out '{out}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None
    return learners, ignored


def grade_class(
    root: Path,
    out: Path,
    grader: GraderLike,
    *,
    jobs: int = 1,
    progress: bool | str = False,
    stream: TextIO | None = None,
    tasks: Sequence[Task] | None = None,
    select: Callable[[str], bool] | None = None,
    roster: Roster | None = None,
    exports: Sequence[str] = (),
    regrade: Collection[str] = (),
) -> ClassSummary:
    """Grade each learner folder of ``root`` not up to date in ``out``, ``jobs`` at a time, one shared grader.

    Writes each learner's results.json and report.json as it finishes, then (unless
    interrupted) ``out/gradebook.csv`` from every report.json present. A KeyboardInterrupt
    (also SIGTERM, where the caller turns it into one) stops cleanly: learners already
    running finish and are kept, those not started are left for the next run, and the
    summary comes back with ``interrupted`` set. An exception while grading one learner
    is recorded in ``failed`` and the others carry on. ``progress``: True or "bar" (tqdm),
    "log" (timestamped lines), False or "none". ``select``: only the learners it accepts
    (a shard); ``roster``: its columns in the gradebook; ``exports``: the gradebook's other files
    (:data:`autograder.formats.gradebook.EXPORTS`), written beside it; ``regrade``: learners graded
    again even when their report is up to date (the others are skipped as usual).
    """
    root, out = Path(root), Path(out)
    tasks = resolve_tasks(tasks)
    everyone, ignored = check_class_paths(root, out, jobs)
    learners = [folder for folder in everyone if select is None or select(folder.name)]
    for leftover in out.glob(f"*/.*{TEMP_SUFFIX}"):    # a killed run's unfinished writes: never used
        leftover.unlink(missing_ok=True)
    manifest_sha256, code_sha256 = manifest_digest(), code_digest()
    summary = ClassSummary(ignored=ignored)
    pending: list[tuple[Path, dict[str, Any]]] = []
    modules = [task.module for task in load_tasks()]
    for folder in learners:
        try:   # a learner release's repository (modules in exercises/, maybe deeper): the folder graded
            submission_sha256 = submission_digest(locate_modules(folder, modules))
        except (OSError, AmbiguousSubmission) as err:   # this learner cannot be graded: the others carry on
            summary.failed[folder.name] = (str(err) if isinstance(err, AmbiguousSubmission) else
                                           f"cannot read the learner's files ({err.strerror or err})")
            with contextlib.suppress(OSError):
                (out / folder.name / REPORT_FILE).unlink()  # a stale grade must not stay in the gradebook
            continue
        expected = expected_metadata(grader, folder.name, submission_sha256, manifest_sha256, code_sha256)
        report = None if folder.name in regrade else up_to_date_report(out / folder.name, expected)
        if report is not None and _ensure_results(out / folder.name, report, tasks):
            summary.skipped.append(folder.name)
        else:
            pending.append((folder, expected))

    stop = threading.Event()
    mode = "bar" if progress is True else "none" if progress is False else str(progress)
    bar = Progress(len(pending), mode, stream or sys.stderr, jobs)
    executor = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade-class")
    futures: dict[Future[_Outcome], str] = {}
    done: set[str] = set()
    try:
        for folder, expected in pending:
            future = executor.submit(_grade_learner, grader, folder, out / folder.name, expected, tasks, stop)
            futures[future] = folder.name
        for future in as_completed(futures):
            _record(summary, futures[future], future)
            done.add(futures[future])
            bar.update(futures[future], "failed" if futures[future] in summary.failed else "graded")
    except KeyboardInterrupt:
        summary.interrupted = True
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)  # running learners finish and are written
        for future, learner in futures.items():
            if learner not in done and future.done() and not future.cancelled():
                with contextlib.suppress(KeyboardInterrupt):
                    _record(summary, learner, future)
    finally:
        executor.shutdown(wait=True)
        bar.close()

    finished = set(summary.graded) | set(summary.failed)
    summary.not_graded = [folder.name for folder, _ in pending if folder.name not in finished]
    if not summary.interrupted:
        summary.reports = collect_reports(out, {folder.name for folder in learners})
        summary.empty = sorted(name for name, report in summary.reports.items()
                               if report.error and report.error.startswith(NOTHING_FOUND))
        try:
            absent = roster.compare([f.name for f in everyone])[0] if roster is not None and select is None else ()
            gradebook.write_gradebook(out / GRADEBOOK_FILE, summary.reports, tasks, roster, absent)
            gradebook.write_exports(out, exports, summary.reports, tasks, roster, absent)
        except OSError as err:
            raise SubmissionError(f"cannot write '{out / GRADEBOOK_FILE}' ({err.strerror or err}); the learners' "
                                  "files are written: free some space or fix OUT and run again") from None
    return summary


def _record(summary: ClassSummary, learner: str, future: Future[_Outcome]) -> None:
    """Add a finished future's outcome to ``summary``; re-raises a KeyboardInterrupt from the worker."""
    try:
        outcome = future.result()
    except Exception as exc:  # the worker's own safety net failed (e.g. the disk is full)
        summary.failed[learner] = one_line(exc)
        return
    if outcome.state == "graded":
        summary.graded.append(learner)
    elif outcome.state == "failed":
        summary.failed[learner] = outcome.reason
        if outcome.traceback:
            summary.tracebacks.add(learner)


def _grade_learner(
    grader: GraderLike, folder: Path, dest: Path, expected: dict[str, Any], tasks: Sequence[Task],
    stop: threading.Event,
) -> _Outcome:
    """Grade one learner and write its files (a worker thread's job)."""
    learner = folder.name
    if stop.is_set():
        return _Outcome(learner, "cancelled")
    try:
        dest.mkdir(exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (dest / REPORT_FILE).unlink()  # a stale report must not outlive a failed regrade
    except OSError as err:
        return _Outcome(learner, "failed", f"cannot write '{dest}' ({err.strerror or err}); "
                                           "move what is in the way out of OUT")
    try:
        report = grader.grade(folder, learner)
        results = to_gradescope(report, tasks=tasks)
        data = to_jsonable(report.to_dict())
        data["metadata"] = {**expected, "graded_at": datetime.now(UTC).isoformat(timespec="seconds")}
    except Exception as exc:
        reason = one_line(exc)
        atomic_write_json(dest / RESULTS_FILE, failure_results(reason, tasks=tasks))
        atomic_write_text(dest / ERROR_FILE, traceback.format_exc())
        return _Outcome(learner, "failed", reason, traceback=True)
    atomic_write_json(dest / RESULTS_FILE, results)
    atomic_write_json(dest / REPORT_FILE, data)
    with contextlib.suppress(FileNotFoundError):
        (dest / ERROR_FILE).unlink()
    return _Outcome(learner, "graded")


def _ensure_results(dest: Path, report: Report, tasks: Sequence[Task]) -> bool:
    """Rewrite a missing or unreadable results.json from the report; False if that cannot be done."""
    try:
        json.loads((dest / RESULTS_FILE).read_text(encoding="utf-8"))
        return True
    except (OSError, ValueError):
        pass
    try:
        atomic_write_json(dest / RESULTS_FILE, to_gradescope(report, tasks=tasks))
    except (OSError, ValueError):
        return False
    return True


def one_line(exc: BaseException) -> str:
    """``TypeError: the first line of the message``."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
