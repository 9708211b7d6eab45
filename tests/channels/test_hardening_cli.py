"""The instructor's own mistakes of issue 8, tried as a new user would: each refused in one line, nothing lost."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_channels import Recorder, run, write_submission

from autograder.channels import cli
from autograder.expected import selection
from autograder.expected.checks import REGISTRY
from autograder.expected.selection import check_manifest
from autograder.grading.classroom import grade_class
from autograder.grading.grader import Grader
from autograder.runtime.manifest import ManifestError, Task, load_tasks
from autograder.runtime.model import Status

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it


@pytest.fixture(scope="module")
def grader(make_grader) -> Iterator[Grader]:
    """One real grader; its background work (the PyTorch run) ends before the module's tests do."""
    grader = make_grader(isolation="process")
    yield grader
    if grader._prefetch is not None:
        grader._prefetch.join()


def test_out_inside_the_submission_is_refused_and_the_module_kept(tmp_path: Path) -> None:
    sub = write_submission(tmp_path / "sub")
    before = (sub / "clipping.py").read_text()
    for out in (sub / "clipping.py", sub / "results.json"):
        code, _, err = run(["grade", sub, "--out", out], Recorder())
        assert code == 2 and "inside SUBMISSION" in err and err.count("\n") == 1, err
    assert (sub / "clipping.py").read_text() == before and not (sub / "results.json").exists()


def test_a_file_that_is_not_our_results_is_not_overwritten(tmp_path: Path) -> None:
    sub = write_submission(tmp_path / "sub")
    notes = tmp_path / "notes.json"
    notes.write_text('{"my": "notes"}')
    code, _, err = run(["grade", sub, "--out", notes], Recorder())
    assert code == 2 and "not a results file written by the grader" in err
    assert notes.read_text() == '{"my": "notes"}'
    ours = tmp_path / "results.json"
    assert run(["grade", sub, "--out", ours], Recorder())[0] == 0      # control: a fresh path is written
    assert run(["grade", sub, "--out", ours], Recorder())[0] == 0      # and our own file is replaced


def test_grade_given_a_class_folder_suggests_grade_class(tmp_path: Path) -> None:
    root = tmp_path / "class"
    write_submission(root / "ada")
    write_submission(root / "bob")
    code, _, err = run(["grade", root, "--out", tmp_path / "results.json"], Recorder())
    assert code == 2 and "did you mean grade-class?" in err and "ada" in err
    assert not (tmp_path / "results.json").exists()


def test_modules_one_folder_down_are_graded(tmp_path: Path, grader: Grader) -> None:
    """A zip's top folder or a learner release's exercises/ (issue 19): graded where they are."""
    sub = tmp_path / "sub"
    write_submission(sub / "my-work")
    (sub / "__MACOSX").mkdir()
    report = grader.grade(sub)
    assert not report.error and report.submission == "sub"
    assert report.results and all(r.status is not Status.NOT_ATTEMPTED for r in report.results)


def test_macosx_debris_is_not_a_learner(tmp_path: Path) -> None:
    root = tmp_path / "class"
    write_submission(root / "ada")
    write_submission(root / "__MACOSX" / "ada")
    recorder = Recorder()
    code, out, err = run(["grade-class", root, "--out", tmp_path / "out", "--jobs", "1"], recorder)
    assert code == 0 and recorder.calls == ["ada"], (out, err)


@pytest.mark.parametrize("where", ["parent", "itself-contains"])
def test_out_containing_root_is_refused(tmp_path: Path, where: str) -> None:
    root = tmp_path / "course" / "class"
    write_submission(root / "class")         # a learner named like the class folder
    write_submission(root / "ada")
    out = root.parent if where == "parent" else tmp_path
    code, _, err = run(["grade-class", root, "--out", out], Recorder())
    assert code == 2 and "contains ROOT" in err, err
    assert sorted(p.name for p in root.parent.iterdir()) == ["class"]


def test_learners_with_nothing_found_are_counted_apart(tmp_path: Path, grader: Grader) -> None:
    root = tmp_path / "class"
    write_submission(root / "ada")
    (root / "empty").mkdir(parents=True)
    (root / "empty" / "notes.txt").write_text("forgot to upload\n")
    summary = grade_class(root, tmp_path / "out", grader, jobs=1)
    assert summary.empty == ["empty"] and "1 with no exercise module found (scored 0: empty)" in summary.line()


def test_a_task_without_checks_stops_the_grader_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tasks = (*load_tasks(), Task("11", "Attention", "attention", ("attend",), 5, "visible"))
    with pytest.raises(ManifestError, match=r"task 11 \('Attention'\) has no checks"):
        check_manifest(tasks, REGISTRY)
    monkeypatch.setattr(selection, "load_tasks", lambda: tasks)
    err = io.StringIO()
    argv = ["grade", str(write_submission(tmp_path / "sub")), "--out", str(tmp_path / "r.json"), "--seed", "1"]
    code = cli.main(argv, stdout=io.StringIO(), stderr=err, environ={})
    assert code == 2 and err.getvalue().startswith("error: tasks.toml: task 11") and err.getvalue().count("\n") == 1


def test_a_check_naming_an_unknown_task_stops_the_grader_in_one_line() -> None:
    tasks = tuple(t for t in load_tasks() if t.id != "9")
    with pytest.raises(ManifestError, match=r"belongs to task '9', which tasks.toml does not list"):
        check_manifest(tasks, REGISTRY)
