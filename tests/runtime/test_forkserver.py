"""The fork server (``forkserver.py``, ``zygote.py``): where the grader is root on Linux, every worker is forked
from one numpy-loaded server, in both isolation levels, and behaves as a worker started with exec does (the
attacks of test_hardening.py and test_sandbox.py run on forked workers there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sandbox import DRIVERS, FAST, MODES, call, make_submission

from autograder.runtime.sandbox import Sandbox, forkserver, isolation

pytestmark = pytest.mark.skipif(not forkserver.applies(), reason="workers are forked only for a root grader on Linux")


@pytest.fixture(scope="module")
def drivers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drivers") / "drivers.py"
    path.write_text(DRIVERS)
    return path


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("PPid:"))


SUBMISSION = """
    import os, sys
    def where():
        return {"pid": os.getpid(), "argv0": os.path.basename(sys.argv[0]),
                "main": os.path.basename(getattr(sys.modules["__main__"], "__file__", "")),
                "environment": sorted(os.environ)}
"""


@pytest.mark.parametrize("mode", MODES)
def test_workers_are_forked_from_one_server_and_look_execd(tmp_path: Path, drivers: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", rnn=SUBMISSION)
    server = isolation.fork_server()
    seen = []
    for _ in range(2):
        with Sandbox(sub, drivers, FAST, isolation=mode) as box:
            worker = box._state.worker
            assert worker is not None and isinstance(worker.proc, forkserver.Forked)
            assert parent_of(worker.proc.pid) == server._proc.pid   # forked, not exec'd by the grader
            out = call(box, "where", module="rnn")
            assert out.status == "ok", out
            seen.append(worker.proc.pid)
        assert out.value["argv0"] == out.value["main"] == "worker.py"   # its __main__ and argv, as after exec
        assert out.value["environment"] == sorted(isolation.environment(Path("/"), "x"))
        if mode == "namespace":
            assert out.value["pid"] == 1   # the PID namespace's init
    assert isolation.fork_server() is server and seen[0] != seen[1]


@pytest.mark.parametrize("mode", MODES)
def test_a_server_that_died_is_replaced(tmp_path: Path, drivers: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", rnn=SUBMISSION)
    old = isolation.fork_server()
    old._proc.kill()
    old._proc.wait()
    with Sandbox(sub, drivers, FAST, isolation=mode) as box:
        assert call(box, "where", module="rnn").status == "ok"
    assert isolation.fork_server() is not old and isolation.fork_server().alive


def test_the_server_holds_nothing_of_the_graders_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGRADER_SEED", "the-course-secret")
    old = isolation.fork_server()
    old._proc.kill()
    old._proc.wait()
    new = isolation.fork_server()
    with open(f"/proc/{new._proc.pid}/environ", "rb") as f:
        environ = f.read()
    assert b"the-course-secret" not in environ and b"AUTOGRADER_SEED" not in environ
    expected = {f"{k}={v}".encode() for k, v in isolation.environment(Path("/"), "").items()}
    assert set(environ.split(b"\0")[:-1]) == expected - {f"{isolation.TOKEN_VARIABLE}=".encode()}
    assert b"PATH=" in environ and b"OPENBLAS_NUM_THREADS=1" in environ
