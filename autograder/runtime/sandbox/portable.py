"""The portable sandbox: the learner's checker where the POSIX sandbox cannot run (native Windows).

On a learner's own machine the checker guards nothing secret (the learner owns the code, and the
release holds no answers): it needs a separate process, a time limit, and what the code printed.
This backend uses only what every platform has: a child Python whose stdin carries the requests and
whose stdout the replies (``worker.main_portable``), a thread reading each of stdout and stderr, a
kill at the deadline (the process group on POSIX, ``taskkill /T`` on Windows), and the observed
inputs in a file both sides map (``shared.py``). Nothing is confined and no integrity is watched;
the rlimits hold where the platform has them. The instructor's grading never uses it.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from . import codec, isolation, kept, shared, staging
from .contract import Limits, Outcome, PortableConfig, SandboxError, format_seconds
from .output import CallOutput
from .process import (
    DEFAULT_LIMITS,
    FILE_BYTES,
    NOT_RUN_AFTER_TAMPERING,
    OPEN_FILES,
    REPLY_SLACK,
    STARTUP_SECONDS,
    TAMPERING,
    _describe_exit,
    _malformed,
    _outcome,
    budget_spent,
    encode_request,
    note_memory,
    ran_past,
    too_large,
)

PORTABLE = "portable"
MARKER_WAIT = 2.0   # seconds to wait for a call's output to end (its marker), if learner code closed fd 2


def needed() -> bool:
    """Whether this platform lacks what the POSIX sandbox needs (poll on pipes, descriptors passed to a child)."""
    return os.name == "nt" or not hasattr(select, "poll")


class _Output:
    """A daemon thread emptying the worker's stderr: each call's output, up to the marker the worker writes
    after it; the first ``keep`` bytes of a call kept, the rest counted."""

    def __init__(self, stream: IO[bytes], keep: int, marker: bytes, kept_mark: bytes = b"") -> None:
        self._stream, self._keep, self._marker, self._kept_mark = stream, keep, marker, kept_mark
        self._call, self._pending = CallOutput(keep, kept_mark), bytearray()
        self._calls: list[CallOutput] = []   # the output of each call whose marker arrived
        self._done = threading.Condition()
        self._eof = False
        threading.Thread(target=self._run, name="checker-output", daemon=True).start()

    def _run(self) -> None:
        read = getattr(self._stream, "read1", self._stream.read)
        while True:
            try:
                data = read(1 << 16)
            except (OSError, ValueError):
                data = b""
            with self._done:
                if not data:
                    self._call.add(bytes(self._pending))
                    self._pending.clear()
                    self._eof = True
                    self._done.notify_all()
                    return
                self._pending += data
                while True:
                    before, found, after = bytes(self._pending).partition(self._marker)
                    if not found:
                        break
                    self._call.add(before)
                    self._calls.append(self._call)
                    self._call, self._pending = CallOutput(self._keep, self._kept_mark), bytearray(after)
                    self._done.notify_all()
                cut = max(0, len(self._pending) - len(self._marker) + 1)   # a marker may be split between reads
                self._call.add(bytes(self._pending[:cut]))
                del self._pending[:cut]

    def take(self, wait: float) -> str:
        """The output of the next call whose marker arrives within ``wait`` s; else what arrived so far."""
        with self._done:
            self._done.wait_for(lambda: self._calls or self._eof, timeout=wait)
            if self._calls:
                call = self._calls.pop(0)
            else:
                call = self._call
                call.add(bytes(self._pending))
                self._call, self._pending = CallOutput(self._keep, self._kept_mark), bytearray()
        return call.text()


def _read_replies(stream: IO[bytes], replies: queue.Queue[Any], max_body: int) -> None:
    """Put each reply frame's body on ``replies``; then None at end of file, or the CodecError of a bad frame."""
    while True:
        head = stream.read(codec.FRAME_HEADER_SIZE)
        if len(head) < codec.FRAME_HEADER_SIZE:
            replies.put(None)
            return
        try:
            length = codec.parse_frame_header(head, max_body)
        except codec.CodecError as exc:
            replies.put(exc)
            return
        body = stream.read(length)
        if len(body) < length:
            replies.put(None)
            return
        replies.put(body)


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    region: shared.Region
    output: _Output
    replies: queue.Queue[Any] = field(default_factory=queue.Queue)


@dataclass
class _State:
    scratch: Path
    worker: _Worker | None = None


class PortableSandbox:
    """The :class:`~.process.Sandbox` interface (``run``, ``take_integrity``, a context manager) on any platform."""

    isolation_level = PORTABLE

    def __init__(self, submission: Path, drivers: Path, limits: Limits = DEFAULT_LIMITS, *,
                 blocked: Sequence[str] = ()) -> None:
        self._submission, self._drivers, self._limits = Path(submission), Path(drivers), limits
        if not self._submission.is_dir():
            raise ValueError(f"submission {self._submission} is not a directory")
        staging.check_drivers(self._drivers)
        self._blocked = list(blocked)
        self._state = _State(Path(tempfile.mkdtemp(prefix="autograder-checker-")))
        self._finalizer = weakref.finalize(self, _cleanup, self._state)
        self._generation = 0
        self._spent = 0.0
        self._tampered = False
        self._lock = threading.Lock()
        self.limits_not_enforced: frozenset[str] = frozenset({"namespace", "landlock", "seccomp", "uid"})

    def __enter__(self) -> PortableSandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (and what it started) and delete the scratch folder."""
        with self._lock:
            self._finalizer()

    def take_integrity(self) -> list[tuple[str, str]]:
        """Nothing is watched on a learner's own machine."""
        return []

    def run(self, job: str, payload: dict[str, Any], timeout: float | None = None,
            observe: Sequence[str] = ()) -> Outcome:
        """As :meth:`Sandbox.run <.process.Sandbox.run>` (kept values are sent with every request here)."""
        payload = kept.inline(payload)
        request = encode_request(job, payload)
        call_seconds = self._limits.call_seconds if timeout is None else float(timeout)
        with self._lock:
            if not self._finalizer.alive:
                raise SandboxError("this sandbox is closed")
            started = time.monotonic()
            try:
                return self._call(request, call_seconds, job, payload, tuple(observe))
            finally:
                self._spent += time.monotonic() - started

    def _left(self, since: float) -> float:
        return self._limits.total_seconds - self._spent - (time.monotonic() - since)

    def _call(self, request: list[memoryview], call_seconds: float, job: str, payload: dict[str, Any],
              observe: tuple[str, ...]) -> Outcome:
        began = time.monotonic()
        if self._tampered:
            return Outcome("error", exc_type=TAMPERING, error=NOT_RUN_AFTER_TAMPERING)
        worker = self._state.worker or self._spawn(began)
        left = self._left(began)
        if worker is None or left <= 0:
            return budget_spent(self._limits)
        plan: dict[str, Any] = {}
        if observe:
            marked, plan = worker.region.place(payload, observe)
            request = codec.encode({"job": job, "payload": marked})
        limit = min(call_seconds, left)
        started = time.monotonic()
        try:
            assert worker.proc.stdin is not None
            for buf in request:
                worker.proc.stdin.write(buf)
            worker.proc.stdin.flush()
            reply = worker.replies.get(timeout=limit)
        except queue.Empty:
            return ran_past(self._limits, limit, left < call_seconds, self._retire(worker), time.monotonic() - started)
        except OSError:   # the worker is gone: its stdin is closed
            reply = None
        seconds = time.monotonic() - started
        if reply is None:
            code = _wait(worker.proc, 1.0)
            return Outcome("crashed", error=_describe_exit(code), output=self._retire(worker), seconds=seconds)
        if isinstance(reply, codec.FrameTooLarge):
            return too_large(self._limits, reply, self._retire(worker), seconds)
        if isinstance(reply, codec.CodecError):
            return _malformed(reply, self._retire(worker), seconds)
        output = worker.output.take(MARKER_WAIT)
        try:
            outcome = _outcome(codec.decode_body(reply))
        except codec.CodecError as exc:
            self._retire(worker)
            return _malformed(exc, output, seconds)
        outcome.output, outcome.seconds = output, seconds
        note_memory(outcome, self._limits)
        if outcome.status == "ok" and plan:
            outcome.observed = worker.region.read(plan)
        if outcome.exc_type == TAMPERING:
            self._retire(worker)
            self._tampered = True
        return outcome

    def _spawn(self, began: float) -> _Worker | None:
        """Start a worker and wait for its "ready"; None if the time budget ran out first."""
        wait = min(STARTUP_SECONDS, self._left(began))
        if wait <= 0:
            return None
        self._generation += 1
        try:
            layout = staging.stage(self._state.scratch, self._generation, self._submission, self._drivers)
            region = shared.Region(path=layout.root / "inputs.bin")
        except OSError as exc:
            raise SandboxError(f"cannot prepare the worker's folder: {exc}") from None
        marker = f"\0autograder-checker-{secrets.token_hex(8)}\0"
        config: PortableConfig = {
            "portable": True,
            "limits": {"memory_bytes": self._limits.memory_bytes, "max_processes": self._limits.max_processes,
                       "file_bytes": FILE_BYTES, "open_files": OPEN_FILES,
                       "cpu_seconds": int(2 * self._limits.total_seconds) + 30,
                       "result_bytes": self._limits.result_bytes},
            "sys_path": [str(isolation.numpy_site())],
            "package_root": str(layout.package_root),
            "codec": str(layout.codec),
            "drivers": str(layout.drivers),
            "blocked": self._blocked,
            "shared_path": str(layout.root / "inputs.bin"),
            "shared_bytes": region.size,
            "marker": marker,
        }
        home = str(layout.home)
        env = {**isolation.environment(layout.home, marker.strip("\0")), "TEMP": home, "TMP": home,
               **{k: os.environ[k] for k in ("SYSTEMROOT", "WINDIR") if k in os.environ}}   # Windows needs them
        try:
            proc = subprocess.Popen(
                [sys.executable, *isolation.PYTHON_FLAGS, str(layout.worker), json.dumps(config)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=home, env=env,
                **_own_group())
        except OSError as exc:
            region.close()
            raise SandboxError(f"cannot start a worker: {exc}") from None
        assert proc.stdout is not None and proc.stderr is not None
        worker = _Worker(proc, region, _Output(proc.stderr, self._limits.output_bytes, marker.encode(),
                                               self._limits.kept_mark.encode()))
        threading.Thread(target=_read_replies, args=(proc.stdout, worker.replies,
                                                     self._limits.result_bytes + REPLY_SLACK),
                         name="checker-replies", daemon=True).start()
        self._state.worker = worker
        try:
            body = worker.replies.get(timeout=wait)
            reply = codec.decode_body(body) if isinstance(body, bytes) else None
        except queue.Empty:
            output = self._retire(worker)
            if wait < STARTUP_SECONDS:
                return None
            raise SandboxError(f"the worker did not start within {format_seconds(STARTUP_SECONDS)}: "
                               f"{output[-2000:]}") from None
        except codec.CodecError:
            reply = None
        if not (isinstance(reply, dict) and reply.get("status") == "ready"):
            code = _wait(proc, 1.0)
            raise SandboxError(f"the worker could not start ({_describe_exit(code)}): "
                               f"{self._retire(worker)[-2000:]}")
        worker.output.take(MARKER_WAIT)   # the start-up's own output (the ready message's marker)
        self.limits_not_enforced |= frozenset(str(n) for n in reply.get("limits_not_set", ()))
        return worker

    def _retire(self, worker: _Worker) -> str:
        """Kill a worker and what it started; returns what it printed since the last call."""
        _kill(worker.proc)
        output = worker.output.take(MARKER_WAIT)
        worker.region.close()
        if self._state.worker is worker:
            self._state.worker = None
        return output


def _own_group() -> dict[str, Any]:
    """The worker in a process group of its own: killed as one (POSIX), spared the console's Ctrl-C (Windows)."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined,unused-ignore]
    return {"start_new_session": True}


def _wait(proc: subprocess.Popen[bytes], seconds: float) -> int | None:
    try:
        return proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the worker and the processes it started: its process group (POSIX), its tree (Windows)."""
    if os.name == "nt":
        with suppress(OSError, subprocess.SubprocessError):
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, timeout=10)
    elif hasattr(os, "killpg"):
        with suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)   # the group this sandbox started (start_new_session)
    with suppress(OSError):
        proc.kill()
    _wait(proc, 5.0)
    with suppress(OSError):   # (its stdout and stderr end with it: their threads see the end of file)
        if proc.stdin is not None:
            proc.stdin.close()


def _cleanup(state: _State) -> None:
    worker, state.worker = state.worker, None
    if worker is not None:
        with suppress(OSError):
            if worker.proc.stdin is not None:
                worker.proc.stdin.close()   # the worker's loop ends at end of file
        if _wait(worker.proc, 1.0) is None:
            _kill(worker.proc)
        worker.region.close()
    shutil.rmtree(state.scratch, ignore_errors=True)
