"""Reading a worker's stdout+stderr without blocking it: each call's first bytes kept, the rest dropped (but
for one marked line, the driver's own)."""

from __future__ import annotations

import math
import os
import select
import threading
import time

from .contract import format_bytes

_CHUNK = 1 << 16
TAKE_SECONDS = 1.0
LATE_LINE_BYTES = 8 * 1024   # of a marked line found past the cap (Limits.kept_mark)


class CallOutput:
    """One call's output as it arrives: the first ``keep`` bytes, a count of the rest, and the last line that
    begins with ``mark`` among the rest (its first :data:`LATE_LINE_BYTES`), so that a line the driver writes
    late (the sampler's) survives learner code that printed past the cap first."""

    def __init__(self, keep: int, mark: bytes = b"") -> None:
        self.keep, self.mark = keep, mark
        self.kept = bytearray()
        self.dropped = 0
        self._tail = b""                       # the last bytes dropped, where a mark may have begun
        self._line: bytearray | None = None    # the marked line being read
        self._late = b""

    def add(self, data: bytes) -> None:
        room = max(self.keep - len(self.kept), 0)
        self.kept += data[:room]
        rest = data[room:]
        if self.mark and rest and not self.dropped:    # the cap reached: a marked line it cut goes on past it
            at = self.kept.rfind(self.mark)
            if at >= 0 and b"\n" not in self.kept[at:]:
                self._line = bytearray(self.kept[at:at + LATE_LINE_BYTES])
            else:
                self._tail = bytes(self.kept[max(len(self.kept) - len(self.mark) + 1, 0):])
        self.dropped += len(rest)
        if self.mark and rest:
            self._scan(rest)

    def _scan(self, data: bytes) -> None:
        """Follow the last marked line through ``data`` (dropped bytes), in time linear in ``data``."""
        start = 0
        if self._line is not None:                 # a marked line begun in an earlier read
            end = data.find(b"\n")
            self._line += data[:len(data) if end < 0 else end][:max(LATE_LINE_BYTES - len(self._line), 0)]
            if end < 0:
                return
            self._late, self._line, self._tail, start = bytes(self._line), None, b"", end + 1
        window = self._tail + data[start:]
        at = window.rfind(self.mark)
        self._tail = window[max(len(window) - len(self.mark) + 1, 0):]
        if at < 0:
            return
        end = window.find(b"\n", at)
        line = window[at:len(window) if end < 0 else end][:LATE_LINE_BYTES]
        if end < 0:
            self._line = bytearray(line)
        else:
            self._late = line

    def text(self) -> str:
        """The output as text, with a note of how much was dropped and the marked line found past the cap."""
        late = bytes(self._line) if self._line is not None else self._late
        return as_text(self.kept, self.dropped) + ("\n" + late.decode("utf-8", errors="replace") if late else "")


class OutputDrain:
    """A daemon thread that empties one pipe for as long as it is open.

    What arrives between two :meth:`take` calls is one call's output: the first ``keep`` bytes are
    kept, the rest only counted. Reads and :meth:`take` share a lock, so :meth:`take` (which first
    empties the pipe itself) sees everything written before it was called.
    """

    def __init__(self, fd: int, keep: int, mark: bytes = b"") -> None:
        os.set_blocking(fd, False)
        self._fd = fd
        self._keep, self._mark = keep, mark
        self._call = CallOutput(keep, mark)
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
                with self._lock:     # a tenth of a second at a time, so that take() gets the lock
                    self._read_available(time.monotonic() + 0.1)

    def _read_available(self, deadline: float = math.inf) -> None:
        """Read until the pipe is empty (or closed) or ``deadline`` passes. Call with the lock held."""
        while not self._eof.is_set() and time.monotonic() < deadline:
            try:
                data = os.read(self._fd, _CHUNK)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._eof.set()
                return
            self._call.add(data)

    def take(self) -> str:
        """Everything written since the last take, as text, with a note if some was dropped (reading for at most
        TAKE_SECONDS: processes the learner's code left writing cannot hold the grader here)."""
        with self._lock:
            self._read_available(time.monotonic() + TAKE_SECONDS)
            text, self.dropped = self._call.text(), self._call.dropped
            self._call = CallOutput(self._keep, self._mark)
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
