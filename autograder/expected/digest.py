"""What makes a grade: the digests that decide whether a report or a cached expected value is still valid.

A report (``report.json``'s metadata) and an expected-values cache file are valid for one
``code_digest``: the code that changes a grade, i.e. the runtime (judges, engine, sandbox,
comparisons: what learners' code is judged by), the builders of expected values
(``autograder/expected/``), the reference (``solutions/``) and the manifest (``tasks.toml``).
Channels, formats, templates and the class runner are left out: changing a help string or a
page never regrades anyone.
"""

from __future__ import annotations

from pathlib import Path

from autograder.runtime.digest import file_digest, files_digest
from autograder.runtime.manifest import MANIFEST, ROOT

#: The folders whose ``*.py`` files change a grade, relative to the kit's root.
CODE_FOLDERS = ("autograder/runtime", "autograder/expected", "solutions")


def code_digest(root: Path = ROOT) -> str:
    """SHA-256 of every ``*.py`` under CODE_FOLDERS (relative path and bytes, sorted), then ``tasks.toml``."""
    root = Path(root)
    paths = [path for folder in CODE_FOLDERS for path in (root / folder).rglob("*.py") if path.is_file()]
    return files_digest([*paths, root / MANIFEST.name], root)


def manifest_digest(path: Path = MANIFEST) -> str:
    """SHA-256 of the task manifest: a changed manifest (points, tasks) makes every report stale."""
    return file_digest(path)
