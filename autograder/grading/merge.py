"""``python -m autograder merge OUT... --out DIR``: the outputs of several ``grade-class`` runs (shards) as one.

DIR gets every learner's files from the OUT that graded it (copied byte for byte), one
gradebook (the same bytes one run over the whole class would write) and ``merge.json``
(where each learner came from). Refused, before anything is written: a learner graded in
two OUTs, OUTs graded with different seeds, visibilities, manifests or grader code, a
manifest that is not this kit's, a DIR that holds anything but an earlier merge.
Reported: learners of the class (from the shards' ``shard.json``) that no OUT graded,
shards of a split that are absent, learners the autograder failed on.
"""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.expected.digest import manifest_digest
from autograder.formats import gradebook
from autograder.formats.dashboard import ERROR_FILE, REPORT_FILE
from autograder.formats.roster import Roster, plural
from autograder.grading.files import (
    GRADEBOOK_FILE,
    RESULTS_FILE,
    collect_reports,
    is_ignored,
    name_problem,
    path_status,
    read_report,
)
from autograder.grading.shards import SHARD_FILE, read_shard_record
from autograder.runtime.atomic import atomic_write_json, atomic_write_text, check_writable_folder
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import Task
from autograder.runtime.model import Report
from autograder.runtime.text import resolve_tasks

MERGE_FILE = "merge.json"
# The metadata every merged learner must share: a different value means a different grading.
SAME_KEYS = ("assignment", "seed_sha256", "visibility", "manifest_sha256", "code_sha256")   # the first named
LEARNER_FILES = (RESULTS_FILE, ERROR_FILE, REPORT_FILE)   # report.json last: it marks a learner done


@dataclass
class MergeSummary:
    sources: dict[str, str] = field(default_factory=dict)      # learner -> the OUT it came from
    failed: list[str] = field(default_factory=list)            # the autograder failed on them (no report.json)
    missing: list[str] = field(default_factory=list)           # in a shard's class, graded by no OUT
    missing_shards: list[str] = field(default_factory=list)    # "2/3" ...
    no_submission: list[str] = field(default_factory=list)     # on the roster, not in the class
    not_on_roster: list[str] = field(default_factory=list)
    reports: dict[str, Report] = field(default_factory=dict)
    assignment: dict[str, Any] | None = None                   # what the outputs record of their assignment
    tasks: list[Task] | None = None                             # the tasks graded (the assignment's; None: all)
    given: int = 0                                              # the OUT folders given

    def line(self) -> str:
        outputs = len(set(self.sources.values()))
        empty = f" ({self.given - outputs} of the {self.given} given held none)" if self.given > outputs else ""
        return (f"merged {plural(len(self.sources), 'learner')} from {plural(outputs, 'output')}{empty}; "
                f"{len(self.missing)} missing, {len(self.failed)} failed to grade")


def _learners_of(out: Path, record: dict | None) -> list[str]:
    """The learner folders of ``out`` to merge: a shard's own (shard.json), else every folder with results."""
    if record is not None:
        names = [str(name) for name in record.get("learners", [])]
    else:
        names = [p.name for p in sorted(out.iterdir())
                 if p.is_dir() and not p.is_symlink() and not is_ignored(p)]
    return [name for name in names if (out / name / RESULTS_FILE).is_file()]


def _check_dest(dest: Path, outs: Sequence[Path]) -> None:
    status = path_status(dest, "--out")
    real = dest.resolve()
    for out in outs:
        real_out = out.resolve()
        if real == real_out or real_out in real.parents or real in real_out.parents:
            raise SubmissionError(f"--out '{dest}' overlaps the output '{out}' it merges; choose another folder")
    if status is not None:
        if not stat.S_ISDIR(status.st_mode):
            raise SubmissionError(f"--out '{dest}' is a file; give a folder for the merged results")
        if any(not is_ignored(p) for p in dest.iterdir()) and not (dest / MERGE_FILE).is_file():
            raise SubmissionError(f"--out '{dest}' holds files that are not an earlier merge; "
                                  "give a new or empty folder")
    elif path_status(dest.parent, "the folder of --out") is None:
        raise SubmissionError(f"the folder '{dest.parent}' of --out '{dest}' does not exist; correct the path")
    try:
        check_writable_folder(dest, create=True)
    except OSError as err:
        raise SubmissionError(f"cannot write to --out '{dest}' ({err.strerror or err}); "
                              "choose a folder you can write to") from None


def _refuse_mixed(values: dict[str, dict[str, Any]]) -> None:
    """SubmissionError if the OUTs' gradings differ in any of SAME_KEYS (``values``: OUT -> metadata)."""
    for key in SAME_KEYS:
        seen: dict[Any, str] = {}
        for out, metadata in values.items():
            seen.setdefault(_assignment_id(metadata.get(key)) if key == "assignment" else metadata.get(key), out)
        if len(seen) > 1:
            what = {"seed_sha256": "seeds", "code_sha256": "grader code", "manifest_sha256": "task manifests",
                    "visibility": "visibilities", "assignment": "assignments"}[key]
            examples = ", ".join(f"'{out}' ({key} {str(value)[:12]})" for value, out in list(seen.items())[:2])
            raise SubmissionError(f"the outputs were graded with different {what}: {examples}; "
                                  "regrade every shard with the same kit and seed")


def _assignment_id(recorded: Any) -> str | None:
    """The id of a recorded assignment (report.json's and shard.json's ``assignment``), None for the whole kit."""
    return recorded.get("id") if isinstance(recorded, dict) else None


def merge_outputs(
    outs: Sequence[Path], dest: Path, *, roster: Roster | None = None, tasks: Sequence[Task] | None = None,
    exports: Sequence[str] = (), assignment: str | None = None,
) -> MergeSummary:
    """Merge ``outs`` into ``dest`` (see the module's docstring); raises SubmissionError for refused input.

    The outputs must share their assignment (grade-class --assignment); ``assignment`` (an id) is then checked
    against it, and the gradebook's columns are its tasks."""
    outs, dest = [Path(out) for out in outs], Path(dest)
    if not outs:
        raise SubmissionError("give at least one grade-class output folder to merge")
    for out in outs:
        status = path_status(out, "OUT")
        if status is None or not stat.S_ISDIR(status.st_mode):
            raise SubmissionError(f"OUT '{out}' is not a folder; give the --out folders of grade-class runs")
    _check_dest(dest, outs)

    summary = MergeSummary(given=len(outs))
    records = {str(out): read_shard_record(out) for out in outs}
    gradings: dict[str, dict[str, Any]] = {}
    sources: dict[str, list[str]] = {}
    for out in outs:
        record = records[str(out)]
        for learner in _learners_of(out, record):
            sources.setdefault(learner, []).append(str(out))
            loaded = read_report(out / learner / REPORT_FILE)
            if loaded is not None:
                gradings[f"{out}/{learner}"] = loaded[1]
        if record is not None:
            gradings[str(out / SHARD_FILE)] = record
    overlaps = {learner: where for learner, where in sources.items() if len(where) > 1}
    if overlaps:
        learner, where = next(iter(sorted(overlaps.items())))
        raise SubmissionError(f"{len(overlaps)} learners were graded in more than one output, e.g. {learner!r} "
                              f"in {' and '.join(where[:2])}; merge each shard once")
    _refuse_mixed(gradings)
    recorded = next((m.get("assignment") for m in gradings.values() if isinstance(m.get("assignment"), dict)), None)
    if assignment is not None and _assignment_id(recorded) != assignment:
        graded = f"assignment '{_assignment_id(recorded)}'" if recorded else "the whole kit (no --assignment)"
        raise SubmissionError(f"the outputs were graded for {graded}, not '{assignment}'; merge them without "
                              f"--assignment, or grade the shards with --assignment {assignment}")
    if tasks is None and recorded is not None:
        ids = [str(t) for t in recorded.get("tasks", [])]
        tasks = [task for task in resolve_tasks(None) if task.id in ids]
    tasks = resolve_tasks(tasks)
    summary.assignment, summary.tasks = recorded, list(tasks)
    ours = manifest_digest()
    if any(metadata.get("manifest_sha256") not in (None, ours) for metadata in gradings.values()):
        raise SubmissionError("the outputs were graded with another task manifest than this kit's; "
                              "merge with the kit that graded them")

    shards = [record["shard"] for record in records.values() if record is not None]
    counts = {count for _, count in shards}
    if len(counts) > 1:
        raise SubmissionError(f"the shards come from different splits ({', '.join(f'/{n}' for n in sorted(counts))});"
                              " merge the shards of one split")
    if counts:
        count = counts.pop()
        summary.missing_shards = [f"{i}/{count}" for i in range(1, count + 1) if [i, count] not in shards]
    everyone = {name for record in records.values() if record is not None for name in record["class"]}
    summary.missing = sorted(everyone - set(sources))
    if roster is not None:
        summary.no_submission, summary.not_on_roster = roster.compare(everyone | set(sources))

    for learner in _earlier_merge(dest) - set(sources):   # a learner an earlier merge wrote, gone since
        shutil.rmtree(dest / learner, ignore_errors=True)
    for learner, (origin, *_) in sorted(sources.items()):
        _copy_learner(Path(origin) / learner, dest / learner)
        summary.sources[learner] = origin
    summary.reports = collect_reports(dest, set(sources))
    summary.failed = sorted(set(sources) - set(summary.reports))
    gradebook.write_gradebook(dest / GRADEBOOK_FILE, summary.reports, tasks, roster, summary.no_submission)
    gradebook.write_exports(dest, exports, summary.reports, tasks, roster, summary.no_submission)
    atomic_write_json(dest / MERGE_FILE, {"format": 1, "sources": summary.sources, "missing": summary.missing,
                                          "missing_shards": summary.missing_shards, "failed": summary.failed})
    return summary


def _earlier_merge(dest: Path) -> set[str]:
    """The learners an earlier merge into ``dest`` wrote (from its merge.json), none if there is none."""
    try:
        sources = json.loads((dest / MERGE_FILE).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in sources if isinstance(name, str) and not name_problem(name) and not is_ignored(Path(name))}


def _copy_learner(source: Path, dest: Path) -> None:
    """The learner's files, byte for byte, report.json last; a file the source lacks is removed from ``dest``."""
    dest.mkdir(exist_ok=True)
    for name in LEARNER_FILES:
        try:
            data = (source / name).read_bytes()
        except FileNotFoundError:
            (dest / name).unlink(missing_ok=True)
            continue
        atomic_write_text(dest / name, data.decode("utf-8"))   # the kit wrote it: UTF-8


def describe(summary: MergeSummary) -> list[str]:
    """The notes a person reads after a merge, one line each."""
    notes = []
    if summary.missing_shards:
        notes.append(f"warning: shards {', '.join(summary.missing_shards)} are not among the outputs merged")
    if summary.missing:
        count = len(summary.missing)
        notes.append(f"warning: {plural(count, 'learner')} of the class {'was' if count == 1 else 'were'} graded by "
                     "no output: "
                     f"{', '.join(summary.missing)}")
    if summary.failed:
        notes.append(f"error: the autograder failed on {plural(len(summary.failed), 'learner')}: "
                     f"{', '.join(summary.failed)} "
                     f"(see <learner>/{ERROR_FILE}); regrade them")
    if summary.no_submission:
        count = len(summary.no_submission)
        notes.append(f"note: {plural(count, 'student')} on the roster {'has' if count == 1 else 'have'} no submission: "
                     f"{', '.join(summary.no_submission)}")
    if summary.not_on_roster:
        count = len(summary.not_on_roster)
        notes.append(f"note: {plural(count, 'folder')} {'is' if count == 1 else 'are'} not on the roster: "
                     f"{', '.join(summary.not_on_roster)}")
    return notes

