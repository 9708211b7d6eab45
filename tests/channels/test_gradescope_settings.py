"""The Gradescope bundle's settings, without grading: the sandbox's limits (in the bundle's config and as
``grade``/``grade-class`` flags), the bundle's file mode, what an upload without modules is told, and the
top-level visibility that keeps the total unseen before publication. The bundle run end to end is in
test_gradescope.py (slow)."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from autograder.channels import cli
from autograder.channels.commands.grade import run_grade
from autograder.channels.gradescope_entry import (
    UploadError,
    _add_notes,
    _assignment,
    _limits,
    _tasks,
    _write_results,
    find_modules,
    renamed_notes,
)
from autograder.channels.options import assignment_seed, grading_limits, parse_memory
from autograder.runtime.engine import GRADING_LIMITS
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ROOT
from kit import gradescope

EXAMPLES = ROOT / "examples" / "submissions"


@pytest.mark.parametrize(("text", "size"), [("512M", 512 * 1024**2), ("1G", 1024**3), ("768MiB", 768 * 1024**2),
                                           ("1.5GB", 3 * 1024**3 // 2), ("4096", 4096), ("64k", 65536)])
def test_memory_sizes_are_read_in_binary_units(text: str, size: int) -> None:
    assert parse_memory(text) == size


@pytest.mark.parametrize("text", ["", "lots", "0", "-1G", "1T"])
def test_a_memory_that_is_not_a_size_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(SubmissionError, match="is not a size; give e.g. 512M"):
        parse_memory(text)


def test_the_limits_replace_only_what_is_given() -> None:
    assert grading_limits() is None
    limits = grading_limits("256M", submission_seconds=30)
    assert limits is not None and limits.memory_bytes == 256 * 1024**2 and limits.total_seconds == 30
    assert limits.call_seconds == GRADING_LIMITS.call_seconds
    with pytest.raises(SubmissionError, match="--call-seconds must be a positive number"):
        grading_limits(call_seconds=0)


class _Recorder:
    """A grader factory that records its options and stops before grading."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}

    def __call__(self, **options: Any) -> Any:
        self.options = options
        raise SubmissionError("recorded")


@pytest.mark.parametrize("command", ["grade", "grade-class"])
def test_grade_and_grade_class_take_the_limits_as_flags(tmp_path: Path, command: str) -> None:
    recorder = _Recorder()
    args = [command, str(EXAMPLES / "ada") if command == "grade" else str(EXAMPLES),
            "--out", str(tmp_path / ("results.json" if command == "grade" else "out")), "--seed", "5",
            "--memory", "300M", "--call-seconds", "3", "--submission-seconds", "90"]
    assert cli.main(args, grader_factory=recorder, environ={}) == 2
    limits = recorder.options["limits"]
    assert (limits.memory_bytes, limits.call_seconds, limits.total_seconds) == (300 * 1024**2, 3.0, 90.0)
    recorder = _Recorder()
    cli.main(args[:-6], grader_factory=recorder, environ={})
    assert "limits" not in recorder.options      # the grader's own defaults
    errors: list[str] = []

    class Stream:
        def write(self, text: str) -> None:
            errors.append(text)

        def flush(self) -> None:
            pass

    assert cli.main([*args[:-6], "--memory", "plenty"], grader_factory=recorder, environ={}, stderr=Stream()) == 2
    assert "--memory 'plenty' is not a size" in "".join(errors)


def test_the_bundle_holds_its_limits_is_private_and_its_config_reaches_grade(tmp_path: Path) -> None:
    """make gradescope MEMORY=... CALL_SECONDS=... SUBMISSION_SECONDS=...: in gradescope.json, and what the entry
    point passes to grade; the zip (answers and seed inside) readable by its owner only, even over an old 0644."""
    out = tmp_path / "dist" / "autograder.zip"
    out.parent.mkdir()
    out.write_bytes(b"old")
    out.chmod(0o644)
    code = gradescope.main(["--seed", "7", "--out", str(out), "--memory", "384M", "--call-seconds", "5",
                            "--submission-seconds", "200"])
    assert code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o600
    config = json.loads(zipfile.ZipFile(out).read(gradescope.CONFIG_FILE))
    assert config["limits"] == {"memory_bytes": 384 * 1024**2, "call_seconds": 5.0, "submission_seconds": 200.0}
    assert _limits(config) == {"memory": str(384 * 1024**2), "call_seconds": 5.0, "submission_seconds": 200.0}
    defaults = json.loads(zipfile.ZipFile(gradescope.build(tmp_path / "b.zip", seed=7)).read(gradescope.CONFIG_FILE))
    assert defaults["limits"]["memory_bytes"] == 512 * 1024**2        # Gradescope's default container: 768 MB
    assert gradescope.main(["--out", str(tmp_path / "c.zip"), "--memory", "huge"]) == 2


def test_an_assignments_bundle_holds_its_id_and_derived_seed_and_passes_them_to_grade(tmp_path: Path, capsys) -> None:
    """make gradescope ASSIGNMENT=week3: the week's id and seed (an HMAC of the secret), never the secret; the entry
    grades that week's tasks with that seed as given (not derived again); its failure results are out of 30 points;
    an unknown assignment is refused in one line, nothing written."""
    out = gradescope.build(tmp_path / "w3.zip", seed=7, assignment="week3")
    config = json.loads(zipfile.ZipFile(out).read(gradescope.CONFIG_FILE))
    assert config["assignment"] == "week3" and config["seed"] == assignment_seed(7, "week3") != 7
    assert _assignment(config) == {"assignment": "week3", "seed_derived": True}
    assert _assignment({"seed": 7}) == {}
    assert [t.id for t in _tasks(config) or []] == ["6", "7"]
    assert '"max_score": 30.0' in zipfile.ZipFile(out).read("run_autograder").decode()
    assert "course/assignments.toml" in zipfile.ZipFile(out).namelist()
    made: dict[str, Any] = {}

    class Recorder:
        def __init__(self, **options: Any) -> None:
            made.update(options)
            raise SubmissionError("recorded")

    with pytest.raises(SubmissionError, match="recorded"):
        run_grade(ROOT / "examples" / "submissions" / "ada", tmp_path / "r.json", seed=config["seed"],
                  grader_factory=Recorder, **_assignment(config))
    assert made["seed"] == config["seed"] and made["tasks"] == ("6", "7")
    assert gradescope.main(["--seed", "7", "--out", str(tmp_path / "x.zip"), "--assignment", "nope"]) == 2
    assert not (tmp_path / "x.zip").exists()
    assert capsys.readouterr().err.startswith("error: there is no assignment 'nope' in course/assignments.toml; pick")


def test_an_upload_without_modules_says_what_was_found_and_what_was_expected(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for module in ("data", "rnn"):
        (renamed / f"{module} (1).py").write_text("x = 1\n")
    with pytest.raises(UploadError) as caught:
        find_modules(renamed)
    message = str(caught.value)
    assert "'data (1).py', 'rnn (1).py'" in message and "expected data.py, " in message and "lstm.py" in message
    assert "rename it to 'data.py'" in message and "\n" not in message

    zipped = tmp_path / "zipped"
    (zipped / "__MACOSX").mkdir(parents=True)
    with zipfile.ZipFile(zipped / "hw3.zip", "w") as archive:
        archive.writestr("lstm.py", "x = 1\n")
    with pytest.raises(UploadError, match=r"'hw3.zip' is an archive inside your upload, which is not opened"):
        find_modules(zipped)

    (tmp_path / "empty").mkdir()
    with pytest.raises(UploadError, match="your upload is empty; upload your exercise modules"):
        find_modules(tmp_path / "empty")
    assert find_modules(EXAMPLES / "ada") == EXAMPLES / "ada"


def test_results_with_tests_after_publication_hide_the_total_until_then(tmp_path: Path) -> None:
    """Gradescope shows the top-level score at once unless the result says otherwise: with a hidden check
    (after_published), the result is after_published as a whole; the visible tests keep their own 'visible'."""
    results = tmp_path / "results.json"
    tests = [{"name": "a", "score": 1, "max_score": 1, "visibility": "visible"},
             {"name": "b", "score": 0, "max_score": 1, "visibility": "after_published"}]
    _write_results(results, {"score": 1, "tests": tests})
    written = json.loads(results.read_text())
    assert written["visibility"] == "after_published" and written["stdout_visibility"] == "hidden"
    assert written["tests"][0]["visibility"] == "visible"
    _write_results(results, {"score": 0, "output": "Your submission could not be graded: ...", "tests": []})
    assert "visibility" not in json.loads(results.read_text())    # a refusal is shown at once


def test_a_renamed_module_beside_graded_ones_is_named_in_the_output(tmp_path: Path) -> None:
    """Modules found, but lstm.py uploaded as 'lstm (1).py': graded without it, and the output says why."""
    for module in ("data", "rnn"):
        (tmp_path / f"{module}.py").write_text("x = 1\n")
    (tmp_path / "lstm (1).py").write_text("x = 1\n")
    (tmp_path / "rnn-2.py").write_text("x = 1\n")          # rnn.py is there: this copy is nothing to say
    assert find_modules(tmp_path) == tmp_path
    note = ("Note: 'lstm (1).py' was not graded: its name should be 'lstm.py' (a browser may have renamed it); "
            "rename it and upload again.")
    assert renamed_notes(tmp_path) == {"lstm": note}
    results = {"output": "Visible checks: 3 / 50", "tests": [
        {"number": "6.1", "visibility": "visible", "output": "not attempted"},
        {"number": "6.2", "visibility": "after_published", "output": "not attempted"},
        {"number": "4.1", "visibility": "visible", "output": "passed"}]}
    _add_notes(results, renamed_notes(tmp_path))
    assert results["output"].startswith(note) and results["tests"][0]["output"] == f"{note}\n\nnot attempted"
    assert [t["output"] for t in results["tests"][1:]] == ["not attempted", "passed"]
