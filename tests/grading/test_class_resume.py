"""Resuming a real class run killed with SIGKILL: nothing half-written, the rerun grades only what is missing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

LEARNERS = ["ada", "bob", "carl", "eve"]   # killed after two: two are left for the rerun


def _grade_class(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade-class", str(root), "--out", str(out), "--jobs", "1",
         "--no-progress"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def test_a_killed_class_run_resumes_without_half_written_files(tmp_path):
    """After SIGKILL mid-run, is every results.json complete, and does a rerun grade only the rest?"""
    root, out = tmp_path / "class", tmp_path / "out"
    for name in LEARNERS:
        shutil.copytree(ROOT / "examples" / "submissions" / name, root / name)
    run = _grade_class(root, out)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/report.json"))) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    finished = sorted(p.parent.name for p in out.glob("*/report.json"))
    assert 2 <= len(finished) < len(LEARNERS), f"the kill came too late to test anything: {finished}"
    for results in out.glob("*/results.json"):
        json.loads(results.read_text())                 # complete JSON, never a truncated file

    rerun = _grade_class(root, out)
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert f"skipped {len(finished)} up to date" in stdout, stdout
    assert not list(out.glob("*/.*.tmp")), "temporary files of the killed run were left behind"
    gradebook = (out / "gradebook.csv").read_text().splitlines()
    assert sorted(line.split(",")[0] for line in gradebook[1:]) == sorted(LEARNERS)
