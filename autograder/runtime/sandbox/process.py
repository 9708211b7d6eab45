"""The grader's side of a sandbox: one worker process per submission, replaced after a crash or a timeout.

A :class:`Sandbox` is used by one thread at a time (its methods take a lock); several sandboxes
run in parallel threads of one grader. Learner state does not survive a replaced worker: each
worker starts from a fresh copy of the submission. POSIX only (Linux, macOS).
"""

from __future__ import annotations

import json
import os
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

from . import channel, codec, forkserver, isolation, kept, procs, shared, staging
from .contract import RESULT_TOO_LARGE, Limits, Outcome, SandboxError, WorkerConfig, format_bytes, format_seconds
from .output import OutputDrain

#: Top-level packages learner code may not import.
STARTUP_SECONDS = 30.0
FILE_BYTES = 16 * 1024**2
OPEN_FILES = 256
REPLY_SLACK = 64 * 1024
MESSAGE_CHARS = 500
DEFAULT_LIMITS = Limits()
WATCH_SECONDS = 0.1
REPLY_PIPE_GONE = 71   # the worker's exit code when learner code closed or replaced its reply descriptor
TAMPERING = "DriverTampering"
NOT_RUN_AFTER_TAMPERING = ("not run: your code changed the grader's own code in an earlier check, so the grader "
                           "stopped running it; remove what patches numpy, builtins or the grader")
EVENTS = 20
#: Whether the worker asks Landlock to scope its signals (Linux 6.12+); tests set False to take the path of
#: older kernels, where only the uids keep a learner's processes from signalling others.
LANDLOCK_SCOPE = True
EVENT_BYTES = 1 << 20
#: The share of a submission's time budget kept for its clean-up, and its most: the budget bounds the whole
#: submission, the killing of its processes and the removal of its files included.
CLEANUP_SHARE = 0.1
CLEANUP_SECONDS = 5.0   # read from the event pipe per call at most
#: The kinds of integrity flag the worker may report on its event pipe (the rest the grader sees for itself).
EVENT_KINDS = ("blocked-import", "hidden-path", "refused-write", "socket", "forced-exit", "driver-tampering")


@dataclass
class _Worker:
    """One running worker and the grader's ends of its pipes."""

    proc: subprocess.Popen[bytes] | forkserver.Forked
    layout: staging.Layout
    request: int
    reply: int
    drain: OutputDrain
    token: str
    cpu: procs.TreeClock       # the CPU time of the process we started and its descendants
    pidfd: int | None = None   # the process the grader started (unshare in namespace mode)
    inner: int | None = None   # the worker itself in namespace mode: its PID namespace's init
    stopped: threading.Event = field(default_factory=threading.Event)
    watch: threading.Thread | None = None   # the memory watch of this worker
    region: shared.Region | None = None     # the inputs the grader observes itself (shared.py)
    events: int | None = None   # the grader's end of the event pipe (worker.recorder)
    events_fd: int | None = None   # the worker's end's number, checked in /proc after every call
    events_pipe: str = ""       # "pipe:[inode]": what /proc/<worker>/fd/<events_fd> must name
    pid: int | None = None      # the worker's own pid (in the grader's PID namespace)


@dataclass
class _State:
    """What the finalizer needs to clean up (no reference to the Sandbox itself)."""

    level: str
    worker: _Worker | None = None
    scratch: Path | None = None
    spent: float = 0.0         # wall time of finished run() calls and start-ups
    waited: float = 0.0        # of the calls' wall time, what was not the worker's CPU time (not charged)
    busy_since: float | None = None   # when the current run() or start-up began
    generation: int = 0
    limits_not_set: frozenset[str] = frozenset()
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    uid: int | None = None      # the sandbox's own uid (a root grader), its gid the same number
    scratch_lock: int | None = None
    flags: list[tuple[str, str]] = field(default_factory=list)   # integrity flags not yet taken
    memory_hit: bool = False    # the memory watch killed the worker during the current call
    home_hit: str = ""          # the home watch killed it (process mode): what was over the limit
    tampered: bool = False      # the learner's code changed the worker's trusted code: no call runs again
    reserve: float = 0.0        # of the time budget, kept for the clean-up: calls end that much earlier


class Sandbox:
    """Runs ``drivers.<job>(package, **payload)`` in a worker holding one submission.

    - submission: the learner's folder (its top-level ``*.py`` files become the package
      ``submission``; drivers import its modules with
      ``importlib.import_module(package.__name__ + ".lstm")``)
    - drivers: a trusted Python file, or a folder of modules importing each other relatively (a package),
      self-contained (stdlib + numpy: the grader's packages are hidden from the worker), whose ``JOBS``
      table names the jobs
    - limits: see :class:`Limits`
    - hide: paths masked from the worker in namespace mode (in every mode the worker reads only
      its Landlock allowlist, where the kernel has Landlock; see ``isolation.py``)
    - isolation: "auto" (namespace where available), "namespace" (or SandboxError), "process"
    - scratch_root: where scratch directories go (default: ``$TMPDIR/autograder-sandbox-<uid>``);
      all of it but this sandbox's own directory is masked from the worker

    Use as a context manager (or call :meth:`close`): leaving it kills every process of the
    worker and deletes its scratch directory. :meth:`run` never raises for anything the learner's
    code does; it raises ValueError for a payload that cannot be encoded and SandboxError when a
    worker cannot start. A worker that crashes or times out is replaced at the next call; once the
    learner's code has changed the worker's trusted code (a ``DriverTampering`` outcome), every
    later call is refused with that outcome.
    """

    def __init__(self, submission: Path, drivers: Path, limits: Limits = DEFAULT_LIMITS,
                 hide: Sequence[Path] = (), isolation: str = "auto", *,
                 scratch_root: Path | None = None, blocked: Sequence[str] = ()) -> None:
        self._submission = Path(submission)
        self._blocked = tuple(blocked)
        self._drivers = Path(drivers)
        if not self._submission.is_dir():
            raise ValueError(f"submission {self._submission} is not a directory")
        staging.check_drivers(self._drivers)
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
        root = sys.platform.startswith("linux") and os.geteuid() == 0
        self._state = _State(level, uid=_isolation.pick_uid() if root else None,
                             reserve=min(CLEANUP_SECONDS, CLEANUP_SHARE * limits.total_seconds))
        self._uid = self._state.uid
        self._forked = forkserver.applies()   # forked from a numpy-loaded server (a root grader on Linux)
        self._finalizer = weakref.finalize(self, _cleanup, self._state)
        self._delivered = kept.Delivered()   # which kept values (task 8's tables) the current worker has

    # ------------------------------------------------------------------------------------ public

    @property
    def isolation_level(self) -> str:
        """"namespace+user" or "process": what is actually enforced."""
        return self._state.level

    @property
    def limits_not_enforced(self) -> frozenset[str]:
        """What the platform refused in the last worker started: rlimits (RLIMIT_AS on macOS),
        "landlock", "landlock-net", "landlock-scope", "seccomp", "no_new_privs"; "uid" when the
        grader is not root (the worker runs as the grader's user; no per-submission process count
        or memory watch); "memory.max" and "pids.max" always (no cgroup: the submission's memory is
        watched by polling, its processes counted by RLIMIT_NPROC of its own uid)."""
        extra = {"memory.max", "pids.max"} | (set() if self._uid is not None else {"uid"})
        return self._state.limits_not_set | extra

    def take_integrity(self) -> list[tuple[str, str]]:
        """The integrity flags (kind, detail) raised since the last take: what the learner's code tried."""
        with self._state.lock:
            flags, self._state.flags = self._state.flags, []
        return flags

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

    def run(self, job: str, payload: dict[str, Any], timeout: float | None = None,
            observe: Sequence[str] = ()) -> Outcome:
        """Call ``drivers.<job>(package, **payload)`` in the worker (``timeout`` overrides call_seconds).

        ``observe``: keys of ``payload`` whose arrays the learner's code gets in memory the grader shares
        (``shared.py``); when the call returns normally, ``Outcome.observed[key]`` holds ``payload[key]``
        as the call left it, read by the grader itself (nothing the worker says about it is used).
        """
        payload, keeps = kept.placeholders(payload)   # values sent once per worker (kept.py)
        # encoded here (a payload that cannot be sent is the caller's error, before any worker starts), or, when
        # inputs are observed, once in _call, after they are placed in the shared region
        request = None if observe else encode_request(job, payload)
        call_seconds = self._limits.call_seconds if timeout is None else float(timeout)
        with self._state.lock, self._busy():
            if self._state.closed:
                raise SandboxError("this sandbox is closed")
            return self._call(request, call_seconds, (job, payload, tuple(observe)), keeps)

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
        """What is left of the submission's time budget for calls and start-ups (the clean-up's share kept)."""
        return min(self._left())

    def _left(self) -> tuple[float, float]:
        """What is left of the budget (the calls' CPU time, the start-ups' wall time), and of its wall-time cap."""
        state = self._state
        running = 0.0 if state.busy_since is None else time.monotonic() - state.busy_since
        wall = state.spent + running
        return (self._limits.total_seconds - state.reserve - (wall - state.waited),
                self._limits.total_seconds * self._limits.wall_factor - state.reserve - wall)

    def _budget_spent(self) -> Outcome:
        return budget_spent(self._limits)

    def _call(self, request: list[memoryview] | None, call_seconds: float,
              observing: tuple[str, dict[str, Any], tuple[str, ...]] | None = None,
              keeps: Sequence[tuple[str, list[memoryview]]] = ()) -> Outcome:
        state = self._state
        if state.tampered:
            return Outcome("error", exc_type=TAMPERING, error=NOT_RUN_AFTER_TAMPERING)
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
        plan: dict[str, Any] = {}
        if request is None:
            assert observing is not None
            job, payload, keys = observing
            if worker.region is not None:
                payload, plan = worker.region.place(payload, keys)
            request = encode_request(job, payload)
        left, wall_left = self._left()
        limit = min(call_seconds, left)
        cap = limit * self._limits.wall_factor
        clock = CallClock(limit, min(cap, wall_left), worker.cpu)
        started = clock.started
        max_body = self._limits.result_bytes + REPLY_SLACK
        try:
            for frames in self._delivered.missing(worker, keeps):   # the kept values this worker lacks
                channel.send_frame(worker.request, frames, clock, worker.pidfd)
            channel.send_frame(worker.request, request, clock, worker.pidfd)
            self._delivered.sent(worker, keeps)
            body = channel.recv_frame(worker.reply, clock, max_body, worker.pidfd)
        except channel.ChannelTimeout:
            cpu = clock.cpu_used()
            output = self._retire(worker)
            seconds = time.monotonic() - started
            if cpu is not None:
                state.waited += max(0.0, seconds - cpu)
            budget_bound = wall_left < cap if clock.by_wall else left < call_seconds
            return ran_past(self._limits, limit, budget_bound, output, seconds, cpu=cpu,
                            wall=clock.wall if clock.by_wall and cpu is not None else None)
        except channel.ChannelClosed:
            code = _exit_code(worker.proc)
            memory_hit, home_hit = state.memory_hit, state.home_hit
            output = self._retire(worker)
            if memory_hit:
                return Outcome("limit", exc_type="MemoryError", output=output, seconds=time.monotonic() - started,
                               error=f"your code's processes together used more than "
                                     f"{format_bytes(self._limits.memory_bytes)} of memory")
            if home_hit:
                return Outcome("limit", exc_type="DiskQuotaExceeded", output=output,
                               seconds=time.monotonic() - started,
                               error=f"your code wrote more than {home_hit} in its working folder")
            if code is not None and code >= 0 or code in (-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP):
                self._flag("forced-exit", _describe_exit(code))
            return Outcome("crashed", error=_describe_exit(code), output=output,
                           seconds=time.monotonic() - started)
        except codec.FrameTooLarge as exc:
            return too_large(self._limits, exc, self._retire(worker), time.monotonic() - started)
        except codec.CodecError as exc:
            output = self._retire(worker)
            return _malformed(exc, output, time.monotonic() - started)
        seconds = time.monotonic() - started
        cpu = None
        if seconds > CallClock.CHECK_SECONDS:   # a short call is charged its wall time: no /proc read
            cpu = clock.cpu_used()
            state.waited += 0.0 if cpu is None else max(0.0, seconds - cpu)
        output = worker.drain.take()
        if worker.drain.dropped:
            self._flag("output-flood", f"printed {format_bytes(worker.drain.dropped + self._limits.output_bytes)}")
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
        outcome.cpu = cpu
        note_memory(outcome, self._limits)
        self._take_events(worker)
        if outcome.exc_type == TAMPERING and not any(kind == "driver-tampering" for kind, _ in state.flags):
            self._flag("driver-tampering", "the worker's trusted code was changed")
        if outcome.status == "ok" and plan and worker.region is not None:
            outcome.observed = worker.region.read(plan)
        if outcome.exc_type == TAMPERING:
            # Its trusted code is no longer trusted, and a fresh worker would import the same code again:
            # the submission's other calls are refused, so that it cannot buy a restart per call.
            self._retire(worker)
            state.tampered = True
        return outcome

    def _take_events(self, worker: _Worker) -> None:
        """Flag what the worker's recorder wrote to the event pipe, and a pipe closed, replaced or written junk to."""
        if worker.events is None:
            return
        data = b""
        while len(data) < EVENT_BYTES:
            try:
                chunk = os.read(worker.events, 1 << 16)
            except OSError:   # BlockingIOError: nothing more now
                break
            if not chunk:
                break
            data += chunk
        taken = 0
        lines = data.split(b"\n") if data else []
        for raw in lines[:-1] if data.endswith(b"\n") else lines:
            kind, tab, detail = raw.decode("utf-8", "replace").partition("\t")
            if not tab or kind not in EVENT_KINDS:
                self._flag("recorder-tampering", "something other than an event was written to the event pipe")
            elif taken < EVENTS:
                taken += 1
                self._flag(kind, _clean(detail, 200))
        if worker.pid is not None and worker.events_fd is not None and os.path.isdir(f"/proc/{worker.pid}/fd"):
            try:
                link = os.readlink(f"/proc/{worker.pid}/fd/{worker.events_fd}")
            except FileNotFoundError:
                link = ""
            except OSError:
                return
            if link != worker.events_pipe and os.path.isdir(f"/proc/{worker.pid}/fd"):
                self._flag("recorder-tampering", "the event pipe was closed or replaced")

    def _flag(self, kind: str, detail: str) -> None:
        if (kind, detail) not in self._state.flags:
            self._state.flags.append((kind, detail))

    # ---------------------------------------------------------------------------------- workers

    def _spawn(self) -> _Worker | None:
        """Start a worker and wait for its "ready"; None if the time budget ran out first."""
        state = self._state
        budget_bound = self._budget_left() < STARTUP_SECONDS
        deadline = time.monotonic() + min(STARTUP_SECONDS, self._budget_left())
        if state.scratch is None:
            try:
                state.scratch, state.scratch_lock = staging.make_scratch(self._scratch_root, self._uid, procs.kill_uid)
            except OSError as exc:
                raise SandboxError(f"cannot create a scratch directory: {exc}") from None
        state.generation += 1
        try:
            layout = staging.stage(state.scratch, state.generation, self._submission, self._drivers, self._uid)
        except OSError as exc:
            raise SandboxError(f"cannot prepare the worker's directory: {exc}") from None
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        region = shared.Region()
        ev_r, ev_w = os.pipe()
        os.set_blocking(ev_w, False)   # a full pipe drops the event rather than blocking the learner's call
        os.set_blocking(ev_r, False)
        read, write, listed = _isolation.allowlist(layout.root, layout.home)
        config: WorkerConfig = {
            "request_fd": req_r,
            "response_fd": rep_w,
            "events_fd": ev_w,
            "shared_fd": region.fd,
            "shared_bytes": region.size,
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
            "confine": str(layout.confine),
            "blocked": list(self._blocked),
            "landlock_scope": LANDLOCK_SCOPE,
            "uid": self._uid,
            "read": read, "write": write, "listed": listed,
        }
        token = secrets.token_hex(16)
        env = _isolation.environment(layout.home, token)
        proc: subprocess.Popen[bytes] | forkserver.Forked | None = None
        try:
            if self._forked:
                plan = (_isolation.namespace_plan(layout.root, self._scratch_root, self._hide, self._uid)
                        if state.level == _isolation.NAMESPACE and self._uid is not None else None)
                try:
                    proc = _isolation.fork_server().fork(dict(config), (req_r, rep_w, region.fd, ev_w), env,
                                                         layout.home, layout.worker, plan)
                except SandboxError:
                    if plan is not None:
                        raise
                    self._forked = False   # process mode: exec'd workers from now on
            if isinstance(proc, forkserver.Forked):
                events_fd = proc.fds["events_fd"]
            else:   # a fresh interpreter, as a learner's checker starts it (a mark in its environment: forkserver.py)
                python = [os.path.realpath(sys.executable), *_isolation.PYTHON_FLAGS, str(layout.worker),
                          json.dumps(config)]
                proc = subprocess.Popen(
                    python, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    pass_fds=(req_r, rep_w, region.fd, ev_w), start_new_session=True, cwd=layout.home, env=env)
                events_fd = ev_w
        except (OSError, SandboxError) as exc:
            for fd in (req_w, rep_r, ev_r):
                os.close(fd)
            region.close()
            staging.discard(layout)
            raise SandboxError(f"cannot start a worker: {exc}") from None
        finally:
            os.close(req_r)
            os.close(rep_w)
            os.close(ev_w)
        os.set_blocking(req_w, False)
        os.set_blocking(rep_r, False)
        assert proc.stdout is not None
        drain = OutputDrain(proc.stdout.fileno(), self._limits.output_bytes, self._limits.kept_mark.encode())
        pidfd = os.dup(proc.pidfd) if isinstance(proc, forkserver.Forked) else procs.open_pidfd(proc.pid)
        worker = _Worker(proc, layout, req_w, rep_r, drain, token, procs.TreeClock(proc.pid), pidfd=pidfd,
                         region=region, events=ev_r, events_fd=events_fd,
                         events_pipe=f"pipe:[{os.fstat(ev_r).st_ino}]", pid=proc.pid)
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
            worker.pid = inner[0] if len(inner) == 1 else None
        home = layout.home if state.level == _isolation.PROCESS else None   # a capped tmpfs in namespace mode
        if self._uid is not None or home is not None:
            worker.watch = threading.Thread(target=_watch_memory,
                                            args=(state, worker, self._limits.memory_bytes, home),
                                            name="sandbox-memory", daemon=True)
            worker.watch.start()
        return worker

    def _retire(self, worker: _Worker) -> str:
        """Kill a worker and everything it started; returns what it printed since the last call."""
        self._take_events(worker)
        output = _stop(worker, self._state, time.monotonic() + self._state.reserve)
        if self._state.worker is worker:
            self._state.worker = None
        return output


# ------------------------------------------------------------------------------------------- helpers

_isolation = isolation   # the module, under a name the ``isolation`` parameter does not shadow


def _watch_memory(state: _State, worker: _Worker, limit: int, home: Path | None) -> None:
    """Kill every process of the sandbox's uid when together they hold more than ``limit`` resident, and
    the worker when its home (``home``: process mode, a plain folder) holds more than the home's limits.

    The per-submission memory limit where no cgroup can be had: polled every WATCH_SECONDS, so a
    burst can pass the limit by what it touches in that time (each process is also capped by RLIMIT_AS).
    Every thread group of the uid counts, a zombie leader's too, and the shared region's pages.
    """
    while state.worker is worker and not worker.stopped.is_set():
        if state.uid is not None:
            held = sum(procs.of_uid(state.uid).values()) + (worker.region.resident() if worker.region else 0)
            if held > limit:
                state.memory_hit = True
                procs.kill_uid(state.uid)
                return
        over = _home_over(home) if home is not None else ""
        if over:
            state.home_hit = over
            if state.uid is not None:
                procs.kill_uid(state.uid)
            else:
                procs.kill_group(worker.proc.pid)
                procs.kill_marked(isolation.TOKEN_VARIABLE, worker.token)
            return
        worker.stopped.wait(WATCH_SECONDS)   # woken at once when the worker is stopped


def _home_over(home: Path) -> str:
    """What of the home's limits (HOME_BYTES, HOME_INODES) a folder passes, "" if none (walks at most
    HOME_INODES entries)."""
    entries, used = 0, 0
    stack = [str(home)]
    while stack:
        try:
            scan = os.scandir(stack.pop())
        except OSError:
            continue
        with scan:
            for entry in scan:
                entries += 1
                if entries > isolation.HOME_INODES:
                    return f"{isolation.HOME_INODES} files"
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                used += info.st_blocks * 512
                if used > isolation.HOME_BYTES:
                    return format_bytes(isolation.HOME_BYTES)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return ""


def _stop(worker: _Worker, state: _State, deadline: float) -> str:
    """Kill a worker and every process of it, close its pipes, delete its directory; waits end by ``deadline``
    (each at least a moment: the kills are always made)."""

    def bounded(at_most: float) -> float:
        return min(at_most, max(0.05, deadline - time.monotonic()))

    level = state.level
    worker.stopped.set()
    if state.uid is not None:
        own = {worker.proc.pid, worker.pid}   # unshare and the worker; the worker alone in process mode
        left = [pid for pid in procs.of_uid(state.uid) if pid not in own]
        if left and not state.memory_hit and not state.home_hit:
            state.flags.append(("processes-left", f"{len(left)} process(es) left running, killed"))
    if worker.inner is not None:
        procs.kill_pidfd(worker.inner)   # the namespace's init: the kernel kills the rest of it, and the process
        with suppress(subprocess.TimeoutExpired):   # we started waits for it (its CPU time counted) and ends
            worker.proc.wait(timeout=bounded(1))
    if worker.proc.returncode is None:   # once reaped, its pid may be another's
        procs.kill_group(worker.proc.pid)
        with suppress(OSError):
            worker.proc.kill()
    if level == isolation.PROCESS:
        procs.kill_marked(isolation.TOKEN_VARIABLE, worker.token)
    with suppress(subprocess.TimeoutExpired):
        worker.proc.wait(timeout=bounded(5))
    if level == isolation.PROCESS:   # again: a process may have been forked while the worker died
        procs.kill_marked(isolation.TOKEN_VARIABLE, worker.token)
    if worker.watch is not None and worker.watch is not threading.current_thread():
        worker.watch.join(timeout=bounded(10))  # it may be killing too: after it, no process of the uid is left
    if state.uid is not None:          # every process of the sandbox's uid, wherever it went
        procs.kill_uid(state.uid, bounded(5))
    state.memory_hit = False
    state.home_hit = ""
    worker.drain.wait_closed(bounded(0.5))
    output = worker.drain.take()
    worker.drain.close()
    assert worker.proc.stdout is not None
    worker.proc.stdout.close()
    for fd in (worker.request, worker.reply, worker.pidfd, worker.inner, worker.events):
        if fd is not None:
            with suppress(OSError):
                os.close(fd)
    if worker.region is not None:
        worker.region.close()
    worker.cpu.close()
    staging.discard(worker.layout)
    return output


def _cleanup(state: _State) -> None:
    """Kill the worker and delete the scratch directory (the finalizer: runs once)."""
    state.closed = True
    if state.worker is not None:
        _stop(state.worker, state, time.monotonic() + state.reserve)
        state.worker = None
    if state.scratch is not None:
        shutil.rmtree(state.scratch, ignore_errors=True)
        state.scratch = None
    if state.scratch_lock is not None:
        os.close(state.scratch_lock)
        state.scratch_lock = None


def encode_request(job: str, payload: dict[str, Any]) -> list[memoryview]:
    """The frames of a request to the worker; ValueError for a job or payload that cannot be sent."""
    if not isinstance(job, str) or not job.isidentifier() or job.startswith("_"):
        raise ValueError(f"job must be the name of a public function of the drivers, not {job!r}")
    if not isinstance(payload, dict) or not all(isinstance(k, str) for k in payload):
        raise ValueError("payload must be a dict with str keys")
    try:
        return codec.encode({"job": job, "payload": payload})
    except codec.CodecError as exc:
        raise ValueError(f"the payload cannot be sent to the worker: {exc}") from None


def budget_spent(limits: Limits) -> Outcome:
    return Outcome("timeout", error=f"the submission's time budget ({format_seconds(limits.total_seconds)}) is spent")


def ran_past(limits: Limits, limit: float, budget_bound: bool, output: str, seconds: float,
             cpu: float | None = None, wall: float | None = None) -> Outcome:
    """The outcome of a call stopped at its deadline: the call's own limit, or what was left of the budget;
    ``cpu``: the CPU time the call used, where it was measured; ``wall``: the wall-time cap that stopped it."""
    of_cpu = "" if cpu is None else " of CPU time"
    if budget_bound:
        message = (f"your code ran past the submission's time budget ({format_seconds(limits.total_seconds)}"
                   f"{of_cpu})")
    elif wall is not None:
        message = (f"your code did not finish within {format_seconds(wall)} of wall time, using only "
                   f"{format_seconds(cpu or 0.0)} of CPU time: it was mostly waiting (sleeping, reading input, "
                   "waiting for a process), or the machine was far too busy")
    else:
        message = f"your code ran past {format_seconds(limit)}{of_cpu}"
    return Outcome("timeout", error=message, output=output, seconds=seconds)


class CallClock:
    """A call's deadline (a ``channel.Deadline``): ``limit`` seconds of CPU time of the worker's processes
    (``cpu``: the process we started and its descendants, read from /proc every CHECK_SECONDS at most), or
    ``wall`` seconds of wall time, whichever comes first. Where /proc cannot tell, the wall time counts as CPU
    time."""

    CHECK_SECONDS = 0.25

    def __init__(self, limit: float, wall: float, cpu: procs.TreeClock) -> None:
        self.limit, self.wall, self.cpu = limit, wall, cpu
        self.started = time.monotonic()
        self.by_wall = False
        self._base = cpu.seconds()
        self._next = self.started + min(limit, self.CHECK_SECONDS)

    def cpu_used(self) -> float | None:
        """The CPU time the worker's processes used since the call began; None where it cannot be read."""
        now = self.cpu.seconds() if self._base is not None else None
        return None if now is None or self._base is None else max(0.0, now - self._base)

    def left(self) -> float:
        now = time.monotonic()
        if now >= self.started + self.wall:
            self.by_wall = True
            return 0.0
        if now >= self._next:
            used = self.cpu_used()
            remaining = self.limit - (now - self.started if used is None else used)
            if remaining <= 0:
                return 0.0
            self._next = now + min(remaining, self.CHECK_SECONDS)
        return min(self._next, self.started + self.wall) - now


def too_large(limits: Limits, exc: codec.FrameTooLarge, output: str, seconds: float) -> Outcome:
    return Outcome("limit", exc_type=RESULT_TOO_LARGE, output=output, seconds=seconds,
                   error=f"your code returned {format_bytes(exc.length)}, more than the "
                         f"{format_bytes(limits.result_bytes)} limit")


def note_memory(outcome: Outcome, limits: Limits) -> None:
    """Add the limit to the message of the learner's own MemoryError."""
    if outcome.status == "limit" and outcome.exc_type == "MemoryError":
        outcome.error += f"; your code may use {format_bytes(limits.memory_bytes)} of memory in all"


def _exit_code(proc: subprocess.Popen[bytes] | forkserver.Forked) -> int | None:
    try:
        return proc.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        return None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "the process closed the grader's pipe during the call"
    if code == REPLY_PIPE_GONE:
        return "the process closed or replaced the grader's reply pipe during the call"
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
