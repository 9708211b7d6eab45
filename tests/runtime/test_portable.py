"""The portable sandbox (the learner's checker on native Windows), run here on Linux: values, prints, limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.runtime.sandbox import Limits, PortableSandbox, open_sandbox, portable

MODULE = '''
import os, subprocess, sys, time
def double(x):
    print("doubling", x.sum())
    x += 1
    return x * 2
def spin():
    while True:
        pass
def leave():
    os._exit(3)
def flood():
    sys.stdout.write("y" * 10**7)
    return 1
def child(path):
    subprocess.Popen([sys.executable, "-c", f"import time; open({path!r}, 'w').write('x'); time.sleep(60)"])
    while True:
        time.sleep(0.05)
'''
DRIVERS = '''
import importlib
JOBS = ("call",)
def call(package, name, args):
    return getattr(importlib.import_module(package.__name__ + ".m"), name)(*args)
'''


@pytest.fixture
def box(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.py").write_text(MODULE)
    (tmp_path / "drivers.py").write_text(DRIVERS)
    with PortableSandbox(tmp_path / "sub", tmp_path / "drivers.py", Limits(call_seconds=3)) as sandbox:
        yield sandbox


def test_a_value_its_prints_and_the_inputs_as_the_call_left_them(box):
    outcome = box.run("call", {"name": "double", "args": [np.ones(3)]}, observe=["args"])
    assert outcome.status == "ok" and outcome.value.tolist() == [4.0, 4.0, 4.0]
    assert outcome.output == "doubling 3.0\n"
    np.testing.assert_array_equal(outcome.observed["args"][0], [2.0, 2.0, 2.0])   # x += 1, read from the file


def test_endless_code_a_crash_and_a_flood_each_end_in_an_outcome_and_the_next_call_runs(box):
    started = time.monotonic()
    spun = box.run("call", {"name": "spin", "args": []})
    assert spun.status == "timeout" and spun.error == "your code ran past 3 s"
    assert time.monotonic() - started < 20
    left = box.run("call", {"name": "leave", "args": []})
    assert left.status == "crashed" and left.error == "the process exited (code 3) during the call"
    flood = box.run("call", {"name": "flood", "args": []})
    assert flood.status == "ok" and flood.output.startswith("y" * 1000)
    assert "[output truncated: kept the first 64 KiB" in flood.output
    again = box.run("call", {"name": "double", "args": [np.zeros(2)]})
    assert again.status == "ok" and again.output == "doubling 0.0\n"


def test_a_timeout_kills_what_the_code_started(box, tmp_path):
    flag = tmp_path / "child-started"
    outcome = box.run("call", {"name": "child", "args": [str(flag)]}, timeout=2)
    assert outcome.status == "timeout" and flag.exists()
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        assert str(flag).encode() not in cmdline, "the learner's child outlived the timeout"


def test_the_portable_sandbox_is_chosen_where_poll_is_missing(monkeypatch, tmp_path):
    (tmp_path / "m.py").write_text(MODULE)
    (tmp_path / "d.py").write_text(DRIVERS)
    assert not portable.needed()
    monkeypatch.delattr("select.poll")
    assert portable.needed()
    with open_sandbox(tmp_path, tmp_path / "d.py", Limits(), [], "auto", ()) as chosen:
        assert isinstance(chosen, PortableSandbox) and chosen.isolation_level == "portable"
