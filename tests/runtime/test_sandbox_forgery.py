"""Issue 17 §1: the two verdicts about a call's effect on its caller's arrays cannot be forged.

The hostile submissions below do what a learner's module can do inside the worker: walk the
garbage collector to neuter the worker's fingerprint of its trusted code (its ``changed`` closure
made to compare the pristine objects with themselves), then rebind names in the drivers' globals
(``id``, ``_snapshot``) that a report of the worker's once rested on. The grader now reads the
caller's arrays back from the memory it shares with the worker (``autograder/runtime/sandbox/shared.py``),
so the wrong code loses the points of its check, in every mode this machine offers.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from test_sandbox import FAST, MODES, make_submission

from autograder.grading.grader import Grader
from autograder.runtime.engine import BLOCKED_PACKAGES, DRIVERS
from autograder.runtime.manifest import ROOT
from autograder.runtime.sandbox import Sandbox

pytestmark = pytest.mark.slow   # attacks the sandbox for seconds each: `make test-fast` skips it

NEUTER = '''

def _neuter(forged_snapshot=None):
    """Blind the worker's fingerprint and rebind the drivers' helpers (what a forging learner does)."""
    import gc
    import types
    for f in gc.get_objects():
        if type(f) is not types.FunctionType:
            continue
        if f.__qualname__ == "fingerprinter.<locals>.changed":
            cells = dict(zip(f.__code__.co_freevars, f.__closure__))
            pristine = cells["pristine_objects"].cell_contents
            cells["objects"].cell_contents = lambda: pristine
        elif str(f.__globals__.get("__name__")).startswith("_sandbox_drivers"):
            f.__globals__["id"] = lambda obj: 0                   # every array "kept its identity"
            if forged_snapshot is not None:
                f.__globals__["_snapshot"] = forged_snapshot      # "the inputs were not modified"
'''

REBINDING_SGD = NEUTER + '''

class SGD:
    def __init__(self, lr=1e-2, momentum=0.0):
        self.lr, self.momentum, self.velocity = lr, momentum, {}

    def step(self, params, grads):
        _neuter()
        for name, g in grads.items():
            if self.momentum:
                v = self.velocity.get(name)
                v = g.copy() if v is None else self.momentum * v + g
                self.velocity[name] = v
                g = v
            params[name] = params[name] - self.lr * g             # rebinds: the caller's arrays never change


_neuter()                                                         # before the driver's first id()
'''

MUTATING_CLIP = NEUTER + '''

_honest = clip_by_global_norm


def clip_by_global_norm(grads, max_norm):
    pristine = {k: v.copy() for k, v in grads.items()}
    _neuter(lambda args: [pristine, args[1]])
    out = _honest(dict(pristine), max_norm)
    for k in grads:
        grads[k] *= 0.5                                           # modifies its input
    return out
'''

GRADER_MODES = ["process", pytest.param("namespace", marks=MODES[1].marks)]


def _hostile(tmp_path: Path, module: str, code: str) -> Path:
    sub = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", sub)
    path = sub / f"{module}.py"
    path.write_text(path.read_text() + code)
    return sub


def _grade(graders: Callable[..., Grader], mode: str, sub: Path, task: str) -> list:
    return graders(isolation=mode, tasks=(task,)).grade(sub).results


@pytest.mark.parametrize("mode", GRADER_MODES)
def test_a_rebinding_optimiser_with_a_forged_in_place_report_loses_its_points(
        tmp_path: Path, mode: str, graders: Callable[..., Grader]) -> None:
    results = _grade(graders, mode, _hostile(tmp_path, "optim", REBINDING_SGD), "7")
    sgd = [r for r in results if r.name.startswith("SGD.step:")]
    assert len(sgd) == 2, [r.name for r in results]
    assert all(r.points == 0 and r.diagnostics.get("pattern") == "not-in-place" for r in sgd), \
        [(r.name, r.points, r.message[:80]) for r in sgd]


@pytest.mark.parametrize("mode", GRADER_MODES)
def test_a_clip_modifying_its_input_with_a_forged_report_loses_its_points(
        tmp_path: Path, mode: str, graders: Callable[..., Grader]) -> None:
    results = _grade(graders, mode, _hostile(tmp_path, "clipping", MUTATING_CLIP), "5")
    clip = [r for r in results if r.name.startswith("clip_by_global_norm:")]
    assert len(clip) == 2, [r.name for r in results]
    assert all(r.points == 0 and r.diagnostics.get("pattern") == "modifies-input" for r in clip), \
        [(r.name, r.points, r.message[:80]) for r in clip]


SHRINKER = """
    import os
    def shrink(x):
        for fd in range(3, 64):     # every descriptor the worker holds: the shared region among them
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
        x[0] = 7.0
        return 1
"""


@pytest.mark.parametrize("mode", MODES)
def test_the_grader_reads_the_callers_arrays_itself_and_the_region_cannot_be_resized(tmp_path: Path,
                                                                                     mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=SHRINKER)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        sent = [np.arange(5.0), {"w": np.ones((2, 3), dtype=np.float32)}]
        out = box.run("call", {"module": "hostile", "function": "shrink", "args": [sent[0]]}, observe=("args",))
        assert out.status == "ok", out
        after = out.observed["args"][0]
        assert after is not None and after[0] == 7.0 and list(after[1:]) == [1.0, 2.0, 3.0, 4.0]
        assert sent[0][0] == 0.0                                  # the caller's copy is the grader's own
        region = box._state.worker.region
        assert region is not None and Path(f"/proc/self/fd/{region.fd}").exists()
        import os
        assert os.fstat(region.fd).st_size == region.size        # sealed: the learner could not shrink it


# ------------------------------------------------------------------------------ issue 17 §2: flags silenced

ATTEMPTS = '''
    import gc, os, types

    def attempts():
        """Six things the sandbox refuses; each raises an integrity flag."""
        tried = []
        for attempt in (lambda: __import__("torch"), lambda: open("/etc/hostname").read(),
                        lambda: open("/tmp/hostile-write", "w"), lambda: __import__("socket").socket(),
                        lambda: __import__("autograder"), lambda: open("/root/.bashrc").read()):
            try:
                attempt()
                tried.append("allowed")
            except BaseException as exc:
                tried.append(type(exc).__name__)
        return tried

    def _audit():
        for f in gc.get_objects():
            if type(f) is types.FunctionType and f.__qualname__ == "recorder.<locals>.audit":
                return dict(zip(f.__code__.co_freevars, f.__closure__)), f
        raise LookupError("no recorder")

    def silence_by_cell():
        cells, _ = _audit()
        cells["blocked_names"].cell_contents = frozenset()
        cells["readable"].cell_contents = ("/",)
        cells["writable"].cell_contents = ("/",)
        cells["write_fd"].cell_contents = lambda fd, data: len(data)
        return attempts()

    def silence_by_code():
        _, audit = _audit()
        names = ", ".join(audit.__code__.co_freevars)
        space = {}
        exec(f"def make({names}):\\n def audit(event, args):\\n  ({names},)\\n return audit", space)
        audit.__code__ = space["make"](*audit.__code__.co_freevars).__code__    # a hook that records nothing
        return attempts()

    def silence_by_descriptor():
        cells, _ = _audit()
        null = os.open("/dev/null", os.O_WRONLY)
        os.dup2(null, cells["fd"].cell_contents)
        return attempts()

    def forge_junk():
        cells, _ = _audit()
        os.write(cells["fd"].cell_contents, b"nothing\\n" * 100)
        return attempts()
'''


@pytest.mark.parametrize("mode", MODES)
def test_a_learner_silencing_the_event_recorder_is_flagged(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=ATTEMPTS)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode, blocked=BLOCKED_PACKAGES) as box:
        out = box.run("call", {"module": "hostile", "function": "attempts", "args": []})
        assert out.status == "ok" and "allowed" not in out.value["result"], out
        control = {kind for kind, _ in box.take_integrity()}
        assert {"blocked-import", "hidden-path", "refused-write", "socket"} <= control, control
    for silencer, flag in (("silence_by_cell", "driver-tampering"), ("silence_by_code", "driver-tampering"),
                           ("silence_by_descriptor", "recorder-tampering"), ("forge_junk", "recorder-tampering")):
        with Sandbox(sub, DRIVERS, FAST, isolation=mode, blocked=BLOCKED_PACKAGES) as box:
            out = box.run("call", {"module": "hostile", "function": silencer, "args": []})
            kinds = {kind for kind, _ in box.take_integrity()}
            assert flag in kinds, (silencer, kinds, out)
