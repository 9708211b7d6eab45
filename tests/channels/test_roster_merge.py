"""The gradebook an institution imports: roster columns, CSV-injection neutralised, and merges that refuse
what cannot be one class (the fake grader of test_channels; the real shards are in test_shards)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from test_channels import Recorder, read_gradebook, run, write_submission

from autograder.formats import gradebook
from autograder.grading.shards import shard_of

ROSTER = ("folder,student_id,name,email,section\n"
          "alice,s1,Alice A,alice@uni.edu,A\n"
          "carol,s3,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",carol@uni.edu,B\n"
          "dave,s4,Dave D,dave@uni.edu,A\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "class"
    for name in ("alice", "bob", "carol", "-2+3", "@sum"):
        write_submission(root / name, lstm="wrong")
    return root


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"u\")"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(cell: str) -> None:
    assert gradebook.neutralise(cell) == "'" + cell
    assert gradebook.neutralise("ada") == "ada" and gradebook.neutralise("78.19") == "78.19"


def test_the_roster_adds_its_columns_notes_the_mismatches_and_nothing_is_a_formula(root: Path, tmp_path: Path):
    """With --roster: student id, name, email after learner; a student with no folder gets a row with empty
    scores and a note; a folder not on the roster a note; no cell of the CSV starts like a formula."""
    (tmp_path / "roster.csv").write_text("\ufeff" + ROSTER)   # Excel's BOM
    code, stdout, err = run(["grade-class", root, "--out", tmp_path / "out", "--seed", 1,
                             "--roster", tmp_path / "roster.csv"], Recorder())
    assert code == 0, err
    assert "note: 1 student on the roster has no folder in ROOT: dave" in err
    assert "note: 3 folders of ROOT are not on the roster: -2+3, @sum, bob" in err
    rows = read_gradebook(tmp_path / "out" / "gradebook.csv")
    assert rows[0][:6] == ["learner", "student id", "name", "email", "total", "max"]
    by_learner = {row[0]: row for row in rows[1:]}
    assert by_learner["alice"][1:4] == ["s1", "Alice A", "alice@uni.edu"]
    assert by_learner["carol"][2] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert by_learner["'-2+3"][1:4] == ["", "", ""] and "'@sum" in by_learner
    assert by_learner["dave"][1:4] == ["s4", "Dave D", "dave@uni.edu"] and set(by_learner["dave"][4:]) == {""}
    assert by_learner["alice"][4:6] == ["80", "100"]
    assert not any(cell.startswith(gradebook.FORMULA_STARTS) for row in rows for cell in row)
    assert "s1" in stdout and "Alice A" in stdout      # the printed gradebook has the columns too


@pytest.mark.parametrize(("text", "message"), [
    ("student_id,name\ns1,A\n", "has no 'folder' column"),
    ("folder,name\nalice,A\nalice,B\n", "line 3: folder 'alice' is listed twice"),
    ("folder,name\n,A\n", "line 2: the 'folder' cell is empty"),
    ("folder,name\n", "lists no students"),
])
def test_a_roster_that_cannot_be_used_is_one_line_before_any_grading(root: Path, tmp_path: Path, text: str,
                                                                      message: str) -> None:
    (tmp_path / "roster.csv").write_text(text)
    recorder = Recorder()
    code, _, err = run(["grade-class", root, "--out", tmp_path / "out", "--roster", tmp_path / "roster.csv"],
                       recorder)
    assert code == 2 and message in err and len(err.splitlines()) == 1 and not recorder.calls


def _shards(root: Path, tmp_path: Path, count: int, seeds: dict[int, int] | None = None) -> list[Path]:
    outs = []
    for i in range(1, count + 1):
        out = tmp_path / f"shard{i}"
        seed = (seeds or {}).get(i, 1)
        code, _, err = run(["grade-class", root, "--out", out, "--seed", seed, "--shard", f"{i}/{count}"],
                           Recorder())
        assert code == 0, err
        outs.append(out)
    return outs


def test_merged_shards_give_the_gradebook_of_one_run_with_the_roster(root: Path, tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(ROSTER)
    assert run(["grade-class", root, "--out", tmp_path / "single", "--seed", 1, "--roster",
                tmp_path / "roster.csv"], Recorder())[0] == 0
    outs = _shards(root, tmp_path, 2)
    assert {shard_of(p.name, 2) for p in root.iterdir()} == {1, 2}
    code, stdout, err = run(["merge", *outs, "--out", tmp_path / "merged", "--roster", tmp_path / "roster.csv"],
                            Recorder())
    assert code == 0, err
    assert ((tmp_path / "merged" / "gradebook.csv").read_bytes()
            == (tmp_path / "single" / "gradebook.csv").read_bytes())
    assert "note: 1 student on the roster has no submission: dave" in err
    sources = json.loads((tmp_path / "merged" / "merge.json").read_text())["sources"]
    assert sources == {name: str(outs[shard_of(name, 2) - 1]) for name in ("-2+3", "@sum", "alice", "bob", "carol")}
    # merging again into an earlier merge is allowed; a learner gone from the class is gone from it
    shutil.rmtree(root / "bob")
    outs = _shards(root, tmp_path, 2)
    assert run(["merge", *outs, "--out", tmp_path / "merged"], Recorder())[0] == 0
    assert not (tmp_path / "merged" / "bob").exists()
    assert "bob" not in [row[0] for row in read_gradebook(tmp_path / "merged" / "gradebook.csv")]
    # the same OUT graded whole afterwards: no stale slice record for a merge to trust
    assert run(["grade-class", root, "--out", outs[0], "--seed", 1], Recorder())[0] == 0
    assert not (outs[0] / "shard.json").exists()


def test_a_merge_refuses_overlaps_mixed_seeds_and_a_folder_not_its_own(root: Path, tmp_path: Path) -> None:
    """Nothing is written when a learner is in two outputs, the outputs used different seeds, or --out holds
    something else; each is one line on stderr and exit 2."""
    outs = _shards(root, tmp_path, 2, seeds={2: 7})
    unsharded = tmp_path / "all"
    assert run(["grade-class", root, "--out", unsharded, "--seed", 1], Recorder())[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    cases = [
        ([outs[0], unsharded], tmp_path / "m1", "graded in more than one output"),
        (outs, tmp_path / "m2", "graded with different seeds"),
        ([outs[0]], other, "holds files that are not an earlier merge"),
        ([outs[0]], outs[0] / "inside", "overlaps the output"),
    ]
    for sources, dest, message in cases:
        code, _, err = run(["merge", *sources, "--out", dest], Recorder())
        assert code == 2 and message in err and len(err.splitlines()) == 1, err
        assert not (dest / "gradebook.csv").exists()
    assert (other / "keep.txt").read_text() == "mine"


def test_exports_for_excel_canvas_and_moodle_and_an_nfd_folder_on_the_roster(tmp_path: Path) -> None:
    """--export writes each file beside the unchanged gradebook.csv; an NFD folder is the roster's NFC student
    (no note about it); canvas without --roster is one line before any grading."""
    import unicodedata
    nfc, nfd = unicodedata.normalize("NFC", "josé"), unicodedata.normalize("NFD", "josé")
    root = tmp_path / "class"
    write_submission(root / nfd, lstm="wrong")
    write_submission(root / "alice")
    (tmp_path / "roster.csv").write_text(f"folder;student_id;name;email\n{nfc};s9;José R;j@uni.edu\n"
                                         "alice;s1;Alice A;a@uni.edu\n", encoding="utf-8")
    recorder = Recorder()
    code, _, err = run(["grade-class", root, "--out", tmp_path / "bad", "--export", "canvas"], recorder)
    assert code == 2 and "--export canvas needs --roster" in err and not recorder.calls
    code, stdout, err = run(["grade-class", root, "--out", tmp_path / "out", "--roster", tmp_path / "roster.csv",
                             "--export", "excel", "--export", "canvas", "--export", "moodle"], Recorder())
    assert code == 0, err
    assert "roster" not in err                         # José is on it, in either form
    out = tmp_path / "out"
    plain = (out / "gradebook.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert (out / "gradebook-excel.csv").read_bytes() == b"\xef\xbb\xbf" + plain
    canvas = read_gradebook(out / "canvas.csv")
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1] == ["José R", "", "s9", "", "", "80"] and canvas[2][2] == "s1"
    moodle = read_gradebook(out / "moodle.csv")
    assert moodle[1][:3] == ["s9", "j@uni.edu", "José R"] and moodle[1][3] == "80"
    assert f"wrote {out / 'canvas.csv'}" in stdout
    outs = _shards(root, tmp_path, 2)
    assert run(["merge", *outs, "--out", tmp_path / "merged", "--roster", tmp_path / "roster.csv",
                "--export", "moodle"], Recorder())[0] == 0
    assert (tmp_path / "merged" / "moodle.csv").read_bytes() == (out / "moodle.csv").read_bytes()


def test_the_roster_only_student_is_in_the_table_and_on_the_dashboard_and_merge_renders_html_shards(
        root: Path, tmp_path: Path) -> None:
    """dave (on the roster, no folder) is a row of the printed table and on the dashboard; a merge of shards
    graded with --html writes every learner's page and the dashboard, with dave on it."""
    (tmp_path / "roster.csv").write_text(ROSTER)
    code, stdout, err = run(["grade-class", root, "--out", tmp_path / "single", "--seed", 1, "--html",
                             "--roster", tmp_path / "roster.csv"], Recorder())
    assert code == 0, err
    assert any(line.split()[:2] == ["dave", "s4"] for line in stdout.splitlines())
    assert "dave" in (tmp_path / "single" / "index.html").read_text()
    assert err.count("Sandbox: isolation ") == 1       # what the sandbox enforces here, said at every class run
    assert "Sandbox on the grading machine" in (tmp_path / "single" / "index.html").read_text()
    outs = []
    for i in (1, 2):
        outs.append(tmp_path / f"html{i}")
        assert run(["grade-class", root, "--out", outs[-1], "--seed", 1, "--shard", f"{i}/2", "--html"],
                   Recorder())[0] == 0
    code, stdout, err = run(["merge", *outs, "--out", tmp_path / "merged", "--roster", tmp_path / "roster.csv"],
                            Recorder())
    assert code == 0, err
    merged = tmp_path / "merged"
    assert sorted(p.parent.name for p in merged.glob("*/report.html")) == ["-2+3", "@sum", "alice", "bob", "carol"]
    dashboard = (merged / "index.html").read_text()
    assert "5 learners graded" in dashboard and "dave" in dashboard
    assert dashboard.count("<li>Sandbox: isolation ") == 1    # the shards' machines: the same, said once
    assert any(line.split()[:2] == ["dave", "s4"] for line in stdout.splitlines())
    # shards graded without --html: no pages unless asked for
    assert run(["merge", *_shards(root, tmp_path, 2), "--out", tmp_path / "plain"], Recorder())[0] == 0
    assert not (tmp_path / "plain" / "index.html").exists()
    assert run(["merge", *_shards(root, tmp_path, 2), "--out", tmp_path / "plain", "--html"], Recorder())[0] == 0
    assert (tmp_path / "plain" / "index.html").is_file()
    assert run(["render", tmp_path / "plain", "--roster", tmp_path / "roster.csv"], Recorder())[0] == 0
    assert "dave" in (tmp_path / "plain" / "index.html").read_text()


def test_the_roster_fills_nbgraders_student_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`nbgrader-autograde --roster`: the formgrader shows each student's name and email (not "None, None"),
    the roster's id as the LMS id, a name in NFD written as the roster writes it, and a one-word name whole."""
    from nbgrader.api import Gradebook

    from autograder.channels.nbgrade import record_roster
    from autograder.formats.roster import load_roster

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")   # nbgrader's alembic
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text("c = get_config()\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("folder;student_id;name;email\nada;s1;Ada King Lovelace;ada@x.edu\njose;s2;José;\n",
                      encoding="utf-8")
    record_roster(course, load_roster(roster))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        ada, jose = gradebook.find_student("ada"), gradebook.find_student("jose")
        assert (ada.first_name, ada.last_name, ada.email, ada.lms_user_id) == ("Ada King", "Lovelace", "ada@x.edu",
                                                                              "s1")
        assert (jose.first_name, jose.last_name, jose.email, jose.lms_user_id) == ("José", None, None, "s2")
