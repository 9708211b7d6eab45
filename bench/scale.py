"""Grading 1,000 and 10,000 learners: one shard measured here, the rest modelled (issue 22).

`python -m bench.scale [--learners N] [--jobs J]`: a class of N learners cycled from the example learners
that finish (jack, whose training never ends, apart: his cost is his time limits, stated below), graded by
`grade-class --jobs J` with a warm expected-values cache (`prepare` first, as the CI templates do), as one
shard would be. It measures the shard's wall time, CPU seconds (the grader's and the workers'), peak
resident memory (the grader's, and the largest worker's) and the bytes written per learner, then models:

- one machine with C cores and --jobs C: wall = prepare + N x the largest of three bounds per learner: the
  slot bound (the time a job holds its slot per learner, measured: wall x J / N, divided by C), the CPU bound
  (grader and workers' CPU per learner / C) and the grader bound (the grader process's own CPU per learner:
  its judging and transport are Python in one process, one core at most whatever --jobs is; past it, run
  several `--shard` processes per machine); memory = the grader's + C workers' peaks; disk = N x bytes per
  learner;
- S shards (Slurm array tasks or Actions jobs) of N/S learners each, on C-core nodes, sharing one
  `prepare`d cache: wall = the slowest shard + the merge (reads N report.json files: measured per learner).

CPU seconds are those of the processes the grader reaped, and of those they reaped: the fork server, and through
it every worker (the grader closes the server and waits for it before it reads its own).
Where the model can be wrong: it assumes CPU-bound grading that scales with cores (memory bandwidth, a
shared file system for ROOT and OUT, and a grader thread per job on one GIL may not: the grader's own CPU
share is printed so the reader can see how much rides on one process); learners like jack (an endless
loop) add their limits, not their CPU; queue waits and `make install` per shard are not counted.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
SLOW = {"jack"}   # an endless training loop: costs its time limits, modelled apart


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: Runs the CLI in process, then prints the peak resident memory of the grader and of its largest worker.
PEAKS = ("import resource, sys\nfrom autograder.channels.cli import main\ncode = main(sys.argv[1:])\n"
         "from autograder.runtime.sandbox import forkserver\nforkserver.close()  # the workers are its children\n"
         "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "print(me.ru_utime + me.ru_stime, me.ru_maxrss, kids.ru_maxrss, file=sys.stderr)\nsys.exit(code)")


def _run(argv: list[str]) -> tuple[float, tuple[float, int, int]]:
    """(wall seconds, (the grader process's CPU seconds, its peak resident bytes, the largest worker's)) of
    `autograder ARGV`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAKS, *argv], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench.scale: `autograder {argv[0]}` failed: {done.stderr[-500:]}")
    own, grader, worker = done.stderr.split()[-3:]
    return time.perf_counter() - start, (float(own), int(grader) * 1024, int(worker) * 1024)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("extra", nargs="*", help="more grade-class options (after --), e.g. --isolation process")
    args = parser.parse_args()
    names = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() and p.name not in SLOW)
    with tempfile.TemporaryDirectory() as tmp:
        klass, out, cache = Path(tmp) / "class", Path(tmp) / "out", Path(tmp) / "cache"
        for k in range(args.learners):
            shutil.copytree(EXAMPLES / names[k % len(names)], klass / f"{k:05d}-{names[k % len(names)]}")
        prepared, _ = _run(["prepare", "--seed", "1", "--out", str(cache)])
        cpu0 = _children_cpu()
        wall, (own, grader, worker) = _run(["grade-class", str(klass), "--out", str(out), "--jobs", str(args.jobs),
                                       "--seed", "1", "--cache", str(cache), "--no-progress", *args.extra])
        cpu = _children_cpu() - cpu0
        merged, _ = _run(["merge", str(out), "--out", str(Path(tmp) / "merged")])
        begin = time.perf_counter()   # the per-learner part of the merge: process start and imports aside
        subprocess.run([sys.executable, "-c", "import autograder.channels.cli"], cwd=ROOT, check=True)
        merged = max(0.0, merged - (time.perf_counter() - begin))   # 40 reports: within a process start's noise
        written = _size(out) / args.learners
    n, jobs = args.learners, args.jobs
    per_cpu, per_own = cpu / n, own / n
    slot = wall * jobs / n
    print(f"one shard measured: {n} learners, --jobs {jobs}: {wall:.1f} s wall ({wall / n:.3f} s per learner), "
          f"{cpu:.1f} CPU s ({per_cpu:.3f} per learner, of which the grader process {per_own:.3f}), "
          f"peak resident: grader {grader / 2**20:.0f} MiB, largest worker {worker / 2**20:.0f} MiB, "
          f"{written / 1024:.0f} KiB written per learner; a job slot held {slot:.3f} s per learner;"
          f" prepare {prepared:.1f} s; merge {merged:.2f} s "
          f"({merged / n * 1000:.1f} ms per learner)")
    print(f"{'class':>8} {'where':<34}{'wall':>12}{'disk':>10}  bound")
    for size in (1_000, 10_000):
        for where, cores, shards in (("one 2-core machine", 2, 1), ("one 16-core machine (--jobs 16)", 16, 1),
                                     ("10 shards of 2 cores", 2, 10), ("100 shards of 2 cores", 2, 100)):
            each = -(-size // shards)
            bounds = {"slot": slot / cores, "cpu": per_cpu / cores, "grader": per_own}
            bound = max(bounds, key=lambda k: bounds[k])
            seconds = prepared + each * bounds[bound] + (size * merged / n if shards > 1 else 0.0)
            print(f"{size:>8} {where:<34}{seconds / 60:>9.1f} min{size * written / 2**30:>7.2f} GiB  {bound}")
    for cores in (2, 16):
        print(f"memory on a {cores}-core machine (--jobs {cores}): about {(grader + cores * worker) / 2**30:.2f} GiB "
              f"(the grader + {cores} workers at the peaks above; each worker is capped by the sandbox's memory limit)")


if __name__ == "__main__":
    main()
