"""The grader's side of the fork server (``zygote.py``): workers forked from a root Python that has numpy loaded.

A worker started with ``exec`` spends most of its start in a fresh interpreter importing numpy; a fork of a
process that already has them costs a few ms. Used where the grader runs as root on Linux (the grading of a
class, CI, Gradescope's container), in both isolation levels. In namespace mode the child enters the
namespaces and makes the mounts itself: no ``unshare``, shell, ``mount`` per mount or ``setpriv``. The worker
fixes malloc's thresholds, confines itself and drops root before learner code in both levels. A grader not
running as root (a learner's laptop) starts its workers with ``subprocess`` as before: its workers are told
apart by a mark in their environment, which a fork cannot set where ``/proc`` shows it.

One server per grader process, started at its first use and shared by every sandbox and thread (a lock
orders the requests); it ends when the grader does (the socket closes). Should it die, the next request
starts another.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from .contract import SandboxError

HERE = Path(__file__).resolve().parent
START_SECONDS = 30.0
REPLY_BYTES = 1 << 16
#: The order of the descriptors a fork request passes, and the config keys naming the worker's copies.
DESCRIPTORS = ("output", "request_fd", "response_fd", "shared_fd", "events_fd")


@functools.cache
def applies() -> bool:
    """Whether workers start through the fork server here (Linux, a root grader, pidfds: Linux 5.3+) rather than
    as the grader's own children."""
    if not (sys.platform.startswith("linux") and os.geteuid() == 0 and hasattr(socket, "send_fds")):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


class Forked:
    """A forked worker, handled as ``subprocess.Popen`` handles a started one (what ``process.py`` uses of it)."""

    def __init__(self, server: Server, pid: int, pidfd: int, stdout: IO[bytes], fds: dict[str, int]) -> None:
        self.pid, self.pidfd, self.stdout, self.fds = pid, pidfd, stdout, fds
        self.returncode: int | None = None
        self._server = server
        self._lock = threading.Lock()

    def wait(self, timeout: float | None = None) -> int:
        """Its exit code once it has exited (raises ``subprocess.TimeoutExpired`` after ``timeout`` seconds)."""
        with self._lock:
            if self.returncode is None:
                if not _readable(self.pidfd, timeout):
                    raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0.0)
                code = self._server.reap(self.pid)
                self.returncode = -signal.SIGKILL if code is None else code   # the server gone: killed with it
                os.close(self.pidfd)
            return self.returncode

    def kill(self) -> None:
        with self._lock, suppress(OSError):
            if self.returncode is None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def output(self, timeout: float) -> bytes:
        """What it printed until it exited (the last 4,000 bytes); killed, its session too, after ``timeout``
        seconds (raises ``subprocess.TimeoutExpired``)."""
        deadline, chunks = time.monotonic() + timeout, list[bytes]()
        with self.stdout:
            while True:
                if not _readable(self.stdout.fileno(), max(0.0, deadline - time.monotonic())):
                    self.kill()
                    with suppress(OSError):
                        os.killpg(self.pid, signal.SIGKILL)
                    self.wait()
                    raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
                chunk = self.stdout.read(4000)
                if not chunk:
                    return b"".join(chunks)[-4000:]
                chunks.append(chunk)


class Server:
    """One running fork server and the grader's end of its socket."""

    def __init__(self, python: list[str], site: str, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.settimeout(START_SECONDS)   # a server that stops answering is replaced, not waited for
        self._sock = ours
        self._lock = threading.Lock()
        try:
            self._proc = subprocess.Popen(
                [*python, str(HERE / "zygote.py"), str(theirs.fileno()), site],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),), start_new_session=True, cwd="/", env=env)
        except OSError as exc:
            ours.close()
            raise SandboxError(f"cannot start the fork server: {exc}") from None
        finally:
            theirs.close()
        assert self._proc.stdout is not None
        reply = ours.recv(REPLY_BYTES) if _readable(ours.fileno(), START_SECONDS) else b""
        if not reply or json.loads(reply).get("ready") != 1:
            self.stop()
            output = self._proc.stdout.read(4000)
            why = output.decode(errors="replace").strip()[-2000:] or reply.decode(errors="replace")
            raise SandboxError(f"the fork server did not start: {why or 'no reply'}")
        self._proc.stdout.close()

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def stop(self) -> None:
        """Kill the server (its forked workers live on) and close the socket."""
        self._proc.kill()
        self._proc.wait()
        self._sock.close()

    def close(self, seconds: float = 5.0) -> None:
        """Close the socket and wait for the server to end (killed after ``seconds``): reaped by the grader, its
        CPU time and that of the workers it reaped count in the grader's children's (``RUSAGE_CHILDREN``)."""
        self._sock.close()
        try:
            self._proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.stop()

    def fork(self, config: dict[str, Any], descriptors: tuple[int, ...], env: dict[str, str], cwd: Path,
             worker: Path | None, namespace: dict[str, Any] | None) -> Forked:
        """Fork a worker running ``worker`` (None: the probe, which exits 0 once set up) with ``config``, whose
        descriptors (in DESCRIPTORS' order, output first) the worker gets copies of; the caller keeps its own."""
        out_r, out_w = os.pipe()
        request = {"op": "fork", "config": config, "env": env, "cwd": str(cwd),
                   "cpus": sorted(os.sched_getaffinity(0)),   # the calling thread's, as its own child would inherit
                   "worker": None if worker is None else str(worker), "namespace": namespace,
                   "fds": {key: index for index, key in enumerate(DESCRIPTORS[:len(descriptors) + 1]) if index}}
        try:
            with self._lock:
                socket.send_fds(self._sock, [json.dumps(request).encode()], [out_w, *descriptors])
                reply, fds, _, _ = socket.recv_fds(self._sock, REPLY_BYTES, 1, socket.MSG_CMSG_CLOEXEC)
        except OSError as exc:   # a timeout too: a late answer must not be read as the next request's
            os.close(out_r)
            self.stop()
            raise SandboxError(f"the fork server is gone: {exc}") from None
        finally:
            os.close(out_w)
        if not reply or len(fds) != 1:
            os.close(out_r)
            for fd in fds:
                os.close(fd)
            raise SandboxError("the fork server is gone")
        answer = json.loads(reply)
        numbers = {key: answer["fds"][index] for index, key in enumerate(DESCRIPTORS[:len(answer["fds"])])}
        return Forked(self, int(answer["pid"]), fds[0], os.fdopen(out_r, "rb", buffering=0), numbers)

    def reap(self, pid: int) -> int | None:
        """The exit code of a child that has exited (None: the server could not tell)."""
        try:
            with self._lock:
                self._sock.send(json.dumps({"op": "reap", "pid": pid}).encode())
                reply = self._sock.recv(REPLY_BYTES)
            return None if not reply else json.loads(reply)["code"]
        except (OSError, ValueError):
            self.stop()
            return None


def _readable(fd: int, timeout: float | None) -> bool:
    """Whether ``fd`` becomes readable within ``timeout`` seconds (a pidfd: once its process has exited)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(None if timeout is None else max(0, int(timeout * 1000))))


_server: list[Server] = []
_starting = threading.Lock()


@atexit.register
def close() -> None:
    """Close this process's fork server and wait for it (at exit; called earlier to read its children's usage)."""
    for running in _server:
        running.close()


def server(python: list[str], site: str, env: dict[str, str]) -> Server:
    """This process's fork server, started (again, after it died) when needed: ``python`` (the interpreter and its
    flags) importing numpy from ``site`` with the environment ``env``; raises SandboxError."""
    with _starting:
        if not _server or not _server[0].alive:
            if _server:
                _server[0].stop()
            _server[:] = [Server(python, site, env)]
        return _server[0]
