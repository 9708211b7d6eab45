"""Progress of a long class run: a tqdm bar on a terminal, timestamped log lines elsewhere (CI, Slurm).

A log line per finished learner, e.g.::

    2026-12-02T03:10:04Z grading 3/50: bob graded; 2.1 s per learner, about 1m39s left

so that a job's log shows how far it got and how long it has to go.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TextIO

from tqdm import tqdm

from autograder.runtime.terminal import printable

MODES = ("bar", "log", "none")


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class Progress:
    """Counts finished learners out of ``total`` and shows it in ``mode`` ("bar", "log" or "none")."""

    def __init__(self, total: int, mode: str, stream: TextIO, jobs: int = 1) -> None:
        if mode not in MODES:
            raise ValueError(f"progress mode {mode!r} is not one of {MODES}")
        self.total, self.mode, self.stream, self.done = total, mode, stream, 0
        self.start = time.monotonic()
        self.bar = tqdm(total=total, desc="grading", unit="learner", file=stream,
                        disable=mode != "bar" or not total)
        if mode == "log" and total:
            self._line(f"grading {total} learner{'s' if total != 1 else ''} with --jobs {jobs}")

    def update(self, learner: str, state: str) -> None:
        """One more learner finished: ``state`` is "graded", "failed" or "cancelled"."""
        self.done += 1
        self.bar.update(1)
        if self.mode != "log":
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done)
        self._line(f"grading {self.done}/{self.total}: {printable(learner)} {state}; "
                   f"{elapsed / self.done:.1f} s per learner, about {_duration(left)} left")

    def close(self) -> None:
        self.bar.close()
        if self.mode == "log" and self.total:
            self._line(f"finished {self.done}/{self.total} in {_duration(time.monotonic() - self.start)}")

    def _line(self, text: str) -> None:
        print(f"{timestamp()} {text}", file=self.stream, flush=True)
