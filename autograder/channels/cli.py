"""``python -m autograder``: argparse over a function per command.

    check [DIR]                      a learner's self-check (visible checks only); exit 0 iff all pass
    grade SUBMISSION --out FILE      one submission, every check, Gradescope results.json
    grade-class ROOT --out DIR       every learner folder of ROOT, in parallel, resumable, plus a gradebook
    render DIR                       the HTML pages of a grade-class output folder, again, from its report.json
    merge OUT... --out DIR           the outputs of several grade-class --shard runs as one
    prepare --out DIR                every expected value, ahead of time, into a cache folder
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

from autograder.channels.nbgrade import run_nbgrader_autograde
from autograder.channels.options import (
    EXIT_INTERRUPTED,
    EXIT_NOT_PASSED,
    EXIT_OK,
    EXIT_USAGE,
    ISOLATIONS,
    SEED_ENV,
    GraderFactory,
    check_isolation,
    make_grader,
    resolve_seed,
    warn_if_default_seed,
)
from autograder.expected import cache as autograder_cache
from autograder.expected.digest import code_digest, manifest_digest
from autograder.formats import gradebook
from autograder.formats.dashboard import DASHBOARD_FILE, RenderSummary, render_folder
from autograder.formats.gradescope import failure_results, to_gradescope
from autograder.formats.html import learner_page
from autograder.formats.roster import Roster, load_roster
from autograder.grading.classroom import (
    ERROR_FILE,
    GRADEBOOK_FILE,
    REPORT_FILE,
    GraderLike,
    check_class_paths,
    grade_class,
    is_ignored,
    one_line,
    path_status,
)
from autograder.grading.grader import DEFAULT_SEED, Grader
from autograder.grading.merge import describe, merge_outputs
from autograder.grading.shards import SHARD_FILE, Shard, parse_shard, shard_record, write_shard_record
from autograder.runtime.atomic import atomic_write_json, atomic_write_text, check_writable_folder
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import load_tasks
from autograder.runtime.sandbox import SandboxError
from autograder.runtime.terminal import (
    format_report,
    format_selfcheck,
    format_table,
    is_terminal,
    printable,
    wants_colour,
)
from autograder.runtime.text import to_jsonable

PROG = "python -m autograder"


def _check_submission(path: Path, what: str) -> None:
    what_to_do = "give the folder that holds the learner's modules"
    status = path_status(path, what)
    if status is None:
        raise SubmissionError(f"{what} '{path}' does not exist; {what_to_do}")
    if not stat.S_ISDIR(status.st_mode):
        raise SubmissionError(f"{what} '{path}' is not a folder; {what_to_do}")


def _report_bug(stderr: TextIO, what: str, exc: BaseException) -> None:
    """An exception the grader must never raise: the traceback, then the one-line error."""
    if isinstance(exc, SandboxError):   # the machine, not the kit: one line, nothing recorded as a result
        print(f"error: {what} failed on the grader's side: {one_line(exc)}; nothing was recorded as the "
              "learner's result: fix the machine (space, memory) and run again", file=stderr)
        return
    traceback.print_exception(exc, file=stderr)
    print(f"error: {what} failed: {one_line(exc)}; this is a bug in the autograder, "
          "please report it with the traceback above", file=stderr)


def run_check(
    directory: Path = Path("exercises"),
    *,
    task: Sequence[str] | None = None,
    failed: bool = False,
    html: Path | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Self-check ``directory`` with the visible checks (of ``task`` ids only, if given); 0 if all passed.

    ``failed`` lists only the checks that did not pass. The output is the learner release's
    (``python -m selfcheck check``), check for check. With ``html``, the feedback is also written
    there as a page (see :mod:`autograder.runtime.text.html`).
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    directory = Path(directory)
    _check_submission(directory, "DIR")
    known = [t.id for t in load_tasks()]
    unknown = [t for t in task or () if t not in known]
    if unknown:
        raise SubmissionError(f"there is no task {', '.join(unknown)}; the tasks are {', '.join(known)}")
    options = {"visibility": "visible", **({"tasks": tuple(task)} if task else {})}
    grader = make_grader(grader_factory, **options)
    if html is not None:
        _check_out_file(Path(html), "--html", "report.html")
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
    if html is not None:
        _write_page(Path(html), learner_page(to_jsonable(report.to_dict()), heading=heading), stdout)
    return EXIT_OK if report.all_passed and report.results else EXIT_NOT_PASSED


def run_grade(
    submission: Path,
    out: Path,
    *,
    seed: int | None = None,
    isolation: str = "auto",
    cache: Path | None = None,
    html: Path | None = None,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Grade one submission with every check; write Gradescope's results.json to ``out``; print the summary.

    With ``cache`` (or $AUTOGRADER_CACHE), expected values are read from that folder, or
    written there after grading when it holds none for this seed and code.
    With ``html``, the learner's page is written there too, as before release (no hidden check on it).

    0 when grading succeeded, whatever the learner scored; 1 when the autograder itself
    failed (``out`` then holds a score-0 result saying so).
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    submission, out = Path(submission), Path(out)
    seed_given = seed
    seed = resolve_seed(seed, environ)
    check_isolation(isolation)
    _check_submission(submission, "SUBMISSION")
    _check_not_a_class(submission)
    _check_out_file(out)
    _check_out_is_ours(submission, out)
    if html is not None:
        _check_out_file(Path(html), "--html", "report.html")
        if submission.resolve() in Path(html).resolve().parents:
            raise SubmissionError(f"--html '{html}' is inside SUBMISSION '{submission}'; choose a path outside it")
        if Path(html).resolve() == out.resolve():
            raise SubmissionError(f"--html '{html}' is the file of --out; give the page another name, "
                                  "e.g. report.html")
    warn_if_default_seed(seed_given, environ, stderr)
    # No extra paths to hide: results.json holds nothing before it is written, and the sandbox
    # cannot write outside its home (namespace mode). Hiding its folder broke --out under /tmp.
    grader = make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation,
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
    if html is not None:
        _write_page(Path(html), learner_page(to_jsonable(report.to_dict())), stdout)
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
    warn_if_default_seed(seed_given, environ, stderr)
    grader = make_grader(grader_factory, seed=seed, visibility="all", **options)
    for note in getattr(grader, "notes", []):
        print(note, file=stderr)
    try:
        written = grader.save_cache()
    except OSError as err:
        raise SubmissionError(f"cannot write the cache in '{out}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None
    print(f"wrote {printable(str(written))}" if written else f"{printable(str(out))} is up to date", file=stdout)
    return EXIT_OK


def _check_out_file(out: Path, option: str = "--out", writes: str = "results.json") -> None:
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


def _write_page(path: Path, page: str, stdout: TextIO) -> None:
    """Write an HTML page atomically and say so; a failing disk is the caller's to fix (SubmissionError)."""
    try:
        atomic_write_text(path, page)
    except OSError as err:
        raise SubmissionError(f"cannot write --html '{path}' ({err.strerror or err}); "
                              "free some space or choose another path") from None
    print(f"wrote {printable(str(path))}", file=stdout)


def _render_pages(out: Path, stdout: TextIO, **options: Any) -> RenderSummary:
    """Render every page of the output folder ``out``; SubmissionError if one cannot be written."""
    try:
        summary = render_folder(out, **options)
    except OSError as err:
        raise SubmissionError(f"cannot write the HTML pages in '{out}' ({err.strerror or err}); "
                              "free some space or fix the folder and run again") from None
    print(printable(summary.line(out)), file=stdout)
    return summary


def run_render(directory: Path, *, released: bool = False, stdout: TextIO | None = None,
               stderr: TextIO | None = None) -> int:
    """Re-render the pages of a grade-class output folder from its report.json files: each learner's
    ``report.html`` (with the hidden checks when ``released``) and the dashboard ``index.html``."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    directory = Path(directory)
    what_to_do = "give the --out folder of grade-class"
    status = path_status(directory, "DIR")
    if status is None or not stat.S_ISDIR(status.st_mode):
        problem = "does not exist" if status is None else "is not a folder"
        raise SubmissionError(f"DIR '{directory}' {problem}; {what_to_do}")
    if not any(path.is_file() for path in directory.glob(f"*/{REPORT_FILE}")):
        raise SubmissionError(f"DIR '{directory}' holds no <learner>/{REPORT_FILE}; {what_to_do}")
    summary = _render_pages(directory, stdout, released=released)
    for learner, reason in summary.unreadable.items():
        print(f"warning: {printable(learner)}/{REPORT_FILE} not rendered: {printable(reason)}", file=stderr)
    return EXIT_OK


def run_grade_class(
    root: Path,
    out: Path,
    *,
    jobs: int | None = None,
    seed: int | None = None,
    isolation: str = "auto",
    progress: bool | None = None,
    shard: str | None = None,
    roster: Path | None = None,
    cache: Path | None = None,
    html: bool = False,
    grader_factory: GraderFactory = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Grade every learner folder of ``root`` into ``out`` (see :func:`autograder.grading.classroom.grade_class`).

    ``jobs`` defaults to the number of CPUs; ``progress``: None (the default) draws a bar
    on stderr when it is a terminal and writes timestamped log lines when it is not, False
    neither. ``shard`` ("I/N") grades only that slice of ROOT (:mod:`autograder.grading.shards`);
    ``roster`` (a CSV file) adds its columns to the gradebook. With ``html``, every learner's
    page and the dashboard are (re)written on every run, even one that grades nothing new.
    Prints the gradebook and a summary line; 0 when every learner was graded, 1 when the
    autograder failed on some, 130 when interrupted.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    seed_given = seed
    seed = resolve_seed(seed, environ)
    check_isolation(isolation)
    mode = ("bar" if is_terminal(stderr) else "log") if progress is None else "bar" if progress else "none"
    split = parse_shard(shard) if shard is not None else None
    class_roster = load_roster(roster) if roster is not None else None
    # the instructor's mistakes first, before any set-up
    everyone, ignored = check_class_paths(Path(root), Path(out), jobs)
    dashboard = Path(out) / DASHBOARD_FILE
    if html and (status := path_status(dashboard, "--out")) is not None and not stat.S_ISREG(status.st_mode):
        raise SubmissionError(f"'{dashboard}' is not a file; move it out of --out '{out}', where --html writes "
                              "the dashboard")
    warn_if_default_seed(seed_given, environ, stderr)
    for name, reason in ignored.items():
        print(f"note: not grading '{printable(name)}' in ROOT: {reason}", file=stderr)
    grader = make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation,
                          hide=(Path(root).resolve(), Path(out).resolve()), **_cache_option(cache, environ))
    _note_roster(class_roster, [folder.name for folder in everyone], stderr)
    summary = grade_class(Path(root), Path(out), grader, jobs=jobs, progress=mode, stream=stderr,
                          select=split.holds if split else None, roster=class_roster)
    _save_cache(grader, stderr)
    if split is not None and not summary.interrupted:
        _write_shard(Path(out), split, [folder.name for folder in everyone], grader)
    elif split is None:   # OUT now holds the whole class: an earlier run's slice record no longer applies
        (Path(out) / SHARD_FILE).unlink(missing_ok=True)
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
    _print_gradebook(summary.reports, stdout, class_roster)
    print(f"wrote {printable(str(Path(out) / GRADEBOOK_FILE))}", file=stdout)
    if html:
        _render_pages(Path(out), stdout, learners={folder.name for folder in everyone})
    print(summary.line() + (f" (shard {split})" if split else ""), file=stdout)
    return EXIT_NOT_PASSED if summary.failed else EXIT_OK


def _print_gradebook(reports: Mapping[str, Any], stdout: TextIO, roster: Roster | None = None) -> None:
    stdout.write(format_table(gradebook.columns(roster=roster), gradebook.rows(reports, roster=roster)))


def _note_roster(roster: Roster | None, folders: Sequence[str], stderr: TextIO) -> None:
    """Notes on the roster against ROOT: students without a folder, folders of no student."""
    if roster is None:
        return
    no_submission, not_on_roster = roster.compare(folders)
    if no_submission:
        print(f"note: {len(no_submission)} students on the roster have no folder in ROOT: "
              f"{printable(', '.join(no_submission))}", file=stderr)
    if not_on_roster:
        print(f"note: {len(not_on_roster)} folders of ROOT are not on the roster: "
              f"{printable(', '.join(not_on_roster))}", file=stderr)


def _write_shard(out: Path, split: Shard, everyone: list[str], grader: GraderLike) -> None:
    mine = [name for name in everyone if split.holds(name)]
    metadata = {"seed": grader.seed, "visibility": grader.visibility, "manifest_sha256": manifest_digest(),
                "code_sha256": code_digest()}
    try:
        write_shard_record(out, shard_record(split, everyone, mine, metadata))
    except OSError as err:
        raise SubmissionError(f"cannot write '{out}/shard.json' ({err.strerror or err}); free some space and "
                              "run again (the learners' files are written)") from None


def run_merge(
    outs: Sequence[Path], out: Path, *, roster: Path | None = None, grader_factory: object = None,
    stdout: TextIO | None = None, stderr: TextIO | None = None,
) -> int:
    """Merge grade-class outputs (shards) into ``out``; 0 when complete, 1 when learners or shards are missing
    or the autograder failed on some (see :mod:`autograder.grading.merge`). Grades nothing: ``grader_factory``
    is unused."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    class_roster = load_roster(roster) if roster is not None else None
    summary = merge_outputs(outs, out, roster=class_roster)
    for note in describe(summary):
        print(printable(note), file=stderr)
    _print_gradebook(summary.reports, stdout, class_roster)
    print(f"wrote {printable(str(Path(out) / GRADEBOOK_FILE))}", file=stdout)
    print(summary.line(), file=stdout)
    incomplete = summary.missing or summary.missing_shards or summary.failed
    return EXIT_NOT_PASSED if incomplete else EXIT_OK


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
    check.add_argument("--html", type=Path, metavar="FILE", help="also write your feedback as a web page there")

    instructor = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
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
    grade.add_argument("--html", type=Path, metavar="FILE",
                       help="also write the learner's feedback page there (as before release: no hidden check)")
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
    klass.add_argument("--html", action="store_true",
                       help="also write each learner's page <learner>/report.html (as before release) "
                            f"and the class dashboard {DASHBOARD_FILE}")
    klass.add_argument("--no-progress", dest="progress", action="store_false",
                       help="no progress bar on a terminal, no log lines elsewhere")
    klass.add_argument("--shard", metavar="I/N",
                       help="grade only slice I of N (by learner name; stable when learners are added), "
                            "then merge the slices with the merge command")
    klass.add_argument("--roster", type=Path, metavar="CSV",
                       help="folder,student_id,name,email per student: those columns in the gradebook, and "
                            "notes on students without a folder and folders not on the roster")
    render = commands.add_parser("render", argument_default=argparse.SUPPRESS,
                                 help="re-render the HTML pages of a grade-class output folder",
                                 description="Rewrite every <learner>/report.html and the dashboard "
                                             f"{DASHBOARD_FILE} of DIR from its report.json files (after a "
                                             "template changed, or to release the hidden checks' results).")
    render.add_argument("directory", metavar="DIR", type=Path, help="the --out folder of grade-class")
    render.add_argument("--released", action="store_true",
                        help="grades are released: the learners' pages show the hidden checks too")

    merge = commands.add_parser("merge", argument_default=argparse.SUPPRESS,
                                help="merge the outputs of grade-class --shard runs",
                                description="Combine grade-class outputs (one per shard) into one folder "
                                            "of results and one gradebook; refuses overlaps and outputs "
                                            "graded with different seeds or grader code.")
    merge.add_argument("outs", metavar="OUT", type=Path, nargs="+", help="a grade-class --out folder")
    merge.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="the merged folder (new, empty, or an earlier merge)")
    merge.add_argument("--roster", type=Path, metavar="CSV", help="as for grade-class")
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
    "render": run_render, "merge": run_merge, "nbgrader-autograde": run_nbgrader_autograde,
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
        for name, value in (("environ", environ), ("grader_factory", grader_factory)):
            if name in inspect.signature(command).parameters:
                streams[name] = value
        with _sigterm_as_interrupt():
            return command(**options, **streams)
    except SubmissionError as err:
        print(f"error: {' '.join(str(err).split())}", file=stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: say so, with the traceback, and exit 1
        _report_bug(stderr, "the command", exc)
        return EXIT_NOT_PASSED
