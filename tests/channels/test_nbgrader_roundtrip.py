"""The nbgrader round trip, for real: release, fetch and submit as four learners, collect, autograde both
ways (stock nbgrader with a real kernel, and ``nbgrader-autograde``), feedback, export.

One assignment of two tasks (2: activations, 5: clipping) keeps it to about two minutes on two busy
cores; the steps are :class:`kit.course_demo.RoundTrip`'s, which ``make course-demo`` runs too.
Jupyter's folders and the exchange live in the test's temporary folder.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.channels.nbgrade import submission_modules
from autograder.channels.nbsupport import TEST_CELL, grade_id, write_modules
from autograder.channels.options import assignment_seed
from autograder.grading.classroom import grade_class
from autograder.runtime.model import Report
from kit.course_demo import ASSIGNMENT, LEARNERS, RoundTrip, environment

# slow: a whole course round trip; the warnings: SQLAlchemy's and nbformat's, about nbgrader's use of them
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::Warning")]

TASKS = ("2", "5")
SEED = 918273645             # distinctive: the test searches what learners receive for it
CE_CHECK = 10 * 2 / 14         # of task 2's 10 points, each cross_entropy check weighs 2 of 14
EXPECTED = {"correct": 15.0, "mistake": 15.0 - 2 * CE_CHECK, "endless": 10.0, "tamper": 10.0}


class Changes(logging.Handler):
    """nbgrader's "Attribute ... for cell ... has changed!" warnings, and traitlets' "not recognized", as logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []
        self.unrecognised: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "has changed" in message:
            self.seen.append(message)
        if "not recognized" in message:
            self.unrecognised.append(message)


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    trip = RoundTrip(tmp_path_factory.mktemp("course"), TASKS, seed=SEED, jobs=2)
    trip.release()
    trip.submit_all()
    trip.collect()
    trip.changes = Changes()
    logging.getLogger().addHandler(trip.changes)
    try:
        trip.stock = trip.autograde_stock()
        trip.stock_notebooks = {learner: trip.autograded(learner) for learner in LEARNERS}
        trip.fast = trip.autograde_fast()
        trip.feedback()
    finally:
        logging.getLogger().removeHandler(trip.changes)
    trip.rows = trip.export()
    print("round trip, seconds per step:", json.dumps({k: round(v, 1) for k, v in trip.timings.items()}))
    return trip


def test_each_learner_gets_the_grade_their_code_earns(trip: RoundTrip) -> None:
    for scores in (trip.stock, trip.fast):
        assert scores == pytest.approx(EXPECTED, abs=1e-5)
    exported = {row["student_id"]: float(row["score"]) for row in trip.rows}
    assert exported == pytest.approx(EXPECTED, abs=1e-5)
    assert {float(row["max_score"]) for row in trip.rows} == {15.0}


def test_stock_and_fast_autograde_give_the_cli_graders_points(trip: RoundTrip, tmp_path: Path, make_grader) -> None:
    """The same code, as modules, graded as `grade-class` grades a class (its grading, with the assignment's seed, on
    the assignment's tasks: the notebook holds no other module): the same points per task."""
    root = tmp_path / "class"
    source = nbformat.read(trip.course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for learner in LEARNERS:
        submitted = trip.course / "submitted" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        (root / learner).mkdir(parents=True)
        write_modules(submission_modules(source, json.loads(submitted.read_text())), root / learner)
    grader = make_grader(seed=assignment_seed(SEED, ASSIGNMENT), tasks=TASKS)
    summary = grade_class(root, tmp_path / "out", grader, jobs=2)
    assert sorted(summary.graded) == sorted(LEARNERS) and not summary.failed
    for learner in LEARNERS:
        report = Report.from_dict(json.loads((tmp_path / "out" / learner / "report.json").read_text()))
        cli = sum(report.task_scores()[task][0] for task in TASKS)
        assert trip.stock[learner] == pytest.approx(cli, abs=1e-5)
        assert trip.fast[learner] == pytest.approx(cli, abs=1e-5)


def test_test_cells_score_like_the_report_and_never_write_to_stderr(trip: RoundTrip) -> None:
    for stock in trip.stock_notebooks.values():
        for cell in stock.cells:
            if TEST_CELL.match(grade_id(cell)):
                kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
                assert kinds == [("stream", "stdout"), ("execute_result", None)], kinds


def test_the_endless_cell_is_interrupted_and_the_rest_still_graded(trip: RoundTrip) -> None:
    cells = {grade_id(c): c for c in trip.stock_notebooks["endless"].cells}
    errors = [o for o in cells["clipping-code-clip_by_value"].outputs if o.output_type == "error"]
    assert errors, "the endless cell was not interrupted"
    assert "5.0" in cells["task2-hidden"].outputs[-1].data["text/plain"]
    assert "TIMEOUT" in cells["task5-visible"].outputs[0].text


def test_the_learner_who_edited_a_locked_cell_is_graded_on_the_original_cells(trip: RoundTrip) -> None:
    source = {grade_id(c): c.source for c in
              nbformat.read(trip.course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4).cells}
    submitted = nbformat.read(trip.course / "submitted" / "tamper" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    claimed = {grade_id(c): c.source for c in submitted.cells}
    assert "task5-hidden" not in claimed and claimed["task5-visible"] != source["task5-visible"]
    for notebook in (trip.stock_notebooks["tamper"], trip.autograded("tamper")):
        cells = {grade_id(c): c for c in notebook.cells}
        assert cells["task5-visible"].source == source["task5-visible"]
        restored = [c for c in notebook.cells if "hidden_points" in c.source and '"5")' in c.source]
        assert len(restored) == 1                   # the deleted hidden test cell was added back and run
    assert trip.fast["tamper"] == pytest.approx(10.0)


def test_every_learner_fetches_feedback_without_hidden_tests(trip: RoundTrip) -> None:
    reports = {learner: Report.from_dict(json.loads(
        (trip.course / "fast-autograde" / ASSIGNMENT / "reports" / learner / "report.json").read_text()))
        for learner in LEARNERS}
    results = [r for report in reports.values() for r in report.results if r.status != "passed"]
    hidden_messages = ({r.message for r in results if r.visibility == "hidden"}
                       - {r.message for r in results if r.visibility == "visible"})
    assert hidden_messages                      # the mistake's: the hidden inputs' expected values
    for learner in LEARNERS:
        files = trip.feedback_files(learner)
        assert len(files) == 1, f"{learner} fetched no feedback"
        html = files[0].read_text(encoding="utf-8")
        assert "Task 2, visible checks" in html     # it is the graded notebook
        for secret in ("BEGIN HIDDEN TESTS", "hidden_points", *hidden_messages):
            assert secret not in html, f"{learner}'s feedback shows {secret[:60]!r}"


def test_only_a_real_edit_of_a_locked_cell_is_reported_as_changed(trip: RoundTrip) -> None:
    """The released hidden test cells (their hidden region cut out) are not "changed"; tamper's edited visible
    test cell is, once per autograde path (stock, then fast)."""
    assert len(trip.changes.seen) == 2, trip.changes.seen
    assert all(f"task{TASKS[-1]}-visible" in seen and "checksum" in seen for seen in trip.changes.seen)
    assert trip.changes.unrecognised == []     # e.g. "display_data_priority not recognized by HideHiddenTests"


def test_the_leaking_learner_finds_at_most_the_assignments_seed(trip: RoundTrip) -> None:
    """``mistake`` prints every AUTOGRADER* variable from an answer cell. Stock autograde runs it in a kernel,
    whose output shows the assignment's derived seed and neither the course's secret nor another assignment's
    seed; the fast path runs it in the sandbox only, so the feedback shows nothing of it."""
    derived, other = str(assignment_seed(SEED, ASSIGNMENT)), str(assignment_seed(SEED, "week-2"))
    printed = [output.get("text", "") for cell in trip.stock_notebooks["mistake"].cells
               for output in cell.get("outputs", []) if "SEED-LEAK" in output.get("text", "")]
    assert len(printed) == 1 and derived in printed[0], printed
    assert str(SEED) not in printed[0] and other not in printed[0] and derived != str(SEED)
    [feedback] = trip.feedback_files("mistake")          # from the fast path, which ran last
    html = feedback.read_text(encoding="utf-8")
    assert "Task 2, visible checks" in html and "SEED-LEAK [" not in html and derived not in html   # its code only


def test_nothing_released_holds_a_solution_or_a_hidden_test(trip: RoundTrip) -> None:
    exchange = trip.exchange / "rnn-lstm-kit"
    released = [*(trip.course / "release").rglob("*"), *(exchange / "outbound").rglob("*")]
    feedback = [*(trip.course / "feedback").rglob("*"), *(exchange / "feedback").rglob("*"),
                *(trip.folder / "learners").rglob("feedback/**/*"),
                *(trip.folder / "learners").rglob("nbsupport.py")]
    read = {path: path.read_text(encoding="utf-8") for path in [*released, *feedback]
            if path.is_file() and path.suffix in (".ipynb", ".py", ".html")}
    assert {path.suffix for path in read} == {".ipynb", ".py", ".html"}
    assert (trip.course / "release" / ASSIGNMENT / "selfcheck" / "pack.npz").is_file()   # the visible checks' pack
    for path, text in read.items():
        secrets = ["BEGIN HIDDEN TESTS", "hidden_points", str(SEED)]
        if path in released:
            secrets += ["BEGIN SOLUTION", "np.exp(x - x.max(axis=axis, keepdims=True))"]
        for secret in secrets:
            assert secret not in text, f"{path} holds {secret!r}"


def test_the_released_notebook_runs_top_to_bottom_for_a_learner(trip: RoundTrip, tmp_path: Path) -> None:
    """A learner's first run of the released stubs: no error, nothing on stderr, every visible cell scores 0."""
    from nbclient import NotebookClient

    folder = tmp_path / ASSIGNMENT
    shutil.copytree(trip.course / "release" / ASSIGNMENT, folder)
    notebook = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    with environment(trip.env):
        client = NotebookClient(notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": str(folder)}})
        client.execute()
    for cell in notebook.cells:
        kinds = [(o.output_type, o.get("name")) for o in cell.get("outputs", [])]
        assert ("error", None) not in kinds and ("stream", "stderr") not in kinds, (cell.id, cell.outputs)
        match = TEST_CELL.match(grade_id(cell))
        if match and match["visibility"] == "visible":
            assert cell.outputs[-1].data["text/plain"] == "0.0" and "NOT ATTEMPTED" in cell.outputs[0].text
        elif match:
            assert kinds == []                       # a released hidden cell holds nothing to run
