"""Inputs the grader observes itself: arrays of a call placed in memory the grader and the worker share.

Two verdicts are about what a call did to its caller's arrays: whether a function modified its
inputs, and whether an optimiser's ``step`` updated the parameters in place. The learner's process
could forge any report about that (it can rewrite the worker's own code with the garbage collector
or ctypes), so the worker reports nothing about it: the arrays named by the grader (``observe``)
are written into one shared region (a sealed memfd on Linux, an unlinked temporary file elsewhere)
that the worker maps before any learner code runs, and the learner's function receives arrays
backed by that region. After the call the grader reads the region back with ``pread``: what it
finds is what the call left in the caller's arrays, whatever the worker claims.

On Linux the region's size is sealed (``F_SEAL_GROW | F_SEAL_SHRINK``): learner code holding the
descriptor can write into the region but neither shrink it (the grader would read short) nor grow
it to hold memory; what it holds there is at most :data:`REGION_BYTES`, counted by the memory watch
(:meth:`Region.resident`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REGION_BYTES = 64 * 1024**2
ALIGN = 64
MARK = "$shm"


class Region:
    """The grader's end of one worker's shared region: places arrays in it and reads them back."""

    def __init__(self, size: int = REGION_BYTES, path: Path | None = None) -> None:
        """``path``: a file to hold the region, which the worker maps by name (the portable sandbox)."""
        self.size = size
        self.cursor = 0
        if path is not None:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            os.ftruncate(self.fd, size)
        elif hasattr(os, "memfd_create"):
            self.fd = os.memfd_create("autograder-inputs", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 0))
            os.ftruncate(self.fd, size)
            _seal(self.fd)
        else:  # pragma: no cover - macOS: no memfd, no seals
            handle = tempfile.TemporaryFile()
            self.fd = os.dup(handle.fileno())
            handle.close()
            os.ftruncate(self.fd, size)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def resident(self) -> int:
        """Bytes of the region backed by memory (what learner code wrote into it counts here, mapped or not)."""
        try:
            return os.fstat(self.fd).st_blocks * 512
        except OSError:
            return 0

    def place(self, payload: dict[str, Any], keys: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
        """``payload`` with the arrays of ``payload[k]`` (k in ``keys``) written into the region and replaced
        by marks; and the plan :meth:`read` takes. Raises ValueError if they do not fit in the region."""
        arrays: list[np.ndarray] = []
        plans = {k: _collect(payload[k], arrays) for k in keys if k in payload}
        need = sum(_aligned(a.nbytes) for a in arrays)
        if need > self.size:
            raise ValueError(f"the observed inputs take {need} bytes, more than the shared region's {self.size}")
        if self.cursor + need > self.size:   # from the start again: earlier calls' arrays are forgotten
            self.cursor = 0
        offsets = []
        for array in arrays:
            _pwrite(self.fd, np.ascontiguousarray(array).tobytes(), self.cursor)
            offsets.append(self.cursor)
            self.cursor += _aligned(array.nbytes)
        marked = dict(payload)
        for key, plan in plans.items():
            marked[key] = _mark(plan, arrays, offsets)
        return marked, {key: _mark(plan, arrays, offsets) for key, plan in plans.items()}

    def read(self, plan: dict[str, Any]) -> dict[str, Any]:
        """What the call left in the observed arrays: the structures sent, each array read back from the region."""
        return {key: self._read(value) for key, value in plan.items()}

    def _read(self, value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {MARK}:
                offset, dtype, shape = value[MARK]
                dt = np.dtype(dtype)
                n = int(np.prod(shape, dtype=np.int64)) * dt.itemsize
                data = _pread(self.fd, n, offset)
                if len(data) != n:       # cannot happen with the seals; without them, a shrunk region
                    return None
                return np.frombuffer(data, dtype=dt).reshape(shape).copy()
            return {k: self._read(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._read(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._read(v) for v in value)
        return value


def _pwrite(fd: int, data: bytes, offset: int) -> None:
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, offset)
        return
    os.lseek(fd, offset, os.SEEK_SET)   # Windows: no pwrite (one thread uses a region at a time)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _pread(fd: int, n: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, n, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    parts = []
    while n > 0:
        chunk = os.read(fd, n)
        if not chunk:
            break
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def _seal(fd: int) -> None:
    try:
        import fcntl
    except ImportError:   # no fcntl (a learner's own machine, where the checker guards no secret): unsealed
        return

    seals = getattr(fcntl, "F_SEAL_GROW", 4) | getattr(fcntl, "F_SEAL_SHRINK", 2) | getattr(fcntl, "F_SEAL_SEAL", 1)
    fcntl.fcntl(fd, getattr(fcntl, "F_ADD_SEALS", 1033), seals)


def _aligned(n: int) -> int:
    return max(ALIGN, -(-n // ALIGN) * ALIGN)


def _shareable(value: Any) -> bool:
    return (type(value) is np.ndarray and value.dtype.kind in "biufc" and value.size > 0
            and value.dtype.fields is None)


def _collect(value: Any, arrays: list[np.ndarray]) -> Any:
    """The structure of ``value`` with each shareable array replaced by its index in ``arrays``."""
    if _shareable(value):
        arrays.append(value)
        return _Index(len(arrays) - 1)
    if isinstance(value, dict):
        return {k: _collect(v, arrays) for k, v in value.items()}
    if isinstance(value, list):
        return [_collect(v, arrays) for v in value]
    if isinstance(value, tuple):
        return tuple(_collect(v, arrays) for v in value)
    return value


class _Index(int):
    """An array's index in a plan (distinct from the ints of the payload)."""


def _mark(plan: Any, arrays: list[np.ndarray], offsets: list[int]) -> Any:
    if isinstance(plan, _Index):
        array = arrays[plan]
        return {MARK: [offsets[plan], array.dtype.str, list(array.shape)]}
    if isinstance(plan, dict):
        return {k: _mark(v, arrays, offsets) for k, v in plan.items()}
    if isinstance(plan, list):
        return [_mark(v, arrays, offsets) for v in plan]
    if isinstance(plan, tuple):
        return tuple(_mark(v, arrays, offsets) for v in plan)
    return plan
