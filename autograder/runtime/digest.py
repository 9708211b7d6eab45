"""SHA-256 over named byte strings, each length-prefixed: the one digest of files the kit computes.

``entries_digest([(name, data), ...])`` hashes each name and its bytes with their lengths
in front (so that no two different lists give the same stream); :func:`files_digest` does
it for files named by their path relative to a folder, sorted by that path; :func:`file_digest` is one
file's bytes alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def entries_digest(entries: Iterable[tuple[bytes, bytes]]) -> str:
    sha = hashlib.sha256()
    for name, data in entries:
        sha.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of one file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The digest of ``paths`` (each named by its POSIX path relative to ``root``), sorted by that name."""
    named = sorted((Path(p).relative_to(root).as_posix(), Path(p)) for p in paths)
    return entries_digest((name.encode(), path.read_bytes()) for name, path in named)
