"""The CPU time of a worker's process tree, read through kept /proc descriptors (``procs.TreeClock``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from autograder.runtime.sandbox import procs

pytestmark = pytest.mark.skipif(not procs.cpu_time_readable(), reason="CPU time is read from Linux's /proc")

#: a parent that starts ``children`` sleeping children, then burns 0.3 s of CPU time and says so at each line read
TREE = """
import subprocess, sys, time
kids = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) for _ in range({children})]
for line in sys.stdin:
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    print("burnt", flush=True)
"""


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def tree(children: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", TREE.format(children=children)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    burn(proc)
    deadline = time.monotonic() + 10
    while len(procs.children(proc.pid)) < children and time.monotonic() < deadline:
        time.sleep(0.01)
    return proc


def burn(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "burnt\n"


def end(proc: subprocess.Popen[str]) -> None:
    procs.kill_group(proc.pid)
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        assert pipe is not None
        pipe.close()


def test_a_tree_clock_reads_what_a_fresh_reading_reads_and_keeps_few_descriptors() -> None:
    proc = tree(children=12)
    try:
        before = open_fds()
        clock = procs.TreeClock(proc.pid)
        first = clock.seconds()
        assert first is not None and first >= 0.3, first
        assert open_fds() - before == 2 * procs.TreeClock.KEPT   # 13 processes, 8 kept, two files each
        burn(proc)   # 0.3 s more: read again through the kept descriptors
        again = clock.seconds()
        with procs.TreeClock(proc.pid) as other:
            fresh = other.seconds()   # a reading that opens every file afresh
        assert again is not None and fresh is not None, (again, fresh)
        # 0.3 s more seen through the kept descriptors (less a clock tick), and what a fresh reading sees
        assert again - first >= 0.28 and again <= fresh < again + 0.05, (first, again, fresh)
        clock.close()
        assert open_fds() == before
    finally:
        end(proc)


def test_an_ended_tree_reads_none_and_its_descriptors_are_closed() -> None:
    proc = tree(children=3)
    before = open_fds()
    clock = procs.TreeClock(proc.pid)
    try:
        assert clock.seconds() is not None and open_fds() - before == 2 * 4
    finally:
        end(proc)
    assert clock.seconds() is None
    assert open_fds() == before - 2   # the tree's two pipes, closed by end()
