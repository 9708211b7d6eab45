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


def run_sampled(package: Any, after: float, report: float, period: float, job: Callable[[], Any]) -> Any:
    """Run ``job()``; if it is still running ``after`` seconds in, sample the main thread's stack
    every ``period`` seconds, and at ``report`` seconds, or when the job ends first, write one line
    (SAMPLE_MARK + JSON) to fd 2: per learner function found innermost on the stack (its file and name), the
    samples it was seen in, how many different calls of it were seen, and the lines it was on. Written before
    this returns, so that it belongs to this call's output. The grader reads that line only when the call then
    runs out of time or came near its limit (it strips it from the output otherwise); nothing here changes a
    value."""
    where = os.path.join(list(package.__path__)[0], "")
    main, stop = threading.get_ident(), threading.Event()

    def innermost(frame: Any) -> Any:
        while frame is not None and not frame.f_code.co_filename.startswith(where):
            frame = frame.f_back
        return frame

    def sample() -> None:
        if stop.wait(after):
            return
        seen: dict[str, dict[str, Any]] = {}
        held: dict[str, Any] = {}       # the last frame seen per function: a new one is a new call
        total, first = 0, time.monotonic()
        while time.monotonic() - started < report and not stop.wait(period):
            frame = innermost(sys._current_frames().get(main))
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
        line = SAMPLE_MARK + json.dumps({"seconds": time.monotonic() - first, "samples": total,
                                         "functions": seen}) + "\n"
        with contextlib.suppress(OSError):
            os.write(2, line.encode())

    started = time.monotonic()
    thread = threading.Thread(target=sample, name="autograder-sampler", daemon=True)
    thread.start()
    try:
        return job()
    finally:
        stop.set()
        thread.join()
