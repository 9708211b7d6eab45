"""Generate the learner's files from ``solutions/`` and ``tasks.toml``.

    python -m kit.generate            write exercises/*.py, the README's task table, docs/isolation.md's
                                      isolation table, the example submissions, the course notebooks
    python -m kit.generate --check    list the files that are out of date (exit 1), write nothing

Every ``solutions/*.py`` (top level) becomes ``exercises/*.py``: a header, then its stub.
Nothing else in ``exercises/`` is touched. A fault prints one line,
``error: <file>:<line>: <what is wrong and what to do>``, and exits 2.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from pathlib import Path

from autograder.formats.templating import environment
from autograder.runtime.manifest import ROOT, ManifestError, Task, parse_tasks
from kit.examples import LEARNERS, example_outputs
from kit.markers import MarkerError
from kit.notebooks import expected_outputs as notebook_outputs
from kit.readme import ISOLATION_DOC, ISOLATION_SOURCE, isolation_table, render_table, splice
from kit.stubs import make_stub

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV = environment(TEMPLATES)
GENERATED = "# (Generated from solutions/"   # in the header's first lines
MARKED = {"README.md": "TASK TABLE", ISOLATION_DOC: "ISOLATION TABLE"}   # hand-written pages with a generated part


def render_header(source: str, has_tasks: bool) -> str:
    """The comment lines that open a generated file; ``source`` is e.g. ``solutions/lstm.py``."""
    return _ENV.get_template("header.py.j2").render(source=source, has_tasks=has_tasks)


def expected_outputs(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file's path mapped to its full expected text; raises MarkerError on any fault."""
    tasks = _load_manifest(root)
    solutions = sorted(p for p in (root / "solutions").glob("*.py") if p.is_file())
    outputs: dict[Path, str] = {}
    for source in solutions:
        rel = f"solutions/{source.name}"
        module = source.stem
        if source.name == "__init__.py":     # the package's docstring speaks to learners, from the manifest
            stub = _ENV.get_template("exercises_init.py.j2").render(tasks=tasks)
        else:
            stub = make_stub(_read(source, rel), module, tasks, rel)
        has_tasks = any(task.module == module for task in tasks)
        outputs[root / "exercises" / source.name] = render_header(rel, has_tasks) + stub
    outputs[root / "README.md"] = splice(_read(root / "README.md", "README.md"), render_table(tasks))
    if (root / ISOLATION_SOURCE).exists():
        page = _read(root / ISOLATION_DOC, ISOLATION_DOC)
        outputs[root / ISOLATION_DOC] = splice(page, isolation_table(root), path=ISOLATION_DOC, name="ISOLATION TABLE")
    if (root / LEARNERS).exists():
        outputs.update(example_outputs(root, outputs, {task.module for task in tasks}))
    outputs.update(notebook_outputs(root))     # the nbgrader course's notebooks, when root has a course
    return outputs


def stale_files(root: Path = ROOT) -> list[Path]:
    """The generated files that are missing or differ from what the generator would write."""
    return [path for path, text in expected_outputs(root).items() if _current(path) != text]


def write_outputs(root: Path = ROOT) -> list[Path]:
    """Write the generated files that are out of date (all checks pass first); return them."""
    outputs = expected_outputs(root)
    written = []
    for path, text in outputs.items():
        if _current(path) != text:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            except OSError as err:
                raise MarkerError(_rel(path, root), 1, f"cannot write the file ({err.strerror})") from None
            written.append(path)
    return written


def orphans(root: Path = ROOT) -> list[Path]:
    """Generated files in ``exercises/`` whose solution no longer exists (never deleted for you)."""
    return sorted(
        path for path in (root / "exercises").glob("*.py")
        if not (root / "solutions" / path.name).exists() and GENERATED in (_current(path) or "")[:400]
    )


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status (0 done, 1 stale under --check, 2 error)."""
    parser = argparse.ArgumentParser(prog="python -m kit.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list out-of-date files (exit 1), write nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the kit root (default: this repo)")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        if args.check:
            stale = stale_files(root)
            for path in stale:
                print(f"stale: {_rel(path, root)}")
            print(f"{len(stale)} generated file(s) out of date; run `make exercises`" if stale
                  else "exercises/, the README's task table and docs/isolation.md are up to date")
        else:
            stale = []
            for path in write_outputs(root):
                print(f"wrote {_rel(path, root)}")
        for path in orphans(root):
            print(f"note: {_rel(path, root)} was generated from a solution that no longer exists; "
                  "delete it if it is not wanted", file=sys.stderr)
    except MarkerError as err:
        print(f"error: {_one_line(str(err))}", file=sys.stderr)
        return 2
    except Exception as err:  # never a traceback: name where it happened and call it a bug
        frame = traceback.extract_tb(err.__traceback__)[-1]
        print(f"error: {frame.filename}:{frame.lineno}: unexpected {type(err).__name__}: "
              f"{_one_line(str(err))}; this is a bug in kit.generate, please report it", file=sys.stderr)
        return 2
    return 1 if stale else 0


def _load_manifest(root: Path) -> tuple[Task, ...]:
    """The manifest's tasks, each of whose modules exists in ``solutions/``."""
    text = _read(root / "tasks.toml", "tasks.toml")
    try:
        tasks = parse_tasks(text, source="tasks.toml")
    except ManifestError as err:
        message = str(err).removeprefix("tasks.toml: ")
        number = re.match(r"task #(\d+)", message)
        at_line = re.search(r"at line (\d+)", message)  # TOML syntax errors say where
        line = _task_line(text, int(number.group(1)) - 1, None) if number else 1
        line = int(at_line.group(1)) if at_line else line
        raise MarkerError("tasks.toml", line, f"{message}; fix the manifest") from err
    for index, task in enumerate(tasks):
        if not (root / "solutions" / f"{task.module}.py").is_file():
            raise MarkerError("tasks.toml", _task_line(text, index, "module"),
                              f"{task.label} names module \"{task.module}\" but solutions/{task.module}.py "
                              "does not exist; create it, or fix the task's module in tasks.toml")
    return tasks


def _task_line(text: str, index: int, key: str | None) -> int:
    """The line of the ``index``-th ``[[task]]`` header, or of its ``key = ...`` line if given."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, start=1) if line.strip() == "[[task]]"]
    if index >= len(headers):
        return 1
    if key is not None:
        stop = headers[index + 1] if index + 1 < len(headers) else len(lines) + 1
        for n in range(headers[index], stop):
            if re.match(rf"\s*{key}\s*=", lines[n - 1]):
                return n
    return headers[index]


def _read(path: Path, rel: str) -> str:
    """A file's text, with a located error if it is missing, unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if rel in MARKED:
            raise MarkerError(rel, 1, f"{rel} does not exist; create it with the two lines "
                                      f"`<!-- BEGIN {MARKED[rel]} -->` and `<!-- END {MARKED[rel]} -->`") from None
        raise MarkerError(rel, 1, "the file does not exist; create it") from None
    except OSError as err:
        raise MarkerError(rel, 1, f"cannot read the file ({err.strerror})") from None
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise MarkerError(rel, line, "the file is not UTF-8; save it as UTF-8") from None


def _current(path: Path) -> str | None:
    """A file's current text exactly as stored, or None if it does not exist."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
