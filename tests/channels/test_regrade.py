"""``grade-class --regrade NAME...``: those learners graded again, the others kept (the fake grader)."""

from __future__ import annotations

from pathlib import Path

from test_channels import Recorder, run, write_submission


def test_regrade_grades_only_the_learners_named(tmp_path: Path) -> None:
    root, out = tmp_path / "class", tmp_path / "out"
    for name in ("alice", "bob", "carol"):
        write_submission(root / name)
    assert run(["grade-class", root, "--out", out, "--seed", 1], Recorder())[0] == 0
    kept = (out / "bob" / "report.json").read_bytes()
    recorder = Recorder()
    code, stdout, err = run(["grade-class", root, "--out", out, "--seed", 1, "--regrade", "alice", "carol"],
                            recorder)
    assert code == 0, err
    assert sorted(recorder.calls) == ["alice", "carol"]
    assert "graded 2, skipped 1 up to date" in stdout
    assert (out / "bob" / "report.json").read_bytes() == kept
    recorder = Recorder()   # without --regrade, nothing is graded again
    assert run(["grade-class", root, "--out", out, "--seed", 1], recorder)[0] == 0 and recorder.calls == []


def test_regrade_of_a_name_not_in_root_is_one_line_before_any_grading(tmp_path: Path) -> None:
    root = tmp_path / "class"
    write_submission(root / "alice")
    recorder = Recorder()
    code, _, err = run(["grade-class", root, "--out", tmp_path / "out", "--regrade", "alcie"], recorder)
    assert code == 2 and "--regrade 'alcie' is not a learner folder of ROOT" in err
    assert len(err.splitlines()) == 1 and recorder.calls == []
