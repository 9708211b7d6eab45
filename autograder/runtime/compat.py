"""What the learner release's checker needs from Python 3.10+, on the Python 3.9 it also supports.

The release ships this module with the judging code (``pack.judging_code``); the kit itself needs
3.11. ``from .compat import zip`` gives ``zip(..., strict=...)`` everywhere: the builtin from 3.10
on, an equivalent before.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterable, Iterator
from typing import Any

if sys.version_info >= (3, 10):  # noqa: UP036 - the learner release supports 3.9
    zip = builtins.zip
else:
    def zip(*iterables: Iterable[Any], strict: bool = False) -> Iterator[tuple[Any, ...]]:
        """``zip``, raising ValueError as 3.10's does when ``strict`` and the lengths differ."""
        if not strict:
            yield from builtins.zip(*iterables)  # noqa: B905
            return
        iterators = [iter(iterable) for iterable in iterables]
        missing = object()
        while True:
            items = [next(iterator, missing) for iterator in iterators]
            done = [item is missing for item in items]
            if all(done):
                return
            if any(done):
                raise ValueError(f"zip() argument {done.index(not done[0]) + 1} is "
                                 f"{'shorter' if done[0] is False else 'longer'} than argument 1")
            yield tuple(items)
