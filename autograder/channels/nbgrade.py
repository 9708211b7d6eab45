"""nbgrader's side of the kit: the hidden test cells, the feedback filter, and a parallel, isolated autograde.

Stock ``nbgrader autograde`` runs each notebook in a kernel, serially, and its test cells run in
the learner's own process. ``python -m autograder nbgrader-autograde`` grades the same
submissions without a kernel:

1. each learner's solution cells in ``submitted/<learner>/<assignment>/`` are joined with the
   master notebook's given cells into the kit's modules (:mod:`autograder.channels.nbsupport`), under
   ``<course>/fast-autograde/<assignment>/modules/<learner>/``;
2. ``grade_class`` grades them in the sandbox, in parallel, with a progress bar, resumably
   (reports under ``fast-autograde/<assignment>/reports/``);
3. nbgrader's own ``Autograde`` converter writes the autograded notebooks and the gradebook,
   with its sanitising steps unchanged (locked cells restored, missing test cells added back)
   and, in place of running the notebook, ``nbpreprocessors.FillOutputs``, which gives each test
   cell the output its code would have printed. nbgrader then reads the scores off those outputs
   exactly as after a stock autograde (``SaveAutoGrades``), late penalties included.

nbgrader is imported only inside the functions that use it (it takes 2.7 s to import).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from autograder.channels import nbsupport
from autograder.channels.options import ASSIGNMENT_SEED_ENV, EXIT_INTERRUPTED, course_seed, make_grader
from autograder.formats.roster import Roster, load_roster
from autograder.grading.assignments import load_assignments
from autograder.grading.classroom import grade_class
from autograder.grading.grader import Grader
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import load_tasks
from autograder.runtime.model import Report

FAST_FOLDER = "fast-autograde"


def course_root(start: Path) -> Path | None:
    """The nbgrader course folder around ``start`` (the first one holding nbgrader_config.py)."""
    return next((p for p in [start, *start.parents] if (p / "nbgrader_config.py").is_file()), None)


def hidden_points(notebook: str, task: str) -> float:
    """A hidden test cell: grade the saved ``notebook``'s modules with ``task``'s hidden checks.

    Prints a line per check (names and statuses, never inputs or values) and returns the
    points (nbgrader's partial credit). The seed is the assignment's, from $AUTOGRADER_ASSIGNMENT_SEED
    (``make autograde`` derives it from the course's secret, which the kernel never holds), never from the
    notebook. Never raises and never writes to stderr (nbgrader would score the cell 0 silently).
    """
    with nbsupport.quiet_stderr():
        text = os.environ.get(ASSIGNMENT_SEED_ENV, "").strip()
        if not text.isdigit():
            print(f"Task {task}: the hidden checks need the assignment's seed in ${ASSIGNMENT_SEED_ENV}: "
                  "grade with `make autograde` or `make autograde-fast`; tell the instructor")
            return 0.0
        try:
            seed = int(text)
            course = course_root(Path.cwd().resolve())
            grader = Grader(seed=seed, visibility="hidden", tasks=(task,), hide=(course,) if course else ())
            with nbsupport.modules_folder(Path(notebook)) as folder:
                report = grader.grade(Path(folder), "notebook")
        except Exception as err:
            print(f"Task {task}: the hidden checks could not run ({type(err).__name__}); tell the instructor")
            return 0.0
        print(nbsupport.cell_text(report.results, task, "hidden"), end="")
    return nbsupport.task_points(report.results, task, "hidden")


def submission_modules(master: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, str]:
    """The modules of one learner: the master notebook's given cells, the learner's solution cells.

    A solution cell is the learner's by its grade_id (the first, if copied); one they deleted
    contributes nothing. Their other cells, and any edit of a locked cell, play no part.
    """
    theirs: dict[str, str] = {}
    for cell in submitted.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution"):
            theirs.setdefault(nbsupport.grade_id(cell), nbsupport.source_of(cell))
    modules = nbsupport.module_cells(master.get("cells", []))
    return nbsupport.assemble({
        module: [nbsupport.source_of(cell) if kind == "given" else theirs.get(nbsupport.grade_id(cell), "")
                 for kind, cell in entries]
        for module, entries in modules.items()})


def stage(course: Path, assignment: str, learners: list[str], modules_root: Path) -> dict[str, str]:
    """Write each learner's modules under ``modules_root/<learner>/``; return learner -> why not staged."""
    sources = sorted((course / "source" / assignment).glob("*.ipynb"))
    if not sources:
        raise SubmissionError(f"no notebook in {course / 'source' / assignment}; run `make notebooks`")
    masters = {path.name: nbsupport.read_notebook(path) for path in sources}
    problems = {}
    shutil.rmtree(modules_root, ignore_errors=True)
    for learner in learners:
        folder = modules_root / learner
        folder.mkdir(parents=True)
        for name, master in masters.items():
            path = course / "submitted" / learner / assignment / name
            try:
                modules = submission_modules(master, nbsupport.read_notebook(path))
            except FileNotFoundError:
                modules = submission_modules(master, {"cells": []})
            except (OSError, ValueError, TypeError, AttributeError, RecursionError, MemoryError) as err:
                # not a notebook (or one nested past the JSON parser's depth): the learner's file, graded empty
                problems[learner] = f"cannot read {path.name} ({type(err).__name__}: {err})"
                modules = submission_modules(master, {"cells": []})
            nbsupport.write_modules(modules, folder)
    return problems


def nbgrader_config(course: Path, **settings: Any) -> Any:
    """The course's nbgrader_config.py, plus ``settings`` ({"Class.trait": value})."""
    from traitlets.config import Config, PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    extra = Config()
    for key, value in settings.items():
        section, trait = key.split(".")
        extra[section][trait] = value
    config.merge(extra)
    return config


def write_autograded(course: Path, assignment: str, learner: str, reports: Path) -> str | None:
    """nbgrader's Autograde converter for ``learner`` (a name, or ``*`` for every submission); None or the error.

    Its autograde steps are nbgrader's, but FillOutputs in place of Execute and without the second
    CheckCellMetadata (a third of the converter's time): the sanitising pass has checked the
    metadata, which FillOutputs does not touch.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import AssignLatePenalties, IgnorePattern, LimitOutput, SaveAutoGrades

    from autograder.channels.nbpreprocessors import FillOutputs

    config = nbgrader_config(course, **{
        "CourseDirectory.root": str(course), "CourseDirectory.assignment_id": assignment,
        "CourseDirectory.student_id": learner, "FillOutputs.reports": str(reports),
        "Autograde.autograde_preprocessors": [FillOutputs, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                              SaveAutoGrades, AssignLatePenalties]})
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    converter = Autograde(coursedir=coursedir, parent=api)
    converter.force = True
    with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
        warnings.simplefilter("ignore")    # nbformat's and SQLAlchemy's, about nbgrader's own use of them
        try:
            converter.start()
        except Exception as err:
            return f"{type(err).__name__}: {err}"
    return None


def gradebook_scores(course: Path, assignment: str) -> dict[str, float]:
    """Learner -> the score nbgrader's gradebook holds for ``assignment``."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gradebook:
        return {s.student_id: s.score for s in gradebook.assignment_submissions(assignment)}


def _db_url(course: Path) -> str:
    """The course's gradebook database (its config's ``CourseDirectory.db_url``, else ``gradebook.db`` in it)."""
    return nbgrader_config(course).CourseDirectory.get("db_url") or f"sqlite:///{course / 'gradebook.db'}"


def run_nbgrader_autograde(
    assignment: str,
    *,
    course: Path = Path("course"),
    student: str | None = None,
    jobs: int | None = None,
    seed: int | None = None,
    isolation: str = "auto",
    progress: bool | None = None,
    roster: Path | None = None,
    grader_factory: Any = Grader,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """``nbgrader-autograde``: grade ``submitted/*/assignment`` in parallel into nbgrader's gradebook.

    0 when every learner was graded and written, 1 when some were not (each named on stderr).
    """
    from autograder.runtime.terminal import format_table, is_terminal

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise SubmissionError(f"--course '{course}' holds no nbgrader_config.py; give the nbgrader course folder")
    submitted = course / "submitted"
    learners = sorted(p.name for p in submitted.glob("*") if (p / assignment).is_dir()) if submitted.is_dir() else []
    if student is not None:
        learners = [name for name in learners if name == student]
    if not learners:
        raise SubmissionError(f"no submission of '{assignment}'{f' by {student}' if student else ''} in "
                              f"{submitted}; run `make collect` first")
    seed = course_seed(seed, environ, assignment)
    class_roster = load_roster(roster) if roster is not None else None
    work = course / FAST_FOLDER / assignment
    problems = stage(course, assignment, learners, work / "modules")
    for learner, problem in problems.items():
        print(f"note: {learner}: {problem}; graded without it", file=stderr)
    tasks = _assignment_tasks(course, assignment)
    # the kit's assignment of that name, if the course's notebooks grade its tasks: the reports record it
    kit = next((a for a in load_assignments() if a.id == assignment), None)
    same = kit is not None and [t.id for t in kit.tasks] == [t.id for t in tasks]
    recorded = {"assignment": kit.describe()} if kit is not None and same else {}
    grader = make_grader(grader_factory, seed=seed, visibility="all", isolation=isolation,
                          tasks=tuple(t.id for t in tasks), hide=(course,), **recorded)
    summary = grade_class(work / "modules", work / "reports", grader, jobs=jobs or os.cpu_count() or 1,
                          progress=is_terminal(stderr) if progress is None else progress, stream=stderr, tasks=tasks)
    if summary.interrupted:
        print("interrupted: nothing written to nbgrader's gradebook; run the same command again to finish",
              file=stderr)
        return EXIT_INTERRUPTED
    failed = dict(summary.failed)
    # One converter run for the whole class (nbgrader's start-up paid once); one per learner to find who failed.
    if failed or write_autograded(course, assignment, student or "*", work / "reports"):
        for learner in learners:
            error = None if learner in failed else write_autograded(course, assignment, learner, work / "reports")
            if error:
                failed[learner] = f"nbgrader could not write the autograded notebook ({error})"
    for learner, reason in failed.items():
        print(f"error: {learner} was not autograded: {reason}", file=stderr)
    if class_roster is not None:
        record_roster(course, class_roster)
    scores = gradebook_scores(course, assignment)
    rows = [[learner, f"{scores.get(learner, 0.0):.2f}", _report_total(summary.reports.get(learner))]
            for learner in learners if learner not in failed]
    stdout.write(format_table(["learner", "nbgrader score", "of"], rows))
    print(f"autograded {len(rows)} of {len(learners)} ({len(summary.skipped)} graded before, unchanged), "
          f"{len(failed)} failed", file=stdout)
    return 1 if failed else 0


def record_roster(course: Path, roster: Roster) -> None:
    """The roster's students into nbgrader's student table (the formgrader shows their names, not "None, None"):
    the folder is nbgrader's student id; the name splits at its last space into first and last name."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gradebook:
        for folder, (student_id, name, email) in roster.entries.items():
            first, _, last = name.rpartition(" ") if " " in name else (name, "", "")
            gradebook.update_or_create_student(folder, first_name=first or None, last_name=last or None,
                                               email=email or None, lms_user_id=student_id or None)


def _report_total(report: Report | None) -> str:
    return f"{report.max_score:.2f}" if report else ""


def _assignment_tasks(course: Path, assignment: str) -> list:
    """The manifest tasks whose test cells the assignment's source notebooks hold, in manifest order."""
    ids = set()
    for path in (course / "source" / assignment).glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
            match = nbsupport.TEST_CELL.match(nbsupport.grade_id(cell))
            if match:
                ids.add(match["task"])
    return [task for task in load_tasks() if task.id in ids]
