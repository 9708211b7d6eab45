"""The expected-values cache: every check's expected values for one seed, on disk, for the next run.

Expected values are a pure function of the seed and of the grader's and the reference's code,
so the file is named by a digest of exactly those (``expected.digest.code_digest``, which covers
the runtime, the builders, ``solutions/`` and the manifest, and the seed). A warm cache means a cold
``grade`` computes nothing and never imports torch. The file is written atomically, mode 0600
in a folder of mode 0700, and the grader hides the folder from learners' processes. A damaged
or foreign file is ignored (one note) and recomputed.

Processes that share a folder (the shards of a class, a Slurm array, a grade beside a prepare) compute one
seed's values once: :func:`claim` holds a lock on that seed's file while one of them fills it, and the others
wait for it, then read it (POSIX flock; where there is none, each computes what it misses, as before).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import IO, Any

try:    # POSIX; Windows has no flock, and there nothing is claimed
    import fcntl
except ImportError:
    fcntl = None  # type: ignore[assignment]

from autograder.expected.digest import code_digest
from autograder.runtime import pack

ENV = "AUTOGRADER_CACHE"


def key(seed: int) -> str:
    """The digest a cache file is valid for: the grader's code, the reference, the manifest, the seed."""
    return hashlib.sha256(f"{code_digest()}:{seed}".encode()).hexdigest()


def path_for(folder: Path, seed: int) -> Path:
    return Path(folder) / f"expected-{key(seed)[:24]}.npz"


def load(folder: Path, seed: int) -> tuple[dict[tuple[str, int, str], Any], str | None]:
    """(values, note): the cached values for ``seed`` ({} if none), and a one-line note if a file was refused."""
    path = path_for(folder, seed)
    if not path.exists():
        return {}, None
    try:
        _, values = pack.read(path, expect={"format": pack.FORMAT, "key": key(seed)})
    except pack.PackError as err:
        return {}, f"note: ignoring the expected-values cache ({err}); recomputing"
    return {tuple(k): v for k, v in values.items()}, None


def save(folder: Path, seed: int, values: dict[tuple[str, int, str], Any]) -> Path:
    """Write ``values`` (a Memo's) for ``seed`` into ``folder`` (created 0700 if missing, its parent must exist)."""
    folder = Path(folder)
    if not folder.exists():
        folder.mkdir(mode=0o700)
    path = path_for(folder, seed)
    pack.write(path, {"format": pack.FORMAT, "key": key(seed)}, values, mode=0o600)
    return path


class Claim:
    """The right to fill one seed's file of a cache folder: held from :func:`claim` until :meth:`release`."""

    def __init__(self, lock: IO[bytes] | None) -> None:
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()      # closing the file drops its flock
            self._lock = None


def claim(folder: Path, seed: int) -> Claim:
    """Wait while another process fills ``seed``'s file in ``folder``, then hold it (release it when done).

    Nothing is held where there is no flock or the folder cannot hold the lock file (read-only): the caller
    then computes what it misses, as without a claim."""
    if fcntl is None:
        return Claim(None)
    try:
        Path(folder).mkdir(mode=0o700, exist_ok=True)
        lock = os.fdopen(os.open(path_for(folder, seed).with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600), "rb")
    except OSError:
        return Claim(None)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError:
        lock.close()
        return Claim(None)
    return Claim(lock)


def environ_folder(environ: os._Environ[str] | dict[str, str] | None = None) -> Path | None:
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    return Path(value) if value else None
