"""Tests of the autograder's channels: the CLI (check, grade, grade-class) and the report serialisers.

The grading core is replaced by :class:`FakeGrader`, which has Grader's interface and
builds a synthetic Report from the submission folder: per manifest task, one visible
and one hidden check (half the task's points each), whose outcome is read from the
task's module file in the folder:

    missing -> not attempted    "ok" -> passed    "wrong" -> failed    "crash" -> error    "slow" -> timeout

A folder without any ``.py`` file gives a Report with ``error`` set. The CLI runs
in-process through ``cli.main(argv, grader_factory=...)``; one test runs
``python -m autograder --help`` in a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.channels import cli, options
from autograder.expected import digest
from autograder.formats import gradebook
from autograder.formats.gradescope import to_gradescope
from autograder.grading import classroom
from autograder.grading.files import seed_fingerprint, submission_digest
from autograder.grading.grader import DEFAULT_SEED
from autograder.runtime import atomic
from autograder.runtime.manifest import ROOT, load_tasks, parse_tasks
from autograder.runtime.model import CheckResult, Report, Status
from autograder.runtime.sandbox.isolation import sandbox_facts
from autograder.runtime.sandbox.staging import MAX_MODULE_BYTES
from autograder.runtime.terminal import format_report, format_table, status_label

TASKS = load_tasks()
OUTCOMES = {
    "ok": (Status.PASSED, "the outputs match the reference"),
    "wrong": (Status.FAILED, "expected 1.0, got 2.0\nLikely mistake: the gates are stacked in the wrong order"),
    "crash": (Status.ERROR, "your code raised ValueError: shapes (3,4) and (5,) not aligned"),
    "slow": (Status.TIMEOUT, "your code ran past its 10 s limit"),
}


# ---------------------------------------------------------------- the fake grader

class Recorder:
    """What the fake graders of one CLI run saw: the options each was built with, every grade call."""

    def __init__(self, hook: Callable[[str, int], None] | None = None) -> None:
        self.hook = hook                    # called as hook(learner, call number) before grading
        self.options: list[dict] = []
        self.calls: list[str] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def factory(self, **options) -> FakeGrader:
        self.options.append(options)
        return FakeGrader(self, **options)


class FakeGrader:
    """Grader's interface (seed, visibility, isolation, grade); a Report from the folder's files."""

    def __init__(self, recorder: Recorder, seed: int = DEFAULT_SEED, visibility: str = "all",
                 isolation: str = "auto", hide: tuple[Path, ...] = (), tasks: tuple[str, ...] | None = None,
                 assignment: dict | None = None) -> None:
        self.recorder, self.seed, self.visibility, self.isolation = recorder, seed, visibility, isolation
        self.hide, self.tasks, self.assignment = hide, tasks, assignment

    def grade(self, submission: Path, name: str | None = None) -> Report:
        name = name or submission.name
        with self.recorder.lock:
            self.recorder.calls.append(name)
            self.recorder.threads.add(threading.current_thread().name)
            number = len(self.recorder.calls)
        if self.recorder.hook:
            self.recorder.hook(name, number)
        return fake_report(submission, name, self.visibility)


def fake_report(submission: Path, name: str, visibility: str = "all") -> Report:
    """The synthetic report of ``submission`` (see the module docstring)."""
    kinds = ("visible", "hidden") if visibility == "all" else ("visible",)
    if not any(Path(submission).glob("*.py")):
        results = [CheckResult(f"{t.module}: {kind} inputs", t.id, t.points / 2, 0.0, Status.NOT_ATTEMPTED,
                               f"{t.module}.py is missing", kind)
                   for t in TASKS for kind in kinds]
        return Report(name, results, 0.5, error="no Python modules found in the submission folder")
    results = []
    for task in TASKS:
        path = Path(submission) / f"{task.module}.py"
        word = path.read_text().split()[0] if path.exists() else "missing"
        status, message = OUTCOMES.get(word, (Status.NOT_ATTEMPTED, f"{task.module}.py is missing"))
        for kind in kinds:
            points = task.points / 2 if status is Status.PASSED else 0.0
            diagnostics = {"max_abs_error": math.nan, "shape": (3, 4)} if status is Status.FAILED else {}
            results.append(CheckResult(f"{task.module}: {kind} inputs", task.id, task.points / 2, points, status,
                                       message, kind, diagnostics))
    return Report(name, results, 1.25)


def write_submission(folder: Path, default: str = "ok", **modules: str) -> Path:
    """A learner folder with every task's module containing ``default`` unless given per module."""
    folder.mkdir(parents=True, exist_ok=True)
    for task in TASKS:
        content = modules.get(task.module, default)
        if content is not None:
            (folder / f"{task.module}.py").write_text(f"{content}\n")
    return folder


def run(argv: list[str], recorder: Recorder, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``cli.main`` in-process with the fake grader; (exit code, stdout, stderr). grade-class runs with
    --no-progress (its log lines, tested on their own, would be in every stderr). The environment holds only
    AUTOGRADER_SEED (the kit's public default, as a course's secret) unless ``environ`` is given."""
    out, err = io.StringIO(), io.StringIO()
    if argv[:1] == ["grade-class"]:
        argv = [*argv, "--no-progress"]
    code = cli.main([str(a) for a in argv], grader_factory=recorder.factory, stdout=out, stderr=err,
                    environ=environ if environ is not None else {"AUTOGRADER_SEED": str(DEFAULT_SEED)})
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def klass(tmp_path: Path) -> tuple[Path, Path]:
    """A class of three learners (alice, bob, carol), a hidden folder and a stray file; and an output path."""
    root = tmp_path / "class"
    write_submission(root / "carol")
    write_submission(root / "alice", lstm="wrong", optim="crash")
    write_submission(root / "bob", default="ok", train="slow", torch_port=None)
    (root / ".git").mkdir()
    (root / "notes.txt").write_text("not a learner")
    return root, tmp_path / "out"


def read_json(path: Path) -> dict:
    """Parse strict JSON (NaN or Infinity would raise)."""
    def reject(constant: str) -> None:
        raise ValueError(f"non-standard JSON constant {constant}")
    return json.loads(path.read_text(), parse_constant=reject)


def read_gradebook(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


# ---------------------------------------------------------------- Gradescope's schema

def test_gradescope_results_have_the_required_keys_and_types_and_add_up(tmp_path: Path) -> None:
    """Does results.json carry Gradescope's keys with the right types, and do the tests' scores add up?"""
    report = fake_report(write_submission(tmp_path / "s", lstm="wrong", optim="crash", train="slow",
                                          data=None), "s")
    data = to_gradescope(report)
    json.dumps(data, allow_nan=False)
    assert {"score", "max_score", "execution_time", "output", "tests"} <= set(data)
    assert "visibility" not in data  # optional: left to the assignment's setting unless asked for
    assert isinstance(data["output"], str) and data["output"].startswith("Visible checks: ")
    for test in data["tests"]:
        assert {"name", "number", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert all(isinstance(test[k], float) and math.isfinite(test[k]) for k in ("score", "max_score"))
        assert re.fullmatch(r"\d+\.\d+", test["number"])
    assert math.isclose(sum(t["score"] for t in data["tests"]), data["score"])
    assert math.isclose(sum(t["max_score"] for t in data["tests"]), data["max_score"]) and data["max_score"] == 100
    assert data["score"] == report.score == 100 - 20 - 10 - 15 - 10
    numbers = [t["number"] for t in data["tests"]]
    assert len(set(numbers)) == len(numbers)
    assert [n for n in numbers if n.startswith("6.")] == ["6.1", "6.2"]
    assert to_gradescope(report, visibility="after_published")["visibility"] == "after_published"


def test_hidden_checks_are_shown_after_publishing_and_visible_ones_at_once(tmp_path: Path) -> None:
    """Do hidden checks get visibility "after_published" and visible ones "visible"?"""
    report = fake_report(write_submission(tmp_path / "s"), "s")
    tests = to_gradescope(report)["tests"]
    by_kind = {(check.visibility, test["visibility"]) for check, test in zip(report.results, tests, strict=True)}
    assert by_kind == {("visible", "visible"), ("hidden", "after_published")}


def test_the_overall_output_does_not_reveal_hidden_results(tmp_path: Path) -> None:
    """Does the always-visible text (the overall output, the visible tests) show no total that includes the
    hidden checks, from which a learner could subtract the visible points to learn the hidden results?"""
    report = fake_report(write_submission(tmp_path / "s", lstm="wrong"), "s")
    for check in report.results:  # visible lstm checks pass, hidden ones fail
        if check.task == "6" and check.visibility == "visible":
            check.status, check.points = Status.PASSED, check.max_points
    assert (report.score, report.max_score) == (90, 100)  # hidden: 40 / 50; visible: 50 / 50
    data = to_gradescope(report)
    output = data["output"]
    assert output.splitlines()[0] == "Visible checks: 50 / 50"
    assert "task 6: LSTM: gates, cell and hidden state, forward and backward  10 / 10" in output
    assert "9 hidden checks" in output
    visible_text = "\n".join([output, *(f"{t['name']}\n{t['output']}" for t in data["tests"]
                                        if t["visibility"] == "visible")])
    for number in ("90", "100", "40"):  # the total, its maximum, the hidden checks' score
        assert not re.search(rf"(?<![\d.]){number}(?![\d.])", visible_text), number
    assert "Score" not in visible_text
    assert (data["score"], data["max_score"]) == (90, 100)  # Gradescope's own, shown per its settings


def test_statuses_map_to_passed_or_failed_and_keep_our_status_in_name_and_output(tmp_path: Path) -> None:
    """Is every status "passed" or "failed", with not attempted/error/timeout named in the test and its output?"""
    report = fake_report(write_submission(tmp_path / "s", lstm="wrong", optim="crash", train="slow",
                                          data=None), "s")
    tests = to_gradescope(report)["tests"]
    seen = set()
    for check, test in zip(report.results, tests, strict=True):
        seen.add(check.status)
        assert test["status"] == ("passed" if check.status is Status.PASSED else "failed")
        if check.status in (Status.NOT_ATTEMPTED, Status.ERROR, Status.TIMEOUT):
            assert test["name"].endswith(f"[{check.status.value}]")
            assert test["output"].startswith(f"Status: {check.status.value}")
        else:
            assert test["name"] == check.name
    assert seen == set(Status)
    failed = next(t for c, t in zip(report.results, tests, strict=True) if c.status is Status.FAILED)
    assert "Likely mistake" in failed["output"] and "max_abs_error: nan" in failed["output"]


@pytest.mark.parametrize("field", ["points", "max_points", "execution_time"])
def test_non_finite_numbers_are_refused(field: str) -> None:
    """Does the Gradescope serialiser refuse a NaN or infinite number instead of writing it?"""
    check = CheckResult("c", "1", 1.0, 1.0, Status.PASSED, "fine")
    report = Report("s", [check])
    if field == "execution_time":
        report.execution_time = math.inf
    else:
        setattr(check, field, math.nan)
    with pytest.raises(ValueError, match="finite"):
        to_gradescope(report)


# ---------------------------------------------------------------- check

def test_check_exits_0_when_everything_passes_with_the_visible_checks_only(tmp_path: Path) -> None:
    """Does `check` build a visible-only grader, print the summary and exit 0 when all checks pass?"""
    recorder = Recorder()
    code, out, err = run(["check", write_submission(tmp_path / "mine")], recorder)
    assert code == 0, err
    assert recorder.options == [{"visibility": "visible"}]
    *_, score, scope = out.rstrip().splitlines()
    assert "hidden inputs" not in out and score == "score 50 / 50"
    assert scope == "visible checks: 50 of the 100 points; the rest are hidden until grading"


def test_check_exits_1_and_shows_each_failed_message_indented(tmp_path: Path) -> None:
    """Does `check` exit 1 when a check fails, listing tasks with points and failures' messages indented?"""
    code, out, _ = run(["check", write_submission(tmp_path / "mine", lstm="wrong", optim="slow")], Recorder())
    assert code == 1
    lines = out.splitlines()
    assert "task 6: LSTM: gates, cell and hidden state, forward and backward  0 / 10" in lines
    assert "task 1: Data and encoding  5 / 5" in lines
    assert f"  {status_label(Status.PASSED)} data: visible inputs" in lines
    failed = lines.index(f"  {status_label(Status.FAILED)} lstm: visible inputs")
    assert lines[failed + 1] == "      expected 1.0, got 2.0"
    assert lines[failed + 2] == "      Likely mistake: the gates are stacked in the wrong order"
    assert f"  {status_label(Status.TIMEOUT)} optim: visible inputs" in lines
    assert "\x1b[" not in out  # not a terminal: no colour
    assert lines[-2:] == ["score 35 / 50", "visible checks: 50 of the 100 points; the rest are hidden until grading"]


def test_check_of_the_untouched_stubs_or_an_empty_folder_exits_1_with_the_reason(tmp_path: Path) -> None:
    """Does `check` on a folder without modules exit 1 and print why nothing could be graded?"""
    (tmp_path / "empty").mkdir()
    code, out, err = run(["check", tmp_path / "empty"], Recorder())
    assert code == 1 and err == ""
    assert "Could not grade this submission: no Python modules found" in out
    assert out.splitlines()[-2] == "score 0 / 50"


def test_check_defaults_to_the_exercises_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DIR, does `check` grade ./exercises?"""
    write_submission(tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    recorder = Recorder()
    assert run(["check"], recorder)[0] == 0
    assert recorder.calls == ["exercises"]


def test_status_labels_are_coloured_only_on_request() -> None:
    """Is colour off by default (plain text for pipes) and on when asked for?"""
    assert "\x1b[" not in status_label(Status.FAILED)
    assert status_label(Status.FAILED, colour=True).startswith("\x1b[31m")
    report = Report("s", [CheckResult("c", "1", 1.0, 0.0, Status.FAILED, "bad")])
    assert "\x1b[" in format_report(report, colour=True) and "\x1b[" not in format_report(report)


# ---------------------------------------------------------------- grade

def test_grade_writes_results_json_atomically_and_prints_the_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Does `grade` write results.json through a temp file in the same folder and os.replace, and print a summary?"""
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        replaced.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    out = tmp_path / "results" / "results.json"
    out.parent.mkdir()
    code, stdout, err = run(["grade", write_submission(tmp_path / "sub", lstm="wrong"), "--out", out], Recorder())
    assert code == 0, err
    assert [dst for _, dst in replaced] == [out]
    assert replaced[0][0].parent == out.parent and replaced[0][0].name.endswith(".tmp")
    data = read_json(out)
    assert data["score"] == 80 and data["max_score"] == 100
    assert "score 80 / 100" in stdout and "task 6: LSTM" in stdout
    assert list(out.parent.iterdir()) == [out]


def test_a_failed_write_leaves_the_previous_results_json_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, is the old results.json untouched, no temp file left, and the error one line?"""
    out = tmp_path / "results.json"
    out.write_text('{"score": 1, "tests": []}')

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    code, _, err = run(["grade", write_submission(tmp_path / "sub"), "--out", out, "--seed", "1"], Recorder())
    assert code == 2 and err.startswith("error: cannot write") and "Traceback" not in err
    assert out.read_text() == '{"score": 1, "tests": []}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "sub"]


def test_atomic_json_refuses_nan_before_touching_the_disk(tmp_path: Path) -> None:
    """Does atomic_write_json raise on NaN without creating the file or a temp file?"""
    with pytest.raises(ValueError):
        atomic.atomic_write_json(tmp_path / "x.json", {"score": math.nan})
    assert list(tmp_path.iterdir()) == []


def test_grade_of_a_learner_with_nothing_to_grade_succeeds_with_score_0(tmp_path: Path) -> None:
    """For an empty submission, does `grade` exit 0 and write score 0 with the reason in the output?"""
    (tmp_path / "sub").mkdir()
    out = tmp_path / "results.json"
    code, stdout, err = run(["grade", tmp_path / "sub", "--out", out], Recorder())
    assert code == 0, err
    data = read_json(out)
    assert data["score"] == 0 and data["max_score"] == 100
    assert "could not be graded: no Python modules found" in data["output"]
    assert "Could not grade this submission" in stdout


@pytest.mark.parametrize(("argv", "environ", "seed"), [
    ([], {"AUTOGRADER_SEED": "7"}, 7),
    (["--seed", "9"], {"AUTOGRADER_SEED": "7"}, 9),
])
def test_grade_takes_the_seed_from_the_option_then_the_environment(
        tmp_path: Path, argv: list[str], environ: dict[str, str], seed: int) -> None:
    """Is the grader built with --seed, else $AUTOGRADER_SEED, and every check?"""
    recorder = Recorder()
    out = tmp_path / "results" / "results.json"
    out.parent.mkdir()
    code, _, err = run(["grade", write_submission(tmp_path / "s"), "--out", out, *argv,
                        "--isolation", "process"], recorder, environ)
    assert code == 0, err
    assert recorder.options == [{"seed": seed, "visibility": "all", "isolation": "process"}]


def test_an_assignment_is_graded_on_its_tasks_with_its_own_derived_seed(tmp_path: Path) -> None:
    """--assignment A: A's tasks only, and a seed that is A's HMAC under the course's secret (never the secret)."""
    recorder = Recorder()
    out = tmp_path / "results.json"
    code, _, err = run(["grade", write_submission(tmp_path / "s"), "--out", out, "--assignment", "rnn-lstm",
                        "--seed", "9"], recorder)
    assert code == 0, err
    [made] = recorder.options
    assert made["tasks"] == tuple(t.id for t in load_tasks()) and made["seed"] == options.assignment_seed(9, "rnn-lstm")
    assert made["seed"] not in (9, options.assignment_seed(9, "week-2"), options.assignment_seed(8, "rnn-lstm"))
    unknown = run(["grade", tmp_path / "s", "--out", out, "--assignment", "nope", "--seed", "9"], Recorder())
    assert unknown[0] == 2 and unknown[2] == ("error: there is no assignment 'nope' in course/assignments.toml; pick "
                                              "one of rnn-lstm, week1, week2, week3, week4\n")
    code, _, err = run(["grade", tmp_path / "s", "--out", out, "--assignment", "week3", "--seed", "9"], recorder)
    assert code == 0, err
    week3 = recorder.options[-1]
    assert week3["tasks"] == ("6", "7") and week3["seed"] == options.assignment_seed(9, "week3")
    assert week3["assignment"] == {"id": "week3", "title": "Week 3: the LSTM and its optimisers", "tasks": ["6", "7"],
                                   "points": 30.0}


def test_check_of_an_assignment_runs_its_visible_checks_out_of_its_points(tmp_path: Path) -> None:
    """`check --assignment week1`: tasks 1-3's visible checks, the summary out of week 1's 25 points; --task outside
    it, or an unknown assignment, refused in one line."""
    recorder = Recorder()
    code, _, err = run(["check", write_submission(tmp_path / "s"), "--assignment", "week1"], recorder)
    assert recorder.options == [{"visibility": "visible", "tasks": ("1", "2", "3")}], err
    outside = run(["check", tmp_path / "s", "--assignment", "week1", "--task", "6"], Recorder())
    assert outside[0] == 2 and outside[2] == ("error: task 6 is not in assignment 'week1' (tasks 1, 2, 3); drop "
                                              "--task or --assignment\n")
    assert run(["check", tmp_path / "s", "--assignment", "nope"], Recorder())[2].startswith(
        "error: there is no assignment 'nope'")


def test_a_grader_bug_in_grade_still_writes_a_score_0_result_and_exits_1(tmp_path: Path) -> None:
    """If the grader raises, does `grade` write a score-0 results.json saying grading failed, and exit 1?"""
    def boom(name: str, number: int) -> None:
        raise RuntimeError("reference cache corrupted")

    out = tmp_path / "results.json"
    code, _, err = run(["grade", write_submission(tmp_path / "s"), "--out", out], Recorder(boom))
    assert code == 1
    assert err.splitlines()[-1].startswith("error: grading failed: RuntimeError: reference cache corrupted")
    data = read_json(out)
    assert data["score"] == 0 and data["max_score"] == 100 and "Grading failed" in data["output"]


# ---------------------------------------------------------------- bad instructor input

def bad_inputs(tmp_path: Path) -> dict[str, tuple[list, dict]]:
    """Name -> (argv, environ) of every kind of unusable instructor input."""
    root, empty, afile = tmp_path / "class", tmp_path / "empty", tmp_path / "file.txt"
    write_submission(root / "alice")
    (empty / ".hidden").mkdir(parents=True)
    (empty / "stray.txt").write_text("x")
    afile.write_text("x")
    sub, out = root / "alice", tmp_path / "out"
    long = tmp_path / ("x" * 300)  # a name longer than any file system allows: ENAMETOOLONG
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "used" / "gradebook.csv").mkdir(parents=True)
    return {
        "check: missing DIR": (["check", tmp_path / "nope"], {}),
        "check: DIR is a file": (["check", afile], {}),
        "grade: missing SUBMISSION": (["grade", tmp_path / "nope", "--out", out / "r.json"], {}),
        "grade: no --out": (["grade", sub], {}),
        "grade: --out is a folder": (["grade", sub, "--out", tmp_path], {}),
        "grade: --out unwritable": (["grade", sub, "--out", afile / "r.json"], {}),
        "grade: --seed not a number": (["grade", sub, "--out", out / "r.json", "--seed", "x"], {}),
        "grade: --seed negative": (["grade", sub, "--out", out / "r.json", "--seed", "-1"], {}),
        "grade: bad AUTOGRADER_SEED": (["grade", sub, "--out", out / "r.json"], {"AUTOGRADER_SEED": "abc"}),
        "grade: bad --isolation": (["grade", sub, "--out", out / "r.json", "--isolation", "docker"], {}),
        "grade-class: missing ROOT": (["grade-class", tmp_path / "nope", "--out", out], {}),
        "grade-class: ROOT is a file": (["grade-class", afile, "--out", out], {}),
        "grade-class: no learner folders": (["grade-class", empty, "--out", out], {}),
        "grade-class: --out is ROOT": (["grade-class", root, "--out", root], {}),
        "grade-class: --out inside ROOT": (["grade-class", root, "--out", root / "graded"], {}),
        "grade-class: --jobs 0": (["grade-class", root, "--out", out, "--jobs", "0"], {}),
        "grade-class: --out is a file": (["grade-class", root, "--out", afile], {}),
        "grade-class: --out unwritable": (["grade-class", root, "--out", afile / "graded"], {}),
        "no command": ([], {}),
        "unknown command": (["frobnicate"], {}),
        "check: DIR name too long": (["check", long], {}),
        "grade: SUBMISSION name too long": (["grade", long, "--out", tmp_path / "r.json"], {}),
        "grade: --out name too long": (["grade", sub, "--out", long], {}),
        "grade: --out is a pipe": (["grade", sub, "--out", tmp_path / "pipe"], {}),
        "grade: folder of --out missing": (["grade", sub, "--out", out / "r.json"], {}),
        "grade-class: ROOT name too long": (["grade-class", long, "--out", out], {}),
        "grade-class: --out name too long": (["grade-class", root, "--out", long], {}),
        "grade-class: parent of --out missing": (["grade-class", root, "--out", out / "graded"], {}),
        "grade-class: OUT holds a folder gradebook.csv": (["grade-class", root, "--out", tmp_path / "used"], {}),
    }


BAD_INPUTS = [
    "check: missing DIR", "check: DIR is a file", "grade: missing SUBMISSION", "grade: no --out",
    "grade: --out is a folder", "grade: --out unwritable", "grade: --seed not a number", "grade: --seed negative",
    "grade: bad AUTOGRADER_SEED", "grade: bad --isolation", "grade-class: missing ROOT",
    "grade-class: ROOT is a file", "grade-class: no learner folders", "grade-class: --out is ROOT",
    "grade-class: --out inside ROOT", "grade-class: --jobs 0", "grade-class: --out is a file",
    "grade-class: --out unwritable", "no command", "unknown command",
    "check: DIR name too long", "grade: SUBMISSION name too long", "grade: --out name too long",
    "grade: --out is a pipe", "grade: folder of --out missing", "grade-class: ROOT name too long",
    "grade-class: --out name too long", "grade-class: parent of --out missing",
    "grade-class: OUT holds a folder gradebook.csv",
]


def test_every_bad_input_case_is_tested(tmp_path: Path) -> None:
    """Is the list of parametrised cases the same as the cases built?"""
    assert sorted(bad_inputs(tmp_path)) == sorted(BAD_INPUTS)


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_instructor_input_is_one_line_on_stderr_and_exit_2(tmp_path: Path, case: str) -> None:
    """Does each unusable input give exit 2 and one line 'error: <what>; <what to do>', no traceback, no grading?"""
    argv, environ = bad_inputs(tmp_path)[case]
    recorder = Recorder()
    code, out, err = run(argv, recorder, environ)
    assert code == 2, (out, err)
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and "; " in err, err
    assert "Traceback" not in err and out == ""
    assert recorder.options == [] and recorder.calls == []  # refused before a grader was even built
    assert not (tmp_path / "class" / "graded").exists()
    assert not (tmp_path / "out").exists()  # no folder made for a mistyped --out
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)  # never replaced by results.json


def test_grade_never_creates_the_folder_of_out(tmp_path: Path) -> None:
    """Does `grade` refuse an --out whose folder does not exist (one line, exit 2) instead of creating it,
    and write into a folder that exists?"""
    sub = write_submission(tmp_path / "s")
    code, _, err = run(["grade", sub, "--out", tmp_path / "typo" / "deep" / "results.json"], Recorder())
    assert code == 2 and len(err.splitlines()) == 1 and "does not exist" in err, err
    assert not (tmp_path / "typo").exists()
    code, _, err = run(["grade", sub, "--out", tmp_path / "results.json", "--seed", "3"], Recorder())
    assert code == 0 and err == "" and read_json(tmp_path / "results.json")["score"] == 100


def test_grade_class_creates_out_but_not_the_folders_above_it(tmp_path: Path) -> None:
    """Does `grade-class` create a missing OUT whose parent exists, and refuse one whose parent is missing?"""
    root = tmp_path / "class"
    write_submission(root / "alice")
    code, _, err = run(["grade-class", root, "--out", tmp_path / "typo" / "out", "--seed", "3"], Recorder())
    assert code == 2 and len(err.splitlines()) == 1 and "does not exist" in err, err
    assert not (tmp_path / "typo").exists()
    code, _, err = run(["grade-class", root, "--out", tmp_path / "out", "--seed", "3"], Recorder())
    assert code == 0, err
    assert (tmp_path / "out" / "alice" / "results.json").is_file()


@pytest.mark.parametrize("where", ["tmp", "venv"])
def test_grade_hides_no_extra_paths_wherever_out_is(tmp_path: Path, where: str) -> None:
    """With --out under the temp folder (the sandbox's scratch) or inside the venv, is the grader built without
    extra paths to hide (hiding them broke grading), while grade-class still hides ROOT and OUT?"""
    folder = Path(tempfile.mkdtemp(dir=tempfile.gettempdir() if where == "tmp" else sys.prefix))
    try:
        recorder = Recorder()
        code, _, err = run(["grade", write_submission(tmp_path / "s"), "--out", folder / "results.json",
                            "--seed", "3"], recorder)
        assert code == 0, err
        assert recorder.options == [{"seed": 3, "visibility": "all", "isolation": "auto"}]
        assert recorder.options[0].get("hide", ()) == ()
    finally:
        shutil.rmtree(folder)
    root = tmp_path / "class"
    write_submission(root / "alice")
    recorder = Recorder()
    assert run(["grade-class", root, "--out", tmp_path / "out", "--seed", "3"], recorder)[0] == 0
    assert recorder.options[0]["hide"] == (root.resolve(), (tmp_path / "out").resolve())


# ---------------------------------------------------------------- no grading without the course's seed

@pytest.mark.parametrize(("command", "environ"), [
    ("grade", {}), ("grade", {"AUTOGRADER_SEED": "  "}), ("grade-class", {}), ("prepare", {}),
    ("nbgrader-autograde", {}), ("assignment-seed", {}),
])
def test_grading_without_a_seed_is_refused_in_one_line(tmp_path: Path, command: str, environ: dict[str, str]) -> None:
    """Neither --seed nor AUTOGRADER_SEED: every command that grades hidden checks refuses (exit 2, one line,
    nothing graded), because the kit's default seed is public; `check` (visible checks only) needs none."""
    root = tmp_path / "class"
    write_submission(root / "alice")
    (tmp_path / "course" / "submitted" / "alice" / "a").mkdir(parents=True)
    (tmp_path / "course" / "nbgrader_config.py").write_text("")
    argv = {"grade": ["grade", root / "alice", "--out", tmp_path / "results.json"],
            "grade-class": ["grade-class", root, "--out", tmp_path / "out"],
            "prepare": ["prepare", "--out", tmp_path / "cache"],
            "nbgrader-autograde": ["nbgrader-autograde", "--assignment", "a", "--course", tmp_path / "course"],
            "assignment-seed": ["assignment-seed", "--assignment", "rnn-lstm"]}[command]
    recorder = Recorder()
    code, out, err = run(argv, recorder, environ)
    assert (code, out, recorder.options) == (2, "", []), err
    assert err == f"error: {options.NO_SEED}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "course"]       # nothing written
    assert run(["check", root / "alice"], Recorder(), {})[0] == 0


# ---------------------------------------------------------------- grade-class

def test_grade_class_grades_everyone_in_parallel_and_writes_the_gradebook(klass: tuple[Path, Path]) -> None:
    """With --jobs 2, are two learners graded at once by one shared grader, and every file written?"""
    root, out = klass
    barrier = threading.Barrier(2, timeout=10)  # the first two gradings must overlap, or this breaks

    def meet(name: str, number: int) -> None:
        if number <= 2:
            barrier.wait()

    recorder = Recorder(meet)
    code, stdout, err = run(["grade-class", root, "--out", out, "--jobs", "2"], recorder)
    assert code == 0, err
    assert recorder.options == [{"seed": DEFAULT_SEED, "visibility": "all", "isolation": "auto",
                                 "hide": (root.resolve(), out.resolve())}]
    assert sorted(recorder.calls) == ["alice", "bob", "carol"] and len(recorder.threads) == 2
    for learner in ("alice", "bob", "carol"):
        results, report = read_json(out / learner / "results.json"), read_json(out / learner / "report.json")
        assert results["score"] == report["score"] == Report.from_dict(report).score
        assert report["metadata"]["seed_sha256"] == seed_fingerprint(DEFAULT_SEED)
        assert str(DEFAULT_SEED) not in json.dumps(report["metadata"])
        assert report["metadata"]["submission_sha256"] == submission_digest(root / learner)
    assert sorted(p.name for p in out.iterdir()) == ["alice", "bob", "carol", "gradebook.csv", "sandbox.json"]
    assert not list(out.rglob("*.tmp"))
    assert stdout.splitlines()[-1] == "graded 3, skipped 0 up to date, 0 failed to grade"
    assert re.split(r"\s{2,}", stdout.splitlines()[0]) == gradebook.columns()


def test_the_progress_bar_goes_to_stderr_only_for_a_terminal_or_when_asked(klass: tuple[Path, Path]) -> None:
    """Off a terminal, timestamped log lines (none with --no-progress); is the bar drawn on stderr when asked?"""
    root, out = klass
    quiet, log = io.StringIO(), io.StringIO()
    assert cli.run_grade_class(root, out, seed=1, progress=False, grader_factory=Recorder().factory,
                               stdout=io.StringIO(), stderr=quiet, environ={}) == 0
    assert quiet.getvalue() == sandbox_facts("auto")["sentence"] + "\n"   # what the sandbox enforces, always said
    (root / "bob" / "lstm.py").write_text("wrong\n")
    assert cli.run_grade_class(root, out, seed=1, grader_factory=Recorder().factory, stdout=io.StringIO(),
                               stderr=log, environ={}) == 0
    lines = log.getvalue().splitlines()[1:]
    assert len(lines) == 3 and all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line) for line in lines), lines
    assert "grading 1/1: bob graded" in lines[1] and "\r" not in log.getvalue()
    (root / "carol" / "lstm.py").write_text("wrong\n")
    bar = io.StringIO()
    assert cli.run_grade_class(root, out, seed=1, progress=True, grader_factory=Recorder().factory,
                               stdout=io.StringIO(), stderr=bar, environ={}) == 0
    assert "grading" in bar.getvalue() and "1/1" in bar.getvalue()


def test_the_gradebook_has_one_row_per_learner_and_one_column_per_manifest_task(klass: tuple[Path, Path]) -> None:
    """Is gradebook.csv learner, total, max, then "task <id>" per manifest task, rows sorted with the right points?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out, "--jobs", "1"], Recorder())[0] == 0
    header, *rows = read_gradebook(out / "gradebook.csv")
    assert header == ["learner", "total", "max", *(f"task {t.id}" for t in TASKS), "integrity"]
    assert len(TASKS) == 9 and header[-2] == "task 9"
    assert [row[0] for row in rows] == ["alice", "bob", "carol"]
    points = {t.module: str(t.points) for t in TASKS}
    alice = dict(zip(header, rows[0], strict=True))
    assert alice["task 6"] == "0" and alice["task 7"] == "0" and alice["task 1"] == points["data"]
    assert alice["total"] == str(100 - 20 - 10) and alice["max"] == "100"
    bob = dict(zip(header, rows[1], strict=True))
    assert bob["task 8"] == "0" and bob["task 9"] == "0" and bob["total"] == "75"
    assert dict(zip(header, rows[2], strict=True))["total"] == "100"


def test_the_gradebook_columns_follow_the_manifest_given() -> None:
    """Are the task columns derived from the manifest (a different manifest, different columns)?"""
    tasks = parse_tasks('[[task]]\nid = "A"\ntitle = "t"\nmodule = "m"\nfunctions = ["f"]\npoints = 3\n'
                        'visibility = "visible"\n')
    report = Report("x", [CheckResult("c", "A", 3.0, 1.5, Status.PASSED, "")])
    assert gradebook.to_csv({"x": report}, tasks) == "learner,total,max,task A,integrity\nx,1.5,3,1.5,\n"
    assert gradebook.columns() == ["learner", "total", "max", *(t.label for t in load_tasks(ROOT / "tasks.toml")),
                                   "integrity"]


def test_a_second_run_grades_nothing(klass: tuple[Path, Path]) -> None:
    """Does a rerun with nothing changed skip every learner and rewrite an identical gradebook?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out, "--jobs", "2"], Recorder())[0] == 0
    first = (out / "gradebook.csv").read_text()
    (root / "bob" / "__pycache__").mkdir()  # importing a submission leaves caches: not a change
    (root / "bob" / "__pycache__" / "lstm.cpython-311.pyc").write_bytes(b"\0")
    recorder = Recorder()
    code, stdout, _ = run(["grade-class", root, "--out", out, "--jobs", "2"], recorder)
    assert code == 0 and recorder.calls == []
    assert stdout.splitlines()[-1] == "graded 0, skipped 3 up to date, 0 failed to grade"
    assert (out / "gradebook.csv").read_text() == first


@pytest.mark.parametrize("change", ["submission file edited", "submission file added", "report.json deleted",
                                    "report.json half-written", "report.json of another seed"])
def test_a_stale_or_missing_report_is_regraded(klass: tuple[Path, Path], change: str) -> None:
    """Is exactly the learner whose files changed, or whose report.json is gone, corrupt or stale, regraded?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out, "--jobs", "2"], Recorder())[0] == 0
    report_json = out / "alice" / "report.json"
    if change == "submission file edited":
        (root / "alice" / "lstm.py").write_text("ok\n")
    elif change == "submission file added":
        (root / "alice" / "helpers.py").write_text("ok\n")
    elif change == "report.json deleted":
        report_json.unlink()
    elif change == "report.json half-written":
        text = report_json.read_text()
        report_json.write_text(text[: len(text) // 2])
    else:
        data = json.loads(report_json.read_text())
        data["metadata"]["seed_sha256"] = seed_fingerprint(1)
        report_json.write_text(json.dumps(data))
    recorder = Recorder()
    code, stdout, _ = run(["grade-class", root, "--out", out, "--jobs", "2"], recorder)
    assert code == 0 and recorder.calls == ["alice"]
    assert stdout.splitlines()[-1] == "graded 1, skipped 2 up to date, 0 failed to grade"
    expected = 100 - 10 if change == "submission file edited" else 100 - 20 - 10
    assert read_json(report_json)["score"] == read_json(out / "alice" / "results.json")["score"] == expected
    assert read_gradebook(out / "gradebook.csv")[1][:2] == ["alice", str(expected)]


def test_another_seed_regrades_everyone(klass: tuple[Path, Path]) -> None:
    """Does a rerun with another --seed regrade every learner?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out], Recorder())[0] == 0
    recorder = Recorder()
    assert run(["grade-class", root, "--out", out, "--seed", "5"], recorder)[0] == 0
    assert sorted(recorder.calls) == ["alice", "bob", "carol"]


def test_a_deleted_results_json_is_rewritten_without_grading(klass: tuple[Path, Path]) -> None:
    """With report.json up to date but results.json gone, is results.json rebuilt from the report, ungraded?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out], Recorder())[0] == 0
    before = read_json(out / "bob" / "results.json")
    (out / "bob" / "results.json").unlink()
    recorder = Recorder()
    assert run(["grade-class", root, "--out", out], recorder)[0] == 0
    assert recorder.calls == [] and read_json(out / "bob" / "results.json") == before


def make_class(root: Path, learners: int = 5) -> list[str]:
    names = [f"learner{i:02d}" for i in range(learners)]
    for name in names:
        write_submission(root / name)
    return names


def assert_complete_or_absent(out: Path, names: list[str]) -> set[str]:
    """Every learner's files either complete (both parse, scores agree) or report.json absent; finished ones."""
    finished = set()
    for name in names:
        if (out / name / "report.json").exists():
            assert read_json(out / name / "results.json")["score"] == read_json(out / name / "report.json")["score"]
            finished.add(name)
    assert not list(out.rglob("*.tmp"))
    return finished


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interruption_keeps_finished_learners_and_a_rerun_grades_the_rest(tmp_path: Path, jobs: int) -> None:
    """If grading is interrupted at the 3rd learner, are finished files complete, no temp files left, and does
    a rerun grade only the rest?"""
    root, out = tmp_path / "class", tmp_path / "out"
    names = make_class(root)

    def interrupt(name: str, number: int) -> None:
        if number == 3:
            raise KeyboardInterrupt

    first = Recorder(interrupt)
    code, _, err = run(["grade-class", root, "--out", out, "--jobs", jobs], first)
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    finished = assert_complete_or_absent(out, names)
    assert first.calls[2] not in finished and 2 <= len(finished) < len(names)
    assert not (out / "gradebook.csv").exists()
    rerun = Recorder()
    code, stdout, _ = run(["grade-class", root, "--out", out, "--jobs", jobs], rerun)
    assert code == 0
    assert sorted(rerun.calls) == sorted(set(names) - finished)
    assert assert_complete_or_absent(out, names) == set(names)
    assert len(read_gradebook(out / "gradebook.csv")) == 1 + len(names)


def test_sigterm_stops_as_cleanly_as_ctrl_c(tmp_path: Path) -> None:
    """Does SIGTERM during grade-class stop it cleanly (exit 130, files whole), restoring the old handler?"""
    root, out = tmp_path / "class", tmp_path / "out"
    names = make_class(root)
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(name: str, number: int) -> None:
        if number == 2:
            signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)

    code, _, _ = run(["grade-class", root, "--out", out, "--jobs", "1"], Recorder(terminate))
    assert code == 130
    assert signal.getsignal(signal.SIGTERM) == previous
    finished = assert_complete_or_absent(out, names)
    assert 1 <= len(finished) < len(names)
    rerun = Recorder()
    assert run(["grade-class", root, "--out", out], rerun)[0] == 0
    assert sorted(rerun.calls) == sorted(set(names) - finished)


def test_a_grader_exception_for_one_learner_does_not_stop_the_others(klass: tuple[Path, Path]) -> None:
    """If the grader raises on one learner, are the others graded, that one given a score-0 result, and exit 1?"""
    root, out = klass
    assert run(["grade-class", root, "--out", out], Recorder())[0] == 0
    (root / "bob" / "lstm.py").write_text("wrong\n")  # bob must be regraded, and that regrade will fail
    (root / "dave").mkdir()
    write_submission(root / "dave")

    def bug(name: str, number: int) -> None:
        if name == "bob":
            raise RuntimeError("cache corrupted\nsecond line")

    recorder = Recorder(bug)
    code, stdout, err = run(["grade-class", root, "--out", out, "--jobs", "2"], recorder)
    assert code == 1
    assert sorted(recorder.calls) == ["bob", "dave"]
    assert stdout.splitlines()[-1] == "graded 1, skipped 2 up to date, 1 failed to grade"
    assert "error: grading bob failed: RuntimeError: cache corrupted;" in err and "Traceback" not in err
    results = read_json(out / "bob" / "results.json")
    assert results["score"] == 0 and results["max_score"] == 100
    assert "Grading failed" in results["output"] and "RuntimeError: cache corrupted" in results["output"]
    assert not (out / "bob" / "report.json").exists()  # the stale grade is not kept
    assert "Traceback" in (out / "bob" / "grading-error.txt").read_text()
    assert [row[0] for row in read_gradebook(out / "gradebook.csv")[1:]] == ["alice", "carol", "dave"]
    rerun = Recorder()
    assert run(["grade-class", root, "--out", out], rerun)[0] == 0 and rerun.calls == ["bob"]
    assert not (out / "bob" / "grading-error.txt").exists()


def test_something_in_the_way_in_out_fails_that_learner_without_blaming_the_autograder(
        klass: tuple[Path, Path]) -> None:
    """If OUT/<learner> is a file, is that learner reported as not graded with the reason (not as an autograder
    bug with a traceback file that does not exist), and the others graded?"""
    root, out = klass
    out.mkdir()
    (out / "alice").write_text("in the way")
    recorder = Recorder()
    code, stdout, err = run(["grade-class", root, "--out", out, "--seed", "1"], recorder)
    assert code == 1
    assert sorted(recorder.calls) == ["bob", "carol"]
    assert err.splitlines()[1:] == [f"error: could not grade alice: cannot write '{out / 'alice'}' (File exists); "
                                "move what is in the way out of OUT"]
    assert stdout.splitlines()[-1] == "graded 2, skipped 0 up to date, 1 failed to grade"


# ---------------------------------------------------------------- learner folders that are not what they seem

def test_a_symlinked_learner_folder_is_not_followed(klass: tuple[Path, Path], tmp_path: Path) -> None:
    """Is a learner entry that is a symbolic link to a folder (say, the reference solutions) left ungraded with a
    one-line note saying why, and its grade from an earlier run dropped from the gradebook?"""
    root, out = klass
    write_submission(root / "mallory")
    assert run(["grade-class", root, "--out", out, "--seed", "1"], Recorder())[0] == 0
    shutil.rmtree(root / "mallory")
    (root / "mallory").symlink_to(write_submission(tmp_path / "solutions"), target_is_directory=True)
    (root / "link.txt").symlink_to(root / "notes.txt")  # a link to a file is no learner: not mentioned
    recorder = Recorder()
    code, stdout, err = run(["grade-class", root, "--out", out, "--seed", "1"], recorder)
    assert code == 0, err
    assert recorder.calls == []  # the others are up to date; mallory is not graded
    assert err.splitlines()[:-1] == ["note: not grading 'mallory' in ROOT: it is a symbolic link, which the grader "
                                     "does not follow; put a copy of the learner's folder in ROOT instead"]
    assert stdout.splitlines()[-1] == ("graded 0, skipped 3 up to date, 0 failed to grade, "
                                       "ignored 1 entry of ROOT (see the notes)")
    assert [row[0] for row in read_gradebook(out / "gradebook.csv")[1:]] == ["alice", "bob", "carol"]


def test_the_submission_hash_reads_only_top_level_regular_python_files(tmp_path: Path) -> None:
    """Does the submission hash read only the top-level *.py regular files up to 1 MiB (what the sandbox loads),
    never following a symbolic link (not even to /proc/self/mem) nor opening a pipe?"""
    folder = write_submission(tmp_path / "s")
    first = submission_digest(folder)
    (folder / "notes.txt").write_text("not loaded")
    (folder / "sub").mkdir()
    (folder / "sub" / "helpers.py").write_text("not loaded either")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "lstm.cpython-311.pyc").write_bytes(b"\0")
    assert submission_digest(folder) == first
    (folder / "mem.py").symlink_to("/proc/self/mem")  # reading it raises EIO: it must not be read
    with_link = submission_digest(folder)
    assert with_link != first  # what the sandbox will load changed (an ImportError module)
    secret = tmp_path / "secret.py"
    secret.write_text("one")
    (folder / "peek.py").symlink_to(secret)
    before = submission_digest(folder)
    secret.write_text("two")
    assert submission_digest(folder) == before  # the link's target is never read
    os.mkfifo(folder / "pipe.py")  # opening it for reading would block forever
    big = folder / "big.py"
    big.write_bytes(b"a" * (MAX_MODULE_BYTES + 1))
    before = submission_digest(folder)
    big.write_bytes(b"b" * (MAX_MODULE_BYTES + 1))  # the sandbox loads neither: no regrade needed
    assert submission_digest(folder) == before
    (folder / "lstm.py").write_text("wrong\n")
    assert submission_digest(folder) != before


def test_a_learner_whose_files_cannot_be_read_fails_alone(
        klass: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """If reading one learner's files raises OSError, is that learner reported as not graded with the reason (not
    as an autograder bug), its old grade dropped, while the others are graded and the gradebook written?"""
    root, out = klass
    argv = ["grade-class", root, "--out", out, "--seed", "1"]
    assert run(argv, Recorder())[0] == 0
    real_digest = classroom.submission_digest

    def digest(folder: Path) -> str:
        if folder.name == "bob":
            raise PermissionError(13, "Permission denied", str(folder / "lstm.py"))
        return real_digest(folder)

    monkeypatch.setattr(classroom, "submission_digest", digest)
    (root / "alice" / "lstm.py").write_text("ok\n")
    recorder = Recorder()
    code, stdout, err = run(argv, recorder)
    assert code == 1
    assert recorder.calls == ["alice"]
    assert err.splitlines()[1:] == ["error: could not grade bob: cannot read the learner's files (Permission denied)"]
    assert stdout.splitlines()[-1] == "graded 1, skipped 1 up to date, 1 failed to grade"
    assert [row[0] for row in read_gradebook(out / "gradebook.csv")[1:]] == ["alice", "carol"]


@pytest.mark.parametrize("name", ["gradebook.csv", "bo\x1b[2Jb", "new\nline", "back\\slash", "bell\x07",
                                  os.fsdecode(b"n\xffu")])
def test_a_learner_name_that_would_break_out_or_the_terminal_is_skipped_with_a_note(
        klass: tuple[Path, Path], name: str) -> None:
    """Is a learner folder named like an output file (gradebook.csv), or with control characters, a path separator
    or bytes that are not UTF-8, left ungraded with a one-line note (the name escaped), the others graded?"""
    root, out = klass
    write_submission(root / name)
    recorder = Recorder()
    code, stdout, err = run(["grade-class", root, "--out", out, "--seed", "1"], recorder)
    assert code == 0, err
    assert sorted(recorder.calls) == ["alice", "bob", "carol"]
    note, said = err.splitlines()
    assert said.startswith("Sandbox: isolation ")
    assert note.startswith("note: not grading '") and note.endswith("; rename the folder")
    assert all(char.isprintable() for char in note + stdout.replace("\n", ""))
    assert stdout.splitlines()[-1].endswith("ignored 1 entry of ROOT (see the notes)")
    assert (out / "gradebook.csv").is_file() and not (out / name).is_dir()
    assert [row[0] for row in read_gradebook(out / "gradebook.csv")[1:]] == ["alice", "bob", "carol"]


def test_the_terminal_table_and_report_escape_control_characters() -> None:
    """Are control characters in a learner's name or a check's message escaped in the terminal table and summary,
    so that they cannot move the cursor or recolour the instructor's screen?"""
    table = format_table(["learner", "total"], [["bo\x1b[2Jb", "1"], [os.fsdecode(b"n\xffu"), "2"]])
    assert "\x1b" not in table and "bo\\x1b[2Jb" in table
    table.encode("utf-8")  # no undecodable bytes left to crash a UTF-8 stdout
    report = Report("x\x07", [CheckResult("c\x1b", "1", 1.0, 0.0, Status.FAILED, "bad \x1b[31m red")])
    text = format_report(report)
    assert "\x1b" not in text and "\x07" not in text and "bad \\x1b[31m red" in text


def test_a_root_of_symlinks_only_says_why_nothing_can_be_graded(tmp_path: Path) -> None:
    """If every folder of ROOT is a symbolic link, is the one-line error about the links, not just 'no folders'?"""
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ann").symlink_to(write_submission(tmp_path / "elsewhere"), target_is_directory=True)
    code, _, err = run(["grade-class", tmp_path / "class", "--out", tmp_path / "out"], Recorder())
    assert code == 2 and len(err.splitlines()) == 1 and "'ann': it is a symbolic link" in err, err


def test_paths_that_are_not_utf8_do_not_crash_a_strict_utf8_stdout(tmp_path: Path) -> None:
    """With a stdout that refuses undecodable characters, do `grade` and `grade-class` on folders whose names
    are not UTF-8 print escaped paths and exit 0 instead of crashing?"""
    odd = os.fsdecode(b"d\xffd")
    (tmp_path / odd).mkdir()
    sub = write_submission(tmp_path / os.fsdecode(b"s\xffs"))
    write_submission(tmp_path / "class" / "alice")
    for argv in (["grade", sub, "--out", tmp_path / odd / "results.json"],
                 ["grade-class", tmp_path / "class", "--out", tmp_path / odd / "out"]):
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
        err = io.StringIO()
        code = cli.main([str(a) for a in [*argv, "--seed", "1"]], grader_factory=Recorder().factory,
                        stdout=stdout, stderr=err, environ={})
        stdout.flush()
        assert code == 0, err.getvalue()
        assert "\\xff" in raw.getvalue().decode("utf-8")


# ---------------------------------------------------------------- stale verdicts

@pytest.mark.parametrize("change", ["isolation", "code"])
def test_a_rerun_with_another_isolation_or_changed_grader_code_regrades_everyone(
        klass: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """Does a rerun with another --isolation, or after the grader's code or reference changed (code_sha256),
    regrade every learner, the code hashed once per run?"""
    root, out = klass
    argv = ["grade-class", root, "--out", out, "--seed", "1"]
    assert run(argv, Recorder())[0] == 0
    metadata = read_json(out / "alice" / "report.json")["metadata"]
    assert metadata["code_sha256"] == digest.code_digest() and metadata["isolation"] == "auto"
    calls = []
    if change == "isolation":
        argv += ["--isolation", "process"]
    else:
        monkeypatch.setattr(classroom, "code_digest", lambda root=ROOT: calls.append(root) or "0" * 64)
    recorder = Recorder()
    assert run(argv, recorder)[0] == 0
    assert sorted(recorder.calls) == ["alice", "bob", "carol"]
    assert len(calls) == (1 if change == "code" else 0)
    again = Recorder()
    assert run(argv, again)[0] == 0 and again.calls == []


def test_the_code_hash_covers_what_changes_a_grade_and_nothing_else(tmp_path: Path) -> None:
    """Does code_sha256 change when a judge, a builder, the reference or the manifest changes (or a module
    of theirs is added or renamed), and stay the same when a channel, a template, a format or the class
    runner changes?"""
    grading = ["autograder/runtime/judges/values.py", "autograder/runtime/sandbox/worker.py",
               "autograder/expected/checks/recurrent.py", "solutions/lstm.py", "tasks.toml"]
    other = ["autograder/channels/cli.py", "autograder/formats/templates/learner.html.j2",
             "autograder/formats/html.py", "autograder/grading/classroom.py", "kit/release.py",
             "kit/templates/release/README.md.j2", "autograder/runtime/README.md",
             "autograder/runtime/__pycache__/engine.cpython-311.pyc", "exercises/lstm.py", "tests/test_x.py"]
    for name in grading + other:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"# {name}\n")
    base = digest.code_digest(tmp_path)
    for name in other:
        (tmp_path / name).write_text('help="a reworded help string"\n')
        assert digest.code_digest(tmp_path) == base, name
    for name in grading:
        original = (tmp_path / name).read_text()
        (tmp_path / name).write_text(original + "# changed\n")
        assert digest.code_digest(tmp_path) != base, name
        (tmp_path / name).write_text(original)
    assert digest.code_digest(tmp_path) == base
    (tmp_path / "solutions" / "extra.py").write_text("")
    assert digest.code_digest(tmp_path) != base
    (tmp_path / "solutions" / "extra.py").unlink()
    (tmp_path / "solutions" / "lstm.py").rename(tmp_path / "solutions" / "lstm2.py")
    assert digest.code_digest(tmp_path) != base


def test_the_code_hash_and_the_cache_key_ignore_the_channels_of_this_kit() -> None:
    """Does the real digest (and the expected-values cache's key) leave out every channel, format and kit
    module, and take in every runtime and builder module? (on the kit itself, not a scratch copy)"""
    covered = {path.relative_to(ROOT).as_posix() for folder in digest.CODE_FOLDERS
               for path in (ROOT / folder).rglob("*.py")}
    assert "autograder/runtime/judges/values.py" in covered and "autograder/expected/checks/base.py" in covered
    assert not [name for name in covered if name.startswith(("autograder/channels", "autograder/formats",
                                                             "autograder/grading", "kit/"))]


# ---------------------------------------------------------------- the module entry point

def test_python_m_autograder_help_lists_the_commands() -> None:
    """Does `python -m autograder --help` run as a module and list check, grade and grade-class?"""
    done = subprocess.run([sys.executable, "-m", "autograder", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert all(command in done.stdout for command in ("check", "grade", "grade-class"))
    assert done.stdout.startswith("usage: python -m autograder")


def test_the_cli_starts_without_the_similarity_and_picture_libraries() -> None:
    """Every command starts the CLI: copydetect (which imports matplotlib.pyplot, 0.7 s here) and matplotlib load
    only when `similarity` runs or a page draws a picture, never for `check` or `grade`."""
    probe = ("import sys, autograder.channels.cli; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'copydetect', 'matplotlib', 'torch'}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr
