"""The grader's side of a sandbox: one worker process per submission, replaced after a crash or a timeout.

A :class:`Sandbox` is used by one thread at a time (its methods take a lock); several sandboxes
run in parallel threads of one grader. Learner state does not survive a replaced worker: each
worker starts from a fresh copy of the submission. POSIX only (Linux, macOS).
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from . import channel, codec, isolation, procs, staging
from .contract import RESULT_TOO_LARGE, Limits, Outcome, SandboxError, format_bytes, format_seconds
from .output import OutputDrain

#: Top-level packages learner code may not import.
BLOCKED = ("torch", "autograder", "solutions", "kit", "exercises", "tests", "nbgrader")
STARTUP_SECONDS = 30.0
FILE_BYTES = 16 * 1024**2
OPEN_FILES = 256
REPLY_SLACK = 64 * 1024
MESSAGE_CHARS = 500
DEFAULT_LIMITS = Limits()


@dataclass
class _Worker:
    """One running worker and the grader's ends of its pipes."""

    proc: subprocess.Popen[bytes]
    layout: staging.Layout
    request: int
    reply: int
    drain: OutputDrain
    token: str
    pidfd: int | None = None   # the process the grader started (unshare in namespace mode)
    inner: int | None = None   # the worker itself in namespace mode: its PID namespace's init


@dataclass
class _State:
    """What the finalizer needs to clean up (no reference to the Sandbox itself)."""

    level: str
    worker: _Worker | None = None
    scratch: Path | None = None
    spent: float = 0.0         # wall time of finished run() calls and start-ups
    busy_since: float | None = None   # when the current run() or start-up began
    generation: int = 0
    limits_not_set: frozenset[str] = frozenset()
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sandbox:
    """Runs ``drivers.<job>(package, **payload)`` in a worker holding one submission.

    - submission: the learner's folder (its top-level ``*.py`` files become the package
      ``submission``; drivers import its modules with
      ``importlib.import_module(package.__name__ + ".lstm")``)
    - drivers: a trusted Python file, self-contained (stdlib + numpy: the grader's packages are
      hidden from the worker), whose public functions are the jobs
    - limits: see :class:`Limits`
    - hide: paths the worker must not read (namespace mode only; see ``isolation.py``)
    - isolation: "auto" (namespace where available), "namespace" (or SandboxError), "process"
    - scratch_root: where scratch directories go (default: ``$TMPDIR/autograder-sandbox-<uid>``);
      all of it but this sandbox's own directory is masked from the worker

    Use as a context manager (or call :meth:`close`): leaving it kills every process of the
    worker and deletes its scratch directory. :meth:`run` never raises for anything the learner's
    code does; it raises ValueError for a payload that cannot be encoded and SandboxError when a
    worker cannot start.
    """

    def __init__(self, submission: Path, drivers: Path, limits: Limits = DEFAULT_LIMITS,
                 hide: Sequence[Path] = (), isolation: str = "auto", *,
                 scratch_root: Path | None = None) -> None:
        self._submission = Path(submission)
        self._drivers = Path(drivers)
        if not self._submission.is_dir():
            raise ValueError(f"submission {self._submission} is not a directory")
        if not self._drivers.is_file():
            raise ValueError(f"drivers {self._drivers} is not a file")
        self._limits = limits
        try:
            level = _isolation.resolve(isolation)
        except RuntimeError as exc:
            raise SandboxError(str(exc)) from None
        self._scratch_root = Path(scratch_root or staging.default_scratch_root()).resolve()
        if level == _isolation.NAMESPACE:
            _isolation.check_reachable(self._scratch_root)
        keep = [*_isolation.interpreter_paths(), self._scratch_root]
        self._hide = _isolation.check_hidden([Path(p) for p in hide], keep)
        self._uid = _isolation.pick_uid() if level == _isolation.NAMESPACE else None
        self._state = _State(level)
        self._finalizer = weakref.finalize(self, _cleanup, self._state)

    # ------------------------------------------------------------------------------------ public

    @property
    def isolation_level(self) -> str:
        """"namespace+user" or "process": what is actually enforced."""
        return self._state.level

    @property
    def limits_not_enforced(self) -> frozenset[str]:
        """The rlimits the platform refused in the last worker started (e.g. RLIMIT_AS on macOS)."""
        return self._state.limits_not_set

    def __enter__(self) -> Sandbox:
        with self._state.lock, self._busy():
            if self._state.worker is None and not self._state.closed and self._budget_left() > 0:
                self._spawn()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Kill the worker (all its processes) and delete the scratch directory."""
        with self._state.lock:
            self._finalizer()

    def run(self, job: str, payload: dict[str, Any], timeout: float | None = None) -> Outcome:
        """Call ``drivers.<job>(package, **payload)`` in the worker (``timeout`` overrides call_seconds)."""
        if not isinstance(job, str) or not job.isidentifier() or job.startswith("_"):
            raise ValueError(f"job must be the name of a public function of the drivers, not {job!r}")
        if not isinstance(payload, dict) or not all(isinstance(k, str) for k in payload):
            raise ValueError("payload must be a dict with str keys")
        try:
            request = codec.encode({"job": job, "payload": payload})
        except codec.CodecError as exc:
            raise ValueError(f"the payload cannot be sent to the worker: {exc}") from None
        call_seconds = self._limits.call_seconds if timeout is None else float(timeout)
        with self._state.lock, self._busy():
            if self._state.closed:
                raise SandboxError("this sandbox is closed")
            return self._call(request, call_seconds)

    # ----------------------------------------------------------------------------------- calling

    @contextmanager
    def _busy(self) -> Iterator[None]:
        """Charge the wall time of the block to the submission's budget."""
        self._state.busy_since = time.monotonic()
        try:
            yield
        finally:
            self._state.spent += time.monotonic() - self._state.busy_since
            self._state.busy_since = None

    def _budget_left(self) -> float:
        state = self._state
        running = 0.0 if state.busy_since is None else time.monotonic() - state.busy_since
        return self._limits.total_seconds - state.spent - running

    def _budget_spent(self) -> Outcome:
        total = format_seconds(self._limits.total_seconds)
        return Outcome("timeout", error=f"the submission's time budget ({total}) is spent")

    def _call(self, request: list[memoryview], call_seconds: float) -> Outcome:
        state = self._state
        if self._budget_left() <= 0:
            return self._budget_spent()
        worker = state.worker
        if worker is not None and channel.pending(worker.reply):
            self._retire(worker)   # stray bytes or a dead worker between calls: start afresh
            worker = None
        if worker is None:
            worker = self._spawn()
            if worker is None or self._budget_left() <= 0:
                return self._budget_spent()
        left = self._budget_left()
        limit = min(call_seconds, left)
        started = time.monotonic()
        deadline = started + limit
        max_body = self._limits.result_bytes + REPLY_SLACK
        try:
            channel.send_frame(worker.request, request, deadline, worker.pidfd)
            body = channel.recv_frame(worker.reply, deadline, max_body, worker.pidfd)
        except channel.ChannelTimeout:
            output = self._retire(worker)
            if left < call_seconds:
                message = (f"your code ran past the submission's time budget "
                           f"({format_seconds(self._limits.total_seconds)})")
            else:
                message = f"your code ran past {format_seconds(limit)}"
            return Outcome("timeout", error=message, output=output, seconds=time.monotonic() - started)
        except channel.ChannelClosed:
            code = _exit_code(worker.proc)
            output = self._retire(worker)
            return Outcome("crashed", error=_describe_exit(code), output=output,
                           seconds=time.monotonic() - started)
        except codec.FrameTooLarge as exc:
            output = self._retire(worker)
            return Outcome("limit", exc_type=RESULT_TOO_LARGE, output=output,
                           seconds=time.monotonic() - started,
                           error=f"your code returned {format_bytes(exc.length)}, more than the "
                                 f"{format_bytes(self._limits.result_bytes)} limit")
        except codec.CodecError as exc:
            output = self._retire(worker)
            return _malformed(exc, output, time.monotonic() - started)
        seconds = time.monotonic() - started
        output = worker.drain.take()
        try:
            outcome = _outcome(codec.decode_body(body))
        except codec.CodecError as exc:
            self._retire(worker)
            return _malformed(exc, output, seconds)
        except Exception as exc:  # noqa: BLE001 - the codec's own guard failed: still the learner's outcome
            self._retire(worker)
            return Outcome("error", output=output, seconds=seconds,
                           error=f"the reply could not be read ({type(exc).__name__}); the process was replaced")
        outcome.output = output
        outcome.seconds = seconds
        return outcome

    # ---------------------------------------------------------------------------------- workers

    def _spawn(self) -> _Worker | None:
        """Start a worker and wait for its "ready"; None if the time budget ran out first."""
        state = self._state
        budget_bound = self._budget_left() < STARTUP_SECONDS
        deadline = time.monotonic() + min(STARTUP_SECONDS, self._budget_left())
        if state.scratch is None:
            try:
                state.scratch = staging.make_scratch(self._scratch_root)
            except OSError as exc:
                raise SandboxError(f"cannot create a scratch directory: {exc}") from None
        state.generation += 1
        try:
            layout = staging.stage(state.scratch, state.generation, self._submission, self._drivers)
        except OSError as exc:
            raise SandboxError(f"cannot prepare the worker's directory: {exc}") from None
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        config = {
            "request_fd": req_r,
            "response_fd": rep_w,
            "limits": {
                "memory_bytes": self._limits.memory_bytes,
                "max_processes": self._limits.max_processes,
                "file_bytes": FILE_BYTES,
                "open_files": OPEN_FILES,
                "cpu_seconds": int(2 * self._limits.total_seconds) + 30,
                "result_bytes": self._limits.result_bytes,
            },
            "sys_path": [str(_isolation.numpy_site())],
            "package_root": str(layout.package_root),
            "codec": str(layout.codec),
            "drivers": str(layout.drivers),
            "blocked": list(BLOCKED),
        }
        python = [sys.executable, *_isolation.PYTHON_FLAGS, str(layout.worker), json.dumps(config)]
        argv = _isolation.command(state.level, python, layout.root, self._scratch_root, self._hide, self._uid,
                                  busy_fds=(req_r, rep_w))
        token = secrets.token_hex(16)
        try:
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                pass_fds=(req_r, rep_w), start_new_session=True, cwd=layout.home,
                env=_isolation.environment(layout.home, token),
            )
        except OSError as exc:
            for fd in (req_w, rep_r):
                os.close(fd)
            staging.discard(layout)
            raise SandboxError(f"cannot start a worker: {exc}") from None
        finally:
            os.close(req_r)
            os.close(rep_w)
        with suppress(AttributeError, OSError, ValueError):   # prlimit is Linux only
            resource.prlimit(proc.pid, resource.RLIMIT_CORE, (0, 0))  # unshare re-raises a fatal signal
        os.set_blocking(req_w, False)
        os.set_blocking(rep_r, False)
        assert proc.stdout is not None
        drain = OutputDrain(proc.stdout.fileno(), self._limits.output_bytes)
        worker = _Worker(proc, layout, req_w, rep_r, drain, token, pidfd=procs.open_pidfd(proc.pid))
        state.worker = worker
        try:
            reply = codec.decode_body(channel.recv_frame(rep_r, deadline, REPLY_SLACK, worker.pidfd))
            if not (isinstance(reply, dict) and reply.get("status") == "ready"):
                raise codec.CodecError("no ready message")
            state.limits_not_set = frozenset(str(n) for n in reply.get("limits_not_set", ()))
        except channel.ChannelTimeout:
            output = self._retire(worker)
            if budget_bound:
                return None
            raise SandboxError(f"the worker did not start within {format_seconds(STARTUP_SECONDS)}: "
                               f"{output[-2000:]}") from None
        except (channel.ChannelClosed, codec.CodecError):
            code = _exit_code(worker.proc)
            output = self._retire(worker)
            raise SandboxError(f"the worker could not start ({_describe_exit(code)}): "
                               f"{output[-2000:]}") from None
        if state.level == _isolation.NAMESPACE:
            inner = procs.children(proc.pid)
            worker.inner = procs.open_pidfd(inner[0]) if len(inner) == 1 else None
        return worker

    def _retire(self, worker: _Worker) -> str:
        """Kill a worker and everything it started; returns what it printed since the last call."""
        output = _stop(worker, self._state.level)
        if self._state.worker is worker:
            self._state.worker = None
        return output


# ------------------------------------------------------------------------------------------- helpers

_isolation = isolation   # the module, under a name the ``isolation`` parameter does not shadow


def _stop(worker: _Worker, level: str) -> str:
    if worker.inner is not None:
        procs.kill_pidfd(worker.inner)   # the namespace's init: the kernel kills the rest of it
    procs.kill_group(worker.proc.pid)
    with suppress(OSError):
        worker.proc.kill()
    if level == isolation.PROCESS:
        procs.kill_marked(isolation.TOKEN_VARIABLE, worker.token)
    with suppress(subprocess.TimeoutExpired):
        worker.proc.wait(timeout=5)
    if level == isolation.PROCESS:   # again: a process may have been forked while the worker died
        procs.kill_marked(isolation.TOKEN_VARIABLE, worker.token)
    worker.drain.wait_closed(0.5)
    output = worker.drain.take()
    worker.drain.close()
    assert worker.proc.stdout is not None
    worker.proc.stdout.close()
    for fd in (worker.request, worker.reply, worker.pidfd, worker.inner):
        if fd is not None:
            with suppress(OSError):
                os.close(fd)
    staging.discard(worker.layout)
    return output


def _cleanup(state: _State) -> None:
    """Kill the worker and delete the scratch directory (the finalizer: runs once)."""
    state.closed = True
    if state.worker is not None:
        _stop(state.worker, state.level)
        state.worker = None
    if state.scratch is not None:
        shutil.rmtree(state.scratch, ignore_errors=True)
        state.scratch = None


def _exit_code(proc: subprocess.Popen[bytes]) -> int | None:
    try:
        return proc.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        return None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "the process closed the grader's pipe during the call"
    if code >= 0:
        return f"the process exited (code {code}) during the call"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"the process was killed by {name} during the call"


def _clean(text: str, limit: int) -> str:
    """One printable line of at most ``limit`` characters."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text[: limit * 2]).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _outcome(reply: Any) -> Outcome:
    """Check a decoded reply's schema and turn it into an Outcome (raises CodecError)."""
    if isinstance(reply, dict):
        status = reply.get("status")
        if status == "ok" and set(reply) == {"status", "value"}:
            return Outcome("ok", value=reply["value"])
        if (status in ("error", "limit") and set(reply) == {"status", "exc_type", "error"}
                and isinstance(reply["exc_type"], str) and isinstance(reply["error"], str)):
            return Outcome(status, error=_clean(reply["error"], MESSAGE_CHARS),
                           exc_type=_clean(reply["exc_type"], 100))
    raise codec.CodecError("the reply has the wrong fields")


def _malformed(exc: Exception, output: str, seconds: float) -> Outcome:
    why = _clean(str(exc), 100)
    return Outcome("crashed", output=output, seconds=seconds,
                   error=f"the worker's reply was malformed ({why}); the process was replaced")
