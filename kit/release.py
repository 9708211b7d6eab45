"""Build the learner release: a self-contained repository with the stubs, the checker and the visible checks.

    python -m kit.release [--out dist/learner] [--assignment A]

The release holds ``exercises/`` (the generated stubs), ``selfcheck/`` (a copy of the whole
``autograder/runtime/`` folder, plus ``pack.npz``: every visible check's inputs, expected
outputs and known mistakes' outputs, computed here, and ``VERSION``),
the learner's README, Makefile, pytest files and GitHub Classroom workflow, all rendered from
``kit/templates/release/``, and ``.release-files``, the list of what it wrote. Building into an
existing release (a template repository with its ``.git``) updates it in place: only the files a
release wrote are replaced or removed, so ``git status`` there shows exactly what changed.
Nothing of ``solutions/``, of the hidden checks or of the
instructor's tools is copied; tests/kit/test_release.py searches the result to prove it.

With ``--assignment A`` (``make release ASSIGNMENT=A``; course/assignments.toml) the release is A's alone: the
stubs of A's modules, the visible checks of A's tasks, out of A's points; and the stubs of the earlier modules
A's code builds on (its carried tasks: week 3's lstm.py imports activations.py), which the README tells the
learner to replace with their own files of those weeks. Every release's pack lists the assignments it holds, for
``python -m selfcheck check --assignment A``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from autograder.expected import cache as expected_cache
from autograder.expected.digest import code_digest, manifest_digest
from autograder.expected.selection import check_points
from autograder.formats.templating import environment
from autograder.grading.assignments import Assignment, find_assignment, load_assignments
from autograder.grading.grader import Grader
from autograder.runtime import learner, pack
from autograder.runtime.digest import file_digest
from autograder.runtime.manifest import ROOT, ManifestError, load_tasks

OUT = ROOT / "dist" / "learner"
RUNTIME = ROOT / "autograder" / "runtime"   # shipped whole as selfcheck/
NAME = "selfcheck"
GENERATED = ("pack.npz", "VERSION")         # what selfcheck/ holds beyond the copy of RUNTIME
#: The list of the files a release wrote (with their SHA-256), at the release's root: an update
#: replaces or removes only those.
MANIFEST_FILE = ".release-files"
#: The CPython versions the release's checker supports (its README and requirements say so).
PYTHON_VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
#: A Classroom runner's result when its step cannot even start the checker (rendered into the workflow).
CHECKER_DID_NOT_START = "the checker could not start: see this step's log (did the Install step fail?)"
TEMPLATES = {  # template -> path in the release
    "README.md.j2": "README.md", "Makefile.j2": "Makefile", "requirements.txt.j2": "requirements.txt",
    "pyproject.toml.j2": "pyproject.toml", "conftest.py.j2": "conftest.py",
    "test_visible.py.j2": "tests/test_visible.py", "classroom.yml.j2": ".github/workflows/classroom.yml",
}
_ENV = environment(Path(__file__).with_name("templates") / "release", format_code=lambda name: f"`{name}`",
                   runner=lambda task_id: f"task{task_id}")


def kit_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


#: The newest numpy and pytest for the Pythons the kit's own pins do not support (numpy 2.4 and pytest 9
#: need 3.10 or 3.11): (marker, pin). The kit's pins hold from 3.11 on (numpy) and 3.10 on (pytest).
OLDER_PYTHONS = {
    "numpy": [('python_version < "3.10"', "numpy==2.0.2"), ('python_version == "3.10"', "numpy==2.2.6")],
    "pytest": [('python_version < "3.10"', "pytest==8.4.2")],
}


def requirements() -> list[str]:
    """numpy and pytest, pinned exactly as the kit pins them, and per Python version (markers) below its range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["dev"]
    lines = []
    for pin in pins:
        name = pin.split("==")[0]
        if name not in OLDER_PYTHONS:
            continue
        older = OLDER_PYTHONS[name]
        lines += [f"{old}; {marker}" for marker, old in older]
        newest = older[-1][0].replace("<", ">=").replace("==", ">") if older else ""
        lines.append(f"{pin}; {newest}" if newest else pin)
    return lines


def build_pack(path: Path, assignment: Assignment | None = None) -> dict:
    """Compute every visible check's expected values (of ``assignment``'s tasks, or every task) with the reference
    and write them to ``path``. With $AUTOGRADER_CACHE set, they are read from that expected-values cache, and
    what it lacks is computed and kept there (the visible checks' seeds are fixed: any course seed's file has
    them)."""
    grader = Grader(visibility="visible", tasks=tuple(t.id for t in assignment.tasks) if assignment else None,
                    cache=expected_cache.environ_folder())
    try:
        grader.save_cache()
    except OSError:      # the cache folder cannot be written: compute without it
        grader.prepare()
    points = check_points()
    checks = [{"name": c.name, "task": c.task, "weight": c.weight, "judge": c.judge, "spec": dict(c.spec),
               "points": points[c.name]} for c in grader.checks]
    values = {c.name: {part: grader.source.expected(c, grader.seed_of(c), part) for part in c.build}
              for c in grader.checks}
    tasks = list(assignment.tasks) if assignment else load_tasks()
    modules = [t.module for t in (*assignment.carried, *assignment.tasks)] if assignment else [t.module for t in tasks]
    meta = {"format": pack.FORMAT, "kit_version": kit_version(), "manifest_sha256": manifest_digest(),
            "checks_sha256": code_digest(), "judging_sha256": pack.judging_digest(RUNTIME),
            "total_points": sum(t.points for t in tasks), "checks": checks,
            "tasks": [{"id": t.id, "title": t.title, "module": t.module, "points": t.points} for t in tasks],
            "assignments": [a.describe() for a in ([assignment] if assignment else load_assignments())],
            "modules": modules}
    pack.write(path, meta, values)
    return meta


def write_release(out: Path, assignment: Assignment | None = None) -> None:
    """Write every file of the release (of ``assignment`` alone, if given) into the empty folder ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(RUNTIME, out / NAME, ignore=shutil.ignore_patterns("__pycache__"))
    (out / NAME / "VERSION").write_text(kit_version() + "\n")
    if assignment is None:
        shutil.copytree(ROOT / "exercises", out / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    else:   # its modules' stubs, the carried ones' (to replace with the learner's own), the package's __init__
        (out / "exercises").mkdir()
        for name in ["__init__", *(t.module for t in (*assignment.carried, *assignment.tasks))]:
            shutil.copyfile(ROOT / "exercises" / f"{name}.py", out / "exercises" / f"{name}.py")
    meta = build_pack(out / NAME / "pack.npz", assignment)
    chosen = list(assignment.tasks) if assignment else load_tasks()
    tasks = [dict(t.__dict__) for t in chosen]
    classroom_points = {t.id: learner.round_half_up(Fraction(str(t.points))) for t in chosen}
    context = {"tasks": tasks, "assignment": assignment.describe() if assignment else None,
               "carried": [dict(t.__dict__) for t in assignment.carried] if assignment else [],
               "version": meta["kit_version"], "manifest_sha256": meta["manifest_sha256"],
               "requirements": requirements(), "total_points": meta["total_points"],
               "visible_points": round(sum(c["points"] for c in meta["checks"]), 2),
               "python_versions": PYTHON_VERSIONS, "classroom_points": classroom_points,
               "fallback": {task: learner.encode(learner.classroom_error(task, points, CHECKER_DID_NOT_START))
                            for task, points in classroom_points.items()}}
    for template, target in TEMPLATES.items():
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_ENV.get_template(template).render(**context))
    (out / ".gitignore").write_text(".venv/\n__pycache__/\n.pytest_cache/\n")


@dataclass
class Update:
    """What :func:`build` did to the folder: paths relative to it, sorted."""

    written: list[str] = field(default_factory=list)     # new or changed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)     # written by the previous release, not by this one
    kept: list[str] = field(default_factory=list)        # the same, but edited since: left in place


def build(out: Path = OUT, *, replace_edited: bool = False, assignment: Assignment | None = None) -> Path:
    """Write the release to ``out``, or update the release there in place; returns ``out``.

    Only the release's own files are written, and only files a previous release wrote (listed,
    with their SHA-256, in ``out/.release-files``) are replaced or removed: ``.git``, the
    instructor's own files and anything else stay. A file unchanged in content is not rewritten (the
    pack too: its bytes are the same for the same checks),
    so ``git status`` in ``out`` shows exactly what changed. SystemExit (one line) before anything
    is written when a file the release would write is the instructor's (not listed), or was edited
    since the last release (unless ``replace_edited``).
    """
    release(out, replace_edited=replace_edited, assignment=assignment)
    return Path(out)


def release(out: Path = OUT, *, replace_edited: bool = False, assignment: Assignment | None = None) -> Update:
    """:func:`build`, returning what changed in ``out``."""
    with tempfile.TemporaryDirectory(prefix="release-") as temporary:
        stage = Path(temporary) / "release"
        write_release(stage, assignment)
        return update(stage, Path(out), replace_edited=replace_edited)


def update(stage: Path, out: Path, *, replace_edited: bool = False) -> Update:
    """Make ``out`` hold the release staged in ``stage`` (see :func:`build`); what changed."""
    if out.exists() and not out.is_dir():
        raise SystemExit(f"error: {out} is a file; give a folder for the release")
    new = {p.relative_to(stage).as_posix(): p for p in sorted(stage.rglob("*"))
           if p.is_file() and p.relative_to(stage).as_posix() != MANIFEST_FILE}
    previous = _previous_files(out)
    problems = []
    for name in new:
        path = out / name
        if path.is_symlink():   # writing would follow it: out of the release, maybe onto the instructor's file
            problems.append(f"{path} is a symbolic link")
            continue
        if not path.exists():
            continue
        if name not in previous:
            problems.append(f"{path} is not a file of a previous release")
        elif not replace_edited and file_digest(path) != previous[name] and not _same(new[name], path):
            problems.append(f"{path} was edited since the last release")
    if problems:
        raise SystemExit(f"error: {problems[0]}{f' (and {len(problems) - 1} more)' if len(problems) > 1 else ''}; "
                         "move it out of the way (or pass --replace-edited to overwrite edited release files: "
                         "git keeps your version) and run again")
    done = Update()
    for name, source in new.items():
        target = out / name
        if target.exists() and _same(source, target):
            done.unchanged.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        done.written.append(name)
    for name in sorted(set(previous) - set(new)):
        path = out / name
        if not path.is_file() or path.is_symlink():
            continue
        if file_digest(path) != previous[name]:
            done.kept.append(name)
            continue
        path.unlink()
        done.removed.append(name)
        for folder in path.parents:       # the folders it leaves empty, up to out
            if folder == out or any(folder.iterdir()):
                break
            folder.rmdir()
    files = {name: file_digest(out / name) for name in new}
    (out / MANIFEST_FILE).write_text(json.dumps({"kit_version": kit_version(), "files": files}, indent=1) + "\n")
    return done


def _previous_files(out: Path) -> dict[str, str]:
    """The files the release in ``out`` wrote, each with its SHA-256 then; {} for a new folder.

    A release made before the list existed (``selfcheck/pack.npz`` but no ``.release-files``)
    owns its ``selfcheck/``, ``exercises/`` and the files rendered from the templates, as they
    are now. SystemExit if the list is unreadable.
    """
    listing = out / MANIFEST_FILE
    if listing.is_file():
        try:
            files = json.loads(listing.read_text())["files"]
            assert isinstance(files, dict) and all(isinstance(v, str) for v in files.values())
            return {name: digest for name, digest in files.items() if _inside(name)}
        except (ValueError, KeyError, TypeError, AssertionError):
            raise SystemExit(f"error: {listing} is damaged; restore it (git checkout) and run again") from None
    if not (out / NAME / "pack.npz").is_file():
        return {}
    owned = [*(out / NAME).rglob("*"), *(out / "exercises").rglob("*"), *(out / t for t in TEMPLATES.values()),
             out / ".gitignore"]
    return {p.relative_to(out).as_posix(): file_digest(p) for p in owned
            if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts}


def _inside(name: str) -> bool:
    """A relative path without ``..`` (a damaged or forged list must not name files outside the release)."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and parts[0] != ".git"


def _same(new: Path, old: Path) -> bool:
    return new.read_bytes() == old.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.release", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write it, or the release to update in "
                        f"place (default: {OUT.relative_to(ROOT)})")
    parser.add_argument("--replace-edited", action="store_true",
                        help="overwrite release files edited since the last release (git keeps your version)")
    parser.add_argument("--assignment", metavar="A", help="the release of assignment A alone (course/assignments."
                        "toml): its stubs and visible checks, and the earlier modules it builds on")
    options = parser.parse_args(argv)
    out = options.out
    try:
        chosen = None if options.assignment in (None, "") else find_assignment(options.assignment)
    except ManifestError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    done = release(out, replace_edited=options.replace_edited, assignment=chosen)
    print(f"wrote {out}: {len(done.written)} files written, {len(done.unchanged)} unchanged, "
          f"{len(done.removed)} removed (from the previous release); nothing else touched")
    for name in done.kept:
        print(f"note: kept {out / name}: an earlier release wrote it, this one does not, and it was edited since")
    return 0


if __name__ == "__main__":
    sys.exit(main())
