"""The class roster: which folder of ROOT is which student, for the gradebook the institution imports.

``roster.csv`` has a header line and one row per student::

    folder,student_id,name,email
    ada,s1001,Ada Lovelace,ada@example.edu

``folder`` is the learner's folder name in ROOT (required, unique); ``student_id``,
``name`` and ``email`` are copied into the gradebook (each optional, empty if absent).
Other columns are ignored. The file may be UTF-8 with or without a BOM (Excel writes one).
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from autograder.runtime.errors import SubmissionError

FOLDER = "folder"
COLUMNS = ("student_id", "name", "email")
HEADINGS = ("student id", "name", "email")   # the gradebook's headings of COLUMNS


@dataclass(frozen=True)
class Roster:
    """Folder name -> (student id, name, email), in the roster's order."""

    entries: dict[str, tuple[str, ...]]
    headings: tuple[str, ...] = HEADINGS

    def cells(self, learner: str) -> list[str]:
        """The roster's cells of ``learner``'s row, empty if the folder is not on the roster."""
        return list(self.entries.get(learner, ("",) * len(COLUMNS)))

    def compare(self, folders: Collection[str]) -> tuple[list[str], list[str]]:
        """(roster folders without a submission, submitted folders not on the roster), each sorted."""
        return sorted(set(self.entries) - set(folders)), sorted(set(folders) - set(self.entries))


def load_roster(path: Path) -> Roster:
    """Read and validate ``path``; raises SubmissionError with a one-line message naming the fault."""
    path = Path(path)
    fix = f"see docs/instructors.md (Roster) for the format ({FOLDER},{','.join(COLUMNS)})"
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [(name or "").strip() for name in reader.fieldnames or []]
            rows = list(reader)
    except FileNotFoundError:
        raise SubmissionError(f"--roster '{path}' does not exist; give the roster's CSV file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise SubmissionError(f"cannot read --roster '{path}' ({getattr(err, 'strerror', None) or err}); "
                              "save it as a UTF-8 CSV file") from None
    if FOLDER not in header:
        raise SubmissionError(f"--roster '{path}' has no '{FOLDER}' column in its header line; {fix}")
    entries: dict[str, tuple[str, ...]] = {}
    for line, raw in enumerate(rows, start=2):
        row = {(key or "").strip(): value.strip() for key, value in raw.items() if isinstance(value, str)}
        folder = row.get(FOLDER, "")
        if not folder:
            raise SubmissionError(f"--roster '{path}', line {line}: the '{FOLDER}' cell is empty; {fix}")
        if folder in entries:
            raise SubmissionError(f"--roster '{path}', line {line}: folder {folder!r} is listed twice; "
                                  "keep one row per student")
        entries[folder] = tuple(row.get(column, "") for column in COLUMNS)
    if not entries:
        raise SubmissionError(f"--roster '{path}' lists no students; {fix}")
    return Roster(entries)
