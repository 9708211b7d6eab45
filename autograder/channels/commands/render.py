"""``render DIR``: the HTML pages of a grade-class output folder, again, from its report.json files."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import TextIO

from autograder.channels.commands.common import (
    render_pages,
)
from autograder.channels.options import (
    EXIT_OK,
)
from autograder.formats.dashboard import REPORT_FILE
from autograder.formats.roster import load_roster
from autograder.grading.files import RESULTS_FILE, path_status
from autograder.runtime.errors import SubmissionError
from autograder.runtime.terminal import (
    printable,
)


def run_render(directory: Path, *, released: bool = False, roster: Path | None = None,
               stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Re-render the pages of a grade-class output folder from its report.json files: each learner's
    ``report.html`` (with the hidden checks when ``released``) and the dashboard ``index.html`` (which lists
    the students of ``roster`` without a folder in DIR)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    directory = Path(directory)
    what_to_do = "give the --out folder of grade-class"
    status = path_status(directory, "DIR")
    if status is None or not stat.S_ISDIR(status.st_mode):
        problem = "does not exist" if status is None else "is not a folder"
        raise SubmissionError(f"DIR '{directory}' {problem}; {what_to_do}")
    if not any(path.is_file() for path in directory.glob(f"*/{REPORT_FILE}")):
        raise SubmissionError(f"DIR '{directory}' holds no <learner>/{REPORT_FILE}; {what_to_do}")
    absent: list[str] = []
    if roster is not None:
        folders = [path.parent.name for path in directory.glob(f"*/{RESULTS_FILE}")]
        absent = load_roster(roster).compare(folders)[0]
    summary = render_pages(directory, stdout, released=released, absent=absent)
    for learner, reason in summary.unreadable.items():
        print(f"warning: {printable(learner)}/{REPORT_FILE} not rendered: {printable(reason)}", file=stderr)
    return EXIT_OK
