"""The gradebook's files for the institution: the roster's edge cases (Unicode forms, semicolons, plurals) and
the exports Excel, Canvas and Moodle read."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from autograder.formats import gradebook
from autograder.formats.roster import load_roster, plural
from autograder.runtime.errors import SubmissionError
from autograder.runtime.model import CheckResult, Report, Status

NFC = unicodedata.normalize("NFC", "josé")
NFD = unicodedata.normalize("NFD", "josé")


def _report(learner: str, score: float) -> Report:
    check = CheckResult(name="a", task="1", max_points=10.0, points=score,
                        status=Status.PASSED if score else Status.FAILED, message="")
    return Report(submission=learner, results=[check])


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_an_nfd_folder_is_the_roster_s_nfc_student(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(f"folder,student_id,name,email\n{NFC},s7,José Ruiz,jose@uni.edu\n",
                                         encoding="utf-8")
    roster = load_roster(tmp_path / "roster.csv")
    assert NFC != NFD
    assert roster.compare([NFD]) == ([], [])
    assert roster.cells(NFD) == ["s7", "José Ruiz", "jose@uni.edu"]
    assert roster.compare(["ada"]) == ([NFC], ["ada"])


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_semicolon_or_tab_separated_roster_is_read(tmp_path: Path, delimiter: str) -> None:
    lines = ["folder", "student_id", "name", "email"], ["ada", "s1", "Lovelace, Ada", "ada@uni.edu"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(lines)
    (tmp_path / "roster.csv").write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    assert load_roster(tmp_path / "roster.csv").entries == {"ada": ("s1", "Lovelace, Ada", "ada@uni.edu")}


def test_a_roster_without_the_folder_column_still_says_so_with_semicolons(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("student_id;name\ns1;A\n")
    with pytest.raises(SubmissionError, match="no 'folder' column"):
        load_roster(tmp_path / "roster.csv")


def test_plurals() -> None:
    assert plural(1, "student") == "1 student" and plural(2, "folder") == "2 folders"
    assert plural(0, "entry", "entries") == "0 entries"


def test_the_excel_export_is_the_gradebook_with_a_bom(tmp_path: Path) -> None:
    reports = {NFC: _report(NFC, 10.0)}
    written = gradebook.write_exports(tmp_path, ["excel"], reports)
    data = (tmp_path / gradebook.EXPORTS["excel"]).read_bytes()
    assert written == [tmp_path / "gradebook-excel.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == gradebook.to_csv(reports)
    assert "josé".encode() in data and not gradebook.to_csv(reports).startswith("\ufeff")


def test_canvas_and_moodle_exports_follow_their_columns_keyed_on_the_roster(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(
        f"folder;student_id;name;email\n{NFC};s7;José Ruiz;jose@uni.edu\nada;s1;=cmd;ada@uni.edu\n"
        "kim;s3;Kim K;kim@uni.edu\n", encoding="utf-8")
    roster = load_roster(tmp_path / "roster.csv")
    reports = {NFD: _report(NFD, 10.0), "ada": _report("ada", 0.0), "stray": _report("stray", 10.0)}
    canvas = _rows(gradebook.to_canvas_csv(reports, roster))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", gradebook.ASSIGNMENT]
    assert canvas[1:] == [["José Ruiz", "", "s7", "", "", "10"], ["'=cmd", "", "s1", "", "", "0"],
                          ["Kim K", "", "s3", "", "", ""]]
    moodle = _rows(gradebook.to_moodle_csv(reports, roster))
    assert moodle[0] == ["ID number", "Email address", "Full name", gradebook.ASSIGNMENT]
    assert moodle[1:] == [["s7", "jose@uni.edu", "José Ruiz", "10"], ["s1", "ada@uni.edu", "'=cmd", "0"],
                          ["s3", "kim@uni.edu", "Kim K", ""]]
    with pytest.raises(ValueError, match="needs a roster"):
        gradebook.write_exports(tmp_path, ["canvas"], reports)
