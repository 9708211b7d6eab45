"""nbgrader autograde, stock against the kit's: the same class of notebooks, seconds per learner and the ratios.

The class: example learners that finish (examples/submissions, neither the cheater nor the endless
one), each turned into the course's full notebook (every task) by putting their functions in its
solution cells, submitted CLASS_SIZE times over. Timed, each from the command line as an
instructor runs it, start-up included:

- stock ``nbgrader autograde`` (every notebook in a kernel, serially, test cells in the learner's process);
- ``python -m autograder nbgrader-autograde`` with ``--jobs 1`` and ``--jobs 2`` (from scratch each time);
- ``python -m autograder grade-class --jobs 2`` on the same code as modules (no nbgrader at all).

Target (issue 9): the fast path at ``--jobs 2`` at most 0.25x stock nbgrader's time per learner.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.channels.nbgrade import gradebook_scores
from autograder.channels.nbsupport import MODULE_CELL, grade_id
from autograder.channels.options import ASSIGNMENT_SEED_ENV, assignment_seed
from autograder.runtime.manifest import ROOT, load_tasks
from kit.course_demo import ASSIGNMENT, environment, jupyter_environment, make_course

LEARNERS = ("ada", "bob", "carl", "dana", "eve", "zoe")
CLASS_SIZE = 6
TARGET = 0.25


def notebook_of(master: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """``master`` with each solution cell holding the learner's own function or class of that name."""
    notebook = nbformat.from_dict(json.loads(json.dumps(master)))
    trees: dict[str, tuple[ast.Module, list[str]]] = {}
    for cell in notebook.cells:
        match = MODULE_CELL.match(grade_id(cell))
        if not match or match["kind"] != "code":
            continue
        module = match["module"]
        if module not in trees:
            text = (folder / f"{module}.py").read_text(encoding="utf-8")
            trees[module] = (ast.parse(text), text.splitlines(keepends=True))
        tree, lines = trees[module]
        name = grade_id(cell).split("-code-", 1)[1]
        node = next(n for n in tree.body if getattr(n, "name", None) == name)
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        cell.source = "".join(lines[first - 1:node.end_lineno]).rstrip("\n")
    return notebook


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    python, nbgrader = sys.executable, str(Path(sys.executable).with_name("nbgrader"))
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as tmp:
        folder = Path(tmp)
        course = make_course(folder, tuple(task.id for task in load_tasks()))
        # as `make autograde` runs stock nbgrader: the kernels hold the assignment's seed, never the course's
        env = {**jupyter_environment(folder), "NBGRADER_EXCHANGE": str(folder / "exchange"),
               ASSIGNMENT_SEED_ENV: str(assignment_seed(1, ASSIGNMENT))}
        with environment(env):
            subprocess.run([nbgrader, "generate_assignment", ASSIGNMENT], cwd=course, check=True, capture_output=True)
            master = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
            for k in range(CLASS_SIZE):
                name = LEARNERS[k % len(LEARNERS)]
                target = course / "submitted" / f"{k:02d}-{name}" / ASSIGNMENT
                target.mkdir(parents=True)
                nbformat.write(notebook_of(master, ROOT / "examples" / "submissions" / name),
                               target / f"{ASSIGNMENT}.ipynb")
            seconds = {"stock nbgrader autograde": timed([nbgrader, "autograde", ASSIGNMENT, "--force"], course)}
            stock_scores = gradebook_scores(course, ASSIGNMENT)
            for jobs in (1, 2):
                shutil.rmtree(course / "fast-autograde", ignore_errors=True)
                seconds[f"nbgrader-autograde --jobs {jobs}"] = timed(
                    [python, "-m", "autograder", "nbgrader-autograde", "--assignment", ASSIGNMENT, "--course",
                     str(course), "--jobs", str(jobs), "--seed", "1", "--no-progress"], ROOT)
            fast_scores = gradebook_scores(course, ASSIGNMENT)
            seconds["grade-class --jobs 2 (modules)"] = timed(
                [python, "-m", "autograder", "grade-class", str(course / "fast-autograde" / ASSIGNMENT / "modules"),
                 "--out", str(folder / "grade-class"), "--jobs", "2", "--seed", "1", "--no-progress"], ROOT)
    stock = seconds["stock nbgrader autograde"]
    print(f"\nnbgrader autograde, {CLASS_SIZE} learners, the full notebook ({len(load_tasks())} tasks)")
    print(f"{'':<34}{'s total':>9}{'s/learner':>11}{'x stock':>9}")
    for label, value in seconds.items():
        print(f"{label:<34}{value:>9.1f}{value / CLASS_SIZE:>11.2f}{value / stock:>9.2f}")
    ratio = seconds["nbgrader-autograde --jobs 2"] / stock
    print(f"  fast --jobs 2 / stock: {ratio:.2f} (target <= {TARGET}) {'ok' if ratio <= TARGET else 'MISSED'}")
    differ = {name: (stock_scores.get(name), fast_scores.get(name)) for name in stock_scores
              if abs(stock_scores.get(name, 0.0) - fast_scores.get(name, 0.0)) > 1e-5}
    print(f"  stock and fast scores agree for every learner: {'yes' if not differ else f'NO {differ}'}")


if __name__ == "__main__":
    main()
