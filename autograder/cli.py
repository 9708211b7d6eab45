"""``python -m autograder``: argparse over a function per command.

    check [DIR]                      a learner's self-check (visible checks only); exit 0 iff all pass
    grade SUBMISSION --out FILE      one submission, every check, Gradescope results.json
    grade-class ROOT --out DIR       every learner folder of ROOT, in parallel, resumable, plus a gradebook
    nbgrader-autograde --assignment A   nbgrader's submissions, in parallel, into its gradebook (nbgrade.py)

The functions own every default (argparse passes only what was given), and take the
Grader through ``grader_factory`` so tests can hand in a fake. Exit codes: 0 done
(``check``: all passed), 1 ``check`` with checks not passed or an autograder bug,
2 the instructor's input is unusable (one line on stderr), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import os
import signal
import stat
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from kit.manifest import ManifestError, load_tasks

from . import cache as autograder_cache
from .atomic import atomic_write_json, check_writable_folder
from .classroom import (
    ERROR_FILE,
    GRADEBOOK_FILE,
    ClassSummary,
    GraderLike,
    check_class_paths,
    grade_class,
    is_ignored,
    one_line,
    path_status,
)
from .core import DEFAULT_SEED, Grader, SubmissionError
from .nbgrade import run_nbgrader_autograde
from .report import gradebook
from .report.gradescope import failure_results, to_gradescope
from .report.terminal import format_report, format_selfcheck, format_table, is_terminal, printable, wants_colour

PROG = "python -m autograder"
SEED_ENV = "AUTOGRADER_SEED"
ISOLATIONS = ("auto", "process", "namespace")
EXIT_OK, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_SEED_WARNING = (f"warning: grading with the kit's default seed; anyone with the kit can reproduce the "
                        f"hidden checks. Set --seed or {SEED_ENV} for a real course.")

GraderFactory = Callable[..., GraderLike]


def resolve_seed(seed: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """``seed`` if given, else $AUTOGRADER_SEED, else DEFAULT_SEED; raises SubmissionError if unusable."""
    if seed is None:
        environ = os.environ if environ is None else environ
        text = environ.get(SEED_ENV, "").strip()
        if not text:
            return DEFAULT_SEED
        try:
            seed = int(text)
        except ValueError:
            raise SubmissionError(
                f"{SEED_ENV}={text!r} is not an integer; set it to one or pass --seed N") from None
    if seed < 0:
        raise SubmissionError(f"the seed must be a non-negative integer, not {seed}; pass --seed N, N >= 0")
    return seed


def uses_default_seed(seed: int | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether neither ``seed`` nor $AUTOGRADER_SEED is given, so the hidden checks use the kit's DEFAULT_SEED."""
    environ = os.environ if environ is None else environ
    return seed is None and not environ.get(SEED_ENV, "").strip()


def _warn_if_default_seed(seed: int | None, environ: Mapping[str, str] | None, stderr: TextIO) -> None:
    if uses_default_seed(seed, environ):
        print(DEFAULT_SEED_WARNING, file=stderr)


def _check_isolation(isolation: str) -> None:
    if isolation not in ISOLATIONS:
        raise SubmissionError(f"--isolation {isolation!r} is unknown; pick one of {', '.join(ISOLATIONS)}")


def _make_grader(grader_factory: GraderFactory, **options: Any) -> GraderLike:
    """Build the grader; a ValueError from it (an option this machine cannot honour) is the caller's input."""
    try:
        return grader_factory(**options)
    except SubmissionError:
        raise
    except ManifestError as err:
        raise SubmissionError(str(err)) from None
    except ValueError as err:
        raise SubmissionError(f"cannot set up the grader ({err}); check --seed and --isolation") from None


def _check_submission(path: Path, what: str) -> None:
    what_to_do = "give the folder that holds the learner's modules"
    status = path_status(path, what)
    if status is None:
        raise SubmissionError(f"{what} '{path}' does not exist; {what_to_do}")
    if not stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"{what} '{path}' is not a folder; {what_to_do}")


def _report_bug(stderr: TextIO, what: str, exc: BaseException) -> None:
    """An exception the grader must never raise: the traceback, then the one-line error."""
    traceback.print_exception(exc, file=stderr)
    print(f"error: {what} failed: {one_line(exc)}; this is a bug in the autograder, "
          "please report it with the traceback above", file=stderr)


def run_check(
    directory: Path = Path("exercises"),
    *,
    task: Sequence[str] | None = None,
    failed: bool = False,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Self-check ``directory`` with the visible checks (of ``task`` ids only, if given); 0 if all passed.

    ``failed`` lists only the checks that did not pass. The output is the learner release's
    (``python -m selfcheck check``), check for check.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    directory = Path(directory)
    _check_submission(directory, "DIR")
    known = [t.id for t in load_tasks()]
    unknown = [t for t in task or () if t not in known]
    if unknown:
        raise SubmissionError(f"there is no task {', '.join(unknown)}; the tasks are {', '.join(known)}")
    options = {"visibility": "visible", **({"tasks": tuple(task)} if task else {})}
    grader = _make_grader(grader_factory, **options)
    try:
        report = grader.grade(directory, None)
    except SubmissionError:
        raise
    except Exception as exc:
        _report_bug(stderr, "the self-check", exc)
        return EXIT_NOT_PASSED
    heading = f"Self-check of {printable(str(directory))} (visible checks only)"
    stdout.write(format_selfcheck(report, total_points=sum(t.points for t in load_tasks()), failed_only=failed,
                                  only_tasks=task, colour=wants_colour(stdout), heading=heading))
    return EXIT_OK if report.all_passed and report.results else EXIT_NOT_PASSED


def run_grade(
    submission: Path,
    out: Path,
    *,
    seed: int | None = None,
    isolation: str = "auto",
    cache: Path | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Grade one submission with every check; write Gradescope's results.json to ``out``; print the summary.

    With ``cache`` (or $AUTOGRADER_CACHE), expected values are read from that folder, or
    written there after grading when it holds none for this seed and code.

    0 when grading succeeded, whatever the learner scored; 1 when the autograder itself
    failed (``out`` then holds a score-0 result saying so).
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    submission, out = Path(submission), Path(out)
    seed_given = seed
    seed = resolve_seed(seed, environ)
    _check_isolation(isolation)
    _check_submission(submission, "SUBMISSION")
    _check_not_a_class(submission)
    _check_out_file(out)
    _check_out_is_ours(submission, out)
    _warn_if_default_seed(seed_given, environ, stderr)
    # No extra paths to hide: results.json holds nothing before it is written, and the sandbox
    # cannot write outside its home (namespace mode). Hiding its folder broke --out under /tmp.
    grader = _make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation,
                          **_cache_option(cache, environ))
    try:
        report = grader.grade(submission, None)
        results = to_gradescope(report)
        _save_cache(grader, stderr)
    except SubmissionError:
        raise
    except Exception as exc:
        _write_results(out, failure_results(one_line(exc)))
        _report_bug(stderr, "grading", exc)
        return EXIT_NOT_PASSED
    _write_results(out, results)
    stdout.write(format_report(report, colour=wants_colour(stdout)))
    print(f"wrote {printable(str(out))}", file=stdout)
    return EXIT_OK


def _cache_option(cache: Path | None, environ: Mapping[str, str] | None) -> dict[str, Path]:
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


def _save_cache(grader: GraderLike, stderr: TextIO) -> None:
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


def run_prepare(
    out: Path,
    *,
    seed: int | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Fill the cache folder ``out`` with every expected value for the seed (so no submission pays for them)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    seed_given = seed
    seed = resolve_seed(seed, environ)
    options = _cache_option(Path(out), {})
    _warn_if_default_seed(seed_given, environ, stderr)
    grader = _make_grader(grader_factory, seed=seed, visibility="all", **options)
    for note in getattr(grader, "notes", []):
        print(note, file=stderr)
    try:
        written = grader.save_cache()
    except OSError as err:
        raise SubmissionError(f"cannot write the cache in '{out}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None
    print(f"wrote {printable(str(written))}" if written else f"{printable(str(out))} is up to date", file=stdout)
    return EXIT_OK


def _check_out_file(out: Path) -> None:
    """``grade --out``: a regular file or nothing yet, in a folder that exists and can be written.

    The folder is never created (a typo must not create folders anywhere), and a device,
    pipe or socket is never replaced by results.json (as root, ``--out /dev/null`` would).
    """
    status = path_status(out, "--out")
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"--out '{out}' is a folder; give the file's path, e.g. {out / 'results.json'}")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise SubmissionError(f"--out '{out}' is not a regular file (a device, pipe or socket); "
                              "give the path of a file to write results.json to")
    folder = out.parent
    folder_status = path_status(folder, "the folder of --out")
    if folder_status is None:
        raise SubmissionError(f"the folder '{folder}' of --out '{out}' does not exist; "
                              "create it first or correct the path")
    if not stat.S_ISDIR(folder_status.st_mode):
        raise SubmissionError(f"'{folder}' in --out '{out}' is not a folder; "
                              "choose a path in a folder you can write to")
    try:
        check_writable_folder(folder)
    except OSError as err:
        raise SubmissionError(f"cannot write --out '{out}' ({err.strerror or err}); "
                              "choose a path in a folder you can write to") from None


def _check_not_a_class(submission: Path) -> None:
    """``grade`` given a class folder (no module of its own, sub-folders holding modules): point to grade-class."""
    try:
        if any(submission.glob("*.py")):
            return
        learners = sorted(p.name for p in submission.iterdir()
                          if p.is_dir() and not is_ignored(p) and any(p.glob("*.py")))
    except OSError:
        return     # the grader reports what it cannot read
    if len(learners) > 1:
        raise SubmissionError(f"SUBMISSION '{submission}' holds learner folders ({', '.join(learners[:3])}"
                              f"{', ...' if len(learners) > 3 else ''}), not a learner's modules; "
                              f"did you mean grade-class?")


def _check_out_is_ours(submission: Path, out: Path) -> None:
    """Refuse an --out inside the submission, and overwriting a file that is not a results.json of ours."""
    real_sub, real_out = submission.resolve(), out.resolve()
    if real_sub in real_out.parents or real_out == real_sub:
        raise SubmissionError(f"--out '{out}' is inside SUBMISSION '{submission}'; the results would overwrite "
                              "or join the learner's files: choose a path outside it")
    if not out.exists():
        return
    try:
        previous = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size < 2**26 else None
    except (OSError, UnicodeDecodeError, ValueError):
        previous = None
    if not (isinstance(previous, dict) and isinstance(previous.get("tests"), list) and "score" in previous):
        raise SubmissionError(f"--out '{out}' exists and is not a results file written by the grader; "
                              "move it away or choose another path (only a previous results.json is replaced)")


def _write_results(out: Path, results: dict[str, Any]) -> None:
    """Write results.json atomically; a failing disk is the caller's to fix (SubmissionError)."""
    try:
        atomic_write_json(out, results)
    except OSError as err:
        raise SubmissionError(f"cannot write --out '{out}' ({err.strerror or err}); "
                              "free some space or choose another path") from None


def run_grade_class(
    root: Path,
    out: Path,
    *,
    jobs: int | None = None,
    seed: int | None = None,
    isolation: str = "auto",
    progress: bool | None = None,
    cache: Path | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Grade every learner folder of ``root`` into ``out`` (see :func:`autograder.classroom.grade_class`).

    ``jobs`` defaults to the number of CPUs; ``progress`` (a bar on stderr) to whether
    stderr is a terminal. Prints the gradebook and a summary line; 0 when every learner
    was graded, 1 when the autograder failed on some, 130 when interrupted.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    seed_given = seed
    seed = resolve_seed(seed, environ)
    _check_isolation(isolation)
    if progress is None:
        progress = is_terminal(stderr)
    # the instructor's mistakes first, before any set-up
    _, ignored = check_class_paths(Path(root), Path(out), jobs)
    _warn_if_default_seed(seed_given, environ, stderr)
    for name, reason in ignored.items():
        print(f"note: not grading '{printable(name)}' in ROOT: {reason}", file=stderr)
    grader = _make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation,
                          hide=(Path(root).resolve(), Path(out).resolve()), **_cache_option(cache, environ))
    summary = grade_class(Path(root), Path(out), grader, jobs=jobs, progress=progress, stream=stderr)
    _save_cache(grader, stderr)
    for learner, reason in summary.failed.items():
        if learner in summary.tracebacks:
            print(f"error: grading {printable(learner)} failed: {printable(reason)}; this is a bug in the "
                  f"autograder, the traceback is in {printable(str(Path(out) / learner / ERROR_FILE))}",
                  file=stderr)
        else:
            print(f"error: could not grade {printable(learner)}: {printable(reason)}", file=stderr)
    if summary.interrupted:
        print(summary.line(), file=stdout)
        print("interrupted: finished learners are kept; run the same command again to grade the rest",
              file=stderr)
        return EXIT_INTERRUPTED
    _print_gradebook(summary, stdout)
    print(f"wrote {printable(str(Path(out) / GRADEBOOK_FILE))}", file=stdout)
    print(summary.line(), file=stdout)
    return EXIT_NOT_PASSED if summary.failed else EXIT_OK


def _print_gradebook(summary: ClassSummary, stdout: TextIO) -> None:
    stdout.write(format_table(gradebook.columns(), gradebook.rows(summary.reports)))


class _Parser(argparse.ArgumentParser):
    """Parse errors become one line (``error: ...; see --help``) through SubmissionError, not usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise SubmissionError(f"{message}; see '{self.prog} --help'")


def _default(function: Callable[..., Any], name: str) -> Any:
    """The default of ``function``'s parameter ``name`` (for help texts: the signature owns it)."""
    return inspect.signature(function).parameters[name].default


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; options absent from the command line are absent from the namespace."""
    parser = _Parser(prog=PROG, description="Self-check, grade one submission, or grade a class.",
                     argument_default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", argument_default=argparse.SUPPRESS,
                                help="self-check your modules with the visible checks",
                                description="Run the visible checks on your modules; exit 0 when all pass.")
    # No type=Path: argparse would convert an optional positional's SUPPRESS marker too (main drops it).
    check.add_argument("directory", metavar="DIR", nargs="?",
                       help=f"the folder of your modules (default: {_default(run_check, 'directory')})")
    check.add_argument("--task", action="append", metavar="N", help="only task N's checks (repeat for several)")
    check.add_argument("--failed", action="store_true", help="list only the checks that did not pass")

    instructor = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    instructor.add_argument("--seed", type=int, metavar="N",
                            help=f"the hidden checks' seed (default: ${SEED_ENV}, else {DEFAULT_SEED})")
    instructor.add_argument("--cache", type=Path, metavar="DIR",
                            help=f"a folder of expected values, read and filled (default: ${autograder_cache.ENV})")
    instructor.add_argument("--isolation", choices=ISOLATIONS,
                            help=f"how learner code is sandboxed "
                                 f"(default: {_default(run_grade, 'isolation')})")

    grade = commands.add_parser("grade", parents=[instructor], argument_default=argparse.SUPPRESS,
                                help="grade one submission into Gradescope's results.json",
                                description="Grade one submission with every check; write results.json.")
    grade.add_argument("submission", metavar="SUBMISSION", type=Path,
                       help="the folder of the learner's modules")
    grade.add_argument("--out", type=Path, required=True, metavar="FILE",
                       help="where to write results.json, in a folder that exists "
                            "(Gradescope: /autograder/results/results.json)")

    klass = commands.add_parser("grade-class", parents=[instructor], argument_default=argparse.SUPPRESS,
                                help="grade every learner folder of ROOT, resumably",
                                description="Grade every sub-folder of ROOT (one per learner) in parallel. "
                                            "A rerun grades only the learners whose files changed, unless the "
                                            "seed, --isolation or the grader's code changed.")
    klass.add_argument("root", metavar="ROOT", type=Path, help="the folder with one sub-folder per learner")
    klass.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="the output folder (outside ROOT; created if missing, in a folder that exists): "
                            "<learner>/results.json, gradebook.csv")
    klass.add_argument("--jobs", type=int, metavar="N",
                       help="learners graded at once (default: the CPU count)")
    klass.add_argument("--no-progress", dest="progress", action="store_false",
                       help="no progress bar (it is shown only when stderr is a terminal anyway)")
    nbg = commands.add_parser("nbgrader-autograde", parents=[instructor], argument_default=argparse.SUPPRESS,
                              help="autograde nbgrader submissions in parallel, into nbgrader's gradebook",
                              description="Grade the notebooks in nbgrader's submitted/ folder in the sandbox, in "
                                          "parallel and resumably; write nbgrader's gradebook and autograded/.")
    nbg.add_argument("--assignment", required=True, metavar="A", help="the nbgrader assignment id")
    nbg.add_argument("--student", metavar="S", help="only this learner (default: every submission)")
    nbg.add_argument("--course", type=Path, metavar="DIR", help="the nbgrader course folder (default: course)")
    nbg.add_argument("--jobs", type=int, metavar="N", help="learners graded at once (default: the CPU count)")
    nbg.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")

    prepare = commands.add_parser("prepare", argument_default=argparse.SUPPRESS,
                                  help="compute every expected value ahead of time into a cache folder",
                                  description="Fill a cache folder with the expected values for a seed, so that "
                                              "grade and grade-class with --cache DIR compute nothing.")
    prepare.add_argument("--seed", type=int, metavar="N",
                         help=f"the hidden checks' seed (default: ${SEED_ENV}, else {DEFAULT_SEED})")
    prepare.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="the cache folder (created 0700 if missing, in a folder that exists)")
    return parser


COMMANDS: dict[str, Callable[..., int]] = {
    "check": run_check, "grade": run_grade, "grade-class": run_grade_class, "prepare": run_prepare,
    "nbgrader-autograde": run_nbgrader_autograde,
}


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the main thread, so it stops as cleanly as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(
    argv: Sequence[str] | None = None,
    *,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Parse ``argv`` and run the command; return the exit code (never raises for bad input)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        options = {k: v for k, v in vars(build_parser().parse_args(argv)).items() if v != argparse.SUPPRESS}
        command = COMMANDS[options.pop("command")]
        streams: dict[str, Any] = {"stdout": stdout, "stderr": stderr}
        if "environ" in inspect.signature(command).parameters:
            streams["environ"] = environ
        with _sigterm_as_interrupt():
            return command(**options, grader_factory=grader_factory, **streams)
    except SubmissionError as err:
        print(f"error: {' '.join(str(err).split())}", file=stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: say so, with the traceback, and exit 1
        _report_bug(stderr, "the command", exc)
        return EXIT_NOT_PASSED
