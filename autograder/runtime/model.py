"""The result model: what grading one submission produced, independent of any channel.

Serialisers (``autograder/formats/``) turn a :class:`Report` into each channel's
format: a terminal summary, Gradescope's ``results.json``, a gradebook row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

# The version of the schema of Report.to_dict() (report.json, docs/report-json.md): raised when a field
# changes meaning or goes away, so that the pages rendered from it can refuse what they cannot read.
REPORT_VERSION = 1


class Status(str, Enum):  # noqa: UP042 - not StrEnum: the learner release's checker runs on Python 3.9 too
    """How one check ended."""

    def __str__(self) -> str:
        return self.value

    PASSED = "passed"
    FAILED = "failed"                  # ran, and the answer is wrong
    NOT_ATTEMPTED = "not attempted"    # the stub still raises NotImplementedError (or the module is missing)
    ERROR = "error"                    # the learner's code raised, crashed or returned something unusable
    TIMEOUT = "timeout"                # the learner's code ran past its time limit


#: The message of a check that passed with nothing to add: channels show a passed check's message when it differs.
PASSED_MESSAGE = "passed"


@dataclass
class CheckResult:
    """The verdict of one check.

    - name: unique within a grading run, e.g. "lstm_backward: gradients through time (fixed inputs)"
    - task: the task id from the manifest
    - max_points / points: the check's weight and what it earned (0 or max_points)
    - status: see :class:`Status`
    - message: what a learner reads: what was checked, what went wrong, what to look at; for a check that
      passed, PASSED_MESSAGE, or what is still worth knowing (a call that came near its time limit)
    - visibility: "visible" (shown in self-checks) or "hidden" (grading time only)
    - diagnostics: JSON-serialisable details (errors per array, loss curves, the mistake named)
    """

    name: str
    task: str
    max_points: float
    points: float
    status: Status
    message: str
    visibility: str = "visible"
    diagnostics: dict[str, Any] = field(default_factory=dict)

    @property
    def remark(self) -> str:
        """The message worth showing: a failure's, or a passed check's when it is not just PASSED_MESSAGE."""
        message = self.message.strip()
        return "" if self.status is Status.PASSED and message == PASSED_MESSAGE else message

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(**{**data, "status": Status(data["status"])})


@dataclass
class Report:
    """Every check's result for one submission."""

    submission: str
    results: list[CheckResult]
    execution_time: float = 0.0
    error: str | None = None   # set when the submission could not be graded at all (reason for the learner)
    # Integrity flags, for the instructor only (never on a learner's page): what the learner's code tried.
    # Each is {"kind": str, "check": str, "detail": str}; kinds: "blocked-import", "hidden-path",
    # "forced-exit", "processes-left", "output-flood", "refused-write", "driver-tampering", "socket",
    # "recorder-tampering".
    integrity: list[dict[str, str]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.results), 6)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_points for r in self.results), 6)

    def task_scores(self) -> dict[str, tuple[float, float]]:
        """Task id -> (points earned, points possible), in the order the checks ran."""
        scores: dict[str, tuple[float, float]] = {}
        for r in self.results:
            earned, possible = scores.get(r.task, (0.0, 0.0))
            scores[r.task] = (earned + r.points, possible + r.max_points)
        return {task: (round(earned, 6), round(possible, 6)) for task, (earned, possible) in scores.items()}

    @property
    def all_passed(self) -> bool:
        return self.error is None and all(r.status is Status.PASSED for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": self.execution_time,
            "error": self.error,
            "integrity": self.integrity,
            "results": [r.to_dict() for r in self.results],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            submission=data["submission"],
            results=[CheckResult.from_dict(r) for r in data["results"]],
            execution_time=data.get("execution_time", 0.0),
            error=data.get("error"),
            integrity=data.get("integrity", []),
        )


class ReportFormatError(ValueError):
    """A report.json this kit cannot read (another version, or not a report at all); says which."""


def load_report(data: Any) -> Report:
    """The Report in a report.json dictionary; ReportFormatError if it is not one this kit's version can read."""
    if not isinstance(data, dict):
        raise ReportFormatError("it does not hold a JSON object")
    version = data.get("version", REPORT_VERSION)
    if version != REPORT_VERSION:
        raise ReportFormatError(f"its schema version is {version!r}, this kit reads version {REPORT_VERSION}; "
                                "grade again with this kit")
    try:
        report = Report.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ReportFormatError(f"it is not a report ({type(err).__name__}: {err})") from None
    numbers = [report.execution_time, *(value for r in report.results for value in (r.points, r.max_points))]
    if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in numbers):
        raise ReportFormatError("it is not a report (a score that is not a number)")
    return report


def read_report_file(path: Path) -> tuple[Report, dict[str, Any]]:
    """(the Report, the whole dictionary) of the report.json at ``path``; ReportFormatError if unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ReportFormatError(f"it cannot be read ({type(err).__name__}: {err})") from None
    return load_report(data), data
