"""A call stopped for time, or one that came near its limit: which of the learner's functions was running,
and was it progressing.

The grader reads the one line the sampler writes only when the call then runs out of time or used most of its
time (it strips it from the output otherwise); nothing here changes a value.
"""

from __future__ import annotations

import _thread
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

SAMPLE_MARK = "\x1e[autograder-sample] "   # starts the one line the sampler writes to the output pipe

# Bound now, before any learner code: learner code patching threading, time, json or os (Thread.start made a
# no-op, say) cannot stop the sampler or make its line arrive after the reply, in the next call's output.
# Rebinding these names is tampering (the worker fingerprints this module).
_Thread, _get_ident, _getpid, _allocate = threading.Thread, threading.get_ident, os.getpid, _thread.allocate_lock
_start = threading.Thread.start
_monotonic, _dumps, _write, _frames = time.monotonic, json.dumps, os.write, sys._current_frames


class _Sampler:
    """The process's one sampling thread, started at its first call (a thread per call cost about 0.15 ms of the
    call): ``go`` hands it a call, ``stop`` says the call ended, ``done`` says its line, if any, is written."""

    def __init__(self) -> None:
        self.go, self.stop, self.done = _allocate(), _allocate(), _allocate()
        for lock in (self.go, self.stop, self.done):
            lock.acquire()
        self.call: tuple = ()
        self.ended = False
        self.pid = _getpid()
        _start(_Thread(target=self.serve, name="autograder-sampler", daemon=True))

    def serve(self) -> None:
        while True:
            self.go.acquire()
            self.ended = False
            with contextlib.suppress(BaseException):   # an odd frame: no line, never a call left waiting
                self.sample(*self.call)
            if not self.ended:
                self.stop.acquire()
            self.done.release()

    def sample(self, where: str, main: int, started: float, after: float, report: float, period: float) -> None:
        """Wait for the call to end (``stop``: ``ended``) or ``after`` seconds, then sample until it ends or
        ``report`` seconds; write the line if anything was seen."""
        if self.stop.acquire(timeout=after):
            self.ended = True
            return
        seen: dict[str, dict[str, Any]] = {}
        held: dict[str, Any] = {}       # the last frame seen per function: a new one is a new call
        total, first = 0, _monotonic()
        while _monotonic() - started < report:
            if self.stop.acquire(timeout=period):
                self.ended = True
                break
            frame = _innermost(_frames().get(main), where)
            if frame is None:
                continue
            total += 1
            key = f"{frame.f_code.co_filename[len(where):]}:{frame.f_code.co_name}"
            entry = seen.setdefault(key, {"samples": 0, "calls": 0, "lines": []})
            entry["samples"] += 1
            if held.get(key) is not frame:
                entry["calls"] += 1
                held[key] = frame
            if frame.f_lineno not in entry["lines"] and len(entry["lines"]) < 8:
                entry["lines"].append(frame.f_lineno)
        held.clear()
        if total:
            line = SAMPLE_MARK + _dumps({"seconds": _monotonic() - first, "samples": total, "functions": seen}) + "\n"
            with contextlib.suppress(OSError):
                _write(2, line.encode())


def _innermost(frame: Any, where: str) -> Any:
    while frame is not None and not frame.f_code.co_filename.startswith(where):
        frame = frame.f_back
    return frame


_sampler: list[_Sampler] = []   # this process's (a process forked by a call starts its own)


def run_sampled(package: Any, after: float, report: float, period: float, job: Callable[[], Any]) -> Any:
    """Run ``job()``; if it is still running ``after`` seconds in, sample the main thread's stack
    every ``period`` seconds, and at ``report`` seconds, or when the job ends first, write one line
    (SAMPLE_MARK + JSON) to fd 2: per learner function found innermost on the stack (its file and name), the
    samples it was seen in, how many different calls of it were seen, and the lines it was on. Written before
    this returns, so that it belongs to this call's output. The grader reads that line only when the call then
    runs out of time or came near its limit (it strips it from the output otherwise); nothing here changes a
    value."""
    if not _sampler or _sampler[0].pid != _getpid():
        _sampler[:] = [_Sampler()]
    sampler = _sampler[0]
    sampler.call = (os.path.join(list(package.__path__)[0], ""), _get_ident(), _monotonic(), after, report, period)
    sampler.go.release()
    try:
        return job()
    finally:
        sampler.stop.release()
        sampler.done.acquire()
