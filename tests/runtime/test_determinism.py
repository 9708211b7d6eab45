"""The same submission gets the same result every time, even when it draws from global random state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.runtime.engine import DRIVERS
from autograder.runtime.manifest import ROOT
from autograder.runtime.sandbox import Limits, Sandbox

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

ADA = ROOT / "examples" / "submissions" / "ada"


def test_global_random_state_is_the_same_in_every_worker(tmp_path):
    """Does each job start from the same np.random and random state, in every fresh worker?"""
    (tmp_path / "data.py").write_text("import random\nimport numpy as np\n\n"
                                      "def decode(ids, words):\n    return [repr(np.random.random()), "
                                      "repr(random.random())]\n")
    draws = []
    for _ in range(2):
        with Sandbox(tmp_path, DRIVERS, Limits(call_seconds=10.0)) as box:
            first = box.run("call", {"module": "data", "function": "decode", "args": [[], []]})
            second = box.run("call", {"module": "data", "function": "decode", "args": [[], []]})
        assert first.status == second.status == "ok", first.error
        draws += [first.value["result"], second.value["result"]]
    assert all(d == draws[0] for d in draws), draws


@pytest.fixture(scope="module")
def global_rng_learner(tmp_path_factory) -> Path:
    """ada, except that generate samples with the global np.random instead of the generator it is given."""
    folder = tmp_path_factory.mktemp("global-rng")
    for path in ADA.glob("*.py"):
        shutil.copy(path, folder / path.name)
    train = folder / "train.py"
    source = train.read_text()
    assert "rng.choice(V, p=p)" in source
    train.write_text(source.replace("rng.choice(V, p=p)", "np.random.choice(V, p=p)"))
    return folder


def test_a_submission_using_global_randomness_gets_the_same_grade_every_time(global_rng_learner, make_grader):
    """Graded four times, does it get the same score and messages each time (and lose the sampled case)?"""
    grader = make_grader(visibility="visible", tasks=("8",))
    reports = [grader.grade(global_rng_learner) for _ in range(4)]
    outcomes = [[(r.name, r.points, r.message) for r in report.results] for report in reports]
    assert all(o == outcomes[0] for o in outcomes)
    generate = next(r for r in reports[0].results if r.name.startswith("generate"))
    assert generate.points == 0 and "sampled" in generate.message
