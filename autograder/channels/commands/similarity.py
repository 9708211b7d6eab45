"""``similarity ROOT --out DIR``: pairs of learners whose code is more similar than chance (instructor only)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from autograder.channels.options import EXIT_OK
from autograder.formats.similarity_page import SIMILARITY_FILE, SIMILARITY_JSON, render_similarity
from autograder.grading.similarity import THRESHOLD, learner_modules, similar_pairs
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import load_tasks

STUBS = Path(__file__).resolve().parents[3] / "exercises"


def run_similarity(root: Path, *, out: Path, stubs: Path = STUBS, threshold: float = THRESHOLD,
                   stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    root, out = Path(root), Path(out)
    if not root.is_dir():
        raise SubmissionError(f"ROOT '{root}' is not a folder; give the folder of learner folders")
    modules = sorted({task.module for task in load_tasks()})
    files = {m: stubs / f"{m}.py" for m in modules if (stubs / f"{m}.py").is_file()}
    if not files:
        raise SubmissionError(f"--stubs '{stubs}' holds none of the starter modules")
    pairs = similar_pairs(root, files, threshold=threshold)
    count = len(learner_modules(root, list(files)))
    out.mkdir(parents=True, exist_ok=True)
    (out / SIMILARITY_FILE).write_text(render_similarity(pairs, learners=count, threshold=threshold),
                                       encoding="utf-8")
    (out / SIMILARITY_JSON).write_text(json.dumps(
        [{"module": p.module, "learners": list(p.learners), "similarity": list(p.similarity)} for p in pairs],
        indent=1) + "\n", encoding="utf-8")
    print(f"{count} learners compared; {len(pairs)} pairs above {threshold:.0%}: {out / SIMILARITY_FILE}",
          file=stdout)
    for p in pairs:
        print(f"  {p.module}: {p.learners[0]} & {p.learners[1]} "
              f"({p.similarity[0]:.0%} / {p.similarity[1]:.0%})", file=stdout)
    return EXIT_OK
