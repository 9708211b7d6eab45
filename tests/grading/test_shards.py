"""A class split over machines: three `grade-class --shard I/3` processes, merged, equal one run byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.grading.shards import Shard, parse_shard, shard_of
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

# Four example learners that fall into all three shards of 3, two in one (asserted below): correct, buggy and a
# cheater.
LEARNERS = ["ada", "bob", "dana", "mallory"]
LEARNER_FILES = ("results.json", "report.json")


def _command(*args: object) -> list[str]:
    return [sys.executable, "-m", "autograder", *map(str, args)]


def test_every_learner_is_in_exactly_one_shard_and_stays_there_when_the_class_grows() -> None:
    """Is the split a partition, and does adding learners leave everyone's shard unchanged?"""
    names = [f"learner-{k}" for k in range(200)]
    before = {name: shard_of(name, 4) for name in names[:100]}
    for name in names:
        assert [k for k in range(1, 5) if Shard(k, 4).holds(name)] == [shard_of(name, 4)]
    assert {name: shard_of(name, 4) for name in names[:100]} == before
    assert set(before.values()) == {1, 2, 3, 4}           # not everyone in one shard
    assert shard_of("ada", 3) == shard_of("ada", 3) and {shard_of(n, 1) for n in names} == {1}


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/3/4", ""])
def test_a_shard_that_is_not_i_of_n_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(SubmissionError, match="is not I/N"):
        parse_shard(text)
    assert parse_shard(" 2/3 ") == Shard(2, 3)


def test_three_shards_in_separate_processes_merge_into_the_single_runs_gradebook(tmp_path: Path) -> None:
    """Graded as 3 shards at once (separate processes) and merged: is the gradebook byte for byte the one a single
    run writes, is every learner's results.json the same, and is each learner graded by exactly one shard?"""
    root = tmp_path / "class"
    for name in LEARNERS:
        shutil.copytree(ROOT / "examples" / "submissions" / name, root / name)
    assert {shard_of(name, 3) for name in LEARNERS} == {1, 2, 3}, "pick learners that cover every shard"
    env = dict(os.environ)     # the suite's course seed ($AUTOGRADER_SEED), whose expected values it computes once
    shards = [subprocess.Popen(_command("grade-class", root, "--out", tmp_path / f"shard{i}", "--jobs", 1,
                                        "--shard", f"{i}/3", "--no-progress"),
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for i in (1, 2, 3)]
    single = subprocess.run(_command("grade-class", root, "--out", tmp_path / "single", "--jobs", 2,
                                     "--no-progress"), cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    for shard in shards:
        stdout, stderr = shard.communicate(timeout=600)
        assert shard.returncode == 0, stderr
    assert single.returncode == 0, single.stderr
    for i in (1, 2, 3):
        graded = sorted(p.parent.name for p in (tmp_path / f"shard{i}").glob("*/report.json"))
        assert graded == sorted(name for name in LEARNERS if shard_of(name, 3) == i)

    merged = subprocess.run(_command("merge", *(tmp_path / f"shard{i}" for i in (1, 2, 3)), "--out",
                                     tmp_path / "merged"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert merged.returncode == 0, merged.stderr
    assert "merged 4 learners from 3 outputs; 0 missing, 0 failed to grade" in merged.stdout
    gradebook = (tmp_path / "single" / "gradebook.csv").read_bytes()
    assert (tmp_path / "merged" / "gradebook.csv").read_bytes() == gradebook
    assert len(gradebook.splitlines()) == 1 + len(LEARNERS)
    for name in LEARNERS:
        for file in LEARNER_FILES:
            shard = tmp_path / f"shard{shard_of(name, 3)}" / name / file
            assert (tmp_path / "merged" / name / file).read_bytes() == shard.read_bytes()

    # a missing shard is reported, with its learners, and the merge exits 1
    partial = subprocess.run(_command("merge", tmp_path / "shard1", tmp_path / "shard3", "--out",
                                      tmp_path / "partial"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert partial.returncode == 1
    missing = sorted(name for name in LEARNERS if shard_of(name, 3) == 2)
    assert "shards 2/3 are not among the outputs merged" in partial.stderr
    assert f"graded by no output: {', '.join(missing)}" in partial.stderr
