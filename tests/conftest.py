"""Shared fixtures of the test suite.

- ``rng``: a seeded ``np.random.Generator`` (STYLE.md: no global random state), fresh per test,
  so that every test draws the same numbers whatever runs before it.
- ``expected_values_cache`` (session, automatic): one folder of expected values shared by every test of
  the run, all pytest-xdist workers and every CLI process a test starts ($AUTOGRADER_CACHE): each seed's
  expected values are computed once per run instead of once per Grader (tests/expected/test_cache.py checks that
  a warm grade equals a cold one, and unsets it to test the cold path).
- ``make_grader``: a Grader reading that folder, which it fills the first time (one process per seed computes
  it, the others wait: ``autograder.expected.cache.claim``).
- ``graders``: ``graders(**options)``, make_grader's grader for those options, made once per module.
- ``default_seed_file``: that folder's file of the default seed (the seed of the CLI processes tests start), full.
- ``graded_examples`` (session): the example class graded once per run by the Makefile's own `make grade`
  recipe (its output folder and what it printed), read by every test about the examples' grades.
- ``torch_float64``: runs a test with torch's default dtype set to float64 and torch's global
  random state seeded and forked (``nn.LSTM`` and ``nn.RNN`` draw their initial weights from it),
  then restores both. Tests that compare against PyTorch use it, so that a tensor or module
  created without an explicit dtype is still float64, and a module's random initial weights are
  the same on every run.

The repository root goes on ``sys.path`` so that ``solutions`` imports without an install;
``tests/`` itself is already there (pytest's rootdir-relative conftest import), which makes the
helpers ``oracles`` and ``gradcheck`` importable from the test modules.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest
import torch
from filelock import FileLock  # (a dependency of torch)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20240611

CACHE_ENV = "AUTOGRADER_CACHE"


@pytest.fixture(scope="session", autouse=True)
def expected_values_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's shared expected-values folder, in $AUTOGRADER_CACHE for the CLI processes tests start."""
    base = tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")       # set in pytest-xdist's workers, whose temp folders
    folder = (base.parent if worker else base) / "expected-values"   # share a parent

    with FileLock(f"{folder}.lock"):
        folder.mkdir(mode=0o700, exist_ok=True)
    os.environ[CACHE_ENV] = str(folder)
    # the course seed of the CLI processes tests start: the kit's public default, given as a demo gives it (the
    # grading commands refuse to run without one); the same seed as a Grader's default, so the cache serves both
    from autograder.channels.options import SEED_ENV
    from autograder.grading.grader import DEFAULT_SEED

    mine = os.environ.get(SEED_ENV)
    os.environ[SEED_ENV] = str(DEFAULT_SEED)
    yield folder
    os.environ.pop(CACHE_ENV, None)
    os.environ.pop(SEED_ENV, None)
    if mine is not None:
        os.environ[SEED_ENV] = mine


@pytest.fixture(scope="session")
def make_grader(expected_values_cache: Path) -> Callable[..., Any]:
    """``make_grader(**options)``: a Grader whose expected values come from the run's shared folder."""
    from autograder.grading.grader import Grader

    def make(**options: Any) -> Grader:
        grader = Grader(cache=expected_values_cache, **options)
        grader.save_cache()   # what the folder lacks, computed once per seed by all workers and processes (a claim)
        return grader

    return make


@pytest.fixture(scope="module")
def graders(make_grader: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """``graders(**options)``: ``make_grader(**options)``'s grader, made once per module for those options (from
    any thread); their background work is waited for at the module's end."""
    made: dict[tuple[tuple[str, Any], ...], Any] = {}
    lock = threading.Lock()

    def grader(**options: Any) -> Any:
        key = tuple(sorted(options.items()))
        with lock:
            if key not in made:
                made[key] = make_grader(**options)
            return made[key]

    yield grader
    for each in made.values():
        if each._prefetch is not None:
            each._prefetch.join()


@pytest.fixture(scope="session")
def default_seed_file(make_grader: Callable[..., Any], expected_values_cache: Path) -> Path:
    """The shared folder's file of the default seed, holding every check's expected values (computed once per run):
    a template test copies it where its own `prepare` looks, so that the prepare finds it up to date."""
    from autograder.expected.cache import path_for
    from autograder.grading.grader import DEFAULT_SEED

    make_grader()
    return path_for(expected_values_cache, DEFAULT_SEED)


def make_grade_argv() -> list[str]:
    """The arguments of `python -m autograder` in the Makefile's `grade` recipe."""
    recipe = re.search(r"^grade:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe, "the Makefile has no `grade:` target with a one-line recipe"
    words = shlex.split(recipe.group(1))
    assert words[1:3] == ["-m", "autograder"], recipe.group(1)
    return words[3:]


class GradedClass(NamedTuple):
    out: Path               # the recipe's --out, in a temporary folder: <learner>/report.json ...
    stdout: list[str]       # what it printed, that folder's path taken out


@pytest.fixture(scope="session")
def graded_examples(expected_values_cache: Path) -> GradedClass:
    """`make grade`'s command run once for the whole run (every worker reads the same result)."""
    shared = expected_values_cache.parent
    argv = make_grade_argv()
    out = shared / argv[argv.index("--out") + 1]
    argv[argv.index("--out") + 1] = str(out)
    printed = shared / "make-grade.stdout"
    with FileLock(f"{printed}.lock"):
        if not printed.exists():
            env = {key: value for key, value in os.environ.items() if key != "AUTOGRADER_SEED"}
            done = subprocess.run([sys.executable, "-m", "autograder", *argv], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, done.stderr[-2000:]
            printed.write_text(done.stdout.replace(f"{shared}{os.sep}", ""))
    return GradedClass(out, printed.read_text().splitlines())


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, seeded NumPy generator."""
    return np.random.default_rng(SEED)


@pytest.fixture
def torch_float64() -> Iterator[None]:
    """torch's default dtype is float64 and its global generator seeded, for this test only."""
    previous = torch.get_default_dtype()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        torch.set_default_dtype(torch.float64)
        try:
            yield
        finally:
            torch.set_default_dtype(previous)


#: The files that take longest, longest first (seconds of one worker under `make test`, measured at stop 27):
#: test_release 300, the nbgrader round trip 90, test_grader 90 (`make grade`'s run), test_mutants 80, the weekly
#: course 70.
LONGEST = ("kit/test_release.py", "channels/test_nbgrader_roundtrip.py", "grading/test_grader.py",
           "runtime/test_mutants.py", "channels/test_weekly_course.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, then the other files with tests marked slow (stable otherwise), so that
    `make test`'s two workers, which take a file at a time (pytest-xdist's loadfile, in this order: the Makefile
    turns off its reordering by test count), finish together rather than one after the other."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    tests = Path(__file__).parent

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.path.relative_to(tests).as_posix() if tests in item.path.parents else ""
        return (LONGEST.index(name) if name in LONGEST else len(LONGEST), item.path not in slow_files)
    items.sort(key=rank)
