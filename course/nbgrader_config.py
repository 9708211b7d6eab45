"""nbgrader's configuration for the kit's course (course/ is the course directory).

Every command runs from this folder (the Makefile's targets `cd` here). The exchange, the
Jupyter folders and the learners' caches can be moved with environment variables, which the
round-trip test and `make course-demo` do to work in a temporary folder:

    NBGRADER_EXCHANGE   the exchange root (default: course/exchange)
    AUTOGRADER_SEED     the seed of the hidden checks (read by the hidden test cells)
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "rnn-lstm-kit"
c.CourseDirectory.root = str(HERE)
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", str(HERE / "exchange"))
# Everything runs as one user here (a laptop, CI): collect must not insist on owners.
c.ExchangeCollect.check_owner = False
# The stub nbgrader writes in place of a solution region (the hint above it is kept).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# A deleted test cell is put back and graded, not left for manual grading.
c.OverwriteCells.add_missing_cells = True
# nbgrader's own sanitising steps, with OverwriteCells replaced by the kit's, which does not report every hidden
# test cell as changed (the release cuts their hidden region out): only real edits of locked cells are reported.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "autograder.channels.nbpreprocessors.OverwriteReleasedCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Per cell: the longest test cell (the convergence run, inside task 8's hidden checks) takes about
# 10 s on a busy 2-core machine; a learner's cell that runs past this is interrupted and the rest
# of the notebook still runs.
c.Execute.timeout = int(os.environ.get("NBGRADER_CELL_TIMEOUT", "120"))
c.Execute.interrupt_on_timeout = True
# Feedback: scores from the gradebook, then no hidden test source and no traceback of a hidden cell.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.channels.nbpreprocessors.HideHiddenTests",
]
