"""Run checks on one submission in its sandbox and collect a Report: shared by the grader and the release.

The engine knows neither where the expected values come from (a :class:`~autograder.runtime.judges.Source`)
nor which channel asked; the kit's :class:`~autograder.grading.grader.Grader` and a learner release's
checker both call :func:`run_checks`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .drivers import SAMPLE_MARK
from .judges import JUDGES, Check, Context, Failure, GraderBug, Source
from .judges.base import PROBE_SECONDS, ProbeAllowance, explain_near_limit, explain_timeout, hung_import
from .model import PASSED_MESSAGE, CheckResult, Report, Status
from .sandbox import Limits, SandboxError, open_sandbox, procs

DRIVERS = Path(__file__).with_name("drivers")
NOTHING_FOUND = "no exercise module found"
#: What a submission may not import: the kit's own packages (its answers and tools) and torch, which the
#: exercises are to be written without (the sandbox refuses them with a message naming the learner's line).
BLOCKED_PACKAGES = ("torch", "autograder", "solutions", "kit", "exercises", "tests", "nbgrader", "selfcheck")
GRADING_LIMITS = Limits(call_seconds=2.0, total_seconds=120.0)   # per call (the convergence run: 60 s) and in all
#: Never where a learner's modules are: archive debris, and the learner release's own folders (a learner's
#: copy of the checker or its tests may have been edited; the grader uses its own, never the learner's).
NOT_MODULE_FOLDERS = frozenset({"__MACOSX", "__pycache__", "selfcheck", "tests", "node_modules"})
MAX_DEPTH = 4   # how far below a submission its modules are looked for


class AmbiguousSubmission(ValueError):
    """A submission holds the exercise modules in two folders equally well (two copies); ``folders`` names them."""

    def __init__(self, message: str, folders: str) -> None:
        super().__init__(message)
        self.folders = folders


def locate_modules(submission: Path, modules: Sequence[str]) -> Path:
    """The folder of ``submission`` to grade: the one with the most exercise modules (the shallowest on a tie).

    A submission is whatever the learner handed in: loose modules, a zip's folder, or a learner
    release's repository as GitHub Classroom collects it (modules in ``exercises/``, with
    ``selfcheck/``, ``tests/`` and ``.git`` beside them), possibly a level or two deeper. Links are
    not followed; hidden folders and :data:`NOT_MODULE_FOLDERS` are skipped; at most MAX_DEPTH levels
    down. With no module anywhere, ``submission`` itself (grading then says what is missing).
    Raises AmbiguousSubmission (one line) when two folders tie.
    """
    submission = Path(submission)
    wanted = {f"{module}.py" for module in modules}
    found: dict[tuple[int, int], list[Path]] = {}
    for folder, dirs, files in os.walk(submission):
        depth = len(Path(folder).relative_to(submission).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in NOT_MODULE_FOLDERS
                         and depth < MAX_DEPTH)
        count = len(wanted & set(files))
        if count:
            found.setdefault((count, -depth), []).append(Path(folder))
    if not found:
        return submission
    best = found[max(found)]
    if len(best) > 1:
        names = ", ".join(f"'{p.relative_to(submission).as_posix() or '.'}/'" for p in best[:3])
        raise AmbiguousSubmission(f"the submission holds the exercise modules in more than one folder ({names}); "
                                  "keep one copy", names)
    return best[0]

# Time limits are stated for the reference machine, in CPU time of the learner's processes where the system
# tells it (Linux's /proc), so that a busy grading machine does not change a verdict: on a slower machine every
# limit grows by how much more CPU time a fixed piece of Python and NumPy work takes there than on the
# reference machine (measured once per process, the best of a few runs, in the measuring thread's own CPU
# time, which the grader's other threads do not inflate), between 1 and MAX_SCALE times; a limit never
# shrinks on a faster machine. Each limit is also a wall-time cap (Limits.wall_factor times longer), which
# grows with the machine's load (runnable tasks per core, the 1-minute load average). Where CPU time cannot be
# read (macOS, Windows), the limits are wall time and grow with the load as well.
REFERENCE_BENCH_SECONDS = 0.040    # :func:`_bench` on the reference machine (the kit's CI runner class)
MAX_SCALE = 4.0


def _bench() -> float:
    """CPU seconds of a fixed mix of Python loops and small matrix products (what slow learner code is made of)."""
    rng = np.random.default_rng(0)   # 64x64 products: OpenBLAS runs them on the calling thread (larger ones it
    a, b = rng.standard_normal((64, 64)), rng.standard_normal((64, 64))   # spreads over threads not counted here)
    start = time.thread_time()   # this thread's own: a class run's other jobs and the grader's prefetch run beside it
    total = 0.0
    for i in range(60_000):
        total += i * 0.5
    for _ in range(200):
        a = np.tanh(a @ b)
    return time.thread_time() - start


@functools.cache
def machine_scale() -> float:
    """How many times longer this machine's limits are than the reference machine's (see above)."""
    return min(MAX_SCALE, max(1.0, min(_bench() for _ in range(3)) / REFERENCE_BENCH_SECONDS))


def machine_load() -> float:
    """Runnable tasks per core (the 1-minute load average over the core count), at least 1, at most MAX_SCALE."""
    try:   # POSIX; none on Windows
        sharing = os.getloadavg()[0] / (os.cpu_count() or 1)
    except (AttributeError, OSError):
        sharing = 1.0
    return min(MAX_SCALE, max(1.0, sharing))


def scaled(limits: Limits, scale: float, load: float = 1.0) -> Limits:
    """``limits`` for a machine ``scale`` times slower than the reference, with ``load`` tasks per core."""
    if not procs.cpu_time_readable():   # wall-time limits: the load stretches them too
        scale, load = scale * load, 1.0
    return dataclasses.replace(limits, call_seconds=limits.call_seconds * scale,
                               total_seconds=limits.total_seconds * scale,
                               wall_factor=limits.wall_factor * load)


def run_checks(
    submission: Path, name: str, checks: Sequence[Check], points: Mapping[str, float], source: Source,
    seed_of: Callable[[Check], int], modules: Sequence[str], limits: Limits, hide: Sequence[Path] = (),
    isolation: str = "auto", task_of: Mapping[str, str] | None = None,
    progress: Callable[[Check], None] | None = None, scale: float | None = None,
) -> Report:
    """Every check of ``checks`` on the learner folder ``submission``; never raises for the learner's code.

    ``modules`` are the exercise modules: a folder holding none of them gets every check
    NOT_ATTEMPTED and ``error`` set. A GraderBug (expected values that could not be computed) and a
    SandboxError (the grader's own side failed: a sandbox that cannot start, no space left, no memory)
    propagate: no learner is scored by the kit's or the machine's fault, and a class run grades the
    learner again next time. ``task_of`` (module -> task id, default: from the checks' specs) lets a
    timeout name the task of the function that was running; ``progress`` is called with each check as it
    starts; ``scale`` multiplies the time limits (default :func:`machine_scale`).
    """
    start = time.perf_counter()
    scale = machine_scale() if scale is None else scale
    limits = dataclasses.replace(scaled(limits, scale, machine_load()), kept_mark=SAMPLE_MARK)   # past the cap
    task_of = dict(task_of) if task_of is not None else {
        str(c.spec["module"]): c.task for c in checks if isinstance(c.spec.get("module"), str)}

    def elapsed() -> float:
        return round(time.perf_counter() - start, 3)

    def result(check: Check, failure: Failure) -> CheckResult:
        return CheckResult(check.name, check.task, points[check.name], 0.0, failure.status,
                           failure.message, check.visibility, failure.diagnostics)

    if not any((submission / f"{module}.py").is_file() for module in modules):
        reason = (f"{NOTHING_FOUND} in {submission}: expected files such as "
                  f"{', '.join(sorted(m + '.py' for m in modules)[:3])}, ...")
        try:
            below = sorted(p.name for p in submission.iterdir() if p.is_dir() and p.name != "__MACOSX"
                           and not p.name.startswith(".") and any((p / f"{m}.py").is_file() for m in modules))
        except OSError:
            below = []
        if below:
            reason += f"; they are one folder down, in '{below[0]}/': put them at the top of the submission"
        failure = Failure(f"not attempted: {reason}", Status.NOT_ATTEMPTED)
        return Report(name, [result(check, failure) for check in checks], elapsed(), error=reason)
    results: dict[str, CheckResult] = {}
    integrity: list[dict[str, str]] = []   # what the learner's code tried, under the check it happened in
    hung: dict[str, str] = {}   # module -> why its checks are not run: importing it ran out of time once
    # Visible checks first, hidden ones after: the worker (and its home) persists between checks, so nothing of a
    # hidden check's inputs can reach the output of a visible check, which a learner sees before the release.
    # Within each, checks that ask to run first (spec "first": the convergence run, whose expected values the
    # grader computes in the background meanwhile) go first.
    order = sorted(checks, key=lambda check: (check.visibility == "hidden", not check.spec.get("first")))
    probes = ProbeAllowance(PROBE_SECONDS * scale)   # the calls made to describe wrong answers, all checks together
    try:
        with open_sandbox(submission, DRIVERS, limits, list(hide), isolation, BLOCKED_PACKAGES) as sandbox:
            for check in order:
                if progress is not None:
                    progress(check)
                module = check.spec.get("module")
                if module in hung:   # its import never finished once: every later import would wait as long
                    results[check.name] = result(check, Failure(hung[module], Status.TIMEOUT, {"pattern": "endless"}))
                    continue
                context = Context(check, seed_of(check), sandbox, source, limits.call_seconds, scale, task_of,
                                  probes)
                try:
                    diagnostics = JUDGES[check.judge](context) or {}
                except Failure as failure:
                    _explain(failure, context)
                    _remember_hung_import(hung, failure, context)
                    _add_output(failure, context)
                    results[check.name] = result(check, failure)
                    continue
                except (GraderBug, SandboxError, OSError, MemoryError):
                    raise          # the kit's or the machine's fault: the channel reports it, no learner is scored
                except Exception as err:   # the learner returned something the comparison could not digest
                    undigested = Failure(
                        f"could not judge this check: the value returned led to {type(err).__name__}: {err}",
                        Status.ERROR)
                    _add_output(undigested, context)
                    results[check.name] = result(check, undigested)
                    continue
                finally:
                    _record(integrity, check.name, sandbox.take_integrity())
                near = context.near_limit
                results[check.name] = CheckResult(check.name, check.task, points[check.name], points[check.name],
                                                  Status.PASSED,
                                                  PASSED_MESSAGE if near is None else explain_near_limit(near, task_of),
                                                  check.visibility, diagnostics)
        _record(integrity, order[-1].name if order else "", sandbox.take_integrity())   # found while closing
    except OSError as err:         # the grader's own side (no space left, a staging error): a grading error
        raise SandboxError(f"the grader's side failed while grading this submission: {err}") from err
    _fix_first(checks, results)
    return Report(name, [results[check.name] for check in checks], elapsed(), integrity=integrity)


def _explain(failure: Failure, context: Context) -> None:
    """A call stopped for time: say whose function was running and whether it was slow or endless."""
    if failure.status is not Status.TIMEOUT:
        return
    words = explain_timeout(context.sample, context.task_of)
    if words:
        failure.message = failure.message.replace("; look for a loop that never ends", "") + f"\n{words}"
        failure.diagnostics["pattern"] = "too-slow" if "too slow" in words else "endless"


def _remember_hung_import(hung: dict[str, str], failure: Failure, context: Context) -> None:
    """A call stopped for time inside a module's top-level code: that module, and the check's own module, which
    imports it, are not imported again in this grading; their later checks get the same timeout at once.

    Only the learner's own points ride on this (the samples come from the learner's process): a forged sample
    can cost its own checks, never earn one."""
    module = hung_import(context.sample) if failure.status is Status.TIMEOUT else None
    if module is None:
        return
    why = (f"not run: importing your {module}.py did not finish within the time limit in an earlier check "
           f"({context.check.name}); the code outside any function runs at every import: look for a loop there")
    for name in {module, str(context.check.spec.get("module", module))}:
        hung.setdefault(name, why)


def _add_output(failure: Failure, context: Context) -> None:
    """What the learner's code printed during a failed visible check, whatever the failure (a wrong value too).

    Hidden checks keep only what :func:`~autograder.judges.failure_of` attaches (the output of a call that
    raised or ran out of time): a print of a hidden check's inputs, or of the recorded reference values a
    task-8 check feeds the learner's code, would hand them to the learner with every wrong value.
    """
    if ("output" not in failure.diagnostics and failure.status is not Status.NOT_ATTEMPTED
            and context.check.visibility == "visible"):
        printed = context.output()
        if printed:
            failure.diagnostics["output"] = printed


def _record(integrity: list[dict[str, str]], check: str, flags: list[tuple[str, str]]) -> None:
    """Add the sandbox's flags under the check that raised them, each (kind, detail) once per report."""
    seen = {(flag["kind"], flag["detail"]) for flag in integrity}
    for kind, detail in flags:
        if (kind, detail) not in seen:
            seen.add((kind, detail))
            integrity.append({"kind": kind, "check": check, "detail": detail})


def _fix_first(checks: Sequence[Check], results: dict[str, CheckResult]) -> None:
    """An end-to-end check (spec "uses": task ids) that fails while a task it uses fails: say which to fix first."""
    for check in checks:
        outcome = results[check.name]
        if outcome.status is Status.PASSED or not check.spec.get("uses"):
            continue
        lower = sorted({r.task for r in results.values() if r.task in check.spec["uses"] and r.status is not
                        Status.PASSED}, key=int)
        if lower:
            tasks = ", ".join(lower)
            outcome.message += (f"\nFix task{'s' if len(lower) > 1 else ''} {tasks} first: this end-to-end check runs "
                                f"your code of {'those tasks' if len(lower) > 1 else 'that task'} too, and "
                                f"{'their' if len(lower) > 1 else 'its'} own checks fail.")
