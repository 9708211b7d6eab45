"""The result model: what grading one submission produced, independent of any channel.

Serialisers (``autograder/report/``) turn a :class:`Report` into each channel's
format: a terminal summary, Gradescope's ``results.json``, a gradebook row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

# The version of the schema of Report.to_dict() (report.json, README "report.json"): raised when a field
# changes meaning or goes away, so that the pages rendered from it can refuse what they cannot read.
REPORT_VERSION = 1


class Status(StrEnum):
    """How one check ended."""

    PASSED = "passed"
    FAILED = "failed"                  # ran, and the answer is wrong
    NOT_ATTEMPTED = "not attempted"    # the stub still raises NotImplementedError (or the module is missing)
    ERROR = "error"                    # the learner's code raised, crashed or returned something unusable
    TIMEOUT = "timeout"                # the learner's code ran past its time limit


@dataclass
class CheckResult:
    """The verdict of one check.

    - name: unique within a grading run, e.g. "lstm_backward: gradients through time (fixed inputs)"
    - task: the task id from the manifest
    - max_points / points: the check's weight and what it earned (0 or max_points)
    - status: see :class:`Status`
    - message: what a learner reads: what was checked, what went wrong, what to look at
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
