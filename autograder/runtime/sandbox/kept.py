"""Payload values a worker keeps: sent once per worker, named by a token after that (task 8's tables).

A judge wraps a large value that it may send again, and that never changes, in :class:`Kept` (task 8's
recorded-call tables: about 2,500 values and 270 KB each). :func:`placeholders` replaces each top-level
``Kept`` of a payload by ``{"$kept": token}``; before the request, the sandbox sends the worker the
frame ``{"keep": token, "value": value}`` of every token that worker has not had yet (:class:`Delivered`),
so that a restarted worker gets them again. The frames are encoded once per grading process and
shared by every sandbox (:func:`frames_of`): encoding them per call was most of the grader's CPU.

Nothing here rests on the worker: the grader alone decides what each worker has been sent, and the
worker gets exactly the values the request would have carried. A worker whose learner code spoils
what it keeps only spoils its own answers, which the grader judges as ever.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from . import codec

#: Encoded values kept per process (the tables of a few seeds' checks; each one is held until evicted).
CACHE_ENTRIES = 256


class Kept:
    """A payload value sent to each worker once; the value must not change once it has been sent."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Kept({type(self.value).__name__})"


_lock = threading.Lock()
_encoded: OrderedDict[int, tuple[Any, str, list[memoryview]]] = OrderedDict()   # id -> (value, token, frames)
_tokens = itertools.count(1)


def frames_of(value: Any) -> tuple[str, list[memoryview]]:
    """The token of ``value`` and the frames of ``{"keep": token, "value": value}``, encoded once per process
    (the value is held while its entry is cached, so that its id cannot name another value). Raises
    ValueError for a value that cannot be sent."""
    with _lock:
        hit = _encoded.get(id(value))
        if hit is not None and hit[0] is value:
            _encoded.move_to_end(id(value))
            return hit[1], hit[2]
        token = f"k{next(_tokens)}"
    try:
        frames = codec.encode({"keep": token, "value": value})
    except codec.CodecError as exc:
        raise ValueError(f"the payload cannot be sent to the worker: {exc}") from None
    with _lock:
        _encoded[id(value)] = (value, token, frames)
        while len(_encoded) > CACHE_ENTRIES:
            _encoded.popitem(last=False)
    return token, frames


def placeholders(payload: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, list[memoryview]]]]:
    """``payload`` with each top-level :class:`Kept` replaced by ``{"$kept": token}``, and the (token, frames)
    the worker needs for it."""
    if not any(isinstance(v, Kept) for v in payload.values()):
        return payload, []
    keeps = []
    marked = dict(payload)
    for key, value in payload.items():
        if isinstance(value, Kept):
            token, frames = frames_of(value.value)
            marked[key] = {"$kept": token}
            keeps.append((token, frames))
    return marked, keeps


def inline(payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with each top-level :class:`Kept` replaced by its value (a sandbox that resends them)."""
    return {k: v.value if isinstance(v, Kept) else v for k, v in payload.items()}


class Delivered:
    """Which tokens the current worker has been sent (forgotten when the worker is another one)."""

    def __init__(self) -> None:
        self._worker: object = None
        self._tokens: set[str] = set()

    def missing(self, worker: object, keeps: Sequence[tuple[str, list[memoryview]]]) -> list[list[memoryview]]:
        """The frames ``worker`` still needs for ``keeps`` (all of them for a worker not seen before)."""
        if worker is not self._worker:
            self._worker, self._tokens = worker, set()
        needed, seen = [], set()
        for token, frames in keeps:
            if token not in self._tokens and token not in seen:
                needed.append(frames)
                seen.add(token)
        return needed

    def sent(self, worker: object, keeps: Sequence[tuple[str, list[memoryview]]]) -> None:
        """``worker`` has read the frames of ``keeps`` (its request was sent after them)."""
        if worker is self._worker:
            self._tokens.update(token for token, _ in keeps)
