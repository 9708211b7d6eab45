"""Write files so that a reader never sees half of one.

The text goes to a temporary file in the target's folder (same file system), is
flushed and fsynced, then ``os.replace``-d over the target in one step. An
interruption at any point leaves either the old file or the new one, never a
mixture, and the temporary file is removed on the way out.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

TEMP_SUFFIX = ".tmp"
DEFAULT_MODE = 0o644


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace ``path`` in one step when the block ends without an exception.

    The file gets ``mode``; without one, a new file gets 0o644 (``mkstemp`` alone would give
    0o600) and an existing file keeps its mode. ``path``'s folder must exist.
    """
    path = Path(path)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = DEFAULT_MODE
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` in one step (see :func:`atomic_writer`)."""
    data = text.encode(encoding)
    with atomic_writer(path) as handle:
        handle.write(data)


def atomic_write_json(path: Path, data: Any, *, allow_nan: bool = False) -> None:
    """Serialise ``data`` (indented, UTF-8) first, then write it with :func:`atomic_write_text`.

    A value json cannot serialise (or a NaN/inf, unless ``allow_nan``) raises before
    any file is touched.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=allow_nan) + "\n"
    atomic_write_text(path, text)


def check_writable_folder(folder: Path, *, create: bool = False) -> None:
    """Prove a file can be written in ``folder``; OSError if not.

    With ``create``, a missing ``folder`` is made first, but never its missing parents
    (a typo in a path must not create folders anywhere).
    """
    folder = Path(folder)
    if create:
        folder.mkdir(exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=".write-test.", suffix=TEMP_SUFFIX)
    os.close(fd)
    os.unlink(temp_name)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; a no-op where folders cannot be opened (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
