"""What a check is and what its judge sees while it runs.

A check belongs to one task of the manifest, has a weight (its share of the task's
points) and a visibility, and is made of two halves:

- its *expected values*, computed on the trusted side from the check's seed (the
  inputs, the reference's outputs, the outputs of the known mistakes): in the kit by
  the builders of ``autograder/expected/checks/``, in a learner release read from the pack;
- its *judge*, a function of this package that calls the learner's code in the sandbox
  and compares what comes back with the expected values.

Only the judges (and no builder) ship to learners, so one implementation of every
visible check runs in the kit's ``check``, in the release's checker and at grading time.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..drivers import SAMPLE_MARK
from ..explain import explain
from ..model import Status
from ..sandbox import Outcome, format_seconds

#: A builder of one part of a check's expected values: ``build(seed, get)``, where ``get(part)``
#: returns another part of the same check (trusted side only; never shipped).
Builder = Callable[[int, Callable[[str], Any]], Any]


class GraderBug(RuntimeError):
    """The grader itself failed (computing expected values): never the learner's fault, never scored."""


class Failure(Exception):
    """The learner's work did not pass a check; ``message`` is for the learner."""

    def __init__(self, message: str, status: Status = Status.FAILED, diagnostics: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.diagnostics = diagnostics or {}


@dataclass(frozen=True)
class Check:
    """One check: ``judge`` (a name in :data:`autograder.runtime.judges.JUDGES`) applied with ``spec`` (plain data).

    ``build`` maps each part of the expected values to its builder; it is empty where the
    expected values come from a pack.
    """

    name: str
    task: str
    weight: float
    visibility: str
    judge: str
    spec: Mapping[str, Any] = field(default_factory=dict)
    build: Mapping[str, Builder] = field(default_factory=dict, compare=False, repr=False)


class Source(Protocol):
    """Where a check's expected values come from: computed (the kit) or read (a learner release's pack)."""

    def expected(self, check: Check, seed: int, part: str) -> Any: ...

    def model_loss(self, ctx: Context, params: dict, batch: list) -> float:
        """The validation loss of ``params`` on ``batch`` (X, y, mask), for the convergence check."""
        ...


#: Seconds of the learner's time that the calls made only to describe wrong answers may use per submission
#: (judges/values.unused_inputs), out of its total budget (120 s): what is left for the checks stays theirs.
PROBE_SECONDS = 5.0


@dataclass
class ProbeAllowance:
    """What is left of a submission's :data:`PROBE_SECONDS` (one object shared by the Contexts of its checks)."""

    seconds: float


class Context:
    """What a running judge sees: its check, its input seed, the learner's sandbox, the expected values."""

    def __init__(self, check: Check, seed: int, sandbox: Any, source: Source, call_seconds: float = 2.0,
                 scale: float = 1.0, task_of: Mapping[str, str] | None = None,
                 probes: ProbeAllowance | None = None) -> None:
        self.check = check
        self.seed = seed
        self.sandbox = sandbox
        self.source = source
        self.call_seconds = call_seconds   # the sandbox's limit per call (a job may ask for its own)
        self.scale = scale                 # this machine's slowness, applied to a job's own time limit
        self.task_of = dict(task_of or {})  # module -> task id, to say whose code was running
        self.printed: list[str] = []   # what each call of this check printed, in order (empty calls left out)
        self.sample: dict | None = None  # the stack samples of the last call that ran out of time
        self.near_limit: NearLimit | None = None  # the call that used the largest share of its time limit, past NEAR
        self.probes = probes or ProbeAllowance(PROBE_SECONDS)   # the submission's, shared by its checks

    @property
    def spec(self) -> Mapping[str, Any]:
        return self.check.spec

    def expected(self, part: str = "cases") -> Any:
        """The part ``part`` of this check's expected values (computed once per grading run)."""
        return self.source.expected(self.check, self.seed, part)

    def outcome(self, job: str, timeout: float | None = None, observe: tuple[str, ...] = (), **payload: Any) -> Outcome:
        """Run a driver job in the learner's sandbox (default time limit unless ``timeout``); the arrays of the
        payload's keys ``observe`` are read back by the grader after the call (``Outcome.observed``)."""
        limit = self.call_seconds if timeout is None else timeout * self.scale
        payload = {"job": job, "after": SAMPLE_FROM * limit, "report": SAMPLE_REPORT * limit,
                   "period": min(SAMPLE_PERIOD, limit / 40), **payload}
        outcome = self.sandbox.run("sampled", payload, timeout=None if timeout is None else limit, observe=observe)
        output, sample = split_sample(outcome.output)
        if output != outcome.output:
            outcome = dataclasses.replace(outcome, output=output)
        self.sample = sample if outcome.status == "timeout" else None
        used = outcome.seconds if outcome.cpu is None else outcome.cpu   # as the limit counts it
        if outcome.status == "ok" and used >= NEAR * limit and (
                self.near_limit is None or used / limit > self.near_limit.used / self.near_limit.limit):
            self.near_limit = NearLimit(used, limit, sample, outcome.cpu is not None)
        if outcome.output:
            self.printed.append(outcome.output)
        return outcome

    def probe(self, job: str, seconds: float, **payload: Any) -> Outcome | None:
        """A call made only to describe a wrong answer, limited to ``seconds`` of CPU time: nothing of it (its
        output, stack samples, nearness to the limit) is the check's. None when the submission's allowance for
        such calls is spent (a call that did not end normally spends all of it)."""
        if self.probes.seconds < seconds:
            return None
        outcome = self.sandbox.run(job, payload, timeout=seconds)
        self.probes.seconds -= outcome.seconds if outcome.cpu is None else outcome.cpu
        if outcome.status != "ok":
            self.probes.seconds = 0.0
        return outcome

    def output(self) -> str:
        """What the learner's code printed during this check, for a failure's ``output`` diagnostic.

        The last call (the one that failed) is kept whole, as the sandbox cut it; earlier calls'
        output goes before it while the total stays under :data:`MAX_PRINTED` characters.
        """
        return printed_text(self.printed)

    def run(self, job: str, what: str, timeout: float | None = None, **payload: Any) -> Any:
        """Run a driver job; return its value, or raise the Failure that its outcome means."""
        outcome = self.outcome(job, timeout, **payload)
        if outcome.status == "ok":
            return outcome.value
        raise failure_of(outcome, what)


def combine(failures: list[Failure]) -> Failure:
    """Several independent problems of one check as one Failure, the first (most important) leading.

    The others follow as "Also: ..." paragraphs; the first one's status and diagnostics stay (its
    ``pattern`` and ``mistake`` name the check's main problem), and ``also`` lists the ids of the others.
    """
    first, rest = failures[0], failures[1:]
    if not rest:
        return first
    message = first.message + "".join(f"\nAlso: {other.message}" for other in rest)
    diagnostics = dict(first.diagnostics)
    also = [other.diagnostics.get("mistake") or other.diagnostics.get("pattern") or "other" for other in rest]
    diagnostics["also"] = also
    for other in rest:
        if "output" in other.diagnostics and "output" not in diagnostics:
            diagnostics["output"] = other.diagnostics["output"]
    return Failure(message, first.status, diagnostics)


class Problems:
    """The problems a judge finds in one check, by kind, the first of each kind kept; :meth:`raise_all`
    raises them as one Failure in the order of ``importance`` (unknown kinds last)."""

    def __init__(self, importance: tuple[str, ...]) -> None:
        self.importance = importance
        self.found: dict[str, Failure] = {}

    def add(self, kind: str, failure: Failure) -> None:
        self.found.setdefault(kind, failure)

    def raise_all(self) -> None:
        if self.found:
            rank = {kind: k for k, kind in enumerate(self.importance)}
            kinds = sorted(self.found, key=lambda kind: rank.get(kind, len(rank)))
            raise combine([self.found[kind] for kind in kinds])


def failure_of(outcome: Outcome, what: str) -> Failure:
    """The learner-facing Failure for a job that did not return normally."""
    printed = {"output": outcome.output} if outcome.output else {}
    if outcome.status == "timeout":
        return Failure(f"{what}: {outcome.error}; look for a loop that never ends", Status.TIMEOUT, printed)
    if outcome.exc_type == "NotImplementedError":
        function = what.split("(")[0].split(":")[0]
        return Failure(f"not attempted: {function} still raises NotImplementedError", Status.NOT_ATTEMPTED)
    if outcome.exc_type == "ModuleNotFoundError" and "submission." in outcome.error:
        missing = outcome.error.split("submission.")[-1].split("'")[0]
        return Failure(f"not attempted: {missing}.py is missing from the submission", Status.NOT_ATTEMPTED)
    meaning = explain(outcome.exc_type, outcome.error)
    said = f"\nWhat the error means: {meaning[1]}" if meaning else ""
    called = CALLED_FROM.search(outcome.error)
    if called:   # raised in a function the checked one called: say where to look first
        function, caller = called.groups()
        return Failure(f"{what} failed: {outcome.error}\nThe error comes from your {function}, called by your "
                       f"{caller}: look first at what {caller} passes to it (the shapes, order and kinds of its "
                       f"arguments), then at {function} itself.{said}",
                       Status.ERROR, {**printed, "pattern": "raised-in-callee"})
    return Failure(f"{what} failed: {outcome.error}{said}", Status.ERROR,
                   {**printed, "pattern": meaning[0]} if meaning else printed)


#: How the worker names a function the checked one called when an error is raised there (worker.learner_location).
CALLED_FROM = re.compile(r", in (\w+), called from your (\w+) at [^,()]+, line \d+\)$")


@dataclass(frozen=True)
class NearLimit:
    """A call that returned in time after using ``used`` seconds of its ``limit`` (CPU time where the sandbox
    reads it, ``cpu``; wall time elsewhere), with its stack samples."""

    used: float
    limit: float
    sample: dict | None
    cpu: bool


#: A call that returns after using this share of its time limit or more is told to the learner, passed or not: a
#: slower or busier machine may stop it (CPU time under load varies by a tenth to a quarter on a shared machine).
NEAR = 0.5

#: A call's stack is sampled from SAMPLE_FROM of its time limit on, every SAMPLE_PERIOD seconds at most, and
#: reported at SAMPLE_REPORT of it (drivers.sampled), so that a call stopped for time can be explained.
SAMPLE_FROM, SAMPLE_REPORT, SAMPLE_PERIOD = 0.5, 0.9, 0.1


def split_sample(output: str) -> tuple[str, dict | None]:
    """``output`` without the sampler's line, and that line's data (None if there is none or it is unusable)."""
    if SAMPLE_MARK not in output:
        return output, None
    kept, sample = [], None
    for line in output.split("\n"):
        at = line.find(SAMPLE_MARK)
        if at < 0:
            kept.append(line)
            continue
        if line[:at]:
            kept.append(line[:at])
        try:
            data = json.loads(line[at + len(SAMPLE_MARK):])
            sample = data if isinstance(data, dict) and isinstance(data.get("functions"), dict) else sample
        except (ValueError, RecursionError):   # not JSON, or nested past the parser's depth
            pass
    return "\n".join(kept), sample


@dataclass(frozen=True)
class _Busiest:
    """The learner's function found running most often in a call's samples, as a learner reads it."""

    function: str      # its name, "<module>" for a module's top-level code
    path: str          # its file, relative to the submission
    owner: str         # "layers.py, task 4"
    calls: int         # different calls of it seen
    seconds: float     # how long the samples were taken for
    at: str            # "lines 12, 14" or ""


#: What a sample may name: a file of the submission and a Python name (the samples come from the learner's
#: process, which may write anything on its output: whatever else it writes is ignored).
SAMPLED_PATH = re.compile(r"[\w/]{1,100}\.py")


def _count(value: Any) -> int:
    if type(value) is not int or not 0 <= value <= 10**9:
        raise ValueError("not a count")
    return value


def _busiest_of(sample: dict | None, task_of: Mapping[str, str]) -> _Busiest | None:
    """The learner function found running most often in a call's stack samples (:func:`split_sample`), or None
    when there is none or the samples are not what the sampler writes."""
    if not sample:
        return None
    try:
        found = []
        for key, entry in sample["functions"].items():
            path, _, function = str(key).rpartition(":")
            if (isinstance(entry, dict) and SAMPLED_PATH.fullmatch(path) and len(function) <= 100
                    and (function.isidentifier() or function == "<module>")):
                found.append((_count(entry.get("samples", 0)), path, function, entry))
        if not found:
            return None
        _, path, function, entry = max(found, key=lambda item: item[0])
        seconds = float(sample.get("seconds", 0.0))
        if not 0.0 <= seconds < 1e6:
            return None
        task = task_of.get(path.removesuffix(".py").replace("/", "."))
        lines = sorted(_count(n) for n in entry.get("lines", []))[:4]
        return _Busiest(function, path, f"{path}{f', task {task}' if task else ''}", _count(entry.get("calls", 0)),
                        seconds, f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}" if lines else "")
    except Exception:   # noqa: BLE001 - whatever the learner's process wrote there: no explanation, never a crash
        return None


def hung_import(sample: dict | None) -> str | None:
    """The learner module (dotted, e.g. "clipping") whose top-level code was running when a call ran out of
    time, if that is where the samples found it most often: importing that module does not finish."""
    busiest = _busiest_of(sample, {})
    if busiest is None or busiest.function != "<module>":
        return None
    return busiest.path.removesuffix(".py").replace("/", ".")


#: What to do about a function that was called again and again until the time ran out or nearly did.
SPEED_HINT = "Look for a Python loop over N, T, D or H where a matrix product or a whole-array operation would do."


def explain_timeout(sample: dict | None, task_of: Mapping[str, str]) -> str | None:
    """What a call stopped for time was doing, from its stack samples (:func:`split_sample`): the learner's
    function found running most often, its task, and whether it was making progress (many different calls
    seen: slow) or not (one call all along: endless, or one very slow call)."""
    b = _busiest_of(sample, task_of)
    if b is None:
        return None
    if b.calls > 1:
        return (f"your {b.function} ({b.owner}) was running when the time ran out, called again and again (at "
                f"least {b.calls:,} different calls seen in the last {b.seconds:.1f} s): it is too slow, not endless. "
                + SPEED_HINT)
    if b.function == "<module>":
        return (f"the code of your {b.path} outside any function ({b.owner.partition(', ')[2] or b.path}"
                f"{', ' + b.at if b.at else ''}) ran for the last {b.seconds:.1f} s without finishing, so importing "
                f"{b.path} never ends: look for a loop there (code at the top level runs at every import).")
    return (f"one call of your {b.function} ({b.owner}{', ' + b.at if b.at else ''}) ran for the last "
            f"{b.seconds:.1f} s without returning: look for a loop that never ends there (or one that does far too "
            "many steps).")


def explain_near_limit(near: NearLimit, task_of: Mapping[str, str]) -> str:
    """A check that passed although one of its calls used most of its time limit: how much, and whose code was
    running (from the call's stack samples), so that the learner can make it faster before a slower or busier
    machine stops it."""
    words = (f"passed, but close to its time limit: one call took {format_seconds(near.used)} of the "
             f"{format_seconds(near.limit)}{' of CPU time' if near.cpu else ''} it may use, and a slower or busier "
             "machine may stop it.")
    b = _busiest_of(near.sample, task_of)
    if b is None or b.function == "<module>":
        return words
    if b.calls > 1:
        return (f"{words}\nYour {b.function} ({b.owner}) was running most of that time, called again and again: "
                f"it is slow. {SPEED_HINT}")
    return f"{words}\nOne call of your {b.function} ({b.owner}{', ' + b.at if b.at else ''}) took most of that time."


#: The most of a check's printed output kept (several calls): the sandbox's own cut is per call.
MAX_PRINTED = 8000


def printed_text(outputs: list[str], limit: int = MAX_PRINTED) -> str:
    """``outputs`` (one per call, oldest first) joined, keeping the newest whole and older ones while they fit."""
    if not outputs:
        return ""
    kept = [outputs[-1]]
    room = limit - len(outputs[-1])
    for text in reversed(outputs[:-1]):
        if len(text) + 1 > room:
            break
        kept.insert(0, text)
        room -= len(text) + 1
    dropped = len(outputs) - len(kept)
    lines = [text.rstrip("\n") for text in kept]
    if dropped:
        lines.insert(0, f"[the output of {dropped} earlier call{'s' if dropped > 1 else ''} of this check not shown]")
    return "\n".join(lines)


def visible_seed(name: str) -> int:
    """The fixed seed of a visible check: stable across runs and machines."""
    return zlib.crc32(name.encode())


Judge = Callable[[Context], "dict[str, Any] | None"]
