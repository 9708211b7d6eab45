"""The names of a function's outputs, read from its docstring's Returns block (the one source of them).

``Returns a tuple of:`` / ``Returns:`` followed by ``- name: ...`` items, as in CS231n;
an item may name several outputs (``- dx: (N, D), dh0: (N, H), ...`` or ``- train, val, test: ...``).
Messages then say ``cross_entropy: dscores`` instead of ``cross_entropy[1]``.
"""

from __future__ import annotations

import importlib
import inspect
import re

MORE = re.compile(r",\s*([A-Za-z_]\w*):\s")


def output_names(module: str, function: str) -> tuple[str, ...]:
    """The outputs of ``solutions.<module>.<function>``, in order; () when its docstring has no Returns block."""
    doc = inspect.getdoc(getattr(importlib.import_module(f"solutions.{module}"), function)) or ""
    lines = doc.splitlines()
    start = next((k for k, line in enumerate(lines) if line.startswith("Returns")), None)
    if start is None:
        return ()
    items: list[str] = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        if line.startswith("- "):
            items.append(line[2:])
        elif items:
            items[-1] += " " + line.strip()
    names: list[str] = []
    for item in items:
        head, _, rest = item.partition(":")
        names += [name.strip() for name in head.split(",")] + MORE.findall(rest)
    return tuple(names)
