"""Generate the nbgrader course's source notebooks from ``solutions/``, ``tasks.toml`` and ``course/assignments.toml``.

    python -m kit.notebooks            write course/source/<assignment>/{<assignment>.ipynb, nbsupport.py}
    python -m kit.notebooks --check    list the files that are out of date (exit 1), write nothing

Each assignment is one notebook. Per task, in order: the task's prose (``kit/templates/notebook/
task-<id>.md``, with the maths), then its module cut at its top-level statements: the code the
learner is given in locked cells, each function or class holding a solution region in a solution
cell (its hint moved above ``### BEGIN SOLUTION`` so that nbgrader's stub keeps it), then two
locked test cells, the visible checks and the hidden ones (between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS``), worth the points of their checks (the manifest's task points shared by
the checks' weights). Relative imports are dropped (a notebook is one namespace): a module may
import only from modules earlier in the same notebook. An assignment that builds on modules of tasks it
does not grade (its ``carried`` tasks, see autograder/grading/assignments.py) starts with those modules'
cells, after a note (``carried.md.j2``): solution cells for the learner's own earlier code, no test cells.
``kit.generate`` writes these files too.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

from autograder.channels import nbsupport
from autograder.expected.checks import REGISTRY
from autograder.expected.selection import check_points
from autograder.formats.templating import environment
from autograder.grading.assignments import ASSIGNMENTS, Assignment, load_assignments
from autograder.runtime.manifest import ROOT, ManifestError, Task
from kit.markers import BEGIN, MarkerError, parse_solution

TEMPLATES = Path(__file__).resolve().parent / "templates" / "notebook"
SUPPORT = "nbsupport.py"
_ENV = environment(TEMPLATES, trailing_newline=False)
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def cell_points(task: Task) -> dict[str, float]:
    """Visibility -> the points of the task's checks of that visibility (rounded as nbgrader stores them)."""
    points = check_points()
    shares = {"visible": 0.0, "hidden": 0.0}
    for check in REGISTRY:
        if check.task == task.id:
            shares[check.visibility] += points[check.name]
    return {visibility: round(value, 6) for visibility, value in shares.items() if value > 0}


def _nbgrader(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
              points: float | None = None) -> dict:
    meta = {"schema_version": 3, "grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def module_chunks(text: str, path: str, earlier: set[str]) -> list[tuple[str, str]]:
    """The module cut into cells: ("given", code) and ("code:<name>", code), in order.

    Consecutive top-level statements without a solution region make one given cell; each
    function or class holding one makes a solution cell. The module docstring and the
    ``__future__`` and relative imports are left out. Raises MarkerError when a relative import
    names a module that no earlier task of the assignment provides.
    """
    text = text.replace("\r\n", "\n")
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    regions = parse_solution(text, path).regions
    starts = [min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) for node in tree.body]
    groups: list[tuple[str, list[int], list]] = []      # (kind, line numbers, regions)
    for k, node in enumerate(tree.body):
        span = list(range(starts[k], starts[k + 1] if k + 1 < len(tree.body) else len(lines) + 1))
        if k == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue                                    # the module docstring: the prose says it
        if isinstance(node, ast.ImportFrom) and (node.module == "__future__" or node.level):
            if node.level and (node.level != 1 or node.module not in earlier):
                raise MarkerError(path, node.lineno, f"imports .{node.module}, which no earlier task of the "
                                                     f"assignment provides; reorder the tasks in {ASSIGNMENTS}")
            continue                                    # the setup cell and the earlier sections provide them
        inside = [r for r in regions if span[0] <= r.begin <= span[-1]]
        if inside:
            groups.append((f"code:{node.name}", span, inside))  # type: ignore[attr-defined]
        elif groups and groups[-1][0] == "given" and groups[-1][1][-1] + 1 == span[0]:
            groups[-1][1].extend(span)
        else:
            groups.append(("given", span, []))
    chunks = []
    for kind, span, inside in groups:
        code = re.sub(r"\n{4,}", "\n\n\n", "".join(_hint_above_marker(lines, inside, span)).strip("\n"))
        if code:
            chunks.append((kind, code))
    return chunks


def _hint_above_marker(lines: list[str], regions: list, span: list[int]) -> list[str]:
    """The lines numbered ``span`` (1-based), each region's hint lines moved above its BEGIN marker."""
    out: list[str] = []
    moved: set[int] = set()
    for region in regions:
        moved |= set(range(region.begin + 1, region.begin + 1 + len(region.hint)))
    for number in span:
        if number in moved:
            continue
        line = lines[number - 1]
        if line.strip() == BEGIN:
            region = next(r for r in regions if r.begin == number)
            out.extend(hint + "\n" for hint in region.hint)
        out.append(line)
    return out


def build_notebook(assignment: Assignment, root: Path = ROOT) -> nbformat.NotebookNode:
    """The source notebook of ``assignment`` (see the module docstring)."""
    notebook_name = f"{assignment.id}.ipynb"
    intro = _ENV.get_template("intro.md.j2").render(
        title=assignment.title, tasks=assignment.tasks,
        total=sum(task.points for task in assignment.tasks))
    cells = [nbformat.v4.new_markdown_cell(intro, id="intro"),
             nbformat.v4.new_code_cell(_ENV.get_template("setup.py.j2").render(notebook=notebook_name),
                                       id="setup", metadata=_nbgrader("setup", locked=True))]
    earlier: set[str] = set()
    if assignment.carried:     # the learner's own earlier modules: solution cells without points, no test cells
        cells.append(nbformat.v4.new_markdown_cell(
            _ENV.get_template("carried.md.j2").render(carried=assignment.carried).strip("\n"), id="carried-prose"))
        for task in assignment.carried:
            cells += _module_cells(task, root, earlier)
            earlier.add(task.module)
    for task in assignment.tasks:
        if task.module in earlier:
            raise MarkerError(ASSIGNMENTS, 1, f"assignment {assignment.id!r}: module {task.module} belongs to "
                                              "two tasks; one task per module in a notebook")
        cells.append(nbformat.v4.new_markdown_cell(_read(TEMPLATES / f"task-{task.id}.md").strip("\n"),
                                                   id=f"task{task.id}-prose"))
        cells += _module_cells(task, root, earlier)
        for visibility, points in cell_points(task).items():
            source = _ENV.get_template(f"{visibility}.py.j2").render(task=task, points=points, notebook=notebook_name)
            cell_id = f"task{task.id}-{visibility}"
            cells.append(nbformat.v4.new_code_cell(source, id=cell_id, metadata=_nbgrader(
                cell_id, grade=True, locked=True, points=points)))
        earlier.add(task.module)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.validate(notebook)
    return notebook


def _module_cells(task: Task, root: Path, earlier: set[str]) -> list[nbformat.NotebookNode]:
    """The cells of ``task``'s module: given code locked, each function or class holding a solution a solution cell."""
    rel = f"solutions/{task.module}.py"
    cells, given = [], 0
    for kind, code in module_chunks(_read(root / rel), rel, earlier):
        if kind == "given":
            given += 1
            cell_id = f"{task.module}-given-{given}"
            cells.append(nbformat.v4.new_code_cell(code, id=cell_id, metadata=_nbgrader(cell_id, locked=True)))
        else:
            cell_id = f"{task.module}-code-{kind.removeprefix('code:')}"
            cells.append(nbformat.v4.new_code_cell(code, id=cell_id, metadata=_nbgrader(cell_id, solution=True)))
    return cells


def expected_outputs(root: Path = ROOT) -> dict[Path, str]:
    """Every generated course file mapped to its text (nothing when the course has no assignments file)."""
    if not (root / ASSIGNMENTS).exists():
        return {}
    support = Path(nbsupport.__file__).read_text(encoding="utf-8")
    outputs = {}
    for assignment in load_assignments(root):
        folder = root / "course" / "source" / assignment.id
        outputs[folder / f"{assignment.id}.ipynb"] = nbformat.writes(build_notebook(assignment, root)) + "\n"
        outputs[folder / SUPPORT] = support
    return outputs


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list out-of-date files (exit 1), write nothing")
    args = parser.parse_args(argv)
    try:
        outputs = expected_outputs(ROOT)
    except (MarkerError, ManifestError) as err:
        print(f"error: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    stale = [path for path, text in outputs.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        if args.check:
            print(f"stale: {path.relative_to(ROOT)}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(outputs[path], encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check:
        print(f"{len(stale)} notebook file(s) out of date; run `make notebooks`" if stale
              else "the course notebooks are up to date")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
