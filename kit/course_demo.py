"""The nbgrader round trip on a temporary course: four example learners, both autogrades, feedback, export.

    python -m kit.course_demo [--tasks 2,5] [--keep DIR]      (``make course-demo``)

Builds a course in a temporary folder (the kit's nbgrader_config.py, a notebook generated for
the given tasks, ``selfcheck`` from a learner release built there), releases it to a temporary
exchange, has four learners fetch and submit it (``--student`` and a cache of their own each),
collects, autogrades with stock nbgrader and with ``nbgrader-autograde``, generates, releases
and fetches feedback, exports the grades and prints them with each step's time. The round-trip
test and the benchmark use the same steps.

The learners: ``correct`` (the reference), ``mistake`` (cross-entropy's gradient with the wrong
sign; an answer cell also prints every AUTOGRADER* variable its process holds), ``endless`` (an
answer cell that never ends) and ``tamper`` (writes nothing for one task, edits that task's locked
test cell to claim its points and deletes its hidden test cell).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat

from autograder.channels.options import ASSIGNMENT_SEED_ENV, SEED_ENV, assignment_seed
from autograder.runtime.manifest import ROOT, load_tasks
from kit.notebooks import Assignment, build_notebook

ASSIGNMENT = "demo"
LEARNERS = ("correct", "mistake", "endless", "tamper")
#: What the ``mistake`` learner's answer cell also does: print every AUTOGRADER* variable its process holds.
LEAK = ("\n\nimport os as _os\nprint('SEED-LEAK', sorted((k, v) for k, v in _os.environ.items() "
        "if k.startswith('AUTOGRADER')))\n")
CELL_TIMEOUT = "10"    # seconds per cell in the demo (the course's own is sized for the convergence run)


def jupyter_environment(folder: Path) -> dict[str, str]:
    """Jupyter's config, data and runtime folders inside ``folder`` (never the home directory)."""
    return {"JUPYTER_CONFIG_DIR": str(folder / "jupyter" / "config"),
            "JUPYTER_DATA_DIR": str(folder / "jupyter" / "data"),
            "JUPYTER_RUNTIME_DIR": str(folder / "jupyter" / "runtime"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def without(variable: str) -> Iterator[None]:
    """``variable`` out of os.environ for the block (the kernels nbgrader starts inherit it)."""
    old = os.environ.pop(variable, None)
    try:
        yield
    finally:
        if old is not None:
            os.environ[variable] = old


def ship_checker(source: Path, release: Path) -> None:
    """Put a learner release's ``selfcheck`` beside an assignment's notebooks (as ``make release-nbgrader`` does)."""
    shutil.rmtree(source / "selfcheck", ignore_errors=True)
    shutil.copytree(release / "selfcheck", source / "selfcheck", ignore=shutil.ignore_patterns("__pycache__"))


def make_course(folder: Path, task_ids: tuple[str, ...], assignment: str = ASSIGNMENT) -> Path:
    """A course in ``folder/course`` with one assignment of ``task_ids``, generated like the kit's own,
    the learner-side checker (a learner release built in ``folder``) beside its notebook."""
    from kit import release

    course = folder / "course"
    source = course / "source" / assignment
    source.mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    tasks = {task.id: task for task in load_tasks()}
    notebook = build_notebook(Assignment(assignment, "The kit's nbgrader demo", tuple(tasks[t] for t in task_ids)))
    nbformat.write(notebook, source / f"{assignment}.ipynb")
    shutil.copy(ROOT / "autograder" / "channels" / "nbsupport.py", source / "nbsupport.py")
    ship_checker(source, release.build(folder / "learner-release"))
    return course


def learner_notebook(learner: str, source: nbformat.NotebookNode, released: nbformat.NotebookNode,
                     tamper_task: str) -> nbformat.NotebookNode:
    """What ``learner`` submits: the released notebook with their answers in its solution cells."""
    answers = {cell.id: cell.source for cell in source.cells}
    notebook = nbformat.from_dict(released)
    cells = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id", "")
        if meta.get("solution"):
            module_task = _task_of(gid)
            if not (learner == "tamper" and module_task == tamper_task):
                cell.source = answers[cell.id]
            if learner == "mistake":
                cell.source = cell.source.replace("dvalid[rows, targets] -= 1.0", "dvalid[rows, targets] += 1.0")
            if learner == "mistake" and gid.endswith("-code-clip_by_value"):   # and it prints what its kernel holds
                cell.source += LEAK
            if learner == "endless" and gid.endswith("-code-clip_by_value"):
                cell.source += "\n\nwhile True:   # an answer cell that never ends\n    pass\n"
        if learner == "tamper" and gid == f"task{tamper_task}-visible":
            cell.source = "# the checks are fine\n" + repr(float(meta["points"]))
        if learner == "tamper" and gid == f"task{tamper_task}-hidden":
            continue                                     # deleted: nbgrader must add it back
        cells.append(cell)
    notebook.cells = cells
    return notebook


def _task_of(grade_id: str) -> str:
    module = grade_id.split("-")[0]
    return next((task.id for task in load_tasks() if task.module == module), "")


class RoundTrip:
    """The steps of the round trip, each timed (``timings``: step -> seconds)."""

    def __init__(self, folder: Path, task_ids: tuple[str, ...], seed: int = 7, jobs: int = 2) -> None:
        self.folder, self.task_ids, self.seed, self.jobs = folder, task_ids, seed, jobs
        start = time.perf_counter()
        self.course = make_course(folder, task_ids)
        self.timings: dict[str, float] = {"build the course (+ learner release)": time.perf_counter() - start}
        self.exchange = folder / "exchange"
        self.exchange.mkdir()
        # as `make autograde` does: the kernels get the assignment's seed, never the course's (``seed``)
        self.env = {**jupyter_environment(folder), "NBGRADER_EXCHANGE": str(self.exchange),
                    ASSIGNMENT_SEED_ENV: str(assignment_seed(seed, ASSIGNMENT)), "NBGRADER_CELL_TIMEOUT": CELL_TIMEOUT}

    def timed(self, step: str, action: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        with environment(self.env), without(SEED_ENV), contextlib.chdir(self.course):
            result = action()
        self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - start
        return result

    def api(self, **settings: Any) -> Any:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from autograder.channels.nbgrade import nbgrader_config

        config = nbgrader_config(self.course, **settings)
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    def _check(self, result: dict, what: str) -> None:
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error') or result.get('log')}")

    def release(self) -> None:
        def run() -> None:
            api = self.api()
            self._check(api.generate_assignment(ASSIGNMENT), "generate_assignment")
            self._check(api.release_assignment(ASSIGNMENT), "release_assignment")
        self.timed("generate + release", run)

    def learner_home(self, learner: str) -> Path:
        return self.folder / "learners" / learner

    def _exchange_step(self, kind: str, learner: str) -> None:
        from nbgrader.auth import Authenticator
        from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

        home = self.learner_home(learner)
        home.mkdir(parents=True, exist_ok=True)
        api = self.api(**{"CourseDirectory.assignment_id": ASSIGNMENT, "CourseDirectory.student_id": learner,
                          "Exchange.cache": str(home / ".cache"), "Exchange.assignment_dir": str(home)})
        step = {"fetch": ExchangeFetchAssignment, "submit": ExchangeSubmit, "feedback": ExchangeFetchFeedback}[kind]
        step(coursedir=api.coursedir, authenticator=Authenticator(parent=api), parent=api).start()

    def submit_all(self) -> None:
        source = nbformat.read(self.course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        for learner in LEARNERS:
            self.timed("fetch", functools.partial(self._exchange_step, "fetch", learner))
            path = self.learner_home(learner) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            released = nbformat.read(path, as_version=4)
            nbformat.write(learner_notebook(learner, source, released, self.task_ids[-1]), path)
            self.timed("submit", functools.partial(self._exchange_step, "submit", learner))

    def collect(self) -> None:
        self.timed("collect", lambda: self._check(self.api().collect(ASSIGNMENT), "collect"))

    def autograde_stock(self) -> dict[str, float]:
        def run() -> dict[str, float]:
            api = self.api()
            for learner in LEARNERS:
                self._check(api.autograde(ASSIGNMENT, learner), f"autograde of {learner}")
            return self.scores()
        return self.timed("autograde (stock, serial)", run)

    def autograde_fast(self, jobs: int | None = None) -> dict[str, float]:
        from autograder.channels.nbgrade import run_nbgrader_autograde

        def run() -> dict[str, float]:
            with open(os.devnull, "w") as quiet:
                code = run_nbgrader_autograde(ASSIGNMENT, course=self.course, jobs=jobs or self.jobs,
                                              seed=self.seed, progress=False, stdout=quiet, stderr=quiet)
            if code != 0:
                raise RuntimeError(f"nbgrader-autograde exited {code}")
            return self.scores()
        return self.timed(f"autograde (fast, --jobs {jobs or self.jobs})", run)

    def scores(self) -> dict[str, float]:
        from autograder.channels.nbgrade import gradebook_scores
        return gradebook_scores(self.course, ASSIGNMENT)

    def feedback(self) -> None:
        def run() -> None:
            api = self.api()
            self._check(api.generate_feedback(ASSIGNMENT), "generate_feedback")
            self._check(api.release_feedback(ASSIGNMENT), "release_feedback")
        self.timed("generate + release feedback", run)
        for learner in LEARNERS:
            self.timed("fetch feedback", functools.partial(self._exchange_step, "feedback", learner))

    def export(self) -> list[dict[str, str]]:
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        def run() -> list[dict[str, str]]:
            api = self.api()
            out = self.course / "grades.csv"
            with Gradebook(api.coursedir.db_url) as gradebook:
                CsvExportPlugin(to=str(out), parent=api).export(gradebook)
            return list(csv.DictReader(out.open(encoding="utf-8")))
        return self.timed("export", run)

    def autograded(self, learner: str) -> nbformat.NotebookNode:
        return nbformat.read(self.course / "autograded" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)

    def feedback_files(self, learner: str) -> list[Path]:
        return sorted((self.learner_home(learner) / ASSIGNMENT / "feedback").rglob("*.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.course_demo", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="2,5", help="the task ids of the demo assignment (default: 2,5)")
    parser.add_argument("--keep", type=Path, help="build the course in this new folder and keep it")
    args = parser.parse_args(argv)
    task_ids = tuple(t.strip() for t in args.tasks.split(",") if t.strip())
    warnings.simplefilter("ignore")     # SQLAlchemy's and nbformat's, about nbgrader's own use of them
    with tempfile.TemporaryDirectory(prefix="course-demo-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        trip = RoundTrip(folder, task_ids)
        trip.release()
        trip.submit_all()
        trip.collect()
        stock = trip.autograde_stock()
        fast = trip.autograde_fast()
        trip.feedback()
        rows = trip.export()
    print(f"{'learner':<10}{'stock':>8}{'fast':>8}")
    for learner in LEARNERS:
        print(f"{learner:<10}{stock.get(learner, 0):>8.2f}{fast.get(learner, 0):>8.2f}")
    print("\nexported grades (nbgrader export):")
    for row in rows:
        print(f"  {row['student_id']:<10} {float(row['score']):6.2f} of {float(row['max_score']):.2f}")
    print("\nseconds per step:")
    for step, seconds in trip.timings.items():
        print(f"  {step:<38}{seconds:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
