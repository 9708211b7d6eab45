"""nbgrader preprocessors of the kit: the feedback filter and the fast autograde's stand-in for running a notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

from autograder.channels import nbsupport
from autograder.grading.files import REPORT_FILE, read_report
from autograder.runtime.errors import SubmissionError

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"


class HideHiddenTests(ClearHiddenTests):
    """Feedback: remove hidden test regions and replace any traceback of a hidden test cell by one line."""

    enforce_metadata = False

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if cell.cell_type == "code" and HIDDEN_BEGIN in cell.source:
            self._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: the hidden checks failed to run"]
        return cell, resources


class FillOutputs(NbGraderPreprocessor):
    """In place of running the notebook: each test cell gets the output its code prints, from the kit's report."""

    reports = Unicode("", help="the folder of <learner>/report.json").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        learner = resources["nbgrader"]["student"]
        loaded = read_report(Path(self.reports) / learner / REPORT_FILE)
        if loaded is None:
            raise SubmissionError(f"no report for {learner} in {self.reports}")
        self._report = loaded[0]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        match = nbsupport.TEST_CELL.match(nbsupport.grade_id(cell))
        if cell.cell_type == "code" and match:
            task, visibility = match["task"], match["visibility"]
            results = self._report.results
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=nbsupport.cell_text(results, task, visibility)),
                nbformat.v4.new_output("execute_result", execution_count=None, data={
                    "text/plain": repr(nbsupport.task_points(results, task, visibility))}),
            ]
        return cell, resources
