"""Build the learner release: a self-contained repository with the stubs, the checker and the visible checks.

    python -m kit.release [--out dist/learner]

The release holds ``exercises/`` (the generated stubs), ``selfcheck/`` (a copy of the whole
``autograder/runtime/`` folder, plus ``pack.npz``: every visible check's inputs, expected
outputs and known mistakes' outputs, computed here, and ``VERSION``),
the learner's README, Makefile, pytest files and GitHub Classroom workflow, all rendered from
``kit/templates/release/``. Nothing of ``solutions/``, of the hidden checks or of the
instructor's tools is copied; tests/test_release.py searches the result to prove it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tomllib
from pathlib import Path

from autograder.expected.digest import code_digest, manifest_digest
from autograder.expected.selection import check_points
from autograder.formats.templating import environment
from autograder.grading.grader import Grader
from autograder.runtime import pack
from autograder.runtime.manifest import ROOT, load_tasks

OUT = ROOT / "dist" / "learner"
RUNTIME = ROOT / "autograder" / "runtime"   # shipped whole as selfcheck/
NAME = "selfcheck"
GENERATED = ("pack.npz", "VERSION")         # what selfcheck/ holds beyond the copy of RUNTIME
TEMPLATES = {  # template -> path in the release
    "README.md.j2": "README.md", "Makefile.j2": "Makefile", "requirements.txt.j2": "requirements.txt",
    "pyproject.toml.j2": "pyproject.toml", "conftest.py.j2": "conftest.py",
    "test_visible.py.j2": "tests/test_visible.py", "classroom.yml.j2": ".github/workflows/classroom.yml",
}
_ENV = environment(Path(__file__).with_name("templates") / "release", format_code=lambda name: f"`{name}`",
                   runner=lambda task_id: f"task{task_id}")


def kit_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def requirements() -> list[str]:
    """numpy and pytest, pinned exactly as the kit pins them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [pin for pin in pins if pin.split("==")[0] in ("numpy", "pytest")]


def build_pack(path: Path) -> dict:
    """Compute every visible check's expected values with the reference and write them to ``path``."""
    grader = Grader(visibility="visible")
    grader.prepare()
    points = check_points()
    checks = [{"name": c.name, "task": c.task, "weight": c.weight, "judge": c.judge, "spec": dict(c.spec),
               "points": points[c.name]} for c in grader.checks]
    values = {c.name: {part: grader.source.expected(c, grader.seed_of(c), part) for part in c.build}
              for c in grader.checks}
    tasks = load_tasks()
    meta = {"format": pack.FORMAT, "kit_version": kit_version(), "manifest_sha256": manifest_digest(),
            "checks_sha256": code_digest(), "judging_sha256": pack.judging_digest(RUNTIME),
            "total_points": sum(t.points for t in tasks), "checks": checks,
            "tasks": [{"id": t.id, "title": t.title, "module": t.module, "points": t.points} for t in tasks]}
    pack.write(path, meta, values)
    return meta


def build(out: Path = OUT) -> Path:
    """Write the release to ``out`` (replacing a previous release there, and nothing else)."""
    out = Path(out)
    if out.exists():
        if not (out / NAME / "pack.npz").exists():
            raise SystemExit(f"error: {out} exists and is not a learner release; choose an empty --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(RUNTIME, out / NAME, ignore=shutil.ignore_patterns("__pycache__"))
    (out / NAME / "VERSION").write_text(kit_version() + "\n")
    shutil.copytree(ROOT / "exercises", out / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    meta = build_pack(out / NAME / "pack.npz")
    tasks = [dict(t.__dict__) for t in load_tasks()]
    context = {"tasks": tasks, "version": meta["kit_version"], "manifest_sha256": meta["manifest_sha256"],
               "requirements": requirements(), "total_points": meta["total_points"],
               "visible_points": round(sum(c["points"] for c in meta["checks"]), 2)}
    for template, target in TEMPLATES.items():
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_ENV.get_template(template).render(**context))
    (out / ".gitignore").write_text(".venv/\n__pycache__/\n.pytest_cache/\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.release", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write it (default: {OUT.relative_to(ROOT)})")
    options = parser.parse_args(argv)
    out = build(options.out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {out} ({size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
