"""The grading core end to end, through the real sandbox: the reference, the stubs, the example learners."""

from __future__ import annotations

import json
import tomllib

import pytest

from autograder.grading.grader import Grader
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.model import Report, Status

EXAMPLES = ROOT / "examples" / "submissions"
LEARNERS = {entry["id"]: entry for entry in tomllib.loads((ROOT / "examples" / "learners.toml").read_text())["learner"]}


@pytest.fixture(scope="module")
def grader(make_grader) -> Grader:
    """One grader for the module: expected values and the PyTorch run are shared, as in a class run."""
    return make_grader()


def _failures(report) -> str:
    return "\n".join(f"{r.status.value}: {r.name}: {r.message}" for r in report.results if r.points < r.max_points)


@pytest.mark.slow
def test_reference_gets_full_marks(grader):
    """Do the reference solutions pass every check, visible and hidden, for 100 points?"""
    report = grader.grade(ROOT / "solutions")
    assert report.max_score == pytest.approx(sum(t.points for t in load_tasks()))
    assert report.score == pytest.approx(report.max_score), _failures(report)
    assert all(r.status is Status.PASSED for r in report.results)


@pytest.mark.slow
def test_stubs_get_zero_without_crashing(grader):
    """Do the generated stubs score 0, every check 'not attempted' with the task's function named?"""
    report = grader.grade(ROOT / "exercises")
    assert report.score == 0
    assert {r.status for r in report.results} == {Status.NOT_ATTEMPTED}, _failures(report)
    assert all("NotImplementedError" in r.message for r in report.results)


@pytest.mark.slow
@pytest.mark.parametrize("learner", sorted(LEARNERS))
def test_example_learner_gets_the_expected_verdict(graded_examples, learner):
    """Does each example learner get the score, the lost tasks and the named mistakes learners.toml states?
    (graded by `make grade`'s own command, once for the whole run)"""
    expect = LEARNERS[learner]["expect"]
    report = Report.from_dict(json.loads((graded_examples.out / learner / "report.json").read_text()))
    if "score" in expect and not (learner == "mallory" and grader_level("auto") != "namespace"):
        assert report.score == pytest.approx(expect["score"]), _failures(report)
    scores = report.task_scores()
    if "lose" in expect:
        lost = {task for task, (earned, possible) in scores.items() if earned < possible - 1e-9}
        assert lost == set(expect["lose"]), _failures(report)
    named = {r.diagnostics.get("mistake") for r in report.results}
    for mistake in expect.get("mistakes", []):
        assert mistake in named, f"{learner}: {mistake!r} not named\n{_failures(report)}"
    for status in expect.get("statuses", []):
        assert Status(status) in {r.status for r in report.results}, _failures(report)


def grader_level(isolation: str) -> str:
    from autograder.runtime.sandbox import isolation_support

    support = isolation_support()
    return "namespace" if isolation in ("auto", "namespace") and all(support.values()) else "process"


@pytest.mark.slow
def test_grading_is_deterministic(grader):
    """Does the same submission give identical results twice (all but the wall time)?"""
    first, second = (grader.grade(EXAMPLES / "bob").to_dict() for _ in range(2))
    for report in (first, second):
        report.pop("execution_time")
    assert first == second


def test_hidden_checks_follow_the_grading_seed():
    """Do hidden checks get other inputs under another grading seed, and never the visible check's inputs?"""
    import numpy as np

    from autograder.expected.checks import REGISTRY, hidden_seed, visible_seed
    from autograder.expected.checks.recurrent import _recurrent_args

    hidden = [c for c in REGISTRY if c.visibility == "hidden"]
    assert hidden, "no hidden checks"
    for check in hidden:
        seeds = {visible_seed(check.name), hidden_seed(check.name, 1), hidden_seed(check.name, 2)}
        assert len(seeds) == 3, check.name
    inputs = [_recurrent_args(np.random.default_rng(seed), 4, True, False)[0][1][0] for seed in (1, 2)]
    assert not np.array_equal(*inputs), "two seeds drew the same LSTM inputs"


def test_self_check_runs_visible_checks_only():
    """Does a learner's self-check (visibility='visible') run no hidden check?"""
    grader = Grader(visibility="visible")
    assert grader.checks and all(c.visibility == "visible" for c in grader.checks)


@pytest.mark.slow
@pytest.mark.parametrize("problem", ["empty", "not-python", "syntax-error", "missing-module"])
def test_learner_problems_give_a_reason_not_a_crash(grader, tmp_path, problem):
    """Does a learner's broken folder give a zero with the reason, for every check, without raising?"""
    folder = tmp_path / problem
    folder.mkdir()
    if problem == "not-python":
        (folder / "lstm.py").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    elif problem == "syntax-error":
        for path in (ROOT / "solutions").glob("*.py"):
            (folder / path.name).write_text(path.read_text())
        (folder / "rnn.py").write_text("def rnn_forward(:\n")
    elif problem == "missing-module":
        (folder / "data.py").write_text((ROOT / "solutions" / "data.py").read_text())
    report = grader.grade(folder)
    assert all(r.message for r in report.results)
    if problem == "empty":
        assert report.score == 0 and report.error and "no exercise module" in report.error
    if problem == "syntax-error":
        rnn = [r for r in report.results if r.task == "4"]
        assert all(r.points == 0 and "SyntaxError" in r.message for r in rnn), _failures(report)
        assert report.task_scores()["2"][0] == report.task_scores()["2"][1], "other modules keep their points"
    if problem == "missing-module":
        lstm = [r for r in report.results if r.task == "6"]
        assert all(r.status is Status.NOT_ATTEMPTED and "lstm.py is missing" in r.message for r in lstm)
        assert report.task_scores()["1"][0] > 0


@pytest.mark.slow
def test_instructor_mistakes_raise_one_line_errors(grader, tmp_path):
    """Is a missing path or a file instead of a folder a SubmissionError, not a grade?"""
    with pytest.raises(SubmissionError, match="does not exist"):
        grader.grade(tmp_path / "nobody")
    (tmp_path / "file.py").write_text("")
    with pytest.raises(SubmissionError, match="not a folder"):
        grader.grade(tmp_path / "file.py")


@pytest.mark.slow
def test_an_assignments_end_to_end_check_names_the_earlier_task_to_fix_first(make_grader):
    """Week 4 (tasks 8-9) grades training, which runs the learner's own LSTM of week 3: bob's wrong LSTM backward
    fails the convergence check, whose message names task 6, an earlier assignment's task graded nowhere in this
    run (its visible checks run for the message only); ada's passes, and no task 6 result enters either report."""
    grader = make_grader(tasks=("8", "9"))
    bob = grader.grade(EXAMPLES / "bob")
    [convergence] = [r for r in bob.results if r.name.startswith("convergence")]
    assert convergence.status is not Status.PASSED
    assert "Fix task 6 first (an earlier assignment's, not graded here" in convergence.message, convergence.message
    assert {r.task for r in bob.results} == {"8", "9"}
    ada = grader.grade(EXAMPLES / "ada")
    assert ada.score == pytest.approx(25.0) and "Fix task" not in "".join(r.message for r in ada.results)
