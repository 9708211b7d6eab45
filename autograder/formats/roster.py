"""The class roster: which folder of ROOT is which student, for the gradebook the institution imports.

``roster.csv`` has a header line and one row per student::

    folder,student_id,name,email
    ada,s1001,Ada Lovelace,ada@example.edu

``folder`` is the learner's folder name in ROOT (required, unique); ``student_id``,
``name`` and ``email`` are copied into the gradebook (each optional, empty if absent).
Other columns are ignored. The file may be UTF-8 with or without a BOM (Excel writes one), and
separated by commas, semicolons (what Excel writes where the decimal separator is a comma) or
tabs: the separator is the one the header line uses most. Folder names are compared in Unicode's
NFC form, so a folder named in NFD (macOS, some zip tools) is the same student as the roster's.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from autograder.runtime.errors import SubmissionError

FOLDER = "folder"
COLUMNS = ("student_id", "name", "email")
HEADINGS = ("student id", "name", "email")   # the gradebook's headings of COLUMNS
DELIMITERS = (",", ";", "\t")


def same_name(name: str) -> str:
    """``name`` in Unicode's NFC form: the key folders and roster rows are compared by."""
    return unicodedata.normalize("NFC", name)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 student``, ``2 students`` (``words``: the plural when it is not ``word + "s"``)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


@dataclass(frozen=True)
class Roster:
    """Folder name -> (student id, name, email), in the roster's order."""

    entries: dict[str, tuple[str, ...]]      # keyed by the folder name in NFC form
    headings: tuple[str, ...] = HEADINGS

    def cells(self, learner: str) -> list[str]:
        """The roster's cells of ``learner``'s row, empty if the folder is not on the roster."""
        return list(self.entries.get(same_name(learner), ("",) * len(COLUMNS)))

    def holds(self, learner: str) -> bool:
        """Whether the folder ``learner`` (in any Unicode normal form) is on the roster."""
        return same_name(learner) in self.entries

    def compare(self, folders: Collection[str]) -> tuple[list[str], list[str]]:
        """(roster folders without a submission, submitted folders not on the roster), each sorted; names
        are compared in NFC form, and each is given as it is written (on the roster, in ROOT)."""
        present = {same_name(folder) for folder in folders}
        return (sorted(name for name in self.entries if name not in present),
                sorted(folder for folder in folders if not self.holds(folder)))


def load_roster(path: Path) -> Roster:
    """Read and validate ``path``; raises SubmissionError with a one-line message naming the fault."""
    path = Path(path)
    fix = f"see docs/instructors.md (Roster) for the format ({FOLDER},{','.join(COLUMNS)})"
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            reader = csv.DictReader(handle, delimiter=max(DELIMITERS, key=first.count))
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
        folder = same_name(row.get(FOLDER, ""))
        if not folder:
            raise SubmissionError(f"--roster '{path}', line {line}: the '{FOLDER}' cell is empty; {fix}")
        if folder in entries:
            raise SubmissionError(f"--roster '{path}', line {line}: folder {folder!r} is listed twice; "
                                  "keep one row per student")
        entries[folder] = tuple(row.get(column, "") for column in COLUMNS)
    if not entries:
        raise SubmissionError(f"--roster '{path}' lists no students; {fix}")
    return Roster(entries)
