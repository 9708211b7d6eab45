"""Similarity speed: `similarity` on the 13 example learners, then on a synthetic class of 200.

The 200 are built in a temporary folder from the examples (learner i copies example i mod 13) with
small random edits per module: local names renamed, blank lines and comments inserted, so that the
pair counts show how copies in light disguise are flagged. Run: ``python -m bench.similarity``.
Not a test (the 200 take too long for the suite).
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from autograder.channels.commands.similarity import STUBS, run_similarity
from autograder.formats.similarity_page import SIMILARITY_JSON

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
CLASS = 200


def _edit(text: str, rng: random.Random) -> str:
    """A small random edit of ``text``: one identifier renamed, a comment and a blank line inserted."""
    names = sorted(set(re.findall(r"\b([a-z_][a-z0-9_]{2,})\s*=", text)))
    if names:
        old = rng.choice(names)
        text = re.sub(rf"\b{re.escape(old)}\b", f"{old}_{rng.randrange(100)}", text)
    lines = text.splitlines()
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = ["", f"# note {rng.randrange(10**6)}"]
    return "\n".join(lines) + "\n"


def build_class(dest: Path, size: int, seed: int = 0) -> None:
    """``size`` learner folders in ``dest``, each an example learner's modules with small random edits."""
    rng = random.Random(seed)
    examples = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
    for i in range(size):
        folder = dest / f"s{i:03d}"
        shutil.copytree(examples[i % len(examples)], folder)
        for module in folder.glob("*.py"):
            module.write_text(_edit(module.read_text(encoding="utf-8"), rng), encoding="utf-8")


def timed(root: Path, out: Path) -> tuple[float, int]:
    """Seconds of one ``similarity ROOT --out OUT`` and the pairs it flagged (its listing not printed)."""
    start = time.perf_counter()
    run_similarity(root, out=out, stubs=STUBS, stdout=io.StringIO())
    seconds = time.perf_counter() - start
    return seconds, len(json.loads((out / SIMILARITY_JSON).read_text(encoding="utf-8")))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (small, small_pairs) = timed(EXAMPLES, Path(tmp) / "examples-out")
        print(f"similarity: {small:.2f} s on the {len(list(EXAMPLES.iterdir()))} examples, {small_pairs} pairs "
              f"(module, two learners) above the threshold", flush=True)
        build_class(Path(tmp) / "class", CLASS)
        (large, large_pairs) = timed(Path(tmp) / "class", Path(tmp) / "class-out")
        print(f"similarity: {large:.2f} s on a synthetic class of {CLASS}, {large_pairs} pairs above the threshold")


if __name__ == "__main__":
    main()
