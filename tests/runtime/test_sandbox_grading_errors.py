"""Issue 17 §6-§7: the grader's own failures are grading errors, never a learner's result."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from autograder.grading.classroom import grade_class
from autograder.grading.files import REPORT_FILE
from autograder.grading.grader import Grader
from autograder.runtime.manifest import ROOT
from autograder.runtime.sandbox import SandboxError, staging


def test_no_space_left_while_staging_is_a_grading_error_retried_next_run(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = tmp_path / "class", tmp_path / "out"
    shutil.copytree(ROOT / "solutions", root / "ada", ignore=shutil.ignore_patterns("__pycache__"))
    grader = Grader(isolation="process", tasks=("2",))
    real_stage = staging.stage

    def full_disk(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(staging, "stage", full_disk)
    with pytest.raises(SandboxError, match="No space left"):
        grader.grade(root / "ada")
    summary = grade_class(root, out, grader)
    assert "ada" in summary.failed and "No space left" in summary.failed["ada"]
    assert not (out / "ada" / REPORT_FILE).exists()        # nothing saved as the learner's result
    monkeypatch.setattr(staging, "stage", real_stage)
    again = grade_class(root, out, grader)                 # the next run grades the learner again
    assert again.graded == ["ada"]
    report = again.reports["ada"]
    assert report.score == report.max_score > 0


def test_a_notebook_nested_past_the_parsers_depth_stops_no_one_elses_grading(tmp_path: Path) -> None:
    from autograder.channels.nbgrade import stage

    course = tmp_path / "course"
    shutil.copytree(ROOT / "course" / "source", course / "source")
    assignment = "rnn-lstm"
    notebooks = sorted((course / "source" / assignment).glob("*.ipynb"))
    for learner in ("mallory", "ada"):
        (course / "submitted" / learner / assignment).mkdir(parents=True)
    for notebook in notebooks:
        (course / "submitted" / "mallory" / assignment / notebook.name).write_text("[" * 400_000)
        shutil.copy(notebook, course / "submitted" / "ada" / assignment / notebook.name)
    problems = stage(course, assignment, ["mallory", "ada"], tmp_path / "modules")
    assert set(problems) == {"mallory"} and "RecursionError" in problems["mallory"], problems
    assert any((tmp_path / "modules" / "ada").glob("*.py"))


def test_hidden_checks_run_after_every_visible_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from autograder.runtime import engine

    seen: list[str] = []

    def recording(judge: object) -> object:
        def run(context: object) -> object:
            seen.append(context.check.visibility)  # type: ignore[attr-defined]
            return judge(context)  # type: ignore[operator]
        return run
    monkeypatch.setattr(engine, "JUDGES", {name: recording(judge) for name, judge in engine.JUDGES.items()})
    report = Grader(isolation="process", tasks=("2", "5")).grade(ROOT / "solutions")
    assert report.score == report.max_score
    assert "hidden" in seen and "visible" in seen
    assert seen == sorted(seen, key=lambda visibility: visibility == "hidden"), seen
