"""Issue 17 §5: the killer of a sandbox's processes cannot be stopped by them, and the grader never waits for ever.

On kernels before 6.12 (no Landlock signal scope: most Docker hosts) only the uids keep a learner's
processes from signalling others. The tests force that path here (``process.LANDLOCK_SCOPE``).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from test_sandbox import MODES, make_submission
from test_sandbox_memory import groups_of

from autograder.runtime.engine import DRIVERS
from autograder.runtime.sandbox import Limits, Sandbox, isolation_support, process, procs
from autograder.runtime.sandbox.isolation import pick_uid

pytestmark = pytest.mark.slow   # attacks the sandbox for seconds each: `make test-fast` skips it

ROOT_ON_LINUX = isolation_support()["linux"] and isolation_support()["root"]
needs_root = pytest.mark.skipif(not ROOT_ON_LINUX, reason="a killer of another uid needs a root grader on Linux")


def _as_uid(uid: int, then: object) -> int:
    """Fork a child that becomes ``uid`` entirely and runs ``then()``; its pid."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            then()  # type: ignore[operator]
        finally:
            os._exit(0)
    return pid


@needs_root
def test_the_killer_signals_the_sandbox_but_the_sandbox_cannot_signal_it() -> None:
    uid = pick_uid()
    learner = _as_uid(uid, lambda: time.sleep(30))
    killer = os.fork()
    if killer == 0:
        try:
            procs.become_killer(uid)
            time.sleep(30)
        finally:
            os._exit(0)
    read, write = os.pipe()

    def try_to_stop() -> None:
        try:
            os.kill(killer, signal.SIGSTOP)
            os.write(write, b"stopped")
        except PermissionError:
            os.write(write, b"EPERM")
    try:
        attacker = _as_uid(uid, try_to_stop)
        os.waitpid(attacker, 0)
        assert os.read(read, 100) == b"EPERM"
        status = Path(f"/proc/{killer}/status").read_text()
        uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]
        assert uids[1] == str(uid) and uids[0] == uids[2] != "0"     # effective: the sandbox's; real, saved: its own
        assert procs.kill_uid(uid) >= 1
        assert os.waitpid(learner, 0)[1] == signal.SIGKILL             # the killer's kill(-1) reached the learner
    finally:
        for pid in (killer, learner):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(read)
        os.close(write)


def test_a_stopped_helper_is_waited_for_a_bounded_time() -> None:
    pid = os.fork()
    if pid == 0:
        os.kill(os.getpid(), signal.SIGSTOP)
        os._exit(0)
    started = time.monotonic()
    procs.reap(pid, time.monotonic() + 0.5)
    assert time.monotonic() - started < 3
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)                    # reaped: killed at the deadline


STOPPER = """
    import os, signal, time

    def stop_every_stranger():
        '''A process that SIGSTOPs every process it may signal: the grader's killer too, if it may.'''
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                import ctypes                      # erase the sandbox's mark from the initial environment
                libc = ctypes.CDLL(None)
                environ = ctypes.POINTER(ctypes.c_void_p).in_dll(libc, "environ")
                k = 0
                while environ[k]:
                    ctypes.memset(environ[k], 0, len(ctypes.string_at(environ[k])))
                    k += 1
                while True:
                    try:
                        os.kill(-1, signal.SIGSTOP)   # every process it may signal but itself
                    except OSError:
                        pass
            os._exit(0)
        time.sleep(60)                       # the call times out: the grader kills everything of the uid
"""


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_a_learner_stopping_the_killer_cannot_hang_the_grader(tmp_path: Path, mode: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process, "LANDLOCK_SCOPE", False)      # the path of kernels before 6.12
    sub = make_submission(tmp_path / "sub", hostile=STOPPER)
    for _ in range(2):
        box = Sandbox(sub, DRIVERS, Limits(call_seconds=1.0, total_seconds=30), isolation=mode)
        done = threading.Event()

        def grade(box: Sandbox = box, done: threading.Event = done) -> None:
            with box:
                box.run("call", {"module": "hostile", "function": "stop_every_stranger", "args": []})
            done.set()
        started = time.monotonic()
        threading.Thread(target=grade, daemon=True).start()
        finished = done.wait(40)
        uid = box._uid
        if not finished and uid is not None:  # clean up what the hang left (this test's processes), then fail
            for _ in range(20):
                for pid in groups_of(uid):
                    os.kill(pid, signal.SIGKILL)
                time.sleep(0.1)
        assert finished, "the grader hung"
        assert time.monotonic() - started < 30
        assert uid is not None and groups_of(uid) == []


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_the_time_budget_bounds_the_whole_submission_clean_up_included(tmp_path: Path, mode: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = procs.kill_uid

    def slow_kill(uid: int, seconds: float = 5.0) -> int:     # a clean-up that takes all the time it is given
        killed = real(uid, seconds)
        time.sleep(min(seconds, 4.0))
        return killed
    monkeypatch.setattr(procs, "kill_uid", slow_kill)
    sub = make_submission(tmp_path / "sub", hostile="""
        import time
        def forever():
            time.sleep(600)
    """)
    started = time.monotonic()
    # wall_factor 1: the budget's wall-time cap is the budget itself (a sleep uses no CPU time)
    with Sandbox(sub, DRIVERS, Limits(call_seconds=60, total_seconds=6, wall_factor=1.0), isolation=mode) as box:
        out = box.run("call", {"module": "hostile", "function": "forever", "args": []})
        assert out.status == "timeout", out
    assert time.monotonic() - started < 6 + 1.5
