"""Parse and validate the solution regions of a ``solutions/`` file.

A region is nbgrader's own pair of marker lines inside a function or method body::

    ### BEGIN SOLUTION
    # Hint: what the learner is told (the run of comment lines at the region's start)
    ... the reference code ...
    ### END SOLUTION

Markers are matched on the stripped line. Every fault raises :class:`MarkerError`
carrying the file and line, with a message that says what to do about it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass

from autograder.runtime.manifest import Task

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
HINT = "# Hint:"
# A line that looks like a marker but is not exactly one (wrong number of '#', case, spacing).
_NEAR_MISS = re.compile(r"#+\s*(begin|end)\s+solution\b", re.IGNORECASE)


class MarkerError(ValueError):
    """A marker fault at ``path:line``; ``str()`` gives ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Region:
    """One solution region; line numbers are 1-based and point at the marker lines."""

    begin: int
    end: int
    indent: str
    hint: tuple[str, ...]
    function: str


@dataclass(frozen=True)
class Solution:
    """The regions of a solution file, and the line of every function it defines."""

    regions: tuple[Region, ...]
    functions: dict[str, int]


@dataclass(frozen=True)
class _Scope:
    name: str
    is_function: bool
    lineno: int
    col: int
    last: int  # the last line that still belongs to it (trailing comments included)


def parse_solution(text: str, path: str) -> Solution:
    """Find and validate the regions of one solution file's ``text``; ``path`` names it in errors."""
    lines = text.splitlines()
    pairs = _pair_markers(lines, path)
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        raise MarkerError(path, err.lineno or 1, f"not valid Python ({err.msg}); fix the syntax") from None
    scopes = _scopes(tree, len(lines))
    regions: list[Region] = []
    seen: dict[str, int] = {}
    for begin, end in pairs:
        indent = _indent(lines[begin - 1])
        function = _enclosing_function(scopes, begin, len(indent), path)
        closing = _innermost(scopes, end, len(indent))
        if closing is None or closing.name != function:
            raise MarkerError(path, end, f"this {END} is not in `{function}`, where its {BEGIN} "
                                         f"(line {begin}) is; close the region inside the same function")
        if function in seen:
            raise MarkerError(path, begin, f"`{function}` already has a solution region (line "
                                           f"{seen[function]}); merge the two into one region per function")
        seen[function] = begin
        regions.append(Region(begin, end, indent, _hint(lines, begin, end, path), function))
    functions = {s.name: s.lineno for s in scopes if s.is_function}
    return Solution(tuple(regions), functions)


def match_tasks(solution: Solution, module: str, tasks: Iterable[Task], path: str) -> dict[str, Task]:
    """Map each region's function to the manifest task that lists it, checking both directions.

    Every region must be listed under ``module`` in the manifest, and every function the
    manifest lists for ``module`` must have a region.
    """
    owners = {f: t for t in tasks if t.module == module for f in t.functions}
    for region in solution.regions:
        if region.function not in owners:
            message = (f"`{region.function}` has a solution region but tasks.toml lists no task with "
                       f"module \"{module}\" and this function; add it to a task's functions in tasks.toml, "
                       "or remove the region from the solution")
            raise MarkerError(path, region.begin, message)
    with_region = {r.function for r in solution.regions}
    for function, task in owners.items():
        if function not in with_region:
            defined = function in solution.functions
            found = "has no solution region in it" if defined else "defines no such function"
            message = (f"tasks.toml lists `{function}` under {task.label} but {path} {found}; add a "
                       f"{BEGIN} ... {END} region to `{function}` in the solution, "
                       "or remove it from tasks.toml")
            raise MarkerError(path, solution.functions.get(function, 1), message)
    return {f: owners[f] for f in with_region}


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _pair_markers(lines: list[str], path: str) -> list[tuple[int, int]]:
    """(BEGIN line, END line) of each region, in file order; marker faults raise."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if open_at is not None:
                raise MarkerError(path, number, f"nested {BEGIN}: the region opened at line {open_at} is "
                                                f"still open; add {END} before this line")
            open_at = number
        elif stripped == END:
            if open_at is None:
                raise MarkerError(path, number, f"{END} without a {BEGIN} before it; "
                                                "remove it or add the missing BEGIN marker")
            if _indent(line) != _indent(lines[open_at - 1]):
                raise MarkerError(path, number, f"{END} is indented differently from its {BEGIN} "
                                                f"(line {open_at}); indent both markers alike")
            pairs.append((open_at, number))
            open_at = None
        elif _NEAR_MISS.match(stripped):
            raise MarkerError(path, number, f"this line looks like a solution marker but is not exactly "
                                            f"`{BEGIN}` or `{END}`; spell it exactly so")
    if open_at is not None:
        raise MarkerError(path, open_at, f"{BEGIN} is never closed; add {END} at the end of the region")
    return pairs


def _hint(lines: list[str], begin: int, end: int, path: str) -> tuple[str, ...]:
    """The run of comment lines at the region's start; the first must be a ``# Hint:`` line."""
    body = lines[begin:end - 1]
    if not body or not body[0].strip().startswith(HINT):
        raise MarkerError(path, begin, f"the region has no hint: the line after {BEGIN} must be a "
                                       f"`{HINT} ...` comment telling the learner where to start")
    hint: list[str] = []
    for line in body:
        if not line.strip().startswith("#"):
            break
        hint.append(line)
    return tuple(hint)


def _scopes(tree: ast.Module, n_lines: int) -> list[_Scope]:
    """Every function and class, named ``Class.method`` style, with the lines it spans."""
    starts = sorted((node.lineno, node.col_offset) for node in ast.walk(tree) if isinstance(node, ast.stmt))
    found: list[_Scope] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + child.name
                # A def's code ends at end_lineno; comment lines after it (an END marker) still belong
                # to it until the next statement indented no deeper than the def.
                end = child.end_lineno or child.lineno
                later = [line for line, col in starts if line > end and col <= child.col_offset]
                last = later[0] - 1 if later else n_lines
                is_function = not isinstance(child, ast.ClassDef)
                found.append(_Scope(name, is_function, child.lineno, child.col_offset, last))
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _innermost(scopes: list[_Scope], line: int, col: int) -> _Scope | None:
    """The innermost function or class around a marker at ``line`` indented ``col``, if any."""
    around = [s for s in scopes if s.lineno < line <= s.last and col > s.col]
    return max(around, key=lambda s: s.lineno) if around else None


def _enclosing_function(scopes: list[_Scope], line: int, col: int, path: str) -> str:
    """The qualified name of the innermost function around a marker at ``line``, indented ``col``."""
    inner = _innermost(scopes, line, col)
    if inner is None:
        raise MarkerError(path, line, "a solution region must be inside a function or method body, "
                                      "not at module level; move it into the function the learner writes")
    if not inner.is_function:
        raise MarkerError(path, line, f"a solution region must be inside a function or method body, not "
                                      f"directly in the body of class `{inner.name}`; move it into a method")
    return inner.name
