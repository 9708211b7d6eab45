"""The grader's end of the protocol pipes: whole frames in and out, within a deadline.

Both functions also watch the worker's pidfd (where the platform has one): a worker that dies
while a child it forked still holds the pipe open is noticed at once, not at the deadline. A deadline
is a :func:`time.monotonic` instant, or a :class:`Deadline` that decides as time passes (a limit on
the worker's CPU time: ``process.CallClock``).
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Sequence
from typing import Protocol, Union

from . import codec

_IOV_MAX = 1024   # buffers per writev (Linux's IOV_MAX)


class ChannelClosed(Exception):
    """The worker closed its end or died before the frame was complete."""


class ChannelTimeout(Exception):
    """The deadline passed first."""


class Deadline(Protocol):
    def left(self) -> float:
        """Seconds to wait before asking again; 0 or less: the deadline has passed."""


When = Union[float, Deadline]   # noqa: UP007 - evaluated at import, and selfcheck runs on Python 3.9


def _left(deadline: When) -> float:
    return deadline - time.monotonic() if isinstance(deadline, (int, float)) else deadline.left()


def _wait(fd: int, event: int, pidfd: int | None, deadline: When) -> bool:
    """Wait for ``event`` on ``fd``: True; False if only the process ended. Raises ChannelTimeout."""
    poller = select.poll()
    poller.register(fd, event | select.POLLHUP | select.POLLERR)
    if pidfd is not None:
        poller.register(pidfd, select.POLLIN)
    while True:
        left = _left(deadline)
        if left <= 0:
            raise ChannelTimeout
        ready = dict(poller.poll(max(1, int(left * 1000) + 1)))
        if fd in ready:
            return True
        if pidfd is not None and pidfd in ready:
            return False


def send_frame(fd: int, buffers: Sequence[memoryview], deadline: When, pidfd: int | None = None) -> None:
    """Write every buffer to the non-blocking ``fd``: as many as the pipe takes per system call, waiting only
    while it is full."""
    views = [view for view in (buf.cast("B") for buf in buffers) if view.nbytes]
    while views:
        try:
            written = os.writev(fd, views[:_IOV_MAX])
        except BlockingIOError:
            if not _wait(fd, select.POLLOUT, pidfd, deadline):
                raise ChannelClosed from None
            continue
        except (BrokenPipeError, ConnectionResetError):
            raise ChannelClosed from None
        while written:   # drop what went out: whole buffers, then the start of the next
            if written >= views[0].nbytes:
                written -= views.pop(0).nbytes
            else:
                views[0], written = views[0][written:], 0


def pending(fd: int) -> bool:
    """Whether bytes (or end of file) wait on ``fd`` now."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(0))


def recv_frame(fd: int, deadline: When, max_body: int, pidfd: int | None = None) -> bytearray:
    """Read one frame's body from the non-blocking ``fd``.

    Raises ChannelTimeout, ChannelClosed, codec.CodecError (wrong magic) or codec.FrameTooLarge
    (announced body over ``max_body``, checked before anything is allocated).
    """
    head = _read_exact(fd, bytearray(codec.FRAME_HEADER_SIZE), deadline, pidfd)
    body = bytearray(codec.parse_frame_header(bytes(head), max_body))
    return _read_exact(fd, body, deadline, pidfd)


def _read_exact(fd: int, buf: bytearray, deadline: When, pidfd: int | None) -> bytearray:
    view = memoryview(buf)
    got = 0
    while got < len(buf):
        alive = _wait(fd, select.POLLIN, pidfd, deadline)
        try:
            n = os.readv(fd, [view[got:]])
        except BlockingIOError:
            if not alive:
                raise ChannelClosed from None
            continue
        if n == 0:
            raise ChannelClosed
        got += n
    return buf
