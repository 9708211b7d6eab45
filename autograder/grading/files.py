"""What grade-class reads and writes on disk: the learners' folders of ROOT, and each learner's files in OUT.

Layout of the output folder ``OUT``::

    OUT/<learner>/results.json        Gradescope's schema (what the learner sees)
    OUT/<learner>/report.json         Report.to_dict() plus "metadata" (written last: the "done" marker)
    OUT/<learner>/grading-error.txt   the traceback, only when the autograder itself failed on this learner
    OUT/gradebook.csv                 one row per report.json present, written at the end

A learner is skipped on a rerun when its report.json parses and its metadata matches this run
(:data:`FRESHNESS_KEYS`): the same seed, visibility, isolation mode and manifest, the same digest
of the code that changes a grade (:mod:`autograder.expected.digest`), and the same digest of the
learner's files (:func:`submission_digest`). An entry of ROOT that cannot be a learner's folder
is not graded, with a note saying why (:func:`scan_root`).
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import Any

from autograder.formats.dashboard import DASHBOARD_FILE, REPORT_FILE
from autograder.formats.gradebook import EXPORTS
from autograder.grading.grader import GraderLike
from autograder.runtime.digest import entries_digest
from autograder.runtime.errors import SubmissionError
from autograder.runtime.model import Report, ReportFormatError, read_report_file
from autograder.runtime.sandbox.staging import MAX_MODULE_BYTES

RESULTS_FILE = "results.json"
GRADEBOOK_FILE = "gradebook.csv"
METADATA_FORMAT = 2
# The metadata that must match for a report.json to count as up to date.
FRESHNESS_KEYS = ("format", "seed_sha256", "visibility", "isolation", "manifest_sha256", "code_sha256", "assignment",
                  "submission_sha256")
# created by importing a submission, or archive debris (macOS zips): not a learner's work
SKIPPED_DIRS = frozenset({"__pycache__", "__MACOSX"})
# OUT/<learner> must never be one of OUT's own files
RESERVED_NAMES = frozenset({GRADEBOOK_FILE, DASHBOARD_FILE, *EXPORTS.values()})
# What the sandbox loads of a submission: its top-level *.py files, each up to MAX_MODULE_BYTES.
MODULE_SUFFIX = ".py"


def is_ignored(path: Path) -> bool:
    """Hidden entries (``.git``, ``.DS_Store``), ``__pycache__`` and ``__MACOSX`` are never a learner's work."""
    return path.name.startswith(".") or path.name in SKIPPED_DIRS


def scan_root(root: Path) -> tuple[list[Path], dict[str, str]]:
    """The learner folders of ``root`` sorted by name, and the entries that cannot be one, each with why.

    Files and hidden entries (``.git``) are not learners and go unmentioned. A symbolic link
    to a folder is not followed (it could point at the reference solutions, or anywhere);
    a name reserved for an output file, or with control characters, path separators or
    bytes that are not UTF-8, would break OUT, the gradebook or the terminal. Raises OSError
    if ``root`` cannot be listed.
    """
    learners, ignored = [], {}
    with os.scandir(root) as entries:
        for entry in entries:
            path = Path(entry.path)
            if is_ignored(path):
                continue
            try:
                if entry.is_symlink():
                    if entry.is_dir():
                        ignored[entry.name] = ("it is a symbolic link, which the grader does not follow; "
                                               "put a copy of the learner's folder in ROOT instead")
                    continue
                if not entry.is_dir(follow_symlinks=False):
                    continue
            except OSError as err:
                ignored[entry.name] = f"it cannot be examined ({err.strerror or err})"
                continue
            problem = name_problem(entry.name)
            if problem:
                ignored[entry.name] = f"{problem}; rename the folder"
            else:
                learners.append(path)
    return sorted(learners, key=lambda p: p.name), dict(sorted(ignored.items()))


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a learner (in OUT, the gradebook and the terminal), or None if it can."""
    if name in RESERVED_NAMES:
        return f"the name is reserved for the output file OUT/{name}"
    if "/" in name or "\\" in name:
        return "the name contains a path separator"
    categories = {unicodedata.category(char) for char in name}
    if "Cs" in categories:   # os.fsdecode's stand-ins for bytes that are not UTF-8
        return "the name is not valid UTF-8"
    if categories & {"Cc", "Zl", "Zp"}:
        return "the name contains control characters or line breaks"
    return None


def submission_digest(folder: Path) -> str:
    """SHA-256 of what the sandbox loads of ``folder``: its top-level ``*.py`` regular files, name and bytes.

    Nothing is followed or read but those files (each up to MAX_MODULE_BYTES): a ``*.py``
    that is a symbolic link, not a regular file or too large enters the hash as its name
    and what it is (the sandbox replaces such a file by a module that raises ImportError).
    Raises OSError if the folder or one of those files cannot be read.
    """
    return entries_digest((os.fsencode(name), data) for name, data in _submission_files(Path(folder)))


def _submission_files(folder: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of each top-level ``*.py`` entry of ``folder``, sorted by name (see submission_digest)."""
    files = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(MODULE_SUFFIX) or name.startswith("."):
            continue
        info = os.lstat(folder / name)
        if stat.S_ISLNK(info.st_mode):
            files.append((name, b"\0symbolic link"))
        elif not stat.S_ISREG(info.st_mode):
            files.append((name, b"\0not a regular file"))
        elif info.st_size > MAX_MODULE_BYTES:
            files.append((name, b"\0too large: %d bytes" % info.st_size))
        else:
            files.append((name, _read_module(folder / name)))
    return files


def _read_module(path: Path) -> bytes:
    """The bytes of a regular file, without following a link or blocking (it may have been swapped)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MODULE_BYTES:
            return b"\0changed while read"
        chunks, size = [], 0
        while size <= MAX_MODULE_BYTES:
            chunk = os.read(fd, MAX_MODULE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def seed_fingerprint(seed: int) -> str:
    """What output files record of the seed, to tell runs apart without holding it (the seed is the course's
    secret, or derived from it, and report.json files travel): a SHA-256 prefix."""
    return hashlib.sha256(f"rnn-lstm-kit seed {seed}".encode()).hexdigest()[:16]


def expected_metadata(
    grader: GraderLike, learner: str, submission_sha256: str, manifest_sha256: str, code_sha256: str,
) -> dict[str, Any]:
    """The metadata a report.json written now for ``learner`` carries (``graded_at`` is added on writing)."""
    return {
        "format": METADATA_FORMAT,
        "learner": learner,
        "seed_sha256": seed_fingerprint(grader.seed),
        "visibility": grader.visibility,
        "isolation": getattr(grader, "isolation", None),
        "manifest_sha256": manifest_sha256,
        "code_sha256": code_sha256,
        "submission_sha256": submission_sha256,
        "assignment": getattr(grader, "assignment", None),
    }


def read_report(path: Path) -> tuple[Report, dict[str, Any]] | None:
    """The report and metadata in a report.json, or None if it is missing, unreadable, malformed or of
    another schema version (then it is stale: the learner is graded again)."""
    try:
        report, data = read_report_file(path)
    except ReportFormatError:
        return None
    metadata = data.get("metadata")
    return (report, metadata) if isinstance(metadata, dict) else None


def up_to_date_report(dest: Path, expected: dict[str, Any]) -> Report | None:
    """The report in ``dest/report.json`` if it is valid and its metadata matches ``expected``, else None."""
    loaded = read_report(dest / REPORT_FILE)
    if loaded is None:
        return None
    report, metadata = loaded
    if any(metadata.get(key) != expected[key] for key in FRESHNESS_KEYS):
        return None
    return report if report.submission == expected["learner"] else None


def collect_reports(out: Path, learners: Collection[str] | None = None) -> dict[str, Report]:
    """Learner id -> report, for every valid report.json directly under ``out``'s sub-folders.

    With ``learners``, only theirs: the report of a folder gone from ROOT, or no longer
    graded (a symbolic link an earlier version followed), is not kept in the gradebook.
    """
    reports = {}
    for folder in sorted(Path(out).iterdir()):
        if learners is not None and folder.name not in learners:
            continue
        if folder.is_dir() and not folder.is_symlink() and not is_ignored(folder):
            loaded = read_report(folder / REPORT_FILE)
            if loaded is not None:
                reports[folder.name] = loaded[0]
    return reports


def path_status(path: Path, what: str) -> os.stat_result | None:
    """``os.stat(path)``, None if it does not exist; SubmissionError if it cannot be examined (name too
    long, a loop of symbolic links, no permission)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        raise SubmissionError(f"cannot use {what} '{path}' ({err.strerror or err}); give another path") from None
