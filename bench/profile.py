"""Where a learner's grading time goes: per check, the time in the learner's worker and in the grader.

Grades the example learners in process with one shared Grader (its expected values computed
first, as in a warm class run), timing each check's judge, the sandbox calls it makes (the
learner's code, the transport) and the sandbox's start and close. Instrumentation is by
wrapping, in this process only; nothing in the grader changes.
"""

from __future__ import annotations

import collections
import threading
import time
from pathlib import Path

from autograder.grading.grader import Grader
from autograder.runtime import engine
from autograder.runtime.sandbox import channel, process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


class _Timers:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.local = threading.local()

    def add(self, key: str, seconds: float) -> None:
        with self.lock:
            self.seconds[key] += seconds


def profile(learners: list[str], seed: int = 1) -> tuple[dict[str, float], dict[str, float], float]:
    """(check -> [judge s, in-worker s] per learner, overheads per learner, total s per learner).

    The overheads also hold, per learner, "cpu": the grader's main-thread CPU seconds (judging, encoding
    requests, decoding replies), and "sent": the bytes of the requests written to the workers."""
    timers = _Timers()
    send_frame = channel.send_frame

    def counted_send(fd, buffers, *args, **kwargs):
        timers.add("sent", sum(memoryview(b).nbytes for b in buffers))
        return send_frame(fd, buffers, *args, **kwargs)

    judges = dict(engine.JUDGES)
    run, spawn, close = process.Sandbox.run, process.Sandbox._spawn, process.Sandbox.close
    init = process.Sandbox.__init__

    def timed_judge(name: str):
        def judge(context):
            timers.local.check = context.check.name
            start = time.perf_counter()
            try:
                return judges[name](context)
            finally:
                timers.add(f"judge|{context.check.name}", time.perf_counter() - start)
        return judge

    def timed(method, key):
        def wrapper(self, *args, **kwargs):
            spawned_before = getattr(timers.local, "spawned", 0.0)
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                if key == "spawn":
                    timers.local.spawned = spawned_before + seconds
                    timers.add("spawn", seconds)
                elif key == "run":   # the check's time in the worker, without starting one
                    spawned = getattr(timers.local, "spawned", 0.0) - spawned_before
                    check = getattr(timers.local, "check", "?")
                    timers.add(f"worker|{check}", seconds - spawned)
                    timers.add(f"judge|{check}", -spawned)
                else:
                    timers.add(key, seconds)
        return wrapper

    grader = Grader(seed=seed)
    grader.prepare()       # expected values first: what a learner pays in a warm class run
    engine.JUDGES.update({name: timed_judge(name) for name in judges})
    process.Sandbox.run, process.Sandbox._spawn = timed(run, "run"), timed(spawn, "spawn")
    process.Sandbox.close, process.Sandbox.__init__ = timed(close, "close"), timed(init, "init")
    channel.send_frame = counted_send
    try:
        start, cpu = time.perf_counter(), time.thread_time()
        for learner in learners:
            grader.grade(EXAMPLES / learner, learner)
        total = time.perf_counter() - start
        timers.add("cpu", time.thread_time() - cpu)
    finally:
        channel.send_frame = send_frame
        engine.JUDGES.update(judges)
        process.Sandbox.run, process.Sandbox._spawn, process.Sandbox.close = run, spawn, close
        process.Sandbox.__init__ = init
    n = len(learners)
    checks = {key.split("|", 1)[1] for key in timers.seconds if "|" in key}
    per_check = {name: (timers.seconds[f"judge|{name}"] / n, timers.seconds[f"worker|{name}"] / n)
                 for name in checks}
    overheads = {key: timers.seconds[key] / n for key in ("init", "spawn", "close", "cpu", "sent")}
    return per_check, overheads, total / n


def finishing() -> list[str]:
    """The example learners whose grading ends on its own (all but jack, whose training never ends)."""
    return sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "jack")


def main(top: int = 12, profiled: tuple[dict[str, tuple[float, float]], dict[str, float], float] | None = None) -> None:
    """Print where a learner's time goes; ``profiled``: :func:`profile` of :func:`finishing`, when already measured."""
    learners = finishing()
    per_check, overheads, total = profiled or profile(learners)
    judged = sum(judge for judge, _ in per_check.values())
    in_worker = sum(worker for _, worker in per_check.values())
    print(f"\nWhere a learner's time goes ({len(learners)} examples but jack, one at a time, expected values "
          f"computed first): {total:.3f} s per learner")
    print(f"  sandbox set-up {overheads['init']:.3f} s, worker start {overheads['spawn']:.3f} s (restarts included), "
          f"close {overheads['close']:.3f} s; checks {judged:.3f} s, of which {in_worker:.3f} s in the learner's "
          f"worker and {judged - in_worker:.3f} s judging in the grader")
    print(f"  the grader's main thread: {overheads['cpu']:.3f} s of CPU per learner; "
          f"{overheads['sent'] / 1e6:.2f} MB of requests sent to the worker per learner")
    print(f"  {'check':<62}{'total s':>9}{'worker s':>10}")
    for name, (judge, worker) in sorted(per_check.items(), key=lambda item: -item[1][0])[:top]:
        print(f"  {name[:61]:<62}{judge:>9.3f}{worker:>10.3f}")
    rest = sorted(per_check.items(), key=lambda item: -item[1][0])[top:]
    print(f"  {f'the other {len(rest)} checks':<62}{sum(j for _, (j, _) in rest):>9.3f}"
          f"{sum(w for _, (_, w) in rest):>10.3f}")


if __name__ == "__main__":
    main()
