"""``merge OUT... --out DIR``: the outputs of several grade-class --shard runs as one."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from autograder.channels.commands.common import (
    check_exports,
    print_gradebook,
    render_pages,
)
from autograder.channels.options import (
    EXIT_NOT_PASSED,
    EXIT_OK,
    assignment_tasks,
)
from autograder.formats.dashboard import DASHBOARD_FILE, read_sandbox
from autograder.formats.gradebook import EXPORTS
from autograder.formats.roster import load_roster
from autograder.grading.files import GRADEBOOK_FILE
from autograder.grading.merge import describe, merge_outputs
from autograder.runtime.atomic import atomic_write_json
from autograder.runtime.sandbox.isolation import SANDBOX_FILE
from autograder.runtime.terminal import (
    printable,
)


def run_merge(
    outs: Sequence[Path], out: Path, *, roster: Path | None = None, export: Sequence[str] = (),
    html: bool = False, assignment: str | None = None, grader_factory: object = None,
    stdout: TextIO | None = None, stderr: TextIO | None = None,
) -> int:
    """Merge grade-class outputs (shards) into ``out``; 0 when complete, 1 when learners or shards are missing
    or the autograder failed on some (see :mod:`autograder.grading.merge`). Grades nothing: ``grader_factory``
    is unused. Writes the learners' pages and the dashboard with ``html``, or when an output merged holds a
    dashboard (its shard was graded with --html). ``assignment``: the assignment the shards were graded for
    (grade-class --assignment), checked against what they record; the gradebook's columns are its tasks."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    exports = check_exports(export, roster)
    class_roster = load_roster(roster) if roster is not None else None
    if assignment is not None:
        assignment_tasks(assignment)   # an unknown one: the known ones named, before anything is read
    summary = merge_outputs(outs, out, roster=class_roster, exports=exports, assignment=assignment)
    sandboxes = [facts for source in outs for facts in read_sandbox(Path(source))]
    distinct = [facts for k, facts in enumerate(sandboxes) if facts not in sandboxes[:k]]
    if distinct:   # each shard's machine: kept for the dashboard, each distinct one once
        atomic_write_json(Path(out) / SANDBOX_FILE, distinct)
    for note in describe(summary):
        print(printable(note), file=stderr)
    print_gradebook(summary.reports, stdout, class_roster, summary.no_submission, summary.tasks)
    print(f"wrote {printable(str(Path(out) / GRADEBOOK_FILE))}", file=stdout)
    for name in exports:
        print(f"wrote {printable(str(Path(out) / EXPORTS[name]))}", file=stdout)
    if html or any((Path(source) / DASHBOARD_FILE).is_file() for source in outs):
        render_pages(Path(out), stdout, learners=set(summary.sources), absent=summary.no_submission,
                     tasks=summary.tasks)
    print(summary.line(), file=stdout)
    incomplete = summary.missing or summary.missing_shards or summary.failed
    return EXIT_NOT_PASSED if incomplete else EXIT_OK
