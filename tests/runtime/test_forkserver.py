"""The fork server (``forkserver.py``, ``zygote.py``): where the grader is root on Linux, every worker is forked
from one numpy-loaded server, in both isolation levels, and behaves as a worker started with exec does (the
attacks of test_hardening.py and test_sandbox.py run on forked workers there)."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_sandbox import DRIVERS, FAST, MODES, call, make_submission

from autograder.runtime.sandbox import Limits, Sandbox, SandboxError, forkserver, isolation

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
def test_a_forked_worker_holds_nothing_of_the_servers_request(tmp_path: Path, drivers: Path, mode: str) -> None:
    """The fork request (the namespace plan with the grader's hidden paths and scratch root, the environment) is
    cleared before the worker runs: learner code walking the garbage collector finds none of it (found by review)."""
    sub = make_submission(tmp_path / "sub", rnn="""
        import gc
        def requests():
            return sum(1 for o in gc.get_objects() if isinstance(o, dict) and {"cpus", "cwd", "fds"} <= set(o))
    """)
    with Sandbox(sub, drivers, FAST, isolation=mode) as box:
        out = call(box, "requests", module="rnn")
    assert out.status == "ok" and out.value == 0, out


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


@pytest.mark.parametrize("mode", MODES)
def test_a_worker_killed_by_the_kernel_is_told_as_killed_not_as_an_exit(tmp_path: Path, drivers: Path,
                                                                          mode: str) -> None:
    sub = make_submission(tmp_path / "sub", rnn="""
        import resource
        def spin():
            resource.setrlimit(resource.RLIMIT_CPU, (1, 1))
            while True:
                pass
    """)
    with Sandbox(sub, drivers, Limits(call_seconds=10.0, total_seconds=60.0), isolation=mode) as box:
        out = call(box, "spin", module="rnn")
        flags = box.take_integrity()
    assert out.status == "crashed" and out.error.startswith("the process was killed by SIG"), out
    assert "Traceback" not in out.output and not any(kind == "forced-exit" for kind, _ in flags), (out, flags)


@pytest.mark.parametrize("mode", MODES)
def test_a_forked_worker_holds_no_capability_to_gain_back(tmp_path: Path, drivers: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", rnn=SUBMISSION)
    with Sandbox(sub, drivers, FAST, isolation=mode) as box:
        assert call(box, "where", module="rnn").status == "ok"
        worker = box._state.worker
        assert worker is not None and worker.pid is not None
        with open(f"/proc/{worker.pid}/status") as f:   # read by the grader: the worker may not read /proc
            caps = {line.split(":")[0]: line.split()[1] for line in f if line.startswith("Cap")}
    assert caps == dict.fromkeys(("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"), "0000000000000000"), caps


def test_a_child_keeps_its_pid_until_the_grader_has_its_exit_code() -> None:
    server = isolation.fork_server()
    first = server.fork({"uid": isolation.pick_uid(), "read": []}, (), {"PATH": isolation.PATH}, Path("/"),
                        None, None)
    assert first.output(30) == b""
    server.fork({"uid": isolation.pick_uid(), "read": []}, (), {"PATH": isolation.PATH}, Path("/"),
                None, None).wait()   # another request to the server, after the first child exited
    with open(f"/proc/{first.pid}/stat") as f:
        assert f.read().rpartition(")")[2].split()[0] == "Z"   # a zombie: its pid is still its own
    assert first.wait() == 0
    assert not Path(f"/proc/{first.pid}").exists()


def test_output_past_its_time_kills_the_child(tmp_path: Path, drivers: Path) -> None:
    sub = make_submission(tmp_path / "sub", rnn="x = 1\n")
    with Sandbox(sub, drivers, FAST, isolation="process") as box:
        worker = box._state.worker
        assert worker is not None and isinstance(worker.proc, forkserver.Forked)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.proc.output(0.3)   # a worker waits for requests: it never ends on its own
        assert worker.proc.wait(5) == -signal.SIGKILL


@pytest.mark.parametrize("mode", MODES)
def test_a_server_that_cannot_start_leaves_process_mode_to_exec(tmp_path: Path, drivers: Path, mode: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sub = make_submission(tmp_path / "sub", rnn=SUBMISSION)
    isolation.fork_server().stop()

    def refused(*args: object) -> None:
        raise SandboxError("the fork server did not start: refused by the test")

    monkeypatch.setattr(forkserver, "Server", refused)
    if mode == "namespace":   # no exec'd recipe any more: a clear error
        with pytest.raises(SandboxError, match="cannot start a worker: the fork server did not start"):
            Sandbox(sub, drivers, FAST, isolation=mode).__enter__()
        return
    with Sandbox(sub, drivers, FAST, isolation=mode) as box:
        assert isinstance(box._state.worker.proc, subprocess.Popen)
        assert call(box, "where", module="rnn").status == "ok"


@pytest.mark.parametrize("mode", MODES)
def test_a_grader_waits_for_its_server_at_exit_so_its_workers_cpu_counts(tmp_path: Path, drivers: Path,
                                                                          mode: str) -> None:
    """bench/scale.py reads the grader's children's CPU time: the workers are the server's children, counted there
    only when the grader reaps the server (in namespace mode: when the worker's parent reaps it before ending)."""
    sub = make_submission(tmp_path / "sub", rnn="""
        import time
        def burn():
            end = time.process_time() + 0.6
            while time.process_time() < end:
                pass
    """)
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_sandbox import call
from autograder.runtime.sandbox import Limits, Sandbox
with Sandbox({str(sub)!r}, {str(drivers)!r}, Limits(call_seconds=5.0), isolation={mode!r}) as box:
    assert call(box, "burn", module="rnn").status == "ok"
import resource
own = resource.getrusage(resource.RUSAGE_SELF)
print(own.ru_utime + own.ru_stime)
"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parents[2],
                          capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    grader_itself = float(done.stdout.split()[-1])
    assert (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime) - grader_itself > 0.6
