"""Tests of the generator that turns solutions/ into learner stubs, the README task table and the
docs/isolation.md isolation table.

They use small inline solutions and manifests (parsed with autograder.runtime.manifest.parse_tasks) in a
temporary kit root, never the real solutions/, so they test the generator alone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.runtime.manifest import ROOT, parse_tasks
from kit.generate import expected_outputs, main, render_header
from kit.markers import MarkerError, parse_solution
from kit.readme import ISOLATION_DOC, ISOLATION_SOURCE, isolation_table, render_table, splice
from kit.stubs import make_stub


def src(text: str) -> str:
    """Source text written indented in this file, dedented, without the leading newline."""
    return textwrap.dedent(text).lstrip("\n")


MANIFEST = src('''
    [[task]]
    id = "2"
    title = "Activations"
    module = "act"
    functions = ["softmax", "relu"]
    points = 10
    visibility = "visible"

    [[task]]
    id = "3"
    title = "Orthogonal | initialisation"
    module = "initialisation"
    functions = ["orthogonal"]
    points = 5
    visibility = "visible"

    [[task]]
    id = "7"
    title = "Optimisers"
    module = "optim"
    functions = ["Adam.step"]
    points = 15
    visibility = "hidden"
''')
TASKS = parse_tasks(MANIFEST)

ACT = src('''
    """Activations."""

    import numpy as np


    def helper(x: np.ndarray) -> np.ndarray:
        """Given to the learner: doubles ``x``."""
        return x * 2  # a given comment


    def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
        """Stable softmax along ``axis``; same shape as ``x``."""
        ### BEGIN SOLUTION
        # Hint: subtract the row maximum before exponentiating;
        #   exp(x - max) never overflows.
        shifted = x - x.max(axis=axis, keepdims=True)
        # a comment of the solution, not of the hint
        e = np.exp(shifted)
        return e / e.sum(axis=axis, keepdims=True)
        ### END SOLUTION


    def relu(x: np.ndarray) -> np.ndarray:
        """max(x, 0), elementwise."""
        ### BEGIN SOLUTION
        # Hint: np.maximum.
        return np.maximum(x, 0)
        ### END SOLUTION
''')

ACT_STUB = src('''
    """Activations."""

    import numpy as np


    def helper(x: np.ndarray) -> np.ndarray:
        """Given to the learner: doubles ``x``."""
        return x * 2  # a given comment


    def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
        """Stable softmax along ``axis``; same shape as ``x``."""
        # Hint: subtract the row maximum before exponentiating;
        #   exp(x - max) never overflows.
        raise NotImplementedError("task 2: softmax")


    def relu(x: np.ndarray) -> np.ndarray:
        """max(x, 0), elementwise."""
        # Hint: np.maximum.
        raise NotImplementedError("task 2: relu")
''')

OPTIM = src('''
    """Optimisers."""

    import numpy as np


    class Adam:
        """Adam."""

        def __init__(self, lr: float = 1e-3) -> None:
            self.lr = lr

        def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
            """Update ``params`` in place."""
            if params:
                ### BEGIN SOLUTION
                # Hint: one update per parameter.
                for p, g in zip(params, grads, strict=True):
                    p -= self.lr * g
                ### END SOLUTION
            self.done = True
''')

INITIALISATION = src('''
    """Initialisation."""

    import numpy as np


    def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        """A random matrix with orthonormal columns."""
        ### BEGIN SOLUTION
        # Hint: the Q of a QR decomposition of a Gaussian matrix.
        q, r = np.linalg.qr(rng.standard_normal(shape))
        return q * np.sign(np.diag(r))
        ### END SOLUTION
''')

GIVEN = '"""Given code, no regions."""\n\nVALUE = 1\n'
README = "# Kit\n\nIntro.\n\n<!-- BEGIN TASK TABLE -->\nold table\n<!-- END TASK TABLE -->\n\nThe end.\n"


def make_root(tmp_path: Path) -> Path:
    """A fake kit root: manifest, solutions (plus files to ignore), README and a learner file."""
    (tmp_path / "solutions" / "sub").mkdir(parents=True)
    (tmp_path / "exercises").mkdir()
    (tmp_path / "tasks.toml").write_text(MANIFEST)
    for name, text in [("act.py", ACT), ("optim.py", OPTIM), ("initialisation.py", INITIALISATION),
                       ("given.py", GIVEN), ("__init__.py", "")]:
        (tmp_path / "solutions" / name).write_text(text)
    (tmp_path / "solutions" / "notes.txt").write_text("not python\n")
    (tmp_path / "solutions" / "sub" / "deep.py").write_text("X = 1\n")
    (tmp_path / "exercises" / "mine.py").write_text("# a learner's own file\n")
    (tmp_path / "README.md").write_text(README)
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- stubs -------------------------------------------------------------------------------------


def test_region_becomes_stub():
    """Does a solution with regions become exactly the expected stub text?"""
    assert make_stub(ACT, "act", TASKS, "solutions/act.py") == ACT_STUB


def test_hint_is_the_leading_run_of_comments():
    """Are all the region's leading comment lines kept as the hint, and no later comment?"""
    (softmax, _) = parse_solution(ACT, "solutions/act.py").regions
    assert softmax.hint == (
        "    # Hint: subtract the row maximum before exponentiating;",
        "    #   exp(x - max) never overflows.",
    )
    assert "a comment of the solution" not in make_stub(ACT, "act", TASKS, "solutions/act.py")


def test_file_without_regions_is_unchanged():
    """Is a solution file without regions copied unchanged?"""
    assert make_stub(GIVEN, "given", TASKS, "solutions/given.py") == GIVEN


def test_given_code_outside_regions_is_untouched():
    """Is every line outside the regions copied character for character, in order?"""
    solution = parse_solution(ACT, "solutions/act.py")
    lines = ACT.splitlines()
    inside = {n for r in solution.regions for n in range(r.begin, r.end + 1)}
    outside = [line for n, line in enumerate(lines, start=1) if n not in inside]
    stub = make_stub(ACT, "act", TASKS, "solutions/act.py").splitlines()
    kept = [line for line in stub if "Hint:" not in line and "exp(x - max)" not in line
            and "NotImplementedError" not in line]
    assert kept == outside


def test_method_is_named_class_dot_method():
    """Is a region in a method named `Class.method`, with the raise at the marker's indentation?"""
    (region,) = parse_solution(OPTIM, "solutions/optim.py").regions
    assert region.function == "Adam.step"
    stub = make_stub(OPTIM, "optim", TASKS, "solutions/optim.py")
    assert '            # Hint: one update per parameter.\n' \
           '            raise NotImplementedError("task 7: Adam.step")\n' \
           '        self.done = True\n' in stub


def test_message_names_the_task_id_from_the_manifest():
    """Does the NotImplementedError message take its task id from the manifest, not a fixed one?"""
    renumbered = parse_tasks(MANIFEST.replace('id = "2"', 'id = "12"'))
    stub = make_stub(ACT, "act", renumbered, "solutions/act.py")
    assert 'raise NotImplementedError("task 12: softmax")' in stub
    assert "task 2:" not in stub


def test_stub_raises_when_executed():
    """Does executing the stub raise NotImplementedError naming the task, while given code runs?"""
    namespace: dict = {}
    exec(compile(make_stub(ACT, "act", TASKS, "solutions/act.py"), "exercises/act.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match=r"^task 2: softmax$"):
        namespace["softmax"](np.zeros((2, 3)))
    assert np.array_equal(namespace["helper"](np.ones(2)), np.full(2, 2.0))
    exec(compile(make_stub(OPTIM, "optim", TASKS, "solutions/optim.py"), "exercises/optim.py", "exec"),
         namespace)
    with pytest.raises(NotImplementedError, match=r"^task 7: Adam\.step$"):
        namespace["Adam"]().step([np.zeros(2)], [np.ones(2)])


def test_region_followed_by_more_code_still_generates():
    """Is a region followed by more code in its function still turned into a valid stub?"""
    stub = make_stub(OPTIM, "optim", TASKS, "solutions/optim.py")
    compile(stub, "exercises/optim.py", "exec")
    assert "self.done = True" in stub and "zip(params" not in stub


def test_markers_are_matched_on_the_stripped_line_and_crlf_is_normalised():
    """Are markers with trailing spaces recognised, and CRLF input generated like LF input?"""
    spaced = ACT.replace("### BEGIN SOLUTION\n", "### BEGIN SOLUTION   \n")
    assert make_stub(spaced, "act", TASKS, "solutions/act.py") == ACT_STUB
    assert make_stub(ACT.replace("\n", "\r\n"), "act", TASKS, "solutions/act.py") == ACT_STUB


# --- malformed regions ----------------------------------------------------------------------------

MALFORMED = {
    "unclosed": ('''
        def softmax(x):
            """Doc."""
            ### BEGIN SOLUTION
            # Hint: h.
            return x
        ''', 3, "never closed"),
    "nested": ('''
        def softmax(x):
            ### BEGIN SOLUTION
            # Hint: h.
            ### BEGIN SOLUTION
            return x
            ### END SOLUTION
        ''', 4, "nested"),
    "stray END": ('''
        def softmax(x):
            return x
            ### END SOLUTION
        ''', 3, "without a ### BEGIN SOLUTION"),
    "module level": ('''
        import numpy as np

        ### BEGIN SOLUTION
        # Hint: h.
        X = np.zeros(3)
        ### END SOLUTION
        ''', 3, "module level"),
    "module level after a function": ('''
        def softmax(x):
            return x


        ### BEGIN SOLUTION
        # Hint: h.
        X = 1
        ### END SOLUTION
        ''', 5, "module level"),
    "region spilling out of its function": ('''
        def softmax(x):
            return x

            ### BEGIN SOLUTION
            # Hint: h.
        X = 1
            ### END SOLUTION
        ''', 7, "not in `softmax`"),
    "class body": ('''
        class Adam:
            """Doc."""

            ### BEGIN SOLUTION
            # Hint: h.
            lr = 0.1
            ### END SOLUTION
        ''', 4, "class `Adam`"),
    "two regions in one function": ('''
        def softmax(x):
            ### BEGIN SOLUTION
            # Hint: h.
            y = x
            ### END SOLUTION
            ### BEGIN SOLUTION
            # Hint: h.
            return y
            ### END SOLUTION
        ''', 6, "already has a solution region (line 2)"),
    "no hint": ('''
        def softmax(x):
            ### BEGIN SOLUTION
            return x
            ### END SOLUTION
        ''', 2, "no hint"),
    "comment before the hint": ('''
        def softmax(x):
            ### BEGIN SOLUTION
            # compute it
            # Hint: h.
            return x
            ### END SOLUTION
        ''', 2, "no hint"),
    "END indented differently": ('''
        def softmax(x):
            if x:
                ### BEGIN SOLUTION
                # Hint: h.
                return x
            ### END SOLUTION
        ''', 6, "indented differently"),
    "END in another function": ('''
        def softmax(x):
            ### BEGIN SOLUTION
            # Hint: h.
            return x


        def relu(x):
            ### END SOLUTION
            return x
        ''', 8, "not in `softmax`"),
    "misspelt marker": ('''
        def softmax(x):
            ## BEGIN SOLUTION
            # Hint: h.
            return x
        ''', 2, "looks like a solution marker"),
    "not Python": ('''
        def softmax(x):
            return x +
        ''', 2, "not valid Python"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_region_is_an_error_at_its_line(case):
    """Is each malformed region an error naming the file and the right line?"""
    text, line, words = MALFORMED[case]
    with pytest.raises(MarkerError) as raised:
        make_stub(src(text), "act", TASKS, "solutions/act.py")
    assert (raised.value.path, raised.value.line) == ("solutions/act.py", line), str(raised.value)
    assert words in raised.value.message
    assert str(raised.value).startswith(f"solutions/act.py:{line}: ")


def test_region_not_in_the_manifest_is_an_error():
    """Is a region in a function the manifest does not list an error naming it and tasks.toml?"""
    text = ACT + src('''


        def gelu(x):
            """Doc."""
            ### BEGIN SOLUTION
            # Hint: h.
            return x
            ### END SOLUTION
        ''')
    line = text.splitlines().index("def gelu(x):") + 3
    with pytest.raises(MarkerError) as raised:
        make_stub(text, "act", TASKS, "solutions/act.py")
    assert raised.value.line == line
    assert "`gelu`" in raised.value.message and "tasks.toml" in raised.value.message
    assert "remove the region" in raised.value.message


def test_manifest_function_without_region_is_an_error():
    """Is a function the manifest lists but the solution leaves without a region an error at its def?"""
    text = ACT.replace("    ### BEGIN SOLUTION\n    # Hint: np.maximum.\n", "").replace(
        "    return np.maximum(x, 0)\n    ### END SOLUTION\n", "    return np.maximum(x, 0)\n")
    with pytest.raises(MarkerError) as raised:
        make_stub(text, "act", TASKS, "solutions/act.py")
    assert raised.value.line == text.splitlines().index("def relu(x: np.ndarray) -> np.ndarray:") + 1
    message = raised.value.message
    assert "`relu`" in message and "task 2" in message and "solutions/act.py" in message
    assert "tasks.toml" in message and "has no solution region" in message


def test_manifest_function_missing_from_the_module_is_an_error():
    """Is a manifest function the module does not define an error that says so?"""
    with pytest.raises(MarkerError, match="defines no such function") as raised:
        make_stub(GIVEN, "initialisation", TASKS, "solutions/initialisation.py")
    assert raised.value.line == 1 and "`orthogonal`" in raised.value.message


def test_regions_in_a_module_the_manifest_does_not_name_are_an_error():
    """Are regions in a module no task names an error (they would get no task id)?"""
    with pytest.raises(MarkerError, match="lists no task with module \"extra\""):
        make_stub(ACT, "extra", TASKS, "solutions/extra.py")


# --- README task table ----------------------------------------------------------------------------

TABLE = (
    "| Task | What you build | Module | Functions | Points | Visibility |\n"
    "|-----:|----------------|--------|-----------|-------:|------------|\n"
    "| 2 | Activations | [`exercises/act.py`](exercises/act.py) | `softmax`, `relu` | 10 | visible |\n"
    "| 3 | Orthogonal \\| initialisation | [`exercises/initialisation.py`](exercises/initialisation.py)"
    " | `orthogonal` | 5 | visible |\n"
    "| 7 | Optimisers | [`exercises/optim.py`](exercises/optim.py) | `Adam.step` | 15 | hidden |\n"
    "| | **Total: 3 tasks** | | | **30** | |\n"
)


def test_table_renders_every_task_and_the_total():
    """Is the task table one row per manifest task (pipes escaped) plus the total row?"""
    assert render_table(TASKS) == TABLE


def test_splice_replaces_only_between_the_markers_and_round_trips():
    """Does splicing replace only the text between the markers, and is it idempotent and reversible?"""
    once = splice(README, TABLE)
    assert once == ("# Kit\n\nIntro.\n\n<!-- BEGIN TASK TABLE -->\n\n" + TABLE
                    + "\n<!-- END TASK TABLE -->\n\nThe end.\n")
    assert splice(once, TABLE) == once
    assert splice(splice(once, "| other |\n"), TABLE) == once


@pytest.mark.parametrize("readme, line, words", [
    ("# Kit\n", 1, "no `<!-- BEGIN TASK TABLE -->` line"),
    ("# Kit\n<!-- BEGIN TASK TABLE -->\n", 2, "no `<!-- END TASK TABLE -->` line"),
    ("# Kit\n<!-- END TASK TABLE -->\n<!-- BEGIN TASK TABLE -->\n", 2, "comes before"),
    ("<!-- BEGIN TASK TABLE -->\n<!-- END TASK TABLE -->\n<!-- BEGIN TASK TABLE -->\n", 3, "more than once"),
])
def test_splice_without_proper_markers_is_an_error(readme, line, words):
    """Is a README without exactly one pair of markers, in order, an error saying to add them?"""
    with pytest.raises(MarkerError) as raised:
        splice(readme, TABLE)
    assert (raised.value.path, raised.value.line) == ("README.md", line)
    assert words in raised.value.message and "add the two lines" in raised.value.message


# --- the generator and its CLI ---------------------------------------------------------------------


def test_expected_outputs_cover_exactly_the_top_level_solution_files(tmp_path):
    """Is one exercise expected per top-level solutions/*.py, plus the README, each with its header?"""
    root = make_root(tmp_path)
    outputs = expected_outputs(root)
    assert sorted(p.relative_to(root).as_posix() for p in outputs) == [
        "README.md", "exercises/__init__.py", "exercises/act.py", "exercises/given.py",
        "exercises/initialisation.py", "exercises/optim.py",
    ]
    assert outputs[root / "exercises" / "act.py"] == render_header("solutions/act.py", True) + ACT_STUB
    assert outputs[root / "exercises" / "given.py"] == render_header("solutions/given.py", False) + GIVEN
    assert outputs[root / "README.md"] == splice(README, TABLE)
    assert expected_outputs(root) == outputs  # deterministic


def test_header_names_the_source_and_tells_learners_what_to_do():
    """Does the header name its solution file and tell learners to replace the raises (or not)?"""
    header = render_header("solutions/lstm.py", True)
    assert header.startswith("# Learners: this is your file. Replace each `raise NotImplementedError(...)`")
    assert "# (Generated from solutions/lstm.py by `make exercises`" in header.splitlines()[1]
    assert "Replace" not in render_header("solutions/data.py", False)
    assert all(line.startswith("# ") for line in header.splitlines())


def test_check_reports_stale_files_and_writes_nothing(tmp_path, capsys):
    """Does --check exit 1 listing every stale file, without writing anything?"""
    root = make_root(tmp_path)
    before = snapshot(root)
    assert main(["--check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    for name in ["exercises/act.py", "exercises/optim.py", "exercises/given.py", "README.md"]:
        assert f"stale: {name}\n" in out
    assert snapshot(root) == before


def test_generate_writes_then_check_is_clean_and_spots_an_edit(tmp_path, capsys):
    """Does generating write the expected files, leave others alone, and --check then catch one edit?"""
    root = make_root(tmp_path)
    assert main(["--root", str(root)]) == 0
    for path, text in expected_outputs(root).items():
        assert path.read_text() == text
    assert (root / "exercises" / "mine.py").read_text() == "# a learner's own file\n"
    assert not (root / "exercises" / "sub").exists() and not (root / "exercises" / "notes.txt").exists()
    assert main(["--check", "--root", str(root)]) == 0
    (root / "exercises" / "optim.py").write_text("edited\n")
    capsys.readouterr()
    assert main(["--check", "--root", str(root)]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if line.startswith("stale:")] == [
        "stale: exercises/optim.py"]


def test_cli_error_is_one_line_with_file_and_line_and_writes_nothing(tmp_path, capsys):
    """Does a malformed solution make the CLI print one `error: file:line:` line, exit 2 and write nothing?"""
    root = make_root(tmp_path)
    (root / "solutions" / "act.py").write_text(ACT.replace("    # Hint: np.maximum.\n", ""))
    before = snapshot(root)
    assert main(["--root", str(root)]) == 2
    err = capsys.readouterr().err
    line = ACT.splitlines().index("    # Hint: np.maximum.")  # the line before it: relu's BEGIN
    assert err.startswith(f"error: solutions/act.py:{line}: ") and err.count("\n") == 1
    assert snapshot(root) == before


def test_missing_solution_module_is_an_error_at_its_manifest_line(tmp_path):
    """Is a manifest module with no solutions/ file an error at its `module =` line in tasks.toml?"""
    root = make_root(tmp_path)
    (root / "solutions" / "optim.py").unlink()
    with pytest.raises(MarkerError, match="solutions/optim.py does not exist") as raised:
        expected_outputs(root)
    assert raised.value.path == "tasks.toml"
    assert raised.value.line == MANIFEST.splitlines().index('module = "optim"') + 1


def test_missing_readme_is_an_error_saying_what_to_add(tmp_path):
    """Is a missing README.md an error that says to create it with the marker lines?"""
    root = make_root(tmp_path)
    (root / "README.md").unlink()
    with pytest.raises(MarkerError, match="<!-- BEGIN TASK TABLE -->") as raised:
        expected_outputs(root)
    assert raised.value.path == "README.md"


ISOLATION = src('''
    """What each platform enforces.

    | guarantee | strict | loose |
    |---|---|---|
    | sockets | none | none (1) |

    1. a note.
    """
''')
ISOLATION_PAGE = "# Isolation\n\nProse.\n\n<!-- BEGIN ISOLATION TABLE -->\nold\n<!-- END ISOLATION TABLE -->\n\nMore.\n"


def make_root_with_isolation(tmp_path: Path) -> Path:
    """make_root, plus the sandbox's isolation docstring and docs/isolation.md with its markers."""
    root = make_root(tmp_path)
    (root / ISOLATION_SOURCE).parent.mkdir(parents=True)
    (root / ISOLATION_SOURCE).write_text(ISOLATION)
    (root / "docs").mkdir()
    (root / ISOLATION_DOC).write_text(ISOLATION_PAGE)
    return root


def test_isolation_table_is_spliced_into_docs_isolation_md_not_the_readme(tmp_path, capsys):
    """Does the isolation table (from the sandbox's docstring) go into docs/isolation.md only, and does
    --check name that page once it is edited?"""
    root = make_root_with_isolation(tmp_path)
    table = "| guarantee | strict | loose |\n|---|---|---|\n| sockets | none | none (1) |\n\n1. a note.\n"
    assert isolation_table(root) == table
    outputs = expected_outputs(root)
    assert outputs[root / ISOLATION_DOC] == splice(ISOLATION_PAGE, table, name="ISOLATION TABLE")
    assert "| sockets | none |" in outputs[root / ISOLATION_DOC]
    assert outputs[root / "README.md"] == splice(README, TABLE)    # the README gets the task table only
    assert main(["--root", str(root)]) == 0
    assert (root / ISOLATION_DOC).read_text() == outputs[root / ISOLATION_DOC]
    (root / ISOLATION_DOC).write_text(outputs[root / ISOLATION_DOC].replace("| none (1) |", "| some |"))
    capsys.readouterr()
    assert main(["--check", "--root", str(root)]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if line.startswith("stale:")] == [
        f"stale: {ISOLATION_DOC}"]


def test_missing_isolation_page_is_an_error_saying_what_to_add(tmp_path):
    """Is a missing docs/isolation.md (with the sandbox's docstring present) an error naming its markers?"""
    root = make_root_with_isolation(tmp_path)
    (root / ISOLATION_DOC).unlink()
    with pytest.raises(MarkerError, match="<!-- BEGIN ISOLATION TABLE -->") as raised:
        expected_outputs(root)
    assert raised.value.path == ISOLATION_DOC


@pytest.mark.slow
def test_cli_runs_as_a_module_without_traceback(tmp_path):
    """Does `python -m kit.generate --check` run, and report a manifest fault without a traceback?"""
    root = make_root(tmp_path)
    command = [sys.executable, "-m", "kit.generate", "--check", "--root", str(root)]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, text=True).returncode == 1
    (root / "tasks.toml").write_text(MANIFEST.replace("points = 5", 'points = "five"'))
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    line = MANIFEST.splitlines().index("[[task]]", 1) + 1  # the second task's header
    assert result.stderr.startswith(f"error: tasks.toml:{line}: task #2: field 'points'")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_generated_stubs_are_ruff_clean(tmp_path):
    """Are stubs of ruff-clean solutions ruff-clean too (header line length included)?"""
    pytest.importorskip("ruff")
    root = make_root(tmp_path)
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml")]
    solutions = subprocess.run([*command, str(root / "solutions")], capture_output=True, text=True)
    assert solutions.returncode == 0, solutions.stdout  # the precondition: clean input
    assert main(["--root", str(root)]) == 0
    exercises = subprocess.run([*command, str(root / "exercises")], capture_output=True, text=True)
    assert exercises.returncode == 0, exercises.stdout
