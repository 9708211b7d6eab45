"""Tests of the HTML feedback: the learner's page, the class dashboard, ``render`` and the ``--html`` options.

Reports are built here (with hidden checks whose messages carry unique markers, integrity
flags, loss curves, a named mistake), so each test can grep the pages for exactly what
must or must not be on them; one test grades a real example learner.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest
from markupsafe import escape
from PIL import Image

from autograder.channels import cli
from autograder.formats import gradebook
from autograder.formats.dashboard import dashboard_page, render_folder
from autograder.formats.gradescope import to_gradescope
from autograder.formats.html import learner_page
from autograder.grading.grader import DEFAULT_SEED
from autograder.runtime.judges.arrays import excerpt
from autograder.runtime.manifest import ROOT
from autograder.runtime.model import REPORT_VERSION, CheckResult, Report, ReportFormatError, Status
from autograder.runtime.terminal import format_report
from autograder.runtime.text import to_jsonable

SECRET = "HIDDEN-7f3a"          # in every hidden check's message and diagnostics: must never reach a learner
FLAG = "FLAG-b91c"              # in every integrity flag's detail: instructor only
EPOCHS = 150


def curves(offset: float = 0.0) -> dict:
    torch = [1.4 * 0.97**k + 0.25 for k in range(EPOCHS)]
    return {"your_train_loss": [x + offset * k for k, x in enumerate(torch)], "torch_train_loss": torch,
            "floor": 0.25, "torch_val_loss": 0.26, "your_val_loss": 0.26 + offset * 100}


def make_report(name: str, *, wrong: bool = False, flags: int = 0, message: str = "") -> Report:
    """Four checks: task 1 visible and hidden (hidden ones carry SECRET), task 8's convergence, task 6 hidden."""
    status = Status.FAILED if wrong else Status.PASSED
    visible_message = message or ("lstm_forward: relative error 4.9e-01\nLikely mistake: gates in the wrong order"
                                  if wrong else "passed")
    results = [
        CheckResult("encode (fixed inputs)", "1", 5.0, 0.0 if wrong else 5.0, status, visible_message, "visible",
                    {"mistake": "gates-order-ifgo"} if wrong else {}),
        CheckResult("encode (hidden inputs)", "1", 5.0, 0.0, Status.FAILED,
                    f"encode: expected {SECRET}-output, got 3", "hidden", {"input": f"{SECRET}-input"}),
        CheckResult("convergence: your LSTM trains like torch.nn.LSTM", "8", 15.0, 0.0 if wrong else 15.0,
                    status, "your training loss leaves PyTorch's" if wrong else "passed", "visible",
                    curves(0.01 if wrong else 0.0)),
        CheckResult("lstm_backward (hidden inputs)", "6", 20.0, 0.0, Status.TIMEOUT,
                    f"ran past 2 s on {SECRET}-case", "hidden", {"output": f"printed {SECRET}"}),
    ]
    integrity = [{"kind": "blocked-import", "check": "encode (fixed inputs)", "detail": f"import torch {FLAG}"}
                 for _ in range(flags)]
    return Report(name, results, 1.5, integrity=integrity)


def report_json(report: Report) -> dict:
    return to_jsonable(report.to_dict())


def write_out(out: Path, reports: list[Report]) -> Path:
    """An OUT folder as grade-class leaves it: <learner>/report.json (with metadata) for each report."""
    for report in reports:
        (out / report.submission).mkdir(parents=True)
        data = {**report_json(report), "metadata": {"graded_at": "2026-01-01T00:00:00+00:00"}}
        (out / report.submission / "report.json").write_text(json.dumps(data))
    return out


def images(page: str) -> list[Image.Image]:
    """Every embedded picture of the page, decoded (a broken PNG raises)."""
    found = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    return [Image.open(io.BytesIO(base64.b64decode(data))) for data in found]


# ---------------------------------------------------------------- the learner's page

def test_before_release_the_page_holds_no_hidden_check_and_after_release_it_does() -> None:
    """Are hidden checks' names, messages, inputs and printed output absent before release, present after?"""
    data = report_json(make_report("ann", wrong=True))
    before, after = learner_page(data), learner_page(data, released=True)
    assert SECRET not in before and "hidden inputs" not in before
    assert "2 hidden checks" in before and "Visible checks: 0 / 20 points" in before
    assert after.count(SECRET) >= 3 and "encode (hidden inputs)" in after   # the grep above can fail
    assert "0 / 45 points" in after


def test_the_page_shows_status_message_diagnosis_and_points_per_task() -> None:
    page = learner_page(report_json(make_report("ann", wrong=True)))
    assert "Task 1: Data and encoding" in page and "Task 8: Training loop and text generation" in page
    assert "Likely mistake: gates in the wrong order" in page and ">gates-order-ifgo<" in page
    assert page.count('class="badge failed"') == 2


def test_the_convergence_check_is_a_plot_of_both_curves_embedded_as_png() -> None:
    """Does the convergence check come with a real PNG (decodable, non-empty), and only that check?"""
    page = learner_page(report_json(make_report("ann")))
    (image,) = images(page)
    assert image.format == "PNG" and image.width > 500 and image.height > 100
    no_curves = make_report("ann")
    no_curves.results[2].diagnostics = {}
    assert images(learner_page(report_json(no_curves))) == []


@pytest.mark.parametrize(("val", "yours"), [(1.26, "yours 1.2600"), ("nan", "yours not a finite number"),
                                            (None, "yours not computed (training failed first)")])
def test_the_convergence_plots_alt_text_states_the_final_validation_losses(val, yours: str) -> None:
    """The picture's text alternative says what its validation panel draws: the learner's final validation loss,
    PyTorch's and the floor, as numbers, with the margins allowed."""
    report = make_report("ann", wrong=True)
    diagnostics = report.results[2].diagnostics
    report.results[2].diagnostics = {**diagnostics, "your_val_loss": val} if val is not None else {
        key: value for key, value in diagnostics.items() if key != "your_val_loss"}
    (alt,) = [html.unescape(text) for text in re.findall(r'<img src="data:image/png;[^"]*" alt="([^"]*)"',
                                                          learner_page(report_json(report)))]
    assert (f"Validation loss after training, in nats per token (right-hand chart): {yours}, PyTorch's 0.2600, "
            "the Bayes floor 0.2500; yours must be within 0.02 of PyTorch's and at most 0.05 above the floor.") in alt


@pytest.mark.parametrize("losses", [["nan", None, "x", 1e308, -1], [], "not a list", [float("inf")] * 3])
def test_unusable_losses_from_the_learner_still_give_a_page(losses) -> None:
    report = make_report("ann", wrong=True)
    report.results[2].diagnostics = {**curves(), "your_train_loss": losses, "your_val_loss": "nan"}
    assert len(images(learner_page(report_json(report)))) == 1


def test_integrity_flags_are_never_on_the_learners_page() -> None:
    data = report_json(make_report("ann", flags=2))
    assert FLAG in json.dumps(data)
    for released in (False, True):
        page = learner_page(data, released=released)
        assert FLAG not in page and "blocked-import" not in page


def test_text_from_the_learner_is_escaped() -> None:
    """A message or folder name with markup shows as text: it cannot inject a script into the page."""
    report = make_report("<b>ann</b>", wrong=True, message='<script>alert("x")</script> & <img src=x>')
    page = learner_page(report_json(report))
    assert "<script>" not in page and "<img src=x>" not in page and "<b>ann" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x&gt;" in page


def test_a_page_is_a_pure_function_of_report_json() -> None:
    """The same dictionary gives the same bytes (no clock, no version stamp in the PNGs); another differs."""
    data = report_json(make_report("ann", wrong=True))
    assert learner_page(json.loads(json.dumps(data))) == learner_page(data)
    assert learner_page(report_json(make_report("ann"))) != learner_page(data)


@pytest.mark.parametrize("data", [{**report_json(make_report("ann")), "version": REPORT_VERSION + 1},
                                  {"submission": "ann"}, ["not", "a", "report"],
                                  {**report_json(make_report("ann")), "results": [
                                      {**report_json(make_report("ann"))["results"][0], "points": "10"}]}])
def test_a_report_of_another_version_or_shape_is_refused_with_the_reason(data) -> None:
    with pytest.raises(ReportFormatError, match="version|not a report|JSON object"):
        learner_page(data)


def test_report_json_says_its_schema_version() -> None:
    assert make_report("ann").to_dict()["version"] == REPORT_VERSION == 1


# ---------------------------------------------------------------- the dashboard and the gradebook

def test_the_dashboard_shows_flags_diagnoses_limits_and_links() -> None:
    reports = {"ann": make_report("ann", wrong=True, flags=2), "bo b#1": make_report("bo b#1"),
               "cy": make_report("cy", wrong=True)}
    page = dashboard_page(reports)
    assert page.count(FLAG) == 2 and "blocked-import" in page                      # integrity: ann's two flags
    assert re.search(r">gates-order-ifgo<.*?>2<.*?ann, cy", page, re.S)             # the diagnosis, and who
    assert page.count("lstm_backward (hidden inputs)") == 4                         # 3 timeouts + the check row
    assert 'href="bo%20b%231/report.html"' in page and 'href="ann/report.html"' in page
    assert "3 learners graded: mean 6.67, median 0 of 45" in page
    assert len(images(page)) == 1
    reports["ann"].integrity.append({"detail": "no kind"})          # a hand-edited report.json
    assert "no kind" in dashboard_page(reports)


def test_the_gradebook_has_an_integrity_column_with_counts() -> None:
    report = make_report("ann", flags=2)
    report.integrity.append({"kind": "forced-exit", "check": "c", "detail": "sys.exit(0)"})
    header, ann, bo = gradebook.to_csv({"ann": report, "bo": make_report("bo")}).splitlines()
    assert header.endswith(",integrity")
    assert ann.endswith(",blocked-import x2; forced-exit") and bo.endswith(",")


@pytest.mark.slow
def test_render_writes_every_page_and_drops_the_page_of_a_report_gone(tmp_path: Path) -> None:
    out = write_out(tmp_path / "out", [make_report("ann", wrong=True, flags=1), make_report("bob")])
    (out / "cy").mkdir()
    (out / "cy" / "report.json").write_text("{not json")
    (out / "cy" / "report.html").write_text("stale")
    summary = render_folder(out)
    assert summary.pages == ["ann", "bob"] and list(summary.unreadable) == ["cy"]
    assert not (out / "cy" / "report.html").exists()
    dashboard = (out / "index.html").read_text()
    assert "cy" in dashboard and "report.json is missing or unusable" in dashboard
    for name in ("ann", "bob"):
        assert (out / name / "report.html").read_text() == learner_page(
            json.loads((out / name / "report.json").read_text()))
    assert FLAG not in (out / "ann" / "report.html").read_text() and FLAG in dashboard


@pytest.mark.slow
def test_the_pages_are_self_contained(tmp_path: Path) -> None:
    """No stylesheet, script or picture is fetched: every src is a data URI, every link a learner's page."""
    out = write_out(tmp_path / "out", [make_report("ann", wrong=True, flags=1), make_report("bob")])
    render_folder(out)
    for page in [out / "index.html", *out.glob("*/report.html")]:
        text = page.read_text()
        assert "<link" not in text and "<script" not in text and "url(" not in text
        assert all(src.startswith("data:image/png;base64,") for src in re.findall(r'src="([^"]*)"', text))
        for href in re.findall(r'href="([^"]*)"', text):
            assert (page.parent / unquote(href)).is_file(), href


# ---------------------------------------------------------------- the command line

class FixedGrader:
    """Grader's interface; each learner folder's report is make_report(name, wrong=<a file 'wrong' exists>)."""

    def __init__(self, calls: list[str], seed: int = DEFAULT_SEED, visibility: str = "all",
                 isolation: str = "auto", hide: tuple[Path, ...] = ()) -> None:
        self.calls, self.seed, self.visibility, self.isolation = calls, seed, visibility, isolation
        self.lock = threading.Lock()

    def grade(self, submission: Path, name: str | None = None) -> Report:
        with self.lock:
            self.calls.append(name or submission.name)
        report = make_report(name or submission.name, wrong=(submission / "wrong").exists(), flags=1)
        if self.visibility == "visible":
            report.results = [r for r in report.results if r.visibility == "visible"]
        return report


def run(argv: list, calls: list[str] | None = None) -> tuple[int, str, str]:
    calls = [] if calls is None else calls
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], grader_factory=lambda **o: FixedGrader(calls, **o), stdout=out,
                    stderr=err, environ={"AUTOGRADER_SEED": "5"})
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def klass(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "class"
    for name in ("ann", "bob"):
        (root / name).mkdir(parents=True)
        (root / name / "data.py").write_text("x = 1\n")
    (root / "ann" / "wrong").write_text("")
    return root, tmp_path / "out"


@pytest.mark.slow
def test_grade_class_html_writes_the_pages_and_a_rerun_rewrites_the_dashboard(klass) -> None:
    root, out = klass
    calls: list[str] = []
    code, stdout, _ = run(["grade-class", root, "--out", out, "--jobs", "1", "--html"], calls)
    assert code == 0 and sorted(calls) == ["ann", "bob"]
    assert f"wrote 2 learner pages and {out / 'index.html'}" in stdout
    pages = {path: path.read_bytes() for path in [out / "index.html", *out.glob("*/report.html")]}
    assert len(pages) == 3 and SECRET not in (out / "ann" / "report.html").read_text()
    (out / "index.html").unlink()
    (out / "bob" / "report.html").write_text("edited")
    assert run(["grade-class", root, "--out", out, "--jobs", "1", "--html"], calls)[0] == 0
    assert sorted(calls) == ["ann", "bob"]                         # nothing graded again ...
    assert {path: path.read_bytes() for path in pages} == pages    # ... every page written again, the same


@pytest.mark.slow
def test_render_rewrites_the_pages_of_grade_class_and_can_release_the_hidden_checks(klass) -> None:
    root, out = klass
    assert run(["grade-class", root, "--out", out, "--html"])[0] == 0
    first = {path: path.read_bytes() for path in [out / "index.html", *out.glob("*/report.html")]}
    shutil.rmtree(root)                                            # render needs report.json alone
    for path in first:
        path.unlink()
    code, stdout, stderr = run(["render", out])
    assert (code, stderr) == (0, "") and "wrote 2 learner pages" in stdout
    assert {path: path.read_bytes() for path in first} == first
    assert run(["render", out, "--released"])[0] == 0
    assert SECRET in (out / "ann" / "report.html").read_text()


def test_grade_and_check_write_the_page_asked_for(tmp_path: Path, klass) -> None:
    root, _ = klass
    code, stdout, _ = run(["grade", root / "ann", "--out", tmp_path / "r.json", "--html", tmp_path / "ann.html"])
    assert code == 0 and f"wrote {tmp_path / 'ann.html'}" in stdout
    page = (tmp_path / "ann.html").read_text()
    assert "Feedback for ann" in page and SECRET not in page and FLAG not in page
    assert run(["check", root / "bob", "--html", tmp_path / "bob.html"])[0] == 0
    assert "Self-check of" in (tmp_path / "bob.html").read_text()


@pytest.mark.parametrize("case", ["--html is --out", "--html is a folder", "folder of --html missing",
                                  "OUT/index.html is a folder", "render: no reports", "render: missing DIR"])
def test_unusable_html_options_are_one_line_and_exit_2(tmp_path: Path, klass, case: str) -> None:
    root, out = klass
    (tmp_path / "busy" / "index.html").mkdir(parents=True)
    argv = {
        "--html is --out": ["grade", root / "ann", "--out", tmp_path / "r.json", "--html", tmp_path / "r.json"],
        "--html is a folder": ["grade", root / "ann", "--out", tmp_path / "r.json", "--html", tmp_path],
        "folder of --html missing": ["check", root / "ann", "--html", tmp_path / "nope" / "p.html"],
        "OUT/index.html is a folder": ["grade-class", root, "--out", tmp_path / "busy", "--html"],
        "render: no reports": ["render", root],
        "render: missing DIR": ["render", tmp_path / "nope"],
    }[case]
    calls: list[str] = []
    code, stdout, stderr = run(argv, calls)
    assert code == 2 and calls == [] and stdout == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error: ") and "; " in stderr, stderr


@pytest.mark.slow
def test_a_real_learners_page_before_release_holds_no_hidden_checks_message(tmp_path: Path, make_grader) -> None:
    """bob (examples/): grade with the real grader; no hidden check's message or name is on his page."""
    report = make_grader().grade(ROOT / "examples" / "submissions" / "bob", "bob")
    hidden = [check for check in report.results if check.visibility == "hidden"]
    assert any(check.status is not Status.PASSED for check in hidden)
    page = learner_page(report_json(report))
    for check in hidden:
        assert check.name not in page
        for line in check.message.splitlines():
            if check.status is not Status.PASSED and not _also_visible(report, line):
                assert str(escape(line)) not in page and line not in page, line
    arrays = [c for c in report.results if c.visibility == "visible" and "array" in c.diagnostics]
    assert arrays and len(images(page)) == 1 + len(arrays)    # the convergence plot, each failing array's map


def _also_visible(report: Report, line: str) -> bool:
    """Whether a visible check says the same line (a mistake's explanation is the same on both)."""
    return any(line in check.message for check in report.results if check.visibility == "visible")


# ---------------------------------------------------------------- a failing array, small

def padded_batch() -> tuple[np.ndarray, np.ndarray]:
    want = np.random.default_rng(0).standard_normal((3, 4, 5))
    mask = np.ones((3, 4), dtype=bool)
    mask[0, 2:] = mask[2, 3:] = False
    want[~mask] = 0.0
    return want, mask


@pytest.mark.parametrize(("where", "expected"), [
    ("padded", "wrong only at padded positions (mask False)"), ("valid", "wrong only at valid positions (mask True)"),
    ("both", "wrong at valid and padded positions")])
def test_a_failing_array_says_where_it_is_wrong_against_the_mask(where: str, expected: str) -> None:
    want, mask = padded_batch()
    got = want.copy()
    if where in ("padded", "both"):
        got[~mask] = 0.3
    if where in ("valid", "both"):
        got[1, 1, 2] += 1.0
    array = excerpt((1.0, got), (1.0, want), "cross_entropy", masks=[np.zeros(3), mask])
    assert array["name"] == "cross_entropy[1]" and array["shape"] == [3, 4, 5] and array["where"] == expected
    assert array["wrong_entries"] == {"padded": 15, "valid": 1, "both": 16}[where]
    assert array["mask"] == mask.tolist() and len(array["error_map"]) == 3 and len(array["error_map"][0]) == 4
    worst = array["worst"][0]
    assert worst["got"] == float(f"{got[tuple(worst['index'])]:.6g}") != worst["expected"]


def test_no_array_excerpt_for_a_right_value_or_one_that_is_not_a_float_array() -> None:
    want, _ = padded_batch()
    assert excerpt(want.copy(), want, "x") is None
    assert excerpt("a string", want, "x") is None and excerpt(want[:2], want, "x") is None   # wrong type, shape
    assert excerpt({"a": 1}, {"a": np.arange(3)}, "x") is None                              # ints: exact only


def test_the_failing_array_is_drawn_on_the_page_and_kept_out_of_the_text_channels() -> None:
    want, mask = padded_batch()
    got = want.copy()
    got[~mask] = 0.3
    report = make_report("ann")
    report.results[0] = CheckResult("cross_entropy (fixed inputs)", "2", 10.0, 0.0, Status.FAILED, "dscores wrong",
                                    "visible", {"array": excerpt(got, want, "dscores", masks=[mask])})
    page = learner_page(report_json(report))
    assert "wrong only at padded positions (mask False)" in page and "15 of 60 entries wrong" in page
    assert len(images(page)) == 2                   # the error map, beside the convergence plot
    assert "wrong only at padded" not in format_report(report)
    assert "wrong only at padded" not in json.dumps(to_gradescope(report))
