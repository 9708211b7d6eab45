"""The course notebooks: generated from the solutions (never stale), nbgrader's cell schema, points from the
manifest, hidden tests in hidden regions, and the modules a notebook makes grade like the kit's files.

The real nbgrader round trip is tests/channels/test_nbgrader_roundtrip.py.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from autograder.channels import nbsupport
from autograder.channels.nbgrade import submission_modules
from autograder.channels.nbpreprocessors import HideHiddenTests
from autograder.channels.nbsupport import Checker, cell_text, grade_id, notebook_modules, write_modules
from autograder.grading.grader import Grader
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.model import CheckResult, Status
from kit.notebooks import ASSIGNMENTS, cell_points, expected_outputs, load_assignments

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

NBGRADER_KEYS = {"schema_version", "grade", "solution", "locked", "grade_id"}


@pytest.fixture(scope="module")
def notebooks() -> dict[str, nbformat.NotebookNode]:
    return {a.id: nbformat.read(ROOT / "course" / "source" / a.id / f"{a.id}.ipynb", as_version=4)
            for a in load_assignments()}


def test_course_notebooks_are_not_stale() -> None:
    outputs = expected_outputs(ROOT)
    assert outputs, "course/assignments.toml lists no assignment"
    stale = [path.relative_to(ROOT).as_posix() for path, text in outputs.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {', '.join(stale)}; run `make notebooks` and commit the result"


def test_a_changed_solution_makes_its_notebook_stale(tmp_path: Path) -> None:
    """Negative control: the staleness check sees a hint changed in a copy of solutions/."""
    for name in ("solutions", "course"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "tasks.toml", tmp_path / "tasks.toml")
    before = expected_outputs(tmp_path)
    source = tmp_path / "solutions" / "clipping.py"
    source.write_text(source.read_text().replace("# Hint:", "# Hint: (changed)", 1))
    after = expected_outputs(tmp_path)
    changed = [path.name for path in before if before[path] != after[path]]
    # every notebook holding clipping.py: graded (rnn-lstm, week2) or carried (week4, whose training uses it)
    assert changed == [f"{a.id}.ipynb" for a in load_assignments()
                       if "clipping" in [t.module for t in (*a.carried, *a.tasks)]]
    assert changed == ["rnn-lstm.ipynb", "week2.ipynb", "week4.ipynb"]
    assert "# Hint: (changed)" in after[next(p for p in after if p.suffix == ".ipynb")]


def test_every_nbgrader_cell_has_schema_3_metadata_and_nothing_else(notebooks) -> None:
    for notebook in notebooks.values():
        ids = []
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                assert cell.cell_type == "markdown", f"code cell {cell.id} has no nbgrader metadata"
                continue
            expected = NBGRADER_KEYS | ({"points"} if meta["grade"] else set())
            assert set(meta) == expected and meta["schema_version"] == 3, (cell.id, meta)
            assert meta["grade"] or meta["solution"] or meta["locked"]
            assert meta["solution"] != meta["locked"], f"{cell.id}: a cell is either the learner's or locked"
            ids.append(meta["grade_id"])
        assert len(ids) == len(set(ids))


def test_test_cell_points_come_from_the_manifest(notebooks) -> None:
    tasks = {task.id: task for task in load_tasks()}
    for assignment in load_assignments():
        totals: dict[str, float] = {}
        for cell in notebooks[assignment.id].cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                task, visibility = meta["grade_id"].removeprefix("task").split("-")
                assert meta["points"] == cell_points(tasks[task])[visibility]
                totals[task] = totals.get(task, 0.0) + meta["points"]
        assert totals == pytest.approx({t.id: t.points for t in assignment.tasks}, abs=1e-5)


def test_hidden_tests_sit_in_hidden_regions_and_visible_ones_call_the_checker(notebooks) -> None:
    for notebook in notebooks.values():
        for cell in notebook.cells:
            gid = grade_id(cell)
            if gid.endswith("-hidden"):
                assert "### BEGIN HIDDEN TESTS" in cell.source and "hidden_points" in cell.source
                cleared = copy.deepcopy(cell)
                ClearHiddenTests()._remove_hidden_test_region(cleared)
                assert "hidden_points" not in cleared.source
            elif gid.endswith("-visible"):
                assert "HIDDEN" not in cell.source and "checker.visible(" in cell.source


def test_the_source_notebook_passes_every_visible_check(notebooks, tmp_path: Path, make_grader) -> None:
    """The reference as a notebook: its modules (one per task) earn every visible point."""
    for assignment in load_assignments():
        modules = notebook_modules(notebooks[assignment.id])
        assert list(modules) == [task.module for task in (*assignment.carried, *assignment.tasks)]
        folder = tmp_path / assignment.id
        folder.mkdir()
        write_modules(modules, folder)
        report = make_grader(visibility="visible", tasks=tuple(t.id for t in assignment.tasks)).grade(folder,
                                                                                                      "reference")
        assert report.results and all(r.status is Status.PASSED for r in report.results), [
            (r.name, r.message) for r in report.results if r.status is not Status.PASSED]


def test_a_weekly_notebook_carries_the_earlier_modules_its_code_uses_as_ungraded_solution_cells(notebooks) -> None:
    """Week 3's lstm.py imports activations.py (week 1); week 4's training runs tasks 1-7's code: their cells come
    first, the learner's to fill, worth nothing, with no test cell; week 1 and 2 carry nothing."""
    carried = {a.id: [t.module for t in a.carried] for a in load_assignments()}
    assert carried == {"rnn-lstm": [], "week1": [], "week2": [], "week3": ["activations"],
                       "week4": ["data", "activations", "rnn", "clipping", "lstm", "optim"]}
    cells = notebooks["week3"].cells
    ids = [grade_id(c) for c in cells]
    first_own = ids.index("lstm-given-1")
    earlier = [c for c in cells[:first_own] if grade_id(c).startswith("activations-")]
    assert {grade_id(c) for c in earlier if c.metadata.nbgrader["solution"]} >= {"activations-code-sigmoid"}
    assert all(not c.metadata.nbgrader["grade"] for c in earlier)
    assert not [i for i in ids if i.startswith("task2-")]
    assert "`activations.py`, task 2" in next(c.source for c in cells if c.get("id") == "carried-prose")
    assert list(notebook_modules(notebooks["week3"])) == ["activations", "lstm", "optim"]


def test_the_released_stubs_import_and_are_not_attempted(notebooks, tmp_path: Path) -> None:
    """nbgrader's own ClearSolutions on the notebook: every stub module imports, every check is NOT_ATTEMPTED."""
    notebook = copy.deepcopy(next(iter(notebooks.values())))
    ClearSolutions(code_stub={"python": "# YOUR CODE HERE\nraise NotImplementedError()"}).preprocess(notebook, {})
    assert "BEGIN SOLUTION" not in nbformat.writes(notebook)
    solution_cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solution_cells and all("# Hint:" in c.source for c in solution_cells), "nbgrader's stub dropped a hint"
    write_modules(notebook_modules(notebook), tmp_path)
    report = Grader(visibility="visible", tasks=("1", "2", "5")).grade(tmp_path, "stubs")
    assert {r.status for r in report.results} == {Status.NOT_ATTEMPTED}


def test_a_learner_is_graded_on_their_solution_cells_only(notebooks) -> None:
    master = next(iter(notebooks.values()))
    submitted = copy.deepcopy(master)
    for cell in submitted.cells:
        if grade_id(cell) == "clipping-given-1":
            cell.source += "\nimport os; os._exit(0)  # a locked cell edited"
        if grade_id(cell) == "activations-code-softmax":
            cell.source = "def softmax(x, axis=-1):\n    return 'mine'\n"
    submitted.cells.insert(3, nbformat.v4.new_code_cell("raise SystemExit  # a scratch cell"))
    submitted.cells = [c for c in submitted.cells if grade_id(c) != "activations-code-tanh"]
    modules = submission_modules(master, submitted)
    assert modules["clipping"] == notebook_modules(master)["clipping"]
    assert "return 'mine'" in modules["activations"] and "SystemExit" not in "".join(modules.values())
    assert "def tanh(" not in modules["activations"] and "def tanh_grad(" in modules["activations"]
    assert modules["lstm"].startswith("from __future__ import annotations\nfrom .data import *")


def _result(visibility: str, status: Status, message: str) -> CheckResult:
    return CheckResult(f"f: values ({visibility})", "2", 1.5, 1.5 if status is Status.PASSED else 0.0, status,
                       message, visibility)


def test_a_hidden_cell_prints_names_and_statuses_never_messages() -> None:
    results = [_result("visible", Status.FAILED, "expected 0.123456, got 0.5"),
               _result("hidden", Status.FAILED, "expected 0.654321, got 0.5"),
               _result("hidden", Status.PASSED, "passed")]
    hidden = cell_text(results, "2", "hidden")
    assert "0.654321" not in hidden and "FAILED" in hidden and "1 of 2 passed, 1.50 of 3.00 points" in hidden
    assert "expected 0.123456" in cell_text(results, "2", "visible")


def test_feedback_loses_the_hidden_region_and_its_traceback() -> None:
    cell = nbformat.v4.new_code_cell("# hidden checks\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS")
    cell.outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=["secret() line"])]
    HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret" not in nbformat.writes(nbformat.v4.new_notebook(cells=[cell]))


def test_a_visible_cell_that_cannot_run_says_so_on_stdout_and_scores_zero(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Checker("missing.ipynb").visible("2") == 0.0
    out, err = capsys.readouterr()
    assert err == "" and "could not run" in out and "save missing.ipynb" in out


def test_the_assignments_file_is_the_one_the_generator_reads() -> None:
    assert (ROOT / ASSIGNMENTS).is_file()
    assert [t.id for t in load_assignments()[0].tasks] == [t.id for t in load_tasks()]


def test_a_visible_cell_checks_the_code_last_run_not_the_stub_saved(notebooks, tmp_path, capsys, monkeypatch) -> None:
    """A learner who ran their answers (JupyterLab names the cells) but did not save gets their points."""
    notebook = copy.deepcopy(next(iter(notebooks.values())))
    answers = {c.id: c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")}
    ClearSolutions(code_stub={"python": "raise NotImplementedError()"}).preprocess(notebook, {})
    nbformat.write(notebook, tmp_path / "saved.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(nbsupport, "RAN", {})
    assert Checker("saved.ipynb").visible("5") == 0.0                     # the saved stubs
    for cell_id in ("clipping-code-clip_by_global_norm", "clipping-code-clip_by_value"):
        nbsupport.record_run(SimpleNamespace(cell_id=cell_id, raw_cell=answers[cell_id]))
    assert Checker("saved.ipynb").visible("5") == cell_points(load_tasks()[4])["visible"]
    assert "2 of 2 passed" in capsys.readouterr().out


@pytest.mark.parametrize("layout", ["no config", "no submissions"])
def test_nbgrader_autograde_refuses_unusable_input_in_one_line(tmp_path, layout) -> None:
    from io import StringIO

    from autograder.channels.cli import main

    if layout == "no submissions":
        (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    out, err = StringIO(), StringIO()
    code = main(["nbgrader-autograde", "--assignment", "rnn-lstm", "--course", str(tmp_path)], stdout=out, stderr=err)
    assert code == 2 and err.getvalue().count("\n") == 1 and err.getvalue().startswith("error: ")
    assert ("nbgrader_config.py" if layout == "no config" else "make collect") in err.getvalue()


@pytest.mark.parametrize("content", ['{"cells": "not a list"}', '[1, 2]', "not json", '{"cells": [7, null]}'])
def test_a_submitted_file_that_is_no_notebook_is_staged_as_empty_with_a_note(tmp_path, content) -> None:
    from autograder.channels.nbgrade import stage

    source = tmp_path / "source" / "a"
    source.mkdir(parents=True)
    shutil.copy(ROOT / "course" / "source" / "rnn-lstm" / "rnn-lstm.ipynb", source / "a.ipynb")
    (tmp_path / "submitted" / "eve" / "a").mkdir(parents=True)
    (tmp_path / "submitted" / "eve" / "a" / "a.ipynb").write_text(content)
    problems = stage(tmp_path, "a", ["eve"], tmp_path / "modules")
    assert "cannot read a.ipynb" in problems["eve"]
    activations = (tmp_path / "modules" / "eve" / "activations.py").read_text()
    assert "import numpy as np" in activations and "def sigmoid" not in activations
