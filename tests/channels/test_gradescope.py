"""`make gradescope`'s bundle, run as Gradescope runs it: run_autograder against a folder laid out like
/autograder (GRADESCOPE_ROOT), with a correct, a buggy and a hostile submission; each results.json is
checked against Gradescope's specification (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from autograder.channels.gradescope_entry import UploadError, find_modules
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.sandbox import isolation_support
from kit import gradescope

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

SEED = 918273645          # distinctive: it must appear in no learner-facing output
EXAMPLES = ROOT / "examples" / "submissions"
VISIBILITIES = ["hidden", "after_due_date", "after_published", "visible"]
TEST_SCHEMA = {
    "type": "object",
    "required": ["name", "score", "max_score", "status", "output", "visibility"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "number": {"type": "string"},
        "score": {"type": "number", "minimum": 0},
        "max_score": {"type": "number", "exclusiveMinimum": 0},
        "status": {"enum": ["passed", "failed"]},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": VISIBILITIES},
        "tags": {"type": "array", "items": {"type": "string"}},
        "extra_data": {"type": "object"},
    },
    "additionalProperties": False,
}
RESULTS_SCHEMA = {
    "type": "object",
    "required": ["score", "max_score", "output", "tests", "stdout_visibility"],
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "max_score": {"type": "number"},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": VISIBILITIES},
        "stdout_visibility": {"enum": VISIBILITIES},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST_SCHEMA},
    },
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gradescope.build(tmp_path_factory.mktemp("dist") / "autograder.zip", seed=SEED)


@pytest.fixture(scope="module")
def gradescope_root(bundle: Path) -> Iterator[Path]:
    """/autograder as Gradescope builds it: the zip extracted into source/, run_autograder copied up.

    Open to other users like /autograder (pytest's own temporary folders are not): what keeps the
    seed from learner code must be its file's mode, not a closed folder above it.
    """
    root = Path(tempfile.mkdtemp(prefix="gradescope-"))
    root.chmod(0o755)
    try:
        _extract(bundle, root)
        (root / "source" / "gradescope.json").chmod(0o644)   # as unzip may leave it: setup must close it
        env = {**os.environ, "GRADESCOPE_ROOT": str(root)}
        env.pop("AUTOGRADER_SEED", None)
        setup = subprocess.run([sys.executable, "-m", "autograder.channels.gradescope_entry", "setup"],
                               cwd=root / "source", env=env, capture_output=True, text=True,
                               timeout=600)   # setup.sh's last step
        assert setup.returncode == 0, setup.stdout + setup.stderr
        yield root
    finally:
        shutil.rmtree(root)


def _extract(bundle: Path, root: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for info in zipfile.ZipFile(bundle).infolist():   # extractall drops the modes; Gradescope keeps them
        os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    return root


def test_the_bundle_has_the_scripts_at_its_root_and_the_kit_without_tests_or_examples(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        config = json.loads(archive.read("gradescope.json"))
        scripts = {name: archive.read(name).decode() for name in gradescope.SCRIPTS}
    for name in gradescope.SCRIPTS:
        assert (infos[name].external_attr >> 16) & 0o777 == 0o755
        assert scripts[name].startswith("#!/usr/bin/env bash\n")
    assert scripts == gradescope.render_scripts()          # one source: the templates
    assert config == {"seed": SEED, "isolation": "auto", "limits": gradescope.bundle_limits()}
    for needed in ("pyproject.toml", "constraints.txt", "tasks.toml", "autograder/channels/cli.py", "solutions/lstm.py",
                   "exercises/lstm.py", "autograder/runtime/manifest.py", "autograder/channels/gradescope_entry.py"):
        assert needed in infos, needed
    assert not [name for name in infos if name.split("/")[0] in ("tests", "examples", "bench", ".venv", ".git")
                or "__pycache__" in name or name.startswith("/") or ".." in name.split("/")]
    assert f"torch=={gradescope.torch_pin()}" in scripts["setup.sh"] and "download.pytorch.org/whl/cpu" in \
        scripts["setup.sh"]
    assert gradescope.build(bundle.with_name("again.zip"), seed=SEED).read_bytes() == bundle.read_bytes()


@pytest.mark.parametrize("script", gradescope.SCRIPTS)
def test_the_scripts_are_valid_bash(bundle: Path, tmp_path: Path, script: str) -> None:
    with zipfile.ZipFile(bundle) as archive:
        (tmp_path / script).write_bytes(archive.read(script))
    checked = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def _upload(root: Path, learner: str, layout: str) -> None:
    """The learner's files in ROOT/submission: loose, or as Gradescope extracts a zip of a folder."""
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    target = submission if layout == "loose" else submission / f"{learner}-hw3"
    shutil.copytree(EXAMPLES / learner, target)
    if layout == "zip with a top folder":
        (submission / "__MACOSX").mkdir()
        (submission / "__MACOSX" / "lstm.py").write_text("junk that macOS adds to zips\n")


def _run_autograder(root: Path) -> tuple[dict, str]:
    env = {**os.environ, "GRADESCOPE_ROOT": str(root), "GRADESCOPE_PYTHON": sys.executable}
    env.pop("AUTOGRADER_SEED", None)
    done = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (root / "results" / "results.json").read_text()
    results = json.loads(text)
    jsonschema.validate(results, RESULTS_SCHEMA)
    return results, text + done.stdout


@pytest.mark.parametrize(("learner", "layout"), [
    ("ada", "loose"), ("bob", "zip with a top folder"), ("mallory", "loose"),
])
def test_run_autograder_grades_each_submission_into_a_valid_results_json(
        gradescope_root: Path, learner: str, layout: str) -> None:
    """Correct, buggy, hostile: is results.json valid for Gradescope, scored right, hidden checks after_published,
    the log hidden from learners, and graded from the bundle (its own kit and seed)?"""
    _upload(gradescope_root, learner, layout)
    results, text = _run_autograder(gradescope_root)
    total = sum(task.points for task in load_tasks())
    assert results["max_score"] == total and results["stdout_visibility"] == "hidden"
    tests = results["tests"]
    assert len(tests) > 40 and sum(t["max_score"] for t in tests) == pytest.approx(total)
    assert results["score"] == pytest.approx(sum(t["score"] for t in tests))
    hidden = [t for t in tests if "(hidden inputs)" in t["name"]]
    assert hidden and {t["visibility"] for t in hidden} == {"after_published"}
    assert {t["visibility"] for t in tests if t not in hidden} <= {"visible", "after_published"}
    assert str(SEED) not in (gradescope_root / "results" / "results.json").read_text()
    if learner == "ada":
        assert results["score"] == pytest.approx(total) and all(t["status"] == "passed" for t in tests)
    elif learner == "bob":
        assert 0 < results["score"] < total and "activated-derivative" in text
        assert "bob-hw3" in text       # the folder inside the zip was found and graded
    else:
        assert results["score"] < total / 2
    if isolation_support()["namespace"]:     # root here, as on Gradescope: learner code ran as another uid
        assert "(isolation: namespace+user;" in text
    assert f"expected values: {gradescope_root / 'cache'})" in text     # filled by setup, read here


def test_learner_code_cannot_read_the_bundles_seed(gradescope_root: Path) -> None:
    """A submission whose data.py fails to import if it can read gradescope.json (the seed): as root with
    namespaces (Gradescope's case), learner code runs as another uid and task 1 keeps its points."""
    if not isolation_support()["namespace"]:
        pytest.skip("namespace isolation unavailable here (needs root on Linux): learner code runs as the grader")
    _upload(gradescope_root, "ada", "loose")
    config = gradescope_root / "source" / "gradescope.json"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    data = gradescope_root / "submission" / "data.py"
    probe = (f"try:\n    open({str(config)!r}).read()\nexcept OSError:\n    pass\n"
             "else:\n    raise ImportError('the seed was readable')\n")
    data.write_text(data.read_text() + "\n" + probe)
    results, _ = _run_autograder(gradescope_root)
    task1 = [t for t in results["tests"] if t["number"].startswith("1.")]
    assert task1 and all(t["status"] == "passed" for t in task1), [t["output"] for t in task1][:1]


def test_a_grader_that_cannot_start_still_leaves_a_valid_results_json(gradescope_root: Path) -> None:
    """run_autograder with a Python that fails at once: its fallback results.json, valid, score 0, saying why."""
    _upload(gradescope_root, "ada", "loose")
    env = {**os.environ, "GRADESCOPE_ROOT": str(gradescope_root), "GRADESCOPE_PYTHON": "false"}
    done = subprocess.run([str(gradescope_root / "run_autograder")], cwd=gradescope_root, env=env,
                          capture_output=True, text=True, timeout=60)
    results = json.loads((gradescope_root / "results" / "results.json").read_text())
    jsonschema.validate(results, RESULTS_SCHEMA)
    assert done.returncode != 0 and results["score"] == 0 and "not a fault of your code" in results["output"]


def test_an_upload_with_two_copies_of_the_modules_is_refused_with_a_message(tmp_path: Path) -> None:
    for name in ("v1", "v2"):
        shutil.copytree(EXAMPLES / "ada", tmp_path / "up" / name)
    with pytest.raises(UploadError, match="more than one folder"):
        find_modules(tmp_path / "up")
    (tmp_path / "up" / "v2" / "lstm.py").unlink()        # fewer modules: v1 wins
    assert find_modules(tmp_path / "up") == tmp_path / "up" / "v1"
    (tmp_path / "empty" / "notes").mkdir(parents=True)    # nothing to grade: refused, saying so
    with pytest.raises(UploadError, match="your upload is empty"):
        find_modules(tmp_path / "empty")


def test_setup_makes_the_seed_and_the_cache_root_only(gradescope_root: Path) -> None:
    """setup.sh's last step (run by the fixture): gradescope.json 0600 and the expected values for the bundle's
    seed computed into ROOT/cache, 0700 (learner code runs as another uid and can read neither)."""
    assert stat.S_IMODE((gradescope_root / "source" / "gradescope.json").stat().st_mode) == 0o600
    cache = gradescope_root / "cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and any(cache.iterdir())


def test_the_docs_local_recipe_works_as_typed_with_relative_paths(gradescope_root: Path) -> None:
    """docs/gradescope.md's command, run from the kit's folder as typed, X a relative path: run_autograder makes the
    paths absolute before it changes directory (it used to fail: '.venv/bin/python: No such file or directory')."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    if not venv_python.exists():
        pytest.skip(f"{venv_python} is missing: run `make install`")
    docs = (ROOT / "docs" / "gradescope.md").read_text()
    command = next(line for line in docs.splitlines() if line.startswith("GRADESCOPE_ROOT=X "))
    assert command == "GRADESCOPE_ROOT=X GRADESCOPE_PYTHON=.venv/bin/python X/source/run_autograder"
    relative = os.path.relpath(gradescope_root, ROOT)
    _upload(gradescope_root, "ada", "loose")
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_SEED", "GRADESCOPE_ROOT", "GRADESCOPE_PYTHON")}
    done = subprocess.run(["bash", "-c", command.replace("X", shlex.quote(relative))], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((gradescope_root / "results" / "results.json").read_text())
    jsonschema.validate(results, RESULTS_SCHEMA)
    assert results["score"] == pytest.approx(sum(task.points for task in load_tasks()))
    assert results["visibility"] == "after_published"     # the total unseen until the grades are published


RUNAWAY = """

def _runaway():
    hoard = []
    while True:                        # 64 MiB at a time, every page written, until the limit stops it
        hoard.append(b"x" * (64 * 1024 * 1024))


def build_vocab(sequences, max_size=None):
    _runaway()
"""


def test_a_submission_allocating_past_the_bundles_memory_limit_gets_our_message(gradescope_root: Path) -> None:
    """The bundle's default limit (make gradescope MEMORY=..., 512 MiB for Gradescope's 768 MB container): a
    build_vocab that allocates without end is stopped by the sandbox and its checks say so; run_autograder
    finishes with a valid results.json, every other task graded, and no process of it grew past 768 MB."""
    _upload(gradescope_root, "ada", "loose")
    data = gradescope_root / "submission" / "data.py"
    data.write_text(data.read_text() + RUNAWAY)
    env = {**os.environ, "GRADESCOPE_ROOT": str(gradescope_root), "GRADESCOPE_PYTHON": sys.executable}
    env.pop("AUTOGRADER_SEED", None)
    process = subprocess.Popen([str(gradescope_root / "run_autograder")], cwd=gradescope_root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    while process.poll() is None:          # what the container holds: every process of the tree, resident
        peak = max(peak, _tree_resident_bytes(process.pid))
        time.sleep(0.02)
    log = process.stdout.read() if process.stdout else ""
    assert process.returncode == 0, log
    peak_mib = peak / 1024**2
    print(f"run_autograder's processes together held at most {peak_mib:.0f} MiB resident")
    results = json.loads((gradescope_root / "results" / "results.json").read_text())
    jsonschema.validate(results, RESULTS_SCHEMA)
    vocab = [t for t in results["tests"] if "build_vocab" in t["name"]]
    memory_limit = gradescope.bundle_limits()["memory_bytes"]
    assert vocab and all(t["status"] == "failed" for t in vocab)
    assert any("MemoryError (data.py, line" in t["output"] and
               f"your code may use {memory_limit // 1024**2} MiB of memory in all" in t["output"] for t in vocab), \
        [t["output"] for t in vocab][:1]
    lstm = [t for t in results["tests"] if t["number"].startswith("6.")]
    assert lstm and all(t["status"] == "passed" for t in lstm)        # the rest graded as usual
    # the runaway grew to the limit (its MemoryError above); sampled every 20 ms, the tree's peak is seen only
    # roughly (190-210 MiB here, a worker's start near 130 MiB among it), but never past the container's 768 MB
    assert 50 < peak_mib < 768


def _tree_resident_bytes(root: int) -> int:
    """The resident memory of ``root`` and every process below it, from /proc (0 for those gone meanwhile)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grown = {root}, True
    while grown:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grown = bool(below)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def test_a_bundle_without_the_courses_seed_is_refused_and_nothing_written(tmp_path: Path, monkeypatch, capsys) -> None:
    """`make gradescope` without SEED or AUTOGRADER_SEED: exit 2, one line saying what to set, no zip (the kit's
    default seed is public: a bundle on it would let anyone with the kit reproduce the hidden inputs)."""
    monkeypatch.delenv("AUTOGRADER_SEED", raising=False)
    out = tmp_path / "dist" / "autograder.zip"
    assert gradescope.main(["--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no course seed: pass --seed N or set AUTOGRADER_SEED" in err
    assert not out.exists() and not out.parent.exists()
