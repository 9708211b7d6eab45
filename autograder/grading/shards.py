"""A class split over machines: ``grade-class --shard I/N`` grades a deterministic slice of ROOT.

A learner's shard depends on its folder name alone (a SHA-256 of the name, modulo N),
so adding learners to ROOT never moves anyone already graded to another shard, and
every machine computes the same split without talking to the others. A sharded run
writes ``OUT/shard.json`` (the slice, every learner of ROOT, the seed and the digests
of the grader's code and of the manifest), which ``python -m autograder merge`` checks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.runtime.atomic import atomic_write_json
from autograder.runtime.errors import SubmissionError

SHARD_FILE = "shard.json"
SHARD_FORMAT = 1


@dataclass(frozen=True)
class Shard:
    """Slice ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, learner: str) -> bool:
        """Whether ``learner`` (a folder name) belongs to this slice."""
        return shard_of(learner, self.count) == self.index


def shard_of(learner: str, count: int) -> int:
    """The 1-based shard of ``learner`` among ``count``: the name's SHA-256, modulo ``count``, plus 1."""
    digest = hashlib.sha256(learner.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(text: str) -> Shard:
    """``"2/3"`` -> Shard(2, 3); raises SubmissionError (a one-line message) for anything else."""
    index, slash, count = text.strip().partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        shard = None
    if not slash or shard is None or not 1 <= shard.index <= shard.count:
        raise SubmissionError(f"--shard {text!r} is not I/N with 1 <= I <= N, e.g. --shard 2/3 "
                              "(Slurm: --shard $SLURM_ARRAY_TASK_ID/N with #SBATCH --array=1-N)")
    return shard


def shard_record(shard: Shard, everyone: Iterable[str], mine: Iterable[str], metadata: dict[str, Any]) -> dict:
    """What ``OUT/shard.json`` holds: the slice, the learners of ROOT and of this slice, how they were graded."""
    return {"format": SHARD_FORMAT, "shard": [shard.index, shard.count], "class": sorted(everyone),
            "learners": sorted(mine), **metadata}


def write_shard_record(out: Path, record: dict) -> None:
    atomic_write_json(Path(out) / SHARD_FILE, record)


def read_shard_record(out: Path) -> dict | None:
    """``OUT/shard.json`` if present; raises SubmissionError if it is there but unreadable."""
    path = Path(out) / SHARD_FILE
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        ok = (isinstance(record, dict) and record.get("format") == SHARD_FORMAT
              and isinstance(record.get("class"), list) and isinstance(record.get("shard"), list))
    except (OSError, ValueError):
        ok = False
    if not ok:
        raise SubmissionError(f"'{path}' is not a shard record this kit wrote; grade that shard again")
    return record
