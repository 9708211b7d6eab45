"""What several commands share: checking the instructor's paths, writing files, reporting a bug, the cache option."""

from __future__ import annotations

import os
import stat
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from autograder.expected import cache as autograder_cache
from autograder.formats import gradebook
from autograder.formats.dashboard import RenderSummary, render_folder
from autograder.formats.roster import Roster
from autograder.grading.classroom import one_line
from autograder.grading.files import path_status
from autograder.grading.grader import GraderLike
from autograder.runtime.atomic import atomic_write_text, check_writable_folder
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import Task
from autograder.runtime.sandbox import SandboxError
from autograder.runtime.terminal import (
    format_table,
    printable,
)


def check_submission(path: Path, what: str) -> None:
    what_to_do = "give the folder that holds the learner's modules"
    status = path_status(path, what)
    if status is None:
        raise SubmissionError(f"{what} '{path}' does not exist; {what_to_do}")
    if not stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"{what} '{path}' is not a folder; {what_to_do}")


def report_bug(stderr: TextIO, what: str, exc: BaseException) -> None:
    """An exception the grader must never raise: the traceback, then the one-line error."""
    if isinstance(exc, SandboxError):   # the machine, not the kit: one line, nothing recorded as a result
        print(f"error: {what} failed on the grader's side: {one_line(exc)}; nothing was recorded as the "
              "learner's result: fix the machine (space, memory) and run again", file=stderr)
        return
    traceback.print_exception(exc, file=stderr)
    print(f"error: {what} failed: {one_line(exc)}; this is a bug in the autograder, "
          "please report it with the traceback above", file=stderr)


def cache_option(cache: Path | None, environ: Mapping[str, str] | None) -> dict[str, Path]:
    """``{"cache": folder}`` from --cache or $AUTOGRADER_CACHE (its parent must exist), else {}."""
    folder = cache if cache is not None else autograder_cache.environ_folder(
        dict(os.environ if environ is None else environ))
    if folder is None:
        return {}
    folder = Path(folder)
    status = path_status(folder, "--cache")
    if status is not None and not stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"--cache '{folder}' is not a folder; give a folder for the expected values")
    if status is None and path_status(folder.parent, "the folder of --cache") is None:
        raise SubmissionError(f"the folder '{folder.parent}' of --cache '{folder}' does not exist; create it first")
    return {"cache": folder}


def save_cache(grader: GraderLike, stderr: TextIO) -> None:
    """Print the grader's notes (a refused cache file) and fill its cache folder if it has one."""
    for note in getattr(grader, "notes", []):
        print(note, file=stderr)
    save = getattr(grader, "save_cache", None)
    if save is not None:
        try:
            save()
        except OSError as err:
            print(f"note: could not write the expected-values cache ({err.strerror or err}); "
                  "grading is not affected", file=stderr)


def check_out_file(out: Path, option: str = "--out", writes: str = "results.json") -> None:
    """``grade --out`` (or ``option``, which ``writes``): a regular file or nothing yet, in a folder that exists
    and can be written.

    The folder is never created (a typo must not create folders anywhere), and a device,
    pipe or socket is never replaced by results.json (as root, ``--out /dev/null`` would).
    """
    status = path_status(out, option)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"{option} '{out}' is a folder; give the file's path, e.g. {out / writes}")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise SubmissionError(f"{option} '{out}' is not a regular file (a device, pipe or socket); "
                              f"give the path of a file to write {writes} to")
    folder = out.parent
    folder_status = path_status(folder, f"the folder of {option}")
    if folder_status is None:
        raise SubmissionError(f"the folder '{folder}' of {option} '{out}' does not exist; "
                              "create it first or correct the path")
    if not stat.S_ISDIR(folder_status.st_mode):
        raise SubmissionError(f"'{folder}' in {option} '{out}' is not a folder; "
                              "choose a path in a folder you can write to")
    try:
        check_writable_folder(folder)
    except OSError as err:
        raise SubmissionError(f"cannot write {option} '{out}' ({err.strerror or err}); "
                              "choose a path in a folder you can write to") from None


def write_page(path: Path, page: str, stdout: TextIO) -> None:
    """Write an HTML page atomically and say so; a failing disk is the caller's to fix (SubmissionError)."""
    try:
        atomic_write_text(path, page)
    except OSError as err:
        raise SubmissionError(f"cannot write --html '{path}' ({err.strerror or err}); "
                              "free some space or choose another path") from None
    print(f"wrote {printable(str(path))}", file=stdout)


def render_pages(out: Path, stdout: TextIO, **options: Any) -> RenderSummary:
    """Render every page of the output folder ``out``; SubmissionError if one cannot be written."""
    try:
        summary = render_folder(out, **options)
    except OSError as err:
        raise SubmissionError(f"cannot write the HTML pages in '{out}' ({err.strerror or err}); "
                              "free some space or fix the folder and run again") from None
    print(printable(summary.line(out)), file=stdout)
    return summary


def print_gradebook(reports: Mapping[str, Any], stdout: TextIO, roster: Roster | None = None,
                    absent: Sequence[str] = (), tasks: Sequence[Task] | None = None) -> None:
    """The gradebook as a table (a column per task of ``tasks``, default every task), with a row of empty scores
    for each student of ``absent`` (roster, no folder)."""
    stdout.write(format_table(gradebook.columns(tasks, roster=roster),
                              gradebook.rows(reports, tasks, roster=roster, absent=absent)))


def check_exports(exports: Sequence[str], roster: Path | None) -> list[str]:
    """The --export names, each once, in the order given; SubmissionError for canvas/moodle without --roster."""
    chosen = list(dict.fromkeys(exports))
    needing = [name for name in chosen if name in gradebook.NEEDS_ROSTER]
    if needing and roster is None:
        raise SubmissionError(f"--export {needing[0]} needs --roster CSV (the LMS matches students by the roster's "
                              "student ids); add --roster")
    return chosen
