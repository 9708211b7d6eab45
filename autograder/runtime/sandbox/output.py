"""Reading a worker's stdout+stderr without blocking it: each call's first bytes kept, the rest dropped."""

from __future__ import annotations

import os
import select
import threading

from .contract import format_bytes

_CHUNK = 1 << 16


class OutputDrain:
    """A daemon thread that empties one pipe for as long as it is open.

    What arrives between two :meth:`take` calls is one call's output: the first ``keep`` bytes are
    kept, the rest only counted. Reads and :meth:`take` share a lock, so :meth:`take` (which first
    empties the pipe itself) sees everything written before it was called.
    """

    def __init__(self, fd: int, keep: int) -> None:
        os.set_blocking(fd, False)
        self._fd = fd
        self._keep = keep
        self._kept = bytearray()
        self._dropped = 0
        self.dropped = 0   # what the last take dropped
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._eof = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sandbox-output-{fd}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        poller = select.poll()
        poller.register(self._fd, select.POLLIN | select.POLLHUP)
        while not self._stop.is_set() and not self._eof.is_set():
            if poller.poll(200):
                with self._lock:
                    self._read_available()

    def _read_available(self) -> None:
        """Read until the pipe is empty (or closed). Call with the lock held."""
        while not self._eof.is_set():
            try:
                data = os.read(self._fd, _CHUNK)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._eof.set()
                return
            room = self._keep - len(self._kept)
            if room > 0:
                self._kept += data[:room]
            self._dropped += max(0, len(data) - max(room, 0))

    def take(self) -> str:
        """Everything written since the last take, as text, with a note if some was dropped."""
        with self._lock:
            self._read_available()
            text = as_text(self._kept, self._dropped)
            self._kept = bytearray()
            self.dropped, self._dropped = self._dropped, 0
        return text

    def wait_closed(self, timeout: float) -> bool:
        """Wait until every writer has closed the pipe (the worker and all its processes are gone)."""
        return self._eof.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1.0)
        with self._lock:
            self._eof.set()


def as_text(kept: bytes | bytearray, dropped: int) -> str:
    """One call's output as text, with a note of how much was dropped."""
    text = bytes(kept).decode("utf-8", errors="replace")
    if dropped:
        text += f"\n[output truncated: kept the first {format_bytes(len(kept))}, dropped {format_bytes(dropped)}]"
    return text
