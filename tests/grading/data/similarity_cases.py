# ruff: noqa: E501 (test data: code of made-up learners, kept one statement per string)
"""Cases made for measuring similarity: ten independent learners of activations.py and one copier."""

from __future__ import annotations

import re
import runpy
import textwrap
from pathlib import Path

STUB = Path(__file__).resolve().parents[3] / "exercises" / "activations.py"
SOLUTIONS: list[dict[str, str]] = runpy.run_path(str(Path(__file__).with_name("similarity_solutions.py")))["SOLUTIONS"]


def learner_file(bodies: dict[str, str], stub: str | None = None) -> str:
    """The stub with each ``raise NotImplementedError("task 2: NAME")`` replaced by the learner's body."""
    text = STUB.read_text(encoding="utf-8") if stub is None else stub
    for name, body in bodies.items():
        if name.startswith("__"):
            continue
        line = f'    raise NotImplementedError("task 2: {name}")'
        assert line in text, name
        text = text.replace(line, textwrap.indent(body, "    "))
    if "__helpers__" in bodies:
        text += "\n\n" + bodies["__helpers__"]
    return text


RENAMES = {"e": "tmp", "valid": "rows_ok", "targets": "gold", "M": "count", "m": "peak", "logp": "log_probs",
           "g": "grad_rows", "dscores": "d_out", "z": "centred", "ez": "expd", "s": "sg", "t": "th"}


def disguised_copy(text: str) -> str:
    """A copy of ``text`` with renamed variables, the functions in reverse order and changed comments."""
    for old, new in RENAMES.items():
        text = re.sub(rf"\b{old}\b(?!\()", new, text) if len(old) > 1 else re.sub(rf"(?<![\w.'\"]){old}\b(?![(\w'\"])", new, text)
    text = re.sub(r"# Hint:.*", "# my own note: done it this way", text)
    head, *functions = re.split(r"\n\n\n(?=def )", text)
    return "\n\n\n".join([head, *reversed(functions)]) + "\n"


def write_class(root: Path) -> None:
    """ten independents (indep01..indep10), and 'copier', a disguised copy of indep01."""
    for number, bodies in enumerate(SOLUTIONS, 1):
        folder = root / f"indep{number:02d}"
        folder.mkdir(parents=True)
        (folder / "activations.py").write_text(learner_file(bodies), encoding="utf-8")
    copier = root / "copier" / "exercises"   # a release-layout repository
    copier.mkdir(parents=True)
    (copier / "activations.py").write_text(disguised_copy(learner_file(SOLUTIONS[0])), encoding="utf-8")
