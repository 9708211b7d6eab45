"""The generated parts of the hand-written pages, each spliced between two marker lines.

- README.md's task table, rendered from the manifest;
- docs/isolation.md's isolation table, taken from the sandbox's own documentation
  (autograder/runtime/sandbox/isolation.py).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path

from autograder.formats.templating import environment
from autograder.runtime.manifest import Task
from kit.markers import MarkerError

BEGIN = "<!-- BEGIN TASK TABLE -->"
END = "<!-- END TASK TABLE -->"
ISOLATION_SOURCE = "autograder/runtime/sandbox/isolation.py"
ISOLATION_DOC = "docs/isolation.md"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _cell(value: object) -> str:
    """A value made safe for one Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


_ENV = environment(TEMPLATES, cell=_cell)


def render_table(tasks: Sequence[Task]) -> str:
    """The Markdown task table (one row per task, then a total row), ending with a newline."""
    total = sum(task.points for task in tasks)
    return _ENV.get_template("task_table.md.j2").render(tasks=tasks, total=total)


def isolation_table(root: Path) -> str:
    """The Markdown table (and its notes) of what the sandbox enforces, from isolation.py's docstring."""
    source = root / ISOLATION_SOURCE
    try:
        doc = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError) as err:
        raise MarkerError(ISOLATION_SOURCE, 1, f"cannot read the isolation table ({err})") from None
    start = doc.find("| guarantee")
    if start < 0:
        raise MarkerError(ISOLATION_SOURCE, 1, "its docstring has no table starting with '| guarantee'")
    return doc[start:].split("\n\n\n")[0].split("\nThe hidden paths")[0].strip() + "\n"


def splice(readme_text: str, table: str, path: str = "README.md", name: str = "TASK TABLE") -> str:
    """``readme_text`` with everything between the two ``name`` marker lines replaced by ``table``.

    Raises :class:`~kit.markers.MarkerError` if the marker lines are missing, repeated or
    out of order; ``path`` names the file in that error.
    """
    BEGIN, END = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"  # noqa: N806
    lines = readme_text.splitlines(keepends=True)
    begins = [n for n, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [n for n, line in enumerate(lines) if line.strip() == END]
    advice = f"add the two lines `{BEGIN}` and `{END}` where the {name.lower()} goes"
    if not begins or not ends:
        missing = BEGIN if not begins else END
        line = begins[0] + 1 if begins else (ends[0] + 1 if ends else 1)
        raise MarkerError(path, line, f"no `{missing}` line; {advice}")
    if len(begins) > 1 or len(ends) > 1:
        repeated = begins[1] if len(begins) > 1 else ends[1]
        message = f"the {name.lower()} markers appear more than once; keep one pair: {advice}"
        raise MarkerError(path, repeated + 1, message)
    begin, end = begins[0], ends[0]
    if end < begin:
        raise MarkerError(path, end + 1, f"`{END}` comes before `{BEGIN}`; {advice}")
    table = table if table.endswith("\n") else table + "\n"
    # The BEGIN line ends with a newline, since the END line follows it.
    return "".join(lines[:begin + 1]) + "\n" + table + "\n" + "".join(lines[end:])
