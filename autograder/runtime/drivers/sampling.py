"""A call stopped for time, or one that came near its limit: which of the learner's functions was running,
and was it progressing.

The grader reads the one line the sampler writes only when the call then runs out of time or used most of its
time (it strips it from the output otherwise); nothing here changes a value.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

SAMPLE_MARK = "\x1e[autograder-sample] "   # starts the one line the sampler writes to the output pipe

# Bound now, before any learner code: learner code patching threading, time, json or os (Thread.join made a
# no-op, say) cannot make the sampler's line arrive after the reply, in the next call's output. Rebinding these
# names is tampering (the worker fingerprints this module).
_Event, _Thread, _get_ident = threading.Event, threading.Thread, threading.get_ident
_event_set, _event_wait, _start, _join = threading.Event.set, threading.Event.wait, threading.Thread.start, \
    threading.Thread.join
_monotonic, _dumps, _write, _frames = time.monotonic, json.dumps, os.write, sys._current_frames


def run_sampled(package: Any, after: float, report: float, period: float, job: Callable[[], Any]) -> Any:
    """Run ``job()``; if it is still running ``after`` seconds in, sample the main thread's stack
    every ``period`` seconds, and at ``report`` seconds, or when the job ends first, write one line
    (SAMPLE_MARK + JSON) to fd 2: per learner function found innermost on the stack (its file and name), the
    samples it was seen in, how many different calls of it were seen, and the lines it was on. Written before
    this returns, so that it belongs to this call's output. The grader reads that line only when the call then
    runs out of time or came near its limit (it strips it from the output otherwise); nothing here changes a
    value."""
    where = os.path.join(list(package.__path__)[0], "")
    main, stop = _get_ident(), _Event()

    def innermost(frame: Any) -> Any:
        while frame is not None and not frame.f_code.co_filename.startswith(where):
            frame = frame.f_back
        return frame

    def sample() -> None:
        if _event_wait(stop, after):
            return
        seen: dict[str, dict[str, Any]] = {}
        held: dict[str, Any] = {}       # the last frame seen per function: a new one is a new call
        total, first = 0, _monotonic()
        while _monotonic() - started < report and not _event_wait(stop, period):
            frame = innermost(_frames().get(main))
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
        if not total:
            return
        line = SAMPLE_MARK + _dumps({"seconds": _monotonic() - first, "samples": total, "functions": seen}) + "\n"
        with contextlib.suppress(OSError):
            _write(2, line.encode())

    started = _monotonic()
    thread = _Thread(target=sample, name="autograder-sampler", daemon=True)
    _start(thread)
    try:
        return job()
    finally:
        _event_set(stop)
        _join(thread)
