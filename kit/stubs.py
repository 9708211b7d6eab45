"""Turn one solution file's text into the learner's stub text.

Each solution region (markers included) becomes its hint comment lines followed by
``raise NotImplementedError("task <id>: <function>")`` at the marker's indentation.
Everything outside the regions is copied unchanged, character for character.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable

from autograder.runtime.manifest import Task
from kit.markers import MarkerError, Region, match_tasks, parse_solution


def make_stub(text: str, module: str, tasks: Iterable[Task], path: str) -> str:
    """The stub of the solution ``text`` of ``module``; ``path`` names the file in errors.

    Raises :class:`~kit.markers.MarkerError` if the regions are malformed or do not match
    the manifest ``tasks`` for ``module``.
    """
    text = text.replace("\r\n", "\n")
    solution = parse_solution(text, path)
    owners = match_tasks(solution, module, tasks, path)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    placed: list[tuple[int, Region]] = []  # (line of the raise in the stub, its region)
    after_last = 0  # index into lines just past the previous region's END marker
    for region in solution.regions:
        out.extend(lines[after_last:region.begin - 1])
        out.extend(line + "\n" for line in region.hint)
        out.append(raise_line(region, owners[region.function]))
        placed.append((len(out), region))
        after_last = region.end
    out.extend(lines[after_last:])
    stub = "".join(out)
    _check_syntax(stub, placed, path)
    return stub


def raise_line(region: Region, task: Task) -> str:
    """The line that replaces a region's code, e.g. ``raise NotImplementedError("task 7: Adam.step")``."""
    message = json.dumps(f"{task.label}: {region.function}", ensure_ascii=False)
    return f"{region.indent}raise NotImplementedError({message})\n"


def _check_syntax(stub: str, placed: list[tuple[int, Region]], path: str) -> None:
    """Raise, at the nearest region before the fault, if the stub is not valid Python."""
    try:
        ast.parse(stub)
    except SyntaxError as err:
        at = err.lineno or 1
        before = [region.begin for line, region in placed if line <= at]
        line = before[-1] if before else (placed[0][1].begin if placed else 1)
        raise MarkerError(path, line, f"the stub made from this region is not valid Python ({err.msg}); "
                                      "make each region a whole block of statements") from None
