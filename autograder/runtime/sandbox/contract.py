"""What a caller gives the sandbox (:class:`Limits`) and gets back from one call (:class:`Outcome`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

#: :attr:`Outcome.exc_type` of a value the child's encoder refused (a set, an object array, ...).
UNSUPPORTED_RESULT = "UnsupportedResult"
#: :attr:`Outcome.exc_type` of a value larger than :attr:`Limits.result_bytes`.
RESULT_TOO_LARGE = "ResultTooLarge"


class SandboxError(RuntimeError):
    """The sandbox itself failed, not the learner's code.

    Raised for a bad configuration (isolation "namespace" where it is not available, a hidden path
    that would hide the interpreter) and for a worker that cannot start (before any learner code
    runs). A learner's code never causes it: everything it does ends in an :class:`Outcome`.
    """


class WorkerLimits(TypedDict):
    """The kernel's limits the worker sets on itself before any learner code (``setrlimit``)."""

    memory_bytes: int
    max_processes: int
    file_bytes: int
    open_files: int
    cpu_seconds: int
    result_bytes: int


class WorkerConfig(TypedDict):
    """What ``process.py`` hands the worker (``worker.py``, as JSON in its argv): its whole configuration."""

    request_fd: int            # the grader's requests, read here
    response_fd: int           # the worker's replies
    events_fd: int             # what the learner's code tried (the audit hook writes it at once)
    shared_fd: int             # the region of observed inputs (``shared.py``), mapped before learner code
    shared_bytes: int
    limits: WorkerLimits
    sys_path: list[str]        # appended (numpy's site folder)
    package_root: str          # prepended: the staged submission's package lives there
    codec: str                 # the paths of the modules the worker loads by path
    drivers: str
    confine: str
    blocked: list[str]         # top-level module names the learner's code may not import
    landlock_scope: bool
    uid: int | None            # the sandbox's own uid, or None (a non-root grader)
    read: list[str]            # the Landlock allowlist
    write: list[str]
    listed: list[str]


class PortableConfig(TypedDict):
    """What ``portable.py`` hands the portable worker (``worker.main_portable``): no descriptors but stdio."""

    portable: bool
    limits: WorkerLimits
    sys_path: list[str]
    package_root: str
    codec: str
    drivers: str
    blocked: list[str]
    shared_path: str           # a file in the scratch folder, mapped by the worker (``shared.py``)
    shared_bytes: int
    marker: str                # written on fd 2 after each call's output


@dataclass(frozen=True)
class Limits:
    """The limits of one submission's worker.

    - call_seconds: CPU time (user + system) of the worker's processes during one :meth:`Sandbox.run` call
      (a call may pass its own ``timeout``): what the learner's code costs, the same on a busy machine as
      on a quiet one; where the system cannot tell a process's CPU time (no /proc: macOS, Windows), the
      call's wall time counts instead
    - total_seconds: the same, summed over all calls of one submission, plus the wall time of its worker
      start-ups and restarts
    - wall_factor: every limit is also a wall-time limit this many times longer, so that code that waits
      (sleeps, blocks on a read) or hides its work in processes it does not wait for still ends
    - memory_bytes: RLIMIT_AS of the worker (address space: numpy needs a few hundred MB of it)
    - max_processes: processes and threads the worker may add (RLIMIT_NPROC; enforced only for a
      non-root worker, which is always the case in namespace mode)
    - output_bytes: stdout+stderr kept per call; the rest is read and dropped, and the output says so
    - kept_mark: a line beginning with it is kept even past output_bytes (the last one, its first 8 KiB): the
      driver's own line written late in a call that printed too much (the grader's stack sampler)
    - result_bytes: largest encoded value accepted from the child
    """

    call_seconds: float = 20.0
    total_seconds: float = 180.0
    wall_factor: float = 3.0
    memory_bytes: int = 2 * 1024**3
    max_processes: int = 64
    output_bytes: int = 64 * 1024
    result_bytes: int = 256 * 1024**2
    kept_mark: str = ""

    def __post_init__(self) -> None:
        for name in ("call_seconds", "total_seconds", "wall_factor", "memory_bytes", "max_processes", "output_bytes",
                     "result_bytes"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive, not {getattr(self, name)!r}")


@dataclass
class Outcome:
    """How one call into the learner's code ended.

    - status: "ok" | "error" (the code raised, or returned a value that cannot be graded) |
      "timeout" (the call or the submission's budget ran out) | "crashed" (the worker died during
      the call) | "limit" (a size limit was hit: memory, or a value larger than result_bytes)
    - value: the decoded return value when ok (None, bool, int, float, str, list, tuple, dict,
      np.ndarray, numpy scalar), never an object of the child's making
    - error: one line for the learner, e.g.
      "ValueError: shapes (3,4) and (5,) not aligned (lstm.py, line 42)"
    - exc_type: the exception's class name for "error" and "limit" (e.g. "NotImplementedError",
      "MemoryError"; UNSUPPORTED_RESULT or RESULT_TOO_LARGE for a refused value)
    - output: what the call printed (stdout and stderr interleaved), cut at Limits.output_bytes
      with a note saying how much was dropped
    - seconds: wall time of the call (a worker start-up before it not included)
    - cpu: CPU time of the worker's processes during a call that ended in time, read by the grader where
      /proc tells it and the call took longer than ``CallClock.CHECK_SECONDS``; None otherwise
    - observed: for the keys a caller asked to observe (``Sandbox.run(..., observe=...)``), the
      payload's value as the call left it, read by the grader from memory it shares with the worker
    """

    status: str
    value: Any = None
    error: str = ""
    exc_type: str = ""
    output: str = ""
    seconds: float = 0.0
    cpu: float | None = None
    observed: dict[str, Any] = field(default_factory=dict)


def format_seconds(seconds: float) -> str:
    """``20.0`` -> ``"20 s"``, ``1.5`` -> ``"1.5 s"``."""
    return f"{seconds:.3g} s"


def format_bytes(n: float) -> str:
    """``65536`` -> ``"64 KiB"``; ``3 * 1024**3`` -> ``"3 GiB"``."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.3g} {unit}" if unit != "bytes" else f"{int(n)} bytes"
        n /= 1024
    raise AssertionError("unreachable")
