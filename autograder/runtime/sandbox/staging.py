"""The scratch directories a worker runs in, and the copy of the submission it sees.

::

    <scratch root>/                 common to every sandbox of this machine (0711; masked in namespace mode)
      sub-XXXXXXXX/                 one Sandbox (its scratch): 0700, or 0710 root:<the sandbox's gid>
        .lock                       held (flock) while the Sandbox lives: a later start removes the rest
        w1/                         one worker (a restart gets w2, ...); read-only for the worker
          runtime/worker.py         this package's worker, codec and the caller's drivers
          runtime/codec.py
          runtime/drivers/          (a folder's top-level *.py files; or runtime/drivers.py, one file)
          pkg/submission/           the learner's modules and an empty __init__.py
          home/                     the worker's cwd, HOME and TMPDIR: its only writable place
                                    (owned by the sandbox's uid; a size-limited tmpfs in namespace mode)

A scratch directory left by a grader that was killed (its lock free) is removed by the next
:func:`make_scratch` on the same root, after every process of its uid is killed.

Only the submission's top-level ``*.py`` files whose names are Python identifiers are copied
(``__init__.py`` excepted: the package gets an empty one). A file that cannot be used (a symbolic
link, not a regular file, over MAX_MODULE_BYTES) is replaced by a module that raises ImportError
saying why, so that importing it tells the learner what happened. A file that is not valid
Python (or not UTF-8) is copied as it is: importing it raises the SyntaxError that names it.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# POSIX only, and optional (issue 19): without flock (Windows) nothing is locked and no stale folder
# is cleaned (a learner's own checker runs one sandbox at a time).
try:
    import fcntl
except ImportError:
    fcntl = None  # type: ignore[assignment]

MAX_MODULE_BYTES = 1024 * 1024
#: How a module is opened: never through a link, never blocking on a FIFO; Windows has neither flag (a link is
#: followed there, on a learner's own machine, where the checker guards nothing) and needs O_BINARY.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
MAX_MODULES = 200
HERE = Path(__file__).resolve().parent
RUNTIME_FILES = ("worker.py", "codec.py", "confine.py")


@dataclass(frozen=True)
class Layout:
    """The directories of one worker (see the module docstring)."""

    root: Path
    drivers_folder: bool = False    # the drivers are a folder of modules (runtime/drivers/), not one file

    @property
    def runtime(self) -> Path:
        return self.root / "runtime"

    @property
    def worker(self) -> Path:
        return self.runtime / "worker.py"

    @property
    def codec(self) -> Path:
        return self.runtime / "codec.py"

    @property
    def confine(self) -> Path:
        return self.runtime / "confine.py"

    @property
    def drivers(self) -> Path:
        return self.runtime / ("drivers" if self.drivers_folder else "drivers.py")

    @property
    def package_root(self) -> Path:
        return self.root / "pkg"

    @property
    def package(self) -> Path:
        return self.package_root / "submission"

    @property
    def home(self) -> Path:
        return self.root / "home"


def default_scratch_root() -> Path:
    return Path(tempfile.gettempdir()) / f"autograder-sandbox-{os.geteuid()}"


def make_scratch(root: Path, gid: int | None = None,
                 kill_uid: Callable[[int], object] = lambda uid: None) -> tuple[Path, int]:
    """A fresh private directory under ``root`` and the descriptor of its held lock.

    ``root`` is created 0711 if missing and must be ours, writable by us only. The directory is
    0700, or 0710 with group ``gid`` (the sandbox's own group: its worker may enter, no one else).
    Stale directories of killed graders are removed first (``kill_uid`` is called with their gid).
    """
    root.mkdir(mode=0o711, parents=True, exist_ok=True)
    info = os.lstat(root)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise PermissionError(f"{root} must be a directory owned by uid {os.geteuid()}, writable only by it")
    remove_stale(root, kill_uid)
    scratch = Path(tempfile.mkdtemp(prefix="sub-", dir=root))   # 0700
    lock = os.open(scratch / "lock.new", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)
    os.rename(scratch / "lock.new", scratch / ".lock")   # visible to a cleaner only once held
    if gid is not None:
        os.chown(scratch, os.geteuid(), gid)
        scratch.chmod(0o710)
    return scratch, lock


def remove_stale(root: Path, kill_uid: Callable[[int], object]) -> None:
    """Remove the scratch directories whose Sandbox is gone: those with a ``.lock`` no one holds.

    A directory without one is left alone (being created, or not made by this version), and all of
    them where there is no flock (Windows: whether a Sandbox is alive cannot be told).
    """
    if fcntl is None:
        return
    for entry in os.scandir(root):
        if not entry.name.startswith("sub-") or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            lock = os.open(os.path.join(entry.path, ".lock"), os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            gid = entry.stat(follow_symlinks=False).st_gid
            if gid != os.getegid():
                kill_uid(gid)
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:   # held: its Sandbox is alive
            pass
        finally:
            os.close(lock)


def check_drivers(drivers: Path) -> None:
    """ValueError unless ``drivers`` is a Python file or a folder with an ``__init__.py`` (a package)."""
    if not (drivers.is_file() or (drivers / "__init__.py").is_file()):
        raise ValueError(f"drivers {drivers} is neither a file nor a folder with an __init__.py")


def stage(scratch: Path, generation: int, submission: Path, drivers: Path, uid: int | None = None) -> Layout:
    """Lay out a fresh worker directory ``scratch/w<generation>`` (see the module docstring)."""
    layout = Layout(scratch / f"w{generation}", drivers_folder=drivers.is_dir())
    for d in (layout.root, layout.runtime, layout.package_root, layout.package):
        d.mkdir(mode=0o755)
        d.chmod(0o755)
    layout.home.mkdir(mode=0o700)
    if uid is not None:
        os.chown(layout.home, uid, uid)
    for name in RUNTIME_FILES:
        _write(layout.runtime / name, (HERE / name).read_bytes())
    if layout.drivers_folder:
        layout.drivers.mkdir(mode=0o755)
        layout.drivers.chmod(0o755)
        for module in sorted(drivers.glob("*.py")):
            _write(layout.drivers / module.name, module.read_bytes())
    else:
        _write(layout.drivers, drivers.read_bytes())
    _write(layout.package / "__init__.py", b"")
    copy_submission(submission, layout.package)
    return layout


def discard(layout: Layout) -> None:
    shutil.rmtree(layout.root, ignore_errors=True)


def copy_submission(source: Path, target: Path) -> None:
    """Copy the learner's modules from ``source`` into ``target``."""
    names = sorted(n for n in os.listdir(source) if n.endswith(".py") and n[:-3].isidentifier()
                   and n != "__init__.py")[:MAX_MODULES]
    for name in names:
        _write(target / name, _module_text(source / name, name))


def _module_text(path: Path, name: str) -> bytes:
    """The file's bytes, or a module raising ImportError that says why the file was not loaded."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        reason = "it is a symbolic link" if os.path.islink(path) else f"it cannot be read ({exc.strerror})"
        return _refusal(name, reason)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _refusal(name, "it is not a regular file")
        if info.st_size > MAX_MODULE_BYTES:
            return _refusal(name, f"it is larger than {MAX_MODULE_BYTES // 1024} KiB")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_MODULE_BYTES + 1)
        if len(data) > MAX_MODULE_BYTES:
            return _refusal(name, f"it is larger than {MAX_MODULE_BYTES // 1024} KiB")
        return data
    finally:
        os.close(fd)


def _refusal(name: str, reason: str) -> bytes:
    return f"raise ImportError({f'{name} was not loaded: {reason}'!r})\n".encode()


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o644)
