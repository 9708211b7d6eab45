"""Shared fixtures of the test suite.

- ``rng``: a seeded ``np.random.Generator`` (STYLE.md: no global random state), fresh per test,
  so that every test draws the same numbers whatever runs before it.
- ``expected_values_cache`` (session, automatic): one folder of expected values shared by every test of
  the run, all pytest-xdist workers and every CLI process a test starts ($AUTOGRADER_CACHE): each seed's
  expected values are computed once per run instead of once per Grader (tests/test_cache.py checks that
  a warm grade equals a cold one, and unsets it to test the cold path).
- ``make_grader``: a Grader reading that folder, which it fills (under a lock) the first time.
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
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
    yield folder
    os.environ.pop(CACHE_ENV, None)


@pytest.fixture(scope="session")
def make_grader(expected_values_cache: Path) -> Callable[..., Any]:
    """``make_grader(**options)``: a Grader whose expected values come from the run's shared folder."""
    from autograder.grading.grader import Grader

    def make(**options: Any) -> Grader:
        with FileLock(f"{expected_values_cache}.lock"):
            grader = Grader(cache=expected_values_cache, **options)
            if not grader.cached:
                grader.save_cache()
        return grader

    return make


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with tests marked slow first (stable otherwise), so that `make test`'s two workers, which take a
    file each (pytest-xdist's loadfile), finish together rather than one after the other."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
