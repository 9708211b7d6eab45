"""The course notebooks' support code: turn a notebook's cells into the kit's modules, and run a task's checks.

A copy of this file sits beside every course notebook as ``nbsupport.py`` (``make notebooks``
writes it; nbgrader releases it with the notebook and restores the master copy when it
autogrades). It needs only the standard library, plus, to run checks, the learner-side checker
``selfcheck`` (a learner release) or the kit's ``autograder`` (the instructor's machine).

Cells are told apart by their nbgrader ``grade_id``:

    <module>-given-<k>      locked code the learner is given (imports, constants, given helpers)
    <module>-code-<name>    a solution cell: the learner's function or class ``name``
    task<id>-visible        the locked test cell of a task's visible checks
    task<id>-hidden         the locked test cell of a task's hidden checks (grading time only)

A notebook is one namespace, a module is not: each module made from a notebook starts with
``from .<module> import *`` for every module before it in the notebook, so that a cell sees
what the cells above it define, as in the notebook.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

MODULE_CELL = re.compile(r"^(?P<module>[A-Za-z_][A-Za-z0-9_]*)-(?P<kind>given|code)-[A-Za-z0-9_]+$")
TEST_CELL = re.compile(r"^task(?P<task>[A-Za-z0-9_]+)-(?P<visibility>visible|hidden)$")
FUTURE = "from __future__ import annotations\n"


def grade_id(cell: Mapping[str, Any]) -> str:
    return str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))


def source_of(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def module_cells(cells: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
    """Module -> its code cells, each as (kind, cell), in notebook order (modules by first appearance)."""
    modules: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for cell in cells:
        match = MODULE_CELL.match(grade_id(cell))
        if cell.get("cell_type") == "code" and match:
            modules.setdefault(match["module"], []).append((match["kind"], cell))
    return modules


def assemble(modules: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Module -> the text of its file, from each module's cell sources (in notebook order)."""
    texts: dict[str, str] = {}
    earlier: list[str] = []
    for module, sources in modules.items():
        imports = "".join(f"from .{name} import *  # noqa: F403\n" for name in earlier)
        body = "\n\n".join(source.strip("\n") for source in sources)
        texts[module] = f"{FUTURE}{imports}\n{body}\n"
        earlier.append(module)
    return texts


def notebook_modules(notebook: Mapping[str, Any]) -> dict[str, str]:
    """Module -> file text, from a notebook's given and solution cells (its other cells play no part)."""
    cells = module_cells(notebook.get("cells", []))
    return assemble({module: [source_of(cell) for _, cell in entries] for module, entries in cells.items()})


def write_modules(texts: Mapping[str, str], folder: Path) -> None:
    for module, text in texts.items():
        (folder / f"{module}.py").write_text(text, encoding="utf-8")


def task_points(results: Iterable[Any], task: str, visibility: str) -> float:
    """The points a report's checks of ``task`` with ``visibility`` earned, as nbgrader stores them."""
    return round(sum(r.points for r in results if r.task == task and r.visibility == visibility), 6)


def cell_text(results: Iterable[Any], task: str, visibility: str) -> str:
    """What a test cell prints: a line per check; a failed visible check's message (a hidden one's never)."""
    mine = [r for r in results if r.task == task and r.visibility == visibility]
    passed = sum(1 for r in mine if r.status == "passed")
    earned, possible = sum(r.points for r in mine), sum(r.max_points for r in mine)
    lines = [f"Task {task}, {visibility} checks: {passed} of {len(mine)} passed, "
             f"{earned:.2f} of {possible:.2f} points"]
    for r in mine:
        status = str(getattr(r.status, "value", r.status))
        line = f"  {'ok' if status == 'passed' else status.upper():<13} {r.name}"
        if status != "passed" and visibility == "visible":
            line += "\n" + "\n".join("      " + text for text in str(r.message).splitlines())
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Warnings off and stderr into stdout: nbgrader scores a test cell that writes to stderr 0."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(sys.stdout):
        warnings.simplefilter("ignore")
        yield


def read_notebook(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


#: Cell id -> the source last run in it, in this kernel (recorded when the front end names its cells).
RAN: dict[str, str] = {}


def record_run(info: Any) -> None:
    """IPython's pre_run_cell hook: remember what each named cell ran (JupyterLab and Notebook 7 name them)."""
    cell_id = getattr(info, "cell_id", None)
    if cell_id:
        RAN[cell_id] = info.raw_cell


def track_runs() -> None:
    """Record what each cell runs from now on (once per kernel; nothing outside IPython)."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is not None and record_run not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", record_run)


def modules_folder(notebook: Path, ran: Mapping[str, str] | None = None) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder holding the modules of the saved ``notebook``, each cell in ``ran`` (by id) as run."""
    data = read_notebook(notebook)
    for cell in data.get("cells", []):
        if ran and cell.get("id") in ran:
            cell["source"] = ran[cell["id"]]
    folder = tempfile.TemporaryDirectory(prefix="nbmodules-")
    write_modules(notebook_modules(data), Path(folder.name))
    return folder


def visible_report(folder: Path, task: str) -> Any:
    """The visible checks of ``task`` on the modules in ``folder``: selfcheck's pack if installed, else the kit."""
    try:
        import selfcheck
    except ImportError:
        from autograder.grading.grader import Grader
        return Grader(visibility="visible", tasks=(task,)).grade(folder, "notebook")
    return selfcheck.check(folder, tasks=[task])


class Checker:
    """The checks a notebook's visible test cells run: on the code last run in each cell of the notebook
    (as the front end names its cells), else on the notebook as last saved (nbgrader's autograde names none)."""

    def __init__(self, notebook: str) -> None:
        self.notebook = Path(notebook)
        track_runs()

    def visible(self, task: str) -> float:
        """Print the visible checks of ``task`` and return the points earned (nbgrader's partial credit)."""
        with quiet_stderr():
            try:
                with modules_folder(self.notebook, RAN) as folder:
                    report = visible_report(Path(folder), task)
            except Exception as err:  # never a traceback in a test cell: one line, no points
                print(f"Task {task}: the checks could not run ({type(err).__name__}: {err}); "
                      f"save {self.notebook.name} (Ctrl-S) and run this cell again")
                return 0.0
            print(cell_text(report.results, task, "visible"), end="")
        return task_points(report.results, task, "visible")
