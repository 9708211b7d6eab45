"""The visible checks as pytest items: one per check, marked ``task<N>`` (``pytest -m task6``).

Loaded by a learner release's ``conftest.py``; every item reads its verdict from one run of
:func:`selfcheck.check` over the items pytest selected, so IDE test panels and ``make check``
agree (one implementation behind both).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .learner import check, load
from .model import CheckResult, Status
from .text import diagnostic_lines

DIRECTORY_ENV = "SELFCHECK_DIR"   # the folder of the learner's modules (default: exercises)


def params() -> list[Any]:
    """One pytest.param per visible check, with its task's marker and the check's name as its id."""
    return [pytest.param(c.name, marks=getattr(pytest.mark, f"task{c.task}"), id=c.name) for c in load().checks]


@pytest.fixture(scope="session")
def visible_results(request: pytest.FixtureRequest) -> dict[str, CheckResult]:
    """The selected checks, run once for the whole session."""
    names = [item.callspec.params["name"] for item in request.session.items
             if hasattr(item, "callspec") and "name" in item.callspec.params]
    directory = Path(os.environ.get(DIRECTORY_ENV, Path(request.config.rootpath) / "exercises"))
    report = check(directory, names=names)
    return {result.name: result for result in report.results}


def assert_passed(result: CheckResult) -> None:
    """Fail (without a traceback into the checker) with the check's own message unless it passed; its
    diagnostics (the mistake's id, what the learner's code printed) follow, as the terminal shows them."""
    if result.status is not Status.PASSED:
        lines = [f"[{result.status.value}] {result.message}", *diagnostic_lines(result.diagnostics)]
        pytest.fail("\n".join(lines), pytrace=False)
