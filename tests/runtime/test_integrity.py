"""Integrity flags end to end: mallory's attempts reach report.json, the gradebook and the dashboard, never a page."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from autograder.channels import cli
from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

EXAMPLES = ROOT / "examples" / "submissions"


def test_mallory_is_flagged_for_the_instructor_only_and_ada_is_not(tmp_path, capsys):
    root = tmp_path / "class"
    for name in ("ada", "mallory"):
        shutil.copytree(EXAMPLES / name, root / name)
    out = tmp_path / "out"
    assert cli.main(["grade-class", str(root), "--out", str(out), "--jobs", "2", "--html",
                     "--no-progress"]) == 0
    capsys.readouterr()
    flags = {name: json.loads((out / name / "report.json").read_text())["integrity"] for name in ("ada", "mallory")}
    assert flags["ada"] == []
    kinds = {flag["kind"] for flag in flags["mallory"]}
    assert {"hidden-path", "forced-exit"} <= kinds, kinds
    assert all(flag["check"] and flag["detail"] for flag in flags["mallory"])
    with open(out / "gradebook.csv", newline="") as stream:
        rows = {row["learner"]: row for row in csv.DictReader(stream)}
    assert rows["ada"]["integrity"] == "" and "hidden-path" in rows["mallory"]["integrity"]
    dashboard = (out / "index.html").read_text()
    assert "hidden-path" in dashboard and "mallory" in dashboard
    for name in ("ada", "mallory"):
        page = (out / name / "report.html").read_text()
        assert "hidden-path" not in page and "forced-exit" not in page
