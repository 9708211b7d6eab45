"""Timing verdicts of one slow-but-finite submission, on a quiet machine and under a CPU load (issue 18).

`python -m bench.verdicts [--repeat N] [--load K] [--slowness R]`: ada's submission with task 4's
``affine_forward`` rewritten as four nested Python loops done ``R`` times over, so that task 8's training
run (60 s on the reference machine) spends most of its limit in it; graded ``N`` times with ``K`` busy
processes beside it. Prints, per run, the machine's limit scale (engine.machine_scale, measured in the
grading process: CPU time of a fixed benchmark) and load factor (engine.machine_load: it stretches only the
wall-time caps), the wall time, and each task's points: the verdict must not flip between runs or loads; a
check that passed near its time limit is printed with its warning (a run that passes there must have warned).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADA = ROOT / "examples" / "submissions" / "ada"
VECTORISED = "    return h @ Wy + by, (h, Wy)\n"
LOOPS = """    N, T, H = h.shape
    out = np.zeros((N, T, Wy.shape[1]))
    for _ in range({slowness}):
        for n in range(N):
            for t in range(T):
                for v in range(Wy.shape[1]):
                    acc = by[v]
                    for k in range(H):
                        acc += h[n, t, k] * Wy[k, v]
                    out[n, t, v] = acc
    return out, (h, Wy)
"""


def slow_submission(folder: Path, slowness: int) -> Path:
    """A copy of ada with a correct but slow ``affine_forward``."""
    target = folder / "slowpoke"
    shutil.copytree(ADA, target)
    rnn = target / "rnn.py"
    text = rnn.read_text()
    assert VECTORISED in text, "ada's affine_forward changed: update bench/verdicts.py"
    rnn.write_text(text.replace(VECTORISED, LOOPS.format(slowness=slowness), 1))
    return target


def _spin() -> None:
    while True:
        pass


def grade_once(submission: Path, out: Path) -> tuple[float, dict[str, str], float, float]:
    """(wall seconds, task -> "points/max", the machine's limit scale and load factor before the grading)."""
    probe = "from autograder.runtime.engine import machine_load, machine_scale; print(machine_scale(), machine_load())"
    scale, load = map(float, subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                                            check=True).stdout.split())
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--out", str(out),
                    "--seed", "1"], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    report = json.loads(out.read_text())
    tasks: dict[str, list[float]] = {}
    for test in report["tests"]:
        task = str(test["number"]).split(".")[0]
        earned, possible = tasks.setdefault(task, [0.0, 0.0])
        tasks[task] = [earned + float(test.get("score", 0.0)), possible + float(test.get("max_score", 0.0))]
    for test in report["tests"]:   # what lost points, and why (a timeout's message gives its CPU and wall time),
        output = " | ".join(str(test.get("output", "")).split("\n"))   # and what passed near its time limit
        if float(test.get("score", 0.0)) < float(test.get("max_score", 0.0)):
            print(f"  lost: {test['name']}: {output[:500]}", flush=True)
        elif "close to its time limit" in output:
            print(f"  warned: {test['name']}: {output[:300]}", flush=True)
    return wall, {t: f"{e:.4g}/{p:.4g}" for t, (e, p) in sorted(tasks.items())}, scale, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load", type=int, default=0, help="busy processes beside the grading")
    parser.add_argument("--slowness", type=int, default=8)
    args = parser.parse_args()
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.load)]
    for spinner in spinners:
        spinner.start()
    if spinners:
        time.sleep(60)   # a sustained load, as a busy grading machine has: the 1-minute load average sees it
    try:
        with tempfile.TemporaryDirectory() as tmp:
            submission = slow_submission(Path(tmp), args.slowness)
            for k in range(args.repeat):
                wall, tasks, scale, load = grade_once(submission, Path(tmp) / f"run{k}.json")
                print(f"load {args.load}  run {k + 1}: scale {scale:.2f}  wall-cap factor x{load:.2f}  {wall:5.1f} s  "
                      + "  ".join(f"t{t} {v}" for t, v in tasks.items()), flush=True)
    finally:
        for spinner in spinners:
            spinner.terminate()
            spinner.join()


if __name__ == "__main__":
    main()
