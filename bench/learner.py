"""The learner release's checker and the expected-values cache, side by side with the kit's commands.

Targets (issue 22, tightening issue 6's 1 s and 2 s): the release's `check --task N` in under 0.5 s
and of all visible checks in under 1 s, process start included, without importing torch. Target
(issue 10): a cold-process `grade` of one correct submission with a warm cache at most 0.5x the same
with no cache.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kit import release

ROOT = Path(__file__).resolve().parent.parent
ADA = ROOT / "examples" / "submissions" / "ada"
REPEATS = 3


def timed(command: list[str], cwd: Path = ROOT) -> float:
    """Median wall time of ``command`` over REPEATS runs (its exit code is not checked: checks may fail)."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024**2


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        repo = release.build(tmp / "learner")
        print(f"learner release: {size(repo):.2f} MiB ({(repo / 'selfcheck' / 'pack.npz').stat().st_size / 1024:.0f}"
              " KiB of it the pack)")
        subprocess.run(["make", "install", f"PYTHON={sys.base_prefix}/bin/python3"], cwd=repo, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"its venv (numpy, pytest): {size(repo / '.venv'):.0f} MiB")
        learner_python = str(repo / ".venv" / "bin" / "python")
        for label, args in (("task 6", ["--task", "6"]), ("all visible checks", [])):
            ours = timed([learner_python, "-m", "selfcheck", "check", str(ADA), *args], repo)
            kit = timed([python, "-m", "autograder", "check", str(ADA), *args])
            target = 0.5 if args else 1.0
            print(f"check of ada, {label}: release {ours:.2f} s (target < {target:g} s), "
                  f"kit's `python -m autograder check` {kit:.2f} s")
        cache = tmp / "cache"
        subprocess.run([python, "-m", "autograder", "prepare", "--seed", "3", "--out", str(cache)], check=True,
                       stdout=subprocess.DEVNULL)
        grade = [python, "-m", "autograder", "grade", str(ADA), "--out", str(tmp / "r.json"), "--seed", "3"]
        warm, cold = timed([*grade, "--cache", str(cache)]), timed(grade)
        print(f"grade of ada, cold process: warm cache {warm:.2f} s, no cache {cold:.2f} s, "
              f"ratio {warm / cold:.2f} (target <= 0.5)")


if __name__ == "__main__":
    main()
