"""Grading GitHub Classroom's learner repositories as collected: the release's layout, `.git` included.

A learner's repository is the learner release with the learner's work in ``exercises/``; the
instructor collects them side by side (GitHub Classroom's download, ``gh classroom clone
student-repos``, a ``git clone`` loop) and grades them with the hidden checks. The grader finds
the modules wherever the release put them and never uses the learner's copy of ``selfcheck/`` or
``tests/``. Task 5 only (clipping: eve fails one check), to keep it to a few seconds.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.channels import cli
from autograder.grading.classroom import grade_class
from autograder.grading.grader import DEFAULT_SEED, Grader
from autograder.runtime.engine import locate_modules
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ROOT, load_tasks

EXAMPLES = ROOT / "examples" / "submissions"
MODULES = [task.module for task in load_tasks()]


def _release_repo(repo: Path, learner: str, *, git: bool = False) -> Path:
    """A learner release's layout holding ``learner``'s example modules in exercises/."""
    shutil.copytree(EXAMPLES / learner, repo / "exercises")
    (repo / "selfcheck").mkdir(parents=True)
    (repo / "selfcheck" / "learner.py").write_text("raise SystemExit('the release checker')\n")
    (repo / "tests").mkdir()
    (repo / "tests" / "test_visible.py").write_text("def test_visible(): pass\n")
    (repo / "conftest.py").write_text("pytest_plugins = ['selfcheck.pytest_visible']\n")
    (repo / "README.md").write_text("# my exercises\n")
    if git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        run = {"cwd": repo, "check": True, "capture_output": True}
        subprocess.run(["git", "init", "-q"], **run)
        subprocess.run(["git", "add", "-A"], **run)
        subprocess.run(["git", "-c", "user.name=l", "-c", "user.email=l@x", "commit", "-qm", "work"], **run)
    return repo


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """ada (an edited selfcheck/ holding a full copy of eve's modules), bob (a git repository), eve (a level deeper)."""
    root = tmp_path_factory.mktemp("class")
    ada = _release_repo(root / "ada", "ada")
    for module in EXAMPLES.joinpath("eve").glob("*.py"):   # the learner "fixed" the checker's folder: never graded
        shutil.copy(module, ada / "selfcheck" / module.name)
    _release_repo(root / "bob", "bob", git=True)
    _release_repo(root / "eve" / "rnn-lstm-eve", "eve")
    return root


def test_locate_finds_exercises_in_a_release_repository(klass, tmp_path):
    """exercises/ in a repository, one deeper, never selfcheck/; loose modules stay where they are."""
    assert locate_modules(klass / "ada", MODULES) == klass / "ada" / "exercises"
    assert locate_modules(klass / "bob", MODULES) == klass / "bob" / "exercises"
    assert locate_modules(klass / "eve", MODULES) == klass / "eve" / "rnn-lstm-eve" / "exercises"
    assert locate_modules(EXAMPLES / "ada", MODULES) == EXAMPLES / "ada"
    twice = tmp_path / "twice"
    shutil.copytree(EXAMPLES / "ada", twice / "a")
    shutil.copytree(EXAMPLES / "ada", twice / "b")
    with pytest.raises(SubmissionError, match="more than one folder .'a/', 'b/'.; keep one copy"):
        Grader(seed=DEFAULT_SEED, tasks=("5",)).grade(twice)


@pytest.mark.slow
def test_grade_class_grades_collected_repositories_as_the_loose_modules(klass, tmp_path):
    """Each repository's report equals the grade of the same modules given loose (hidden checks included)."""
    grader = Grader(seed=DEFAULT_SEED, visibility="all", tasks=("5",))
    summary = grade_class(klass, tmp_path / "out", grader, jobs=1)
    assert summary.graded == ["ada", "bob", "eve"] and not summary.failed and not summary.empty, summary
    for learner in ("ada", "bob", "eve"):
        loose = grader.grade(EXAMPLES / learner, learner)
        got = summary.reports[learner]
        assert [(r.name, r.status, r.points) for r in got.results] == \
               [(r.name, r.status, r.points) for r in loose.results], learner
    assert summary.reports["ada"].score == summary.reports["ada"].max_score   # not eve's copy in selfcheck/
    assert summary.reports["eve"].score < summary.reports["eve"].max_score
    again = grade_class(klass, tmp_path / "out", grader, jobs=1)   # the digest is of exercises/: up to date
    assert again.skipped == ["ada", "bob", "eve"] and not again.graded
    (klass / "bob" / "exercises" / "clipping.py").write_text((EXAMPLES / "eve" / "clipping.py").read_text())
    third = grade_class(klass, tmp_path / "out", grader, jobs=1)
    assert third.graded == ["bob"]
    assert third.reports["bob"].score < third.reports["bob"].max_score


def test_the_grade_command_takes_a_repository(klass, tmp_path):
    """`grade REPO --out results.json` grades the repository's exercises/ (eve's, a level deeper)."""
    code = cli.main(["grade", str(klass / "eve"), "--out", str(tmp_path / "results.json"), "--seed", "7"],
                    grader_factory=lambda **options: Grader(**{**options, "tasks": ("5",)}))
    assert code == 0
    text = (tmp_path / "results.json").read_text()
    assert "no exercise module found" not in text and "clip_by_global_norm" in text


def test_collect_clones_a_list_of_repositories_then_updates_them(tmp_path):
    """`python -m kit.collect LIST ROOT` clones local repositories (no network), names learners, pulls on a
    rerun, and reports a bad address in one line while the others are collected."""
    from kit import collect
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    sources = tmp_path / "github"
    for learner in ("ada", "eve"):
        _release_repo(sources / f"rnn-lstm-{learner}", learner, git=True)
    listing = tmp_path / "repositories.txt"
    listing.write_text(f"# the class\nada {sources / 'rnn-lstm-ada'}\n{sources / 'rnn-lstm-eve'}\n"
                       f"zoe {tmp_path / 'nowhere'}\n")
    root = tmp_path / "class"
    assert collect.main([str(listing), str(root)]) == 1
    assert sorted(p.name for p in root.iterdir()) == ["ada", "rnn-lstm-eve"]
    assert locate_modules(root / "ada", MODULES) == root / "ada" / "exercises"
    (sources / "rnn-lstm-ada" / "exercises" / "rnn.py").write_text("# pushed later\n")
    subprocess.run(["git", "-c", "user.name=l", "-c", "user.email=l@x", "commit", "-qam", "later"],
                   cwd=sources / "rnn-lstm-ada", check=True)
    listing.write_text(f"ada {sources / 'rnn-lstm-ada'}\n")
    assert collect.main([str(listing), str(root)]) == 0
    assert (root / "ada" / "exercises" / "rnn.py").read_text() == "# pushed later\n"
    listing.write_text("a b c\n")
    assert collect.main([str(listing), str(root)]) == 2


def test_a_repository_with_two_copies_is_not_graded_with_a_reason(tmp_path):
    """exercises/ and a copy beside it: that learner fails in one line, nothing is guessed; the others are graded."""
    root = tmp_path / "class"
    two = _release_repo(root / "ada", "ada")
    shutil.copytree(two / "exercises", two / "exercises-old")
    _release_repo(root / "eve", "eve")
    summary = grade_class(root, tmp_path / "out", Grader(seed=DEFAULT_SEED, tasks=("5",)), jobs=1)
    assert summary.graded == ["eve"]
    assert summary.failed == {"ada": "the submission holds the exercise modules in more than one folder "
                                     "('exercises/', 'exercises-old/'); keep one copy"}
    assert not (tmp_path / "out" / "ada" / "report.json").exists()
