"""Grader speed: one `grade` from a cold start, `grade-class` throughput with 1 and 2 jobs, and shards.

Targets (issue 3): one full `grade` (all checks, convergence included, process start-up and
imports counted) under 5 s; within `grade-class`, under 2 s per learner amortised. Issue 10:
at most 0.45 s per learner with `--jobs 2` on the examples and `--jobs 2` at least 1.8x the
throughput of `--jobs 1`; two `--shard` processes with `--jobs 1` run at once and then merged
at least 0.95x the throughput of one `--jobs 2` run on the same class (measured twice: on the class
above, whose names split 22/28, and on one with the same learners in each shard). Issue 22: `grade-class
--jobs 2` on the examples that finish within 1.25x of the floor (the learners' own time in their workers,
measured by bench/profile.py, spread over the cores), and the endless learner (jack) costing at most his
time limits and his other checks' own time, over the cores. Then the breakdown of a learner's time per
check (bench/profile.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.grading.shards import shard_of
from bench import profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
CLASS_SIZE = 50


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def make_class(folder: Path, learners: list[str]) -> None:
    """CLASS_SIZE copies of the example learners, cycled."""
    for k in range(CLASS_SIZE):
        name = learners[k % len(learners)]
        shutil.copytree(EXAMPLES / name, folder / f"{k:02d}-{name}")


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = timed([python, "-m", "autograder", "grade", str(EXAMPLES / "ada"), "--out", str(tmp / "ada.json"),
                     "--seed", "1"])   # grading refuses to run without a course seed (issue 20)
        print(f"grade, one correct submission, cold start: {one:.2f} s (target < 5 s)")
        everyone = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
        for label, learners in (("all examples", everyone),
                                ("examples that finish (no jack)", [n for n in everyone if n != "jack"])):
            make_class(tmp / label, learners)
            seconds = {}
            for jobs in (1, 2):
                out = tmp / f"out-{label}-{jobs}"
                seconds[jobs] = timed([python, "-m", "autograder", "grade-class", str(tmp / label), "--out", str(out),
                                       "--jobs", str(jobs), "--seed", "1", "--no-progress"])
                print(f"grade-class, {CLASS_SIZE} learners ({label}), --jobs {jobs}: {seconds[jobs]:.1f} s, "
                      f"{seconds[jobs] / CLASS_SIZE:.2f} s per learner")
            print(f"  speed-up of --jobs 2: {seconds[1] / seconds[2]:.2f}x (target >= 1.8x); "
                  f"{seconds[2] / CLASS_SIZE:.2f} s per learner at --jobs 2 (target <= 0.45 s)")
        shards_against_one_run(python, tmp / "all examples", tmp, "the class above")
        make_balanced_class(tmp / "balanced", everyone)
        shards_against_one_run(python, tmp / "balanced", tmp / "balanced-runs", "the same mix in each shard")
        profiled = profile.profile(profile.finishing())   # measured once: the floor below and the breakdown
        against_the_floor(python, tmp / "floor", profiled[0])
    profile.main(profiled=profiled)


def against_the_floor(python: str, tmp: Path, per_check: dict[str, tuple[float, float]], jobs: int = 2) -> None:
    """`grade-class --jobs J` (warm cache) on the examples that finish, against the floor: the learners' own time
    in their workers (``per_check``: bench/profile.py's of them, one at a time), over min(J, cores); then the same
    class with jack, whose extra wall time should be at most his time limits (the "ran past N s" of his timeouts)
    and his other checks' own time in his worker, over the cores: an endless learner costs his limits and nothing
    more."""
    finishing = profile.finishing()
    in_workers = sum(worker for _, worker in per_check.values()) * len(finishing)
    cores = min(jobs, os.cpu_count() or 1)
    tmp.mkdir(parents=True, exist_ok=True)
    cache = tmp / "cache"
    subprocess.run([python, "-m", "autograder", "prepare", "--seed", "1", "--out", str(cache)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls = {}
    for label, learners in (("finish", finishing), ("with jack", [*finishing, "jack"])):
        root = tmp / label
        for name in learners:
            shutil.copytree(EXAMPLES / name, root / name)
        walls[label] = timed([python, "-m", "autograder", "grade-class", str(root), "--out", str(tmp / f"out-{label}"),
                              "--jobs", str(jobs), "--seed", "1", "--cache", str(cache), "--no-progress"])
    floor = in_workers / cores
    print(f"grade-class --jobs {jobs}, the {len(finishing)} examples that finish, warm cache: {walls['finish']:.1f} s; "
          f"floor {floor:.1f} s (the learners' own {in_workers:.1f} s in their workers over {cores} cores): "
          f"{walls['finish'] / floor:.2f}x the floor (target <= 1.25x)")
    report = json.loads((tmp / "out-with jack" / "jack" / "report.json").read_text())
    timed_out = {r["name"] for r in report["results"] if r["status"] == "timeout"}
    limits = sum(float(m.group(1)) for r in report["results"] if r["name"] in timed_out
                 for m in [re.search(r"ran past (\d+(?:\.\d+)?) s", r["message"])] if m)
    his_checks, _, _ = profile.profile(["jack"], seed=1)   # his other checks cost what anyone's do
    ordinary = sum(worker for name, (_, worker) in his_checks.items() if name not in timed_out)
    extra = walls["with jack"] - walls["finish"]
    print(f"  with jack (an endless generate): {walls['with jack']:.1f} s, {extra:.1f} s more; his limits "
          f"{limits:.1f} s and his other checks' own {ordinary:.1f} s over {cores} cores: "
          f"{(limits + ordinary) / cores:.1f} s (target: the extra at most that)")


def make_balanced_class(folder: Path, learners: list[str], copies: int = 4) -> None:
    """``copies`` of each example learner, half of them in each of 2 shards: a class whose shards differ in
    nothing but their names, so that the comparison measures sharding, not how the names happen to split."""
    for name in learners:
        wanted = {1: copies // 2, 2: copies // 2}
        k = 0
        while any(wanted.values()):
            folder_name = f"{k:03d}-{name}"
            shard = shard_of(folder_name, 2)
            if wanted[shard]:
                wanted[shard] -= 1
                shutil.copytree(EXAMPLES / name, folder / folder_name)
            k += 1


def shards_against_one_run(python: str, root: Path, tmp: Path, label: str) -> None:
    """2 shards at --jobs 1 at once + merge against one --jobs 2 run, both with one warm expected-values cache
    (filled by `prepare` beforehand, as a cluster would ship it), so that both compare grading, not set-up."""
    tmp.mkdir(exist_ok=True)
    cache = tmp / "cache"
    subprocess.run([python, "-m", "autograder", "prepare", "--seed", "5", "--out", str(cache)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    one = timed([python, "-m", "autograder", "grade-class", str(root), "--out", str(tmp / "one-run"), "--jobs", "2",
                 "--seed", "5", "--cache", str(cache), "--no-progress"])
    sharded = sharded_run(python, root, tmp / "shards", cache=cache)
    sizes = [sum(shard_of(p.name, 2) == i for p in root.iterdir()) for i in (1, 2)]
    print(f"grade-class, {sum(sizes)} learners ({label}), warm cache: one --jobs 2 run {one:.1f} s; 2 shards "
          f"(of {sizes[0]} and {sizes[1]} learners) at --jobs 1 at once, then merged, {sharded:.1f} s: throughput "
          f"{one / sharded:.2f}x (target >= 0.95; {sum(sizes) / 2 / max(sizes):.2f} if the larger shard set the "
          "pace and nothing else differed)")


def sharded_run(python: str, root: Path, out: Path, count: int = 2, cache: Path | None = None) -> float:
    """Seconds for ``count`` `grade-class --shard I/count --jobs 1` processes at once, then `merge`."""
    out.mkdir()
    extra = ["--cache", str(cache)] if cache else []
    start = time.perf_counter()
    shards = [subprocess.Popen([python, "-m", "autograder", "grade-class", str(root), "--out", str(out / str(i)),
                                "--jobs", "1", "--shard", f"{i}/{count}", "--seed", "5", "--no-progress", *extra],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
              for i in range(1, count + 1)]
    if any(shard.wait() != 0 for shard in shards):
        raise RuntimeError("a shard failed")
    subprocess.run([python, "-m", "autograder", "merge", *(str(out / str(i)) for i in range(1, count + 1)),
                    "--out", str(out / "merged")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
