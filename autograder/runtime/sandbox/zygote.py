"""The fork server: a root Python with numpy loaded that forks one sandbox worker per request (Linux, root grader).

Never imported by the grader: ``forkserver.py`` starts ``python -I -S -B -u -X utf8 zygote.py SOCKET_FD
NUMPY_SITE`` with a clean environment; it imports numpy once, then serves requests on the socket (a
``SOCK_SEQPACKET`` pair, one JSON message each, descriptors passed alongside), one at a time:

- ``{"op": "fork", "config", "fds", "env", "cwd", "cpus", "worker", "namespace"}`` with the descriptors
  [output, request, response, shared, events]: forks a worker (below); replies ``{"pid", "fds"}`` (the
  descriptor numbers the worker holds, which its config now names) with a pidfd of the forked process.
- ``{"op": "reap", "pid"}``: that child's exit code as ``subprocess`` gives it (negative: killed by that
  signal), or null while it runs. A child is reaped only then: until the grader has its exit code, its pid
  cannot be given to another process.

The forked child runs from :func:`main`, with nothing of the serving loop on its stack. It starts a session of
its own, takes the output pipe as stdout and stderr, the worker's environment and working folder, the CPUs the
requesting thread may run on, and its core-dump limit 0. In namespace mode it first enters fresh mount, PID,
network, IPC and UTS namespaces and forks again: the grandchild is the PID namespace's init and becomes the
worker; the child stays behind as ``unshare --fork --kill-child`` would, waiting for it and leaving with its
exit code or signal. The init mounts a fresh /proc and applies the recipe of ``isolation.namespace_plan``
(every mount read-only, the interpreter exposed, hidden paths covered, the scratch root covered but for this
worker's folder, a capped tmpfs home) with ``mount(2)``: no shell, no ``mount`` command per mount. Then the
worker (``worker.py``, loaded by path from its staged folder as ``__main__``, with its argv) runs as it would
after an exec, without paying for a fresh interpreter and numpy's import: it fixes malloc's thresholds (the
heap it inherits must not decide how much CPU time the learner's code takes), confines itself and drops root
before any learner code.

The server never runs learner code and holds nothing but paths, numbers and descriptors (never a seed or an
expected value): what a worker inherits of its memory tells a learner nothing. It exits when the grader's end
of the socket closes. A child leaves through ``os._exit``.
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import re
import resource
import signal
import socket
import sys
import traceback
from typing import Any

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = (0x00020000, 0x04000000, 0x08000000,
                                                                        0x20000000, 0x40000000)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = (
    1, 2, 4, 8, 32, 4096, 16384, 1 << 18)
#: statvfs flag -> the mount flag a remount keeps: nosuid, nodev, noexec (the same bits), noatime, nodiratime,
#: relatime (ST_RELATIME is MS_BIND's bit; MS_RELATIME is 1 << 21)
KEPT_FLAGS = {MS_NOSUID: MS_NOSUID, MS_NODEV: MS_NODEV, MS_NOEXEC: MS_NOEXEC, 1024: 1024, 2048: 2048, 4096: 1 << 21}
PR_SET_PDEATHSIG = 1
MESSAGE_BYTES = 1 << 20

_libc = ctypes.CDLL(None, use_errno=True)


def serve(sock: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """Answer requests until the grader closes its end of the socket (None); in a forked child, return its
    request and descriptors, for :func:`main` to run it with nothing of this loop on its stack."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MESSAGE_BYTES, 8)
        except InterruptedError:
            continue
        if not message:
            return None
        request = json.loads(message)
        if request["op"] == "fork":
            pid = os.fork()
            if pid == 0:
                return request, fds
            for fd in fds:
                os.close(fd)
            pidfd = os.pidfd_open(pid)
            socket.send_fds(sock, [json.dumps({"pid": pid, "fds": fds}).encode()], [pidfd])
            os.close(pidfd)
        else:   # a child is reaped only when the grader asks: until then its pid cannot be another's
            sock.send(json.dumps({"code": reap(int(request["pid"]))}).encode())


def reap(pid: int) -> int | None:
    """The exit code of the child ``pid`` once it has exited (None while it runs, or when it is not a child)."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status) if done else None


def child(sock: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """Become the worker (or, in namespace mode, the parent waiting for it); leaves through ``os._exit``."""
    code = 1   # as Python's, for an error it did not catch (printed on the worker's output)
    try:
        sock.close()
        os.setsid()
        output = fds[0]
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(null)
        os.close(output)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.sched_setaffinity(0, request["cpus"])
        os.environ.clear()
        os.environ.update(request["env"])
        if request["namespace"] is not None:
            enter_namespaces()
            apply_plan(request["namespace"])
        os.chdir(request["cwd"])
        config = request["config"]
        for key, index in request["fds"].items():
            config[key] = fds[index]
        if request["worker"] is None:   # the probe: the namespaces work, and the sandbox's uid reaches Python
            uid = config["uid"]
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            for path in config["read"]:
                os.listdir(path)
            code = 0
        else:   # as ``python worker.py CONFIG`` would run it: its __main__, its argv
            worker = request["worker"]
            sys.argv[:] = [worker, json.dumps(config)]
            request.clear()   # the namespace plan (hidden paths, the scratch root) and the environment: gone
            spec = importlib.util.spec_from_file_location("__main__", worker)
            assert spec is not None and spec.loader is not None
            sys.modules["__main__"] = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(sys.modules["__main__"])
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    except BaseException:   # noqa: BLE001 - whatever failed, said on the worker's output, and this process ends
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:   # noqa: BLE001, S110 - the pipe may be gone: nothing left to say it on
                pass
        os._exit(code)


def enter_namespaces() -> None:
    """Enter fresh namespaces; the caller continues as the PID namespace's init, its parent waits for it."""
    check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    pid = os.fork()
    if pid == 0:
        check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        return
    os.closerange(3, 1 << 16)   # the protocol's ends are the worker's alone: the grader sees them close when it dies
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    code = os.waitstatus_to_exitcode(status)
    if code < 0:   # killed by a signal: die of the same one, as unshare does
        if -code != signal.SIGKILL:
            try:
                signal.signal(-code, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
        os.kill(os.getpid(), -code)
        os._exit(128 - code)   # a signal whose default is not to end the process
    os._exit(code & 0xFF)


def apply_plan(plan: dict[str, Any]) -> None:
    """The namespace's mounts (see ``isolation.namespace_plan`` for what each part is for)."""
    for target in mount_points():
        try:
            mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(target))
        except OSError:
            pass   # a mount point covered by a later mount, or gone: nothing reaches it
    handles = {path: os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
               for _, paths in plan["expose"] for path in paths}
    for top, paths in plan["expose"]:   # a needed folder under one others may not search: bound back alone
        mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        for path in paths:
            os.makedirs(path, exist_ok=True)
            bind_back(handles.pop(path), path, MS_RDONLY)
        mount(None, top, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    for path in plan["hide"]:   # checked here: a path under an exposed parent may be gone
        if os.path.isdir(path):
            mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555")
        elif os.path.lexists(path):
            mount("/dev/null", path, None, MS_BIND)
    scratch = plan.get("scratch")
    if scratch is not None:
        folder = os.open(scratch["folder"], os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        mount("tmpfs", scratch["root"], "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        os.makedirs(scratch["folder"], exist_ok=True)
        bind_back(folder, scratch["folder"], MS_RDONLY | MS_NOSUID | MS_NODEV)
        mount(None, scratch["root"], None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        home = scratch["home"]
        mount("tmpfs", home["path"], "tmpfs", MS_NOSUID | MS_NODEV,
              f"size={home['bytes']},nr_inodes={home['inodes']},mode=0700,uid={home['uid']},gid={home['uid']}")


def bind_back(handle: int, path: str, flags: int) -> None:
    """Bind the folder ``handle`` was opened on at ``path``, with ``flags`` (read-only and the like)."""
    mount(f"/proc/self/fd/{handle}", path, None, MS_BIND)
    os.close(handle)
    mount(None, path, None, MS_REMOUNT | MS_BIND | flags | kept_flags(path))   # and what the source had


def mount_points() -> list[str]:
    """Every mount point of this mount namespace (/proc/self/mounts escapes a space as \\040)."""
    with open("/proc/self/mounts") as f:
        fields = [line.split()[1] for line in f if len(line.split()) > 1]
    return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path) for path in fields]


def kept_flags(path: str) -> int:
    """The flags of the mount at ``path`` that a remount must give again to keep them."""
    try:
        have = os.statvfs(path).f_flag
    except OSError:
        return 0
    return sum(flag for bit, flag in KEPT_FLAGS.items() if have & bit)


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def raw(text: str | None) -> bytes | None:
        return None if text is None else os.fsencode(text)

    check(_libc.mount(raw(source), raw(target), raw(fstype), ctypes.c_ulong(flags), raw(data)), f"mount {target}")


def check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def main(argv: list[str]) -> int:
    sock = socket.socket(fileno=int(argv[1]))
    sys.path.append(argv[2])
    import numpy  # noqa: F401 - what every worker needs, loaded once here
    import numpy.random  # noqa: F401

    # its threads: 1 (numpy's BLAS told to use one), or its forks would be unsafe
    sock.send(json.dumps({"ready": len(os.listdir("/proc/self/task"))}).encode())
    forked = serve(sock)
    if forked is not None:
        child(sock, *forked)   # never returns
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
