"""Import a learner's module anew under proxies, and put everything back afterwards.

Task 8's recorded calls (``recorded.py``) and the guard of tasks 4 and 6 (``guard.py``) both run one
job on a fresh import of a learner's module whose lower modules are proxies; every other job sees
the learner's own modules.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from typing import Any

_CODE: dict = {}    # compiled learner modules, by (path, size, mtime): a fresh import costs no compile


def fresh_import(full: str) -> Any:
    """A new module object for ``full``, executed anew (its imports see the current sys.modules)."""
    sys.modules.pop(full, None)
    spec = importlib.util.find_spec(full)
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return importlib.import_module(full)
    stat = os.stat(spec.origin)
    key = (spec.origin, stat.st_size, stat.st_mtime_ns)
    if key not in _CODE:
        with open(spec.origin, "rb") as source:
            _CODE[key] = compile(source.read(), spec.origin, "exec")
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    try:
        exec(_CODE[key], module.__dict__)
    except BaseException:
        sys.modules.pop(full, None)
        raise
    return module


@contextlib.contextmanager
def unimported(package: Any) -> Iterator[None]:
    """Inside, none of ``package``'s modules is imported: each import runs the module anew and sees the
    proxies the caller puts in sys.modules, however it imports them (``from .optim import *`` hands on
    what optim.py star-imported from lstm.py, each module made from a notebook star-importing every
    module above it). Afterwards sys.modules and the package's attributes are as before, whatever
    happens: every other job sees the learner's own modules."""
    prefix = f"{package.__name__}."
    saved = {full: module for full, module in sys.modules.items() if full.startswith(prefix)}
    attrs = {full[len(prefix):]: package.__dict__.get(full[len(prefix):]) for full in saved}

    def forget() -> None:
        for full in [full for full in sys.modules if full.startswith(prefix)]:
            sys.modules.pop(full, None)
            package.__dict__.pop(full[len(prefix):], None)
    forget()
    try:
        yield
    finally:
        forget()
        sys.modules.update(saved)
        for name, value in attrs.items():
            if value is not None:
                setattr(package, name, value)
