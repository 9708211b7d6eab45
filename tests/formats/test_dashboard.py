"""The class dashboard tells the truth: statistics over the learners graded, the others counted apart (an
empty folder, a roster-only student), and who failed each check."""

from __future__ import annotations

import re
from pathlib import Path

from test_html import make_report, write_out

from autograder.formats.dashboard import ABSENT, SIMILAR_ROWS, dashboard_page, render_folder
from autograder.runtime.model import CheckResult, Report, Status

NOTHING = "no exercise module found in ../class1/kim: expected files such as activations.py, ..."


def empty_report(name: str) -> Report:
    """What the engine gives a folder without any module: every check not attempted, the error set."""
    checks = [CheckResult(f"check {k}", "1", 10.0, 0.0, Status.NOT_ATTEMPTED, f"not attempted: {NOTHING}")
              for k in range(3)]
    return Report(name, checks, 0.0, error=NOTHING)


def test_statistics_count_only_the_learners_graded_and_the_others_apart() -> None:
    reports = {"ann": make_report("ann"), "bo": make_report("bo", wrong=True), "kim": empty_report("kim")}
    page = dashboard_page(reports, not_graded={"lee": "the autograder failed on it"}, absent=["zoe"])
    # ann 20 of 45, bo 0: the mean of the two graded; kim's zero is not in it
    assert "2 learners graded: mean 10, median 10 of 45" in page
    assert "3 not graded</a>, not counted in these statistics" in page
    not_graded = page[page.index('id="not-graded"'):page.index("</table>", page.index('id="not-graded"'))]
    assert "zoe" in not_graded and ABSENT in not_graded
    assert "kim" in not_graded and "lee" in not_graded
    assert "check 0" not in page          # kim's not-attempted checks are in no per-check statistic


def test_each_check_links_to_the_learners_who_did_not_pass_it() -> None:
    page = dashboard_page({"ann": make_report("ann"), "bo b": make_report("bo b", wrong=True),
                           "cy": make_report("cy", wrong=True)})
    row = re.search(r"<td>encode \(fixed inputs\)</td>.*?</tr>", page, re.S)
    assert row is not None
    assert re.findall(r'href="([^"]+)"', row.group(0)) == ["bo%20b/report.html", "cy/report.html"]
    assert "2 learners</summary>" in row.group(0)


def test_render_folder_lists_the_roster_only_student(tmp_path: Path) -> None:
    out = write_out(tmp_path / "out", [make_report("ann")])
    render_folder(out, absent=["zoe"])
    dashboard = (out / "index.html").read_text()
    assert "zoe" in dashboard and ABSENT in dashboard and "1 not graded" in dashboard


def test_a_learner_page_says_the_submission_error_once_and_without_the_instructor_s_path() -> None:
    from autograder.formats.html import learner_page
    from autograder.runtime.text import to_jsonable

    page = learner_page(to_jsonable(empty_report("kim").to_dict()))
    assert "../class1" not in page and "class1/kim" not in page
    assert page.count("no exercise module found") == 1
    assert "no exercise module found in your submission: expected files such as activations.py" in page


def test_the_render_line_counts_in_the_singular_too() -> None:
    from autograder.formats.dashboard import RenderSummary

    assert RenderSummary(pages=["ann"]).line(Path("out")) == "wrote 1 learner page and out/index.html"
    assert RenderSummary(pages=["ann", "bo"]).line(Path("out")).startswith("wrote 2 learner pages and")


def test_the_dashboard_shows_each_distinct_sandbox_of_the_grading_machines() -> None:
    page = dashboard_page({}, sandbox=[{"sentence": "Sandbox: isolation process; not enforced: uid."},
                                       {"sentence": "Sandbox: isolation namespace+user; not enforced: memory.max."}])
    assert "Sandbox on the grading machine" in page and "not enforced: uid." in page and "namespace+user" in page
    assert "Sandbox on the grading machine" not in dashboard_page({})


def test_the_dashboard_lists_the_similar_pairs_linked_to_their_side_by_side() -> None:
    pairs = [{"module": "rnn_cell", "learners": ["ann", "bob"], "similarity": [0.91, 0.88]}]
    page = dashboard_page({}, similar=pairs)
    assert 'href="similarity.html#pair-1">ann &amp; bob</a>' in page and "91% / 88%" in page
    assert "No pair above the threshold" in dashboard_page({}, similar=[])
    many = [{"module": "m", "learners": [f"a{i}", f"b{i}"], "similarity": [0.9, 0.9]} for i in range(SIMILAR_ROWS + 7)]
    page = dashboard_page({}, similar=many)
    assert f"#pair-{SIMILAR_ROWS}\"" in page and f"#pair-{SIMILAR_ROWS + 1}\"" not in page
    assert "and 7 more pairs (less similar) on" in page
    assert "Similar code" not in dashboard_page({})


def test_render_folder_shows_the_similarity_run_into_the_class_output(tmp_path: Path) -> None:
    out = write_out(tmp_path / "out", [make_report("ann")])
    (out / "similarity.json").write_text('[{"module": "m", "learners": ["ann", "cy"], "similarity": [0.9, 0.9]}]')
    render_folder(out)
    assert 'href="similarity.html#pair-1">ann &amp; cy</a>' in (out / "index.html").read_text()
