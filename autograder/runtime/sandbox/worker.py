"""The sandbox worker: runs one submission's code, one call at a time, in its own process.

Never imported by the grader: the parent copies this file, ``codec.py`` and the drivers (one file, or
a folder of modules importing each other relatively) into the submission's scratch directory and
starts ``python -I -S -B -u -X utf8 worker.py CONFIG``
(CONFIG: JSON, see :func:`main`), as an unprivileged user in its own namespaces where the platform
allows it (``isolation.py``).

Start-up, before any learner code: set the rlimits, make the two protocol pipes close-on-exec,
import numpy, load the codec, the drivers and ``confine.py`` by path (none of them left in
``sys.modules``), take the fingerprint of the trusted code, confine the process (``confine.py``:
no_new_privs, Landlock, seccomp, then the sandbox's uid when started as root), start a watchdog
that exits when the grader goes away, add the audit hook that records what the learner's code
tries (:func:`recorder`, writing each event at once to a pipe the grader reads), block imports of
the grader's own packages, import the (empty) ``submission`` package, and say "ready". A frame
``{"keep": token, "value": ...}`` is stored without a reply (``kept.py``: a value the grader sends once
per worker; a top-level ``{"$kept": token}`` of a later payload stands for it). Then, per
request ``{"job", "payload"}``: call the job
(looked up in a table taken at start-up, never through the module), check the fingerprint,
encode the return value and send one reply:

- ``{"status": "ok", "value": ...}``
- ``{"status": "error" | "limit", "exc_type": ..., "error": one line}`` for anything raised
  (``BaseException`` included: SystemExit, KeyboardInterrupt, ...) or a value that cannot be
  encoded; ``exc_type`` "DriverTampering" when the learner's code changed the grader's code

Requests and replies travel as codec frames on two dedicated pipes, never on stdout/stderr, which
the parent drains separately. Learner code runs in this process and can undo anything done here
(the import blocker, saved references; code that walks the garbage collector or uses ctypes can
even defeat the fingerprint): what it cannot undo is what the kernel enforces (rlimits, Landlock,
seccomp, namespaces, the uid), and the parent trusts nothing that comes back.
"""

from __future__ import annotations

import gc
import importlib
import importlib.abc
import importlib.util
import json
import mmap
import os
import select
import sys
import threading
from builtins import (  # noqa: UP029 - bound now: learner code patching builtins cannot break the loop
    BaseException,
    all,
    any,
    callable,
    dict,
    getattr,
    isinstance,
    len,
    list,
    map,
    min,
    sorted,
    str,
    tuple,
    type,
    vars,
    zip,
)
from operator import attrgetter, is_, itemgetter
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # (this file runs as a script: nothing of the package is imported at run time)
    from .contract import PortableConfig, WorkerConfig, WorkerLimits

MESSAGE_CHARS = 300
_read = os.read
_write = os.write
_exit = os._exit


def main(argv: list[str]) -> int:
    """Start up, then serve requests until the grader closes the request pipe.

    CONFIG (JSON): request_fd, response_fd, events_fd; shared_fd, shared_bytes (the region of observed inputs,
    mapped here before any learner code: ``shared.py``); limits {memory_bytes, max_processes, file_bytes,
    open_files, cpu_seconds, result_bytes}; sys_path (appended), package_root (prepended);
    codec, drivers, confine (paths); blocked (top-level module names); uid (the sandbox's uid,
    or null); read, write, listed (the Landlock allowlist).
    """
    raw = json.loads(argv[1])
    if raw.get("portable"):
        return main_portable(raw)
    config: WorkerConfig = raw
    steady_malloc()
    failed = set_limits(config["limits"])
    req_fd, resp_fd = config["request_fd"], config["response_fd"]
    for fd in (req_fd, resp_fd):
        os.set_inheritable(fd, False)
    reply_pipe = os.fstat(resp_fd)
    sys.path.extend(config["sys_path"])
    sys.path.insert(0, config["package_root"])
    import numpy  # noqa: F401 - trusted, loaded before any learner code
    import numpy.random  # noqa: F401

    region = map_shared(config["shared_fd"], config["shared_bytes"]) if config.get("shared_fd") is not None else None
    codec = load_by_path("_sandbox_codec", config["codec"])
    drivers, driver_namespaces = load_drivers(config["drivers"])
    confine = load_by_path("_sandbox_confine", config["confine"])
    jobs = {name: vars(drivers)[name] for name in drivers.JOBS}   # the drivers' explicit table, no reflection
    path_fds = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC) for p in sys.path if os.path.isdir(p)}
    failed |= confine.no_new_privs()
    failed |= confine.landlock(config["read"], config["write"], config["listed"], config.get("landlock_scope", True))
    failed |= confine.deny_sockets()
    confine.drop_privileges(config["uid"])
    sys.path[:] = [p if p not in path_fds or os.access(p, os.R_OK | os.X_OK) else f"/proc/self/fd/{path_fds[p]}"
                   for p in sys.path]   # directories only root could reach (a Python under /root)
    used = {fd for p, fd in path_fds.items() if f"/proc/self/fd/{fd}" in sys.path}
    close_all_but({0, 1, 2, req_fd, resp_fd, config["events_fd"], config.get("shared_fd", 0), *used})
    start_watchdog(req_fd)
    events = recorder(config["events_fd"], config["blocked"], [*config["read"], "/proc/self/fd/"],
                      config["write"])
    tampered = fingerprinter([*driver_namespaces, vars(codec), globals(), {"audit": events}])
    sys.addaudithook(events)
    sys.meta_path.insert(0, ImportBlocker(config["blocked"]))
    package = importlib.import_module("submission")
    where = os.path.join(config["package_root"], "submission") + os.sep
    send(resp_fd, reply_pipe, codec.encode({"status": "ready", "limits_not_set": sorted(failed)}))
    return serve(req_fd, lambda reply: send(resp_fd, reply_pipe, reply), codec, jobs, package, region, where,
                 config["limits"]["result_bytes"], events, tampered)


def serve(req_fd: int, deliver: Any, codec: ModuleType, jobs: dict[str, Any], package: ModuleType, region: Any,
          where: str, result_bytes: int, events: Any, tampered: Any) -> int:
    """Answer requests until the grader closes the request pipe: each call's reply goes to ``deliver``."""
    kept: dict[str, Any] = {}   # the values the grader sends once per worker (sandbox/kept.py), by token
    while True:
        body = receive(req_fd, codec)
        if body is None:
            return 0
        if isinstance(body, dict) and len(body) == 2 and "keep" in body and "value" in body:
            kept[str(body["keep"])] = body["value"]   # no reply: the request that needs it follows
            continue
        try:
            reply = handle(codec, jobs, package, attach(body, region), where, result_bytes, events, kept)
            changed = tampered()
            if changed:
                events("driver-tampering", ("changed " + ", ".join(changed[:3]),))
                reply = codec.encode({"status": "error", "exc_type": TAMPERING,
                                      "error": "your code changed the grader's own code; this check cannot "
                                               "be judged"})
        except BaseException:  # noqa: BLE001 - even the report failed (learner code broke something)
            reply = codec.encode({"status": "error", "exc_type": "SandboxError",
                                  "error": "the call's result could not be reported"})
        flush()
        deliver(reply)


def main_portable(config: PortableConfig) -> int:
    """The worker of the portable sandbox (``portable.py``: a learner's own machine, Windows included).

    Requests arrive on stdin and replies leave on what was stdout; fd 1 then becomes a copy of fd 2, so that
    everything the learner's code prints goes to the stderr pipe the grader drains. After each call, a line
    ``config["marker"]`` on fd 2 tells the grader that the call's output is complete. Nothing is confined
    (no Landlock, seccomp, uid or event pipe): the rlimits are set where the platform has them.
    """
    failed = set_limits(config["limits"])
    req_fd, resp_fd = 0, os.dup(1)
    os.dup2(2, 1)
    try:
        import msvcrt  # Windows: the protocol's descriptors carry bytes, not text with \r\n
    except ImportError:
        pass
    else:
        for fd in (req_fd, resp_fd):
            msvcrt.setmode(fd, os.O_BINARY)  # type: ignore[attr-defined,unused-ignore]
    sys.path.extend(config["sys_path"])
    sys.path.insert(0, config["package_root"])
    import numpy  # noqa: F401 - trusted, loaded before any learner code
    import numpy.random  # noqa: F401

    with open(config["shared_path"], "r+b") as region_file:
        region = mmap.mmap(region_file.fileno(), config["shared_bytes"])
    codec = load_by_path("_sandbox_codec", config["codec"])
    drivers, driver_namespaces = load_drivers(config["drivers"])
    jobs = {name: vars(drivers)[name] for name in drivers.JOBS}
    tampered = fingerprinter([*driver_namespaces, vars(codec), globals()])
    sys.meta_path.insert(0, ImportBlocker(config["blocked"]))
    package = importlib.import_module("submission")
    where = os.path.join(config["package_root"], "submission") + os.sep
    marker = config["marker"].encode()

    def deliver(reply: list[memoryview]) -> None:
        try:
            _write(2, marker)
        except OSError:   # learner code closed fd 2: the grader waits for the marker a moment, then goes on
            pass
        for buf in reply:
            view = buf.cast("B")
            while view:
                view = view[_write(resp_fd, view):]

    deliver(codec.encode({"status": "ready", "limits_not_set": sorted(failed)}))
    return serve(req_fd, deliver, codec, jobs, package, region, where, config["limits"]["result_bytes"],
                 lambda *event: None, tampered)


TAMPERING = "DriverTampering"


def fingerprinter(namespaces: list[dict[str, Any]]) -> Any:
    """A function naming what changed, since now, of everything the worker and the drivers rely on.

    Covers each namespace's bindings, its functions' code, defaults and closures, its classes'
    attributes, and every attribute of another module (numpy, copy, importlib, builtins...) that
    the code names. Taken before any learner code runs; a difference after a call means the
    learner's code patched the grader's side of the process (through ``sys.modules``, a frame's
    globals, a code object, numpy or builtins).
    """
    import builtins
    import types

    def codes(code: types.CodeType) -> list[types.CodeType]:
        found = [code]
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                found += codes(const)
        return found

    functions: list[Any] = []
    modules: list[Any] = [builtins]
    for namespace in namespaces:
        for value in namespace.values():
            if isinstance(value, types.FunctionType):
                functions.append(value)
            elif isinstance(value, type):
                functions += [v for v in vars(value).values() if isinstance(v, types.FunctionType)]
            elif isinstance(value, types.ModuleType):
                modules.append(value)
    # each object once (the drivers' modules import the same functions and modules: about half the objects held
    # were repeats); functions and modules hash and compare by identity
    functions = list(dict.fromkeys(functions))
    names = {n for f in functions for c in codes(f.__code__) for n in c.co_names}
    for module in list(modules):
        found = vars(module)
        modules += [found[n] for n in sorted(names & found.keys()) if isinstance(found[n], types.ModuleType)]
    modules = [m for m in dict.fromkeys(modules) if m is not sys]   # learner code may rebind sys.stdout and the like
    classes: list[type] = []
    for value in (v for ns in namespaces for v in ns.values() if isinstance(v, type)):
        if not any(value is c for c in classes):    # by identity: a metaclass may define __eq__
            classes.append(value)
    # attributes present now: a later import adds submodules, copy adds __slotnames__ to classes
    owners = [(m, sorted(names & vars(m).keys())) for m in modules]
    owners += [(c, list(vars(c))) for c in classes]
    owners = [(owner, keys) for owner, keys in owners if keys]
    attributes = [(owner, n) for owner, keys in owners for n in keys]
    # C-level getters, so that a check per call costs well under a millisecond (a key gone raises KeyError;
    # keys[0] twice, so that a getter returns a tuple even for one key)
    getters = [(vars(owner), itemgetter(*keys, keys[0])) for owner, keys in owners]
    # Every function's code, defaults, keyword defaults and closure in one call: reading __code__ or __defaults__
    # raises an audit event each (three per function: about a millisecond per call through the recorder's hook),
    # gc.get_referents one for all of them.
    referents = gc.get_referents
    cells = [c for f in functions for c in f.__closure__ or ()]   # a function's __closure__ cannot be rebound
    contents = attrgetter("cell_contents")

    def marks() -> dict[str, Any]:
        found = [(f"{ns.get('__name__')}.{k}", v) for ns in namespaces for k, v in ns.items()]
        for f in functions:
            found += [(f"{f.__qualname__}.__code__", f.__code__),
                      (f"{f.__qualname__}.__defaults__", f.__defaults__),
                      (f"{f.__qualname__}.__kwdefaults__", f.__kwdefaults__)]
            found += [(f"{f.__qualname__}.<closure {name}>", c.cell_contents)
                      for name, c in zip(f.__code__.co_freevars, f.__closure__ or ())]  # noqa: B905 - Python 3.9 (the release)
        found += [(f"{getattr(m, '__qualname__', m.__name__)}.{n}", vars(m).get(n)) for m, n in attributes]
        return dict(found)

    def objects() -> list[Any]:   # the same objects, in order, without naming them
        found: list[Any] = []
        for ns in namespaces:
            found += ns
            found += ns.values()
        found += referents(*functions)
        found += map(contents, cells)
        for namespace, get in getters:
            found += get(namespace)
        return found

    # Identity is compared with `is` on the objects held here, not with id(): id() raises an audit
    # event per call, and a held object's address cannot be reused by another after it is freed.
    pristine_objects, pristine = objects(), marks()

    def changed() -> list[str]:
        try:
            now = objects()
        except KeyError:
            now = []
        if len(now) == len(pristine_objects) and all(map(is_, now, pristine_objects)):
            return []
        current = marks()
        names = sorted(name for name in current.keys() | pristine.keys() if current.get(name) is not pristine.get(name))
        return names or ["an object the worker holds"]   # the fast check saw a change the names do not show
    return changed


def recorder(fd: int, blocked: list[str], read: list[str], write: list[str]) -> Any:
    """The audit hook recording what the learner's code tries (``sys.addaudithook`` cannot be undone).

    Each event is written at once, as one line ``kind\tdetail``, to a pipe that the grader reads (and whose
    identity it checks in /proc): nothing recorded can be taken back, and the hook keeps no mutable state
    for learner code to edit (its closure and code are in the fingerprint). Kinds (see autograder/runtime/model.py):
    blocked-import, hidden-path (a read outside the allowlist), refused-write (a write outside the home),
    socket, forced-exit; the worker itself also writes driver-tampering and forced-exit through it. A full
    pipe drops the event (the grader drains it after every call and flags a pipe full of anything else).
    """
    blocked_names = frozenset(blocked)
    readable, writable = tuple(read + write), tuple(write)
    pid = os.getpid()
    write_fd, getpgid, fsdecode, abspath = _write, os.getpgid, os.fsdecode, os.path.abspath
    writing_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC

    def audit(event: str, args: tuple) -> None:
        try:
            found = None
            if event == "import":
                if str(args[0]).partition(".")[0] in blocked_names:
                    found = ("blocked-import", f"import {args[0]}")
            elif event == "open":
                path, mode, flags = args
                if not isinstance(path, int):
                    where = abspath(fsdecode(path))
                    writing = (any(c in mode for c in "wax+") if isinstance(mode, str)
                               else isinstance(flags, int) and flags & writing_flags)
                    if writing and not within(where, writable):
                        found = ("refused-write", where)
                    elif not writing and not within(where, readable):
                        found = ("hidden-path", where)
            elif event.startswith("socket."):
                found = ("socket", event)
            elif event in ("os.kill", "os.killpg") and (args[0] in (pid, getpgid(0)) or args[0] <= 0):
                found = ("forced-exit", f"{event}({args[0]}, {args[1]})")
            elif event in ("driver-tampering", "forced-exit"):
                found = (event, str(args[0]))
            if found is not None:
                line = f"{found[0]}\t{' '.join(found[1].split())[:200]}\n".encode("utf-8", "replace")
                write_fd(fd, line)
        except BaseException:  # noqa: BLE001, S110 - an odd argument or a full pipe never breaks the learner's call
            pass
    return audit


def within(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == r.rstrip("/") or path.startswith(r.rstrip("/") + "/") for r in roots)


# ------------------------------------------------------------------------------------------ start-up

def set_limits(limits: WorkerLimits) -> set[str]:
    """Apply the rlimits; returns the names of those the platform refused (macOS ignores some)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return {"all"}
    wanted = {
        "RLIMIT_AS": limits["memory_bytes"],
        "RLIMIT_CORE": 0,
        "RLIMIT_FSIZE": limits["file_bytes"],
        "RLIMIT_NOFILE": limits["open_files"],
        "RLIMIT_CPU": limits["cpu_seconds"],
        "RLIMIT_NPROC": limits["max_processes"] + (tasks_of_user(os.getuid()) if os.getuid() else 0),
    }
    failed = set()
    for name, value in wanted.items():
        try:
            resource.setrlimit(getattr(resource, name), (value, value))
        except (AttributeError, ValueError, OSError):
            failed.add(name)
    return failed


def tasks_of_user(uid: int) -> int:
    """Processes and threads this uid runs now (RLIMIT_NPROC counts them all): 0 if /proc cannot tell."""
    count = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as f:
                status = f.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        try:
            if int(fields["Uid"].split()[0]) == uid:
                count += int(fields["Threads"])
        except (KeyError, ValueError, IndexError):
            continue
    return count


#: glibc's mallopt parameters and the values the worker fixes them to: the largest a process reaches by
#: itself (mmap threshold 32 MiB, trim threshold twice that)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MALLOC_THRESHOLDS = {M_MMAP_THRESHOLD: 32 << 20, M_TRIM_THRESHOLD: 64 << 20}


def steady_malloc() -> None:
    """Fix glibc malloc's thresholds, so that the CPU time of the learner's code does not depend on the heap the
    worker started with. Left to itself, malloc raises them as blocks are freed, from whatever state the
    worker's start left: the same training (an example's convergence check) returned its arrays to the kernel
    and faulted them back in at every step in about two forked workers of three (69,000 page faults, 1.4 times
    the CPU time; 590 faults with the thresholds fixed), and exec'd workers do the same on other patterns.
    Elsewhere (another C library, Windows), nothing."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, TypeError):   # pragma: no cover - no mallopt here
        return
    for parameter, value in MALLOC_THRESHOLDS.items():
        mallopt(parameter, value)


def map_shared(fd: int, size: int) -> Any:
    """The shared region of observed inputs (``shared.py``), mapped read-write: a ctypes array over it.

    Mapped with the C library rather than ``mmap.mmap``, which keeps a duplicate of the descriptor open."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    address = libc.mmap(None, size, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_SHARED, fd, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        raise OSError(ctypes.get_errno(), "cannot map the shared region")
    return (ctypes.c_char * size).from_address(address)


def close_all_but(keep: set[int]) -> None:
    """Close every descriptor not in ``keep`` (one opened before confinement would let learner code list a
    directory it may not open): what the worker needs is the protocol's pipes and region, and stdio."""
    low = 0
    for fd in sorted(keep):
        if fd > low:
            os.closerange(low, fd)
        low = max(low, fd + 1)
    os.closerange(low, 1 << 16)


def start_watchdog(req_fd: int) -> None:
    """Exit at once when the grader's end of the request pipe closes (the grader died or gave up)."""

    def watch() -> None:
        poller = select.poll()
        poller.register(req_fd, select.POLLHUP | select.POLLERR)
        while True:
            for _, event in poller.poll():
                if event & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    _exit(70)

    threading.Thread(target=watch, name="sandbox-watchdog", daemon=True).start()


def load_by_path(name: str, path: str) -> ModuleType:
    """Load a trusted file as a module that ``sys.modules`` does not list (the worker holds it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module          # while it runs (dataclasses and the like look it up)
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


DRIVERS_NAME = "_sandbox_drivers"


def load_drivers(path: str) -> tuple[ModuleType, list[dict[str, Any]]]:
    """The drivers, loaded by path under a private name that ``sys.modules`` no longer lists afterwards, and
    the namespaces of every module of theirs (for the fingerprint).

    ``path`` is one file, or a folder with an ``__init__.py`` whose modules import each other relatively
    (loaded as the package ``_sandbox_drivers``, its modules found in that folder only, all before any
    learner code runs: nothing of them is imported later)."""
    if not os.path.isdir(path):
        module = load_by_path(DRIVERS_NAME, path)
        return module, [vars(module)]
    spec = importlib.util.spec_from_file_location(DRIVERS_NAME, os.path.join(path, "__init__.py"),
                                                  submodule_search_locations=[path])
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[DRIVERS_NAME] = package
    try:
        spec.loader.exec_module(package)
        namespaces = [vars(module) for name, module in sorted(sys.modules.items())
                      if name == DRIVERS_NAME or name.startswith(DRIVERS_NAME + ".")]
    finally:
        for name in [name for name in sys.modules if name == DRIVERS_NAME or name.startswith(DRIVERS_NAME + ".")]:
            del sys.modules[name]
    return package, namespaces


class ImportBlocker(importlib.abc.MetaPathFinder):
    """Refuses the grader's own packages (best effort: learner code can remove it; namespaces hide files)."""

    def __init__(self, names: list[str]) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        top = fullname.partition(".")[0]
        if top in self.names:
            raise ImportError(f"importing {top} is not allowed in a submission", name=fullname)
        return None


# ------------------------------------------------------------------------------------------ protocol

def read_exact(fd: int, n: int) -> bytes | None:
    """n bytes from fd, or None at end of file."""
    parts = []
    while n:
        chunk = _read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def receive(fd: int, codec: ModuleType) -> Any:
    head = read_exact(fd, codec.FRAME_HEADER_SIZE)
    if head is None:
        return None
    body = read_exact(fd, codec.parse_frame_header(head, 2**62))
    return None if body is None else codec.decode_body(body)


def send(fd: int, pipe: os.stat_result, buffers: list[memoryview]) -> None:
    """Write a reply, or exit at once if learner code closed or replaced the reply pipe's descriptor."""
    try:
        now = os.fstat(fd)
    except OSError:
        _exit(71)
    if (now.st_dev, now.st_ino) != (pipe.st_dev, pipe.st_ino):
        _exit(71)
    for buf in buffers:
        view = buf.cast("B")
        while view:
            view = view[_write(fd, view):]


def flush() -> None:
    streams: list[Any] = []
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if not any(stream is s for s in streams):    # by identity, without id(): an audit event each
            streams.append(stream)
    for stream in streams:
        try:
            stream.flush()  # type: ignore[union-attr]   # None, replaced or closed by learner code: passed
        except BaseException:  # noqa: BLE001, S110 - learner code may have replaced or closed them
            pass


# ------------------------------------------------------------------------------------------- calling

def attach(value: Any, region: Any) -> Any:
    """The request with each ``{"$shm": [offset, dtype, shape]}`` replaced by an array backed by the shared
    region (``shared.py``): the grader reads those arrays back itself after the call."""
    if isinstance(value, dict):
        mark = value.get("$shm") if len(value) == 1 else None
        if mark is not None and region is not None:
            import numpy

            offset, dtype, shape = mark
            return numpy.ndarray(tuple(shape), dtype=numpy.dtype(dtype), buffer=region, offset=offset)
        return {k: attach(v, region) for k, v in value.items()}
    if isinstance(value, list):
        return [attach(v, region) for v in value]
    if isinstance(value, tuple):
        return tuple(attach(v, region) for v in value)
    return value


def handle(codec: ModuleType, jobs: dict[str, Any], package: ModuleType, request: Any, where: str,
           result_bytes: int, events: Any, kept: dict[str, Any]) -> list[memoryview]:
    """Run one request; returns the encoded reply. Catches everything the learner's code can raise.

    A top-level ``{"$kept": token}`` of the payload is the value the grader sent earlier under that token."""
    try:
        job, payload = request["job"], request["payload"]
        payload = {key: keeping(value, kept) for key, value in payload.items()}
        function = jobs.get(job)
        if not callable(function):
            return codec.encode({"status": "error", "exc_type": "LookupError",
                                 "error": f"the grader has no job {job!r}"})
        value = function(package, **payload)
        return codec.encode({"status": "ok", "value": value}, limit=result_bytes, envelope=1)
    except codec.EncodeError as exc:
        kind = "limit" if exc.kind == "limit" else "error"
        exc_type = "ResultTooLarge" if exc.kind == "limit" else "UnsupportedResult"
        return codec.encode({"status": kind, "exc_type": exc_type, "error": one_line(str(exc))})
    except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt... are the learner's errors
        if not isinstance(exc, Exception):
            events("forced-exit", (f"raised {type(exc).__name__}",))
        return describe(codec, exc, where)


def keeping(value: Any, kept: dict[str, Any]) -> Any:
    """``kept[token]`` for ``{"$kept": token}``, ``value`` otherwise (LookupError for a token never sent)."""
    if isinstance(value, dict) and len(value) == 1 and "$kept" in value:
        token = value["$kept"]
        if token not in kept:
            raise LookupError(f"the grader's value {str(token)[:20]!r} is not in this process")
        return kept[token]
    return value


def describe(codec: ModuleType, exc: BaseException, where: str) -> list[memoryview]:
    """The reply for an exception: its class name and one line with the learner's file and line."""
    try:
        name = str(type(exc).__name__)
    except BaseException:  # noqa: BLE001
        name = "Exception"
    try:
        if isinstance(exc, SyntaxError):
            message = str(exc.msg)
        elif isinstance(exc, SystemExit):
            message = f"your code called sys.exit({exc.code!r})"
        else:
            message = str(exc)
    except BaseException:  # noqa: BLE001 - a learner's __str__ may raise anything
        message = "(the exception's message could not be printed)"
    location = learner_location(exc, where)
    text = f"{name}: {one_line(message)}" if message else name
    if location:
        text += f" ({location})"
    status = "limit" if isinstance(exc, MemoryError) else "error"
    return codec.encode({"status": status, "exc_type": name[:100], "error": text})


def learner_location(exc: BaseException, where: str) -> str:
    """"lstm.py, line 42": the last traceback frame in the submission (or a SyntaxError's own place); when that
    frame's function is not the one the grader called, both: "lstm.py, line 116, in lstm_forward, called from your
    model_loss at train.py, line 52" (the error may come from what the caller passed)."""
    try:
        if isinstance(exc, SyntaxError) and isinstance(exc.filename, str) and exc.filename.startswith(where):
            return f"{exc.filename[len(where):]}, line {exc.lineno}"
        frames = []
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename.startswith(where):
                frames.append((f"{code.co_filename[len(where):]}, line {tb.tb_lineno}", str(code.co_name)))
            tb = tb.tb_next
        if not frames:
            return ""
        (outer, caller), (inner, function) = frames[0], frames[-1]
        if function == caller or "<" in function + caller:   # one function, or a module's or a lambda's code
            return inner
        return f"{inner}, in {function}, called from your {caller} at {outer}"
    except BaseException:  # noqa: BLE001
        return ""


def one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 3] + "..."


if __name__ == "__main__":
    sys.exit(main(sys.argv))
