"""``python -m autograder``: argparse over a function per command (one module each, in ``commands/``).

    check [DIR]                      a learner's self-check (visible checks only); exit 0 iff all pass
    grade SUBMISSION --out FILE      one submission, every check, Gradescope results.json
    grade-class ROOT --out DIR       every learner folder of ROOT, in parallel, resumable, plus a gradebook
    render DIR                       the HTML pages of a grade-class output folder, again, from its report.json
    merge OUT... --out DIR           the outputs of several grade-class --shard runs as one
    prepare --out DIR                every expected value, ahead of time, into a cache folder
    nbgrader-autograde --assignment A   nbgrader's submissions, in parallel, into its gradebook (nbgrade.py)
    assignment-seed --assignment A   one assignment's seed, derived from the course's secret
    similarity ROOT --out DIR        pairs of learners whose code is more alike than chance (instructor only)

The functions own every default (argparse passes only what was given), and take the
Grader through ``grader_factory`` so tests can hand in a fake. Exit codes: 0 done
(``check``: all passed), 1 ``check`` with checks not passed or an autograder bug,
2 the instructor's input is unusable (one line on stderr), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from autograder.channels.commands.check import run_check
from autograder.channels.commands.common import report_bug
from autograder.channels.commands.grade import run_grade
from autograder.channels.commands.grade_class import run_grade_class
from autograder.channels.commands.merge import run_merge
from autograder.channels.commands.prepare import run_prepare
from autograder.channels.commands.render import run_render
from autograder.channels.commands.similarity import run_similarity
from autograder.channels.nbgrade import run_nbgrader_autograde
from autograder.channels.options import (
    EXIT_INTERRUPTED,
    EXIT_NOT_PASSED,
    EXIT_OK,
    EXIT_USAGE,
    ISOLATIONS,
    SEED_ENV,
    GraderFactory,
    assignment_tasks,
    course_seed,
)
from autograder.expected import cache as autograder_cache
from autograder.formats.dashboard import DASHBOARD_FILE, REPORT_FILE
from autograder.formats.gradebook import EXPORTS
from autograder.grading.grader import Grader
from autograder.runtime.engine import GRADING_LIMITS
from autograder.runtime.errors import SubmissionError
from autograder.runtime.sandbox.contract import format_bytes, format_seconds

PROG = "python -m autograder"
EXPORT_HELP = (f"excel ({EXPORTS['excel']}: UTF-8 with a BOM, for Excel on Windows), canvas ({EXPORTS['canvas']}) "
               f"or moodle ({EXPORTS['moodle']}), the last two keyed on --roster's student ids")


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
    check.add_argument("--assignment", metavar="A", help="only the tasks of assignment A (course/assignments.toml)")
    check.add_argument("--failed", action="store_true", help="list only the checks that did not pass")
    check.add_argument("--html", type=Path, metavar="FILE", help="also write your feedback as a web page there")

    instructor = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    instructor.add_argument("--seed", type=int, metavar="N",
                            help=f"the course's secret seed of the hidden checks (default: ${SEED_ENV}; "
                                 "required: the kit's own default is public)")
    instructor.add_argument("--cache", type=Path, metavar="DIR",
                            help=f"a folder of expected values, read and filled (default: ${autograder_cache.ENV})")
    instructor.add_argument("--isolation", choices=ISOLATIONS,
                            help=f"how learner code is sandboxed "
                                 f"(default: {_default(run_grade, 'isolation')})")

    assignment = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    assignment.add_argument("--assignment", metavar="A",
                            help="only the tasks of assignment A (course/assignments.toml), graded out of its "
                                 "points, with A's own seed derived from the course's")

    limits = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    limits.add_argument("--memory", metavar="SIZE",
                        help=f"memory of one submission's sandbox, e.g. 512M or 1G "
                             f"(default: {format_bytes(GRADING_LIMITS.memory_bytes)})")
    limits.add_argument("--call-seconds", type=float, metavar="S",
                        help=f"CPU time of one call into the learner's code (default: "
                             f"{format_seconds(GRADING_LIMITS.call_seconds)}; the convergence run has its own)")
    limits.add_argument("--submission-seconds", type=float, metavar="S",
                        help=f"CPU time of all of one submission's calls "
                             f"(default: {format_seconds(GRADING_LIMITS.total_seconds)})")

    grade = commands.add_parser("grade", parents=[instructor, assignment, limits],
                                argument_default=argparse.SUPPRESS,
                                help="grade one submission into Gradescope's results.json",
                                description="Grade one submission with every check; write results.json.")
    grade.add_argument("submission", metavar="SUBMISSION", type=Path,
                       help="the folder of the learner's modules")
    grade.add_argument("--html", type=Path, metavar="FILE",
                       help="also write the learner's feedback page there (as before release: no hidden check)")
    grade.add_argument("--out", type=Path, required=True, metavar="FILE",
                       help="where to write results.json, in a folder that exists "
                            "(Gradescope: /autograder/results/results.json)")

    klass = commands.add_parser("grade-class", parents=[instructor, assignment, limits],
                                argument_default=argparse.SUPPRESS,
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
    klass.add_argument("--regrade", action="extend", nargs="+", metavar="NAME",
                       help="grade these learners again even if their results are up to date (the others "
                            "are kept); after changing a check, every report is out of date anyway")
    klass.add_argument("--export", action="append", choices=list(EXPORTS), metavar="FORMAT",
                       help=f"also write the gradebook for import (repeat for several): {EXPORT_HELP}")
    render = commands.add_parser("render", argument_default=argparse.SUPPRESS,
                                 help="re-render the HTML pages of a grade-class output folder",
                                 description="Rewrite every <learner>/report.html and the dashboard "
                                             f"{DASHBOARD_FILE} of DIR from its {REPORT_FILE} files (after a "
                                             "template changed, or to release the hidden checks' results).")
    render.add_argument("directory", metavar="DIR", type=Path, help="the --out folder of grade-class")
    render.add_argument("--released", action="store_true",
                        help="grades are released: the learners' pages show the hidden checks too")
    render.add_argument("--roster", type=Path, metavar="CSV",
                        help="as for grade-class: the dashboard lists the students without a folder")

    merge = commands.add_parser("merge", argument_default=argparse.SUPPRESS,
                                help="merge the outputs of grade-class --shard runs",
                                description="Combine grade-class outputs (one per shard) into one folder "
                                            "of results and one gradebook; refuses overlaps and outputs "
                                            "graded with different seeds or grader code.")
    merge.add_argument("outs", metavar="OUT", type=Path, nargs="+", help="a grade-class --out folder")
    merge.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="the merged folder (new, empty, or an earlier merge)")
    merge.add_argument("--roster", type=Path, metavar="CSV", help="as for grade-class")
    merge.add_argument("--assignment", metavar="A", help="the assignment the shards were graded for (grade-class "
                       "--assignment A): refused if they record another; the gradebook's columns are A's tasks")
    merge.add_argument("--html", action="store_true",
                       help="also write the learners' pages and the dashboard (done anyway when a shard was "
                            "graded with --html)")
    merge.add_argument("--export", action="append", choices=list(EXPORTS), metavar="FORMAT",
                       help="as for grade-class")
    nbg = commands.add_parser("nbgrader-autograde", parents=[instructor], argument_default=argparse.SUPPRESS,
                              help="autograde nbgrader submissions in parallel, into nbgrader's gradebook",
                              description="Grade the notebooks in nbgrader's submitted/ folder in the sandbox, in "
                                          "parallel and resumably; write nbgrader's gradebook and autograded/.")
    nbg.add_argument("--assignment", required=True, metavar="A", help="the nbgrader assignment id")
    nbg.add_argument("--student", metavar="S", help="only this learner (default: every submission)")
    nbg.add_argument("--course", type=Path, metavar="DIR", help="the nbgrader course folder (default: course)")
    nbg.add_argument("--jobs", type=int, metavar="N", help="learners graded at once (default: the CPU count)")
    nbg.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    nbg.add_argument("--roster", type=Path, metavar="CSV",
                     help="the class roster (as for grade-class): its names and emails into nbgrader's student table")

    prepare = commands.add_parser("prepare", argument_default=argparse.SUPPRESS,
                                  help="compute every expected value ahead of time into a cache folder",
                                  description="Fill a cache folder with the expected values for a seed, so that "
                                              "grade and grade-class with --cache DIR compute nothing.")
    prepare.add_argument("--seed", type=int, metavar="N",
                         help=f"the course's secret seed of the hidden checks (default: ${SEED_ENV}; required)")
    prepare.add_argument("--assignment", metavar="A",
                         help="only the expected values of assignment A, for A's own seed")
    prepare.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="the cache folder (created 0700 if missing, in a folder that exists)")
    seed = commands.add_parser("assignment-seed", argument_default=argparse.SUPPRESS,
                               help="print one assignment's seed, derived from the course's secret",
                               description="Print the seed of assignment A's hidden checks, derived from the "
                                           "course's secret (HMAC-SHA256): what `make autograde` gives nbgrader's "
                                           "kernels, which never hold the secret itself.")
    seed.add_argument("--assignment", required=True, metavar="A", help="the assignment's id")
    seed.add_argument("--seed", type=int, metavar="N", help=f"the course's secret (default: ${SEED_ENV})")
    similarity = commands.add_parser("similarity", argument_default=argparse.SUPPRESS,
                                     help="pairs of learners whose code is more similar than chance (instructor only)",
                                     description="Compare every pair of learners, module by module, with MOSS-style "
                                                 "winnowing (copydetect); the starter stubs are boilerplate. Writes "
                                                 "similarity.html (shared regions side by side) and similarity.json.")
    similarity.add_argument("root", metavar="ROOT", type=Path, help="the folder of learner folders")
    similarity.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the report goes")
    similarity.add_argument("--threshold", type=float, metavar="F",
                            help="share of both files in common above which a pair is reported (default: 0.6)")
    similarity.add_argument("--stubs", type=Path, metavar="DIR", help="the starter modules (default: exercises/)")
    return parser


def run_assignment_seed(assignment: str, *, seed: int | None = None, stdout: TextIO | None = None,
                        stderr: TextIO | None = None, environ: Mapping[str, str] | None = None) -> int:
    """``assignment-seed``: print the derived seed of ``assignment`` (a known one) on stdout."""
    assignment_tasks(assignment)
    print(course_seed(seed, environ, assignment), file=stdout or sys.stdout)
    return EXIT_OK


COMMANDS: dict[str, Callable[..., int]] = {
    "check": run_check, "grade": run_grade, "grade-class": run_grade_class, "prepare": run_prepare,
    "render": run_render, "merge": run_merge, "similarity": run_similarity,
    "nbgrader-autograde": run_nbgrader_autograde, "assignment-seed": run_assignment_seed,
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
        report_bug(stderr, "the command", exc)
        return EXIT_NOT_PASSED
