"""Finding and killing a worker's processes (Linux /proc; on other systems these find nothing)."""

from __future__ import annotations

import os
import secrets
import signal
import time
from collections.abc import Iterator
from contextlib import suppress


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except (OSError, ValueError):
        return []


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") and "SC_CLK_TCK" in os.sysconf_names else 100


def _cpu_of(stat: bytes) -> float:
    # after the command's ")": state is field 3 of proc(5), utime..cstime fields 14-17
    return sum(int(n) for n in stat.rpartition(b")")[2].split()[11:15]) / _TICKS


class TreeClock:
    """The CPU time (user + system, every thread) of the process ``pid`` and of its descendants alive now,
    children they waited for included, read again and again (every call into a worker, several times in a
    long one); None where /proc cannot tell (not Linux, or ``pid`` is gone). The /proc files of the first KEPT
    processes met stay open and are read with ``pread`` (3.5 us against about 25 us for an open, a read and a
    close each). A kept file of a process that ended fails (ESRCH) and is opened again by pid, so a pid given to
    another process is read afresh; the files of processes no longer in the tree are closed at each reading,
    and every file at :meth:`close`."""

    KEPT = 8   # a fork bomb's hundreds of processes are read as before, not kept: the grader's descriptors stay few

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._kept: dict[int, tuple[int, int]] = {}   # pid -> descriptors of its stat and children files

    def __enter__(self) -> TreeClock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def seconds(self) -> float | None:
        total, stack, seen = 0.0, [self.pid], set()
        while stack:
            current = stack.pop()
            read = self._read(current)
            if read is None:
                if current == self.pid:
                    self._forget(set())
                    return None
                continue
            seen.add(current)
            total += _cpu_of(read[0])
            stack.extend(int(p) for p in read[1].split())
        self._forget(seen)
        return total

    def close(self) -> None:
        self._forget(set())

    def _read(self, pid: int) -> tuple[bytes, bytes] | None:
        """(stat, children) of ``pid``; None if it is gone."""
        for _ in range(2):
            fds = self._kept.get(pid)
            if fds is None:
                return self._read_once(pid)
            try:
                return os.pread(fds[0], 4096, 0), os.pread(fds[1], 1 << 16, 0)
            except OSError:   # that process ended: a new one may have its pid
                self._drop(pid)
        return None

    def _read_once(self, pid: int) -> tuple[bytes, bytes] | None:
        try:
            stat = os.open(f"/proc/{pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            children = os.open(f"/proc/{pid}/task/{pid}/children", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            children = -1
        try:
            read = os.pread(stat, 4096, 0), (os.pread(children, 1 << 16, 0) if children >= 0 else b"")
        except OSError:
            read = None
        if read is not None and children >= 0 and len(self._kept) < self.KEPT:
            self._kept[pid] = (stat, children)
        else:
            for fd in (stat, children):
                if fd >= 0:
                    os.close(fd)
        return read

    def _drop(self, pid: int) -> None:
        for fd in self._kept.pop(pid, ()):
            with suppress(OSError):
                os.close(fd)

    def _forget(self, keep: set[int]) -> None:
        for pid in [p for p in self._kept if p not in keep]:
            self._drop(pid)


def cpu_time_readable() -> bool:
    """Whether this system tells a process's CPU time through /proc (what :class:`TreeClock` reads)."""
    return os.path.exists(f"/proc/{os.getpid()}/stat")


def _each(name: str) -> Iterator[tuple[str, bytes]]:
    """(pid, the contents of /proc/<pid>/<name>) for every process whose file this user may read: the one
    scan of /proc that finding a sandbox's processes by mark and by uid share."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/{name}", "rb") as f:
                    yield entry, f.read()
            except OSError:
                continue


def with_environment(variable: str, value: str) -> list[int]:
    """Processes whose initial environment holds ``variable=value`` (those this user may read)."""
    needle = b"\0" + f"{variable}={value}".encode() + b"\0"
    me = str(os.getpid())
    return [int(pid) for pid, environ in _each("environ") if pid != me and needle in b"\0" + environ + b"\0"]


def kill_marked(variable: str, value: str, rounds: int = 10) -> None:
    """SIGKILL every process carrying the mark, again until two scans in a row find none (a fork bomb
    keeps forking between the scan and the kill)."""
    quiet = 0
    for _ in range(rounds):
        pids = with_environment(variable, value)
        quiet = 0 if pids else quiet + 1
        if quiet == 2:
            return
        for pid in pids:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)


def open_pidfd(pid: int) -> int | None:
    """A pidfd for ``pid`` (Linux 5.3+), or None."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def kill_pidfd(pidfd: int) -> None:
    with suppress(OSError, AttributeError):
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def kill_group(pgid: int) -> None:
    with suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)


def _live_thread(pid: str) -> bytes | None:
    """The status of a live thread of the thread group ``pid`` whose leader is a zombie (it exited with a raw
    ``exit`` system call while its other threads run on), or None when the whole group is dead."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tids:
        if tid == pid:
            continue
        try:
            with open(f"/proc/{pid}/task/{tid}/status", "rb") as f:
                status = f.read()
        except OSError:
            continue
        if b"State:\tZ" not in status and b"State:\tX" not in status:
            return status
    return None


def of_uid(uid: int) -> dict[int, int]:
    """The thread groups with a live thread whose real uid is ``uid``: pid -> resident bytes.

    A zombie leader with live threads counts (its memory read from one of them); a dead group does not.
    """
    found = {}
    want = f"Uid:\t{uid}\t".encode()
    for entry, status in _each("status"):
        if want not in status:
            continue
        if b"State:\tZ" in status or b"State:\tX" in status:
            live = _live_thread(entry)
            if live is None:
                continue
            status = live
        at = status.find(b"VmRSS:")
        found[int(entry)] = int(status[at + 6:status.index(b"kB", at)]) * 1024 if at >= 0 else 0
    return found


#: The real and saved uid of a killer (:func:`kill_uid`): a fresh one per killer, from a range no sandbox
#: uses, so that no other process shares it.
KILLER_UIDS = (2_100_000_000, 2_140_000_000)


def become_killer(uid: int) -> None:
    """In a forked child of a root grader: the credentials of a killer of ``uid``'s processes.

    Effective uid ``uid``: ``kill`` may signal a process whose real or saved uid is ``uid``, so
    ``kill(-1)`` reaches every process of the sandbox. Real and saved uid a fresh uid of no one's
    (KILLER_UIDS): the learner's processes may signal a process only if their uid is its real or saved
    uid, so they cannot stop or kill the killer; and root's processes (the grader) are out of its reach.
    """
    killer = KILLER_UIDS[0] + secrets.randbelow(KILLER_UIDS[1] - KILLER_UIDS[0])
    os.setgroups([])
    os.setresgid(killer, killer, killer)
    os.setresuid(killer, uid, killer)


def kill_uid(uid: int, seconds: float = 5.0) -> int:
    """SIGKILL every process of ``uid`` (a sandbox's own uid) and wait until none is left: how many there were.

    ``kill(-1, SIGKILL)`` made by a killer (:func:`become_killer`, in a forked child that does nothing
    else) reaches all of them at once, whatever session, group or environment they have; repeated
    until /proc shows none (a fork bomb forks between rounds; a killed process that frees gigabytes
    takes a while to be gone), for at most ``seconds``, each killer waited for at most that long too.
    Needs root; otherwise a no-op.
    """
    first = len(of_uid(uid))
    deadline = time.monotonic() + seconds
    pause = 0.002
    while hasattr(os, "fork") and os.geteuid() == 0 and of_uid(uid) and time.monotonic() < deadline:
        pid = os.fork()
        if pid == 0:   # the child: only system calls, then _exit
            try:
                become_killer(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        reap(pid, deadline)
        time.sleep(pause)
        pause = min(2 * pause, 0.1)
    return first


def reap(pid: int, deadline: float) -> None:
    """Wait for the child ``pid`` until ``deadline`` (monotonic), then kill it and wait for it."""
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.001)
    with suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)   # SIGKILL from root: it ends whatever state it was in (stopped included)
