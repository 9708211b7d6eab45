"""The learner release (``make release``): self-contained, without the answers, and in agreement with the kit.

The release is built once into a temporary folder outside the kit, installed there with its own
``make install`` (a venv with numpy and pytest only), and run with its own Python, so that nothing
of the kit (``solutions/``, ``autograder/``, torch) can be imported by it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from packaging.markers import Marker

from autograder.grading.assignments import find_assignment
from autograder.grading.grader import DEFAULT_SEED, Grader
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.model import read_report_file
from kit import release

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

EXAMPLES = ROOT / "examples" / "submissions"
LEARNERS = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """`make release` into a new folder."""
    return release.build(tmp_path_factory.mktemp("dist") / "learner")


@pytest.fixture(scope="module")
def learner_repo(tmp_path_factory, built) -> Path:
    """`make release`, copied outside the kit, then its own `make install`."""
    copy = tmp_path_factory.mktemp("elsewhere") / "my-assignment"
    shutil.copytree(built, copy)
    done = subprocess.run(["make", "install", f"PYTHON={sys.base_prefix}/bin/python3"], cwd=copy,
                          capture_output=True, text=True, env=_clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    return copy


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AUTOGRADER_SEED")}


def _run(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(repo / ".venv" / "bin" / "python"), *args], cwd=repo, capture_output=True,
                          text=True, env={**_clean_env(), **(env or {})}, timeout=300)


def _texts(repo: Path) -> dict[str, str]:
    """Every file of the release as text; the pack's JSON and its string arrays included."""
    texts = {}
    for path in repo.rglob("*"):
        if not path.is_file() or ".venv" in path.parts or "__pycache__" in path.parts:
            continue
        if path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as npz:
                parts = [bytes(npz[n]).decode() for n in ("__meta__", "__tree__")]
                parts += [" ".join(map(str, npz[n].ravel())) for n in npz.files if npz[n].dtype.kind in "US"]
            texts[str(path)] = "\n".join(parts)
        else:
            texts[str(path)] = path.read_text(errors="replace")
    return texts


def _solution_lines() -> set[str]:
    """Every line of 12+ characters of every solution region, hints excluded, and lines the stubs' own
    docstrings and hints state (``rng = np.random.default_rng(seed)``: given to learners by design)."""
    given = "\n".join(p.read_text() for p in (ROOT / "exercises").glob("*.py"))
    lines: set[str] = set()
    for path in (ROOT / "solutions").glob("*.py"):
        inside = False
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped == "### BEGIN SOLUTION":
                inside = True
            elif stripped == "### END SOLUTION":
                inside = False
            elif inside and len(stripped) >= 12 and not stripped.startswith(("# Hint", "#   ")):
                lines.add(stripped)
    return {line for line in lines if line not in given}


def test_no_solution_line_appears_in_the_release(learner_repo):
    """Does no line of any solution region appear in any file shipped, the pack included?"""
    lines = _solution_lines()
    assert len(lines) > 200      # the search is not vacuous
    texts = _texts(learner_repo)
    leaks = [(line, path) for path, text in texts.items() for line in lines if line in text]
    assert not leaks, leaks[:5]


def test_no_kit_tool_reference_or_hidden_check_is_shipped(learner_repo, make_grader):
    """No solutions/, autograder/, kit/ or bench/; no hidden check's name, the grading seed or hidden inputs."""
    shipped = {p.relative_to(learner_repo).parts[0] for p in learner_repo.rglob("*") if ".venv" not in p.parts}
    assert not shipped & {"solutions", "autograder", "kit", "bench", "examples"}
    builders = {"builders.py", "recurrent_mistakes.py", "core.py", "classroom.py", "cli.py"}
    assert not [p for p in (learner_repo / "selfcheck").rglob("*.py") if p.name in builders]
    texts = _texts(learner_repo)
    assert not [path for path, text in texts.items() if "(hidden inputs)" in text or str(DEFAULT_SEED) in text]
    imports = re.compile(r"^(from|import)\s+(solutions|autograder|torch)\b|^\s+(from|import)\s+solutions\b",
                         re.MULTILINE)
    checker = [p for p in texts if p.endswith(".py") and "/exercises/" not in p]
    assert not [path for path in checker if imports.search(texts[path])]
    # the hidden twins' inputs, drawn from the default seed: none of their arrays is in the pack
    grader = make_grader(tasks=("4", "6"))
    hidden = [c for c in grader.checks if c.visibility == "hidden"]
    arrays = [a for c in hidden for case in grader.source.expected(c, grader.seed_of(c), "cases")
              for a in case.args if isinstance(a, np.ndarray) and a.size >= 4 and np.any(a != 0)]
    assert len(arrays) > 20
    with zipfile.ZipFile(learner_repo / "selfcheck" / "pack.npz") as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    assert not [a for a in arrays if a.tobytes()[:64] in blob]


def test_the_shipped_checker_is_a_copy_of_the_runtime_folder(learner_repo):
    """Is selfcheck/ exactly autograder/runtime/ (every file, byte for byte) plus the pack and VERSION?"""
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    shipped, runtime = files(learner_repo / release.NAME), files(release.RUNTIME)
    assert sorted(set(shipped) - set(runtime)) == sorted(release.GENERATED)
    assert {name: shipped[name] for name in runtime} == runtime
    assert "engine.py" in runtime and "sandbox/worker.py" in runtime and "learner.py" in runtime


def test_make_check_runs_outside_the_kit_without_torch(learner_repo):
    """Does `make check` run the visible checks on the stubs (all not attempted) without the kit or torch?"""
    done = subprocess.run(["make", "check"], cwd=learner_repo, capture_output=True, text=True, env=_clean_env())
    assert done.returncode != 0 and "not attempted" in done.stdout, done.stdout + done.stderr
    assert "the rest are hidden until grading" in done.stdout
    probe = _run(learner_repo, "-c", "import sys, selfcheck, selfcheck.learner as l; "
                 "r = l.check(l.Path('exercises'), ['5']); "
                 "print(sorted(m for m in sys.modules "
                 "if m.split('.')[0] in ('torch', 'autograder', 'solutions', 'kit')))")
    assert probe.returncode == 0 and probe.stdout.strip() == "[]", probe.stdout + probe.stderr


def test_the_release_gives_the_kits_verdicts_for_every_example_learner(learner_repo, graded_examples):
    """Verdicts, points and messages of `selfcheck` equal the kit's on all 13 example learners (the visible
    checks of `make grade`'s reports: visible checks run first, so a hidden one cannot change them)."""
    script = ("import json, sys; from pathlib import Path; from selfcheck.learner import check, load; v = load(); "
              "print(json.dumps({n: [[r.name, r.status.value, r.points, r.message] "
              "for r in check(Path(sys.argv[1]) / n, visible=v).results] for n in sys.argv[2:]}))")
    done = _run(learner_repo, "-c", script, str(EXAMPLES), *LEARNERS)
    kit = {learner: [[r.name, r.status.value, r.points, r.message]
                     for r in read_report_file(graded_examples.out / learner / "report.json")[0].results
                     if r.visibility == "visible"] for learner in LEARNERS}
    assert done.returncode == 0, done.stderr
    released = json.loads(done.stdout)
    for learner in LEARNERS:
        assert [_timings_out(row) for row in released[learner]] == [_timings_out(row) for row in kit[learner]], learner


def _timings_out(row: list) -> list:
    """A check's row with the seconds of a timeout's message left out: the limit scales with each process's
    measure of the machine's speed, and how long a call ran is measured (the words must still agree)."""
    name, status, points, message = row
    return [name, status, points, re.sub(r"\d+(\.\d+)? s\b", "N s", message) if status == "timeout" else message]


def test_check_one_task_and_only_failures(learner_repo):
    """`check --task 5` runs task 5 only; `--failed` lists eve's failing clipping check and no passed one."""
    done = _run(learner_repo, "-m", "selfcheck", "check", str(EXAMPLES / "eve"), "--task", "5", "--failed")
    assert done.returncode == 1
    assert "clip_by_global_norm" in done.stdout and "[passed]" not in done.stdout
    assert "task 6" not in done.stdout and "visible checks of task 5:" in done.stdout
    unknown = _run(learner_repo, "-m", "selfcheck", "check", "--task", "11")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "no task 11" in unknown.stderr


def test_pytest_collects_one_item_per_check_with_task_markers(learner_repo):
    """`pytest -m task5` on eve: two items, the global-norm one failing with the check's own message."""
    done = _run(learner_repo, "-m", "pytest", "-m", "task5", "-rf", env={"SELFCHECK_DIR": str(EXAMPLES / "eve")})
    assert "1 failed, 1 passed" in done.stdout, done.stdout + done.stderr
    assert "clip_by_global_norm" in done.stdout and "Likely mistake" in done.stdout
    ada = _run(learner_repo, "-m", "pytest", env={"SELFCHECK_DIR": str(EXAMPLES / "ada")})
    visible = len(Grader(visibility="visible").checks)
    assert f"{visible} passed" in ada.stdout, ada.stdout + ada.stderr


@pytest.mark.parametrize("damage", ["version", "truncated", "missing"])
def test_a_stale_or_damaged_pack_is_refused_in_one_line(learner_repo, tmp_path, damage):
    """A pack from another version, a truncated one, or none: one line on stderr, exit 2."""
    copy = tmp_path / "repo"
    shutil.copytree(learner_repo, copy, ignore=shutil.ignore_patterns(".venv"), symlinks=True)
    os.symlink(learner_repo / ".venv", copy / ".venv")
    packed = copy / "selfcheck" / "pack.npz"
    if damage == "version":
        (copy / "selfcheck" / "VERSION").write_text("0.0.1\n")
    elif damage == "truncated":
        packed.write_bytes(packed.read_bytes()[:1000])
    else:
        packed.unlink()
    done = _run(copy, "-m", "selfcheck", "check")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr


def test_the_classroom_workflow_runs_each_tasks_runner_with_whole_points(learner_repo):
    """The workflow parses; every run step works in the release, its fallback is a valid result, and the
    runners' maxima are the manifest's points (100 in all); the reporter runs even after a failed step."""
    workflow = yaml.safe_load((learner_repo / ".github" / "workflows" / "classroom.yml").read_text())
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    runners = [s for s in steps if s.get("id", "").startswith("task")]
    assert [s["id"] for s in runners] == [f"task{t.id}" for t in load_tasks()]
    reporter = steps[-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in runners]
    assert set(reporter["env"]) == {f"{s['id'].upper()}_RESULTS" for s in runners}
    assert all(s["if"] == "!cancelled()" for s in [*runners, reporter])
    assert any(s.get("run") == "make install" for s in steps)
    points = {t.id: t.points for t in load_tasks()}
    for step in runners:
        command, fallback = step["run"].split("$(")[1].split(")")[0].split(" || echo ")
        command = command.split()
        assert command[:4] == [".venv/bin/python", "-m", "selfcheck", "classroom"]
        assert command[4:] == ["--task", step["id"][4:], "--points", str(points[step["id"][4:]])]
        failed = json.loads(base64.b64decode(fallback))
        assert failed["status"] == "error" and failed["max_score"] == points[step["id"][4:]]
        assert "could not start" in failed["tests"][0]["message"]
        if step["id"] == "task6":      # bob loses part of task 6, not all of it
            done = _run(learner_repo, *command[1:], str(EXAMPLES / "bob"))
            assert done.returncode == 0, done.stderr
            result = json.loads(base64.b64decode(done.stdout.strip()))
            assert 0 < sum(t["score"] for t in result["tests"]) < result["max_score"] == 20
            assert "lstm" in done.stderr and "GitHub Classroom:" in done.stderr   # the step's log: the messages
    assert sum(points.values()) == 100


#: The fields of a runner result and of its tests in GitHub's own autograding-command-grader.
RESULT_FIELDS = {"version", "status", "max_score", "tests"}
TEST_FIELDS = {"name", "status", "score", "message", "test_code", "filename", "line_no", "duration"}


def reporter_totals(results: list[dict]) -> tuple[float, float]:
    """What autograding-grading-reporter v1 records (its "Points X/Y" annotation), summed as its JavaScript
    does: in IEEE doubles, in the runners' order, each runner's max_score (if not 0) and every test's score."""
    total, maximum = 0.0, 0.0
    for result in results:
        if not result["max_score"]:
            continue
        maximum += float(result["max_score"])
        for test in result["tests"]:
            total += float(test["score"])
    return total, maximum


def _expected_points(report_results, task_points: dict[str, int]) -> int:
    """The kit's own count: per task, round half up of points x (weight passed / weight of its visible checks)."""
    from fractions import Fraction
    weights = {c.name: Fraction(str(c.weight)) for c in Grader(visibility="visible").checks}
    total = 0
    for task, points in task_points.items():
        mine = [r for r in report_results if r.task == task]
        passed = sum((weights[r.name] for r in mine if r.status.value == "passed"), Fraction(0))
        share = passed / sum((weights[r.name] for r in mine), Fraction(0))
        total += int(points * share + Fraction(1, 2))
    return total


def test_classroom_results_sum_to_the_selfcheck_grade_as_the_reporter_sums_them(learner_repo, tmp_path, make_grader,
                                                                               graded_examples):
    """Perfect (ada): exactly 100/100. Partial (bob): the selfcheck's Classroom line, to the point (eve's partial
    grade is summed in the end-to-end route below).
    No exercises/ and a crashing module: a valid result from every runner, in GitHub's graders' fields."""
    crashing = tmp_path / "crashing"
    shutil.copytree(EXAMPLES / "ada", crashing)
    (crashing / "rnn.py").write_text("raise SystemExit(3)\n")
    (crashing / "lstm.py").write_text("import os\nos._exit(1)\n")
    folders = {"ada": EXAMPLES / "ada", "bob": EXAMPLES / "bob", "empty": tmp_path / "no-exercises",
               "crashing": crashing}
    script = ("import io, json, sys; from pathlib import Path; from selfcheck import learner; v = learner.load(); "
              "out = {}\n"
              "for name, folder in zip(sys.argv[1::2], sys.argv[2::2]):\n"
              "    runs = [io.StringIO() for t in v.tasks]\n"
              "    [learner.run_classroom(t.id, Path(folder), None, o, io.StringIO()) for t, o in zip(v.tasks, runs)]\n"
              "    check = io.StringIO(); learner.main(['check', folder], stdout=check, stderr=io.StringIO())\n"
              "    out[name] = {'results': [o.getvalue() for o in runs], 'check': check.getvalue()}\n"
              "print(json.dumps(out))")
    done = _run(learner_repo, "-c", script, *[str(x) for pair in folders.items() for x in pair])
    assert done.returncode == 0, done.stderr
    runs = json.loads(done.stdout)
    task_points = {t.id: t.points for t in load_tasks()}
    grader = make_grader(visibility="visible")
    for name, run in runs.items():
        assert all(line.count("\n") == 1 for line in run["results"]), name      # one line each, always
        results = [json.loads(base64.b64decode(line)) for line in run["results"]]
        assert [r["max_score"] for r in results] == list(task_points.values())
        for result in results:
            assert set(result) == RESULT_FIELDS and result["version"] == 1, name
            assert result["status"] in ("pass", "fail", "error")
            assert all(set(t) == TEST_FIELDS and isinstance(t["score"], int) for t in result["tests"]), name
            assert all(t["status"] in ("pass", "fail", "error") for t in result["tests"])
        total, maximum = reporter_totals(results)
        assert maximum == 100.0, name
        if name == "empty":
            assert total == 0.0 and all(r["status"] == "error" for r in results)
            assert "there is no folder" in results[0]["tests"][0]["message"]
            continue
        graded = (read_report_file(graded_examples.out / name / "report.json")[0] if name in LEARNERS
                  else grader.grade(folders[name]))   # the examples' visible checks: as make grade judged them
        expected = _expected_points([r for r in graded.results if r.visibility == "visible"], task_points)
        assert total == float(expected), name
        assert f"GitHub Classroom grade from these checks: {expected}/100 " in run["check"], name
        if name == "ada":
            assert total == maximum == 100.0 and all(r["status"] == "pass" for r in results)
        else:
            assert 0 < total < 100.0, name
    assert {r["status"] for r in map(lambda x: json.loads(base64.b64decode(x)), runs["crashing"]["results"])} \
        >= {"pass", "fail"}


def test_the_classroom_command_always_prints_a_result(learner_repo, tmp_path):
    """A damaged pack or no folder: exit 0, one valid result out of --points with the reason, never a traceback."""
    copy = tmp_path / "repo"
    shutil.copytree(learner_repo, copy, ignore=shutil.ignore_patterns(".venv"), symlinks=True)
    os.symlink(learner_repo / ".venv", copy / ".venv")
    (copy / "selfcheck" / "pack.npz").write_bytes(b"not a pack")
    for folder in ("exercises", str(tmp_path / "missing")):
        done = _run(copy, "-m", "selfcheck", "classroom", "--task", "4", "--points", "15", folder)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        result = json.loads(base64.b64decode(done.stdout))
        assert (result["status"], result["max_score"], result["tests"][0]["score"]) == ("error", 15, 0)
        assert "cannot read the visible checks" in result["tests"][0]["message"]


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=i", "-c", "user.email=i@x", *args], cwd=repo,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_release_updates_a_template_repository_in_place(built, tmp_path):
    """`make release` into a committed template keeps .git and the instructor's files; `git status` shows the change.

    A rebuild from the same kit changes nothing (the pack is not rewritten for its zip dates); a release
    with a changed README, a file dropped and a file added shows exactly those three (and the list of files).
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "template"
    shutil.copytree(built, repo)
    _git(repo, "init", "-q")
    (repo / "NOTES.md").write_text("the instructor's notes\n")
    (repo / ".github" / "workflows" / "extra.yml").write_text("name: extra\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "template")
    head = _git(repo, "rev-parse", "HEAD")
    release.build(repo)                                  # the same kit again
    assert _git(repo, "status", "--porcelain") == ""
    stage = tmp_path / "next"                            # the next release: one edit, one file gone, one new
    shutil.copytree(built, stage)
    (stage / "README.md").write_text((stage / "README.md").read_text() + "\nA new paragraph.\n")
    (stage / "tests" / "test_visible.py").unlink()
    (stage / "selfcheck" / "extra.py").write_text("X = 1\n")
    done = release.update(stage, repo)
    assert (done.written, done.removed, done.kept) == (["README.md", "selfcheck/extra.py"],
                                                       ["tests/test_visible.py"], [])
    status = sorted(_git(repo, "status", "--porcelain", "--untracked-files=all").splitlines())
    assert status == [" D tests/test_visible.py", " M .release-files", " M README.md", "?? selfcheck/extra.py"]
    assert _git(repo, "rev-parse", "HEAD") == head and (repo / "NOTES.md").is_file()
    assert not (repo / "tests").exists()                 # a folder the release emptied goes; .github stays
    assert (repo / ".github" / "workflows" / "extra.yml").is_file()


def test_a_release_never_overwrites_what_it_did_not_write(built, tmp_path):
    """A file of the instructor's in the way, or a release file edited since: refused in one line, nothing
    written; --replace-edited overwrites the edited one."""
    fresh = tmp_path / "from-github"                     # a template made on GitHub: its own README
    (fresh / ".git").mkdir(parents=True)
    (fresh / "README.md").write_text("# my course\n")
    with pytest.raises(SystemExit, match=r"^error: .*README.md is not a file of a previous release; move it"):
        release.update(built, fresh)
    assert sorted(p.name for p in fresh.iterdir()) == [".git", "README.md"]
    repo = tmp_path / "template"
    shutil.copytree(built, repo)
    (repo / ".gitignore").write_text("*.log\n")
    with pytest.raises(SystemExit, match=r"^error: .*\.gitignore was edited since the last release; [^\n]*$"):
        release.update(built, repo)
    assert (repo / ".gitignore").read_text() == "*.log\n"
    release.update(built, repo, replace_edited=True)
    assert (repo / ".gitignore").read_bytes() == (built / ".gitignore").read_bytes()
    mine = tmp_path / "my-readme.md"                     # a link in the release to a file of the instructor's
    mine.write_text("mine\n")
    (repo / "README.md").unlink()
    (repo / "README.md").symlink_to(mine)
    with pytest.raises(SystemExit, match=r"README.md is a symbolic link"):
        release.update(built, repo, replace_edited=True)
    assert mine.read_text() == "mine\n"


#: As on Windows: no resource, no fcntl (importing them raises ImportError), no os.fork, no select.poll (so the
#: portable sandbox runs), and subprocess refuses to pass descriptors to a child.
WINDOWS_LIKE = ("import os, sys, select, subprocess; sys.modules['resource'] = None; sys.modules['fcntl'] = None; "
                "del os.fork, select.poll; popen = subprocess.Popen.__init__\n"
                "def refuse(self, *a, pass_fds=(), **k):\n"
                "    assert not pass_fds, 'pass_fds is not supported on Windows'\n"
                "    popen(self, *a, **k)\n"
                "subprocess.Popen.__init__ = refuse\n"
                "from selfcheck.learner import main; sys.exit(main(['check', sys.argv[1]]))")


def test_the_checker_runs_without_the_posix_only_modules(learner_repo, bob_checked, tmp_path):
    """With resource and fcntl unimportable, os.fork and select.poll gone and no descriptor passed to a child,
    the checker (its portable sandbox) gives bob the same page, word for word (its own TMPDIR: without flock, a
    grader running beside it would take its folders for stale ones)."""
    usual = bob_checked
    windows = _run(learner_repo, "-c", WINDOWS_LIKE, str(EXAMPLES / "bob"),
                   env={"TMPDIR": str(tmp_path), "PYTHONPATH": "."})
    assert windows.returncode == usual.returncode == 1, windows.stderr
    assert windows.stdout == usual.stdout and "[FAILED]" in usual.stdout
    assert "GitHub Classroom grade from these checks: 85/100" in usual.stdout


def _interpreter(version: str) -> Path | None:
    """CPython ``version`` (3.9 ...) from pyenv or PATH, or None."""
    found = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    if found:
        return found[-1]
    on_path = shutil.which(f"python{version}")
    return Path(on_path) if on_path else None


@pytest.fixture(scope="module")
def bob_checked(learner_repo) -> subprocess.CompletedProcess[str]:
    """`selfcheck check` of bob with the release's usual Python (once for every Python compared with it)."""
    return _run(learner_repo, "-m", "selfcheck", "check", str(EXAMPLES / "bob"))


def _pins(version: str) -> tuple[str, ...]:
    """The requirement lines of the release that pip installs on Python ``version`` (their markers evaluated)."""
    lines = [line.split(";") for line in release.requirements()]
    return tuple(pin.strip() for pin, *marker in lines
                 if not marker or Marker(marker[0]).evaluate({"python_version": version}))


def _tried_pythons() -> list[str]:
    """The oldest and the newest Python of each set of pins, but the kit's own: ``learner_repo``'s `make install`
    runs the same two commands (venv, pip install -r requirements.txt) with it, and ``bob_checked``, the check
    compared with, runs there. A version between two tried ones with their pins adds nothing they do not try."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for version in release.PYTHON_VERSIONS:
        groups.setdefault(_pins(version), []).append(version)
    ends = {v for versions in groups.values() for v in (versions[0], versions[-1])}
    return [v for v in release.PYTHON_VERSIONS if v in ends and v != "{}.{}".format(*sys.version_info[:2])]


OTHER_PYTHONS = _tried_pythons()


@pytest.mark.slow
@pytest.mark.parametrize("version", OTHER_PYTHONS)
def test_the_release_installs_and_checks_on_each_python(built, bob_checked, tmp_path, version):
    """The learner README's make-free path (venv, pip install -r requirements.txt, python -m selfcheck check)
    on the CPythons of 3.9-3.13 that ``_tried_pythons`` picks (each set of pins at both ends), when present: bob
    gets the verdicts and points he gets on the kit's Python."""
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"CPython {version} is not installed (pyenv or python{version} on PATH)")
    repo = tmp_path / "repo"
    shutil.copytree(built, repo)
    start = time.perf_counter()
    venv = subprocess.run([str(python), "-m", "venv", str(repo / ".venv")], capture_output=True, text=True)
    assert venv.returncode == 0, venv.stderr
    pip = subprocess.run([str(repo / ".venv" / "bin" / "python"), "-m", "pip", "install", "-q", "-r",
                          "requirements.txt"], cwd=repo, capture_output=True, text=True, env=_clean_env(), timeout=900)
    if pip.returncode != 0:
        pytest.skip(f"pip could not install the requirements for {version} (no network or cache?): "
                    f"{pip.stderr.strip().splitlines()[-1:]}")
    installed = time.perf_counter() - start
    bob = str(EXAMPLES / "bob")
    done = _run(repo, "-m", "selfcheck", "check", bob)
    checked = time.perf_counter() - start - installed
    print(f"\nPython {version}: install {installed:.1f} s, check bob {checked:.1f} s")
    assert done.returncode == 1 and _verdicts(done.stdout) == _verdicts(bob_checked.stdout), \
        done.stdout[-2000:] + done.stderr
    assert "GitHub Classroom grade from these checks: 85/100" in done.stdout


def _verdicts(page: str) -> list[str]:
    """Each check's verdict line, the tasks' and the total points (not the messages: the loss values they
    quote differ in their last digits from Python 3.12 on, whose sum() of floats is compensated)."""
    return [line for line in page.splitlines() if line.lstrip().startswith(("[", "task ", "score", "GitHub"))]


FORGED = '''

# the forger also blinds the checker's own check that its files are the release's (the judging digest)
pack.judging_digest = lambda package: pack.read(PACK, lazy=True)[0]["judging_sha256"]


def run_classroom(task, directory, points, stdout, stderr):   # the learner's own "checker": full marks
    print(encode({"version": 1, "status": "pass", "max_score": points, "tests": [{"name": "all", "status": "pass",
          "score": points, "message": "", "test_code": "", "filename": "", "line_no": 0, "duration": 0}]}),
          file=stdout)
    return 0
'''


def test_the_classroom_route_end_to_end(built, learner_repo, tmp_path, make_grader):
    """A template repository with a commit; three learners' repositories cloned from it (ada correct, eve with
    a mistake, bob with a `selfcheck/` edited to report full marks, its tamper check blinded); their
    Classroom results summed as the
    reporter sums them; then collected side by side and graded with the hidden checks (tasks 5 and 6)."""
    from autograder.grading.classroom import grade_class
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    template = tmp_path / "template"
    shutil.copytree(built, template)
    _git(template, "init", "-q", "-b", "main")
    _git(template, "add", "-A")
    _git(template, "commit", "-qm", "the template")
    release.update(built, template)                     # make release again: .git and the commit are kept
    assert _git(template, "status", "--porcelain") == "" and _git(template, "log", "--oneline").count("\n") == 1
    klass = tmp_path / "class"
    for learner in ("ada", "eve", "bob"):
        repo = klass / learner
        _git(tmp_path, "clone", "-q", str(template), str(repo))
        for module in (EXAMPLES / learner).glob("*.py"):
            shutil.copy(module, repo / "exercises" / module.name)
        if learner == "bob":
            with (repo / "selfcheck" / "learner.py").open("a") as stream:
                stream.write(FORGED)
        _git(repo, "commit", "-qam", "my work")
        os.symlink(learner_repo / ".venv", repo / ".venv")   # the workflow's `make install`
    script = ("import io, sys; from pathlib import Path; from selfcheck import learner; v = learner.load()\n"
              "for t in v.tasks:\n"
              "    out = io.StringIO()\n"
              "    learner.run_classroom(t.id, Path('exercises'), int(t.points), out, io.StringIO())\n"
              "    print(out.getvalue().strip())")
    totals = {}
    for learner in ("ada", "eve", "bob"):              # each repository's own checker, as on GitHub
        done = _run(klass / learner, "-c", script)
        assert done.returncode == 0, done.stderr
        totals[learner] = reporter_totals([json.loads(base64.b64decode(line)) for line in done.stdout.split()])
    assert totals == {"ada": (100.0, 100.0), "eve": (93.0, 100.0), "bob": (100.0, 100.0)}   # bob's is forged
    for learner in ("ada", "eve", "bob"):
        (klass / learner / ".venv").unlink()
    grader = make_grader(tasks=("5", "6"))
    summary = grade_class(klass, tmp_path / "graded", grader, jobs=1)
    assert sorted(summary.graded) == ["ada", "bob", "eve"] and not summary.failed and not summary.empty
    lost = {name: sorted({r.task for r in report.results if r.status.value != "passed"})
            for name, report in summary.reports.items()}
    assert lost == {"ada": [], "eve": ["5"], "bob": ["6"]}      # the hidden checks see bob's LSTM as it is
    assert any(r.visibility == "hidden" for r in summary.reports["ada"].results)


# --- the release of one assignment of a weekly course (make release ASSIGNMENT=week3) ----------------------

@pytest.fixture(scope="module")
def week3(tmp_path_factory) -> Path:
    return release.build(tmp_path_factory.mktemp("dist") / "learner-week3", assignment=find_assignment("week3"))


def _selfcheck(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "selfcheck", "check", *args], cwd=repo, capture_output=True,
                          text=True, env=_clean_env(), timeout=300)


def test_an_assignments_release_ships_no_solution_and_no_hidden_check(week3):
    """The searches of the whole release, on week 3's: no solution line, no hidden check's name or seed."""
    texts = _texts(week3)
    lines = _solution_lines()
    assert not [(line, path) for path, text in texts.items() for line in lines if line in text]
    assert not [path for path, text in texts.items() if "(hidden inputs)" in text or str(DEFAULT_SEED) in text]
    shipped = {p.relative_to(week3).parts[0] for p in week3.rglob("*")}
    assert not shipped & {"solutions", "autograder", "kit", "bench", "examples"}


def test_an_assignments_release_holds_its_stubs_checks_and_the_earlier_modules_it_calls(week3, tmp_path):
    """Week 3: lstm.py and optim.py, and activations.py (week 1's, which lstm.py imports) to replace with the
    learner's own; the visible checks of tasks 6 and 7 only, out of 30 points; --assignment of another week refused."""
    assert sorted(p.name for p in (week3 / "exercises").iterdir()) == ["__init__.py", "activations.py", "lstm.py",
                                                                      "optim.py"]
    assert (week3 / "exercises" / "lstm.py").read_text() == (ROOT / "exercises" / "lstm.py").read_text()
    readme = (week3 / "README.md").read_text()
    assert "Week 3: the LSTM and its optimisers" in readme and "`exercises/activations.py` (task 2)" in readme
    stubs = _selfcheck(week3)
    assert stubs.returncode == 1 and "GitHub Classroom grade from these checks: 0/30" in stubs.stdout
    repo = tmp_path / "mine"
    shutil.copytree(week3, repo)
    for module in ("activations", "lstm", "optim"):     # the learner's own files: ada's
        shutil.copy(EXAMPLES / "ada" / f"{module}.py", repo / "exercises" / f"{module}.py")
    done = _selfcheck(repo, "--assignment", "week3")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "visible checks of task 6, 7: 15 of the 30 points" in done.stdout
    assert "GitHub Classroom grade from these checks: 30/30" in done.stdout
    other = _selfcheck(repo, "--assignment", "week1")
    assert other.returncode == 2 and other.stderr == (
        "error: this release holds no assignment 'week1' (it holds: week3); check the name in your course's "
        "instructions, or leave --assignment out\n")


@pytest.mark.parametrize(("assignment", "release_args", "bundle_args"), [
    ("rnn-lstm", "--out dist/learner", "--out dist/autograder.zip"),
    ("week3", "--out dist/learner-week3 --assignment week3", "--assignment week3 --out dist/autograder-week3.zip"),
])
def test_the_makefile_passes_the_assignment_to_release_and_gradescope(assignment, release_args, bundle_args):
    """make release / make gradescope ASSIGNMENT=A: the whole kit for rnn-lstm (the default), A's own otherwise."""
    def recipe(target: str) -> str:
        done = subprocess.run(["make", "--no-print-directory", "-n", target, f"ASSIGNMENT={assignment}", "SEED=5",
                               "STAMP="], cwd=ROOT, capture_output=True, text=True, timeout=60)   # under make test too
        assert done.returncode == 0, done.stderr
        return " ".join(done.stdout.replace("\\\n", " ").split())
    assert recipe("release").endswith(f"-m kit.release {release_args}")
    assert recipe("gradescope").endswith(bundle_args)
