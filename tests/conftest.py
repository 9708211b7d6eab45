"""Shared fixtures of the test suite.

- ``rng``: a seeded ``np.random.Generator`` (STYLE.md: no global random state), fresh per test,
  so that every test draws the same numbers whatever runs before it.
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

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20240611

#: The slowest test files (minutes each: they grade real submissions), collected first so that
#: `make test`'s two workers (pytest-xdist, a file per worker) finish together, not one after the other.
SLOWEST_FIRST = ("test_mutants.py", "test_release.py", "test_nbgrader_roundtrip.py", "test_ci_templates.py",
                 "test_shards.py", "test_class_resume.py", "test_browser.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: k for k, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))   # stable: the others keep their order


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
