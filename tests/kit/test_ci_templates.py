"""The CI templates (ci-templates/): the workflow parses, has a matrix over shards and a merge job that needs it,
and every command they run exists and works: run here, in order, on example submissions."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from autograder.grading.grader import DEFAULT_SEED
from autograder.grading.shards import shard_of
from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

TEMPLATES = ROOT / "ci-templates"
WORKFLOW = TEMPLATES / "github-actions" / "grade-class.yml"
SLURM = TEMPLATES / "slurm"
# Correct, buggy, hostile; with 3 shards one of them is empty (mallory: 1, ada and bob: 3), which must work too.
LEARNERS = ["ada", "bob", "mallory"]
SEED = str(DEFAULT_SEED)    # the course seed given as the secret: the suite's default, whose values it computes once
KNOWN_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/download-artifact",
                 "actions/cache"}


def _kit_copy(tmp_path: Path) -> Path:
    """A checkout as the templates expect it: the kit's .venv (linked) and submissions/ with example learners."""
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / ".venv").symlink_to(ROOT / ".venv")
    for name in LEARNERS:
        shutil.copytree(ROOT / "examples" / "submissions" / name, kit / "submissions" / name)
    return kit


def _warm(folder: Path, values: Path) -> None:
    """The course seed's expected values where the template's prepare writes them, computed already (by the suite:
    prepare's computing is tests/expected/test_cache.py's); its "is up to date" then shows it looked there, for
    that seed."""
    folder.mkdir(mode=0o700)
    shutil.copy(values, folder / values.name)


def _gradebook_learners(path: Path) -> list[str]:
    with path.open(newline="") as handle:
        return [row[0] for row in list(csv.reader(handle))[1:]]


def _expand(script: str, values: dict[str, str]) -> str:
    """``${{ expr }}`` replaced as GitHub would; every expression must be one we know."""
    def value(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        assert expression in values, f"unknown expression in a run step: {expression}"
        return values[expression]
    return re.sub(r"\$\{\{(.*?)\}\}", value, script)


def _steps_run(job: dict, values: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    return [(_expand(step["run"], values), {k: _expand(str(v), values) for k, v in step.get("env", {}).items()})
            for step in job["steps"] if "run" in step]


def test_the_workflow_is_a_matrix_over_shards_with_a_merge_job_and_artifacts() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    prepare, grade, merge = (workflow["jobs"][job] for job in ("prepare", "grade", "merge"))
    shards = grade["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and int(workflow["env"]["SHARDS"]) == len(shards)
    assert grade["strategy"]["fail-fast"] is False and merge["needs"] == "grade" and grade["needs"] == "prepare"
    assert workflow["concurrency"] == {"group": "grade-class-${{ github.ref }}", "cancel-in-progress": False}
    [cached] = [step["with"] for step in grade["steps"] if step.get("uses", "").startswith("actions/cache")]
    assert cached["path"] == "shard-${{ matrix.shard }}"
    assert cached["restore-keys"] == "grade-class-${{ matrix.shard }}-"
    [shared] = [step["with"] for step in prepare["steps"] if step.get("uses", "").startswith("actions/upload")]
    assert shared["name"] == "expected" and shared["retention-days"] == 1
    assert all(job["steps"][1]["with"]["cache"] == "pip" for job in (prepare, grade, merge))
    uses = [step["uses"] for job in (prepare, grade, merge) for step in job["steps"] if "uses" in step]
    assert {use.split("@")[0] for use in uses} <= KNOWN_ACTIONS and all(re.search(r"@v\d+$", u) for u in uses)
    uploads = {step["with"]["name"]: step["with"]["path"] for step in merge["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact")}
    assert uploads == {"gradebook": "graded/gradebook.csv", "reports": "graded"}
    assert [s for s in grade["steps"] if "grade-class" in s.get("run", "")][0]["env"]["AUTOGRADER_SEED"] == \
        "${{ secrets.AUTOGRADER_SEED }}"


def test_the_workflows_commands_grade_the_examples_and_merge(tmp_path: Path, default_seed_file: Path) -> None:
    """Each run step, in order (the matrix's jobs one after another, artifacts moved as download-artifact would):
    exit 0 although bob and mallory fail checks, and the merged gradebook has every learner."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    kit = _kit_copy(tmp_path)
    base_env = {**os.environ, **{k: str(v) for k, v in workflow["env"].items()}}
    assert {shard_of(name, int(base_env["SHARDS"])) for name in LEARNERS} != {1, 2, 3}  # an empty shard, too
    grade = workflow["jobs"]["grade"]
    _warm(kit / "expected", default_seed_file)
    for script, env in _steps_run(workflow["jobs"]["prepare"], {"secrets.AUTOGRADER_SEED": SEED}):
        if script.strip() != "make install":
            done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=kit, env={**base_env, **env},
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
            assert "prepare" not in script or "is up to date" in done.stdout, done.stdout
    prepared = {p.name: p.stat().st_mtime_ns for p in (kit / "expected").iterdir()}
    assert any(name.startswith("expected-") for name in prepared)    # the artifact the shards download
    for shard in grade["strategy"]["matrix"]["shard"]:
        values = {"matrix.shard": str(shard), "secrets.AUTOGRADER_SEED": SEED, "!cancelled()": "true"}
        for script, env in _steps_run(grade, values):
            if script.strip() == "make install":
                continue   # the Makefile's own target, run by every CI of the kit
            done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=kit, env={**base_env, **env},
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
        (kit / "shards").mkdir(exist_ok=True)   # upload-artifact then download-artifact
        shutil.copytree(kit / f"shard-{shard}", kit / "shards" / f"shard-{shard}")
    for script, env in _steps_run(workflow["jobs"]["merge"], {"!cancelled()": "true"}):
        if script.strip() == "make install":
            continue
        done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=kit, env={**base_env, **env},
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        if "merge" in script:   # the empty shard is counted as given, not as merged from
            assert "learners from 2 outputs (1 of the 3 given held none); 0 missing" in done.stdout, done.stdout
    assert _gradebook_learners(kit / "graded" / "gradebook.csv") == sorted(LEARNERS)
    assert (kit / "graded" / "index.html").is_file() and (kit / "graded" / LEARNERS[0] / "report.html").is_file()
    # the shards read prepare's values and had nothing to add to them (a grader that computes writes its cache)
    assert {p.name: p.stat().st_mtime_ns for p in (kit / "expected").iterdir()} == prepared
    assert "install:" in (ROOT / "Makefile").read_text()


def test_the_workflow_fails_when_the_seed_secret_is_missing(tmp_path: Path) -> None:
    """A missing secret is an empty string in Actions: the grading step fails, in one line, before grading."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    base_env = {**{k: v for k, v in os.environ.items() if k != "AUTOGRADER_SEED"},
                **{k: str(v) for k, v in workflow["env"].items()}}
    values = {"matrix.shard": "1", "secrets.AUTOGRADER_SEED": "", "!cancelled()": "true"}
    [(script, env)] = [(s, e) for s, e in _steps_run(workflow["jobs"]["grade"], values) if "grade-class" in s]
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=ROOT, env={**base_env, **env},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "error: no course seed: pass --seed N or set AUTOGRADER_SEED" in done.stderr
    assert "Traceback" not in done.stderr and not list(ROOT.glob("shard-1"))


def test_the_slurm_array_grades_each_shard_and_the_merge_combines_them(tmp_path: Path,
                                                                       default_seed_file: Path) -> None:
    """grade-class.sbatch run as each array task would be (SLURM_ARRAY_TASK_ID, the count from --array), then
    merge.sbatch: the gradebook has every learner; submit.sh chains them with afterany."""
    text = (SLURM / "grade-class.sbatch").read_text()
    first, last = map(int, re.search(r"^#SBATCH --array=(\d+)-(\d+)$", text, re.M).groups())
    assert first == 1
    kit = _kit_copy(tmp_path)
    env = {**os.environ, "SLURM_SUBMIT_DIR": str(kit), "SLURM_CPUS_PER_TASK": "1", "AUTOGRADER_SEED": SEED}
    _warm(kit / "expected-values", default_seed_file)
    done = subprocess.run(["bash", str(SLURM / "prepare.sbatch")], env=env, cwd=kit, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and "is up to date" in done.stdout, done.stdout + done.stderr
    prepared = {p.name: p.stat().st_mtime_ns for p in (kit / "expected-values").iterdir()}
    for task in range(first, last + 1):
        # the first task as older Slurm runs it: SLURM_ARRAY_TASK_MAX, no SLURM_ARRAY_TASK_COUNT
        count = {"SLURM_ARRAY_TASK_MAX": str(last)} if task == first else {"SLURM_ARRAY_TASK_COUNT": str(last)}
        done = subprocess.run(["bash", str(SLURM / "grade-class.sbatch")], env={**env, **count, "SLURM_ARRAY_TASK_ID":
                              str(task)}, cwd=kit, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (kit / "expected-values").iterdir()} == prepared   # read only
    done = subprocess.run(["bash", str(SLURM / "merge.sbatch")], env=env, cwd=kit, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert _gradebook_learners(kit / "graded" / "gradebook.csv") == sorted(LEARNERS)
    assert (kit / "graded" / "index.html").is_file()


def test_submit_queues_the_array_then_the_merge_after_it(tmp_path: Path) -> None:
    """submit.sh with a stand-in sbatch that records its arguments and answers a job id."""
    (tmp_path / "sbatch").write_text('#!/bin/bash\necho "$*" >> "$CALLS"\necho "4242;cluster"\n')
    (tmp_path / "sbatch").chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "CALLS": str(tmp_path / "calls")}
    done = subprocess.run(["bash", str(SLURM / "submit.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    preparing, grading, merging = (tmp_path / "calls").read_text().splitlines()
    assert preparing.endswith(f"{SLURM}/prepare.sbatch") and "--dependency" not in preparing
    assert grading.endswith(f"{SLURM}/grade-class.sbatch") and "--parsable" in grading
    assert "--dependency=afterok:4242 " in grading
    assert "--dependency=afterany:4242 " in merging and merging.endswith(f"{SLURM}/merge.sbatch")


@pytest.mark.parametrize("script", sorted(p.name for p in SLURM.iterdir()))
def test_the_slurm_scripts_are_valid_bash(script: str) -> None:
    done = subprocess.run(["bash", "-n", str(SLURM / script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_slurm_grading_refuses_to_run_without_a_seed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_SEED"}
    done = subprocess.run(["bash", str(SLURM / "grade-class.sbatch")], capture_output=True, text=True,
                          env={**env, "SLURM_SUBMIT_DIR": str(tmp_path), "SLURM_ARRAY_TASK_ID": "1",
                               "SLURM_ARRAY_TASK_COUNT": "2"})
    assert done.returncode != 0 and "set AUTOGRADER_SEED" in done.stderr
