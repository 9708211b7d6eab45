"""Example submissions (demo data for `make grade`), generated from the solutions or the stubs.

``examples/learners.toml`` describes each learner: the base they start from
(``solutions``, with the marker lines removed, or ``exercises``, the stubs),
textual patches that put a typical mistake in, and what the grader should say.
Generating them keeps the examples in step with the solutions: a patch whose
text no longer occurs stops generation with a message naming the learner.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kit.markers import BEGIN, END, MarkerError

LEARNERS = "examples/learners.toml"


def load_learners(root: Path) -> list[dict]:
    """The learners of ``examples/learners.toml``, validated."""
    path = root / LEARNERS
    try:
        learners = tomllib.loads(path.read_text(encoding="utf-8")).get("learner", [])
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise MarkerError(LEARNERS, 1, f"cannot read the example learners ({err})") from None
    for learner in learners:
        if learner.get("base") not in ("solutions", "exercises") or not learner.get("id"):
            raise MarkerError(LEARNERS, 1, f"learner {learner.get('id')!r}: needs an id and base = "
                                           "'solutions' or 'exercises'")
    return learners


def example_outputs(root: Path, generated: dict[Path, str], modules: set[str]) -> dict[Path, str]:
    """Every example file's path mapped to its text.

    ``generated`` holds the exercises' texts; ``modules`` are the learner modules (the
    manifest's): a learner submits those, not the package's ``__init__`` or given files.
    """
    outputs: dict[Path, str] = {}
    for learner in load_learners(root):
        folder = root / "examples" / "submissions" / learner["id"]
        files = {}
        for source in sorted(p for p in (root / "solutions").glob("*.py") if p.stem in modules):
            if learner["base"] == "solutions":
                files[source.stem] = _strip_markers(source.read_text(encoding="utf-8"))
            else:
                files[source.stem] = generated[root / "exercises" / source.name]
        for patch in learner.get("patch", []):
            module, find, count = patch["module"], patch["find"], patch.get("count", 1)
            found = files.get(module, "").count(find)
            if found != count:
                raise MarkerError(LEARNERS, 1, f"learner {learner['id']!r}: the patch of {module}.py expects "
                                               f"{count} occurrence(s) of {find[:40]!r}, found {found}; update "
                                               "the patch to the current solution")
            files[module] = files[module].replace(find, patch["replace"])
        for module, text in files.items():
            outputs[folder / f"{module}.py"] = text
    return outputs


def _strip_markers(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if line.strip() not in (BEGIN, END))
