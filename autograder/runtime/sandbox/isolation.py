"""What each platform can enforce around a worker, and the mounts of its namespaces.

Two levels. "namespace+user" where the grader runs as root on Linux and may make namespaces and mounts
(probed once per process: the fork server, ``forkserver.py``, forks a child that sets them up); "process"
everywhere else (a learner's laptop, macOS, a container without the privileges, such as Gradescope's
default Docker one). In both, the worker confines itself before any learner code runs (``confine.py``:
Landlock, seccomp, no_new_privs and, for a root grader, a uid of its own per sandbox).

What is enforced on each platform (Markdown, for docs/isolation.md; each row is an attack run by
``tests/runtime/test_hardening.py`` or ``tests/runtime/test_sandbox.py`` in both modes on a root Linux CI)

| guarantee | namespace+user (root on Linux) | process, root grader (Docker, Gradescope) | process, non-root grader (a laptop; not run by CI, which is root) |
|---|---|---|---|
| runs as | a uid and gid of its own per sandbox, no groups, no capabilities, no_new_privs | the same (dropped by the worker before learner code) | the grader's user, no_new_privs |
| reading files | an allowlist (Landlock): the standard library, the interpreter, numpy, its staged modules, its home; `hide` paths also masked | the same allowlist (1) | the same allowlist (1) |
| the grading seed | never in its environment, argv or files; the grader's /proc is out of reach | the same | the same (1) |
| writing files | only its home (a tmpfs of 64 MiB and 4096 inodes) | only its home (1), polled every 0.1 s: the worker is killed past 64 MiB or 4096 files | the same |
| sockets and network | none: seccomp refuses `socket()` (path unix sockets too); own network namespace | none: seccomp refuses `socket()` | the same |
| signalling the grader or other learners | prevented: PID namespace, another uid | prevented: another uid (and Landlock's scope) | Landlock's scope only (2) |
| processes left behind | all killed: PID namespace, and every thread group of its uid | all killed: every thread group of its uid, whatever its session, environment or leader's state (a leader gone with a raw `exit`), by a killer its processes cannot signal | its process group and those carrying its token (3) |
| processes per submission | RLIMIT_NPROC of its own uid (`max_processes`, threads count) | the same | counted on top of the user's own (4) |
| memory per submission | all its thread groups together (a zombie leader's live threads too) and the shared region of inputs: resident memory polled every 0.1 s, killed above `memory_bytes` (5); RLIMIT_AS per process; `memfd_create`, `memfd_secret` and System V IPC refused (seccomp), an IPC namespace of its own | the same, without the IPC namespace | RLIMIT_AS per process only; the same refusals |
| other learners' code | never: scratch 0710 root:its own gid, masked; a killed grader's scratch removed at the next start | never: scratch 0710 root:its own gid; stale scratch removed | scratch 0700; stale scratch removed |
| wall time per call and per submission | yes | yes | yes |
| forged verdicts | every value is judged by the grader; whether a call modified its array inputs and whether an optimiser updated in place, the grader reads itself from memory it shares with the worker (6); a list or dict changed in place shows in the copy the worker sends back after the call, or as a second call's different value; the driver is fingerprinted: tampering fails the check and every later one, and is flagged | the same | the same |
| a closed or replaced reply pipe | a crash at once, the worker replaced | the same | the same |
| importing torch, autograder, solutions, kit, tests... | import blocker; files outside the allowlist | the same | the same |
| what was tried | integrity flags per check in the report (imports, reads, writes, sockets, exits, floods, leftovers, tampering): each event written at once to a pipe the grader drains; a pipe closed, replaced or written junk to, and a changed recorder, are flagged (7) | the same | the same |

1. Landlock needs Linux 5.13+ with the LSM enabled (TCP rules 6.7+, signal scope 6.12+); where it is
   missing, ``Sandbox.limits_not_enforced`` holds "landlock" (or "landlock-net", "landlock-scope") and in
   process mode reads and writes are limited by file permissions only (a root grader's own uid still
   cannot write the grader's files nor read its environment, but it can read the grader's command line:
   give the seed in AUTOGRADER_SEED rather than --seed there). seccomp needs Linux on x86-64 or arm64 ("seccomp").
2. without Landlock's scope (Linux < 6.12), a worker running as the grader's user can signal the grader.
3. on Linux; a process that leaves the group and clears its environment survives.
4. on Linux counted on top of the tasks the grader's user already runs.
5. no cgroup is used (``limits_not_enforced`` holds "memory.max", "pids.max"): a burst can pass the limit
   by what it touches in 0.1 s; measured, four processes touching 1.2 GiB each under a 2 GiB limit peaked
   at 2.06 GiB before all were killed.
6. the observed arrays live in a sealed memfd (``shared.py``) mapped by the worker before learner code
   runs; nothing the worker reports about them is used. Code that walks the garbage collector or edits
   memory with ctypes can still defeat the fingerprint (then the tampering flag is lost, not a point
   gained); the "a new array, never a view" check of a few functions is still measured in the worker.
7. the grader raises processes-left, output-flood, forced-exit for a crash, the MemoryError and
   DiskQuotaExceeded outcomes and recorder-tampering itself: no learner can suppress them. Blocked imports,
   refused reads, writes and sockets, and signals to itself are seen only inside the worker: code that
   first defeats the fingerprint (walking the garbage collector) can then replace the recorder and
   suppress those flags; the attempts themselves are still refused by the kernel.

The hidden paths must not contain the Python installation, numpy or the scratch root, and the
scratch root's parents must be searchable by every user (both checked).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import secrets
import subprocess
import sys
import sysconfig
import tempfile
import threading
from pathlib import Path

from . import forkserver

NAMESPACE = "namespace+user"
PROCESS = "process"
LEVELS = {"namespace": NAMESPACE, "process": PROCESS}
#: Each sandbox's worker gets a uid of its own from this range (above systemd's container range,
#: below 2**31): RLIMIT_NPROC then counts its processes only, and no two workers share files or signals.
UID_RANGE = (2_000_000_000, 2_100_000_000)
HOME_BYTES = 64 * 1024**2
#: Files and directories the home may hold (each costs kernel memory that no process shows as its own).
HOME_INODES = 4096
PYTHON_FLAGS = ("-I", "-S", "-B", "-u", "-X", "utf8")
TOKEN_VARIABLE = "AUTOGRADER_SANDBOX_TOKEN"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: The class output's record of :func:`sandbox_facts` (read by the dashboard, carried by merge).
SANDBOX_FILE = "sandbox.json"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")


def numpy_site() -> Path:
    """The directory holding the numpy package (appended to the worker's sys.path)."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("numpy is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve().parent


_ahead: list[threading.Thread] = []
_probing = threading.Lock()   # one probe at a time: whoever comes second reads the first one's answer


def probe_ahead() -> None:
    """Start the probe now, in a thread, so that its ~0.1 s (a Python importing numpy in the namespaces) overlaps
    the caller's own start-up; :func:`_probe` waits for it. Nothing to do where only root on Linux probes."""
    with _probing:
        if not _ahead and sys.platform.startswith("linux") and os.geteuid() == 0:
            _ahead.append(threading.Thread(target=_probe_quietly, name="namespace-probe", daemon=True))
            _ahead[0].start()


def _probe_quietly() -> None:
    with _probing, contextlib.suppress(Exception):   # raised again where the answer is used, by _probe()
        _probe_once()


def _probe() -> tuple[bool, str]:
    """(works, why not): whether the namespace recipe runs a trivial program here (probed once per process)."""
    for thread in _ahead:
        thread.join()
    with _probing:
        return _probe_once()


@functools.cache
def _probe_once() -> tuple[bool, str]:
    if not sys.platform.startswith("linux"):
        return False, "not Linux"
    if os.geteuid() != 0:
        return False, "not running as root"
    if not forkserver.applies():
        return False, "no pidfd (Linux 5.3+) to fork workers with"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            plan = {"expose": exposed(interpreter_paths()), "hide": [tmp], "scratch": None}
            child = fork_server().fork({"uid": pick_uid(), "read": [str(p) for p in interpreter_paths()]},
                                       (), {"PATH": PATH}, Path("/"), None, plan)
            output = child.output(30)
            code = child.wait()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:   # RuntimeError: SandboxError
        return False, str(exc)
    if code != 0:
        return False, output.decode(errors="replace").strip()[-500:] or f"exit code {code}"
    return True, ""


def fork_server() -> forkserver.Server:
    """This process's fork server (``forkserver.py``): the worker's Python, flags and environment, numpy loaded."""
    env = {k: v for k, v in environment(Path("/"), "").items() if k != TOKEN_VARIABLE}
    return forkserver.server([os.path.realpath(sys.executable), *PYTHON_FLAGS], str(numpy_site()), env)


def isolation_support() -> dict[str, bool]:
    """What this platform can enforce (probed once): for docs, tests and the "auto" choice."""
    try:
        import resource  # noqa: F401
        rlimits = True
    except ImportError:  # pragma: no cover - not POSIX
        rlimits = False
    return {
        "linux": sys.platform.startswith("linux"),
        "root": hasattr(os, "geteuid") and os.geteuid() == 0,
        "namespace": _probe()[0],
        "rlimits": rlimits,
        "pidfd": hasattr(os, "pidfd_open"),
    }


def resolve(requested: str) -> str:
    """"auto" | "namespace" | "process" -> the level enforced. Raises SandboxError-worthy RuntimeError."""
    if requested == "auto":
        return NAMESPACE if _probe()[0] else PROCESS
    if requested not in LEVELS:
        raise ValueError(f"isolation must be 'auto', 'namespace' or 'process', not {requested!r}")
    if requested == "namespace" and not _probe()[0]:
        raise RuntimeError(f"namespace isolation is not available here: {_probe()[1]}")
    return LEVELS[requested]


def pick_uid() -> int:
    return UID_RANGE[0] + secrets.randbelow(UID_RANGE[1] - UID_RANGE[0])


def check_hidden(hide: list[Path], keep: list[Path]) -> list[Path]:
    """Resolve the hidden paths; refuse one that is or contains a path the worker needs."""
    out = []
    for raw in hide:
        path = Path(raw).resolve()
        for needed in keep:
            if path == needed or path in needed.parents:
                raise ValueError(f"cannot hide {path}: the worker needs {needed}")
        out.append(path)
    return out


def check_reachable(path: Path) -> None:
    """Refuse a scratch root that the worker's uid could not reach (a parent without o+x)."""
    for parent in path.parents:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            raise ValueError(f"the scratch root {path} is not reachable by the worker's user: "
                             f"{parent} is not searchable by others")


def interpreter_paths() -> list[Path]:
    """The directories the worker's Python needs: its prefixes, its executable's, numpy's."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
             Path(sys.executable).resolve().parent, numpy_site()}
    return sorted(paths)


def _unsearchable_ancestor(path: Path) -> Path | None:
    """The topmost directory above ``path`` that other users may not search (e.g. /root, mode 0700)."""
    for parent in reversed(path.parents):
        if parent != parent.parent and not parent.stat().st_mode & 0o001:
            return parent
    return None


def exposed(needed: list[Path]) -> list[tuple[str, list[str]]]:
    """(top, [needed directories under it]) for each needed directory under one others cannot search.

    A Python under /root (pyenv's; mode 0700) is unreachable by the worker's uid: in namespace mode the
    unsearchable ``top`` is covered with a tmpfs (hiding the rest of it) and each needed directory is bound
    back at its own path, read-only. Paths stay the same, so that a Python whose RUNPATH points into its
    prefix loads its own libpython.
    """
    groups: dict[Path, list[Path]] = {}
    for path in sorted(set(needed)):
        top = _unsearchable_ancestor(path)
        if top is not None and not any(p == path or p in path.parents for p in groups.get(top, [])):
            groups.setdefault(top, []).append(path)
    return [(str(top), [str(p) for p in paths]) for top, paths in groups.items()]


def allowlist(layout_root: Path, home: Path) -> tuple[list[str], list[str], list[str]]:
    """What a worker may read (and run), write, and only list, for Landlock (``confine.py``).

    Read: the standard library (not its site-packages), the interpreter and libpython, numpy's
    package, the system's shared libraries (the loader's multiarch directories), the worker's
    runtime and staged modules, a few devices. Write: its home and /dev/null. Nothing else: not
    the kit, not other packages of the environment (torch), not /proc, /tmp or other sandboxes.
    """
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    read = [str(p) for p in sorted(stdlib.iterdir()) if p.name not in ("site-packages", "dist-packages")]
    zipped = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}{sys.version_info[1]}.zip"
    read += [str(zipped), os.path.realpath(sys.executable)]
    libdir, library = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LDLIBRARY")
    if libdir and library:
        read += [str(p) for p in Path(libdir).glob(f"{library}*")]
    site = numpy_site()
    read += [str(site / "numpy"), str(site / "numpy.libs")]
    multiarch = getattr(sys.implementation, "_multiarch", "")
    for system in ("/lib", "/lib64", "/usr/lib", "/usr/lib64"):
        real = os.path.realpath(system)
        if system.endswith("64") and real not in ("/lib", "/usr/lib"):
            read.append(real)
        if multiarch:
            read.append(os.path.realpath(f"{system}/{multiarch}"))
    read += ["/etc/ld.so.cache", "/dev/zero", "/dev/urandom", "/dev/random",
             str(layout_root / "runtime"), str(layout_root / "pkg")]
    return sorted(set(read)), [str(home), "/dev/null"], [str(stdlib)]


def environment(home: Path, token: str) -> dict[str, str]:
    """The worker's whole environment: nothing of the grader's leaks in."""
    env = {"PATH": PATH, "HOME": str(home), "TMPDIR": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           TOKEN_VARIABLE: token}
    env.update(dict.fromkeys(THREAD_VARIABLES, "1"))
    return env


def namespace_plan(gen_dir: Path, scratch_root: Path, hide: list[Path], uid: int) -> dict[str, object]:
    """The mounts of a worker's namespaces, as data for ``zygote.py`` (which applies them as root in fresh mount,
    PID, network, IPC and UTS namespaces, before the worker confines itself and becomes ``uid``):

    every mount remounted read-only; "expose": the interpreter made reachable (:func:`exposed`); "hide": each
    hidden path covered with an empty read-only tmpfs (a file with /dev/null); "scratch": the scratch root
    covered with a tmpfs and this worker's folder bound back at the same path, read-only; a tmpfs of
    HOME_BYTES and HOME_INODES owned by ``uid`` on its home.
    """
    return {
        "expose": exposed(interpreter_paths()),
        "hide": [str(path) for path in hide],
        "scratch": {"root": str(scratch_root), "folder": str(gen_dir),
                    "home": {"path": str(gen_dir / "home"), "bytes": HOME_BYTES, "inodes": HOME_INODES,
                             "uid": uid}},
    }


def sandbox_facts(requested: str = "auto") -> dict[str, object]:
    """What the sandbox enforces on this machine under ``requested`` isolation, with one human sentence.

    Keys: "isolation" (the level), "root" (a uid of its own per submission), "landlock_abi" (0: none),
    "seccomp", "not_enforced" (sorted, as :attr:`Sandbox.limits_not_enforced` would hold) and "sentence".
    """
    from . import confine  # stdlib only; probes the kernel, changes nothing

    level = resolve(requested)
    root = isolation_support()["root"]
    abi = confine.landlock_abi()
    seccomp = confine._syscall_numbers() is not None
    not_enforced = {"memory.max", "pids.max"} | (set() if root else {"uid"})
    not_enforced |= (set() if abi else {"landlock"}) | (set() if seccomp else {"seccomp"})
    if abi:
        not_enforced |= ({"landlock-net"} if abi < 4 else set()) | ({"landlock-scope"} if abi < 6 else set())
    holds = [f"isolation {level}", "a uid of its own per submission" if root else "",
             f"Landlock ABI {abi}" if abi else "", "seccomp" if seccomp else ""]
    sentence = (f"Sandbox: {', '.join(h for h in holds if h)}; not enforced: {', '.join(sorted(not_enforced))}"
                + ("" if root else " (not root: submissions run as the grader's user)") + ".")
    return {"isolation": level, "root": root, "landlock_abi": abi, "seccomp": seccomp,
            "not_enforced": sorted(not_enforced), "sentence": sentence}
