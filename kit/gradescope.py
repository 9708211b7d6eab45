"""``make gradescope``: build ``dist/autograder.zip``, the bundle Gradescope's autograder takes.

    python -m kit.gradescope [--seed N] [--out dist/autograder.zip] [--assignment A]
                             [--memory SIZE] [--call-seconds S] [--submission-seconds S]

With ``--assignment A`` (``make gradescope ASSIGNMENT=A``: one bundle per assignment of a weekly course,
``dist/autograder-A.zip``), the bundle grades A's tasks alone, out of A's points, and holds A's seed (derived
from the course's secret, as every channel derives it), never the secret: one bundle reveals nothing of another.

The archive holds, at its root (as Gradescope's specification requires), ``setup.sh`` and
``run_autograder`` (rendered from ``kit/templates/gradescope/``), ``gradescope.json`` (the
course's seed, the isolation mode and the sandbox's limits) and the kit: what ``pip install -e`` needs and what
grading reads (``autograder/``, ``solutions/``, ``exercises/``, ``kit/``, ``tasks.toml``, ``course/assignments.toml``,
``pyproject.toml``, ``constraints.txt``, ``README.md``), never tests, examples or caches.
The seed is ``--seed``, else ``$AUTOGRADER_SEED``; without either the bundle is refused (the default is public).
The bundle is for the instructor's upload only: it holds the answers, so it is written 0600.

The limits (memory of one submission's sandbox, time per call, time per submission) default to
what fits Gradescope's default container (768 MB of memory, half a CPU, a 10-minute timeout):
the grader itself and the learner's sandbox together stay under 768 MB, so a runaway submission
gets our "used more than ... of memory" rather than the container killed by Gradescope.

The zip is reproducible: entries sorted, fixed timestamps, fixed modes (scripts 0755).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from autograder.channels.options import SEED_ENV, assignment_tasks, course_seed, grading_limits, parse_memory
from autograder.formats.templating import environment
from autograder.grading.assignments import find_assignment
from autograder.runtime.errors import SubmissionError
from autograder.runtime.manifest import ROOT, load_tasks

TEMPLATES = Path(__file__).resolve().parent / "templates" / "gradescope"
SCRIPTS = ("setup.sh", "run_autograder")
KIT_FILES = ("pyproject.toml", "constraints.txt", "tasks.toml", "README.md", "course/assignments.toml")
KIT_FOLDERS = ("autograder", "solutions", "exercises", "kit")
SKIPPED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache"})
DEFAULT_OUT = ROOT / "dist" / "autograder.zip"
CONFIG_FILE = "gradescope.json"
TIMESTAMP = (2024, 1, 1, 0, 0, 0)
PYTHON = "3.11"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"   # as the Makefile's TORCH_INDEX: torch's CPU wheels
#: Gradescope's default container: 768 MB, half a CPU. The sandbox's memory is its address space
#: (RLIMIT_AS: Python and numpy take part of it); the grader beside it holds ~50 MB resident. A runaway
#: submission measured under 512M: ~290 MiB resident for every process of run_autograder together.
MEMORY = "512M"
CALL_SECONDS = 4.0          # twice the kit's 2 s: half a CPU
SUBMISSION_SECONDS = 300.0  # the whole submission, well inside Gradescope's default 10-minute timeout
# What run_autograder writes when the grader could not start at all (never the learner's fault).
FALLBACK = {"score": 0.0, "output": "Grading failed: the autograder could not start, which is not a fault of your "
                                    "code. Your instructor will regrade this submission.",
            "stdout_visibility": "hidden", "tests": []}

_ENV = environment(TEMPLATES)


def torch_pin(root: Path = ROOT) -> str:
    """The exact torch version the kit pins (``torch==X`` in constraints.txt)."""
    for line in (Path(root) / "constraints.txt").read_text().splitlines():
        if line.startswith("torch=="):
            return line.split("==", 1)[1].strip()
    raise ValueError("constraints.txt does not pin torch; pin it (torch==X.Y.Z)")


def render_scripts(root: Path = ROOT, assignment: str | None = None) -> dict[str, str]:
    """``setup.sh`` and ``run_autograder`` as they go into the bundle (of ``assignment``, if given)."""
    tasks = find_assignment(assignment, root).tasks if assignment else load_tasks()
    max_score = float(sum(task.points for task in tasks))
    values = {"python": PYTHON, "torch": torch_pin(root), "torch_index": TORCH_INDEX,
              "fallback": json.dumps({**FALLBACK, "max_score": max_score})}
    return {name: _ENV.get_template(f"{name}.j2").render(**values) for name in SCRIPTS}


def kit_files(root: Path = ROOT) -> Iterator[Path]:
    """The kit's files that go into the bundle, relative to ``root``, sorted."""
    root = Path(root)
    paths = [Path(name) for name in KIT_FILES]
    for folder in KIT_FOLDERS:
        paths += [p.relative_to(root) for p in (root / folder).rglob("*")
                  if p.is_file() and not p.is_symlink() and not SKIPPED_PARTS & set(p.parts)
                  and p.suffix not in (".pyc", ".tmp")]
    return iter(sorted(paths, key=lambda p: p.as_posix()))


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, TIMESTAMP)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def bundle_limits(memory: str | int = MEMORY, call_seconds: float = CALL_SECONDS,
                  submission_seconds: float = SUBMISSION_SECONDS) -> dict[str, float | int]:
    """The limits as ``gradescope.json`` holds them (checked: SubmissionError on a bad value)."""
    limits = grading_limits(memory, call_seconds, submission_seconds)
    assert limits is not None
    return {"memory_bytes": parse_memory(memory), "call_seconds": limits.call_seconds,
            "submission_seconds": limits.total_seconds}


def build(out: Path = DEFAULT_OUT, seed: int | None = None, root: Path = ROOT, isolation: str = "auto",
          limits: dict[str, float | int] | None = None, assignment: str | None = None) -> Path:
    """Write the bundle to ``out`` (its folder is created), readable by its owner only; return ``out``.
    With ``assignment``, the bundle of that assignment alone (its seed derived from the course's)."""
    out, root = Path(out), Path(root)
    if assignment is not None:
        assignment_tasks(assignment)   # an unknown one: SubmissionError naming the known ones
    config: dict[str, object] = {   # --seed, else $AUTOGRADER_SEED, else refused
        "seed": course_seed(seed, assignment=assignment), "isolation": isolation, "limits": limits or bundle_limits()}
    if assignment is not None:
        config["assignment"] = assignment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in render_scripts(root, assignment).items():
            archive.writestr(_entry(name, 0o755), text)
        archive.writestr(_entry(CONFIG_FILE, 0o600), json.dumps(config, indent=2) + "\n")
        for path in kit_files(root):
            archive.writestr(_entry(path.as_posix(), 0o644), (root / path).read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.unlink(missing_ok=True)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)   # the answers: owner only
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(buffer.getvalue())
    os.replace(temp, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.gradescope", description="Build Gradescope's autograder.zip.")
    parser.add_argument("--seed", type=int, help=f"the course's secret seed (default: ${SEED_ENV}; required)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the zip")
    parser.add_argument("--isolation", choices=("auto", "namespace", "process"), default="auto",
                        help="the sandbox mode on Gradescope (auto: namespace when it works there)")
    parser.add_argument("--memory", default=MEMORY, metavar="SIZE",
                        help=f"memory of one submission's sandbox, e.g. 512M or 1G (default: {MEMORY})")
    parser.add_argument("--call-seconds", type=float, default=CALL_SECONDS, metavar="S",
                        help=f"CPU time of one call into the learner's code (default: {CALL_SECONDS:g})")
    parser.add_argument("--submission-seconds", type=float, default=SUBMISSION_SECONDS, metavar="S",
                        help=f"CPU time of one submission's calls (default: {SUBMISSION_SECONDS:g})")
    parser.add_argument("--assignment", metavar="A", help="the bundle of assignment A alone (course/assignments."
                        "toml): its tasks, out of its points, with its own seed")
    options = parser.parse_args(argv)
    try:
        limits = bundle_limits(options.memory, options.call_seconds, options.submission_seconds)
        out = build(options.out, options.seed, isolation=options.isolation, limits=limits,
                    assignment=options.assignment or None)
    except (SubmissionError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {out} (upload it as the assignment's autograder; it holds the answers: keep it private)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
