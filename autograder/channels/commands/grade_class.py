"""``grade-class ROOT --out DIR``: every learner folder of ROOT, in parallel, resumable, plus a gradebook."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from autograder.channels.commands.common import (
    cache_option,
    check_exports,
    print_gradebook,
    render_pages,
    save_cache,
)
from autograder.channels.options import (
    EXIT_INTERRUPTED,
    EXIT_NOT_PASSED,
    EXIT_OK,
    GraderFactory,
    assignment_tasks,
    check_isolation,
    course_seed,
    graded_tasks,
    grading_limits,
    make_grader,
)
from autograder.expected.digest import code_digest, manifest_digest
from autograder.formats.dashboard import DASHBOARD_FILE, ERROR_FILE
from autograder.formats.gradebook import EXPORTS
from autograder.formats.roster import Roster, load_roster, plural, same_name
from autograder.grading.classroom import check_class_paths, grade_class
from autograder.grading.files import GRADEBOOK_FILE, path_status, seed_fingerprint
from autograder.grading.grader import Grader, GraderLike
from autograder.grading.shards import SHARD_FILE, Shard, parse_shard, shard_record, write_shard_record
from autograder.runtime.atomic import atomic_write_json
from autograder.runtime.errors import SubmissionError
from autograder.runtime.sandbox.isolation import SANDBOX_FILE, sandbox_facts
from autograder.runtime.terminal import (
    is_terminal,
    printable,
)


def run_grade_class(
    root: Path,
    out: Path,
    *,
    jobs: int | None = None,
    seed: int | None = None,
    assignment: str | None = None,
    isolation: str = "auto",
    progress: bool | None = None,
    shard: str | None = None,
    roster: Path | None = None,
    export: Sequence[str] = (),
    regrade: Sequence[str] = (),
    cache: Path | None = None,
    html: bool = False,
    memory: str | None = None,
    call_seconds: float | None = None,
    submission_seconds: float | None = None,
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
    seed = course_seed(seed, environ, assignment)
    tasks = assignment_tasks(assignment)
    chosen = graded_tasks(tasks)   # the gradebook's and the dashboard's task columns: the assignment's
    check_isolation(isolation)
    limits = grading_limits(memory, call_seconds, submission_seconds)
    mode = ("bar" if is_terminal(stderr) else "log") if progress is None else "bar" if progress else "none"
    split = parse_shard(shard) if shard is not None else None
    exports = check_exports(export, roster)
    class_roster = load_roster(roster) if roster is not None else None
    # the instructor's mistakes first, before any set-up
    everyone, ignored = check_class_paths(Path(root), Path(out), jobs)
    again = _check_regrade(regrade, [folder.name for folder in everyone], root)
    dashboard = Path(out) / DASHBOARD_FILE
    if html and (status := path_status(dashboard, "--out")) is not None and not stat.S_ISREG(status.st_mode):
        raise SubmissionError(f"'{dashboard}' is not a file; move it out of --out '{out}', where --html writes "
                              "the dashboard")
    for name, reason in ignored.items():
        print(f"note: not grading '{printable(name)}' in ROOT: {reason}", file=stderr)
    grader = make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation, **tasks,
                          hide=(Path(root).resolve(), Path(out).resolve()), **cache_option(cache, environ),
                          **({"limits": limits} if limits else {}))
    _note_roster(class_roster, [folder.name for folder in everyone], stderr)
    facts = sandbox_facts(isolation)   # said at every run, kept for the dashboard
    print(facts["sentence"], file=stderr)
    Path(out).mkdir(exist_ok=True)   # its parent was checked by check_class_paths
    atomic_write_json(Path(out) / SANDBOX_FILE, [facts])   # a list: merge keeps each distinct one
    summary = grade_class(Path(root), Path(out), grader, jobs=jobs, progress=mode, stream=stderr, tasks=chosen,
                          select=split.holds if split else None, roster=class_roster,
                          exports=exports, regrade=again)
    save_cache(grader, stderr)
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
    absent = class_roster.compare([folder.name for folder in everyone])[0] if class_roster and not split else []
    print_gradebook(summary.reports, stdout, class_roster, absent, chosen)
    print(f"wrote {printable(str(Path(out) / GRADEBOOK_FILE))}", file=stdout)
    for name in exports:
        print(f"wrote {printable(str(Path(out) / EXPORTS[name]))}", file=stdout)
    if html:
        render_pages(Path(out), stdout, learners={folder.name for folder in everyone}, absent=absent, tasks=chosen)
    print(summary.line() + (f" (shard {split})" if split else ""), file=stdout)
    return EXIT_NOT_PASSED if summary.failed else EXIT_OK


def _check_regrade(names: Sequence[str], learners: Sequence[str], root: Path) -> set[str]:
    """The learner folders ``--regrade`` names (compared in Unicode's NFC form); SubmissionError for a name that
    is not one."""
    by_name = {same_name(learner): learner for learner in learners}
    unknown = [name for name in names if same_name(name) not in by_name]
    if unknown:
        raise SubmissionError(f"--regrade {unknown[0]!r} is not a learner folder of ROOT '{root}'; give the names "
                              "of folders in ROOT (as in the gradebook's learner column)")
    return {by_name[same_name(name)] for name in names}


def _note_roster(roster: Roster | None, folders: Sequence[str], stderr: TextIO) -> None:
    """Notes on the roster against ROOT: students without a folder, folders of no student."""
    if roster is None:
        return
    no_submission, not_on_roster = roster.compare(folders)
    if no_submission:
        print(f"note: {plural(len(no_submission), 'student')} on the roster "
              f"{'has' if len(no_submission) == 1 else 'have'} no folder in ROOT: "
              f"{printable(', '.join(no_submission))}", file=stderr)
    if not_on_roster:
        print(f"note: {plural(len(not_on_roster), 'folder')} of ROOT {'is' if len(not_on_roster) == 1 else 'are'} "
              "not on the roster: "
              f"{printable(', '.join(not_on_roster))}", file=stderr)


def _write_shard(out: Path, split: Shard, everyone: list[str], grader: GraderLike) -> None:
    mine = [name for name in everyone if split.holds(name)]
    metadata = {"seed_sha256": seed_fingerprint(grader.seed), "visibility": grader.visibility,
                "manifest_sha256": manifest_digest(), "code_sha256": code_digest(),
                "assignment": getattr(grader, "assignment", None)}
    try:
        write_shard_record(out, shard_record(split, everyone, mine, metadata))
    except OSError as err:
        raise SubmissionError(f"cannot write '{out}/shard.json' ({err.strerror or err}); free some space and "
                              "run again (the learners' files are written)") from None
