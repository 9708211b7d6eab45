"""Grade a whole class: every learner's folder under ROOT, in parallel, resumably.

Layout of the output folder ``OUT``::

    OUT/<learner>/results.json        Gradescope's schema (what the learner sees)
    OUT/<learner>/report.json         Report.to_dict() plus "metadata" (written last: the "done" marker)
    OUT/<learner>/grading-error.txt   the traceback, only when the autograder itself failed on this learner
    OUT/gradebook.csv                 one row per report.json present, written at the end

A learner is skipped on a rerun when its report.json parses and its metadata
matches this run: the same seed, visibility and manifest, and the same hash of the
learner's files. Every file is written atomically, and report.json only after
results.json, so an interruption at any point leaves finished learners complete
and the others to be graded by the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
import traceback
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

from tqdm import tqdm

from kit.manifest import MANIFEST, Task

from .atomic import TEMP_SUFFIX, atomic_write_json, atomic_write_text, check_writable_folder
from .core import SubmissionError
from .model import Report
from .report import gradebook, resolve_tasks, to_jsonable
from .report.gradescope import failure_results, to_gradescope

RESULTS_FILE = "results.json"
REPORT_FILE = "report.json"
ERROR_FILE = "grading-error.txt"
GRADEBOOK_FILE = "gradebook.csv"
METADATA_FORMAT = 1
# The metadata that must match for a report.json to count as up to date.
FRESHNESS_KEYS = ("format", "seed", "visibility", "manifest_sha256", "submission_sha256")
SKIPPED_DIRS = frozenset({"__pycache__"})  # created by importing a submission: not the learner's work


class GraderLike(Protocol):
    """What the channels need of a :class:`autograder.core.Grader`."""

    seed: int
    visibility: str

    def grade(self, submission: Path, name: str | None = None) -> Report: ...


@dataclass
class ClassSummary:
    """What one ``grade_class`` run did; learner ids in each list."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)      # learner -> one-line reason (an autograder bug)
    not_graded: list[str] = field(default_factory=list)      # left for the next run by an interruption
    interrupted: bool = False
    reports: dict[str, Report] = field(default_factory=dict)  # every valid report.json in OUT, at the end

    def line(self) -> str:
        """``graded 12, skipped 38 up to date, 0 failed to grade`` (plus what an interruption left)."""
        text = (f"graded {len(self.graded)}, skipped {len(self.skipped)} up to date, "
                f"{len(self.failed)} failed to grade")
        if self.interrupted:
            text += f", {len(self.not_graded)} left by the interruption"
        return text


@dataclass
class _Outcome:
    learner: str
    state: str                  # "graded", "failed" or "cancelled"
    reason: str = ""


def is_ignored(path: Path) -> bool:
    """Hidden entries (``.git``, ``.DS_Store``) and ``__pycache__`` are never a learner's work."""
    return path.name.startswith(".") or path.name in SKIPPED_DIRS


def find_learners(root: Path) -> list[Path]:
    """The learner folders of ``root``: its visible sub-folders, sorted by name; files are ignored."""
    return sorted((p for p in Path(root).iterdir() if p.is_dir() and not is_ignored(p)), key=lambda p: p.name)


def submission_digest(folder: Path) -> str:
    """SHA-256 of the relative path and bytes of each file in ``folder`` (hidden files, caches excluded)."""
    digest = hashlib.sha256()
    for path in sorted(_submission_files(Path(folder))):
        data = path.read_bytes()
        name = path.relative_to(folder).as_posix().encode()
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _submission_files(folder: Path) -> list[Path]:
    files = []
    for path in folder.iterdir():
        if is_ignored(path) or path.suffix == ".pyc":
            continue
        if path.is_dir() and not path.is_symlink():
            files += _submission_files(path)
        elif path.is_file():
            files.append(path)
    return files


def manifest_digest(path: Path = MANIFEST) -> str:
    """SHA-256 of the task manifest: a changed manifest (points, tasks) makes every report stale."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def expected_metadata(
    grader: GraderLike, learner: str, submission_sha256: str, manifest_sha256: str,
) -> dict[str, Any]:
    """The metadata a report.json written now for ``learner`` carries (``graded_at`` is added on writing)."""
    return {
        "format": METADATA_FORMAT,
        "learner": learner,
        "seed": grader.seed,
        "visibility": grader.visibility,
        "isolation": getattr(grader, "isolation", None),
        "manifest_sha256": manifest_sha256,
        "submission_sha256": submission_sha256,
    }


def read_report(path: Path) -> tuple[Report, dict[str, Any]] | None:
    """The report and metadata in a report.json, or None if it is missing, unreadable or malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        report = Report.from_dict(data)
        metadata = data["metadata"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    numbers = [value for r in report.results for value in (r.points, r.max_points)]
    if not isinstance(metadata, dict) or not all(_is_number(value) for value in numbers):
        return None
    return report, metadata


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def up_to_date_report(dest: Path, expected: dict[str, Any]) -> Report | None:
    """The report in ``dest/report.json`` if it is valid and its metadata matches ``expected``, else None."""
    loaded = read_report(dest / REPORT_FILE)
    if loaded is None:
        return None
    report, metadata = loaded
    if any(metadata.get(key) != expected[key] for key in FRESHNESS_KEYS):
        return None
    return report if report.submission == expected["learner"] else None


def collect_reports(out: Path) -> dict[str, Report]:
    """Learner id -> report, for every valid report.json directly under ``out``'s sub-folders."""
    reports = {}
    for folder in sorted(Path(out).iterdir()):
        if folder.is_dir() and not is_ignored(folder):
            loaded = read_report(folder / REPORT_FILE)
            if loaded is not None:
                reports[folder.name] = loaded[0]
    return reports


def check_class_paths(root: Path, out: Path, jobs: int) -> list[Path]:
    """Validate the instructor's arguments; return the learner folders. Raises SubmissionError."""
    if jobs < 1:
        raise SubmissionError(f"--jobs must be at least 1, not {jobs}; pass --jobs N with N >= 1")
    root, out = Path(root), Path(out)
    what_to_do = "give the folder that holds one sub-folder per learner"
    if not root.exists():
        raise SubmissionError(f"ROOT '{root}' does not exist; {what_to_do}")
    if not root.is_dir():
        raise SubmissionError(f"ROOT '{root}' is not a folder; {what_to_do}")
    learners = find_learners(root)
    if not learners:
        raise SubmissionError(f"ROOT '{root}' has no learner folders; {what_to_do} (named by learner id)")
    real_root, real_out = root.resolve(), out.resolve()
    if real_out == real_root or real_root in real_out.parents or (
            real_root.parent == real_out and real_root.name in {p.name for p in learners}):
        raise SubmissionError(f"--out '{out}' is inside ROOT '{root}'; choose an output folder outside ROOT")
    if out.exists() and not out.is_dir():
        raise SubmissionError(f"--out '{out}' is a file; give a folder for the results (created if missing)")
    try:
        check_writable_folder(out)
    except OSError as err:
        raise SubmissionError(f"cannot write to --out '{out}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None
    return learners


def grade_class(
    root: Path,
    out: Path,
    grader: GraderLike,
    *,
    jobs: int = 1,
    progress: bool = False,
    stream: TextIO | None = None,
    tasks: Sequence[Task] | None = None,
) -> ClassSummary:
    """Grade each learner folder of ``root`` not up to date in ``out``, ``jobs`` at a time, one shared grader.

    Writes each learner's results.json and report.json as it finishes, then (unless
    interrupted) ``out/gradebook.csv`` from every report.json present. A KeyboardInterrupt
    (also SIGTERM, where the caller turns it into one) stops cleanly: learners already
    running finish and are kept, those not started are left for the next run, and the
    summary comes back with ``interrupted`` set. An exception while grading one learner
    is recorded in ``failed`` and the others carry on.
    """
    root, out = Path(root), Path(out)
    tasks = resolve_tasks(tasks)
    learners = check_class_paths(root, out, jobs)
    for leftover in out.glob(f"*/.*{TEMP_SUFFIX}"):    # a killed run's unfinished writes: never used
        leftover.unlink(missing_ok=True)
    manifest_sha256 = manifest_digest()
    summary = ClassSummary()
    pending: list[tuple[Path, dict[str, Any]]] = []
    for folder in learners:
        expected = expected_metadata(grader, folder.name, submission_digest(folder), manifest_sha256)
        report = up_to_date_report(out / folder.name, expected)
        if report is not None and _ensure_results(out / folder.name, report, tasks):
            summary.skipped.append(folder.name)
        else:
            pending.append((folder, expected))

    stop = threading.Event()
    bar = tqdm(total=len(pending), desc="grading", unit="learner", file=stream or sys.stderr,
               disable=not progress or not pending)
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
            bar.update(1)
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
        summary.reports = collect_reports(out)
        gradebook.write_gradebook(out / GRADEBOOK_FILE, summary.reports, tasks)
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


def _grade_learner(
    grader: GraderLike, folder: Path, dest: Path, expected: dict[str, Any], tasks: Sequence[Task],
    stop: threading.Event,
) -> _Outcome:
    """Grade one learner and write its files (a worker thread's job)."""
    learner = folder.name
    if stop.is_set():
        return _Outcome(learner, "cancelled")
    dest.mkdir(exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        (dest / REPORT_FILE).unlink()  # a stale report must not outlive a failed regrade
    try:
        report = grader.grade(folder, learner)
        results = to_gradescope(report, tasks=tasks)
        data = to_jsonable(report.to_dict())
        data["metadata"] = {**expected, "graded_at": datetime.now(UTC).isoformat(timespec="seconds")}
    except Exception as exc:
        reason = one_line(exc)
        atomic_write_json(dest / RESULTS_FILE, failure_results(reason, tasks=tasks))
        atomic_write_text(dest / ERROR_FILE, traceback.format_exc())
        return _Outcome(learner, "failed", reason)
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
