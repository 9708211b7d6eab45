"""Finding and killing a worker's processes (Linux /proc; on other systems these find nothing)."""

from __future__ import annotations

import os
import signal
import time
from contextlib import suppress


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except (OSError, ValueError):
        return []


def with_environment(variable: str, value: str) -> list[int]:
    """Processes whose initial environment holds ``variable=value`` (those this user may read)."""
    needle = b"\0" + f"{variable}={value}".encode() + b"\0"
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in b"\0" + f.read() + b"\0":
                    found.append(int(entry))
        except OSError:
            continue
    return found


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
