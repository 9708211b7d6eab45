"""nbgrader preprocessors of the kit: the feedback filter and the fast autograde's stand-in for running a notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells
from nbgrader.preprocessors.getgrades import GetGrades
from traitlets import List, Unicode

from autograder.channels import nbsupport
from autograder.formats.dashboard import REPORT_FILE
from autograder.grading.files import read_report
from autograder.runtime.errors import SubmissionError

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"


class HideHiddenTests(ClearHiddenTests):
    """Feedback: remove hidden test regions and replace any traceback of a hidden test cell by one line."""

    enforce_metadata = False
    # configurable, as in GetGrades: generate_feedback configures it on every preprocessor of its list, and an
    # nbgrader preprocessor without it says "Config option display_data_priority not recognized"
    display_data_priority = List(GetGrades.display_data_priority.default_value, config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if cell.cell_type == "code" and HIDDEN_BEGIN in cell.source:
            self._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: the hidden checks failed to run"]
        return cell, resources


class OverwriteReleasedCells(OverwriteCells):
    """nbgrader's OverwriteCells, without its false alarm on hidden test cells.

    A hidden test cell reaches learners with its hidden region cut out (ClearHiddenTests), so every
    submission "changes" it and OverwriteCells warns "Attribute 'checksum' ... has changed!" for each,
    burying a real change. A locked cell whose source is exactly what the release gave (the source cell,
    hidden region cut) gets its source back first; any other edit still gets nbgrader's warning and its
    restoring.
    """

    def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> tuple[Any, Any]:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and cell.cell_type == "code" and HIDDEN_BEGIN not in cell.source:
            try:
                source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except Exception:   # nbgrader's MissingEntry and the like: OverwriteCells reports it
                source = None
            if source is not None and source.locked and HIDDEN_BEGIN in source.source:
                released = nbformat.v4.new_code_cell(source.source)
                ClearHiddenTests()._remove_hidden_test_region(released)
                if released.source == cell.source:
                    cell.source = source.source
        return super().preprocess_cell(cell, resources, cell_index)


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
