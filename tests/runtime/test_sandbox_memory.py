"""Issue 17 §3-§4: memory a submission could hold unseen, and processes that outlive it.

Each attack asserts the harm directly: the system call refused, no System V segment left in
/proc/sysvipc, no thread group of the sandbox's uid alive after the sandbox closes (a zombie
leader's live threads included), the memory watch's verdict, the home's limits.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pytest
from test_sandbox import FAST, MODES, make_submission

from autograder.runtime.engine import DRIVERS
from autograder.runtime.sandbox import Limits, Sandbox, isolation_support
from autograder.runtime.sandbox.isolation import HOME_INODES

pytestmark = pytest.mark.slow   # attacks the sandbox for seconds each: `make test-fast` skips it

ROOT_ON_LINUX = isolation_support()["linux"] and isolation_support()["root"]
needs_root = pytest.mark.skipif(not ROOT_ON_LINUX, reason="a uid of its own per sandbox needs a root grader on Linux")
SYS_EXIT = {"x86_64": 60, "aarch64": 93}.get(platform.machine())
needs_raw_exit = pytest.mark.skipif(SYS_EXIT is None, reason="the raw exit system call's number is known for "
                                                             "x86-64 and arm64 only")

HOSTILE = f"""
    import ctypes, errno, os, threading, time

    libc = ctypes.CDLL(None, use_errno=True)

    def hoard():
        '''Memory outside every process: a memfd written but never mapped, System V IPC of every kind.'''
        got = {{}}
        try:
            fd = os.memfd_create("hoard")
            os.write(fd, b"x" * 2**20)
            got["memfd"] = "made"
        except OSError as exc:
            got["memfd"] = errno.errorcode[exc.errno]
        for name, make in (("shm", lambda: libc.shmget(0, 2**20, 0o1666)), ("sem", lambda: libc.semget(0, 1, 0o1666)),
                           ("msg", lambda: libc.msgget(0, 0o1666))):
            got[name] = "made" if make() >= 0 else errno.errorcode[ctypes.get_errno()]
        return got

    def _orphan_threads(mb):
        '''A child whose leader exits with a raw exit system call while a thread holds ``mb`` MiB and spins.'''
        if os.fork() == 0:
            def hold():
                time.sleep(1.0)                 # after the leader is gone: only then the memory
                block = b"x" * (mb * 2**20)
                while block:
                    time.sleep(0.01)
            threading.Thread(target=hold, daemon=True).start()
            time.sleep(0.2)
            libc.syscall({SYS_EXIT}, 0)     # only this thread ends: the group lives on, its leader a zombie

    def spin():
        while True:
            pass

    def zombie_leader():
        _orphan_threads(1)
        time.sleep(1.5)
        return os.getuid()

    def zombie_hog():
        for _ in range(3):
            _orphan_threads(400)
        time.sleep(15)
        return os.getuid()

    def many_files(n):
        made = 0
        try:
            for k in range(n):
                open(f"f{{k}}", "w").close()
                made += 1
        except OSError as exc:
            return made, errno.errorcode[exc.errno]
        time.sleep(3)                     # the home watch of process mode polls meanwhile
        return made, "none"

    def big_files(mib):
        try:
            for k in range(mib // 8):
                with open(f"big{{k}}", "wb") as f:
                    f.write(b"x" * 8 * 2**20)
        except OSError as exc:
            return errno.errorcode[exc.errno]
        time.sleep(3)
        return "none"
"""


def groups_of(uid: int) -> list[int]:
    """Thread groups of ``uid`` with a live thread, a zombie leader's included."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            tasks = os.listdir(f"/proc/{entry}/task")
            states = [Path(f"/proc/{entry}/task/{t}/status").read_text() for t in tasks]
        except OSError:
            continue
        for status in states:
            fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
            if int(fields["Uid"].split()[0]) == uid and not fields["State"].startswith(("Z", "X")):
                found.append(int(entry))
                break
    return found


def segments_of(uid: int) -> list[str]:
    """System V IPC objects owned by ``uid`` (this grader's IPC namespace)."""
    lines = []
    for kind in ("shm", "sem", "msg"):
        try:
            table = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            continue
        lines += [line for line in table if str(uid) in line.split()]
    return lines


def _call(box: Sandbox, function: str, *args: object) -> object:
    return box.run("call", {"module": "hostile", "function": function, "args": list(args)})


@pytest.mark.skipif(not isolation_support()["linux"], reason="seccomp is Linux only")
@pytest.mark.parametrize("mode", MODES)
def test_memfd_and_system_v_ipc_are_refused(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=HOSTILE)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        out = _call(box, "hoard")
        assert out.status == "ok", out
        assert out.value["result"] == {"memfd": "EPERM", "shm": "EPERM", "sem": "EPERM", "msg": "EPERM"}
        uid = box._uid
    if uid is not None:
        assert segments_of(uid) == []


@needs_root
@needs_raw_exit
@pytest.mark.parametrize("mode", MODES)
def test_a_thread_group_whose_leader_exited_dies_with_the_sandbox(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=HOSTILE)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        out = _call(box, "zombie_leader")
        uid = out.value["result"]
        assert len(groups_of(uid)) >= 2, out          # control: the worker and the leaderless group run
        spun = box.run("call", {"module": "hostile", "function": "spin", "args": []}, timeout=0.2)
        assert spun.status == "timeout", spun      # a timeout: the worker is retired
        assert groups_of(uid) == []
        assert "processes-left" in {kind for kind, _ in box.take_integrity()}
    assert groups_of(uid) == []


@needs_root
@needs_raw_exit
@pytest.mark.parametrize("mode", MODES)
def test_leaderless_thread_groups_count_against_the_memory_limit(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=HOSTILE)
    with Sandbox(sub, DRIVERS, Limits(call_seconds=25, memory_bytes=2**30), isolation=mode) as box:
        out = _call(box, "zombie_hog")      # three groups of 400 MiB, each a zombie leader, under 1 GiB
        assert out.status == "limit" and out.exc_type == "MemoryError", out
        uid = box._uid
        assert groups_of(uid) == []


@pytest.mark.parametrize("mode", MODES)
def test_the_home_holds_a_bounded_number_of_files(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=HOSTILE)
    with Sandbox(sub, DRIVERS, Limits(call_seconds=20, total_seconds=60), isolation=mode) as box:
        out = _call(box, "many_files", 3 * HOME_INODES)
        if box.isolation_level == "process":
            assert out.status == "limit" and out.exc_type == "DiskQuotaExceeded", out
        else:
            made, error = out.value["result"]
            assert error == "ENOSPC" and made < HOME_INODES, out
        assert _call(box, "many_files", 10).status == "ok"       # a fresh worker, a fresh home


@pytest.mark.parametrize("mode", MODES)
def test_the_home_holds_a_bounded_number_of_bytes(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=HOSTILE)
    with Sandbox(sub, DRIVERS, Limits(call_seconds=20, total_seconds=60), isolation=mode) as box:
        out = _call(box, "big_files", 160)
        if box.isolation_level == "process":
            assert out.status == "limit" and out.exc_type == "DiskQuotaExceeded", out
        else:
            assert out.value["result"] == "ENOSPC", out


DESCRIPTORS = """
    import os, stat, sys

    def descriptors():
        '''What each open descriptor above stdio is: a directory would let this code list what it may not open.'''
        found = {}
        for fd in range(3, 256):
            try:
                mode = os.fstat(fd).st_mode
            except OSError:
                continue
            found[str(fd)] = "dir" if stat.S_ISDIR(mode) else "fifo" if stat.S_ISFIFO(mode) else "other"
        return found, list(sys.path)
"""


@pytest.mark.parametrize("mode", MODES)
def test_the_learners_code_holds_no_descriptor_but_the_pipes_and_the_region(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", hostile=DESCRIPTORS)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        out = _call(box, "descriptors")
        assert out.status == "ok", out
        found, path = out.value["result"]
        # directories: only those the import system reaches the standard library through (a Python only root
        # could reach, under /root); pipes: requests, replies, events; one more: the shared region
        assert all(f"/proc/self/fd/{fd}" in path for fd, kind in found.items() if kind == "dir"), (found, path)
        assert sorted(kind for kind in found.values() if kind != "dir") == ["fifo", "fifo", "fifo", "other"], found


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_the_worker_sees_its_interpreter_wherever_the_kit_lives(tmp_path: Path, mode: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A kit cloned under a folder other users cannot search (a 0700 clone under /tmp): the grader's
    interpreter is a link in there, which the sandbox's uid cannot follow."""
    import sys

    private = tmp_path / "private"
    (private / "bin").mkdir(parents=True)
    link = private / "bin" / "python"
    link.symlink_to(os.path.realpath(sys.executable))
    private.chmod(0o700)
    monkeypatch.setattr(sys, "executable", str(link))
    sub = make_submission(tmp_path / "sub", hostile="""
        import os, sys
        def interpreter():
            return os.path.realpath(sys.executable)
    """)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        out = _call(box, "interpreter")
    assert out.status == "ok" and out.value["result"] == os.path.realpath(link), out
