"""A weekly course graded on every channel: two assignments of course/assignments.toml, week1 (tasks 1-3, 25
points) and week3 (tasks 6-7, 30 points; its lstm.py imports week 1's activations.py, which the learner brings),
each learner's work of each week graded by the CLI's ``grade``, by ``grade-class --shard`` and ``merge``, by
nbgrader (``nbgrader-autograde`` and stock autograde in kernels) and by the week's Gradescope bundle run as
docs/gradescope.md says: the same points everywhere, out of the week's points.

Two learners: ada (correct) and flo, ada with a float32 sigmoid: task 2's mistake, which costs week 1 points
(a partial grade out of the week's points) and none in week 3 (isolation: the guard keeps task 2's precision
out of the LSTM's checks). Each learner more costs every channel's grading again, kernels included.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import jsonschema
import nbformat
import pytest
from test_gradescope import RESULTS_SCHEMA, _extract

from autograder.channels.cli import main
from autograder.channels.nbsupport import MODULE_CELL, grade_id
from autograder.channels.options import ASSIGNMENT_SEED_ENV, SEED_ENV, assignment_seed
from autograder.grading.assignments import find_assignment
from autograder.runtime.manifest import ROOT
from kit import gradescope
from kit.course_demo import environment, jupyter_environment, without

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::Warning")]

SECRET = 918273645
WEEKS = ("week1", "week3")
POINTS = {"week1": 25.0, "week3": 30.0}
LEARNERS = ("ada", "flo")
EXAMPLES = ROOT / "examples" / "submissions"
FLOAT32 = ("    e = np.exp(-np.abs(x))\n", "    x = np.asarray(x, dtype=np.float32)\n    e = np.exp(-np.abs(x))\n")


def _modules(week: str) -> list[str]:
    """What a learner hands in for ``week``: its modules and the earlier ones it builds on (their own)."""
    assignment = find_assignment(week)
    return [task.module for task in (*assignment.carried, *assignment.tasks)]


def _learner_files(learner: str, folder: Path, week: str) -> Path:
    folder.mkdir(parents=True)
    for module in _modules(week):
        text = (EXAMPLES / ("ada" if learner == "flo" else learner) / f"{module}.py").read_text()
        if learner == "flo" and module == "activations":
            assert FLOAT32[0] in text
            text = text.replace(*FLOAT32)
        (folder / f"{module}.py").write_text(text)
    return folder


def _notebook(week: str, files: Path) -> nbformat.NotebookNode:
    """The week's source notebook with each solution cell holding the learner's own function (from their module)."""
    notebook = nbformat.read(ROOT / "course" / "source" / week / f"{week}.ipynb", as_version=4)
    trees = {}
    for cell in notebook.cells:
        match = MODULE_CELL.match(grade_id(cell))
        if not (match and match["kind"] == "code"):
            continue
        module, name = match["module"], grade_id(cell).split("-code-")[1]
        if module not in trees:
            text = (files / f"{module}.py").read_text()
            trees[module] = (text, ast.parse(text))
        text, tree = trees[module]
        node = next(n for n in tree.body if getattr(n, "name", None) == name)
        cell.source = ast.get_source_segment(text, node)
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every channel's points: channel -> week -> learner -> (score, max)."""
    base = tmp_path_factory.mktemp("weekly")
    points: dict[str, dict[str, dict[str, tuple[float, float]]]] = {}
    for week in WEEKS:
        for learner in LEARNERS:
            _learner_files(learner, base / "class" / week / learner, week)
    with contextlib.chdir(ROOT):
        points["grade"] = _cli_grade(base)
        points["grade-class + merge"] = _class_and_merge(base)
    points.update(_nbgrader(base))
    points["gradescope"] = _gradescope(base)
    print("weekly course, points per channel:", json.dumps(points))
    return {"base": base, "points": points}


def _cli_grade(base: Path) -> dict:
    found: dict = {}
    for week in WEEKS:
        for learner in LEARNERS:
            out = base / "grade" / week / f"{learner}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            err = StringIO()
            code = main(["grade", str(base / "class" / week / learner), "--out", str(out), "--seed", str(SECRET),
                         "--assignment", week], stdout=StringIO(), stderr=err)
            assert code == 0, err.getvalue()
            results = json.loads(out.read_text())
            found.setdefault(week, {})[learner] = (results["score"], results["max_score"])
    return found


def _class_and_merge(base: Path) -> dict:
    found: dict = {}
    for week in WEEKS:
        outs = []
        for shard in ("1/2", "2/2"):
            out = base / "shards" / week / shard.replace("/", "-of-")
            out.parent.mkdir(parents=True, exist_ok=True)
            err = StringIO()
            code = main(["grade-class", str(base / "class" / week), "--out", str(out), "--seed", str(SECRET),
                         "--assignment", week, "--shard", shard, "--jobs", "2", "--no-progress"],
                        stdout=StringIO(), stderr=err)
            assert code == 0, err.getvalue()
            outs.append(str(out))
        merged = base / "merged" / week
        merged.parent.mkdir(exist_ok=True)
        err = StringIO()
        code = main(["merge", *outs, "--out", str(merged), "--assignment", week, "--html"], stdout=StringIO(),
                    stderr=err)
        assert code == 0, err.getvalue()
        with open(merged / "gradebook.csv", newline="") as file:
            rows = list(csv.DictReader(file))
        found[week] = {row["learner"]: (float(row["total"]), float(row["max"])) for row in rows}
    return found


def _nbgrader(base: Path) -> dict:
    """Both nbgrader paths on a course of the two weeks' notebooks, each learner's submission in submitted/."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.channels.nbgrade import gradebook_scores, nbgrader_config, run_nbgrader_autograde

    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    for week in WEEKS:
        shutil.copytree(ROOT / "course" / "source" / week, course / "source" / week)
        for learner in LEARNERS:
            folder = course / "submitted" / learner / week
            folder.mkdir(parents=True)
            nbformat.write(_notebook(week, base / "class" / week / learner), folder / f"{week}.ipynb")
    found: dict = {"nbgrader fast": {}, "nbgrader stock": {}}
    env = jupyter_environment(base)
    for week in WEEKS:
        def api() -> NbGraderAPI:
            config = nbgrader_config(course)
            return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        with environment(env), without(SEED_ENV), contextlib.chdir(course):
            assert api().generate_assignment(week)["success"]
        # as `make autograde` runs it: the week's seed only; the kernels import this kit (a worktree's venv may be
        # another checkout's, whose editable install they would import from the notebook's folder)
        kernel = {ASSIGNMENT_SEED_ENV: str(assignment_seed(SECRET, week)), "PYTHONPATH": str(ROOT)}
        with environment(kernel), without(SEED_ENV), environment(env), contextlib.chdir(course):
            for learner in LEARNERS:
                result = api().autograde(week, learner)
                assert result["success"], result.get("error") or result.get("log")
        found["nbgrader stock"][week] = _nbgrader_points(course, week, gradebook_scores(course, week))
        err = StringIO()
        code = run_nbgrader_autograde(week, course=course, jobs=2, seed=SECRET, progress=False, stdout=StringIO(),
                                      stderr=err)
        assert code == 0, err.getvalue()
        found["nbgrader fast"][week] = _nbgrader_points(course, week, gradebook_scores(course, week))
    return found


def _nbgrader_points(course: Path, week: str, scores: dict[str, float]) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        out_of = gradebook.find_assignment(week).max_score
    return {learner: (round(score, 6), out_of) for learner, score in scores.items()}


def _gradescope(base: Path) -> dict:
    """Each week's bundle (make gradescope ASSIGNMENT=week), set up, run by docs/gradescope.md's command as typed."""
    docs = (ROOT / "docs" / "gradescope.md").read_text()
    command = next(line for line in docs.splitlines() if line.startswith("GRADESCOPE_ROOT=X "))
    env = {k: v for k, v in os.environ.items() if k not in (SEED_ENV, "GRADESCOPE_ROOT", "GRADESCOPE_PYTHON")}
    found: dict = {}
    for week in WEEKS:
        bundle = gradescope.build(base / "dist" / f"autograder-{week}.zip", seed=SECRET, assignment=week)
        root = base / "gradescope" / week
        _extract(bundle, root)
        config = json.loads((root / "source" / gradescope.CONFIG_FILE).read_text())
        assert config["assignment"] == week and config["seed"] == assignment_seed(SECRET, week)
        assert str(SECRET) not in json.dumps(config)        # the bundle holds its week's seed, never the secret
        setup = subprocess.run([sys.executable, "-m", "autograder.channels.gradescope_entry", "setup"],
                               cwd=root / "source", env={**env, "GRADESCOPE_ROOT": str(root)}, capture_output=True,
                               text=True, timeout=600)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        relative = os.path.relpath(root, ROOT)
        for learner in LEARNERS:
            shutil.rmtree(root / "submission", ignore_errors=True)
            shutil.copytree(base / "class" / week / learner, root / "submission")
            done = subprocess.run(["bash", "-c", command.replace("X", shlex.quote(relative))], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
            results = json.loads((root / "results" / "results.json").read_text())
            jsonschema.validate(results, RESULTS_SCHEMA)
            found.setdefault(week, {})[learner] = (results["score"], results["max_score"])
    return found


def test_each_learner_is_graded_out_of_the_weeks_points_on_every_channel(course: dict) -> None:
    points = course["points"]
    assert set(points) == {"grade", "grade-class + merge", "nbgrader fast", "nbgrader stock", "gradescope"}
    for channel, weeks in points.items():
        for week in WEEKS:
            assert set(weeks[week]) == set(LEARNERS), (channel, week)
            for learner, (score, out_of) in weeks[week].items():
                assert out_of == pytest.approx(POINTS[week]), (channel, week, learner)
                exact = 0.005 if channel == "grade-class + merge" else 1e-5    # gradebook.csv: 2 decimals
                assert score == pytest.approx(points["grade"][week][learner][0], abs=exact), (channel, week, learner)
    assert points["grade"]["week1"]["ada"][0] == pytest.approx(25.0)
    assert points["grade"]["week3"]["ada"][0] == pytest.approx(30.0)


def test_a_week_1_mistake_costs_week_1_points_and_none_in_week_3(course: dict) -> None:
    """flo's float32 sigmoid: task 2 loses points in week 1; week 3's LSTM, which calls it, loses none."""
    grade = course["points"]["grade"]
    assert grade["week1"]["flo"][0] < 25.0
    assert grade["week3"]["flo"][0] == pytest.approx(30.0)


def test_the_merged_pages_and_gradebook_show_the_week_and_its_tasks_only(course: dict) -> None:
    merged = course["base"] / "merged" / "week3"
    header = (merged / "gradebook.csv").read_text().splitlines()[0]
    assert "task 6" in header and "task 7" in header and "task 2" not in header and "task 1," not in header
    dashboard = (merged / "index.html").read_text()
    assert "Week 3: the LSTM and its optimisers" in dashboard and "(week3; tasks 6, 7), out of 30 points" in dashboard
    page = (merged / "ada" / "report.html").read_text()
    assert "Assignment: <strong>Week 3: the LSTM and its optimisers</strong> (week3)" in page
    recorded = json.loads((merged / "ada" / "report.json").read_text())["metadata"]["assignment"]
    assert recorded == {"id": "week3", "title": "Week 3: the LSTM and its optimisers", "tasks": ["6", "7"],
                        "points": 30.0}
    fast = course["base"] / "course" / "fast-autograde" / "week3" / "reports" / "ada" / "report.json"
    assert json.loads(fast.read_text())["metadata"]["assignment"] == recorded       # nbgrader-autograde's too


def test_merge_refuses_shards_of_another_week_or_of_two_weeks(course: dict, tmp_path: Path) -> None:
    shards = course["base"] / "shards"
    err = StringIO()
    assert main(["merge", str(shards / "week1" / "1-of-2"), "--out", str(tmp_path / "a"), "--assignment", "week3"],
                stdout=StringIO(), stderr=err) == 2
    assert err.getvalue() == ("error: the outputs were graded for assignment 'week1', not 'week3'; merge them "
                              "without --assignment, or grade the shards with --assignment week3\n")
    err = StringIO()
    assert main(["merge", str(shards / "week1" / "1-of-2"), str(shards / "week3" / "2-of-2"), "--out",
                 str(tmp_path / "b")], stdout=StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("error: the outputs were graded with different assignments: ")
    assert "(assignment week1)" in err.getvalue() and "(assignment week3)" in err.getvalue()
