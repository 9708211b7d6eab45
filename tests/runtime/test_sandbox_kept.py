"""Issue 22: a value a judge marks ``Kept`` (task 8's recorded-call tables) goes to each worker once.

The grader sends the frame of a kept value before the first request of a worker that needs it, and
only a token afterwards; a restarted worker gets it again. What each worker has been sent is the
grader's own record (``sandbox/kept.py``), never something the worker reports. Timings are in the
bench (``bench/profile.py``), not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_sandbox import FAST, make_submission

from autograder.runtime.sandbox import Kept, PortableSandbox, Sandbox, channel

DRIVERS = '''
import os


def look(package, table, n):
    """What the job got: the table's sum, and how many calls saw this very table object (1 if resent)."""
    table["seen"] = table.get("seen", 0) + 1
    return {"sum": float(table["arrays"][0].sum()), "n": n, "seen": table["seen"]}


def die(package):
    os._exit(3)


JOBS = ("look", "die")
'''

TABLE_BYTES = 80_000


@pytest.fixture
def drivers(tmp_path: Path) -> Path:
    path = tmp_path / "drivers.py"
    path.write_text(DRIVERS)
    return path


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes of each frame the grader writes to a worker, in order."""
    frames: list[int] = []
    send = channel.send_frame

    def counted(fd: int, buffers: Any, *args: Any, **kwargs: Any) -> None:
        frames.append(sum(memoryview(b).nbytes for b in buffers))
        send(fd, buffers, *args, **kwargs)
    monkeypatch.setattr(channel, "send_frame", counted)
    return frames


def table() -> dict:
    return {"functions": {"rnn.step": {"params": ["x"], "defaults": {}}}, "calls": [],
            "arrays": [np.arange(TABLE_BYTES // 8, dtype=float)]}


def test_a_kept_table_is_sent_once_per_worker_and_again_after_a_restart(tmp_path: Path, drivers: Path,
                                                                        sent: list[int]) -> None:
    value = table()
    want = float(value["arrays"][0].sum())
    sub = make_submission(tmp_path / "sub", lstm="")
    with Sandbox(sub, drivers, FAST, isolation="process") as box:
        first = box.run("look", {"table": Kept(value), "n": 1})
        assert first.status == "ok" and first.value == {"sum": want, "n": 1, "seen": 1}, first
        assert len(sent) == 2 and sent[0] > TABLE_BYTES and sent[1] < 1000, sent     # the table, then the request
        sent.clear()
        second = box.run("look", {"table": Kept(value), "n": 2})
        assert second.value == {"sum": want, "n": 2, "seen": 2}, second   # the same object, kept by the worker
        assert len(sent) == 1 and sent[0] < 1000, sent                   # the request alone: a token, no table
        other = table()
        other["arrays"][0] *= 2
        third = box.run("look", {"table": Kept(other), "n": 3})
        assert third.value == {"sum": 2 * want, "n": 3, "seen": 1}, third   # another table: sent, and used
        assert box.run("die", {}).status == "crashed"
        sent.clear()
        fourth = box.run("look", {"table": Kept(value), "n": 4})
        assert fourth.status == "ok" and fourth.value == {"sum": want, "n": 4, "seen": 1}, fourth   # sent again
        assert len(sent) == 2 and sent[0] > TABLE_BYTES, sent
    assert value == table() | {"arrays": value["arrays"]} and "seen" not in value   # the grader's copy untouched


def test_the_portable_sandbox_sends_a_kept_value_with_every_request(tmp_path: Path, drivers: Path) -> None:
    value = table()
    sub = make_submission(tmp_path / "sub", lstm="")
    with PortableSandbox(sub, drivers, FAST) as box:
        for n in (1, 2):
            out = box.run("look", {"table": Kept(value), "n": n})
            assert out.status == "ok" and out.value["seen"] == 1 and out.value["n"] == n, out
